//! Sharing a view: its canonical link (never the token), and the iframe
//! snippet that embeds it, with the script that sizes the iframe.

use leptos::prelude::*;
use sprintlift_core::view_state::{Page, View};
use wasm_bindgen::{JsCast, JsValue};

/// The page's address up to its path, e.g. `https://example.org/sprints/`.
fn page_base() -> String {
    web_sys::window()
        .map(|w| {
            let location = w.location();
            format!(
                "{}{}",
                location.origin().unwrap_or_default(),
                location.pathname().unwrap_or_default()
            )
        })
        .unwrap_or_default()
}

/// The link that restores `view` exactly.
pub fn link_to(view: &View) -> String {
    format!("{}?{}", page_base(), view.to_query())
}

/// Writes `text` to the clipboard; false where the browser refuses (no
/// clipboard outside secure contexts), so the page can say so.
fn copy(text: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| !c.is_undefined());
    let write = clipboard.as_ref().and_then(|c| {
        js_sys::Reflect::get(c, &JsValue::from_str("writeText"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    });
    match (clipboard, write) {
        (Some(clipboard), Some(write)) => write.call1(&clipboard, &JsValue::from_str(text)).is_ok(),
        _ => false,
    }
}

/// The iframe to paste into a conference site, and the few lines that let
/// the card set its own height.
pub fn embed_snippet(view: &View) -> String {
    let src = link_to(&view.with_embed(true));
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let title = format!("sprintlift: {}", what_it_shows(view));
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"560\" style=\"border:0\" loading=\"lazy\"></iframe>\n<script>\naddEventListener(\"message\", (e) => {{\n  if (e.origin !== \"{origin}\" || !e.data || e.data.type !== \"sprintlift:height\") return;\n  for (const f of document.querySelectorAll(\"iframe\"))\n    if (f.contentWindow === e.source) f.style.height = e.data.height + \"px\";\n}});\n</script>",
        html_attr(&src),
        html_attr(&title)
    )
}

/// What a view's page shows, in a few words, for the iframe's title.
fn what_it_shows(view: &View) -> String {
    match &view.page {
        Page::Sprint(sprint) => {
            format!("{} sprint, {}", sprint.scope_label(), sprint.days.label())
        }
        Page::Snapshot(address) => format!("a sprint's snapshot ({address})"),
        Page::Compare(events) => {
            let ids: Vec<&str> = events.iter().map(|p| p.id).collect();
            format!("sprints side by side ({})", ids.join(", "))
        }
    }
}

fn html_attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// A baked view's SVG card: its path on this site and its alt text. The
/// figures publish it once known; the Embed panel offers it as an image.
#[derive(Debug, Clone, PartialEq)]
pub struct CardImage {
    pub path: String,
    pub alt: String,
}

/// The page-wide slot for the shown view's card, provided by the dashboard.
#[derive(Clone, Copy)]
pub struct BakedCard(pub RwSignal<Option<CardImage>>);

/// An `<img>` of the card, linking to the full view: for READMEs, blogs and
/// newsletters, which take an image but not an iframe.
pub fn image_snippet(view: &View, card: &CardImage) -> String {
    let link = link_to(&view.with_embed(false));
    let base = link.split('?').next().unwrap_or(&link);
    let src = format!("{base}{}", card.path);
    format!(
        "<a href=\"{}\"><img src=\"{}\" alt=\"{}\" width=\"640\" height=\"440\"></a>",
        html_attr(&link),
        html_attr(&src),
        html_attr(&card.alt)
    )
}

#[component]
pub fn SharePanel(view: View) -> impl IntoView {
    let link = link_to(&view);
    let snippet = embed_snippet(&view);
    let card = use_context::<BakedCard>().map(|c| c.0);
    let image = {
        let view = view.clone();
        move || {
            card.and_then(|c| c.get())
                .map(|card| image_snippet(&view, &card))
        }
    };
    let said = RwSignal::new(String::new());
    let show_embed = RwSignal::new(false);
    let copy_link = {
        let link = link.clone();
        move |_| {
            said.set(if copy(&link) {
                "Link copied.".to_string()
            } else {
                "Copy the link from the box: this browser does not let the page use the clipboard."
                    .to_string()
            })
        }
    };
    view! {
        <section class="share" data-testid="share">
            <button type="button" class="small" data-testid="copy-link" on:click=copy_link>"Copy link"</button>
            <button
                type="button"
                class="small"
                data-testid="embed-button"
                aria-expanded=move || show_embed.get().to_string()
                on:click=move |_| show_embed.update(|s| *s = !*s)
            >
                "Embed"
            </button>
            <span class="muted" role="status">{move || said.get()}</span>
            <input class="share-link" readonly data-testid="share-link" aria-label="Link to this view" prop:value=link />
            <Show when=move || show_embed.get()>
                <label class="embed-snippet">
                    <span>"Paste this into your site: the card sizes its iframe itself."</span>
                    <textarea readonly rows="9" data-testid="embed-snippet" prop:value=snippet.clone()></textarea>
                </label>
                {image().map(|image| view! {
                    <label class="embed-snippet">
                        <span>"Or, where iframes are not allowed (READMEs, blogs, newsletters), this image of the card, drawn when the site was baked:"</span>
                        <textarea readonly rows="4" data-testid="image-snippet" prop:value=image></textarea>
                    </label>
                })}
            </Show>
        </section>
    }
}

/// Tells the embedding page how tall the card is, whenever it changes.
pub fn report_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(body) = window.document().and_then(|d| d.body()) else {
        return;
    };
    let Ok(parent) = window.parent() else {
        return;
    };
    let Some(parent) = parent else {
        return;
    };
    let height = body.scroll_height();
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"sprintlift:height".into());
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    let _ = parent.post_message(&message, "*");
}

/// Reports the card's height now and after every change of its size.
pub fn observe_height() -> Option<web_sys::ResizeObserver> {
    let body = web_sys::window()?.document()?.body()?;
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(report_height);
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    // The observer calls back for as long as the page lives.
    callback.forget();
    observer.observe(&body);
    report_height();
    Some(observer)
}
