//! The HTTP face of the stand-in: GitHub's routes, status codes, headers and
//! JSON shapes, served with CORS open the way api.github.com serves them.

use crate::config::{Config, Fault, Route};
use crate::dataset::{AuthorKind, Dataset, PullRequest};
use crate::graphql::{self, GithubSchema, RateLimit};
use crate::query;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime, UNIX_EPOCH};
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
    config: Arc<Config>,
    limits: Arc<Mutex<HashMap<String, Bucket>>>,
    search_requests: Arc<AtomicU64>,
    graphql_requests: Arc<AtomicU64>,
    schema: GithubSchema,
    rng: Arc<Mutex<fastrand::Rng>>,
}

/// One rate-limit window of one client (a token, or everyone anonymous).
#[derive(Debug, Clone, Copy)]
struct Bucket {
    started: Instant,
    used: u32,
}

/// The rate-limit state an answer reports in its `x-ratelimit-*` headers.
#[derive(Debug, Clone, Copy)]
struct Quota {
    resource: &'static str,
    limit: u32,
    used: u32,
    /// Epoch seconds at which the window resets.
    reset: u64,
}

/// GraphQL points per hour with a token, as on GitHub.
const GRAPHQL_POINTS_PER_HOUR: u32 = 5000;

/// A stand-in serving on a local port; it stops when dropped.
pub struct Running {
    pub addr: SocketAddr,
    pub log: RequestLog,
    stop: Option<oneshot::Sender<()>>,
}

impl Running {
    /// Stops listening, as if the network had gone away: new connections
    /// are refused and idle ones closed.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// The API base the app is pointed at, e.g. `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Starts the stand-in on a free port of 127.0.0.1, with GitHub's limits.
pub async fn start(data: Dataset) -> std::io::Result<Running> {
    start_with(
        data,
        Config::default(),
        SocketAddr::from(([127, 0, 0, 1], 0)),
    )
    .await
}

/// Starts the stand-in on `addr` (port 0 picks a free one).
pub async fn start_with(
    data: Dataset,
    config: Config,
    addr: SocketAddr,
) -> std::io::Result<Running> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let log = RequestLog::default();
    let app = router(data, config, log.clone());
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

pub fn router(data: Dataset, config: Config, log: RequestLog) -> Router {
    let data = Arc::new(data);
    let state = AppState {
        schema: graphql::schema(data.clone()),
        graphql_requests: Arc::default(),
        data,
        log,
        rng: Arc::new(Mutex::new(fastrand::Rng::with_seed(config.seed))),
        config: Arc::new(config),
        limits: Arc::default(),
        search_requests: Arc::default(),
    };
    Router::new()
        .route("/search/issues", get(search_issues))
        .route("/graphql", post(graphql_endpoint))
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
    let number = state.search_requests.fetch_add(1, Ordering::SeqCst) + 1;
    let client = client_of(&state.config, &headers);
    if let Client::BadCredentials = client {
        let body = json!({ "message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401" });
        return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    }
    state.delay().await;
    let fault = state.fault_for(Route::Search, number);
    if let Some(Fault::Delay(extra)) = fault {
        tokio::time::sleep(extra).await;
    }
    let limit = match client {
        Client::Anonymous | Client::BadCredentials => state.config.search_per_minute_anonymous,
        Client::Token(_) => state.config.search_per_minute_token,
    };
    let (quota, allowed) = state.take("search", &client.key(), limit, 1, state.config.minute);
    let mut response = match fault_answer(fault.as_ref()) {
        Some(response) => response,
        None if !allowed => error(
            StatusCode::FORBIDDEN,
            "API rate limit exceeded for search. (But here's the good news: Authenticated requests get a higher rate limit.)",
            None,
        ),
        None => search_answer(&state, &headers, &params, fault.as_ref()),
    };
    quota.write_headers(response.headers_mut(), allowed);
    response
}

/// Who is asking: anonymous, an accepted token, or a token the stand-in
/// does not accept (answered 401, as GitHub answers a bad one).
enum Client {
    Anonymous,
    Token(String),
    BadCredentials,
}

impl Client {
    fn key(&self) -> String {
        match self {
            Client::Anonymous | Client::BadCredentials => "anonymous".to_string(),
            Client::Token(token) => format!("token:{token}"),
        }
    }
}

fn client_of(config: &Config, headers: &HeaderMap) -> Client {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Client::Anonymous;
    };
    let text = value.to_str().unwrap_or_default();
    let token = text
        .strip_prefix("Bearer ")
        .or_else(|| text.strip_prefix("token "))
        .unwrap_or_default();
    if config.tokens.iter().any(|t| t == token) {
        Client::Token(token.to_string())
    } else {
        Client::BadCredentials
    }
}

impl AppState {
    async fn delay(&self) {
        let jitter = self.config.jitter.as_millis() as u64;
        let extra = if jitter == 0 {
            0
        } else {
            self.rng.lock().map(|mut r| r.u64(0..=jitter)).unwrap_or(0)
        };
        let wait = self.config.latency + std::time::Duration::from_millis(extra);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Counts `cost` against `key`'s window of `resource`; says whether it fits.
    fn take(
        &self,
        resource: &'static str,
        key: &str,
        limit: u32,
        cost: u32,
        window: std::time::Duration,
    ) -> (Quota, bool) {
        let now = Instant::now();
        let minute = window;
        let mut buckets = match self.limits.lock() {
            Ok(buckets) => buckets,
            Err(poisoned) => poisoned.into_inner(),
        };
        let bucket = buckets.entry(key.to_string()).or_insert(Bucket {
            started: now,
            used: 0,
        });
        if now.duration_since(bucket.started) >= minute {
            *bucket = Bucket {
                started: now,
                used: 0,
            };
        }
        let allowed = bucket.used.saturating_add(cost) <= limit;
        if allowed {
            bucket.used += cost;
        }
        let left = minute.saturating_sub(now.duration_since(bucket.started));
        let epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let quota = Quota {
            resource,
            limit,
            used: bucket.used,
            reset: (epoch + left).as_secs_f64().ceil() as u64,
        };
        (quota, allowed)
    }
}

impl Quota {
    fn write_headers(&self, headers: &mut HeaderMap, allowed: bool) {
        let remaining = if allowed {
            self.limit.saturating_sub(self.used)
        } else {
            0
        };
        let pairs = [
            ("x-ratelimit-limit", self.limit.to_string()),
            ("x-ratelimit-remaining", remaining.to_string()),
            ("x-ratelimit-used", self.used.to_string()),
            ("x-ratelimit-reset", self.reset.to_string()),
            ("x-ratelimit-resource", self.resource.to_string()),
        ];
        for (name, value) in pairs {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(HeaderName::from_static(name), value);
            }
        }
    }
}

fn search_answer(
    state: &AppState,
    headers: &HeaderMap,
    params: &HashMap<String, String>,
    fault: Option<&Fault>,
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
    if let Some(message) = search.unknown_scope(&state.data) {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation Failed",
            Some(message.to_string()),
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
        .filter(|pr| search.matches(pr))
        .collect();
    let first = (page - 1) * per_page;
    if first + per_page > MAX_REACHABLE && first < matches.len() {
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
    let body = json!({
        "total_count": matches.len(),
        "incomplete_results": matches!(fault, Some(Fault::Incomplete)),
        "search_type": "lexical",
        "items": items,
    })
    .to_string();
    let etag = format!("W/\"{:016x}\"", stable_id(&body, 7));
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(value) = HeaderValue::from_str(&etag) {
            response.headers_mut().insert(header::ETAG, value);
        }
        return response;
    }
    let mut response = Response::new(body_with_fault(body, fault));
    let headers_out = response.headers_mut();
    headers_out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers_out.insert(header::ETAG, value);
    }
    if let Some(link) = link_header(headers, q, per_page, page, last_page) {
        if let Ok(value) = HeaderValue::from_str(&link) {
            headers_out.insert(header::LINK, value);
        }
    }
    response
}

/// The answer's body, cut in half or cut off when a fault says so.
fn body_with_fault(body: String, fault: Option<&Fault>) -> Body {
    match fault {
        Some(Fault::TruncatedJson) => Body::from(body[..body.len() / 2].to_string()),
        Some(Fault::Drop) => Body::from_stream(futures_util::stream::once(async {
            Err::<String, std::io::Error>(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "fault: dropped",
            ))
        })),
        _ => Body::from(body),
    }
}

impl AppState {
    fn fault_for(&self, route: Route, number: u64) -> Option<Fault> {
        self.config
            .faults
            .iter()
            .find(|f| (f.route == route || f.route == Route::Any) && f.requests.contains(&number))
            .map(|f| f.fault.clone())
    }
}

/// A fault that replaces the whole answer with an error, if it is one.
fn fault_answer(fault: Option<&Fault>) -> Option<Response> {
    match fault {
        Some(Fault::Status(code)) => {
            let status = StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            Some(error(
                status,
                status.canonical_reason().unwrap_or("Server Error"),
                None,
            ))
        }
        Some(
            fault
            @ (Fault::SecondaryLimit { retry_after } | Fault::TooManyRequests { retry_after }),
        ) => {
            let status = match fault {
                Fault::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::FORBIDDEN,
            };
            let mut r = error(
                status,
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                None,
            );
            if let Some(seconds) = retry_after {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(*seconds));
            }
            Some(r)
        }
        _ => None,
    }
}

async fn graphql_endpoint(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let number = state.graphql_requests.fetch_add(1, Ordering::SeqCst) + 1;
    let token = match client_of(&state.config, &headers) {
        Client::Token(token) => token,
        Client::Anonymous => {
            let body = json!({ "message": "Requires authentication", "documentation_url": "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql" });
            return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
        }
        Client::BadCredentials => {
            let body = json!({ "message": "Bad credentials", "documentation_url": "https://docs.github.com/graphql" });
            return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
        }
    };
    state.delay().await;
    let fault = state.fault_for(Route::Graphql, number);
    if let Some(Fault::Delay(extra)) = fault {
        tokio::time::sleep(extra).await;
    }
    if let Some(response) = fault_answer(fault.as_ref()) {
        return response;
    }
    let Ok(request) = serde_json::from_str::<async_graphql::Request>(&body) else {
        let body = json!({ "message": "Problems parsing JSON", "documentation_url": "https://docs.github.com/graphql" });
        return (StatusCode::BAD_REQUEST, Json(body)).into_response();
    };
    let cost = match async_graphql::parser::parse_query(&request.query) {
        Ok(document) => graphql::cost(&document, &request.variables),
        // Execution reports the syntax error in GraphQL's own shape.
        Err(_) => 1,
    };
    let hour = state.config.minute * 60;
    let (quota, allowed) = state.take("graphql", &token, GRAPHQL_POINTS_PER_HOUR, cost, hour);
    let mut response = if allowed {
        let rate = RateLimit {
            cost: cost as i32,
            limit: quota.limit as i32,
            node_count: (cost * 100) as i32,
            remaining: quota.limit.saturating_sub(quota.used) as i32,
            reset_at: graphql::DateTime(
                jiff::Timestamp::from_second(quota.reset as i64)
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
            ),
            used: quota.used as i32,
        };
        let answer = state.schema.execute(request.data(rate)).await;
        let text = serde_json::to_string(&answer).unwrap_or_default();
        let mut response = Response::new(body_with_fault(text, fault.as_ref()));
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        response
    } else {
        // Over the points limit GitHub still answers 200, with an error.
        let body = json!({ "errors": [{ "type": "RATE_LIMITED", "message": "API rate limit already exceeded for user ID 1." }] });
        (StatusCode::OK, Json(body)).into_response()
    };
    quota.write_headers(response.headers_mut(), allowed);
    response
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
    let name = login;
    // In URLs a bot's login is percent-encoded: dependabot%5Bbot%5D.
    let login = &login.replace('[', "%5B").replace(']', "%5D");
    json!({
        "login": name,
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
