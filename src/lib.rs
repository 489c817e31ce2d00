//! The browser shell of sprintlift: Leptos components, the GitHub client and
//! the browser's time zones. Decisions live in `sprintlift_core`; this crate
//! only moves data between it and the world.

mod afterglow_view;
mod answer_cache;
mod baked_site;
pub mod chart_canvas;
mod claims_view;
mod compare_view;
mod dashboard;
mod download;
mod figures_view;
pub mod github;
mod loader;
mod perf_marks;
mod pr_table_view;
mod share;
mod snapshot_view;
mod token;
mod view_form;

pub use dashboard::App;
/// The browser's time zones (a crate of their own, shared with the embed
/// card's first paint).
pub use sprintlift_intl_zone as intl_zone;
