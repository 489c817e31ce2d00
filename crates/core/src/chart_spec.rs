//! What each chart shows, decided here and drawn by the shell: bars with
//! their labels and kinds, reference lines, the axis range. Pure, so the
//! numbers a chart shows are tested without a canvas.

use crate::civil_text::{day_month, days_between, weekday_day_month_year};
use crate::fetched_figures::{Figures, Known, WindowName};
use crate::metrics::Figure;
use crate::sorting::{sort_by, sort_by_key};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarKind {
    Sprint,
    Baseline,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Short label under the bar, e.g. "19 May"; may be empty where the
    /// axis has no room.
    pub label: String,
    /// What the bar stands for in full, for its table and screen readers.
    pub name: String,
    pub value: u64,
    pub kind: BarKind,
}

/// `Default` is the chart of nothing: what a canvas shows in the moment
/// its chart stops being known, before the page removes it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarChart {
    pub title: String,
    pub y_label: String,
    pub bars: Vec<Bar>,
    /// The baseline's mean, drawn across as a line.
    pub mean: Option<f64>,
    /// Top of the value axis: a round number at or above every value.
    pub y_max: u64,
    /// What the two colours mean, where the chart has two kinds of bar to
    /// tell apart; `None` where its labels say it (the per-repository
    /// chart's grey "N others") or every bar is the sprint's.
    pub key: Option<ChartKey>,
}

/// The words of a chart's key for its two kinds of bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartKey {
    pub sprint: &'static str,
    pub other: &'static str,
}

const WINDOWS_KEY: ChartKey = ChartKey {
    sprint: "sprint",
    other: "ordinary window",
};
const DAYS_KEY: ChartKey = ChartKey {
    sprint: "sprint day",
    other: "other day",
};

/// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value` (at least 1), so
/// the axis ends on a number people read at a glance.
pub fn nice_ceiling(value: f64) -> u64 {
    if value.is_nan() || value <= 1.0 {
        return 1;
    }
    let mut scale = 1.0;
    while scale * 10.0 < value {
        scale *= 10.0;
    }
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if step * scale >= value {
            return (step * scale).ceil() as u64;
        }
    }
    (10.0 * scale) as u64
}

/// Chart 1: the sprint against each baseline window for `figure`, in time
/// order, with the baseline mean; `None` until every window's value is known.
pub fn windows_chart(figures: &Figures, figure: Figure) -> Option<BarChart> {
    let mut rows: Vec<(jiff::civil::Date, Bar)> = Vec::new();
    for (name, row) in figures.named_rows() {
        let Known::Value(tally) = row.values.get(figure)? else {
            return None;
        };
        rows.push((
            row.days.from,
            Bar {
                label: day_month(row.days.from),
                name: row.days.label(),
                value: tally.value,
                kind: match name {
                    WindowName::Sprint => BarKind::Sprint,
                    WindowName::Baseline { .. } => BarKind::Baseline,
                },
            },
        ));
    }
    sort_by_key(&mut rows, |(from, _)| *from);
    let bars: Vec<Bar> = rows.into_iter().map(|(_, bar)| bar).collect();
    let baseline: Vec<f64> = bars
        .iter()
        .filter(|b| b.kind == BarKind::Baseline)
        .map(|b| b.value as f64)
        .collect();
    let mean = (!baseline.is_empty()).then(|| baseline.iter().sum::<f64>() / baseline.len() as f64);
    let top = bars.iter().map(|b| b.value).max().unwrap_or(0) as f64;
    Some(BarChart {
        title: format!(
            "PRs {} per window: the sprint and its baseline",
            verb(figure)
        ),
        y_label: format!("PRs {}", verb(figure)),
        y_max: nice_ceiling(top.max(mean.unwrap_or(0.0)) * 1.05),
        bars,
        mean,
        key: Some(WINDOWS_KEY),
    })
}

/// Chart 2: PRs opened per event-local day around the sprint, the sprint's
/// days in the sprint colour; labels on the sprint's first day and every
/// seventh day from it, so they fall on its weekday.
pub fn timeline_chart(
    figures: &Figures,
    sprint: crate::event_window::EventDays,
) -> Option<BarChart> {
    let days = figures.timeline.value()?;
    let bars: Vec<Bar> = days
        .iter()
        .map(|(date, tally)| {
            let offset = days_between(sprint.from, *date);
            Bar {
                label: if offset.rem_euclid(7) == 0 {
                    day_month(*date)
                } else {
                    String::new()
                },
                name: weekday_day_month_year(*date),
                value: tally.value,
                kind: if sprint.from <= *date && *date <= sprint.to {
                    BarKind::Sprint
                } else {
                    BarKind::Baseline
                },
            }
        })
        .collect();
    let top = bars.iter().map(|b| b.value).max().unwrap_or(0) as f64;
    Some(BarChart {
        title: "PRs opened per day, four weeks either side".to_string(),
        y_label: "PRs opened".to_string(),
        y_max: nice_ceiling(top * 1.05),
        bars,
        mean: None,
        key: Some(DAYS_KEY),
    })
}

/// Most bars in the per-repository chart; the rest share one bar.
pub const MAX_REPO_BARS: usize = 8;

/// Chart 3: the sprint's opened PRs per repository, busiest first, the
/// tail summed as "N others"; `None` until the sprint is fully listed.
pub fn repos_chart(figures: &Figures) -> Option<BarChart> {
    if figures.per_repo.is_empty() {
        return None;
    }
    let mut repos: Vec<(&String, u64)> = figures
        .per_repo
        .iter()
        .map(|(repo, counts)| (repo, counts.opened))
        .filter(|(_, opened)| *opened > 0)
        .collect();
    sort_by(&mut repos, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let one_owner = repos
        .first()
        .and_then(|(r, _)| r.split('/').next())
        .filter(|owner| {
            repos
                .iter()
                .all(|(r, _)| r.split('/').next() == Some(*owner))
        });
    let name = |repo: &str| match one_owner {
        Some(_) => repo.split('/').nth(1).unwrap_or(repo).to_string(),
        None => repo.to_string(),
    };
    let mut bars: Vec<Bar> = repos
        .iter()
        .take(MAX_REPO_BARS)
        .map(|(repo, opened)| Bar {
            label: name(repo),
            name: repo.to_string(),
            value: *opened,
            kind: BarKind::Sprint,
        })
        .collect();
    let rest = repos.iter().skip(MAX_REPO_BARS);
    if rest.len() > 0 {
        bars.push(Bar {
            label: format!("{} others", rest.len()),
            name: format!("{} other repositories", rest.len()),
            value: rest.map(|(_, n)| n).sum(),
            kind: BarKind::Baseline,
        });
    }
    let top = bars.iter().map(|b| b.value).max().unwrap_or(0) as f64;
    Some(BarChart {
        title: "PRs opened in the sprint, per repository".to_string(),
        y_label: "PRs opened".to_string(),
        y_max: nice_ceiling(top * 1.05),
        bars,
        mean: None,
        key: None,
    })
}

/// Chart 4: the sprint's PRs merged by whole days after its end,
/// cumulative (day 0 holds those merged during the sprint and on its first
/// day after); `None` until the sprint's PRs are listed.
pub fn afterglow_chart(figures: &Figures) -> Option<BarChart> {
    let glow = figures.afterglow.value()?;
    let bars: Vec<Bar> = glow
        .sprint
        .merged_by_day
        .iter()
        .enumerate()
        .map(|(day, merged)| Bar {
            label: if day % 5 == 0 {
                day.to_string()
            } else {
                String::new()
            },
            name: match day {
                0 => "merged by the end of the first day after the sprint".to_string(),
                1 => "merged within 2 days after the sprint".to_string(),
                _ => format!(
                    "merged within {} days after the sprint",
                    day.saturating_add(1)
                ),
            },
            value: *merged,
            kind: BarKind::Sprint,
        })
        .collect();
    let top = bars.iter().map(|b| b.value).max().unwrap_or(0) as f64;
    Some(BarChart {
        title: "The sprint's PRs merged, by days after it ended (cumulative)".to_string(),
        y_label: "PRs merged".to_string(),
        y_max: nice_ceiling(top * 1.05),
        bars,
        mean: None,
        key: None,
    })
}

/// The compare chart: PRs opened during each event; `None` until every
/// event's count is known.
pub fn compare_chart(events: &[(String, Option<u64>)]) -> Option<BarChart> {
    let bars = events
        .iter()
        .map(|(label, value)| {
            Some(Bar {
                label: label.clone(),
                name: label.clone(),
                value: (*value)?,
                kind: BarKind::Sprint,
            })
        })
        .collect::<Option<Vec<Bar>>>()?;
    let top = bars.iter().map(|b| b.value).max().unwrap_or(0) as f64;
    Some(BarChart {
        title: "PRs opened during each sprint".to_string(),
        y_label: "PRs opened".to_string(),
        y_max: nice_ceiling(top * 1.05),
        bars,
        mean: None,
        key: None,
    })
}

fn verb(figure: Figure) -> &'static str {
    match figure {
        Figure::Opened => "opened",
        Figure::Merged => "merged",
        Figure::ClosedUnmerged => "closed unmerged",
        Figure::Handled => "handled",
        Figure::Authors => "authors",
        Figure::NewContributors => "by new contributors",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(value: f64, expected: u64) {
        assert_eq!(nice_ceiling(value), expected, "{value}");
    }

    #[test]
    fn the_compare_chart_waits_for_every_event() {
        let events = vec![("a".to_string(), Some(264)), ("b".to_string(), None)];
        assert_eq!(compare_chart(&events), None);
        let events = vec![("a".to_string(), Some(264)), ("b".to_string(), Some(80))];
        let chart = compare_chart(&events).expect("chart");
        assert_eq!(
            chart.bars.iter().map(|b| b.value).collect::<Vec<_>>(),
            [264, 80]
        );
        assert_eq!(chart.y_max, 500);
    }

    #[test]
    fn axis_tops_are_round() {
        check(0.0, 1);
        check(0.5, 1);
        check(1.0, 1);
        check(3.0, 5);
        check(11.0, 20);
        check(21.0, 25);
        check(264.0 * 1.05, 500);
        check(240.0, 250);
        check(1000.0, 1000);
        check(1001.0, 2000);
    }
}
