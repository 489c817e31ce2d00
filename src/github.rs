//! The GitHub client. Only this module knows GitHub's headers, status codes
//! and the token: it sends the planner's asks, hands the bodies to
//! `core::github_answers` (GitHub's JSON shapes) and classifies every
//! failure.

use gloo_net::http::{Request, RequestBuilder, Response};
use sprintlift_core::api_base::ApiBase;
use sprintlift_core::fetch_plan::{Answer, Ask, PAGE_SIZE};
use sprintlift_core::github_answers::{self, AnswerError};
use sprintlift_core::link_header;
use sprintlift_core::listing_split::MAX_REACHABLE;
use sprintlift_core::search_query::{encode_component, rest_count_url};
use web_sys::AbortSignal;

/// Everything that can go wrong between the app and GitHub, as the sentence
/// the user reads. Messages never contain a token.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
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
        /// When the limit resets, in epoch seconds, if GitHub said.
        resets_at: Option<f64>,
    },
    #[error("GitHub asked us to slow down (secondary rate limit): {message}")]
    SecondaryLimit {
        message: String,
        retry_after: Option<f64>,
    },
    #[error("GitHub answered with HTTP {status}: {message}")]
    Status { status: u16, message: String },
    #[error("GitHub's answer could not be read ({0}).")]
    Malformed(String),
    #[error("GitHub's GraphQL API refused the request: {0}")]
    Graphql(String),
    /// The view changed: the request was cancelled on purpose.
    #[error("The request was cancelled.")]
    Cancelled,
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

/// What the rate-limit headers of the last answer said.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Quota {
    pub remaining: Option<u64>,
    /// Epoch seconds.
    pub resets_at: Option<f64>,
}

/// A client for one API base, with or without a token.
#[derive(Clone)]
pub struct Client {
    api: ApiBase,
    token: Option<String>,
}

impl Client {
    pub fn new(api: ApiBase, token: Option<String>) -> Client {
        Client { api, token }
    }

    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    fn prepare(&self, builder: RequestBuilder, signal: &AbortSignal) -> RequestBuilder {
        let builder = builder
            .header("Accept", "application/vnd.github+json")
            .abort_signal(Some(signal));
        match &self.token {
            Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
            None => builder,
        }
    }

    fn network_error(&self, error: gloo_net::Error, signal: &AbortSignal) -> GithubError {
        if signal.aborted() {
            return GithubError::Cancelled;
        }
        GithubError::Network {
            api: self.api.as_str().to_string(),
            detail: error.to_string(),
        }
    }

    /// Answers one ask with one REST search request. `fresh` skips the
    /// browser's HTTP cache: after an unreadable answer, revalidating would
    /// only bring the same cached bytes back (GitHub answers 304).
    pub async fn rest(
        &self,
        ask: &Ask,
        signal: &AbortSignal,
        fresh: bool,
    ) -> Result<(Answer, Quota), GithubError> {
        let url = match &ask.listing {
            None => rest_count_url(&self.api, &ask.query),
            Some(page) => format!(
                "{}/search/issues?q={}&per_page={PAGE_SIZE}&page={}",
                self.api.as_str(),
                encode_component(&ask.query),
                page.cursor.as_deref().unwrap_or("1")
            ),
        };
        let mut request = Request::get(&url);
        if fresh {
            request = request.cache(web_sys::RequestCache::Reload);
        }
        let response = self
            .prepare(request, signal)
            .send()
            .await
            .map_err(|e| self.network_error(e, signal))?;
        let link = response.headers().get("link");
        let (body, quota) = read(response, signal).await?;
        let page = github_answers::rest_page(&body, ask.listing.is_some())?;
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
        let more = match link.as_deref() {
            Some(link) => link_header::next_page(link) == Some(number + 1),
            None => number * PAGE_SIZE < reachable,
        };
        let next = (ask.listing.is_some() && more && number * PAGE_SIZE < reachable)
            .then(|| (number + 1).to_string());
        Ok((
            Answer {
                total: page.total,
                incomplete: page.incomplete,
                items: page.items,
                next,
            },
            quota,
        ))
    }

    /// Answers a batch of asks with one GraphQL request: one aliased
    /// `search` per ask.
    pub async fn graphql(
        &self,
        batch: &[Ask],
        signal: &AbortSignal,
    ) -> Result<(Vec<Answer>, Quota), GithubError> {
        let request = self
            .prepare(Request::post(&graphql_url(&self.api)), signal)
            .header("Content-Type", "application/json")
            .body(github_answers::graphql_request(batch))
            .map_err(|e| GithubError::Malformed(e.to_string()))?;
        let response = request
            .send()
            .await
            .map_err(|e| self.network_error(e, signal))?;
        let (body, quota) = read(response, signal).await?;
        github_answers::graphql_answers(&body, batch)
            .map(|answers| (answers, quota))
            .map_err(|e| match e {
                AnswerError::Graphql {
                    message,
                    rate_limited: true,
                } => GithubError::RateLimited {
                    message,
                    resets_at: quota.resets_at,
                },
                other => other.into(),
            })
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

fn header_number(response: &Response, name: &str) -> Option<f64> {
    // GitHub sends whole seconds and counts. Reading them as integers keeps
    // the standard library's float parser and its tables out of the wasm
    // (14.5 thousand bytes of the wasm after wasm-opt -Oz and gzip -9;
    // BENCHMARKS.md has the measure).
    let number: u64 = response.headers().get(name)?.trim().parse().ok()?;
    Some(number as f64)
}

/// The body of a successful answer and its quota, or the error it carries.
async fn read(response: Response, signal: &AbortSignal) -> Result<(String, Quota), GithubError> {
    let quota = Quota {
        remaining: header_number(&response, "x-ratelimit-remaining").map(|n| n as u64),
        resets_at: header_number(&response, "x-ratelimit-reset"),
    };
    let retry_after = header_number(&response, "retry-after");
    let status = response.status();
    let body = response.text().await.map_err(|e| {
        if signal.aborted() {
            GithubError::Cancelled
        } else {
            GithubError::Malformed(e.to_string())
        }
    })?;
    if status == 200 {
        return Ok((body, quota));
    }
    let message = github_answers::error_sentence(&body);
    Err(match status {
        401 => GithubError::BadToken { message },
        422 => GithubError::Unsearchable { message },
        403 | 429 if quota.remaining == Some(0) => GithubError::RateLimited {
            message,
            resets_at: quota.resets_at,
        },
        403 | 429 => GithubError::SecondaryLimit {
            message,
            retry_after,
        },
        _ => GithubError::Status { status, message },
    })
}
