//! Drives a `Fetch` to the end: answers from the cache first, then asks
//! GitHub one request at a time, waits out rate limits, retries what may
//! pass, and publishes the figures after every answer. Stopping (the view
//! changed) aborts the request in flight.

use crate::answer_cache::AnswerCache;
use crate::github::{Client, GithubError, Quota};
use crate::intl_zone::IntlZone;
use leptos::prelude::*;
use sprintlift_core::baseline::plan_baseline;
use sprintlift_core::civil_text::add_days;
use sprintlift_core::event_window::{EventDays, UtcWindow};
use sprintlift_core::fetch_plan::{answer_from, Fetch, Mode};
use sprintlift_core::fetched_figures::{figures, Context, Figures};
use sprintlift_core::metrics::{Figure, MetricWindow};
use sprintlift_core::search_query::Scope;
use sprintlift_core::view_state::View;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

/// Days of the timeline on either side of the sprint.
const TIMELINE_DAYS: i64 = 28;
/// Transient failures retried before giving up, waiting 1, 2, 4… seconds.
const RETRIES: u32 = 3;
/// Secondary-limit answers taken in a row before giving up.
const SECONDARY_PATIENCE: u32 = 4;

/// What the page shows about the load.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadState {
    pub figures: Option<Figures>,
    /// Requests sent to GitHub by this load.
    pub requests: usize,
    /// Searches answered (from the cache or GitHub) and still to come.
    pub answered: usize,
    pub left: usize,
    pub wait: Option<Wait>,
    /// Why the load stopped early; the figures already known stay.
    pub error: Option<String>,
    pub done: bool,
    pub mode: Option<Mode>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Wait {
    pub why: String,
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

/// Starts loading `view`'s figures into `state`.
pub fn start(view: &View, token: Option<String>, state: RwSignal<LoadState>) -> Stop {
    let stopped = Rc::new(Cell::new(false));
    let controller = AbortController::new().ok();
    let stop = Stop {
        stopped: stopped.clone(),
        controller: controller.clone(),
    };
    let view = view.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let Some(controller) = controller else {
            state.update(|s| s.error = Some("This browser cannot cancel requests (no AbortController), so sprintlift cannot run here.".into()));
            return;
        };
        let run = Run {
            stopped,
            signal: controller.signal(),
            state,
        };
        run.go(view, token).await;
    });
    stop
}

struct Run {
    stopped: Rc<Cell<bool>>,
    signal: web_sys::AbortSignal,
    state: RwSignal<LoadState>,
}

pub fn now() -> jiff::Timestamp {
    jiff::Timestamp::from_millisecond(js_sys::Date::now() as i64)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

impl Run {
    fn set(&self, change: impl FnOnce(&mut LoadState)) {
        if !self.stopped.get() {
            self.state.update(change);
        }
    }

    async fn go(&self, view: View, token: Option<String>) {
        let zone = match IntlZone::resolve(&view.zone) {
            Ok(zone) => zone,
            Err(error) => {
                self.set(|s| s.error = Some(error.to_string()));
                return;
            }
        };
        let mode = if token.is_some() {
            Mode::Token
        } else {
            Mode::Anonymous
        };
        let started = now();
        let plan = plan_baseline(&view.baseline(), view.days, &zone, started, &[]);
        let mut windows = vec![MetricWindow::new(view.days, &zone)];
        windows.extend(
            plan.windows
                .iter()
                .map(|w| MetricWindow::from_plan(w, &zone)),
        );
        let scope = view.scope();
        // The timeline: four weeks either side of the sprint, days that
        // have ended only.
        let first = add_days(view.days.from, -TIMELINE_DAYS);
        let last = add_days(view.days.to, TIMELINE_DAYS);
        let timeline: Vec<(jiff::civil::Date, UtcWindow)> = match (first, last) {
            (Some(first), Some(last)) => EventDays {
                from: first,
                to: last,
            }
            .dates()
            .map(|date| {
                (
                    date,
                    UtcWindow::from_event_days(
                        EventDays {
                            from: date,
                            to: date,
                        },
                        &zone,
                    ),
                )
            })
            .filter(|(_, utc)| utc.end <= started)
            .collect(),
            _ => Vec::new(),
        };
        let timeline_days = timeline.len();
        let mut fetch = Fetch::new(
            mode,
            &scope,
            view.filters(),
            windows.iter().map(|w| w.utc).collect(),
        )
        .with_timeline(timeline);
        let client = Client::new(view.api.clone(), token);
        let mut cache = AnswerCache::open();
        self.set(|s| s.mode = Some(mode));
        let mut quota = Quota::default();
        let mut failures = 0;
        let mut secondary = 0;
        loop {
            answer_from(&mut fetch, |ask| cache.get(&view.api, mode, ask));
            self.publish(&fetch, &scope, &windows, timeline_days);
            let batch = fetch.next_batch();
            if batch.is_empty() || self.stopped.get() {
                self.set(|s| s.done = true);
                mark("sprintlift-done");
                return;
            }
            // Pace by the search bucket: when it is empty, wait for its reset
            // rather than be refused.
            if let (Some(0), Some(reset)) = (quota.remaining, quota.resets_at) {
                let why = "GitHub allows only so many searches a minute; the next one is sent when the limit resets.";
                if !self.wait_until(reset * 1000.0 + 500.0, why).await {
                    return;
                }
            }
            self.set(|s| s.requests += 1);
            let result = match mode {
                Mode::Anonymous => match batch.first() {
                    Some(ask) => client
                        .rest(ask, &self.signal, failures > 0)
                        .await
                        .map(|(answer, quota)| (vec![answer], quota)),
                    None => continue,
                },
                Mode::Token => client.graphql(&batch, &self.signal).await,
            };
            if self.stopped.get() {
                return;
            }
            match result {
                Ok((answers, new_quota)) => {
                    quota = new_quota;
                    failures = 0;
                    secondary = 0;
                    self.set(|s| s.wait = None);
                    let now = now();
                    cache.put_all(&view.api, mode, batch.iter().zip(&answers), now);
                    for (ask, answer) in batch.iter().zip(answers) {
                        fetch.answer(ask, answer);
                    }
                }
                Err(GithubError::Cancelled) => return,
                Err(GithubError::RateLimited { message, resets_at }) => {
                    quota = Quota::default();
                    let until =
                        resets_at.map_or(js_sys::Date::now() + 60_000.0, |r| r * 1000.0 + 500.0);
                    let why = format!("GitHub's search rate limit is used up ({message}); sprintlift carries on by itself when it resets.");
                    if !self.wait_until(until, &why).await {
                        return;
                    }
                }
                Err(GithubError::SecondaryLimit {
                    message,
                    retry_after,
                }) => {
                    secondary += 1;
                    if secondary > SECONDARY_PATIENCE {
                        let error = GithubError::SecondaryLimit {
                            message,
                            retry_after,
                        };
                        self.fail(&error);
                        return;
                    }
                    // GitHub: honour retry-after; without it wait a minute,
                    // then back off exponentially.
                    let seconds = retry_after.unwrap_or(60.0 * f64::from(1u32 << (secondary - 1)));
                    let why = format!("GitHub asked sprintlift to slow down ({message}); it waits as asked, then continues.");
                    if !self
                        .wait_until(js_sys::Date::now() + seconds * 1000.0, &why)
                        .await
                    {
                        return;
                    }
                }
                Err(error) if error.is_transient() && failures < RETRIES => {
                    failures += 1;
                    let seconds = f64::from(1u32 << (failures - 1));
                    let why = format!(
                        "{error} Trying again, attempt {} of {}.",
                        failures + 1,
                        RETRIES + 1
                    );
                    if !self
                        .wait_until(js_sys::Date::now() + seconds * 1000.0, &why)
                        .await
                    {
                        return;
                    }
                }
                Err(error) => {
                    self.fail(&error);
                    return;
                }
            }
        }
    }

    fn fail(&self, error: &GithubError) {
        let sentence = error.to_string();
        self.set(|s| {
            s.wait = None;
            s.error = Some(sentence);
        });
    }

    fn publish(
        &self,
        fetch: &Fetch,
        scope: &Scope,
        windows: &[MetricWindow],
        timeline_days: usize,
    ) {
        let context = Context {
            scope,
            windows,
            now: now(),
            timeline_days,
        };
        let figures = figures(fetch, &context);
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
        self.set(|s| {
            // Figures carried over from the previous load of this view
            // (another token) give way only to a load that knows as much.
            let had_headline = s
                .figures
                .as_ref()
                .is_some_and(|f| f.sprint(Figure::Opened).value().is_some());
            if has_headline || !had_headline {
                s.figures = Some(figures);
            }
            s.answered = answered;
            s.left = left;
        });
    }

    /// Waits until `until` (epoch milliseconds), showing why and a
    /// countdown; false when the load was stopped meanwhile.
    async fn wait_until(&self, until: f64, why: &str) -> bool {
        loop {
            if self.stopped.get() {
                return false;
            }
            let left = until - js_sys::Date::now();
            if left <= 0.0 {
                self.set(|s| s.wait = None);
                return true;
            }
            let resumes_at = js_sys::Date::new(&until.into())
                .to_locale_time_string("en-GB")
                .as_string()
                .unwrap_or_default();
            let wait = Wait {
                why: why.to_string(),
                seconds_left: (left / 1000.0).ceil() as u64,
                resumes_at,
            };
            self.set(|s| s.wait = Some(wait));
            sleep(left.min(1000.0)).await;
        }
    }
}

/// Marks a moment of the load in the page's performance timeline, once,
/// for benchmarks to read (`performance.getEntriesByName`).
fn mark(name: &str) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    if performance.get_entries_by_name(name).length() == 0 {
        let _ = performance.mark(name);
    }
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
