//! When a published site's view needs baking again: a pure function of the
//! view, its zone, "now" and when the site last baked it (its entry in
//! `baked/index.json`). A scheduled publish runs often (every half hour);
//! this decides which runs ask GitHub anything, so a past event costs
//! nothing and an ongoing one stays fresh.
//!
//! The rules, in the event's own days (its zone decides when it ends):
//! - never baked: bake;
//! - before the sprint: once a day (the "before" baseline weeks fill in);
//! - during the sprint: every run;
//! - the first run after it ended, whenever the last bake was before that;
//! - until its settling time (31 days after the end, the afterglow's month,
//!   or later when the last baseline window ends later): once a day;
//! - once more when the settling time has passed, then nothing until the
//!   90-day retention mark has settled (a day after it), then once more;
//! - afterwards never.

use crate::baked_site::{Index, IndexError};
use crate::baseline::BaselineSpec;
use crate::civil_text::{add_days, seconds_later, utc_rfc3339};
use crate::event_window::{EventDays, UtcWindow};
use crate::view_state::{DataView, Sprint};
use crate::zone::Zone;
use jiff::Timestamp;

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;
/// "Once a day" with room for a schedule's drift: a bake made at 10:43
/// is not skipped at 10:41 the next day.
const DAILY: i64 = 23 * HOUR;
/// The afterglow follows a sprint's PRs for a month.
const AFTERGLOW_DAYS: i64 = 31;
/// Retention asks who came back within 90 days; its answers are final a
/// day after that window ends.
const RETENTION_SETTLED_DAYS: i64 = 91;
/// A bake time this far ahead of "now" is not believed.
const CLOCK_SKEW: i64 = HOUR;

/// Whether a view is baked on this run, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub due: bool,
    pub why: Why,
}

/// The reason of a decision; its Display is the sentence the publish
/// command prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Why {
    #[error("never baked")]
    NeverBaked,
    #[error("the site's bake time ({0}) is in the future, so it is not believed")]
    BakedInFuture(Stamp),
    #[error("the sprint starts at {starts}; baked once a day until then, last at {baked}")]
    UpcomingDaily { starts: Stamp, baked: Stamp },
    #[error("the sprint starts at {starts}; already baked at {baked}, next after {next}")]
    UpcomingBaked {
        starts: Stamp,
        baked: Stamp,
        next: Stamp,
    },
    #[error("the sprint is on (until {ends}): baked on every run")]
    Ongoing { ends: Stamp },
    #[error("the sprint ended at {ends}, after the last bake ({baked})")]
    EndedSinceBake { ends: Stamp, baked: Stamp },
    #[error("settling until {until}: baked once a day, last at {baked}")]
    SettlingDaily { until: Stamp, baked: Stamp },
    #[error("settling until {until}: already baked at {baked}, next after {next}")]
    SettlingBaked {
        until: Stamp,
        baked: Stamp,
        next: Stamp,
    },
    #[error("settled at {settled}: baked once more")]
    Settled { settled: Stamp },
    #[error("waiting for the 90-day retention mark: baked once more after {at}")]
    AwaitingRetention { at: Stamp },
    #[error("the 90-day retention mark ({at}) has passed: baked once more")]
    Retention { at: Stamp },
    #[error("final since {at}: never baked again")]
    Final { at: Stamp },
}

/// An instant as the publish command prints it (UTC, to the second).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp(pub Timestamp);

impl std::fmt::Display for Stamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&utc_rfc3339(self.0))
    }
}

/// The instants a sprint's schedule turns on, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Milestones {
    pub starts: Timestamp,
    pub ends: Timestamp,
    /// The end of the daily bakes.
    pub settled: Timestamp,
    /// When the retention figures are final.
    pub retention: Timestamp,
}

impl Milestones {
    pub fn of(sprint: &Sprint, zone: &dyn Zone) -> Milestones {
        let window = UtcWindow::from_event_days(sprint.days, zone);
        let retention = seconds_later(window.end, RETENTION_SETTLED_DAYS * DAY);
        let afterglow = seconds_later(window.end, AFTERGLOW_DAYS * DAY);
        // The last baseline window's answers are final a day after it ends.
        let baseline = last_baseline_days(&sprint.baseline, sprint.days)
            .map(|days| seconds_later(UtcWindow::from_event_days(days, zone).end, DAY))
            .unwrap_or(afterglow);
        Milestones {
            starts: window.start,
            ends: window.end,
            settled: afterglow.max(baseline).min(retention),
            retention,
        }
    }
}

/// The last "after" baseline window, when the baseline has one.
fn last_baseline_days(spec: &BaselineSpec, days: EventDays) -> Option<EventDays> {
    let weeks = i64::from(spec.after);
    if weeks == 0 {
        return None;
    }
    Some(EventDays {
        from: add_days(days.from, weeks.saturating_mul(7))?,
        to: add_days(days.to, weeks.saturating_mul(7))?,
    })
}

/// Whether `sprint` is baked at `now`, given when the site last baked it.
pub fn decide(
    sprint: &Sprint,
    zone: &dyn Zone,
    now: Timestamp,
    baked_at: Option<Timestamp>,
) -> Decision {
    let m = Milestones::of(sprint, zone);
    let due = |why| Decision { due: true, why };
    let not_due = |why| Decision { due: false, why };
    let Some(baked) = baked_at else {
        return due(Why::NeverBaked);
    };
    if baked > seconds_later(now, CLOCK_SKEW) {
        return due(Why::BakedInFuture(Stamp(baked)));
    }
    let next = Stamp(seconds_later(baked, DAILY));
    let a_day_ago = baked <= seconds_later(now, -DAILY);
    if now < m.starts {
        let (starts, baked) = (Stamp(m.starts), Stamp(baked));
        return if a_day_ago {
            due(Why::UpcomingDaily { starts, baked })
        } else {
            not_due(Why::UpcomingBaked {
                starts,
                baked,
                next,
            })
        };
    }
    if now < m.ends {
        return due(Why::Ongoing {
            ends: Stamp(m.ends),
        });
    }
    if baked < m.ends {
        return due(Why::EndedSinceBake {
            ends: Stamp(m.ends),
            baked: Stamp(baked),
        });
    }
    if now < m.settled {
        let (until, baked) = (Stamp(m.settled), Stamp(baked));
        return if a_day_ago {
            due(Why::SettlingDaily { until, baked })
        } else {
            not_due(Why::SettlingBaked { until, baked, next })
        };
    }
    if baked < m.settled {
        return due(Why::Settled {
            settled: Stamp(m.settled),
        });
    }
    if now < m.retention {
        return not_due(Why::AwaitingRetention {
            at: Stamp(m.retention),
        });
    }
    if baked < m.retention {
        return due(Why::Retention {
            at: Stamp(m.retention),
        });
    }
    not_due(Why::Final {
        at: Stamp(m.retention),
    })
}

/// When the site last baked `view`: `None` when it never did, when it has
/// no index, or when its index cannot be read (everything is baked again,
/// and the caller says why).
pub fn baked_at(index: Result<&Index, &IndexError>, view: &DataView) -> Option<Timestamp> {
    index.ok()?.find(view)?.baked_at()
}

/// The views of a views file: one URL query a line, surrounding blanks
/// trimmed, blank lines and `#` comments skipped, a leading `?` dropped.
/// The last line counts with or without a final newline.
pub fn views_file_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.trim_start_matches('?'))
        .collect()
}

#[cfg(test)]
mod tests;
