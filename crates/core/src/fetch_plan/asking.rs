//! What to ask next: the ready asks, headline first, and how they are
//! batched for GraphQL and spelled for each listing's time range.

use super::*;

impl Fetch {
    /// Everything that can be asked now, most wanted first: the sprint's
    /// first pages (its headline), the baseline, the rest of the sprint's
    /// listings, the rest of the baseline's, the earlier-PR checks.
    pub fn ready(&self) -> Vec<Ask> {
        let mut tiers: [Vec<Ask>; 5] = Default::default();
        for listing in &self.listings {
            for ask in self.listing_asks(listing) {
                let first = listing.total.is_none();
                let tier = match (listing.window == 0, first) {
                    (true, true) => 0,
                    (false, true) => 1,
                    (true, false) => 2,
                    (false, false) => 3,
                };
                tiers[tier].push(ask);
            }
        }
        for slot in self.counts.iter().filter(|c| c.answer.is_none()) {
            tiers[1].push(Ask {
                topic: Topic::Count {
                    window: slot.window,
                    kind: slot.kind,
                    chunk: slot.chunk,
                },
                query: slot.query.clone(),
                listing: None,
                covers_until: self.windows[slot.window].end,
            });
        }
        // Pairs and follow-ups exist only once they may be asked, or
        // (without a token) to be counted before being judged too costly.
        if !matches!(self.checks, ChecksState::TooCostly { .. }) {
            for (index, pair) in self.pairs.iter().enumerate() {
                if pair.had_earlier.is_none() {
                    tiers[4].push(Ask {
                        topic: Topic::Check { pair: index },
                        query: earlier_pr_query(&pair.repo, &pair.author, pair.before),
                        listing: None,
                        covers_until: pair.before,
                    });
                }
            }
        }
        for (day, (_, utc, parts)) in self.timeline.iter().enumerate() {
            for (chunk, part) in parts.iter().enumerate() {
                if part.is_none() {
                    let scope = &self.scope_chunks[chunk];
                    let query = figure_queries(QueryKind::Opened, scope, &self.filters, utc)
                        .into_iter()
                        .next()
                        .unwrap_or_default();
                    tiers[1].push(Ask {
                        topic: Topic::Day { day, chunk },
                        query,
                        listing: None,
                        covers_until: utc.end,
                    });
                }
            }
        }
        if !matches!(self.later_state, ChecksState::TooCostly { .. }) {
            for (index, later) in self.later.iter().enumerate() {
                if later.answer.is_none() {
                    let period = self.return_period(later.days);
                    let scope = &self.scope_chunks[later.chunk];
                    tiers[4].push(Ask {
                        topic: Topic::Later { index },
                        query: later_pr_query(scope, &later.author, &period),
                        listing: None,
                        covers_until: period.end,
                    });
                }
            }
        }
        // Baseline asks alternate by window within their tier, so each
        // window's figures arrive together rather than one figure at a time.
        sort_by_key(&mut tiers[1], |a| match a.topic {
            Topic::Count { window, kind, .. } | Topic::Page { window, kind, .. } => (kind, window),
            Topic::Check { .. } | Topic::Later { .. } | Topic::Day { .. } => {
                (Kind::ClosedUnmerged, usize::MAX)
            }
        });
        tiers.into_iter().flatten().collect()
    }

    /// The asks to send in one request: the first ready ask without a
    /// token; with one, as many as fit a GraphQL request.
    pub fn next_batch(&self) -> Vec<Ask> {
        let ready = self.ready();
        match self.mode {
            Mode::Anonymous => ready.into_iter().take(1).collect(),
            Mode::Token => {
                let mut nodes: u64 = 0;
                let mut batch = Vec::new();
                for ask in ready {
                    if batch.len() == MAX_ALIASES || nodes.saturating_add(ask.nodes()) > MAX_NODES {
                        break;
                    }
                    nodes = nodes.saturating_add(ask.nodes());
                    batch.push(ask);
                }
                batch
            }
        }
    }

    pub(super) fn listing_asks(&self, listing: &Listing) -> Vec<Ask> {
        let covers_until = self.windows[listing.window].end;
        let mut asks = Vec::new();
        let topic = |range| Topic::Page {
            window: listing.window,
            kind: listing.kind,
            chunk: listing.chunk,
            range,
        };
        // A range waiting to be counted: its first page counts it.
        if let Some(range) = listing.splitter.next() {
            asks.push(Ask {
                topic: topic(range),
                query: self.range_query(listing, range),
                listing: Some(PageRequest { cursor: None }),
                covers_until,
            });
        }
        for (range, state) in &listing.ranges {
            if let (true, Some(cursor)) = (state.kept, &state.next) {
                asks.push(Ask {
                    topic: topic(*range),
                    query: self.range_query(listing, *range),
                    listing: Some(PageRequest {
                        cursor: Some(cursor.clone()),
                    }),
                    covers_until,
                });
            }
        }
        asks
    }

    /// The query listing `range` of `listing`: the figure's own query for
    /// the whole window, a UTC-dated one for a part of it.
    pub(super) fn range_query(&self, listing: &Listing, range: Range) -> String {
        let whole = &self.windows[listing.window];
        if range.start == whole.start.as_second() && range.end == whole.end.as_second() {
            return listing.root_query.clone();
        }
        figure_queries(
            listing.kind.query_kind(),
            &listing.scope,
            &self.filters,
            &range.window(),
        )
        .into_iter()
        .next()
        .unwrap_or_default()
    }
}

/// Results reachable in `range` of `listing` (under the cap).
pub(super) fn listing_reach(listing: &Listing, range: Range) -> u64 {
    listing
        .splitter
        .parts()
        .iter()
        .find(|p| p.range == range)
        .map_or(0, |p| p.total.min(MAX_REACHABLE))
}
