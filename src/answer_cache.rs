//! GitHub's answers kept in the browser's localStorage, so a shared link
//! opened twice costs no request and a reload continues where it stopped.
//!
//! Only answers about time that ended more than a day ago are kept (the
//! load engine says which); they are kept in the core's `StoredAnswer`
//! form, the one `sprintlift-bake` writes too. Entries are versioned, keyed by API base, mode,
//! query and page, and the whole cache is bounded: the oldest entries go
//! first. A storage that is missing or full only costs requests; an entry
//! that cannot be read is forgotten, asked again, and said (`unreadable`).

use sprintlift_core::api_base::ApiBase;
use sprintlift_core::fetch_plan::{Answer, Ask, Mode};
use sprintlift_core::load_engine::Received;
use sprintlift_core::stored_answer::{AnswerKey, StoredAnswer};
use web_sys::Storage;

/// Bumped whenever the stored shape or the meaning of an answer changes;
/// entries of other versions are removed on start.
const PREFIX: &str = "sprintlift/answers/v1/";
const INDEX: &str = "sprintlift/answers/v1-index";
/// Characters of answers kept at most (localStorage holds about 5 million).
const BUDGET: usize = 2_500_000;

pub struct AnswerCache {
    storage: Option<Storage>,
    /// Keys in the order they were written, with their sizes.
    index: Vec<(String, usize)>,
    /// Kept answers (or the index of them) that could not be read.
    unreadable: usize,
}

/// Kept answers that could not be read, as the page says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{0} of the answers this browser kept from an earlier visit could not be read (damaged, or written by another version): they were forgotten and asked again.")]
pub struct UnreadableAnswers(pub usize);

impl AnswerCache {
    pub fn open() -> AnswerCache {
        let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
        let text = storage
            .as_ref()
            .and_then(|s| s.get_item(INDEX).ok().flatten());
        // An index that cannot be read loses track of every entry: they are
        // removed below as untracked, and that is said.
        let (index, unreadable) = match text.map(|t| serde_json::from_str(&t)) {
            None => (Vec::new(), 0),
            Some(Ok(index)) => (index, 0),
            Some(Err(_)) => (Vec::new(), 1),
        };
        let mut cache = AnswerCache {
            storage,
            index,
            unreadable,
        };
        cache.forget_other_versions();
        cache
    }

    fn key(api: &ApiBase, mode: Mode, ask: &Ask) -> String {
        format!("{PREFIX}{}", AnswerKey::of(ask).text(api, mode))
    }

    /// The kept answer to `ask`, if there is one that can be read. One
    /// that cannot is removed, so it is asked again, and counted.
    pub fn get(&mut self, api: &ApiBase, mode: Mode, ask: &Ask) -> Option<Answer> {
        let storage = self.storage.as_ref()?;
        let key = Self::key(api, mode, ask);
        let text = storage.get_item(&key).ok().flatten()?;
        // An entry larger than the whole cache may be was not written by
        // this page: it is not parsed.
        let answer = (text.len() <= BUDGET)
            .then(|| serde_json::from_str::<StoredAnswer>(&text).ok())
            .flatten()
            .and_then(|stored| stored.answer().ok());
        if answer.is_none() {
            let _ = storage.remove_item(&key);
            self.index.retain(|(k, _)| *k != key);
            self.unreadable += 1;
        }
        answer
    }

    /// How many kept answers could not be read so far, if any.
    pub fn unreadable(&self) -> Option<UnreadableAnswers> {
        (self.unreadable > 0).then_some(UnreadableAnswers(self.unreadable))
    }

    /// Keeps the answers of one request that can no longer change. The
    /// index is written once per request, not once per answer: a request
    /// of a hundred checks would otherwise rewrite it a hundred times.
    pub fn put_all<'a>(
        &mut self,
        api: &ApiBase,
        mode: Mode,
        keep: impl Iterator<Item = &'a Received>,
    ) {
        let Some(storage) = self.storage.clone() else {
            return;
        };
        let entries: Vec<(String, String)> = keep
            .filter_map(|received| {
                let text = serde_json::to_string(&StoredAnswer::of(&received.answer)).ok()?;
                Some((Self::key(api, mode, &received.ask), text))
            })
            .collect();
        if entries.is_empty() {
            return;
        }
        let fresh: std::collections::BTreeSet<&str> =
            entries.iter().map(|(key, _)| key.as_str()).collect();
        self.index.retain(|(k, _)| !fresh.contains(k.as_str()));
        for (key, text) in &entries {
            self.index.push((key.clone(), text.len() + key.len()));
        }
        // Oldest first out until the rest fits (this request's answers stay).
        let mut total: usize = self.index.iter().map(|(_, size)| size).sum();
        while total > BUDGET && self.index.len() > entries.len() {
            let (old, size) = self.index.remove(0);
            total -= size;
            let _ = storage.remove_item(&old);
        }
        for (key, text) in &entries {
            // A full storage refuses the write: drop the oldest half and
            // retry once.
            if storage.set_item(key, text).is_err() {
                let half = self.index.len() / 2;
                for (old, _) in self.index.drain(..half) {
                    let _ = storage.remove_item(&old);
                }
                let kept = storage.set_item(key, text).is_ok();
                self.index.retain(|(k, _)| k != key);
                if kept {
                    self.index.push((key.clone(), text.len() + key.len()));
                }
            }
        }
        if let Ok(index) = serde_json::to_string(&self.index) {
            let _ = storage.set_item(INDEX, &index);
        }
    }

    fn forget_other_versions(&mut self) {
        let Some(storage) = &self.storage else {
            return;
        };
        let length = storage.length().unwrap_or(0);
        let stale: Vec<String> = (0..length)
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| {
                k.starts_with("sprintlift/answers/") && !k.starts_with(PREFIX) && k != INDEX
            })
            .collect();
        for key in stale {
            let _ = storage.remove_item(&key);
        }
        // Entries the index lost track of would never be evicted.
        let known: std::collections::BTreeSet<&str> =
            self.index.iter().map(|(k, _)| k.as_str()).collect();
        let untracked: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with(PREFIX) && !known.contains(k.as_str()))
            .collect();
        for key in untracked {
            let _ = storage.remove_item(&key);
        }
    }
}
