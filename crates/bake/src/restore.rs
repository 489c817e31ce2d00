//! Starting from the site as it is published: `--restore-from URL` fetches
//! the published `baked/index.json` and, for every view this bake lists,
//! the files it names, so a bake on a machine with no cache (a CI runner
//! whose cache GitHub evicted) replays every settled answer instead of
//! asking GitHub again. Everything fetched is checked before it is
//! written: sizes are bounded, answers are for the view the index says,
//! snapshots parse. Nothing is written where the published index says:
//! each view's files go to the bake's own names for that view, and its
//! card is drawn again from the checked snapshot (a fetched SVG could
//! carry script onto the site). Redirects are not followed: a site that
//! moved is named by its new address. A view whose files fail a check is
//! said and baked anew.

use crate::output::{
    answers_path, card_path, read_index, snapshot_path, stem, update_index, write_atomically,
};
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
const TIMEOUT: Duration = Duration::from_secs(60);
/// The whole restore gives up after this, so a slow site cannot hold a
/// scheduled run past its time limit: what is not restored is baked.
const DEADLINE: Duration = Duration::from_secs(600);

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
    let started = std::time::Instant::now();
    let mut seen = BTreeSet::new();
    for entry in published.views {
        if !listed.contains(&entry.view) {
            restored.unlisted += 1;
            continue;
        }
        // A view listed twice is fetched once.
        if !seen.insert(entry.view.clone()) {
            continue;
        }
        if started.elapsed() > DEADLINE {
            let _ = writeln!(
                progress,
                "  the restore took over ten minutes: the views left are baked anew"
            );
            break;
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
            Ok(own) => {
                restored.views += 1;
                let _ = writeln!(
                    progress,
                    "  restored {} (baked {})",
                    entry.view, entry.baked_at
                );
                taken.push(own);
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
        // A redirect is an answer, not followed: it could lead anywhere,
        // plain http included. A site that moved is named by its new
        // address (the workflow's site-url).
        .max_redirects(0)
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

/// Fetches and checks one view's files, then writes them under the bake's
/// own names for the view; returns the view's entry as this bake names it.
fn fetch_view(
    agent: &ureq::Agent,
    base: &str,
    entry: &IndexEntry,
    out: &Path,
) -> Result<IndexEntry, String> {
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
    // The bake's own names for the view, whatever the index said.
    let stem = stem(&entry.view, &figures.view.sprint.days.from.to_string());
    let own = IndexEntry {
        view: entry.view.clone(),
        answers: answers_path(&stem),
        snapshot: snapshot_path(&stem),
        card: None,
        baked_at: entry.baked_at.clone(),
    };
    let write =
        |path: &str, text: &str| write_atomically(out, path, text).map_err(|e| e.to_string());
    write(&own.answers, &answers)?;
    write(&own.snapshot, &snapshot)?;
    let card = match crate::card::card_svg(&figures.view.sprint, &figures.figures) {
        Some(svg) => {
            let path = card_path(&stem);
            write(&path, &svg)?;
            Some(path)
        }
        None => None,
    };
    Ok(IndexEntry { card, ..own })
}

#[cfg(test)]
mod tests {
    use super::*;

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
