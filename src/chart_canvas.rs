//! Draws a core `BarChart` with plotters on a `<canvas>`: sized to its
//! box at the screen's pixel ratio (crisp on HiDPI), coloured from the
//! page's theme, redrawn when the window is resized, downloadable as PNG.

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use sprintlift_chart::Palette;
use sprintlift_core::chart_spec::{BarChart, BarKind};
use web_sys::HtmlCanvasElement;

/// Height of a chart in CSS pixels; its width follows the page.
const HEIGHT: f64 = 300.0;

#[component]
pub fn BarChartCanvas(chart: BarChart, testid: &'static str) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let resized = RwSignal::new(0u32);
    let listener = window_event_listener(leptos::ev::resize, move |_| resized.update(|n| *n += 1));
    on_cleanup(move || listener.remove());
    let label = describe(&chart);
    let drawn = chart.clone();
    Effect::new(move |_| {
        resized.track();
        if let Some(element) = canvas.get() {
            draw(&element, &drawn);
        }
    });
    let download = move |_| {
        if let Some(element) = canvas.get_untracked() {
            save_png(&element, testid);
        }
    };
    // A long series (the timeline) labels only some bars on its axis.
    let long = chart.bars.len() > 16;
    let rows = chart
        .bars
        .iter()
        .map(|b| {
            let name = match b.kind {
                BarKind::Sprint => format!("{} (sprint)", b.name),
                BarKind::Baseline => b.name.clone(),
            };
            view! { <tr><th scope="row">{name}</th><td>{b.value}</td></tr> }
        })
        .collect_view();
    let mean = chart.mean.map(|m| {
        view! {
            <span class="key"><i class="swatch line"></i>{format!("baseline mean {m:.1}")}</span>
        }
    });
    view! {
        <figure class="chart">
            <figcaption>{chart.title.clone()}</figcaption>
            <canvas node_ref=canvas role="img" aria-label=label data-testid=testid></canvas>
            {(chart.mean.is_some() || long).then(|| view! {
                <p class="legend" aria-hidden="true">
                    <span class="key"><i class="swatch sprint"></i>{if long { "sprint day" } else { "sprint" }}</span>
                    <span class="key"><i class="swatch baseline"></i>{if long { "other day" } else { "ordinary window" }}</span>
                    {mean}
                </p>
            })}
            <details class="chart-data">
                <summary>"The chart's data as a table"</summary>
                <table data-testid=format!("{testid}-table")>
                    <thead><tr><th scope="col">{if long { "Day" } else { "Bar" }}</th><th scope="col">{chart.y_label.clone()}</th></tr></thead>
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

/// Draws `chart` on `canvas` at the canvas's CSS width and the screen's
/// pixel ratio; public for the in-browser benchmark.
pub fn draw(canvas: &HtmlCanvasElement, chart: &BarChart) {
    let ratio = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let css_width = f64::from(canvas.client_width()).max(200.0);
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
