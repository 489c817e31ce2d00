//! Trunk's post-build hook: moves the inline start-up script Trunk writes
//! into index.html to a file beside it, so the site's Content-Security-Policy
//! can forbid inline scripts (`script-src 'self'`) without a per-build hash.
//!
//! The script asks for the app's wasm only once an embed card's first paint
//! is done (public/early.js), so Trunk's preload of the wasm, which would
//! start that download with the page, is taken out.

use crate::run::Failure;
use std::path::Path;

const OPEN: &str = "<script type=\"module\">";
const CLOSE: &str = "</script>";

/// Rewrites `dir/index.html` in place and writes the script it held to
/// `dir/start-HASH.js`, named after the app's own hashed JS file so a new
/// build never meets a cached old loader.
pub fn externalize(dir: &Path) -> Result<(), Failure> {
    let index = dir.join("index.html");
    let html = std::fs::read_to_string(&index)
        .map_err(|e| Failure(format!("cannot read {}: {e}", index.display())))?;
    let (html, name, script) = split(&html)?;
    std::fs::write(dir.join(&name), script)
        .map_err(|e| Failure(format!("cannot write {name}: {e}")))?;
    std::fs::write(&index, html)
        .map_err(|e| Failure(format!("cannot write {}: {e}", index.display())))?;
    Ok(())
}

/// The page without its inline module script, the loader's file name and
/// the script itself.
fn split(html: &str) -> Result<(String, String, String), Failure> {
    let start = html
        .find(OPEN)
        .ok_or_else(|| Failure("index.html has no inline module script to move".into()))?;
    let body_start = start + OPEN.len();
    let length = html[body_start..]
        .find(CLOSE)
        .ok_or_else(|| Failure("index.html's module script is not closed".into()))?;
    let script = html[body_start..body_start + length].trim().to_string();
    // Trunk's loader imports `./NAME-HASH.js`; the loader takes its hash.
    let hash = script
        .split("from './")
        .nth(1)
        .and_then(|rest| rest.split(".js'").next())
        .and_then(|file| file.rsplit('-').next())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric()))
        .ok_or_else(|| Failure("cannot find the app's hashed JS file in the loader".into()))?;
    let name = format!("start-{hash}.js");
    let tag = format!("<script type=\"module\" src=\"./{name}\"></script>");
    let page = format!(
        "{}{tag}{}",
        &html[..start],
        &html[body_start + length + CLOSE.len()..]
    );
    let page = without_wasm_preload(&page, hash)?;
    let init = script
        .find(INIT)
        .ok_or_else(|| Failure("the loader does not start the wasm as expected".into()))?;
    let script = format!("{}{AFTER_FIRST_PAINT}{}", &script[..init], &script[init..]);
    Ok((page, name, format!("{script}\n")))
}

/// Where Trunk's loader asks for the wasm.
const INIT: &str = "const wasm = await init(";
/// Set by public/early.js in an embed card; undefined (no wait) elsewhere.
const AFTER_FIRST_PAINT: &str = "await window.sprintliftFirstPaint;\n";

/// `html` without Trunk's `<link rel="preload">` of the app's wasm.
fn without_wasm_preload(html: &str, hash: &str) -> Result<String, Failure> {
    let opening = "<link rel=\"preload\" href=\"./";
    let wasm = format!("-{hash}_bg.wasm\"");
    let start = html
        .match_indices(opening)
        .map(|(at, _)| at)
        .find(|&at| {
            let file = &html[at + opening.len()..];
            file.find('"')
                .is_some_and(|end| file[..=end].ends_with(&wasm))
        })
        .ok_or_else(|| Failure("index.html has no preload of the app's wasm".into()))?;
    let length = html[start..]
        .find('>')
        .ok_or_else(|| Failure("the wasm's preload is not closed".into()))?;
    Ok(format!("{}{}", &html[..start], &html[start + length + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inline_loader_becomes_a_file() {
        let html = "<head><meta charset=\"utf-8\" />\n<script type=\"module\">\nimport init, * as bindings from './sprintlift-12715c8ad3be199a.js';\nconst wasm = await init({ module_or_path: './sprintlift-12715c8ad3be199a_bg.wasm' });\n</script>\n<link rel=\"stylesheet\" href=\"./main.css\"/>\
            <link rel=\"modulepreload\" href=\"./sprintlift-12715c8ad3be199a.js\" crossorigin=\"anonymous\">\
            <link rel=\"preload\" href=\"./sprintlift-12715c8ad3be199a_bg.wasm\" crossorigin=\"anonymous\" as=\"fetch\" type=\"application/wasm\"></head>";
        let (page, name, script) = split(html).expect("split");
        assert_eq!(name, "start-12715c8ad3be199a.js");
        assert_eq!(
            page,
            "<head><meta charset=\"utf-8\" />\n<script type=\"module\" src=\"./start-12715c8ad3be199a.js\"></script>\n<link rel=\"stylesheet\" href=\"./main.css\"/>\
            <link rel=\"modulepreload\" href=\"./sprintlift-12715c8ad3be199a.js\" crossorigin=\"anonymous\"></head>"
        );
        assert_eq!(
            script,
            "import init, * as bindings from './sprintlift-12715c8ad3be199a.js';\nawait window.sprintliftFirstPaint;\nconst wasm = await init({ module_or_path: './sprintlift-12715c8ad3be199a_bg.wasm' });\n"
        );
    }

    #[test]
    fn a_page_without_a_loader_is_an_error() {
        assert!(split("<head></head>").is_err());
        assert!(split("<script type=\"module\">import x from 'y';").is_err());
        // A loader without the wasm's preload: Trunk changed, say so.
        assert!(split("<script type=\"module\">import init from './a-12ab.js';\nconst wasm = await init({});</script>").is_err());
    }
}
