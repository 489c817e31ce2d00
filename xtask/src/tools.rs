//! Installs the tools the tasks need, each only when it is missing or at the
//! wrong version, from the registries this machine can reach.

use crate::run::{self, output, step, Failure};
use std::path::Path;

pub const TRUNK_VERSION: &str = "0.21.14";
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";
pub const BINARYEN_VERSION: &str = "version_132";
pub const ZIZMOR_VERSION: &str = "1.33.1";
pub const CHECK_JSONSCHEMA_VERSION: &str = "0.39.0";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The wasm32 target, trunk, wasm-bindgen-cli at the Cargo.lock version and
/// wasm-opt from the npm package `binaryen`, which must be on PATH for Trunk.
pub fn ensure_build_tools(root: &Path) -> Result<(), Failure> {
    step("checking build tools");
    put_on_path(&root.join("node_modules/.bin"))?;
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo").into()))
    {
        put_on_path(&Path::new(&home).join("bin"))?;
    }

    ensure_wasm_target(root)?;

    let trunk = output("trunk", &["--version"]).unwrap_or_default();
    if trunk != format!("trunk {TRUNK_VERSION}") {
        println!("  trunk {TRUNK_VERSION} is missing (found “{trunk}”): installing, this takes several minutes");
        run::cargo(
            root,
            &["install", "trunk", "--version", TRUNK_VERSION, "--locked"],
        )?;
    }

    let bindgen = wasm_bindgen_version(root)?;
    let trunk_toml = std::fs::read_to_string(root.join("Trunk.toml")).unwrap_or_default();
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{bindgen}\"")) {
        return Err(Failure(format!(
            "Trunk.toml must pin wasm_bindgen = \"{bindgen}\", the version in Cargo.lock"
        )));
    }
    let installed = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if installed != format!("wasm-bindgen {bindgen}") {
        println!("  wasm-bindgen-cli {bindgen} is missing (found “{installed}”): installing");
        // Not --locked: one of its locked dependencies is gone from the registry.
        run::cargo(
            root,
            &[
                "install",
                "wasm-bindgen-cli",
                "--version",
                &format!("={bindgen}"),
            ],
        )?;
    }

    let wasm_opt = output("wasm-opt", &["--version"]).unwrap_or_default();
    if !wasm_opt.contains(BINARYEN_VERSION) {
        println!("  wasm-opt {BINARYEN_VERSION} is missing (found “{wasm_opt}”): installing npm package binaryen");
        run::command(root, "npm", &["ci", "--no-audit", "--no-fund"])?;
    }
    Ok(())
}

/// The wasm32 target, for clippy and the builds.
pub fn ensure_wasm_target(root: &Path) -> Result<(), Failure> {
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets.lines().any(|t| t == "wasm32-unknown-unknown") {
        run::command(root, "rustup", &["target", "add", "wasm32-unknown-unknown"])?;
    }
    Ok(())
}

/// cargo-fuzz, for the fuzz targets in fuzz/.
pub fn ensure_cargo_fuzz(root: &Path) -> Result<(), Failure> {
    let installed = output("cargo", &["fuzz", "--version"]).unwrap_or_default();
    if installed != format!("cargo-fuzz {CARGO_FUZZ_VERSION}") {
        println!("  cargo-fuzz {CARGO_FUZZ_VERSION} is missing (found “{installed}”): installing");
        run::cargo(
            root,
            &[
                "install",
                "cargo-fuzz",
                "--version",
                CARGO_FUZZ_VERSION,
                "--locked",
            ],
        )?;
    }
    Ok(())
}

/// PyGithub, for the side-by-side benchmark (bench/requirements.txt).
pub fn ensure_pygithub(root: &Path) -> Result<(), Failure> {
    if output("python3", &["-c", "import github"]).is_some() {
        return Ok(());
    }
    println!("  PyGithub is missing: installing it with pip");
    run::command(
        root,
        "python3",
        &[
            "-m",
            "pip",
            "install",
            "--quiet",
            "-r",
            "bench/requirements.txt",
        ],
    )
}

/// zizmor and check-jsonschema from PyPI, in a virtual environment under
/// target/ (so the machine's Python stays as it was); returns its bin/.
pub fn ensure_workflow_linters(root: &Path) -> Result<std::path::PathBuf, Failure> {
    let venv = root.join("target/workflow-lint");
    let bin = venv.join("bin");
    let zizmor = bin.join("zizmor").to_string_lossy().into_owned();
    let schema = bin.join("check-jsonschema").to_string_lossy().into_owned();
    let installed = (
        output(&zizmor, &["--version"]).unwrap_or_default(),
        output(&schema, &["--version"]).unwrap_or_default(),
    );
    if installed.0 == format!("zizmor {ZIZMOR_VERSION}")
        && installed
            .1
            .ends_with(&format!("version {CHECK_JSONSCHEMA_VERSION}"))
    {
        return Ok(bin);
    }
    println!("  zizmor {ZIZMOR_VERSION} or check-jsonschema {CHECK_JSONSCHEMA_VERSION} is missing: installing them with pip");
    let venv_text = venv.to_string_lossy().into_owned();
    run::command(root, "python3", &["-m", "venv", &venv_text])?;
    let pip = bin.join("pip").to_string_lossy().into_owned();
    run::command(
        root,
        &pip,
        &[
            "install",
            "--quiet",
            &format!("zizmor=={ZIZMOR_VERSION}"),
            &format!("check-jsonschema=={CHECK_JSONSCHEMA_VERSION}"),
        ],
    )?;
    Ok(bin)
}

/// Debian's Chromium and its matching ChromeDriver, for browser and e2e tests.
pub fn ensure_browser() -> Result<(), Failure> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    println!("  Chromium or ChromeDriver is missing: installing Debian's packages");
    let as_root = output("id", &["-u"]).as_deref() == Some("0");
    let (program, prefix): (&str, &[&str]) = if as_root {
        ("apt-get", &[])
    } else {
        ("sudo", &["apt-get"])
    };
    let update = [prefix, &["update"]].concat();
    run::command(Path::new("."), program, &update)?;
    let install = [prefix, &["install", "-y", "chromium", "chromium-driver"]].concat();
    run::command(Path::new("."), program, &install)
}

/// The `wasm-bindgen` version Cargo.lock resolved; the CLI must match it.
fn wasm_bindgen_version(root: &Path) -> Result<String, Failure> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| Failure(format!("cannot read Cargo.lock: {e}")))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    Err(Failure("Cargo.lock has no wasm-bindgen package".into()))
}

fn put_on_path(dir: &Path) -> Result<(), Failure> {
    let current = std::env::var_os("PATH").unwrap_or_default();
    let mut paths: Vec<_> = std::env::split_paths(&current).collect();
    if paths.iter().any(|p| p == dir) {
        return Ok(());
    }
    paths.insert(0, dir.to_path_buf());
    let joined = std::env::join_paths(paths).map_err(|e| Failure(format!("bad PATH: {e}")))?;
    // Safety: the task runner is single-threaded; no other thread reads the environment.
    unsafe { std::env::set_var("PATH", joined) };
    Ok(())
}
