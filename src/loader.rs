//! Runs a view's load in the page: the core's `LoadEngine` decides what
//! to ask, when to wait and when to give up; this shell answers from the
//! browser's cache, sends what the engine asks with `Client`, sleeps when
//! told, shows a countdown, and publishes the figures after every answer.
//! Stopping (the view changed) aborts the request in flight.

use crate::answer_cache::AnswerCache;
use crate::baked_site::SiteError;
use crate::github::Client;
use crate::intl_zone::IntlZone;
use crate::perf_marks::{mark, mark_answer_start, measure_answer_after_this_task, measured};
use leptos::prelude::*;
use sprintlift_core::anonymous_cost::AnonymousCost;
use sprintlift_core::fetch_plan::Mode;
use sprintlift_core::fetched_figures::Figures;
use sprintlift_core::github_exchange::GithubError;
use sprintlift_core::load_engine::{LoadEngine, Step, WaitReason};
use sprintlift_core::metrics::Figure;
use sprintlift_core::view_load::ViewLoad;
use sprintlift_core::view_state::DataView;
use sprintlift_core::zone::ZoneError;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

/// A view's load as the page reads it: separate signals, so each part of
/// the page reads only what it shows. A countdown tick changes `wait`
/// alone (the status line), and the figures change only when an answer
/// changed them.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    /// The figures so far: empty (no window) until the load has planned
    /// its windows; set again only when an answer changed what is known.
    pub figures: ReadSignal<Figures>,
    pub progress: ReadSignal<Progress>,
    pub wait: ReadSignal<Option<Wait>>,
    /// Why the load stopped early; the figures already known stay.
    pub error: ReadSignal<Option<LoadError>>,
    pub source: ReadSignal<Source>,
    /// What the view costs without a token, while the load waits for the
    /// visitor to choose (a token, or going on without one).
    pub cost: ReadSignal<Option<AnonymousCost>>,
    /// Set by the page when the visitor goes on without a token.
    pub go_on: RwSignal<bool>,
}

impl Load {
    /// Finished, or stopped by an error: nothing more will arrive.
    pub fn settled(&self) -> bool {
        self.progress.with(|p| p.done) || self.error.with(Option::is_some)
    }
}

/// How far the load has got.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    /// Requests sent to GitHub by this load.
    pub requests: usize,
    /// Searches answered (from the cache or GitHub) and still to come.
    pub answered: usize,
    pub left: usize,
    pub done: bool,
    pub mode: Option<Mode>,
}

/// Where the figures come from, besides GitHub.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Source {
    /// When this site baked the view's answers, if it did: the figures
    /// start from them.
    pub baked: Option<Baked>,
    /// Why the site's baked answers could not be used (the load is live).
    pub site_error: Option<SiteError>,
    /// Answers kept in this browser that could not be read (asked again).
    pub unreadable: Option<crate::answer_cache::UnreadableAnswers>,
}

/// The writing side of a `Load`, for the run.
#[derive(Clone, Copy)]
struct Writers {
    figures: RwSignal<Figures>,
    progress: RwSignal<Progress>,
    wait: RwSignal<Option<Wait>>,
    error: RwSignal<Option<LoadError>>,
    source: RwSignal<Source>,
    cost: RwSignal<Option<AnonymousCost>>,
    go_on: RwSignal<bool>,
}

impl Writers {
    fn new() -> Writers {
        Writers {
            figures: RwSignal::new(Figures::empty()),
            progress: RwSignal::new(Progress::default()),
            wait: RwSignal::new(None),
            error: RwSignal::new(None),
            source: RwSignal::new(Source::default()),
            cost: RwSignal::new(None),
            go_on: RwSignal::new(false),
        }
    }

    fn read(self) -> Load {
        Load {
            figures: self.figures.read_only(),
            progress: self.progress.read_only(),
            wait: self.wait.read_only(),
            error: self.error.read_only(),
            source: self.source.read_only(),
            cost: self.cost.read_only(),
            go_on: self.go_on,
        }
    }

    /// Before a new load of the same view: everything but the figures
    /// starts over (they stay until the new load knows as much).
    fn restart(self) {
        self.progress.set(Progress::default());
        self.wait.set(None);
        self.error.set(None);
        self.source.set(Source::default());
        self.cost.set(None);
    }
}

/// Loads `view` once `go` is true, and again whenever `secret` (the token
/// for its API) changes; stops when `go` turns false or the component
/// goes away. The figures already shown stay until a new load has its
/// own headline, so a token GitHub refuses costs nothing on screen.
pub fn use_load(view: DataView, secret: Signal<Option<String>>, go: Signal<bool>) -> Load {
    let writers = Writers::new();
    // Replacing the Stop aborts the old load; so does dropping it.
    let stop = StoredValue::new_local(None::<Stop>);
    Effect::new(move |_| {
        let secret = secret.get();
        if !go.get() {
            stop.set_value(None);
            return;
        }
        writers.restart();
        let started = start(&view, secret, writers);
        stop.set_value(Some(started));
    });
    writers.read()
}

/// Where a baked view's figures come from, for the page to say.
#[derive(Debug, Clone, PartialEq)]
pub struct Baked {
    /// "2026-12-01 14:05", in the event's zone.
    pub at: String,
    /// The SVG card of the view, relative to the site's root.
    pub card: Option<String>,
}

/// Why a load stopped early, as the sentence the page shows.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Zone(#[from] ZoneError),
    #[error(transparent)]
    ZoneOffset(#[from] crate::intl_zone::OffsetUnreadable),
    #[error(transparent)]
    Github(#[from] GithubError),
    #[error(
        "This browser cannot cancel requests (no AbortController), so sprintlift cannot run here."
    )]
    NoAbortController,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Wait {
    pub why: WaitReason,
    pub seconds_left: u64,
    /// When requests resume, as local time "14:05:12".
    pub resumes_at: String,
}

/// Stops a load when dropped or told to.
pub struct Stop {
    stopped: Rc<Cell<bool>>,
    controller: Option<AbortController>,
}

impl Stop {
    pub fn now(&self) {
        self.stopped.set(true);
        if let Some(controller) = &self.controller {
            controller.abort();
        }
    }
}

impl Drop for Stop {
    fn drop(&mut self) {
        self.now();
    }
}

/// Starts loading `view`'s figures into `writers`.
fn start(view: &DataView, token: Option<String>, writers: Writers) -> Stop {
    let stopped = Rc::new(Cell::new(false));
    let controller = AbortController::new().ok();
    let stop = Stop {
        stopped: stopped.clone(),
        controller: controller.clone(),
    };
    let view = view.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let Some(controller) = controller else {
            writers.error.set(Some(LoadError::NoAbortController));
            return;
        };
        let run = Run {
            stopped,
            signal: controller.signal(),
            writers,
        };
        run.go(view, token).await;
    });
    stop
}

struct Run {
    stopped: Rc<Cell<bool>>,
    signal: web_sys::AbortSignal,
    writers: Writers,
}

pub fn now() -> jiff::Timestamp {
    jiff::Timestamp::from_millisecond(js_sys::Date::now() as i64)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

impl Run {
    /// Sets one of the load's signals, unless the load was stopped (a
    /// newer one owns them).
    fn set<T: Send + Sync + 'static>(&self, signal: RwSignal<T>, value: T) {
        if !self.stopped.get() {
            signal.set(value);
        }
    }

    /// Lets the browser run what waits (drawing the page, other tasks)
    /// and goes on in a task of its own; false when the load was stopped
    /// meanwhile.
    async fn next_task(&self) -> bool {
        sleep(0.0).await;
        !self.stopped.get()
    }

    /// Changes the progress, unless the load was stopped.
    fn progress(&self, change: impl FnOnce(&mut Progress)) {
        if !self.stopped.get() {
            self.writers.progress.update(change);
        }
    }

    async fn go(&self, view: DataView, token: Option<String>) {
        // Planning starts in a task of its own, after the page that shows
        // the load has been drawn: together they blocked a slow phone.
        if !self.next_task().await {
            return;
        }
        let zone = match IntlZone::resolve(&view.sprint.zone) {
            Ok(zone) => zone,
            Err(error) => {
                self.set(self.writers.error, Some(error.into()));
                return;
            }
        };
        // How this visitor asks GitHub.
        let mode = if token.is_some() {
            Mode::Token
        } else {
            Mode::Anonymous
        };
        let baked = match crate::baked_site::find(&view).await {
            Ok(baked) => baked,
            Err(error) => {
                self.writers.source.update(|s| s.site_error = Some(error));
                None
            }
        };
        // Reading a baked file, planning the load with its answers and
        // showing them are three tasks: together they blocked a slow phone.
        if baked.is_some() && !self.next_task().await {
            return;
        }
        if self.stopped.get() {
            return;
        }
        // A bake made with a token knows more than an anonymous visitor
        // could ask: the load is planned as the bake was, and only how the
        // remaining questions go out follows the visitor.
        let plan = match baked.as_ref().and_then(|b| b.answers.mode()) {
            Some(Mode::Token) => Mode::Token,
            _ => mode,
        };
        let replay = baked
            .as_ref()
            .filter(|b| b.answers.mode() == Some(plan))
            .map(|b| &b.replay);
        if let Some(baked) = &baked {
            let at = baked.baked_at.map(|t| {
                let offset = sprintlift_core::zone::offset_at(&zone, t);
                sprintlift_core::civil_text::minute_text(t, offset)
            });
            let note = Baked {
                at: at.unwrap_or_default(),
                card: baked.card.clone(),
            };
            self.writers.source.update(|s| s.baked = Some(note));
        }
        let baked_at = baked.as_ref().and_then(|b| b.baked_at);
        let (load, fetch) = ViewLoad::plan(&view.sprint, &zone, plan, now());
        if let Some(error) = zone.failure() {
            self.set(self.writers.error, Some(error.into()));
            return;
        }
        let mut engine = LoadEngine::new(fetch.clone(), view.api.clone()).asking_in(mode);
        if let Some(replay) = replay {
            // What the site baked that cannot have changed since counts as
            // answered. If that is not everything (a sprint still going),
            // everything the site knew is shown at once, until fresher
            // answers arrive; a past event needs no such second look.
            engine.replay(|ask| replay.settled(ask).map(|(_, answer)| answer));
            if !self.next_task().await {
                return;
            }
            if !engine.fetch().is_done() {
                let mut known = LoadEngine::new(fetch, view.api.clone());
                known.replay(|ask| replay.any(ask));
                self.publish(&known, &load, baked_at.unwrap_or_else(now));
                // The page's update and the load's next steps in separate
                // tasks, so neither blocks a slow phone for long.
                if !self.next_task().await {
                    return;
                }
            }
        }
        let client = Client::new(token);
        let mut cache = AnswerCache::open();
        self.progress(|p| p.mode = Some(mode));
        // A view that needs more than ten minutes of anonymous searching
        // (after what this browser kept) says so first; the visitor adds a
        // token (the load starts again with it) or goes on.
        // A baked view shows the site's figures already and asks only what
        // changed since: it is not held back.
        if mode == Mode::Anonymous && baked.is_none() && !self.writers.go_on.get_untracked() {
            engine.replay(|ask| cache.get(&view.api, mode, ask));
            if let Some(cost) = AnonymousCost::of(engine.fetch()) {
                self.publish(&engine, &load, now());
                self.set(self.writers.cost, Some(cost));
                while !self.writers.go_on.get_untracked() {
                    sleep(250.0).await;
                    if self.stopped.get() {
                        return;
                    }
                }
                self.set(self.writers.cost, None);
            }
        }
        // The figures are computed when something new is known: first the
        // plan (its windows), then after every answer that arrived.
        let mut changed = true;
        // The last answer's settled parts, kept in storage a task after the
        // page showed them (writing a large answer is no small task).
        let mut to_keep = Vec::new();
        // Whether an answer arrived since the last publish.
        let mut answered = false;
        loop {
            let replayed = engine.replay(|ask| {
                let baked = replay
                    .and_then(|r| r.settled(ask))
                    .map(|(_, answer)| answer);
                baked.or_else(|| cache.get(&view.api, mode, ask))
            });
            let unreadable = cache.unreadable();
            if unreadable != self.writers.source.with_untracked(|s| s.unreadable) {
                self.writers.source.update(|s| s.unreadable = unreadable);
            }
            if changed || replayed > 0 {
                // Until this load asks GitHub anything, what it knows is as
                // of the bake (PRs' states, and so their afterglow, included).
                let as_of = match baked_at {
                    Some(at) if engine.requests() == 0 => at,
                    _ => now(),
                };
                measured("publish", || self.publish(&engine, &load, as_of));
                changed = false;
            }
            if std::mem::take(&mut answered) {
                // The answer's work on the main thread ends with the page's
                // update; storage and the next request go in the next task.
                measure_answer_after_this_task();
            }
            if !to_keep.is_empty() {
                if !self.next_task().await {
                    return;
                }
                let keep = std::mem::take(&mut to_keep);
                measured("cache", || cache.put_all(&view.api, mode, keep.iter()));
            }
            if self.stopped.get() {
                return;
            }
            match engine.poll(now()) {
                Step::Send(request) => {
                    let requests = engine.requests();
                    self.progress(|p| p.requests = requests);
                    let Some(delivery) = client.send(&request, &self.signal).await else {
                        return;
                    };
                    if self.stopped.get() {
                        return;
                    }
                    // The main thread's work on this answer: reading it, then
                    // (in the next task, so a large answer is not one long
                    // task) the figures and the page's update.
                    mark_answer_start();
                    answered = true;
                    self.set(self.writers.wait, None);
                    let received = measured("read", || engine.receive(&request, &delivery, now()));
                    changed = !received.is_empty();
                    to_keep = received.into_iter().filter(|r| r.settled).collect();
                    if changed && !self.next_task().await {
                        return;
                    }
                }
                Step::Wait { until, why } => {
                    if !self.wait_until(until, why).await {
                        return;
                    }
                }
                Step::Done => {
                    self.progress(|p| p.done = true);
                    mark("sprintlift-done");
                    return;
                }
                Step::Failed(error) => {
                    self.set(self.writers.wait, None);
                    self.set(self.writers.error, Some(error.into()));
                    return;
                }
            }
        }
    }

    fn publish(&self, engine: &LoadEngine, load: &ViewLoad, as_of: jiff::Timestamp) {
        let fetch = engine.fetch();
        let figures = measured("compute", || load.figures(fetch, as_of));
        let has_headline = figures.sprint(Figure::Opened).value().is_some();
        if has_headline {
            mark("sprintlift-headline");
        }
        // Every count of every window: the job a counts-only script does,
        // so benchmarks can set the two side by side.
        if fetch.counts_known() {
            mark("sprintlift-counts");
        }
        let (answered, left) = fetch.progress();
        if self.stopped.get() {
            return;
        }
        // Figures carried over from the previous load of this view
        // (another token) give way only to a load that knows as much.
        let had_headline = self
            .writers
            .figures
            .with_untracked(|f| f.sprint(Figure::Opened).value().is_some());
        if has_headline || !had_headline {
            self.writers.figures.set(figures);
        }
        self.progress(|p| {
            p.answered = answered;
            p.left = left;
        });
    }

    /// Waits until `until`, showing why and a countdown; false when the
    /// load was stopped meanwhile.
    async fn wait_until(&self, until: jiff::Timestamp, why: WaitReason) -> bool {
        let until = until.as_millisecond() as f64;
        let resumes_at = js_sys::Date::new(&until.into())
            .to_locale_time_string("en-GB")
            .as_string()
            .unwrap_or_default();
        loop {
            if self.stopped.get() {
                return false;
            }
            let left = until - js_sys::Date::now();
            if left <= 0.0 {
                self.set(self.writers.wait, None);
                return true;
            }
            let wait = Wait {
                why: why.clone(),
                seconds_left: (left / 1000.0).ceil() as u64,
                resumes_at: resumes_at.clone(),
            };
            self.set(self.writers.wait, Some(wait));
            sleep(left.min(1000.0)).await;
        }
    }
}

/// A signal that turns true in the next task: a part of the page built
/// behind it is drawn after what is drawn now, so a slow phone's main
/// thread is never blocked by both at once.
pub fn true_in_next_task() -> ReadSignal<bool> {
    let ready = RwSignal::new(false);
    set_timeout(move || ready.set(true), std::time::Duration::ZERO);
    ready.read_only()
}

/// A signal that follows `known` a task later: a part built when an answer
/// first makes it known is built in a task of its own, not in the
/// answer's (each chart, say, where an answer can make several known).
pub fn a_task_after(known: Memo<bool>) -> ReadSignal<bool> {
    let shown = RwSignal::new(false);
    Effect::new(move |_| {
        if !known.get() {
            if shown.get_untracked() {
                shown.set(false);
            }
        } else if !shown.get_untracked() {
            set_timeout(
                move || {
                    // Still known, and the part still wanted.
                    if known.try_get_untracked() == Some(true) {
                        shown.try_set(true);
                    }
                },
                std::time::Duration::ZERO,
            );
        }
    });
    shown.read_only()
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: f64) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                resolve.unchecked_ref(),
                ms as i32,
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
