//! `sprintlift-bake`: the native shell around the core's load engine. For
//! each view it runs the same engine the page runs, with a native HTTP
//! client and jiff's tz database, and writes what the page needs to show
//! the complete view with no GitHub request (see `output`).

pub mod args;
pub mod card;
pub mod http;
pub mod output;
pub mod restore;
pub mod schedule;
pub mod site_copy;
pub mod zone;

use http::Http;
use jiff::Timestamp;
use output::{answers_path, card_path, snapshot_path, stem, write_atomically};
use sprintlift_core::api_base::ApiBase;
use sprintlift_core::baked_answers::{BakedAnswers, Replay};
use sprintlift_core::baked_site::IndexEntry;
use sprintlift_core::fetch_plan::Mode;
use sprintlift_core::github_exchange::GithubError;
use sprintlift_core::load_engine::{LoadEngine, Step};
use sprintlift_core::view_load::ViewLoad;
use sprintlift_core::view_state::{decode_query, DataView, Param, View, ViewError};
use sprintlift_core::zone::ZoneError;
use std::io::Write;
use std::path::PathBuf;
use zone::NativeZone;

/// What to bake, and where.
#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    pub api: ApiBase,
    /// Views as URL queries, `org=python&from=…&to=…&tz=…`.
    pub views: Vec<String>,
    /// From `GITHUB_TOKEN`; with it the engine uses GraphQL.
    pub token: Option<String>,
}

/// A whole run of the command: optionally the built site copied in and the
/// published answers restored, then the views baked (all, or those due).
#[derive(Debug, Clone)]
pub struct Job {
    pub options: Options,
    /// What the command line decided that the user should know (a token
    /// not sent), printed first.
    pub notes: Vec<String>,
    /// `--site DIST`: the built app to copy into `out` first.
    pub site: Option<PathBuf>,
    /// `--restore-from URL`: the published site to start from.
    pub restore_from: Option<String>,
    pub schedule: Schedule,
}

/// Which views a run bakes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// Every view (the default).
    Every,
    /// `--if-due`: the views the core's schedule says are due.
    IfDue,
    /// `--plan`: none; only say which are due.
    PlanOnly,
}

/// How a run ended.
#[derive(Debug)]
pub enum Outcome {
    /// `--plan`: how many views are due.
    Planned {
        due: usize,
    },
    Baked(Summary),
}

/// Why a run could not start, as a sentence.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("{0}")]
    Copy(#[from] site_copy::CopyError),
}

/// Runs `job`, reporting progress (and every decision) to `progress`.
pub fn run(job: &Job, progress: &mut dyn Write) -> Result<Outcome, JobError> {
    let options = &job.options;
    for note in &job.notes {
        let _ = writeln!(progress, "{note}");
    }
    output::remove_stale_temporaries(&options.out, progress);
    if let Some(dist) = &job.site {
        let _ = writeln!(
            progress,
            "copying the built site {} into {}",
            dist.display(),
            options.out.display()
        );
        site_copy::copy_site(dist, &options.out)?;
    }
    if let Some(site) = &job.restore_from {
        let _ = writeln!(progress, "starting from the published site {site}");
        let listed = options
            .views
            .iter()
            .filter_map(|query| event_view(options, query).ok())
            .map(|view| view.key())
            .collect();
        match restore::restore(site, &options.out, &listed, progress) {
            Ok(restored) => {
                let _ = writeln!(
                    progress,
                    "  {} views restored, {} not restored, {} published views not listed here",
                    restored.views,
                    restored.refused.len(),
                    restored.unlisted
                );
            }
            Err(error) => {
                let _ = writeln!(progress, "  {error} Every view is asked from GitHub.");
            }
        }
    }
    let views = match job.schedule {
        Schedule::Every => options.views.clone(),
        Schedule::IfDue | Schedule::PlanOnly => {
            schedule::due_views(options, Timestamp::now(), progress)
        }
    };
    if job.schedule == Schedule::PlanOnly {
        return Ok(Outcome::Planned { due: views.len() });
    }
    if views.is_empty() {
        let _ = writeln!(progress, "nothing is due: the site stays as it is");
    }
    let due = Options {
        views,
        ..options.clone()
    };
    Ok(Outcome::Baked(bake(&due, progress)))
}

/// Why a view could not be baked, as the sentence printed for it.
#[derive(Debug, thiserror::Error)]
pub enum BakeError {
    #[error("{0}")]
    View(#[from] ViewError),
    #[error("The view names no time zone: add tz=, the event's IANA zone (the page would use its reader's).")]
    NoZone,
    #[error("Only a single event's view can be baked, not a snapshot= or compare= page.")]
    NotAnEvent,
    #[error("The view's api= ({view}) is not the bake's --api ({bake}).")]
    OtherApi { view: String, bake: String },
    #[error("“{0}” is not a time zone of the tz database.")]
    Zone(String),
    #[error("{0}")]
    Github(#[from] GithubError),
    #[error("{0}")]
    Write(#[from] output::WriteError),
}

impl From<ZoneError> for BakeError {
    fn from(error: ZoneError) -> BakeError {
        match error {
            ZoneError::Unknown(name) => BakeError::Zone(name),
        }
    }
}

/// How a bake went.
#[derive(Debug, Default)]
pub struct Summary {
    /// Views baked completely.
    pub done: usize,
    /// Each failed view's query and its sentence.
    pub failed: Vec<(String, String)>,
    /// Requests sent to GitHub.
    pub requests: usize,
    /// Answers taken from earlier bakes instead of asking.
    pub reused: usize,
}

impl Summary {
    pub fn complete(&self) -> bool {
        self.failed.is_empty()
    }
}

/// Bakes every view of `options`, reporting progress to `progress`.
pub fn bake(options: &Options, progress: &mut dyn Write) -> Summary {
    let http = Http::new(&options.api, options.token.clone());
    let mode = if options.token.is_some() {
        Mode::Token
    } else {
        Mode::Anonymous
    };
    let mut summary = Summary::default();
    let count = options.views.len();
    for (number, query) in options.views.iter().enumerate() {
        let _ = writeln!(progress, "view {} of {count}: {query}", number + 1);
        match bake_view(options, &http, mode, query, progress) {
            Ok(baked) => {
                summary.done += 1;
                summary.requests += baked.requests;
                summary.reused += baked.reused;
                let _ = writeln!(
                    progress,
                    "  done: {} requests, {} answers from the earlier bake, written to {}",
                    baked.requests, baked.reused, baked.answers
                );
            }
            Err((error, requests)) => {
                summary.requests += requests;
                let _ = writeln!(progress, "  failed: {error}");
                summary.failed.push((query.clone(), error.to_string()));
            }
        }
    }
    summary
}

struct Baked {
    requests: usize,
    reused: usize,
    answers: String,
}

/// Bakes one view; on failure its earlier files stay as they were.
fn bake_view(
    options: &Options,
    http: &Http,
    mode: Mode,
    query: &str,
    progress: &mut dyn Write,
) -> Result<Baked, (BakeError, usize)> {
    // The bake's time is when it started: a bake that began during the
    // sprint and ended after it knows only what was asked during it.
    let started = Timestamp::now();
    let view = event_view(options, query).map_err(|e| (e, 0))?;
    let zone = NativeZone::get(&view.sprint.zone).map_err(|e| (e.into(), 0))?;
    let canonical = view.key();
    let stem = stem(&canonical, &view.sprint.days.from.to_string());
    let (answers_file, snapshot_file) = (answers_path(&stem), snapshot_path(&stem));
    let earlier = earlier_answers(options, mode, &answers_file, progress);
    let (load, fetch) = ViewLoad::plan(&view.sprint, &zone, mode, Timestamp::now());
    let mut engine = LoadEngine::new(fetch, options.api.clone());
    let mut baked = BakedAnswers::new(&options.api, mode, canonical.clone());
    let mut reused = 0;
    let failure = loop {
        reused += engine.replay(|ask| {
            let (at, answer) = earlier.settled(ask)?;
            baked.record(ask, &answer, at);
            Some(answer)
        });
        let now = Timestamp::now();
        match engine.poll(now) {
            Step::Send(request) => {
                let (answered, left) = engine.fetch().progress();
                let _ = writeln!(
                    progress,
                    "  request {}: {answered} of {} searches answered",
                    engine.requests(),
                    answered + left
                );
                let delivery = http.send(&request);
                let at = Timestamp::now();
                for received in engine.receive(&request, &delivery, at) {
                    baked.record(&received.ask, &received.answer, at);
                }
            }
            Step::Wait { until, why } => {
                let _ = writeln!(
                    progress,
                    "  waiting until {} UTC: {why}",
                    until.strftime("%H:%M:%S")
                );
                let left = until.duration_since(now).unsigned_abs();
                std::thread::sleep(left);
            }
            Step::Done => break None,
            Step::Failed(error) => break Some(error),
        }
    };
    let requests = engine.requests();
    if let Some(error) = failure {
        return Err((error.into(), requests));
    }
    let now = Timestamp::now();
    let figures = load.figures(engine.fetch(), now);
    let snapshot = sprintlift_core::snapshot::to_json(&view, &figures, now);
    let write = |relative: &str, text: &str| {
        write_atomically(&options.out, relative, text).map_err(|e| (e.into(), requests))
    };
    write(&answers_file, &baked.to_json())?;
    write(&snapshot_file, &snapshot)?;
    let card = match card::card_svg(&view.sprint, &figures) {
        Some(svg) => {
            let file = card_path(&stem);
            write(&file, &svg)?;
            Some(file)
        }
        None => None,
    };
    let entry = IndexEntry {
        view: canonical,
        answers: answers_file.clone(),
        snapshot: snapshot_file,
        card,
        baked_at: started.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
    };
    output::update_index(&options.out, |index, problem| {
        if let Some(problem) = problem {
            let _ = writeln!(
                progress,
                "  {problem}: it is rebuilt from this bake's views"
            );
        }
        index.put(entry);
    })
    .map_err(|e| (e.into(), requests))?;
    Ok(Baked {
        requests,
        reused,
        answers: options.out.join(answers_file).display().to_string(),
    })
}

/// The sprint `query` names and the API to ask, checked for what a bake
/// needs.
fn event_view(options: &Options, query: &str) -> Result<DataView, BakeError> {
    let query = query.trim().trim_start_matches('?');
    let names = |param: Param| decode_query(query).iter().any(|(k, _)| k == param.name());
    if !names(Param::Tz) {
        return Err(BakeError::NoZone);
    }
    let view = View::from_query_string(query, "UTC")?;
    let Some(view) = view.data() else {
        return Err(BakeError::NotAnEvent);
    };
    if !names(Param::Api) {
        // The view does not name an API: it is the bake's.
        return Ok(DataView {
            api: options.api.clone(),
            ..view
        });
    }
    if view.api != options.api {
        return Err(BakeError::OtherApi {
            view: view.api.as_str().to_string(),
            bake: options.api.as_str().to_string(),
        });
    }
    Ok(view)
}

/// The answers an earlier bake of this view kept, when they came from the
/// same API in the same mode; otherwise none (and why, when it matters).
fn earlier_answers(
    options: &Options,
    mode: Mode,
    answers_file: &str,
    progress: &mut dyn Write,
) -> Replay {
    let Ok(text) = std::fs::read_to_string(options.out.join(answers_file)) else {
        return Replay::default();
    };
    match BakedAnswers::parse(&text) {
        Ok(earlier) if earlier.matches(&options.api, mode) => {
            earlier.replay_at(Timestamp::now()).unwrap_or_default()
        }
        Ok(_) => Replay::default(),
        Err(error) => {
            let _ = writeln!(progress, "  {error} They are asked again.");
            Replay::default()
        }
    }
}
