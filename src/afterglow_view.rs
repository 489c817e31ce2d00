//! "What became of the sprint's pull requests": each fate's count with the
//! search that reproduces it, the share merged within a month beside
//! ordinary weeks, the cumulative chart and a CSV.

use crate::chart_canvas::KnownChart;
use leptos::prelude::*;
use sprintlift_core::afterglow::{self, Fate};
use sprintlift_core::api_base::ApiBase;
use sprintlift_core::chart_spec::afterglow_chart;
use sprintlift_core::civil_text::minute_text;
use sprintlift_core::event_window::UtcWindow;
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

/// The afterglow of `figures` (its sprint row and afterglow), while known.
fn glow_of(figures: &Figures) -> Option<(&AfterglowFigures, UtcWindow)> {
    Some((figures.afterglow.value()?, figures.sprint_row()?.utc))
}

/// The section, built once the afterglow is known; each count, sentence
/// and the chart then follow the answers in place.
#[component]
pub fn Afterglow(figures: Signal<Figures>, view: DataView, compact: bool) -> impl IntoView {
    let known = Memo::new(move |_| figures.with(|f| glow_of(f).is_some()));
    let share = Memo::new(move |_| {
        figures.with(|f| {
            glow_of(f).map(|(glow, window)| {
                let month_over = Fate::MergedWithin30Days.is_final(&window, glow.as_of);
                share_sentence(glow, month_over)
            })
        })
    });
    let view = StoredValue::new(view);
    move || {
        known.get().then(|| {
            if compact {
                return view! { <p class="afterglow-line" data-testid="afterglow-share">{share}</p> }
                    .into_any();
            }
            let section = view.with_value(|view| full_section(figures, share, view));
            section.into_any()
        })
    }
}

/// The afterglow's whole section: its heading, each fate's count and
/// searches, the share, the chart and the CSV.
fn full_section(
    figures: Signal<Figures>,
    share: Memo<Option<String>>,
    view: &DataView,
) -> impl IntoView {
    let opened =
        Memo::new(move |_| figures.with(|f| glow_of(f).map_or(0, |(g, _)| g.sprint.opened)));
    let as_of = Memo::new(move |_| {
        figures.with(|f| {
            glow_of(f).map(|(glow, window)| {
                format!(
                    "As of {}. Days after the sprint are whole 24-hour periods from the moment it ended ({}).",
                    minute_utc(glow.as_of),
                    minute_utc(window.end)
                )
            })
        })
    });
    let items = Fate::ALL
        .iter()
        .map(|&fate| fate_item(figures, fate, opened, &view.api))
        .collect_view();
    let chart = Memo::new(move |_| figures.with(afterglow_chart));
    // Written when asked for, from the figures of that moment.
    let csv = move |_| {
        let text = figures.with_untracked(|f| {
            glow_of(f).map(|(glow, _)| {
                afterglow::csv(&glow.sprint, |fate| glow.searches_of(fate).to_vec())
            })
        });
        if let Some(text) = text {
            crate::download::download("sprintlift-afterglow.csv", "text/csv", &text);
        }
    };
    view! {
        <section class="afterglow" data-testid="afterglow">
            <h2>{move || format!("What became of the sprint's {} pull requests", opened.get())}</h2>
            <p class="muted">{as_of}</p>
            <ul class="fates">{items}</ul>
            <p data-testid="afterglow-share">{share}</p>
            <div class="charts"><KnownChart chart testid="chart-afterglow" /></div>
            <button type="button" class="small" data-testid="afterglow-csv" on:click=csv>
                "Download as CSV"
            </button>
        </section>
    }
}

/// One fate's line: its count, share of the sprint's PRs and the searches
/// that reproduce it (the core gave them: the page builds none).
fn fate_item(
    figures: Signal<Figures>,
    fate: Fate,
    opened: Memo<u64>,
    api: &ApiBase,
) -> impl IntoView {
    let count =
        Memo::new(move |_| figures.with(|f| glow_of(f).map_or(0, |(g, _)| g.sprint.count(fate))));
    let growing = Memo::new(move |_| {
        figures.with(|f| {
            glow_of(f).is_some_and(|(glow, window)| {
                !fate.is_final(&window, glow.as_of)
                    && !matches!(fate, Fate::Open | Fate::ClosedUnmerged)
            })
        })
    });
    let searches = Memo::new(move |_| {
        figures.with(|f| {
            glow_of(f)
                .map(|(g, _)| g.searches_of(fate).to_vec())
                .unwrap_or_default()
        })
    });
    let api = api.clone();
    let links = move || {
        searches
            .get()
            .into_iter()
            .map(|q| {
                let url = web_search_url(&api, &q);
                view! {
                    <a class="search-link" data-testid="search-link" href=url target="_blank" rel="noopener noreferrer" title=q>
                        "search"
                    </a>
                }
            })
            .collect_view()
    };
    view! {
        <li data-testid=format!("fate-{}", fate.name())>
            <span class="fate-value" data-metric=fate.name() data-value=move || count.get().to_string()>{count}</span>
            " "
            <span class="fate-name">{fate.label()}{move || growing.get().then_some(" (still counting)")}</span>
            " "
            <span class="muted">{move || percent(count.get(), opened.get())} " · " {links}</span>
        </li>
    }
}
