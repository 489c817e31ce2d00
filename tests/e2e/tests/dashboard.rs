//! The dashboard end to end: the default view with its claims and charts,
//! the preset menu, a view of repositories, a phone-sized screen.

use sprintlift_e2e::{opened_in, World};

/// How many pixels of a canvas differ from its top-left pixel (the
/// background): zero means nothing was drawn.
const INKED: &str = "const c = document.querySelector(`[data-testid='${arguments[0]}']`);
if (!c) return -1;
const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
let n = 0;
for (let i = 0; i < d.length; i += 4) {
  if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;
}
return n;";

#[tokio::test]
async fn the_default_view_has_its_headline_claims_and_charts() {
    let world = World::start().await;
    world.open("").await;
    world.wait_done().await;
    let expected = opened_in(
        &world.data,
        "python",
        "2025-05-19",
        "2025-05-22",
        "America/New_York",
    );
    world.expect_metric("opened", expected).await;
    // Published claims beside measured figures.
    let claims = world.text_of("claims").await;
    assert!(
        claims.contains("published: 370 new PRs to the python org"),
        "{claims}"
    );
    assert!(
        claims.contains(&format!("measured: {expected}")),
        "{claims}"
    );
    // Both charts are drawn, at the screen's pixel ratio.
    for chart in ["chart-opened", "chart-merged"] {
        world.by_testid(chart).await;
        let inked = world
            .client
            .execute(INKED, vec![serde_json::json!(chart)])
            .await
            .expect("read the canvas");
        assert!(
            inked.as_i64().unwrap_or(0) > 1000,
            "{chart} is blank: {inked}"
        );
        let sizes = world
            .client
            .execute(
                "const c = document.querySelector(`[data-testid='${arguments[0]}']`); return [c.width, Math.round(c.clientWidth * devicePixelRatio)];",
                vec![serde_json::json!(chart)],
            )
            .await
            .expect("sizes");
        assert_eq!(sizes[0], sizes[1], "{chart} backing store matches its box");
        let label = world
            .by_testid(chart)
            .await
            .attr("aria-label")
            .await
            .expect("label")
            .unwrap_or_default();
        assert!(label.contains("sprint 19 May: "), "{label}");
        if chart == "chart-opened" {
            assert!(
                label.contains(&format!("sprint 19 May: {expected},")),
                "{label}"
            );
        }
    }
    world.close().await;
}

#[tokio::test]
async fn the_preset_menu_opens_each_event() {
    let world = World::start().await;
    world.open("").await;
    world.wait_done().await;
    for (id, key) in [
        ("europython-2025", "tz=Europe/Prague"),
        ("pycon-kr-2025", "tz=Asia/Seoul"),
        ("core-sprint-2020", "from=2020-10-19"),
        ("pycon-us-2025", "tz=America/New_York"),
    ] {
        world
            .by_testid("preset-menu")
            .await
            .select_by_value(id)
            .await
            .expect("choose the preset");
        world
            .expect_url(&format!("show {id}"), |u| u.contains(key))
            .await;
        // Still on the stand-in: the api parameter is kept.
        let url = world.expect_url("keep api", |u| u.contains("api=")).await;
        assert!(url.contains(&world.standin.base_url()), "{url}");
        world.wait_done().await;
    }
    world.close().await;
}

#[tokio::test]
async fn a_view_of_repositories_counts_only_them() {
    let world = World::start().await;
    world
        .open("repos=python/cpython,python/peps&from=2025-05-19&to=2025-05-22&tz=America/New_York")
        .await;
    world.wait_done().await;
    let metrics = world.metrics().await;
    let opened: usize = metrics["headline opened"].parse().expect("number");
    let all = opened_in(
        &world.data,
        "python",
        "2025-05-19",
        "2025-05-22",
        "America/New_York",
    );
    assert!(opened > 0 && opened < all, "{opened} of {all}");
    let context = world.text_of("context").await;
    assert!(
        context.starts_with("python/cpython and python/peps"),
        "{context}"
    );
    world.close().await;
}

#[tokio::test]
async fn a_phone_screen_never_scrolls_sideways() {
    let world = World::start().await;
    world
        .client
        .set_window_size(375, 800)
        .await
        .expect("resize");
    world.open("").await;
    world.wait_done().await;
    world.by_testid("chart-opened").await;
    let widths = world
        .client
        .execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
            vec![],
        )
        .await
        .expect("widths");
    assert!(
        widths[0].as_i64() <= widths[1].as_i64(),
        "the page is wider than the screen: {widths}"
    );
    world.close().await;
}
