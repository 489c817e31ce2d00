//! The answers file `sprintlift-bake` writes for a view: every answer its
//! load received, each with the time it was fetched, in the form the
//! page's answer cache keeps. Replaying it answers every question whose
//! time had settled when it was fetched; the rest (an ongoing sprint) are
//! asked again.

use crate::api_base::ApiBase;
use crate::fetch_plan::{Answer, Ask, Mode};
use crate::load_engine::is_final;
use crate::stored_answer::{mode_name, AnswerKey, StoredAnswer};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// This file's format; a reader refuses others.
pub const FORMAT: u32 = 1;

/// A view's baked answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BakedAnswers {
    pub format: u32,
    /// The API base the answers came from.
    pub api: String,
    /// `rest` (no token) or `graphql` (a token): cursors differ.
    pub mode: String,
    /// The view's canonical query.
    pub view: String,
    pub answers: Vec<BakedAnswer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BakedAnswer {
    #[serde(flatten)]
    pub key: AnswerKey,
    /// Epoch seconds.
    pub fetched_at: i64,
    pub answer: StoredAnswer,
}

/// Why a baked answers file cannot be used, as a sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BakedAnswersError {
    #[error("The baked answers are not readable JSON ({0}).")]
    Unreadable(String),
    #[error("The baked answers are in format {found}; this sprintlift reads format {FORMAT}.")]
    Format { found: u32 },
    #[error("The baked answers were fetched in an unknown way (“{0}”).")]
    Mode(String),
    #[error("The baked answers hold a fetch time out of range ({0} seconds).")]
    FetchedAt(i64),
    #[error("The baked answers are broken: {0}.")]
    Answer(#[from] crate::stored_answer::StoredAnswerError),
}

/// Answers by key, each with when it was fetched.
#[derive(Debug, Clone, Default)]
pub struct Replay {
    answers: BTreeMap<AnswerKey, (Timestamp, Answer)>,
}

impl BakedAnswers {
    pub fn new(api: &ApiBase, mode: Mode, view: String) -> BakedAnswers {
        BakedAnswers {
            format: FORMAT,
            api: api.as_str().to_string(),
            mode: mode_name(mode).to_string(),
            view,
            answers: Vec::new(),
        }
    }

    /// Reads a file, checking everything a broken one could get wrong.
    pub fn parse(text: &str) -> Result<BakedAnswers, BakedAnswersError> {
        #[derive(Deserialize)]
        struct Version {
            format: u32,
        }
        let version: Version =
            serde_json::from_str(text).map_err(|e| BakedAnswersError::Unreadable(e.to_string()))?;
        if version.format != FORMAT {
            return Err(BakedAnswersError::Format {
                found: version.format,
            });
        }
        let baked: BakedAnswers =
            serde_json::from_str(text).map_err(|e| BakedAnswersError::Unreadable(e.to_string()))?;
        // Every answer must be usable, so a replay never meets a broken one.
        baked.replay()?;
        Ok(baked)
    }

    pub fn to_json(&self) -> String {
        // Serialising strings, numbers and vectors of them cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The mode the answers were fetched in, if it is one this code knows.
    pub fn mode(&self) -> Option<Mode> {
        [Mode::Anonymous, Mode::Token]
            .into_iter()
            .find(|m| mode_name(*m) == self.mode)
    }

    /// Whether these answers were fetched from `api` in `mode`.
    pub fn matches(&self, api: &ApiBase, mode: Mode) -> bool {
        self.api == api.as_str() && self.mode == mode_name(mode)
    }

    /// Records an answer fetched at `at`, replacing an older one to the same question.
    pub fn record(&mut self, ask: &Ask, answer: &Answer, at: Timestamp) {
        let key = AnswerKey::of(ask);
        self.answers.retain(|a| a.key != key);
        self.answers.push(BakedAnswer {
            key,
            fetched_at: at.as_second(),
            answer: StoredAnswer::of(answer),
        });
    }

    /// The answers ready to replay at `now`, leaving out any fetched later
    /// than now (give or take an hour of clocks that disagree): a time in
    /// the future would make an answer look final that was not.
    pub fn replay_at(&self, now: Timestamp) -> Result<Replay, BakedAnswersError> {
        let latest = crate::civil_text::seconds_later(now, 3600);
        let mut replay = self.replay()?;
        replay.answers.retain(|_, (at, _)| *at <= latest);
        Ok(replay)
    }

    /// The answers ready to replay.
    pub fn replay(&self) -> Result<Replay, BakedAnswersError> {
        let mut answers = BTreeMap::new();
        for baked in &self.answers {
            let at = Timestamp::from_second(baked.fetched_at)
                .map_err(|_| BakedAnswersError::FetchedAt(baked.fetched_at))?;
            answers.insert(baked.key.clone(), (at, baked.answer.answer()?));
        }
        Ok(Replay { answers })
    }
}

impl Replay {
    /// The answer to `ask`, with when it was fetched, if it was final
    /// then: nothing could have changed it since, so it is never asked again.
    pub fn settled(&self, ask: &Ask) -> Option<(Timestamp, Answer)> {
        let (at, answer) = self.answers.get(&AnswerKey::of(ask))?;
        is_final(ask, answer, *at).then(|| (*at, answer.clone()))
    }

    /// The answer to `ask` as baked, final or not: what the site knew
    /// when it was baked, shown until fresher answers arrive.
    pub fn any(&self, ask: &Ask) -> Option<Answer> {
        self.answers
            .get(&AnswerKey::of(ask))
            .map(|(_, a)| a.clone())
    }

    pub fn len(&self) -> usize {
        self.answers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch_plan::{Ask, Topic};

    fn at(text: &str) -> Timestamp {
        crate::civil_text::parse_instant(text).expect("an instant")
    }

    #[test]
    fn an_answer_fetched_in_the_future_is_not_replayed_as_final() {
        let ask = Ask {
            topic: Topic::Check { pair: 0 },
            query: "org:python is:pr created:2025-05-19..2025-05-22".into(),
            listing: None,
            covers_until: at("2025-05-23T04:00:00Z"),
        };
        let answer = Answer {
            total: 7,
            incomplete: false,
            items: Vec::new(),
            next: None,
        };
        let now = at("2026-12-05T00:00:00Z");
        for (fetched, replayed) in [
            ("2025-09-01T00:00:00Z", true),
            ("2026-12-05T00:30:00Z", true),
            ("2030-01-01T00:00:00Z", false),
        ] {
            let mut baked = BakedAnswers::new(&ApiBase::github(), Mode::Token, "v".into());
            baked.record(&ask, &answer, at(fetched));
            let text = baked.to_json();
            let replay = BakedAnswers::parse(&text)
                .expect("a file")
                .replay_at(now)
                .expect("replays");
            assert_eq!(
                replay.settled(&ask).is_some(),
                replayed,
                "fetched {fetched}"
            );
        }
    }
}
