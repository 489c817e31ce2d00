use super::*;
use crate::fetch_plan::{PageRequest, Topic};

fn ts(text: &str) -> Timestamp {
    text.parse().expect("timestamp")
}

fn ask(query: &str, listing: Option<Option<&str>>) -> Ask {
    Ask {
        topic: Topic::Check { pair: 0 },
        query: query.to_string(),
        listing: listing.map(|cursor| PageRequest {
            cursor: cursor.map(str::to_string),
        }),
        covers_until: ts("2025-05-23T00:00:00Z"),
    }
}

const REST_ITEM: &str = r#"{
  "number": 7, "title": "Fix <b>it</b>", "html_url": "https://github.com/python/cpython/pull/7",
  "repository_url": "https://api.github.com/repos/python/cpython",
  "created_at": "2025-05-19T14:00:00Z", "closed_at": "2025-05-20T09:30:00Z", "draft": false,
  "user": {"login": "dependabot[bot]", "type": "Bot"}, "author_association": "CONTRIBUTOR",
  "pull_request": {"url": "u", "merged_at": "2025-05-20T09:30:00Z"}
}"#;

fn check_rest(body: &str, with_items: bool, expected: Result<(u64, bool, usize), &str>) {
    let got = rest_page(body, with_items)
        .map(|p| (p.total, p.incomplete, p.items.len()))
        .map_err(|e| e.to_string());
    match expected {
        Ok(e) => assert_eq!(got, Ok(e), "{body}"),
        Err(part) => {
            let message = got.expect_err("an error");
            assert!(message.contains(part), "{message} lacks {part}");
        }
    }
}

#[test]
fn rest_pages() {
    let page =
        format!(r#"{{"total_count": 1234, "incomplete_results": false, "items": [{REST_ITEM}]}}"#);
    check_rest(&page, true, Ok((1234, false, 1)));
    check_rest(&page, false, Ok((1234, false, 0)));
    check_rest(
        r#"{"total_count": 0, "incomplete_results": true}"#,
        true,
        Ok((0, true, 0)),
    );
    check_rest("{\"total_count\": 3", true, Err("could not be read"));
    // Counts GitHub cannot hold are refused, not summed until they wrap.
    check_rest(
        r#"{"total_count": 2147483647, "incomplete_results": false}"#,
        false,
        Ok((2_147_483_647, false, 0)),
    );
    check_rest(
        r#"{"total_count": 2147483648, "incomplete_results": false}"#,
        false,
        Err("more than GitHub can hold"),
    );
    check_rest(
        r#"{"total_count": 18446744073709551615, "incomplete_results": false}"#,
        false,
        Err("more than GitHub can hold"),
    );
    check_rest("", true, Err("could not be read"));
    check_rest(
        &page.replace("2025-05-19T14:00:00Z", "yesterday"),
        true,
        Err("“yesterday” is not an RFC 3339 time"),
    );
    check_rest(
        &page.replace("https://api.github.com/repos/python/cpython", "cpython"),
        true,
        Err("does not name a repository"),
    );
}

#[test]
fn a_rest_item_becomes_a_record() {
    let page =
        format!(r#"{{"total_count": 1, "incomplete_results": false, "items": [{REST_ITEM}]}}"#);
    let record = rest_page(&page, true).expect("page").items.remove(0);
    assert_eq!(
        record,
        PrRecord {
            repo: "python/cpython".to_string(),
            number: 7,
            title: "Fix <b>it</b>".to_string(),
            author: "dependabot[bot]".to_string(),
            author_kind: AuthorKind::Bot,
            association: "CONTRIBUTOR".to_string(),
            created_at: ts("2025-05-19T14:00:00Z"),
            merged_at: Some(ts("2025-05-20T09:30:00Z")),
            closed_at: Some(ts("2025-05-20T09:30:00Z")),
            draft: false,
        }
    );
    // A deleted account is GitHub's ghost.
    let ghost = page.replace(
        r#""user": {"login": "dependabot[bot]", "type": "Bot"}"#,
        r#""user": null"#,
    );
    let record = rest_page(&ghost, true).expect("page").items.remove(0);
    assert_eq!(
        (record.author.as_str(), record.author_kind),
        ("ghost", AuthorKind::User)
    );
}

const GRAPHQL_PR: &str = r#"{"number": 9, "title": "t", "createdAt": "2025-05-19T14:00:00Z",
  "mergedAt": null, "closedAt": null, "isDraft": true, "authorAssociation": "NONE",
  "author": {"login": "renovate", "__typename": "Bot"}, "repository": {"nameWithOwner": "python/mypy"}}"#;

#[test]
fn graphql_answers_in_ask_order() {
    let batch = [ask("org:python", None), ask("org:numpy", Some(None))];
    let body = format!(
        r#"{{"data": {{"s1": {{"issueCount": 2, "pageInfo": {{"hasNextPage": true, "endCursor": "Y3Vy"}}, "nodes": [{GRAPHQL_PR}, null]}},
                      "s0": {{"issueCount": 41}},
                      "rateLimit": {{"cost": 1, "remaining": 4999, "resetAt": "2025-05-23T00:00:00Z"}}}}}}"#
    );
    let answers = graphql_answers(&body, &batch).expect("answers");
    assert_eq!(answers.len(), 2);
    assert_eq!(
        (
            answers[0].total,
            answers[0].items.len(),
            answers[0].next.clone()
        ),
        (41, 0, None)
    );
    assert_eq!(answers[1].total, 2);
    assert_eq!(answers[1].next.as_deref(), Some("Y3Vy"));
    assert_eq!(answers[1].items[0].author, "renovate[bot]");
    assert!(answers[1].items[0].draft);
}

#[test]
fn graphql_failures_are_sentences() {
    let batch = [ask("org:python", None)];
    let check = |body: &str, expected: AnswerError| {
        assert_eq!(graphql_answers(body, &batch), Err(expected), "{body}");
    };
    check(
        r#"{"errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}]}"#,
        AnswerError::Graphql {
            message: "API rate limit exceeded".to_string(),
            rate_limited: true,
        },
    );
    check(
        r#"{"data": null, "errors": [{"message": "a"}, {"message": "b"}]}"#,
        AnswerError::Graphql {
            message: "a b".to_string(),
            rate_limited: false,
        },
    );
    check(
        r#"{"data": {"s0": null}}"#,
        AnswerError::Malformed("no answer for search 0".to_string()),
    );
    check(
        r#"{"data": {}}"#,
        AnswerError::Malformed("no answer for search 0".to_string()),
    );
    check(
        r#"{"data": {"s0": {"issueCount": 4294967296}}}"#,
        AnswerError::Malformed(
            "a count of 4294967296 results, more than GitHub can hold".to_string(),
        ),
    );
    assert!(graphql_answers("[1,2", &batch).is_err());
}

#[test]
fn the_graphql_request_names_each_query_and_cursor() {
    let body = graphql_request(&[
        ask("org:python", None),
        ask("a \"quoted\" one", Some(Some("Y3Vy"))),
    ]);
    let value: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(value["variables"]["q0"], "org:python");
    assert_eq!(value["variables"]["q1"], "a \"quoted\" one");
    assert_eq!(value["variables"]["a1"], "Y3Vy");
    assert!(value["variables"].get("a0").is_none());
    assert!(value["query"]
        .as_str()
        .expect("query")
        .contains("s1: search"));
    // A first page's cursor is an explicit null.
    let first = graphql_request(&[ask("x", Some(None))]);
    let value: serde_json::Value = serde_json::from_str(&first).expect("json");
    assert!(value["variables"]["a0"].is_null());
}

#[test]
fn error_sentences_prefer_the_detail() {
    let check = |body: &str, expected: &str| assert_eq!(error_sentence(body), expected);
    check(
        r#"{"message": "Validation Failed", "errors": [{"message": "The listed users and repositories cannot be searched"}]}"#,
        "The listed users and repositories cannot be searched",
    );
    check(r#"{"message": "Bad credentials"}"#, "Bad credentials");
    check("<html>502</html>", "an unreadable error body of 16 bytes");
}

#[test]
fn a_server_s_words_are_one_printable_line() {
    let body = r#"{"message": "Bad\nrequest: fake line\u001b[31m red"}"#;
    assert_eq!(error_sentence(body), "Bad request: fake line [31m red");
    let long = format!(r#"{{"message": "{}"}}"#, "x".repeat(600));
    assert_eq!(error_sentence(&long).chars().count(), 501);
}
