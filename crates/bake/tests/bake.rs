//! The bake against the in-process GitHub stand-in: its figures equal the
//! oracle's (counts straight from the stand-in's data with jiff's tz
//! database), a rerun of a past view asks nothing, a failing view leaves the
//! earlier output as it was, and the token is in no file and no line of
//! progress.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use sprintlift_bake::{bake, Options, Summary};
use sprintlift_core::api_base::ApiBase;
use sprintlift_core::fetched_figures::Known;
use sprintlift_core::metrics::Figure;
use sprintlift_core::snapshot;
use sprintlift_e2e::{count_in, Event, SEED};
use sprintlift_standin::{Config, Dataset, Fault, FaultRule, Route, Running};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

const TOKEN: &str = "test-token";
const PYCON: &str = "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York";

struct Standin {
    running: Running,
    data: Dataset,
    _runtime: tokio::runtime::Runtime,
}

fn standin(config: Config) -> Standin {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let data = sprintlift_standin::generate(SEED);
    let running = runtime
        .block_on(sprintlift_standin::start_with(
            data.clone(),
            config,
            SocketAddr::from(([127, 0, 0, 1], 0)),
        ))
        .expect("stand-in");
    Standin {
        running,
        data,
        _runtime: runtime,
    }
}

/// A fresh output folder under target/.
fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bake-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn run(standin: &Standin, out: &Path, token: Option<&str>, views: &[&str]) -> (Summary, String) {
    let options = Options {
        out: out.to_path_buf(),
        api: ApiBase::parse(&standin.running.base_url()).expect("api"),
        views: views.iter().map(|v| v.to_string()).collect(),
        token: token.map(str::to_string),
    };
    let mut progress = Vec::new();
    let summary = bake(&options, &mut progress);
    (summary, String::from_utf8(progress).expect("utf-8"))
}

/// Every file under `dir`, by path, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut all = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read");
                all.insert(path, bytes);
            }
        }
    }
    all
}

/// The one snapshot file the bake wrote under `out`.
fn baked_snapshot(out: &Path) -> snapshot::Snapshot {
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("baked/index.json")).expect("index"))
            .expect("index json");
    let views = index["views"].as_array().expect("views");
    assert_eq!(views.len(), 1, "{index}");
    let file = views[0]["snapshot"].as_str().expect("snapshot path");
    snapshot::parse(&std::fs::read_to_string(out.join(file)).expect("snapshot")).expect("parses")
}

/// Every window's opened, merged and closed-unmerged counts equal the
/// oracle's.
fn assert_oracle(data: &Dataset, snapshot: &snapshot::Snapshot) {
    let figures = &snapshot.figures;
    assert_eq!(figures.rows.len(), 9, "the sprint and eight baseline weeks");
    for row in &figures.rows {
        let (from, to) = (row.days.from.to_string(), row.days.to.to_string());
        for (figure, event) in [
            (Figure::Opened, Event::Opened),
            (Figure::Merged, Event::Merged),
            (Figure::ClosedUnmerged, Event::ClosedUnmerged),
        ] {
            let expected = count_in(data, "python", (&from, &to), "America/New_York", 0, event);
            assert_eq!(
                row.values
                    .get(figure)
                    .and_then(|known| known.value())
                    .map(|t| t.value),
                Some(expected as u64),
                "{from}..{to} {figure:?}"
            );
        }
    }
}

#[test]
fn a_bake_with_a_token_has_the_oracles_figures_and_a_rerun_asks_nothing() {
    let standin = standin(Config::unlimited());
    let out = out_dir("token");
    let (summary, progress) = run(&standin, &out, Some(TOKEN), &[PYCON]);
    assert!(summary.complete(), "{progress}");
    assert!(summary.requests > 0);
    let first = baked_snapshot(&out);
    assert_oracle(&standin.data, &first);
    assert!(
        first.figures.retention.value().is_some(),
        "a token's bake knows retention"
    );
    let asked = standin.running.log.entries().len();

    let (again, progress) = run(&standin, &out, Some(TOKEN), &[PYCON]);
    assert!(again.complete(), "{progress}");
    assert_eq!(again.requests, 0, "{progress}");
    assert!(again.reused > 0);
    assert_eq!(standin.running.log.entries().len(), asked);
    // The same figures; only the afterglow's "as of" is the rerun's.
    let mut again = baked_snapshot(&out).figures;
    if let (Known::Value(a), Known::Value(b)) = (&mut again.afterglow, &first.figures.afterglow) {
        assert!(a.as_of >= b.as_of);
        a.as_of = b.as_of;
    }
    assert_eq!(again, first.figures);
}

#[test]
fn an_anonymous_bake_has_the_oracles_figures() {
    let standin = standin(Config::unlimited());
    let out = out_dir("anonymous");
    let (summary, progress) = run(&standin, &out, None, &[PYCON]);
    assert!(summary.complete(), "{progress}");
    assert_oracle(&standin.data, &baked_snapshot(&out));
    assert!(standin
        .running
        .log
        .entries()
        .iter()
        .all(|r| r.authorization.is_none()));
}

#[test]
fn transient_faults_end_complete() {
    let config = Config {
        faults: vec![
            FaultRule {
                route: Route::Graphql,
                requests: 1..=1,
                fault: Fault::Status(502),
            },
            FaultRule {
                route: Route::Graphql,
                requests: 2..=2,
                fault: Fault::TruncatedJson,
            },
            FaultRule {
                route: Route::Graphql,
                requests: 4..=4,
                fault: Fault::SecondaryLimit {
                    retry_after: Some(1),
                },
            },
        ],
        ..Config::unlimited()
    };
    let standin = standin(config);
    let out = out_dir("faults");
    let (summary, progress) = run(&standin, &out, Some(TOKEN), &[PYCON]);
    assert!(summary.complete(), "{progress}");
    assert!(
        progress.contains("Trying again, attempt 2 of 4."),
        "{progress}"
    );
    assert!(
        progress.contains("asked sprintlift to slow down"),
        "{progress}"
    );
    assert_oracle(&standin.data, &baked_snapshot(&out));
}

#[test]
fn a_failing_view_is_said_and_leaves_the_earlier_output_untouched() {
    let mut standin = standin(Config::unlimited());
    let out = out_dir("failing");
    let (summary, _) = run(&standin, &out, Some(TOKEN), &[PYCON]);
    assert!(summary.complete());
    let before = files(&out);
    // The network goes away.
    standin.running.stop();

    // Without a token the same view must ask again (REST's cursors are not
    // GraphQL's), and nothing answers.
    let (summary, progress) = run(&standin, &out, None, &[PYCON]);
    assert_eq!(summary.failed.len(), 1, "{progress}");
    let sentence = &summary.failed[0].1;
    assert!(
        sentence.starts_with("The GitHub API at http://127.0.0.1:")
            && sentence.contains("could not be reached"),
        "{sentence}"
    );
    assert!(
        progress.contains("Trying again, attempt 4 of 4."),
        "{progress}"
    );
    assert_eq!(files(&out), before, "the earlier output is untouched");

    // With the token, the past view needs nothing from the network.
    let (summary, progress) = run(&standin, &out, Some(TOKEN), &[PYCON]);
    assert!(summary.complete(), "{progress}");
    assert_eq!(summary.requests, 0);
}

#[test]
fn the_token_is_in_no_file_and_no_progress_line() {
    let standin = standin(Config::unlimited());
    let out = out_dir("secret");
    let (summary, progress) = run(&standin, &out, Some(TOKEN), &[PYCON]);
    assert!(summary.complete(), "{progress}");
    assert!(!progress.contains(TOKEN));
    let written = files(&out);
    assert!(written.len() >= 3, "{:?}", written.keys());
    for (path, bytes) in written {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(TOKEN), "{}", path.display());
    }
    // It was sent, to the stand-in only (the one API base).
    assert!(standin
        .running
        .log
        .entries()
        .iter()
        .any(|r| r.authorization.as_deref() == Some("Bearer test-token")));
}

#[test]
fn the_command_says_each_failed_view_and_exits_non_zero() {
    let standin = standin(Config::unlimited());
    let out = out_dir("command");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sprintlift-bake"))
        .args(["--out", out.to_str().expect("path"), "--api"])
        .arg(standin.running.base_url())
        .args(["--view", PYCON, "--view", "org=python&from=2025-05-19"])
        .arg("--token-for")
        .arg(standin.running.base_url().trim_start_matches("http://"))
        .env("GITHUB_TOKEN", TOKEN)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("1 of 2 views baked"), "{stderr}");
    assert!(
        stderr.contains("failed: org=python&from=2025-05-19: The view names no time zone"),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN));

    let usage = std::process::Command::new(env!("CARGO_BIN_EXE_sprintlift-bake"))
        .args(["--view", PYCON])
        .output()
        .expect("runs");
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("--out DIR is required."));
}

#[test]
fn two_bakes_into_one_folder_keep_each_other_s_views() {
    let standin = standin(Config::unlimited());
    let out = out_dir("together");
    let views = [
        PYCON,
        "org=python&from=2025-07-19&to=2025-07-20&tz=Europe/Prague",
        "org=python&from=2025-08-15&to=2025-08-15&tz=Asia/Seoul",
        "repos=python/cpython&from=2025-05-19&to=2025-05-22&tz=America/New_York",
    ];
    let api = ApiBase::parse(&standin.running.base_url()).expect("api");
    std::thread::scope(|scope| {
        for view in views {
            let options = Options {
                out: out.clone(),
                api: api.clone(),
                views: vec![view.to_string()],
                token: Some(TOKEN.into()),
            };
            scope.spawn(move || {
                let summary = bake(&options, &mut Vec::new());
                assert!(summary.complete(), "{view}");
            });
        }
    });
    let text = std::fs::read_to_string(out.join("baked/index.json")).expect("index");
    let index = sprintlift_core::baked_site::Index::parse(&text).expect("index");
    assert_eq!(index.views.len(), views.len(), "{index:#?}");
    // The lock is let go: another update goes through at once.
    sprintlift_bake::output::update_index(&out, |_, _| {}).expect("the lock is free");
}

#[test]
fn an_interrupted_bake_s_leftovers_are_hidden_and_removed() {
    let standin = standin(Config::unlimited());
    let out = out_dir("leftovers");
    let baked = out.join("baked");
    std::fs::create_dir_all(&baked).expect("folder");
    let old = baked.join(".2025-05-19-0.answers.json.4242.partial");
    let fresh = baked.join(".2025-05-19-1.answers.json.4243.partial");
    for file in [&old, &fresh] {
        std::fs::write(file, "{").expect("write");
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .and_then(|f| f.set_modified(two_hours_ago))
        .expect("age the leftover");
    let job = sprintlift_bake::Job {
        options: Options {
            out: out.clone(),
            api: ApiBase::parse(&standin.running.base_url()).expect("api"),
            views: vec![PYCON.to_string()],
            token: Some(TOKEN.into()),
        },
        notes: Vec::new(),
        site: None,
        restore_from: None,
        schedule: sprintlift_bake::Schedule::Every,
    };
    let mut progress = Vec::new();
    sprintlift_bake::run(&job, &mut progress).expect("runs");
    let progress = String::from_utf8_lossy(&progress);
    assert!(!old.exists(), "{progress}");
    assert!(fresh.exists(), "a bake still writing keeps its file");
    assert!(
        progress.contains("left by an interrupted bake"),
        "{progress}"
    );
    // Whatever a bake leaves is hidden: no published name starts with a dot.
    for entry in std::fs::read_dir(&baked).expect("folder").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            !name.ends_with(".partial") || name.starts_with('.'),
            "{name}"
        );
    }
}

#[test]
fn the_index_s_read_change_write_is_one_bake_s_at_a_time() {
    // Eight writers whose changes take a while: without the lock, most
    // read the same index and each overwrites the others' entries.
    let out = out_dir("index-lock");
    std::thread::scope(|scope| {
        for n in 0..8 {
            let out = out.clone();
            scope.spawn(move || {
                sprintlift_bake::output::update_index(&out, |index, _| {
                    std::thread::sleep(std::time::Duration::from_millis(30));
                    index.put(sprintlift_core::baked_site::IndexEntry {
                        view: format!("org=o{n}&from=2025-05-19&tz=UTC"),
                        answers: format!("baked/{n}.answers.json"),
                        snapshot: format!("baked/{n}.snapshot.json"),
                        card: None,
                        baked_at: "2026-12-05T00:00:00Z".into(),
                    });
                })
                .expect("written");
            });
        }
    });
    let text = std::fs::read_to_string(out.join("baked/index.json")).expect("index");
    let index = sprintlift_core::baked_site::Index::parse(&text).expect("index");
    assert_eq!(index.views.len(), 8, "{index:#?}");
}
