//! The PR records the stand-in searches.

use jiff::Timestamp;
use serde::Deserialize;
use std::collections::BTreeSet;

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
    /// Lower-cased org and `org/repo` names present, so that checking a
    /// query's scope does not scan every PR on every request.
    orgs: BTreeSet<String>,
    repos: BTreeSet<String>,
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
        let orgs = prs.iter().map(|pr| pr.org.to_ascii_lowercase()).collect();
        let repos = prs
            .iter()
            .map(|pr| pr.full_name().to_ascii_lowercase())
            .collect();
        Dataset { prs, orgs, repos }
    }

    pub fn has_org(&self, org: &str) -> bool {
        self.orgs.contains(&org.to_ascii_lowercase())
    }

    pub fn has_repo(&self, full_name: &str) -> bool {
        self.repos.contains(&full_name.to_ascii_lowercase())
    }
}

/// A PR as a data file lists it: JSON (an array of these objects) or CSV
/// (a header row naming these columns). `author_type` is `User` or `Bot`.
#[derive(Debug, Deserialize)]
struct FileRecord {
    repo: String,
    number: u64,
    title: String,
    author: String,
    #[serde(default = "user")]
    author_type: String,
    #[serde(default = "contributor")]
    author_association: String,
    created_at: Timestamp,
    #[serde(default, deserialize_with = "optional_time")]
    merged_at: Option<Timestamp>,
    #[serde(default, deserialize_with = "optional_time")]
    closed_at: Option<Timestamp>,
    #[serde(default)]
    draft: bool,
}

fn user() -> String {
    "User".to_string()
}

fn contributor() -> String {
    "CONTRIBUTOR".to_string()
}

/// Empty CSV cells and JSON nulls are both "never".
fn optional_time<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    let text: Option<String> = Option::deserialize(d)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => t.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the data file: {0}")]
    Io(#[from] std::io::Error),
    #[error("the JSON data file is not an array of PR records: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the CSV data file does not hold PR records: {0}")]
    Csv(#[from] csv::Error),
    #[error("record {index}: {problem}")]
    Record { index: usize, problem: String },
}

/// The associations GitHub reports; a record with another is refused.
const ASSOCIATIONS: &[&str] = &[
    "COLLABORATOR",
    "CONTRIBUTOR",
    "FIRST_TIMER",
    "FIRST_TIME_CONTRIBUTOR",
    "MANNEQUIN",
    "MEMBER",
    "NONE",
    "OWNER",
];

impl Dataset {
    /// Reads a `.json` or `.csv` file of PR records, by its extension.
    pub fn load(path: &std::path::Path) -> Result<Dataset, LoadError> {
        let text = std::fs::read_to_string(path)?;
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            Dataset::from_csv(&text)
        } else {
            Dataset::from_json(&text)
        }
    }

    pub fn from_json(text: &str) -> Result<Dataset, LoadError> {
        let records: Vec<FileRecord> = serde_json::from_str(text)?;
        Dataset::from_records(records)
    }

    pub fn from_csv(text: &str) -> Result<Dataset, LoadError> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let records = reader
            .deserialize()
            .collect::<Result<Vec<FileRecord>, _>>()?;
        Dataset::from_records(records)
    }

    fn from_records(records: Vec<FileRecord>) -> Result<Dataset, LoadError> {
        let mut prs = Vec::with_capacity(records.len());
        for (index, r) in records.into_iter().enumerate() {
            let problem = |problem: String| LoadError::Record { index, problem };
            let Some((org, repo)) = r.repo.split_once('/') else {
                return Err(problem(format!("repo “{}” is not owner/name", r.repo)));
            };
            let author_kind = match r.author_type.as_str() {
                "User" => AuthorKind::User,
                "Bot" => AuthorKind::Bot,
                other => {
                    return Err(problem(format!(
                        "author_type “{other}” is neither User nor Bot"
                    )))
                }
            };
            let Some(association) = ASSOCIATIONS.iter().find(|a| **a == r.author_association)
            else {
                return Err(problem(format!(
                    "author_association “{}” is not one GitHub uses",
                    r.author_association
                )));
            };
            if r.merged_at.is_some() && r.closed_at != r.merged_at {
                return Err(problem(
                    "a merged PR is closed when it is merged: closed_at must equal merged_at"
                        .into(),
                ));
            }
            prs.push(PullRequest {
                org: org.to_string(),
                repo: repo.to_string(),
                number: r.number,
                title: r.title,
                author: r.author,
                author_kind,
                author_association: association,
                created_at: r.created_at,
                closed_at: r.closed_at,
                merged_at: r.merged_at,
                draft: r.draft,
            });
        }
        Ok(Dataset::new(prs))
    }

    /// Both data sets in one.
    pub fn merged(self, other: Dataset) -> Dataset {
        Dataset::new(self.prs.into_iter().chain(other.prs).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = r#"[
        {"repo": "python/cpython", "number": 1, "title": "gh-1: Fix", "author": "alice",
         "created_at": "2025-05-19T10:00:00Z", "merged_at": "2025-05-20T10:00:00Z", "closed_at": "2025-05-20T10:00:00Z"},
        {"repo": "python/cpython", "number": 2, "title": "Bump", "author": "dependabot[bot]", "author_type": "Bot",
         "author_association": "NONE", "created_at": "2025-05-18T10:00:00Z", "merged_at": null, "closed_at": null, "draft": true}
    ]"#;

    const CSV: &str = "repo,number,title,author,author_type,author_association,created_at,merged_at,closed_at,draft
python/cpython,1,gh-1: Fix,alice,User,CONTRIBUTOR,2025-05-19T10:00:00Z,2025-05-20T10:00:00Z,2025-05-20T10:00:00Z,false
python/cpython,2,Bump,dependabot[bot],Bot,NONE,2025-05-18T10:00:00Z,,,true
";

    #[test]
    fn json_and_csv_give_the_same_records() {
        let json = Dataset::from_json(JSON).expect("json");
        let csv = Dataset::from_csv(CSV).expect("csv");
        assert_eq!(json.prs, csv.prs);
        assert_eq!(json.prs.len(), 2);
        // Sorted by creation time.
        assert_eq!(json.prs[0].author, "dependabot[bot]");
        assert_eq!(json.prs[0].author_kind, AuthorKind::Bot);
        assert!(json.prs[0].draft && json.prs[0].closed_at.is_none());
        assert_eq!(json.prs[1].merged_at, json.prs[1].closed_at);
    }

    #[test]
    fn bad_records_are_refused_with_their_index() {
        let bad = |text: &str| {
            Dataset::from_json(text)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(bad("{}").starts_with("the JSON data file is not an array"));
        let record = |extra: &str| {
            format!(
                r#"[{{"repo": "python/cpython", "number": 1, "title": "t", "author": "a", "created_at": "2025-05-19T10:00:00Z"{extra}}}]"#
            )
        };
        assert_eq!(
            bad(&record(r#", "author_type": "Robot""#)),
            "record 0: author_type “Robot” is neither User nor Bot"
        );
        assert_eq!(
            bad(&record(r#", "merged_at": "2025-05-20T10:00:00Z""#)),
            "record 0: a merged PR is closed when it is merged: closed_at must equal merged_at"
        );
        assert_eq!(
            bad(&record(r#", "author_association": "FRIEND""#)),
            "record 0: author_association “FRIEND” is not one GitHub uses"
        );
        assert_eq!(
            bad(
                r#"[{"repo": "cpython", "number": 1, "title": "t", "author": "a", "created_at": "2025-05-19T10:00:00Z"}]"#
            ),
            "record 0: repo “cpython” is not owner/name"
        );
    }
}
