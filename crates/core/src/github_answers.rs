//! GitHub's JSON shapes: the GraphQL request body we send and the REST and
//! GraphQL answers we read, turned into records. Pure functions of text,
//! so they are tested and fuzzed natively; the shell (`src/github.rs`) only
//! moves bytes and headers.

use crate::fetch_plan::{Answer, Ask};
use crate::graphql_documents;
use crate::pr::{AuthorKind, PrRecord};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why an answer could not be used, as the sentence the user reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("GitHub's answer could not be read ({0}).")]
    Malformed(String),
    #[error("GitHub's GraphQL API refused the request: {message}")]
    Graphql {
        message: String,
        /// GitHub said the GraphQL rate limit is used up.
        rate_limited: bool,
    },
}

/// The largest count GitHub can give: its GraphQL `issueCount` is a
/// 32-bit `Int`. A larger one is refused, so every sum of counts the
/// figures make stays far from wrapping.
pub const MAX_COUNT: u64 = i32::MAX as u64;

/// `total`, when GitHub could have given it.
fn checked_count(total: u64) -> Result<u64, AnswerError> {
    if total > MAX_COUNT {
        return Err(AnswerError::Malformed(format!(
            "a count of {total} results, more than GitHub can hold"
        )));
    }
    Ok(total)
}

/// One REST search page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestPage {
    pub total: u64,
    pub incomplete: bool,
    /// The page's PRs; empty when only the count was asked for.
    pub items: Vec<PrRecord>,
}

/// Reads a REST `/search/issues` answer. Items are turned into records only
/// when `with_items` (a count's items are never looked at).
pub fn rest_page(body: &str, with_items: bool) -> Result<RestPage, AnswerError> {
    let page: RestBody = parse(body)?;
    let items = if with_items {
        page.items
            .into_iter()
            .map(RestItem::record)
            .collect::<Result<_, _>>()?
    } else {
        Vec::new()
    };
    Ok(RestPage {
        total: checked_count(page.total_count)?,
        incomplete: page.incomplete_results,
        items,
    })
}

/// The JSON body of one GraphQL request answering `batch`: one aliased
/// search per ask (`s0`, `s1`, …), with its query and cursor as variables.
pub fn graphql_request(batch: &[Ask]) -> String {
    let shapes: Vec<bool> = batch.iter().map(|a| a.listing.is_some()).collect();
    let mut variables: BTreeMap<String, Option<&str>> = BTreeMap::new();
    for (i, ask) in batch.iter().enumerate() {
        variables.insert(format!("q{i}"), Some(&ask.query));
        if let Some(page) = &ask.listing {
            variables.insert(format!("a{i}"), page.cursor.as_deref());
        }
    }
    let request = GraphqlRequest {
        query: graphql_documents::batch(&shapes),
        variables,
    };
    // Serialising strings and maps of strings cannot fail.
    serde_json::to_string(&request).unwrap_or_default()
}

/// Reads a GraphQL answer to `batch`: one answer per ask, in order.
pub fn graphql_answers(body: &str, batch: &[Ask]) -> Result<Vec<Answer>, AnswerError> {
    let answer: GraphqlBody = parse(body)?;
    if let Some(errors) = answer.errors.filter(|e| !e.is_empty()) {
        let message = printable(
            &errors
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        let rate_limited = errors
            .iter()
            .any(|e| e.kind.as_deref() == Some("RATE_LIMITED"));
        return Err(AnswerError::Graphql {
            message,
            rate_limited,
        });
    }
    let mut data = answer.data.unwrap_or_default();
    let mut answers = Vec::with_capacity(batch.len());
    for (i, ask) in batch.iter().enumerate() {
        let search = data
            .remove(&format!("s{i}"))
            .flatten()
            .ok_or_else(|| AnswerError::Malformed(format!("no answer for search {i}")))?;
        let total = search
            .issue_count
            .ok_or_else(|| AnswerError::Malformed(format!("no count for search {i}")))
            .and_then(checked_count)?;
        let (items, next) = match (&ask.listing, search.page_info) {
            (Some(_), Some(info)) => (
                search
                    .nodes
                    .into_iter()
                    .flatten()
                    .map(GraphqlPr::record)
                    .collect::<Result<_, _>>()?,
                info.has_next_page.then_some(info.end_cursor).flatten(),
            ),
            _ => (Vec::new(), None),
        };
        answers.push(Answer {
            total,
            // GraphQL has no "incomplete" flag: a timeout is an error.
            incomplete: false,
            items,
            next,
        });
    }
    Ok(answers)
}

/// What an error answer says, in GitHub's words. The useful detail of a
/// 422 ("the listed users and repositories cannot be searched…") is in
/// `errors[].message`; the top-level message only says "Validation Failed".
pub fn error_sentence(body: &str) -> String {
    match serde_json::from_str::<ErrorBody>(body) {
        Ok(error) => {
            let details: Vec<String> = error.errors.into_iter().filter_map(|e| e.message).collect();
            if details.is_empty() {
                printable(&error.message)
            } else {
                printable(&details.join(" "))
            }
        }
        Err(_) => format!("an unreadable error body of {} bytes", body.len()),
    }
}

/// A server's words as one printable line, at most `MAX_MESSAGE` characters:
/// control characters (a newline forging a line of the bake's output, an
/// escape sequence recolouring a terminal) become spaces.
pub fn printable(message: &str) -> String {
    const MAX_MESSAGE: usize = 500;
    let line: String = message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_MESSAGE)
        .collect();
    if message.chars().count() > MAX_MESSAGE {
        format!("{line}…")
    } else {
        line
    }
}

fn parse<'a, T: Deserialize<'a>>(body: &'a str) -> Result<T, AnswerError> {
    serde_json::from_str(body).map_err(|e| AnswerError::Malformed(e.to_string()))
}

fn instant(text: &str) -> Result<Timestamp, AnswerError> {
    crate::civil_text::parse_instant(text)
        .ok_or_else(|| AnswerError::Malformed(format!("“{text}” is not an RFC 3339 time")))
}

fn optional_instant(text: Option<&str>) -> Result<Option<Timestamp>, AnswerError> {
    text.map(instant).transpose()
}

#[derive(Serialize)]
struct GraphqlRequest<'a> {
    query: String,
    variables: BTreeMap<String, Option<&'a str>>,
}

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

#[derive(Deserialize)]
struct RestBody {
    total_count: u64,
    incomplete_results: bool,
    #[serde(default)]
    items: Vec<RestItem>,
}

#[derive(Deserialize)]
struct RestItem {
    number: u64,
    title: String,
    repository_url: String,
    created_at: String,
    closed_at: Option<String>,
    #[serde(default)]
    draft: bool,
    user: Option<RestUser>,
    author_association: String,
    pull_request: Option<RestPull>,
}

#[derive(Deserialize)]
struct RestUser {
    login: String,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
struct RestPull {
    merged_at: Option<String>,
}

impl RestItem {
    fn record(self) -> Result<PrRecord, AnswerError> {
        // `https://api.github.com/repos/OWNER/NAME` → `OWNER/NAME`.
        let mut parts = self.repository_url.rsplitn(3, '/');
        let (name, owner) = match (parts.next(), parts.next()) {
            (Some(name), Some(owner)) if !name.is_empty() && !owner.is_empty() => (name, owner),
            _ => {
                return Err(AnswerError::Malformed(format!(
                    "“{}” does not name a repository",
                    self.repository_url
                )))
            }
        };
        let repo = format!("{owner}/{name}");
        // A deleted account shows as no user: GitHub's "ghost".
        let (author, kind) = match self.user {
            Some(user) => (user.login, user.kind),
            None => ("ghost".to_string(), "User".to_string()),
        };
        Ok(PrRecord {
            repo,
            number: self.number,
            title: self.title,
            author,
            author_kind: if kind == "Bot" {
                AuthorKind::Bot
            } else {
                AuthorKind::User
            },
            association: self.author_association,
            created_at: instant(&self.created_at)?,
            merged_at: optional_instant(
                self.pull_request
                    .as_ref()
                    .and_then(|p| p.merged_at.as_deref()),
            )?,
            closed_at: optional_instant(self.closed_at.as_deref())?,
            draft: self.draft,
        })
    }
}

#[derive(Deserialize)]
struct GraphqlBody {
    /// The aliased searches (`s0`…) beside `rateLimit`, whose fields are
    /// ignored: one shape with optional fields reads both.
    data: Option<BTreeMap<String, Option<GraphqlSearch>>>,
    errors: Option<Vec<GraphqlError>>,
}

#[derive(Deserialize)]
struct GraphqlError {
    message: String,
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphqlSearch {
    issue_count: Option<u64>,
    page_info: Option<PageInfo>,
    #[serde(default)]
    nodes: Vec<Option<GraphqlPr>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    has_next_page: bool,
    end_cursor: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphqlPr {
    number: u64,
    title: String,
    created_at: String,
    merged_at: Option<String>,
    closed_at: Option<String>,
    is_draft: bool,
    author_association: String,
    author: Option<GraphqlActor>,
    repository: GraphqlRepo,
}

#[derive(Deserialize)]
struct GraphqlActor {
    login: String,
    #[serde(rename = "__typename")]
    typename: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphqlRepo {
    name_with_owner: String,
}

impl GraphqlPr {
    fn record(self) -> Result<PrRecord, AnswerError> {
        let (author, kind) = match self.author {
            // REST names bots `NAME[bot]`; GraphQL gives `NAME`. One name
            // for both keeps the figures the same whichever way they came.
            Some(a) if a.typename == "Bot" => (format!("{}[bot]", a.login), AuthorKind::Bot),
            Some(a) => (a.login, AuthorKind::User),
            None => ("ghost".to_string(), AuthorKind::User),
        };
        Ok(PrRecord {
            repo: self.repository.name_with_owner,
            number: self.number,
            title: self.title,
            author,
            author_kind: kind,
            association: self.author_association,
            created_at: instant(&self.created_at)?,
            merged_at: optional_instant(self.merged_at.as_deref())?,
            closed_at: optional_instant(self.closed_at.as_deref())?,
            draft: self.is_draft,
        })
    }
}

#[cfg(test)]
mod tests;
