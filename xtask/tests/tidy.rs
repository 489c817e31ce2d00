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
