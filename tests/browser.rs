//! Browser tests: code that needs a real browser (Intl, fetch), run by
//! wasm-bindgen-test in headless Chromium via `cargo xtask test`.
#![cfg(target_arch = "wasm32")]
// clippy only recognises #[test] functions as tests; these are tests too.
#![allow(clippy::expect_used)]

use sprintlift::github::Client;
use sprintlift::intl_zone::{browser_zone, supported_zones, IntlZone};
use sprintlift_core::api_base::ApiBase;
use sprintlift_core::event_window::{EventDays, UtcWindow};
use sprintlift_core::fetch_plan::{Ask, Mode, Topic};
use sprintlift_core::github_exchange::{read_delivery, request_for, Delivery, GithubError};
use sprintlift_core::zone::{Zone, ZoneError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn offset_at(zone: &str, instant: &str) -> i32 {
    let zone = IntlZone::resolve(zone).expect("zone resolves");
    zone.offset_seconds_at(instant.parse().expect("instant"))
}

#[wasm_bindgen_test]
fn intl_offsets_are_exact_on_dst_edges() {
    let h = 3600;
    let cases = [
        ("America/New_York", "2025-03-09T06:59:59Z", -5 * h),
        ("America/New_York", "2025-03-09T07:00:00Z", -4 * h),
        ("Europe/Prague", "2025-10-26T00:59:59Z", 2 * h),
        ("Europe/Prague", "2025-10-26T01:00:00Z", h),
        ("Australia/Lord_Howe", "2025-04-05T14:59:59Z", 11 * h),
        ("Australia/Lord_Howe", "2025-04-05T15:00:00Z", 10 * h + 1800),
        ("Asia/Kathmandu", "2025-01-01T00:00:00Z", 5 * h + 2700),
        ("Asia/Calcutta", "2025-01-01T00:00:00Z", 5 * h + 1800),
        ("UTC", "2025-01-01T00:00:00Z", 0),
    ];
    for (zone, instant, expected) in cases {
        assert_eq!(offset_at(zone, instant), expected, "{zone} at {instant}");
    }
}

#[wasm_bindgen_test]
fn windows_through_intl_match_the_native_oracle() {
    // The same expectations as the core's native tests, which use jiff's database.
    let cases = [
        (
            "America/New_York",
            "2025-05-19",
            "2025-05-22",
            "2025-05-19T00:00:00-04:00..2025-05-22T23:59:59-04:00",
        ),
        (
            "America/Santiago",
            "2025-09-07",
            "2025-09-07",
            "2025-09-07T01:00:00-03:00..2025-09-07T23:59:59-03:00",
        ),
        (
            "America/Havana",
            "2025-11-02",
            "2025-11-02",
            "2025-11-02T00:00:00-04:00..2025-11-02T23:59:59-05:00",
        ),
        (
            "Australia/Lord_Howe",
            "2025-04-05",
            "2025-04-06",
            "2025-04-05T00:00:00+11:00..2025-04-06T23:59:59+10:30",
        ),
    ];
    for (zone, from, to, expected) in cases {
        let days = EventDays {
            from: from.parse().expect("from"),
            to: to.parse().expect("to"),
        };
        let window = UtcWindow::from_event_days(days, &IntlZone::resolve(zone).expect("zone"));
        assert_eq!(window.github_range(), expected, "{zone}");
    }
}

#[wasm_bindgen_test]
fn unknown_zones_are_an_error_not_a_panic() {
    let result = IntlZone::resolve("Mars/Olympus_Mons");
    assert_eq!(
        result.err(),
        Some(ZoneError::Unknown("Mars/Olympus_Mons".into()))
    );
    assert!(IntlZone::resolve("").is_err());
}

#[wasm_bindgen_test]
fn the_browser_names_its_zone_and_lists_zones() {
    assert!(IntlZone::resolve(&browser_zone()).is_ok());
    let zones = supported_zones();
    assert!(
        zones.iter().any(|z| z == "Europe/Prague"),
        "{} zones",
        zones.len()
    );
}

#[wasm_bindgen_test]
async fn an_unreachable_api_is_a_sentence_naming_it() {
    // Port 9 on loopback refuses connections: fetch fails at once.
    let api = ApiBase::parse("http://127.0.0.1:9").expect("api");
    let ask = Ask {
        topic: Topic::Check { pair: 0 },
        query: "org:python is:pr".to_string(),
        listing: None,
        covers_until: jiff::Timestamp::UNIX_EPOCH,
    };
    let controller = web_sys::AbortController::new().expect("controller");
    let request = request_for(&api, Mode::Anonymous, vec![ask], false);
    let delivery = Client::new(None)
        .send(&request, &controller.signal())
        .await
        .expect("not cancelled");
    assert!(matches!(delivery, Delivery::Unreachable(_)), "{delivery:?}");
    let error = read_delivery(&api, &request, &delivery)
        .0
        .expect_err("must fail");
    assert!(matches!(error, GithubError::Network { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .starts_with("The GitHub API at http://127.0.0.1:9 could not be reached"),
        "{error}"
    );
}
