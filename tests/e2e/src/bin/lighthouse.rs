//! `cargo xtask lighthouse`: Lighthouse (npm, pinned in
//! bench/lighthouse/package.json) on the release build served with gzip
//! as a CDN serves it, beside the GitHub stand-in with GitHub's limits and
//! 150 ms per request. Views: the default view (anonymous), its embed
//! card, a snapshot view, and the default view on a site that baked it.
//! Mobile and desktop presets, three runs each; prints every category's
//! score and the timings, medians of the three.
//!
//! For a closer look, `SPRINTLIFT_LIGHTHOUSE_ONLY=<part of a view's name>`,
//! `SPRINTLIFT_LIGHTHOUSE_PRESET=mobile|desktop` and
//! `SPRINTLIFT_LIGHTHOUSE_RUNS=<n>` narrow the runs, and
//! `SPRINTLIFT_LIGHTHOUSE_REPORTS=<dir>` keeps every run's JSON report
//! (the largest contentful paint's element, the long tasks, the trace).
//!
//! The token view: a token lives in the page's memory or, when the visitor
//! asks, in localStorage, never in a URL. Each of its runs gets a fresh
//! browser profile in which a page of the same site has remembered the
//! stand-in's test token, and Lighthouse keeps that storage
//! (`--disable-storage-reset`); the stand-in's log then shows the load went
//! through GraphQL with the token.

// A measuring tool: a failed step is a failed run, said with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use sprintlift_e2e::{site_copy, start_standin, TempDir, PYCON_US, SEED};
use sprintlift_standin::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

const RUNS: usize = 3;

fn runs() -> usize {
    std::env::var("SPRINTLIFT_LIGHTHOUSE_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(RUNS)
}

/// Serves `site` with gzip, as a static host does: index.html for the
/// root (the app's views are queries, not paths), 404 for a missing file.
async fn serve(site: PathBuf) -> SocketAddr {
    let service = ServeDir::new(&site);
    let app = axum::Router::new()
        .fallback_service(service)
        .layer(CompressionLayer::new().gzip(true));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

/// One Lighthouse run's figures.
#[derive(Debug, Clone, Copy, Default)]
struct Scores {
    performance: f64,
    accessibility: f64,
    best_practices: f64,
    seo: f64,
    tbt_ms: f64,
    lcp_ms: f64,
    tti_ms: f64,
}

/// A page of the site that remembers the stand-in's test token for the API
/// named in its query, as the token panel's "Remember on this device" does.
const SEED_TOKEN_PAGE: &str = "<!doctype html><title>seed</title><script>localStorage.setItem('sprintlift/token', JSON.stringify({api: new URLSearchParams(location.search).get('api'), token: 'test-token'}));</script>";

/// A fresh browser profile in which `seed_url` (the seeding page on the
/// site's origin) has run.
async fn profile_with_token(seed_url: &str) -> TempDir {
    let profile = TempDir::new("lighthouse-profile");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let output = tokio::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=2000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(seed_url)
        .output()
        .await
        .expect("run chromium to seed the token");
    assert!(output.status.success(), "seeding the token failed");
    profile
}

async fn lighthouse(
    url: &str,
    desktop: bool,
    report_name: &str,
    profile: Option<&TempDir>,
) -> Scores {
    let binary = std::env::var("LIGHTHOUSE")
        .unwrap_or_else(|_| "bench/lighthouse/node_modules/.bin/lighthouse".into());
    // Kept reports come with their trace and DevTools log (--save-assets).
    let kept = std::env::var_os("SPRINTLIFT_LIGHTHOUSE_REPORTS").map(|dir| {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("the reports' folder");
        dir.join(format!("{report_name}.json"))
    });
    let mut command = tokio::process::Command::new(binary);
    command.args([
        url,
        "--output=json",
        "--quiet",
        "--only-categories=performance,accessibility,best-practices,seo",
    ]);
    let flags = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync";
    match profile {
        Some(profile) => {
            command.arg(format!(
                "--chrome-flags={flags} --user-data-dir={}",
                profile.path().display()
            ));
            command.arg("--disable-storage-reset");
        }
        None => {
            command.arg(format!("--chrome-flags={flags}"));
        }
    }
    match &kept {
        Some(path) => {
            command.arg(format!("--output-path={}", path.display()));
            command.arg("--save-assets");
            // The kept trace with the JavaScript (and wasm) samples, for
            // reading what a long task ran (a build that keeps names).
            if std::env::var_os("SPRINTLIFT_LIGHTHOUSE_SAMPLES").is_some() {
                command.arg("--additional-trace-categories=disabled-by-default-v8.cpu_profiler");
            }
        }
        None => {
            command.arg("--output-path=stdout");
        }
    }
    if desktop {
        command.arg("--preset=desktop");
    }
    let output = command.output().await.expect("run lighthouse");
    assert!(
        output.status.success(),
        "lighthouse failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json = match &kept {
        Some(path) => std::fs::read(path).expect("the kept report"),
        None => output.stdout,
    };
    let report: serde_json::Value = serde_json::from_slice(&json).expect("its JSON");
    let score = |c: &str| {
        report["categories"][c]["score"]
            .as_f64()
            .unwrap_or(f64::NAN)
            * 100.0
    };
    let audit = |a: &str| {
        report["audits"][a]["numericValue"]
            .as_f64()
            .unwrap_or(f64::NAN)
    };
    Scores {
        performance: score("performance"),
        accessibility: score("accessibility"),
        best_practices: score("best-practices"),
        seo: score("seo"),
        tbt_ms: audit("total-blocking-time"),
        lcp_ms: audit("largest-contentful-paint"),
        tti_ms: audit("interactive"),
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::main]
async fn main() {
    let data = sprintlift_standin::generate(SEED);
    // A fresh stand-in for every run: each starts with a full search
    // bucket, as a first visit does, so no run meets the one before's limit.
    let limited = Config {
        latency: Duration::from_millis(150),
        ..Config::default()
    };

    // A site that baked the default view (with the token), for the baked
    // view and as the source of a snapshot file.
    let baked_standin = start_standin(data.clone(), Config::unlimited()).await;
    let site = site_copy();
    sprintlift_e2e::bake_default_view(site.path(), &baked_standin.base_url()).await;
    let baked = serve(site.path().to_path_buf()).await;
    let index = std::fs::read_to_string(site.path().join("baked/index.json")).expect("index");
    let index: serde_json::Value = serde_json::from_str(&index).expect("json");
    let snapshot = index["views"][0]["snapshot"].as_str().expect("a snapshot");

    // The plain build, with the snapshot file beside it (same origin, as a
    // conference site would host it).
    let plain_site = site_copy();
    std::fs::write(plain_site.path().join("seed-token.html"), SEED_TOKEN_PAGE)
        .expect("the seeding page");
    std::fs::copy(
        site.path().join(snapshot),
        plain_site.path().join("pycon.json"),
    )
    .expect("copy the snapshot");
    let plain = serve(plain_site.path().to_path_buf()).await;

    let views: [(&str, Option<String>); 5] = [
        ("default view", Some(format!("http://{plain}/?{PYCON_US}"))),
        ("token view", Some(format!("http://{plain}/?{PYCON_US}"))),
        (
            "embed card",
            Some(format!("http://{plain}/?{PYCON_US}&embed=1")),
        ),
        ("snapshot view", None),
        ("baked site", None),
    ];
    let only = std::env::var("SPRINTLIFT_LIGHTHOUSE_ONLY").unwrap_or_default();
    let preset = std::env::var("SPRINTLIFT_LIGHTHOUSE_PRESET").unwrap_or_default();
    let runs = runs();
    println!("Lighthouse, median of {runs} runs; a fresh stand-in with GitHub's limits and 150 ms latency per run; the site served with gzip");
    println!(
        "{:<14} {:<8} {:>5} {:>5} {:>5} {:>5} {:>9} {:>9} {:>9}",
        "view", "preset", "perf", "a11y", "bp", "seo", "TBT ms", "LCP ms", "TTI ms"
    );
    for (name, live) in views.iter().filter(|(name, _)| name.contains(&only)) {
        for desktop in [false, true] {
            let preset_name = if desktop { "desktop" } else { "mobile" };
            if !preset.is_empty() && preset != preset_name {
                continue;
            }
            let mut scores = Vec::new();
            for run in 0..runs {
                let standin = start_standin(data.clone(), limited.clone()).await;
                let url = match (live, *name) {
                    (Some(url), _) => format!("{url}&api={}", standin.base_url()),
                    (None, "snapshot view") => {
                        format!("http://{plain}/?snapshot=http://{plain}/pycon.json")
                    }
                    (None, _) => format!(
                        "http://{baked}/?{PYCON_US}&api={}",
                        baked_standin.base_url()
                    ),
                };
                let report_name = format!("{}-{preset_name}-{run}", name.replace(' ', "-"));
                let profile = match *name {
                    "token view" => Some(
                        profile_with_token(&format!(
                            "http://{plain}/seed-token.html?api={}",
                            standin.base_url()
                        ))
                        .await,
                    ),
                    _ => None,
                };
                scores.push(lighthouse(&url, desktop, &report_name, profile.as_ref()).await);
                if profile.is_some() {
                    let with_token = standin.log.entries().iter().any(|r| {
                        r.path_and_query.starts_with("/graphql") && r.authorization.is_some()
                    });
                    assert!(with_token, "the token view's load did not use the token");
                }
            }
            let m = |f: fn(&Scores) -> f64| median(scores.iter().map(f).collect());
            println!(
                "{:<14} {:<8} {:>5.0} {:>5.0} {:>5.0} {:>5.0} {:>9.0} {:>9.0} {:>9.0}",
                name,
                preset_name,
                m(|s| s.performance),
                m(|s| s.accessibility),
                m(|s| s.best_practices),
                m(|s| s.seo),
                m(|s| s.tbt_ms),
                m(|s| s.lcp_ms),
                m(|s| s.tti_ms),
            );
        }
    }
}
