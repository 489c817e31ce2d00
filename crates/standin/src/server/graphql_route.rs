//! `POST /graphql`: GitHub's GraphQL endpoint, its authentication and
//! point budget.

use super::*;

pub(super) async fn graphql_endpoint(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let number = state.graphql_requests.fetch_add(1, Ordering::SeqCst) + 1;
    let token = match client_of(&state.config, &headers) {
        Client::Token(token) => token,
        Client::Anonymous => {
            let body = json!({ "message": "Requires authentication", "documentation_url": "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql" });
            return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
        }
        Client::BadCredentials => {
            let body = json!({ "message": "Bad credentials", "documentation_url": "https://docs.github.com/graphql" });
            return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
        }
    };
    state.delay().await;
    let fault = state.fault_for(Route::Graphql, number);
    if let Some(Fault::Delay(extra)) = fault {
        tokio::time::sleep(extra).await;
    }
    if let Some(response) = fault_answer(fault.as_ref()) {
        return response;
    }
    let Ok(request) = serde_json::from_str::<async_graphql::Request>(&body) else {
        let body = json!({ "message": "Problems parsing JSON", "documentation_url": "https://docs.github.com/graphql" });
        return (StatusCode::BAD_REQUEST, Json(body)).into_response();
    };
    let cost = match async_graphql::parser::parse_query(&request.query) {
        Ok(document) => graphql::cost(&document, &request.variables),
        // Execution reports the syntax error in GraphQL's own shape.
        Err(_) => 1,
    };
    let hour = state.config.minute * 60;
    let (quota, allowed) = state.take("graphql", &token, GRAPHQL_POINTS_PER_HOUR, cost, hour);
    let mut response = if allowed {
        let rate = RateLimit {
            cost: cost as i32,
            limit: quota.limit as i32,
            node_count: (cost * 100) as i32,
            remaining: quota.limit.saturating_sub(quota.used) as i32,
            reset_at: graphql::DateTime(
                jiff::Timestamp::from_second(quota.reset as i64)
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
            ),
            used: quota.used as i32,
        };
        let answer = state.schema.execute(request.data(rate)).await;
        let text = serde_json::to_string(&answer).unwrap_or_default();
        let mut response = Response::new(body_with_fault(text, fault.as_ref()));
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        response
    } else {
        // Over the points limit GitHub still answers 200, with an error.
        let body = json!({ "errors": [{ "type": "RATE_LIMITED", "message": "API rate limit already exceeded for user ID 1." }] });
        (StatusCode::OK, Json(body)).into_response()
    };
    quota.write_headers(response.headers_mut(), allowed);
    response
}
