//! `--if-due` and `--plan`: which views this run bakes, as the core's
//! schedule decides from each view, its zone, now and the site's index.
//! Every decision is printed with its reason.

use crate::output::read_index;
use crate::zone::NativeZone;
use crate::{event_view, Options};
use jiff::Timestamp;
use sprintlift_core::bake_schedule::{baked_at, decide};
use std::io::Write;

/// The views of `options` that are due at `now`. A view that cannot be
/// read is kept, so the bake says why it fails.
pub fn due_views(options: &Options, now: Timestamp, progress: &mut dyn Write) -> Vec<String> {
    let index = read_index(&options.out);
    if let Err(problem) = &index {
        let _ = writeln!(progress, "{problem}: every view is baked");
    }
    let index = index.as_ref().map_err(|_| ());
    let mut due = Vec::new();
    for query in &options.views {
        let decision = event_view(options, query).and_then(|view| {
            let zone = NativeZone::get(&view.sprint.zone)?;
            let baked = index.ok().and_then(|index| baked_at(Ok(index), &view));
            Ok(decide(&view.sprint, &zone, now, baked))
        });
        match decision {
            Ok(decision) if decision.due => {
                let _ = writeln!(progress, "due: {query}: {}", decision.why);
                due.push(query.clone());
            }
            Ok(decision) => {
                let _ = writeln!(progress, "not due: {query}: {}", decision.why);
            }
            Err(error) => {
                let _ = writeln!(progress, "cannot be planned: {query}: {error}");
                due.push(query.clone());
            }
        }
    }
    due
}
