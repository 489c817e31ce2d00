//! GitHub's answers as they are kept: in the browser's answer cache and in
//! the files `sprintlift-bake` writes. One form for both, so a baked answer
//! replays exactly as a cached one does.

use crate::api_base::ApiBase;
use crate::fetch_plan::{Answer, Ask, Mode};
use crate::pr::{AuthorKind, PrRecord};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// One answer as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredAnswer {
    pub total: u64,
    pub incomplete: bool,
    pub next: Option<String>,
    pub items: Vec<StoredPr>,
}

/// A PR as kept: times as epoch seconds, short keys to save space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredPr {
    r: String,
    n: u64,
    t: String,
    a: String,
    b: bool,
    s: String,
    c: i64,
    m: Option<i64>,
    x: Option<i64>,
    d: bool,
}

/// Why a kept answer cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoredAnswerError {
    #[error("a kept answer holds a time out of range ({0} seconds)")]
    TimeOutOfRange(i64),
}

impl StoredAnswer {
    pub fn of(answer: &Answer) -> StoredAnswer {
        StoredAnswer {
            total: answer.total,
            incomplete: answer.incomplete,
            next: answer.next.clone(),
            items: answer.items.iter().map(StoredPr::of).collect(),
        }
    }

    pub fn answer(&self) -> Result<Answer, StoredAnswerError> {
        Ok(Answer {
            total: self.total,
            incomplete: self.incomplete,
            items: self
                .items
                .iter()
                .map(StoredPr::record)
                .collect::<Result<_, _>>()?,
            next: self.next.clone(),
        })
    }
}

impl StoredPr {
    fn of(pr: &PrRecord) -> StoredPr {
        StoredPr {
            r: pr.repo.clone(),
            n: pr.number,
            t: pr.title.clone(),
            a: pr.author.clone(),
            b: pr.author_kind == AuthorKind::Bot,
            s: pr.association.clone(),
            c: pr.created_at.as_second(),
            m: pr.merged_at.map(|t| t.as_second()),
            x: pr.closed_at.map(|t| t.as_second()),
            d: pr.draft,
        }
    }

    fn record(&self) -> Result<PrRecord, StoredAnswerError> {
        let at =
            |s: i64| Timestamp::from_second(s).map_err(|_| StoredAnswerError::TimeOutOfRange(s));
        Ok(PrRecord {
            repo: self.r.clone(),
            number: self.n,
            title: self.t.clone(),
            author: self.a.clone(),
            author_kind: if self.b {
                AuthorKind::Bot
            } else {
                AuthorKind::User
            },
            association: self.s.clone(),
            created_at: at(self.c)?,
            merged_at: self.m.map(at).transpose()?,
            closed_at: self.x.map(at).transpose()?,
            draft: self.d,
        })
    }
}

/// Which question an answer answers, within one API base and mode: a
/// count, or a listing page from a cursor.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AnswerKey {
    pub query: String,
    /// Absent for a count; for a page, its cursor ("" for the first).
    pub page: Option<String>,
}

impl AnswerKey {
    pub fn of(ask: &Ask) -> AnswerKey {
        AnswerKey {
            query: ask.query.clone(),
            page: ask
                .listing
                .as_ref()
                .map(|p| p.cursor.clone().unwrap_or_default()),
        }
    }

    /// The key as one string, naming the API base and mode too: cursors
    /// differ between REST (page numbers) and GraphQL.
    pub fn text(&self, api: &ApiBase, mode: Mode) -> String {
        let (kind, cursor) = match &self.page {
            None => ("count", ""),
            Some(cursor) => ("page", cursor.as_str()),
        };
        format!(
            "{}\n{}\n{kind}\n{cursor}\n{}",
            api.as_str(),
            mode_name(mode),
            self.query
        )
    }
}

/// How a mode is named in kept answers.
pub fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Anonymous => "rest",
        Mode::Token => "graphql",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pr::fixtures::{merged, pr};

    #[test]
    fn an_answer_reads_back_as_it_was_kept() {
        let record = merged(
            pr("python/cpython", "ada", "2025-05-19T14:00:00Z"),
            "2025-05-20T09:30:00Z",
        );
        let answer = Answer {
            total: 1234,
            incomplete: false,
            items: vec![record],
            next: Some("2".into()),
        };
        let text = serde_json::to_string(&StoredAnswer::of(&answer)).expect("json");
        let back: StoredAnswer = serde_json::from_str(&text).expect("read");
        assert_eq!(back.answer(), Ok(answer));
    }

    #[test]
    fn a_time_out_of_range_is_said_not_defaulted() {
        let text = r#"{"total":1,"incomplete":false,"next":null,"items":[{"r":"a/b","n":1,"t":"x","a":"u","b":false,"s":"NONE","c":999999999999999,"m":null,"x":null,"d":false}]}"#;
        let kept: StoredAnswer = serde_json::from_str(text).expect("read");
        assert_eq!(
            kept.answer(),
            Err(StoredAnswerError::TimeOutOfRange(999_999_999_999_999))
        );
    }
}
