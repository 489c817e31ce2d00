//! Faults a test configures: answers replaced by errors, bodies cut.

use super::*;

/// The answer's body, cut in half or cut off when a fault says so.
pub(super) fn body_with_fault(body: String, fault: Option<&Fault>) -> Body {
    match fault {
        Some(Fault::TruncatedJson) => Body::from(body[..body.len() / 2].to_string()),
        Some(Fault::Drop) => Body::from_stream(futures_util::stream::once(async {
            Err::<String, std::io::Error>(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "fault: dropped",
            ))
        })),
        _ => Body::from(body),
    }
}

impl AppState {
    pub(super) fn fault_for(&self, route: Route, number: u64) -> Option<Fault> {
        self.config
            .faults
            .iter()
            .find(|f| (f.route == route || f.route == Route::Any) && f.requests.contains(&number))
            .map(|f| f.fault.clone())
    }
}

/// A fault that replaces the whole answer with an error, if it is one.
pub(super) fn fault_answer(fault: Option<&Fault>) -> Option<Response> {
    match fault {
        Some(Fault::Status(code)) => {
            let status = StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            Some(error(
                status,
                status.canonical_reason().unwrap_or("Server Error"),
                None,
            ))
        }
        Some(
            fault
            @ (Fault::SecondaryLimit { retry_after } | Fault::TooManyRequests { retry_after }),
        ) => {
            let status = match fault {
                Fault::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::FORBIDDEN,
            };
            let mut r = error(
                status,
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                None,
            );
            if let Some(seconds) = retry_after {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(*seconds));
            }
            Some(r)
        }
        Some(Fault::Redirect(location)) => {
            let mut r = StatusCode::FOUND.into_response();
            if let Ok(value) = HeaderValue::from_str(location) {
                r.headers_mut().insert(header::LOCATION, value);
            }
            Some(r)
        }
        _ => None,
    }
}
