//! The HTTP face of the stand-in: GitHub's routes, status codes, headers and
//! JSON shapes, served with CORS open the way api.github.com serves them.

use crate::dataset::{AuthorKind, Dataset, PullRequest};
use crate::query::{self, Search};
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// One request as the stand-in received it, for tests to inspect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedRequest {
    pub method: String,
    pub path_and_query: String,
    pub authorization: Option<String>,
}

/// Every request received, in order of arrival.
#[derive(Debug, Clone, Default)]
pub struct RequestLog(Arc<Mutex<Vec<LoggedRequest>>>);

impl RequestLog {
    pub fn entries(&self) -> Vec<LoggedRequest> {
        self.0.lock().map(|log| log.clone()).unwrap_or_default()
    }

    /// Requests to the search API (not CORS preflights).
    pub fn searches(&self) -> Vec<LoggedRequest> {
        self.entries()
            .into_iter()
            .filter(|r| r.method == "GET" && r.path_and_query.starts_with("/search/issues"))
            .collect()
    }

    fn push(&self, entry: LoggedRequest) {
        if let Ok(mut log) = self.0.lock() {
            log.push(entry);
        }
    }
}

#[derive(Clone)]
struct AppState {
    data: Arc<Dataset>,
    log: RequestLog,
}

/// A stand-in serving on a local port; it stops when dropped.
pub struct Running {
    pub addr: SocketAddr,
    pub log: RequestLog,
    stop: Option<oneshot::Sender<()>>,
}

impl Running {
    /// The API base the app is pointed at, e.g. `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Starts the stand-in on a free port of 127.0.0.1.
pub async fn start(data: Dataset) -> std::io::Result<Running> {
    start_on(data, SocketAddr::from(([127, 0, 0, 1], 0))).await
}

/// Starts the stand-in on `addr` (port 0 picks a free one).
pub async fn start_on(data: Dataset, addr: SocketAddr) -> std::io::Result<Running> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let log = RequestLog::default();
    let app = router(data, log.clone());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
    });
    Ok(Running {
        addr,
        log,
        stop: Some(stop),
    })
}

pub fn router(data: Dataset, log: RequestLog) -> Router {
    let state = AppState {
        data: Arc::new(data),
        log,
    };
    Router::new()
        .route("/search/issues", get(search_issues))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), log_request))
        .layer(github_cors())
        .with_state(state)
}

/// CORS as api.github.com answers it: any origin, the headers a client
/// sends with a token or an ETag, and the headers it needs to read back.
fn github_cors() -> CorsLayer {
    let exposed = [
        "etag",
        "link",
        "location",
        "retry-after",
        "x-github-otp",
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-used",
        "x-ratelimit-resource",
        "x-ratelimit-reset",
        "x-oauth-scopes",
        "x-accepted-oauth-scopes",
        "x-poll-interval",
        "x-github-media-type",
        "x-github-sso",
        "x-github-request-id",
        "deprecation",
        "sunset",
    ];
    let allowed = [
        "authorization",
        "content-type",
        "if-match",
        "if-none-match",
        "if-modified-since",
        "if-unmodified-since",
        "accept",
        "accept-encoding",
        "x-github-otp",
        "x-requested-with",
        "user-agent",
        "x-github-api-version",
    ];
    CorsLayer::new()
        .allow_origin(AllowOrigin::any())
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
        ])
        .allow_headers(allowed.map(HeaderName::from_static))
        .expose_headers(exposed.map(HeaderName::from_static))
        .max_age(std::time::Duration::from_secs(86_400))
}

async fn log_request(State(state): State<AppState>, request: Request, next: Next) -> Response {
    state.log.push(LoggedRequest {
        method: request.method().to_string(),
        path_and_query: request
            .uri()
            .path_and_query()
            .map(|p| p.to_string())
            .unwrap_or_default(),
        authorization: request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
    });
    next.run(request).await
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "Not Found", None)
}

const MAX_REACHABLE: usize = 1000;

async fn search_issues(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let q = params.get("q").map(String::as_str).unwrap_or_default();
    if q.trim().is_empty() {
        return validation_failed("q", "missing");
    }
    let search = match query::parse(q) {
        Ok(search) => search,
        Err(e) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Validation Failed",
                Some(e.to_string()),
            )
        }
    };
    let unknown_scope = search.orgs.iter().any(|o| !state.data.has_org(o))
        || search.repos.iter().any(|r| !state.data.has_repo(r));
    if unknown_scope {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation Failed",
            Some("The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.".to_string()),
        );
    }
    let per_page = match params.get("per_page").map(|p| p.parse::<usize>()) {
        None => 30,
        Some(Ok(n)) => n.clamp(1, 100),
        Some(Err(_)) => return validation_failed("per_page", "invalid"),
    };
    let page = match params.get("page").map(|p| p.parse::<usize>()) {
        None => 1,
        Some(Ok(n)) => n.max(1),
        Some(Err(_)) => return validation_failed("page", "invalid"),
    };
    let matches: Vec<&PullRequest> = state
        .data
        .prs
        .iter()
        .filter(|pr| matches(&search, pr))
        .collect();
    let first = (page - 1) * per_page;
    if first >= MAX_REACHABLE && first < matches.len() {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Only the first 1000 search results are available",
            None,
        );
    }
    let items: Vec<Value> = matches
        .iter()
        .skip(first)
        .take(per_page)
        .map(|pr| item_json(pr))
        .collect();
    let reachable = matches.len().min(MAX_REACHABLE);
    let last_page = reachable.div_ceil(per_page).max(1);
    let mut response = Json(json!({
        "total_count": matches.len(),
        "incomplete_results": false,
        "search_type": "lexical",
        "items": items,
    }))
    .into_response();
    if let Some(link) = link_header(&headers, q, per_page, page, last_page) {
        if let Ok(value) = HeaderValue::from_str(&link) {
            response.headers_mut().insert(header::LINK, value);
        }
    }
    response
}

fn matches(search: &Search, pr: &PullRequest) -> bool {
    let in_scope = (search.orgs.is_empty() && search.repos.is_empty())
        || search.orgs.iter().any(|o| o.eq_ignore_ascii_case(&pr.org))
        || search
            .repos
            .iter()
            .any(|r| r.eq_ignore_ascii_case(&pr.full_name()));
    in_scope
        && search
            .created
            .is_none_or(|range| range.contains(pr.created_at))
}

fn link_header(
    headers: &HeaderMap,
    q: &str,
    per_page: usize,
    page: usize,
    last: usize,
) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let url = |n: usize| {
        format!(
            "<http://{host}/search/issues?q={}&per_page={per_page}&page={n}>",
            encode(q)
        )
    };
    let mut links = Vec::new();
    if page > 1 {
        links.push(format!("{}; rel=\"prev\"", url(page - 1)));
        links.push(format!("{}; rel=\"first\"", url(1)));
    }
    if page < last {
        links.push(format!("{}; rel=\"next\"", url(page + 1)));
        links.push(format!("{}; rel=\"last\"", url(last)));
    }
    (!links.is_empty()).then(|| links.join(", "))
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b':' | b'/' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A PR as `/search/issues` returns it (issue-search-result-item).
fn item_json(pr: &PullRequest) -> Value {
    let api = "https://api.github.com";
    let repo = pr.full_name();
    let issue_url = format!("{api}/repos/{repo}/issues/{}", pr.number);
    let html_url = format!("https://github.com/{repo}/pull/{}", pr.number);
    let id = stable_id(&repo, pr.number);
    let time = |t: Option<jiff::Timestamp>| t.map(|t| t.to_string());
    let updated = pr.closed_at.unwrap_or(pr.created_at);
    json!({
        "url": issue_url,
        "repository_url": format!("{api}/repos/{repo}"),
        "labels_url": format!("{issue_url}/labels{{/name}}"),
        "comments_url": format!("{issue_url}/comments"),
        "events_url": format!("{issue_url}/events"),
        "html_url": html_url,
        "id": id,
        "node_id": format!("PR_kw{id:x}"),
        "number": pr.number,
        "title": pr.title,
        "user": user_json(&pr.author, pr.author_kind),
        "labels": [],
        "state": if pr.closed_at.is_some() { "closed" } else { "open" },
        "locked": false,
        "assignee": null,
        "assignees": [],
        "milestone": null,
        "comments": 0,
        "created_at": pr.created_at.to_string(),
        "updated_at": updated.to_string(),
        "closed_at": time(pr.closed_at),
        "author_association": pr.author_association,
        "draft": pr.draft,
        "body": null,
        "score": 1.0,
        "pull_request": {
            "url": format!("{api}/repos/{repo}/pulls/{}", pr.number),
            "html_url": html_url,
            "diff_url": format!("{html_url}.diff"),
            "patch_url": format!("{html_url}.patch"),
            "merged_at": time(pr.merged_at),
        },
    })
}

fn user_json(login: &str, kind: AuthorKind) -> Value {
    let api = "https://api.github.com";
    let id = stable_id(login, 0);
    json!({
        "login": login,
        "id": id,
        "node_id": format!("U_kg{id:x}"),
        "avatar_url": format!("https://avatars.githubusercontent.com/u/{id}?v=4"),
        "gravatar_id": "",
        "url": format!("{api}/users/{login}"),
        "html_url": format!("https://github.com/{login}"),
        "followers_url": format!("{api}/users/{login}/followers"),
        "following_url": format!("{api}/users/{login}/following{{/other_user}}"),
        "gists_url": format!("{api}/users/{login}/gists{{/gist_id}}"),
        "starred_url": format!("{api}/users/{login}/starred{{/owner}}{{/repo}}"),
        "subscriptions_url": format!("{api}/users/{login}/subscriptions"),
        "organizations_url": format!("{api}/users/{login}/orgs"),
        "repos_url": format!("{api}/users/{login}/repos"),
        "events_url": format!("{api}/users/{login}/events{{/privacy}}"),
        "received_events_url": format!("{api}/users/{login}/received_events"),
        "type": match kind { AuthorKind::User => "User", AuthorKind::Bot => "Bot" },
        "site_admin": false,
    })
}

/// A deterministic numeric id (FNV-1a), so answers are identical across runs.
fn stable_id(text: &str, salt: u64) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash >> 20) + salt
}

fn validation_failed(field: &str, code: &str) -> Response {
    let body = json!({
        "message": "Validation Failed",
        "errors": [{ "resource": "Search", "field": field, "code": code }],
        "documentation_url": "https://docs.github.com/v3/search",
        "status": "422",
    });
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

/// GitHub's error shape: a message, the validation errors, a docs link.
fn error(status: StatusCode, message: &str, detail: Option<String>) -> Response {
    let mut body = json!({
        "message": message,
        "documentation_url": "https://docs.github.com/v3/search/",
        "status": status.as_u16().to_string(),
    });
    if let Some(detail) = detail {
        body["errors"] =
            json!([{ "message": detail, "resource": "Search", "field": "q", "code": "invalid" }]);
    }
    (status, Json(body)).into_response()
}
