//! The command line: `sprintlift-bake --out DIR [--api URL] (--view QUERY)... [--views FILE]`.

use crate::{Job, Options, Schedule};
use sprintlift_core::api_base::ApiBase;
use sprintlift_core::bake_schedule::views_file_lines;
use sprintlift_core::presets::PRESETS;
use std::path::PathBuf;

pub const USAGE: &str = "\
Usage: sprintlift-bake --out DIR [--api URL] (--view QUERY)... [--views FILE]
                      [--presets] [--site DIST] [--restore-from URL]
                      [--if-due | --plan]

Bakes sprintlift views: loads each view's figures from GitHub as the page
does, and writes every answer with the time it was fetched, plus the view's
snapshot, under DIR/baked/, so a page shows the whole view with no request.
A rerun reuses every answer that can no longer change.

  --out DIR      where to write (DIR/baked/index.json lists the views)
  --api URL      the REST API base (default https://api.github.com)
  --view QUERY   a view's URL query, e.g.
                 org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York
  --views FILE   views, one query per line (blank lines and # comments skipped)
  --presets      every known event of sprintlift's menu, too
  --site DIST    copy the built app (trunk build --release) into DIR first,
                 keeping DIR/baked/
  --restore-from URL
                 start from the site as published at URL: its baked files
                 for these views, so settled answers are not asked again
  --token-for HOST
                 send GITHUB_TOKEN to this --api host (host[:port]); without
                 it the token goes to api.github.com only
  --if-due       bake only the views whose schedule says so, printing
                 each decision and why
  --plan         bake nothing: print each decision; exit 0 when a view is
                 due, 3 when none is

GITHUB_TOKEN, when set, is used with GraphQL (far fewer requests); without
it the bake uses REST search and waits out GitHub's anonymous limit. It is
sent to api.github.com, or to another --api only when --token-for names
that host.
Exit status: 0 when every view is complete, 1 when one failed, 2 on bad
usage, 3 when --plan finds nothing due.";

/// Why the command line cannot be used, as a sentence.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ArgsError {
    #[error("{0} needs a value.")]
    MissingValue(String),
    #[error("“{0}” is not an option of sprintlift-bake.")]
    Unknown(String),
    #[error("--out DIR is required.")]
    NoOut,
    #[error("Name at least one view with --view or --views.")]
    NoViews,
    #[error("--api: {0}")]
    Api(String),
    #[error("--views {path}: {reason}")]
    ViewsFile { path: String, reason: String },
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    Help,
    Bake(Job),
}

/// Reads the arguments (without the program name); `token` comes from the
/// environment.
pub fn parse(
    arguments: impl IntoIterator<Item = String>,
    token: Option<String>,
) -> Result<Command, ArgsError> {
    let mut arguments = arguments.into_iter();
    let (mut out, mut api, mut views) = (None, None, Vec::new());
    let (mut site, mut restore_from, mut schedule) = (None, None, Schedule::Every);
    let mut token_for = None;
    while let Some(argument) = arguments.next() {
        let mut value = |name: &str| {
            arguments
                .next()
                .ok_or_else(|| ArgsError::MissingValue(name.to_string()))
        };
        match argument.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--api" => api = Some(value("--api")?),
            "--view" => views.push(value("--view")?),
            "--views" => {
                let path = value("--views")?;
                let text = std::fs::read_to_string(&path).map_err(|e| ArgsError::ViewsFile {
                    path: path.clone(),
                    reason: e.to_string(),
                })?;
                views.extend(views_file_lines(&text).into_iter().map(str::to_string));
            }
            "--presets" => views.extend(PRESETS.iter().map(|p| p.query.to_string())),
            "--site" => site = Some(PathBuf::from(value("--site")?)),
            "--restore-from" => restore_from = Some(value("--restore-from")?),
            "--token-for" => token_for = Some(value("--token-for")?),
            "--if-due" => schedule = Schedule::IfDue,
            "--plan" => schedule = Schedule::PlanOnly,
            _ => return Err(ArgsError::Unknown(argument)),
        }
    }
    let out = out.ok_or(ArgsError::NoOut)?;
    if views.is_empty() {
        return Err(ArgsError::NoViews);
    }
    let api = match api {
        Some(raw) => ApiBase::parse(&raw).map_err(|e| ArgsError::Api(e.to_string()))?,
        None => ApiBase::github(),
    };
    let token = token.filter(|t| !t.trim().is_empty());
    let mut notes = Vec::new();
    let token = match token {
        Some(token) if api.is_github() || token_for.as_deref() == Some(host_of(&api)) => {
            Some(token)
        }
        Some(_) => {
            notes.push(format!(
                "GITHUB_TOKEN is not sent to {}: only to api.github.com, or to a host named by --token-for. The bake goes on without a token.",
                host_of(&api)
            ));
            None
        }
        None => None,
    };
    // A view listed twice (in the file and among the presets) is baked once.
    let mut seen = std::collections::BTreeSet::new();
    views.retain(|view| seen.insert(view.clone()));
    Ok(Command::Bake(Job {
        options: Options {
            out,
            api,
            views,
            token,
        },
        notes,
        site,
        restore_from,
        schedule,
    }))
}

/// `host[:port]` of an API base.
fn host_of(api: &ApiBase) -> &str {
    let text = api.as_str();
    let rest = text.split_once("://").map_or(text, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn usage_errors_are_sentences() {
        let cases: [(&[&str], ArgsError); 4] = [
            (&["--view", "org=python"], ArgsError::NoOut),
            (&["--out", "site"], ArgsError::NoViews),
            (&["--out"], ArgsError::MissingValue("--out".into())),
            (
                &["--out", "x", "--frob"],
                ArgsError::Unknown("--frob".into()),
            ),
        ];
        for (list, expected) in cases {
            assert_eq!(parse(args(list), None).err(), Some(expected), "{list:?}");
        }
    }

    #[test]
    fn an_empty_token_is_no_token_and_the_api_defaults_to_github() {
        let parsed = parse(
            args(&["--out", "site", "--view", "org=python"]),
            Some(" ".into()),
        );
        let Ok(Command::Bake(Job { options, .. })) = parsed else {
            panic!("parses");
        };
        assert_eq!(options.token, None);
        assert!(options.api.is_github());
        assert_eq!(options.views, ["org=python"]);
    }

    #[test]
    fn the_token_goes_to_github_or_to_the_host_named_for_it() {
        let token = |list: &[&str]| match parse(args(list), Some("secret".into())) {
            Ok(Command::Bake(job)) => (job.options.token, job.notes.len()),
            _ => panic!("parses"),
        };
        let view = ["--out", "site", "--view", "org=python"];
        assert_eq!(token(&view), (Some("secret".into()), 0));
        let other = [&view[..], &["--api", "https://git.example.com/api/v3"]].concat();
        assert_eq!(token(&other), (None, 1));
        let named = [&other[..], &["--token-for", "git.example.com"]].concat();
        assert_eq!(token(&named), (Some("secret".into()), 0));
        let wrong = [&other[..], &["--token-for", "git.example.com.evil.test"]].concat();
        assert_eq!(token(&wrong), (None, 1));
        let local = [
            &view[..],
            &[
                "--api",
                "http://127.0.0.1:8081",
                "--token-for",
                "127.0.0.1:8081",
            ],
        ]
        .concat();
        assert_eq!(token(&local), (Some("secret".into()), 0));
    }
}
