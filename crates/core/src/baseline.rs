//! Which ordinary windows a sprint is compared with, and their statistics.
//!
//! The default compares the sprint with the same weekdays shifted by whole
//! weeks, four before and four after, because activity has a strong weekly
//! rhythm: a Saturday sprint must be compared with Saturdays.

use crate::civil_text::add_days;
use crate::event_window::{EventDays, UtcWindow};
use crate::sorting::{sort_by, sort_by_key};
use crate::zone::Zone;
use jiff::Timestamp;

/// The baseline windows: the sprint's days shifted by 1..=before weeks back
/// and 1..=after weeks forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BaselineSpec {
    pub before: u32,
    pub after: u32,
}

impl Default for BaselineSpec {
    fn default() -> BaselineSpec {
        BaselineSpec {
            before: 4,
            after: 4,
        }
    }
}

/// A window in event-local days and in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedWindow {
    pub days: EventDays,
    pub utc: UtcWindow,
}

/// Why a candidate baseline window was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropReason {
    /// It has not ended yet.
    Future,
    /// It overlaps the sprint itself.
    OverlapsSprint,
    /// It overlaps another event given as not ordinary.
    OverlapsEvent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaselinePlan {
    /// Kept windows, in chronological order.
    pub windows: Vec<PlannedWindow>,
    pub dropped: Vec<(EventDays, DropReason)>,
}

/// Plans the baseline for `sprint` in `zone` as of `now`, leaving out windows
/// that have not ended and windows overlapping the sprint or `other_events`.
pub fn plan_baseline(
    spec: &BaselineSpec,
    sprint: EventDays,
    zone: &dyn Zone,
    now: Timestamp,
    other_events: &[UtcWindow],
) -> BaselinePlan {
    let sprint_utc = UtcWindow::from_event_days(sprint, zone);
    let mut candidates = candidates(spec, sprint);
    sort_by_key(&mut candidates, |d| d.from);
    candidates.dedup();
    let mut plan = BaselinePlan {
        windows: Vec::new(),
        dropped: Vec::new(),
    };
    for days in candidates {
        let utc = UtcWindow::from_event_days(days, zone);
        let reason = if utc.end > now {
            Some(DropReason::Future)
        } else if utc.overlaps(&sprint_utc) {
            Some(DropReason::OverlapsSprint)
        } else if other_events.iter().any(|e| utc.overlaps(e)) {
            Some(DropReason::OverlapsEvent)
        } else {
            None
        };
        match reason {
            Some(reason) => plan.dropped.push((days, reason)),
            None => plan.windows.push(PlannedWindow { days, utc }),
        }
    }
    plan
}

fn candidates(spec: &BaselineSpec, sprint: EventDays) -> Vec<EventDays> {
    let shift = |days: i64| -> Option<EventDays> {
        Some(EventDays {
            from: add_days(sprint.from, days)?,
            to: add_days(sprint.to, days)?,
        })
    };
    let back = (1..=i64::from(spec.before)).map(|w| w.saturating_mul(-7));
    let forward = (1..=i64::from(spec.after)).map(|w| w.saturating_mul(7));
    back.chain(forward).filter_map(shift).collect()
}

/// Summary statistics of a figure over the baseline windows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    pub windows: usize,
    pub mean: f64,
    pub median: f64,
    pub min: f64,
    pub max: f64,
    /// Population standard deviation.
    pub std_dev: f64,
}

/// Statistics of `values`, or `None` for no values.
pub fn stats(values: &[f64]) -> Option<Stats> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sort_by(&mut sorted, f64::total_cmp);
    let n = sorted.len();
    let mean = sorted.iter().sum::<f64>() / n as f64;
    let middle = sorted[n / 2];
    let median = if n % 2 == 1 {
        middle
    } else {
        // Floats: no wrap, no panic.
        #[allow(clippy::arithmetic_side_effects)]
        let mean_of_two = (sorted[n.saturating_sub(2) / 2] + middle) / 2.0;
        mean_of_two
    };
    let variance = sorted.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64;
    Some(Stats {
        windows: n,
        mean,
        median,
        min: sorted[0],
        max: sorted[n.saturating_sub(1)],
        std_dev: variance.sqrt(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_zone::JiffZone;

    fn days(from: &str, to: &str) -> EventDays {
        EventDays {
            from: from.parse().expect("from"),
            to: to.parse().expect("to"),
        }
    }

    /// Plans a baseline and compares the kept windows' first days and the
    /// dropped ones with their reasons.
    fn check(
        spec: BaselineSpec,
        sprint: (&str, &str),
        zone: &str,
        now: &str,
        other: &[(&str, &str)],
        kept: &[&str],
        dropped: &[(&str, DropReason)],
    ) {
        let zone = JiffZone::new(zone);
        let other: Vec<UtcWindow> = other
            .iter()
            .map(|(f, t)| UtcWindow::from_event_days(days(f, t), &zone))
            .collect();
        let plan = plan_baseline(
            &spec,
            days(sprint.0, sprint.1),
            &zone,
            now.parse().expect("now"),
            &other,
        );
        let got_kept: Vec<String> = plan
            .windows
            .iter()
            .map(|w| w.days.from.to_string())
            .collect();
        let got_dropped: Vec<(String, DropReason)> = plan
            .dropped
            .iter()
            .map(|(d, r)| (d.from.to_string(), *r))
            .collect();
        assert_eq!(got_kept, kept, "kept");
        let dropped: Vec<(String, DropReason)> =
            dropped.iter().map(|(d, r)| (d.to_string(), *r)).collect();
        assert_eq!(got_dropped, dropped, "dropped");
        for w in &plan.windows {
            assert_eq!(w.days.len(), days(sprint.0, sprint.1).len());
        }
    }

    #[test]
    fn four_weeks_either_side_on_the_same_weekdays() {
        check(
            BaselineSpec::default(),
            ("2025-05-19", "2025-05-22"),
            "America/New_York",
            "2025-11-22T00:00:00Z",
            &[],
            &[
                "2025-04-21",
                "2025-04-28",
                "2025-05-05",
                "2025-05-12",
                "2025-05-26",
                "2025-06-02",
                "2025-06-09",
                "2025-06-16",
            ],
            &[],
        );
    }

    #[test]
    fn windows_not_yet_ended_are_dropped() {
        // Two weeks after the sprint: the window of the second week after ends
        // at midnight New York time, after "now".
        check(
            BaselineSpec::default(),
            ("2025-05-19", "2025-05-22"),
            "America/New_York",
            "2025-06-06T03:59:59Z",
            &[],
            &[
                "2025-04-21",
                "2025-04-28",
                "2025-05-05",
                "2025-05-12",
                "2025-05-26",
            ],
            &[
                ("2025-06-02", DropReason::Future),
                ("2025-06-09", DropReason::Future),
                ("2025-06-16", DropReason::Future),
            ],
        );
        check(
            BaselineSpec {
                before: 1,
                after: 1,
            },
            ("2025-05-19", "2025-05-22"),
            "America/New_York",
            "2025-05-30T04:00:00Z",
            &[],
            &["2025-05-12", "2025-05-26"],
            &[],
        );
    }

    #[test]
    fn windows_overlapping_other_events_or_a_long_sprint_are_dropped() {
        check(
            BaselineSpec {
                before: 2,
                after: 2,
            },
            ("2025-07-19", "2025-07-20"),
            "Europe/Prague",
            "2025-11-22T00:00:00Z",
            &[("2025-07-26", "2025-07-26")],
            &["2025-07-05", "2025-07-12", "2025-08-02"],
            &[("2025-07-26", DropReason::OverlapsEvent)],
        );
        // A ten-day sprint overlaps itself shifted by one week.
        check(
            BaselineSpec {
                before: 2,
                after: 0,
            },
            ("2025-03-01", "2025-03-10"),
            "UTC",
            "2025-11-22T00:00:00Z",
            &[],
            &["2025-02-15"],
            &[("2025-02-22", DropReason::OverlapsSprint)],
        );
    }

    #[test]
    fn statistics() {
        let s = stats(&[33.0, 84.0, 64.0, 73.0, 60.0, 55.0, 39.0, 33.0]).expect("stats");
        assert_eq!(
            (s.windows, s.mean, s.median, s.min, s.max),
            (8, 55.125, 57.5, 33.0, 84.0)
        );
        let s = stats(&[5.0]).expect("stats");
        assert_eq!((s.mean, s.median, s.std_dev), (5.0, 5.0, 0.0));
        let s = stats(&[1.0, 2.0, 3.0]).expect("stats");
        assert_eq!(s.median, 2.0);
        assert_eq!(stats(&[]), None);
    }
}
