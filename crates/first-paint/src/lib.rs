//! The embed card's first paint, and the app's taking over from it: both
//! sides of one handshake through `<html>`'s classes and the shell in
//! index.html (style/main.css shows and hides them), in one place.
//!
//! A card on a conference site is mostly seen while the app's wasm is
//! still on its way (hundreds of KB on a phone's network). The first paint
//! (`paint`, run by this crate's small program) writes the line naming the
//! sprint into the shell through the core's own `planned_context_line`, so
//! the line is the one the app will write. The app marks the page when it
//! starts (`mark_app_started`), and nothing is painted once it has; it
//! shows its own card in place of the shell (`take_over`). Whatever the
//! first paint cannot read (no card, a view in error, a zone the browser
//! does not know) it leaves unpainted: the app says why.

use sprintlift_core::context_line::planned_context_line;
use sprintlift_core::view_state::{Page, Theme, View};
use sprintlift_intl_zone::{browser_zone, IntlZone};

/// On `<html>` once the app has started: the first paint then paints
/// nothing (it may arrive after the app, from a slow network or a cache).
const APP_STARTED: &str = "app-started";
/// On `<html>` while the shell shows; the stylesheet hides the app's
/// `<main>` meanwhile, so the two are never on screen together.
const FIRST_PAINTED: &str = "first-painted";
/// The shell.
const SHELL_CLASS: &str = "first-paint";
/// The shell's element for the line.
const LINE_ID: &str = "first-context";

fn root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

/// Writes the line and shows the shell; `None` where it painted nothing.
pub fn paint() -> Option<()> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let root = document.document_element()?;
    if root.class_list().contains(APP_STARTED) {
        return None;
    }
    let search = window.location().search().ok()?;
    let view = View::from_query_string_asking(&search, &browser_zone).ok()?;
    let Page::Sprint(sprint) = &view.page else {
        return None;
    };
    if !view.show.embed {
        return None;
    }
    let zone = IntlZone::resolve(&sprint.zone).ok()?;
    let now = jiff::Timestamp::from_millisecond(js_sys::Date::now() as i64).ok()?;
    let line = planned_context_line(sprint, &zone, now);
    // An offset the browser could not give would have misplaced the
    // windows: the app will say so.
    if zone.failure().is_some() {
        return None;
    }
    document
        .get_element_by_id(LINE_ID)?
        .set_text_content(Some(&line));
    // In the card's own theme from its first paint: a dark card does not
    // flash light.
    apply_theme(view.show.theme);
    root.class_list().add_1(FIRST_PAINTED).ok()
}

/// Puts the view's theme on `<html data-theme>`; `auto` leaves the
/// reader's setting in charge. The app sets it from the view too.
pub fn apply_theme(theme: Theme) {
    let Some(root) = root() else {
        return;
    };
    let _ = match theme {
        Theme::Auto => root.remove_attribute("data-theme"),
        theme => root.set_attribute("data-theme", theme.name()),
    };
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
