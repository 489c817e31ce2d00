//! The line above the headline that says which sprint the figures are of:
//! "python · Mon 19 May – Thu 22 May 2025 in America/New_York (UTC−04:00)
//! · compared with 8 ordinary windows".
//!
//! The app writes it from the windows its load planned; the embed card's
//! first paint writes it from the plan alone, before the app has arrived
//! (crates/first-paint). Both go through `context_line`, so the two cannot
//! say different things.

use crate::baseline::plan_baseline;
use crate::event_window::UtcWindow;
use crate::view_state::Sprint;
use crate::zone::Zone;
use jiff::Timestamp;

/// The line for `sprint`, whose own window is `sprint_utc`, compared with
/// `baseline_windows` ordinary windows.
pub fn context_line(sprint: &Sprint, sprint_utc: &UtcWindow, baseline_windows: usize) -> String {
    format!(
        "{} · {} in {} ({}) · compared with {baseline_windows} ordinary windows",
        sprint.scope_label(),
        sprint.days.label(),
        sprint.zone,
        sprint_utc.offset_label(),
    )
}

/// The line as a load of `sprint` planned at `now` will write it, without
/// planning the load (its searches and timeline).
pub fn planned_context_line(sprint: &Sprint, zone: &dyn Zone, now: Timestamp) -> String {
    let sprint_utc = UtcWindow::from_event_days(sprint.days, zone);
    let baseline = plan_baseline(&sprint.baseline, sprint.days, zone, now, &[]);
    context_line(sprint, &sprint_utc, baseline.windows.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch_plan::Mode;
    use crate::test_zone::JiffZone;
    use crate::view_load::ViewLoad;

    fn sprint(query: &str) -> Sprint {
        Sprint::from_query_string(query, "UTC").expect("a valid sprint")
    }

    fn at(instant: &str) -> Timestamp {
        instant.parse().expect("an instant")
    }

    /// query, now → the line.
    const CASES: &[(&str, &str, &str)] = &[
        (
            "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York",
            "2025-12-01T00:00:00Z",
            "python · Mon 19 May – Thu 22 May 2025 in America/New_York (UTC−04:00) · compared with 8 ordinary windows",
        ),
        // Clocks change during the sprint: both offsets.
        (
            "repos=python/cpython&from=2025-10-24&to=2025-10-27&tz=Europe/Prague",
            "2026-03-01T00:00:00Z",
            "python/cpython · Fri 24 Oct – Mon 27 Oct 2025 in Europe/Prague (UTC+02:00 → UTC+01:00) · compared with 8 ordinary windows",
        ),
        // Two weeks after the sprint, before the second week's Thursday
        // has ended in New York: the four weeks before and one after.
        (
            "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York",
            "2025-06-06T00:00:00Z",
            "python · Mon 19 May – Thu 22 May 2025 in America/New_York (UTC−04:00) · compared with 5 ordinary windows",
        ),
    ];

    #[test]
    fn the_line_names_the_sprint_its_zone_and_its_baseline() {
        for (query, now, expected) in CASES {
            let sprint = sprint(query);
            let zone = JiffZone::new(&sprint.zone);
            assert_eq!(
                planned_context_line(&sprint, &zone, at(now)),
                *expected,
                "{query} at {now}"
            );
        }
    }

    /// The first paint's line is the line the app writes from its load's
    /// planned windows.
    #[test]
    fn the_planned_line_is_the_line_of_the_planned_load() {
        for (query, now, _) in CASES {
            let sprint = sprint(query);
            let zone = JiffZone::new(&sprint.zone);
            let (load, fetch) = ViewLoad::plan(&sprint, &zone, Mode::Anonymous, at(now));
            let figures = load.figures(&fetch, at(now));
            let row = figures.sprint_row().expect("a planned sprint window");
            assert_eq!(
                context_line(&sprint, &row.utc, figures.baseline_rows().len()),
                planned_context_line(&sprint, &zone, at(now)),
                "{query} at {now}"
            );
        }
    }
}
