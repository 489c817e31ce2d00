//! How long computing every figure takes over 100,000 PRs, natively.
//! `cargo bench -p sprintlift-core --bench metrics` (target: under 20 ms).

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use sprintlift_core::baseline::{plan_baseline, BaselineSpec};
use sprintlift_core::event_window::EventDays;
use sprintlift_core::metrics::{compute, AuthorHistory, Input, MetricWindow, NewcomerLevel};
use sprintlift_core::pr::{AuthorKind, Filters, PrRecord};
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

/// A deterministic spread of PRs over the 10 weeks around the sprint.
fn records(n: usize) -> Vec<PrRecord> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let start: Timestamp = "2025-04-14T00:00:00Z"
        .parse()
        .unwrap_or(Timestamp::UNIX_EPOCH);
    (0..n)
        .map(|i| {
            let created = start + SignedDuration::from_secs((next() % (70 * 86_400)) as i64);
            let outcome = next() % 10;
            let later = created + SignedDuration::from_secs((next() % (30 * 86_400)) as i64);
            PrRecord {
                repo: format!("python/repo{}", next() % 40),
                number: i as u64,
                title: if outcome == 9 {
                    "[3.13] backport".into()
                } else {
                    "gh-1: Fix".into()
                },
                author: format!("user{}", next() % 5_000),
                author_kind: if next() % 20 == 0 {
                    AuthorKind::Bot
                } else {
                    AuthorKind::User
                },
                association: "CONTRIBUTOR".into(),
                created_at: created,
                merged_at: (outcome < 6).then_some(later),
                closed_at: (outcome < 8).then_some(later),
                draft: outcome == 8,
            }
        })
        .collect()
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
    let records = records(n);
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
