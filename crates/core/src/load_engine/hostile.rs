//! The engine against a server that answers anything: arbitrary statuses,
//! rate-limit headers, totals, cursors, `Link` headers, repeats and delays,
//! all drawn from bytes. `drive` checks the engine's guarantees on every
//! step and says which broke:
//!
//! - the load ends (done or a sentence) within its request budget;
//! - no wait is over an hour, and none has already ended;
//! - the same request never goes out again without a wait of at least a
//!   second since it last went out.
//!
//! The fuzz target `load_engine` feeds it coverage-guided bytes; the
//! property test below, random ones. Compiled for tests and the fuzzer
//! only (feature `fuzzing`), never into the app.

use super::{LoadEngine, Step, MAX_WAIT_SECONDS, MIN_RESEND_SECONDS};
use crate::api_base::ApiBase;
use crate::civil_text::seconds_later;
use crate::event_window::UtcWindow;
use crate::fetch_plan::{Answer, Fetch, Mode};
use crate::github_exchange::{Delivery, HttpRequest, Method};
use crate::pr::Filters;
use crate::search_query::Scope;
use jiff::Timestamp;
use std::collections::BTreeMap;

/// Bytes read one draw at a time; zeros once they run out.
struct Draws<'a>(&'a [u8]);

impl Draws<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&first, rest)) => {
                self.0 = rest;
                first
            }
            None => 0,
        }
    }

    /// True for one byte in `n`.
    fn one_in(&mut self, n: u8) -> bool {
        self.byte().is_multiple_of(n)
    }

    fn below(&mut self, n: u64) -> u64 {
        let wide = u64::from(self.byte()) << 8 | u64::from(self.byte());
        wide % n.max(1)
    }

    /// A number from a few sizes: small, near GitHub's caps, or huge.
    fn number(&mut self) -> u64 {
        match self.byte() % 6 {
            0 => self.below(20),
            1 => self.below(2_000),
            2 => 999 + self.below(3),
            3 => self.below(100_000),
            4 => u64::from(u32::MAX) + self.below(10),
            _ => u64::MAX - self.below(10),
        }
    }

    /// Seconds from now: past, near, far or absurd.
    fn offset(&mut self) -> i64 {
        match self.byte() % 5 {
            0 => -(self.below(100_000) as i64),
            1 => self.below(120) as i64,
            2 => self.below(7_200) as i64,
            3 => 0,
            _ => i64::MAX / 2,
        }
    }
}

/// The identities of the questions a request asks (its asks' queries and
/// pages; a GraphQL request asks several): a question asked twice is the
/// same question, whatever else went out with it.
fn identities(request: &HttpRequest) -> Vec<String> {
    request
        .asks
        .iter()
        .map(|ask| {
            let page = ask.listing.as_ref().map(|p| p.cursor.as_deref());
            format!("{} {page:?}", ask.query)
        })
        .collect()
}

/// Drives one load against the server `data` describes; `Err` names the
/// guarantee that broke.
pub fn drive(data: &[u8]) -> Result<(), String> {
    let mut draws = Draws(data);
    let mode = if draws.one_in(2) {
        Mode::Anonymous
    } else {
        Mode::Token
    };
    let start = Timestamp::from_second(1_750_000_000).map_err(|e| e.to_string())?;
    let day = 86_400;
    let windows: Vec<UtcWindow> = (0..3)
        .map(|w| {
            let from = seconds_later(start, -(w * 7 + 30) * day);
            UtcWindow::utc(from, seconds_later(from, 4 * day))
        })
        .collect();
    let fetch = Fetch::new(mode, &Scope::org("o"), Filters::none(), windows);
    let mut engine = LoadEngine::new(fetch, ApiBase::github());
    let budget = engine.budget();
    // First what a cache or a baked file holds, as hostile as the server:
    // the replay must end, whatever the pages say comes next. Its bound:
    // every listing cut into at most MAX_PARTS ranges of MAX_PAGES pages.
    let most = 64 * crate::listing_split::MAX_PARTS * (1 + super::MAX_PAGES);
    let mut lookups = 0usize;
    // Like a real cache, the same question gets the same answer each time.
    let mut held: BTreeMap<String, Option<Answer>> = BTreeMap::new();
    engine.replay(|ask| {
        lookups += 1;
        if lookups > most {
            return None;
        }
        let key = format!("{} {:?}", ask.query, ask.listing);
        held.entry(key)
            .or_insert_with(|| {
                if draws.one_in(3) {
                    return None;
                }
                Some(Answer {
                    total: draws.number().min(crate::github_answers::MAX_COUNT),
                    incomplete: draws.one_in(4),
                    items: Vec::new(),
                    next: ask.listing.as_ref().and(match draws.byte() % 3 {
                        0 => None,
                        1 => ask
                            .listing
                            .as_ref()
                            .and_then(|p| p.cursor.clone())
                            .or(Some("2".into())),
                        _ => Some(format!("{}", draws.below(12))),
                    }),
                })
            })
            .clone()
    });
    if lookups > most {
        return Err(format!("the replay looked up {lookups} answers"));
    }
    let mut now = start;
    // For each request sent: the longest wait since it last went out.
    let mut sent: BTreeMap<String, i64> = BTreeMap::new();
    let polls = budget.saturating_mul(3).saturating_add(10);
    for _ in 0..polls {
        match engine.poll(now) {
            Step::Send(request) => {
                if engine.requests() > budget {
                    return Err(format!(
                        "{} requests, over the budget of {budget}",
                        engine.requests()
                    ));
                }
                for id in identities(&request) {
                    if let Some(waited) = sent.get(&id) {
                        if *waited < MIN_RESEND_SECONDS {
                            return Err(format!("asked again after waiting {waited} s: {id}"));
                        }
                    }
                    sent.insert(id, 0);
                }
                now = seconds_later(now, draws.below(90) as i64);
                let delivery = answer(&mut draws, &request, now);
                engine.receive(&request, &delivery, now);
            }
            Step::Wait { until, .. } => {
                if until <= now {
                    return Err("a wait that has already ended".into());
                }
                let seconds = until.as_second() - now.as_second();
                if seconds > MAX_WAIT_SECONDS {
                    return Err(format!("a wait of {seconds} s"));
                }
                for waited in sent.values_mut() {
                    *waited = (*waited).max(seconds);
                }
                now = until;
            }
            Step::Done | Step::Failed(_) => return Ok(()),
        }
    }
    Err(format!("no end after {polls} polls"))
}

/// What the hostile server answers to `request`.
fn answer(draws: &mut Draws, request: &HttpRequest, now: Timestamp) -> Delivery {
    match draws.byte() % 16 {
        0 => return Delivery::Unreachable("dropped".into()),
        1 => return Delivery::Unreadable("cut".into()),
        _ => {}
    }
    let status = match draws.byte() % 12 {
        0 => 403,
        1 => 429,
        2 => 422,
        3 => 401,
        4 => 500 + draws.below(5) as u16,
        5 => draws.below(600) as u16,
        _ => 200,
    };
    let mut headers = Vec::new();
    if draws.one_in(2) {
        let remaining = if draws.one_in(2) { 0 } else { draws.number() };
        headers.push(("x-ratelimit-remaining".to_string(), remaining.to_string()));
    }
    if draws.one_in(2) {
        let reset = now.as_second().saturating_add(draws.offset());
        headers.push(("x-ratelimit-reset".to_string(), reset.to_string()));
    }
    if draws.one_in(3) {
        headers.push(("retry-after".to_string(), draws.offset().to_string()));
    }
    let body = match (status, request.method) {
        (200, Method::Get) => {
            let page = request
                .url
                .rsplit_once("page=")
                .and_then(|(_, p)| p.parse::<u64>().ok())
                .unwrap_or(1);
            let next = match draws.byte() % 4 {
                0 => Some(page),
                1 => Some(page.saturating_add(1)),
                2 => Some(draws.number()),
                _ => None,
            };
            if let Some(next) = next {
                headers.push((
                    "link".to_string(),
                    format!("<https://api.github.com/search/issues?q=x&page={next}>; rel=\"next\""),
                ));
            }
            format!(
                r#"{{"total_count": {}, "incomplete_results": {}, "items": []}}"#,
                draws.number(),
                draws.one_in(4)
            )
        }
        (200, Method::Post) => {
            let searches: Vec<String> = (0..request.asks.len())
                .map(|i| {
                    // Few cursors, so repeats are likely.
                    format!(
                        r#""s{i}": {{"issueCount": {}, "pageInfo": {{"hasNextPage": {}, "endCursor": "c{}"}}, "nodes": []}}"#,
                        draws.number(),
                        draws.one_in(2),
                        draws.byte() % 4
                    )
                })
                .collect();
            if draws.one_in(8) {
                r#"{"errors": [{"type": "RATE_LIMITED", "message": "limited"}]}"#.to_string()
            } else {
                format!(r#"{{"data": {{{}}}}}"#, searches.join(","))
            }
        }
        _ => r#"{"message": "no"}"#.to_string(),
    };
    Delivery::Answered {
        status,
        headers,
        body,
    }
}

// proptest's randomness does not build for wasm32.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn every_load_against_any_server_ends_within_its_guarantees(
            data in proptest::collection::vec(any::<u8>(), 0..4096)
        ) {
            prop_assert_eq!(drive(&data), Ok(()));
        }
    }

    #[test]
    fn a_well_behaved_server_is_driven_to_the_end() {
        // All zeros: anonymous, every connection dropped: retried, then
        // said.
        assert_eq!(drive(&[0; 64]), Ok(()));
    }
}
