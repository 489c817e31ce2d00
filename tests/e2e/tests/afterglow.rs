//! "What became of the sprint's pull requests": every fate's count equals
//! the count from the stand-in's data (jiff's tz database for the window),
//! and equals the result count of the search its link names; the share
//! beside ordinary weeks needs a token; chart, CSV and snapshot carry it.

// A test: a failed expectation here is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use sprintlift_e2e::{data_text, World, FILTERED_APPS, PYCON_US};
use sprintlift_standin::{query, Dataset, PullRequest};

const DAY: i64 = 86_400;

/// The sprint window of PyCon US 2025 in New York, from jiff's tz database.
fn sprint() -> (Timestamp, Timestamp) {
    let tz = TimeZone::get("America/New_York").expect("zone");
    let start = |d: &str| {
        let date: Date = d.parse().expect("date");
        date.to_zoned(tz.clone()).expect("zoned").timestamp()
    };
    (start("2025-05-19"), start("2025-05-23"))
}

/// The fate of each of the sprint's PRs counted straight from the data,
/// by the names the page uses.
fn expected(data: &Dataset) -> Vec<(&'static str, usize)> {
    let (start, end) = sprint();
    let prs: Vec<&PullRequest> = data
        .prs
        .iter()
        .filter(|pr| pr.org == "python" && !FILTERED_APPS.contains(&pr.author.as_str()))
        .filter(|pr| start <= pr.created_at && pr.created_at < end)
        .collect();
    let merged_after = |pr: &&&PullRequest, from: Option<i64>, to: Option<i64>| {
        pr.merged_at.is_some_and(|m| {
            let after = m.as_second() - end.as_second();
            from.is_none_or(|f| after >= f) && to.is_none_or(|t| after < t)
        })
    };
    let count = |keep: &dyn Fn(&&&PullRequest) -> bool| prs.iter().filter(|pr| keep(pr)).count();
    vec![
        (
            "outcome_merged_during",
            count(&|pr| merged_after(pr, None, Some(0))),
        ),
        (
            "outcome_merged_7d",
            count(&|pr| merged_after(pr, Some(0), Some(7 * DAY))),
        ),
        (
            "outcome_merged_30d",
            count(&|pr| merged_after(pr, Some(7 * DAY), Some(30 * DAY))),
        ),
        (
            "outcome_merged_later",
            count(&|pr| merged_after(pr, Some(30 * DAY), None)),
        ),
        (
            "outcome_open",
            count(&|pr| pr.merged_at.is_none() && pr.closed_at.is_none()),
        ),
        (
            "outcome_closed_unmerged",
            count(&|pr| pr.merged_at.is_none() && pr.closed_at.is_some()),
        ),
    ]
}

/// The `q` of a github.com search link, decoded.
fn query_of(link: &str) -> String {
    let url = url::Url::parse(link).expect("a link");
    url.query_pairs()
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.into_owned())
        .expect("q")
}

#[tokio::test]
async fn every_fate_equals_the_data_and_its_search() {
    let world = World::start().await;
    world.open(PYCON_US).await;
    world.wait_done().await;
    world.capture_downloads().await;
    let fates = expected(&world.data);
    let total: usize = fates.iter().map(|(_, n)| n).sum();
    assert_eq!(
        total,
        world.default_opened(),
        "the fates add up to the PRs opened"
    );
    assert!(
        fates.iter().filter(|(_, n)| *n > 0).count() >= 4,
        "{fates:?}"
    );
    for (name, count) in &fates {
        world.expect_metric(name, *count).await;
        // The figure equals its link's result count on the same GitHub.
        let links = world
            .client
            .execute(
                "return [...document.querySelectorAll(`[data-testid=fate-${arguments[0]}] a`)].map(a => a.href);",
                vec![serde_json::json!(name)],
            )
            .await
            .expect("links");
        let links: Vec<String> = serde_json::from_value(links).expect("strings");
        assert_eq!(links.len(), 1, "{name}: {links:?}");
        let search = query::parse(&query_of(&links[0])).expect("the stand-in reads it");
        let results = world
            .data
            .prs
            .iter()
            .filter(|pr| search.matches(pr))
            .count();
        assert_eq!(results, *count, "{name}: its search finds {results}");
    }
    let heading = world
        .client
        .find(fantoccini::Locator::Css("[data-testid=afterglow] h2"))
        .await
        .expect("heading")
        .text()
        .await
        .expect("text");
    assert_eq!(
        heading,
        format!("What became of the sprint's {total} pull requests")
    );
    // Without a token the comparison says what it would take.
    let share = world.text_of("afterglow-share").await;
    assert!(
        share.contains("of the sprint's PRs were merged within a month"),
        "{share}"
    );
    assert!(share.contains("Add a token"), "{share}");
    world.by_testid("chart-afterglow").await;

    world
        .by_testid("afterglow-csv")
        .await
        .click()
        .await
        .expect("csv");
    let files = world.downloads().await;
    let csv = data_text(&files.last().expect("a download").1);
    for (name, count) in &fates {
        let line = csv
            .lines()
            .find(|l| l.starts_with(&format!("{name},")))
            .unwrap_or_else(|| panic!("{name} in {csv}"));
        assert!(line.contains(&format!(",{count},")), "{line}");
    }
    world.expect_healthy().await;
    world.close().await;
}

#[tokio::test]
async fn with_a_token_the_share_is_set_beside_ordinary_weeks_and_kept_in_snapshots() {
    let world = World::start().await;
    world.open(PYCON_US).await;
    world.wait_done().await;
    world.capture_downloads().await;
    world.use_token("test-token", false).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let share = loop {
        // Read in one script: the line is redrawn as answers arrive.
        let share = world
            .client
            .execute(
                "const e = document.querySelector('[data-testid=afterglow-share]'); return e ? e.textContent : '';",
                vec![],
            )
            .await
            .expect("the share line");
        let share = share.as_str().unwrap_or_default().to_string();
        if share.contains("in ordinary weeks") || std::time::Instant::now() > deadline {
            break share;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert!(share.contains("% in ordinary weeks."), "{share}");
    world.wait_done().await;

    world
        .by_testid("export-json")
        .await
        .click()
        .await
        .expect("export");
    let files = world.downloads().await;
    let snapshot: serde_json::Value =
        serde_json::from_str(&data_text(&files.last().expect("a download").1)).expect("json");
    for (name, count) in expected(&world.data) {
        assert_eq!(
            snapshot["afterglow"]["fates"][name],
            serde_json::json!(count),
            "{name}"
        );
    }
    assert!(snapshot["afterglow"]["baseline_within_a_month"].is_number());
    world.expect_healthy().await;
    world.close().await;
}
