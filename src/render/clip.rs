//! Cutting a scene's shapes to its own size, so that a map drawn for a part
//! of a slide stays in its part. Rings are clipped with Sutherland–Hodgman
//! (exact for a convex window, which a rectangle is), lines segment by
//! segment; circles and texts are kept when their centre or anchor is
//! inside. Why not the canvases' own clipping: the scene is written to PNG,
//! SVG and PDF, and one geometric cut serves the three.

use super::scene::{Item, Scene, Shape};

/// A rectangle `[left, top, right, bottom]` in pixels.
type Window = [f32; 4];

/// `scene` with its items cut to `[0, 0, width, height]`; what lies wholly
/// outside is dropped. Cost: linear in the number of points.
pub fn clip_to_size(scene: Scene) -> Scene {
    let w: Window = [0.0, 0.0, scene.width as f32, scene.height as f32];
    let items = scene
        .items
        .into_iter()
        .flat_map(|item| clip_item(item, w))
        .collect();
    Scene { items, ..scene }
}

fn inside(p: [f32; 2], w: Window) -> bool {
    p[0] >= w[0] && p[0] <= w[2] && p[1] >= w[1] && p[1] <= w[3]
}

/// An item cut to `w`: none, one, or several (a line leaving and coming back).
fn clip_item(item: Item, w: Window) -> Vec<Item> {
    let (shape, fill, stroke) = match item {
        Item::Text(t) => {
            return if inside(t.at, w) {
                vec![Item::Text(t)]
            } else {
                vec![]
            }
        }
        Item::Shape {
            shape,
            fill,
            stroke,
        } => (shape, fill, stroke),
    };
    let shapes = match shape {
        Shape::Rings(rings) => rings_in(&rings, w).into_iter().collect(),
        Shape::Line(points) => line(&points, w).into_iter().map(Shape::Line).collect(),
        Shape::Circle(c, r) if inside(c, w) => vec![Shape::Circle(c, r)],
        Shape::Circle(..) => vec![],
        Shape::Rect([x, y, rw, rh]) => {
            let (l, t) = (x.max(w[0]), y.max(w[1]));
            let (r, b) = ((x + rw).min(w[2]), (y + rh).min(w[3]));
            if r > l && b > t {
                vec![Shape::Rect([l, t, r - l, b - t])]
            } else {
                vec![]
            }
        }
    };
    shapes
        .into_iter()
        .map(|shape| Item::Shape {
            shape,
            fill,
            stroke,
        })
        .collect()
}

/// The rings of a shape cut to `w`, none if they all lie outside.
fn rings_in(rings: &[Vec<[f32; 2]>], w: Window) -> Option<Shape> {
    let cut: Vec<_> = rings
        .iter()
        .map(|r| ring(r, w))
        .filter(|r| r.len() > 2)
        .collect();
    (!cut.is_empty()).then_some(Shape::Rings(cut))
}

/// A closed ring cut to `w` (Sutherland–Hodgman, one window edge at a time).
fn ring(points: &[[f32; 2]], w: Window) -> Vec<[f32; 2]> {
    // Each edge: which side is in, and where a segment crosses it.
    let edges: [(usize, f32, bool); 4] = [
        (0, w[0], true),
        (0, w[2], false),
        (1, w[1], true),
        (1, w[3], false),
    ];
    let mut out = points.to_vec();
    for (axis, at, keep_above) in edges {
        let is_in = |p: &[f32; 2]| {
            if keep_above {
                p[axis] >= at
            } else {
                p[axis] <= at
            }
        };
        let input = std::mem::take(&mut out);
        for (k, p) in input.iter().enumerate() {
            let prev = input[(k + input.len() - 1) % input.len()];
            match (is_in(&prev), is_in(p)) {
                (true, true) => out.push(*p),
                (true, false) => out.push(crossing(prev, *p, axis, at)),
                (false, true) => out.extend([crossing(prev, *p, axis, at), *p]),
                (false, false) => {}
            }
        }
    }
    out
}

/// Where segment `a`–`b` crosses the line `axis = at`.
fn crossing(a: [f32; 2], b: [f32; 2], axis: usize, at: f32) -> [f32; 2] {
    let t = (at - a[axis]) / (b[axis] - a[axis]);
    [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
}

/// An open line cut to `w`: the runs of it inside (Liang–Barsky per segment).
fn line(points: &[[f32; 2]], w: Window) -> Vec<Vec<[f32; 2]>> {
    let mut runs: Vec<Vec<[f32; 2]>> = Vec::new();
    let mut current: Vec<[f32; 2]> = Vec::new();
    for pair in points.windows(2) {
        match segment(pair[0], pair[1], w) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    if current.len() > 1 {
                        runs.push(std::mem::take(&mut current));
                    }
                    current = vec![a];
                }
                current.push(b);
            }
            None if current.len() > 1 => runs.push(std::mem::take(&mut current)),
            None => current.clear(),
        }
    }
    if current.len() > 1 {
        runs.push(current);
    }
    runs
}

/// The part of segment `a`–`b` inside `w`, if any (Liang–Barsky).
fn segment(a: [f32; 2], b: [f32; 2], w: Window) -> Option<([f32; 2], [f32; 2])> {
    let d = [b[0] - a[0], b[1] - a[1]];
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-d[0], a[0] - w[0]),
        (d[0], w[2] - a[0]),
        (-d[1], a[1] - w[1]),
        (d[1], w[3] - a[1]),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
            continue;
        }
        let r = q / p;
        if p < 0.0 {
            t0 = t0.max(r);
        } else {
            t1 = t1.min(r);
        }
    }
    let at = |t: f32| [a[0] + t * d[0], a[1] + t * d[1]];
    (t0 <= t1).then(|| (at(t0), at(t1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: Window = [0.0, 0.0, 10.0, 10.0];

    #[test]
    fn a_square_across_the_edge_keeps_its_inside_half() {
        let cut = ring(&[[5.0, 2.0], [15.0, 2.0], [15.0, 8.0], [5.0, 8.0]], W);
        let xs: Vec<f32> = cut.iter().map(|p| p[0]).collect();
        assert!(xs.iter().all(|x| (5.0..=10.0).contains(x)), "{cut:?}");
        assert!(xs.contains(&10.0) && xs.contains(&5.0));
        assert!(ring(&[[20.0, 2.0], [30.0, 2.0], [30.0, 8.0]], W).is_empty());
    }

    #[test]
    fn a_line_leaving_and_coming_back_is_two_runs() {
        let runs = line(
            &[
                [1.0, 5.0],
                [5.0, 5.0],
                [15.0, 5.0],
                [15.0, 6.0],
                [5.0, 6.0],
                [2.0, 6.0],
            ],
            W,
        );
        assert_eq!(
            runs,
            vec![
                vec![[1.0, 5.0], [5.0, 5.0], [10.0, 5.0]],
                vec![[10.0, 6.0], [5.0, 6.0], [2.0, 6.0]]
            ]
        );
        assert!(line(&[[20.0, 5.0], [30.0, 5.0]], W).is_empty());
    }
}
