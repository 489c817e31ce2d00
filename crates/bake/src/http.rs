//! The bake's HTTP client: performs the requests the load engine asks for,
//! with ureq, and hands back status, the headers the engine reads and the
//! body. It decides nothing about GitHub; it alone holds the token, and
//! puts it only on requests to the API base it was given.

use sprintlift_core::api_base::ApiBase;
use sprintlift_core::github_exchange::{Delivery, HttpRequest, Method, HEADERS_READ};
use std::time::Duration;

/// GitHub times out slow searches after about 10 s; a minute covers a
/// slow network on top.
const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Http {
    agent: ureq::Agent,
    /// `https://api.github.com/`: the token goes only to URLs under it.
    api_prefix: String,
    token: Option<String>,
}

impl Http {
    pub fn new(api: &ApiBase, token: Option<String>) -> Http {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            // Error statuses are answers the engine reads, not failures.
            .http_status_as_error(false)
            // The search API does not redirect; a redirect is an answer to
            // read, never a reason to send the token elsewhere.
            .max_redirects(0)
            .timeout_global(Some(TIMEOUT))
            .user_agent("sprintlift-bake")
            .build()
            .into();
        Http {
            agent,
            api_prefix: format!("{}/", api.as_str()),
            token,
        }
    }

    pub fn send(&self, request: &HttpRequest) -> Delivery {
        let authorization = self
            .token
            .as_ref()
            .filter(|_| request.url.starts_with(&self.api_prefix))
            .map(|token| format!("Bearer {token}"));
        let sent = match request.method {
            Method::Get => {
                let mut builder = self.agent.get(&request.url);
                for (name, value) in &request.headers {
                    builder = builder.header(*name, *value);
                }
                if let Some(value) = &authorization {
                    builder = builder.header("Authorization", value);
                }
                builder.call()
            }
            Method::Post => {
                let mut builder = self.agent.post(&request.url);
                for (name, value) in &request.headers {
                    builder = builder.header(*name, *value);
                }
                if let Some(value) = &authorization {
                    builder = builder.header("Authorization", value);
                }
                builder.send(request.body.as_deref().unwrap_or_default())
            }
        };
        let mut response = match sent {
            Ok(response) => response,
            Err(error) => return Delivery::Unreachable(error.to_string()),
        };
        let status = response.status().as_u16();
        let headers = HEADERS_READ
            .iter()
            .filter_map(|name| {
                let value = response.headers().get(*name)?.to_str().ok()?;
                Some((name.to_string(), value.to_string()))
            })
            .collect();
        match response.body_mut().read_to_string() {
            Ok(body) => Delivery::Answered {
                status,
                headers,
                body,
            },
            Err(error) => Delivery::Unreadable(error.to_string()),
        }
    }
}
