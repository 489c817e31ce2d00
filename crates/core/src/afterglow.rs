//! What became of the sprint's pull requests: each PR opened in a window
//! has one fate as of the load (merged during the window, within 7 days of
//! its end, between 7 and 30 days, later, still open, closed unmerged), so
//! the fates add up to the PRs opened. "Days" are whole 24-hour periods
//! after the instant the window ends. Each fate has the GitHub search that
//! reproduces its count, and the listing of the window's opened PRs
//! (which carries every PR's merge and close times) is all it needs.

use crate::civil_text::{seconds_later, utc_rfc3339};
use crate::event_window::UtcWindow;
use crate::pr::{Filters, PrRecord};
use crate::search_query::{narrowed_queries, QueryKind, Scope};
use jiff::Timestamp;

const DAY: i64 = 86_400;

/// One PR's fate, as of the load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fate {
    MergedDuring,
    MergedWithin7Days,
    MergedWithin30Days,
    MergedLater,
    Open,
    ClosedUnmerged,
}

impl Fate {
    /// Every fate, in the order the page shows them.
    pub const ALL: [Fate; 6] = [
        Fate::MergedDuring,
        Fate::MergedWithin7Days,
        Fate::MergedWithin30Days,
        Fate::MergedLater,
        Fate::Open,
        Fate::ClosedUnmerged,
    ];

    /// The name in `data-metric`, CSV headers and snapshots.
    pub fn name(self) -> &'static str {
        match self {
            Fate::MergedDuring => "outcome_merged_during",
            Fate::MergedWithin7Days => "outcome_merged_7d",
            Fate::MergedWithin30Days => "outcome_merged_30d",
            Fate::MergedLater => "outcome_merged_later",
            Fate::Open => "outcome_open",
            Fate::ClosedUnmerged => "outcome_closed_unmerged",
        }
    }

    /// What the page says of the PRs with this fate.
    pub fn label(self) -> &'static str {
        match self {
            Fate::MergedDuring => "merged during the sprint",
            Fate::MergedWithin7Days => "merged within 7 days after",
            Fate::MergedWithin30Days => "merged 7 to 30 days after",
            Fate::MergedLater => "merged later",
            Fate::Open => "still open",
            Fate::ClosedUnmerged => "closed without merging",
        }
    }

    /// Whether the PRs with this fate were merged within a month of the
    /// window's end (the share compared with ordinary weeks).
    pub fn within_a_month(self) -> bool {
        matches!(
            self,
            Fate::MergedDuring | Fate::MergedWithin7Days | Fate::MergedWithin30Days
        )
    }

    /// Seconds after the window's end where merges of this fate begin and
    /// end (`None`: open-ended), for merged fates.
    fn merge_span(self) -> Option<(Option<i64>, Option<i64>)> {
        match self {
            Fate::MergedDuring => Some((None, Some(0))),
            Fate::MergedWithin7Days => Some((Some(0), Some(7 * DAY))),
            Fate::MergedWithin30Days => Some((Some(7 * DAY), Some(30 * DAY))),
            Fate::MergedLater => Some((Some(30 * DAY), None)),
            Fate::Open | Fate::ClosedUnmerged => None,
        }
    }

    /// Whether this fate's count can still change after `now`: an open PR
    /// can be merged or closed, and a merge can still land in a span that
    /// has not ended.
    pub fn is_final(self, window: &UtcWindow, now: Timestamp) -> bool {
        match self.merge_span() {
            Some((_, Some(until))) => seconds_later(window.end, until) <= now,
            _ => false,
        }
    }
}

/// The fate of `pr`, opened in a window ending at `end`.
pub fn fate(pr: &PrRecord, end: Timestamp) -> Fate {
    match (pr.merged_at, pr.closed_at) {
        (Some(merged), _) => {
            let after = merged.as_second().saturating_sub(end.as_second());
            match after {
                _ if after < 0 => Fate::MergedDuring,
                _ if after < 7 * DAY => Fate::MergedWithin7Days,
                _ if after < 30 * DAY => Fate::MergedWithin30Days,
                _ => Fate::MergedLater,
            }
        }
        (None, Some(_)) => Fate::ClosedUnmerged,
        (None, None) => Fate::Open,
    }
}

/// What became of one window's PRs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Afterglow {
    /// PRs opened in the window.
    pub opened: u64,
    /// One count per fate, in `Fate::ALL` order; they add up to `opened`.
    counts: [u64; 6],
    /// Merges per whole day after the window's end, cumulative: entry `d`
    /// counts the PRs merged before the end of day `d` after it (entry 0
    /// includes those merged during the window).
    pub merged_by_day: Vec<u64>,
}

/// Days after the window's end that `merged_by_day` covers.
pub const CHART_DAYS: usize = 30;

impl Afterglow {
    /// The fates of `records` (the PRs opened in `window`; others are
    /// ignored), as of the time they were listed.
    pub fn of(records: &[PrRecord], window: &UtcWindow) -> Afterglow {
        let mut counts = [0u64; 6];
        let mut per_day = vec![0u64; CHART_DAYS + 1];
        let mut opened: u64 = 0;
        for pr in records.iter().filter(|pr| window.contains(pr.created_at)) {
            opened = opened.saturating_add(1);
            let fate = fate(pr, window.end);
            if let Some(count) =
                counts.get_mut(Fate::ALL.iter().position(|f| *f == fate).unwrap_or(0))
            {
                *count = count.saturating_add(1);
            }
            if let Some(merged) = pr.merged_at {
                let after = merged.as_second().saturating_sub(window.end.as_second());
                let day = if after < 0 { 0 } else { (after / DAY) as usize };
                if let Some(slot) = per_day.get_mut(day) {
                    *slot = slot.saturating_add(1);
                }
            }
        }
        let mut running = 0u64;
        let merged_by_day = per_day
            .into_iter()
            .map(|n| {
                running = running.saturating_add(n);
                running
            })
            .collect();
        Afterglow {
            opened,
            counts,
            merged_by_day,
        }
    }

    /// An afterglow read back (from a snapshot): a count per fate and the
    /// cumulative merges by day; `None` when they do not fit together.
    pub fn from_parts(
        count: impl Fn(Fate) -> Option<u64>,
        merged_by_day: Vec<u64>,
    ) -> Option<Afterglow> {
        let mut counts = [0u64; 6];
        for (slot, fate) in counts.iter_mut().zip(Fate::ALL) {
            *slot = count(fate)?;
        }
        let opened = counts.iter().try_fold(0u64, |sum, n| sum.checked_add(*n))?;
        let merged: u64 = counts[..4].iter().sum();
        let rising = merged_by_day.windows(2).all(|w| w[0] <= w[1]);
        let fits = merged_by_day.len() == CHART_DAYS + 1
            && rising
            && merged_by_day.last().is_some_and(|last| *last <= merged);
        fits.then_some(Afterglow {
            opened,
            counts,
            merged_by_day,
        })
    }

    pub fn count(&self, fate: Fate) -> u64 {
        self.counts[Fate::ALL.iter().position(|f| *f == fate).unwrap_or(0)]
    }

    /// PRs merged within 30 days of the window's end, during it included.
    pub fn merged_within_a_month(&self) -> u64 {
        Fate::ALL
            .iter()
            .filter(|f| f.within_a_month())
            .map(|f| self.count(*f))
            .sum()
    }
}

/// The afterglow as CSV: one line per fate with its count and the
/// searches whose counts add up to it (several for a long scope).
pub fn csv(glow: &Afterglow, queries: impl Fn(Fate) -> Vec<String>) -> String {
    let mut out = String::from("outcome,label,count,searches\n");
    for fate in Fate::ALL {
        // Queries hold no commas or quotes, labels neither: no quoting.
        out.push_str(&format!(
            "{},{},{},{}\n",
            fate.name(),
            fate.label(),
            glow.count(fate),
            queries(fate).join(" ; ")
        ));
    }
    out
}

/// Of the baseline windows whose month after has ended by `now`, the share
/// of their PRs merged within that month (pooled: all such PRs together);
/// `None` when no window qualifies or none opened a PR.
pub fn baseline_share_within_a_month(
    records: &[PrRecord],
    windows: &[UtcWindow],
    now: Timestamp,
) -> Option<f64> {
    let (mut merged, mut opened) = (0u64, 0u64);
    for window in windows
        .iter()
        .filter(|w| Fate::MergedWithin30Days.is_final(w, now))
    {
        let glow = Afterglow::of(records, window);
        merged = merged.saturating_add(glow.merged_within_a_month());
        opened = opened.saturating_add(glow.opened);
    }
    (opened > 0).then(|| merged as f64 / opened as f64)
}

/// The searches whose result counts add up to `fate`'s count: the window's
/// opened PRs with the fate's state and merge dates.
pub fn fate_queries(
    fate: Fate,
    scope: &Scope,
    filters: &Filters,
    window: &UtcWindow,
) -> Vec<String> {
    // Merge instants in UTC, and no `is:merged` (a merge range implies
    // it): with the default filters' five exclusions the query then still
    // fits in 256 characters for an organisation's scope.
    let after_end = |seconds: i64| utc_rfc3339(seconds_later(window.end, seconds));
    let qualifier = match fate.merge_span() {
        Some((from, until)) => {
            let from = from.map_or_else(|| utc_rfc3339(window.start), after_end);
            match until {
                Some(until) => format!("merged:{from}..{}", after_end(until.saturating_sub(1))),
                None => format!("merged:>={from}"),
            }
        }
        None if fate == Fate::Open => "is:open".to_string(),
        None => "is:closed is:unmerged".to_string(),
    };
    narrowed_queries(QueryKind::Opened, &qualifier, scope, filters, window)
}

#[cfg(test)]
mod tests;
