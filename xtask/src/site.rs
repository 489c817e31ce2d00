//! `cargo xtask site --views FILE --out DIR [--api URL]`: a static site
//! that carries its answers. The release build goes into DIR (files of an
//! earlier build replaced, DIR/baked/ kept so the bake can reuse it), then
//! `sprintlift-bake` bakes every view of FILE into DIR/baked/, with
//! GITHUB_TOKEN when it is set.

use crate::run::{self, Failure};
use std::path::{Path, PathBuf};

pub struct SiteArgs {
    pub views: PathBuf,
    pub out: PathBuf,
    pub api: Option<String>,
}

pub const USAGE: &str = "usage: cargo xtask site --views FILE --out DIR [--api URL]";

/// Reads the task's arguments (after `site`).
pub fn parse(arguments: &[String]) -> Result<SiteArgs, Failure> {
    let (mut views, mut out, mut api) = (None, None, None);
    let mut rest = arguments.iter();
    while let Some(argument) = rest.next() {
        let mut value = || {
            rest.next()
                .cloned()
                .ok_or_else(|| Failure(format!("{argument} needs a value. {USAGE}")))
        };
        match argument.as_str() {
            "--views" => views = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--api" => api = Some(value()?),
            other => return Err(Failure(format!("“{other}” is not an option. {USAGE}"))),
        }
    }
    match (views, out) {
        (Some(views), Some(out)) => Ok(SiteArgs { views, out, api }),
        _ => Err(Failure(format!("--views and --out are required. {USAGE}"))),
    }
}

/// Copies the built site `dist` over `out`, file by file, except the
/// build's empty `baked/` when `out` has baked views of its own.
pub fn copy_site(dist: &Path, out: &Path) -> Result<(), Failure> {
    let failed = |what: &Path, e: std::io::Error| Failure(format!("{}: {e}", what.display()));
    std::fs::create_dir_all(out).map_err(|e| failed(out, e))?;
    for entry in std::fs::read_dir(dist).map_err(|e| failed(dist, e))? {
        let entry = entry.map_err(|e| failed(dist, e))?;
        let target = out.join(entry.file_name());
        if entry.file_name() == "baked" && target.join("index.json").exists() {
            continue;
        }
        if entry.path().is_dir() {
            copy_site(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(|e| failed(&target, e))?;
        }
    }
    Ok(())
}

/// Runs the release bake binary (built by the caller) into `args.out`.
pub fn bake(root: &Path, args: &SiteArgs) -> Result<(), Failure> {
    let binary = root.join("target/release/sprintlift-bake");
    let binary = binary.to_string_lossy();
    let (out, views) = (
        args.out.to_string_lossy().into_owned(),
        args.views.to_string_lossy().into_owned(),
    );
    let mut arguments = vec!["--out", out.as_str(), "--views", views.as_str()];
    if let Some(api) = &args.api {
        arguments.extend(["--api", api.as_str()]);
    }
    run::step(if std::env::var_os("GITHUB_TOKEN").is_some() {
        "baking the views with GITHUB_TOKEN (GraphQL)"
    } else {
        "baking the views without a token (REST search, GitHub's anonymous limit)"
    });
    run::command(root, &binary, &arguments)
}
