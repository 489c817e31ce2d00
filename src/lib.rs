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
pub mod intl_zone;
mod loader;
mod perf_marks;
mod pr_table_view;
mod share;
mod snapshot_view;
mod token;
mod view_form;

pub use dashboard::App;
