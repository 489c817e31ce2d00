//! The page's marks and measures in the browser's performance timeline
//! (`sprintlift-headline`, `sprintlift-answer`, `-read`, `-publish`,
//! `-compute`, `-draw`, `-cache`…), which `cargo xtask bench` and Lighthouse's traces read. They
//! change nothing on the page.

use wasm_bindgen::JsCast;

/// Marks a moment of the load in the page's performance timeline, once,
/// for benchmarks to read (`performance.getEntriesByName`).
pub fn mark(name: &str) {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    if performance.get_entries_by_name(name).length() == 0 {
        let _ = performance.mark(name);
    }
}

/// Runs `work`, measured in the page's performance timeline as
/// `sprintlift-{name}`, for the benchmarks to read.
pub fn measured<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let performance = web_sys::window().and_then(|w| w.performance());
    let start = format!("sprintlift-{name}-start");
    if let Some(performance) = &performance {
        let _ = performance.mark(&start);
    }
    let result = work();
    if let Some(performance) = &performance {
        let _ = performance.measure_with_start_mark(&format!("sprintlift-{name}"), &start);
    }
    result
}

/// Marks the start of the main thread's work on an answer.
pub fn mark_answer_start() {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(ANSWER_START);
    }
}

const ANSWER_START: &str = "sprintlift-answer-start";

/// Measures, as `sprintlift-answer`, from the last answer's start mark to
/// the end of this task: the page's update runs in microtasks after the
/// signals are set, so the measure is taken in the next task.
pub fn measure_answer_after_this_task() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let measure = wasm_bindgen::closure::Closure::once_into_js(|| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.measure_with_start_mark("sprintlift-answer", ANSWER_START);
        }
    });
    let _ =
        window.set_timeout_with_callback_and_timeout_and_arguments_0(measure.unchecked_ref(), 0);
}
