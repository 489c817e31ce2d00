//! What to ask GitHub for a view, in which order, and what the answers
//! add up to. Sans-io: `Fetch` hands out `Ask`s, the data layer answers
//! them (from its cache or from GitHub) and reports back with `answer`; no
//! request is made here and no clock is read.
//!
//! The plan, for a sprint and its baseline windows:
//! - the sprint's PRs are listed three ways (opened in it, merged in it,
//!   closed unmerged in it); the first page of each carries its count, so
//!   the headline needs no separate count request and comes first;
//! - without a token each baseline window gets three counts (one request
//!   each, `per_page=1`); with a token its opened PRs are listed too, so
//!   authors and new contributors get a baseline, and the counts travel as
//!   aliases in the same GraphQL requests;
//! - listings past GitHub's 1000-result cap are split by time;
//! - each (repository, author) pair of the listed windows is checked for
//!   an earlier PR, which decides who is new, and each sprint newcomer for
//!   a later one. With a token these one-node searches start as soon as
//!   their windows are listed, filling the requests that still carry
//!   listing pages; without one each costs a request, so they wait until
//!   every listing is done and are made only if they are few.

mod answering;
mod asking;
mod followups;
mod reading;

use crate::civil_text::seconds_later;
use crate::event_window::UtcWindow;
use crate::ledger::Ledger;
use crate::listing_split::{Range, Splitter, MAX_REACHABLE};
use crate::metrics::AuthorHistory;
use crate::pr::{Filters, PrRecord};
use crate::search_query::{
    earlier_pr_query, figure_queries, later_pr_query, scope_chunks, QueryKind, Scope,
};
use crate::sorting::{sort, sort_by_key};
use asking::listing_reach;
use jiff::Timestamp;
use std::collections::BTreeMap;

/// How GitHub is reached: REST search without a token, GraphQL with one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Anonymous,
    Token,
}

/// Most earlier-PR checks made without a token (one request each, at ten
/// requests a minute): beyond this the figure is offered with a token.
pub const ANONYMOUS_CHECK_BUDGET: usize = 20;
/// Results per listing page, REST and GraphQL alike.
pub const PAGE_SIZE: u64 = 100;
/// Per GraphQL request: at most this many aliased searches…
pub const MAX_ALIASES: usize = 100;
/// …asking for at most this many nodes (GitHub charges about one point
/// per hundred and times out slow requests, so batches stay modest).
pub const MAX_NODES: u64 = 600;

/// Which listing or count an ask belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Topic {
    /// A count of `kind` in window `window` (0 is the sprint), scope part `chunk`.
    Count {
        window: usize,
        kind: Kind,
        chunk: usize,
    },
    /// A page of the listing of `kind` in `window`, scope part `chunk`,
    /// time range `range`.
    Page {
        window: usize,
        kind: Kind,
        chunk: usize,
        range: Range,
    },
    /// Whether pair `pair` had a PR before its earliest listed window.
    Check { pair: usize },
    /// Whether a sprint newcomer opened another PR in the days after it.
    Later { index: usize },
    /// PRs opened on day `day` of the timeline, scope part `chunk`.
    Day { day: usize, chunk: usize },
}

/// `QueryKind` with an order, so topics sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Opened,
    Merged,
    ClosedUnmerged,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Opened, Kind::Merged, Kind::ClosedUnmerged];

    fn query_kind(self) -> QueryKind {
        match self {
            Kind::Opened => QueryKind::Opened,
            Kind::Merged => QueryKind::Merged,
            Kind::ClosedUnmerged => QueryKind::ClosedUnmerged,
        }
    }
}

/// One question for GitHub: the results of `query`, either only their
/// number (`page == None`) or one page of them from `cursor`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ask {
    pub topic: Topic,
    pub query: String,
    pub listing: Option<PageRequest>,
    /// The end of the time the query covers: its answer can change until
    /// then (and a little after, while GitHub's index catches up).
    pub covers_until: Timestamp,
}

/// Where a page starts: `None` for the first page; otherwise the opaque
/// continuation the previous answer gave (a page number on REST, a cursor
/// on GraphQL).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageRequest {
    pub cursor: Option<String>,
}

impl Ask {
    /// GraphQL nodes the ask requests.
    pub fn nodes(&self) -> u64 {
        if self.listing.is_some() {
            PAGE_SIZE
        } else {
            1
        }
    }

    /// Whether its answer can be kept: the time it covers ended more than
    /// a day before `now`.
    pub fn is_settled(&self, now: Timestamp) -> bool {
        seconds_later(self.covers_until, 24 * 3600) < now
    }
}

/// GitHub's answer to an ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub total: u64,
    /// GitHub's search timed out: `total` and the items may be short.
    pub incomplete: bool,
    /// The page's PRs (empty for counts).
    pub items: Vec<PrRecord>,
    /// Where the next page starts, if there is one.
    pub next: Option<String>,
}

/// A count of one figure in one window, summed over scope parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub value: u64,
    pub possibly_low: bool,
}

/// Why the earlier-PR checks are not being made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecksState {
    /// The listings they depend on are still coming.
    Waiting,
    Planned,
    /// Too many pairs to check without a token.
    TooCostly {
        pairs: usize,
    },
}

#[derive(Debug, Clone)]
struct Listing {
    window: usize,
    kind: Kind,
    chunk: usize,
    scope: Scope,
    root_query: String,
    splitter: Splitter,
    /// Per range `counted` so far: its items and where its next page starts.
    ranges: BTreeMap<Range, RangeState>,
    /// The count of the whole window, from the first answer.
    total: Option<u64>,
    incomplete: bool,
}

#[derive(Debug, Clone, Default)]
struct RangeState {
    items: Vec<PrRecord>,
    next: Option<String>,
    /// Part of the result: the range fits under the cap.
    kept: bool,
}

#[derive(Debug, Clone)]
struct CountSlot {
    window: usize,
    kind: Kind,
    chunk: usize,
    query: String,
    answer: Option<(u64, bool)>,
}

/// Days after the sprint in which a newcomer's return is counted.
pub const RETURN_PERIODS: [i64; 2] = [30, 90];

#[derive(Debug, Clone)]
struct Later {
    author: String,
    days: i64,
    chunk: usize,
    answer: Option<u64>,
}

#[derive(Debug, Clone)]
struct Pair {
    repo: String,
    author: String,
    /// The start of the earliest listed window the pair appears in.
    before: Timestamp,
    /// Their first PR seen in the listings.
    first_seen: Timestamp,
    had_earlier: Option<bool>,
}

/// A timeline day, its window, and per scope part its count (and whether
/// that count may be low), once answered.
type TimelineDay = (jiff::civil::Date, UtcWindow, Vec<Option<(u64, bool)>>);

/// The fetch of one view: what is known and what to ask next.
#[derive(Debug, Clone)]
pub struct Fetch {
    mode: Mode,
    filters: Filters,
    windows: Vec<UtcWindow>,
    listings: Vec<Listing>,
    counts: Vec<CountSlot>,
    pairs: Vec<Pair>,
    /// Windows (in order of start) whose pairs are in `pairs`.
    pairs_through: usize,
    checks: ChecksState,
    /// The scope's parts, for the follow-up queries.
    scope_chunks: Vec<Scope>,
    later: Vec<Later>,
    later_state: ChecksState,
    /// The timeline's days (event-local, as UTC windows) and their counts
    /// per scope part; empty unless asked for.
    timeline: Vec<TimelineDay>,
    answered: usize,
    /// Every listed PR once, numbered as it arrived, for the figures.
    ledger: Ledger,
}

impl Fetch {
    /// Plans the fetch of `windows[0]` (the sprint) and the baseline windows
    /// after it, for `scope` under `filters`.
    pub fn new(mode: Mode, scope: &Scope, filters: Filters, windows: Vec<UtcWindow>) -> Fetch {
        let mut fetch = Fetch {
            mode,
            filters,
            windows,
            listings: Vec::new(),
            counts: Vec::new(),
            pairs: Vec::new(),
            pairs_through: 0,
            checks: ChecksState::Waiting,
            scope_chunks: Vec::new(),
            later: Vec::new(),
            later_state: ChecksState::Waiting,
            timeline: Vec::new(),
            answered: 0,
            ledger: Ledger::default(),
        };
        if let Some(sprint) = fetch.windows.first() {
            fetch.scope_chunks = scope_chunks(QueryKind::Opened, scope, &filters, sprint);
        }
        for (window, utc) in fetch.windows.iter().enumerate() {
            for kind in Kind::ALL {
                let query_kind = kind.query_kind();
                let chunks = scope_chunks(query_kind, scope, &filters, utc);
                let queries = figure_queries(query_kind, scope, &filters, utc);
                let listed = window == 0 || (mode == Mode::Token && kind == Kind::Opened);
                for (chunk, (part, query)) in chunks.into_iter().zip(queries).enumerate() {
                    if listed {
                        fetch.listings.push(Listing {
                            window,
                            kind,
                            chunk,
                            scope: part,
                            root_query: query,
                            splitter: Splitter::new(utc),
                            ranges: BTreeMap::new(),
                            total: None,
                            incomplete: false,
                        });
                    } else {
                        fetch.counts.push(CountSlot {
                            window,
                            kind,
                            chunk,
                            query,
                            answer: None,
                        });
                    }
                }
            }
        }
        fetch
    }

    /// Adds a per-day count of opened PRs over `days` (the timeline
    /// chart). One alias per day and scope part: with a token they ride in
    /// the first requests; without one they would cost a request each, so
    /// the planner leaves them out and the figures say why.
    pub fn with_timeline(mut self, days: Vec<(jiff::civil::Date, UtcWindow)>) -> Fetch {
        if self.mode == Mode::Token {
            let parts = self.scope_chunks.len();
            self.timeline = days
                .into_iter()
                .map(|(date, utc)| (date, utc, vec![None; parts]))
                .collect();
        }
        self
    }

    /// PRs opened per timeline day, once every day is counted; `None`
    /// before (or without a timeline).
    pub fn timeline(&self) -> Option<Vec<(jiff::civil::Date, Tally)>> {
        if self.timeline.is_empty() {
            return None;
        }
        self.timeline
            .iter()
            .map(|(date, _, parts)| {
                let mut tally = Tally::default();
                for part in parts {
                    let (value, incomplete) = (*part)?;
                    tally.value = tally.value.saturating_add(value);
                    tally.possibly_low |= incomplete;
                }
                Some((*date, tally))
            })
            .collect()
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn windows(&self) -> &[UtcWindow] {
        &self.windows
    }

    /// Whether nothing is left to ask.
    pub fn is_done(&self) -> bool {
        self.ready().is_empty()
            && self.checks != ChecksState::Waiting
            && (self.later_state != ChecksState::Waiting
                || matches!(self.checks, ChecksState::TooCostly { .. }))
    }

    /// Asks answered so far, and an estimate of those still to come (pages
    /// not yet known to exist are not in it).
    pub fn progress(&self) -> (usize, usize) {
        let mut left = self.counts.iter().filter(|c| c.answer.is_none()).count();
        for listing in &self.listings {
            left = left.saturating_add(listing.splitter.next().map_or(0, |_| 1));
            // The pages still to come of each range, from its known total.
            for (range, state) in &listing.ranges {
                if state.kept && state.next.is_some() {
                    let pages = listing_reach(listing, *range).div_ceil(PAGE_SIZE) as usize;
                    let fetched = state.items.len().div_ceil(PAGE_SIZE as usize);
                    left = left.saturating_add(pages.saturating_sub(fetched).max(1));
                }
            }
        }
        let checks = self
            .pairs
            .iter()
            .filter(|p| p.had_earlier.is_none())
            .count()
            .saturating_mul(usize::from(!matches!(
                self.checks,
                ChecksState::TooCostly { .. }
            )));
        left = left.saturating_add(checks);
        (self.answered, left)
    }
}

/// Answers every ready ask that `lookup` knows, repeatedly (an answer can
/// make new asks ready), and returns how many it answered. The data layer
/// runs this with its cache before each request, so nothing cached is
/// asked again.
pub fn answer_from(fetch: &mut Fetch, mut lookup: impl FnMut(&Ask) -> Option<Answer>) -> usize {
    let mut answered: usize = 0;
    loop {
        let mut progressed = false;
        for ask in fetch.ready() {
            if let Some(answer) = lookup(&ask) {
                if fetch.answer(&ask, answer) {
                    answered = answered.saturating_add(1);
                    progressed = true;
                }
            }
        }
        if !progressed {
            return answered;
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
