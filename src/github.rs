//! The browser's HTTP client for GitHub: it performs the requests the load
//! engine (`core::load_engine`) asks for, with gloo-net, and hands back
//! what came: status, the headers the engine reads, the body. It decides
//! nothing about GitHub's behaviour; it alone puts the token on a request.

use gloo_net::http::{Request, RequestBuilder};
use sprintlift_core::github_exchange::{
    no_answer_in_time, Delivery, HttpRequest, Method, DEADLINE_SECONDS, HEADERS_READ,
};
use web_sys::{AbortSignal, RequestRedirect};

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
        // The API never redirects a search; a redirect is an error here,
        // as in the bake, so nothing is sent on to another host.
        builder
            .abort_signal(Some(signal))
            .redirect(RequestRedirect::Error)
    }

    /// Sends `request`; `None` when it was cancelled (the view changed).
    /// An answer that has not come within the core's deadline is given up
    /// as no answer, which the engine retries or says by its rules.
    pub async fn send(&self, request: &HttpRequest, view: &AbortSignal) -> Option<Delivery> {
        // AbortSignal.any and .timeout came in 2023-24 (Safari 17.4): a
        // browser without them sends with the view's signal alone, and no
        // deadline, rather than throw and stop the load.
        let deadline =
            deadline_supported().then(|| AbortSignal::timeout_with_u32(DEADLINE_SECONDS * 1000));
        let signal = match &deadline {
            Some(deadline) => AbortSignal::any(&js_sys::Array::of2(view, deadline)),
            None => view.clone(),
        };
        let late = || {
            deadline
                .as_ref()
                .is_some_and(AbortSignal::aborted)
                .then(|| Delivery::Unreachable(no_answer_in_time()))
        };
        let builder = self.builder(request, &signal);
        let sent = match &request.body {
            Some(body) => match builder.body(body.clone()) {
                Ok(request) => request.send().await,
                Err(error) => return Some(Delivery::Unreachable(error.to_string())),
            },
            None => builder.send().await,
        };
        let response = match sent {
            Ok(response) => response,
            Err(_) if view.aborted() => return None,
            Err(error) => return Some(late().unwrap_or(Delivery::Unreachable(error.to_string()))),
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
            Err(_) if view.aborted() => None,
            Err(error) => Some(late().unwrap_or(Delivery::Unreadable(error.to_string()))),
        }
    }
}

/// Whether this browser has `AbortSignal.any` and `AbortSignal.timeout`.
fn deadline_supported() -> bool {
    let class = js_sys::Reflect::get(&js_sys::global(), &"AbortSignal".into());
    class.is_ok_and(|class| {
        ["any", "timeout"]
            .iter()
            .all(|name| js_sys::Reflect::has(&class, &(*name).into()).unwrap_or(false))
    })
}
