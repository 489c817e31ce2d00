//! The figures of a view: starts the load, then shows progress, the
//! headline with lifts and search links, and the baseline windows table,
//! all filling in as answers arrive.

use crate::afterglow_view::Afterglow;
use crate::chart_canvas::BarChartCanvas;
use crate::claims_view::Claims;
use crate::loader::{self, LoadState, Stop};
use crate::pr_table_view::{PrTable, WindowsCsvButton};
use crate::token::{self, BoundToken};
use leptos::prelude::*;
use sprintlift_core::chart_spec::{repos_chart, timeline_chart, windows_chart, BarChart};
use sprintlift_core::fetch_plan::{Mode, Tally};
use sprintlift_core::fetched_figures::{Figures, Known, HEADLINE};
use sprintlift_core::lift::Lift;
use sprintlift_core::metrics::{Figure, Followup};
use sprintlift_core::search_query::web_search_url;
use sprintlift_core::view_state::View;

#[component]
pub fn FiguresView(
    view: View,
    token: RwSignal<Option<BoundToken>>,
    /// The embed card: headline and chart 1 only.
    compact: bool,
) -> impl IntoView {
    let state = RwSignal::new(LoadState::default());
    let stop = StoredValue::new_local(None::<Stop>);
    let api = view.api.clone();
    let secret = Memo::new(move |_| token.with(|t| token::for_api(&api, t.as_ref())));
    let load_view = view.clone();
    // A new token (or none) restarts the load; replacing the Stop aborts
    // the old one, and so does leaving this view (the value is dropped).
    // The figures already shown stay until the new load has its own
    // headline, so a token GitHub refuses costs nothing on screen.
    Effect::new(move |_| {
        let secret = secret.get();
        state.update(|s| {
            *s = LoadState {
                figures: s.figures.take(),
                ..LoadState::default()
            }
        });
        let started = loader::start(&load_view, secret, state);
        stop.update_value(|s| *s = Some(started));
    });
    // A baked view's card, for the Embed panel, once its figures are known.
    if let Some(slot) = use_context::<crate::share::BakedCard>() {
        let card_view = view.clone();
        Effect::new(move |_| {
            let card = state.with(|s| {
                let path = s.baked.as_ref()?.card.clone()?;
                let figures = s.figures.as_ref()?;
                let alt = sprintlift_core::card::card_text(&card_view, figures).alt;
                Some(crate::share::CardImage { path, alt })
            });
            if slot.0.get_untracked() != card {
                slot.0.set(card);
            }
        });
        on_cleanup(move || slot.0.set(None));
    }
    // The figures, and whether the load is done: each changes only with an
    // answer, not on every tick of a rate-limit countdown (which changes
    // only the status line).
    let shown = Memo::new(move |_| state.with(|s| s.figures.clone()));
    let has_figures = Memo::new(move |_| shown.with(Option::is_some));
    let done = Memo::new(move |_| state.with(|s| s.done));
    let zone = view.zone.clone();
    let view = StoredValue::new(view);
    view! {
        <Progress state />
        {move || state.with(|s| s.site_error.as_ref().map(ToString::to_string)).map(|error| view! {
            <p class="warning" data-testid="site-error">{error}</p>
        })}
        {move || state.with(|s| s.baked.clone()).map(|baked| view! {
            <p class="muted provenance" data-testid="baked-note" data-baked-at=baked.at.clone()>
                {format!(
                    "Figures as of {} ({}), baked by this site; GitHub is asked only for what can have changed since.",
                    baked.at, zone
                )}
            </p>
        })}
        {move || state.with(|s| s.error.as_ref().map(ToString::to_string)).map(|error| view! {
            <p class="error" role="alert" data-testid="load-error">{error}</p>
        })}
        {move || has_figures.get().then(|| {
            let figures = Signal::derive(move || shown.get().unwrap_or_else(Figures::empty));
            view! { <FiguresBody figures view=view.get_value() compact exportable=done /> }
        })}
    }
}

/// Everything shown from a view's figures, live or from a snapshot. Each
/// part reads a memo of its own slice of the figures, so an answer redraws
/// only the parts it changed (a chart's canvas only when its bars change).
#[component]
pub fn FiguresBody(
    #[prop(into)] figures: Signal<Figures>,
    view: View,
    compact: bool,
    /// Offer "Export JSON": the figures are complete.
    #[prop(into)]
    exportable: Signal<bool>,
) -> impl IntoView {
    let slice = move |project: fn(&Figures) -> Figures| Memo::new(move |_| figures.with(project));
    let headline = slice(|f| Figures {
        rows: f.rows.clone(),
        lifts: f.lifts.clone(),
        retention: f.retention.clone(),
        ..Figures::empty()
    });
    let windows = slice(|f| Figures {
        rows: f.rows.clone(),
        lifts: f.lifts.clone(),
        ..Figures::empty()
    });
    let afterglow = slice(|f| Figures {
        rows: f.rows.iter().take(1).cloned().collect(),
        afterglow: f.afterglow.clone(),
        ..Figures::empty()
    });
    let headline_view = {
        let view = view.clone();
        move || view! { <Headline figures=headline.get() view=view.clone() /> }
    };
    let afterglow_view = {
        let view = view.clone();
        move || view! { <Afterglow figures=afterglow.get() view=view.clone() compact /> }
    };
    if compact {
        return view! {
            {headline_view}
            <WindowCharts figures only_opened=true />
            {afterglow_view}
        }
        .into_any();
    }
    let prs = slice(|f| Figures {
        rows: f.rows.iter().take(1).cloned().collect(),
        sprint_records: f.sprint_records.clone(),
        newcomers: f.newcomers.clone(),
        ..Figures::empty()
    });
    let preset = sprintlift_core::presets::matching(&view);
    let export_view = view.clone();
    let snapshot = move || {
        exportable.get().then(|| {
            let text = figures.with(|f| {
                sprintlift_core::snapshot::to_json(&export_view, f, loader::now())
            });
            view! {
                <button
                    type="button"
                    class="small"
                    data-testid="export-json"
                    on:click=move |_| crate::download::download("sprintlift-snapshot.json", "application/json", &text)
                >
                    "Export JSON snapshot"
                </button>
            }
        })
    };
    let api = view.api.clone();
    view! {
        {headline_view}
        {preset.map(|preset| move || view! { <Claims preset figures=windows.get() /> })}
        <WindowCharts figures only_opened=false />
        {move || view! { <WindowsTable figures=windows.get() /> }}
        {afterglow_view}
        <p class="exports">
            {move || view! { <WindowsCsvButton figures=windows.get() /> }}
            {snapshot}
        </p>
        {move || view! { <PrTable figures=prs.get() api=api.clone() /> }}
    }
    .into_any()
}

#[component]
fn Progress(state: RwSignal<LoadState>) -> impl IntoView {
    move || {
        state.with(|s| {
            if s.done && s.wait.is_none() {
                let how = match s.mode {
                    Some(Mode::Token) => "with your token (GraphQL)",
                    _ => "without a token (REST search)",
                };
                return view! {
                    <p class="status" data-testid="done" data-requests=s.requests.to_string() data-memory=memory_bytes()>
                        {format!("Done: {} requests to GitHub, {how}.", s.requests)}
                    </p>
                }
                .into_any();
            }
            let total = s.answered + s.left;
            let wait = s.wait.clone().map(|w| view! {
                <span class="wait" data-testid="wait">
                    {format!(" {} Next request in {} s (at {}).", w.why, w.seconds_left, w.resumes_at)}
                </span>
            });
            view! {
                <p class="status" role="status" data-testid="progress">
                    <span data-testid="loading">
                        {format!("Asking GitHub: {} of {} searches answered, {} requests sent.", s.answered, total, s.requests)}
                    </span>
                    {wait}
                </p>
            }
            .into_any()
        })
    }
}

#[component]
fn Headline(figures: Figures, view: View) -> impl IntoView {
    let sprint = figures.rows.first().map(|r| r.utc);
    let cards = HEADLINE
        .iter()
        .map(|&figure| {
            let known = figures.sprint(figure).clone();
            let lift = figures.lift(figure).clone();
            let links: Vec<(String, String)> = sprint
                .map(|w| figure.queries(&view.scope(), &view.filters(), &w))
                .unwrap_or_default()
                .into_iter()
                .flatten()
                .map(|q| (web_search_url(&view.api, &q), q))
                .collect();
            view! { <Card figure known lift links /> }
        })
        .collect_view();
    let context = sprint.map(|w| {
        format!(
            "{} · {} in {} ({}) · compared with {} ordinary windows",
            view.scope_label(),
            view.days.label(),
            view.zone,
            w.offset_label(),
            figures.rows.len().saturating_sub(1)
        )
    });
    let retention = match &figures.retention {
        Known::Value(r) => {
            let still = |f: &Followup| if f.complete { "" } else { " (still counting)" };
            Some(view! {
                <p class="retention" data-testid="retention">
                    {format!("Of {} new contributors, ", r.newcomers)}
                    <strong data-metric="returned_30" data-value=r.within_30_days.count.to_string()>
                        {r.within_30_days.count}
                    </strong>
                    {format!(" opened another PR within 30 days{} and ", still(&r.within_30_days))}
                    <strong data-metric="returned_90" data-value=r.within_90_days.count.to_string()>
                        {r.within_90_days.count}
                    </strong>
                    {format!(" within 90 days{}.", still(&r.within_90_days))}
                </p>
            }
            .into_any())
        }
        Known::Unavailable(why) => Some(
            view! {
                <p class="retention muted" data-testid="retention-needs-token">
                    {format!("Whether new contributors came back needs a token. {why}")}
                </p>
            }
            .into_any(),
        ),
        Known::Pending => None,
    };
    view! {
        <p class="figure-context" data-testid="context">{context}</p>
        <section class="figures" data-testid="figures">{cards}</section>
        {retention}
    }
}

#[component]
fn Card(
    figure: Figure,
    known: Known<Tally>,
    lift: Known<Lift>,
    links: Vec<(String, String)>,
) -> impl IntoView {
    let name = figure.name();
    let value = known.value().map(|t| t.value.to_string());
    let possibly_low = known.value().is_some_and(|t| t.possibly_low);
    let shown = known.to_string();
    let unavailable = match &known {
        Known::Unavailable(why) => Some(why.to_string()),
        _ => None,
    };
    let lift_view = match (&lift, unavailable.is_some()) {
        (Known::Value(Lift::Ratio { value, .. }), _) => {
            let value = value.to_string();
            Some(
                view! {
                    <p class="lift" data-metric=format!("lift_{name}") data-value=value>
                        {lift.value().map(ToString::to_string)}
                    </p>
                }
                .into_any(),
            )
        }
        (Known::Value(gap), _) => Some(
            view! {
                <p class="lift muted" data-testid=format!("lift-gap-{name}")>{gap.to_string()}</p>
            }
            .into_any(),
        ),
        (Known::Unavailable(why), false) => Some(
            view! {
                <p class="lift muted" data-testid=format!("lift-needs-token-{name}")>
                    {format!("Lift needs a token. {why}")}
                </p>
            }
            .into_any(),
        ),
        _ => None,
    };
    view! {
        <article class="figure" data-testid=format!("figure-{name}")>
            <span class="figure-value" data-metric=name data-value=value>{shown}</span>
            <span class="figure-name">{figure.label()}</span>
            {lift_view}
            {possibly_low.then(|| view! {
                <p class="warning" data-testid="incomplete">
                    "GitHub's search timed out before it finished: this count may be low."
                </p>
            })}
            {unavailable.map(|why| view! {
                <p class="needs-token" data-testid=format!("needs-token-{name}")>
                    {format!("Needs a token. {why}")}
                </p>
            })}
            {links.into_iter().map(|(link, query)| view! {
                <details class="search">
                    <summary>
                        <a class="search-link" data-testid="search-link" href=link target="_blank" rel="noopener noreferrer">
                            "Reproduce on GitHub"
                        </a>
                    </summary>
                    <code class="query" data-testid="query">{query}</code>
                </details>
            }).collect_view()}
        </article>
    }
}

/// Chart 1 for the opened and merged PRs, once every window is known;
/// the per-repository chart and the timeline. Each canvas is drawn anew
/// only when its own bars change.
#[component]
fn WindowCharts(figures: Signal<Figures>, only_opened: bool) -> impl IntoView {
    let chart = |testid: &'static str, spec: fn(&Figures) -> Option<BarChart>| {
        let bars = Memo::new(move |_| figures.with(spec));
        move || {
            bars.get()
                .map(|chart| view! { <BarChartCanvas chart testid /> })
        }
    };
    let opened = chart("chart-opened", |f| windows_chart(f, Figure::Opened));
    if only_opened {
        return view! { <section class="charts">{opened}</section> }.into_any();
    }
    let merged = chart("chart-merged", |f| windows_chart(f, Figure::Merged));
    let repos = chart("chart-repos", repos_chart);
    let timeline = chart("chart-timeline", |f| {
        f.rows.first().and_then(|r| timeline_chart(f, r.days))
    });
    let why_no_timeline = Memo::new(move |_| {
        figures.with(|f| match &f.timeline {
            Known::Unavailable(why) => Some(why.to_string()),
            _ => None,
        })
    });
    view! {
        <section class="charts">
            {opened}
            {merged}
            {repos}
            {timeline}
            {move || why_no_timeline.get().map(|why| view! {
                <p class="muted timeline-note" data-testid="timeline-needs-token">
                    {format!("The daily timeline needs a token. {why}")}
                </p>
            })}
        </section>
    }
    .into_any()
}

#[component]
fn WindowsTable(figures: Figures) -> impl IntoView {
    let rows = figures
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let utc = |t| sprintlift_core::civil_text::utc_rfc3339(t);
            let cells = row
                .values
                .iter()
                .zip(HEADLINE)
                .map(|(known, figure)| {
                    let value = known.value().map(|t| t.value.to_string());
                    view! { <td data-metric=figure.name() data-value=value>{known.to_string()}</td> }
                })
                .collect_view();
            view! {
                <tr
                    class=if i == 0 { "sprint-row" } else { "" }
                    data-testid=if i == 0 { "sprint-row" } else { "baseline-row" }
                    data-window-start=utc(row.utc.start)
                    data-window-end=utc(row.utc.end)
                >
                    <th scope="row">{if i == 0 { format!("Sprint: {}", row.days.label()) } else { row.days.label() }}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
        <table class="windows" data-testid="windows-table">
            <caption>"The sprint and each baseline window (same weekdays, event-local days)"</caption>
            <thead>
                <tr>
                    <th scope="col">"Window"</th>
                    {HEADLINE.iter().map(|f| view! { <th scope="col">{f.label()}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
    }
}

/// The app's linear memory in bytes, on the "done" line for the large-org
/// test and the benchmarks to read (wasm memory never shrinks, so this is
/// the load's high-water mark).
fn memory_bytes() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) * 65_536).to_string()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}
