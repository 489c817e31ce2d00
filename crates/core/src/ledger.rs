//! The PRs a load has listed, each once, with its repository and author
//! numbered as it arrives. The figures are computed after every answer;
//! numbering there meant hashing every record's strings every time (three
//! quarters of the compute), where here each record is numbered once.

use crate::pr::PrRecord;
use rustc_hash::FxHashMap;

/// Where a copy of a PR came from: the listing's place in the fetch, then
/// the start of its time range. When two listings carry the same PR (its
/// opened and its merged listing, read at different moments), the copy
/// from the first listing in that order is kept, whatever order the
/// answers came in.
pub type Rank = (usize, i64);

/// A PR's numbers, for the passes over windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numbered {
    pub repo: u32,
    pub author: u32,
    /// The (repository, author) pair: who is new where.
    pub pair: u32,
    /// Today's association says this was a first contribution.
    pub first_time_association: bool,
    /// Epoch seconds; `NEVER` where the event has not happened.
    pub created: i64,
    pub merged: i64,
    pub closed_unmerged: i64,
}

/// No such event (yet).
pub const NEVER: i64 = i64::MAX;

/// Associations GitHub gives to a first contribution (used only as a
/// fallback: they describe today, not the day of the PR).
const FIRST_TIME_ASSOCIATIONS: &[&str] = &["FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER"];

#[derive(Debug, Clone, Default)]
pub struct Ledger {
    records: Vec<PrRecord>,
    numbered: Vec<Numbered>,
    ranks: Vec<Rank>,
    /// (repository number, PR number) → index in `records`.
    by_key: FxHashMap<(u32, u64), u32>,
    repo_ids: FxHashMap<Box<str>, u32>,
    repo_names: Vec<Box<str>>,
    author_ids: FxHashMap<Box<str>, u32>,
    author_names: Vec<Box<str>>,
    /// (repository << 32 | author) → pair number.
    pair_ids: FxHashMap<u64, u32>,
}

impl Ledger {
    /// `records` as given, each kept and numbered even when two share a
    /// repository and number (test tables reuse numbers); a later `insert`
    /// of such a PR meets the first of them.
    pub fn of(records: &[PrRecord]) -> Ledger {
        let mut ledger = Ledger::default();
        for pr in records {
            let numbered = ledger.number(pr);
            let index = ledger.records.len() as u32;
            ledger
                .by_key
                .entry((numbered.repo, pr.number))
                .or_insert(index);
            ledger.records.push(pr.clone());
            ledger.numbered.push(numbered);
            ledger.ranks.push((0, 0));
        }
        ledger
    }

    /// Adds `pr`, or replaces the copy already kept if `rank` comes before
    /// that copy's (an equal rank keeps the first: a page repeated).
    pub fn insert(&mut self, pr: PrRecord, rank: Rank) {
        let numbered = self.number(&pr);
        match self.by_key.get(&(numbered.repo, pr.number)) {
            Some(&i) => {
                let i = i as usize;
                if rank < self.ranks[i] {
                    self.records[i] = pr;
                    self.numbered[i] = numbered;
                    self.ranks[i] = rank;
                }
            }
            None => {
                self.by_key
                    .insert((numbered.repo, pr.number), self.records.len() as u32);
                self.records.push(pr);
                self.numbered.push(numbered);
                self.ranks.push(rank);
            }
        }
    }

    /// `pr`'s numbers, giving its repository and author theirs on first
    /// sight.
    fn number(&mut self, pr: &PrRecord) -> Numbered {
        let repo = intern(&mut self.repo_ids, &mut self.repo_names, &pr.repo);
        let author = intern(&mut self.author_ids, &mut self.author_names, &pr.author);
        let pairs = self.pair_ids.len() as u32;
        let pair = *self
            .pair_ids
            .entry((u64::from(repo) << 32) | u64::from(author))
            .or_insert(pairs);
        Numbered {
            repo,
            author,
            pair,
            first_time_association: FIRST_TIME_ASSOCIATIONS.contains(&pr.association.as_str()),
            created: pr.created_at.as_second(),
            merged: pr.merged_at.map_or(NEVER, |t| t.as_second()),
            closed_unmerged: match (pr.merged_at, pr.closed_at) {
                (None, Some(closed)) => closed.as_second(),
                _ => NEVER,
            },
        }
    }

    /// The records, in the order they first arrived.
    pub fn records(&self) -> &[PrRecord] {
        &self.records
    }

    /// The records' numbers, in the same order.
    pub fn numbered(&self) -> &[Numbered] {
        &self.numbered
    }

    pub fn repo_name(&self, repo: u32) -> &str {
        self.repo_names.get(repo as usize).map_or("", |n| n)
    }

    pub fn author_name(&self, author: u32) -> &str {
        self.author_names.get(author as usize).map_or("", |n| n)
    }

    pub fn repos(&self) -> usize {
        self.repo_names.len()
    }

    pub fn authors(&self) -> usize {
        self.author_names.len()
    }

    /// How many (repository, author) pairs have a number.
    pub fn pairs(&self) -> usize {
        self.pair_ids.len()
    }
}

/// The number of `name`, given on first sight.
fn intern(ids: &mut FxHashMap<Box<str>, u32>, names: &mut Vec<Box<str>>, name: &str) -> u32 {
    if let Some(&id) = ids.get(name) {
        return id;
    }
    let id = names.len() as u32;
    names.push(name.into());
    ids.insert(name.into(), id);
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pr::fixtures::{merged, pr};

    #[test]
    fn a_pr_inserted_after_of_is_not_kept_twice() {
        let open = pr("python/cpython", "a", "2025-05-19T12:00:00Z");
        let mut ledger = Ledger::of(std::slice::from_ref(&open));
        ledger.insert(merged(open, "2025-05-20T12:00:00Z"), (0, 0));
        assert_eq!(ledger.records().len(), 1);
    }

    #[test]
    fn each_pr_is_kept_once_and_the_first_listings_copy_wins() {
        let open = pr("python/cpython", "a", "2025-05-19T12:00:00Z");
        let later = merged(open.clone(), "2025-05-20T12:00:00Z");
        let other = pr("python/mypy", "a", "2025-05-19T13:00:00Z");
        // The merged listing (rank 1) answered before the opened one (0):
        // the opened listing's copy still wins, as if answered in order.
        let mut ledger = Ledger::default();
        ledger.insert(later.clone(), (1, 0));
        ledger.insert(other.clone(), (0, 0));
        ledger.insert(open.clone(), (0, 0));
        assert_eq!(ledger.records(), [open.clone(), other.clone()]);
        assert_eq!(ledger.numbered()[0].merged, NEVER);
        // A later copy of an equal or later rank changes nothing.
        ledger.insert(later.clone(), (0, 0));
        ledger.insert(later, (2, 0));
        assert_eq!(ledger.records(), [open, other]);
        // One author, two repositories: numbered once each.
        assert_eq!((ledger.repos(), ledger.authors()), (2, 1));
        assert_eq!(ledger.repo_name(1), "python/mypy");
        assert_eq!(ledger.author_name(0), "a");
    }
}
