//! The sprint's PRs as table rows, and their sorting. Titles and logins
//! stay plain text here; the shell renders them as text, never as HTML.

use crate::api_base::ApiBase;
use crate::event_window::UtcWindow;
use crate::pr::PrRecord;
use crate::sorting::sort_by;
use jiff::Timestamp;
use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrRow {
    pub repo: String,
    pub number: u64,
    pub title: String,
    pub author: String,
    /// The author is one of the sprint's new contributors.
    pub newcomer: bool,
    pub opened: Timestamp,
    pub merged: Option<Timestamp>,
    /// The PR's page on the web.
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Repo,
    Number,
    Title,
    Author,
    Opened,
    Merged,
}

impl SortKey {
    pub const ALL: [SortKey; 6] = [
        SortKey::Repo,
        SortKey::Number,
        SortKey::Title,
        SortKey::Author,
        SortKey::Opened,
        SortKey::Merged,
    ];

    pub fn heading(self) -> &'static str {
        match self {
            SortKey::Repo => "Repository",
            SortKey::Number => "Number",
            SortKey::Title => "Title",
            SortKey::Author => "Author",
            SortKey::Opened => "Opened",
            SortKey::Merged => "Merged",
        }
    }
}

/// The PRs opened during `sprint`, newest first, with newcomers marked.
pub fn sprint_rows(
    records: &[PrRecord],
    sprint: &UtcWindow,
    newcomers: &[String],
    api: &ApiBase,
) -> Vec<PrRow> {
    let web = api.web_base();
    let mut rows: Vec<PrRow> = records
        .iter()
        .filter(|pr| sprint.contains(pr.created_at))
        .map(|pr| PrRow {
            repo: pr.repo.clone(),
            number: pr.number,
            title: pr.title.clone(),
            author: pr.author.clone(),
            newcomer: newcomers.binary_search(&pr.author).is_ok(),
            opened: pr.created_at,
            merged: pr.merged_at,
            url: format!("{web}/{}/pull/{}", pr.repo, pr.number),
        })
        .collect();
    sort_rows(&mut rows, SortKey::Opened, true);
    rows
}

/// Sorts by `key`, ties broken by repository and number so the order is
/// always the same; PRs not merged sort after merged ones either way.
pub fn sort_rows(rows: &mut [PrRow], key: SortKey, descending: bool) {
    sort_by(rows, |a, b| {
        let primary = match key {
            SortKey::Repo => a.repo.to_lowercase().cmp(&b.repo.to_lowercase()),
            SortKey::Number => a.number.cmp(&b.number),
            SortKey::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
            SortKey::Author => a.author.to_lowercase().cmp(&b.author.to_lowercase()),
            SortKey::Opened => a.opened.cmp(&b.opened),
            SortKey::Merged => match (a.merged, b.merged) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) if descending => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) if descending => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
        };
        let primary = if descending {
            primary.reverse()
        } else {
            primary
        };
        primary.then_with(|| (&a.repo, a.number).cmp(&(&b.repo, b.number)))
    });
}

/// An instant as event-local time to the minute, e.g. `2025-05-19 14:03`.
pub fn local_minute(instant: Timestamp, window: &UtcWindow) -> String {
    crate::civil_text::minute_text(instant, window.start_offset)
}

/// Characters that let a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 4] = ['=', '+', '-', '@'];

/// One CSV field: quoted when it holds a separator, quote or line break;
/// a leading formula character is neutralised with a quote mark, so a PR
/// title cannot run as a spreadsheet formula.
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(FORMULA_STARTS) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The rows as CSV with a header line.
pub fn rows_csv(rows: &[PrRow], window: &UtcWindow) -> String {
    let mut out =
        String::from("repository,number,title,author,new_contributor,opened,merged,url\n");
    for row in rows {
        let fields = [
            csv_field(&row.repo),
            row.number.to_string(),
            csv_field(&row.title),
            csv_field(&row.author),
            row.newcomer.to_string(),
            local_minute(row.opened, window),
            row.merged
                .map(|m| local_minute(m, window))
                .unwrap_or_default(),
            csv_field(&row.url),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pr::fixtures::{merged, pr};

    fn window() -> UtcWindow {
        UtcWindow::utc(
            "2025-05-19T04:00:00Z".parse().expect("start"),
            "2025-05-23T04:00:00Z".parse().expect("end"),
        )
    }

    fn rows() -> Vec<PrRow> {
        let mut a = pr("python/peps", "ann", "2025-05-19T15:00:00Z");
        a.number = 7;
        a.title = "=HYPERLINK(\"x\")".to_string();
        let mut b = merged(
            pr("python/cpython", "Bob", "2025-05-20T15:00:00Z"),
            "2025-05-21T10:00:00Z",
        );
        b.number = 12;
        b.title = "Fix, \"quoted\"".to_string();
        let mut c = pr("python/cpython", "cy", "2025-05-25T15:00:00Z");
        c.number = 13;
        let api = ApiBase::github();
        sprint_rows(&[a, b, c], &window(), &["ann".to_string()], &api)
    }

    fn check(key: SortKey, descending: bool, expected: [u64; 2]) {
        let mut rows = rows();
        sort_rows(&mut rows, key, descending);
        let numbers: Vec<u64> = rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, expected, "{key:?} descending={descending}");
    }

    #[test]
    fn only_the_sprint_newest_first_newcomers_marked() {
        let rows = rows();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].number, 12);
        assert!(rows[1].newcomer && !rows[0].newcomer);
        assert_eq!(rows[0].url, "https://github.com/python/cpython/pull/12");
    }

    #[test]
    fn every_column_sorts_both_ways() {
        check(SortKey::Repo, false, [12, 7]);
        check(SortKey::Repo, true, [7, 12]);
        check(SortKey::Number, false, [7, 12]);
        check(SortKey::Title, false, [7, 12]);
        check(SortKey::Author, false, [7, 12]);
        check(SortKey::Author, true, [12, 7]);
        check(SortKey::Opened, false, [7, 12]);
        check(SortKey::Merged, false, [12, 7]);
        check(SortKey::Merged, true, [12, 7]);
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let csv = rows_csv(&rows(), &window());
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "repository,number,title,author,new_contributor,opened,merged,url"
        );
        assert_eq!(
            lines[1],
            "python/cpython,12,\"Fix, \"\"quoted\"\"\",Bob,false,2025-05-20 15:00,2025-05-21 10:00,https://github.com/python/cpython/pull/12"
        );
        assert_eq!(
            lines[2],
            "python/peps,7,\"'=HYPERLINK(\"\"x\"\")\",ann,true,2025-05-19 15:00,,https://github.com/python/peps/pull/7"
        );
    }
}
