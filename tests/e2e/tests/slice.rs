//! The foundation's slice, end to end: PRs opened in event-local days, read
//! from the URL, written back by the form, restored by back and forward.

use sprintlift_core::view_state::decode_query;
use sprintlift_e2e::{opened_in, World, PYCON_US};

#[tokio::test]
async fn opened_count_matches_the_data_and_links_to_github() {
    let world = World::start().await;
    let expected = opened_in(
        &world.data,
        "python",
        "2025-05-19",
        "2025-05-22",
        "America/New_York",
    );
    assert!(
        expected > 100,
        "the generated sprint should be busy, got {expected}"
    );

    world.open(PYCON_US).await;
    world.expect_metric("opened", expected).await;

    let link = world.by_testid("search-link").await;
    assert_eq!(
        link.attr("href").await.expect("href").as_deref(),
        Some("https://github.com/search?q=org:python+is:pr+created:2025-05-19T00:00:00-04:00..2025-05-22T23:59:59-04:00+-author:app/dependabot+-author:app/pre-commit-ci+-author:app/renovate+-author:app/github-actions+-author:app/miss-islington-app&type=pullrequests")
    );
    // Every number of the windows table links to a search the page asked
    // GitHub (the same query, so the two cannot differ).
    world.wait_done().await;
    let cells = world
        .client
        .execute(
            "return [...document.querySelectorAll('.windows td[data-value]')].map(td => [td.dataset.metric, (td.querySelector('a') || {}).href || '']);",
            vec![],
        )
        .await
        .expect("cells");
    let cells: Vec<(String, String)> = serde_json::from_value(cells).expect("cells");
    let q_of = |query: &str| -> Option<String> {
        decode_query(query.split_once('?')?.1)
            .into_iter()
            .find(|(k, _)| k == "q")
            .map(|(_, v)| v)
    };
    let asked: Vec<String> = world
        .standin
        .log
        .searches()
        .iter()
        .filter_map(|r| q_of(&r.path_and_query))
        .collect();
    assert!(cells.len() >= 27, "{cells:?}");
    for (metric, href) in &cells {
        let q = q_of(href).unwrap_or_else(|| panic!("{metric} links nowhere: {href:?}"));
        assert!(
            asked.contains(&q),
            "{metric} links to {q}, which was never asked"
        );
    }
    // The headline comes first: the first request lists the sprint's
    // opened PRs, carrying the window as datetimes with offsets.
    let searches = world.standin.log.searches();
    assert!(
        searches[0]
            .path_and_query
            .contains("created:2025-05-19T00:00:00-04:00..2025-05-22T23:59:59-04:00"),
        "{}",
        searches[0].path_and_query
    );
    world.close().await;
}

#[tokio::test]
async fn the_form_writes_the_url_and_history_restores_each_view() {
    let world = World::start().await;
    let python = opened_in(
        &world.data,
        "python",
        "2025-05-19",
        "2025-05-22",
        "America/New_York",
    );
    let numpy = opened_in(
        &world.data,
        "numpy",
        "2025-05-19",
        "2025-05-22",
        "Asia/Seoul",
    );
    assert_ne!(python, numpy);

    world.open(PYCON_US).await;
    world.expect_metric("opened", python).await;

    world.type_into("org", "numpy").await;
    world.type_into("tz", "Asia/Seoul").await;
    world.submit().await;

    let url = world
        .expect_url("name numpy", |u| u.contains("org=numpy"))
        .await;
    assert!(url.contains("tz=Asia/Seoul"), "{url}");
    assert!(url.contains("from=2025-05-19&to=2025-05-22"), "{url}");
    world.expect_metric("opened", numpy).await;

    world.client.back().await.expect("back");
    world
        .expect_url("name python again", |u| u.contains("org=python"))
        .await;
    world.expect_metric("opened", python).await;
    let org_value = world
        .by_testid("input-org")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_eq!(
        org_value.as_deref(),
        Some("python"),
        "the form follows the URL"
    );

    world.client.forward().await.expect("forward");
    world
        .expect_url("name numpy again", |u| u.contains("org=numpy"))
        .await;
    world.expect_metric("opened", numpy).await;

    // A reload restores the same view from the URL alone.
    world.client.refresh().await.expect("reload");
    world.expect_metric("opened", numpy).await;
    let tz = world
        .by_testid("input-tz")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_eq!(tz.as_deref(), Some("Asia/Seoul"));
    world.close().await;
}

#[tokio::test]
async fn bad_input_gets_a_sentence_and_the_form_keeps_it() {
    let world = World::start().await;

    world
        .open("org=python&from=2025-05-19&to=2025-05-22&tz=Mars/Olympus")
        .await;
    let error = world
        .by_testid("load-error")
        .await
        .text()
        .await
        .expect("text");
    assert!(
        error.contains("“Mars/Olympus” is not a time zone"),
        "{error}"
    );
    let tz = world
        .by_testid("input-tz")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_eq!(tz.as_deref(), Some("Mars/Olympus"));

    world.open("org=nosuchorg&from=2025-05-19&tz=UTC").await;
    let error = world
        .by_testid("load-error")
        .await
        .text()
        .await
        .expect("text");
    assert!(error.contains("cannot be searched"), "{error}");

    world
        .open("org=python&from=2025-05-22&to=2025-05-19&tz=UTC")
        .await;
    let error = world
        .by_testid("view-error")
        .await
        .text()
        .await
        .expect("text");
    assert!(error.contains("swap the two dates"), "{error}");
    world.close().await;
}
