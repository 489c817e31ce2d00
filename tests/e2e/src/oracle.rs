//! The oracle: what the stand-in's data says a figure must be, counted
//! straight from its PRs with jiff's tz database.

use crate::*;

/// What a figure counts, for the oracle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Opened,
    Merged,
    ClosedUnmerged,
}

/// Apps the app's default filters leave out (bots and the backport app),
/// as the stand-in names their PRs' authors.
pub const FILTERED_APPS: [&str; 5] = [
    "dependabot[bot]",
    "pre-commit-ci[bot]",
    "renovate[bot]",
    "github-actions[bot]",
    "miss-islington-app[bot]",
];

/// PRs of `org` with `event` during the local days `from..=to` in `zone`
/// (shifted by `weeks`), counted straight from the data with jiff's tz
/// database, under the app's default filters.
pub fn count_in(
    data: &Dataset,
    org: &str,
    days: (&str, &str),
    zone: &str,
    weeks: i64,
    event: Event,
) -> usize {
    events_in(data, |pr| pr.org == org, days, zone, weeks, event).len()
}

/// The PRs in scope (`in_scope`) with `event` during the local days
/// `from..=to` in `zone` (shifted by `weeks`), straight from the data with
/// jiff's tz database, under the app's default filters.
pub fn events_in<'d>(
    data: &'d Dataset,
    in_scope: impl Fn(&PullRequest) -> bool,
    (from, to): (&str, &str),
    zone: &str,
    weeks: i64,
    event: Event,
) -> Vec<&'d PullRequest> {
    let tz = TimeZone::get(zone).expect("zone");
    let start_of = |d: Date| d.to_zoned(tz.clone()).expect("zoned").timestamp();
    let shift = |d: &str| {
        let date: Date = d.parse().expect("date");
        date.checked_add(jiff::Span::new().days(7 * weeks))
            .expect("shift")
    };
    let (start, end): (Timestamp, Timestamp) = (
        start_of(shift(from)),
        start_of(shift(to).tomorrow().expect("tomorrow")),
    );
    data.prs
        .iter()
        .filter(|pr| in_scope(pr) && !FILTERED_APPS.contains(&pr.author.as_str()))
        .filter(|pr| {
            let at = match event {
                Event::Opened => Some(pr.created_at),
                Event::Merged => pr.merged_at,
                Event::ClosedUnmerged => pr.merged_at.is_none().then_some(pr.closed_at).flatten(),
            };
            at.is_some_and(|t| start <= t && t < end)
        })
        .collect()
}

/// PRs of `org` opened during the local days `from..=to` in `zone`.
pub fn opened_in(data: &Dataset, org: &str, from: &str, to: &str, zone: &str) -> usize {
    count_in(data, org, (from, to), zone, 0, Event::Opened)
}
