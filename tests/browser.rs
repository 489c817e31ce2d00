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
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn offset_at(zone: &str, instant: &str) -> i32 {
    let zone = IntlZone::resolve(zone).expect("zone resolves");
    zone.offset_seconds_at(instant.parse().expect("instant"))
}

#[wasm_bindgen_test]
fn intl_offsets_are_exact_on_dst_edges() {
    // The core's native tests check the same table with jiff's database.
    for case in sprintlift_core::zone_cases::OFFSET_CASES {
        assert_eq!(
            offset_at(case.zone, case.instant),
            case.offset_seconds,
            "{} at {}",
            case.zone,
            case.instant
        );
    }
}

#[wasm_bindgen_test]
fn windows_through_intl_match_the_native_oracle() {
    // The same table the core's native tests check with jiff's database.
    for case in sprintlift_core::zone_cases::WINDOW_CASES {
        let days = EventDays {
            from: case.from.parse().expect("from"),
            to: case.to.parse().expect("to"),
        };
        let zone = IntlZone::resolve(case.zone).expect("zone");
        let window = UtcWindow::from_event_days(days, &zone);
        assert_eq!(
            window.github_range(),
            case.range,
            "{} {}..{}",
            case.zone,
            case.from,
            case.to
        );
        let hours = (window.end.as_second() - window.start.as_second()) as f64 / 3600.0;
        assert_eq!(
            hours, case.hours,
            "length of {} {}..{}",
            case.zone, case.from, case.to
        );
    }
}

#[wasm_bindgen_test]
fn an_offset_intl_cannot_give_is_remembered_not_made_up() {
    let zone = IntlZone::resolve("Europe/Prague").expect("zone");
    assert_eq!(zone.failure(), None);
    zone.offset_seconds_at("2025-05-19T00:00:00Z".parse().expect("instant"));
    assert_eq!(zone.failure(), None, "an ordinary instant");
    // Intl writes the year 9999 BC as 10000, past what a civil date holds.
    zone.offset_seconds_at(jiff::Timestamp::MIN);
    let sentence = zone.failure().expect("a failure").to_string();
    assert!(
        sentence.contains("could not tell the offset of Europe/Prague"),
        "{sentence}"
    );
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

/// Resolves after `ms` milliseconds (a task later, and the frames between).
async fn later(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("timer");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("timer fires");
}

#[wasm_bindgen_test]
async fn a_chart_whose_bars_change_is_redrawn_on_the_same_canvas() {
    use leptos::prelude::*;
    use sprintlift::chart_canvas::BarChartCanvas;
    use sprintlift_core::chart_spec::{Bar, BarChart, BarKind, ChartKey};
    let chart = |values: &[u64]| BarChart {
        title: "Opened PRs".to_string(),
        y_label: "PRs".to_string(),
        bars: values
            .iter()
            .enumerate()
            .map(|(i, &value)| Bar {
                label: format!("w{i}"),
                name: format!("window {i}"),
                value,
                kind: if i == 0 {
                    BarKind::Sprint
                } else {
                    BarKind::Baseline
                },
            })
            .collect(),
        mean: Some(2.0),
        y_max: 10,
        key: Some(ChartKey {
            sprint: "sprint",
            other: "ordinary window",
        }),
    };
    let document = web_sys::window()
        .expect("window")
        .document()
        .expect("document");
    let host: web_sys::HtmlElement = document
        .create_element("div")
        .expect("div")
        .dyn_into()
        .expect("an HTML element");
    host.style().set_property("width", "600px").expect("style");
    document
        .body()
        .expect("body")
        .append_child(&host)
        .expect("appended");
    let bars = RwSignal::new(chart(&[5, 1, 2]));
    let _mounted = leptos::mount::mount_to(host.clone(), move || {
        view! { <BarChartCanvas chart=bars testid="chart-test" /> }
    });
    let draws = || {
        web_sys::window()
            .and_then(|w| w.performance())
            .expect("performance")
            .get_entries_by_name("sprintlift-draw")
            .length()
    };
    later(100).await;
    let canvas = host
        .query_selector("[data-testid=chart-test]")
        .expect("selector")
        .expect("a canvas");
    let drawn = draws();
    assert!(drawn >= 1, "drawn once laid out");

    bars.set(chart(&[7, 1, 2]));
    later(100).await;
    let after = host
        .query_selector("[data-testid=chart-test]")
        .expect("selector")
        .expect("a canvas");
    assert!(after.is_same_node(Some(&canvas)), "the canvas was replaced");
    assert_eq!(draws(), drawn + 1, "redrawn once for the new bars");
    let label = after.get_attribute("aria-label").unwrap_or_default();
    assert!(label.contains("sprint w0: 7"), "{label}");
    let table = host
        .query_selector("[data-testid=chart-test-table] tbody")
        .expect("selector")
        .expect("the data table")
        .text_content()
        .unwrap_or_default();
    assert!(table.contains("window 0 (sprint)7"), "{table}");
    assert!(host.query_selector(".legend").expect("selector").is_some());

    // Bars of one kind and no mean: nothing to tell apart, no key.
    bars.update(|c| {
        c.mean = None;
        c.key = None;
        for bar in &mut c.bars {
            bar.kind = BarKind::Sprint;
        }
    });
    later(100).await;
    assert!(host.query_selector(".legend").expect("selector").is_none());
}

#[wasm_bindgen_test]
fn early_js_guesses_the_embed_card_as_the_app_reads_it() {
    use sprintlift_core::view_state::View;
    // public/early.js, run against a stand-in `location` and `document`.
    let early = js_sys::Function::new_with_args(
        "search, source",
        "const added = [];
         const document = { documentElement: { classList: { add: (c) => added.push(c) } } };
         new Function('location', 'document', source)({ search }, document);
         return added.includes('embed');",
    );
    let source = include_str!("../public/early.js");
    let cases = [
        "",
        "?embed=1",
        "?embed=true",
        "?embed=0",
        "?embed=false",
        "?embed=",
        "?embed=yes",
        "?embed=%31",
        "?embed=+1+",
        "?embed=1&embed=0",
        "?embed=0&embed=1",
        "?org=python&from=2025-05-19&to=2025-05-22&tz=UTC&embed=1&theme=dark",
        "?org=python&from=2025-05-19&to=2025-05-22&tz=UTC&xembed=1",
        "?org=python&from=2025-05-19&to=2025-05-22&tz=UTC&embed=10",
    ];
    for search in cases {
        let guessed = early
            .call2(&wasm_bindgen::JsValue::NULL, &search.into(), &source.into())
            .expect("early.js runs")
            .as_bool()
            .expect("a boolean");
        // Each case is a view the app reads, or one refused for its
        // `embed` alone (the page then says so, not as a card).
        let view = View::from_query_string(search, "UTC");
        if let Err(error) = &view {
            assert!(
                error.to_string().starts_with("embed="),
                "{search:?}: {error}"
            );
        }
        let read = view.is_ok_and(|v| v.show.embed);
        assert_eq!(guessed, read, "{search:?}");
    }
}
