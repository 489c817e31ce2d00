//! Snapshots end to end: export from a live view, render from the file
//! with zero GitHub requests, as the dashboard and as the embed card; a bad
//! file gets its sentence.

// Test helpers: a failed expectation is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use sprintlift_e2e::{serve_file, World};

#[tokio::test]
async fn an_exported_snapshot_renders_without_github() {
    let world = World::with_default_view().await;
    let live = world.metrics().await;
    world
        .client
        .execute(
            "window.__downloads = []; HTMLAnchorElement.prototype.click = function () { window.__downloads.push(this.href); };",
            vec![],
        )
        .await
        .expect("capture");
    world
        .by_testid("export-json")
        .await
        .click()
        .await
        .expect("export");
    let href = world
        .client
        .execute("return window.__downloads[0];", vec![])
        .await
        .expect("href");
    let href = href.as_str().expect("a data URL").to_string();
    let encoded = href.split_once(',').expect("data").1;
    let json = world
        .client
        .execute(
            "return decodeURIComponent(arguments[0]);",
            vec![serde_json::json!(encoded)],
        )
        .await
        .expect("decode");
    let json = json.as_str().expect("text").to_string();
    assert!(json.contains("\"sprintlift_snapshot\": 1"), "{json}");
    let url = serve_file("pycon.json", json).await;

    let requests = world.standin.log.entries().len();
    world.open(&format!("snapshot={url}")).await;
    world.by_testid("snapshot-note").await;
    world.by_testid("chart-opened").await;
    let from_file = world.metrics().await;
    for (key, value) in &live {
        assert_eq!(from_file.get(key), Some(value), "{key}");
    }
    assert_eq!(
        world.standin.log.entries().len(),
        requests,
        "no GitHub request"
    );

    // The same file as the embed card.
    world
        .open(&format!("snapshot={url}&embed=1&theme=dark"))
        .await;
    world.by_testid("embed").await;
    world.by_testid("snapshot-note").await;
    let card = world.metrics().await;
    assert_eq!(card.get("headline opened"), live.get("headline opened"));
    assert_eq!(
        world.standin.log.entries().len(),
        requests,
        "no GitHub request"
    );
    world.close().await;
}

#[tokio::test]
async fn a_bad_snapshot_says_what_is_wrong() {
    let world = World::start().await;
    let url = serve_file("bad.json", "{\"view\": 3}".to_string()).await;
    world.open(&format!("snapshot={url}")).await;
    let error = world.text_of("load-error").await;
    assert!(error.contains("not what sprintlift writes"), "{error}");
    world.open("snapshot=javascript:alert(1)").await;
    let error = world.text_of("view-error").await;
    assert!(error.contains("not a file address"), "{error}");
    world.close().await;
}
