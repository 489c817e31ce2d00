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
                    tally.value += value;
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

    /// Everything that can be asked now, most wanted first: the sprint's
    /// first pages (its headline), the baseline, the rest of the sprint's
    /// listings, the rest of the baseline's, the earlier-PR checks.
    pub fn ready(&self) -> Vec<Ask> {
        let mut tiers: [Vec<Ask>; 5] = Default::default();
        for listing in &self.listings {
            for ask in self.listing_asks(listing) {
                let first = listing.total.is_none();
                let tier = match (listing.window == 0, first) {
                    (true, true) => 0,
                    (false, true) => 1,
                    (true, false) => 2,
                    (false, false) => 3,
                };
                tiers[tier].push(ask);
            }
        }
        for slot in self.counts.iter().filter(|c| c.answer.is_none()) {
            tiers[1].push(Ask {
                topic: Topic::Count {
                    window: slot.window,
                    kind: slot.kind,
                    chunk: slot.chunk,
                },
                query: slot.query.clone(),
                listing: None,
                covers_until: self.windows[slot.window].end,
            });
        }
        // Pairs and follow-ups exist only once they may be asked, or
        // (without a token) to be counted before being judged too costly.
        if !matches!(self.checks, ChecksState::TooCostly { .. }) {
            for (index, pair) in self.pairs.iter().enumerate() {
                if pair.had_earlier.is_none() {
                    tiers[4].push(Ask {
                        topic: Topic::Check { pair: index },
                        query: earlier_pr_query(&pair.repo, &pair.author, pair.before),
                        listing: None,
                        covers_until: pair.before,
                    });
                }
            }
        }
        for (day, (_, utc, parts)) in self.timeline.iter().enumerate() {
            for (chunk, part) in parts.iter().enumerate() {
                if part.is_none() {
                    let scope = &self.scope_chunks[chunk];
                    let query = figure_queries(QueryKind::Opened, scope, &self.filters, utc)
                        .into_iter()
                        .next()
                        .unwrap_or_default();
                    tiers[1].push(Ask {
                        topic: Topic::Day { day, chunk },
                        query,
                        listing: None,
                        covers_until: utc.end,
                    });
                }
            }
        }
        if !matches!(self.later_state, ChecksState::TooCostly { .. }) {
            for (index, later) in self.later.iter().enumerate() {
                if later.answer.is_none() {
                    let period = self.return_period(later.days);
                    let scope = &self.scope_chunks[later.chunk];
                    tiers[4].push(Ask {
                        topic: Topic::Later { index },
                        query: later_pr_query(scope, &later.author, &period),
                        listing: None,
                        covers_until: period.end,
                    });
                }
            }
        }
        // Baseline asks alternate by window within their tier, so each
        // window's figures arrive together rather than one figure at a time.
        sort_by_key(&mut tiers[1], |a| match a.topic {
            Topic::Count { window, kind, .. } | Topic::Page { window, kind, .. } => (kind, window),
            Topic::Check { .. } | Topic::Later { .. } | Topic::Day { .. } => {
                (Kind::ClosedUnmerged, usize::MAX)
            }
        });
        tiers.into_iter().flatten().collect()
    }

    /// The asks to send in one request: the first ready ask without a
    /// token; with one, as many as fit a GraphQL request.
    pub fn next_batch(&self) -> Vec<Ask> {
        let ready = self.ready();
        match self.mode {
            Mode::Anonymous => ready.into_iter().take(1).collect(),
            Mode::Token => {
                let mut nodes = 0;
                let mut batch = Vec::new();
                for ask in ready {
                    if batch.len() == MAX_ALIASES || nodes + ask.nodes() > MAX_NODES {
                        break;
                    }
                    nodes += ask.nodes();
                    batch.push(ask);
                }
                batch
            }
        }
    }

    fn listing_asks(&self, listing: &Listing) -> Vec<Ask> {
        let covers_until = self.windows[listing.window].end;
        let mut asks = Vec::new();
        let topic = |range| Topic::Page {
            window: listing.window,
            kind: listing.kind,
            chunk: listing.chunk,
            range,
        };
        // A range waiting to be counted: its first page counts it.
        if let Some(range) = listing.splitter.next() {
            asks.push(Ask {
                topic: topic(range),
                query: self.range_query(listing, range),
                listing: Some(PageRequest { cursor: None }),
                covers_until,
            });
        }
        for (range, state) in &listing.ranges {
            if let (true, Some(cursor)) = (state.kept, &state.next) {
                asks.push(Ask {
                    topic: topic(*range),
                    query: self.range_query(listing, *range),
                    listing: Some(PageRequest {
                        cursor: Some(cursor.clone()),
                    }),
                    covers_until,
                });
            }
        }
        asks
    }

    /// The query listing `range` of `listing`: the figure's own query for
    /// the whole window, a UTC-dated one for a part of it.
    fn range_query(&self, listing: &Listing, range: Range) -> String {
        let whole = &self.windows[listing.window];
        if range.start == whole.start.as_second() && range.end == whole.end.as_second() {
            return listing.root_query.clone();
        }
        figure_queries(
            listing.kind.query_kind(),
            &listing.scope,
            &self.filters,
            &range.window(),
        )
        .into_iter()
        .next()
        .unwrap_or_default()
    }

    /// Takes GitHub's answer to `ask`. An answer to something no longer
    /// asked (a repeat, or a stale reply) changes nothing.
    pub fn answer(&mut self, ask: &Ask, answer: Answer) -> bool {
        let used = match ask.topic {
            Topic::Count {
                window,
                kind,
                chunk,
            } => self.take_count(window, kind, chunk, &answer),
            Topic::Page {
                window,
                kind,
                chunk,
                range,
            } => self.take_page(window, kind, chunk, range, ask, answer),
            Topic::Check { pair } => match self.pairs.get_mut(pair) {
                Some(p) if p.had_earlier.is_none() => {
                    p.had_earlier = Some(answer.total > 0);
                    // A sprint newcomer, found: with a token, ask at once
                    // whether they came back.
                    let sprint = self.windows.first().map(|w| w.start);
                    if self.mode == Mode::Token && answer.total == 0 && Some(p.before) == sprint {
                        let author = p.author.clone();
                        self.plan_return_of(author);
                    }
                    true
                }
                _ => false,
            },
            Topic::Day { day, chunk } => match self
                .timeline
                .get_mut(day)
                .and_then(|(_, _, parts)| parts.get_mut(chunk))
            {
                Some(slot) if slot.is_none() => {
                    *slot = Some((answer.total, answer.incomplete));
                    true
                }
                _ => false,
            },
            Topic::Later { index } => match self.later.get_mut(index) {
                Some(l) if l.answer.is_none() => {
                    l.answer = Some(answer.total);
                    true
                }
                _ => false,
            },
        };
        if used {
            self.answered += 1;
        }
        self.plan_checks();
        self.plan_later();
        used
    }

    /// The days after the sprint in which a return counts.
    fn return_period(&self, days: i64) -> UtcWindow {
        let end = self
            .windows
            .first()
            .map_or(Timestamp::UNIX_EPOCH, |w| w.end);
        UtcWindow::utc(end, seconds_later(end, 24 * 3600 * days))
    }

    /// The sprint's newcomers: authors with a pair first seen in the
    /// sprint and no PR before it. Sorted.
    fn sprint_newcomers(&self) -> Vec<String> {
        let Some(sprint) = self.windows.first() else {
            return Vec::new();
        };
        let mut newcomers: Vec<String> = self
            .pairs
            .iter()
            .filter(|p| p.before == sprint.start && p.had_earlier == Some(false))
            .map(|p| p.author.clone())
            .collect();
        sort(&mut newcomers);
        newcomers.dedup();
        newcomers
    }

    /// Once every check is answered, settles the follow-ups of the
    /// sprint's newcomers (did they come back?). With a token they were
    /// planned one newcomer at a time as the checks found them; without
    /// one they are planned now, and only if they are few.
    fn plan_later(&mut self) {
        let checked = self.checks == ChecksState::Planned
            && self.pairs.iter().all(|p| p.had_earlier.is_some());
        if self.later_state != ChecksState::Waiting || !checked {
            return;
        }
        if self.mode == Mode::Anonymous {
            for author in self.sprint_newcomers() {
                self.plan_return_of(author);
            }
        }
        self.later_state = self.affordable(self.later.len());
    }

    /// Whether `asks` one-request-each questions are worth asking: always
    /// with a token, a few without.
    fn affordable(&self, asks: usize) -> ChecksState {
        if self.mode == Mode::Anonymous && asks > ANONYMOUS_CHECK_BUDGET {
            ChecksState::TooCostly { pairs: asks }
        } else {
            ChecksState::Planned
        }
    }

    /// Plans whether `author` came back after the sprint, once.
    fn plan_return_of(&mut self, author: String) {
        if self.later.iter().any(|l| l.author == author) {
            return;
        }
        for days in RETURN_PERIODS {
            for chunk in 0..self.scope_chunks.len() {
                self.later.push(Later {
                    author: author.clone(),
                    days,
                    chunk,
                    answer: None,
                });
            }
        }
    }

    /// Whether the follow-ups of the newcomers are planned, waiting or too
    /// costly without a token.
    pub fn followups(&self) -> ChecksState {
        self.later_state
    }

    /// Whether every follow-up is answered.
    pub fn followups_done(&self) -> bool {
        self.later_state == ChecksState::Planned && self.later.iter().all(|l| l.answer.is_some())
    }

    fn take_count(&mut self, window: usize, kind: Kind, chunk: usize, answer: &Answer) -> bool {
        let slot = self
            .counts
            .iter_mut()
            .find(|c| c.window == window && c.kind == kind && c.chunk == chunk);
        match slot {
            Some(slot) if slot.answer.is_none() => {
                slot.answer = Some((answer.total, answer.incomplete));
                true
            }
            _ => false,
        }
    }

    fn take_page(
        &mut self,
        window: usize,
        kind: Kind,
        chunk: usize,
        range: Range,
        ask: &Ask,
        answer: Answer,
    ) -> bool {
        let Some(place) = self
            .listings
            .iter()
            .position(|l| l.window == window && l.kind == kind && l.chunk == chunk)
        else {
            return false;
        };
        let listing = &mut self.listings[place];
        let ledger = &mut self.ledger;
        // In the order `records` gives: by listing, then by time range.
        let mut keep = |items: &[PrRecord]| {
            for pr in items {
                ledger.insert(pr.clone(), (place, range.start));
            }
        };
        let cursor = ask.listing.as_ref().and_then(|p| p.cursor.clone());
        match cursor {
            None => {
                if listing.splitter.next() != Some(range) {
                    return false;
                }
                listing.total.get_or_insert(answer.total);
                listing.incomplete |= answer.incomplete;
                listing.splitter.counted(range, answer.total);
                let kept = answer.total <= MAX_REACHABLE || range.end - range.start <= 1;
                if kept {
                    keep(&answer.items);
                }
                listing.ranges.insert(
                    range,
                    RangeState {
                        items: if kept { answer.items } else { Vec::new() },
                        next: if kept { answer.next } else { None },
                        kept,
                    },
                );
                true
            }
            Some(cursor) => match listing.ranges.get_mut(&range) {
                Some(state) if state.next.as_deref() == Some(cursor.as_str()) => {
                    listing.incomplete |= answer.incomplete;
                    keep(&answer.items);
                    state.items.extend(answer.items);
                    state.next = answer.next;
                    true
                }
                _ => false,
            },
        }
    }

    fn listing_done(listing: &Listing) -> bool {
        listing.splitter.is_done() && listing.ranges.values().all(|r| r.next.is_none())
    }

    /// Works out the (repository, author) pairs to check as the opened-PR
    /// listings complete. A pair is checked for a PR before the earliest
    /// window it appears in, so a window's pairs are final once it and
    /// every window that starts earlier are listed: with a token they are
    /// checked from then on, riding in the requests that still carry
    /// listing pages. Without a token every pair costs a request, so the
    /// pairs are counted first and checked only if they are few.
    fn plan_checks(&mut self) {
        if self.checks != ChecksState::Waiting {
            return;
        }
        let mut order: Vec<usize> = (0..self.windows.len())
            .filter(|w| self.lists_opened(*w))
            .collect();
        sort_by_key(&mut order, |w| self.windows[*w].start);
        let listed = order
            .iter()
            .take_while(|w| {
                self.listings
                    .iter()
                    .filter(|l| l.window == **w && l.kind == Kind::Opened)
                    .all(Self::listing_done)
            })
            .count();
        let complete = listed == order.len();
        if listed == self.pairs_through || (self.mode == Mode::Anonymous && !complete) {
            return;
        }
        // Every pair of the listed windows, as if planned at once; those
        // planned before are final already and stay as they are.
        let mut pairs: BTreeMap<(String, String), Pair> = BTreeMap::new();
        for window in &order[..listed] {
            let start = self.windows[*window].start;
            let listings = self
                .listings
                .iter()
                .filter(|l| l.window == *window && l.kind == Kind::Opened);
            for pr in listings.flat_map(|l| l.ranges.values().flat_map(|r| &r.items)) {
                if crate::pr::login_is_bot(&pr.author) || pr.author.is_empty() {
                    continue;
                }
                let entry = pairs
                    .entry((pr.repo.clone(), pr.author.clone()))
                    .or_insert(Pair {
                        repo: pr.repo.clone(),
                        author: pr.author.clone(),
                        before: start,
                        first_seen: pr.created_at,
                        had_earlier: None,
                    });
                entry.before = entry.before.min(start);
                entry.first_seen = entry.first_seen.min(pr.created_at);
            }
        }
        for planned in &self.pairs {
            pairs.remove(&(planned.repo.clone(), planned.author.clone()));
        }
        self.pairs.extend(pairs.into_values());
        self.pairs_through = listed;
        if complete {
            self.checks = self.affordable(self.pairs.len());
        }
    }

    pub fn checks(&self) -> ChecksState {
        self.checks
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
            left += listing.splitter.next().map_or(0, |_| 1);
            // The pages still to come of each range, from its known total.
            for (range, state) in &listing.ranges {
                if state.kept && state.next.is_some() {
                    let pages = listing_reach(listing, *range).div_ceil(PAGE_SIZE) as usize;
                    let fetched = state.items.len().div_ceil(PAGE_SIZE as usize);
                    left += pages.saturating_sub(fetched).max(1);
                }
            }
        }
        left += self
            .pairs
            .iter()
            .filter(|p| p.had_earlier.is_none())
            .count()
            * usize::from(!matches!(self.checks, ChecksState::TooCostly { .. }));
        (self.answered, left)
    }

    /// The count of `kind` in `window`, once every scope part is known.
    pub fn tally(&self, window: usize, kind: Kind) -> Option<Tally> {
        let mut tally = Tally::default();
        let mut any = false;
        for slot in self
            .counts
            .iter()
            .filter(|c| c.window == window && c.kind == kind)
        {
            let (value, incomplete) = slot.answer?;
            tally.value += value;
            tally.possibly_low |= incomplete;
            any = true;
        }
        for listing in self
            .listings
            .iter()
            .filter(|l| l.window == window && l.kind == kind)
        {
            tally.value += listing.total?;
            tally.possibly_low |= listing.incomplete;
            any = true;
        }
        any.then_some(tally)
    }

    /// Whether every count is known: opened, merged and closed unmerged
    /// in the sprint and each baseline window (what a script asking only
    /// for counts would compute).
    pub fn counts_known(&self) -> bool {
        (0..self.windows.len()).all(|w| Kind::ALL.iter().all(|k| self.tally(w, *k).is_some()))
    }

    /// Whether `window`'s PRs of `kind` are all listed.
    pub fn is_listed(&self, window: usize, kind: Kind) -> bool {
        let mut listings = self
            .listings
            .iter()
            .filter(|l| l.window == window && l.kind == kind)
            .peekable();
        listings.peek().is_some() && listings.all(Self::listing_done)
    }

    /// Whether `window`'s opened PRs are listed at all (with a token, or
    /// the sprint): the windows whose authors can be counted.
    pub fn lists_opened(&self, window: usize) -> bool {
        self.listings
            .iter()
            .any(|l| l.window == window && l.kind == Kind::Opened)
    }

    /// Every PR listed so far, each once, sorted by repository and number.
    /// Every listed PR once, numbered: what the figures are computed from.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Parts of listings GitHub could not list in full (more than 1000 PRs
    /// opened in one second): how many PRs are missing from the records.
    pub fn unlisted(&self) -> u64 {
        self.listings
            .iter()
            .flat_map(|l| l.splitter.parts())
            .filter(|p| p.capped)
            .map(|p| p.total - MAX_REACHABLE)
            .sum()
    }

    /// What the checks found, in the form the metrics take; `None` until
    /// every planned check is answered.
    pub fn history(&self) -> Option<AuthorHistory> {
        if self.checks != ChecksState::Planned {
            return None;
        }
        let mut history = AuthorHistory::default();
        for pair in &self.pairs {
            // An earlier PR is before `before`; without one the first PR is
            // the earliest listed.
            let first = match pair.had_earlier? {
                true => seconds_later(pair.before, -1),
                false => pair.first_seen,
            };
            history
                .first_in_repo
                .entry(pair.repo.clone())
                .or_default()
                .insert(pair.author.clone(), first);
        }
        // A return is known only as "some PR within the period": it is
        // written as one PR at the earliest instant the period allows
        // beyond the shorter one, which is all the metrics look at.
        if self.followups_done() {
            let mut start_of: BTreeMap<&str, Timestamp> = BTreeMap::new();
            let mut periods = RETURN_PERIODS;
            sort(&mut periods);
            for later in self
                .later
                .iter()
                .filter(|l| l.answer.is_some_and(|n| n > 0))
            {
                let shorter = periods.iter().filter(|d| **d < later.days).max().copied();
                let at = self.return_period(shorter.unwrap_or(0)).end;
                let entry = start_of.entry(later.author.as_str()).or_insert(at);
                *entry = (*entry).min(at);
            }
            for (author, at) in start_of {
                history.later_prs.insert(author.to_string(), vec![at]);
            }
        }
        Some(history)
    }
}

/// Results reachable in `range` of `listing` (under the cap).
fn listing_reach(listing: &Listing, range: Range) -> u64 {
    listing
        .splitter
        .parts()
        .iter()
        .find(|p| p.range == range)
        .map_or(0, |p| p.total.min(MAX_REACHABLE))
}

/// Answers every ready ask that `lookup` knows, repeatedly (an answer can
/// make new asks ready), and returns how many it answered. The data layer
/// runs this with its cache before each request, so nothing cached is
/// asked again.
pub fn answer_from(fetch: &mut Fetch, mut lookup: impl FnMut(&Ask) -> Option<Answer>) -> usize {
    let mut answered = 0;
    loop {
        let mut progressed = false;
        for ask in fetch.ready() {
            if let Some(answer) = lookup(&ask) {
                if fetch.answer(&ask, answer) {
                    answered += 1;
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
