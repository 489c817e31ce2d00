//! Invariants of ARCHITECTURE.md that a compiler cannot check, checked on
//! the source text, as rust-analyzer's tidy tests do.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// The non-test lines of a Rust file (everything above its `mod tests`).
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match text.find("#[cfg(test)]") {
        Some(tests) => text[..tests].to_string(),
        None => text,
    }
}

/// "The shells never decide whether to retry, wait or page": the browser's
/// loader and GitHub client and the bake's shell name no status code, no
/// rate-limit header and none of the engine's policy; they perform what
/// `core::load_engine` says.
#[test]
fn the_shells_never_decide_whether_to_retry_wait_or_page() {
    let root = root();
    let mut shells = vec![root.join("src/loader.rs"), root.join("src/github.rs")];
    for entry in std::fs::read_dir(root.join("crates/bake/src")).expect("bake sources") {
        shells.push(entry.expect("entry").path());
    }
    let forbidden = [
        "x-ratelimit",
        "retry-after",
        "Retry-After",
        "status ==",
        "status() ==",
        "403",
        "422",
        "429",
        "is_transient",
        "next_batch",
        "RETRIES",
        "link_header",
        "rel=\"next\"",
        "is_settled",
    ];
    let mut found = Vec::new();
    for shell in &shells {
        let code = code_of(shell);
        for word in forbidden {
            if mentions(&code, word) {
                found.push(format!("{} mentions “{word}”", shell.display()));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// Whether `word` occurs in `code` as a word of its own, not inside a
/// longer name or number (`0x8422_2325` does not mention 422).
fn mentions(code: &str, word: &str) -> bool {
    let part = |c: char| c.is_ascii_alphanumeric() || c == '_';
    code.match_indices(word).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + word.len()..].chars().next();
        !before.is_some_and(part) && !after.is_some_and(part)
    })
}

#[test]
fn a_word_is_not_found_inside_a_longer_one() {
    assert!(mentions("if status == 429 {", "429"));
    assert!(!mentions("0x8422_2325", "422"));
    assert!(!mentions("MAX_RETRIES", "RETRIES"));
}

/// Only the shells' HTTP clients put the token on a request.
#[test]
fn only_the_http_clients_send_authorization() {
    let root = root();
    let allowed = [
        root.join("src/github.rs"),
        root.join("crates/bake/src/http.rs"),
    ];
    let mut found = Vec::new();
    let mut stack = vec![
        root.join("src"),
        root.join("crates/core/src"),
        root.join("crates/bake/src"),
    ];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !allowed.contains(&path)
                && code_of(&path).contains("\"Authorization\"")
            {
                found.push(path.display().to_string());
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// The modules of `folder` as the code map names them: `name.rs` for a
/// file, `name/` for a folder module (its `mod.rs`), and `name/part.rs`
/// for each part of one (its `tests.rs` aside). Not `lib.rs`/`main.rs`.
fn modules(folder: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for path in std::fs::read_dir(folder)
        .expect("a source folder")
        .map(|e| e.expect("entry").path())
    {
        let name = path.file_name().expect("a name").to_string_lossy();
        if path.is_dir() {
            if path.join("mod.rs").exists() {
                found.push(format!("{name}/"));
            }
            for part in std::fs::read_dir(&path).expect("a module folder") {
                let part = part.expect("entry").path();
                let part_name = part.file_name().expect("a name").to_string_lossy();
                if part_name.ends_with(".rs") && part_name != "mod.rs" && part_name != "tests.rs" {
                    found.push(format!("{name}/{part_name}"));
                }
            }
        } else if name.ends_with(".rs") && name != "lib.rs" && name != "main.rs" {
            found.push(name.to_string());
        }
    }
    found.sort();
    found
}

/// The file of a module named as `modules` names it.
fn module_path(folder: &Path, module: &str) -> PathBuf {
    match module.strip_suffix('/') {
        Some(name) => folder.join(name).join("mod.rs"),
        None => folder.join(module),
    }
}

/// ARCHITECTURE.md's code map names every module of the app, the core,
/// the bake and the chart crate, so a newcomer finds each one there.
#[test]
fn every_module_is_in_the_code_map() {
    let root = root();
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut missing = Vec::new();
    for folder in [
        "src",
        "crates/core/src",
        "crates/bake/src",
        "crates/chart/src",
    ] {
        for module in modules(&root.join(folder)) {
            if !map.contains(&format!("`{module}`")) {
                missing.push(format!("{folder}/{module}"));
            }
        }
    }
    assert!(missing.is_empty(), "not in ARCHITECTURE.md: {missing:#?}");
}

/// The core's dependencies, from its Cargo.toml's `[dependencies]` table.
fn dependencies(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut inside = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == "[dependencies]";
            continue;
        }
        if inside && !line.is_empty() && !line.starts_with('#') {
            let name = line.split(['=', '.', ' ']).next().unwrap_or_default();
            names.push(name.trim().to_string());
        }
    }
    names
}

/// Fails unless `crate_dir`'s dependencies are all in `allowed` (and
/// include the first of them, so an unreadable manifest cannot pass).
fn assert_depends_only_on(crate_dir: &str, allowed: &[&str]) {
    let manifest = std::fs::read_to_string(root().join(crate_dir).join("Cargo.toml"))
        .unwrap_or_else(|e| panic!("{crate_dir}'s manifest: {e}"));
    let found = dependencies(&manifest);
    assert!(found.iter().any(|d| d == allowed[0]), "{found:?}");
    let extra: Vec<&String> = found
        .iter()
        .filter(|d| !allowed.contains(&d.as_str()))
        .collect();
    assert!(
        extra.is_empty(),
        "{crate_dir} gained {extra:?}: update ARCHITECTURE.md's invariant first"
    );
}

/// "The core never imports leptos, web_sys, gloo or any I/O": its
/// dependencies stay on the list ARCHITECTURE.md gives.
#[test]
fn the_core_depends_only_on_its_list() {
    assert_depends_only_on(
        "crates/core",
        &[
            "jiff",
            "thiserror",
            "percent-encoding",
            "rustc-hash",
            "serde",
            "serde_json",
        ],
    );
    assert_eq!(
        dependencies(
            "[dependencies]\nleptos = \"0.8\"\nserde.workspace = true\n[dev-dependencies]\nx = 1"
        ),
        ["leptos", "serde"]
    );
}

/// The embed card's first paint stays a small program: it depends on the
/// core, the Intl zones and the wasm-bindgen crates only (ARCHITECTURE.md).
#[test]
fn the_first_paint_depends_only_on_its_list() {
    assert_depends_only_on(
        "crates/first-paint",
        &[
            "sprintlift-core",
            "sprintlift-intl-zone",
            "jiff",
            "js-sys",
            "wasm-bindgen",
            "web-sys",
        ],
    );
}

/// Non-test code sorts through `core::sorting` (one copy of the sort in
/// the wasm): no direct `.sort…(` in the app or the core outside it.
/// (The core's clippy.toml forbids them too; the app has no clippy.toml of
/// its own, so this checks it.)
#[test]
fn only_core_sorting_sorts() {
    let root = root();
    let mut found = Vec::new();
    for folder in ["src", "crates/core/src"] {
        for module in modules(&root.join(folder)) {
            if module.ends_with("sorting.rs") {
                continue;
            }
            let code = code_of(&module_path(&root.join(folder), &module));
            for word in [".sort(", ".sort_by(", ".sort_by_key(", ".sort_unstable"] {
                if code.contains(word) {
                    found.push(format!("{folder}/{module} uses {word}"));
                }
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

/// The publishing workflow installs what the workspace pins: the
/// toolchain of `rust-version`, Trunk at xtask's version, wasm-bindgen at
/// Cargo.lock's; every action is pinned to a full commit (or is this
/// repository's own, `$/`); every job has a time limit; only the deploy
/// job may write to Pages.
#[test]
fn the_publishing_workflow_builds_with_the_workspace_s_pins() {
    let root = root();
    let workflow = code_of(&root.join(".github/workflows/publish.yml"));
    let manifest = code_of(&root.join("Cargo.toml"));
    let rust_version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .map(|v| v.trim_end_matches('"'))
        .expect("the workspace's rust-version");
    assert!(
        workflow.contains(&format!("rustup toolchain install {rust_version}.0 "))
            && workflow.contains(&format!("rustup default {rust_version}.0")),
        "the workflow's toolchain is not {rust_version}.0"
    );
    let lock = code_of(&root.join("Cargo.lock"));
    let bindgen = lock
        .split("name = \"wasm-bindgen\"\nversion = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("wasm-bindgen in Cargo.lock");
    let tools = code_of(&root.join("xtask/src/tools.rs"));
    let trunk = tools
        .split("TRUNK_VERSION: &str = \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("xtask's Trunk version");
    assert!(
        workflow.contains(&format!("tool: trunk@{trunk},wasm-bindgen@{bindgen}")),
        "the workflow's tools are not trunk {trunk} and wasm-bindgen {bindgen}"
    );
    let readme = code_of(&root.join("README.md"));
    let organiser = readme
        .split("<!-- organiser-workflow -->")
        .nth(1)
        .expect("the README's organiser workflow");
    for (name, text) in [
        ("publish.yml", workflow.as_str()),
        (
            "pages.yml",
            &code_of(&root.join(".github/workflows/pages.yml")),
        ),
        ("the README's organiser workflow", organiser),
    ] {
        for line in text
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("uses:"))
        {
            let target = line.trim_start_matches("uses:").trim();
            let pinned = target.split_once('@').is_some_and(|(_, pin)| {
                let sha = pin.split_whitespace().next().unwrap_or_default();
                sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()) && pin.contains(" # ")
            });
            assert!(
                pinned || target.starts_with("$/"),
                "{name}: `{line}` is not pinned to a full commit with its version beside it"
            );
        }
    }
    let jobs = workflow.split("\njobs:\n").nth(1).expect("jobs");
    // Each job starts at a line indented by two spaces.
    let mut job_texts: Vec<String> = Vec::new();
    for line in jobs.lines() {
        let starts_a_job = line.starts_with("  ") && !line.starts_with("   ");
        match job_texts.last_mut() {
            Some(job) if !starts_a_job => job.push_str(&format!("{line}\n")),
            _ => job_texts.push(format!("{line}\n")),
        }
    }
    assert_eq!(job_texts.len(), 2, "build and deploy");
    for job in &job_texts {
        assert!(
            job.contains("timeout-minutes:"),
            "a job without a time limit: {job}"
        );
    }
    assert!(!job_texts[0].contains("pages: write") && !job_texts[0].contains("id-token"));
    assert!(job_texts[1].contains("pages: write"));
}
