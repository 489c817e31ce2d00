//! The fault matrix's outer layer. Every way GitHub or the network fails is
//! decided by the core's load engine and tested there natively, as tables
//! (`crates/core/src/load_engine/tests.rs`). Here the page meets one fault
//! of each kind its shell handles itself, on both paths (REST search
//! without a token, GraphQL with one): a status passed on, a dropped
//! connection, a body it must fetch again past the browser's HTTP cache,
//! `retry-after` read through CORS, the network going away, and the
//! sentences shown. Whatever happens, the page ends with the correct
//! figures or a clear sentence, keeps the figures it already had, and never
//! goes blank or panics.
//!
//! The used-up primary limit (403 with `x-ratelimit-remaining: 0`) is in
//! data_layer.rs, where the stand-in's real limits produce it.

// A test: a failed expectation here is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use sprintlift_e2e::{World, PYCON_US};
use sprintlift_standin::{Config, Fault, FaultRule, Route};
use std::ops::RangeInclusive;
use std::time::Duration;

/// How a faulty load must end.
enum Ends {
    /// With the figures the data gives.
    Correct,
    /// With this in the page's error sentence, and the sprint's headline
    /// (loaded before the fault) still shown.
    Said(&'static str),
}

/// Serves `fault` to the requests numbered `requests` on `route` and checks
/// how the load ends. GraphQL faults meet the load a token starts after
/// the anonymous figures are shown.
async fn check(route: Route, requests: RangeInclusive<u64>, fault: Fault, ends: Ends) {
    let world = World::start_with(Config {
        faults: vec![FaultRule {
            route,
            requests,
            fault,
        }],
        ..Config::unlimited()
    })
    .await;
    world.open(PYCON_US).await;
    if route == Route::Graphql {
        world.wait_done().await;
        world.use_token("test-token", false).await;
    }
    match ends {
        Ends::Correct => {
            world.wait_done().await;
            world.expect_default_figures().await;
        }
        Ends::Said(part) => {
            let error = world.text_of("load-error").await;
            assert!(error.contains(part), "“{error}” does not say “{part}”");
            world
                .expect_metric("opened", world.default_windows()[0].1[0])
                .await;
        }
    }
    world.expect_healthy().await;
    world.close().await;
}

#[tokio::test]
async fn rest_a_server_error_is_retried() {
    check(Route::Search, 2..=2, Fault::Status(503), Ends::Correct).await;
}

#[tokio::test]
async fn rest_dropped_connection() {
    check(Route::Search, 2..=2, Fault::Drop, Ends::Correct).await;
}

#[tokio::test]
async fn rest_truncated_json_is_fetched_again_past_the_http_cache() {
    check(Route::Search, 2..=2, Fault::TruncatedJson, Ends::Correct).await;
}

#[tokio::test]
async fn rest_secondary_limit_with_retry_after() {
    let fault = Fault::TooManyRequests {
        retry_after: Some(2),
    };
    check(Route::Search, 3..=3, fault, Ends::Correct).await;
}

#[tokio::test]
async fn graphql_dropped_connection() {
    check(Route::Graphql, 2..=2, Fault::Drop, Ends::Correct).await;
}

#[tokio::test]
async fn graphql_faults_that_persist_are_said() {
    check(
        Route::Graphql,
        1..=10_000,
        Fault::Status(502),
        Ends::Said("HTTP 502"),
    )
    .await;
}

#[tokio::test]
async fn incomplete_results_are_marked() {
    let world = World::start_with(Config {
        faults: vec![FaultRule {
            route: Route::Search,
            requests: 1..=1,
            fault: Fault::Incomplete,
        }],
        ..Config::unlimited()
    })
    .await;
    world.open(PYCON_US).await;
    world.wait_done().await;
    let note = world.text_of("incomplete").await;
    assert!(note.contains("may be low"), "{note}");
    world.expect_default_figures().await;
    world.expect_healthy().await;
    world.close().await;
}

#[tokio::test]
async fn unknown_org_and_bad_token_are_said() {
    // 422: GitHub's detail, not its "Validation Failed".
    let world = World::start().await;
    world
        .open("org=no-such-org&from=2025-05-19&to=2025-05-22&tz=America/New_York")
        .await;
    let error = world.text_of("load-error").await;
    assert!(error.contains("cannot be searched"), "{error}");
    world.expect_healthy().await;
    world.close().await;

    // 401: said as such, without the token, and the anonymous figures stay.
    let world = World::start().await;
    world.open(PYCON_US).await;
    world.wait_done().await;
    world.use_token("not-the-token", false).await;
    let error = world.text_of("load-error").await;
    assert!(error.contains("did not accept the token"), "{error}");
    assert!(
        !error.contains("not-the-token"),
        "the token leaked: {error}"
    );
    world
        .expect_metric("opened", world.default_windows()[0].1[0])
        .await;
    world.expect_healthy().await;
    world.close().await;
}

#[tokio::test]
async fn the_network_going_away_mid_load_is_said_and_the_figures_stay() {
    let mut world = World::start_with(Config {
        latency: Duration::from_millis(200),
        ..Config::unlimited()
    })
    .await;
    world.open(PYCON_US).await;
    // The headline is in; the rest is still coming.
    world
        .expect_metric("opened", world.default_windows()[0].1[0])
        .await;
    world.standin.stop();
    let error = world.text_of("load-error").await;
    assert!(error.contains("could not be reached"), "{error}");
    world
        .expect_metric("opened", world.default_windows()[0].1[0])
        .await;
    world.expect_healthy().await;
    world.close().await;
}

/// An answer that never comes is given up at the core's deadline (30 s)
/// and asked again, with the reason shown meanwhile; the load ends with
/// the right figures.
#[tokio::test]
async fn rest_an_answer_that_never_comes_is_given_up_at_the_deadline() {
    let world = World::start_with(Config {
        faults: vec![FaultRule {
            route: Route::Search,
            requests: 2..=2,
            fault: Fault::Delay(Duration::from_secs(3600)),
        }],
        ..Config::unlimited()
    })
    .await;
    let started = std::time::Instant::now();
    world.open(PYCON_US).await;
    let said = "//*[@data-testid='wait'][contains(., 'no answer within 30 seconds')]";
    world
        .client
        .wait()
        .at_most(Duration::from_secs(45))
        .every(Duration::from_millis(100))
        .for_element(fantoccini::Locator::XPath(said))
        .await
        .expect("the page says the answer did not come");
    world.wait_done().await;
    assert!(started.elapsed() >= Duration::from_secs(30));
    world.expect_default_figures().await;
    let searches = world.standin.log.searches();
    assert_eq!(
        searches[1].path_and_query, searches[2].path_and_query,
        "the unanswered search is asked again"
    );
    world.expect_healthy().await;
    world.close().await;
}

/// A redirect of an API request is an error, never followed: the page
/// asks nothing of the address it names, retries, and ends right.
#[tokio::test]
async fn rest_a_redirect_is_not_followed() {
    let world = World::start_with(Config {
        faults: vec![FaultRule {
            route: Route::Search,
            requests: 2..=2,
            fault: Fault::Redirect("/moved-elsewhere".into()),
        }],
        ..Config::unlimited()
    })
    .await;
    world.open(PYCON_US).await;
    world.wait_done().await;
    world.expect_default_figures().await;
    let followed = world
        .standin
        .log
        .entries()
        .iter()
        .any(|r| r.path_and_query.starts_with("/moved-elsewhere"));
    assert!(!followed, "the redirect was followed");
    world.close().await;
}
