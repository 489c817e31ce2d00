//! The GitHub client. Only this module knows GitHub's JSON shapes, its
//! headers and (later) the token.

use gloo_net::http::Request;
use serde::Deserialize;
use sprintlift_core::api_base::ApiBase;
use sprintlift_core::search_query::rest_count_url;

/// The part of a `/search/issues` answer a count needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchCount {
    pub total: u64,
    /// GitHub's search timed out: the count may be low.
    pub incomplete: bool,
}

/// Everything that can go wrong between the app and GitHub, as the sentence
/// the user reads. Messages never contain a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GithubError {
    #[error("The GitHub API at {api} could not be reached ({detail}). Check the address and your connection, then reload.")]
    Network { api: String, detail: String },
    #[error("GitHub refused the search: {message}")]
    Unsearchable { message: String },
    #[error("GitHub's search rate limit is used up for now: {message}")]
    RateLimited { message: String },
    #[error("GitHub answered with HTTP {status}: {message}")]
    Status { status: u16, message: String },
    #[error("GitHub's answer could not be read ({0}).")]
    Malformed(String),
}

#[derive(Deserialize)]
struct SearchPage {
    total_count: u64,
    incomplete_results: bool,
}

/// GitHub's error shape. The useful detail of a 422 ("the listed users and
/// repositories cannot be searched…") is in `errors[].message`; the top-level
/// message only says "Validation Failed".
#[derive(Deserialize)]
struct ErrorBody {
    message: String,
    #[serde(default)]
    errors: Vec<ErrorDetail>,
}

#[derive(Deserialize)]
struct ErrorDetail {
    message: Option<String>,
}

impl ErrorBody {
    fn sentence(self) -> String {
        let details: Vec<String> = self.errors.into_iter().filter_map(|e| e.message).collect();
        if details.is_empty() {
            self.message
        } else {
            details.join(" ")
        }
    }
}

/// Counts the results of a search query with one request.
pub async fn count(api: &ApiBase, query: &str) -> Result<SearchCount, GithubError> {
    let url = rest_count_url(api, query);
    let response = Request::get(&url)
        .header("Accept", "application/vnd.github+json")
        .send()
        .await
        .map_err(|e| GithubError::Network {
            api: api.as_str().to_string(),
            detail: e.to_string(),
        })?;
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|e| GithubError::Malformed(e.to_string()))?;
    if status != 200 {
        let message = serde_json::from_str::<ErrorBody>(&body)
            .map(ErrorBody::sentence)
            .unwrap_or_else(|_| format!("an unreadable error body of {} bytes", body.len()));
        return Err(match status {
            422 => GithubError::Unsearchable { message },
            403 | 429 => GithubError::RateLimited { message },
            _ => GithubError::Status { status, message },
        });
    }
    let page: SearchPage =
        serde_json::from_str(&body).map_err(|e| GithubError::Malformed(e.to_string()))?;
    Ok(SearchCount {
        total: page.total_count,
        incomplete: page.incomplete_results,
    })
}
