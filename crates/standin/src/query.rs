//! GitHub search query text, parsed the way GitHub reads it.

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

/// What a query asks for. Several `org:`/`repo:` terms are OR-ed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub is_pr: bool,
    pub orgs: Vec<String>,
    pub repos: Vec<String>,
    pub created: Option<Range>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("The search contains a qualifier this stand-in does not support: {0}")]
    Unsupported(String),
    #[error("Invalid date in qualifier: {0}")]
    BadDate(String),
    #[error("Search queries cannot use more than one created: qualifier in this stand-in.")]
    TwoDates,
}

pub fn parse(q: &str) -> Result<Search, QueryError> {
    let mut search = Search::default();
    for term in q.split_whitespace() {
        let (key, value) = term.split_once(':').unwrap_or((term, ""));
        match (key.to_ascii_lowercase().as_str(), value) {
            ("is" | "type", "pr") => search.is_pr = true,
            ("org", org) if !org.is_empty() => search.orgs.push(org.to_string()),
            ("repo", repo) if repo.contains('/') => search.repos.push(repo.to_string()),
            ("created", range) => {
                if search.created.is_some() {
                    return Err(QueryError::TwoDates);
                }
                search.created =
                    Some(parse_range(range).ok_or_else(|| QueryError::BadDate(term.to_string()))?);
            }
            _ => return Err(QueryError::Unsupported(term.to_string())),
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

    fn check(q: &str, expected: Result<Search, QueryError>) {
        assert_eq!(parse(q), expected, "{q}");
    }

    #[test]
    fn qualifiers() {
        check(
            "org:python is:pr created:2025-05-19T00:00:00-04:00..2025-05-22T23:59:59-04:00",
            Ok(Search {
                is_pr: true,
                orgs: vec!["python".into()],
                repos: vec![],
                created: Some(Range {
                    from: Some(ts("2025-05-19T04:00:00Z")),
                    to: Some(ts("2025-05-23T03:59:59Z")),
                }),
            }),
        );
        check(
            "repo:python/cpython repo:pypa/pip type:pr created:2025-05-19",
            Ok(Search {
                is_pr: true,
                orgs: vec![],
                repos: vec!["python/cpython".into(), "pypa/pip".into()],
                created: Some(Range {
                    from: Some(ts("2025-05-19T00:00:00Z")),
                    to: Some(ts("2025-05-19T23:59:59Z")),
                }),
            }),
        );
        check(
            "created:>=2025-05-19 is:pr",
            Ok(Search {
                is_pr: true,
                created: Some(Range {
                    from: Some(ts("2025-05-19T00:00:00Z")),
                    to: None,
                }),
                ..Search::default()
            }),
        );
        check(
            "created:<2025-05-19",
            Ok(Search {
                created: Some(Range {
                    from: None,
                    to: Some(ts("2025-05-18T23:59:59Z")),
                }),
                ..Search::default()
            }),
        );
        check(
            "created:*..2025-05-19T10:00:00Z",
            Ok(Search {
                created: Some(Range {
                    from: None,
                    to: Some(ts("2025-05-19T10:00:00Z")),
                }),
                ..Search::default()
            }),
        );
        check(
            "created:2025-13-01",
            Err(QueryError::BadDate("created:2025-13-01".into())),
        );
        check(
            "created:2025-05-01 created:2025-05-02",
            Err(QueryError::TwoDates),
        );
        check(
            "label:bug",
            Err(QueryError::Unsupported("label:bug".into())),
        );
    }
}
