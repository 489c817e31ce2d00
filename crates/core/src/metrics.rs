//! Every figure the dashboard shows, computed from PR records, a sprint and
//! its baseline windows, and "now". Pure: no I/O, no clock.

use crate::baseline::PlannedWindow;
use crate::event_window::{EventDays, UtcWindow};
use crate::ledger::Ledger;
use crate::pr::{Filters, PrRecord};
use crate::search_query::{figure_queries, QueryKind, Scope};
use crate::sorting::{sort, sort_by_key};
use crate::zone::Zone;
use jiff::Timestamp;
use std::collections::BTreeMap;

/// A window of event-local days, and its bounds in epoch seconds for the
/// passes over the records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricWindow {
    pub days: EventDays,
    pub utc: UtcWindow,
    start: i64,
    end: i64,
}

impl MetricWindow {
    pub fn new(days: EventDays, zone: &dyn Zone) -> MetricWindow {
        let utc = UtcWindow::from_event_days(days, zone);
        MetricWindow {
            days,
            utc,
            start: utc.start.as_second(),
            end: utc.end.as_second(),
        }
    }

    pub fn from_plan(planned: &PlannedWindow, zone: &dyn Zone) -> MetricWindow {
        MetricWindow::new(planned.days, zone)
    }

    /// Whether an instant (epoch seconds) falls in the window. Whole
    /// seconds suffice: GitHub's times have none.
    fn contains(&self, second: i64) -> bool {
        self.start <= second && second < self.end
    }
}

/// What the data layer learnt about authors beyond the records: the instant
/// of each author's first PR to a repository (an author is new to it in a
/// window exactly when the first one is not before its start, so one
/// answer serves every window), and PRs they opened after the sprint. A
/// key present means "checked".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorHistory {
    /// repo → author → first PR instant.
    pub first_in_repo: BTreeMap<String, BTreeMap<String, Timestamp>>,
    /// author → creation instants of PRs they opened after the sprint.
    pub later_prs: BTreeMap<String, Vec<Timestamp>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NewContributors {
    pub count: u64,
    /// Some authors were judged by today's `author_association` for lack of
    /// their history: the count may be off.
    pub approximate: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Counts {
    pub opened: u64,
    pub merged: u64,
    pub closed_unmerged: u64,
}

/// The figures of one window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowFigures {
    pub days: EventDays,
    pub utc: UtcWindow,
    pub totals: Counts,
    /// Opened plus merged: "PRs handled", always labelled as such.
    pub handled: u64,
    /// Distinct authors of PRs opened in the window.
    pub authors: u64,
    pub new_contributors: NewContributors,
    /// Per repository with any activity, sorted by name.
    pub per_repo: BTreeMap<String, Counts>,
    /// Logins of the new contributors, sorted.
    pub newcomers: Vec<String>,
}

/// The figures that get statistics and a lift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Figure {
    Opened,
    Merged,
    ClosedUnmerged,
    Handled,
    Authors,
    NewContributors,
}

impl Figure {
    pub const ALL: [Figure; 6] = [
        Figure::Opened,
        Figure::Merged,
        Figure::ClosedUnmerged,
        Figure::Handled,
        Figure::Authors,
        Figure::NewContributors,
    ];

    /// The name used in `data-metric` attributes and exports.
    pub fn name(self) -> &'static str {
        match self {
            Figure::Opened => "opened",
            Figure::Merged => "merged",
            Figure::ClosedUnmerged => "closed_unmerged",
            Figure::Handled => "handled",
            Figure::Authors => "authors",
            Figure::NewContributors => "new_contributors",
        }
    }

    /// The kinds of search that reproduce this figure, or show the PRs it
    /// was counted from: opened and merged for "handled" (its two parts),
    /// the opened PRs for authors and new contributors (they are read off
    /// that list).
    pub fn search_kinds(self) -> &'static [QueryKind] {
        match self {
            Figure::Opened | Figure::Authors | Figure::NewContributors => &[QueryKind::Opened],
            Figure::Merged => &[QueryKind::Merged],
            Figure::ClosedUnmerged => &[QueryKind::ClosedUnmerged],
            Figure::Handled => &[QueryKind::Opened, QueryKind::Merged],
        }
    }

    /// The searches of `search_kinds` for `scope` and `filters` in
    /// `window`. Each entry may itself be several queries to be summed.
    /// A fetched figure carries the searches that were asked instead
    /// (`WindowRow::searches`); this is for figures read from a file.
    pub fn queries(self, scope: &Scope, filters: &Filters, window: &UtcWindow) -> Vec<Vec<String>> {
        self.search_kinds()
            .iter()
            .map(|kind| figure_queries(*kind, scope, filters, window))
            .collect()
    }

    /// What the page calls the figure, after its number.
    pub fn label(self) -> &'static str {
        match self {
            Figure::Opened => "pull requests opened",
            Figure::Merged => "pull requests merged",
            Figure::ClosedUnmerged => "closed without merging",
            Figure::Handled => "PRs handled (opened + merged)",
            Figure::Authors => "authors",
            Figure::NewContributors => "new contributors",
        }
    }

    pub fn of(self, w: &WindowFigures) -> u64 {
        match self {
            Figure::Opened => w.totals.opened,
            Figure::Merged => w.totals.merged,
            Figure::ClosedUnmerged => w.totals.closed_unmerged,
            Figure::Handled => w.handled,
            Figure::Authors => w.authors,
            Figure::NewContributors => w.new_contributors.count,
        }
    }
}

/// A count over a period after the sprint; `complete` is false while that
/// period has not ended, so the count can still grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Followup {
    pub count: u64,
    pub complete: bool,
}

/// Of the sprint's new contributors, how many came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub newcomers: u64,
    pub within_30_days: Followup,
    pub within_90_days: Followup,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub sprint: WindowFigures,
    pub baseline: Vec<WindowFigures>,
    pub retention: Retention,
}

/// Everything `compute` needs; `now` is when the data was fetched.
pub struct Input<'a> {
    /// The listed PRs, each once, numbered as they arrived.
    pub records: &'a Ledger,
    pub scope: &'a Scope,
    pub sprint: &'a MetricWindow,
    pub baseline: &'a [MetricWindow],
    pub history: Option<&'a AuthorHistory>,
    pub now: Timestamp,
}

pub fn compute(input: &Input) -> Report {
    let prepared = Prepared::new(input);
    let ((sprint, sprint_newcomers), baseline) =
        all_window_figures(&prepared, input.sprint, input.baseline);
    let baseline: Vec<WindowFigures> = baseline.into_iter().map(|(f, _)| f).collect();
    let retention = retention(
        &prepared,
        &sprint,
        &sprint_newcomers,
        input.history,
        input.now,
    );
    Report {
        sprint,
        baseline,
        retention,
    }
}

/// The records in scope (numbered once, by the
/// ledger, so the passes over windows hash no strings), and what is known
/// of each (repo, author) pair's first PR.
struct Prepared<'r> {
    ledger: &'r Ledger,
    ids: Vec<Ids>,
    /// The records' times, packed so the passes over windows stay in cache.
    times: Vec<Times>,
    /// What is known of each (repo, author) pair's first PR, by the
    /// ledger's pair number; `None` for a pair with no record kept.
    pairs: Vec<Option<FirstPr>>,
}

#[derive(Clone, Copy)]
struct Ids {
    repo: u32,
    author: u32,
    /// The (repo, author) pair, numbered by the ledger.
    pair: u32,
    /// Today's association says this was a first contribution.
    first_time_association: bool,
}

/// Epoch seconds; `NEVER` where the event has not happened.
#[derive(Clone, Copy)]
struct Times {
    created: i64,
    merged: i64,
    closed_unmerged: i64,
}

#[derive(Clone, Copy)]
struct FirstPr {
    in_records: Timestamp,
    /// The data layer's answer; `None` when it did not check this pair.
    in_history: Option<Timestamp>,
}

impl<'r> Prepared<'r> {
    fn new(input: &Input<'r>) -> Prepared<'r> {
        let ledger = input.records;
        let n = ledger.records().len();
        let mut prepared = Prepared {
            ledger,
            ids: Vec::with_capacity(n),
            times: Vec::with_capacity(n),
            pairs: vec![None; ledger.pairs()],
        };
        // Facts of a repository, worked out once rather than per record.
        let repo_in_scope: Vec<bool> = (0..ledger.repos() as u32)
            .map(|repo| input.scope.contains_repo(ledger.repo_name(repo)))
            .collect();
        for (pr, numbered) in ledger.records().iter().zip(ledger.numbered()) {
            let (repo, author) = (numbered.repo, numbered.author);
            if !repo_in_scope[repo as usize] {
                continue;
            }
            let pair = numbered.pair;
            match &mut prepared.pairs[pair as usize] {
                Some(first) => first.in_records = first.in_records.min(pr.created_at),
                slot => {
                    *slot = Some(FirstPr {
                        in_records: pr.created_at,
                        in_history: input.history.and_then(|h| h.first_pr(pr)),
                    })
                }
            }
            prepared.ids.push(Ids {
                repo,
                author,
                pair,
                first_time_association: numbered.first_time_association,
            });
            prepared.times.push(Times {
                created: numbered.created,
                merged: numbered.merged,
                closed_unmerged: numbered.closed_unmerged,
            });
        }
        prepared
    }
}

impl AuthorHistory {
    /// The first PR of the PR's author to its repo, if checked.
    fn first_pr(&self, pr: &PrRecord) -> Option<Timestamp> {
        self.first_in_repo
            .get(pr.repo.as_str())
            .and_then(|authors| authors.get(&pr.author))
            .copied()
    }
}

type Counted = (WindowFigures, Vec<u32>);

/// The figures of the sprint and of each baseline window, from one pass
/// over the records where the windows allow it (sorted by start, their ends
/// are sorted too: true of every baseline the planner makes), else from one
/// pass per window.
fn all_window_figures(
    prepared: &Prepared,
    sprint: &MetricWindow,
    baseline: &[MetricWindow],
) -> (Counted, Vec<Counted>) {
    let mut sprint_tally = Tally::new(prepared, sprint);
    let mut tallies: Vec<Tally> = baseline.iter().map(|w| Tally::new(prepared, w)).collect();
    // Window 0 is the sprint, window k > 0 the baseline's k-1.
    let window = |w: usize| {
        if w == 0 {
            sprint
        } else {
            &baseline[w.saturating_sub(1)]
        }
    };
    let mut order: Vec<usize> = (0..=baseline.len()).collect();
    sort_by_key(&mut order, |&w| window(w).start);
    let starts: Vec<i64> = order.iter().map(|&w| window(w).start).collect();
    let ends: Vec<i64> = order.iter().map(|&w| window(w).end).collect();
    let one_pass = ends.is_sorted();
    // Most events (and every "never") fall outside all windows: skip them
    // before any search.
    let (earliest, latest) = (
        starts.first().copied().unwrap_or(0),
        ends.iter().copied().max().unwrap_or(0),
    );
    let mut add = |w: usize, i: usize, event: Event, t: i64| match w.checked_sub(1) {
        None => sprint_tally.add(prepared, i, event, t),
        Some(b) => {
            if let Some(tally) = tallies.get_mut(b) {
                tally.add(prepared, i, event, t);
            }
        }
    };
    for (i, times) in prepared.times.iter().enumerate() {
        for (event, t) in [
            (Event::Opened, times.created),
            (Event::Merged, times.merged),
            (Event::ClosedUnmerged, times.closed_unmerged),
        ] {
            if t < earliest || t >= latest {
                continue;
            }
            if one_pass {
                // The windows containing t: started at or before it, not ended.
                let first = ends.partition_point(|e| *e <= t);
                let past_last = starts.partition_point(|s| *s <= t);
                for &w in order.get(first..past_last).unwrap_or_default() {
                    add(w, i, event, t);
                }
            } else {
                for w in 0..=baseline.len() {
                    add(w, i, event, t);
                }
            }
        }
    }
    (
        sprint_tally.finish(prepared),
        tallies.into_iter().map(|t| t.finish(prepared)).collect(),
    )
}

#[derive(Clone, Copy)]
enum Event {
    Opened,
    Merged,
    ClosedUnmerged,
}

/// One window's figures while they are being counted.
struct Tally<'w> {
    window: &'w MetricWindow,
    totals: Counts,
    per_repo: Vec<Option<Counts>>,
    // Flags by author id: cheaper than hashing in the loop.
    is_author: Vec<bool>,
    is_newcomer: Vec<bool>,
    approximate: bool,
}

impl<'w> Tally<'w> {
    fn new(prepared: &Prepared, window: &'w MetricWindow) -> Tally<'w> {
        Tally {
            window,
            totals: Counts::default(),
            per_repo: vec![None; prepared.ledger.repos()],
            is_author: vec![false; prepared.ledger.authors()],
            is_newcomer: vec![false; prepared.ledger.authors()],
            approximate: false,
        }
    }

    /// Counts record `i`'s `event` at `second` if it falls in the window.
    fn add(&mut self, prepared: &Prepared, i: usize, event: Event, second: i64) {
        if !self.window.contains(second) {
            return;
        }
        let ids = &prepared.ids[i];
        let bump = |c: &mut Counts| match event {
            Event::Opened => c.opened = c.opened.saturating_add(1),
            Event::Merged => c.merged = c.merged.saturating_add(1),
            Event::ClosedUnmerged => c.closed_unmerged = c.closed_unmerged.saturating_add(1),
        };
        bump(&mut self.totals);
        if let Some(slot) = self.per_repo.get_mut(ids.repo as usize) {
            bump(slot.get_or_insert_with(Counts::default));
        }
        if let Event::Opened = event {
            self.is_author[ids.author as usize] = true;
            let first = prepared.pairs.get(ids.pair as usize).copied().flatten();
            match judge(ids.first_time_association, self.window.utc.start, first) {
                Judgement::New { approximate } => {
                    self.approximate |= approximate;
                    self.is_newcomer[ids.author as usize] = true;
                }
                Judgement::Known { approximate } => self.approximate |= approximate,
            }
        }
    }

    fn finish(self, prepared: &Prepared) -> (WindowFigures, Vec<u32>) {
        let newcomers: Vec<u32> = (0..self.is_newcomer.len() as u32)
            .filter(|&a| self.is_newcomer[a as usize])
            .collect();
        let mut newcomer_names: Vec<String> = newcomers
            .iter()
            .map(|&a| prepared.ledger.author_name(a).to_string())
            .collect();
        sort(&mut newcomer_names);
        let window = self.window;
        let figures = WindowFigures {
            days: window.days,
            utc: window.utc,
            handled: self.totals.opened.saturating_add(self.totals.merged),
            totals: self.totals,
            authors: self.is_author.iter().filter(|&&a| a).count() as u64,
            new_contributors: NewContributors {
                count: newcomers.len() as u64,
                approximate: self.approximate,
            },
            per_repo: crate::sorting::btree_map(self.per_repo.into_iter().enumerate().filter_map(
                |(id, counts)| Some((prepared.ledger.repo_name(id as u32).to_string(), counts?)),
            )),
            newcomers: newcomer_names,
        };
        (figures, newcomers)
    }
}

enum Judgement {
    New { approximate: bool },
    Known { approximate: bool },
}

/// An author is new when they had no PR to the repo before
/// the window started. Their first PR is the earliest the records or the
/// data layer know of; with neither, today's association decides, flagged.
fn judge(first_time_association: bool, start: Timestamp, first: Option<FirstPr>) -> Judgement {
    let from_history = first.and_then(|f| f.in_history);
    let earliest = first.map(|f| from_history.map_or(f.in_records, |h| h.min(f.in_records)));
    match earliest {
        Some(first) if first < start => Judgement::Known { approximate: false },
        // The records reach back only so far: without the data layer's
        // answer, "no earlier record" is not proof of a first PR.
        _ if from_history.is_some() => Judgement::New { approximate: false },
        _ if first_time_association => Judgement::New { approximate: true },
        _ => Judgement::Known { approximate: true },
    }
}

fn retention(
    prepared: &Prepared,
    sprint: &WindowFigures,
    newcomers: &[u32],
    history: Option<&AuthorHistory>,
    now: Timestamp,
) -> Retention {
    let (end, now_s) = (sprint.utc.end.as_second(), now.as_second());
    // Each newcomer's PRs after the sprint, gathered in one pass over the
    // packed times; `slot` maps an author id to its newcomer's list.
    let mut slot = vec![u32::MAX; prepared.ledger.authors()];
    for (i, &author) in newcomers.iter().enumerate() {
        slot[author as usize] = i as u32;
    }
    let mut later: Vec<Vec<i64>> = vec![Vec::new(); newcomers.len()];
    for (times, ids) in prepared.times.iter().zip(&prepared.ids) {
        if times.created >= end {
            if let Some(list) = later.get_mut(slot[ids.author as usize] as usize) {
                list.push(times.created);
            }
        }
    }
    if let Some(history) = history {
        for (i, &author) in newcomers.iter().enumerate() {
            let name = prepared.ledger.author_name(author);
            let known = history
                .later_prs
                .get(name)
                .into_iter()
                .flatten()
                .map(|t| t.as_second());
            later[i].extend(known);
        }
    }
    let count = |days: i64| {
        let until = end.saturating_add(days.saturating_mul(86_400));
        let in_period = |t: &i64| end <= *t && *t < until && *t <= now_s;
        Followup {
            count: later
                .iter()
                .filter(|times| times.iter().any(in_period))
                .count() as u64,
            complete: now_s >= until,
        }
    };
    Retention {
        newcomers: sprint.newcomers.len() as u64,
        within_30_days: count(30),
        within_90_days: count(90),
    }
}

#[cfg(test)]
mod tests;
