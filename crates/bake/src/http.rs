//! The bake's HTTP client: performs the requests the load engine asks for,
//! with ureq, and hands back status, the headers the engine reads and the
//! body. It decides nothing about GitHub; it alone holds the token, and
//! puts it only on requests to the API base it was given.

use sprintlift_core::api_base::ApiBase;
use sprintlift_core::github_exchange::{
    Delivery, HttpRequest, Method, DEADLINE_SECONDS, HEADERS_READ,
};
use std::time::Duration;

/// GitHub times out slow searches after about 10 s; the core's deadline
/// covers a slow network on top, the same as the page's.
const TIMEOUT: Duration = Duration::from_secs(DEADLINE_SECONDS as u64);

pub struct Http {
    agent: ureq::Agent,
    /// `https://api.github.com/`, `https://HOST/` for Enterprise Server
    /// (whose GraphQL endpoint is beside its REST base, not under it): the
    /// token goes only to URLs under the API's origin.
    api_origin: String,
    token: Option<String>,
}

/// `scheme://host[:port]/` of an API base.
fn origin_of(api: &ApiBase) -> String {
    let text = api.as_str();
    let after_scheme = text.find("://").map_or(0, |i| i + 3);
    let end = text[after_scheme..]
        .find('/')
        .map_or(text.len(), |i| after_scheme + i);
    format!("{}/", &text[..end])
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
            api_origin: origin_of(api),
            token,
        }
    }

    pub fn send(&self, request: &HttpRequest) -> Delivery {
        let authorization = self
            .token
            .as_ref()
            .filter(|_| request.url.starts_with(&self.api_origin))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_goes_to_the_api_s_origin_only() {
        let cases = [
            ("https://api.github.com", "https://api.github.com/"),
            ("https://git.example.com/api/v3", "https://git.example.com/"),
            ("http://127.0.0.1:8081", "http://127.0.0.1:8081/"),
        ];
        for (api, origin) in cases {
            let api = ApiBase::parse(api).expect("api");
            assert_eq!(origin_of(&api), origin);
        }
        let api = ApiBase::parse("https://git.example.com/api/v3").expect("api");
        let graphql = sprintlift_core::github_exchange::graphql_url(&api);
        assert!(graphql.starts_with(&origin_of(&api)), "{graphql}");
        // A look-alike host does not match.
        assert!(!"https://git.example.com.evil.test/api/graphql".starts_with(&origin_of(&api)));
    }
}
