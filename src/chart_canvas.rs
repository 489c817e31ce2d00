//! Draws a core `BarChart` with plotters on a `<canvas>`: sized to its
//! box at the screen's pixel ratio (crisp on HiDPI), coloured from the
//! page's theme, redrawn when its box is resized, downloadable as PNG.
//!
//! The drawing happens in a `ResizeObserver` callback: the browser calls
//! it after layout with the canvas's width, so drawing never forces a
//! layout of the page mid-update (reading `clientWidth` after the page's
//! DOM changed did, once per chart per answer).

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use sprintlift_chart::Palette;
use sprintlift_core::chart_spec::{BarChart, BarKind};
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

/// Height of a chart in CSS pixels; its width follows the page.
const HEIGHT: f64 = 300.0;

/// A chart while its bars are known: built once when they first are (in a
/// task of its own, as an answer can make several charts known at once),
/// then updated in place as they change (the canvas redrawn, not replaced).
#[component]
pub fn KnownChart(chart: Memo<Option<BarChart>>, testid: &'static str) -> impl IntoView {
    let known = crate::loader::a_task_after(Memo::new(move |_| chart.with(Option::is_some)));
    move || {
        known.get().then(|| {
            let chart = Memo::new(move |_| chart.get().unwrap_or_default());
            view! { <BarChartCanvas chart testid /> }
        })
    }
}

/// One chart: its canvas, legend and data table are built once; an answer
/// that changes the bars redraws the canvas and rewrites the texts, so the
/// page's layout and the canvas's observer stay as they were.
#[component]
pub fn BarChartCanvas(
    #[prop(into)] chart: Signal<BarChart>,
    testid: &'static str,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    // Drawn first when the browser first lays the canvas out, then at
    // every change of its width or of its bars; the observer goes with
    // the component.
    let observer = StoredValue::new_local(None::<WidthObserver>);
    Effect::new(move |_| {
        chart.track();
        let Some(element) = canvas.get() else {
            return;
        };
        let redrawn = observer.with_value(|o| o.as_ref().map(|o| o.redraw(&element)));
        if redrawn.is_none() {
            observer.set_value(WidthObserver::start(&element, chart));
        }
    });
    let download = move |_| {
        if let Some(element) = canvas.get_untracked() {
            save_png(&element, testid);
        }
    };
    // A long series (the timeline) labels only some bars on its axis.
    let long = Memo::new(move |_| chart.with(|c| c.bars.len() > 16));
    let rows = move || {
        chart.with(|chart| {
            chart
                .bars
                .iter()
                .map(|b| {
                    let name = match b.kind {
                        BarKind::Sprint => format!("{} (sprint)", b.name),
                        BarKind::Baseline => b.name.clone(),
                    };
                    view! { <tr><th scope="row">{name}</th><td>{b.value}</td></tr> }
                })
                .collect_view()
        })
    };
    let mean = Memo::new(move |_| chart.with(|c| c.mean.map(|m| format!("baseline mean {m:.1}"))));
    // The key's words are the chart spec's (the core decides where a
    // chart has two kinds of bar to tell apart); the mean has its own.
    let key = Memo::new(move |_| chart.with(|c| c.key));
    let legend = move || {
        let key = key.get();
        (key.is_some() || mean.with(Option::is_some)).then(|| {
            view! {
                <p class="legend" aria-hidden="true">
                    {key.map(|key| view! {
                        <span class="key"><i class="swatch sprint"></i>{key.sprint}</span>
                        <span class="key"><i class="swatch baseline"></i>{key.other}</span>
                    })}
                    {move || mean.get().map(|mean| view! {
                        <span class="key"><i class="swatch line"></i>{mean}</span>
                    })}
                </p>
            }
        })
    };
    view! {
        <figure class="chart">
            <figcaption>{move || chart.with(|c| c.title.clone())}</figcaption>
            <canvas node_ref=canvas role="img" aria-label=move || chart.with(describe) data-testid=testid></canvas>
            {legend}
            <details class="chart-data">
                <summary>"The chart's data as a table"</summary>
                <table data-testid=format!("{testid}-table")>
                    <thead><tr><th scope="col">{move || if long.get() { "Day" } else { "Bar" }}</th><th scope="col">{move || chart.with(|c| c.y_label.clone())}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
            <button type="button" class="small" data-testid=format!("{testid}-png") on:click=download>
                "Download PNG"
            </button>
        </figure>
    }
}

/// The chart in words, for screen readers (the table below has the data).
fn describe(chart: &BarChart) -> String {
    let bars: Vec<String> = chart
        .bars
        .iter()
        .map(|b| {
            // The short label where there is one ("19 May"), else the name.
            let what = if b.label.is_empty() {
                &b.name
            } else {
                &b.label
            };
            match b.kind {
                BarKind::Sprint => format!("sprint {what}: {}", b.value),
                BarKind::Baseline => format!("{what}: {}", b.value),
            }
        })
        .collect();
    let mean = chart
        .mean
        .map(|m| format!("; baseline mean {m:.1}"))
        .unwrap_or_default();
    format!("{}. {}{mean}.", chart.title, bars.join(", "))
}

/// A colour of the page's theme (a `--name` custom property as `#rrggbb`).
fn theme_color(name: &str, fallback: RGBColor) -> RGBColor {
    let value = web_sys::window()
        .and_then(|w| {
            let root = w.document()?.document_element()?;
            w.get_computed_style(&root).ok().flatten()
        })
        .and_then(|style| style.get_property_value(name).ok())
        .unwrap_or_default();
    let hex = value.trim().trim_start_matches('#');
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    match (hex.len(), channel(0), channel(2), channel(4)) {
        (6, Some(r), Some(g), Some(b)) => RGBColor(r, g, b),
        _ => fallback,
    }
}

/// Draws a chart on its canvas whenever the browser reports a new width
/// for it (and once when it is first laid out), and when asked to after
/// its bars change; stops when dropped.
struct WidthObserver {
    observer: web_sys::ResizeObserver,
    chart: Signal<BarChart>,
    /// The width the browser last reported, shared with the callback.
    width: std::rc::Rc<std::cell::Cell<Option<f64>>>,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for WidthObserver {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

impl WidthObserver {
    fn start(canvas: &HtmlCanvasElement, chart: Signal<BarChart>) -> Option<WidthObserver> {
        let target = canvas.clone();
        let width = std::rc::Rc::new(std::cell::Cell::new(None::<f64>));
        let seen = width.clone();
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
            move |entries: js_sys::Array| {
                let Some(entry) = entries
                    .iter()
                    .last()
                    .and_then(|e| e.dyn_into::<web_sys::ResizeObserverEntry>().ok())
                else {
                    return;
                };
                let reported = entry.content_rect().width();
                // Setting the canvas's pixel size can report the same width
                // again: draw once per width.
                if seen.get() != Some(reported) {
                    seen.set(Some(reported));
                    draw_chart(&target, chart, reported);
                }
            },
        );
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(canvas);
        Some(WidthObserver {
            observer,
            chart,
            width,
            _callback: callback,
        })
    }

    /// Draws the chart's current bars at the last reported width (none
    /// yet: the first layout's callback draws them).
    fn redraw(&self, canvas: &HtmlCanvasElement) {
        if let Some(width) = self.width.get() {
            draw_chart(canvas, self.chart, width);
        }
    }
}

/// Draws what `chart` holds now, if its component is still there.
fn draw_chart(canvas: &HtmlCanvasElement, chart: Signal<BarChart>, width: f64) {
    chart.try_with_untracked(|chart| {
        crate::perf_marks::measured("draw", || draw(canvas, chart, width))
    });
}

/// Draws `chart` on `canvas` at `css_width` and the screen's pixel ratio;
/// public for the in-browser benchmark.
pub fn draw(canvas: &HtmlCanvasElement, chart: &BarChart, css_width: f64) {
    let ratio = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let css_width = css_width.max(200.0);
    canvas.set_width((css_width * ratio) as u32);
    canvas.set_height((HEIGHT * ratio) as u32);
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        return;
    };
    // A drawing error leaves a partial chart; the table beside it still
    // has every number, so it is not worth more than a console line.
    if let Err(error) = paint(backend, chart, ratio) {
        leptos::logging::warn!("the chart could not be drawn: {error}");
    }
}

fn paint(
    backend: CanvasBackend,
    chart: &BarChart,
    ratio: f64,
) -> Result<(), Box<dyn std::error::Error>> {
    let light = Palette::LIGHT;
    let palette = Palette {
        text: theme_color("--text", light.text),
        muted: theme_color("--muted", light.muted),
        border: theme_color("--border", light.border),
        surface: theme_color("--surface", light.surface),
        accent: theme_color("--accent", light.accent),
    };
    let root = backend.into_drawing_area();
    sprintlift_chart::paint(&root, chart, &palette, ratio)?;
    root.present()?;
    Ok(())
}

/// Saves the canvas as `sprintlift-<name>.png`.
fn save_png(canvas: &HtmlCanvasElement, name: &str) {
    let Ok(url) = canvas.to_data_url_with_type("image/png") else {
        return;
    };
    crate::download::save_url(&url, &format!("sprintlift-{name}.png"));
}
