//! GitHub search query strings and the URLs that run them.
//!
//! Every figure comes with the query that reproduces it, so the same text is
//! sent to the API and put behind the figure's link to github.com.

use crate::api_base::ApiBase;
use crate::event_window::UtcWindow;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// What the sprint covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Org(String),
}

impl Scope {
    fn qualifier(&self) -> String {
        match self {
            Scope::Org(org) => format!("org:{org}"),
        }
    }
}

/// The search for PRs opened in `window`.
pub fn opened_query(scope: &Scope, window: &UtcWindow) -> String {
    format!(
        "{} is:pr created:{}",
        scope.qualifier(),
        window.github_range()
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
        let q = opened_query(&Scope::Org(org.to_string()), &w);
        assert_eq!(q, expected[0]);
        assert_eq!(rest_count_url(&api, &q), expected[1]);
        assert_eq!(web_search_url(&api, &q), expected[2]);
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

    #[test]
    fn encoding_escapes_what_would_break_a_url() {
        assert_eq!(encode_component("a b&c=d#e+f%g"), "a+b%26c%3Dd%23e%2Bf%25g");
        assert_eq!(encode_component("Europe/Prague"), "Europe/Prague");
        assert_eq!(encode_component("Zürich"), "Z%C3%BCrich");
    }
}
