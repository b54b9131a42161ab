//! Helpers of the API tests: server state over a territory, and requests
//! sent in process (actix's test service, no socket).

use crate::util::small_territory;
use actix_web::{test, web};
use serde_json::Value as Json;
use std::path::PathBuf;
use zonage::progress::Progress;
use zonage::server::state::{AppState, Options};

/// Loads a manifest into server state (admin token `t0ken`).
pub fn state(manifest: PathBuf, data: PathBuf) -> web::Data<AppState> {
    web::Data::new(
        AppState::load(
            manifest,
            data,
            Options {
                admin_token: Some("t0ken".into()),
                tile_cache: true,
                ..Options::default()
            },
            &Progress::hidden(),
        )
        .unwrap_or_else(|e| panic!("{e}")),
    )
}

/// The application over a `web::Data<AppState>`, as actix's test service
/// (a macro: the service's type cannot be named).
macro_rules! test_app {
    ($state:expr) => {
        actix_web::test::init_service(
            actix_web::App::new()
                .app_data($state.clone())
                .configure(zonage::server::startup::configure),
        )
        .await
    };
}
pub(crate) use test_app;

/// Sends a request to an app over `state`: status and body.
pub async fn send(
    state: &web::Data<AppState>,
    request: test::TestRequest,
) -> (u16, actix_web::web::Bytes) {
    let app = test_app!(state);
    let response = test::call_service(&app, request.to_request()).await;
    let status = response.status().as_u16();
    (status, test::read_body(response).await)
}

/// GET, the body as text.
pub async fn get_text(state: &web::Data<AppState>, uri: &str) -> (u16, String) {
    let (status, body) = send(state, test::TestRequest::get().uri(uri)).await;
    let text = String::from_utf8(body.to_vec()).unwrap_or_else(|e| panic!("{uri}: {e}"));
    (status, text)
}

/// GET, parsed as JSON.
pub async fn get_json(state: &web::Data<AppState>, uri: &str) -> (u16, Json) {
    let (status, body) = send(state, test::TestRequest::get().uri(uri)).await;
    (
        status,
        serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("{uri}: {e}: {}", String::from_utf8_lossy(&body))),
    )
}

pub fn synthetic() -> (tempfile::TempDir, web::Data<AppState>) {
    let (dir, manifest) = small_territory(5);
    let data = dir.path().to_path_buf();
    (dir, state(manifest, data))
}

/// The tile of zoom `z` holding a position.
pub fn tile_of(lon: f64, lat: f64, z: u8) -> (u32, u32) {
    let world = zonage::tiles::TileId::new(0, 0, 0).unwrap();
    let (x, y) = world.to_tile(lon, lat, (1u64 << z) as f64);
    (x.floor() as u32, y.floor() as u32)
}

/// A plain HTTP/1.0 GET over a socket: the body.
pub fn http_get(port: u16, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer.split("\r\n\r\n").nth(1).unwrap_or("").to_string()
}

/// The first vertex of the first QPV: a position exactly on a QPV boundary.
pub async fn first_qpv_vertex(state: &web::Data<AppState>) -> (f64, f64) {
    let (_, qpv) = get_json(state, "/api/zones/qpv?limit=1&format=geojson").await;
    let ring = &qpv["features"][0]["geometry"]["coordinates"][0][0];
    (ring[0][0].as_f64().unwrap(), ring[0][1].as_f64().unwrap())
}

/// The real binary serving `manifest` on a free port (with `extra` options):
/// the process, its port, and the lines it writes on its error output.
pub fn spawn_server(
    manifest: &std::path::Path,
    extra: &[&str],
) -> (
    std::process::Child,
    u16,
    std::io::Lines<std::io::BufReader<std::process::ChildStderr>>,
) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zonage"))
        .args(["serve", manifest.to_str().unwrap(), "--bind", "127.0.0.1:0"])
        .args(extra)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let banner = lines.next().unwrap().unwrap();
    let port: u16 = banner
        .rsplit("port ")
        .next()
        .unwrap()
        .trim_end_matches(')')
        .parse()
        .unwrap_or_else(|e| panic!("{banner}: {e}"));
    (child, port, lines)
}

/// Sends raw bytes over a socket and reads the whole answer (status line,
/// headers and body) until the server closes or `wait` passes.
pub fn raw_exchange(port: u16, request: &[u8], wait: std::time::Duration) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(wait)).unwrap();
    stream.write_all(request).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

/// GET `uri`: the status, the `Content-Disposition` header (a download's
/// file name) and the body.
pub async fn download(
    state: &web::Data<AppState>,
    uri: &str,
) -> (u16, Option<String>, actix_web::web::Bytes) {
    let app = test_app!(state);
    let response = test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;
    let status = response.status().as_u16();
    let disposition = response
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    (status, disposition, test::read_body(response).await)
}
