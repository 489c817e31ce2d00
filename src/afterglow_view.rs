//! "What became of the sprint's pull requests": each fate's count with the
//! search that reproduces it, the share merged within a month beside
//! ordinary weeks, the cumulative chart and a CSV.

use crate::chart_canvas::BarChartCanvas;
use leptos::prelude::*;
use sprintlift_core::afterglow::{self, Fate};
use sprintlift_core::chart_spec::afterglow_chart;
use sprintlift_core::civil_text::minute_text;
use sprintlift_core::fetched_figures::{AfterglowFigures, Figures, Known};
use sprintlift_core::search_query::web_search_url;
use sprintlift_core::view_state::DataView;

/// Whole percent, as people read a share.
fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".to_string();
    }
    format!("{} %", (part * 100 + whole / 2) / whole)
}

/// "2026-12-01 22:57 UTC".
fn minute_utc(instant: jiff::Timestamp) -> String {
    format!("{} UTC", minute_text(instant, jiff::tz::Offset::UTC))
}

/// The share sentence: the sprint's PRs merged within a month, beside the
/// ordinary weeks' share or why that is not known.
fn share_sentence(glow: &AfterglowFigures, month_over: bool) -> String {
    let sprint = percent(glow.sprint.merged_within_a_month(), glow.sprint.opened);
    let so_far = if month_over { "" } else { " so far" };
    let baseline = match &glow.baseline_within_a_month {
        Known::Value(share) => format!("; {} % in ordinary weeks.", (share * 100.0).round()),
        Known::Pending => "; ordinary weeks are still being counted.".to_string(),
        Known::Unavailable(why) => format!(". {why}"),
    };
    format!("{sprint} of the sprint's PRs were merged within a month{so_far}{baseline}")
}

#[component]
pub fn Afterglow(figures: Figures, view: DataView, compact: bool) -> impl IntoView {
    let (Known::Value(glow), Some(sprint)) = (&figures.afterglow, figures.sprint_row()) else {
        return ().into_any();
    };
    let window = sprint.utc;
    let month_over = Fate::MergedWithin30Days.is_final(&window, glow.as_of);
    let share = share_sentence(glow, month_over);
    if compact {
        return view! { <p class="afterglow-line" data-testid="afterglow-share">{share}</p> }
            .into_any();
    }
    // The searches the core gave each fate's count: the page builds none.
    let queries = |fate: Fate| glow.searches_of(fate).to_vec();
    let items = Fate::ALL
        .iter()
        .map(|&fate| {
            let count = glow.sprint.count(fate);
            let links = queries(fate)
                .into_iter()
                .map(|q| {
                    let url = web_search_url(&view.api, &q);
                    view! {
                        <a class="search-link" data-testid="search-link" href=url target="_blank" rel="noopener noreferrer" title=q>
                            "search"
                        </a>
                    }
                })
                .collect_view();
            let growing = (!fate.is_final(&window, glow.as_of)
                && !matches!(fate, Fate::Open | Fate::ClosedUnmerged))
                .then_some(" (still counting)");
            view! {
                <li data-testid=format!("fate-{}", fate.name())>
                    <span class="fate-value" data-metric=fate.name() data-value=count.to_string()>{count}</span>
                    " "
                    <span class="fate-name">{fate.label()}{growing}</span>
                    " "
                    <span class="muted">{percent(count, glow.sprint.opened)} " · " {links}</span>
                </li>
            }
        })
        .collect_view();
    let csv = afterglow::csv(&glow.sprint, queries);
    let chart = afterglow_chart(&figures)
        .map(|chart| view! { <BarChartCanvas chart testid="chart-afterglow" /> });
    view! {
        <section class="afterglow" data-testid="afterglow">
            <h2>{format!("What became of the sprint's {} pull requests", glow.sprint.opened)}</h2>
            <p class="muted">
                {format!(
                    "As of {}. Days after the sprint are whole 24-hour periods from the moment it ended ({}).",
                    minute_utc(glow.as_of),
                    minute_utc(window.end)
                )}
            </p>
            <ul class="fates">{items}</ul>
            <p data-testid="afterglow-share">{share}</p>
            <div class="charts">{chart}</div>
            <button
                type="button"
                class="small"
                data-testid="afterglow-csv"
                on:click=move |_| crate::download::download("sprintlift-afterglow.csv", "text/csv", &csv)
            >
                "Download as CSV"
            </button>
        </section>
    }
    .into_any()
}
