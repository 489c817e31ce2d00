//! Starting from the site as it is published: `--restore-from URL` fetches
//! the published `baked/index.json` and, for every view this bake lists,
//! the files it names, so a bake on a machine with no cache (a CI runner
//! whose cache GitHub evicted) replays every settled answer instead of
//! asking GitHub again. Everything fetched is checked before it is
//! written: sizes are bounded, paths stay inside `baked/` (the core's index
//! parser), answers are for the view the index says, snapshots parse, a
//! card is an SVG. A view whose files fail a check is said and baked anew.

use crate::output::{read_index, update_index, write_atomically};
use sprintlift_core::api_base::ApiBase;
use sprintlift_core::baked_answers::BakedAnswers;
use sprintlift_core::baked_site::{index_from_response, IndexEntry, INDEX_PATH};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// A published index lists views, not answers: a megabyte is thousands.
const INDEX_LIMIT: u64 = 1 << 20;
/// A month of a 26,000-PR organisation's answers is under 20 MB.
const ANSWERS_LIMIT: u64 = 64 << 20;
const CARD_LIMIT: u64 = 1 << 20;
const TIMEOUT: Duration = Duration::from_secs(60);

/// Why the published site cannot be used, as a sentence (the bake then
/// asks GitHub for everything, as it would with no published site).
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error(
        "--restore-from {0}: only https:// addresses (or http:// on this machine) are fetched."
    )]
    Address(String),
    #[error("The published site's list of baked views could not be fetched ({0}).")]
    Fetch(String),
    #[error("{0}")]
    Index(#[from] sprintlift_core::baked_site::IndexError),
}

/// What was taken from the published site.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Restored {
    /// Views whose published files are now in the output.
    pub views: usize,
    /// Published views this bake does not list (left out).
    pub unlisted: usize,
    /// Each listed view whose files could not be used, and why.
    pub refused: Vec<(String, String)>,
}

/// Fetches the published baked files of the views keyed `listed` into
/// `out`, where the output has nothing newer for them.
pub fn restore(
    site: &str,
    out: &Path,
    listed: &BTreeSet<String>,
    progress: &mut dyn Write,
) -> Result<Restored, RestoreError> {
    let base = site_base(site)?;
    let agent = agent();
    let index_url = format!("{base}{INDEX_PATH}");
    let (status, body) =
        fetch(&agent, &index_url, INDEX_LIMIT).map_err(|e| RestoreError::Fetch(e.to_string()))?;
    let Some(published) = index_from_response(status, &body)? else {
        let _ = writeln!(
            progress,
            "  the published site has no baked views yet ({index_url}: HTTP {status})"
        );
        return Ok(Restored::default());
    };
    let local = read_index(out).unwrap_or_else(|problem| {
        let _ = writeln!(
            progress,
            "  {problem}: it is rebuilt from the published one"
        );
        sprintlift_core::baked_site::Index::empty()
    });
    let mut taken = Vec::new();
    let mut restored = Restored::default();
    for entry in published.views {
        if !listed.contains(&entry.view) {
            restored.unlisted += 1;
            continue;
        }
        let newer_here = local.views.iter().any(|here| {
            here.view == entry.view
                && here.baked_at().is_some()
                && here.baked_at() >= entry.baked_at()
        });
        if newer_here {
            continue;
        }
        match fetch_view(&agent, &base, &entry, out) {
            Ok(()) => {
                restored.views += 1;
                let _ = writeln!(
                    progress,
                    "  restored {} (baked {})",
                    entry.view, entry.baked_at
                );
                taken.push(entry);
            }
            Err(reason) => {
                let _ = writeln!(
                    progress,
                    "  not restored: {}: {reason}; it is baked anew",
                    entry.view
                );
                restored.refused.push((entry.view, reason));
            }
        }
    }
    if !taken.is_empty() {
        update_index(out, |index, _| {
            for entry in taken {
                index.put(entry);
            }
        })
        .map_err(|e| RestoreError::Fetch(e.to_string()))?;
    }
    Ok(restored)
}

/// The site's address with one trailing slash, checked as an API base is
/// (https, or plain http only on this machine).
fn site_base(site: &str) -> Result<String, RestoreError> {
    let parsed = ApiBase::parse(site).map_err(|_| RestoreError::Address(site.to_string()))?;
    Ok(format!("{}/", parsed.as_str()))
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        // A site may move (a custom domain answers for *.github.io); no
        // token is ever sent with these requests.
        .max_redirects(5)
        .timeout_global(Some(TIMEOUT))
        .user_agent("sprintlift-bake")
        .build()
        .into()
}

/// Status and body of `url`, the body at most `limit` bytes.
fn fetch(agent: &ureq::Agent, url: &str, limit: u64) -> Result<(u16, String), ureq::Error> {
    let mut response = agent.get(url).call()?;
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(limit)
        .read_to_string()?;
    Ok((status, body))
}

/// Fetches and checks one view's files, then writes them.
fn fetch_view(
    agent: &ureq::Agent,
    base: &str,
    entry: &IndexEntry,
    out: &Path,
) -> Result<(), String> {
    let get = |path: &str, limit: u64| -> Result<String, String> {
        match fetch(agent, &format!("{base}{path}"), limit) {
            Ok((200, body)) => Ok(body),
            Ok((status, _)) => Err(format!("{path}: HTTP {status}")),
            Err(error) => Err(format!("{path}: {error}")),
        }
    };
    let answers = get(&entry.answers, ANSWERS_LIMIT)?;
    let parsed = BakedAnswers::parse(&answers).map_err(|e| e.to_string())?;
    if parsed.view != entry.view {
        return Err(format!(
            "{} holds the answers of another view",
            entry.answers
        ));
    }
    let snapshot = get(&entry.snapshot, ANSWERS_LIMIT)?;
    let figures = sprintlift_core::snapshot::parse_at(&snapshot, jiff::Timestamp::now())
        .map_err(|e| e.to_string())?;
    if figures.view.key() != entry.view {
        return Err(format!(
            "{} is the snapshot of another view",
            entry.snapshot
        ));
    }
    let card = match &entry.card {
        Some(path) => {
            let svg = get(path, CARD_LIMIT)?;
            if !is_svg(&svg) {
                return Err(format!("{path} is not an SVG image"));
            }
            Some((path, svg))
        }
        None => None,
    };
    let write =
        |path: &str, text: &str| write_atomically(out, path, text).map_err(|e| e.to_string());
    write(&entry.answers, &answers)?;
    write(&entry.snapshot, &snapshot)?;
    if let Some((path, svg)) = card {
        write(path, &svg)?;
    }
    Ok(())
}

/// An SVG document as the bake writes one: markup whose root is `<svg`.
fn is_svg(text: &str) -> bool {
    let text = text.trim_start();
    let text = match text.strip_prefix("<?xml") {
        Some(rest) => rest
            .split_once("?>")
            .map_or("", |(_, after)| after.trim_start()),
        None => text,
    };
    text.starts_with("<svg")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_svg_documents_are_cards() {
        let cases = [
            ("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", true),
            ("<?xml version=\"1.0\"?>\n<svg></svg>", true),
            ("<html><script>alert(1)</script></html>", false),
            ("<?xml version=\"1.0\"?><html/>", false),
            ("", false),
        ];
        for (text, expected) in cases {
            assert_eq!(is_svg(text), expected, "{text}");
        }
    }

    #[test]
    fn a_site_is_fetched_over_https_or_on_this_machine() {
        let cases = [
            (
                "https://python.github.io/sprints",
                Ok("https://python.github.io/sprints/"),
            ),
            (
                "https://python.github.io/sprints/",
                Ok("https://python.github.io/sprints/"),
            ),
            (
                "http://127.0.0.1:8000/sub/",
                Ok("http://127.0.0.1:8000/sub/"),
            ),
            ("http://example.com/", Err(())),
            ("file:///etc/", Err(())),
            ("python.github.io", Err(())),
        ];
        for (site, expected) in cases {
            assert_eq!(
                site_base(site).map_err(|_| ()),
                expected.map(str::to_string),
                "{site}"
            );
        }
    }
}
