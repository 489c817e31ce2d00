use super::*;
use crate::baked_site::Index;
use crate::civil_text::parse_instant;
use crate::test_zone::JiffZone;
use crate::view_state::View;

const PYCON_US: &str = "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York";
const PYCON_KR: &str = "org=python&from=2025-08-15&to=2025-08-15&tz=Asia/Seoul";

fn data(query: &str) -> DataView {
    View::from_query_string(query, "UTC")
        .expect("a view")
        .data()
        .expect("a sprint")
}

fn at(text: &str) -> Timestamp {
    parse_instant(text).unwrap_or_else(|| panic!("{text} is an instant"))
}

/// The decision's reason, by the name of its kind.
fn kind(why: &Why) -> &'static str {
    match why {
        Why::NeverBaked => "never",
        Why::BakedInFuture(_) => "future",
        Why::UpcomingDaily { .. } => "upcoming daily",
        Why::UpcomingBaked { .. } => "upcoming baked",
        Why::Ongoing { .. } => "ongoing",
        Why::EndedSinceBake { .. } => "ended since bake",
        Why::SettlingDaily { .. } => "settling daily",
        Why::SettlingBaked { .. } => "settling baked",
        Why::Settled { .. } => "settled",
        Why::AwaitingRetention { .. } => "awaiting retention",
        Why::Retention { .. } => "retention",
        Why::Final { .. } => "final",
    }
}

#[test]
fn each_phase_of_a_sprint_decides_as_its_rule_says() {
    // PyCon US 2025 in New York (UTC-4): 2025-05-19T04:00Z to
    // 2025-05-23T04:00Z; its month settles 2025-06-23T04:00Z (later than
    // the last baseline week's answers, final 2025-06-21T04:00Z);
    // retention is final 2025-08-22T04:00Z.
    let cases: &[(&str, &str, Option<&str>, bool, &str)] = &[
        (PYCON_US, "2025-05-10T00:00:00Z", None, true, "never"),
        (
            PYCON_US,
            "2025-05-10T00:00:00Z",
            Some("2025-05-09T00:00:00Z"),
            true,
            "upcoming daily",
        ),
        (
            PYCON_US,
            "2025-05-10T00:00:00Z",
            Some("2025-05-09T12:00:00Z"),
            false,
            "upcoming baked",
        ),
        (
            PYCON_US,
            "2025-05-10T00:00:00Z",
            Some("2026-01-01T00:00:00Z"),
            true,
            "future",
        ),
        (
            PYCON_US,
            "2025-05-19T04:00:00Z",
            Some("2025-05-19T03:59:00Z"),
            true,
            "ongoing",
        ),
        (
            PYCON_US,
            "2025-05-20T12:00:00Z",
            Some("2025-05-20T11:30:00Z"),
            true,
            "ongoing",
        ),
        // The last day is over in UTC but not in New York.
        (
            PYCON_US,
            "2025-05-23T02:00:00Z",
            Some("2025-05-23T01:30:00Z"),
            true,
            "ongoing",
        ),
        (
            PYCON_US,
            "2025-05-23T04:30:00Z",
            Some("2025-05-23T03:59:00Z"),
            true,
            "ended since bake",
        ),
        (
            PYCON_US,
            "2025-06-01T12:00:00Z",
            Some("2025-05-31T12:00:00Z"),
            true,
            "settling daily",
        ),
        (
            PYCON_US,
            "2025-06-01T12:00:00Z",
            Some("2025-06-01T00:00:00Z"),
            false,
            "settling baked",
        ),
        (
            PYCON_US,
            "2025-06-24T00:00:00Z",
            Some("2025-06-22T12:00:00Z"),
            true,
            "settled",
        ),
        (
            PYCON_US,
            "2025-06-24T00:00:00Z",
            Some("2025-06-23T05:00:00Z"),
            false,
            "awaiting retention",
        ),
        (
            PYCON_US,
            "2025-08-22T03:00:00Z",
            Some("2025-06-23T05:00:00Z"),
            false,
            "awaiting retention",
        ),
        (
            PYCON_US,
            "2025-08-22T05:00:00Z",
            Some("2025-06-23T05:00:00Z"),
            true,
            "retention",
        ),
        (
            PYCON_US,
            "2026-12-05T00:00:00Z",
            Some("2025-08-22T05:00:00Z"),
            false,
            "final",
        ),
        // Twelve weeks after: the daily bakes go on until the last
        // baseline week's answers are final (2025-08-16T04:00Z).
        (
            "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York&after=12",
            "2025-07-01T00:00:00Z",
            Some("2025-06-29T00:00:00Z"),
            true,
            "settling daily",
        ),
        // Seoul (UTC+9): the sprint day ends 2025-08-15T15:00Z. At 16:00Z
        // the day is over in Seoul but not in UTC.
        (
            PYCON_KR,
            "2025-08-15T16:00:00Z",
            Some("2025-08-15T14:30:00Z"),
            true,
            "ended since bake",
        ),
        (
            PYCON_KR,
            "2025-08-15T16:00:00Z",
            Some("2025-08-15T15:30:00Z"),
            false,
            "settling baked",
        ),
        (
            PYCON_KR,
            "2025-08-15T14:59:00Z",
            Some("2025-08-15T14:30:00Z"),
            true,
            "ongoing",
        ),
    ];
    for &(query, now, baked, due, expected) in cases {
        let view = data(query);
        let zone = JiffZone::new(&view.sprint.zone);
        let decision = decide(&view.sprint, &zone, at(now), baked.map(at));
        assert_eq!(
            (decision.due, kind(&decision.why)),
            (due, expected),
            "{query} at {now}, baked {baked:?}: {}",
            decision.why
        );
    }
}

#[test]
fn a_view_without_days_is_refused_not_always_due() {
    // The shell's old check took a line without from= as always due; a
    // sprint's view must name its days (the page's default event needs an
    // empty query).
    let error =
        View::from_query_string("org=python&tz=America/New_York", "UTC").expect_err("no days");
    assert!(error.to_string().contains("from="), "{error}");
}

#[test]
fn the_reasons_are_sentences_with_the_times_in_utc() {
    let view = data(PYCON_KR);
    let zone = JiffZone::new(&view.sprint.zone);
    let decision = decide(
        &view.sprint,
        &zone,
        at("2025-08-15T16:00:00Z"),
        Some(at("2025-08-15T15:30:00Z")),
    );
    assert_eq!(
        decision.why.to_string(),
        "settling until 2025-09-15T15:00:00Z: already baked at 2025-08-15T15:30:00Z, next after 2025-08-16T14:30:00Z"
    );
}

#[test]
fn a_missing_or_broken_index_means_never_baked() {
    let view = data(PYCON_US);
    let entry = format!(
        r#"{{"format":1,"views":[{{"view":"{}","answers":"baked/a.answers.json","snapshot":"baked/a.snapshot.json","baked_at":"2025-09-01T00:00:00Z"}}]}}"#,
        view.key()
    );
    let index = Index::parse(&entry).expect("an index");
    assert_eq!(
        baked_at(Ok(&index), &view),
        Some(at("2025-09-01T00:00:00Z"))
    );
    assert_eq!(baked_at(Ok(&Index::empty()), &view), None);
    let broken = Index::parse("{").expect_err("broken");
    assert_eq!(baked_at(Err(&broken), &view), None);
    let other = data("org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York&before=2");
    assert_eq!(baked_at(Ok(&index), &other), None);
}

#[test]
fn a_views_file_is_read_line_by_line_whatever_its_ending() {
    let cases: &[(&str, &[&str])] = &[
        ("org=a&tz=UTC", &["org=a&tz=UTC"]),
        ("org=a&tz=UTC\n", &["org=a&tz=UTC"]),
        (
            "# comment\n\n  org=a&tz=UTC  \n?org=b&tz=UTC",
            &["org=a&tz=UTC", "org=b&tz=UTC"],
        ),
        (
            "org=a&tz=UTC\r\n\r\n#x\r\norg=b&tz=UTC",
            &["org=a&tz=UTC", "org=b&tz=UTC"],
        ),
        ("\n\n# only comments\n   \n", &[]),
        ("", &[]),
    ];
    for &(text, expected) in cases {
        assert_eq!(views_file_lines(text), expected, "{text:?}");
    }
}
