//! How long computing every figure takes over 100,000 PRs, natively.
//! `cargo bench -p sprintlift-core --bench metrics` (target: under 20 ms).

use jiff::tz::TimeZone;
use jiff::Timestamp;
use sprintlift_core::baseline::{plan_baseline, BaselineSpec};
use sprintlift_core::event_window::EventDays;
use sprintlift_core::metrics::{compute, AuthorHistory, Input, MetricWindow, NewcomerLevel};
use sprintlift_core::pr::Filters;
use sprintlift_core::search_query::Scope;
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
    let sprint_days = EventDays {
        from: jiff::civil::date(2025, 5, 19),
        to: jiff::civil::date(2025, 5, 22),
    };
    let now: Timestamp = "2025-11-22T00:00:00Z"
        .parse()
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let plan = plan_baseline(&BaselineSpec::default(), sprint_days, &zone, now, &[]);
    let records = sprintlift_core::synthetic::records(n);
    let scope = Scope::org("python");
    let history = AuthorHistory::default();
    let mut times = Vec::new();
    let mut opened = 0;
    for _ in 0..runs {
        let started = Instant::now();
        // Windows are part of the work: the app builds them per view.
        let sprint = MetricWindow::new(sprint_days, &zone);
        let baseline: Vec<MetricWindow> = plan
            .windows
            .iter()
            .map(|w| MetricWindow::from_plan(w, &zone))
            .collect();
        let report = compute(&Input {
            records: &records,
            scope: &scope,
            filters: Filters::default(),
            sprint: &sprint,
            baseline: &baseline,
            history: Some(&history),
            level: NewcomerLevel::Repo,
            now,
        });
        times.push(started.elapsed());
        opened = report.sprint.totals.opened;
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "metrics: all figures (sprint + {} baseline windows) over {n} PRs: median {:.2} ms, min {:.2} ms over {runs} runs (sprint opened: {opened})",
        plan.windows.len(),
        median.as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
    );
}
