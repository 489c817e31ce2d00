//! The PR records the stand-in searches.

use jiff::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorKind {
    User,
    Bot,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PullRequest {
    pub org: String,
    /// Repository name without the org.
    pub repo: String,
    pub number: u64,
    pub title: String,
    pub author: String,
    pub author_kind: AuthorKind,
    /// The association GitHub reports today (not at the time of the PR).
    pub author_association: &'static str,
    pub created_at: Timestamp,
    pub closed_at: Option<Timestamp>,
    pub merged_at: Option<Timestamp>,
    pub draft: bool,
}

impl PullRequest {
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.org, self.repo)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Sorted by creation time, then repository and number.
    pub prs: Vec<PullRequest>,
}

impl Dataset {
    pub fn new(mut prs: Vec<PullRequest>) -> Dataset {
        prs.sort_by(|a, b| {
            (a.created_at, &a.org, &a.repo, a.number).cmp(&(
                b.created_at,
                &b.org,
                &b.repo,
                b.number,
            ))
        });
        Dataset { prs }
    }

    pub fn has_org(&self, org: &str) -> bool {
        self.prs.iter().any(|pr| pr.org.eq_ignore_ascii_case(org))
    }

    pub fn has_repo(&self, full_name: &str) -> bool {
        self.prs
            .iter()
            .any(|pr| pr.full_name().eq_ignore_ascii_case(full_name))
    }
}
