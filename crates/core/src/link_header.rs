//! GitHub's `Link` header (RFC 8288), as REST search pages carry it:
//! `<https://api.github.com/search/issues?q=…&page=2>; rel="next", <…>; rel="last"`.
//!
//! The REST client follows `rel="next"` instead of computing page numbers,
//! so it stops exactly where GitHub stops (page 10 at 100 per page).

/// One link: its target and the relations it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub target: String,
    pub rels: Vec<String>,
}

/// Every well-formed link in `header`, in order. Malformed entries are
/// skipped rather than failing the whole header: the other links are still
/// GitHub's word.
pub fn parse(header: &str) -> Vec<Link> {
    let mut links = Vec::new();
    let mut rest = header;
    while let Some(open) = rest.find('<') {
        let after_open = rest.get(open.saturating_add(1)..).unwrap_or_default();
        let Some(close) = after_open.find('>') else {
            break;
        };
        let target = &after_open[..close];
        let params_and_more = after_open
            .get(close.saturating_add(1)..)
            .unwrap_or_default();
        // The parameters run to the comma that separates links; a comma
        // inside a quoted value does not end them.
        let end = params_end(params_and_more);
        let params = &params_and_more[..end];
        let rels = rel_values(params);
        if !rels.is_empty() {
            links.push(Link {
                target: target.to_string(),
                rels,
            });
        }
        rest = &params_and_more[end..];
    }
    links
}

/// The page number of the `rel="next"` link, if there is one and its URL
/// says which page it is.
pub fn next_page(header: &str) -> Option<u64> {
    parse(header)
        .into_iter()
        .find(|l| l.rels.iter().any(|r| r.eq_ignore_ascii_case("next")))
        .and_then(|l| query_param(&l.target, "page")?.parse().ok())
}

/// Where the first comma outside quotes is: the end of a link's parameters.
fn params_end(text: &str) -> usize {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => return i,
            _ => {}
        }
    }
    text.len()
}

/// The space-separated values of every `rel` parameter in `params`
/// (`; rel="next last"` or `; rel=next`).
fn rel_values(params: &str) -> Vec<String> {
    let mut rels = Vec::new();
    for param in params.split(';') {
        let Some((name, value)) = param.split_once('=') else {
            continue;
        };
        if !name.trim().eq_ignore_ascii_case("rel") {
            continue;
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        rels.extend(value.split_whitespace().map(str::to_string));
    }
    rels
}

/// The value of `name` in `url`'s query string, undecoded (page numbers
/// need no decoding).
fn query_param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(header: &str, expected_next: Option<u64>, expected_rels: &[&str]) {
        assert_eq!(next_page(header), expected_next, "next of {header:?}");
        let rels: Vec<String> = parse(header).into_iter().flat_map(|l| l.rels).collect();
        assert_eq!(rels, expected_rels, "rels of {header:?}");
    }

    #[test]
    fn github_shapes() {
        check(
            r#"<https://api.github.com/search/issues?q=org%3Apython&per_page=100&page=2>; rel="next", <https://api.github.com/search/issues?q=org%3Apython&per_page=100&page=10>; rel="last""#,
            Some(2),
            &["next", "last"],
        );
        check(
            r#"<https://api.github.com/search/issues?q=a&page=9>; rel="prev", <https://api.github.com/search/issues?q=a&page=1>; rel="first""#,
            None,
            &["prev", "first"],
        );
    }

    #[test]
    fn odd_but_legal_shapes() {
        // Unquoted, several relations in one, other parameters, no spaces.
        check("<http://h/x?page=3>;rel=next", Some(3), &["next"]);
        check(
            r#"<http://h/x?page=4&a=1>; title="a, <b>"; rel="next last""#,
            Some(4),
            &["next", "last"],
        );
        check(
            r#"<http://h/x?a=1&page=5#frag>; REL="Next""#,
            Some(5),
            &["Next"],
        );
    }

    #[test]
    fn malformed_headers_give_what_can_be_read() {
        check("", None, &[]);
        check("garbage", None, &[]);
        check("<http://h/x?page=2", None, &[]);
        check(r#"<http://h/x?page=two>; rel="next""#, None, &["next"]);
        check(r#"<no-query>; rel="next""#, None, &["next"]);
        check(
            r#"<http://h/x?page=2>; rel="next", junk, <http://h/x?page=9>; rel="last""#,
            Some(2),
            &["next", "last"],
        );
    }
}
