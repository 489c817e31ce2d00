//! The form that edits the view. Submitting it writes a new URL (a new
//! history entry); the page then re-reads the view from that URL.

use crate::intl_zone;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use sprintlift_core::view_state::{FormValues, Param, View, ViewError};

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
            <Field label="Organisation" field=Param::Org kind="text" values />
            <Field label="…or repositories (owner/name, comma-separated)" field=Param::Repos kind="text" values />
            <Field label="First day" field=Param::From kind="date" values />
            <Field label="Last day" field=Param::To kind="date" values />
            <Field label="Event time zone" field=Param::Tz kind="text" values list="zone-names" />
            <datalist id="zone-names">
                {zones.into_iter().map(|z| view! { <option value=z></option> }).collect_view()}
            </datalist>
            <Field label="Baseline: weeks before" field=Param::Before kind="number" values />
            <Field label="…and weeks after" field=Param::After kind="number" values />
            <Check label="Count bots' PRs" field=Param::Bots values />
            <Check label="Count backports" field=Param::Backports values />
            <button type="submit" data-testid="submit">"Show sprint"</button>
        </form>
    }
}

/// One labelled input bound to one field of the form's values.
#[component]
fn Field(
    label: &'static str,
    field: Param,
    kind: &'static str,
    values: RwSignal<FormValues>,
    #[prop(optional)] list: Option<&'static str>,
) -> impl IntoView {
    view! {
        <label>
            <span>{label}</span>
            <input
                type=kind
                name=field.name()
                list=list
                data-testid=format!("input-{}", field.name())
                autocomplete="off"
                spellcheck="false"
                prop:value=move || values.with(|v| v.get(field).to_string())
                on:input=move |ev| values.update(|v| v.set(field, event_target_value(&ev)))
            />
        </label>
    }
}

/// A checkbox bound to a field whose value is "1" when ticked.
#[component]
fn Check(label: &'static str, field: Param, values: RwSignal<FormValues>) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="checkbox"
                name=field.name()
                data-testid=format!("input-{}", field.name())
                prop:checked=move || values.with(|v| !v.get(field).is_empty())
                on:change=move |ev| {
                    let value = if event_target_checked(&ev) { "1" } else { "" };
                    values.update(|v| v.set(field, value.to_string()))
                }
            />
            <span>{label}</span>
        </label>
    }
}
