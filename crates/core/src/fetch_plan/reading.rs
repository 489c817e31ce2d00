//! What the answers add up to: tallies per window, what is listed, the
//! ledger and the authors' history.

use super::*;

impl Fetch {
    /// Which PRs the searches select.
    pub fn filters(&self) -> Filters {
        self.filters
    }

    /// The searches of `kind` in `window` as they were planned and asked,
    /// one per scope part: their totals are what `tally` adds up.
    pub fn queries(&self, window: usize, kind: QueryKind) -> Vec<String> {
        let mut parts: Vec<(usize, &str)> = self
            .listings
            .iter()
            .filter(|l| l.window == window && l.kind.query_kind() == kind)
            .map(|l| (l.chunk, l.root_query.as_str()))
            .chain(
                self.counts
                    .iter()
                    .filter(|c| c.window == window && c.kind.query_kind() == kind)
                    .map(|c| (c.chunk, c.query.as_str())),
            )
            .collect();
        sort_by_key(&mut parts, |(chunk, _)| *chunk);
        parts.into_iter().map(|(_, q)| q.to_string()).collect()
    }

    /// The count of `kind` in `window`, once every scope part is known.
    pub fn tally(&self, window: usize, kind: Kind) -> Option<Tally> {
        let mut tally = Tally::default();
        let mut any = false;
        for slot in self
            .counts
            .iter()
            .filter(|c| c.window == window && c.kind == kind)
        {
            let (value, incomplete) = slot.answer?;
            tally.value = tally.value.saturating_add(value);
            tally.possibly_low |= incomplete;
            any = true;
        }
        for listing in self
            .listings
            .iter()
            .filter(|l| l.window == window && l.kind == kind)
        {
            tally.value = tally.value.saturating_add(listing.total?);
            tally.possibly_low |= listing.incomplete;
            any = true;
        }
        any.then_some(tally)
    }

    /// Whether every count is known: opened, merged and closed unmerged
    /// in the sprint and each baseline window (what a script asking only
    /// for counts would compute).
    pub fn counts_known(&self) -> bool {
        (0..self.windows.len()).all(|w| Kind::ALL.iter().all(|k| self.tally(w, *k).is_some()))
    }

    /// Whether `window`'s PRs of `kind` are all listed.
    pub fn is_listed(&self, window: usize, kind: Kind) -> bool {
        let mut listings = self
            .listings
            .iter()
            .filter(|l| l.window == window && l.kind == kind)
            .peekable();
        listings.peek().is_some() && listings.all(Self::listing_done)
    }

    /// Whether `window`'s opened PRs are listed at all (with a token, or
    /// the sprint): the windows whose authors can be counted.
    pub fn lists_opened(&self, window: usize) -> bool {
        self.listings
            .iter()
            .any(|l| l.window == window && l.kind == Kind::Opened)
    }

    /// Every PR listed so far, each once, sorted by repository and number.
    /// Every listed PR once, numbered: what the figures are computed from.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Parts of listings GitHub could not list in full (more than 1000 PRs
    /// opened in one second): how many PRs are missing from the records.
    pub fn unlisted(&self) -> u64 {
        self.listings
            .iter()
            .flat_map(|l| l.splitter.parts())
            .filter(|p| p.capped)
            .map(|p| p.total.saturating_sub(MAX_REACHABLE))
            .sum()
    }

    /// What the checks found, in the form the metrics take; `None` until
    /// every planned check is answered.
    pub fn history(&self) -> Option<AuthorHistory> {
        if self.checks != ChecksState::Planned {
            return None;
        }
        let mut history = AuthorHistory::default();
        for pair in &self.pairs {
            // An earlier PR is before `before`; without one the first PR is
            // the earliest listed.
            let first = match pair.had_earlier? {
                true => seconds_later(pair.before, -1),
                false => pair.first_seen,
            };
            history
                .first_in_repo
                .entry(pair.repo.clone())
                .or_default()
                .insert(pair.author.clone(), first);
        }
        // A return is known only as "some PR within the period": it is
        // written as one PR at the earliest instant the period allows
        // beyond the shorter one, which is all the metrics look at.
        if self.followups_done() {
            let mut start_of: BTreeMap<&str, Timestamp> = BTreeMap::new();
            let mut periods = RETURN_PERIODS;
            sort(&mut periods);
            for later in self
                .later
                .iter()
                .filter(|l| l.answer.is_some_and(|n| n > 0))
            {
                let shorter = periods.iter().filter(|d| **d < later.days).max().copied();
                let at = self.return_period(shorter.unwrap_or(0)).end;
                let entry = start_of.entry(later.author.as_str()).or_insert(at);
                *entry = (*entry).min(at);
            }
            for (author, at) in start_of {
                history.later_prs.insert(author.to_string(), vec![at]);
            }
        }
        Some(history)
    }
}
