//! The end-to-end harness: the release build served from dist/, the GitHub
//! stand-in, chromedriver and a headless Chromium session, all on 127.0.0.1
//! and all stopped when the test's `World` is dropped.
//!
//! `cargo xtask test` builds dist/ and sets SPRINTLIFT_DIST, CHROMEDRIVER and
//! CHROMIUM before running these tests.

// A test harness: a failed expectation here is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod browser;
mod oracle;
mod site;

use browser::*;
pub use oracle::*;
pub use site::*;

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

/// The default view's sprint as URL parameters: PyCon US 2025's sprints.
pub const PYCON_US: &str = "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York";

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

    /// The site's own address under the sub-path, as a project's GitHub
    /// Pages site is published (`https://OWNER.github.io/REPO/`).
    pub fn site_under_sub_path(&self) -> String {
        format!("http://{}{SUB_PATH}/", self.site)
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

    /// The page is alive and well: the app drew its page (the masthead is
    /// in the HTML, so it proves nothing), the console holds no panic, no
    /// wasm trap and no Content-Security-Policy violation, and every `<a>`
    /// has an address or a role.
    pub async fn expect_healthy(&self) {
        let page = self.client.find(Locator::Css("main.page")).await;
        assert!(page.is_ok(), "the app drew nothing (no main.page)");
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
        // Every `<a>` is a link, or says it is not one yet (a placeholder
        // with a role): no link a crawler or a reader cannot follow.
        let dead = self
            .client
            .execute(
                "return [...document.querySelectorAll('a:not([href]):not([role])')].map(a => a.outerHTML);",
                vec![],
            )
            .await
            .expect("the page's links");
        assert_eq!(dead, serde_json::json!([]), "links without an address");
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

/// A stand-in on a free port of 127.0.0.1.
pub async fn start_standin(data: Dataset, config: Config) -> Running {
    sprintlift_standin::start_with(data, config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("start the stand-in")
}
