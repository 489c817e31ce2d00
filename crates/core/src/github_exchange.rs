//! One exchange with GitHub as data: the HTTP request that answers some
//! asks, and what came back (status, the headers that matter, the body),
//! read into answers or into the `GithubError` that says what went wrong.
//! The shells (the browser's gloo-net client, the bake's ureq client) only
//! move these bytes; every decision about status codes and headers is here.

use crate::api_base::ApiBase;
use crate::fetch_plan::{Answer, Ask, Mode, PAGE_SIZE};
use crate::github_answers::{self, AnswerError};
use crate::link_header;
use crate::listing_split::MAX_REACHABLE;
use crate::search_query::{encode_component, rest_count_url};
use jiff::Timestamp;

/// Everything that can go wrong between sprintlift and GitHub, as the
/// sentence the user reads. Messages never contain a token (no shell puts
/// one in a detail, and GitHub does not echo it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GithubError {
    #[error("The GitHub API at {api} could not be reached ({detail}). Check the address and your connection, then reload.")]
    Network { api: String, detail: String },
    #[error("GitHub refused the search: {message}")]
    Unsearchable { message: String },
    #[error("GitHub did not accept the token (HTTP 401: {message}). Check it, or clear it to continue without one.")]
    BadToken { message: String },
    #[error("GitHub's search rate limit is used up: {message}")]
    RateLimited {
        message: String,
        /// When the limit resets, if GitHub said.
        resets_at: Option<Timestamp>,
    },
    #[error("GitHub asked us to slow down (secondary rate limit): {message}")]
    SecondaryLimit {
        message: String,
        /// Seconds GitHub asked to wait, if it said.
        retry_after: Option<i64>,
    },
    #[error("GitHub answered with HTTP {status}: {message}")]
    Status { status: u16, message: String },
    #[error("GitHub's answer could not be read ({0}).")]
    Malformed(String),
    #[error("GitHub's GraphQL API refused the request: {0}")]
    Graphql(String),
    #[error("GitHub asks sprintlift to wait until {until} UTC ({why}): over an hour, so the load stops here and the figures known so far stay. Reload after that time.")]
    WaitTooLong { until: String, why: String },
    #[error("sprintlift stopped after {requests} requests, more than this view can need: GitHub's answers kept asking for more. The figures known so far stay.")]
    Runaway { requests: usize },
    #[error("GitHub's answers led back to a page already read ({query}), so the listing stops here. The figures known so far stay.")]
    PageLoop { query: String },
}

impl From<AnswerError> for GithubError {
    fn from(error: AnswerError) -> GithubError {
        match error {
            AnswerError::Malformed(detail) => GithubError::Malformed(detail),
            AnswerError::Graphql { message, .. } => GithubError::Graphql(message),
        }
    }
}

impl GithubError {
    /// Worth asking again after a pause: the failure may pass.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            GithubError::Network { .. } | GithubError::Malformed(_)
        ) || matches!(self, GithubError::Status { status, .. } if *status >= 500)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// A request the engine wants sent. The shell adds `Authorization` when it
/// holds a token (it alone knows the token) and nothing else of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    /// Headers to send, besides the token's.
    pub headers: Vec<(&'static str, &'static str)>,
    pub body: Option<String>,
    /// Skip any HTTP cache: after an unreadable answer, revalidating would
    /// only bring the same cached bytes back (GitHub answers 304).
    pub fresh: bool,
    /// The asks this request answers, in order.
    pub asks: Vec<Ask>,
}

/// How long a shell waits for an answer (headers and body) before giving
/// the request up as unanswered; the engine then retries or says so.
pub const DEADLINE_SECONDS: u32 = 30;

/// What a shell reports for a request given up at the deadline.
pub fn no_answer_in_time() -> String {
    format!("no answer within {DEADLINE_SECONDS} seconds")
}

/// The response headers the engine reads; a shell passes on these.
pub const HEADERS_READ: [&str; 4] = [
    "link",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "retry-after",
];

/// What came back from GitHub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// An answer: its status, headers (names in any case) and body.
    Answered {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// No answer: the connection failed or dropped, in the client's words.
    Unreachable(String),
    /// An answer whose body could not be read to its end.
    Unreadable(String),
}

/// What the rate-limit headers of an answer said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Quota {
    pub remaining: Option<u64>,
    pub resets_at: Option<Timestamp>,
}

/// The request answering `batch`: the first ask alone as a REST search
/// without a token, the whole batch as one GraphQL request with one.
pub fn request_for(api: &ApiBase, mode: Mode, batch: Vec<Ask>, fresh: bool) -> HttpRequest {
    const ACCEPT: (&str, &str) = ("Accept", "application/vnd.github+json");
    match mode {
        Mode::Anonymous => {
            let mut asks = batch;
            asks.truncate(1);
            let url = asks
                .first()
                .map_or_else(String::new, |ask| rest_url(api, ask));
            HttpRequest {
                method: Method::Get,
                url,
                headers: vec![ACCEPT],
                body: None,
                fresh,
                asks,
            }
        }
        Mode::Token => HttpRequest {
            method: Method::Post,
            url: graphql_url(api),
            headers: vec![ACCEPT, ("Content-Type", "application/json")],
            body: Some(github_answers::graphql_request(&batch)),
            fresh,
            asks: batch,
        },
    }
}

fn rest_url(api: &ApiBase, ask: &Ask) -> String {
    match &ask.listing {
        None => rest_count_url(api, &ask.query),
        Some(page) => format!(
            "{}/search/issues?q={}&per_page={PAGE_SIZE}&page={}",
            api.as_str(),
            encode_component(&ask.query),
            page.cursor.as_deref().unwrap_or("1")
        ),
    }
}

/// GitHub's GraphQL endpoint beside a REST base: `/graphql` on
/// api.github.com (and stand-ins), `/api/graphql` on Enterprise Server.
pub fn graphql_url(api: &ApiBase) -> String {
    match api.as_str().strip_suffix("/api/v3") {
        Some(server) if !api.is_github() => format!("{server}/api/graphql"),
        _ => format!("{}/graphql", api.as_str()),
    }
}

/// The answers a delivery carries for `request`'s asks, in order, with the
/// quota it reported, or what went wrong.
pub fn read_delivery(
    api: &ApiBase,
    request: &HttpRequest,
    delivery: &Delivery,
) -> (Result<Vec<Answer>, GithubError>, Quota) {
    let (status, headers, body) = match delivery {
        Delivery::Answered {
            status,
            headers,
            body,
        } => (*status, headers, body),
        Delivery::Unreachable(detail) => {
            let error = GithubError::Network {
                api: api.as_str().to_string(),
                detail: detail.clone(),
            };
            return (Err(error), Quota::default());
        }
        Delivery::Unreadable(detail) => {
            return (
                Err(GithubError::Malformed(detail.clone())),
                Quota::default(),
            )
        }
    };
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    };
    // GitHub sends whole seconds and counts.
    let number = |name: &str| header(name).and_then(|v| v.parse::<u64>().ok());
    let quota = Quota {
        remaining: number("x-ratelimit-remaining"),
        resets_at: number("x-ratelimit-reset")
            .and_then(|s| i64::try_from(s).ok())
            .and_then(|s| Timestamp::from_second(s).ok()),
    };
    if status != 200 {
        let message = github_answers::error_sentence(body);
        let error = match status {
            401 => GithubError::BadToken { message },
            422 => GithubError::Unsearchable { message },
            403 | 429 if quota.remaining == Some(0) => GithubError::RateLimited {
                message,
                resets_at: quota.resets_at,
            },
            403 | 429 => GithubError::SecondaryLimit {
                message,
                retry_after: number("retry-after").and_then(|s| i64::try_from(s).ok()),
            },
            _ => GithubError::Status { status, message },
        };
        return (Err(error), quota);
    }
    let answers = match request.method {
        Method::Get => request
            .asks
            .first()
            .map(|ask| rest_answer(ask, body, header("link")).map(|answer| vec![answer]))
            .unwrap_or_else(|| Ok(Vec::new())),
        Method::Post => github_answers::graphql_answers(body, &request.asks).map_err(|e| match e {
            AnswerError::Graphql {
                message,
                rate_limited: true,
            } => GithubError::RateLimited {
                message,
                resets_at: quota.resets_at,
            },
            other => other.into(),
        }),
    };
    (answers, quota)
}

/// One REST page: its count, items and where the next page is.
fn rest_answer(ask: &Ask, body: &str, link: Option<&str>) -> Result<Answer, GithubError> {
    let page = github_answers::rest_page(body, ask.listing.is_some())?;
    let number: u64 = ask
        .listing
        .as_ref()
        .and_then(|p| p.cursor.as_deref())
        .and_then(|c| c.parse().ok())
        .unwrap_or(1);
    // GitHub's `rel="next"` says where the next page is; without the
    // header (a proxy may drop it) the total says whether there is one.
    // Either way never past the 1000 results search can reach.
    let reachable = page.total.min(MAX_REACHABLE);
    let more = match link {
        Some(link) => link_header::next_page(link) == Some(number.saturating_add(1)),
        None => number.saturating_mul(PAGE_SIZE) < reachable,
    };
    let next = (ask.listing.is_some() && more && number.saturating_mul(PAGE_SIZE) < reachable)
        .then(|| number.saturating_add(1).to_string());
    Ok(Answer {
        total: page.total,
        incomplete: page.incomplete,
        items: page.items,
        next,
    })
}

/// Half a second past a reset GitHub named, so the bucket has refilled.
pub fn after_reset(reset: Timestamp) -> Timestamp {
    Timestamp::from_millisecond(reset.as_millisecond().saturating_add(500)).unwrap_or(reset)
}
