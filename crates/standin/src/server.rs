//! The HTTP face of the stand-in: GitHub's routes, status codes, headers and
//! JSON shapes, served with CORS open the way api.github.com serves them.

mod errors;
mod faults;
mod graphql_route;
mod limits;
mod search;

use errors::*;
use faults::*;
use graphql_route::*;
use limits::*;
use search::*;

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
