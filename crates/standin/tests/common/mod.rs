//! Helpers shared by the stand-in's HTTP tests: a raw HTTP/1.1 client, so
//! the tests see exactly what goes over the wire, and the data oracle.
// Each test binary uses its own subset of these.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use jiff::Timestamp;
use serde_json::Value;
use sprintlift_standin::server::start_with;
use sprintlift_standin::{generate, Config, Dataset, PullRequest, Running};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct Answer {
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }
}

/// One HTTP/1.1 exchange over a fresh connection; `Err` when the connection
/// breaks before a whole answer arrives.
pub async fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
) -> Result<Answer, String> {
    request_with_body(addr, method, target, headers, "").await
}

/// One HTTP/1.1 exchange with a request body (set Content-Length yourself).
pub async fn request_with_body(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<Answer, String> {
    let mut stream = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let mut text = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    stream
        .write_all(text.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .await
        .map_err(|e| e.to_string())?;
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = raw.split_once("\r\n\r\n").ok_or("no header end")?;
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or("no status")?;
    let headers: BTreeMap<String, String> = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
        .collect();
    let body = if headers
        .get("transfer-encoding")
        .is_some_and(|t| t == "chunked")
    {
        dechunk(rest)?
    } else {
        let length: usize = headers
            .get("content-length")
            .and_then(|l| l.parse().ok())
            .unwrap_or(rest.len());
        if rest.len() < length {
            return Err("body shorter than content-length".into());
        }
        rest[..length].to_string()
    };
    Ok(Answer {
        status,
        headers,
        body,
    })
}

pub fn dechunk(mut rest: &str) -> Result<String, String> {
    let mut body = String::new();
    loop {
        let (size, after) = rest.split_once("\r\n").ok_or("cut in a chunk header")?;
        let size = usize::from_str_radix(size.trim(), 16).map_err(|e| e.to_string())?;
        if size == 0 {
            return Ok(body);
        }
        body.push_str(after.get(..size).ok_or("cut in a chunk")?);
        rest = after.get(size + 2..).ok_or("cut after a chunk")?;
    }
}

pub fn search(q: &str, extra: &str) -> String {
    let q: String = q
        .bytes()
        .map(|b| match b {
            b' ' => "+".to_string(),
            b'+' | b'<' | b'>' | b'"' | b'#' | b'%' | b'&' => format!("%{b:02X}"),
            _ => (b as char).to_string(),
        })
        .collect();
    format!("/search/issues?q={q}{extra}")
}

pub async fn standin(config: Config) -> (Running, Dataset) {
    let data = generate(1);
    let running = start_with(data.clone(), config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("start");
    (running, data)
}

pub fn ts(s: &str) -> Timestamp {
    s.parse().expect("timestamp")
}

/// Counts the data set directly, as an independent oracle.
pub fn count(data: &Dataset, keep: impl Fn(&PullRequest) -> bool) -> u64 {
    data.prs.iter().filter(|p| keep(p)).count() as u64
}
