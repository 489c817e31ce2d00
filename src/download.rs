//! Files the page hands to the user (CSV, JSON, PNG), saved through a
//! temporary link so no server is involved.

use wasm_bindgen::JsCast;

/// Saves `text` as a file called `name`.
pub fn download(name: &str, mime: &str, text: &str) {
    let url = format!(
        "data:{mime};charset=utf-8,{}",
        js_sys::encode_uri_component(text)
    );
    save_url(&url, name);
}

/// Saves what `url` holds as `name`, through a temporary link.
pub fn save_url(url: &str, name: &str) {
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok());
    if let Some(link) = link {
        link.set_href(url);
        link.set_download(name);
        link.click();
    }
}
