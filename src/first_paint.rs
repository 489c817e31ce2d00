//! Taking over from the embed card's first paint (crates/first-paint),
//! which may have written the sprint's line into a shell in index.html
//! before this app arrived. The names here are that program's and the
//! stylesheet's.

/// On `<html>` once the app has started: the first paint then paints
/// nothing (it may arrive after the app, from a slow network or a cache).
const APP_STARTED: &str = "app-started";
/// On `<html>` while the shell shows; the stylesheet hides the app's
/// `<main>` meanwhile, so the two are never on screen together.
const FIRST_PAINTED: &str = "first-painted";
/// The shell.
const SHELL_CLASS: &str = "first-paint";

fn root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

/// Says the app has started: from here on the app draws the card.
pub fn mark_app_started() {
    if let Some(root) = root() {
        let _ = root.class_list().add_1(APP_STARTED);
    }
}

/// Shows the app's card in place of the shell, in one step (so in one
/// frame): the app has its own line to show, or a reason why not.
pub fn take_over() {
    let Some(root) = root() else {
        return;
    };
    if !root.class_list().contains(FIRST_PAINTED) {
        return;
    }
    let _ = root.class_list().remove_1(FIRST_PAINTED);
    if let Ok(Some(shell)) = root.query_selector(&format!(".{SHELL_CLASS}")) {
        shell.remove();
    }
}
