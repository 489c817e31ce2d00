//! What loading a view means: its sprint and baseline windows, the days of
//! its timeline, and the `Fetch` that asks for them, planned at "now";
//! then the figures from whatever the fetch knows. Both shells start a
//! load here, so the page and the bake count the same windows.

use crate::baseline::plan_baseline;
use crate::civil_text::add_days;
use crate::event_window::{EventDays, UtcWindow};
use crate::fetch_plan::{Fetch, Mode};
use crate::fetched_figures::{figures, Context, Figures};
use crate::metrics::MetricWindow;
use crate::search_query::Scope;
use crate::view_state::Sprint;
use crate::zone::Zone;
use jiff::Timestamp;

/// Days of the timeline on either side of the sprint.
pub const TIMELINE_DAYS: i64 = 28;

/// The windows a view's figures are counted in.
#[derive(Debug, Clone)]
pub struct ViewLoad {
    pub scope: Scope,
    /// The sprint first, then the baseline windows.
    pub windows: Vec<MetricWindow>,
    /// Days of the timeline that had ended at the start of the load.
    pub timeline_days: usize,
}

impl ViewLoad {
    /// The windows of `sprint` in `zone` as of `now`, and the fetch asking
    /// for their figures in `mode`.
    pub fn plan(sprint: &Sprint, zone: &dyn Zone, mode: Mode, now: Timestamp) -> (ViewLoad, Fetch) {
        let plan = plan_baseline(&sprint.baseline, sprint.days, zone, now, &[]);
        let mut windows = vec![MetricWindow::new(sprint.days, zone)];
        windows.extend(
            plan.windows
                .iter()
                .map(|w| MetricWindow::from_plan(w, zone)),
        );
        let scope = sprint.scope();
        // The timeline: four weeks either side of the sprint, days that
        // have ended only.
        let first = add_days(sprint.days.from, -TIMELINE_DAYS);
        let last = add_days(sprint.days.to, TIMELINE_DAYS);
        let timeline: Vec<(jiff::civil::Date, UtcWindow)> = match (first, last) {
            (Some(first), Some(last)) => EventDays {
                from: first,
                to: last,
            }
            .dates()
            .map(|date| {
                let day = EventDays {
                    from: date,
                    to: date,
                };
                (date, UtcWindow::from_event_days(day, zone))
            })
            .filter(|(_, utc)| utc.end <= now)
            .collect(),
            _ => Vec::new(),
        };
        let timeline_days = timeline.len();
        let fetch = Fetch::new(
            mode,
            &scope,
            sprint.filters(),
            windows.iter().map(|w| w.utc).collect(),
        )
        .with_timeline(timeline);
        let load = ViewLoad {
            scope,
            windows,
            timeline_days,
        };
        (load, fetch)
    }

    /// The figures `fetch` knows, as of `now`.
    pub fn figures(&self, fetch: &Fetch, now: Timestamp) -> Figures {
        let context = Context {
            scope: &self.scope,
            windows: &self.windows,
            now,
            timeline_days: self.timeline_days,
        };
        figures(fetch, &context)
    }
}
