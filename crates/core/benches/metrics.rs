//! How long computing every figure takes over 100,000 PRs, natively.
//! `cargo bench -p sprintlift-core --bench metrics` (target: under 20 ms),
//! and how long numbering them once takes (the app's ledger, as they arrive).

use jiff::tz::TimeZone;
use jiff::Timestamp;
use sprintlift_core::synthetic::Job;
use sprintlift_core::zone::Zone;
use std::time::Instant;

struct BenchZone(TimeZone);

impl Zone for BenchZone {
    fn name(&self) -> &str {
        "America/New_York"
    }
    fn offset_seconds_at(&self, instant: Timestamp) -> i32 {
        self.0.to_offset(instant).seconds()
    }
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let (n, runs) = if benching { (100_000, 30) } else { (2_000, 1) };
    let zone = BenchZone(TimeZone::get("America/New_York").unwrap_or(TimeZone::UTC));
    let job = Job::new(&zone);
    let records = sprintlift_core::synthetic::records(n);
    // Numbered once, as the app's ledger numbers records when they arrive;
    // the figures are computed after every answer.
    let started = Instant::now();
    let ledger = sprintlift_core::ledger::Ledger::of(&records);
    println!(
        "metrics: {n} PRs numbered once, as they arrive: {:.2} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let mut times = Vec::new();
    let mut opened = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let report = job.run(&ledger, &zone);
        times.push(started.elapsed());
        opened = report.sprint.totals.opened;
    }
    sprintlift_core::sorting::sort(&mut times);
    let median = times[times.len() / 2];
    println!(
        "metrics: all figures (sprint + {} baseline windows) over {n} PRs: median {:.2} ms, min {:.2} ms over {runs} runs (sprint opened: {opened})",
        job.baseline_windows(),
        median.as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
    );
}
