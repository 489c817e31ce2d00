use super::*;
use crate::event_window::EventDays;
use crate::pr::fixtures::{closed, merged, pr};
use crate::test_zone::JiffZone;

/// PyCon US 2025's sprint in New York: 2025-05-19T04:00Z..2025-05-23T04:00Z.
fn sprint() -> UtcWindow {
    let days = EventDays {
        from: "2025-05-19".parse().expect("from"),
        to: "2025-05-22".parse().expect("to"),
    };
    UtcWindow::from_event_days(days, &JiffZone::new("America/New_York"))
}

fn opened() -> PrRecord {
    pr("python/cpython", "ann", "2025-05-20T15:00:00Z")
}

#[test]
fn each_pr_has_one_fate_by_whole_days_after_the_end() {
    let draft = PrRecord {
        draft: true,
        ..opened()
    };
    // Reopened: GitHub clears closed_at when a PR is reopened.
    let reopened = opened();
    let cases: [(&str, PrRecord, Fate); 12] = [
        ("open", opened(), Fate::Open),
        ("an open draft", draft, Fate::Open),
        ("reopened, still open", reopened, Fate::Open),
        (
            "closed unmerged",
            closed(opened(), "2025-05-21T00:00:00Z"),
            Fate::ClosedUnmerged,
        ),
        (
            "merged the same day",
            merged(opened(), "2025-05-20T18:00:00Z"),
            Fate::MergedDuring,
        ),
        (
            "merged in the sprint's last second",
            merged(opened(), "2025-05-23T03:59:59Z"),
            Fate::MergedDuring,
        ),
        (
            "merged exactly at the sprint's end",
            merged(opened(), "2025-05-23T04:00:00Z"),
            Fate::MergedWithin7Days,
        ),
        (
            "merged 7 days less a second after",
            merged(opened(), "2025-05-30T03:59:59Z"),
            Fate::MergedWithin7Days,
        ),
        (
            "merged exactly 7 days after",
            merged(opened(), "2025-05-30T04:00:00Z"),
            Fate::MergedWithin30Days,
        ),
        (
            "merged 30 days less a second after",
            merged(opened(), "2025-06-22T03:59:59Z"),
            Fate::MergedWithin30Days,
        ),
        (
            "merged exactly 30 days after",
            merged(opened(), "2025-06-22T04:00:00Z"),
            Fate::MergedLater,
        ),
        (
            "merged a year after",
            merged(opened(), "2026-05-23T04:00:00Z"),
            Fate::MergedLater,
        ),
    ];
    let end = sprint().end;
    for (name, record, expected) in cases {
        assert_eq!(fate(&record, end), expected, "{name}");
    }
}

#[test]
fn the_fates_add_up_to_the_prs_opened_in_the_window() {
    let records = vec![
        merged(opened(), "2025-05-21T10:00:00Z"),
        merged(opened(), "2025-05-23T04:00:00Z"),
        merged(opened(), "2025-05-25T12:00:00Z"),
        merged(opened(), "2025-06-10T00:00:00Z"),
        merged(opened(), "2025-09-01T00:00:00Z"),
        closed(opened(), "2025-05-22T00:00:00Z"),
        opened(),
        opened(),
        // Opened before the sprint: not one of its PRs.
        merged(
            pr("python/cpython", "bob", "2025-05-10T00:00:00Z"),
            "2025-05-20T00:00:00Z",
        ),
    ];
    let glow = Afterglow::of(&records, &sprint());
    assert_eq!(glow.opened, 8);
    let counts: Vec<u64> = Fate::ALL.iter().map(|f| glow.count(*f)).collect();
    assert_eq!(counts, [1, 2, 1, 1, 2, 1]);
    assert_eq!(counts.iter().sum::<u64>(), glow.opened);
    assert_eq!(glow.merged_within_a_month(), 4);
    // Cumulative merges by day after the end: day 0 holds the one merged
    // during the sprint and the one merged at its end; 25 May is day 2;
    // 10 June is day 17; the September merge is past the chart.
    assert_eq!(glow.merged_by_day.len(), CHART_DAYS + 1);
    assert_eq!(&glow.merged_by_day[..4], [2, 2, 3, 3]);
    assert_eq!(glow.merged_by_day[16], 3);
    assert_eq!(glow.merged_by_day[17], 4);
    assert_eq!(glow.merged_by_day[CHART_DAYS], 4);
}

#[test]
fn each_fate_has_the_search_that_reproduces_it() {
    let opened =
        "org:python is:pr created:2025-05-19T00:00:00-04:00..2025-05-22T23:59:59-04:00 draft:false";
    let cases = [
        (
            Fate::MergedDuring,
            "merged:2025-05-19T04:00:00Z..2025-05-23T03:59:59Z",
        ),
        (
            Fate::MergedWithin7Days,
            "merged:2025-05-23T04:00:00Z..2025-05-30T03:59:59Z",
        ),
        (
            Fate::MergedWithin30Days,
            "merged:2025-05-30T04:00:00Z..2025-06-22T03:59:59Z",
        ),
        (Fate::MergedLater, "merged:>=2025-06-22T04:00:00Z"),
        (Fate::Open, "is:open"),
        (Fate::ClosedUnmerged, "is:closed is:unmerged"),
    ];
    let filters = Filters {
        exclude_bots: false,
        exclude_backports: false,
        include_drafts: false,
    };
    for (fate, qualifiers) in cases {
        assert_eq!(
            fate_queries(fate, &Scope::org("python"), &filters, &sprint()),
            [format!("{opened} {qualifiers}")],
            "{fate:?}"
        );
    }
}

#[test]
fn an_organisations_queries_fit_with_the_default_filters() {
    for fate in Fate::ALL {
        for query in fate_queries(fate, &Scope::org("python"), &Filters::default(), &sprint()) {
            assert!(
                query.len() <= crate::search_query::MAX_QUERY_CHARS,
                "{query}"
            );
        }
    }
}

#[test]
fn long_scopes_are_cut_so_each_query_fits_with_the_fate() {
    let repos: Vec<String> = (0..30)
        .map(|i| format!("python/repository-{i:02}"))
        .collect();
    let scope = Scope::Repos(repos);
    let queries = fate_queries(
        Fate::MergedWithin30Days,
        &scope,
        &Filters::none(),
        &sprint(),
    );
    assert!(queries.len() > 1);
    assert!(queries
        .iter()
        .all(|q| q.len() <= crate::search_query::MAX_QUERY_CHARS));
    let named: usize = queries.iter().map(|q| q.matches("repo:").count()).sum();
    assert_eq!(named, 30);
}

#[test]
fn a_count_is_final_once_its_span_has_ended() {
    let window = sprint();
    let at = |t: &str| -> Timestamp { t.parse().expect("instant") };
    let cases = [
        (Fate::MergedDuring, "2025-05-23T04:00:00Z", true),
        (Fate::MergedWithin7Days, "2025-05-30T03:59:59Z", false),
        (Fate::MergedWithin7Days, "2025-05-30T04:00:00Z", true),
        (Fate::MergedWithin30Days, "2025-06-22T04:00:00Z", true),
        (Fate::MergedLater, "2030-01-01T00:00:00Z", false),
        (Fate::Open, "2030-01-01T00:00:00Z", false),
        (Fate::ClosedUnmerged, "2030-01-01T00:00:00Z", false),
    ];
    for (fate, now, expected) in cases {
        assert_eq!(
            fate.is_final(&window, at(now)),
            expected,
            "{fate:?} at {now}"
        );
    }
}

#[test]
fn the_baseline_share_pools_the_windows_whose_month_has_ended() {
    let week = |k: i64| UtcWindow {
        start: seconds_later(sprint().start, k * 7 * DAY),
        end: seconds_later(sprint().end, k * 7 * DAY),
        ..sprint()
    };
    let at = |w: &UtcWindow, hours: i64| seconds_later(w.start, hours * 3600).to_string();
    let made = |w: &UtcWindow, merged_after_hours: Option<i64>| {
        let record = pr("python/cpython", "ann", &at(w, 2));
        match merged_after_hours {
            Some(h) => merged(record, &at(w, h)),
            None => record,
        }
    };
    let (before, after) = (week(-1), week(1));
    let records = vec![
        made(&before, Some(5)),
        made(&before, Some(24 * 60)),
        made(&before, None),
        made(&before, Some(10)),
        made(&after, Some(5)),
    ];
    // At the end of the week after's month, both windows count: 3 of 5.
    let late = seconds_later(after.end, 30 * DAY);
    let share = baseline_share_within_a_month(&records, &[before, after], late);
    assert_eq!(share, Some(0.6));
    // A day earlier only the week before has had its month: 2 of 4.
    let earlier = seconds_later(late, -DAY);
    let share = baseline_share_within_a_month(&records, &[before, after], earlier);
    assert_eq!(share, Some(0.5));
    assert_eq!(
        baseline_share_within_a_month(&records, &[after], earlier),
        None
    );
}

#[test]
fn the_csv_has_a_line_per_fate_with_its_search() {
    let records = vec![merged(opened(), "2025-05-21T10:00:00Z"), opened()];
    let glow = Afterglow::of(&records, &sprint());
    let text = csv(&glow, |fate| {
        fate_queries(fate, &Scope::org("python"), &Filters::none(), &sprint())
    });
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[0], "outcome,label,count,searches");
    assert!(lines[1]
        .starts_with("outcome_merged_during,merged during the sprint,1,org:python is:pr created:"));
    assert!(lines[5].starts_with("outcome_open,still open,1,"));
    assert!(lines[5].ends_with(" is:open"));
}

#[test]
fn the_chart_shows_the_cumulative_merges_by_day() {
    use crate::fetched_figures::{AfterglowFigures, Figures, Known};
    let records = vec![
        merged(opened(), "2025-05-21T10:00:00Z"),
        merged(opened(), "2025-05-26T10:00:00Z"),
    ];
    let mut figures = Figures {
        rows: Vec::new(),
        lifts: crate::fetched_figures::ByFigure::from_fn(|_| Known::Pending),
        retention: Known::Pending,
        timeline: Known::Pending,
        sprint_records: Vec::new(),
        per_repo: Default::default(),
        newcomers: Vec::new(),
        afterglow: Known::Pending,
    };
    assert_eq!(crate::chart_spec::afterglow_chart(&figures), None);
    figures.afterglow = Known::Value(AfterglowFigures {
        sprint: Afterglow::of(&records, &sprint()),
        as_of: "2025-09-01T00:00:00Z".parse().expect("now"),
        baseline_within_a_month: Known::Pending,
        searches: Vec::new(),
    });
    let chart = crate::chart_spec::afterglow_chart(&figures).expect("chart");
    let values: Vec<u64> = chart.bars.iter().map(|b| b.value).collect();
    assert_eq!(values.len(), CHART_DAYS + 1);
    assert_eq!(&values[..5], [1, 1, 1, 2, 2]);
    assert_eq!(chart.bars[0].label, "0");
    assert_eq!(chart.bars[1].label, "");
    assert_eq!(chart.y_max, 3);
}
