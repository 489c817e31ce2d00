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
use sprintlift_standin::{Dataset, Running};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::process::{Child, Command};
use tower_http::services::{ServeDir, ServeFile};

/// The seed of the generated data set every e2e test searches.
pub const SEED: u64 = 1;

/// How long any one condition may take to become true in the page.
const PATIENCE: Duration = Duration::from_secs(30);

pub struct World {
    pub client: Client,
    pub standin: Running,
    pub data: Dataset,
    site: SocketAddr,
    _driver: Child,
    _profile: TempDir,
}

impl World {
    pub async fn start() -> World {
        let data = sprintlift_standin::generate(SEED);
        let standin = sprintlift_standin::start(data.clone())
            .await
            .expect("start the stand-in");
        let site = serve_dist().await;
        let (driver, driver_url) = start_chromedriver().await;
        let profile = TempDir::new("chromium-profile");
        let client = connect_browser(&driver_url, &profile).await;
        World {
            client,
            standin,
            data,
            site,
            _driver: driver,
            _profile: profile,
        }
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
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(&format!("[data-testid=\"{testid}\"]")))
            .await
            .unwrap_or_else(|e| panic!("no [data-testid={testid}] within {PATIENCE:?}: {e}"))
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

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// PRs of `org` created during the local days `from..=to` in `zone`,
/// counted straight from the data with jiff's tz database.
pub fn opened_in(data: &Dataset, org: &str, from: &str, to: &str, zone: &str) -> usize {
    let tz = TimeZone::get(zone).expect("zone");
    let start_of = |d: Date| d.to_zoned(tz.clone()).expect("zoned").timestamp();
    let from: Date = from.parse().expect("from");
    let to: Date = to.parse().expect("to");
    let (start, end): (Timestamp, Timestamp) =
        (start_of(from), start_of(to.tomorrow().expect("tomorrow")));
    data.prs
        .iter()
        .filter(|pr| pr.org == org && start <= pr.created_at && pr.created_at < end)
        .count()
}

/// Serves the release build from dist/, with index.html for any path, as a
/// static host does for a single-page app.
async fn serve_dist() -> SocketAddr {
    let dist = PathBuf::from(std::env::var("SPRINTLIFT_DIST").expect(
        "SPRINTLIFT_DIST is not set: run the end-to-end tests through `cargo xtask test`, which builds dist/ first",
    ));
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
    let app = axum::Router::new().fallback_service(service);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

async fn start_chromedriver() -> (Child, String) {
    let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_string());
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
        probe.local_addr().expect("port").port()
    };
    let child = Command::new(&program)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
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
    (child, format!("http://127.0.0.1:{port}"))
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
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(driver_url)
        .await
        .expect("a WebDriver session with headless Chromium")
}

/// A fresh directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(purpose: &str) -> TempDir {
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
