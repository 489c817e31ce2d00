//! The site under test: dist/ served as GitHub Pages would (also under a
//! sub-path), copies of it to bake into, and files served beside it.

use crate::*;

/// The text behind a `data:…,` URL of text.
pub fn data_text(url: &str) -> String {
    let (_, encoded) = url.split_once(',').expect("data url");
    let bytes = encoded.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

/// Serves `body` at `/name` on a free port of 127.0.0.1, readable from any
/// origin (as a conference site's file would be); returns its URL.
pub async fn serve_file(name: &str, body: String) -> String {
    let name_is_html = name.ends_with(".html");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let app = axum::Router::new().route(
        &format!("/{name}"),
        axum::routing::get(move || {
            let body = body.clone();
            async move {
                let kind = if name_is_html {
                    "text/html; charset=utf-8"
                } else {
                    "text/plain; charset=utf-8"
                };
                (
                    [
                        (axum::http::header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
                        (axum::http::header::CONTENT_TYPE, kind),
                    ],
                    body,
                )
            }
        }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}/{name}")
}

/// A copy of dist/ to bake views into, as `cargo xtask site` assembles one.
pub fn site_copy() -> TempDir {
    pub(super) fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).expect("create a folder of the site");
        for entry in std::fs::read_dir(from).expect("read dist/") {
            let entry = entry.expect("an entry of dist/");
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copy a file of dist/");
            }
        }
    }
    let site = TempDir::new("site");
    copy(&dist(), site.path());
    site
}

/// The release build, dist/.
pub fn dist() -> PathBuf {
    PathBuf::from(std::env::var("SPRINTLIFT_DIST").expect(
        "SPRINTLIFT_DIST is not set: run the end-to-end tests through `cargo xtask test`, which builds dist/ first",
    ))
}

/// Serves the site in `dist`, with index.html for any path, as a static
/// host does for a single-page app.
pub(super) async fn serve_site(dist: PathBuf) -> SocketAddr {
    assert!(
        dist.join("index.html").exists(),
        "no index.html in {}",
        dist.display()
    );
    let service = ServeDir::new(&dist).fallback(ServeFile::new(dist.join("index.html")));
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the site");
    let addr = listener.local_addr().expect("site address");
    // The same files under a sub-path too, as GitHub Pages serves a
    // project site.
    let nested = ServeDir::new(&dist).fallback(ServeFile::new(dist.join("index.html")));
    let app = axum::Router::new()
        .nest_service(SUB_PATH, nested)
        .fallback_service(service);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

/// A fresh directory, removed when dropped.
/// A directory removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn path(&self) -> &std::path::Path {
        &self.0
    }

    pub fn new(purpose: &str) -> TempDir {
        let unique = format!(
            "sprintlift-{purpose}-{}-{}",
            std::process::id(),
            Timestamp::now().as_nanosecond()
        );
        let path = std::env::temp_dir().join(unique);
        std::fs::create_dir_all(&path).expect("create a temporary directory");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Bakes the default view into `out` with the release `sprintlift-bake`
/// (or `$SPRINTLIFT_BAKE`) and the stand-in's test token, as a site's
/// schedule would; panics with its stderr if it fails.
pub async fn bake_default_view(out: &std::path::Path, api: &str) {
    let binary = std::env::var("SPRINTLIFT_BAKE")
        .unwrap_or_else(|_| "target/release/sprintlift-bake".into());
    let output = tokio::process::Command::new(&binary)
        .arg("--out")
        .arg(out)
        .args(["--api", api, "--view", PYCON_US])
        .args(["--token-for", api.trim_start_matches("http://")])
        .env("GITHUB_TOKEN", "test-token")
        .output()
        .await
        .expect("run sprintlift-bake");
    assert!(
        output.status.success(),
        "{binary} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
