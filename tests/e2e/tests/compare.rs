//! Comparing events: one URL, each event's figures from the data, a chart.

// Test helpers: a failed expectation is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use sprintlift_e2e::{count_in, Event, World};
use std::time::{Duration, Instant};

const EVENTS: [(&str, (&str, &str), &str); 3] = [
    (
        "pycon-us-2025",
        ("2025-05-19", "2025-05-22"),
        "America/New_York",
    ),
    (
        "europython-2025",
        ("2025-07-19", "2025-07-20"),
        "Europe/Prague",
    ),
    ("pycon-kr-2025", ("2025-08-15", "2025-08-15"), "Asia/Seoul"),
];

#[tokio::test]
async fn three_sprints_side_by_side_in_one_url() {
    let world = World::start().await;
    world.open("theme=dark").await;
    world
        .by_testid("compare-link")
        .await
        .click()
        .await
        .expect("compare");
    world
        .expect_url("compare three events", |u| {
            u.contains("compare=pycon-us-2025,europython-2025,pycon-kr-2025")
                && u.contains("theme=dark")
        })
        .await;
    let deadline = Instant::now() + Duration::from_secs(60);
    let rows = loop {
        let rows = world
            .client
            .execute(
                "return [...document.querySelectorAll('[data-testid=compare-row]')].map(r => [r.dataset.event, r.dataset.done, (r.querySelector('[data-metric=opened]') || {dataset: {}}).dataset.value || '']);",
                vec![],
            )
            .await
            .expect("rows");
        let rows: Vec<(String, String, String)> = serde_json::from_value(rows).expect("rows");
        if rows.len() == 3 && rows.iter().all(|(_, done, _)| done == "true") {
            break rows;
        }
        assert!(
            Instant::now() < deadline,
            "the events never finished: {rows:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    for ((id, days, zone), (event, _, opened)) in EVENTS.iter().zip(&rows) {
        assert_eq!(event, id);
        let expected = count_in(&world.data, "python", *days, zone, 0, Event::Opened);
        assert_eq!(opened, &expected.to_string(), "{id}");
    }
    world.by_testid("chart-compare").await;
    // Unticking an event writes a new URL without it.
    world
        .by_testid("pick-europython-2025")
        .await
        .click()
        .await
        .expect("untick");
    world
        .expect_url("drop EuroPython", |u| {
            u.contains("compare=pycon-us-2025,pycon-kr-2025") && u.contains("theme=dark")
        })
        .await;
    world.close().await;
}
