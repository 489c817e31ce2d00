//! The fault matrix, natively: the engine against a fake GitHub that answers
//! over HTTP (status, headers, JSON bodies) from a list of records, with a
//! script of faults by request number. Each row says which waits the engine
//! must take and how the load ends: with every figure equal to the oracle's,
//! or with the sentence the page shows. The clock is virtual: a wait of a
//! minute costs nothing.

use super::*;
use crate::fetch_plan::tests::{
    answer as true_answer, now as start, oracle, records, values, windows,
};
use crate::fetch_plan::{Kind, Mode};
use crate::github_exchange::Method;
use crate::metrics::MetricWindow;
use crate::pr::{AuthorKind, Filters, PrRecord};
use crate::search_query::Scope;
use serde_json::{json, Value};

/// What the fake GitHub does to one request instead of answering it well.
#[derive(Debug, Clone, Copy)]
enum Fault {
    /// An HTTP error status with GitHub's error body.
    Status(u16),
    /// The connection drops: no answer.
    Dropped,
    /// The body stops halfway: JSON that cannot be read.
    Truncated,
    /// The body cannot be read to its end.
    Unreadable,
    /// The answer comes, this many seconds late.
    Slow(i64),
    /// A secondary limit: 403 or 429, perhaps with `retry-after`.
    Secondary(u16, Option<i64>),
    /// The primary limit is used up: 403, remaining 0, reset in N seconds.
    UsedUp(i64),
    /// A good answer that empties the bucket until N seconds from now.
    LastInBucket(i64),
    /// GraphQL's used-up limit: 200 with a RATE_LIMITED error, reset in N.
    GraphqlLimited(i64),
    /// 422: the organisation cannot be searched.
    Unsearchable,
    /// 401: the token is refused.
    BadToken,
    /// A good answer flagged `incomplete_results` (REST).
    Incomplete,
}

/// How a load must end.
#[derive(Debug)]
enum Ends {
    /// Every figure equals the oracle's, after this many requests more
    /// than a load without faults.
    Complete { extra_requests: usize },
    /// The page says a sentence containing this.
    Said(&'static str),
}

struct Case {
    name: &'static str,
    /// Faults by request number, from 1.
    faults: &'static [(usize, Fault)],
    /// From this request on, every connection fails (the network went away).
    gone_from: Option<usize>,
    /// The waits taken, in milliseconds, with their kind.
    waits: &'static [(i64, &'static str)],
    ends: Ends,
}

/// What a driven load did.
struct Driven {
    engine: LoadEngine,
    end: Result<(), GithubError>,
    waits: Vec<(i64, &'static str)>,
    /// Whether each request asked to bypass HTTP caches.
    fresh: Vec<bool>,
    /// How many answers the engine said may be kept.
    kept: usize,
    answers: usize,
}

fn kind(why: &WaitReason) -> &'static str {
    match why {
        WaitReason::Pacing => "pacing",
        WaitReason::RateLimited { .. } => "used up",
        WaitReason::SecondaryLimit { .. } => "slow down",
        WaitReason::Retry { .. } => "retry",
    }
}

fn fixture() -> (Vec<PrRecord>, Vec<MetricWindow>) {
    (records(700, 150), windows(2))
}

fn drive(
    mode: Mode,
    records: &[PrRecord],
    windows: &[MetricWindow],
    faults: &[(usize, Fault)],
    gone_from: Option<usize>,
) -> Driven {
    drive_over(mode, mode, records, windows, faults, gone_from)
}

/// A load planned in `plan` mode whose requests go out in `transport` mode.
fn drive_over(
    plan: Mode,
    transport: Mode,
    records: &[PrRecord],
    windows: &[MetricWindow],
    faults: &[(usize, Fault)],
    gone_from: Option<usize>,
) -> Driven {
    let utc = windows.iter().map(|w| w.utc).collect();
    let fetch = Fetch::new(plan, &Scope::org("python"), Filters::none(), utc);
    let mut engine = LoadEngine::new(fetch, ApiBase::github()).asking_in(transport);
    let mut now = start();
    let (mut waits, mut fresh, mut kept, mut answers) = (Vec::new(), Vec::new(), 0, 0);
    for _ in 0..10_000 {
        match engine.poll(now) {
            Step::Send(request) => {
                let number = engine.requests();
                let fault = faults
                    .iter()
                    .find(|(n, _)| *n == number)
                    .map(|(_, f)| *f)
                    .or_else(|| gone_from.filter(|g| number >= *g).map(|_| Fault::Dropped));
                let late = match fault {
                    Some(Fault::Slow(seconds)) => seconds,
                    _ => 0,
                };
                now = seconds_later(now, 1 + late);
                let delivery = github(records, engine.fetch(), &request, fault, now);
                fresh.push(request.fresh);
                answers += request.asks.len();
                kept += engine
                    .receive(&request, &delivery, now)
                    .iter()
                    .filter(|r| r.settled)
                    .count();
            }
            Step::Wait { until, why } => {
                assert!(until > now, "a wait that has already ended");
                waits.push((until.as_millisecond() - now.as_millisecond(), kind(&why)));
                now = until;
            }
            Step::Done => {
                return Driven {
                    engine,
                    end: Ok(()),
                    waits,
                    fresh,
                    kept,
                    answers,
                }
            }
            Step::Failed(error) => {
                return Driven {
                    engine,
                    end: Err(error),
                    waits,
                    fresh,
                    kept,
                    answers,
                }
            }
        }
    }
    panic!("the load never ended");
}

/// GitHub over HTTP, as a function of the records, with an optional fault.
fn github(
    records: &[PrRecord],
    fetch: &Fetch,
    request: &HttpRequest,
    fault: Option<Fault>,
    now: Timestamp,
) -> Delivery {
    let reset_in = |seconds: i64| seconds_later(now, seconds).as_second().to_string();
    let mut headers = vec![
        ("x-ratelimit-remaining".to_string(), "1000".to_string()),
        ("x-ratelimit-reset".to_string(), reset_in(60)),
    ];
    let error = |status: u16, message: &str, headers: Vec<(String, String)>| Delivery::Answered {
        status,
        headers,
        body: json!({ "message": message, "documentation_url": "https://docs.github.com" })
            .to_string(),
    };
    match fault {
        Some(Fault::Status(status)) => return error(status, "Server Error", headers),
        Some(Fault::Dropped) => return Delivery::Unreachable("connection reset".into()),
        Some(Fault::Unreadable) => return Delivery::Unreadable("body stream ended".into()),
        Some(Fault::Secondary(status, retry_after)) => {
            if let Some(seconds) = retry_after {
                headers.push(("Retry-After".into(), seconds.to_string()));
            }
            return error(status, "You have exceeded a secondary rate limit.", headers);
        }
        Some(Fault::UsedUp(seconds)) => {
            let headers = vec![
                ("x-ratelimit-remaining".into(), "0".into()),
                ("x-ratelimit-reset".into(), reset_in(seconds)),
            ];
            return error(403, "API rate limit exceeded.", headers);
        }
        Some(Fault::Unsearchable) => {
            let body = json!({
                "message": "Validation Failed",
                "errors": [{ "message": "The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them." }]
            });
            return Delivery::Answered {
                status: 422,
                headers,
                body: body.to_string(),
            };
        }
        Some(Fault::BadToken) => return error(401, "Bad credentials", headers),
        Some(Fault::GraphqlLimited(seconds)) => {
            let body = json!({ "errors": [{ "type": "RATE_LIMITED", "message": "API rate limit exceeded." }] });
            let headers = vec![
                ("x-ratelimit-remaining".into(), "0".into()),
                ("x-ratelimit-reset".into(), reset_in(seconds)),
            ];
            return Delivery::Answered {
                status: 200,
                headers,
                body: body.to_string(),
            };
        }
        Some(Fault::LastInBucket(seconds)) => {
            headers = vec![
                ("x-ratelimit-remaining".into(), "0".into()),
                ("x-ratelimit-reset".into(), reset_in(seconds)),
            ];
        }
        _ => {}
    }
    let answers: Vec<Answer> = request
        .asks
        .iter()
        .map(|ask| true_answer(records, fetch, ask))
        .collect();
    let mut body = match request.method {
        Method::Get => {
            let answer = &answers[0];
            if let Some(next) = &answer.next {
                let link = format!(
                    "<https://api.github.com/search/issues?q=x&per_page=100&page={next}>; rel=\"next\""
                );
                headers.push(("Link".into(), link));
            }
            json!({
                "total_count": answer.total,
                "incomplete_results": matches!(fault, Some(Fault::Incomplete)),
                "items": answer.items.iter().map(rest_item).collect::<Vec<_>>(),
            })
        }
        Method::Post => {
            let mut data = serde_json::Map::new();
            for (i, answer) in answers.iter().enumerate() {
                data.insert(
                    format!("s{i}"),
                    json!({
                        "issueCount": answer.total,
                        "pageInfo": { "hasNextPage": answer.next.is_some(), "endCursor": answer.next },
                        "nodes": answer.items.iter().map(graphql_node).collect::<Vec<_>>(),
                    }),
                );
            }
            data.insert(
                "rateLimit".into(),
                json!({ "cost": 1, "remaining": 4999, "resetAt": "2025-09-01T01:00:00Z" }),
            );
            json!({ "data": data })
        }
    }
    .to_string();
    if matches!(fault, Some(Fault::Truncated)) {
        body.truncate(body.len() / 2);
    }
    Delivery::Answered {
        status: 200,
        headers,
        body,
    }
}

fn rest_item(pr: &PrRecord) -> Value {
    json!({
        "number": pr.number,
        "title": pr.title,
        "html_url": format!("https://github.com/{}/pull/{}", pr.repo, pr.number),
        "repository_url": format!("https://api.github.com/repos/{}", pr.repo),
        "created_at": pr.created_at.to_string(),
        "closed_at": pr.closed_at.map(|t| t.to_string()),
        "draft": pr.draft,
        "user": { "login": pr.author, "type": if pr.author_kind == AuthorKind::Bot { "Bot" } else { "User" } },
        "author_association": pr.association,
        "pull_request": { "merged_at": pr.merged_at.map(|t| t.to_string()) },
    })
}

fn graphql_node(pr: &PrRecord) -> Value {
    let (login, typename) = match pr.author.strip_suffix("[bot]") {
        Some(bot) => (bot, "Bot"),
        None => (pr.author.as_str(), "User"),
    };
    json!({
        "number": pr.number,
        "title": pr.title,
        "createdAt": pr.created_at.to_string(),
        "mergedAt": pr.merged_at.map(|t| t.to_string()),
        "closedAt": pr.closed_at.map(|t| t.to_string()),
        "isDraft": pr.draft,
        "authorAssociation": pr.association,
        "author": { "login": login, "__typename": typename },
        "repository": { "nameWithOwner": pr.repo },
    })
}

/// Every count of every window equals the oracle's.
fn assert_oracle(fetch: &Fetch, records: &[PrRecord], windows: &[MetricWindow], name: &str) {
    let rows = values(fetch, windows);
    for (w, window) in windows.iter().enumerate() {
        for kind in Kind::ALL {
            let value = match kind {
                Kind::Opened => &rows[w].opened,
                Kind::Merged => &rows[w].merged,
                Kind::ClosedUnmerged => &rows[w].closed_unmerged,
            };
            assert_eq!(
                value.value().map(|t| t.value),
                Some(oracle(records, window, kind)),
                "{name}: window {w} {kind:?}"
            );
        }
    }
}

fn check(mode: Mode, cases: &[Case]) {
    let (records, windows) = fixture();
    let clean = drive(mode, &records, &windows, &[], None);
    assert_eq!(clean.end, Ok(()));
    let clean_requests = clean.engine.requests();
    for case in cases {
        let name = format!("{mode:?} {}", case.name);
        let run = drive(mode, &records, &windows, case.faults, case.gone_from);
        assert_eq!(run.waits, case.waits, "{name}: waits");
        match case.ends {
            Ends::Complete { extra_requests } => {
                assert_eq!(run.end, Ok(()), "{name}");
                assert_eq!(
                    run.engine.requests(),
                    clean_requests + extra_requests,
                    "{name}: requests"
                );
                assert_oracle(run.engine.fetch(), &records, &windows, &name);
            }
            Ends::Said(words) => {
                let error = run.end.expect_err(&name).to_string();
                assert!(error.contains(words), "{name}: “{error}”");
            }
        }
    }
}

const SECONDARY_FIVE_TIMES: [(usize, Fault); 5] = [
    (2, Fault::Secondary(403, Some(5))),
    (3, Fault::Secondary(403, Some(5))),
    (4, Fault::Secondary(429, Some(5))),
    (5, Fault::Secondary(403, Some(5))),
    (6, Fault::Secondary(403, Some(5))),
];

#[test]
fn rest_faults_end_with_the_oracles_figures_or_a_sentence() {
    use Fault::*;
    check(
        Mode::Anonymous,
        &[
            Case {
                name: "no fault",
                faults: &[],
                gone_from: None,
                waits: &[],
                ends: Ends::Complete { extra_requests: 0 },
            },
            Case {
                name: "500 once",
                faults: &[(2, Status(500))],
                gone_from: None,
                waits: &[(1000, "retry")],
                ends: Ends::Complete { extra_requests: 1 },
            },
            Case {
                name: "502 then 503",
                faults: &[(2, Status(502)), (3, Status(503))],
                gone_from: None,
                waits: &[(1000, "retry"), (2000, "retry")],
                ends: Ends::Complete { extra_requests: 2 },
            },
            Case {
                name: "four 503 in a row",
                faults: &[
                    (2, Status(503)),
                    (3, Status(503)),
                    (4, Status(503)),
                    (5, Status(503)),
                ],
                gone_from: None,
                waits: &[(1000, "retry"), (2000, "retry"), (4000, "retry")],
                ends: Ends::Said("GitHub answered with HTTP 503: Server Error"),
            },
            Case {
                name: "a dropped connection",
                faults: &[(4, Dropped)],
                gone_from: None,
                waits: &[(1000, "retry")],
                ends: Ends::Complete { extra_requests: 1 },
            },
            Case {
                name: "truncated JSON",
                faults: &[(1, Truncated)],
                gone_from: None,
                waits: &[(1000, "retry")],
                ends: Ends::Complete { extra_requests: 1 },
            },
            Case {
                name: "a body that cannot be read",
                faults: &[(3, Unreadable)],
                gone_from: None,
                waits: &[(1000, "retry")],
                ends: Ends::Complete { extra_requests: 1 },
            },
            Case {
                name: "a latency spike",
                faults: &[(2, Slow(40))],
                gone_from: None,
                waits: &[],
                ends: Ends::Complete { extra_requests: 0 },
            },
            Case {
                name: "403 secondary limit with retry-after",
                faults: &[(3, Secondary(403, Some(30)))],
                gone_from: None,
                waits: &[(30_000, "slow down")],
                ends: Ends::Complete { extra_requests: 1 },
            },
            Case {
                name: "429 secondary limit without retry-after, twice",
                faults: &[(3, Secondary(429, None)), (4, Secondary(429, None))],
                gone_from: None,
                waits: &[(60_000, "slow down"), (120_000, "slow down")],
                ends: Ends::Complete { extra_requests: 2 },
            },
            Case {
                name: "five secondary limits in a row",
                faults: &SECONDARY_FIVE_TIMES,
                gone_from: None,
                waits: &[
                    (5000, "slow down"),
                    (5000, "slow down"),
                    (5000, "slow down"),
                    (5000, "slow down"),
                ],
                ends: Ends::Said("GitHub asked us to slow down (secondary rate limit)"),
            },
            Case {
                name: "the primary limit used up",
                faults: &[(3, UsedUp(40))],
                gone_from: None,
                waits: &[(40_500, "used up")],
                ends: Ends::Complete { extra_requests: 1 },
            },
            Case {
                name: "the last search in the bucket",
                faults: &[(2, LastInBucket(20))],
                gone_from: None,
                waits: &[(20_500, "pacing")],
                ends: Ends::Complete { extra_requests: 0 },
            },
            Case {
                name: "422 unknown organisation",
                faults: &[(1, Unsearchable)],
                gone_from: None,
                waits: &[],
                ends: Ends::Said("GitHub refused the search: The listed users and repositories cannot be searched"),
            },
            Case {
                name: "incomplete_results",
                faults: &[(1, Incomplete)],
                gone_from: None,
                waits: &[],
                ends: Ends::Complete { extra_requests: 0 },
            },
            Case {
                name: "the network goes away",
                faults: &[],
                gone_from: Some(5),
                waits: &[(1000, "retry"), (2000, "retry"), (4000, "retry")],
                ends: Ends::Said("The GitHub API at https://api.github.com could not be reached (connection reset)"),
            },
        ],
    );
}

#[test]
fn graphql_faults_end_with_the_oracles_figures_or_a_sentence() {
    use Fault::*;
    check(
        Mode::Token,
        &[
            Case {
                name: "no fault",
                faults: &[],
                gone_from: None,
                waits: &[],
                ends: Ends::Complete { extra_requests: 0 },
            },
            Case {
                name: "502 once",
                faults: &[(1, Status(502))],
                gone_from: None,
                waits: &[(1000, "retry")],
                ends: Ends::Complete { extra_requests: 1 },
            },
            Case {
                name: "500 then 503",
                faults: &[(2, Status(500)), (3, Status(503))],
                gone_from: None,
                waits: &[(1000, "retry"), (2000, "retry")],
                ends: Ends::Complete { extra_requests: 2 },
            },
            Case {
                name: "a dropped connection",
                faults: &[(2, Dropped)],
                gone_from: None,
                waits: &[(1000, "retry")],
                ends: Ends::Complete { extra_requests: 1 },
            },
            Case {
                name: "truncated JSON",
                faults: &[(1, Truncated)],
                gone_from: None,
                waits: &[(1000, "retry")],
                ends: Ends::Complete { extra_requests: 1 },
            },
            Case {
                name: "a latency spike",
                faults: &[(1, Slow(9))],
                gone_from: None,
                waits: &[],
                ends: Ends::Complete { extra_requests: 0 },
            },
            Case {
                name: "403 secondary limit with retry-after",
                faults: &[(2, Secondary(403, Some(10)))],
                gone_from: None,
                waits: &[(10_000, "slow down")],
                ends: Ends::Complete { extra_requests: 1 },
            },
            Case {
                name: "429 secondary limit without retry-after",
                faults: &[(1, Secondary(429, None))],
                gone_from: None,
                waits: &[(60_000, "slow down")],
                ends: Ends::Complete { extra_requests: 1 },
            },
            Case {
                name: "GraphQL's limit used up",
                faults: &[(2, GraphqlLimited(90))],
                gone_from: None,
                waits: &[(90_500, "used up")],
                ends: Ends::Complete { extra_requests: 1 },
            },
            Case {
                name: "401 bad token",
                faults: &[(1, BadToken)],
                gone_from: None,
                waits: &[],
                ends: Ends::Said("GitHub did not accept the token (HTTP 401: Bad credentials)"),
            },
            Case {
                name: "422 unknown organisation",
                faults: &[(1, Unsearchable)],
                gone_from: None,
                waits: &[],
                ends: Ends::Said("GitHub refused the search: The listed users"),
            },
            Case {
                name: "the network goes away",
                faults: &[],
                gone_from: Some(2),
                waits: &[(1000, "retry"), (2000, "retry"), (4000, "retry")],
                ends: Ends::Said("could not be reached"),
            },
        ],
    );
}

#[test]
fn the_figures_known_before_a_failure_stay() {
    let (records, windows) = fixture();
    // Anonymous: the first three requests list the sprint (the headline).
    let run = drive(Mode::Anonymous, &records, &windows, &[], Some(4));
    assert!(run.end.is_err());
    let rows = values(run.engine.fetch(), &windows);
    assert_eq!(
        rows[0].opened.value().map(|t| t.value),
        Some(oracle(&records, &windows[0], Kind::Opened))
    );
}

#[test]
fn a_retry_after_an_unreadable_answer_bypasses_http_caches() {
    let (records, windows) = fixture();
    let run = drive(
        Mode::Anonymous,
        &records,
        &windows,
        &[(2, Fault::Truncated)],
        None,
    );
    assert_eq!(&run.fresh[..4], [false, false, true, false]);
}

#[test]
fn complete_settled_answers_are_kept_and_incomplete_ones_are_not() {
    let (records, windows) = fixture();
    let clean = drive(Mode::Anonymous, &records, &windows, &[], None);
    assert_eq!(clean.kept, clean.answers);
    let flagged = drive(
        Mode::Anonymous,
        &records,
        &windows,
        &[(1, Fault::Incomplete)],
        None,
    );
    assert_eq!(flagged.kept, flagged.answers - 1);
}

#[test]
fn nothing_about_an_ongoing_sprint_is_kept() {
    let (records, windows) = fixture();
    let utc = windows.iter().map(|w| w.utc).collect();
    let fetch = Fetch::new(Mode::Token, &Scope::org("python"), Filters::none(), utc);
    let mut engine = LoadEngine::new(fetch, ApiBase::github());
    // The sprint's last day, 2025-05-22 in New York.
    let during: Timestamp = "2025-05-22T18:00:00Z".parse().expect("instant");
    let Step::Send(request) = engine.poll(during) else {
        panic!("the first poll sends");
    };
    let delivery = github(&records, engine.fetch(), &request, None, during);
    let received = engine.receive(&request, &delivery, during);
    assert_eq!(received.len(), request.asks.len());
    let kept: Vec<_> = received.iter().filter(|r| r.settled).collect();
    assert!(kept.iter().all(|r| r.ask.covers_until < during));
    assert!(kept.len() < received.len());
}

/// A permutation of `items` from `seed` (xorshift; no dependency).
fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for i in (1..items.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        items.swap(i, (*seed % (i as u64 + 1)) as usize);
    }
}

#[test]
fn the_same_answers_in_any_order_give_the_same_figures() {
    let (records, windows) = fixture();
    for mode in [Mode::Anonymous, Mode::Token] {
        let reference = drive(mode, &records, &windows, &[], None);
        let expected = values(reference.engine.fetch(), &windows);
        for mut seed in [1u64, 7, 99, 12345, 0xdead_beef] {
            let utc = windows.iter().map(|w| w.utc).collect();
            let mut fetch = Fetch::new(mode, &Scope::org("python"), Filters::none(), utc);
            for _ in 0..10_000 {
                let mut ready = fetch.ready();
                if ready.is_empty() {
                    break;
                }
                shuffle(&mut ready, &mut seed);
                // Answer a random part of what is ready, in random order,
                // some twice, so dependent asks interleave differently.
                let take = 1 + (seed as usize % ready.len());
                for ask in &ready[..take] {
                    let answer = true_answer(&records, &fetch, ask);
                    fetch.answer(ask, answer.clone());
                    if seed % 3 == 0 {
                        fetch.answer(ask, answer);
                    }
                }
            }
            assert!(fetch.is_done(), "{mode:?} seed {seed}");
            assert_eq!(values(&fetch, &windows), expected, "{mode:?} seed {seed}");
        }
    }
}

#[test]
fn a_plan_made_with_a_token_can_be_asked_over_rest() {
    let (records, windows) = fixture();
    let run = drive_over(Mode::Token, Mode::Anonymous, &records, &windows, &[], None);
    assert_eq!(run.end, Ok(()));
    assert_oracle(
        run.engine.fetch(),
        &records,
        &windows,
        "token plan over REST",
    );
    // One ask per request, as REST answers them.
    assert_eq!(run.engine.requests(), run.answers);
    let token = drive(Mode::Token, &records, &windows, &[], None);
    assert_eq!(
        values(run.engine.fetch(), &windows),
        values(token.engine.fetch(), &windows)
    );
}

/// Hostile or confused servers (and clocks): every load still ends, the
/// same request never goes out again without a wait of a second or more,
/// and a wait over an hour is said rather than waited.
#[test]
fn hostile_limits_end_with_a_wait_or_a_sentence() {
    use Fault::*;
    const USED_UP_IN_THE_PAST: [(usize, Fault); 6] = [
        (2, UsedUp(-30)),
        (3, UsedUp(-30)),
        (4, UsedUp(-30)),
        (5, UsedUp(-30)),
        (6, UsedUp(-30)),
        (7, UsedUp(-30)),
    ];
    for mode in [Mode::Anonymous, Mode::Token] {
        check(
            mode,
            &[
                Case {
                    // The visitor's clock runs ahead of GitHub's: the reset
                    // it names already looks past.
                    name: "a used-up limit whose reset looks past",
                    faults: &[(2, UsedUp(-30))],
                    gone_from: None,
                    waits: &[(60_000, "used up")],
                    ends: Ends::Complete { extra_requests: 1 },
                },
                Case {
                    name: "retry-after: 0",
                    faults: &[(2, Secondary(429, Some(0)))],
                    gone_from: None,
                    waits: &[(1000, "slow down")],
                    ends: Ends::Complete { extra_requests: 1 },
                },
                Case {
                    name: "a reset two hours away",
                    faults: &[(2, UsedUp(7200))],
                    gone_from: None,
                    waits: &[],
                    ends: Ends::Said("over an hour, so the load stops here"),
                },
                Case {
                    name: "retry-after of a day",
                    faults: &[(2, Secondary(403, Some(86_400)))],
                    gone_from: None,
                    waits: &[],
                    ends: Ends::Said("over an hour"),
                },
                Case {
                    name: "the bucket empties until next week",
                    faults: &[(2, LastInBucket(7 * 86_400))],
                    gone_from: None,
                    waits: &[],
                    ends: Ends::Said("over an hour"),
                },
                Case {
                    name: "a limit that never refills",
                    faults: &USED_UP_IN_THE_PAST,
                    gone_from: None,
                    waits: &[(60_000, "used up"); 5],
                    ends: Ends::Said("rate limit is used up"),
                },
            ],
        );
    }
}

/// A listing whose next page is itself is stopped with a sentence (the
/// figures known stay); one that never ends stops at the tenth page.
#[test]
fn a_listing_that_goes_round_in_a_circle_is_stopped() {
    let (records, windows) = fixture();
    for (name, itself) in [("itself", true), ("always more", false)] {
        let utc = windows.iter().map(|w| w.utc).collect();
        let fetch = Fetch::new(Mode::Token, &Scope::org("python"), Filters::none(), utc);
        let mut engine = LoadEngine::new(fetch, ApiBase::github());
        let mut now = start();
        let mut counter = 0;
        let end = loop {
            match engine.poll(now) {
                Step::Send(request) => {
                    now = seconds_later(now, 1);
                    let good = github(&records, engine.fetch(), &request, None, now);
                    let Delivery::Answered {
                        status,
                        headers,
                        body,
                    } = good
                    else {
                        unreachable!()
                    };
                    // Every page says there is another: the page asked for
                    // again, or a new cursor each time.
                    let mut value: Value = serde_json::from_str(&body).unwrap();
                    for (i, ask) in request.asks.iter().enumerate() {
                        if ask.listing.is_none() {
                            continue;
                        }
                        counter += 1;
                        // Cursors are page numbers to the fake GitHub.
                        let cursor = match &ask.listing {
                            Some(page) if itself => page.cursor.clone().unwrap_or("2".into()),
                            _ => (100 + counter).to_string(),
                        };
                        let info = &mut value["data"][format!("s{i}")]["pageInfo"];
                        *info = json!({ "hasNextPage": true, "endCursor": cursor });
                    }
                    let delivery = Delivery::Answered {
                        status,
                        headers,
                        body: value.to_string(),
                    };
                    engine.receive(&request, &delivery, now);
                }
                Step::Wait { until, .. } => now = until,
                Step::Done => break Ok(()),
                Step::Failed(error) => break Err(error),
            }
            assert!(engine.requests() < 1000, "{name}: runaway");
        };
        if itself {
            let error = end.expect_err(name).to_string();
            assert!(
                error.contains("led back to a page already read"),
                "{name}: {error}"
            );
        } else {
            // Past ten pages a listing ends there, its count possibly low.
            assert_eq!(end, Ok(()), "{name}");
            assert!(engine.requests() < 200, "{name}: {}", engine.requests());
        }
    }
}

/// However the answers go, a load sends at most its budget of requests,
/// and the budget holds every real load with room (the fault matrix's
/// loads, the largest, use a fraction of it).
#[test]
fn the_request_budget_stops_a_runaway_and_holds_every_real_load() {
    let (records, windows) = fixture();
    let clean = drive(Mode::Anonymous, &records, &windows, &[], None);
    assert!(
        clean.engine.requests() * 10 < clean.engine.budget(),
        "{} requests, budget {}",
        clean.engine.requests(),
        clean.engine.budget()
    );
    // A server that answers every request with a transient failure after a
    // good one keeps the load going as long as it may: the budget ends it.
    let utc = windows.iter().map(|w| w.utc).collect();
    let fetch = Fetch::new(Mode::Anonymous, &Scope::org("python"), Filters::none(), utc);
    let mut engine = LoadEngine::new(fetch, ApiBase::github());
    let budget = engine.budget();
    let mut now = start();
    let end = loop {
        match engine.poll(now) {
            Step::Send(request) => {
                now = seconds_later(now, 1);
                // Every count is a new, ever larger total: the listings
                // split and split again.
                let body = json!({ "total_count": 2_000_000_000u64, "incomplete_results": false, "items": [] });
                let delivery = Delivery::Answered {
                    status: 200,
                    headers: vec![],
                    body: body.to_string(),
                };
                engine.receive(&request, &delivery, now);
            }
            Step::Wait { until, .. } => now = until,
            Step::Done => break Ok(()),
            Step::Failed(error) => break Err(error),
        }
        assert!(engine.requests() <= budget, "past the budget");
    };
    let error = end.expect_err("a runaway").to_string();
    assert!(error.contains("more than this view can need"), "{error}");
}
