//! The R-tree join and the nearest-distance index against brute force, on
//! generated territories (several seeds), with points drawn at random, on
//! every vertex, and on edges.

use geo::{polygon, Coord, MultiPolygon};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use std::collections::BTreeSet;
use zonage::geometry::locate;
use zonage::join::{join, ZoneIndex};
use zonage::nearest::NearestIndex;
use zonage::synth::{generate_communes, SynthParams};
use zonage::zones::{RawZones, ZoneLayer};

fn commune_layer(seed: u64) -> ZoneLayer {
    let communes = generate_communes(&SynthParams {
        communes: 150,
        seekers: 0,
        seed,
    });
    let mut raw = RawZones::default();
    for c in &communes {
        raw.codes.push(c.code.clone());
        raw.names.push(c.name.clone());
        raw.shapes.push(MultiPolygon::new(vec![c.shape.clone()]));
        if let Some((code, name, shape)) = &c.qpv {
            // QPVs in the same layer: overlapping zones, some self-intersecting.
            raw.codes.push(code.clone());
            raw.names.push(name.clone());
            raw.shapes.push(MultiPolygon::new(vec![shape.clone()]));
        }
    }
    ZoneLayer::new("mixed", "communes and QPVs", raw)
}

/// Random points over the layer's extent (and beyond), every vertex, and edge midpoints.
fn test_points(layer: &ZoneLayer, seed: u64) -> Vec<[f64; 2]> {
    let [w, s, e, n] = layer.extent().unwrap();
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut points: Vec<[f64; 2]> = (0..20_000)
        .map(|_| {
            [
                w - 2000.0 + rng.random::<f64>() * (e - w + 4000.0),
                s - 2000.0 + rng.random::<f64>() * (n - s + 4000.0),
            ]
        })
        .collect();
    for shape in layer.shapes.iter().take(40) {
        for ring in shape.0.iter().map(|p| p.exterior()) {
            for edge in ring.0.windows(2) {
                points.push([edge[0].x, edge[0].y]);
                points.push([(edge[0].x + edge[1].x) / 2.0, (edge[0].y + edge[1].y) / 2.0]);
            }
        }
    }
    points
}

fn brute_force(layer: &ZoneLayer, p: [f64; 2]) -> BTreeSet<usize> {
    let c = Coord { x: p[0], y: p[1] };
    (0..layer.len())
        .filter(|&z| locate(&layer.shapes[z], c).counts())
        .collect()
}

#[test]
fn join_matches_brute_force_on_several_seeds() {
    for seed in [1, 2, 3, 42, 2026] {
        let layer = commune_layer(seed);
        let points = test_points(&layer, seed);
        let membership = join(&layer, &ZoneIndex::new(&layer), &points);
        let mut from_index = vec![BTreeSet::new(); points.len()];
        for z in 0..layer.len() {
            for &p in membership.of(z) {
                from_index[p as usize].insert(z);
            }
        }
        let mut outside = 0;
        for (i, &p) in points.iter().enumerate() {
            let expected = brute_force(&layer, p);
            outside += expected.is_empty() as usize;
            assert_eq!(from_index[i], expected, "seed {seed}, point {i} {p:?}");
        }
        assert_eq!(membership.outside, outside, "seed {seed}");
    }
}

#[test]
fn vertices_shared_by_communes_belong_to_each() {
    let layer = commune_layer(5);
    // The first commune's first vertex is shared with its neighbours on the grid.
    let corner = layer.shapes[1].0[0].exterior().0[0];
    let zones = brute_force(&layer, [corner.x, corner.y]);
    assert!(zones.len() >= 2, "{zones:?}");
}

#[test]
fn generated_communes_tile_without_gaps_or_overlaps() {
    let communes = generate_communes(&SynthParams {
        communes: 100,
        seekers: 0,
        seed: 9,
    });
    let mut raw = RawZones::default();
    for c in &communes {
        raw.codes.push(c.code.clone());
        raw.names.push(c.name.clone());
        raw.shapes.push(MultiPolygon::new(vec![c.shape.clone()]));
    }
    let layer = ZoneLayer::new("communes", "", raw);
    let index = ZoneIndex::new(&layer);
    let mut rng = Pcg64Mcg::seed_from_u64(9);
    // Interior of the grid (rows 2..8 of a 10×10 grid of 4 km cells).
    let [w, s, _, _] = layer.extent().unwrap();
    for _ in 0..5_000 {
        let p = [
            w + 10_000.0 + rng.random::<f64>() * 24_000.0,
            s + 10_000.0 + rng.random::<f64>() * 24_000.0,
        ];
        assert_eq!(index.zones_at(&layer, p).count(), 1, "{p:?}");
    }
}

#[test]
fn nearest_distance_matches_brute_force() {
    for seed in [1, 7, 99] {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let mut random_position = || {
            [
                -5.0 + rng.random::<f64>() * 14.0,
                41.0 + rng.random::<f64>() * 10.0,
            ]
        };
        let services: Vec<[f64; 2]> = (0..500).map(|_| random_position()).collect();
        let queries: Vec<[f64; 2]> = (0..2_000)
            .map(|_| random_position())
            .chain(services.iter().copied().take(20))
            .collect();
        let index = NearestIndex::new(services.iter());
        for q in queries {
            let expected = services
                .iter()
                .map(|&s| zonage::geodesy::haversine_m(q, s))
                .fold(f64::INFINITY, f64::min);
            let got = index.distance_m(q).unwrap();
            assert!(
                (got - expected).abs() < 1e-3,
                "seed {seed}, {q:?}: {got} vs {expected}"
            );
        }
    }
}

#[test]
fn batch_distances_match_brute_force_for_clustered_points() {
    for seed in [3, 8] {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let services: Vec<[f64; 2]> = (0..300)
            .map(|_| {
                [
                    1.0 + rng.random::<f64>() * 3.0,
                    43.0 + rng.random::<f64>() * 2.0,
                ]
            })
            .collect();
        // Many points per cell (0.05° in `nearest`), some on cell corners
        // (of 0.02° and 0.05° cells) and on places.
        let mut queries: Vec<[f64; 2]> = (0..5_000)
            .map(|_| {
                [
                    2.0 + rng.random::<f64>() * 0.1,
                    44.0 + rng.random::<f64>() * 0.1,
                ]
            })
            .collect();
        queries.extend([
            [2.02, 44.04],
            [2.0, 44.0],
            [2.05, 44.05],
            services[0],
            services[1],
        ]);
        assert_batch_is_brute_force(&services, &queries, &format!("seed {seed}"));
    }
}

/// The batch distances of `queries` to `services` equal brute force's.
fn assert_batch_is_brute_force(services: &[[f64; 2]], queries: &[[f64; 2]], context: &str) {
    let batch = NearestIndex::new(services.iter()).distances_m(queries);
    for (q, got) in queries.iter().zip(batch) {
        let expected = services
            .iter()
            .map(|&s| zonage::geodesy::haversine_m(*q, s))
            .fold(f64::INFINITY, f64::min);
        assert!(
            (got as f64 - expected).abs() < 0.01 + expected * 1e-6,
            "{context}, {q:?}: {got} vs {expected}"
        );
    }
}

/// Private layers are in Z-order when the distances are asked: the batch
/// then cuts them into runs of consecutive points instead of sorting them
/// by cell (a second path), isolated points making runs of one.
#[test]
fn batch_distances_in_spatial_order_match_brute_force() {
    let mut rng = Pcg64Mcg::seed_from_u64(11);
    let mut random_in = |w: f64, s: f64, size: f64| {
        [
            w + rng.random::<f64>() * size,
            s + rng.random::<f64>() * size,
        ]
    };
    let services: Vec<[f64; 2]> = (0..200).map(|_| random_in(1.0, 43.0, 2.0)).collect();
    let mut layer = zonage::points::PointLayer {
        coords: (0..20_000).map(|_| random_in(1.5, 43.5, 1.0)).collect(),
        ..Default::default()
    };
    layer.sort_spatially();
    for (k, lone) in [services[0], [5.0, 47.0], services[1], [1.5, 43.5]]
        .into_iter()
        .enumerate()
    {
        layer.coords.insert(k * 5_000, lone);
    }
    assert_batch_is_brute_force(&services, &layer.coords, "Z-order");
}

#[test]
fn nearest_on_an_empty_index_is_none() {
    assert_eq!(
        NearestIndex::new(std::iter::empty()).distance_m([2.0, 45.0]),
        None
    );
}

/// Unit squares on an integer grid: points exactly on shared edges and
/// corners (representable exactly) belong to every square that shares them.
#[test]
fn points_exactly_on_edges_and_corners_belong_to_each_side() {
    let mut raw = RawZones::default();
    for j in 0..4 {
        for i in 0..4 {
            let (x, y) = (i as f64, j as f64);
            let square = polygon![(x: x, y: y), (x: x + 1.0, y: y), (x: x + 1.0, y: y + 1.0), (x: x, y: y + 1.0)];
            raw.codes.push(format!("{i}{j}"));
            raw.names.push(String::new());
            raw.shapes.push(MultiPolygon::new(vec![square]));
        }
    }
    let layer = ZoneLayer::new("squares", "", raw);
    let points = [
        [1.5, 1.0],
        [1.0, 1.5],
        [2.0, 2.0],
        [0.0, 0.5],
        [4.0, 4.0],
        [0.5, 0.5],
        [4.5, 0.5],
    ];
    let expected: [&[&str]; 7] = [
        &["10", "11"],
        &["01", "11"],
        &["11", "21", "12", "22"],
        &["00"],
        &["33"],
        &["00"],
        &[],
    ];
    let membership = join(&layer, &ZoneIndex::new(&layer), &points);
    for (k, want) in expected.iter().enumerate() {
        let mut got: Vec<&str> = (0..layer.len())
            .filter(|&z| membership.of(z).contains(&(k as u32)))
            .map(|z| layer.codes[z].as_str())
            .collect();
        let mut want = want.to_vec();
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "point {:?}", points[k]);
        assert_eq!(brute_force(&layer, points[k]).len(), want.len());
    }
    assert_eq!(membership.outside, 1);
    assert_eq!(membership.in_several, 3);
}

/// The boundary cut into boxed pieces gives exactly the distance measured on
/// every edge, inside and outside zones, near and far, and nothing beyond
/// the radius asked for.
#[test]
fn prepared_boundary_distances_equal_every_edges() {
    use zonage::geometry::distance::{to_boundary_m, Boundary};
    for seed in [4, 17] {
        let layer = commune_layer(seed);
        let [w, s, e, n] = layer.extent().unwrap();
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        for (z, shape) in layer.shapes.iter().enumerate().step_by(7) {
            let boundary = Boundary::new(shape);
            for _ in 0..200 {
                let p = [
                    w + rng.random::<f64>() * (e - w),
                    s + rng.random::<f64>() * (n - s),
                ];
                let expected = to_boundary_m(shape, p);
                assert_eq!(
                    boundary.distance_m(shape, p, f64::INFINITY),
                    expected,
                    "zone {z}, {p:?}"
                );
                let within = rng.random::<f64>() * 2.0 * expected;
                let got = boundary.distance_m(shape, p, within);
                let want = if expected <= within {
                    expected
                } else {
                    f64::INFINITY
                };
                assert_eq!(got, want, "zone {z}, {p:?} within {within}");
            }
        }
    }
}
