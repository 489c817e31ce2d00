//! Several sprints side by side: each event's headline and lifts in one
//! table and one chart. The events load one after another, so GitHub sees
//! one request at a time.

use crate::chart_canvas::KnownChart;
use crate::loader::{self, Load};
use crate::token::{self, BoundToken};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use sprintlift_core::chart_spec::compare_chart;
use sprintlift_core::fetched_figures::Known;
use sprintlift_core::lift::Lift;
use sprintlift_core::metrics::Figure;
use sprintlift_core::presets::{Preset, PRESETS};
use sprintlift_core::view_state::{DataView, Page, Presentation, Sprint, View};

/// The figures of the table, in its column order.
const COLUMNS: [Figure; 4] = [
    Figure::Opened,
    Figure::Merged,
    Figure::Authors,
    Figure::NewContributors,
];

#[component]
pub fn CompareView(
    events: Vec<&'static Preset>,
    show: Presentation,
    token: RwSignal<Option<BoundToken>>,
) -> impl IntoView {
    let chosen = events.clone();
    // An event whose query cannot be read is said, not dropped in silence
    // (the core's tests read every preset, so this is a bug if seen).
    let mut unreadable = Vec::new();
    let events: Vec<(&'static Preset, DataView)> = events
        .into_iter()
        .filter_map(|preset| match preset.sprint() {
            Ok(sprint) => Some((
                preset,
                DataView {
                    sprint,
                    api: show.api.clone(),
                },
            )),
            Err(error) => {
                unreadable.push(format!("{} is left out: {error}", preset.name));
                None
            }
        })
        .collect();
    let api = show.api.clone();
    let secret: Signal<Option<String>> =
        Memo::new(move |_| token.with(|t| token::for_api(&api, t.as_ref()))).into();
    // One load at a time, so GitHub sees one request at a time: each event
    // starts once every event before it has finished (or failed).
    let mut loads: Vec<Load> = Vec::with_capacity(events.len());
    for (_, event) in &events {
        let before = loads.clone();
        // A memo: the load restarts only when this turns, not with every
        // answer to an event before it.
        let go = Memo::new(move |_| before.iter().all(Load::settled));
        let load = loader::use_load(event.clone(), secret, go.into());
        // Known events are quick to load; a column never waits for a
        // choice the comparison does not offer.
        load.go_on.set(true);
        loads.push(load);
    }
    let rows = events
        .iter()
        .zip(&loads)
        .map(|((preset, event), load)| {
            let load = *load;
            let id = preset.id;
            let cells = move || {
                load.figures.with(|f| {
                    let planned = !f.rows.is_empty();
                    COLUMNS
                        .iter()
                        .map(|figure| {
                            let known = planned.then(|| f.sprint(*figure).clone());
                            let value = known.as_ref().and_then(|k| k.value()).map(|t| t.value.to_string());
                            let shown = known.map_or("…".to_string(), |k| k.to_string());
                            let lift = planned.then(|| f.lift(*figure).clone());
                            let (lift_value, lift_text) = match lift {
                                Some(Known::Value(Lift::Ratio { value, .. })) => (Some(value.to_string()), format!("{value:.1}×")),
                                Some(Known::Value(_)) => (None, "no lift".to_string()),
                                Some(Known::Unavailable(_)) => (None, "needs a token".to_string()),
                                _ => (None, "…".to_string()),
                            };
                            view! {
                                <td data-metric=figure.name() data-value=value>{shown}</td>
                                <td class="muted" data-metric=format!("lift_{}", figure.name()) data-value=lift_value>{lift_text}</td>
                            }
                        })
                        .collect_view()
                })
            };
            let status = move || {
                let done = load.progress.with(|p| p.done);
                load.error.with(|error| match (error, done) {
                    (Some(error), _) => error.to_string(),
                    (None, true) => String::new(),
                    (None, false) => "loading…".to_string(),
                })
            };
            // Each event's own page, shown as this one is, as a full page.
            let link = crate::share::link_to(
                &View {
                    page: Page::Sprint(event.sprint.clone()),
                    show: show.clone(),
                }
                .with_embed(false),
            );
            view! {
                <tr data-testid="compare-row" data-event=id data-done=move || load.progress.with(|p| p.done).to_string()>
                    <th scope="row"><a href=link>{preset.name}</a><br /><span class="muted">{status}</span></th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let labels: Vec<&'static str> = events.iter().map(|(p, _)| p.id).collect();
    let chart_loads = loads.clone();
    let chart = Memo::new(move |_| {
        let values: Vec<(String, Option<u64>)> = labels
            .iter()
            .zip(&chart_loads)
            .map(|(label, load)| {
                let done = load.progress.with(|p| p.done);
                let opened = load.figures.with(|f| {
                    let opened = f.sprint(Figure::Opened).value().map(|t| t.value);
                    opened.filter(|_| done)
                });
                (label.to_string(), opened)
            })
            .collect();
        compare_chart(&values)
    });
    let chart = view! { <KnownChart chart testid="chart-compare" /> };
    view! {
        <section class="compare" data-testid="compare">
            <h2>"Sprints side by side"</h2>
            {unreadable.into_iter().map(|sentence| view! {
                <p class="error" data-testid="compare-unreadable">{sentence}</p>
            }).collect_view()}
            <EventPicker chosen show=show.clone() />
            <div class="table-scroll">
                <table class="windows compare-table" data-testid="compare-table">
                    <thead>
                        <tr>
                            <th scope="col">"Event"</th>
                            {COLUMNS.iter().map(|f| view! {
                                <th scope="col">{f.name().replace('_', " ")}</th>
                                <th scope="col">"lift"</th>
                            }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <div class="charts">{chart}</div>
        </section>
    }
}

/// Checkboxes of the known events; each change writes a new URL.
#[component]
fn EventPicker(chosen: Vec<&'static Preset>, show: Presentation) -> impl IntoView {
    let navigate = use_navigate();
    let pathname = use_location().pathname;
    let chosen = StoredValue::new(chosen);
    let show = StoredValue::new(show);
    let toggle = move |id: &'static str| {
        let navigate = navigate.clone();
        move |_| {
            let mut events = chosen.get_value();
            if let Some(i) = events.iter().position(|p| p.id == id) {
                events.remove(i);
            } else if let Some(preset) = PRESETS.iter().find(|p| p.id == id) {
                events.push(preset);
            }
            // The same page with other events, shown as it is (api, theme);
            // with none left, the default event.
            let page = if events.is_empty() {
                Page::Sprint(Sprint::pycon_us_2025())
            } else {
                Page::Compare(events)
            };
            let query = View {
                page,
                show: show.get_value(),
            }
            .to_query();
            navigate(
                &format!("{}?{query}", pathname.get_untracked()),
                NavigateOptions::default(),
            );
        }
    };
    view! {
        <fieldset class="event-picker">
            <legend>"Events"</legend>
            {PRESETS
                .iter()
                .map(|p| {
                    let checked = chosen.with_value(|c| c.iter().any(|chosen| chosen.id == p.id));
                    view! {
                        <label class="inline">
                            <input type="checkbox" data-testid=format!("pick-{}", p.id) prop:checked=checked on:change=toggle(p.id) />
                            {p.name}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
