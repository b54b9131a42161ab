//! Every CSV variant French public files come in gives the same points.

use zonage::input::csv_points;
use zonage::manifest::PointLayerSpec;

fn spec(toml_text: &str) -> PointLayerSpec {
    toml::from_str(toml_text).expect("valid layer spec")
}

fn read(file_bytes: &[u8], toml_text: &str) -> zonage::points::PointLayer {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("points.csv");
    std::fs::write(&path, file_bytes).unwrap();
    csv_points::read(&path, &spec(toml_text), &["type".to_string()])
        .unwrap_or_else(|e| panic!("{e}"))
}

const EXPECTED: [[f64; 2]; 2] = [[1.4437, 43.6045], [3.8767, 43.6108]];

fn assert_positions(layer: &zonage::points::PointLayer) {
    assert_eq!(layer.coords.len(), 2);
    for (got, want) in layer.coords.iter().zip(EXPECTED) {
        assert!(
            (got[0] - want[0]).abs() < 1e-7 && (got[1] - want[1]).abs() < 1e-7,
            "{got:?} vs {want:?}"
        );
    }
    assert_eq!(layer.columns["type"].values, vec!["mairie", "médiathèque"]);
}

#[test]
fn comma_separated_lon_lat_utf8() {
    let csv =
        "nom,type,lon,lat\nCapitole,mairie,1.4437,43.6045\nÉmile Zola,médiathèque,3.8767,43.6108\n";
    let layer = read(
        csv.as_bytes(),
        "id = 'p'\nfile = 'p.csv'\nlon = 'lon'\nlat = 'lat'\nname = 'nom'",
    );
    assert_positions(&layer);
    assert_eq!(layer.names, vec!["Capitole", "Émile Zola"]);
}

#[test]
fn semicolons_decimal_comma_and_windows_1252() {
    let text = "nom;type;latitude;longitude\nCapitole;mairie;43,6045;1,4437\n\"Émile Zola; Montpellier\";médiathèque;43,6108;3,8767\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let layer = read(&bytes, "id = 'p'\nfile = 'p.csv'\nlon = 'longitude'\nlat = 'latitude'\nname = 'nom'\ndelimiter = ';'\ndecimal = ','\nencoding = 'windows-1252'");
    assert_positions(&layer);
    assert_eq!(layer.names[1], "Émile Zola; Montpellier");
}

#[test]
fn utf8_bom_before_the_coordinate_column() {
    let csv = "\u{feff}lon,lat,type\n1.4437,43.6045,mairie\n3.8767,43.6108,médiathèque\n";
    assert_positions(&read(
        csv.as_bytes(),
        "id = 'p'\nfile = 'p.csv'\nlon = 'lon'\nlat = 'lat'",
    ));
}

#[test]
fn lambert93_x_y_and_rows_without_coordinates() {
    let csv =
        "x,y,type\n574317.0087,6279621.5444,mairie\n,,mairie\n769899.60,6279361.68,médiathèque\n";
    let layer = read(
        csv.as_bytes(),
        "id = 'p'\nfile = 'p.csv'\nx = 'x'\ny = 'y'\ncrs = 'EPSG:2154'\nprivate = true",
    );
    assert_eq!(layer.read.without_coordinates, 1);
    assert_eq!(layer.read.without_coordinates_examples, vec![3]);
    assert!(
        (layer.coords[0][0] - 1.4437).abs() < 1e-7 && (layer.coords[0][1] - 43.6045).abs() < 1e-7
    );
    assert!(layer.names.is_empty(), "private layers keep no names");
}

#[test]
fn utf8_file_read_as_utf8_when_it_is_latin1_says_how_to_fix() {
    let (bytes, _, _) =
        encoding_rs::WINDOWS_1252.encode("lon,lat,type\n1.4437,43.6045,médiathèque\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("points.csv");
    std::fs::write(&path, &bytes).unwrap();
    let err = csv_points::read(
        &path,
        &spec("id = 'p'\nfile = 'p.csv'\nlon = 'lon'\nlat = 'lat'"),
        &[],
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("line 2") && err.to_string().contains("windows-1252"),
        "{err}"
    );
}

proptest::proptest! {
    /// The number parser never panics, whatever the cell holds.
    #[test]
    fn number_parser_never_panics(cell in ".*", comma in proptest::bool::ANY) {
        let _ = zonage::input::parse_number(&cell, if comma { ',' } else { '.' });
    }
}

/// Files over a few MB are parsed in pieces over all cores: line numbers in
/// reports and errors must stay those of the whole file.
#[test]
fn large_files_keep_exact_line_numbers() {
    let mut csv = String::from("x,y,type\n");
    for k in 0..120_000u32 {
        match k {
            50_000 => csv.push_str(",,mairie\n"),
            _ => csv.push_str(&format!(
                "{},{},mairie\n",
                500_000 + k % 1000,
                6_300_000 + k / 1000
            )),
        }
    }
    let spec_text = "id = 'p'\nfile = 'p.csv'\nx = 'x'\ny = 'y'\ncrs = 'EPSG:2154'";
    let layer = read(csv.as_bytes(), spec_text);
    assert_eq!(layer.read.rows, 120_000);
    assert_eq!(layer.read.without_coordinates_examples, vec![50_002]);
    assert_eq!(layer.coords.len(), 119_999);
    assert_eq!(layer.columns["type"].codes.len(), 119_999);
    let broken = csv.replacen("500123,6300090", "500123,six", 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("points.csv");
    std::fs::write(&path, broken).unwrap();
    let err = csv_points::read(&path, &spec(spec_text), &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: line 90125: field `y`: `six` is not a number",
            path.display()
        )
    );
}

/// Rows are named by their line in the file (here rows without
/// coordinates), with Windows or Unix line ends, in a small file and in one
/// parsed in several pieces.
#[test]
fn rows_are_named_by_their_line_with_any_line_end() {
    for end in ["\n", "\r\n"] {
        for rows in [4, 300_000] {
            let mut csv = format!("type,lon,lat{end}");
            for i in 0..rows {
                let position = if i % 100_003 == 2 {
                    ",".to_string()
                } else {
                    "1.4437,43.6045".to_string()
                };
                csv.push_str(&format!("mairie,{position}{end}"));
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("points.csv");
            std::fs::write(&path, &csv).unwrap();
            let spec = toml::from_str("id = 'p'\nfile = 'p.csv'\nlon = 'lon'\nlat = 'lat'");
            let layer = zonage::input::csv_points::read(&path, &spec.unwrap(), &[]).unwrap();
            let expected: Vec<u64> = (0..rows)
                .filter(|i| i % 100_003 == 2)
                .map(|i| i + 2)
                .collect();
            assert_eq!(
                layer.read.without_coordinates_examples, expected,
                "{end:?}, {rows} rows"
            );
        }
    }
}

/// Regression: in a file with quotes (read by the `csv` crate), a row after
/// empty lines was named by the first empty line. Both readers must name it
/// by its own line.
#[test]
fn rows_after_empty_lines_keep_their_line_quoted_or_not() {
    for kind in ["mairie", "\"mairie\""] {
        for end in ["\n", "\r\n"] {
            let csv = format!(
                "type,lon,lat{end}{kind},1.44,43.60{end}{end}{end}{kind},,{end}{kind},1.44,six{end}"
            );
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("points.csv");
            std::fs::write(&path, &csv).unwrap();
            let spec = toml::from_str("id = 'p'\nfile = 'p.csv'\nlon = 'lon'\nlat = 'lat'");
            let err = zonage::input::csv_points::read(&path, &spec.unwrap(), &[]).unwrap_err();
            assert!(
                err.to_string().contains(": line 6: field `lat`: `six`"),
                "{kind} {end:?}: {err}"
            );
            let ok = csv.replace("six", "43.6");
            std::fs::write(&path, &ok).unwrap();
            let spec = toml::from_str("id = 'p'\nfile = 'p.csv'\nlon = 'lon'\nlat = 'lat'");
            let layer = zonage::input::csv_points::read(&path, &spec.unwrap(), &[]).unwrap();
            assert_eq!(
                layer.read.without_coordinates_examples,
                [5],
                "{kind} {end:?}"
            );
        }
    }
}
