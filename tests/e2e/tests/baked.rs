//! Baked views: a copy of the release build with views baked into it by
//! `sprintlift-bake` (run in-process against the stand-in), served as
//! static files. An anonymous visitor of a past baked view sees every
//! figure, new contributors and retention included, with no request to
//! GitHub; of an ongoing one, only the sprint's searches go out; a broken
//! baked file is said and the page loads live; each card is an SVG that
//! states the figures.

// A test: a failed expectation here is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use jiff::Timestamp;
use sprintlift_bake::{bake, Options};
use sprintlift_core::api_base::ApiBase;
use sprintlift_core::baked_site::Index;
use sprintlift_e2e::{site_copy, start_standin, TempDir, World, PYCON_US, SEED};
use sprintlift_standin::{AuthorKind, Config, Dataset, PullRequest};

const EUROPYTHON: &str = "org=python&from=2025-07-19&to=2025-07-20&tz=Europe/Prague";
const PYCON_KR: &str = "org=python&from=2025-08-15&to=2025-08-15&tz=Asia/Seoul";

/// Bakes `views` with the token into `site`, against the stand-in at `api`.
async fn bake_into(site: &TempDir, api: &str, views: &[&str]) {
    let options = Options {
        out: site.path().to_path_buf(),
        api: ApiBase::parse(api).expect("api"),
        views: views.iter().map(|v| v.to_string()).collect(),
        token: Some("test-token".into()),
    };
    let summary = tokio::task::spawn_blocking(move || {
        let mut progress = Vec::new();
        let summary = bake(&options, &mut progress);
        (summary, String::from_utf8_lossy(&progress).into_owned())
    })
    .await
    .expect("the bake ran");
    assert!(summary.0.complete(), "{}", summary.1);
}

fn index(site: &TempDir) -> Index {
    let text = std::fs::read_to_string(site.path().join("baked/index.json")).expect("index");
    Index::parse(&text).expect("a valid index")
}

#[tokio::test]
async fn an_anonymous_visitor_of_a_past_baked_view_sees_everything_with_no_request() {
    let data = sprintlift_standin::generate(SEED);
    let standin = start_standin(data.clone(), Config::unlimited()).await;
    let site = site_copy();
    bake_into(
        &site,
        &standin.base_url(),
        &[PYCON_US, EUROPYTHON, PYCON_KR],
    )
    .await;
    let world = World::around(standin, data, site.path().to_path_buf()).await;
    let asked = world.standin.log.entries().len();

    world.open(PYCON_US).await;
    assert_eq!(world.wait_done().await, 0, "requests to GitHub");
    world.expect_default_figures().await;
    let metrics = world.metrics().await;
    // What only a token's load knows: new contributors and retention.
    for figure in ["new_contributors", "returned_30", "outcome_merged_7d"] {
        let value = metrics.get(&format!("headline {figure}"));
        assert!(
            value.is_some_and(|v| !v.is_empty()),
            "{figure}: {metrics:#?}"
        );
    }
    let note = world.text_of("baked-note").await;
    assert!(note.contains("baked by this site"), "{note}");
    world.by_testid("chart-timeline").await;

    // The Embed panel offers the card as an image.
    world
        .by_testid("embed-button")
        .await
        .click()
        .await
        .expect("embed");
    let image = world
        .by_testid("image-snippet")
        .await
        .prop("value")
        .await
        .expect("value")
        .expect("a snippet");
    assert!(image.contains(".card.svg\""), "{image}");
    assert!(image.contains("pull requests opened"), "{image}");

    // The embed card and a comparison of baked events ask nothing either.
    world.open(&format!("{PYCON_US}&embed=1")).await;
    world.by_testid("embed").await;
    world
        .expect_metric("opened", world.default_windows()[0].1[0])
        .await;
    world
        .open("compare=pycon-us-2025,europython-2025,pycon-kr-2025")
        .await;
    for event in ["pycon-us-2025", "europython-2025", "pycon-kr-2025"] {
        let done = format!("[data-event=\"{event}\"][data-done=\"true\"]");
        world
            .client
            .wait()
            .at_most(std::time::Duration::from_secs(30))
            .for_element(fantoccini::Locator::Css(&done))
            .await
            .unwrap_or_else(|e| panic!("{event} never finished: {e}"));
    }
    assert_eq!(
        world.standin.log.entries().len(),
        asked,
        "a baked past view asks GitHub nothing"
    );
    world.expect_healthy().await;
    world.close().await;
}

/// The stand-in's view of "now": PRs over the 10 weeks before it, and a
/// burst in a sprint that started two days ago and ends tomorrow (UTC).
fn data_around_now() -> (Dataset, String, Timestamp) {
    let now = Timestamp::now();
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let from = today.checked_sub(jiff::Span::new().days(2)).expect("date");
    let to = today.checked_add(jiff::Span::new().days(1)).expect("date");
    let sprint_start = from
        .to_zoned(jiff::tz::TimeZone::UTC)
        .expect("zoned")
        .timestamp();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |m: i64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m as u64) as i64
    };
    let mut prs = Vec::new();
    for number in 1..=500u64 {
        let created = if number <= 400 {
            now.as_second() - 1 - next(70 * 86_400)
        } else {
            sprint_start.as_second() + next(now.as_second() - sprint_start.as_second())
        };
        let created = Timestamp::from_second(created).expect("instant");
        let later = created.as_second() + 60 + next(5 * 86_400);
        let closed = (later < now.as_second() && next(3) > 0)
            .then(|| Timestamp::from_second(later).expect("instant"));
        let merged = closed.filter(|_| next(4) > 0);
        prs.push(PullRequest {
            org: "live".into(),
            repo: ["core", "docs"][next(2) as usize].into(),
            number,
            title: format!("Change {number}"),
            author: format!("dev{}", next(80)),
            author_kind: AuthorKind::User,
            author_association: "CONTRIBUTOR",
            created_at: created,
            closed_at: closed,
            merged_at: merged,
            draft: false,
        });
    }
    let view = format!("org=live&from={from}&to={to}&tz=UTC");
    (Dataset::new(prs), view, sprint_start)
}

#[tokio::test]
async fn of_an_ongoing_baked_view_only_the_sprints_searches_go_out() {
    let (data, view, sprint_start) = data_around_now();
    let standin = start_standin(data.clone(), Config::unlimited()).await;
    let site = site_copy();
    bake_into(&site, &standin.base_url(), &[&view]).await;
    let baked = index(&site);
    let world = World::around(standin, data, site.path().to_path_buf()).await;
    let asked = world.standin.log.entries().len();

    world.open(&view).await;
    let requests = world.wait_done().await;
    let searches: Vec<String> = world.standin.log.entries()[asked..]
        .iter()
        .filter(|r| r.method != "OPTIONS")
        .map(|r| r.path_and_query.clone())
        .collect();
    assert!(requests > 0, "an ongoing sprint's answers can change");
    assert_eq!(searches.len(), requests);
    // Every search is about the sprint or after it: nothing about the
    // baseline weeks, which had settled when the site was baked.
    for search in &searches {
        let query = url::Url::parse(&format!("http://x{search}")).expect("a path");
        let q = query
            .query_pairs()
            .find(|(k, _)| k == "q")
            .map(|(_, v)| v.into_owned())
            .expect("q");
        let starts: Vec<Timestamp> = q
            .split(' ')
            .filter_map(|term| term.split_once(':').map(|(_, v)| v))
            .filter_map(|v| v.trim_start_matches(['<', '>', '=']).split("..").next())
            .filter_map(|v| v.parse::<Timestamp>().ok())
            .collect();
        assert!(
            starts.iter().all(|t| *t >= sprint_start),
            "a search about time before the sprint: {q}"
        );
    }
    let note = world.text_of("baked-note").await;
    assert!(note.contains("baked by this site"), "{note}");
    assert_eq!(baked.views.len(), 1);
    world.expect_healthy().await;
    world.close().await;
}

#[tokio::test]
async fn a_broken_baked_file_is_said_and_the_view_loads_live() {
    let data = sprintlift_standin::generate(SEED);
    let standin = start_standin(data.clone(), Config::unlimited()).await;
    let site = site_copy();
    bake_into(&site, &standin.base_url(), &[PYCON_US]).await;
    let answers = &index(&site).views[0].answers;
    std::fs::write(site.path().join(answers), "{\"format\": 1, \"api\": ").expect("break it");
    let world = World::around(standin, data, site.path().to_path_buf()).await;

    world.open(PYCON_US).await;
    let said = world.text_of("site-error").await;
    assert!(
        said.starts_with("The baked answers are not readable JSON"),
        "{said}"
    );
    assert!(
        said.ends_with("So the figures are asked from GitHub."),
        "{said}"
    );
    assert!(world.wait_done().await > 0, "the view loads live");
    world.expect_default_figures().await;
    world.expect_healthy().await;
    world.close().await;
}

#[tokio::test]
async fn each_card_is_an_svg_that_states_the_figures() {
    let data = sprintlift_standin::generate(SEED);
    let standin = start_standin(data.clone(), Config::unlimited()).await;
    let site = site_copy();
    bake_into(&site, &standin.base_url(), &[PYCON_US, EUROPYTHON]).await;
    let world = World::around(standin, data, site.path().to_path_buf()).await;
    let opened = world.default_opened();
    for entry in index(&site).views {
        let card = entry.card.expect("a card");
        let text = std::fs::read_to_string(site.path().join(&card)).expect("the card");
        let svg = roxmltree::Document::parse(&text).expect("well-formed SVG");
        assert_eq!(svg.root_element().tag_name().name(), "svg");
        let title = svg
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text())
            .expect("a title");
        let words: String = svg
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(words.contains("pull requests opened"), "{words}");
        assert!(title.contains("pull requests opened"), "{title}");
        assert!(text.contains("prefers-color-scheme: dark"));
        if entry.view.contains("2025-05-19") {
            let line = format!("{opened} pull requests opened");
            assert!(words.contains(&line) && title.contains(&line), "{title}");
        }
    }
    world.close().await;
}
