//! One test per bug found, named after it.

use std::path::Path;
use zonage::manifest::Manifest;

/// The reference manifest names an indicator after the layer it counts
/// (`demandeurs`): ids were once checked in one namespace and it was refused.
#[test]
fn indicator_may_share_its_layers_id() {
    let manifest =
        Manifest::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata/occitanie.toml"));
    assert!(manifest.is_ok(), "{}", manifest.unwrap_err());
}

/// A JSON batch row's longitude came back one unit in the last place off
/// (-59.233853544741756 read as -59.23385354474176): serde_json's fast float
/// parser is not correctly rounded without its `float_roundtrip` feature.
/// Found by `fuzz::valid_positions_always_parse`.
#[test]
fn json_batch_coordinates_keep_every_digit() {
    let rows = zonage::server::batch_rows::parse_rows(
        r#"[{"lon": -59.233853544741756, "lat": 0.0}]"#,
        true,
    )
    .unwrap();
    assert_eq!(rows[0].position, Ok([-59.233853544741756, 0.0]));
}

/// `zonage check national.toml | head` panicked ("failed printing to
/// stdout: Broken pipe"): a reader that stops reading is not an error.
#[test]
fn a_closed_standard_output_is_not_a_panic() {
    let (_dir, manifest) = crate::util::small_territory(3);
    for command in ["check", "report"] {
        let mut args = vec![command, manifest.to_str().unwrap()];
        if command == "report" {
            args.extend(["--layer", "communes"]);
        }
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zonage"))
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // closed before the territory is loaded
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{command}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{command}: {stderr}");
    }
}

/// A manifest error lost its line number when the indicator's id was written
/// in single quotes (`id = 'x'`): the line was found by searching `"x"`.
/// Found in the hardening audit (issue 9).
#[test]
fn manifest_errors_keep_their_line_with_single_quoted_ids() {
    let (_dir, manifest) = crate::util::small_territory(2);
    let text = std::fs::read_to_string(&manifest).unwrap();
    let line = text
        .lines()
        .position(|l| l.trim() == r#"id = "part_non_autonomes""#)
        .unwrap()
        + 1;
    let text = text
        .replace(r#"id = "part_non_autonomes""#, "id = 'part_non_autonomes'")
        .replace(r#"numerator = "non_autonomes""#, r#"numerator = "nope""#);
    let error = Manifest::parse(&text, Path::new("m.toml"))
        .unwrap_err()
        .to_string();
    assert!(error.contains(&format!("line {line}:")), "{error}");
}

/// JSON answers compressed as they were written left in several segments,
/// and with Nagle's algorithm on the last one waited for the client's
/// delayed ACK: 20–35 ms per answer on a kept-alive connection (what
/// browsers use), 47 requests/s for `/api/layers` on one connection against
/// 2,900 with `TCP_NODELAY`. A fresh connection did not show it (its first
/// ACKs are immediate): a kept-alive request must not be much slower than a
/// fresh one.
#[test]
fn kept_alive_connections_do_not_wait_for_delayed_acks() {
    let (_dir, manifest) = crate::util::small_territory(4);
    let (mut child, port, _lines) = crate::api::helpers::spawn_server(&manifest, &[]);
    let request = b"GET /api/layers HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n";
    let mut kept = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut alive = Vec::new();
    let mut fresh = Vec::new();
    for _ in 0..15 {
        alive.push(timed_exchange(&mut kept, request));
        let mut new = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        fresh.push(timed_exchange(&mut new, request));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (alive, fresh) = (median(&mut alive), median(&mut fresh));
    assert!(
        alive < 3.0 * fresh + 0.005,
        "kept alive {alive:.4} s, fresh {fresh:.4} s"
    );
}

/// Sends one request and reads its answer (chunked or with a length):
/// the seconds it took.
fn timed_exchange(stream: &mut std::net::TcpStream, request: &[u8]) -> f64 {
    use std::io::{BufRead, BufReader, Read, Write};
    let started = std::time::Instant::now();
    stream.write_all(request).unwrap();
    let mut reader = BufReader::new(stream);
    let (mut length, mut chunked, mut line) = (0usize, false, String::new());
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap();
        }
        chunked |= lower.starts_with("transfer-encoding:") && lower.contains("chunked");
        if line == "\r\n" {
            break;
        }
    }
    if !chunked {
        reader.read_exact(&mut vec![0; length]).unwrap();
        return started.elapsed().as_secs_f64();
    }
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        let size = usize::from_str_radix(line.trim(), 16).unwrap();
        reader.read_exact(&mut vec![0; size + 2]).unwrap();
        if size == 0 {
            return started.elapsed().as_secs_f64();
        }
    }
}
