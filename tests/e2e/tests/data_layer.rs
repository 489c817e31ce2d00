//! The data layer end to end: both modes, rate limits, faults, the cache
//! and the token's binding to its API host, against the stand-in.

use sprintlift_e2e::{start_standin, World, PYCON_US};
use sprintlift_standin::{Config, Fault, FaultRule, Route};
use std::time::Duration;

const ORG: &str = "python";

#[tokio::test]
async fn anonymous_and_token_paths_give_the_same_figures() {
    let world = World::start().await;
    world.open(PYCON_US).await;
    let anonymous_requests = world.wait_done().await;
    world.expect_default_figures().await;
    let anonymous = world.metrics().await;
    assert_eq!(world.standin.log.searches().len(), anonymous_requests);
    assert!(world
        .by_testid("needs-token-new_contributors")
        .await
        .text()
        .await
        .expect("text")
        .contains("token"));

    world.use_token("test-token", false).await;
    world.by_testid("progress").await;
    let token_requests = world.wait_done().await;
    world.expect_default_figures().await;
    let with_token = world.metrics().await;
    for (key, value) in &anonymous {
        assert_eq!(
            with_token.get(key),
            Some(value),
            "{key} differs between the modes"
        );
    }
    // The token adds what was too costly without one.
    for metric in [
        "headline new_contributors",
        "headline lift_authors",
        "headline returned_30",
    ] {
        assert!(
            with_token.contains_key(metric),
            "{metric} missing: {with_token:#?}"
        );
    }
    let graphql: Vec<_> = world
        .standin
        .log
        .entries()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path_and_query == "/graphql")
        .collect();
    assert_eq!(graphql.len(), token_requests);
    assert!(graphql
        .iter()
        .all(|r| r.authorization.as_deref() == Some("Bearer test-token")));
    // Listed: the sprint's three listings and each window's opened PRs.
    let listed: usize = world
        .default_windows()
        .iter()
        .map(|(_, c)| c[0])
        .sum::<usize>()
        + world.default_windows()[0].1[1]
        + world.default_windows()[0].1[2];
    println!(
        "requests: anonymous {anonymous_requests}, token {token_requests} for {listed} listed PRs"
    );
    assert!(token_requests < anonymous_requests);
    world.close().await;
}

#[tokio::test]
async fn a_rate_limit_wait_is_survived_with_correct_figures() {
    let world = World::start_with(Config {
        search_per_minute_anonymous: 10,
        minute: Duration::from_secs(3),
        ..Config::default()
    })
    .await;
    world.open(PYCON_US).await;
    let wait = world.text_of("wait").await;
    assert!(wait.contains("Next request in"), "{wait}");
    world.wait_done().await;
    world.expect_default_figures().await;
    world.close().await;
}

#[tokio::test]
async fn a_used_up_limit_is_said_with_its_resume_time_and_waited_out() {
    let world = World::start_with(Config {
        search_per_minute_anonymous: 10,
        minute: Duration::from_secs(4),
        ..Config::default()
    })
    .await;
    // Someone else on this address used the anonymous searches up: the
    // page's first request gets 403 with no searches remaining.
    for _ in 0..10 {
        let url = format!(
            "{}/search/issues?q=org:python+is:pr&per_page=1",
            world.standin.base_url()
        );
        world.client.goto(&url).await.expect("use a search");
    }
    world.open(PYCON_US).await;
    let wait = world.text_of("wait").await;
    assert!(
        wait.contains("rate limit is used up") && wait.contains("(at "),
        "{wait}"
    );
    world.wait_done().await;
    world.expect_default_figures().await;
    let refused = world.standin.log.searches().len();
    assert!(
        refused > 29,
        "the refused request was made again: {refused}"
    );
    world.close().await;
}

#[tokio::test]
async fn a_cached_revisit_makes_no_request() {
    let world = World::start().await;
    world.open(PYCON_US).await;
    world.wait_done().await;
    let first = world.metrics().await;
    let requests = world.standin.log.entries().len();
    world.client.refresh().await.expect("reload");
    assert_eq!(world.wait_done().await, 0);
    assert_eq!(world.metrics().await, first);
    assert_eq!(world.standin.log.entries().len(), requests);
    world.close().await;
}

#[tokio::test]
async fn kept_answers_that_cannot_be_read_are_said_and_asked_again() {
    let world = World::start().await;
    world.open(PYCON_US).await;
    world.wait_done().await;
    let first = world.metrics().await;
    let requests = world.standin.log.entries().len();
    // Damage every kept answer, as a browser extension or another version
    // of the page might.
    let damaged = world
        .client
        .execute(
            "const keys = Object.keys(localStorage).filter(k => k.startsWith('sprintlift/answers/v1/')); for (const k of keys) localStorage.setItem(k, '{damaged'); return keys.length;",
            vec![],
        )
        .await
        .expect("damage the cache");
    let damaged = damaged.as_u64().expect("a count");
    assert!(damaged > 0, "the first visit kept answers");
    world.client.refresh().await.expect("reload");
    world.wait_done().await;
    let said = world.text_of("cache-unreadable").await;
    assert!(
        said.starts_with(&format!("{damaged} of the answers this browser kept")),
        "{said}"
    );
    // Asked again, the figures are the same.
    assert_eq!(world.metrics().await, first);
    assert!(world.standin.log.entries().len() > requests);
    world.close().await;
}

#[tokio::test]
async fn a_reload_continues_where_the_load_stopped() {
    // Every request from the 6th on fails, so the first load stops early.
    let world = World::start_with(Config {
        faults: vec![FaultRule {
            route: Route::Search,
            requests: 6..=9,
            fault: Fault::Status(500),
        }],
        ..Config::unlimited()
    })
    .await;
    world.open(PYCON_US).await;
    let error = world.text_of("load-error").await;
    assert!(error.contains("HTTP 500"), "{error}");
    // The figures known before the failure stay.
    world
        .expect_metric("opened", world.default_windows()[0].1[0])
        .await;
    assert_eq!(world.standin.log.searches().len(), 9);
    world.client.refresh().await.expect("reload");
    world.wait_done().await;
    world.expect_default_figures().await;
    // Nothing answered before was asked again.
    let searches = world.standin.log.searches();
    let mut asked: Vec<&str> = searches
        .iter()
        .filter(|r| !r.path_and_query.is_empty())
        .map(|r| r.path_and_query.as_str())
        .collect();
    let before = asked.len();
    asked.sort();
    asked.dedup();
    assert_eq!(
        before - asked.len(),
        4,
        "only the four failed requests were repeated"
    );
    world.close().await;
}

#[tokio::test]
async fn the_token_never_reaches_another_host() {
    let world = World::start().await;
    let foreign = start_standin(world.data.clone(), Config::unlimited()).await;
    world.open(PYCON_US).await;
    world.use_token("test-token", true).await;
    world.wait_done().await;
    // A shared link naming another API host: the token stays home until
    // the user allows it.
    let link = world
        .app_url(PYCON_US)
        .replace(&world.standin.base_url(), &foreign.base_url());
    world.client.goto(&link).await.expect("open");
    let question = world.text_of("token-elsewhere").await;
    assert!(question.contains(&foreign.base_url()), "{question}");
    world.wait_done().await;
    let leaked: Vec<_> = foreign
        .log
        .entries()
        .into_iter()
        .filter(|r| r.authorization.is_some())
        .collect();
    assert!(
        leaked.is_empty(),
        "the token reached the foreign host: {leaked:?}"
    );
    assert!(!foreign.log.searches().is_empty());
    // Never in the URL either.
    let url = world.client.current_url().await.expect("url").to_string();
    assert!(!url.contains("test-token"), "{url}");
    world.close().await;
}

#[tokio::test]
async fn changing_the_view_cancels_the_old_load() {
    let world = World::start_with(Config {
        latency: Duration::from_millis(300),
        ..Config::unlimited()
    })
    .await;
    world
        .open("org=numpy&from=2025-05-19&to=2025-05-22&tz=America/New_York")
        .await;
    world.by_testid("progress").await;
    world.type_into("org", ORG).await;
    world.submit().await;
    world
        .expect_url("name python", |u| u.contains("org=python"))
        .await;
    world.wait_done().await;
    world.expect_default_figures().await;
    let numpy = |w: &World| {
        w.standin
            .log
            .searches()
            .iter()
            .filter(|r| r.path_and_query.contains("org:numpy"))
            .count()
    };
    let before = numpy(&world);
    tokio::time::sleep(Duration::from_secs(1)).await;
    // The numpy view needed 29 requests; at most the one in flight when
    // the view changed (and the few before it) were made.
    assert!(before <= 4, "{before} numpy requests");
    assert_eq!(numpy(&world), before, "the old load went on");
    world.close().await;
}

/// A view that needs more than ten minutes of anonymous searching says so
/// before it asks anything; the visitor can go on anyway.
#[tokio::test]
async fn a_costly_view_says_its_cost_before_it_asks() {
    let world = World::start().await;
    let repos: Vec<String> = (0..30).map(|i| format!("python/repo{i}")).collect();
    let query = format!(
        "repos={}&from=2025-05-19&to=2025-05-22&tz=America/New_York&before=12&after=12",
        repos.join(",")
    );
    world.open(&query).await;
    let notice = world.text_of("cost-notice").await;
    assert!(notice.contains("searches: about"), "{notice}");
    assert!(notice.contains("without a token"), "{notice}");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        world.standin.log.searches().is_empty(),
        "nothing asked before the choice"
    );
    world
        .by_testid("cost-go-on")
        .await
        .click()
        .await
        .expect("click");
    let started = std::time::Instant::now();
    while world.standin.log.searches().is_empty() {
        assert!(started.elapsed().as_secs() < 30, "the load never went on");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    world.expect_healthy().await;
    world.close().await;
}
