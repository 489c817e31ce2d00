//! Sprint days in the event's time zone, turned into exact UTC instants.
//!
//! A sprint is a set of whole local days ("Mon 19 May to Thu 22 May in
//! Pittsburgh"). Counting in UTC days instead moves PRs across the edges, so
//! every window carries its zone and is converted here, DST-correct.

pub use crate::civil_text::local_rfc3339;
use crate::civil_text::{weekday_day_month, weekday_day_month_year};
use crate::zone::{first_instant_at_or_after, offset_at, Zone};
use jiff::civil::Date;
use jiff::tz::Offset;
use jiff::Timestamp;

/// Inclusive range of event-local calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventDays {
    pub from: Date,
    pub to: Date,
}

impl EventDays {
    /// Every day of the range, in order.
    pub fn dates(&self) -> impl Iterator<Item = Date> {
        let to = self.to;
        std::iter::successors(Some(self.from), |d| d.tomorrow().ok()).take_while(move |d| *d <= to)
    }

    /// Number of days in the range, both ends included.
    pub fn len(&self) -> i64 {
        crate::civil_text::days_between(self.from, self.to).saturating_add(1)
    }

    pub fn is_empty(&self) -> bool {
        self.to < self.from
    }

    /// The days as a person reads them: "Mon 19 May – Thu 22 May 2025", or
    /// "Fri 15 Aug 2025" for a single day.
    pub fn label(&self) -> String {
        let last = weekday_day_month_year(self.to);
        if self.from == self.to {
            return last;
        }
        let first = if self.from.year() == self.to.year() {
            weekday_day_month(self.from)
        } else {
            weekday_day_month_year(self.from)
        };
        format!("{first} – {last}")
    }
}

/// A half-open range of instants `[start, end)` with the offsets in force at
/// its two edges, so it can be written back as event-local times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtcWindow {
    pub start: Timestamp,
    pub end: Timestamp,
    pub start_offset: Offset,
    /// The offset in force at the last second of the window.
    pub last_offset: Offset,
}

impl UtcWindow {
    /// The window covering the whole local days `days` in `zone`.
    pub fn from_event_days(days: EventDays, zone: &dyn Zone) -> UtcWindow {
        let start = first_instant_at_or_after(zone, days.from.to_datetime(jiff::civil::Time::MIN));
        let after_last = days.to.tomorrow().unwrap_or(days.to);
        let end = first_instant_at_or_after(zone, after_last.to_datetime(jiff::civil::Time::MIN));
        let last_second = crate::civil_text::seconds_later(end, -1);
        UtcWindow {
            start,
            end,
            start_offset: offset_at(zone, start),
            last_offset: offset_at(zone, last_second),
        }
    }

    /// The window as a GitHub search range: both ends inclusive, to the
    /// second, each written in event-local time with its offset, e.g.
    /// `2025-05-19T00:00:00-04:00..2025-05-22T23:59:59-04:00`.
    pub fn github_range(&self) -> String {
        let last = crate::civil_text::seconds_later(self.end, -1);
        format!(
            "{}..{}",
            local_rfc3339(self.start, self.start_offset),
            local_rfc3339(last, self.last_offset)
        )
    }

    /// The offsets in force, as "UTC−04:00", or "UTC+02:00 → UTC+01:00"
    /// when the clocks change during the window.
    pub fn offset_label(&self) -> String {
        let utc = |o: Offset| {
            let text = local_rfc3339(Timestamp::UNIX_EPOCH, o);
            format!("UTC{}", &text[19..]).replace('-', "−")
        };
        if self.start_offset == self.last_offset {
            utc(self.start_offset)
        } else {
            format!("{} → {}", utc(self.start_offset), utc(self.last_offset))
        }
    }

    /// A window given directly in UTC, `[start, end)`.
    pub fn utc(start: Timestamp, end: Timestamp) -> UtcWindow {
        UtcWindow {
            start,
            end,
            start_offset: Offset::UTC,
            last_offset: Offset::UTC,
        }
    }

    /// Whether the two windows share any instant.
    pub fn overlaps(&self, other: &UtcWindow) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `instant` falls inside the window.
    pub fn contains(&self, instant: Timestamp) -> bool {
        self.start <= instant && instant < self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_zone::JiffZone;

    /// Converts `from..=to` in `zone` and compares the GitHub range and the
    /// window's length in hours.
    fn check(zone: &str, from: &str, to: &str, expected_range: &str, expected_hours: f64) {
        let days = EventDays {
            from: from.parse().expect("from"),
            to: to.parse().expect("to"),
        };
        let window = UtcWindow::from_event_days(days, &JiffZone::new(zone));
        assert_eq!(window.github_range(), expected_range, "{zone} {from}..{to}");
        let hours = window.start.duration_until(window.end).as_secs_f64() / 3600.0;
        assert_eq!(hours, expected_hours, "length of {zone} {from}..{to}");
    }

    #[test]
    fn every_window_of_the_shared_table() {
        for case in crate::zone_cases::WINDOW_CASES {
            check(case.zone, case.from, case.to, case.range, case.hours);
        }
    }

    #[test]
    fn every_offset_of_the_shared_table() {
        for case in crate::zone_cases::OFFSET_CASES {
            let instant: Timestamp = case.instant.parse().expect("instant");
            let offset = crate::zone::Zone::offset_seconds_at(&JiffZone::new(case.zone), instant);
            assert_eq!(
                offset, case.offset_seconds,
                "{} at {}",
                case.zone, case.instant
            );
        }
    }

    #[test]
    fn labels_for_people() {
        let label = |zone: &str, from: &str, to: &str| {
            let days = EventDays {
                from: from.parse().expect("from"),
                to: to.parse().expect("to"),
            };
            let window = UtcWindow::from_event_days(days, &JiffZone::new(zone));
            format!("{} ({})", days.label(), window.offset_label())
        };
        assert_eq!(
            label("America/New_York", "2025-05-19", "2025-05-22"),
            "Mon 19 May – Thu 22 May 2025 (UTC−04:00)"
        );
        assert_eq!(
            label("Asia/Seoul", "2025-08-15", "2025-08-15"),
            "Fri 15 Aug 2025 (UTC+09:00)"
        );
        assert_eq!(
            label("Europe/Prague", "2025-12-30", "2026-01-02"),
            "Tue 30 Dec 2025 – Fri 2 Jan 2026 (UTC+01:00)"
        );
        assert_eq!(
            label("Europe/Prague", "2025-10-25", "2025-10-26"),
            "Sat 25 Oct – Sun 26 Oct 2025 (UTC+02:00 → UTC+01:00)"
        );
        assert_eq!(
            label("Asia/Kathmandu", "2025-03-01", "2025-03-01"),
            "Sat 1 Mar 2025 (UTC+05:45)"
        );
    }

    #[test]
    fn contains_is_half_open() {
        let days = EventDays {
            from: "2025-08-15".parse().expect("date"),
            to: "2025-08-15".parse().expect("date"),
        };
        let window = UtcWindow::from_event_days(days, &JiffZone::new("Asia/Seoul"));
        let at = |s: &str| s.parse::<Timestamp>().expect("timestamp");
        assert!(!window.contains(at("2025-08-14T14:59:59Z")));
        assert!(window.contains(at("2025-08-14T15:00:00Z")));
        assert!(window.contains(at("2025-08-15T14:59:59Z")));
        assert!(!window.contains(at("2025-08-15T15:00:00Z")));
        assert_eq!(days.len(), 1);
    }
}
