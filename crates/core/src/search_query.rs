//! GitHub search query strings and the URLs that run them.
//!
//! Every figure comes with the query that reproduces it, so the same text is
//! sent to the API and put behind the figure's link to github.com.

use crate::api_base::ApiBase;
use crate::event_window::UtcWindow;
use crate::pr::{Filters, BACKPORT_APPS, KNOWN_BOT_APPS};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// What the sprint covers: one or more organisations, or a list of
/// repositories (`owner/name`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Orgs(Vec<String>),
    Repos(Vec<String>),
}

impl Scope {
    pub fn org(name: &str) -> Scope {
        Scope::Orgs(vec![name.to_string()])
    }

    /// Whether a repository (`owner/name`) is inside the scope.
    pub fn contains_repo(&self, repo: &str) -> bool {
        match self {
            Scope::Orgs(orgs) => {
                let owner = repo.split('/').next().unwrap_or_default();
                orgs.iter().any(|o| o.eq_ignore_ascii_case(owner))
            }
            Scope::Repos(repos) => repos.iter().any(|r| r.eq_ignore_ascii_case(repo)),
        }
    }

    /// One search qualifier per org or repo; GitHub ORs them.
    fn qualifiers(&self) -> Vec<String> {
        match self {
            Scope::Orgs(orgs) => orgs.iter().map(|o| format!("org:{o}")).collect(),
            Scope::Repos(repos) => repos.iter().map(|r| format!("repo:{r}")).collect(),
        }
    }
}

/// What a figure's query selects, besides scope and filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// PRs created in the window.
    Opened,
    /// PRs merged in the window, whenever opened.
    Merged,
    /// PRs closed in the window without being merged.
    ClosedUnmerged,
}

/// GitHub refuses longer query text; we keep every whole query under it,
/// qualifiers included, which is stricter than GitHub and always safe.
pub const MAX_QUERY_CHARS: usize = 256;

/// The search queries whose result counts add up to a figure: one query,
/// or several when the scope is too long for one (each takes a share of the
/// orgs or repos; their counts are summed). Each query has one date
/// qualifier and at most five negations.
pub fn figure_queries(
    kind: QueryKind,
    scope: &Scope,
    filters: &Filters,
    window: &UtcWindow,
) -> Vec<String> {
    narrowed_queries(kind, "", scope, filters, window)
}

/// `figure_queries` narrowed by more qualifiers (`extra`, e.g. a state and
/// a merge range), cut so that each query still fits with them.
pub fn narrowed_queries(
    kind: QueryKind,
    extra: &str,
    scope: &Scope,
    filters: &Filters,
    window: &UtcWindow,
) -> Vec<String> {
    let mut tail = query_tail(kind, filters, window);
    if !extra.is_empty() {
        tail.push(' ');
        tail.push_str(extra);
    }
    chunks_for(scope, &tail)
        .iter()
        .map(|chunk| match chunk.qualifiers().join(" ") {
            qualifiers if qualifiers.is_empty() => tail.clone(),
            qualifiers => format!("{qualifiers} {tail}"),
        })
        .collect()
}

/// The scope cut into parts whose queries each fit GitHub's length limit;
/// `figure_queries` makes one query of each. A listing split by time keeps
/// these parts, so its sub-queries (shorter UTC dates) always fit too.
pub fn scope_chunks(
    kind: QueryKind,
    scope: &Scope,
    filters: &Filters,
    window: &UtcWindow,
) -> Vec<Scope> {
    chunks_for(scope, &query_tail(kind, filters, window))
}

/// The scope cut into parts that each fit before `tail`.
fn chunks_for(scope: &Scope, tail: &str) -> Vec<Scope> {
    let budget = MAX_QUERY_CHARS.saturating_sub(tail.len().saturating_add(1));
    let mut chunks: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut length: usize = 0;
    let names = match scope {
        Scope::Orgs(names) | Scope::Repos(names) => names,
    };
    for (name, qualifier) in names.iter().zip(scope.qualifiers()) {
        if !current.is_empty() && length.saturating_add(1).saturating_add(qualifier.len()) > budget
        {
            chunks.push(std::mem::take(&mut current));
            length = 0;
        }
        length = length
            .saturating_add(qualifier.len())
            .saturating_add(usize::from(!current.is_empty()));
        current.push(name.clone());
    }
    chunks.push(current);
    chunks
        .into_iter()
        .map(|names| match scope {
            Scope::Orgs(_) => Scope::Orgs(names),
            Scope::Repos(_) => Scope::Repos(names),
        })
        .collect()
}

/// Everything in a figure's query after the scope.
fn query_tail(kind: QueryKind, filters: &Filters, window: &UtcWindow) -> String {
    let range = window.github_range();
    let what = match kind {
        QueryKind::Opened => format!("is:pr created:{range}"),
        QueryKind::Merged => format!("is:pr is:merged merged:{range}"),
        QueryKind::ClosedUnmerged => format!("is:pr is:unmerged closed:{range}"),
    };
    let mut tail = vec![what];
    if filters.exclude_bots {
        tail.extend(KNOWN_BOT_APPS.iter().map(|a| format!("-author:app/{a}")));
    }
    if filters.exclude_backports {
        tail.push(format!("-author:app/{}", BACKPORT_APPS[0]));
    }
    if !filters.include_drafts {
        tail.push("draft:false".to_string());
    }
    tail.join(" ")
}

/// PRs `author` opened in `scope` during `window`: after the sprint, a
/// count above zero means the newcomer came back.
pub fn later_pr_query(scope: &Scope, author: &str, window: &UtcWindow) -> String {
    format!(
        "{} is:pr author:{author} created:{}",
        scope.qualifiers().join(" "),
        window.github_range()
    )
}

/// Whether `author` opened any PR in `repo` before `instant`: a count of
/// this query above zero means yes. Every PR counts here, whatever the
/// view's filters: a contributor is new only if they never opened one.
pub fn earlier_pr_query(repo: &str, author: &str, instant: jiff::Timestamp) -> String {
    format!(
        "is:pr repo:{repo} author:{author} created:<{}",
        crate::event_window::local_rfc3339(instant, jiff::tz::Offset::UTC)
    )
}

/// The REST call that counts the results of `query` (one item per page is
/// enough: only `total_count` is read).
pub fn rest_count_url(api: &ApiBase, query: &str) -> String {
    format!(
        "{}/search/issues?q={}&per_page=1",
        api.as_str(),
        encode_component(query)
    )
}

/// The github.com (or GHES) search page showing the results of `query`.
pub fn web_search_url(api: &ApiBase, query: &str) -> String {
    format!(
        "{}/search?q={}&type=pullrequests",
        api.web_base(),
        encode_component(query)
    )
}

/// Characters escaped in a query-string value. `:` and `/` stay readable,
/// which keeps shared links and search links short and legible.
const QUERY_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\'')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'|');

/// Encodes one query-string value, writing spaces as `+` as search forms do.
pub fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE)
        .to_string()
        .replace("%20", "+")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event_window::EventDays;
    use crate::test_zone::JiffZone;

    fn window(zone: &str, from: &str, to: &str) -> UtcWindow {
        let days = EventDays {
            from: from.parse().expect("from"),
            to: to.parse().expect("to"),
        };
        UtcWindow::from_event_days(days, &JiffZone::new(zone))
    }

    fn check(api: &str, org: &str, w: UtcWindow, expected: [&str; 3]) {
        let api = ApiBase::parse(api).expect("api");
        let queries = figure_queries(QueryKind::Opened, &Scope::org(org), &Filters::none(), &w);
        assert_eq!(queries.len(), 1);
        let q = &queries[0];
        assert_eq!(q, expected[0]);
        assert_eq!(rest_count_url(&api, q), expected[1]);
        assert_eq!(web_search_url(&api, q), expected[2]);
    }

    #[test]
    fn opened_query_and_its_urls() {
        check(
            "https://api.github.com",
            "python",
            window("America/New_York", "2025-05-19", "2025-05-22"),
            [
                "org:python is:pr created:2025-05-19T00:00:00-04:00..2025-05-22T23:59:59-04:00",
                "https://api.github.com/search/issues?q=org:python+is:pr+created:2025-05-19T00:00:00-04:00..2025-05-22T23:59:59-04:00&per_page=1",
                "https://github.com/search?q=org:python+is:pr+created:2025-05-19T00:00:00-04:00..2025-05-22T23:59:59-04:00&type=pullrequests",
            ],
        );
        check(
            "https://ghe.example.com/api/v3/",
            "core-team",
            window("Asia/Seoul", "2025-08-15", "2025-08-15"),
            [
                "org:core-team is:pr created:2025-08-15T00:00:00+09:00..2025-08-15T23:59:59+09:00",
                "https://ghe.example.com/api/v3/search/issues?q=org:core-team+is:pr+created:2025-08-15T00:00:00%2B09:00..2025-08-15T23:59:59%2B09:00&per_page=1",
                "https://ghe.example.com/search?q=org:core-team+is:pr+created:2025-08-15T00:00:00%2B09:00..2025-08-15T23:59:59%2B09:00&type=pullrequests",
            ],
        );
    }

    fn check_figure(kind: QueryKind, scope: Scope, filters: Filters, expected: &[&str]) {
        let w = window("America/New_York", "2025-05-19", "2025-05-22");
        let got = figure_queries(kind, &scope, &filters, &w);
        assert_eq!(got, expected);
        for q in &got {
            assert!(q.len() <= MAX_QUERY_CHARS, "{} characters: {q}", q.len());
            assert!(q.matches(" -").count() <= 5, "{q}");
            let dates = ["created:", "merged:", "closed:"]
                .iter()
                .map(|d| q.matches(d).count())
                .sum::<usize>();
            assert_eq!(dates, 1, "{q}");
        }
    }

    #[test]
    fn figure_queries_with_filters() {
        let range = "2025-05-19T00:00:00-04:00..2025-05-22T23:59:59-04:00";
        let none = Filters::none();
        check_figure(
            QueryKind::Opened,
            Scope::org("python"),
            none,
            &[&format!("org:python is:pr created:{range}")],
        );
        check_figure(
            QueryKind::Merged,
            Scope::org("python"),
            Filters::default(),
            &[&format!("org:python is:pr is:merged merged:{range} -author:app/dependabot -author:app/pre-commit-ci -author:app/renovate -author:app/github-actions -author:app/miss-islington-app")],
        );
        check_figure(
            QueryKind::ClosedUnmerged,
            Scope::Repos(vec!["python/cpython".into(), "python/devguide".into()]),
            Filters { include_drafts: false, ..none },
            &[&format!("repo:python/cpython repo:python/devguide is:pr is:unmerged closed:{range} draft:false")],
        );
    }

    #[test]
    fn a_scope_too_long_for_one_query_is_split() {
        let repos: Vec<String> = (0..12)
            .map(|i| format!("python/repository-number-{i:02}"))
            .collect();
        let w = window("America/New_York", "2025-05-19", "2025-05-22");
        let queries = figure_queries(
            QueryKind::Opened,
            &Scope::Repos(repos.clone()),
            &Filters::default(),
            &w,
        );
        assert!(queries.len() > 1, "{queries:?}");
        // Every repo appears in exactly one query.
        for repo in &repos {
            let n = queries
                .iter()
                .filter(|q| q.split(' ').any(|t| t == format!("repo:{repo}")))
                .count();
            assert_eq!(n, 1, "{repo}");
        }
        for q in &queries {
            assert!(q.len() <= MAX_QUERY_CHARS, "{} characters: {q}", q.len());
        }
    }

    #[test]
    fn encoding_escapes_what_would_break_a_url() {
        assert_eq!(encode_component("a b&c=d#e+f%g"), "a+b%26c%3Dd%23e%2Bf%25g");
        assert_eq!(encode_component("Europe/Prague"), "Europe/Prague");
        assert_eq!(encode_component("Zürich"), "Z%C3%BCrich");
    }
}
