//! The preset menu, and what was published about a preset event beside
//! what sprintlift measures.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use sprintlift_core::fetched_figures::{Figures, Known};
use sprintlift_core::lift::Lift;
use sprintlift_core::metrics::Figure;
use sprintlift_core::presets::{self, Preset, PRESETS};
use sprintlift_core::view_state::{Page, Presentation, View, ViewError};

/// How the current view is shown (API, card or page, theme), or the
/// defaults when the URL is not a view.
fn shown_as(view_state: &Result<View, ViewError>) -> Presentation {
    view_state
        .as_ref()
        .map(|v| v.show.clone())
        .unwrap_or_default()
}

/// A menu of known events; choosing one navigates to its view, shown as
/// the current view is (same API, theme).
#[component]
pub fn PresetMenu(view_state: Memo<Result<View, ViewError>>) -> impl IntoView {
    let navigate = use_navigate();
    let pathname = use_location().pathname;
    let current = move || {
        view_state.with(|v| {
            v.as_ref()
                .ok()
                .and_then(|v| match &v.page {
                    Page::Sprint(sprint) => presets::matching(sprint),
                    _ => None,
                })
                .map_or("", |p| p.id)
        })
    };
    let on_change = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        let Some(preset) = PRESETS.iter().find(|p| p.id == id) else {
            return;
        };
        // Every preset's query is a sprint (the core's tests read each).
        let Ok(sprint) = preset.sprint() else {
            return;
        };
        let view = View {
            page: Page::Sprint(sprint),
            show: view_state.with_untracked(shown_as),
        };
        let query = view.to_query();
        navigate(
            &format!("{}?{query}", pathname.get_untracked()),
            NavigateOptions::default(),
        );
    };
    let compare = move || {
        let events = ["pycon-us-2025", "europython-2025", "pycon-kr-2025"]
            .iter()
            .filter_map(|id| PRESETS.iter().find(|p| p.id == *id))
            .collect();
        crate::share::link_to(&View {
            page: Page::Compare(events),
            show: view_state.with(shown_as),
        })
    };
    view! {
        <nav class="presets">
            <label>
                <span>"Known sprints"</span>
                <select data-testid="preset-menu" on:change=on_change prop:value=current>
                    <option value="">"Choose an event…"</option>
                    {PRESETS
                        .iter()
                        .map(|p| view! { <option value=p.id>{p.name}</option> })
                        .collect_view()}
                </select>
            </label>
            <a href=compare data-testid="compare-link">"Compare sprints side by side"</a>
        </nav>
    }
}

/// What a claim's figure measures now, as text.
fn measured(preset_claim: &presets::Claim, figures: &Figures) -> Option<String> {
    if preset_claim.metric == "lift_opened" {
        return match figures.lift(Figure::Opened) {
            Known::Value(Lift::Ratio { value, .. }) => Some(format!("{value:.1}×")),
            Known::Value(gap) => Some(gap.to_string()),
            _ => None,
        };
    }
    let figure = Figure::ALL
        .into_iter()
        .find(|f| f.name() == preset_claim.metric)?;
    match preset_claim.repo {
        None => figures.sprint(figure).value().map(|t| t.value.to_string()),
        Some(repo) => {
            if figures.per_repo.is_empty() {
                return None;
            }
            let counts = figures.per_repo.get(repo).cloned().unwrap_or_default();
            match figure {
                Figure::Opened => Some(counts.opened.to_string()),
                Figure::Merged => Some(counts.merged.to_string()),
                Figure::ClosedUnmerged => Some(counts.closed_unmerged.to_string()),
                _ => None,
            }
        }
    }
}

#[component]
pub fn Claims(
    preset: &'static Preset,
    figures: Signal<Figures>,
    /// What the view counts ("bots and backports out"), as the core says it.
    counting: &'static str,
) -> impl IntoView {
    if preset.claims.is_empty() {
        return view! {
            <p class="claims-note muted" data-testid="preset-note">{format!("{}: {}", preset.name, preset.note)}</p>
        }
        .into_any();
    }
    let rows = preset
        .claims
        .iter()
        .map(|claim| {
            // Redrawn only when this claim's measure changes.
            let measured = Memo::new(move |_| {
                figures.with(|f| measured(claim, f)).unwrap_or_else(|| "…".to_string())
            });
            view! {
                <li data-testid="claim" data-claim=claim.metric>
                    <span class="published">{format!("published: {}", claim.published)}</span>
                    " · "
                    <strong class="measured">{move || format!("measured: {}", measured.get())}</strong>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="claims" data-testid="claims">
            <h2>{format!("{}: what was published, and what sprintlift measures", preset.name)}</h2>
            <ul>{rows}</ul>
            <p class="muted">{preset.note} {format!(" Measured with this view's filters ({counting}) and baseline.")}</p>
        </section>
    }
    .into_any()
}
