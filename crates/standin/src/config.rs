//! How the stand-in behaves beyond answering: rate limits, latency, faults.

use std::ops::RangeInclusive;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    /// Search requests per minute without a token (GitHub: 10).
    pub search_per_minute_anonymous: u32,
    /// Search requests per minute with a token (GitHub: 30).
    pub search_per_minute_token: u32,
    /// How long a rate-limit "minute" lasts in real time: 60 s mirrors
    /// GitHub; tests shrink it so a wait takes a moment, not a minute.
    pub minute: Duration,
    /// Added before every answer.
    pub latency: Duration,
    /// Up to this much more, drawn per request.
    pub jitter: Duration,
    /// Tokens the stand-in accepts; any other gets 401 "Bad credentials".
    pub tokens: Vec<String>,
    pub faults: Vec<FaultRule>,
    /// Seed of the jitter draws.
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            search_per_minute_anonymous: 10,
            search_per_minute_token: 30,
            minute: Duration::from_secs(60),
            latency: Duration::ZERO,
            jitter: Duration::ZERO,
            tokens: vec!["test-token".to_string()],
            faults: Vec::new(),
            seed: 1,
        }
    }
}

impl Config {
    /// Rate limits that never bite, for tests about something else.
    pub fn unlimited() -> Config {
        Config {
            search_per_minute_anonymous: u32::MAX,
            search_per_minute_token: u32::MAX,
            ..Config::default()
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Search,
    Graphql,
    Any,
}

/// A fault served to the requests of `route` whose 1-based number on that
/// route is in `requests`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRule {
    pub route: Route,
    pub requests: RangeInclusive<u64>,
    pub fault: Fault,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this HTTP status and GitHub's error shape.
    Status(u16),
    /// Send the headers, then cut the connection before the body.
    Drop,
    /// Send the first half of the body only.
    TruncatedJson,
    /// Answer normally but say `incomplete_results: true`.
    Incomplete,
    /// Wait this long before answering.
    Delay(Duration),
    /// GitHub's secondary rate limit: 403 with a message, and `retry-after`
    /// seconds when given.
    SecondaryLimit { retry_after: Option<u64> },
    /// The same limit as GitHub also answers it: 429 Too Many Requests.
    TooManyRequests { retry_after: Option<u64> },
    /// 302 Found to this address (a proxy or a hostile server moving the
    /// request elsewhere).
    Redirect(String),
}
