//! Publishing as the workflow does: `cargo xtask site` runs
//! `sprintlift-bake --plan` (is anything due?), then `sprintlift-bake
//! --site DIST` (the build copied in, the due views baked). Here both run
//! against the stand-in with a views file of edge cases and every known
//! event (`--presets`); the result is served under a sub-path, as GitHub
//! Pages serves a project, and opened with GitHub unreachable. A second
//! run on a machine with nothing cached starts from the published site and
//! asks GitHub nothing.

// A test: a failed expectation here is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use jiff::Timestamp;
use sprintlift_core::baked_site::Index;
use sprintlift_core::presets::PRESETS;
use sprintlift_e2e::{dist, start_standin, TempDir, World, SEED};
use sprintlift_standin::{AuthorKind, Config, Dataset, PullRequest};
use std::path::Path;

const TOKEN: &str = "test-token";

/// A views file as people write them: a comment, blank lines, CRLF
/// endings, padding, a leading `?`, a view the presets list too, and a
/// last line without a newline.
const VIEWS_FILE: &str = "# Our sprints\r\n\r\n  ?org=python&from=2025-07-19&to=2025-07-20&tz=Europe/Prague  \r\n   \n# CPython alone\nrepos=python/cpython&from=2025-05-19&to=2025-05-22&tz=America/New_York";
const CPYTHON: &str = "repos=python/cpython&from=2025-05-19&to=2025-05-22&tz=America/New_York";

/// The generated data, plus a PR in each repository a known event names
/// that the generator does not make (GitHub has them all).
fn data() -> Dataset {
    let mut prs = sprintlift_standin::generate(SEED).prs;
    let have: Vec<String> = prs
        .iter()
        .map(|p| format!("{}/{}", p.org, p.repo))
        .collect();
    let created: Timestamp = "2013-03-19T18:00:00Z".parse().unwrap();
    for preset in PRESETS {
        let sprint = preset.sprint().unwrap();
        for full in sprint.scope.repos().unwrap_or_default() {
            if have.iter().any(|h| h.eq_ignore_ascii_case(full)) {
                continue;
            }
            let (org, repo) = full.split_once('/').unwrap();
            prs.push(PullRequest {
                org: org.into(),
                repo: repo.into(),
                number: 1,
                title: "Sprint work".into(),
                author: "sprinter".into(),
                author_kind: AuthorKind::User,
                author_association: "FIRST_TIME_CONTRIBUTOR",
                created_at: created,
                closed_at: None,
                merged_at: None,
                draft: false,
            });
        }
    }
    Dataset::new(prs)
}

/// Runs the bake as `cargo xtask site` does, with the workflow's token;
/// returns its exit code and what it printed.
async fn bake(arguments: &[&str]) -> (i32, String) {
    // The token goes to the stand-in only when named for it.
    let api = arguments
        .iter()
        .position(|a| *a == "--api")
        .map(|i| arguments[i + 1].trim_start_matches("http://").to_string());
    let binary = std::env::var("SPRINTLIFT_BAKE")
        .expect("SPRINTLIFT_BAKE is not set: run the end-to-end tests through `cargo xtask test`");
    let output = tokio::process::Command::new(&binary)
        .args(arguments)
        .args(api.iter().flat_map(|host| ["--token-for", host.as_str()]))
        .env("GITHUB_TOKEN", TOKEN)
        .output()
        .await
        .expect("run sprintlift-bake");
    let printed = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), printed)
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn index(site: &Path) -> Index {
    let text = std::fs::read_to_string(site.join("baked/index.json")).expect("an index");
    Index::parse(&text).expect("a valid index")
}

#[tokio::test]
async fn the_published_site_shows_every_known_event_with_github_unreachable() {
    let data = data();
    let standin = start_standin(data.clone(), Config::unlimited()).await;
    let api = standin.base_url();
    let folder = TempDir::new("views");
    let views = folder.path().join("views.txt");
    std::fs::write(&views, VIEWS_FILE).unwrap();
    let out = TempDir::new("published");
    let dist = dist();
    let common = [
        "--out",
        path(out.path()),
        "--views",
        path(&views),
        "--presets",
        "--api",
        &api,
    ];

    // The first run: nothing was ever baked, so everything is due.
    let (code, printed) = bake(&[&common[..], &["--plan"]].concat()).await;
    assert_eq!(code, 0, "{printed}");
    assert_eq!(
        printed.matches("due: ").count(),
        PRESETS.len() + 1,
        "every known event and the file's CPython view, each once: {printed}"
    );
    assert!(printed.contains("never baked"), "{printed}");
    assert!(
        standin.log.entries().is_empty(),
        "planning asks GitHub nothing"
    );

    let (code, printed) = bake(&[&common[..], &["--site", path(&dist), "--if-due"]].concat()).await;
    assert_eq!(code, 0, "{printed}");
    assert!(
        out.path().join("index.html").is_file(),
        "the app is in the site"
    );
    let published = index(out.path());
    assert_eq!(published.views.len(), PRESETS.len() + 1, "{published:#?}");
    assert!(
        published.views.iter().any(|v| v.view.starts_with(CPYTHON)),
        "the last line without a newline is baked: {published:#?}"
    );
    let asked = standin.log.entries().len();
    assert!(asked > 0);

    let mut world = World::around(standin, data, out.path().to_path_buf()).await;
    let site = world.site_under_sub_path();

    // A scheduled run on a machine with nothing cached: it starts from the
    // published site, finds every event settled and asks nothing.
    let cold = TempDir::new("cold");
    let again = [
        "--out",
        path(cold.path()),
        "--views",
        path(&views),
        "--presets",
        "--api",
        &api,
        "--restore-from",
        &site,
    ];
    let (code, printed) = bake(&[&again[..], &["--plan"]].concat()).await;
    assert_eq!(code, 3, "nothing is due: {printed}");
    assert_eq!(
        printed.matches("not due: ").count(),
        PRESETS.len() + 1,
        "{printed}"
    );
    assert!(printed.contains("final since"), "{printed}");
    // A push (every view baked) after an evicted cache: every answer is
    // replayed from the published site.
    let (code, printed) = bake(&[&again[..], &["--site", path(&dist)]].concat()).await;
    assert_eq!(code, 0, "{printed}");
    assert!(printed.contains(", 0 requests to GitHub"), "{printed}");
    assert_eq!(
        world.standin.log.entries().len(),
        asked,
        "no request to GitHub"
    );
    assert_eq!(index(cold.path()).views.len(), PRESETS.len() + 1);

    // A visitor, with GitHub unreachable: every known event, the default
    // view, a comparison and an embed card, with no request.
    world.standin.stop();
    let mut pages: Vec<String> = PRESETS.iter().map(|p| p.query.to_string()).collect();
    pages.push(CPYTHON.to_string());
    pages.push(format!("{}&embed=1", PRESETS[0].query));
    for query in pages {
        let url = world.sub_path_url(&query);
        eprintln!("opening {url}");
        world.client.goto(&url).await.expect("navigate");
        assert_eq!(world.wait_done().await, 0, "requests for {query}");
        world.expect_healthy().await;
    }
    // A comparison of known events: each column done, its figures known.
    let events = ["pycon-us-2025", "europython-2025", "pycon-kr-2025"];
    let url = world.sub_path_url(&format!("compare={}", events.join(",")));
    world.client.goto(&url).await.expect("navigate");
    for event in events {
        let row = format!("[data-event=\"{event}\"][data-done=\"true\"]");
        let row = world
            .client
            .wait()
            .at_most(std::time::Duration::from_secs(30))
            .for_element(fantoccini::Locator::Css(&row))
            .await
            .unwrap_or_else(|e| panic!("{event} never finished: {e}"));
        let opened = row
            .find(fantoccini::Locator::Css("[data-metric=\"opened\"]"))
            .await
            .expect("the opened cell");
        let value = opened.attr("data-value").await.expect("attr");
        assert!(
            value.is_some_and(|v| v.parse::<u64>().is_ok()),
            "{event}: opened is not known with GitHub unreachable"
        );
    }
    world.expect_healthy().await;
    world.close().await;
}

#[tokio::test]
async fn a_published_file_that_is_not_what_its_index_says_is_baked_anew() {
    let data = sprintlift_standin::generate(SEED);
    let standin = start_standin(data.clone(), Config::unlimited()).await;
    let api = standin.base_url();
    let pycon = PRESETS[0].query;
    let out = TempDir::new("tampered");
    let (code, printed) = bake(&[
        "--out",
        path(out.path()),
        "--api",
        &api,
        "--view",
        pycon,
        "--site",
        path(&dist()),
    ])
    .await;
    assert_eq!(code, 0, "{printed}");
    // The published answers are swapped for another view's.
    let entry = index(out.path()).views.remove(0);
    let answers = out.path().join(&entry.answers);
    let text = std::fs::read_to_string(&answers).unwrap();
    std::fs::write(
        &answers,
        text.replace(&entry.view, "org=other&from=2025-05-19&tz=UTC"),
    )
    .unwrap();
    let asked = standin.log.entries().len();
    let world = World::around(standin, data, out.path().to_path_buf()).await;

    let cold = TempDir::new("cold-tampered");
    let (code, printed) = bake(&[
        "--out",
        path(cold.path()),
        "--api",
        &api,
        "--view",
        pycon,
        "--restore-from",
        &world.site_under_sub_path(),
    ])
    .await;
    assert_eq!(code, 0, "{printed}");
    assert!(printed.contains("not restored"), "{printed}");
    assert!(printed.contains("answers of another view"), "{printed}");
    assert!(
        world.standin.log.entries().len() > asked,
        "baked anew: {printed}"
    );
    world.close().await;
}
