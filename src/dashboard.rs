//! The page: reads the view from the URL and lays out the form and figures.

use crate::claims_view::PresetMenu;
use crate::figures_view::FiguresView;
use crate::intl_zone;
use crate::token::{self, TokenPanel};
use crate::view_form::ViewForm;
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;
use sprintlift_core::view_state::View;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Dashboard />
        </Router>
    }
}

#[component]
fn Dashboard() -> impl IntoView {
    let search = use_location().search;
    let browser_zone = StoredValue::new(intl_zone::browser_zone());
    // The URL is the single source of view state: every navigation, including
    // back and forward, re-derives the view from it.
    let view_state =
        Memo::new(move |_| View::from_query_string(&search.get(), &browser_zone.get_value()));
    // The token lives in memory (and in storage only if the user asks),
    // never in the URL.
    let token = RwSignal::new(token::saved());
    let api = Signal::derive(move || view_state.with(|v| v.as_ref().ok().map(|v| v.api.clone())));
    view! {
        <main class="page">
            <header class="masthead">
                <h1>"sprintlift"</h1>
                <p class="tagline">"How much did this sprint lift the project?"</p>
            </header>
            <PresetMenu view_state />
            <ViewForm view_state search />
            <TokenPanel token api />
            {move || match view_state.get() {
                Ok(view) => view! { <FiguresView view token /> }.into_any(),
                Err(error) => {
                    view! {
                        <p class="error" role="alert" data-testid="view-error">
                            {error.to_string()}
                        </p>
                    }
                        .into_any()
                }
            }}
        </main>
    }
}
