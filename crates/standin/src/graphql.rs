//! `POST /graphql`: the part of GitHub's GraphQL schema the app uses,
//! executed by async-graphql, so aliases, variables and fragments behave as
//! on GitHub. Types and field names follow GitHub's public schema.

use crate::dataset::{AuthorKind, Dataset, PullRequest as Record};
use crate::query;
use async_graphql::parser::types::{ExecutableDocument, Selection};
use async_graphql::{
    scalar, Context, EmptyMutation, EmptySubscription, Enum, Interface, Object, Schema,
    SimpleObject, Union,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

pub type GithubSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

pub fn schema(data: Arc<Dataset>) -> GithubSchema {
    Schema::build(QueryRoot, EmptyMutation, EmptySubscription)
        .data(data)
        .finish()
}

/// An ISO 8601 instant, as GitHub's `DateTime` scalar.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DateTime(pub String);
scalar!(DateTime);

/// A URL, as GitHub's `URI` scalar.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[allow(clippy::upper_case_acronyms)]
pub struct URI(pub String);
scalar!(URI);

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchType {
    Discussion,
    Issue,
    IssueAdvanced,
    Repository,
    User,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentAuthorAssociation {
    Collaborator,
    Contributor,
    FirstTimer,
    FirstTimeContributor,
    Mannequin,
    Member,
    #[graphql(name = "NONE")]
    NoAssociation,
    Owner,
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PullRequestState {
    Closed,
    Merged,
    Open,
}

#[derive(SimpleObject, Clone)]
pub struct User {
    login: String,
    url: URI,
}

#[derive(SimpleObject, Clone)]
pub struct Bot {
    login: String,
    url: URI,
}

#[derive(Interface, Clone)]
#[graphql(
    field(name = "login", ty = "&String"),
    field(name = "url", ty = "&URI")
)]
pub enum Actor {
    User(User),
    Bot(Bot),
}

#[derive(SimpleObject, Clone)]
pub struct Repository {
    name: String,
    name_with_owner: String,
    url: URI,
}

#[derive(SimpleObject, Clone)]
pub struct PullRequest {
    number: i32,
    title: String,
    url: URI,
    created_at: DateTime,
    merged_at: Option<DateTime>,
    closed_at: Option<DateTime>,
    merged: bool,
    is_draft: bool,
    state: PullRequestState,
    author_association: CommentAuthorAssociation,
    author: Option<Actor>,
    repository: Repository,
}

/// Never returned (the stand-in holds PRs only), but part of the union so
/// that documents with `... on Issue` validate as they do on GitHub.
#[derive(SimpleObject, Clone)]
pub struct Issue {
    number: i32,
    title: String,
    url: URI,
}

#[derive(Union, Clone)]
pub enum SearchResultItem {
    Issue(Issue),
    PullRequest(PullRequest),
}

#[derive(SimpleObject, Clone)]
pub struct PageInfo {
    end_cursor: Option<String>,
    has_next_page: bool,
    has_previous_page: bool,
    start_cursor: Option<String>,
}

#[derive(SimpleObject, Clone)]
pub struct SearchResultItemConnection {
    issue_count: i32,
    page_info: PageInfo,
    nodes: Option<Vec<Option<SearchResultItem>>>,
}

/// What `rateLimit` reports; the HTTP layer computes it per request.
#[derive(SimpleObject, Clone)]
pub struct RateLimit {
    pub cost: i32,
    pub limit: i32,
    pub node_count: i32,
    pub remaining: i32,
    pub reset_at: DateTime,
    pub used: i32,
}

/// Results beyond this rank are not reachable, as on GitHub.
const MAX_REACHABLE: usize = 1000;

pub struct QueryRoot;

#[Object]
impl QueryRoot {
    // The arguments are GitHub's: the resolver mirrors the schema's field.
    #[allow(clippy::too_many_arguments)]
    async fn search(
        &self,
        ctx: &Context<'_>,
        query: String,
        #[graphql(name = "type")] kind: SearchType,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<SearchResultItemConnection> {
        let data = ctx.data::<Arc<Dataset>>()?;
        if kind != SearchType::Issue {
            return Err(
                "This stand-in searches issues and pull requests only (type: ISSUE).".into(),
            );
        }
        if last.is_some() || before.is_some() {
            return Err("This stand-in pages forward only: use `first` and `after`.".into());
        }
        let first = first.ok_or("You must provide a `first` or `last` value to properly paginate the `search` connection.")?;
        if !(1..=100).contains(&first) {
            return Err(format!(
                "Requesting {first} records on the `search` connection exceeds the `first` limit of 100 records."
            )
            .into());
        }
        let search = query::parse(&query).map_err(|e| e.to_string())?;
        if let Some(message) = search.unknown_scope(data) {
            return Err(message.into());
        }
        let offset = match after.as_deref() {
            None => 0,
            Some(cursor) => {
                decode_cursor(cursor)
                    .ok_or(format!("`{cursor}` does not appear to be a valid cursor."))?
                    + 1
            }
        };
        let matches: Vec<&Record> = data.prs.iter().filter(|pr| search.matches(pr)).collect();
        let reachable = matches.len().min(MAX_REACHABLE);
        let end = (offset + first as usize).min(reachable);
        let page: Vec<&Record> = matches
            .get(offset..end)
            .map(<[&Record]>::to_vec)
            .unwrap_or_default();
        let nodes = page
            .iter()
            .map(|pr| Some(SearchResultItem::PullRequest(node(pr))))
            .collect();
        Ok(SearchResultItemConnection {
            issue_count: i32::try_from(matches.len()).unwrap_or(i32::MAX),
            page_info: PageInfo {
                start_cursor: (!page.is_empty()).then(|| cursor(offset)),
                end_cursor: (!page.is_empty()).then(|| cursor(end - 1)),
                has_next_page: end < reachable,
                has_previous_page: offset > 0,
            },
            nodes: Some(nodes),
        })
    }

    async fn rate_limit(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] dry_run: bool,
    ) -> async_graphql::Result<Option<RateLimit>> {
        let _ = dry_run;
        Ok(ctx.data_opt::<RateLimit>().cloned())
    }
}

/// Opaque to clients, as GitHub's cursors are.
fn cursor(index: usize) -> String {
    format!("Y3Vyc29y:{index}")
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    cursor.strip_prefix("Y3Vyc29y:")?.parse().ok()
}

fn node(pr: &Record) -> PullRequest {
    let repo = pr.full_name();
    let time = |t: jiff::Timestamp| DateTime(t.to_string());
    let author = match pr.author_kind {
        AuthorKind::User => Actor::User(User {
            login: pr.author.clone(),
            url: URI(format!("https://github.com/{}", pr.author)),
        }),
        // GraphQL names a bot without the `[bot]` of its REST login.
        AuthorKind::Bot => {
            let login = pr.author.trim_end_matches("[bot]").to_string();
            Actor::Bot(Bot {
                url: URI(format!("https://github.com/apps/{login}")),
                login,
            })
        }
    };
    PullRequest {
        number: i32::try_from(pr.number).unwrap_or(i32::MAX),
        title: pr.title.clone(),
        url: URI(format!("https://github.com/{repo}/pull/{}", pr.number)),
        created_at: time(pr.created_at),
        merged_at: pr.merged_at.map(time),
        closed_at: pr.closed_at.map(time),
        merged: pr.merged_at.is_some(),
        is_draft: pr.draft,
        state: match (pr.merged_at, pr.closed_at) {
            (Some(_), _) => PullRequestState::Merged,
            (None, Some(_)) => PullRequestState::Closed,
            (None, None) => PullRequestState::Open,
        },
        author_association: association(pr.author_association),
        author: Some(author),
        repository: Repository {
            name: pr.repo.clone(),
            url: URI(format!("https://github.com/{repo}")),
            name_with_owner: repo,
        },
    }
}

fn association(text: &str) -> CommentAuthorAssociation {
    use CommentAuthorAssociation as A;
    match text {
        "COLLABORATOR" => A::Collaborator,
        "CONTRIBUTOR" => A::Contributor,
        "FIRST_TIMER" => A::FirstTimer,
        "FIRST_TIME_CONTRIBUTOR" => A::FirstTimeContributor,
        "MANNEQUIN" => A::Mannequin,
        "MEMBER" => A::Member,
        "OWNER" => A::Owner,
        _ => A::NoAssociation,
    }
}

/// GitHub's points for a request: the nodes its `search` fields may return,
/// per hundred, at least one. Reads `first` as a literal or a variable.
pub fn cost(document: &ExecutableDocument, variables: &async_graphql::Variables) -> u32 {
    let mut nodes: u64 = 0;
    for (_, operation) in document.operations.iter() {
        for item in &operation.node.selection_set.node.items {
            let Selection::Field(field) = &item.node else {
                continue;
            };
            if field.node.name.node.as_str() != "search" {
                continue;
            }
            let first = field.node.get_argument("first").and_then(|value| {
                let value = value
                    .node
                    .clone()
                    .into_const_with(|name| variables.get(&name).cloned().ok_or(()));
                match value {
                    Ok(async_graphql::Value::Number(n)) => n.as_u64(),
                    _ => None,
                }
            });
            nodes += first.unwrap_or(0);
        }
    }
    u32::try_from(nodes.div_ceil(100).max(1)).unwrap_or(u32::MAX)
}
