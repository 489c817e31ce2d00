//! GitHub's error bodies.

use super::*;

pub(super) fn validation_failed(field: &str, code: &str) -> Response {
    let body = json!({
        "message": "Validation Failed",
        "errors": [{ "resource": "Search", "field": field, "code": code }],
        "documentation_url": "https://docs.github.com/v3/search",
        "status": "422",
    });
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

/// GitHub's error shape: a message, the validation errors, a docs link.
pub(super) fn error(status: StatusCode, message: &str, detail: Option<String>) -> Response {
    let mut body = json!({
        "message": message,
        "documentation_url": "https://docs.github.com/v3/search/",
        "status": status.as_u16().to_string(),
    });
    if let Some(detail) = detail {
        body["errors"] =
            json!([{ "message": detail, "resource": "Search", "field": "q", "code": "invalid" }]);
    }
    (status, Json(body)).into_response()
}
