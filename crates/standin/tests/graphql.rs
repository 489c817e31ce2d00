//! `POST /graphql` over real HTTP: authentication, aliased counts with
//! variables, fragments and cursors, the limits on `first` and on results,
//! points, and faults.

// Test helpers as well as tests: a failed expectation is the test failing.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{count, request, standin, Answer};
use serde_json::{json, Value};
use sprintlift_standin::{Config, Fault, FaultRule, Route, Running};
use std::collections::BTreeSet;

const TOKEN: (&str, &str) = ("Authorization", "Bearer test-token");

async fn post(gh: &Running, body: &Value, auth: bool) -> Answer {
    let text = body.to_string();
    let length = text.len().to_string();
    let mut headers = vec![
        ("Content-Type", "application/json"),
        ("Content-Length", length.as_str()),
    ];
    if auth {
        headers.push(TOKEN);
    }
    common::request_with_body(gh.addr, "POST", "/graphql", &headers, &text)
        .await
        .expect("answer")
}

#[tokio::test]
async fn a_token_is_required() {
    let (gh, _) = standin(Config::unlimited()).await;
    let answer = post(&gh, &json!({ "query": "{ rateLimit { cost } }" }), false).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.json()["message"], "Requires authentication");
    let preflight = request(
        gh.addr,
        "OPTIONS",
        "/graphql",
        &[
            ("Origin", "http://127.0.0.1:8080"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "authorization,content-type",
            ),
        ],
    )
    .await
    .expect("preflight");
    assert_eq!(preflight.header("access-control-allow-origin"), "*");
}

#[tokio::test]
async fn aliased_counts_in_one_request() {
    let (gh, data) = standin(Config::unlimited()).await;
    let document = "query Counts($sprint: String!, $before: String!) {
        sprint: search(query: $sprint, type: ISSUE, first: 1) { issueCount }
        weekBefore: search(query: $before, type: ISSUE, first: 1) { issueCount }
        rateLimit { cost remaining resetAt }
    }";
    let answer = post(
        &gh,
        &json!({
            "query": document,
            "variables": {
                "sprint": "org:python is:pr created:2025-05-19T00:00:00-04:00..2025-05-22T23:59:59-04:00",
                "before": "org:python is:pr created:2025-05-12T00:00:00-04:00..2025-05-15T23:59:59-04:00",
            }
        }),
        true,
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let json = answer.json();
    assert!(json.get("errors").is_none(), "{json}");
    let within = |from: &str, to: &str| {
        let (from, to) = (common::ts(from), common::ts(to));
        count(&data, |p| {
            p.org == "python" && from <= p.created_at && p.created_at <= to
        })
    };
    assert_eq!(
        json["data"]["sprint"]["issueCount"],
        within("2025-05-19T04:00:00Z", "2025-05-23T03:59:59Z")
    );
    assert_eq!(
        json["data"]["weekBefore"]["issueCount"],
        within("2025-05-12T04:00:00Z", "2025-05-16T03:59:59Z")
    );
    assert_eq!(json["data"]["rateLimit"]["cost"], 1);
    assert_eq!(json["data"]["rateLimit"]["remaining"], 4999);
    assert_eq!(answer.header("x-ratelimit-resource"), "graphql");
}

#[tokio::test]
async fn listings_page_by_cursor_with_fragments() {
    let (gh, data) = standin(Config::unlimited()).await;
    let q = "repo:python/cpython is:pr created:2025-05-01..2025-05-31";
    let expected: BTreeSet<u64> = data
        .prs
        .iter()
        .filter(|p| {
            p.full_name() == "python/cpython"
                && p.created_at >= common::ts("2025-05-01T00:00:00Z")
                && p.created_at <= common::ts("2025-05-31T23:59:59Z")
        })
        .map(|p| p.number)
        .collect();
    assert!(expected.len() > 200, "{}", expected.len());
    let document = "query Page($q: String!, $after: String) {
        search(query: $q, type: ISSUE, first: 100, after: $after) {
            issueCount
            pageInfo { hasNextPage endCursor }
            nodes { ...pr }
        }
    }
    fragment pr on PullRequest {
        number createdAt mergedAt closedAt isDraft authorAssociation
        author { login __typename }
        repository { nameWithOwner }
    }";
    let mut seen = BTreeSet::new();
    let mut after = Value::Null;
    let mut pages = 0;
    let mut bot_logins = BTreeSet::new();
    loop {
        let answer = post(
            &gh,
            &json!({ "query": document, "variables": { "q": q, "after": after } }),
            true,
        )
        .await;
        let json = answer.json();
        assert!(json.get("errors").is_none(), "{json}");
        let search = &json["data"]["search"];
        for node in search["nodes"].as_array().expect("nodes") {
            assert_eq!(node["repository"]["nameWithOwner"], "python/cpython");
            if node["author"]["__typename"] == "Bot" {
                bot_logins.insert(
                    node["author"]["login"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                );
            }
            seen.insert(node["number"].as_u64().expect("number"));
        }
        pages += 1;
        if search["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = search["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen, expected);
    assert_eq!(pages, expected.len().div_ceil(100));
    // GraphQL names bots without the `[bot]` of their REST login.
    assert!(
        bot_logins.iter().all(|l| !l.ends_with("[bot]")),
        "{bot_logins:?}"
    );
}

#[tokio::test]
async fn limits_on_first_and_on_reachable_results() {
    let (gh, data) = standin(Config::unlimited()).await;
    let too_many = post(&gh, &json!({ "query": "{ search(query: \"org:python\", type: ISSUE, first: 101) { issueCount } }" }), true).await;
    let json = too_many.json();
    assert_eq!(too_many.status, 200);
    assert!(
        json["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("limit of 100")),
        "{json}"
    );
    let unknown = post(&gh, &json!({ "query": "{ search(query: \"org:no-such-org\", type: ISSUE, first: 1) { issueCount } }" }), true).await;
    assert!(unknown.json()["errors"][0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("cannot be searched")));
    let misspelt = post(&gh, &json!({ "query": "{ search(query: \"org:python\", type: ISSUE, first: 1) { issueCont } }" }), true).await;
    assert!(
        misspelt.json()["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("issueCont")),
        "{}",
        misspelt.body
    );
    // Past the 1000th result there is no next page, whatever the total.
    let total = count(&data, |p| p.org == "python");
    assert!(total > 1000);
    let mut after = Value::Null;
    let mut reached = 0;
    for _ in 0..12 {
        let answer = post(
            &gh,
            &json!({ "query": "query($a: String) { search(query: \"org:python is:pr\", type: ISSUE, first: 100, after: $a) { issueCount pageInfo { hasNextPage endCursor } nodes { ... on PullRequest { number } } } }", "variables": { "a": after } }),
            true,
        )
        .await;
        let search = answer.json()["data"]["search"].clone();
        assert_eq!(search["issueCount"], total);
        reached += search["nodes"].as_array().map(Vec::len).unwrap_or(0);
        if search["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = search["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(reached, 1000);
}

#[tokio::test]
async fn points_run_out_and_faults_apply() {
    let config = Config {
        faults: vec![FaultRule {
            route: Route::Graphql,
            requests: 1..=1,
            fault: Fault::Status(502),
        }],
        ..Config::unlimited()
    };
    let (gh, _) = standin(config).await;
    let cheap = json!({ "query": "{ rateLimit { remaining } }" });
    assert_eq!(post(&gh, &cheap, true).await.status, 502);
    // 50 aliases of 100 nodes each: 50 points a request, 100 requests an hour.
    let aliases: Vec<String> = (0..50)
        .map(|i| {
            format!("s{i}: search(query: \"org:numpy\", type: ISSUE, first: 100) {{ issueCount }}")
        })
        .collect();
    let costly =
        json!({ "query": format!("{{ {} rateLimit {{ cost remaining }} }}", aliases.join(" ")) });
    for i in 1..=100 {
        let json = post(&gh, &costly, true).await.json();
        assert_eq!(json["data"]["rateLimit"]["cost"], 50, "request {i}");
        assert_eq!(
            json["data"]["rateLimit"]["remaining"],
            5000 - 50 * i,
            "request {i}"
        );
    }
    let over = post(&gh, &costly, true).await;
    assert_eq!(over.status, 200);
    assert_eq!(over.json()["errors"][0]["type"], "RATE_LIMITED");
    assert_eq!(over.header("x-ratelimit-remaining"), "0");
}
