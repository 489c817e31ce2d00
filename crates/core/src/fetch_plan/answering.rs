//! Taking an answer: counts into their slots, listing pages into the
//! ledger, and the splitting of listings past GitHub's cap.

use super::*;

impl Fetch {
    /// Takes GitHub's answer to `ask`. An answer to something no longer
    /// asked (a repeat, or a stale reply) changes nothing.
    pub fn answer(&mut self, ask: &Ask, answer: Answer) -> bool {
        let used = match ask.topic {
            Topic::Count {
                window,
                kind,
                chunk,
            } => self.take_count(window, kind, chunk, &answer),
            Topic::Page {
                window,
                kind,
                chunk,
                range,
            } => self.take_page(window, kind, chunk, range, ask, answer),
            Topic::Check { pair } => match self.pairs.get_mut(pair) {
                Some(p) if p.had_earlier.is_none() => {
                    p.had_earlier = Some(answer.total > 0);
                    // A sprint newcomer, found: with a token, ask at once
                    // whether they came back.
                    let sprint = self.windows.first().map(|w| w.start);
                    if self.mode == Mode::Token && answer.total == 0 && Some(p.before) == sprint {
                        let author = p.author.clone();
                        self.plan_return_of(author);
                    }
                    true
                }
                _ => false,
            },
            Topic::Day { day, chunk } => match self
                .timeline
                .get_mut(day)
                .and_then(|(_, _, parts)| parts.get_mut(chunk))
            {
                Some(slot) if slot.is_none() => {
                    *slot = Some((answer.total, answer.incomplete));
                    true
                }
                _ => false,
            },
            Topic::Later { index } => match self.later.get_mut(index) {
                Some(l) if l.answer.is_none() => {
                    l.answer = Some(answer.total);
                    true
                }
                _ => false,
            },
        };
        if used {
            self.answered = self.answered.saturating_add(1);
        }
        self.plan_checks();
        self.plan_later();
        used
    }

    pub(super) fn take_count(
        &mut self,
        window: usize,
        kind: Kind,
        chunk: usize,
        answer: &Answer,
    ) -> bool {
        let slot = self
            .counts
            .iter_mut()
            .find(|c| c.window == window && c.kind == kind && c.chunk == chunk);
        match slot {
            Some(slot) if slot.answer.is_none() => {
                slot.answer = Some((answer.total, answer.incomplete));
                true
            }
            _ => false,
        }
    }

    pub(super) fn take_page(
        &mut self,
        window: usize,
        kind: Kind,
        chunk: usize,
        range: Range,
        ask: &Ask,
        answer: Answer,
    ) -> bool {
        let Some(place) = self
            .listings
            .iter()
            .position(|l| l.window == window && l.kind == kind && l.chunk == chunk)
        else {
            return false;
        };
        let listing = &mut self.listings[place];
        let ledger = &mut self.ledger;
        // In the order `records` gives: by listing, then by time range.
        let mut keep = |items: &[PrRecord]| {
            for pr in items {
                ledger.insert(pr.clone(), (place, range.start));
            }
        };
        let cursor = ask.listing.as_ref().and_then(|p| p.cursor.clone());
        match cursor {
            None => {
                if listing.splitter.next() != Some(range) {
                    return false;
                }
                listing.total.get_or_insert(answer.total);
                listing.incomplete |= answer.incomplete;
                listing.splitter.counted(range, answer.total);
                let kept =
                    answer.total <= MAX_REACHABLE || range.end.saturating_sub(range.start) <= 1;
                if kept {
                    keep(&answer.items);
                }
                listing.ranges.insert(
                    range,
                    RangeState {
                        items: if kept { answer.items } else { Vec::new() },
                        next: if kept { answer.next } else { None },
                        kept,
                    },
                );
                true
            }
            Some(cursor) => match listing.ranges.get_mut(&range) {
                Some(state) if state.next.as_deref() == Some(cursor.as_str()) => {
                    listing.incomplete |= answer.incomplete;
                    keep(&answer.items);
                    state.items.extend(answer.items);
                    state.next = answer.next;
                    true
                }
                _ => false,
            },
        }
    }

    pub(super) fn listing_done(listing: &Listing) -> bool {
        listing.splitter.is_done() && listing.ranges.values().all(|r| r.next.is_none())
    }
}
