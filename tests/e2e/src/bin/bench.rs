//! `cargo xtask bench`: the default view (PyCon US 2025) in headless
//! Chromium against the stand-in with GitHub's rate limits and 150 ms per
//! request, without a token, with one, and on cached revisits. Prints the
//! requests made and the times to the first headline figure and to the
//! full dashboard, read from the page's performance marks.

// A measuring tool: a failed step is a failed run, said with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use sprintlift_e2e::World;
use sprintlift_standin::Config;
use std::time::Duration;

const PYCON_US: &str = "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York";
/// Anonymous runs wait out GitHub's 10 searches a minute.
const PATIENCE: Duration = Duration::from_secs(600);

struct Run {
    name: &'static str,
    requests: usize,
    headline_ms: f64,
    full_ms: f64,
}

async fn measure(world: &World, name: &'static str) -> Run {
    let before = world.standin.log.entries().len();
    world.open(PYCON_US).await;
    world.by_testid_within("done", PATIENCE).await;
    let marks = world
        .client
        .execute(
            "return ['sprintlift-headline', 'sprintlift-done'].map(n => (performance.getEntriesByName(n)[0] || {startTime: -1}).startTime);",
            vec![],
        )
        .await
        .expect("marks");
    let marks: Vec<f64> = serde_json::from_value(marks).expect("numbers");
    // Requests that reached the stand-in, CORS preflights excluded.
    let requests = world.standin.log.entries()[before..]
        .iter()
        .filter(|r| r.method != "OPTIONS")
        .count();
    Run {
        name,
        requests,
        headline_ms: marks[0],
        full_ms: marks[1],
    }
}

/// A page that loads nothing (its view is refused), to set storage on.
async fn blank_page(world: &World) {
    world.open("from=not-a-date").await;
    world.by_testid("view-error").await;
}

#[tokio::main]
async fn main() {
    let latency = std::env::var("BENCH_LATENCY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    let config = Config {
        latency: Duration::from_millis(latency),
        ..Config::default()
    };
    let mut runs = Vec::new();

    let world = World::start_with(config.clone()).await;
    blank_page(&world).await;
    runs.push(measure(&world, "anonymous").await);
    runs.push(measure(&world, "anonymous, cached revisit").await);
    world.close().await;

    let world = World::start_with(config).await;
    blank_page(&world).await;
    let api = world.standin.base_url();
    world
        .client
        .execute(
            "localStorage.setItem('sprintlift/token', JSON.stringify({api: arguments[0], token: 'test-token'}));",
            vec![serde_json::json!(api)],
        )
        .await
        .expect("store the token");
    runs.push(measure(&world, "token").await);
    runs.push(measure(&world, "token, cached revisit").await);
    world.close().await;

    println!("default view (PyCon US 2025, python org, 4+4 week baseline), stand-in latency {latency} ms");
    println!(
        "{:<28} {:>9} {:>16} {:>16}",
        "mode", "requests", "first headline", "full dashboard"
    );
    for run in runs {
        println!(
            "{:<28} {:>9} {:>13.0} ms {:>13.0} ms",
            run.name, run.requests, run.headline_ms, run.full_ms
        );
    }
}
