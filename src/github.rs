//! The GitHub client. Only this module knows GitHub's JSON shapes, its
//! headers and the token: it turns the planner's asks into requests and
//! the answers into records, and classifies every failure.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Deserialize;
use serde_json::{json, Value};
use sprintlift_core::api_base::ApiBase;
use sprintlift_core::fetch_plan::{Answer, Ask, PAGE_SIZE};
use sprintlift_core::graphql_documents;
use sprintlift_core::listing_split::MAX_REACHABLE;
use sprintlift_core::pr::{AuthorKind, PrRecord};
use sprintlift_core::search_query::{encode_component, rest_count_url};
use std::collections::BTreeMap;
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

    /// Answers one ask with one REST search request.
    pub async fn rest(
        &self,
        ask: &Ask,
        signal: &AbortSignal,
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
        let response = self
            .prepare(Request::get(&url), signal)
            .send()
            .await
            .map_err(|e| self.network_error(e, signal))?;
        let (body, quota) = read(response, signal).await?;
        let page: RestPage = parse(&body)?;
        let number: u64 = ask
            .listing
            .as_ref()
            .and_then(|p| p.cursor.as_deref())
            .and_then(|c| c.parse().ok())
            .unwrap_or(1);
        let reachable = page.total_count.min(MAX_REACHABLE);
        let items = match ask.listing {
            Some(_) => page
                .items
                .into_iter()
                .map(RestItem::record)
                .collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        let next = (ask.listing.is_some() && number * PAGE_SIZE < reachable)
            .then(|| (number + 1).to_string());
        Ok((
            Answer {
                total: page.total_count,
                incomplete: page.incomplete_results,
                items,
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
        let shapes: Vec<bool> = batch.iter().map(|a| a.listing.is_some()).collect();
        let mut variables = serde_json::Map::new();
        for (i, ask) in batch.iter().enumerate() {
            variables.insert(format!("q{i}"), Value::String(ask.query.clone()));
            if let Some(page) = &ask.listing {
                variables.insert(format!("a{i}"), json!(page.cursor));
            }
        }
        let body = json!({
            "query": graphql_documents::batch(&shapes),
            "variables": variables,
        });
        let request = self
            .prepare(Request::post(&graphql_url(&self.api)), signal)
            .json(&body)
            .map_err(|e| GithubError::Malformed(e.to_string()))?;
        let response = request
            .send()
            .await
            .map_err(|e| self.network_error(e, signal))?;
        let (body, quota) = read(response, signal).await?;
        let answer: GraphqlAnswer = parse(&body)?;
        if let Some(errors) = answer.errors.filter(|e| !e.is_empty()) {
            let message = errors
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            if errors
                .iter()
                .any(|e| e.kind.as_deref() == Some("RATE_LIMITED"))
            {
                return Err(GithubError::RateLimited {
                    message,
                    resets_at: quota.resets_at,
                });
            }
            return Err(GithubError::Graphql(message));
        }
        let mut data = answer.data.unwrap_or_default();
        let mut answers = Vec::with_capacity(batch.len());
        for (i, ask) in batch.iter().enumerate() {
            let search = data
                .remove(&format!("s{i}"))
                .ok_or_else(|| GithubError::Malformed(format!("no answer for search {i}")))?;
            let search: GraphqlSearch = serde_json::from_value(search)
                .map_err(|e| GithubError::Malformed(e.to_string()))?;
            let (items, next) = match (&ask.listing, search.page_info) {
                (Some(_), Some(info)) => (
                    search
                        .nodes
                        .into_iter()
                        .flatten()
                        .map(GraphqlPr::record)
                        .collect::<Result<_, _>>()?,
                    info.has_next_page.then_some(info.end_cursor).flatten(),
                ),
                _ => (Vec::new(), None),
            };
            answers.push(Answer {
                total: search.issue_count,
                // GraphQL has no "incomplete" flag: a timeout is an error.
                incomplete: false,
                items,
                next,
            });
        }
        Ok((answers, quota))
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

fn parse<'a, T: Deserialize<'a>>(body: &'a str) -> Result<T, GithubError> {
    serde_json::from_str(body).map_err(|e| GithubError::Malformed(e.to_string()))
}

fn header_number(response: &Response, name: &str) -> Option<f64> {
    response.headers().get(name)?.trim().parse().ok()
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
    let message = serde_json::from_str::<ErrorBody>(&body)
        .map(ErrorBody::sentence)
        .unwrap_or_else(|_| format!("an unreadable error body of {} bytes", body.len()));
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

/// GitHub's error shape. The useful detail of a 422 ("the listed users and
/// repositories cannot be searched…") is in `errors[].message`; the top-level
/// message only says "Validation Failed".
#[derive(Deserialize)]
struct ErrorBody {
    message: String,
    #[serde(default)]
    errors: Vec<ErrorDetail>,
}

#[derive(Deserialize)]
struct ErrorDetail {
    message: Option<String>,
}

impl ErrorBody {
    fn sentence(self) -> String {
        let details: Vec<String> = self.errors.into_iter().filter_map(|e| e.message).collect();
        if details.is_empty() {
            self.message
        } else {
            details.join(" ")
        }
    }
}

#[derive(Deserialize)]
struct RestPage {
    total_count: u64,
    incomplete_results: bool,
    #[serde(default)]
    items: Vec<RestItem>,
}

#[derive(Deserialize)]
struct RestItem {
    number: u64,
    title: String,
    repository_url: String,
    created_at: String,
    closed_at: Option<String>,
    #[serde(default)]
    draft: bool,
    user: Option<RestUser>,
    author_association: String,
    pull_request: Option<RestPull>,
}

#[derive(Deserialize)]
struct RestUser {
    login: String,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
struct RestPull {
    merged_at: Option<String>,
}

fn instant(text: &str) -> Result<jiff::Timestamp, GithubError> {
    text.parse()
        // jiff's own error text is not needed here, and formatting it
        // would pull all of jiff's error messages into the wasm.
        .map_err(|_| GithubError::Malformed(format!("“{text}” is not an RFC 3339 time")))
}

fn optional_instant(text: Option<&str>) -> Result<Option<jiff::Timestamp>, GithubError> {
    text.map(instant).transpose()
}

impl RestItem {
    fn record(self) -> Result<PrRecord, GithubError> {
        let repo = self
            .repository_url
            .rsplitn(3, '/')
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("/");
        // A deleted account shows as no user: GitHub's "ghost".
        let (author, kind) = match self.user {
            Some(user) => (user.login, user.kind),
            None => ("ghost".to_string(), "User".to_string()),
        };
        Ok(PrRecord {
            repo,
            number: self.number,
            title: self.title,
            author,
            author_kind: if kind == "Bot" {
                AuthorKind::Bot
            } else {
                AuthorKind::User
            },
            association: self.author_association,
            created_at: instant(&self.created_at)?,
            merged_at: optional_instant(
                self.pull_request
                    .as_ref()
                    .and_then(|p| p.merged_at.as_deref()),
            )?,
            closed_at: optional_instant(self.closed_at.as_deref())?,
            draft: self.draft,
        })
    }
}

#[derive(Deserialize)]
struct GraphqlAnswer {
    data: Option<BTreeMap<String, Value>>,
    errors: Option<Vec<GraphqlError>>,
}

#[derive(Deserialize)]
struct GraphqlError {
    message: String,
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphqlSearch {
    issue_count: u64,
    page_info: Option<PageInfo>,
    #[serde(default)]
    nodes: Vec<Option<GraphqlPr>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    has_next_page: bool,
    end_cursor: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphqlPr {
    number: u64,
    title: String,
    created_at: String,
    merged_at: Option<String>,
    closed_at: Option<String>,
    is_draft: bool,
    author_association: String,
    author: Option<GraphqlActor>,
    repository: GraphqlRepo,
}

#[derive(Deserialize)]
struct GraphqlActor {
    login: String,
    #[serde(rename = "__typename")]
    typename: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphqlRepo {
    name_with_owner: String,
}

impl GraphqlPr {
    fn record(self) -> Result<PrRecord, GithubError> {
        let (author, kind) = match self.author {
            // REST names bots `NAME[bot]`; GraphQL gives `NAME`. One name
            // for both keeps the figures the same whichever way they came.
            Some(a) if a.typename == "Bot" => (format!("{}[bot]", a.login), AuthorKind::Bot),
            Some(a) => (a.login, AuthorKind::User),
            None => ("ghost".to_string(), AuthorKind::User),
        };
        Ok(PrRecord {
            repo: self.repository.name_with_owner,
            number: self.number,
            title: self.title,
            author,
            author_kind: kind,
            association: self.author_association,
            created_at: instant(&self.created_at)?,
            merged_at: optional_instant(self.merged_at.as_deref())?,
            closed_at: optional_instant(self.closed_at.as_deref())?,
            draft: self.is_draft,
        })
    }
}
