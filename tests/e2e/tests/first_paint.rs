//! The embed card's first paint (crates/first-paint): a card names its
//! sprint, in the core's words and its own theme, before the app has
//! arrived; the app then
//! takes its place without the two ever showing together; only cards
//! download it, and the app's download waits for it.

// A test: a failed expectation here is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use fantoccini::Locator;
use sprintlift_bake::zone::NativeZone;
use sprintlift_core::context_line::planned_context_line;
use sprintlift_core::view_state::Sprint;
use sprintlift_e2e::{site_copy, World, PYCON_US, SEED};
use sprintlift_standin::Config;
use std::time::{Duration, Instant};

/// The line the core writes for PyCon US's sprint now.
fn pycon_line() -> String {
    let sprint = Sprint::from_query_string(PYCON_US, "UTC").expect("the sprint");
    let zone = NativeZone::get(&sprint.zone).expect("the zone");
    planned_context_line(&sprint, &zone, jiff::Timestamp::now())
}

/// Runs `script` in the page until it returns a non-null value.
async fn eventually(world: &World, what: &str, script: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let value = run(world, script).await;
        if !value.is_null() {
            return value;
        }
        assert!(Instant::now() < deadline, "{what}: never happened");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_card_names_its_sprint_before_the_app_has_arrived() {
    // A site whose app never arrives (its wasm is missing): what shows is
    // the first paint's alone.
    let site = site_copy();
    for entry in std::fs::read_dir(site.path()).expect("the site") {
        let path = entry.expect("a file").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("sprintlift-") && name.ends_with("_bg.wasm") {
            std::fs::remove_file(&path).expect("remove the app's wasm");
        }
    }
    let world = World::start_with_site(
        sprintlift_standin::generate(SEED),
        Config::unlimited(),
        site.path().to_path_buf(),
    )
    .await;
    world.open(&format!("{PYCON_US}&embed=1&theme=dark")).await;
    let shown = eventually(
        &world,
        "the first paint",
        "const line = document.getElementById('first-context'); \
         return document.documentElement.classList.contains('first-painted') && line.checkVisibility() ? line.textContent : null;",
    )
    .await;
    assert_eq!(shown.as_str(), Some(pycon_line().as_str()));
    // In the card's theme already, as the app will set it.
    let theme = run(&world, "return document.documentElement.dataset.theme;").await;
    assert_eq!(theme, "dark");
    assert!(
        world.client.find(Locator::Css("main.page")).await.is_err(),
        "the app is not here, so the card is the first paint's"
    );
    world.close().await;
}

#[tokio::test]
async fn the_app_takes_over_from_the_first_paint() {
    let world = World::start().await;
    // Every frame until the figures are done: never the shell and the
    // app's card on screen together, never neither once a line is shown.
    world
        .client
        .goto(&world.app_url(&format!("{PYCON_US}&embed=1")))
        .await
        .expect("navigate");
    let frames = eventually(
        &world,
        "the app's figures",
        "if (!window.__frames) { window.__frames = []; const look = () => { \
           const shown = [...document.querySelectorAll('.figure-context')].filter(e => e.checkVisibility()).map(e => e.closest('.first-paint') ? 'shell' : 'app'); \
           window.__frames.push(shown.join('+')); \
           if (!document.querySelector('[data-testid=done]')) requestAnimationFrame(look); }; look(); } \
         return document.querySelector('[data-testid=done]') ? window.__frames : null;",
    )
    .await;
    let frames: Vec<String> = serde_json::from_value(frames).expect("frames");
    assert!(
        frames
            .iter()
            .all(|f| f.is_empty() || f == "shell" || f == "app"),
        "{frames:?}"
    );
    assert_eq!(frames.last().map(String::as_str), Some("app"), "{frames:?}");
    let first_line = frames.iter().position(|f| !f.is_empty());
    if let Some(first) = first_line {
        assert!(
            frames[first..].iter().all(|f| !f.is_empty()),
            "a line shown, then none: {frames:?}"
        );
    }
    assert_eq!(world.text_of("context").await, pycon_line());
    let left = run(
        &world,
        "return [document.querySelectorAll('.first-paint').length, document.documentElement.className];",
    )
    .await;
    assert_eq!(left[0], 0, "the shell is gone: {left}");
    assert!(
        !left[1]
            .as_str()
            .unwrap_or_default()
            .contains("first-painted"),
        "{left}"
    );
    world.expect_healthy().await;
    world.close().await;
}

/// What `script` returns in the page now.
async fn run(world: &World, script: &str) -> serde_json::Value {
    world
        .client
        .execute(script, vec![])
        .await
        .expect("the script runs")
}

#[tokio::test]
async fn only_a_card_downloads_the_first_paint() {
    let world = World::start().await;
    let first_paint_files = "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/first-paint-')).length;";
    world.open(PYCON_US).await;
    world.wait_done().await;
    let full = run(&world, first_paint_files).await;
    assert_eq!(full, 0, "the full view downloaded the first paint");
    world.open(&format!("{PYCON_US}&embed=1")).await;
    world.wait_done().await;
    let card = run(&world, first_paint_files).await;
    assert_eq!(card, 3, "the card's start-up script, glue and wasm");
    // The app's wasm is asked for once the first paint is done, so the
    // small program had the network to itself.
    let order = run(
        &world,
        "const all = performance.getEntriesByType('resource'); \
         const end = all.find(e => /first-paint-[0-9a-f]+_bg[.]wasm$/.test(e.name)).responseEnd; \
         const app = all.find(e => /sprintlift-[0-9a-f]+_bg[.]wasm$/.test(e.name)).startTime; \
         return [end, app];",
    )
    .await;
    let (end, app) = (order[0].as_f64().unwrap(), order[1].as_f64().unwrap());
    assert!(
        app >= end,
        "the app's wasm asked for at {app} ms, the first paint's arrived at {end} ms"
    );
    world.close().await;
}
