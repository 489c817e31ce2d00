//! Pull-request records as the metrics see them, and the filters on them.

use jiff::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorKind {
    User,
    Bot,
}

/// One pull request. The data layer builds these from GitHub's answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrRecord {
    /// `owner/name`.
    pub repo: String,
    pub number: u64,
    pub title: String,
    /// A login, or `app/NAME` for a GitHub App.
    pub author: String,
    pub author_kind: AuthorKind,
    /// GitHub's `author_association` as reported today, e.g. `CONTRIBUTOR`.
    pub association: String,
    pub created_at: Timestamp,
    pub merged_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub draft: bool,
}

impl PrRecord {
    /// The owner (organisation) part of `repo`.
    pub fn org(&self) -> &str {
        self.repo.split('/').next().unwrap_or_default()
    }

    pub fn is_bot(&self) -> bool {
        self.author_kind == AuthorKind::Bot || login_is_bot(&self.author)
    }

    /// A backport: opened by a backport app, or titled like `[3.13] …`.
    pub fn is_backport(&self) -> bool {
        login_is_backport_app(&self.author) || has_version_prefix(&self.title)
    }
}

/// A login that only bots have: `NAME[bot]` or `app/NAME`.
pub fn login_is_bot(login: &str) -> bool {
    login.ends_with("[bot]") || login.starts_with("app/")
}

/// A login of one of the backport apps.
pub fn login_is_backport_app(login: &str) -> bool {
    let app = login.strip_suffix("[bot]").unwrap_or(login);
    let app = app.strip_prefix("app/").unwrap_or(app);
    BACKPORT_APPS.contains(&app)
}

/// Apps whose PRs are backports of other PRs.
pub const BACKPORT_APPS: &[&str] = &["miss-islington-app", "miss-islington", "backport-bot"];

/// Bot apps named in search queries, since GitHub search cannot exclude
/// "every bot". Records are filtered by account type as well, so a bot
/// missing here is excluded from the figure but not from its query.
pub const KNOWN_BOT_APPS: &[&str] = &["dependabot", "pre-commit-ci", "renovate", "github-actions"];

/// `[3.13] …` or `[3.x] …`: the CPython convention for backport titles.
fn has_version_prefix(title: &str) -> bool {
    // Almost no title starts with `[`: one byte settles most records, where
    // `strip_prefix` called memcmp for every title (about 5% of the
    // metrics bench, median of the runs' minimums 17.09 -> 16.26 ms).
    if title.as_bytes().first() != Some(&b'[') {
        return false;
    }
    let rest = &title[1..];
    let Some((inside, _)) = rest.split_once(']') else {
        return false;
    };
    let mut parts = inside.split('.');
    let major = parts.next().unwrap_or_default();
    let minor = parts.next().unwrap_or_default();
    !major.is_empty()
        && major.chars().all(|c| c.is_ascii_digit())
        && (minor == "x" || (!minor.is_empty() && minor.chars().all(|c| c.is_ascii_digit())))
        && parts.next().is_none()
}

/// Which PRs count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filters {
    pub exclude_bots: bool,
    pub exclude_backports: bool,
    pub include_drafts: bool,
}

impl Default for Filters {
    /// People's work: bots and backports out, drafts in.
    fn default() -> Filters {
        Filters {
            exclude_bots: true,
            exclude_backports: true,
            include_drafts: true,
        }
    }
}

impl Filters {
    /// Every PR counts.
    pub fn none() -> Filters {
        Filters {
            exclude_bots: false,
            exclude_backports: false,
            include_drafts: true,
        }
    }

    /// Whether the searches select `pr`, as a predicate: the tests' model
    /// of GitHub. The app never filters records itself (the searches
    /// did), so a figure always equals its link's result count.
    #[cfg(test)]
    pub fn keeps(&self, pr: &PrRecord) -> bool {
        let bot = pr.author_kind == AuthorKind::Bot || login_is_bot(&pr.author);
        let backport = login_is_backport_app(&pr.author)
            || (self.exclude_backports && has_version_prefix(&pr.title));
        !(self.exclude_bots && bot
            || self.exclude_backports && backport
            || !self.include_drafts && pr.draft)
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    /// A PR for tables of tests: `pr("python/cpython", "alice", "2025-05-19T10:00:00Z")`.
    pub fn pr(repo: &str, author: &str, created: &str) -> PrRecord {
        PrRecord {
            repo: repo.to_string(),
            number: 1,
            title: "gh-1: Fix a thing".to_string(),
            author: author.to_string(),
            author_kind: if author.ends_with("[bot]") {
                AuthorKind::Bot
            } else {
                AuthorKind::User
            },
            association: "CONTRIBUTOR".to_string(),
            created_at: created.parse().expect("created"),
            merged_at: None,
            closed_at: None,
            draft: false,
        }
    }

    pub fn merged(mut pr: PrRecord, at: &str) -> PrRecord {
        let at = at.parse().expect("merged");
        pr.merged_at = Some(at);
        pr.closed_at = Some(at);
        pr
    }

    pub fn closed(mut pr: PrRecord, at: &str) -> PrRecord {
        pr.closed_at = Some(at.parse().expect("closed"));
        pr
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::pr;
    use super::*;

    fn check(
        author: &str,
        kind: AuthorKind,
        title: &str,
        draft: bool,
        filters: Filters,
        kept: bool,
    ) {
        let mut record = pr("python/cpython", author, "2025-05-19T10:00:00Z");
        record.author_kind = kind;
        record.title = title.to_string();
        record.draft = draft;
        assert_eq!(
            filters.keeps(&record),
            kept,
            "{author} {kind:?} {title:?} draft={draft} {filters:?}"
        );
    }

    #[test]
    fn each_filter() {
        let default = Filters::default();
        let everything = Filters {
            exclude_bots: false,
            exclude_backports: false,
            include_drafts: true,
        };
        let no_drafts = Filters {
            include_drafts: false,
            ..default
        };
        use AuthorKind::{Bot, User};
        check("alice", User, "gh-1: Fix", false, default, true);
        check("dependabot[bot]", Bot, "Bump x", false, default, false);
        check(
            "pre-commit-ci[bot]",
            User,
            "Update hooks",
            false,
            default,
            false,
        );
        check("app/dependabot", User, "Bump x", false, default, false);
        check("some-ci", Bot, "Sync", false, default, false);
        check("dependabot[bot]", Bot, "Bump x", false, everything, true);
        check(
            "miss-islington-app[bot]",
            Bot,
            "gh-1: Fix",
            false,
            Filters {
                exclude_bots: false,
                ..default
            },
            false,
        );
        check("alice", User, "[3.13] gh-1: Fix", false, default, false);
        check("alice", User, "[3.x] gh-1: Fix", false, default, false);
        check("alice", User, "[3.13] gh-1: Fix", false, everything, true);
        check("alice", User, "[WIP] gh-1: Fix", false, default, true);
        check("alice", User, "[3.13.1.2] odd", false, default, true);
        check("alice", User, "gh-1: Fix [3.13]", false, default, true);
        check("alice", User, "gh-1: Fix", true, default, true);
        check("alice", User, "gh-1: Fix", true, no_drafts, false);
    }
}
