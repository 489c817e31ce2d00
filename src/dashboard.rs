//! The page: reads the view from the URL and lays out the full dashboard
//! or, with `embed=1`, the compact card for iframes.

use crate::claims_view::PresetMenu;
use crate::compare_view::CompareView;
use crate::figures_view::FiguresView;
use crate::intl_zone;
use crate::share::{self, SharePanel};
use crate::snapshot_view::SnapshotView;
use crate::token::{self, TokenPanel};
use crate::view_form::ViewForm;
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;
use sprintlift_core::view_state::{DataView, Page, View};

#[component]
pub fn App() -> impl IntoView {
    sprintlift_first_paint::mark_app_started();
    view! {
        <Router>
            <Dashboard />
        </Router>
    }
}

/// The page's `<html>` element, where the stylesheet reads the theme and
/// whether the page is an embed card.
fn root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

/// Puts `class="embed"` on `<html>` for the embed card, whose stylesheet
/// rule hides the masthead.
fn mark_embed(embed: bool) {
    if let Some(root) = root() {
        let _ = root.class_list().toggle_with_force("embed", embed);
    }
}

/// Whether the screen is wide enough to show the form open (48rem).
fn wide_screen() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_none_or(|width| width >= 768.0)
}

/// The sprint in a few words, beside "Change the view".
fn summary(view: &View) -> String {
    match &view.page {
        Page::Sprint(sprint) => sprint.title(),
        // The form is not offered for these.
        Page::Snapshot(_) | Page::Compare(_) => String::new(),
    }
}

#[component]
fn Dashboard() -> impl IntoView {
    let search = use_location().search;
    // The URL is the single source of view state: every navigation, including
    // back and forward, re-derives the view from it.
    let view_state =
        Memo::new(move |_| View::from_query_string_asking(&search.get(), &intl_zone::browser_zone));
    // The token lives in memory (and in storage only if the user asks),
    // never in the URL.
    let (saved, saved_error) = match token::saved() {
        Ok(saved) => (saved, None),
        Err(error) => (None, Some(error.to_string())),
    };
    let token = RwSignal::new(saved);
    provide_context(share::BakedCard(RwSignal::new(None)));
    let api =
        Signal::derive(move || view_state.with(|v| v.as_ref().ok().map(|v| v.show.api.clone())));
    Effect::new(move |_| {
        sprintlift_first_paint::apply_theme(
            view_state.with(|v| v.as_ref().map(|v| v.show.theme).unwrap_or_default()),
        )
    });
    let embed = Memo::new(move |_| view_state.with(|v| v.as_ref().is_ok_and(|v| v.show.embed)));
    // The masthead is in index.html: hidden for the card (public/early.js
    // guessed from the URL before the first paint; the view decides).
    Effect::new(move |_| mark_embed(embed.get()));
    // The first paint (index.html's shell) is only ever a live sprint's
    // card; anything else is the app's to draw at once. A card's figures
    // take over when they have their line (FiguresView).
    let card_of_a_sprint = Memo::new(move |_| {
        view_state.with(|v| {
            v.as_ref()
                .is_ok_and(|v| v.show.embed && matches!(v.page, Page::Sprint(_)))
        })
    });
    Effect::new(move |_| {
        if !card_of_a_sprint.get() {
            sprintlift_first_paint::take_over();
        }
    });
    let view_error = move || {
        view_state.with(|v| {
            v.as_ref().err().map(|error| {
                view! { <p class="error" role="alert" data-testid="view-error">{error.to_string()}</p> }
            })
        })
    };
    // The page around the figures first; the figures (and the load they
    // start) in the next task.
    let figures_started = crate::loader::true_in_next_task();
    let figures = move |compact: bool| {
        if !figures_started.get() {
            return None;
        }
        view_state.get().ok().map(|View { page, show }| match page {
            Page::Snapshot(address) => view! { <SnapshotView address show /> }.into_any(),
            Page::Compare(events) => view! { <CompareView events show token /> }.into_any(),
            Page::Sprint(sprint) => {
                let view = DataView {
                    sprint,
                    api: show.api,
                };
                view! { <FiguresView view token compact /> }.into_any()
            }
        })
    };
    // The form edits one live view: not shown for snapshots or comparisons.
    let live = Memo::new(move |_| {
        view_state.with(|v| {
            v.as_ref()
                .map_or(true, |v| matches!(v.page, Page::Sprint(_)))
        })
    });
    let form_built = RwSignal::new(wide_screen());
    move || {
        if embed.get() {
            let observer = StoredValue::new_local(share::observe_height());
            on_cleanup(move || {
                if let Some(observer) = observer.get_value() {
                    observer.disconnect();
                }
            });
            let full = move || {
                view_state.with(|v| {
                    v.as_ref()
                        .map(|v| share::link_to(&v.with_embed(false)))
                        .unwrap_or_default()
                })
            };
            view! {
                <main class="page embed" data-testid="embed">
                    <header class="embed-head">
                        <strong>"sprintlift"</strong>
                        <a href=full target="_blank" rel="noopener" data-testid="full-view">"Full view ↗"</a>
                    </header>
                    {view_error}
                    {move || figures(true)}
                </main>
            }
            .into_any()
        } else {
            view! {
                <main class="page">
                    <Show when=move || live.get()>
                        // A visitor came for the figures: on a narrow screen
                        // the form is folded away behind one line, and built
                        // only when first unfolded (then kept, so nothing
                        // typed into it is lost by folding it again).
                        <details
                            class="change-view"
                            data-testid="change-view"
                            prop:open=form_built.get_untracked()
                            on:toggle=move |ev| {
                                let open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                                if open && !form_built.get_untracked() {
                                    form_built.set(true);
                                }
                            }
                        >
                            <summary>
                                <span class="change-view-label">"Change the view"</span>
                                " "
                                <span class="muted">{move || view_state.with(|v| v.as_ref().map(summary).unwrap_or_default())}</span>
                            </summary>
                            <Show when=move || form_built.get()>
                                <PresetMenu view_state />
                                <ViewForm view_state search />
                                <TokenPanel token api />
                            </Show>
                        </details>
                    </Show>
                    {saved_error.clone().map(|error| view! {
                        <p class="warning" data-testid="token-unreadable">{error}</p>
                    })}
                    {view_error}
                    {move || view_state.get().ok().map(|view| view! { <SharePanel view /> })}
                    {move || figures(false)}
                </main>
            }
            .into_any()
        }
    }
}
