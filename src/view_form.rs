//! The form that edits the view. Submitting it writes a new URL (a new
//! history entry); the page then re-reads the view from that URL.

use crate::intl_zone;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use sprintlift_core::view_state::{FormValues, View, ViewError};

#[component]
pub fn ViewForm(view_state: Memo<Result<View, ViewError>>, search: Memo<String>) -> impl IntoView {
    let values = RwSignal::new(FormValues::default());
    // Back and forward change the URL: show what it now says.
    Effect::new(move |_| {
        values.set(FormValues::for_url(&search.get(), &view_state.get()));
    });
    let navigate = use_navigate();
    let pathname = use_location().pathname;
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let query = values.with_untracked(FormValues::to_query);
        let target = format!("{}?{}", pathname.get_untracked(), query);
        navigate(&target, NavigateOptions::default());
    };
    let zones = intl_zone::supported_zones();
    view! {
        <form class="view-form" data-testid="view-form" on:submit=on_submit>
            <label>
                <span>"Organisation"</span>
                <input
                    type="text"
                    name="org"
                    data-testid="input-org"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || values.with(|v| v.org.clone())
                    on:input=move |ev| values.update(|v| v.org = event_target_value(&ev))
                />
            </label>
            <label>
                <span>"First day"</span>
                <input
                    type="date"
                    name="from"
                    data-testid="input-from"
                    prop:value=move || values.with(|v| v.from.clone())
                    on:input=move |ev| values.update(|v| v.from = event_target_value(&ev))
                />
            </label>
            <label>
                <span>"Last day"</span>
                <input
                    type="date"
                    name="to"
                    data-testid="input-to"
                    prop:value=move || values.with(|v| v.to.clone())
                    on:input=move |ev| values.update(|v| v.to = event_target_value(&ev))
                />
            </label>
            <label>
                <span>"Event time zone"</span>
                <input
                    type="text"
                    name="tz"
                    list="zone-names"
                    data-testid="input-tz"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || values.with(|v| v.tz.clone())
                    on:input=move |ev| values.update(|v| v.tz = event_target_value(&ev))
                />
                <datalist id="zone-names">
                    {zones.into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
                </datalist>
            </label>
            <button type="submit" data-testid="submit">"Show sprint"</button>
        </form>
    }
}
