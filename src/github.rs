//! The browser's HTTP client for GitHub: it performs the requests the load
//! engine (`core::load_engine`) asks for, with gloo-net, and hands back
//! what came: status, the headers the engine reads, the body. It decides
//! nothing about GitHub's behaviour; it alone puts the token on a request.

use gloo_net::http::{Request, RequestBuilder};
use sprintlift_core::github_exchange::{Delivery, HttpRequest, Method, HEADERS_READ};
use web_sys::AbortSignal;

/// A client sending requests with or without a token.
#[derive(Clone)]
pub struct Client {
    token: Option<String>,
}

impl Client {
    pub fn new(token: Option<String>) -> Client {
        Client { token }
    }

    fn builder(&self, request: &HttpRequest, signal: &AbortSignal) -> RequestBuilder {
        let mut builder = match request.method {
            Method::Get => Request::get(&request.url),
            Method::Post => Request::post(&request.url),
        };
        if request.fresh {
            builder = builder.cache(web_sys::RequestCache::Reload);
        }
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if let Some(token) = &self.token {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        builder.abort_signal(Some(signal))
    }

    /// Sends `request`; `None` when it was cancelled (the view changed).
    pub async fn send(&self, request: &HttpRequest, signal: &AbortSignal) -> Option<Delivery> {
        let builder = self.builder(request, signal);
        let sent = match &request.body {
            Some(body) => match builder.body(body.clone()) {
                Ok(request) => request.send().await,
                Err(error) => return Some(Delivery::Unreachable(error.to_string())),
            },
            None => builder.send().await,
        };
        let response = match sent {
            Ok(response) => response,
            Err(_) if signal.aborted() => return None,
            Err(error) => return Some(Delivery::Unreachable(error.to_string())),
        };
        let status = response.status();
        let headers = HEADERS_READ
            .iter()
            .filter_map(|name| Some((name.to_string(), response.headers().get(name)?)))
            .collect();
        match response.text().await {
            Ok(body) => Some(Delivery::Answered {
                status,
                headers,
                body,
            }),
            Err(_) if signal.aborted() => None,
            Err(error) => Some(Delivery::Unreadable(error.to_string())),
        }
    }
}
