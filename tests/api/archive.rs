//! `zonage tiles`: a PMTiles archive of the Occitanie communes (z0–14),
//! read back by the `pmtiles` crate's reader (Martin's), holds exactly the
//! live service's vector tiles, on a seeded sample of 500 tiles.

use super::helpers::{send, state};
use crate::util::{repo_geodata, shared_geodata};
use actix_web::test;
use pmtiles::{AsyncPmTilesReader, TileCoord};
use rand::{RngExt, SeedableRng};
use zonage::progress::Progress;
use zonage::tiles::archive::{self, Content};
use zonage::tiles::tilejson;

#[actix_web::test]
async fn the_occitanie_communes_archive_holds_the_live_tiles() {
    let Some(data) = shared_geodata() else { return };
    let s = state(repo_geodata().join("occitanie.toml"), data);
    let loaded = s.current();
    let t = &loaded.territory;
    let (z, _) = t.zone_layer("communes").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("communes.pmtiles");
    let metadata = tilejson::zone_layer(t, z, &loaded.version, None, 14);
    let file = std::fs::File::create(&path).unwrap();
    let written = archive::write(
        t,
        &Content::Zones(z),
        (0, 14),
        &metadata,
        file,
        &Progress::hidden(),
    )
    .unwrap();
    assert!(written.tiles > 30_000, "{written:?}");

    let reader = AsyncPmTilesReader::new_with_path(&path).await.unwrap();
    let read_metadata: serde_json::Value =
        serde_json::from_str(&reader.get_metadata().await.unwrap()).unwrap();
    assert_eq!(read_metadata["vector_layers"][0]["id"], "communes");
    let boxes = archive::boxes(t, &Content::Zones(z));
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(13);
    let (mut stored, mut empty) = (0, 0);
    for _ in 0..500 {
        let zoom = rng.random_range(0..=14u8);
        let tiles = archive::candidates(&boxes, zoom);
        let tile = tiles[rng.random_range(0..tiles.len())];
        let uri = format!("/tiles/communes/{}/{}/{}.mvt", tile.z, tile.x, tile.y);
        let (status, live) = send(&s, test::TestRequest::get().uri(&uri)).await;
        let coord = TileCoord::new(tile.z, tile.x, tile.y).unwrap();
        let archived = reader.get_tile_decompressed(coord).await.unwrap();
        match (status, archived) {
            (200, Some(bytes)) => {
                assert_eq!(bytes.as_ref(), live.as_ref(), "{uri}");
                stored += 1;
            }
            (204, None) => empty += 1,
            (status, archived) => panic!(
                "{uri}: live {status}, archive {:?} bytes",
                archived.map(|b| b.len())
            ),
        }
    }
    assert!(stored > 400, "{stored} stored, {empty} empty");
}

/// The PMTiles v3 header's tile type (byte 99: 1 MVT, 2 PNG) and zooms.
fn header(path: &std::path::Path) -> (u8, u8, u8) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..7], b"PMTiles");
    assert_eq!(bytes[7], 3, "version");
    (bytes[99], bytes[100], bytes[101])
}

#[core::prelude::v1::test] // `test` here is actix's module
fn the_command_writes_vector_png_and_place_archives_and_refuses_private_layers() {
    let (dir, manifest) = crate::util::small_territory(3);
    let manifest = manifest.to_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let run = |args: &[&str]| crate::util::zonage(&[&["tiles", manifest, "-q"], args].concat());
    let done = run(&[
        "--layer",
        "communes",
        "--max-zoom",
        "9",
        "-o",
        &out("c.pmtiles"),
    ]);
    assert!(done.status.success(), "{}", crate::util::stderr(&done));
    let said = String::from_utf8_lossy(&done.stdout);
    assert!(
        said.contains("c.pmtiles\u{a0}: ") && said.contains("tuiles (z0–9"),
        "{said}"
    );
    assert_eq!(header(&dir.path().join("c.pmtiles")), (1, 0, 9));
    let png = [
        "--layer",
        "qpv",
        "--indicator",
        "part_non_autonomes",
        "--min-zoom",
        "8",
    ];
    assert!(
        run(&[&png[..], &["--max-zoom", "10", "-o", &out("q.pmtiles")]].concat())
            .status
            .success()
    );
    assert_eq!(header(&dir.path().join("q.pmtiles")), (2, 8, 10));
    assert!(run(&[
        "--layer",
        "mediation",
        "--max-zoom",
        "6",
        "-o",
        &out("m.pmtiles")
    ])
    .status
    .success());
    let private = run(&["--layer", "demandeurs", "-o", &out("d.pmtiles")]);
    assert_eq!(private.status.code(), Some(1));
    assert!(crate::util::stderr(&private).contains("«\u{a0}demandeurs\u{a0}» est privée"));
    assert!(
        !dir.path().join("d.pmtiles").exists() && !dir.path().join("d.pmtiles.partial").exists()
    );
    let zooms = run(&[
        "--layer",
        "qpv",
        "--min-zoom",
        "9",
        "--max-zoom",
        "3",
        "-o",
        &out("z.pmtiles"),
    ]);
    assert!(
        crate::util::stderr(&zooms).contains("attendu 0\u{a0}≤ min"),
        "{}",
        crate::util::stderr(&zooms)
    );
}
