//! The embed card's first paint. A card on a conference site is mostly
//! seen while the app's wasm is still on its way (hundreds of KB on a
//! phone's network); this program is a small fraction of that, and writes
//! the line naming the sprint into the card's shell in index.html, through
//! the core's own `planned_context_line`, so the line is the one the app
//! will write.
//!
//! The app takes over from it (src/first_paint.rs): it marks the page
//! when it starts, and this program paints nothing once it has. Whatever
//! this program cannot read (no card, a view in error, a zone the browser
//! does not know) it leaves unpainted: the app says why.

use sprintlift_core::context_line::planned_context_line;
use sprintlift_core::view_state::{Page, Theme, View};
use sprintlift_intl_zone::{browser_zone, IntlZone};

/// The class the app puts on `<html>` when it starts.
const APP_STARTED: &str = "app-started";
/// The class that shows the shell and hides the app until it takes over.
const FIRST_PAINTED: &str = "first-painted";
/// The shell's element for the line.
const LINE_ID: &str = "first-context";

fn main() {
    let _ = paint();
}

/// Writes the line and shows the shell; `None` where it painted nothing.
fn paint() -> Option<()> {
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
    // In the card's own theme from its first paint, as the app will set it
    // (src/dashboard.rs): a dark card does not flash light.
    if view.show.theme != Theme::Auto {
        root.set_attribute("data-theme", view.show.theme.name())
            .ok()?;
    }
    root.class_list().add_1(FIRST_PAINTED).ok()
}
