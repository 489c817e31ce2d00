//! A dashboard (or embed card) read from a snapshot file: one request for
//! the file, none to GitHub.

use crate::figures_view::FiguresBody;
use gloo_net::http::Request;
use leptos::prelude::*;
use sprintlift_core::snapshot::{self, Snapshot, SnapshotError};
use sprintlift_core::view_state::{Page, Presentation, View};

/// Why the snapshot could not be shown; Display is the sentence.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
enum LoadError {
    #[error("The snapshot at {address} could not be loaded ({detail}).")]
    Fetch { address: String, detail: String },
    #[error("The snapshot at {address} could not be loaded: the server answered HTTP {status}.")]
    Status { address: String, status: u16 },
    #[error(transparent)]
    Invalid(#[from] SnapshotError),
}

async fn load(address: String) -> Result<Snapshot, LoadError> {
    let fetch_error = |detail: String| LoadError::Fetch {
        address: address.clone(),
        detail,
    };
    let response = Request::get(&address)
        .send()
        .await
        .map_err(|e| fetch_error(e.to_string()))?;
    if !response.ok() {
        return Err(LoadError::Status {
            address: address.clone(),
            status: response.status(),
        });
    }
    let text = response
        .text()
        .await
        .map_err(|e| fetch_error(e.to_string()))?;
    Ok(snapshot::parse_at(&text, crate::loader::now())?)
}

#[component]
pub fn SnapshotView(address: String, show: Presentation) -> impl IntoView {
    let address_shown = address.clone();
    let loaded = LocalResource::new(move || load(address.clone()));
    let compact = show.embed;
    move || match loaded.get() {
        None => {
            view! { <p class="status" data-testid="loading">"Reading the snapshot…"</p> }.into_any()
        }
        Some(Err(error)) => view! {
            <p class="error" role="alert" data-testid="load-error">{error.to_string()}</p>
        }
        .into_any(),
        Some(Ok(snapshot)) => {
            let live = View {
                page: Page::Sprint(snapshot.view.sprint.clone()),
                show: Presentation {
                    api: snapshot.view.api.clone(),
                    embed: false,
                    theme: show.theme,
                },
            };
            let taken =
                sprintlift_core::civil_text::minute_text(snapshot.taken_at, jiff::tz::Offset::UTC);
            let origin = web_sys::window()
                .and_then(|w| w.location().origin().ok())
                .unwrap_or_default();
            let from = snapshot::foreign_host(&address_shown, &origin)
                .map(|host| format!(" It comes from {host}, not from this site: whoever wrote it chose its figures."))
                .unwrap_or_default();
            view! {
                <p class="status snapshot-note" data-testid="snapshot-note">
                    {format!("A snapshot taken {taken} UTC: these figures are not live.{from} ")}
                    <a href=crate::share::link_to(&live) data-testid="live-view">"Open the live view"</a>
                </p>
                <FiguresBody figures=Signal::stored(snapshot.figures) view=snapshot.view compact exportable=false />
            }
            .into_any()
        }
    }
}
