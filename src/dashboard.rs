//! The page: reads the view from the URL and lays out the form and figures.

use crate::intl_zone;
use crate::opened_figure::OpenedFigure;
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
    view! {
        <main class="page">
            <header class="masthead">
                <h1>"sprintlift"</h1>
                <p class="tagline">"How much did this sprint lift the project?"</p>
            </header>
            <ViewForm view_state search />
            {move || match view_state.get() {
                Ok(view) => view! { <OpenedFigure view /> }.into_any(),
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
