//! Snapshots: a view and its figures saved as a JSON file, and read back
//! so a conference site can show the dashboard (or the embed card) from
//! the file with no GitHub request at all.
//!
//! The file is checked before use; every way it can be wrong has a
//! sentence that says so.

use crate::afterglow::{Afterglow, Fate};
use crate::civil_text::{date_text, parse_date, parse_instant};
use crate::event_window::{EventDays, UtcWindow};
use crate::fetch_plan::Tally;
use crate::fetched_figures::{
    lifts_of, AfterglowFigures, ByFigure, Figures, Known, Unavailable, WindowRow,
};
use crate::metrics::{Counts, Followup, Retention};
use crate::pr::{AuthorKind, PrRecord};
use crate::sorting::{btree_map, sort};
use crate::view_state::{DataView, View, ViewError};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format version this code writes and reads.
pub const VERSION: u32 = 1;
/// Bounds that keep a hostile or broken file from using up the tab.
const MAX_WINDOWS: usize = 64;
const MAX_PRS: usize = 50_000;
const MAX_REPOS: usize = 5_000;
const MAX_TEXT: usize = 1_000;
/// A snapshot of 50,000 PRs is about 10 MB; no file over this is parsed.
pub const MAX_BYTES: usize = 32 << 20;
/// How far ahead of the reader's clock a snapshot's times may be.
const CLOCK_SKEW_SECONDS: i64 = 3600;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct File {
    sprintlift_snapshot: u32,
    /// The view, as the URL query that opens it live.
    view: String,
    taken_at: String,
    windows: Vec<WindowEntry>,
    #[serde(default)]
    retention: Option<RetentionEntry>,
    #[serde(default)]
    per_repo: BTreeMap<String, RepoEntry>,
    #[serde(default)]
    prs: Vec<PrEntry>,
    #[serde(default)]
    afterglow: Option<AfterglowEntry>,
}

/// What became of the sprint's PRs: a count per fate by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct AfterglowEntry {
    as_of: String,
    fates: BTreeMap<String, u64>,
    merged_by_day: Vec<u64>,
    #[serde(default)]
    baseline_within_a_month: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct WindowEntry {
    first_day: String,
    last_day: String,
    start: String,
    end: String,
    /// Per headline figure, by name; absent or null when not known.
    figures: BTreeMap<String, Option<u64>>,
    #[serde(default)]
    possibly_low: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct RetentionEntry {
    newcomers: u64,
    returned_30: u64,
    returned_90: u64,
    complete_30: bool,
    complete_90: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct RepoEntry {
    opened: u64,
    merged: u64,
    closed_unmerged: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct PrEntry {
    repo: String,
    number: u64,
    title: String,
    author: String,
    newcomer: bool,
    opened: String,
    merged: Option<String>,
}

/// Why a file is not a usable snapshot; Display is the sentence shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    #[error("The snapshot is not readable JSON ({0}).")]
    NotJson(String),
    #[error("The snapshot is JSON but not what sprintlift writes ({0}).")]
    Shape(String),
    #[error("The snapshot is version {0}; this sprintlift reads version {VERSION}. Export it again from this version.")]
    Version(u32),
    #[error("The snapshot's view is not valid: {0}")]
    View(ViewError),
    #[error("The snapshot holds no windows, so it has no figures to show: export it again once the sprint's figures are known.")]
    NoWindows,
    #[error("The snapshot's view is not one sprint: it names a snapshot or a comparison instead of an organisation or repositories and days.")]
    NotOneSprint,
    #[error("The snapshot's {0} is not valid.")]
    Field(String),
    #[error("The snapshot is {0} MB, more than the {max} MB sprintlift reads.", max = MAX_BYTES >> 20)]
    TooBig(usize),
    #[error("The snapshot's window {0} is not one the view compares: the sprint's days first, then the same weekdays whole weeks before and after, within the view's baseline.")]
    NotTheViewsWindow(usize),
    #[error("The snapshot says more newcomers came back than it has newcomers.")]
    Retention,
    #[error("The snapshot says it was taken at {0}, later than now: its figures cannot be from the future.")]
    Future(String),
    #[error("The snapshot holds too much ({0}); sprintlift reads at most {MAX_WINDOWS} windows, {MAX_PRS} PRs and {MAX_REPOS} repositories.")]
    TooLarge(&'static str),
}

/// A snapshot read back: the sprint and API, and its figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub view: DataView,
    pub taken_at: Timestamp,
    pub figures: Figures,
}

fn utc(t: Timestamp) -> String {
    crate::civil_text::utc_rfc3339(t)
}

/// Writes `view` and `figures` as a snapshot taken at `now`.
pub fn to_json(view: &DataView, figures: &Figures, now: Timestamp) -> String {
    let windows = figures
        .rows
        .iter()
        .map(|row| WindowEntry {
            first_day: date_text(row.days.from),
            last_day: date_text(row.days.to),
            start: utc(row.utc.start),
            end: utc(row.utc.end),
            figures: btree_map(
                row.values
                    .iter()
                    .map(|(f, v)| (f.name().to_string(), v.value().map(|t| t.value))),
            ),
            possibly_low: row
                .values
                .iter()
                .any(|(_, v)| v.value().is_some_and(|t| t.possibly_low)),
        })
        .collect();
    let newcomers = &figures.newcomers;
    let file = File {
        sprintlift_snapshot: VERSION,
        view: view.key(),
        taken_at: utc(now),
        windows,
        retention: figures.retention.value().map(|r| RetentionEntry {
            newcomers: r.newcomers,
            returned_30: r.within_30_days.count,
            returned_90: r.within_90_days.count,
            complete_30: r.within_30_days.complete,
            complete_90: r.within_90_days.complete,
        }),
        per_repo: btree_map(figures.per_repo.iter().map(|(repo, c)| {
            let entry = RepoEntry {
                opened: c.opened,
                merged: c.merged,
                closed_unmerged: c.closed_unmerged,
            };
            (repo.clone(), entry)
        })),
        afterglow: figures.afterglow.value().map(|a| AfterglowEntry {
            as_of: utc(a.as_of),
            fates: btree_map(
                Fate::ALL
                    .iter()
                    .map(|f| (f.name().to_string(), a.sprint.count(*f))),
            ),
            merged_by_day: a.sprint.merged_by_day.clone(),
            baseline_within_a_month: a.baseline_within_a_month.value().copied(),
        }),
        prs: figures
            .sprint_records
            .iter()
            .map(|pr| PrEntry {
                repo: pr.repo.clone(),
                number: pr.number,
                title: pr.title.clone(),
                author: pr.author.clone(),
                newcomer: newcomers.binary_search(&pr.author).is_ok(),
                opened: utc(pr.created_at),
                merged: pr.merged_at.map(utc),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// The host a snapshot address names when it is not the page's own
/// (`page_origin`, e.g. `https://events.example.org`): anyone can write a
/// snapshot file, so the page says whose figures it shows. `None` for the
/// page's own origin and for relative addresses.
pub fn foreign_host(address: &str, page_origin: &str) -> Option<String> {
    // Schemes in any case (`HTTPS://` is the same address).
    let strip = |scheme: &str| {
        address
            .get(..scheme.len())
            .filter(|s| s.eq_ignore_ascii_case(scheme))
            .and_then(|_| address.get(scheme.len()..))
    };
    let rest = strip("https://")
        .or_else(|| strip("http://"))
        .or_else(|| address.strip_prefix("//"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // `https://trusted.example@elsewhere.example/` is elsewhere's.
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let own = page_origin
        .split_once("://")
        .map_or(page_origin, |(_, h)| h);
    (!host.eq_ignore_ascii_case(own)).then(|| host.to_string())
}

/// Reads and checks a snapshot file read at `now`: also that none of its
/// times is later than now (with an hour for clocks that disagree).
pub fn parse_at(text: &str, now: Timestamp) -> Result<Snapshot, SnapshotError> {
    let snapshot = parse(text)?;
    let latest = crate::civil_text::seconds_later(now, CLOCK_SKEW_SECONDS);
    let afterglow_at = match &snapshot.figures.afterglow {
        Known::Value(a) => Some(a.as_of),
        _ => None,
    };
    for at in std::iter::once(snapshot.taken_at).chain(afterglow_at) {
        if at > latest {
            return Err(SnapshotError::Future(utc(at)));
        }
    }
    Ok(snapshot)
}

/// Reads and checks a snapshot file.
pub fn parse(text: &str) -> Result<Snapshot, SnapshotError> {
    if text.len() > MAX_BYTES {
        return Err(SnapshotError::TooBig(text.len() >> 20));
    }
    let file: File = serde_json::from_str(text).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => SnapshotError::Shape(e.to_string()),
        _ => SnapshotError::NotJson(format!("line {}, column {}", e.line(), e.column())),
    })?;
    if file.sprintlift_snapshot != VERSION {
        return Err(SnapshotError::Version(file.sprintlift_snapshot));
    }
    if file.windows.is_empty() {
        return Err(SnapshotError::NoWindows);
    }
    if file.windows.len() > MAX_WINDOWS {
        return Err(SnapshotError::TooLarge("windows"));
    }
    if file.prs.len() > MAX_PRS {
        return Err(SnapshotError::TooLarge("pull requests"));
    }
    if file.per_repo.len() > MAX_REPOS {
        return Err(SnapshotError::TooLarge("repositories"));
    }
    let view = View::from_query_string(&file.view, "UTC")
        .map_err(SnapshotError::View)?
        .data()
        .ok_or(SnapshotError::NotOneSprint)?;
    let field = |what: &str| SnapshotError::Field(what.to_string());
    let instant = |text: &str, what: &str| parse_instant(text).ok_or_else(|| field(what));
    let taken_at = instant(&file.taken_at, "time it was taken")?;
    let mut rows = Vec::with_capacity(file.windows.len());
    for (i, w) in file.windows.iter().enumerate() {
        let what = format!("window {}", i.saturating_add(1));
        let days = EventDays {
            from: parse_date(&w.first_day).ok_or_else(|| field(&what))?,
            to: parse_date(&w.last_day).ok_or_else(|| field(&what))?,
        };
        let (start, end) = (instant(&w.start, &what)?, instant(&w.end, &what)?);
        if days.is_empty() || start >= end {
            return Err(field(&what));
        }
        if !is_a_window_of(&view.sprint, days, i) {
            return Err(SnapshotError::NotTheViewsWindow(i.saturating_add(1)));
        }
        let values = ByFigure::from_fn(|f| match w.figures.get(f.name()).copied().flatten() {
            Some(value) => Known::Value(Tally {
                value,
                possibly_low: w.possibly_low,
            }),
            None => Known::Unavailable(Unavailable::NotInSnapshot),
        });
        let utc = UtcWindow::utc(start, end);
        // The file keeps no queries: they are the view's, for the window.
        let (scope, filters) = (view.sprint.scope(), view.sprint.filters());
        let searches = ByFigure::from_fn(|figure| figure.queries(&scope, &filters, &utc));
        rows.push(WindowRow {
            days,
            utc,
            values,
            searches,
        });
    }
    let mut newcomers = Vec::new();
    let mut sprint_records = Vec::with_capacity(file.prs.len());
    for (i, pr) in file.prs.iter().enumerate() {
        let what = format!("pull request {}", i.saturating_add(1));
        let valid_repo = pr
            .repo
            .split_once('/')
            .is_some_and(|(o, n)| !o.is_empty() && !n.is_empty());
        if !valid_repo || pr.title.len() > MAX_TEXT || pr.author.len() > MAX_TEXT {
            return Err(field(&what));
        }
        if pr.newcomer {
            newcomers.push(pr.author.clone());
        }
        sprint_records.push(PrRecord {
            repo: pr.repo.clone(),
            number: pr.number,
            title: pr.title.clone(),
            author: pr.author.clone(),
            author_kind: AuthorKind::User,
            association: String::new(),
            created_at: instant(&pr.opened, &what)?,
            merged_at: pr
                .merged
                .as_deref()
                .map(|m| instant(m, &what))
                .transpose()?,
            closed_at: None,
            draft: false,
        });
    }
    sort(&mut newcomers);
    newcomers.dedup();
    if let Some(r) = &file.retention {
        if r.returned_30 > r.returned_90 || r.returned_90 > r.newcomers {
            return Err(SnapshotError::Retention);
        }
    }
    let retention = match &file.retention {
        Some(r) => Known::Value(Retention {
            newcomers: r.newcomers,
            within_30_days: Followup {
                count: r.returned_30,
                complete: r.complete_30,
            },
            within_90_days: Followup {
                count: r.returned_90,
                complete: r.complete_90,
            },
        }),
        None => Known::Unavailable(Unavailable::NotInSnapshot),
    };
    let per_repo = btree_map(file.per_repo.iter().map(|(repo, c)| {
        let counts = Counts {
            opened: c.opened,
            merged: c.merged,
            closed_unmerged: c.closed_unmerged,
        };
        (repo.clone(), counts)
    }));
    let afterglow = match &file.afterglow {
        Some(a) => {
            let what = "afterglow";
            let sprint = Afterglow::from_parts(
                |fate| a.fates.get(fate.name()).copied(),
                a.merged_by_day.clone(),
            )
            .ok_or_else(|| field(what))?;
            // The fates are of the sprint's PRs: they add up to its count.
            let sprint_opened = rows
                .first()
                .and_then(|r| r.values.opened.value())
                .map(|t| t.value);
            if sprint_opened.is_some_and(|n| n != sprint.opened) {
                return Err(field(what));
            }
            let share = match a.baseline_within_a_month {
                Some(share) if (0.0..=1.0).contains(&share) => Known::Value(share),
                Some(_) => return Err(field(what)),
                None => Known::Unavailable(Unavailable::NotInSnapshot),
            };
            // The file keeps no queries: they are the view's, as for the
            // windows.
            let searches = match rows.first() {
                Some(row) => crate::fetched_figures::fate_searches(
                    &view.sprint.scope(),
                    &view.sprint.filters(),
                    &row.utc,
                ),
                None => Vec::new(),
            };
            Known::Value(AfterglowFigures {
                sprint,
                as_of: instant(&a.as_of, what)?,
                baseline_within_a_month: share,
                searches,
            })
        }
        None => Known::Unavailable(Unavailable::NotInSnapshot),
    };
    Ok(Snapshot {
        view,
        taken_at,
        figures: Figures {
            afterglow,
            lifts: lifts_of(&rows),
            rows,
            retention,
            timeline: Known::Unavailable(Unavailable::NotInSnapshot),
            sprint_records,
            per_repo,
            newcomers,
        },
    })
}

/// Whether `days` can be the `index`-th window of `sprint`'s view: the
/// first is the sprint; the others its days moved by whole weeks within
/// the view's baseline.
fn is_a_window_of(sprint: &crate::view_state::Sprint, days: EventDays, index: usize) -> bool {
    let shift = crate::civil_text::days_between(sprint.days.from, days.from);
    let same_length = crate::civil_text::days_between(days.from, days.to)
        == crate::civil_text::days_between(sprint.days.from, sprint.days.to);
    if index == 0 {
        return shift == 0 && same_length;
    }
    let weeks = shift / 7;
    let (before, after) = (
        i64::from(sprint.baseline.before),
        i64::from(sprint.baseline.after),
    );
    same_length
        && shift % 7 == 0
        && weeks != 0
        && before.saturating_neg() <= weeks
        && weeks <= after
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Result<(), &str>) {
        let got = parse(text).map(|_| ()).map_err(|e| e.to_string());
        assert_eq!(got, expected.map_err(str::to_string), "{text}");
    }

    const MINIMAL: &str = r#"{"sprintlift_snapshot": 1, "view": "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York", "taken_at": "2026-11-22T05:00:00Z",
        "windows": [{"first_day": "2025-05-19", "last_day": "2025-05-22", "start": "2025-05-19T04:00:00Z", "end": "2025-05-23T04:00:00Z", "figures": {"opened": 264, "merged": 71}}]}"#;

    #[test]
    fn a_minimal_snapshot_reads_and_says_what_it_lacks() {
        let snapshot = parse(MINIMAL).expect("snapshot");
        assert_eq!(snapshot.view.sprint.scope_label(), "python");
        let sprint = &snapshot.figures.rows[0].values;
        assert_eq!(sprint.opened.value().map(|t| t.value), Some(264));
        assert_eq!(
            sprint.authors,
            Known::Unavailable(Unavailable::NotInSnapshot)
        );
    }

    #[test]
    fn bad_files_get_their_sentences() {
        check(
            "",
            Err("The snapshot is not readable JSON (line 1, column 0)."),
        );
        check(
            "{\"view\": 3}",
            Err("The snapshot is JSON but not what sprintlift writes (invalid type: integer `3`, expected a string at line 1 column 10)."),
        );
        check(
            "<html>",
            Err("The snapshot is not readable JSON (line 1, column 1)."),
        );
        check(
            &MINIMAL.replace("\"sprintlift_snapshot\": 1", "\"sprintlift_snapshot\": 9"),
            Err("The snapshot is version 9; this sprintlift reads version 1. Export it again from this version."),
        );
        check(
            &MINIMAL.replace("tz=America/New_York", "tz=<b>"),
            Err("The snapshot's view is not valid: “<b>” is not a time zone name: use an IANA name such as Europe/Prague."),
        );
        check(
            &MINIMAL.replace("2025-05-23T04:00:00Z", "2025-05-18T04:00:00Z"),
            Err("The snapshot's window 1 is not valid."),
        );
        check(
            &MINIMAL.replace("\"windows\": [{", "\"windows\": [], \"x\": [{"),
            Err("The snapshot holds no windows, so it has no figures to show: export it again once the sprint's figures are known."),
        );
        check(
            &MINIMAL.replace("org=python&", "compare=pycon-us-2025&"),
            Err("The snapshot's view is not one sprint: it names a snapshot or a comparison instead of an organisation or repositories and days."),
        );
        check(
            &MINIMAL.replace("\"opened\": 264", "\"opened\": -3"),
            Err("The snapshot is JSON but not what sprintlift writes (invalid value: integer `-3`, expected u64 at line 2 column 162)."),
        );
    }

    /// A file someone else wrote is checked against what it claims: its
    /// windows are its view's, retention within its newcomers, no time
    /// later than now, no size past the limit; one sentence names the
    /// first thing wrong.
    #[test]
    fn a_file_is_checked_against_what_it_claims() {
        let second = |first: &str, last: &str| {
            MINIMAL.replace(
                "\"figures\": {\"opened\": 264, \"merged\": 71}}]",
                &format!("\"figures\": {{\"opened\": 264}}}}, {{\"first_day\": \"{first}\", \"last_day\": \"{last}\", \"start\": \"2025-05-12T04:00:00Z\", \"end\": \"2025-05-16T04:00:00Z\", \"figures\": {{\"opened\": 70}}}}]"),
            )
        };
        check(&second("2025-05-12", "2025-05-15"), Ok(()));
        let wrong = "The snapshot's window 2 is not one the view compares: the sprint's days first, then the same weekdays whole weeks before and after, within the view's baseline.";
        check(&second("2025-05-14", "2025-05-17"), Err(wrong));
        check(&second("2025-05-12", "2025-05-13"), Err(wrong));
        // Five weeks before, where the view compares four.
        check(&second("2025-04-14", "2025-04-17"), Err(wrong));
        check(
            &MINIMAL.replace("\"first_day\": \"2025-05-19\", \"last_day\": \"2025-05-22\"", "\"first_day\": \"2025-05-12\", \"last_day\": \"2025-05-15\""),
            Err("The snapshot's window 1 is not one the view compares: the sprint's days first, then the same weekdays whole weeks before and after, within the view's baseline."),
        );
        let retention = |n: u64, r30: u64, r90: u64| {
            MINIMAL.replace(
                "\"taken_at\"",
                &format!("\"retention\": {{\"newcomers\": {n}, \"returned_30\": {r30}, \"returned_90\": {r90}, \"complete_30\": true, \"complete_90\": true}}, \"taken_at\""),
            )
        };
        check(&retention(10, 3, 5), Ok(()));
        for (n, r30, r90) in [(10, 3, 11), (10, 6, 5)] {
            check(
                &retention(n, r30, r90),
                Err("The snapshot says more newcomers came back than it has newcomers."),
            );
        }
        let now = parse_instant("2026-11-22T05:00:00Z").expect("now");
        assert!(parse_at(MINIMAL, now).is_ok());
        let early = parse_instant("2026-11-22T03:00:00Z").expect("earlier");
        assert_eq!(
            parse_at(MINIMAL, early).map(|_| ()).map_err(|e| e.to_string()),
            Err("The snapshot says it was taken at 2026-11-22T05:00:00Z, later than now: its figures cannot be from the future.".to_string())
        );
        let huge = format!("{MINIMAL}{}", " ".repeat(MAX_BYTES));
        check(
            &huge,
            Err("The snapshot is 32 MB, more than the 32 MB sprintlift reads."),
        );
    }

    #[test]
    fn the_afterglow_survives_a_round_trip_and_a_broken_one_is_said() {
        let snapshot = parse(MINIMAL).expect("snapshot");
        assert_eq!(
            snapshot.figures.afterglow,
            Known::Unavailable(Unavailable::NotInSnapshot)
        );
        let sprint = snapshot.figures.rows[0].utc;
        let opened = |at: &str| crate::pr::fixtures::pr("python/peps", "ann", at);
        let records = vec![
            crate::pr::fixtures::merged(opened("2025-05-19T15:00:00Z"), "2025-05-20T15:00:00Z"),
            opened("2025-05-19T16:00:00Z"),
        ];
        let mut figures = snapshot.figures.clone();
        figures.rows[0].values.opened = Known::Value(Tally {
            value: 2,
            possibly_low: false,
        });
        figures.afterglow = Known::Value(AfterglowFigures {
            sprint: Afterglow::of(&records, &sprint),
            as_of: snapshot.taken_at,
            baseline_within_a_month: Known::Value(0.25),
            searches: crate::fetched_figures::fate_searches(
                &snapshot.view.sprint.scope(),
                &snapshot.view.sprint.filters(),
                &sprint,
            ),
        });
        let text = to_json(&snapshot.view, &figures, snapshot.taken_at);
        let again = parse(&text).expect("again");
        assert_eq!(again.figures.afterglow, figures.afterglow);

        let broken = text.replace("\"outcome_open\": 1", "\"outcome_open\": 7");
        assert_ne!(broken, text);
        check(&broken, Err("The snapshot's afterglow is not valid."));
    }

    #[test]
    fn a_snapshot_from_another_host_names_it() {
        let page = "https://events.example.org";
        let cases = [
            ("baked/a.snapshot.json", None),
            ("/files/a.json", None),
            ("https://events.example.org/a.json", None),
            ("https://EVENTS.example.org/a.json", None),
            (
                "https://someone.example.net/a.json",
                Some("someone.example.net"),
            ),
            ("http://127.0.0.1:9000/a.json?x=1", Some("127.0.0.1:9000")),
            ("//cdn.example.com/a.json", Some("cdn.example.com")),
            (
                "HTTPS://someone.example.net/a.json",
                Some("someone.example.net"),
            ),
            ("Http://127.0.0.1:9000/a.json", Some("127.0.0.1:9000")),
            (
                "https://events.example.org@someone.example.net/a.json",
                Some("someone.example.net"),
            ),
        ];
        for (address, expected) in cases {
            assert_eq!(
                foreign_host(address, page).as_deref(),
                expected,
                "{address}"
            );
        }
    }

    #[test]
    fn figures_survive_a_round_trip() {
        let snapshot = parse(MINIMAL).expect("snapshot");
        let mut figures = snapshot.figures.clone();
        figures.sprint_records.push(crate::pr::fixtures::pr(
            "python/peps",
            "ann",
            "2025-05-19T15:00:00Z",
        ));
        figures.newcomers = vec!["ann".to_string()];
        let text = to_json(&snapshot.view, &figures, snapshot.taken_at);
        let again = parse(&text).expect("again");
        assert_eq!(again.view, snapshot.view);
        assert_eq!(again.figures.rows, figures.rows);
        assert_eq!(again.figures.newcomers, ["ann"]);
        assert_eq!(again.figures.sprint_records.len(), 1);
        assert_eq!(again.figures.lifts, figures.lifts);
    }
}
