//! Tables of small fixtures and expected figures, then properties over
//! generated data.

use super::*;
use crate::pr::fixtures::{closed, merged, pr};
use crate::pr::AuthorKind;
use crate::test_zone::JiffZone;

fn days(from: &str, to: &str) -> EventDays {
    EventDays {
        from: from.parse().expect("from"),
        to: to.parse().expect("to"),
    }
}

fn ts(s: &str) -> Timestamp {
    s.parse().expect("timestamp")
}

/// What `check_window` compares, flattened.
struct Expected<'a> {
    /// opened, merged, closed unmerged, handled, authors
    totals: [u64; 5],
    new: (u64, bool),
    per_repo: &'a [(&'a str, [u64; 3])],
}

struct Case<'a> {
    records: &'a [PrRecord],
    scope: Scope,
    filters: Filters,
    zone: &'a str,
    window: EventDays,
    history: Option<&'a AuthorHistory>,
}

impl Case<'_> {
    fn report(&self) -> Report {
        let zone = JiffZone::new(self.zone);
        let sprint = MetricWindow::new(self.window, &zone);
        // The searches apply the filters; here the records are filtered as
        // GitHub would have before listing them.
        let kept: Vec<PrRecord> = self
            .records
            .iter()
            .filter(|r| self.filters.keeps(r))
            .cloned()
            .collect();
        compute(&Input {
            records: &Ledger::of(&kept),
            scope: &self.scope,
            sprint: &sprint,
            baseline: &[],
            history: self.history,
            now: ts("2026-01-01T00:00:00Z"),
        })
    }
}

fn check_window(case: Case, expected: Expected) {
    let report = case.report();
    let w = &report.sprint;
    let per_repo: Vec<(String, [u64; 3])> = w
        .per_repo
        .iter()
        .map(|(r, c)| (r.clone(), [c.opened, c.merged, c.closed_unmerged]))
        .collect();
    assert_eq!(
        (
            [
                w.totals.opened,
                w.totals.merged,
                w.totals.closed_unmerged,
                w.handled,
                w.authors
            ],
            (w.new_contributors.count, w.new_contributors.approximate),
            per_repo,
        ),
        (
            expected.totals,
            expected.new,
            expected
                .per_repo
                .iter()
                .map(|(r, c)| (r.to_string(), *c))
                .collect::<Vec<_>>(),
        )
    );
}

fn case<'a>(records: &'a [PrRecord], zone: &'a str, window: EventDays) -> Case<'a> {
    Case {
        records,
        scope: Scope::org("python"),
        filters: Filters::default(),
        zone,
        window,
        history: None,
    }
}

fn history_of(first_in_repo: &[(&str, &str, &str)]) -> AuthorHistory {
    let mut history = AuthorHistory::default();
    for (repo, author, first) in first_in_repo {
        history
            .first_in_repo
            .entry(repo.to_string())
            .or_default()
            .insert(author.to_string(), ts(first));
    }
    history
}

#[test]
fn empty_data_gives_zeros_on_every_day() {
    check_window(
        case(&[], "America/New_York", days("2025-05-19", "2025-05-22")),
        Expected {
            totals: [0; 5],
            new: (0, false),
            per_repo: &[],
        },
    );
}

#[test]
fn a_one_day_sprint_in_seoul_counts_kst_days() {
    let records = [
        pr("python/cpython", "a", "2025-08-14T14:59:59Z"), // 23:59:59 on the 14th in Seoul
        pr("python/cpython", "b", "2025-08-14T15:00:00Z"), // 00:00 on the 15th
        merged(
            pr("python/cpython", "c", "2025-07-01T00:00:00Z"),
            "2025-08-15T12:00:00Z",
        ), // 21:00 on the 15th
        merged(
            pr("python/devguide", "d", "2025-08-15T10:00:00Z"),
            "2025-08-15T15:00:00Z",
        ), // merged on the 16th
        closed(
            pr("python/devguide", "d", "2025-08-15T11:00:00Z"),
            "2025-08-15T14:00:00Z",
        ),
        pr("numpy/numpy", "e", "2025-08-15T03:00:00Z"),
    ];
    check_window(
        case(&records, "Asia/Seoul", days("2025-08-15", "2025-08-15")),
        Expected {
            totals: [3, 1, 1, 4, 2],
            new: (0, true),
            per_repo: &[
                ("python/cpython", [1, 1, 0]),
                ("python/devguide", [2, 0, 1]),
            ],
        },
    );
}

#[test]
fn days_follow_the_zone_across_a_dst_switch() {
    // Prague falls back on 26 October 2025: 22:30Z on the 25th is already
    // 00:30 on the 26th (+02:00); 22:30Z on the 26th is 23:30 (+01:00).
    let records = [
        pr("python/cpython", "a", "2025-10-24T22:30:00Z"),
        pr("python/cpython", "a", "2025-10-25T22:30:00Z"),
        pr("python/cpython", "b", "2025-10-26T22:30:00Z"),
        pr("python/cpython", "b", "2025-10-26T23:00:00Z"),
    ];
    check_window(
        case(&records, "Europe/Prague", days("2025-10-25", "2025-10-26")),
        Expected {
            totals: [3, 0, 0, 3, 2],
            new: (0, true),
            per_repo: &[("python/cpython", [3, 0, 0])],
        },
    );
}

#[test]
fn windows_across_the_year_end_in_a_half_hour_zone() {
    let records = [
        pr("python/cpython", "a", "2025-12-30T18:30:00Z"), // 00:00 on the 31st in Kolkata
        pr("python/cpython", "b", "2025-12-31T18:29:59Z"), // 23:59:59 on the 31st
        pr("python/cpython", "c", "2025-12-31T18:30:00Z"), // 00:00 on 1 January
        pr("python/cpython", "d", "2026-01-01T18:30:00Z"), // 2 January: outside
    ];
    check_window(
        case(&records, "Asia/Kolkata", days("2025-12-31", "2026-01-01")),
        Expected {
            totals: [3, 0, 0, 3, 3],
            new: (0, true),
            per_repo: &[("python/cpython", [3, 0, 0])],
        },
    );
}

#[test]
fn each_filter_and_scope() {
    let mut draft = pr("python/cpython", "d", "2025-05-19T12:00:00Z");
    draft.draft = true;
    let mut backport = pr("python/cpython", "e", "2025-05-19T12:00:00Z");
    backport.title = "[3.13] gh-1: Fix".into();
    let mut app = pr("python/cpython", "app/dependabot", "2025-05-19T12:00:00Z");
    app.author_kind = AuthorKind::User;
    let records = [
        pr("python/cpython", "a", "2025-05-19T12:00:00Z"),
        pr("python/devguide", "b", "2025-05-19T12:00:00Z"),
        pr(
            "python/cpython",
            "pre-commit-ci[bot]",
            "2025-05-19T12:00:00Z",
        ),
        app,
        draft,
        backport,
        pr("pypa/pip", "c", "2025-05-19T12:00:00Z"),
    ];
    let opened = |scope: Scope, filters: Filters| {
        let c = Case {
            scope,
            filters,
            ..case(
                &records,
                "America/New_York",
                days("2025-05-19", "2025-05-19"),
            )
        };
        c.report().sprint.totals.opened
    };
    let default = Filters::default();
    let python = || Scope::org("python");
    assert_eq!(opened(python(), default), 3); // a, b, the draft
    assert_eq!(
        opened(
            python(),
            Filters {
                include_drafts: false,
                ..default
            }
        ),
        2
    );
    assert_eq!(
        opened(
            python(),
            Filters {
                exclude_bots: false,
                ..default
            }
        ),
        5
    );
    assert_eq!(
        opened(
            python(),
            Filters {
                exclude_backports: false,
                ..default
            }
        ),
        4
    );
    assert_eq!(opened(python(), Filters::none()), 6);
    assert_eq!(
        opened(Scope::Orgs(vec!["python".into(), "pypa".into()]), default),
        4
    );
    assert_eq!(
        opened(
            Scope::Repos(vec!["python/devguide".into(), "pypa/pip".into()]),
            default
        ),
        2
    );
    assert_eq!(
        opened(Scope::Repos(vec!["Python/DevGuide".into()]), default),
        1
    );
}

#[test]
fn new_contributors_from_history_records_or_association() {
    let window = days("2025-05-19", "2025-05-22");
    let mut first_timer = pr("python/cpython", "f", "2025-05-20T12:00:00Z");
    first_timer.association = "FIRST_TIME_CONTRIBUTOR".into();
    let records = [
        // Known from the records: an earlier PR to the same repo.
        pr("python/cpython", "a", "2025-04-01T12:00:00Z"),
        pr("python/cpython", "a", "2025-05-19T12:00:00Z"),
        // An earlier PR to another repo of the org: new to cpython, not to python.
        pr("python/devguide", "b", "2025-04-01T12:00:00Z"),
        pr("python/cpython", "b", "2025-05-19T12:00:00Z"),
        // History says the first PR to cpython is this one: new.
        pr("python/cpython", "c", "2025-05-19T12:00:00Z"),
        // History says there was one long ago: known.
        pr("python/cpython", "d", "2025-05-19T12:00:00Z"),
        // No history: today's association decides, approximately.
        first_timer,
        pr("python/cpython", "g", "2025-05-20T12:00:00Z"),
    ];
    let history = history_of(&[
        ("python/cpython", "c", "2025-05-19T12:00:00Z"),
        ("python/cpython", "d", "2019-01-01T00:00:00Z"),
    ]);
    let run = |history: Option<&AuthorHistory>, new| {
        check_window(
            Case {
                history,
                ..case(&records, "America/New_York", window)
            },
            Expected {
                totals: [6, 0, 0, 6, 6],
                new,
                per_repo: &[("python/cpython", [6, 0, 0])],
            },
        );
    };
    // Repo level: b (new to cpython, known from the records only: a fallback
    // to association says CONTRIBUTOR, so no), c (history), f (association).
    run(Some(&history), (2, true));
    // Without history, only f's association says first-timer.
    run(None, (1, true));
    // With history for everyone, the figure is exact: b, c and f are new.
    let complete = history_of(&[
        ("python/cpython", "a", "2025-04-01T12:00:00Z"),
        ("python/cpython", "b", "2025-05-19T12:00:00Z"),
        ("python/cpython", "c", "2025-05-19T12:00:00Z"),
        ("python/cpython", "d", "2019-01-01T00:00:00Z"),
        ("python/cpython", "f", "2025-05-20T12:00:00Z"),
        ("python/cpython", "g", "2020-01-01T00:00:00Z"),
    ]);
    run(Some(&complete), (3, false));
}

fn report(
    records: &[PrRecord],
    window: EventDays,
    baseline: &[EventDays],
    now: &str,
    history: Option<&AuthorHistory>,
) -> Report {
    let zone = JiffZone::new("UTC");
    let sprint = MetricWindow::new(window, &zone);
    let baseline: Vec<MetricWindow> = baseline
        .iter()
        .map(|d| MetricWindow::new(*d, &zone))
        .collect();
    let kept: Vec<PrRecord> = records
        .iter()
        .filter(|r| Filters::default().keeps(r))
        .cloned()
        .collect();
    compute(&Input {
        records: &Ledger::of(&kept),
        scope: &Scope::org("python"),
        sprint: &sprint,
        baseline: &baseline,
        history,
        now: ts(now),
    })
}

#[test]
fn retention_of_new_contributors() {
    let sprint = days("2025-05-19", "2025-05-19"); // ends 2025-05-20T00:00Z
    let mut records = Vec::new();
    for author in ["n1", "n2", "n3", "n4"] {
        let mut p = pr("python/cpython", author, "2025-05-19T10:00:00Z");
        p.association = "FIRST_TIME_CONTRIBUTOR".into();
        records.push(p);
    }
    records.push(pr("python/devguide", "n1", "2025-06-01T00:00:00Z")); // back within 30 days
    records.push(pr("python/cpython", "n2", "2025-07-20T00:00:00Z")); // back within 90 days
    records.push(pr("numpy/numpy", "n4", "2025-05-25T00:00:00Z")); // outside the scope
    let history = AuthorHistory {
        later_prs: [("n3".to_string(), vec![ts("2025-06-18T23:59:59Z")])]
            .into_iter()
            .collect(),
        ..AuthorHistory::default()
    };
    let r = report(
        &records,
        sprint,
        &[],
        "2025-09-01T00:00:00Z",
        Some(&history),
    );
    assert_eq!(r.sprint.newcomers, ["n1", "n2", "n3", "n4"]);
    assert_eq!(r.retention.newcomers, 4);
    assert_eq!(
        r.retention.within_30_days,
        Followup {
            count: 2,
            complete: true
        }
    );
    assert_eq!(
        r.retention.within_90_days,
        Followup {
            count: 3,
            complete: true
        }
    );
    let r = report(
        &records,
        sprint,
        &[],
        "2025-07-01T00:00:00Z",
        Some(&history),
    );
    assert_eq!(
        r.retention.within_90_days,
        Followup {
            count: 2,
            complete: false
        }
    );
}

#[test]
fn every_figure_names_its_searches() {
    let zone = JiffZone::new("Asia/Seoul");
    let window = UtcWindow::from_event_days(days("2025-08-15", "2025-08-15"), &zone);
    let range = "2025-08-15T00:00:00+09:00..2025-08-15T23:59:59+09:00";
    let queries = |f: Figure| f.queries(&Scope::org("python"), &Filters::none(), &window);
    let opened = vec![vec![format!("org:python is:pr created:{range}")]];
    let merged = vec![vec![format!("org:python is:pr is:merged merged:{range}")]];
    assert_eq!(queries(Figure::Opened), opened);
    assert_eq!(queries(Figure::Authors), opened);
    assert_eq!(queries(Figure::NewContributors), opened);
    assert_eq!(queries(Figure::Merged), merged);
    assert_eq!(
        queries(Figure::ClosedUnmerged),
        vec![vec![format!("org:python is:pr is:unmerged closed:{range}")]]
    );
    assert_eq!(
        queries(Figure::Handled),
        [opened[0].clone(), merged[0].clone()]
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use jiff::civil::Date;
    use jiff::SignedDuration;
    use proptest::prelude::*;

    const REPOS: [&str; 3] = ["python/cpython", "python/devguide", "python/peps"];
    const SPRINT_START: i64 = 1_747_627_200; // 2025-05-19T04:00:00Z

    /// A PR within five weeks either side of the sprint.
    fn arb_pr() -> impl Strategy<Value = PrRecord> {
        (
            0..3usize,
            0..8u8,
            -35 * 86_400..35 * 86_400i64,
            proptest::option::of(0..20 * 86_400i64),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(repo, author, created, outcome_after, is_merge, draft)| {
                let created = Timestamp::from_second(SPRINT_START + created).expect("created");
                let mut p = pr(
                    REPOS[repo],
                    &format!("user{author}"),
                    "2025-01-01T00:00:00Z",
                );
                p.created_at = created;
                p.draft = draft;
                if let Some(after) = outcome_after {
                    let at = created + SignedDuration::from_secs(after);
                    p.closed_at = Some(at);
                    p.merged_at = is_merge.then_some(at);
                }
                p
            })
    }

    fn run(records: &[PrRecord], zone: &str, sprint: EventDays, baseline: &[EventDays]) -> Report {
        let zone = JiffZone::new(zone);
        let sprint = MetricWindow::new(sprint, &zone);
        let baseline: Vec<MetricWindow> = baseline
            .iter()
            .map(|d| MetricWindow::new(*d, &zone))
            .collect();
        compute(&Input {
            records: &Ledger::of(records),
            scope: &Scope::org("python"),
            sprint: &sprint,
            baseline: &baseline,
            history: None,
            now: ts("2026-01-01T00:00:00Z"),
        })
    }

    fn shift(d: EventDays, weeks: i64) -> EventDays {
        EventDays {
            from: d
                .from
                .checked_add(jiff::Span::new().weeks(weeks))
                .expect("from"),
            to: d
                .to
                .checked_add(jiff::Span::new().weeks(weeks))
                .expect("to"),
        }
    }

    fn sum(counts: impl Iterator<Item = Counts>) -> Counts {
        counts.fold(Counts::default(), |a, c| Counts {
            opened: a.opened + c.opened,
            merged: a.merged + c.merged,
            closed_unmerged: a.closed_unmerged + c.closed_unmerged,
        })
    }

    fn shift_pr(mut p: PrRecord, weeks: i64) -> PrRecord {
        let by = SignedDuration::from_hours(24 * 7 * weeks);
        p.created_at += by;
        p.closed_at = p.closed_at.map(|t| t + by);
        p.merged_at = p.merged_at.map(|t| t + by);
        p
    }

    proptest! {
        #[test]
        fn per_repo_sums_to_the_totals(records in proptest::collection::vec(arb_pr(), 0..200), len in 1..6i64) {
            let from: Date = "2025-05-19".parse().expect("from");
            let sprint = EventDays { from, to: from.checked_add(jiff::Span::new().days(len - 1)).expect("to") };
            for zone in ["America/New_York", "Europe/Prague", "Asia/Kathmandu"] {
                let r = run(&records, zone, sprint, &[shift(sprint, -1), shift(sprint, 1)]);
                for w in std::iter::once(&r.sprint).chain(&r.baseline) {
                    prop_assert_eq!(sum(w.per_repo.values().cloned()), w.totals.clone());
                }
            }
        }

        #[test]
        fn identical_weeks_give_a_lift_of_one(week in proptest::collection::vec(arb_pr(), 0..60)) {
            // The same PRs in the sprint's week and in four other weeks.
            let sprint = days("2025-05-19", "2025-05-20");
            let in_sprint: Vec<PrRecord> = week
                .into_iter()
                .map(|mut p| {
                    let offset = p.created_at.as_second().rem_euclid(2 * 86_400);
                    p.created_at = Timestamp::from_second(1_747_612_800 + offset).expect("t"); // 2025-05-19T00:00Z
                    p.closed_at = None;
                    p.merged_at = None;
                    p
                })
                .collect();
            let records: Vec<PrRecord> = [-2i64, -1, 0, 1, 2]
                .iter()
                .flat_map(|w| in_sprint.iter().cloned().map(move |p| shift_pr(p, *w)))
                .collect();
            let baseline: Vec<EventDays> = [-2, -1, 1, 2].iter().map(|w| shift(sprint, *w)).collect();
            let r = run(&records, "UTC", sprint, &baseline);
            for figure in Figure::ALL {
                let sprint = figure.of(&r.sprint) as f64;
                let values: Vec<f64> = r.baseline.iter().map(|w| figure.of(w) as f64).collect();
                let baseline = crate::baseline::stats(&values);
                prop_assert_eq!(baseline.map(|b| b.mean), Some(sprint), "{:?}", figure);
                if sprint >= crate::lift::MIN_BASELINE_MEAN {
                    prop_assert_eq!(
                        crate::lift::lift(sprint, baseline.as_ref()),
                        crate::lift::Lift::Ratio { value: 1.0, low: 1.0, high: Some(1.0) }
                    );
                }
            }
        }

        #[test]
        fn shifting_everything_by_whole_weeks_changes_nothing_else(records in proptest::collection::vec(arb_pr(), 0..150), weeks in -20i64..20) {
            let sprint = days("2025-05-19", "2025-05-22");
            let baseline = [shift(sprint, -2), shift(sprint, -1), shift(sprint, 1), shift(sprint, 2)];
            let moved: Vec<PrRecord> = records.iter().cloned().map(|p| shift_pr(p, weeks)).collect();
            let moved_baseline: Vec<EventDays> = baseline.iter().map(|d| shift(*d, weeks)).collect();
            // Kolkata has no DST, so a week is always 168 local hours there.
            let a = run(&records, "Asia/Kolkata", sprint, &baseline);
            let b = run(&moved, "Asia/Kolkata", shift(sprint, weeks), &moved_baseline);
            let strip = |w: &WindowFigures| (w.totals.clone(), w.authors, w.new_contributors, w.per_repo.clone());
            prop_assert_eq!(strip(&a.sprint), strip(&b.sprint));
            prop_assert_eq!(a.baseline.iter().map(strip).collect::<Vec<_>>(), b.baseline.iter().map(strip).collect::<Vec<_>>());
            prop_assert_eq!(&a.retention, &b.retention);
        }
    }
}
