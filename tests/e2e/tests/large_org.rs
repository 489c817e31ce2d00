//! A large organisation: a month with more than 25,000 PRs. Search lists
//! at most 1000 results per query, so the listings must be split by time;
//! the figures must still be exact, and the tab's memory bounded.

// A test: a failed expectation here is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use sprintlift_e2e::{count_in, Event, World, SEED};
use sprintlift_standin::Config;
use std::time::Duration;

const MONTH: (&str, &str) = ("2025-03-01", "2025-03-31");
const VIEW: &str = "org=megacorp&from=2025-03-01&to=2025-03-31&tz=UTC&before=1&after=0";

/// Memory the tab may use for this month: wasm linear memory and the JS
/// heap, each. Measured at about a third of this (see BENCHMARKS.md).
const MEMORY_BOUND: u64 = 256 * 1024 * 1024;

#[tokio::test]
async fn a_month_of_25000_prs_is_counted_exactly_in_bounded_memory() {
    let data = sprintlift_standin::generate_large(SEED);
    let expected = |event| count_in(&data, "megacorp", MONTH, "UTC", 0, event);
    let (opened, merged, closed) = (
        expected(Event::Opened),
        expected(Event::Merged),
        expected(Event::ClosedUnmerged),
    );
    assert!(opened > 25_000, "the data set has only {opened} PRs");
    let world = World::start_with_data(data.clone(), Config::unlimited()).await;
    world.open(VIEW).await;
    // With a token: listings of a hundred PRs per page, six pages a request.
    world.use_token("test-token", false).await;
    let done = world
        .by_testid_within("done", Duration::from_secs(600))
        .await;
    for (metric, value) in [
        ("opened", opened),
        ("merged", merged),
        ("closed_unmerged", closed),
    ] {
        world.expect_metric(metric, value).await;
    }
    // The per-repository counts come from the listings: their sum is the
    // count only if every split part was listed, once.
    let per_repo = world
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=\"chart-repos-table\"] tbody td')].map(td => Number(td.textContent));",
            vec![],
        )
        .await
        .expect("the per-repository table");
    let per_repo: Vec<usize> = serde_json::from_value(per_repo).expect("numbers");
    assert_eq!(per_repo.iter().sum::<usize>(), opened, "{per_repo:?}");

    let wasm: u64 = done
        .attr("data-memory")
        .await
        .expect("attr")
        .and_then(|m| m.parse().ok())
        .expect("data-memory");
    let heap = world
        .client
        .execute("return performance.memory.usedJSHeapSize;", vec![])
        .await
        .expect("heap")
        .as_u64()
        .expect("a number");
    println!(
        "large org: {opened} PRs opened, {} requests, wasm memory {:.1} MB, JS heap {:.1} MB",
        done.attr("data-requests")
            .await
            .expect("attr")
            .unwrap_or_default(),
        wasm as f64 / 1e6,
        heap as f64 / 1e6
    );
    assert!(wasm < MEMORY_BOUND, "wasm memory {wasm} bytes");
    assert!(heap < MEMORY_BOUND, "JS heap {heap} bytes");
    world.expect_healthy().await;
    world.close().await;
}
