//! The dashboard's figures from whatever a `Fetch` knows so far: each one
//! a value, still coming, or not available without a token (with why).
//! Called after every answer, so the page fills in as answers arrive.

use crate::afterglow::{baseline_share_within_a_month, fate_queries, Afterglow, Fate};
use crate::baseline::stats;
use crate::event_window::{EventDays, UtcWindow};
use crate::fetch_plan::{ChecksState, Fetch, Kind, Tally};
use crate::lift::{lift, Lift};
use crate::metrics::{compute, Counts, Figure, Input, MetricWindow, Retention};
use crate::pr::Filters;
use crate::pr::PrRecord;
use crate::search_query::Scope;
use jiff::Timestamp;
use std::collections::BTreeMap;
use std::fmt;

/// The figures shown with a lift, in the order the headline shows them.
pub const HEADLINE: [Figure; 5] = [
    Figure::Opened,
    Figure::Merged,
    Figure::ClosedUnmerged,
    Figure::Authors,
    Figure::NewContributors,
];

/// One value for each headline figure, by name: a count cannot be shown
/// under another figure's name by a position gone wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct ByFigure<T> {
    pub opened: T,
    pub merged: T,
    pub closed_unmerged: T,
    pub authors: T,
    pub new_contributors: T,
}

impl<T> ByFigure<T> {
    /// Each headline figure's value from `value`.
    pub fn from_fn(mut value: impl FnMut(Figure) -> T) -> ByFigure<T> {
        ByFigure {
            opened: value(Figure::Opened),
            merged: value(Figure::Merged),
            closed_unmerged: value(Figure::ClosedUnmerged),
            authors: value(Figure::Authors),
            new_contributors: value(Figure::NewContributors),
        }
    }

    /// `figure`'s value; `None` for a figure the headline does not show.
    pub fn get(&self, figure: Figure) -> Option<&T> {
        match figure {
            Figure::Opened => Some(&self.opened),
            Figure::Merged => Some(&self.merged),
            Figure::ClosedUnmerged => Some(&self.closed_unmerged),
            Figure::Authors => Some(&self.authors),
            Figure::NewContributors => Some(&self.new_contributors),
            Figure::Handled => None,
        }
    }

    /// `figure`'s value to change; `None` for a figure the headline does
    /// not show.
    pub fn get_mut(&mut self, figure: Figure) -> Option<&mut T> {
        match figure {
            Figure::Opened => Some(&mut self.opened),
            Figure::Merged => Some(&mut self.merged),
            Figure::ClosedUnmerged => Some(&mut self.closed_unmerged),
            Figure::Authors => Some(&mut self.authors),
            Figure::NewContributors => Some(&mut self.new_contributors),
            Figure::Handled => None,
        }
    }

    /// Each figure with its value, in the headline's order.
    pub fn iter(&self) -> impl Iterator<Item = (Figure, &T)> {
        HEADLINE
            .iter()
            .filter_map(move |&figure| Some((figure, self.get(figure)?)))
    }
}

/// What is known of one figure.
#[derive(Debug, Clone, PartialEq)]
pub enum Known<T> {
    Value(T),
    /// Still being fetched.
    Pending,
    Unavailable(Unavailable),
}

impl<T> Known<T> {
    pub fn value(&self) -> Option<&T> {
        match self {
            Known::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// Why a figure is not fetched without a token; Display is the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unavailable {
    #[error("Counting the baseline's authors means listing every PR of the baseline weeks, which takes many searches at GitHub's anonymous limit of 10 a minute. Add a token to get it.")]
    BaselineListing,
    #[error("Telling who is new takes {pairs} searches, one per author and repository: about {minutes} minutes without a token, a few requests with one.")]
    ManyChecks { pairs: usize, minutes: usize },
    #[error("This snapshot does not include it.")]
    NotInSnapshot,
    #[error("The daily timeline takes one search per day ({days} here): about {minutes} minutes at GitHub's anonymous limit of 10 searches a minute. With a token it comes in the first request.")]
    TimelineNeedsToken { days: usize, minutes: usize },
    #[error("It takes {searches} more searches: about {minutes} minutes without a token, a few requests with one.")]
    ManyFollowups { searches: usize, minutes: usize },
    #[error("Comparing with ordinary weeks means listing every PR of the baseline weeks, which takes many searches at GitHub's anonymous limit of 10 a minute. Add a token to get it.")]
    AfterglowBaseline,
    #[error(
        "No baseline week has had its month after it yet, so there is nothing to compare with."
    )]
    NoBaselineMonth,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WindowRow {
    pub days: EventDays,
    pub utc: UtcWindow,
    pub values: ByFigure<Known<Tally>>,
    /// The searches each value was counted from (or, for authors and new
    /// contributors, whose PRs it was read off), as asked: a figure and its
    /// link are the same query. Each entry may be several queries, summed.
    pub searches: ByFigure<Vec<Vec<String>>>,
}

/// Which window a row is: the sprint, or the ordinary week this many
/// weeks from it (negative: before the sprint).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowName {
    Sprint,
    Baseline { weeks: i64 },
}

impl WindowName {
    /// "the sprint", "4 weeks before", "1 week after".
    pub fn describe(self) -> String {
        match self {
            WindowName::Sprint => "the sprint".to_string(),
            WindowName::Baseline { weeks } => {
                let n = weeks.unsigned_abs();
                let unit = if n == 1 { "week" } else { "weeks" };
                let side = if weeks < 0 { "before" } else { "after" };
                format!("{n} {unit} {side}")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// The sprint first, then the baseline windows in order; empty until
    /// the load planned them. Read them by name with `named_rows`.
    pub rows: Vec<WindowRow>,
    pub lifts: ByFigure<Known<Lift>>,
    /// Of the sprint's new contributors, how many came back.
    pub retention: Known<Retention>,
    /// PRs opened per event-local day around the sprint.
    pub timeline: Known<Vec<(jiff::civil::Date, Tally)>>,
    /// The PRs opened in the sprint, as listed so far.
    pub sprint_records: Vec<crate::pr::PrRecord>,
    /// The sprint per repository, once its listings are complete (empty
    /// before).
    pub per_repo: BTreeMap<String, Counts>,
    /// Logins of the sprint's new contributors, sorted; empty unless that
    /// figure is known exactly.
    pub newcomers: Vec<String>,
    /// What became of the sprint's PRs, once its opened PRs are listed.
    pub afterglow: Known<AfterglowFigures>,
}

/// What became of the sprint's PRs, and the comparison with ordinary weeks.
#[derive(Debug, Clone, PartialEq)]
pub struct AfterglowFigures {
    pub sprint: Afterglow,
    /// When the PRs' states were read: the fates are as of then.
    pub as_of: Timestamp,
    /// Of the baseline weeks' PRs, the share merged within a month of
    /// their week's end (weeks whose month has ended).
    pub baseline_within_a_month: Known<f64>,
    /// Per fate, in `Fate::ALL`'s order, the searches whose counts add up
    /// to it: the sprint's opened PRs (as listed) with the fate's state.
    pub searches: Vec<(Fate, Vec<String>)>,
}

impl AfterglowFigures {
    /// The searches of `fate`'s count.
    pub fn searches_of(&self, fate: Fate) -> &[String] {
        self.searches
            .iter()
            .find(|(f, _)| *f == fate)
            .map_or(&[], |(_, q)| q.as_slice())
    }
}

/// The afterglow's searches of `window` for `scope` under `filters`.
pub fn fate_searches(
    scope: &Scope,
    filters: &Filters,
    window: &UtcWindow,
) -> Vec<(Fate, Vec<String>)> {
    Fate::ALL
        .iter()
        .map(|&fate| (fate, fate_queries(fate, scope, filters, window)))
        .collect()
}

impl Figures {
    /// No window and nothing known yet.
    pub fn empty() -> Figures {
        Figures {
            rows: Vec::new(),
            lifts: ByFigure::from_fn(|_| Known::Pending),
            retention: Known::Pending,
            timeline: Known::Pending,
            sprint_records: Vec::new(),
            per_repo: BTreeMap::new(),
            newcomers: Vec::new(),
            afterglow: Known::Pending,
        }
    }

    /// The sprint's value of `figure`; pending while there is none (no
    /// window yet), never a panic.
    pub fn sprint(&self, figure: Figure) -> &Known<Tally> {
        const PENDING: &Known<Tally> = &Known::Pending;
        self.rows
            .first()
            .and_then(|row| row.values.get(figure))
            .unwrap_or(PENDING)
    }

    /// The sprint's row, once the load planned its windows.
    pub fn sprint_row(&self) -> Option<&WindowRow> {
        self.rows.first()
    }

    /// Why retention is not shown, as the page says it under the cards;
    /// `None` when it is known or pending, and when the new contributors
    /// themselves need a token: their card already says why, and who came
    /// back is asked of them, so it would be the same reason twice.
    pub fn retention_note(&self) -> Option<String> {
        let Known::Unavailable(why) = &self.retention else {
            return None;
        };
        if matches!(self.sprint(Figure::NewContributors), Known::Unavailable(_)) {
            return None;
        }
        Some(format!(
            "Whether new contributors came back needs a token. {why}"
        ))
    }

    /// The ordinary weeks' rows.
    pub fn baseline_rows(&self) -> &[WindowRow] {
        self.rows.get(1..).unwrap_or_default()
    }

    /// Each row with the window it is.
    pub fn named_rows(&self) -> impl Iterator<Item = (WindowName, &WindowRow)> {
        let sprint_start = self.sprint_row().map(|r| r.utc.start.as_second());
        self.rows.iter().enumerate().map(move |(i, row)| {
            let name = match (i, sprint_start) {
                (0, _) | (_, None) => WindowName::Sprint,
                (_, Some(sprint)) => {
                    // Whole weeks apart; an hour's clock change rounds away.
                    let seconds = row.utc.start.as_second().saturating_sub(sprint) as f64;
                    WindowName::Baseline {
                        weeks: (seconds / (7.0 * 86_400.0)).round() as i64,
                    }
                }
            };
            (name, row)
        })
    }

    /// The lift of `figure`; pending while there is none.
    pub fn lift(&self, figure: Figure) -> &Known<Lift> {
        const PENDING: &Known<Lift> = &Known::Pending;
        self.lifts.get(figure).unwrap_or(PENDING)
    }
}

/// Everything the figures need besides the fetch.
pub struct Context<'a> {
    pub scope: &'a Scope,
    /// The sprint, then the baseline windows, as the fetch was planned.
    pub windows: &'a [MetricWindow],
    pub now: Timestamp,
    /// Days the timeline covers (0: no timeline was planned).
    pub timeline_days: usize,
}

pub fn figures(fetch: &Fetch, context: &Context) -> Figures {
    let Some((sprint, baseline)) = context.windows.split_first() else {
        return Figures::empty();
    };
    let ledger = fetch.ledger();
    let records = ledger.records();
    let history = fetch.history();
    // The queries applied the view's filters already: filtering the
    // records again could only make them disagree with their searches.
    let report = compute(&Input {
        records: ledger,
        scope: context.scope,
        sprint,
        baseline,
        history: history.as_ref(),
        now: context.now,
    });
    let rows: Vec<WindowRow> = context
        .windows
        .iter()
        .enumerate()
        .map(|(w, window)| {
            let figures = if w == 0 {
                &report.sprint
            } else {
                &report.baseline[w.saturating_sub(1)]
            };
            let listed_value = |figure: Figure| -> Known<Tally> {
                if !fetch.lists_opened(w) {
                    return Known::Unavailable(Unavailable::BaselineListing);
                }
                if !fetch.is_listed(w, Kind::Opened) {
                    return Known::Pending;
                }
                let possibly_low = fetch.tally(w, Kind::Opened).is_none_or(|t| t.possibly_low);
                Known::Value(Tally {
                    value: figure.of(figures),
                    possibly_low,
                })
            };
            let values = ByFigure {
                opened: counted(fetch, w, Kind::Opened),
                merged: counted(fetch, w, Kind::Merged),
                closed_unmerged: counted(fetch, w, Kind::ClosedUnmerged),
                authors: listed_value(Figure::Authors),
                new_contributors: match fetch.checks() {
                    ChecksState::TooCostly { pairs } => {
                        Known::Unavailable(Unavailable::ManyChecks {
                            pairs,
                            minutes: pairs.div_ceil(10),
                        })
                    }
                    _ if history.is_none() && fetch.lists_opened(w) => Known::Pending,
                    _ => listed_value(Figure::NewContributors),
                },
            };
            let searches = ByFigure::from_fn(|figure| {
                let kinds = figure.search_kinds();
                kinds.iter().map(|kind| fetch.queries(w, *kind)).collect()
            });
            WindowRow {
                days: window.days,
                utc: window.utc,
                values,
                searches,
            }
        })
        .collect();
    let lifts = lifts_of(&rows);
    let sprint_complete = Kind::ALL.iter().all(|k| fetch.is_listed(0, *k));
    let retention = match (fetch.checks(), fetch.followups()) {
        (ChecksState::TooCostly { pairs }, _) => Known::Unavailable(Unavailable::ManyChecks {
            pairs,
            minutes: pairs.div_ceil(10),
        }),
        (_, ChecksState::TooCostly { pairs }) => Known::Unavailable(Unavailable::ManyFollowups {
            searches: pairs,
            minutes: pairs.div_ceil(10),
        }),
        _ if fetch.followups_done() => Known::Value(report.retention),
        _ => Known::Pending,
    };
    // In the order of their repository and number, whatever order the
    // answers came in (the snapshot and the table start from it).
    let mut sprint_records: Vec<PrRecord> = records
        .iter()
        .filter(|r| sprint.utc.contains(r.created_at))
        .cloned()
        .collect();
    crate::sorting::sort_by(&mut sprint_records, |a, b| {
        (&a.repo, a.number).cmp(&(&b.repo, b.number))
    });
    let newcomers_known = matches!(rows[0].values.new_contributors, Known::Value(_));
    let timeline = match (fetch.timeline(), fetch.mode(), context.timeline_days) {
        (Some(days), _, _) => Known::Value(days),
        (None, crate::fetch_plan::Mode::Anonymous, days) if days > 0 => {
            Known::Unavailable(Unavailable::TimelineNeedsToken {
                days,
                minutes: days.div_ceil(10),
            })
        }
        _ => Known::Pending,
    };
    let afterglow = afterglow_of(fetch, records, context);
    Figures {
        rows,
        lifts,
        retention,
        timeline,
        afterglow,
        sprint_records,
        per_repo: if sprint_complete {
            report.sprint.per_repo.clone()
        } else {
            BTreeMap::new()
        },
        newcomers: if newcomers_known {
            report.sprint.newcomers.clone()
        } else {
            Vec::new()
        },
    }
}

/// The sprint's afterglow once its opened PRs are listed; the baseline's
/// once theirs are (with a token).
fn afterglow_of(fetch: &Fetch, records: &[PrRecord], context: &Context) -> Known<AfterglowFigures> {
    let Some((sprint, baseline)) = context.windows.split_first() else {
        return Known::Pending;
    };
    if !fetch.is_listed(0, Kind::Opened) {
        return Known::Pending;
    }
    let baseline_within_a_month = if !(1..context.windows.len()).all(|w| fetch.lists_opened(w)) {
        Known::Unavailable(Unavailable::AfterglowBaseline)
    } else if !(1..context.windows.len()).all(|w| fetch.is_listed(w, Kind::Opened)) {
        Known::Pending
    } else {
        let windows: Vec<UtcWindow> = baseline.iter().map(|w| w.utc).collect();
        match baseline_share_within_a_month(records, &windows, context.now) {
            Some(share) => Known::Value(share),
            None => Known::Unavailable(Unavailable::NoBaselineMonth),
        }
    };
    Known::Value(AfterglowFigures {
        sprint: Afterglow::of(records, &sprint.utc),
        as_of: context.now,
        baseline_within_a_month,
        searches: fate_searches(context.scope, &fetch.filters(), &sprint.utc),
    })
}

/// The lift of each headline figure from the windows' values.
pub fn lifts_of(rows: &[WindowRow]) -> ByFigure<Known<Lift>> {
    ByFigure::from_fn(|figure| lift_of(rows.iter().filter_map(|r| r.values.get(figure))))
}

/// The windows table as CSV: one line per window (the sprint first), UTC
/// bounds, then each headline figure (empty while unknown or unavailable).
pub fn windows_csv(figures: &Figures) -> String {
    let utc = |t: Timestamp| crate::event_window::local_rfc3339(t, jiff::tz::Offset::UTC);
    let mut out = String::from("window,first_day,last_day,start_utc,end_utc");
    for figure in HEADLINE {
        out.push(',');
        out.push_str(figure.name());
    }
    out.push('\n');
    for (name, row) in figures.named_rows() {
        let kind = match name {
            WindowName::Sprint => "sprint",
            WindowName::Baseline { .. } => "baseline",
        };
        out.push_str(&format!(
            "{kind},{},{},{},{}",
            row.days.from,
            row.days.to,
            utc(row.utc.start),
            utc(row.utc.end)
        ));
        for (_, value) in row.values.iter() {
            out.push(',');
            if let Known::Value(t) = value {
                out.push_str(&t.value.to_string());
            }
        }
        out.push('\n');
    }
    out
}

fn counted(fetch: &Fetch, window: usize, kind: Kind) -> Known<Tally> {
    fetch
        .tally(window, kind)
        .map_or(Known::Pending, Known::Value)
}

/// The lift of the first value over the rest, once all are known.
fn lift_of<'a>(mut values: impl Iterator<Item = &'a Known<Tally>>) -> Known<Lift> {
    let sprint = match values.next() {
        Some(Known::Value(t)) => t.value as f64,
        Some(Known::Unavailable(why)) => return Known::Unavailable(*why),
        _ => return Known::Pending,
    };
    let mut baseline = Vec::new();
    for value in values {
        match value {
            Known::Value(t) => baseline.push(t.value as f64),
            Known::Unavailable(why) => return Known::Unavailable(*why),
            Known::Pending => return Known::Pending,
        }
    }
    Known::Value(lift(sprint, stats(&baseline).as_ref()))
}

impl fmt::Display for Known<Tally> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Known::Value(t) => write!(f, "{}", t.value),
            Known::Pending => write!(f, "…"),
            Known::Unavailable(_) => write!(f, "—"),
        }
    }
}

#[cfg(test)]
mod empty_tests {
    use super::*;

    #[test]
    fn figures_with_no_window_say_pending_rather_than_panic() {
        let empty = Figures::empty();
        for figure in HEADLINE {
            assert_eq!(empty.sprint(figure), &Known::Pending);
            assert_eq!(empty.lift(figure), &Known::Pending);
        }
    }
}

#[cfg(test)]
mod retention_note_tests {
    use super::*;

    /// The figures of a sprint whose new contributors are `newcomers` and
    /// whose retention needs a token.
    fn with(newcomers: Known<Tally>) -> Figures {
        let day = crate::civil_text::parse_date("2025-05-19").expect("a date");
        let at = jiff::Timestamp::UNIX_EPOCH;
        let mut values = ByFigure::from_fn(|_| Known::Pending);
        if let Some(slot) = values.get_mut(Figure::NewContributors) {
            *slot = newcomers;
        }
        Figures {
            rows: vec![WindowRow {
                days: EventDays { from: day, to: day },
                utc: UtcWindow::utc(at, at),
                values,
                searches: ByFigure::from_fn(|_| Vec::new()),
            }],
            retention: Known::Unavailable(Unavailable::ManyFollowups {
                searches: 120,
                minutes: 12,
            }),
            ..Figures::empty()
        }
    }

    #[test]
    fn the_token_is_explained_once() {
        let card_says_it = with(Known::Unavailable(Unavailable::ManyChecks {
            pairs: 300,
            minutes: 30,
        }));
        assert_eq!(card_says_it.retention_note(), None);
        let known = with(Known::Value(Tally {
            value: 12,
            possibly_low: false,
        }));
        assert_eq!(
            known.retention_note().as_deref(),
            Some("Whether new contributors came back needs a token. It takes 120 more searches: about 12 minutes without a token, a few requests with one.")
        );
    }
}
