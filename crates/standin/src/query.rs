//! GitHub search query text, parsed the way GitHub reads it.

use crate::dataset::{Dataset, PullRequest};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// An inclusive range of instants; `None` is an open end (`*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
}

impl Range {
    pub fn contains(&self, t: Timestamp) -> bool {
        self.from.is_none_or(|f| f <= t) && self.to.is_none_or(|e| t <= e)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Open,
    Closed,
    Merged,
    Unmerged,
}

/// Which date a range qualifier applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateField {
    Created,
    Merged,
    Closed,
}

/// An author as a query names it: a login, or `app/NAME` for a GitHub App
/// (whose PRs are authored by the login `NAME[bot]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author(pub String);

impl Author {
    pub fn matches(&self, login: &str) -> bool {
        match self.0.strip_prefix("app/") {
            Some(app) => login.eq_ignore_ascii_case(&format!("{app}[bot]")),
            None => login.eq_ignore_ascii_case(&self.0),
        }
    }
}

/// What a query asks for. Several scope terms (`org:`, `user:`, `repo:`)
/// are OR-ed; everything else is AND-ed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub is_pr: bool,
    pub orgs: Vec<String>,
    pub repos: Vec<String>,
    pub states: Vec<State>,
    pub dates: Vec<(DateField, Range)>,
    pub authors: Vec<Author>,
    pub not_authors: Vec<Author>,
    pub draft: Option<bool>,
}

impl Search {
    /// Whether a PR is among the results.
    pub fn matches(&self, pr: &PullRequest) -> bool {
        let in_scope = (self.orgs.is_empty() && self.repos.is_empty())
            || self.orgs.iter().any(|o| o.eq_ignore_ascii_case(&pr.org))
            || self
                .repos
                .iter()
                .any(|r| r.eq_ignore_ascii_case(&pr.full_name()));
        let state_ok = self.states.iter().all(|s| match s {
            State::Open => pr.closed_at.is_none(),
            State::Closed => pr.closed_at.is_some(),
            State::Merged => pr.merged_at.is_some(),
            State::Unmerged => pr.merged_at.is_none(),
        });
        let dates_ok = self.dates.iter().all(|(field, range)| {
            let at = match field {
                DateField::Created => Some(pr.created_at),
                DateField::Merged => pr.merged_at,
                DateField::Closed => pr.closed_at,
            };
            at.is_some_and(|t| range.contains(t))
        });
        in_scope
            && state_ok
            && dates_ok
            && self.authors.iter().all(|a| a.matches(&pr.author))
            && !self.not_authors.iter().any(|a| a.matches(&pr.author))
            && self.draft.is_none_or(|d| pr.draft == d)
    }

    /// The message GitHub gives when a scope names no org or repo it has.
    pub fn unknown_scope(&self, data: &Dataset) -> Option<&'static str> {
        let unknown = self.orgs.iter().any(|o| !data.has_org(o))
            || self.repos.iter().any(|r| !data.has_repo(r));
        unknown.then_some(
            "The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.",
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// GitHub would search this as free text; the stand-in serves only the
    /// qualifiers the app sends, so anything else is a bug worth seeing.
    #[error("The search contains a term this stand-in does not support: {0}")]
    Unsupported(String),
    #[error("Invalid date in qualifier: {0}")]
    BadDate(String),
    #[error("The search contains more than five AND, OR or NOT operators.")]
    TooManyOperators,
    #[error("The search is longer than 256 characters.")]
    TooLong,
}

/// Longest query text GitHub searches.
pub const MAX_TEXT: usize = 256;

pub fn parse(q: &str) -> Result<Search, QueryError> {
    let operators = q
        .split_whitespace()
        .filter(|t| matches!(*t, "AND" | "OR" | "NOT") || t.starts_with('-'))
        .count();
    if operators > 5 {
        return Err(QueryError::TooManyOperators);
    }
    if q.chars().count() > MAX_TEXT {
        return Err(QueryError::TooLong);
    }
    let mut search = Search::default();
    for term in q.split_whitespace() {
        let (negated, body) = match term.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, term),
        };
        let Some((key, value)) = body.split_once(':') else {
            return Err(QueryError::Unsupported(term.to_string()));
        };
        let unsupported = || QueryError::Unsupported(term.to_string());
        match (negated, key.to_ascii_lowercase().as_str(), value) {
            (false, "is" | "type", "pr") => search.is_pr = true,
            (false, "is", "open") => search.states.push(State::Open),
            (false, "is", "closed") => search.states.push(State::Closed),
            (false, "is", "merged") => search.states.push(State::Merged),
            (false, "is", "unmerged") => search.states.push(State::Unmerged),
            (false, "org" | "user", org) if !org.is_empty() => search.orgs.push(org.to_string()),
            (false, "repo", repo) if repo.contains('/') => search.repos.push(repo.to_string()),
            (false, "author", who) if !who.is_empty() => {
                search.authors.push(Author(who.to_string()))
            }
            (true, "author", who) if !who.is_empty() => {
                search.not_authors.push(Author(who.to_string()))
            }
            (false, "draft", "true") => search.draft = Some(true),
            (false, "draft", "false") => search.draft = Some(false),
            (false, field @ ("created" | "merged" | "closed"), range) => {
                let field = match field {
                    "created" => DateField::Created,
                    "merged" => DateField::Merged,
                    _ => DateField::Closed,
                };
                let range =
                    parse_range(range).ok_or_else(|| QueryError::BadDate(term.to_string()))?;
                search.dates.push((field, range));
            }
            _ => return Err(unsupported()),
        }
    }
    Ok(search)
}

/// `a..b`, `>=a`, `>a`, `<=a`, `<a`, or a single date or datetime.
fn parse_range(text: &str) -> Option<Range> {
    let second = SignedDuration::from_secs(1);
    if let Some((a, b)) = text.split_once("..") {
        let from = if a == "*" { None } else { Some(point(a)?.0) };
        let to = if b == "*" { None } else { Some(point(b)?.1) };
        return Some(Range { from, to });
    }
    if let Some(a) = text.strip_prefix(">=") {
        return Some(Range {
            from: Some(point(a)?.0),
            to: None,
        });
    }
    if let Some(a) = text.strip_prefix("<=") {
        return Some(Range {
            from: None,
            to: Some(point(a)?.1),
        });
    }
    if let Some(a) = text.strip_prefix('>') {
        return Some(Range {
            from: Some(point(a)?.1 + second),
            to: None,
        });
    }
    if let Some(a) = text.strip_prefix('<') {
        return Some(Range {
            from: None,
            to: Some(point(a)?.0 - second),
        });
    }
    let (from, to) = point(text)?;
    Some(Range {
        from: Some(from),
        to: Some(to),
    })
}

/// The first and last second a date or datetime stands for. A bare date is
/// a UTC day (GitHub does not document this; third parties assume it).
fn point(text: &str) -> Option<(Timestamp, Timestamp)> {
    if text.contains('T') {
        let t: Timestamp = text.parse().ok()?;
        return Some((t, t));
    }
    let day: Date = text.parse().ok()?;
    let start = day.to_zoned(TimeZone::UTC).ok()?.timestamp();
    Some((start, start + SignedDuration::from_secs(86_399)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("timestamp")
    }

    fn range(from: Option<&str>, to: Option<&str>) -> Range {
        Range {
            from: from.map(ts),
            to: to.map(ts),
        }
    }

    fn check(q: &str, expected: Result<Search, QueryError>) {
        assert_eq!(parse(q), expected, "{q}");
    }

    #[test]
    fn scope_and_dates() {
        check(
            "org:python is:pr created:2025-05-19T00:00:00-04:00..2025-05-22T23:59:59-04:00",
            Ok(Search {
                is_pr: true,
                orgs: vec!["python".into()],
                dates: vec![(
                    DateField::Created,
                    range(Some("2025-05-19T04:00:00Z"), Some("2025-05-23T03:59:59Z")),
                )],
                ..Search::default()
            }),
        );
        check(
            "repo:python/cpython repo:pypa/pip type:pr merged:2025-05-19",
            Ok(Search {
                is_pr: true,
                repos: vec!["python/cpython".into(), "pypa/pip".into()],
                dates: vec![(
                    DateField::Merged,
                    range(Some("2025-05-19T00:00:00Z"), Some("2025-05-19T23:59:59Z")),
                )],
                ..Search::default()
            }),
        );
        check(
            "closed:>=2025-05-19",
            Ok(Search {
                dates: vec![(DateField::Closed, range(Some("2025-05-19T00:00:00Z"), None))],
                ..Search::default()
            }),
        );
        check(
            "created:<2025-05-19",
            Ok(Search {
                dates: vec![(
                    DateField::Created,
                    range(None, Some("2025-05-18T23:59:59Z")),
                )],
                ..Search::default()
            }),
        );
        check(
            "created:>2025-05-19",
            Ok(Search {
                dates: vec![(
                    DateField::Created,
                    range(Some("2025-05-20T00:00:00Z"), None),
                )],
                ..Search::default()
            }),
        );
        check(
            "created:<=2025-05-19",
            Ok(Search {
                dates: vec![(
                    DateField::Created,
                    range(None, Some("2025-05-19T23:59:59Z")),
                )],
                ..Search::default()
            }),
        );
        check(
            "created:*..2025-05-19T10:00:00Z",
            Ok(Search {
                dates: vec![(
                    DateField::Created,
                    range(None, Some("2025-05-19T10:00:00Z")),
                )],
                ..Search::default()
            }),
        );
        check(
            "created:2025-05-19..*",
            Ok(Search {
                dates: vec![(
                    DateField::Created,
                    range(Some("2025-05-19T00:00:00Z"), None),
                )],
                ..Search::default()
            }),
        );
        check(
            "user:numpy",
            Ok(Search {
                orgs: vec!["numpy".into()],
                ..Search::default()
            }),
        );
    }

    #[test]
    fn state_authors_and_drafts() {
        check(
            "is:merged is:unmerged is:open is:closed author:alice -author:app/dependabot draft:false",
            Ok(Search {
                states: vec![State::Merged, State::Unmerged, State::Open, State::Closed],
                authors: vec![Author("alice".into())],
                not_authors: vec![Author("app/dependabot".into())],
                draft: Some(false),
                ..Search::default()
            }),
        );
        assert!(Author("app/dependabot".into()).matches("dependabot[bot]"));
        assert!(!Author("app/dependabot".into()).matches("dependabot"));
        assert!(Author("Alice".into()).matches("alice"));
    }

    #[test]
    fn refusals() {
        check(
            "created:2025-13-01",
            Err(QueryError::BadDate("created:2025-13-01".into())),
        );
        check(
            "label:bug",
            Err(QueryError::Unsupported("label:bug".into())),
        );
        check("fix the bug", Err(QueryError::Unsupported("fix".into())));
        check("-is:pr", Err(QueryError::Unsupported("-is:pr".into())));
        check(
            "-author:a -author:b -author:c -author:d -author:e -author:f",
            Err(QueryError::TooManyOperators),
        );
        check(
            &format!("org:{}", "a".repeat(260)),
            Err(QueryError::TooLong),
        );
    }
}
