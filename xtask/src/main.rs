//! `cargo xtask <task>`: the project's commands, in Rust so they run the
//! same on every machine. Each task first installs what it needs and skips
//! what is already there at the right version.

mod bundle_size;
mod conformance;
mod external_loader;
mod first_paint_loader;
mod readme_workflow;
mod run;
mod site;
mod tools;

use run::{cargo, Failure};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  check   the quick loop: fmt, clippy (native and wasm32), the native tests
  serve   build the dashboard and serve it at http://127.0.0.1:8080 (live GitHub API)
  test    every test layer: fmt, clippy (native and wasm), unit, browser, end-to-end
  demo    serve the dashboard beside a local GitHub stand-in with generated data
  screenshots  retake the README's pictures (docs/*.png) from the release build
  bench   measure: bundle size; compute natively and in wasm; chart redraw;
          requests and load times of the default view in headless Chromium
          against the stand-in; the same counts by PyGithub scripts
          (not part of `test`)
  lighthouse  Lighthouse (mobile and desktop, median of three) on the
          release build served with gzip: default view, embed card,
          snapshot, baked site (not part of `test`)
  site (--views FILE | --presets)... --out DIR [--api URL]
       [--restore-from URL] [--if-due]
          a static site carrying its answers: the release build in DIR and
          every view of FILE (one URL query a line) and of the menu
          (--presets) baked into DIR/baked/ by sprintlift-bake, with
          GITHUB_TOKEN when it is set; --restore-from starts from the
          published site's answers; --if-due bakes (and builds) only when
          the schedule says a view is due
  external-loader  Trunk's post-build hook (Trunk.toml): moves the inline
          start-up script to a file, for the Content-Security-Policy, and
          starts the embed card's first paint ahead of the app";

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let result = match task.as_str() {
        "serve" => serve(),
        "test" => test(),
        "check" => check(),
        "demo" => demo(),
        "bench" => bench(),
        "screenshots" => screenshots(),
        "site" => site(),
        "lighthouse" => lighthouse(),
        "external-loader" => match std::env::var_os("TRUNK_STAGING_DIR") {
            Some(dir) => external_loader::externalize(Path::new(&dir))
                .and_then(|()| first_paint_loader::place(Path::new(&dir))),
            None => Err(Failure(
                "TRUNK_STAGING_DIR is not set: Trunk runs this hook".into(),
            )),
        },
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("\nxtask {task} failed: {failure}");
            ExitCode::FAILURE
        }
    }
}

fn project_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn serve() -> Result<(), Failure> {
    let root = project_root();
    tools::ensure_build_tools(&root)?;
    run::step("serving the dashboard at http://127.0.0.1:8080 (Ctrl-C stops)");
    run::command(&root, "trunk", &["serve", "--release"])
}

fn demo() -> Result<(), Failure> {
    let root = project_root();
    tools::ensure_build_tools(&root)?;
    build_release(&root)?;
    run::step("starting the GitHub stand-in on 127.0.0.1:8081");
    cargo(
        &root,
        &["build", "--release", "--package", "sprintlift-standin"],
    )?;
    let standin = root.join("target/release/sprintlift-standin");
    let _standin = run::Background::spawn(&root, &standin, &["--port", "8081"])?;
    let url = "http://127.0.0.1:8080/?org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York&api=http://127.0.0.1:8081";
    println!("\n  Open {url}\n  (the stand-in serves generated data: no network, no token)\n");
    run::command(&root, "trunk", &["serve", "--release", "--no-autoreload"])
}

fn lighthouse() -> Result<(), Failure> {
    let root = project_root();
    tools::ensure_build_tools(&root)?;
    tools::ensure_browser()?;
    build_release(&root)?;
    let lighthouse = root.join("bench/lighthouse");
    if !lighthouse.join("node_modules/.bin/lighthouse").exists() {
        run::step("installing Lighthouse (bench/lighthouse/package-lock.json)");
        run::command(&lighthouse, "npm", &["ci", "--no-audit", "--no-fund"])?;
    }
    build_bake(&root)?;
    run::step("Lighthouse: default view (anonymous and with a token), embed card, snapshot and baked site; mobile and desktop");
    run::with_env(&[("CHROME_PATH", tools::CHROMIUM)], || {
        run_e2e_bin(&root, "lighthouse")
    })
}

fn site() -> Result<(), Failure> {
    let arguments: Vec<String> = std::env::args().skip(2).collect();
    let args = site::parse(&arguments)?;
    let root = project_root();
    // Relative paths are the caller's, not the workspace root's.
    let here =
        std::env::current_dir().map_err(|e| Failure(format!("no current directory: {e}")))?;
    let args = site::SiteArgs {
        views: args.views.map(|views| here.join(views)),
        out: here.join(&args.out),
        ..args
    };
    build_bake(&root)?;
    if !site::anything_due(&root, &args)? {
        println!("\n  Nothing is due: the published site stays as it is.");
        return site::tell_workflow(false);
    }
    tools::ensure_build_tools(&root)?;
    build_release(&root)?;
    let baked = site::bake(&root, &root.join("dist"), &args);
    // A view that failed keeps what the site published before; the others
    // are new: the site is deployed either way, and the task still fails
    // so the failure is seen.
    if args.out.join("index.html").is_file() {
        site::tell_workflow(true)?;
    }
    baked
}

fn screenshots() -> Result<(), Failure> {
    let root = project_root();
    tools::ensure_build_tools(&root)?;
    tools::ensure_browser()?;
    build_release(&root)?;
    run::step("screenshots of the default view, the embed card and the dark theme");
    with_e2e_env(
        &root,
        &["run", "--package", "sprintlift-e2e", "--bin", "screenshots"],
    )
}

fn bench() -> Result<(), Failure> {
    let root = project_root();
    tools::ensure_build_tools(&root)?;
    tools::ensure_browser()?;
    build_release(&root)?;
    bundle_size::report(&root.join("dist"))?;
    run::step("compute: every figure over 100,000 PRs, natively");
    cargo(
        &root,
        &[
            "bench",
            "--package",
            "sprintlift-core",
            "--bench",
            "metrics",
        ],
    )?;
    run::step("compute and chart redraw in wasm, in headless Chromium (release profile)");
    run::with_env(
        &[
            ("CHROMEDRIVER", tools::CHROMEDRIVER),
            ("WASM_BINDGEN_TEST_TIMEOUT", "300"),
        ],
        || {
            cargo(
                &root,
                &[
                    "test",
                    "--release",
                    "--package",
                    "sprintlift",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--test",
                    "wasm_bench",
                    "--",
                    "--nocapture",
                ],
            )
        },
    )?;
    tools::ensure_pygithub(&root)?;
    build_bake(&root)?;
    run::step("the default view in headless Chromium against the stand-in, baked by sprintlift-bake, and PyGithub scripts doing the same counts");
    run_e2e_bin(&root, "bench")
}

/// The release `sprintlift-bake`, which `site`, the bench and the
/// Lighthouse harness run.
fn build_bake(root: &Path) -> Result<(), Failure> {
    cargo(
        root,
        &["build", "--release", "--package", "sprintlift-bake"],
    )
}

/// Runs one of the e2e harness's release binaries (the bench, the
/// Lighthouse harness) with the environment it reads.
fn run_e2e_bin(root: &Path, bin: &str) -> Result<(), Failure> {
    with_e2e_env(
        root,
        &[
            "run",
            "--release",
            "--package",
            "sprintlift-e2e",
            "--bin",
            bin,
        ],
    )
}

/// Runs cargo with the environment the e2e harness reads: the built site,
/// chromedriver and Chromium.
fn with_e2e_env(root: &Path, args: &[&str]) -> Result<(), Failure> {
    let dist = root.join("dist");
    let dist = dist.to_string_lossy();
    run::with_env(
        &[
            ("SPRINTLIFT_DIST", dist.as_ref()),
            ("CHROMEDRIVER", tools::CHROMEDRIVER),
            ("CHROMIUM", tools::CHROMIUM),
        ],
        || cargo(root, args),
    )
}

fn test() -> Result<(), Failure> {
    let root = project_root();
    tools::ensure_build_tools(&root)?;
    tools::ensure_browser()?;

    quick_checks(&root)?;

    run::step("conformance with GitHub's published API descriptions");
    let (openapi, graphql) = conformance::fetch(&root)?;
    let (openapi, graphql) = (openapi.to_string_lossy(), graphql.to_string_lossy());
    run::with_env(
        &[
            ("GITHUB_OPENAPI", openapi.as_ref()),
            ("GITHUB_GRAPHQL_SCHEMA", graphql.as_ref()),
        ],
        || {
            cargo(
                &root,
                &[
                    "test",
                    "--package",
                    "sprintlift-standin",
                    "--test",
                    "conformance",
                    "--",
                    "--include-ignored",
                ],
            )
        },
    )?;

    fuzz_briefly(&root)?;

    run::step("browser tests (wasm-bindgen-test in headless Chromium)");
    run::with_env(
        &[
            ("CHROMEDRIVER", tools::CHROMEDRIVER),
            ("WASM_BINDGEN_TEST_TIMEOUT", "60"),
        ],
        || {
            cargo(
                &root,
                &[
                    "test",
                    "--package",
                    "sprintlift",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--test",
                    "browser",
                ],
            )
        },
    )?;

    build_release(&root)?;
    bundle_size::report(&root.join("dist"))?;

    run::step("end-to-end tests: release build, GitHub stand-in, headless Chromium");
    // The publishing tests run the bake as `cargo xtask site` does; the
    // unit tests' debug build of it is enough.
    cargo(&root, &["build", "--package", "sprintlift-bake"])?;
    let bake = root.join("target/debug/sprintlift-bake");
    let bake = bake.to_string_lossy();
    run::with_env(&[("SPRINTLIFT_BAKE", bake.as_ref())], || {
        with_e2e_env(
            &root,
            &[
                "test",
                "--package",
                "sprintlift-e2e",
                "--",
                "--test-threads=1",
            ],
        )
    })
}

/// `cargo xtask check`: what a change must pass before the slow layers,
/// in minutes: formatting, clippy natively and for wasm32, the workflows'
/// linters and every native test (core, stand-in, bake, task runner).
fn check() -> Result<(), Failure> {
    let root = project_root();
    tools::ensure_wasm_target(&root)?;
    quick_checks(&root)
}

fn quick_checks(root: &Path) -> Result<(), Failure> {
    let root = root.to_path_buf();
    run::step("formatting");
    cargo(&root, &["fmt", "--all", "--check"])?;
    run::step("clippy, native");
    cargo(
        &root,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    run::step("clippy, wasm32");
    cargo(
        &root,
        &[
            "clippy",
            "--package",
            "sprintlift",
            "--package",
            "sprintlift-core",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;

    lint_workflows(&root)?;

    run::step("unit tests of the pure core, the stand-in and the task runner");
    cargo(
        &root,
        &[
            "test",
            "--workspace",
            "--exclude",
            "sprintlift-e2e",
            "--all-targets",
        ],
    )?;

    Ok(())
}

/// Every GitHub Actions workflow of the repository, and the organiser's
/// workflow the README gives, through zizmor (no finding at its default
/// level) and SchemaStore's workflow schema.
fn lint_workflows(root: &Path) -> Result<(), Failure> {
    run::step("workflows: zizmor --offline and SchemaStore's workflow schema");
    let bin = tools::ensure_workflow_linters(root)?;
    let mut files = workflow_files(&root.join(".github/workflows"))?;
    files.push(readme_workflow::extract(root)?);
    let files: Vec<String> = files
        .iter()
        .map(|f| f.to_string_lossy().into_owned())
        .collect();
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    let zizmor = bin.join("zizmor").to_string_lossy().into_owned();
    run::command(root, &zizmor, &[&["--offline"], &files[..]].concat())?;
    let schema = bin.join("check-jsonschema").to_string_lossy().into_owned();
    run::command(
        root,
        &schema,
        &[&["--builtin-schema", "vendor.github-workflows"], &files[..]].concat(),
    )
}

fn workflow_files(folder: &Path) -> Result<Vec<PathBuf>, Failure> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|e| Failure(format!("cannot read {}: {e}", folder.display())))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    Ok(files)
}

/// Every parser that reads outside input, and the load engine against a
/// hostile server, as named by fuzz/Cargo.toml, with the executions of
/// their short runs (the engine's are slower: a whole load each, so fewer).
const FUZZ_TARGETS: [(&str, u32); 6] = [
    ("view_state", 1_000_000),
    ("rest_answer", 1_000_000),
    ("graphql_answer", 1_000_000),
    ("link_header", 1_000_000),
    ("snapshot", 1_000_000),
    ("load_engine", 200_000),
];

/// A short run of each fuzz target from its committed seeds: enough to
/// catch a parser that panics on easy input. The long runs (10 million
/// executions each) are `cargo fuzz run` by hand; see the README.
fn fuzz_briefly(root: &Path) -> Result<(), Failure> {
    tools::ensure_cargo_fuzz(root)?;
    let fuzz = root.join("fuzz");
    for (target, runs) in FUZZ_TARGETS {
        run::step(&format!("fuzzing {target} ({runs} runs)"));
        // New inputs go to a scratch corpus under target/, so the seeds in
        // the repository stay as committed.
        let scratch = root.join("target/fuzz-corpus").join(target);
        std::fs::create_dir_all(&scratch)
            .map_err(|e| Failure(format!("cannot create {}: {e}", scratch.display())))?;
        let scratch = scratch.to_string_lossy().into_owned();
        let seeds = fuzz
            .join("seeds")
            .join(target)
            .to_string_lossy()
            .into_owned();
        cargo(
            &fuzz,
            &[
                "fuzz",
                "run",
                "--release",
                "--sanitizer",
                "none",
                target,
                &scratch,
                &seeds,
                "--",
                &format!("-runs={runs}"),
            ],
        )?;
    }
    Ok(())
}

/// A clean release build: a failed Trunk build would leave the old dist/ in
/// place, so it goes first and Trunk's exit code decides.
fn build_release(root: &Path) -> Result<(), Failure> {
    run::step("release build with Trunk (dist/ removed first)");
    let dist = root.join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist)
            .map_err(|e| Failure(format!("cannot remove {}: {e}", dist.display())))?;
    }
    run::command(root, "trunk", &["build", "--release"])?;
    if !dist.join("index.html").exists() {
        return Err(Failure(
            "Trunk reported success but dist/index.html is missing".into(),
        ));
    }
    Ok(())
}
