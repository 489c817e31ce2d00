//! Synthetic PR records for the benchmarks (native and in the browser), so
//! both measure the same work. Deterministic: no randomness source, no clock.

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
