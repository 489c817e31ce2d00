//! The optional GitHub token: typed by the user, bound to the API base it
//! was entered for, kept in localStorage only when the user asks. It never
//! goes into the URL, the history, an export or a message.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use sprintlift_core::api_base::ApiBase;

const KEY: &str = "sprintlift/token";

/// A token and the API base it may be sent to.
#[derive(Clone, PartialEq, Eq)]
pub struct BoundToken {
    pub api: ApiBase,
    pub secret: String,
    pub remembered: bool,
}

// Never print the secret, even in debug output.
impl std::fmt::Debug for BoundToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BoundToken({})", self.api.as_str())
    }
}

#[derive(Serialize, Deserialize)]
struct Saved {
    api: String,
    token: String,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Why the token remembered on this device cannot be used; the page says
/// it rather than act as if none had been remembered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SavedTokenError {
    #[error("The token remembered on this device could not be read, so it was forgotten: enter it again under \u{201c}Change the view\u{201d} to use it.")]
    Unreadable,
}

/// The token remembered on this device, if any. One that cannot be read
/// is forgotten (it would fail the same way on every visit) and said.
pub fn saved() -> Result<Option<BoundToken>, SavedTokenError> {
    let Some(text) = storage().and_then(|s| s.get_item(KEY).ok().flatten()) else {
        return Ok(None);
    };
    let bound = serde_json::from_str::<Saved>(&text).ok().and_then(|saved| {
        Some(BoundToken {
            api: ApiBase::parse(&saved.api).ok()?,
            secret: sprintlift_core::token_text::check(&saved.token).ok()?,
            remembered: true,
        })
    });
    match bound {
        Some(bound) => Ok(Some(bound)),
        None => {
            forget();
            Err(SavedTokenError::Unreadable)
        }
    }
}

fn remember(token: &BoundToken) {
    let saved = Saved {
        api: token.api.as_str().to_string(),
        token: token.secret.clone(),
    };
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(&saved)) {
        let _ = storage.set_item(KEY, &text);
    }
}

fn forget() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
    }
}

/// The token to send to `api`: only one entered (or allowed) for it.
pub fn for_api(api: &ApiBase, token: Option<&BoundToken>) -> Option<String> {
    token.filter(|t| &t.api == api).map(|t| t.secret.clone())
}

/// The token field, "remember", and the question asked when the view's
/// API is not the one the token was entered for.
#[component]
pub fn TokenPanel(
    token: RwSignal<Option<BoundToken>>,
    api: Signal<Option<ApiBase>>,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    // Why the typed token was not used, until the next try.
    let refused = RwSignal::new(None::<String>);
    let keep = RwSignal::new(token.with_untracked(|t| t.as_ref().is_some_and(|t| t.remembered)));
    let use_typed = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let secret = match sprintlift_core::token_text::check(&typed.get_untracked()) {
            Ok(secret) => secret,
            Err(error) => {
                refused.set(Some(error.to_string()));
                return;
            }
        };
        refused.set(None);
        let Some(api) = api.get_untracked() else {
            return;
        };
        if secret.is_empty() {
            return;
        }
        let bound = BoundToken {
            api,
            secret,
            remembered: keep.get_untracked(),
        };
        if bound.remembered {
            remember(&bound);
        } else {
            forget();
        }
        typed.set(String::new());
        token.set(Some(bound));
    };
    let clear = move |_| {
        forget();
        token.set(None);
    };
    let allow_here = move |_| {
        let (Some(mut bound), Some(api)) = (token.get_untracked(), api.get_untracked()) else {
            return;
        };
        bound.api = api;
        if bound.remembered {
            remember(&bound);
        }
        token.set(Some(bound));
    };
    let elsewhere = move || match (token.get(), api.get()) {
        (Some(bound), Some(api)) if bound.api != api => Some((bound.api, api)),
        _ => None,
    };
    view! {
        <form class="token-panel" data-testid="token-panel" on:submit=use_typed>
            <label>
                <span>"GitHub token (optional: fewer, faster requests)"</span>
                <input
                    type="password"
                    data-testid="input-token"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder=move || if token.with(Option::is_some) { "a token is in use" } else { "ghp_… or github_pat_…" }
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
            </label>
            <label class="inline">
                <input
                    type="checkbox"
                    data-testid="remember-token"
                    prop:checked=move || keep.get()
                    on:change=move |ev| keep.set(event_target_checked(&ev))
                />
                <span>"Remember on this device"</span>
            </label>
            <button type="submit" data-testid="use-token">"Use token"</button>
            {move || refused.get().map(|sentence| view! {
                <p class="error" role="alert" data-testid="token-refused">{sentence}</p>
            })}
            <Show when=move || token.with(Option::is_some)>
                <button type="button" data-testid="forget-token" on:click=clear>"Forget token"</button>
            </Show>
            <Show when=move || token.with(Option::is_none)>
                <p class="token-why" data-testid="token-why">
                    "With a token the searches go many to a request instead of ten a minute, and new contributors appear. "
                    <a
                        data-testid="new-token-link"
                        href=move || api.get().unwrap_or_else(ApiBase::github).new_token_url()
                        target="_blank"
                        rel="noopener noreferrer"
                    >
                        "Create one on GitHub"
                    </a>
                    " (no scopes needed: sprintlift reads public data only)."
                </p>
            </Show>
            {move || elsewhere().map(|(bound, api)| view! {
                <p class="warning" data-testid="token-elsewhere">
                    {format!("Your token was entered for {}. This view reads from {}, so the token is not sent there unless you allow it.", bound.as_str(), api.as_str())}
                    " "
                    <button type="button" data-testid="allow-token-here" on:click=allow_here>
                        {format!("Send my token to {}", api.as_str())}
                    </button>
                </p>
            })}
        </form>
    }
}
