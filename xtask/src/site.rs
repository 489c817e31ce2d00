//! `cargo xtask site`: a static site that carries its answers, as the
//! publishing workflow makes it. Everything it decides is decided by
//! `sprintlift-bake` (and there by the core): this task only builds the
//! app and runs the bake twice, first to ask whether anything is due
//! (`--plan`, so a run with nothing to do skips the build), then to copy
//! the build in and bake (`--site`).

use crate::run::{self, Failure};
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct SiteArgs {
    pub views: Option<PathBuf>,
    pub out: PathBuf,
    pub api: Option<String>,
    pub presets: bool,
    pub restore_from: Option<String>,
    pub if_due: bool,
    pub token_for: Option<String>,
}

pub const USAGE: &str = "usage: cargo xtask site (--views FILE | --presets)... --out DIR [--api URL] [--restore-from URL] [--token-for HOST] [--if-due]";

/// Reads the task's arguments (after `site`).
pub fn parse(arguments: &[String]) -> Result<SiteArgs, Failure> {
    let mut args = SiteArgs {
        views: None,
        out: PathBuf::new(),
        api: None,
        presets: false,
        restore_from: None,
        if_due: false,
        token_for: None,
    };
    let mut out = None;
    let mut rest = arguments.iter();
    while let Some(argument) = rest.next() {
        let mut value = || {
            rest.next()
                .cloned()
                .ok_or_else(|| Failure(format!("{argument} needs a value. {USAGE}")))
        };
        match argument.as_str() {
            "--views" => args.views = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--api" => args.api = Some(value()?),
            "--restore-from" => args.restore_from = Some(value()?),
            "--token-for" => args.token_for = Some(value()?),
            "--presets" => args.presets = true,
            "--if-due" => args.if_due = true,
            other => return Err(Failure(format!("“{other}” is not an option. {USAGE}"))),
        }
    }
    args.out = out.ok_or_else(|| Failure(format!("--out is required. {USAGE}")))?;
    if args.views.is_none() && !args.presets {
        return Err(Failure(format!(
            "name the views: --views FILE, --presets or both. {USAGE}"
        )));
    }
    Ok(args)
}

/// The bake's arguments that name the views, the output and where to
/// start from, shared by both runs.
fn bake_arguments(args: &SiteArgs) -> Vec<String> {
    let mut list = vec!["--out".to_string(), args.out.display().to_string()];
    if let Some(views) = &args.views {
        list.extend(["--views".to_string(), views.display().to_string()]);
    }
    if args.presets {
        list.push("--presets".into());
    }
    if let Some(api) = &args.api {
        list.extend(["--api".to_string(), api.clone()]);
    }
    if let Some(site) = &args.restore_from {
        list.extend(["--restore-from".to_string(), site.clone()]);
    }
    if let Some(host) = &args.token_for {
        list.extend(["--token-for".to_string(), host.clone()]);
    }
    list
}

/// Whether anything is due (`--plan`); always true without `--if-due`.
pub fn anything_due(root: &Path, args: &SiteArgs) -> Result<bool, Failure> {
    if !args.if_due {
        return Ok(true);
    }
    run::step("is a bake due? (sprintlift-bake --plan)");
    let mut arguments = bake_arguments(args);
    arguments.push("--plan".into());
    let status = bake_command(root, &arguments)
        .status()
        .map_err(|e| Failure(format!("could not start sprintlift-bake: {e}")))?;
    match status.code() {
        Some(0) => Ok(true),
        Some(3) => Ok(false),
        _ => Err(Failure(format!(
            "sprintlift-bake --plan exited with {status}"
        ))),
    }
}

/// Copies the built site `dist` into the output and bakes the views.
pub fn bake(root: &Path, dist: &Path, args: &SiteArgs) -> Result<(), Failure> {
    let mut arguments = bake_arguments(args);
    arguments.extend(["--site".to_string(), dist.display().to_string()]);
    if args.if_due {
        arguments.push("--if-due".into());
    }
    run::step(if std::env::var_os("GITHUB_TOKEN").is_some() {
        "baking the views with GITHUB_TOKEN (GraphQL)"
    } else {
        "baking the views without a token (REST search, GitHub's anonymous limit)"
    });
    let status = bake_command(root, &arguments)
        .status()
        .map_err(|e| Failure(format!("could not start sprintlift-bake: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure(format!("sprintlift-bake exited with {status}")))
    }
}

fn bake_command(root: &Path, arguments: &[String]) -> Command {
    let binary = root.join("target/release/sprintlift-bake");
    println!("+ {} {}", binary.display(), arguments.join(" "));
    let mut command = Command::new(binary);
    command.args(arguments).current_dir(root);
    command
}

/// Tells a GitHub Actions workflow whether the site was rebuilt (its
/// deploy job runs only then): `deploy=true|false` in `$GITHUB_OUTPUT`,
/// when the task runs in a workflow.
pub fn tell_workflow(deploy: bool) -> Result<(), Failure> {
    let Some(path) = std::env::var_os("GITHUB_OUTPUT") else {
        return Ok(());
    };
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .map_err(|e| Failure(format!("cannot open $GITHUB_OUTPUT: {e}")))?;
    writeln!(file, "deploy={deploy}")
        .map_err(|e| Failure(format!("cannot write $GITHUB_OUTPUT: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<SiteArgs, Failure> {
        parse(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn the_bake_gets_every_option_the_task_was_given() {
        let parsed = args(&[
            "--views",
            "v.txt",
            "--presets",
            "--out",
            "site",
            "--api",
            "http://127.0.0.1:1",
            "--restore-from",
            "https://o.github.io/r/",
            "--if-due",
        ])
        .expect("parses");
        assert!(parsed.if_due);
        assert_eq!(
            bake_arguments(&parsed).join(" "),
            "--out site --views v.txt --presets --api http://127.0.0.1:1 --restore-from https://o.github.io/r/"
        );
    }

    #[test]
    fn views_and_an_output_are_required() {
        assert!(args(&["--out", "site"]).is_err());
        assert!(args(&["--presets"]).is_err());
        assert!(args(&["--presets", "--out", "site"]).is_ok());
        assert!(args(&["--presets", "--out", "site", "--frob"]).is_err());
    }
}
