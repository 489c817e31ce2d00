//! The pure core of sprintlift.
//!
//! Everything here takes data (and, where it matters, "now") as arguments and
//! returns values: no network, no DOM, no clock. The web app is a thin shell
//! around it, and the native tests exercise it directly.

// Tests may use all of jiff and the standard sorts (their oracles); the
// rules of clippy.toml hold for the code the app ships.
#![cfg_attr(test, allow(clippy::disallowed_methods))]
// ARCHITECTURE.md: no integer arithmetic in the core can wrap or panic,
// whatever numbers arrive from outside: checked or saturating operations
// only (tests compute their oracles freely).
#![cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]

pub mod afterglow;
pub mod anonymous_cost;
pub mod api_base;
pub mod bake_schedule;
pub mod baked_answers;
pub mod baked_site;
pub mod baseline;
pub mod card;
pub mod chart_spec;
pub mod civil_text;
pub mod context_line;
pub mod event_window;
pub mod fetch_plan;
pub mod fetched_figures;
pub mod github_answers;
pub mod github_exchange;
pub mod graphql_documents;
pub mod ledger;
pub mod lift;
pub mod link_header;
pub mod listing_split;
pub mod load_engine;
pub mod metrics;
pub mod pr;
pub mod pr_table;
pub mod presets;
pub mod search_query;
pub mod snapshot;
pub mod sorting;
pub mod stored_answer;
pub mod synthetic;
pub mod token_text;
pub mod view_load;
pub mod view_state;
pub mod zone;
pub mod zone_cases;

#[cfg(test)]
mod test_zone;
