//! A GitHub that runs on 127.0.0.1: the search API the app uses, over a
//! seeded, generated data set. Tests start it in-process on a free port; the
//! binary serves it for the offline demo.

pub mod config;
pub mod dataset;
pub mod generate;
pub mod graphql;
pub mod query;
pub mod server;

pub use config::{Config, Fault, FaultRule, Route};
pub use dataset::{AuthorKind, Dataset, PullRequest};
pub use generate::{generate, generate_large};
pub use server::{start, start_with, Running};
