//! `cargo xtask bench`: the default view (PyCon US 2025) in headless
//! Chromium against the stand-in with GitHub's rate limits and 150 ms per
//! request, without a token, with one, and on cached revisits. Prints the
//! requests made and the times to the first headline figure and to the
//! full dashboard, read from the page's performance marks. Then the same
//! view baked by `sprintlift-bake` with the token against the same kind of
//! stand-in: its requests and wall time, first and on a rerun.

// A measuring tool: a failed step is a failed run, said with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use sprintlift_e2e::{count_in, start_standin, Event, World, PYCON_US, SEED};
use sprintlift_standin::Config;
use std::time::{Duration, Instant};

/// Anonymous runs wait out GitHub's 10 searches a minute.
const PATIENCE: Duration = Duration::from_secs(600);

struct Run {
    name: &'static str,
    requests: usize,
    headline_ms: f64,
    /// Every count (3 figures x every window) on the page, and the
    /// requests finished by then.
    counts_ms: f64,
    counts_requests: usize,
    full_ms: f64,
    /// Each request to GitHub as the page saw it: start and end, ms.
    fetches: Vec<(f64, f64)>,
    /// The main thread's work on each answer from GitHub, ms, from the
    /// page's measures: reading it, the figures and the page's update up
    /// to the end of its task, then the charts it redrew (which the
    /// browser asks for after its next layout) and keeping it in storage
    /// (a task after the page's update).
    answers: Vec<f64>,
    /// Of that, the charts' drawing.
    draws: Vec<f64>,
    /// Of that, keeping the answer in storage.
    keeps: Vec<f64>,
    /// Of that, reading the answers and computing the figures, ms.
    reads: Vec<f64>,
    computes: Vec<f64>,
}

async fn measure(world: &World, name: &'static str) -> Run {
    let before = world.standin.log.entries().len();
    world.open(PYCON_US).await;
    world.by_testid_within("done", PATIENCE).await;
    let marks = world
        .client
        .execute(
            "return ['sprintlift-headline', 'sprintlift-counts', 'sprintlift-done'].map(n => (performance.getEntriesByName(n)[0] || {startTime: -1}).startTime);",
            vec![],
        )
        .await
        .expect("marks");
    let marks: Vec<f64> = serde_json::from_value(marks).expect("numbers");
    let fetches = world
        .client
        .execute(
            // Requests to GitHub (the stand-in) only: not the site's own
            // baked files, which a page fetches beside it.
            "return performance.getEntriesByType('resource').filter(e => e.initiatorType === 'fetch' && e.name.startsWith(arguments[0])).map(e => [e.startTime, e.responseEnd]);",
            vec![serde_json::json!(world.standin.base_url())],
        )
        .await
        .expect("resource timings");
    let fetches: Vec<(f64, f64)> = serde_json::from_value(fetches).expect("pairs");
    let answer_tasks = timings(world, "sprintlift-answer").await;
    // Each draw, and each write to storage, counts for the last answer
    // that started before it.
    let per_answer = |timings: Vec<(f64, f64)>| {
        let mut each = vec![0.0; answer_tasks.len()];
        for (start, duration) in &timings {
            if let Some(i) = answer_tasks.iter().rposition(|(s, _)| s <= start) {
                each[i] += duration;
            }
        }
        each
    };
    let draws = per_answer(timings(world, "sprintlift-draw").await);
    let keeps = per_answer(timings(world, "sprintlift-cache").await);
    let answers = answer_tasks
        .iter()
        .zip(draws.iter().zip(&keeps))
        .map(|((_, task), (draws, keeps))| task + draws + keeps)
        .collect();
    let reads = durations(world, "sprintlift-read").await;
    let computes = durations(world, "sprintlift-compute").await;
    // Requests that reached the stand-in, CORS preflights excluded.
    let requests = world.standin.log.entries()[before..]
        .iter()
        .filter(|r| r.method != "OPTIONS")
        .count();
    let counts_requests = fetches.iter().filter(|(_, end)| *end <= marks[1]).count();
    Run {
        name,
        requests,
        headline_ms: marks[0],
        counts_ms: marks[1],
        counts_requests,
        full_ms: marks[2],
        fetches,
        answers,
        draws,
        keeps,
        reads,
        computes,
    }
}

/// The durations of the page's performance measures called `name`, ms.
async fn durations(world: &World, name: &str) -> Vec<f64> {
    timings(world, name)
        .await
        .into_iter()
        .map(|(_, duration)| duration)
        .collect()
}

/// The start and duration of the page's performance measures called
/// `name`, ms, in order.
async fn timings(world: &World, name: &str) -> Vec<(f64, f64)> {
    let timings = world
        .client
        .execute(
            "return performance.getEntriesByName(arguments[0]).map(e => [e.startTime, e.duration]);",
            vec![serde_json::json!(name)],
        )
        .await
        .expect("the page's measures");
    serde_json::from_value(timings).expect("pairs")
}

/// Median, 90th percentile, maximum and total of `times`.
fn spread(times: &[f64]) -> String {
    if times.is_empty() {
        return "none".into();
    }
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    format!(
        "median {:.1} ms, p90 {:.1} ms, max {:.1} ms, total {:.0} ms ({})",
        at(0.5),
        at(0.9),
        at(1.0),
        sorted.iter().sum::<f64>(),
        sorted.len()
    )
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

    // BENCH_QUICK=1 skips the runs that wait out the anonymous rate limit
    // (about four minutes), for quick comparisons while working.
    let quick = std::env::var_os("BENCH_QUICK").is_some();
    if !quick {
        let world = World::start_with(config.clone()).await;
        blank_page(&world).await;
        runs.push(measure(&world, "anonymous").await);
        runs.push(measure(&world, "anonymous, cached revisit").await);
        world.close().await;
    }

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

    let bakes = [bake_run(latency).await, bake_run(latency).await];
    runs.push(baked_visit(latency).await);

    let script =
        std::env::var("PYGITHUB_SCRIPT").unwrap_or_else(|_| "bench/pygithub_counts.py".into());
    let theirs = [
        ("PyGithub, token, totalCount", "count", true),
        ("PyGithub, token, listing", "list", true),
        ("PyGithub, anonymous, totalCount", "count", false),
    ];
    let mut scripts = Vec::new();
    for (name, method, token) in theirs {
        if quick && !token {
            continue;
        }
        scripts.push((
            name,
            run_script(&script, &config_for_scripts(latency), method, token).await,
        ));
    }

    println!("default view (PyCon US 2025, python org, 4+4 week baseline), stand-in latency {latency} ms");
    println!(
        "{:<28} {:>9} {:>16} {:>24} {:>16}",
        "mode", "requests", "first headline", "every count (requests)", "full dashboard"
    );
    for run in &runs {
        println!(
            "{:<28} {:>9} {:>13.0} ms {:>16.0} ms ({:>2}) {:>13.0} ms",
            run.name,
            run.requests,
            run.headline_ms,
            run.counts_ms,
            run.counts_requests,
            run.full_ms
        );
    }
    // Where the time of a first visit goes: waiting on GitHub, or the
    // page's own work before, between and after its requests.
    for run in runs.iter().filter(|r| !r.fetches.is_empty()) {
        let waiting: f64 = run.fetches.iter().map(|(start, end)| end - start).sum();
        let first = run.fetches.first().map_or(0.0, |f| f.0);
        let last = run.fetches.last().map_or(0.0, |f| f.1);
        println!(
            "{}: before the first request {:.0} ms, in {} requests {:.0} ms (each {}), between them {:.0} ms, after the last {:.0} ms",
            run.name,
            first,
            run.fetches.len(),
            waiting,
            run.fetches
                .iter()
                .map(|(start, end)| format!("{:.0}", end - start))
                .collect::<Vec<_>>()
                .join(", "),
            last - first - waiting,
            run.full_ms - last
        );
    }
    // The main thread per answer (target: median at most 16 ms, desktop).
    println!();
    println!("main thread per answer from GitHub (reading it, the figures, the page's update)");
    for run in &runs {
        println!("{}:", run.name);
        println!("  each answer, in all:      {}", spread(&run.answers));
        println!("  reading answers:          {}", spread(&run.reads));
        println!("  drawing charts after one: {}", spread(&run.draws));
        println!("  keeping it in storage:    {}", spread(&run.keeps));
        println!("  computing the figures:    {}", spread(&run.computes));
    }
    println!();
    println!("the same view baked by sprintlift-bake with the token (release build), same stand-in settings");
    for (i, (first, rerun)) in bakes.iter().enumerate() {
        println!(
            "bake {}: {} requests in {:.0} ms; rerun: {} requests in {:.0} ms",
            i + 1,
            first.0,
            first.1,
            rerun.0,
            rerun.1
        );
    }
    println!();
    println!("the same counts (3 figures x 9 windows) by a PyGithub script ({script}), same stand-in settings");
    println!(
        "{:<34} {:>9} {:>12}   {:<38} sprintlift, the whole dashboard",
        "script", "requests", "wall time", "sprintlift, the same counts"
    );
    for (name, (requests, ms)) in scripts {
        // Set against sprintlift in the same mode, first visit: once when
        // it has the same counts on the page, and once for the whole
        // dashboard (every figure, not only these counts).
        let mode = if name.contains("anonymous") {
            "anonymous"
        } else {
            "token"
        };
        let Some(ours) = runs.iter().find(|r| r.name == mode) else {
            continue;
        };
        let advantage = |our_requests: usize, our_ms: f64| {
            format!(
                "{:.1}x fewer requests, {:.1}x less time",
                requests as f64 / our_requests as f64,
                ms / our_ms
            )
        };
        let same_counts = advantage(ours.counts_requests, ours.counts_ms);
        let dashboard = advantage(ours.requests, ours.full_ms);
        println!("{name:<34} {requests:>9} {ms:>9.0} ms   {same_counts:<38} {dashboard}");
    }
}

/// An anonymous visitor of the default view on a site that baked it with
/// the token (a copy of dist/ with the bake binary run into it).
async fn baked_visit(latency: u64) -> Run {
    let data = sprintlift_standin::generate(SEED);
    let standin = start_standin(data.clone(), config_for_scripts(latency)).await;
    let site = sprintlift_e2e::site_copy();
    sprintlift_e2e::bake_default_view(site.path(), &standin.base_url()).await;
    let world = World::around(standin, data, site.path().to_path_buf()).await;
    blank_page(&world).await;
    let run = measure(&world, "anonymous, baked site").await;
    world.close().await;
    run
}

/// Bakes the default view with the token against a fresh stand-in, then
/// bakes it again into the same folder: requests and wall time of each.
async fn bake_run(latency: u64) -> ((usize, f64), (usize, f64)) {
    let standin = start_standin(
        sprintlift_standin::generate(SEED),
        config_for_scripts(latency),
    )
    .await;
    let out = std::env::temp_dir().join(format!("sprintlift-bench-bake-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let mut runs = Vec::new();
    for _ in 0..2 {
        let before = standin.log.entries().len();
        let started = Instant::now();
        sprintlift_e2e::bake_default_view(&out, &standin.base_url()).await;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        runs.push((standin.log.entries().len() - before, ms));
    }
    let _ = std::fs::remove_dir_all(&out);
    (runs[0], runs[1])
}

fn config_for_scripts(latency: u64) -> Config {
    Config {
        latency: Duration::from_millis(latency),
        ..Config::default()
    }
}

/// Runs the PyGithub script against a fresh stand-in; its requests and wall
/// time. Its counts must be the data's, or the comparison would be unfair.
async fn run_script(script: &str, config: &Config, method: &str, token: bool) -> (usize, f64) {
    let data = sprintlift_standin::generate(SEED);
    let standin = start_standin(data.clone(), config.clone()).await;
    let mut command = tokio::process::Command::new("python3");
    command.args([script, "--api", &standin.base_url(), "--method", method]);
    if token {
        command.args(["--token", "test-token"]);
    }
    let started = Instant::now();
    let output = command.output().await.expect("run python3");
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    assert!(
        output.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let counts: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the script's JSON");
    let sprint = &counts["2025-05-19"];
    for (figure, event) in [
        ("opened", Event::Opened),
        ("merged", Event::Merged),
        ("closed_unmerged", Event::ClosedUnmerged),
    ] {
        let expected = count_in(
            &data,
            "python",
            ("2025-05-19", "2025-05-22"),
            "America/New_York",
            0,
            event,
        );
        assert_eq!(
            sprint[figure],
            serde_json::json!(expected),
            "{method}: {figure}"
        );
    }
    let requests = standin
        .log
        .entries()
        .iter()
        .filter(|r| r.method != "OPTIONS")
        .count();
    (requests, ms)
}
