//! Who is new and who came back: the earlier-PR checks of each listed
//! (repository, author) pair and the sprint newcomers' later PRs, and
//! whether they are affordable without a token.

use super::*;

impl Fetch {
    /// The days after the sprint in which a return counts.
    pub(super) fn return_period(&self, days: i64) -> UtcWindow {
        let end = self
            .windows
            .first()
            .map_or(Timestamp::UNIX_EPOCH, |w| w.end);
        UtcWindow::utc(end, seconds_later(end, days.saturating_mul(24 * 3600)))
    }

    /// The sprint's newcomers: authors with a pair first seen in the
    /// sprint and no PR before it. Sorted.
    pub(super) fn sprint_newcomers(&self) -> Vec<String> {
        let Some(sprint) = self.windows.first() else {
            return Vec::new();
        };
        let mut newcomers: Vec<String> = self
            .pairs
            .iter()
            .filter(|p| p.before == sprint.start && p.had_earlier == Some(false))
            .map(|p| p.author.clone())
            .collect();
        sort(&mut newcomers);
        newcomers.dedup();
        newcomers
    }

    /// Once every check is answered, settles the follow-ups of the
    /// sprint's newcomers (did they come back?). With a token they were
    /// planned one newcomer at a time as the checks found them; without
    /// one they are planned now, and only if they are few.
    pub(super) fn plan_later(&mut self) {
        let checked = self.checks == ChecksState::Planned
            && self.pairs.iter().all(|p| p.had_earlier.is_some());
        if self.later_state != ChecksState::Waiting || !checked {
            return;
        }
        if self.mode == Mode::Anonymous {
            for author in self.sprint_newcomers() {
                self.plan_return_of(author);
            }
        }
        self.later_state = self.affordable(self.later.len());
    }

    /// Whether `asks` one-request-each questions are worth asking: always
    /// with a token, a few without.
    pub(super) fn affordable(&self, asks: usize) -> ChecksState {
        if self.mode == Mode::Anonymous && asks > ANONYMOUS_CHECK_BUDGET {
            ChecksState::TooCostly { pairs: asks }
        } else {
            ChecksState::Planned
        }
    }

    /// Plans whether `author` came back after the sprint, once.
    pub(super) fn plan_return_of(&mut self, author: String) {
        if self.later.iter().any(|l| l.author == author) {
            return;
        }
        for days in RETURN_PERIODS {
            for chunk in 0..self.scope_chunks.len() {
                self.later.push(Later {
                    author: author.clone(),
                    days,
                    chunk,
                    answer: None,
                });
            }
        }
    }

    /// Whether the follow-ups of the newcomers are planned, waiting or too
    /// costly without a token.
    pub fn followups(&self) -> ChecksState {
        self.later_state
    }

    /// Whether every follow-up is answered.
    pub fn followups_done(&self) -> bool {
        self.later_state == ChecksState::Planned && self.later.iter().all(|l| l.answer.is_some())
    }

    /// Works out the (repository, author) pairs to check as the opened-PR
    /// listings complete. A pair is checked for a PR before the earliest
    /// window it appears in, so a window's pairs are final once it and
    /// every window that starts earlier are listed: with a token they are
    /// checked from then on, riding in the requests that still carry
    /// listing pages. Without a token every pair costs a request, so the
    /// pairs are counted first and checked only if they are few.
    pub(super) fn plan_checks(&mut self) {
        if self.checks != ChecksState::Waiting {
            return;
        }
        let mut order: Vec<usize> = (0..self.windows.len())
            .filter(|w| self.lists_opened(*w))
            .collect();
        sort_by_key(&mut order, |w| self.windows[*w].start);
        let listed = order
            .iter()
            .take_while(|w| {
                self.listings
                    .iter()
                    .filter(|l| l.window == **w && l.kind == Kind::Opened)
                    .all(Self::listing_done)
            })
            .count();
        let complete = listed == order.len();
        if listed == self.pairs_through || (self.mode == Mode::Anonymous && !complete) {
            return;
        }
        // Every pair of the listed windows, as if planned at once; those
        // planned before are final already and stay as they are.
        let mut pairs: BTreeMap<(String, String), Pair> = BTreeMap::new();
        for window in &order[..listed] {
            let start = self.windows[*window].start;
            let listings = self
                .listings
                .iter()
                .filter(|l| l.window == *window && l.kind == Kind::Opened);
            for pr in listings.flat_map(|l| l.ranges.values().flat_map(|r| &r.items)) {
                if crate::pr::login_is_bot(&pr.author) || pr.author.is_empty() {
                    continue;
                }
                let entry = pairs
                    .entry((pr.repo.clone(), pr.author.clone()))
                    .or_insert(Pair {
                        repo: pr.repo.clone(),
                        author: pr.author.clone(),
                        before: start,
                        first_seen: pr.created_at,
                        had_earlier: None,
                    });
                entry.before = entry.before.min(start);
                entry.first_seen = entry.first_seen.min(pr.created_at);
            }
        }
        for planned in &self.pairs {
            pairs.remove(&(planned.repo.clone(), planned.author.clone()));
        }
        self.pairs.extend(pairs.into_values());
        self.pairs_through = listed;
        if complete {
            self.checks = self.affordable(self.pairs.len());
        }
    }

    pub fn checks(&self) -> ChecksState {
        self.checks
    }
}
