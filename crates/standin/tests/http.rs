//! The stand-in over real HTTP: qualifiers, paging, the 1000-result cap,
//! errors, rate limits, faults, ETags and CORS.

// Test helpers as well as tests: a failed expectation is the test failing.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{count, request, search, standin, ts};
use jiff::Timestamp;
use serde_json::Value;
use sprintlift_standin::{AuthorKind, Config, Fault, FaultRule, Route};
use std::time::Duration;

#[tokio::test]
async fn qualifiers_count_what_the_data_holds() {
    let (gh, data) = standin(Config::unlimited()).await;
    let (from, to) = (ts("2025-05-19T04:00:00Z"), ts("2025-05-23T03:59:59Z"));
    let within = |t: Option<Timestamp>| t.is_some_and(|t| from <= t && t <= to);
    let range = "2025-05-19T00:00:00-04:00..2025-05-22T23:59:59-04:00";
    let cases: Vec<(String, u64)> = vec![
        (format!("org:python is:pr created:{range}"), count(&data, |p| p.org == "python" && within(Some(p.created_at)))),
        (format!("org:python is:pr is:merged merged:{range}"), count(&data, |p| p.org == "python" && within(p.merged_at))),
        (
            format!("org:python is:pr is:unmerged closed:{range}"),
            count(&data, |p| p.org == "python" && p.merged_at.is_none() && within(p.closed_at)),
        ),
        (
            format!("repo:python/cpython repo:pypa/pip is:pr created:{range} -author:app/dependabot -author:app/miss-islington-app"),
            count(&data, |p| {
                ["python/cpython", "pypa/pip"].contains(&p.full_name().as_str())
                    && within(Some(p.created_at))
                    && !["dependabot[bot]", "miss-islington-app[bot]"].contains(&p.author.as_str())
            }),
        ),
        ("org:python is:pr is:open draft:true".to_string(), count(&data, |p| p.org == "python" && p.closed_at.is_none() && p.draft)),
        ("user:numpy is:pr author:app/dependabot".to_string(), count(&data, |p| p.org == "numpy" && p.author == "dependabot[bot]")),
        ("org:pypa is:pr is:closed created:<2025-04-01".to_string(), count(&data, |p| p.org == "pypa" && p.closed_at.is_some() && p.created_at < ts("2025-04-01T00:00:00Z"))),
    ];
    for (q, expected) in cases {
        assert!(expected > 0, "an empty case proves little: {q}");
        let answer = request(gh.addr, "GET", &search(&q, "&per_page=1"), &[])
            .await
            .expect("answer");
        assert_eq!(answer.status, 200, "{q}: {}", answer.body);
        assert_eq!(answer.json()["total_count"], expected, "{q}");
    }
    assert!(data.prs.iter().any(|p| p.author_kind == AuthorKind::Bot));
}

#[tokio::test]
async fn pages_links_and_the_thousand_result_cap() {
    let (gh, data) = standin(Config::unlimited()).await;
    let total = count(&data, |p| p.org == "python");
    assert!(total > 1000);
    let first = request(
        gh.addr,
        "GET",
        &search("org:python is:pr", "&per_page=100"),
        &[],
    )
    .await
    .expect("answer");
    let json = first.json();
    assert_eq!(json["total_count"], total);
    assert_eq!(json["items"].as_array().map(Vec::len), Some(100));
    assert_eq!(json["search_type"], "lexical");
    let link = first.header("link");
    assert!(link.contains("page=2>; rel=\"next\""), "{link}");
    assert!(link.contains("page=10>; rel=\"last\""), "{link}");
    // Items carry the fields the app reads, in GitHub's shape.
    let item = &json["items"][0];
    for field in [
        "number",
        "title",
        "html_url",
        "repository_url",
        "created_at",
        "draft",
        "author_association",
    ] {
        assert!(!item[field].is_null(), "{field} in {item}");
    }
    assert!(item["user"]["login"].is_string() && item["user"]["type"].is_string());
    assert!(item["pull_request"]
        .as_object()
        .is_some_and(|p| p.contains_key("merged_at")));

    let tenth = request(
        gh.addr,
        "GET",
        &search("org:python is:pr", "&per_page=100&page=10"),
        &[],
    )
    .await
    .expect("answer");
    assert_eq!(tenth.status, 200);
    assert!(tenth.header("link").contains("rel=\"prev\""));
    let eleventh = request(
        gh.addr,
        "GET",
        &search("org:python is:pr", "&per_page=100&page=11"),
        &[],
    )
    .await
    .expect("answer");
    assert_eq!(eleventh.status, 422);
    assert_eq!(
        eleventh.json()["message"],
        "Only the first 1000 search results are available"
    );
}

#[tokio::test]
async fn refusals_in_githubs_error_shape() {
    let (gh, _) = standin(Config::unlimited()).await;
    let unknown = request(gh.addr, "GET", &search("org:no-such-org is:pr", ""), &[])
        .await
        .expect("answer");
    assert_eq!(unknown.status, 422);
    let json = unknown.json();
    assert_eq!(json["message"], "Validation Failed");
    assert!(
        json["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("cannot be searched")),
        "{json}"
    );
    let long = format!(
        "org:python {}",
        (0..60)
            .map(|i| format!("repo:a/b{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    assert_eq!(
        request(gh.addr, "GET", &search(&long, ""), &[])
            .await
            .expect("answer")
            .status,
        422
    );
    let bad_token = request(
        gh.addr,
        "GET",
        &search("org:python", ""),
        &[("Authorization", "Bearer nope")],
    )
    .await
    .expect("answer");
    assert_eq!(bad_token.status, 401);
    assert_eq!(bad_token.json()["message"], "Bad credentials");
}

#[tokio::test]
async fn search_rate_limits_by_client_and_window() {
    let config = Config {
        minute: Duration::from_secs(3),
        ..Config::default()
    };
    let (gh, _) = standin(config).await;
    let path = search("org:python is:pr", "&per_page=1");
    for expected_remaining in (0..10).rev() {
        let answer = request(gh.addr, "GET", &path, &[]).await.expect("answer");
        assert_eq!(answer.status, 200);
        assert_eq!(answer.header("x-ratelimit-limit"), "10");
        assert_eq!(
            answer.header("x-ratelimit-remaining"),
            expected_remaining.to_string()
        );
        assert_eq!(answer.header("x-ratelimit-resource"), "search");
    }
    let limited = request(gh.addr, "GET", &path, &[]).await.expect("answer");
    assert_eq!(limited.status, 403);
    assert_eq!(limited.header("x-ratelimit-remaining"), "0");
    assert!(limited.json()["message"]
        .as_str()
        .is_some_and(|m| m.contains("rate limit")));
    let reset: u64 = limited.header("x-ratelimit-reset").parse().expect("reset");
    assert!(reset > 0);
    // A token has its own bucket, thirty strong.
    let with_token = request(
        gh.addr,
        "GET",
        &path,
        &[("Authorization", "Bearer test-token")],
    )
    .await
    .expect("answer");
    assert_eq!(
        (
            with_token.status,
            with_token.header("x-ratelimit-remaining")
        ),
        (200, "29")
    );
    // After the window, the anonymous bucket is full again.
    tokio::time::sleep(Duration::from_millis(3200)).await;
    let again = request(gh.addr, "GET", &path, &[]).await.expect("answer");
    assert_eq!(
        (again.status, again.header("x-ratelimit-remaining")),
        (200, "9")
    );
}

#[tokio::test]
async fn faults_by_request_number() {
    let rule = |requests: std::ops::RangeInclusive<u64>, fault| FaultRule {
        route: Route::Search,
        requests,
        fault,
    };
    let config = Config {
        faults: vec![
            rule(1..=1, Fault::Status(502)),
            rule(2..=2, Fault::TruncatedJson),
            rule(3..=3, Fault::Incomplete),
            rule(
                4..=4,
                Fault::SecondaryLimit {
                    retry_after: Some(7),
                },
            ),
            rule(5..=5, Fault::Drop),
            rule(6..=6, Fault::Delay(Duration::from_millis(10))),
        ],
        ..Config::unlimited()
    };
    let (gh, _) = standin(config).await;
    let path = search("org:python is:pr", "&per_page=1");
    let get = || request(gh.addr, "GET", &path, &[]);
    assert_eq!(get().await.expect("502").status, 502);
    let truncated = get().await.expect("truncated");
    assert_eq!(truncated.status, 200);
    assert!(
        serde_json::from_str::<Value>(&truncated.body).is_err(),
        "{}",
        truncated.body
    );
    assert_eq!(
        get().await.expect("incomplete").json()["incomplete_results"],
        true
    );
    let secondary = get().await.expect("secondary");
    assert_eq!(
        (secondary.status, secondary.header("retry-after")),
        (403, "7")
    );
    assert!(
        get().await.is_err(),
        "a dropped connection is not an answer"
    );
    let delayed = get().await.expect("delayed");
    assert_eq!(delayed.status, 200);
    assert_eq!(
        get().await.expect("normal").json()["incomplete_results"],
        false
    );
    assert_eq!(gh.log.searches().len(), 7);
}

#[tokio::test]
async fn latency_delays_every_answer() {
    // Correctness, not speed: the configured delay must actually be served.
    let config = Config {
        latency: Duration::from_millis(300),
        jitter: Duration::from_millis(50),
        ..Config::unlimited()
    };
    let (gh, _) = standin(config).await;
    for _ in 0..2 {
        let started = std::time::Instant::now();
        let answer = request(
            gh.addr,
            "GET",
            &search("org:numpy is:pr", "&per_page=1"),
            &[],
        )
        .await
        .expect("answer");
        assert_eq!(answer.status, 200);
        assert!(
            started.elapsed() >= Duration::from_millis(300),
            "{:?}",
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn etags_answer_304_when_nothing_changed() {
    let (gh, _) = standin(Config::unlimited()).await;
    let path = search("org:numpy is:pr", "&per_page=5");
    let first = request(gh.addr, "GET", &path, &[]).await.expect("answer");
    let etag = first.header("etag").to_string();
    assert!(etag.starts_with("W/\""), "{etag}");
    let again = request(gh.addr, "GET", &path, &[("If-None-Match", &etag)])
        .await
        .expect("answer");
    assert_eq!((again.status, again.body.as_str()), (304, ""));
    let other = request(gh.addr, "GET", &path, &[("If-None-Match", "W/\"other\"")])
        .await
        .expect("answer");
    assert_eq!(other.status, 200);
}

#[tokio::test]
async fn cors_like_api_github_com() {
    let (gh, _) = standin(Config::unlimited()).await;
    let preflight = request(
        gh.addr,
        "OPTIONS",
        "/search/issues?q=org:python",
        &[
            ("Origin", "http://127.0.0.1:8080"),
            ("Access-Control-Request-Method", "GET"),
            (
                "Access-Control-Request-Headers",
                "authorization,if-none-match",
            ),
        ],
    )
    .await
    .expect("preflight");
    assert!(
        preflight.status == 200 || preflight.status == 204,
        "{}",
        preflight.status
    );
    assert_eq!(preflight.header("access-control-allow-origin"), "*");
    let allowed = preflight.header("access-control-allow-headers");
    assert!(
        allowed.contains("authorization") && allowed.contains("if-none-match"),
        "{allowed}"
    );
    let answer = request(
        gh.addr,
        "GET",
        &search("org:python is:pr", "&per_page=1"),
        &[("Origin", "http://127.0.0.1:8080")],
    )
    .await
    .expect("answer");
    assert_eq!(answer.header("access-control-allow-origin"), "*");
    let exposed = answer.header("access-control-expose-headers");
    for name in [
        "etag",
        "link",
        "retry-after",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
    ] {
        assert!(exposed.contains(name), "{name} not in {exposed}");
    }
}
