//! Who is asking and how much they may: clients by their token, and the
//! rate-limit windows and headers of each resource.

use super::*;

/// One rate-limit window of one client (a token, or everyone anonymous).
#[derive(Debug, Clone, Copy)]
pub(super) struct Bucket {
    started: Instant,
    used: u32,
}

/// The rate-limit state an answer reports in its `x-ratelimit-*` headers.
#[derive(Debug, Clone, Copy)]
pub(super) struct Quota {
    pub(super) resource: &'static str,
    pub(super) limit: u32,
    pub(super) used: u32,
    /// Epoch seconds at which the window resets.
    pub(super) reset: u64,
}

/// GraphQL points per hour with a token, as on GitHub.
pub(super) const GRAPHQL_POINTS_PER_HOUR: u32 = 5000;

/// Who is asking: anonymous, an accepted token, or a token the stand-in
/// does not accept (answered 401, as GitHub answers a bad one).
pub(super) enum Client {
    Anonymous,
    Token(String),
    BadCredentials,
}

impl Client {
    pub(super) fn key(&self) -> String {
        match self {
            Client::Anonymous | Client::BadCredentials => "anonymous".to_string(),
            Client::Token(token) => format!("token:{token}"),
        }
    }
}

pub(super) fn client_of(config: &Config, headers: &HeaderMap) -> Client {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Client::Anonymous;
    };
    let text = value.to_str().unwrap_or_default();
    let token = text
        .strip_prefix("Bearer ")
        .or_else(|| text.strip_prefix("token "))
        .unwrap_or_default();
    if config.tokens.iter().any(|t| t == token) {
        Client::Token(token.to_string())
    } else {
        Client::BadCredentials
    }
}

impl AppState {
    pub(super) async fn delay(&self) {
        let jitter = self.config.jitter.as_millis() as u64;
        let extra = if jitter == 0 {
            0
        } else {
            self.rng.lock().map(|mut r| r.u64(0..=jitter)).unwrap_or(0)
        };
        let wait = self.config.latency + std::time::Duration::from_millis(extra);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Counts `cost` against `key`'s window of `resource`; says whether it fits.
    pub(super) fn take(
        &self,
        resource: &'static str,
        key: &str,
        limit: u32,
        cost: u32,
        window: std::time::Duration,
    ) -> (Quota, bool) {
        let now = Instant::now();
        let minute = window;
        let mut buckets = match self.limits.lock() {
            Ok(buckets) => buckets,
            Err(poisoned) => poisoned.into_inner(),
        };
        let bucket = buckets.entry(key.to_string()).or_insert(Bucket {
            started: now,
            used: 0,
        });
        if now.duration_since(bucket.started) >= minute {
            *bucket = Bucket {
                started: now,
                used: 0,
            };
        }
        let allowed = bucket.used.saturating_add(cost) <= limit;
        if allowed {
            bucket.used += cost;
        }
        let left = minute.saturating_sub(now.duration_since(bucket.started));
        let epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let quota = Quota {
            resource,
            limit,
            used: bucket.used,
            reset: (epoch + left).as_secs_f64().ceil() as u64,
        };
        (quota, allowed)
    }
}

impl Quota {
    pub(super) fn write_headers(&self, headers: &mut HeaderMap, allowed: bool) {
        let remaining = if allowed {
            self.limit.saturating_sub(self.used)
        } else {
            0
        };
        let pairs = [
            ("x-ratelimit-limit", self.limit.to_string()),
            ("x-ratelimit-remaining", remaining.to_string()),
            ("x-ratelimit-used", self.used.to_string()),
            ("x-ratelimit-reset", self.reset.to_string()),
            ("x-ratelimit-resource", self.resource.to_string()),
        ];
        for (name, value) in pairs {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(HeaderName::from_static(name), value);
            }
        }
    }
}
