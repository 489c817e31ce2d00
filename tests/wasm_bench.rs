//! The compute and drawing benchmarks inside the browser, in wasm: every
//! figure over 100,000 PRs (target 30 ms) and one redraw of a chart
//! (target 16 ms, one frame). `cargo xtask bench` runs it in headless
//! Chromium with the release profile; it prints, it asserts nothing about
//! time. Not part of `cargo xtask test`.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::expect_used)]

use sprintlift::chart_canvas::draw;
use sprintlift::intl_zone::IntlZone;
use sprintlift_core::chart_spec::{Bar, BarChart, BarKind};
use sprintlift_core::synthetic::Job;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PRS: usize = 100_000;
const RUNS: usize = 30;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Median and minimum of `times`, in ms.
fn summary(mut times: Vec<f64>) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[0])
}

#[wasm_bindgen_test]
fn compute_and_redraw() {
    let zone = IntlZone::resolve("America/New_York").expect("zone");
    let job = Job::new(&zone);
    let records = sprintlift_core::synthetic::records(PRS);
    // Numbering, once per record as answers arrive in the app: measured
    // apart from the figures, which are computed after every answer.
    let started = now_ms();
    let ledger = sprintlift_core::ledger::Ledger::of(&records);
    console_log!(
        "wasm numbering: {PRS} PRs numbered once, as they arrive: {:.2} ms",
        now_ms() - started
    );

    let mut times = Vec::new();
    let mut report = None;
    for _ in 0..RUNS {
        let started = now_ms();
        report = Some(job.run(&ledger, &zone));
        times.push(now_ms() - started);
    }
    let report = report.expect("a report");
    let (median, min) = summary(times);
    console_log!(
        "wasm compute: all figures (sprint + {} baseline windows) over {PRS} PRs: median {median:.2} ms, min {min:.2} ms over {RUNS} runs (sprint opened: {})",
        job.baseline_windows(),
        report.sprint.totals.opened
    );

    // Chart 1 as the page draws it: the sprint and its baseline windows.
    let mut bars = vec![Bar {
        label: "sprint".into(),
        name: "the sprint".into(),
        value: report.sprint.totals.opened,
        kind: BarKind::Sprint,
    }];
    bars.extend(report.baseline.iter().enumerate().map(|(i, w)| Bar {
        label: format!("w{i}"),
        name: format!("baseline window {i}"),
        value: w.totals.opened,
        kind: BarKind::Baseline,
    }));
    let top = bars.iter().map(|b| b.value).max().unwrap_or(1);
    let chart = BarChart {
        title: "PRs opened".into(),
        y_label: "PRs opened".into(),
        bars,
        mean: Some(top as f64 / 2.0),
        key: None,
        y_max: sprintlift_core::chart_spec::nice_ceiling(top as f64),
    };
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .expect("canvas")
        .dyn_into()
        .expect("a canvas element");
    canvas
        .style()
        .set_property("width", "800px")
        .expect("width");
    document
        .body()
        .expect("body")
        .append_child(&canvas)
        .expect("append");
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .expect("a 2d context");
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let started = now_ms();
        draw(&canvas, &chart, 800.0);
        // Reading a pixel back waits for the drawing to be rasterised, so
        // the time is the whole redraw, not only the calls that queue it.
        let _ = context.get_image_data(0.0, 0.0, 1.0, 1.0);
        times.push(now_ms() - started);
    }
    let (median, min) = summary(times);
    console_log!(
        "wasm chart redraw: chart 1 ({} bars) at 800 CSS px, rasterised: median {median:.2} ms, min {min:.2} ms over {RUNS} runs",
        chart.bars.len()
    );
}
