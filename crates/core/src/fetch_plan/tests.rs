//! The planner against a fake GitHub that answers from a list of records
//! by an ask's topic (the query text itself is tested against the stand-in
//! end to end).

use super::*;
use crate::event_window::EventDays;
use crate::fetched_figures::{figures, ByFigure, Context, Known};
use crate::metrics::{Figure, MetricWindow};
use crate::pr::fixtures::{closed, merged, pr};
use crate::sorting::sort_by;
use crate::test_zone::JiffZone;
use jiff::SignedDuration;
use std::collections::BTreeSet;

const ZONE: &str = "America/New_York";

fn days(from: &str, to: &str) -> EventDays {
    EventDays {
        from: from.parse().expect("from"),
        to: to.parse().expect("to"),
    }
}

/// The sprint 2025-05-19..22 and the same weekdays `weeks` weeks around it.
pub(crate) fn windows(weeks: i64) -> Vec<MetricWindow> {
    let zone = JiffZone::new(ZONE);
    let sprint = days("2025-05-19", "2025-05-22");
    let mut all = vec![MetricWindow::new(sprint, &zone)];
    for w in (-weeks..=weeks).filter(|w| *w != 0) {
        let shift =
            |d: jiff::civil::Date| d.checked_add(jiff::Span::new().days(7 * w)).expect("date");
        let shifted = EventDays {
            from: shift(sprint.from),
            to: shift(sprint.to),
        };
        all.push(MetricWindow::new(shifted, &zone));
    }
    all
}

/// `n` PRs spread over 2025-04-01..2025-07-01 by a fixed recipe, with a
/// burst of `burst` more inside the sprint; about half merged, a tenth
/// closed unmerged; authors drawn from a pool so some return.
pub(crate) fn records(n: usize, burst: usize) -> Vec<PrRecord> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |m: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % m
    };
    let start: Timestamp = "2025-04-01T00:00:00Z".parse().expect("start");
    let sprint: Timestamp = "2025-05-19T04:00:00Z".parse().expect("sprint");
    let mut all = Vec::new();
    for i in 0..n + burst {
        let created = if i < n {
            start + SignedDuration::from_secs(next(91 * 86_400) as i64)
        } else {
            sprint + SignedDuration::from_secs(next(4 * 86_400) as i64)
        };
        let repo = ["python/cpython", "python/peps", "python/mypy"][next(3) as usize];
        // Some of the burst are newcomers; some of those come back later.
        let author = if i >= n && next(3) == 0 {
            format!("sprinter{}", next(20))
        } else {
            format!("dev{}", next(60))
        };
        let mut record = pr(repo, &author, &created.to_string());
        record.number = i as u64 + 1;
        let later = created + SignedDuration::from_secs(next(10 * 86_400) as i64 + 60);
        record = match next(10) {
            0..=4 => merged(record, &later.to_string()),
            5 => closed(record, &later.to_string()),
            _ => record,
        };
        all.push(record);
    }
    if burst > 0 {
        for k in 0..10 {
            let back = sprint + SignedDuration::from_hours(24 * (4 + 7 * k));
            let mut record = pr("python/peps", &format!("sprinter{k}"), &back.to_string());
            record.number = (n + burst + k as usize + 1) as u64;
            all.push(record);
        }
    }
    all
}

/// The time of `record`'s event of `kind`, if it had one.
fn event(record: &PrRecord, kind: Kind) -> Option<Timestamp> {
    match kind {
        Kind::Opened => Some(record.created_at),
        Kind::Merged => record.merged_at,
        Kind::ClosedUnmerged => record
            .merged_at
            .is_none()
            .then_some(record.closed_at)
            .flatten(),
    }
}

/// The value of qualifier `name` (with its colon) in `query`.
fn field(query: &str, name: &str) -> String {
    query
        .split(' ')
        .find_map(|t| t.strip_prefix(name))
        .expect("field")
        .to_string()
}

/// GitHub as a function of the records: pages of 100, at most 1000
/// reachable, page numbers as cursors.
pub(crate) fn answer(records: &[PrRecord], fetch: &Fetch, ask: &Ask) -> Answer {
    let windows = fetch.windows();
    let in_range = |t: Option<Timestamp>, start: i64, end: i64| {
        t.is_some_and(|t| (start..end).contains(&t.as_second()))
    };
    let (matching, page): (Vec<&PrRecord>, Option<usize>) = match &ask.topic {
        Topic::Count { window, kind, .. } => {
            let w = windows[*window];
            let m = records
                .iter()
                .filter(|r| in_range(event(r, *kind), w.start.as_second(), w.end.as_second()))
                .collect();
            (m, None)
        }
        Topic::Page { kind, range, .. } => {
            let m = records
                .iter()
                .filter(|r| in_range(event(r, *kind), range.start, range.end))
                .collect();
            let cursor = ask.listing.as_ref().and_then(|l| l.cursor.as_deref());
            (m, Some(cursor.map_or(1, |c| c.parse().expect("page"))))
        }
        Topic::Day { .. } => {
            // "org:python is:pr created:FROM..TO", both ends inclusive.
            let range = field(&ask.query, "created:");
            let (from, to) = range.split_once("..").expect("range");
            let (from, to): (Timestamp, Timestamp) =
                (from.parse().expect("from"), to.parse().expect("to"));
            let m = records
                .iter()
                .filter(|r| from <= r.created_at && r.created_at <= to)
                .collect();
            (m, None)
        }
        Topic::Later { .. } => {
            // "org:python is:pr author:A created:FROM..TO", both ends inclusive.
            let field = |name: &str| field(&ask.query, name);
            let range = field("created:");
            let (from, to) = range.split_once("..").expect("range");
            let (from, to): (Timestamp, Timestamp) =
                (from.parse().expect("from"), to.parse().expect("to"));
            let author = field("author:");
            let m = records
                .iter()
                .filter(|r| r.author == author && from <= r.created_at && r.created_at <= to)
                .collect();
            (m, None)
        }
        Topic::Check { .. } => {
            // "is:pr repo:R author:A created:<T"
            let field = |name: &str| field(&ask.query, name);
            let before: Timestamp = field("created:<").parse().expect("instant");
            let (repo, author) = (field("repo:"), field("author:"));
            let m = records
                .iter()
                .filter(|r| r.repo == repo && r.author == author && r.created_at < before)
                .collect();
            (m, None)
        }
    };
    let total = matching.len() as u64;
    let Some(page) = page else {
        return Answer {
            total,
            incomplete: false,
            items: Vec::new(),
            next: None,
        };
    };
    let reachable = matching.len().min(1000);
    let from = ((page - 1) * 100).min(reachable);
    let to = (page * 100).min(reachable);
    Answer {
        total,
        incomplete: false,
        items: matching[from..to].iter().map(|r| (*r).clone()).collect(),
        next: (to < reachable).then(|| (page + 1).to_string()),
    }
}

/// Runs a fetch to the end; returns it and the requests it took.
fn run(mode: Mode, records: &[PrRecord], windows: &[MetricWindow]) -> (Fetch, usize) {
    let utc = windows.iter().map(|w| w.utc).collect();
    let mut fetch = Fetch::new(mode, &Scope::org("python"), Filters::none(), utc);
    let mut requests = 0;
    loop {
        let batch = fetch.next_batch();
        if batch.is_empty() {
            break;
        }
        requests += 1;
        for ask in batch {
            let answer = answer(records, &fetch, &ask);
            fetch.answer(&ask, answer);
        }
        assert!(requests < 10_000, "the fetch never ends");
    }
    assert!(fetch.is_done());
    (fetch, requests)
}

/// Counts straight from the records: the oracle.
pub(crate) fn oracle(records: &[PrRecord], window: &MetricWindow, kind: Kind) -> u64 {
    records
        .iter()
        .filter(|r| event(r, kind).is_some_and(|t| window.utc.contains(t)))
        .count() as u64
}

pub(crate) fn now() -> Timestamp {
    "2025-09-01T00:00:00Z".parse().expect("now")
}

pub(crate) fn values(fetch: &Fetch, windows: &[MetricWindow]) -> Vec<ByFigure<Known<Tally>>> {
    let scope = Scope::org("python");
    let context = Context {
        scope: &scope,
        windows,
        now: now(),
        timeline_days: 0,
    };
    figures(fetch, &context)
        .rows
        .into_iter()
        .map(|r| r.values)
        .collect()
}

fn figures_of(fetch: &Fetch, windows: &[MetricWindow]) -> crate::fetched_figures::Figures {
    let scope = Scope::org("python");
    figures(
        fetch,
        &Context {
            scope: &scope,
            windows,
            now: now(),
            timeline_days: 0,
        },
    )
}

pub(crate) fn value(known: &Known<Tally>) -> Option<u64> {
    known.value().map(|t| t.value)
}

#[test]
fn the_headline_is_asked_first() {
    let windows = windows(2);
    let utc = windows.iter().map(|w| w.utc).collect();
    let fetch = Fetch::new(Mode::Anonymous, &Scope::org("python"), Filters::none(), utc);
    let ready = fetch.ready();
    let topics: Vec<String> = ready
        .iter()
        .map(|a| match a.topic {
            Topic::Page { window, kind, .. } => format!("page {window} {kind:?}"),
            Topic::Count { window, kind, .. } => format!("count {window} {kind:?}"),
            Topic::Check { pair } => format!("check {pair}"),
            Topic::Later { index } => format!("later {index}"),
            Topic::Day { day, .. } => format!("day {day}"),
        })
        .collect();
    assert_eq!(
        topics,
        [
            "page 0 Opened",
            "page 0 Merged",
            "page 0 ClosedUnmerged",
            "count 1 Opened",
            "count 2 Opened",
            "count 3 Opened",
            "count 4 Opened",
            "count 1 Merged",
            "count 2 Merged",
            "count 3 Merged",
            "count 4 Merged",
            "count 1 ClosedUnmerged",
            "count 2 ClosedUnmerged",
            "count 3 ClosedUnmerged",
            "count 4 ClosedUnmerged",
        ]
    );
    assert_eq!(fetch.next_batch().len(), 1);
    assert_eq!(
        ready[0].query,
        "org:python is:pr created:2025-05-19T00:00:00-04:00..2025-05-22T23:59:59-04:00"
    );
}

#[test]
fn both_modes_give_the_oracles_counts() {
    let windows = windows(4);
    let records = records(3000, 400);
    for mode in [Mode::Anonymous, Mode::Token] {
        let (fetch, _) = run(mode, &records, &windows);
        let rows = values(&fetch, &windows);
        for (w, window) in windows.iter().enumerate() {
            for kind in Kind::ALL {
                let figure = match kind {
                    Kind::Opened => Figure::Opened,
                    Kind::Merged => Figure::Merged,
                    Kind::ClosedUnmerged => Figure::ClosedUnmerged,
                };
                assert_eq!(
                    rows[w].get(figure).and_then(value),
                    Some(oracle(&records, window, kind)),
                    "{mode:?} window {w} {kind:?}"
                );
            }
        }
    }
}

#[test]
fn a_token_lists_the_baseline_and_checks_every_pair() {
    let windows = windows(4);
    let records = records(3000, 400);
    let (anonymous, anonymous_requests) = run(Mode::Anonymous, &records, &windows);
    let (token, token_requests) = run(Mode::Token, &records, &windows);
    let a = values(&anonymous, &windows);
    let t = values(&token, &windows);
    // The sprint's authors agree; anonymously the baseline has none, and
    // 60 authors in 3 repositories are too many pairs to check.
    assert_eq!(value(&a[0].authors), value(&t[0].authors));
    let sprint_authors: BTreeSet<&str> = records
        .iter()
        .filter(|r| windows[0].utc.contains(r.created_at))
        .map(|r| r.author.as_str())
        .collect();
    assert_eq!(value(&t[0].authors), Some(sprint_authors.len() as u64));
    assert!(matches!(a[1].authors, Known::Unavailable(_)));
    assert!(matches!(a[0].new_contributors, Known::Unavailable(_)));
    assert!(matches!(anonymous.checks(), ChecksState::TooCostly { .. }));
    // With a token every window has new contributors, from exact checks.
    for (w, window) in windows.iter().enumerate() {
        let expected = records
            .iter()
            .filter(|r| window.utc.contains(r.created_at))
            .filter(|r| {
                !records.iter().any(|o| {
                    o.repo == r.repo && o.author == r.author && o.created_at < window.utc.start
                })
            })
            .map(|r| &r.author)
            .collect::<BTreeSet<_>>()
            .len() as u64;
        assert_eq!(value(&t[w].new_contributors), Some(expected), "window {w}");
    }
    // Retention: of the sprint's newcomers, those with a PR within 30 and
    // 90 days after it.
    let end = windows[0].utc.end;
    let newcomers: BTreeSet<&str> = records
        .iter()
        .filter(|r| windows[0].utc.contains(r.created_at))
        .filter(|r| {
            !records.iter().any(|o| {
                o.repo == r.repo && o.author == r.author && o.created_at < windows[0].utc.start
            })
        })
        .map(|r| r.author.as_str())
        .collect();
    let came_back = |days: i64| {
        let until = end + SignedDuration::from_hours(24 * days);
        newcomers
            .iter()
            .filter(|a| {
                records
                    .iter()
                    .any(|r| r.author == **a && end <= r.created_at && r.created_at < until)
            })
            .count() as u64
    };
    let Known::Value(retention) = figures_of(&token, &windows).retention else {
        panic!("the retention is known once the follow-ups are done");
    };
    assert_eq!(retention.newcomers, newcomers.len() as u64);
    assert_eq!(retention.within_30_days.count, came_back(30));
    assert_eq!(retention.within_90_days.count, came_back(90));
    assert!(came_back(30) > 0);
    // The token's requests stay within 1 + ceil(listed / 100) plus one
    // request per hundred checks; far fewer than anonymous.
    let listed: u64 = (0..windows.len())
        .map(|w| oracle(&records, &windows[w], Kind::Opened))
        .sum::<u64>()
        + oracle(&records, &windows[0], Kind::Merged)
        + oracle(&records, &windows[0], Kind::ClosedUnmerged);
    let pairs = token.pairs.len() + token.later.len();
    assert!(
        token_requests as u64 <= 1 + listed.div_ceil(100) + pairs.div_ceil(MAX_ALIASES) as u64,
        "{token_requests} requests for {listed} PRs and {pairs} pairs"
    );
    assert!(token_requests < anonymous_requests);
}

#[test]
fn few_pairs_are_checked_without_a_token() {
    let windows = windows(1);
    let mut few = records(0, 0);
    for (i, (repo, author, at)) in [
        ("python/peps", "ann", "2025-05-19T15:00:00Z"),
        ("python/peps", "ann", "2025-05-20T15:00:00Z"),
        ("python/peps", "bob", "2025-05-20T16:00:00Z"),
        ("python/peps", "bob", "2025-03-01T16:00:00Z"),
        ("python/mypy", "ann", "2025-05-21T15:00:00Z"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut record = pr(repo, author, at);
        record.number = i as u64;
        few.push(record);
    }
    let (fetch, requests) = run(Mode::Anonymous, &few, &windows);
    // ann is new (to both repositories); bob had a PR in March.
    assert_eq!(
        value(&values(&fetch, &windows)[0].new_contributors),
        Some(1)
    );
    // 3 sprint pages, 6 baseline counts, 3 checks, 2 follow-ups of ann.
    assert_eq!(requests, 14);
}

#[test]
fn listings_past_the_cap_are_split_and_exact() {
    let windows = windows(1);
    let records = records(500, 2600);
    let (fetch, _) = run(Mode::Token, &records, &windows);
    let opened = oracle(&records, &windows[0], Kind::Opened);
    assert!(opened > 2000);
    assert_eq!(fetch.tally(0, Kind::Opened).map(|t| t.value), Some(opened));
    let listed = fetch
        .ledger()
        .records()
        .iter()
        .filter(|r| windows[0].utc.contains(r.created_at))
        .count() as u64;
    assert_eq!(listed, opened);
    assert_eq!(fetch.unlisted(), 0);
}

#[test]
fn a_cached_revisit_asks_nothing() {
    let windows = windows(2);
    let records = records(800, 100);
    let utc: Vec<UtcWindow> = windows.iter().map(|w| w.utc).collect();
    let mut cache: BTreeMap<Ask, Answer> = BTreeMap::new();
    let mut first = Fetch::new(
        Mode::Anonymous,
        &Scope::org("python"),
        Filters::none(),
        utc.clone(),
    );
    while let Some(ask) = first.next_batch().pop() {
        let answer = answer(&records, &first, &ask);
        cache.insert(ask.clone(), answer.clone());
        first.answer(&ask, answer);
    }
    let mut again = Fetch::new(Mode::Anonymous, &Scope::org("python"), Filters::none(), utc);
    let replayed = answer_from(&mut again, |ask| cache.get(ask).cloned());
    assert_eq!(replayed, cache.len());
    assert!(again.next_batch().is_empty());
    assert!(again.is_done());
    assert_eq!(values(&again, &windows), values(&first, &windows));
}

#[test]
fn partial_progress_resumes_where_it_stopped() {
    let windows = windows(2);
    let records = records(800, 100);
    let utc: Vec<UtcWindow> = windows.iter().map(|w| w.utc).collect();
    let mut cache: BTreeMap<Ask, Answer> = BTreeMap::new();
    let mut first = Fetch::new(
        Mode::Anonymous,
        &Scope::org("python"),
        Filters::none(),
        utc.clone(),
    );
    for _ in 0..5 {
        let ask = first.next_batch().pop().expect("ask");
        let answer = answer(&records, &first, &ask);
        cache.insert(ask.clone(), answer.clone());
        first.answer(&ask, answer);
    }
    let mut again = Fetch::new(Mode::Anonymous, &Scope::org("python"), Filters::none(), utc);
    assert_eq!(answer_from(&mut again, |ask| cache.get(ask).cloned()), 5);
    assert_eq!(again.progress().0, 5);
    assert_eq!(again.next_batch(), first.next_batch());
}

#[test]
fn stale_and_repeated_answers_change_nothing() {
    let windows = windows(1);
    let records = records(300, 50);
    let utc: Vec<UtcWindow> = windows.iter().map(|w| w.utc).collect();
    let mut fetch = Fetch::new(Mode::Anonymous, &Scope::org("python"), Filters::none(), utc);
    let ask = fetch.next_batch().pop().expect("ask");
    let first = answer(&records, &fetch, &ask);
    assert!(fetch.answer(&ask, first.clone()));
    let before = fetch.progress();
    let mut wrong = first;
    wrong.total += 7;
    assert!(!fetch.answer(&ask, wrong));
    assert_eq!(fetch.progress(), before);
}

#[test]
fn token_batches_stay_within_graphql_limits() {
    let windows = windows(4);
    let utc = windows.iter().map(|w| w.utc).collect();
    let fetch = Fetch::new(Mode::Token, &Scope::org("python"), Filters::none(), utc);
    let batch = fetch.next_batch();
    let nodes: u64 = batch.iter().map(Ask::nodes).sum();
    assert!(batch.len() <= MAX_ALIASES && nodes <= MAX_NODES);
    // The headline's three pages lead the first request.
    assert!(batch[..3]
        .iter()
        .all(|a| matches!(a.topic, Topic::Page { window: 0, .. })));
}

#[test]
fn an_ask_is_settled_once_a_day_has_passed_after_its_time() {
    let windows = windows(1);
    let utc = windows.iter().map(|w| w.utc).collect();
    let fetch = Fetch::new(Mode::Anonymous, &Scope::org("python"), Filters::none(), utc);
    let ask = fetch.next_batch().pop().expect("ask");
    let end: Timestamp = "2025-05-23T04:00:00Z".parse().expect("end");
    assert_eq!(ask.covers_until, end);
    assert!(!ask.is_settled(end + SignedDuration::from_hours(23)));
    assert!(ask.is_settled(end + SignedDuration::from_hours(25)));
}

#[test]
fn the_windows_chart_shows_each_window_in_time_order() {
    use crate::chart_spec::{windows_chart, BarKind};
    let windows = windows(2);
    let records = records(800, 100);
    let (fetch, _) = run(Mode::Anonymous, &records, &windows);
    let figures = figures_of(&fetch, &windows);
    let chart = windows_chart(&figures, Figure::Opened).expect("chart");
    let labels: Vec<&str> = chart.bars.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels, ["5 May", "12 May", "19 May", "26 May", "2 Jun"]);
    assert_eq!(chart.bars[2].kind, BarKind::Sprint);
    let mut by_start: Vec<&MetricWindow> = windows.iter().collect();
    sort_by_key(&mut by_start, |w| w.utc.start);
    let values: Vec<u64> = chart.bars.iter().map(|b| b.value).collect();
    let expected: Vec<u64> = by_start
        .iter()
        .map(|w| oracle(&records, w, Kind::Opened))
        .collect();
    assert_eq!(values, expected);
    let baseline: Vec<u64> = [0, 1, 3, 4].iter().map(|&i| expected[i]).collect();
    let mean = baseline.iter().sum::<u64>() as f64 / 4.0;
    assert_eq!(chart.mean, Some(mean));
    assert!(chart.y_max >= *expected.iter().max().expect("max"));
    // Authors are not known for the baseline without a token: no chart.
    assert_eq!(windows_chart(&figures, Figure::Authors), None);
}

#[test]
fn the_windows_table_exports_as_csv() {
    let windows = windows(1);
    let records = records(300, 50);
    let (fetch, _) = run(Mode::Anonymous, &records, &windows);
    let figures = figures_of(&fetch, &windows);
    let csv = crate::fetched_figures::windows_csv(&figures);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "window,first_day,last_day,start_utc,end_utc,opened,merged,closed_unmerged,authors,new_contributors"
    );
    let sprint = |kind| oracle(&records, &windows[0], kind);
    assert!(lines[1].starts_with(&format!(
        "sprint,2025-05-19,2025-05-22,2025-05-19T04:00:00+00:00,2025-05-23T04:00:00+00:00,{},{},{},",
        sprint(Kind::Opened),
        sprint(Kind::Merged),
        sprint(Kind::ClosedUnmerged)
    )), "{}", lines[1]);
    // Without a token the baseline's authors are unavailable: empty cells.
    assert!(
        lines[2].starts_with("baseline,2025-05-12,2025-05-15,") && lines[2].ends_with(",,"),
        "{}",
        lines[2]
    );
    assert_eq!(lines.len(), 4);
}

#[test]
fn the_repos_chart_ranks_the_sprints_repositories() {
    use crate::chart_spec::repos_chart;
    let windows = windows(1);
    let records = records(300, 60);
    let (fetch, _) = run(Mode::Anonymous, &records, &windows);
    let chart = repos_chart(&figures_of(&fetch, &windows)).expect("chart");
    let mut expected: BTreeMap<&str, u64> = BTreeMap::new();
    for r in records
        .iter()
        .filter(|r| windows[0].utc.contains(r.created_at))
    {
        *expected
            .entry(r.repo.split('/').nth(1).expect("name"))
            .or_default() += 1;
    }
    let mut expected: Vec<(&str, u64)> = expected.into_iter().collect();
    sort_by(&mut expected, |a, b| {
        b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0))
    });
    let got: Vec<(&str, u64)> = chart
        .bars
        .iter()
        .map(|b| (b.label.as_str(), b.value))
        .collect();
    assert_eq!(got, expected);
    // Its bars are repositories, labelled: no key calls one a window.
    assert_eq!(chart.key, None);
    let figures = figures_of(&fetch, &windows);
    let opened = crate::chart_spec::windows_chart(&figures, crate::metrics::Figure::Opened)
        .expect("the windows chart");
    assert_eq!(opened.key.map(|k| k.other), Some("ordinary window"));
}

#[test]
fn a_token_adds_the_daily_timeline_in_few_requests() {
    let zone = JiffZone::new(ZONE);
    let windows = windows(4);
    let records = records(3000, 400);
    let sprint = windows[0].days;
    let first = sprint
        .from
        .checked_sub(jiff::Span::new().days(28))
        .expect("first");
    let days: Vec<(jiff::civil::Date, UtcWindow)> = (0..64)
        .map(|i| {
            let date = first.checked_add(jiff::Span::new().days(i)).expect("date");
            let utc = UtcWindow::from_event_days(
                EventDays {
                    from: date,
                    to: date,
                },
                &zone,
            );
            (date, utc)
        })
        .collect();
    let utc: Vec<UtcWindow> = windows.iter().map(|w| w.utc).collect();
    let plain = run(Mode::Token, &records, &windows).1;
    let mut fetch = Fetch::new(
        Mode::Token,
        &Scope::org("python"),
        Filters::none(),
        utc.clone(),
    )
    .with_timeline(days.clone());
    let mut requests = 0;
    while !fetch.next_batch().is_empty() {
        requests += 1;
        for ask in fetch.next_batch() {
            let answer = answer(&records, &fetch, &ask);
            fetch.answer(&ask, answer);
        }
    }
    let timeline = fetch.timeline().expect("timeline");
    for ((date, tally), (_, window)) in timeline.iter().zip(&days) {
        let expected = records
            .iter()
            .filter(|r| window.contains(r.created_at))
            .count() as u64;
        assert_eq!(tally.value, expected, "{date}");
    }
    // 64 one-node counts cost at most one more request.
    assert!(
        requests <= plain + 1,
        "{requests} requests, {plain} without the timeline"
    );
    // Without a token there is no timeline, and the figures say why.
    let anonymous = Fetch::new(Mode::Anonymous, &Scope::org("python"), Filters::none(), utc)
        .with_timeline(days);
    assert!(anonymous.timeline().is_none());
    let scope = Scope::org("python");
    let figures = figures(
        &anonymous,
        &Context {
            scope: &scope,
            windows: &windows,
            now: now(),
            timeline_days: 64,
        },
    );
    assert!(matches!(figures.timeline, Known::Unavailable(_)));
}

#[test]
fn with_a_token_checks_ride_along_with_the_last_listing_pages() {
    let (_, records, mut fetch) = token_fixture();
    let (mut requests, mut asks, mut nodes, mut mixed) = (0, 0, 0, 0);
    loop {
        let batch = fetch.next_batch();
        if batch.is_empty() {
            break;
        }
        requests += 1;
        asks += batch.len();
        nodes += batch.iter().map(Ask::nodes).sum::<u64>();
        let pages = batch.iter().any(|a| a.listing.is_some());
        let checks = batch
            .iter()
            .any(|a| matches!(a.topic, Topic::Check { .. } | Topic::Later { .. }));
        mixed += usize::from(pages && checks);
        for ask in batch {
            let answer = answer(&records, &fetch, &ask);
            fetch.answer(&ask, answer);
        }
    }
    assert!(fetch.is_done());
    assert!(mixed > 0, "no request carried both pages and checks");
    // Planned only after the last page, the checks took 11 requests here;
    // no plan does better than one request per 600 nodes or 100 asks.
    let floor = (nodes.div_ceil(MAX_NODES) as usize).max(asks.div_ceil(MAX_ALIASES));
    assert!(
        requests <= 9 && requests >= floor,
        "{requests} requests for {asks} asks of {nodes} nodes"
    );
}

#[test]
fn with_a_token_every_count_is_known_after_two_requests() {
    let (windows, records, mut fetch) = token_fixture();
    let mut known_after = Vec::new();
    while !fetch.is_done() {
        known_after.push(fetch.counts_known());
        for ask in fetch.next_batch() {
            let answer = answer(&records, &fetch, &ask);
            fetch.answer(&ask, answer);
        }
    }
    // Before request 1, 2, 3: the sprint's and the baseline's first pages
    // carry their counts, and the other counts ride in the same requests.
    assert_eq!(known_after[..3], [false, false, true]);
    for (w, window) in windows.iter().enumerate() {
        for kind in Kind::ALL {
            let tally = fetch.tally(w, kind).expect("counted");
            assert_eq!(tally.value, oracle(&records, window, kind), "{w} {kind:?}");
        }
    }
}

/// A sprint, four baseline windows, 3000 PRs, and a token's fetch of them.
fn token_fixture() -> (Vec<MetricWindow>, Vec<PrRecord>, Fetch) {
    let windows = windows(4);
    let records = records(3000, 400);
    let utc = windows.iter().map(|w| w.utc).collect();
    let fetch = Fetch::new(Mode::Token, &Scope::org("python"), Filters::none(), utc);
    (windows, records, fetch)
}

#[test]
fn the_afterglow_comes_from_the_sprints_listing_and_the_baseline_needs_a_token() {
    use crate::afterglow::{Afterglow, Fate};
    let windows = windows(2);
    let records = records(800, 120);
    let sprint_prs: Vec<PrRecord> = records
        .iter()
        .filter(|r| windows[0].utc.contains(r.created_at))
        .cloned()
        .collect();
    let expected = Afterglow::of(&sprint_prs, &windows[0].utc);
    assert_eq!(
        Fate::ALL.iter().map(|f| expected.count(*f)).sum::<u64>(),
        oracle(&records, &windows[0], Kind::Opened)
    );

    let (anonymous, _) = run(Mode::Anonymous, &records, &windows);
    let Known::Value(glow) = figures_of(&anonymous, &windows).afterglow else {
        panic!("the sprint's listing gives the afterglow");
    };
    assert_eq!(glow.sprint, expected);
    assert_eq!(
        glow.baseline_within_a_month,
        Known::Unavailable(crate::fetched_figures::Unavailable::AfterglowBaseline)
    );
    // Each fate carries its searches: the sprint's, under the fetch's filters.
    for fate in Fate::ALL {
        assert_eq!(
            glow.searches_of(fate),
            crate::afterglow::fate_queries(
                fate,
                &Scope::org("python"),
                &Filters::none(),
                &windows[0].utc
            ),
            "{fate:?}"
        );
        assert!(!glow.searches_of(fate).is_empty());
    }

    let (token, _) = run(Mode::Token, &records, &windows);
    let Known::Value(glow) = figures_of(&token, &windows).afterglow else {
        panic!("the sprint's listing gives the afterglow");
    };
    assert_eq!(glow.sprint, expected);
    let utc: Vec<UtcWindow> = windows[1..].iter().map(|w| w.utc).collect();
    let share = crate::afterglow::baseline_share_within_a_month(&records, &utc, now());
    assert!(share.is_some());
    assert_eq!(glow.baseline_within_a_month.value().copied(), share);

    // Before any answer it is still coming.
    let fresh = Fetch::new(
        Mode::Token,
        &Scope::org("python"),
        Filters::none(),
        windows.iter().map(|w| w.utc).collect(),
    );
    assert_eq!(figures_of(&fresh, &windows).afterglow, Known::Pending);
}

#[test]
fn each_figure_carries_the_searches_it_was_counted_from() {
    let windows = windows(2);
    let records = records(3000, 400);
    for mode in [Mode::Anonymous, Mode::Token] {
        let utc = windows.iter().map(|w| w.utc).collect();
        let mut fetch = Fetch::new(mode, &Scope::org("python"), Filters::none(), utc);
        // The first query asked of each count or listing (later pages and
        // split ranges ask narrower ones), by window and kind.
        let mut first_asked: BTreeMap<(usize, Kind, usize), String> = BTreeMap::new();
        loop {
            let batch = fetch.next_batch();
            if batch.is_empty() {
                break;
            }
            for ask in batch {
                if let Topic::Count {
                    window,
                    kind,
                    chunk,
                }
                | Topic::Page {
                    window,
                    kind,
                    chunk,
                    ..
                } = ask.topic
                {
                    first_asked
                        .entry((window, kind, chunk))
                        .or_insert_with(|| ask.query.clone());
                }
                let answer = answer(&records, &fetch, &ask);
                fetch.answer(&ask, answer);
            }
        }
        let rows = figures_of(&fetch, &windows).rows;
        let asked = |w: usize, kind: Kind| -> Vec<String> {
            first_asked
                .iter()
                .filter(|((window, k, _), _)| *window == w && *k == kind)
                .map(|(_, q)| q.clone())
                .collect()
        };
        for (w, row) in rows.iter().enumerate() {
            for (figure, searches) in row.searches.iter() {
                let kind = match figure {
                    Figure::Merged => Kind::Merged,
                    Figure::ClosedUnmerged => Kind::ClosedUnmerged,
                    _ => Kind::Opened,
                };
                assert_eq!(
                    searches,
                    &vec![asked(w, kind)],
                    "{mode:?} window {w} {figure:?}"
                );
            }
        }
    }
}

#[test]
fn rows_are_named_the_sprint_or_their_week() {
    let windows = windows(2);
    let (fetch, _) = run(Mode::Anonymous, &records(300, 40), &windows);
    let figures = figures_of(&fetch, &windows);
    let names: Vec<String> = figures.named_rows().map(|(n, _)| n.describe()).collect();
    assert_eq!(
        names,
        [
            "the sprint",
            "2 weeks before",
            "1 week before",
            "1 week after",
            "2 weeks after"
        ]
    );
    assert_eq!(figures.baseline_rows().len(), 4);
}
