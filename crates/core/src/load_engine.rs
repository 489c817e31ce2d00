//! The load engine: how a view's figures are fetched from GitHub, as a
//! state machine with no I/O. It owns the view's `Fetch` and the whole
//! policy: which request to send next, what a status code or rate-limit
//! header means, when to retry, when and why to wait, when to give up, and
//! which answers may be kept. A shell (the browser page, `sprintlift-bake`)
//! loops:
//!
//! ```text
//! engine.replay(cache)            answers it already has
//! match engine.poll(now) {
//!     Send(request) => engine.receive(&request, delivery, now)   → answers to keep
//!     Wait { until, why } => sleep until `until`, showing `why`
//!     Done | Failed(error) => stop
//! }
//! ```
//!
//! and performs exactly what it is told, one request at a time (GitHub asks
//! clients not to send searches in parallel). The clock is an argument.

use crate::api_base::ApiBase;
use crate::civil_text::seconds_later;
use crate::fetch_plan::{answer_from, Answer, Ask, Fetch, Mode};
use crate::github_exchange::{
    after_reset, read_delivery, request_for, Delivery, GithubError, HttpRequest, Quota,
};
use jiff::Timestamp;

/// Transient failures retried before giving up, waiting 1, 2, 4… seconds.
pub const RETRIES: u32 = 3;
/// Secondary-limit answers taken in a row before giving up.
pub const SECONDARY_PATIENCE: u32 = 4;
/// Wait after a used-up limit whose reset GitHub did not name, and the
/// first wait after a secondary limit without `retry-after` (GitHub: at
/// least a minute, then back off exponentially).
const UNNAMED_WAIT_SECONDS: i64 = 60;
/// The shortest wait before a request is sent again after a refusal: a
/// server (or a clock running ahead of GitHub's) that names a reset in the
/// past must not make the same request go out again at once.
pub const MIN_RESEND_SECONDS: i64 = 1;
/// A wait longer than this is not waited but said.
pub const MAX_WAIT_SECONDS: i64 = 3600;
/// Used-up limits in a row before giving up: GitHub's search bucket
/// refills within a minute, so several in a row mean the clocks disagree
/// or the server does not refill.
pub const RATE_LIMIT_PATIENCE: u32 = 5;
/// Pages one query can have: search reaches 1000 results, 100 a page.
pub const MAX_PAGES: usize = 10;
/// The request budget: a floor, plus this many requests per ask planned
/// at the start (counts, first pages, their pages and splits, retries and
/// follow-ups all fit well within it; see `budget_holds_every_real_load`).
const BUDGET_FLOOR: usize = 200;
const BUDGET_PER_ASK: usize = 50;

/// Why the engine waits, as the sentence the page shows beside its countdown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WaitReason {
    /// The bucket is empty: the next search goes out when it resets.
    #[error("Pacing to GitHub's limit of searches a minute.")]
    Pacing,
    #[error("GitHub's search rate limit is used up ({message}); sprintlift carries on by itself when it resets.")]
    RateLimited { message: String },
    #[error(
        "GitHub asked sprintlift to slow down ({message}); it waits as asked, then continues."
    )]
    SecondaryLimit { message: String },
    #[error("{error} Trying again, attempt {attempt} of {attempts}.")]
    Retry {
        error: GithubError,
        attempt: u32,
        attempts: u32,
    },
}

/// What the shell should do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Send this request and hand what comes back to `receive`.
    Send(HttpRequest),
    /// Send nothing before `until`; then poll again.
    Wait { until: Timestamp, why: WaitReason },
    /// Everything is answered.
    Done,
    /// The load ended early; the figures already known stay.
    Failed(GithubError),
}

/// An answer as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub ask: Ask,
    pub answer: Answer,
    /// Whether it can never change, so may be kept for good and never
    /// asked again: see [`is_final`].
    pub settled: bool,
}

/// Whether `answer`, fetched at `at`, is final: complete, and about time
/// that had ended more than a day before (GitHub's index catches up).
pub fn is_final(ask: &Ask, answer: &Answer, at: Timestamp) -> bool {
    ask.is_settled(at) && !answer.incomplete
}

/// A view's load in progress.
pub struct LoadEngine {
    fetch: Fetch,
    api: ApiBase,
    /// How requests go out: REST without a token, GraphQL with one. Usually
    /// the fetch's own mode; a page replaying a bake made with a token
    /// plans as the bake did and asks the rest over REST.
    transport: Mode,
    quota: Quota,
    /// Transient failures in a row.
    failures: u32,
    /// Secondary-limit answers in a row.
    secondary: u32,
    /// Used-up limits in a row.
    rate_limited: u32,
    wait: Option<(Timestamp, WaitReason)>,
    failed: Option<GithubError>,
    requests: usize,
    /// Requests this load may send before it is stopped as a runaway.
    budget: usize,
    /// Pages read per listing query, and each continuation already
    /// followed: a server may not send the load round in a circle.
    pages: std::collections::BTreeMap<String, (usize, Vec<String>)>,
}

impl LoadEngine {
    pub fn new(fetch: Fetch, api: ApiBase) -> LoadEngine {
        let (_, planned) = fetch.progress();
        LoadEngine {
            transport: fetch.mode(),
            fetch,
            api,
            quota: Quota::default(),
            failures: 0,
            secondary: 0,
            rate_limited: 0,
            wait: None,
            failed: None,
            requests: 0,
            budget: BUDGET_FLOOR.saturating_add(planned.saturating_mul(BUDGET_PER_ASK)),
            pages: std::collections::BTreeMap::new(),
        }
    }

    /// Requests this load may send in all.
    pub fn budget(&self) -> usize {
        self.budget
    }

    /// What the load knows so far, for the figures.
    pub fn fetch(&self) -> &Fetch {
        &self.fetch
    }

    /// Sends requests as `transport` says, whatever the fetch planned.
    pub fn asking_in(self, transport: Mode) -> LoadEngine {
        LoadEngine { transport, ..self }
    }

    /// How requests go out.
    pub fn transport(&self) -> Mode {
        self.transport
    }

    /// Requests handed out so far.
    pub fn requests(&self) -> usize {
        self.requests
    }

    /// Answers every ask that `lookup` knows (a cache, a baked file), so
    /// nothing it holds is asked again; returns how many it answered.
    ///
    /// What a cache or a file holds is outside data too: a page it holds
    /// is taken once, and a listing it leads round in a circle (a page
    /// whose next page is one already taken) stops being replayed, so
    /// the rest is asked of GitHub under the engine's own bounds.
    pub fn replay(&mut self, mut lookup: impl FnMut(&Ask) -> Option<Answer>) -> usize {
        let pages = &mut self.pages;
        answer_from(&mut self.fetch, |ask| {
            let Some(page) = &ask.listing else {
                return lookup(ask);
            };
            let (read, followed) = pages.entry(ask.query.clone()).or_default();
            let again = page.cursor.as_ref().is_some_and(|c| followed.contains(c));
            if again || *read >= MAX_PAGES {
                return None;
            }
            let answer = lookup(ask)?;
            *read = read.saturating_add(1);
            if let Some(cursor) = &page.cursor {
                followed.push(cursor.clone());
            }
            Some(answer)
        })
    }

    /// The next thing to do at `now`.
    pub fn poll(&mut self, now: Timestamp) -> Step {
        if let Some(error) = &self.failed {
            return Step::Failed(error.clone());
        }
        if let Some((until, why)) = &self.wait {
            if now < *until {
                return Step::Wait {
                    until: *until,
                    why: why.clone(),
                };
            }
            self.wait = None;
        }
        let batch = self.fetch.next_batch();
        if batch.is_empty() {
            return Step::Done;
        }
        // Pace by the search bucket: when it is empty, wait for its reset
        // rather than be refused.
        if let (Some(0), Some(reset)) = (self.quota.remaining, self.quota.resets_at) {
            let until = after_reset(reset);
            if now < until {
                if until > seconds_later(now, MAX_WAIT_SECONDS) {
                    return self.stop(too_long(until, &WaitReason::Pacing));
                }
                return Step::Wait {
                    until,
                    why: WaitReason::Pacing,
                };
            }
        }
        if self.requests >= self.budget {
            return self.stop(GithubError::Runaway {
                requests: self.requests,
            });
        }
        self.requests = self.requests.saturating_add(1);
        Step::Send(request_for(
            &self.api,
            self.transport,
            batch,
            self.failures > 0,
        ))
    }

    /// Takes what came back for `request` at `now`; returns the answers it
    /// carried, each saying whether it may be kept for good.
    pub fn receive(
        &mut self,
        request: &HttpRequest,
        delivery: &Delivery,
        now: Timestamp,
    ) -> Vec<Received> {
        let (result, quota) = read_delivery(&self.api, request, delivery);
        match result {
            Ok(mut answers) => {
                if let Some(query) = self.follows_a_circle(&request.asks, &mut answers) {
                    self.failed = Some(GithubError::PageLoop { query });
                    return Vec::new();
                }
                self.quota = quota;
                self.failures = 0;
                self.secondary = 0;
                self.rate_limited = 0;
                self.wait = None;
                let mut received = Vec::with_capacity(answers.len());
                for (ask, answer) in request.asks.iter().zip(answers) {
                    self.fetch.answer(ask, answer.clone());
                    received.push(Received {
                        settled: is_final(ask, &answer, now),
                        ask: ask.clone(),
                        answer,
                    });
                }
                received
            }
            Err(error) => {
                self.failed_with(error, now);
                Vec::new()
            }
        }
    }

    /// Ends the load with `error`.
    fn stop(&mut self, error: GithubError) -> Step {
        self.wait = None;
        self.failed = Some(error.clone());
        Step::Failed(error)
    }

    /// The listing query whose answer leads back to a page already read;
    /// records the pages otherwise. A listing that claims a page past the
    /// ten search can have ends there, said as possibly low (a count that
    /// grew past 1000 while it was being listed does that).
    fn follows_a_circle(&mut self, asks: &[Ask], answers: &mut [Answer]) -> Option<String> {
        for (ask, answer) in asks.iter().zip(answers) {
            let Some(page) = &ask.listing else { continue };
            let (read, followed) = self.pages.entry(ask.query.clone()).or_default();
            *read = read.saturating_add(1);
            if let Some(cursor) = &page.cursor {
                followed.push(cursor.clone());
            }
            let Some(next) = &answer.next else { continue };
            if followed.contains(next) {
                return Some(ask.query.clone());
            }
            if *read >= MAX_PAGES {
                answer.next = None;
                answer.incomplete = true;
            }
        }
        None
    }

    fn failed_with(&mut self, error: GithubError, now: Timestamp) {
        match error {
            GithubError::RateLimited { message, resets_at } => {
                self.quota = Quota::default();
                self.rate_limited = self.rate_limited.saturating_add(1);
                if self.rate_limited > RATE_LIMIT_PATIENCE {
                    self.failed = Some(GithubError::RateLimited { message, resets_at });
                    return;
                }
                // A reset that already looks past (the clocks disagree, or
                // the server says so) is no reset: wait as for an unnamed one.
                let earliest = seconds_later(now, MIN_RESEND_SECONDS);
                let until = resets_at
                    .map(after_reset)
                    .filter(|until| *until >= earliest)
                    .unwrap_or_else(|| seconds_later(now, UNNAMED_WAIT_SECONDS));
                self.wait_or_stop(now, until, WaitReason::RateLimited { message });
            }
            GithubError::SecondaryLimit {
                message,
                retry_after,
            } => {
                self.secondary = self.secondary.saturating_add(1);
                if self.secondary > SECONDARY_PATIENCE {
                    self.failed = Some(GithubError::SecondaryLimit {
                        message,
                        retry_after,
                    });
                    return;
                }
                let seconds = retry_after
                    .unwrap_or(UNNAMED_WAIT_SECONDS.saturating_mul(doubling(self.secondary)))
                    .max(MIN_RESEND_SECONDS);
                self.wait_or_stop(
                    now,
                    seconds_later(now, seconds),
                    WaitReason::SecondaryLimit { message },
                );
            }
            error if error.is_transient() && self.failures < RETRIES => {
                self.failures = self.failures.saturating_add(1);
                let seconds = doubling(self.failures);
                self.wait = Some((
                    seconds_later(now, seconds),
                    WaitReason::Retry {
                        error,
                        attempt: self.failures.saturating_add(1),
                        attempts: RETRIES + 1,
                    },
                ));
            }
            error => self.failed = Some(error),
        }
    }

    /// Waits until `until`, or stops when that is over an hour away.
    fn wait_or_stop(&mut self, now: Timestamp, until: Timestamp, why: WaitReason) {
        if until > seconds_later(now, MAX_WAIT_SECONDS) {
            self.failed = Some(too_long(until, &why));
        } else {
            self.wait = Some((until, why));
        }
    }
}

/// 1, 2, 4… for the 1st, 2nd, 3rd… time in a row (capped: the counts are
/// bounded by the patience constants long before).
fn doubling(times: u32) -> i64 {
    1i64 << times.saturating_sub(1).min(30)
}

fn too_long(until: Timestamp, why: &WaitReason) -> GithubError {
    GithubError::WaitTooLong {
        until: crate::civil_text::minute_text(until, jiff::tz::Offset::UTC),
        why: why.to_string().trim_end_matches('.').to_string(),
    }
}

#[cfg(test)]
mod tests;

#[cfg(any(test, feature = "fuzzing"))]
pub mod hostile;
