//! A site's baked views: `baked/index.json`, which `sprintlift-bake` writes
//! and the page reads to find the answers baked for the view it shows.
//! Paths are relative to the site's root, so the site works at a domain's
//! root or under any sub-path.

use crate::view_state::DataView;
use serde::{Deserialize, Serialize};

/// Where the index lives, relative to the site's root.
pub const INDEX_PATH: &str = "baked/index.json";
/// The folder of baked files, relative to the site's root.
pub const BAKED_DIR: &str = "baked";
/// This index's format.
pub const INDEX_FORMAT: u32 = 1;
/// An index lists views, not answers: no index over this is parsed.
pub const MAX_INDEX_BYTES: usize = 1 << 20;
/// A month of a 26,000-PR organisation's answers is under 20 MB.
pub const MAX_ANSWERS_BYTES: usize = 64 << 20;
/// How far ahead of the reader's clock a bake time may be.
const CLOCK_SKEW_SECONDS: i64 = 3600;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub format: u32,
    pub views: Vec<IndexEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexEntry {
    /// The view's data key (`DataView::key`).
    pub view: String,
    /// Paths relative to the site's root.
    pub answers: String,
    pub snapshot: String,
    /// The view's SVG card, when the bake drew one.
    #[serde(default)]
    pub card: Option<String>,
    /// When the bake finished, RFC 3339 UTC.
    pub baked_at: String,
}

impl IndexEntry {
    /// When the view was baked.
    pub fn baked_at(&self) -> Option<jiff::Timestamp> {
        crate::civil_text::parse_instant(&self.baked_at)
    }
}

/// Why a site's index cannot be used, as a sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    #[error("This site's list of baked views is not readable ({0}), so the figures are asked from GitHub.")]
    Unreadable(String),
    #[error("This site's list of baked views is in format {0}, which this sprintlift does not read, so the figures are asked from GitHub.")]
    Format(u32),
    #[error("This site's list of baked views names a file outside its folder ({0}), so the figures are asked from GitHub.")]
    Path(String),
    #[error("This site's list of baked views says this view was baked at {0}, later than now, so the figures are asked from GitHub.")]
    Future(String),
}

impl Index {
    pub fn empty() -> Index {
        Index {
            format: INDEX_FORMAT,
            views: Vec::new(),
        }
    }

    /// Reads an index, checking that every file it names is a plain path
    /// inside `baked/` (a page only ever fetches its own baked files).
    pub fn parse(text: &str) -> Result<Index, IndexError> {
        if text.len() > MAX_INDEX_BYTES {
            return Err(IndexError::Unreadable(format!(
                "{} bytes, more than an index of views can be",
                text.len()
            )));
        }
        #[derive(Deserialize)]
        struct Version {
            format: u32,
        }
        let version: Version =
            serde_json::from_str(text).map_err(|e| IndexError::Unreadable(e.to_string()))?;
        if version.format != INDEX_FORMAT {
            return Err(IndexError::Format(version.format));
        }
        let index: Index =
            serde_json::from_str(text).map_err(|e| IndexError::Unreadable(e.to_string()))?;
        for entry in &index.views {
            if entry.baked_at().is_none() {
                return Err(IndexError::Unreadable(format!(
                    "“{}” is not a time",
                    entry.baked_at
                )));
            }
            let files = [
                Some(&entry.answers),
                Some(&entry.snapshot),
                entry.card.as_ref(),
            ];
            for path in files.into_iter().flatten() {
                if !is_baked_file(path) {
                    return Err(IndexError::Path(path.clone()));
                }
            }
        }
        Ok(index)
    }

    pub fn to_json(&self) -> String {
        // Serialising strings and vectors of them cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The entry baked for `view`, if any.
    pub fn find(&self, view: &DataView) -> Option<&IndexEntry> {
        let key = view.key();
        self.views.iter().find(|entry| entry.view == key)
    }

    /// The entry baked for `view`, read at `now`: one whose bake time is
    /// later than now (give or take an hour of clocks) is refused, since
    /// the page would say its figures are from the future.
    pub fn find_at(
        &self,
        view: &DataView,
        now: jiff::Timestamp,
    ) -> Result<Option<&IndexEntry>, IndexError> {
        let Some(entry) = self.find(view) else {
            return Ok(None);
        };
        let latest = crate::civil_text::seconds_later(now, CLOCK_SKEW_SECONDS);
        if entry.baked_at().is_some_and(|at| at > latest) {
            return Err(IndexError::Future(entry.baked_at.clone()));
        }
        Ok(Some(entry))
    }

    /// Adds or replaces the entry of `entry.view`.
    pub fn put(&mut self, entry: IndexEntry) {
        self.views.retain(|e| e.view != entry.view);
        self.views.push(entry);
    }
}

/// What a site's answer to `GET baked/index.json` means: no baked views
/// (the file is missing, or the host answered with its page for any path,
/// as single-page hosts do), an index, or why it cannot be used.
pub fn index_from_response(status: u16, body: &str) -> Result<Option<Index>, IndexError> {
    match status {
        404 | 403 | 410 => Ok(None),
        200 if body.trim_start().starts_with('<') => Ok(None),
        200 => Index::parse(body).map(Some),
        status => Err(IndexError::Unreadable(format!("HTTP {status}"))),
    }
}

/// Why a baked view's answers cannot be used, as a sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BakedFileError {
    #[error("This site's baked answers for this view could not be fetched ({0}), so the figures are asked from GitHub.")]
    Fetch(String),
    #[error("{0} So the figures are asked from GitHub.")]
    Broken(#[from] crate::baked_answers::BakedAnswersError),
    #[error("This site's baked answers are for another view or API, so the figures are asked from GitHub.")]
    OtherView,
}

/// The answers file of a baked view, read from a site's answer: checked
/// to be what the index promised (the same view and API).
pub fn answers_from_response(
    status: u16,
    body: &str,
    view: &DataView,
) -> Result<crate::baked_answers::BakedAnswers, BakedFileError> {
    if status != 200 {
        return Err(BakedFileError::Fetch(format!("HTTP {status}")));
    }
    if body.len() > MAX_ANSWERS_BYTES {
        return Err(BakedFileError::Fetch(format!(
            "{} MB, more than the {} MB a view's answers can be",
            body.len() >> 20,
            MAX_ANSWERS_BYTES >> 20
        )));
    }
    let answers = crate::baked_answers::BakedAnswers::parse(body)?;
    if answers.view != view.key() || answers.api != view.api.as_str() {
        return Err(BakedFileError::OtherView);
    }
    Ok(answers)
}

/// `baked/NAME` with NAME of letters, digits, `-`, `_` and `.`, not
/// starting with a dot.
fn is_baked_file(path: &str) -> bool {
    path.strip_prefix("baked/").is_some_and(|name| {
        !name.is_empty()
            && !name.starts_with('.')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const VIEW: &str = "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York";

    fn index(answers: &str) -> String {
        format!(
            r#"{{"format":1,"views":[{{"view":"{VIEW}","answers":"{answers}","snapshot":"baked/a.snapshot.json","baked_at":"2026-12-01T10:00:00Z"}}]}}"#
        )
    }

    #[test]
    fn a_view_finds_its_entry_however_it_is_shown() {
        let index = Index::parse(&index("baked/a.answers.json")).expect("index");
        let data = |query: &str| {
            crate::view_state::View::from_query_string(query, "UTC")
                .expect("view")
                .data()
                .expect("a sprint")
        };
        let view = data(&format!("{VIEW}&embed=1&theme=dark"));
        assert_eq!(
            index.find(&view).map(|e| e.answers.as_str()),
            Some("baked/a.answers.json")
        );
        let other = data(&format!("{VIEW}&before=2&after=2"));
        assert_eq!(index.find(&other), None);
    }

    #[test]
    fn a_missing_index_means_no_baked_views() {
        let cases = [
            (404, "Not Found"),
            (403, ""),
            (200, "<!DOCTYPE html><html>…"),
        ];
        for (status, body) in cases {
            assert_eq!(index_from_response(status, body), Ok(None), "{status}");
        }
        assert!(index_from_response(200, &index("baked/a.answers.json"))
            .expect("index")
            .is_some());
        assert_eq!(
            index_from_response(500, "oops").map_err(|e| e.to_string()),
            Err("This site's list of baked views is not readable (HTTP 500), so the figures are asked from GitHub.".to_string())
        );
    }

    #[test]
    fn a_bake_time_later_than_now_is_refused() {
        let text = index("baked/a.answers.json");
        let index = Index::parse(&text).expect("index");
        let view = crate::view_state::View::from_query_string(VIEW, "UTC")
            .expect("view")
            .data()
            .expect("a sprint");
        let at = |t: &str| crate::civil_text::parse_instant(t).expect("instant");
        assert!(index
            .find_at(&view, at("2026-12-01T10:00:00Z"))
            .is_ok_and(|e| e.is_some()));
        assert!(index
            .find_at(&view, at("2026-12-01T09:30:00Z"))
            .is_ok_and(|e| e.is_some()));
        assert_eq!(
            index.find_at(&view, at("2026-11-01T00:00:00Z")).map_err(|e| e.to_string()),
            Err("This site's list of baked views says this view was baked at 2026-12-01T10:00:00Z, later than now, so the figures are asked from GitHub.".to_string())
        );
        let huge = format!("{text}{}", " ".repeat(MAX_INDEX_BYTES));
        assert!(Index::parse(&huge).is_err());
    }

    #[test]
    fn a_broken_index_is_said() {
        let cases = [
            (
                "not json",
                "This site's list of baked views is not readable",
            ),
            (r#"{"format":9,"views":[]}"#, "in format 9"),
            (
                &index("../secret.json"),
                "names a file outside its folder (../secret.json)",
            ),
            (
                &index("https://elsewhere.example/a.json"),
                "outside its folder",
            ),
            (&index("baked/.hidden"), "outside its folder"),
        ];
        for (text, words) in cases {
            let error = Index::parse(text).expect_err(text).to_string();
            assert!(error.contains(words), "{text}: {error}");
        }
    }
}
