//! The end-to-end harness: the release build served from dist/, the GitHub
//! stand-in, chromedriver and a headless Chromium session, all on 127.0.0.1
//! and all stopped when the test's `World` is dropped.
//!
//! `cargo xtask test` builds dist/ and sets SPRINTLIFT_DIST, CHROMEDRIVER and
//! CHROMIUM before running these tests.

// A test harness: a failed expectation here is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use sprintlift_standin::{Config, Dataset, PullRequest, Running};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::process::{Child, Command};
use tower_http::services::{ServeDir, ServeFile};

/// The seed of the generated data set every e2e test searches.
pub const SEED: u64 = 1;

/// Where the site is also served, as on GitHub Pages.
pub const SUB_PATH: &str = "/pages/sprintlift";

/// How long any one condition may take to become true in the page.
const PATIENCE: Duration = Duration::from_secs(30);

pub struct World {
    pub client: Client,
    pub standin: Running,
    pub data: Dataset,
    site: SocketAddr,
    /// Every console line read from the browser so far (reading the
    /// browser's log empties it, so the lines are kept here).
    console: std::sync::Mutex<Vec<String>>,
    _driver: Driver,
    _profile: TempDir,
}

impl World {
    /// A world whose stand-in never rate-limits (tests about limits use
    /// `start_with`).
    pub async fn start() -> World {
        World::start_with(Config::unlimited()).await
    }

    pub async fn start_with(config: Config) -> World {
        World::start_with_data(sprintlift_standin::generate(SEED), config).await
    }

    /// A world whose stand-in serves `data`.
    pub async fn start_with_data(data: Dataset, config: Config) -> World {
        World::start_with_site(data, config, dist()).await
    }

    /// A world serving the site in `site` (a copy of dist/ with baked
    /// views, say) beside a stand-in serving `data`.
    pub async fn start_with_site(data: Dataset, config: Config, site: PathBuf) -> World {
        let standin = start_standin(data.clone(), config).await;
        World::around(standin, data, site).await
    }

    /// A world around a stand-in already running (one a bake has used).
    pub async fn around(standin: Running, data: Dataset, site: PathBuf) -> World {
        let site = serve_site(site).await;
        let (driver, driver_url) = start_chromedriver().await;
        let profile = TempDir::new("chromium-profile");
        let client = connect_browser(&driver_url, &profile).await;
        World {
            client,
            standin,
            data,
            site,
            console: std::sync::Mutex::default(),
            _driver: driver,
            _profile: profile,
        }
    }

    /// The app's URL under the sub-path for `query`, pointed at the stand-in.
    pub fn sub_path_url(&self, query: &str) -> String {
        format!(
            "http://{}{SUB_PATH}/?{query}&api={}",
            self.site,
            self.standin.base_url()
        )
    }

    /// The app's URL for `query` (without `?`), pointed at the stand-in.
    pub fn app_url(&self, query: &str) -> String {
        let api = self.standin.base_url();
        if query.is_empty() {
            format!("http://{}/?api={api}", self.site)
        } else {
            format!("http://{}/?{query}&api={api}", self.site)
        }
    }

    pub async fn open(&self, query: &str) {
        self.client
            .goto(&self.app_url(query))
            .await
            .expect("navigate");
    }

    /// The element with `data-testid`, once it is in the page.
    pub async fn by_testid(&self, testid: &str) -> Element {
        self.by_testid_within(testid, PATIENCE).await
    }

    pub async fn by_testid_within(&self, testid: &str, patience: Duration) -> Element {
        self.client
            .wait()
            .at_most(patience)
            .for_element(Locator::Css(&format!("[data-testid=\"{testid}\"]")))
            .await
            .unwrap_or_else(|e| panic!("no [data-testid={testid}] within {patience:?}: {e}"))
    }

    /// Waits until the headline figure `metric` shows `expected`, and fails
    /// with the last value seen otherwise.
    pub async fn expect_metric(&self, metric: &str, expected: usize) {
        let selector = format!("[data-metric=\"{metric}\"]");
        let deadline = Instant::now() + PATIENCE;
        let mut last = None;
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(&selector)).await {
                last = element.attr("data-value").await.ok().flatten();
                if last.as_deref() == Some(expected.to_string().as_str()) {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let page = self.client.source().await.unwrap_or_default();
        panic!("{metric} should show {expected}, last seen {last:?}; page:\n{page}");
    }

    /// Waits until the page's URL satisfies `condition`.
    pub async fn expect_url(&self, what: &str, condition: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut last = String::new();
        while Instant::now() < deadline {
            last = self
                .client
                .current_url()
                .await
                .map(|u| u.to_string())
                .unwrap_or_default();
            if condition(&last) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the URL should {what}; it is {last}");
    }

    /// A world showing the default view, fully loaded.
    pub async fn with_default_view() -> World {
        let world = World::start().await;
        world.open("").await;
        world.wait_done().await;
        world
    }

    /// PRs opened in the default view's sprint (PyCon US 2025), from the data.
    pub fn default_opened(&self) -> usize {
        opened_in(
            &self.data,
            "python",
            "2025-05-19",
            "2025-05-22",
            "America/New_York",
        )
    }

    /// Waits until the load has finished; returns the requests the page
    /// says it made.
    pub async fn wait_done(&self) -> usize {
        let done = self.by_testid("done").await;
        let requests = done.attr("data-requests").await.expect("attr");
        requests
            .and_then(|r| r.parse().ok())
            .expect("data-requests")
    }

    /// The default view's sprint's and each baseline window's counts, from the data.
    pub fn default_windows(&self) -> Vec<(i64, [usize; 3])> {
        [0, -4, -3, -2, -1, 1, 2, 3, 4]
            .into_iter()
            .map(|weeks| {
                let count = |e| {
                    count_in(
                        &self.data,
                        "python",
                        ("2025-05-19", "2025-05-22"),
                        "America/New_York",
                        weeks,
                        e,
                    )
                };
                (
                    weeks,
                    [
                        count(Event::Opened),
                        count(Event::Merged),
                        count(Event::ClosedUnmerged),
                    ],
                )
            })
            .collect()
    }

    /// Checks the default view's windows table and headline against the data.
    pub async fn expect_default_figures(&self) {
        let metrics = self.metrics().await;
        let expected = self.default_windows();
        for (name, i) in [("opened", 0), ("merged", 1), ("closed_unmerged", 2)] {
            assert_eq!(
                metrics.get(&format!("headline {name}")),
                Some(&expected[0].1[i].to_string()),
                "headline {name}; page: {metrics:#?}"
            );
            // The table's column, in window order, is the data's.
            let mut column: Vec<(String, String)> = metrics
                .iter()
                .filter(|(k, _)| !k.starts_with("headline") && k.ends_with(&format!(" {name}")))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            column.sort();
            let mut weeks: Vec<(i64, usize)> = expected.iter().map(|(w, c)| (*w, c[i])).collect();
            weeks.sort();
            let expected_column: Vec<String> = weeks.iter().map(|(_, c)| c.to_string()).collect();
            let page_column: Vec<String> = column.into_iter().map(|(_, v)| v).collect();
            assert_eq!(page_column, expected_column, "{name} per window");
        }
    }

    /// Every `data-metric` value in the page, keyed by its window's start
    /// (or "headline") and metric name.
    pub async fn metrics(&self) -> BTreeMap<String, String> {
        let script = "return [...document.querySelectorAll('[data-metric][data-value]')].map(e => [((e.closest('tr') || {dataset: {}}).dataset.windowStart || 'headline') + ' ' + e.dataset.metric, e.dataset.value]);";
        let value = self.client.execute(script, vec![]).await.expect("script");
        serde_json::from_value::<Vec<(String, String)>>(value)
            .expect("pairs")
            .into_iter()
            .collect()
    }

    /// Types `token` into the token field and uses it.
    pub async fn use_token(&self, token: &str, remember: bool) {
        self.by_testid("input-token")
            .await
            .send_keys(token)
            .await
            .expect("type the token");
        if remember {
            self.by_testid("remember-token")
                .await
                .click()
                .await
                .expect("tick");
        }
        self.by_testid("use-token")
            .await
            .click()
            .await
            .expect("use");
    }

    /// Replaces the text of the form field `input-{name}`.
    pub async fn type_into(&self, name: &str, text: &str) {
        let input = self.by_testid(&format!("input-{name}")).await;
        input.clear().await.expect("clear the field");
        input.send_keys(text).await.expect("type into the field");
    }

    /// Submits the view form.
    pub async fn submit(&self) {
        self.by_testid("submit")
            .await
            .click()
            .await
            .expect("submit");
    }

    /// The text of the element with `data-testid`, once it is in the page.
    pub async fn text_of(&self, testid: &str) -> String {
        self.by_testid(testid).await.text().await.expect("text")
    }

    /// Every line the page wrote to the console so far, with its level
    /// (`SEVERE …`, `WARNING …`, `INFO …`).
    pub async fn console(&self) -> Vec<String> {
        let fresh = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .expect("the browser's console log");
        let lines: Vec<String> = fresh
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| {
                        format!(
                            "{} {}",
                            e["level"].as_str().unwrap_or("?"),
                            e["message"].as_str().unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut kept = self.console.lock().expect("console lines");
        kept.extend(lines);
        kept.clone()
    }

    /// The page is alive and well: its masthead shows, the console holds no
    /// panic, no wasm trap and no Content-Security-Policy violation.
    pub async fn expect_healthy(&self) {
        let masthead = self.client.find(Locator::Css(".masthead")).await;
        assert!(masthead.is_ok(), "the page is blank (no masthead)");
        let console = self.console().await;
        let bad: Vec<&String> = console
            .iter()
            .filter(|line| {
                line.contains("panicked at")
                    || line.contains("RuntimeError")
                    || line.contains("unreachable")
                    || line.contains("Content Security Policy")
            })
            .collect();
        assert!(bad.is_empty(), "the console says: {bad:#?}");
    }

    /// From now on, every file the page saves is recorded instead of
    /// saved: the app saves through a link's `click()`.
    pub async fn capture_downloads(&self) {
        let script = "window.__downloads = [];
HTMLAnchorElement.prototype.click = function () {
  window.__downloads.push([this.download, this.href]);
};";
        self.client.execute(script, vec![]).await.expect("capture");
    }

    /// The downloads captured so far: file name and data URL.
    pub async fn downloads(&self) -> Vec<(String, String)> {
        let value = self
            .client
            .execute("return window.__downloads;", vec![])
            .await
            .expect("downloads");
        serde_json::from_value(value).expect("pairs")
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// The text behind a `data:…,` URL of text.
pub fn data_text(url: &str) -> String {
    let (_, encoded) = url.split_once(',').expect("data url");
    let bytes = encoded.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

/// Serves `body` at `/name` on a free port of 127.0.0.1, readable from any
/// origin (as a conference site's file would be); returns its URL.
pub async fn serve_file(name: &str, body: String) -> String {
    let name_is_html = name.ends_with(".html");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let app = axum::Router::new().route(
        &format!("/{name}"),
        axum::routing::get(move || {
            let body = body.clone();
            async move {
                let kind = if name_is_html {
                    "text/html; charset=utf-8"
                } else {
                    "text/plain; charset=utf-8"
                };
                (
                    [
                        (axum::http::header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
                        (axum::http::header::CONTENT_TYPE, kind),
                    ],
                    body,
                )
            }
        }),
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}/{name}")
}

/// A stand-in on a free port of 127.0.0.1.
pub async fn start_standin(data: Dataset, config: Config) -> Running {
    sprintlift_standin::start_with(data, config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("start the stand-in")
}

/// What a figure counts, for the oracle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Opened,
    Merged,
    ClosedUnmerged,
}

/// Apps the app's default filters leave out (bots and the backport app),
/// as the stand-in names their PRs' authors.
pub const FILTERED_APPS: [&str; 5] = [
    "dependabot[bot]",
    "pre-commit-ci[bot]",
    "renovate[bot]",
    "github-actions[bot]",
    "miss-islington-app[bot]",
];

/// PRs of `org` with `event` during the local days `from..=to` in `zone`
/// (shifted by `weeks`), counted straight from the data with jiff's tz
/// database, under the app's default filters.
pub fn count_in(
    data: &Dataset,
    org: &str,
    days: (&str, &str),
    zone: &str,
    weeks: i64,
    event: Event,
) -> usize {
    events_in(data, |pr| pr.org == org, days, zone, weeks, event).len()
}

/// The PRs in scope (`in_scope`) with `event` during the local days
/// `from..=to` in `zone` (shifted by `weeks`), straight from the data with
/// jiff's tz database, under the app's default filters.
pub fn events_in<'d>(
    data: &'d Dataset,
    in_scope: impl Fn(&PullRequest) -> bool,
    (from, to): (&str, &str),
    zone: &str,
    weeks: i64,
    event: Event,
) -> Vec<&'d PullRequest> {
    let tz = TimeZone::get(zone).expect("zone");
    let start_of = |d: Date| d.to_zoned(tz.clone()).expect("zoned").timestamp();
    let shift = |d: &str| {
        let date: Date = d.parse().expect("date");
        date.checked_add(jiff::Span::new().days(7 * weeks))
            .expect("shift")
    };
    let (start, end): (Timestamp, Timestamp) = (
        start_of(shift(from)),
        start_of(shift(to).tomorrow().expect("tomorrow")),
    );
    data.prs
        .iter()
        .filter(|pr| in_scope(pr) && !FILTERED_APPS.contains(&pr.author.as_str()))
        .filter(|pr| {
            let at = match event {
                Event::Opened => Some(pr.created_at),
                Event::Merged => pr.merged_at,
                Event::ClosedUnmerged => pr.merged_at.is_none().then_some(pr.closed_at).flatten(),
            };
            at.is_some_and(|t| start <= t && t < end)
        })
        .collect()
}

/// PRs of `org` opened during the local days `from..=to` in `zone`.
pub fn opened_in(data: &Dataset, org: &str, from: &str, to: &str, zone: &str) -> usize {
    count_in(data, org, (from, to), zone, 0, Event::Opened)
}

/// A copy of dist/ to bake views into, as `cargo xtask site` assembles one.
pub fn site_copy() -> TempDir {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).expect("create a folder of the site");
        for entry in std::fs::read_dir(from).expect("read dist/") {
            let entry = entry.expect("an entry of dist/");
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copy a file of dist/");
            }
        }
    }
    let site = TempDir::new("site");
    copy(&dist(), site.path());
    site
}

/// The release build, dist/.
pub fn dist() -> PathBuf {
    PathBuf::from(std::env::var("SPRINTLIFT_DIST").expect(
        "SPRINTLIFT_DIST is not set: run the end-to-end tests through `cargo xtask test`, which builds dist/ first",
    ))
}

/// Serves the site in `dist`, with index.html for any path, as a static
/// host does for a single-page app.
async fn serve_site(dist: PathBuf) -> SocketAddr {
    assert!(
        dist.join("index.html").exists(),
        "no index.html in {}",
        dist.display()
    );
    let service = ServeDir::new(&dist).fallback(ServeFile::new(dist.join("index.html")));
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the site");
    let addr = listener.local_addr().expect("site address");
    // The same files under a sub-path too, as GitHub Pages serves a
    // project site.
    let nested = ServeDir::new(&dist).fallback(ServeFile::new(dist.join("index.html")));
    let app = axum::Router::new()
        .nest_service(SUB_PATH, nested)
        .fallback_service(service);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

/// ChromeDriver and the Chromium it starts, in a process group of their
/// own: dropping it (a test that ends, passes or panics) kills the group,
/// so no browser outlives its test and skews the next one's timings.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        if let Some(pid) = self.0.id() {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .status();
        }
    }
}

async fn start_chromedriver() -> (Driver, String) {
    let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_string());
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
        probe.local_addr().expect("port").port()
    };
    let child = Command::new(&program)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .process_group(0)
        .kill_on_drop(true)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    let deadline = Instant::now() + Duration::from_secs(20);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not listen on port {port}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (Driver(child), format!("http://127.0.0.1:{port}"))
}

async fn connect_browser(driver_url: &str, profile: &TempDir) -> Client {
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    // The flags keep Chromium from reaching for the network this machine lacks.
    let args = [
        "--headless=new".to_string(),
        "--no-sandbox".to_string(),
        "--disable-gpu".to_string(),
        "--disable-quic".to_string(),
        "--no-first-run".to_string(),
        "--disable-background-networking".to_string(),
        "--disable-component-update".to_string(),
        "--disable-sync".to_string(),
        "--disable-dev-shm-usage".to_string(),
        "--window-size=1280,1000".to_string(),
        format!("--user-data-dir={}", profile.0.display()),
    ];
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_string(),
        serde_json::json!({ "binary": binary, "args": args }),
    );
    // Keeps the page's console for `World::console`.
    capabilities.insert(
        "goog:loggingPrefs".to_string(),
        serde_json::json!({ "browser": "ALL" }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(driver_url)
        .await
        .expect("a WebDriver session with headless Chromium")
}

/// ChromeDriver's `POST /session/{id}/se/log`: the console lines since the
/// last call. WebDriver has no standard command for it.
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(r#"{"type":"browser"}"#.to_string()),
        )
    }
}

/// A fresh directory, removed when dropped.
/// A directory removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn path(&self) -> &std::path::Path {
        &self.0
    }

    pub fn new(purpose: &str) -> TempDir {
        let unique = format!(
            "sprintlift-{purpose}-{}-{}",
            std::process::id(),
            Timestamp::now().as_nanosecond()
        );
        let path = std::env::temp_dir().join(unique);
        std::fs::create_dir_all(&path).expect("create a temporary directory");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
