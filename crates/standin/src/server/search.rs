//! `GET /search/issues`: the REST search, its pages and `Link` header,
//! and the JSON of an issue and its user.

use super::*;

pub(super) const MAX_REACHABLE: usize = 1000;

pub(super) async fn search_issues(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let number = state.search_requests.fetch_add(1, Ordering::SeqCst) + 1;
    let client = client_of(&state.config, &headers);
    if let Client::BadCredentials = client {
        let body = json!({ "message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401" });
        return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    }
    state.delay().await;
    let fault = state.fault_for(Route::Search, number);
    if let Some(Fault::Delay(extra)) = fault {
        tokio::time::sleep(extra).await;
    }
    let limit = match client {
        Client::Anonymous | Client::BadCredentials => state.config.search_per_minute_anonymous,
        Client::Token(_) => state.config.search_per_minute_token,
    };
    let (quota, allowed) = state.take("search", &client.key(), limit, 1, state.config.minute);
    let mut response = match fault_answer(fault.as_ref()) {
        Some(response) => response,
        None if !allowed => error(
            StatusCode::FORBIDDEN,
            "API rate limit exceeded for search. (But here's the good news: Authenticated requests get a higher rate limit.)",
            None,
        ),
        None => search_answer(&state, &headers, &params, fault.as_ref()),
    };
    quota.write_headers(response.headers_mut(), allowed);
    response
}

pub(super) fn search_answer(
    state: &AppState,
    headers: &HeaderMap,
    params: &HashMap<String, String>,
    fault: Option<&Fault>,
) -> Response {
    let q = params.get("q").map(String::as_str).unwrap_or_default();
    if q.trim().is_empty() {
        return validation_failed("q", "missing");
    }
    let search = match query::parse(q) {
        Ok(search) => search,
        Err(e) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Validation Failed",
                Some(e.to_string()),
            )
        }
    };
    if let Some(message) = search.unknown_scope(&state.data) {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Validation Failed",
            Some(message.to_string()),
        );
    }
    let per_page = match params.get("per_page").map(|p| p.parse::<usize>()) {
        None => 30,
        Some(Ok(n)) => n.clamp(1, 100),
        Some(Err(_)) => return validation_failed("per_page", "invalid"),
    };
    let page = match params.get("page").map(|p| p.parse::<usize>()) {
        None => 1,
        Some(Ok(n)) => n.max(1),
        Some(Err(_)) => return validation_failed("page", "invalid"),
    };
    let matches: Vec<&PullRequest> = state
        .data
        .prs
        .iter()
        .filter(|pr| search.matches(pr))
        .collect();
    let first = (page - 1) * per_page;
    if first + per_page > MAX_REACHABLE && first < matches.len() {
        return error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Only the first 1000 search results are available",
            None,
        );
    }
    let items: Vec<Value> = matches
        .iter()
        .skip(first)
        .take(per_page)
        .map(|pr| item_json(pr))
        .collect();
    let reachable = matches.len().min(MAX_REACHABLE);
    let last_page = reachable.div_ceil(per_page).max(1);
    let body = json!({
        "total_count": matches.len(),
        "incomplete_results": matches!(fault, Some(Fault::Incomplete)),
        "search_type": "lexical",
        "items": items,
    })
    .to_string();
    let etag = format!("W/\"{:016x}\"", stable_id(&body, 7));
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(value) = HeaderValue::from_str(&etag) {
            response.headers_mut().insert(header::ETAG, value);
        }
        return response;
    }
    let mut response = Response::new(body_with_fault(body, fault));
    let headers_out = response.headers_mut();
    headers_out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers_out.insert(header::ETAG, value);
    }
    if let Some(link) = link_header(headers, q, per_page, page, last_page) {
        if let Ok(value) = HeaderValue::from_str(&link) {
            headers_out.insert(header::LINK, value);
        }
    }
    response
}

pub(super) fn link_header(
    headers: &HeaderMap,
    q: &str,
    per_page: usize,
    page: usize,
    last: usize,
) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let url = |n: usize| {
        format!(
            "<http://{host}/search/issues?q={}&per_page={per_page}&page={n}>",
            encode(q)
        )
    };
    let mut links = Vec::new();
    if page > 1 {
        links.push(format!("{}; rel=\"prev\"", url(page - 1)));
        links.push(format!("{}; rel=\"first\"", url(1)));
    }
    if page < last {
        links.push(format!("{}; rel=\"next\"", url(page + 1)));
        links.push(format!("{}; rel=\"last\"", url(last)));
    }
    (!links.is_empty()).then(|| links.join(", "))
}

pub(super) fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b':' | b'/' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A PR as `/search/issues` returns it (issue-search-result-item).
pub(super) fn item_json(pr: &PullRequest) -> Value {
    let api = "https://api.github.com";
    let repo = pr.full_name();
    let issue_url = format!("{api}/repos/{repo}/issues/{}", pr.number);
    let html_url = format!("https://github.com/{repo}/pull/{}", pr.number);
    let id = stable_id(&repo, pr.number);
    let time = |t: Option<jiff::Timestamp>| t.map(|t| t.to_string());
    let updated = pr.closed_at.unwrap_or(pr.created_at);
    json!({
        "url": issue_url,
        "repository_url": format!("{api}/repos/{repo}"),
        "labels_url": format!("{issue_url}/labels{{/name}}"),
        "comments_url": format!("{issue_url}/comments"),
        "events_url": format!("{issue_url}/events"),
        "html_url": html_url,
        "id": id,
        "node_id": format!("PR_kw{id:x}"),
        "number": pr.number,
        "title": pr.title,
        "user": user_json(&pr.author, pr.author_kind),
        "labels": [],
        "state": if pr.closed_at.is_some() { "closed" } else { "open" },
        "locked": false,
        "assignee": null,
        "assignees": [],
        "milestone": null,
        "comments": 0,
        "created_at": pr.created_at.to_string(),
        "updated_at": updated.to_string(),
        "closed_at": time(pr.closed_at),
        "author_association": pr.author_association,
        "draft": pr.draft,
        "score": 1.0,
        "pull_request": {
            "url": format!("{api}/repos/{repo}/pulls/{}", pr.number),
            "html_url": html_url,
            "diff_url": format!("{html_url}.diff"),
            "patch_url": format!("{html_url}.patch"),
            "merged_at": time(pr.merged_at),
        },
    })
}

pub(super) fn user_json(login: &str, kind: AuthorKind) -> Value {
    let api = "https://api.github.com";
    let id = stable_id(login, 0);
    let name = login;
    // In URLs a bot's login is percent-encoded: dependabot%5Bbot%5D.
    let login = &login.replace('[', "%5B").replace(']', "%5D");
    json!({
        "login": name,
        "id": id,
        "node_id": format!("U_kg{id:x}"),
        "avatar_url": format!("https://avatars.githubusercontent.com/u/{id}?v=4"),
        "gravatar_id": "",
        "url": format!("{api}/users/{login}"),
        "html_url": format!("https://github.com/{login}"),
        "followers_url": format!("{api}/users/{login}/followers"),
        "following_url": format!("{api}/users/{login}/following{{/other_user}}"),
        "gists_url": format!("{api}/users/{login}/gists{{/gist_id}}"),
        "starred_url": format!("{api}/users/{login}/starred{{/owner}}{{/repo}}"),
        "subscriptions_url": format!("{api}/users/{login}/subscriptions"),
        "organizations_url": format!("{api}/users/{login}/orgs"),
        "repos_url": format!("{api}/users/{login}/repos"),
        "events_url": format!("{api}/users/{login}/events{{/privacy}}"),
        "received_events_url": format!("{api}/users/{login}/received_events"),
        "type": match kind { AuthorKind::User => "User", AuthorKind::Bot => "Bot" },
        "site_admin": false,
    })
}

/// A deterministic numeric id (FNV-1a), so answers are identical across runs.
pub(super) fn stable_id(text: &str, salt: u64) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash >> 20) + salt
}
