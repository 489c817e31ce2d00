//! Synthetic PR records for the benchmarks (native and in the browser), so
//! both measure the same work. Deterministic: no randomness source, no clock.

// Generated benchmark data from a fixed seed, not outside input: its
// arithmetic is on constants.
#![allow(clippy::arithmetic_side_effects)]

use crate::pr::{AuthorKind, PrRecord};
use jiff::{SignedDuration, Timestamp};

/// A deterministic spread of PRs over the 10 weeks around the sprint.
pub fn records(n: usize) -> Vec<PrRecord> {
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

/// The benchmarks' job, native and in the browser alike: the default view
/// (PyCon US 2025 in the zone given, 4 + 4 baseline weeks, "now" fixed) and
/// every figure the app computes for it.
pub struct Job {
    days: crate::event_window::EventDays,
    plan: crate::baseline::BaselinePlan,
    now: Timestamp,
    scope: crate::search_query::Scope,
    history: crate::metrics::AuthorHistory,
}

impl Job {
    pub fn new(zone: &dyn crate::zone::Zone) -> Job {
        let days = crate::event_window::EventDays {
            from: jiff::civil::date(2025, 5, 19),
            to: jiff::civil::date(2025, 5, 22),
        };
        let now = crate::civil_text::parse_instant("2025-11-22T00:00:00Z")
            .unwrap_or(Timestamp::UNIX_EPOCH);
        let spec = crate::baseline::BaselineSpec::default();
        Job {
            days,
            plan: crate::baseline::plan_baseline(&spec, days, zone, now, &[]),
            now,
            scope: crate::search_query::Scope::org("python"),
            history: crate::metrics::AuthorHistory::default(),
        }
    }

    pub fn baseline_windows(&self) -> usize {
        self.plan.windows.len()
    }

    /// Every figure over `records` (numbered once, as the app's ledger
    /// numbers them when they arrive); the windows are built each time, as
    /// the app builds them per view.
    pub fn run(
        &self,
        records: &crate::ledger::Ledger,
        zone: &dyn crate::zone::Zone,
    ) -> crate::metrics::Report {
        use crate::metrics::{compute, Input, MetricWindow};
        let sprint = MetricWindow::new(self.days, zone);
        let baseline: Vec<MetricWindow> = self
            .plan
            .windows
            .iter()
            .map(|w| MetricWindow::from_plan(w, zone))
            .collect();
        // As the app computes: its searches applied the view's filters
        // already, so the records are not filtered again.
        compute(&Input {
            records,
            scope: &self.scope,
            sprint: &sprint,
            baseline: &baseline,
            history: Some(&self.history),
            now: self.now,
        })
    }
}
