//! A seeded generator of realistic PR activity: a weekly rhythm, sprint
//! bursts that bring newcomers, bots, backports, and PRs that are merged
//! days later, closed unmerged or still open.

use crate::dataset::{AuthorKind, Dataset, PullRequest};
use jiff::civil::{date, Date};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// One repository and its ordinary weekday rate of new PRs.
struct RepoSpec {
    org: &'static str,
    repo: &'static str,
    weekday_rate: f64,
}

const REPOS: &[RepoSpec] = &[
    RepoSpec {
        org: "python",
        repo: "cpython",
        weekday_rate: 12.0,
    },
    RepoSpec {
        org: "python",
        repo: "devguide",
        weekday_rate: 0.6,
    },
    RepoSpec {
        org: "python",
        repo: "mypy",
        weekday_rate: 3.0,
    },
    RepoSpec {
        org: "python",
        repo: "peps",
        weekday_rate: 1.5,
    },
    RepoSpec {
        org: "python",
        repo: "typeshed",
        weekday_rate: 4.0,
    },
    RepoSpec {
        org: "pypa",
        repo: "pip",
        weekday_rate: 2.0,
    },
    RepoSpec {
        org: "pypa",
        repo: "setuptools",
        weekday_rate: 1.0,
    },
    RepoSpec {
        org: "numpy",
        repo: "numpy",
        weekday_rate: 4.0,
    },
];

/// A sprint: whole local days in a zone, the org it lifts and by how much.
struct Burst {
    org: &'static str,
    from: Date,
    to: Date,
    zone: &'static str,
    /// Extra PRs per day across the org, on top of the ordinary rhythm.
    extra_per_day: f64,
}

const BURSTS: &[Burst] = &[
    Burst {
        org: "python",
        from: date(2025, 5, 19),
        to: date(2025, 5, 22),
        zone: "America/New_York",
        extra_per_day: 45.0,
    },
    Burst {
        org: "python",
        from: date(2025, 7, 19),
        to: date(2025, 7, 20),
        zone: "Europe/Prague",
        extra_per_day: 40.0,
    },
    Burst {
        org: "python",
        from: date(2025, 8, 15),
        to: date(2025, 8, 15),
        zone: "Asia/Seoul",
        extra_per_day: 35.0,
    },
];

/// First and last UTC day of generated activity, and the "today" at which
/// merge and close times stop (later ones stay open).
const FIRST_DAY: Date = date(2025, 3, 1);
const LAST_DAY: Date = date(2025, 10, 31);
const TODAY: Date = date(2025, 11, 15);

const WORDS: &[&str] = &[
    "Fix",
    "Improve",
    "Document",
    "Add tests for",
    "Refactor",
    "Speed up",
    "Deprecate",
    "Clarify",
];
const SUBJECTS: &[&str] = &[
    "asyncio task groups",
    "the tutorial",
    "pathlib globbing",
    "the REPL",
    "typing.Protocol",
    "zipfile extraction",
    "the JIT build",
    "argparse help",
    "sqlite3 adapters",
    "the build docs",
];

/// Generates the data set for `seed`; the same seed always gives the same data.
pub fn generate(seed: u64) -> Dataset {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut prs = Vec::new();
    let mut numbers = vec![1000_u64; REPOS.len()];
    let mut day = FIRST_DAY;
    while day <= LAST_DAY {
        let weekend = day.weekday().to_monday_one_offset() >= 6;
        for (index, spec) in REPOS.iter().enumerate() {
            let rate = spec.weekday_rate * if weekend { 0.45 } else { 1.0 };
            for _ in 0..poisson(&mut rng, rate) {
                let start = utc_midnight(day);
                let created = start + SignedDuration::from_secs(rng.i64(0..86_400));
                numbers[index] += 1;
                prs.push(pull_request(
                    &mut rng,
                    spec,
                    numbers[index],
                    created,
                    Newcomer::No,
                ));
            }
        }
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    for burst in BURSTS {
        let (start, end) = local_window(burst);
        let days = (burst.to - burst.from).get_days() + 1;
        let seconds = start.duration_until(end).as_secs();
        for _ in 0..poisson(&mut rng, burst.extra_per_day * f64::from(days)) {
            let created = start + SignedDuration::from_secs(rng.i64(0..seconds));
            // Sprints mostly land in the org's main repository.
            let candidates: Vec<usize> = (0..REPOS.len())
                .filter(|&i| REPOS[i].org == burst.org)
                .collect();
            let index = if rng.f64() < 0.75 {
                candidates[0]
            } else {
                candidates[rng.usize(0..candidates.len())]
            };
            numbers[index] += 1;
            prs.push(pull_request(
                &mut rng,
                &REPOS[index],
                numbers[index],
                created,
                Newcomer::Maybe,
            ));
        }
    }
    Dataset::new(prs)
}

#[derive(PartialEq)]
enum Newcomer {
    No,
    Maybe,
}

fn pull_request(
    rng: &mut fastrand::Rng,
    spec: &RepoSpec,
    number: u64,
    created: Timestamp,
    newcomer: Newcomer,
) -> PullRequest {
    let roll = rng.f64();
    let (author, kind, association, title_prefix) = if newcomer == Newcomer::Maybe && roll < 0.5 {
        (
            format!("sprinter-{}", rng.u32(1..400)),
            AuthorKind::User,
            "CONTRIBUTOR",
            String::new(),
        )
    } else if roll < 0.04 {
        (
            "dependabot[bot]".to_string(),
            AuthorKind::Bot,
            "CONTRIBUTOR",
            String::new(),
        )
    } else if roll < 0.06 {
        (
            "pre-commit-ci[bot]".to_string(),
            AuthorKind::Bot,
            "CONTRIBUTOR",
            String::new(),
        )
    } else if roll < 0.12 && spec.repo == "cpython" {
        (
            "miss-islington-app[bot]".to_string(),
            AuthorKind::Bot,
            "CONTRIBUTOR",
            format!("[3.{}] ", rng.u8(12..15)),
        )
    } else {
        let association = if rng.bool() { "MEMBER" } else { "CONTRIBUTOR" };
        (
            format!("{}-dev-{}", spec.org, rng.u32(1..80)),
            AuthorKind::User,
            association,
            String::new(),
        )
    };
    let title = format!(
        "{title_prefix}gh-{}: {} {}",
        100_000 + number,
        WORDS[rng.usize(0..WORDS.len())],
        SUBJECTS[rng.usize(0..SUBJECTS.len())]
    );
    let outcome = rng.f64();
    let later =
        created + SignedDuration::from_secs((rng.f64() * rng.f64() * 40.0 * 86_400.0) as i64 + 600);
    let today = utc_midnight(TODAY);
    let (closed_at, merged_at) = if later >= today || outcome >= 0.85 {
        (None, None)
    } else if outcome < 0.7 {
        (Some(later), Some(later))
    } else {
        (Some(later), None)
    };
    PullRequest {
        org: spec.org.to_string(),
        repo: spec.repo.to_string(),
        number,
        title,
        author,
        author_kind: kind,
        author_association: association,
        created_at: created,
        closed_at,
        merged_at,
        draft: closed_at.is_none() && rng.f64() < 0.1,
    }
}

/// A large organisation: more than 25,000 PRs in March 2025 (bots not
/// counted) across forty
/// repositories, so listings must be split to stay under the 1000-result cap.
pub fn generate_large(seed: u64) -> Dataset {
    let mut rng = fastrand::Rng::with_seed(seed);
    let repos: Vec<RepoSpec> = (0..40)
        .map(|i| RepoSpec {
            org: "megacorp",
            repo: REPO_NAMES[i % REPO_NAMES.len()],
            weekday_rate: 0.0,
        })
        .collect();
    let mut prs = Vec::new();
    let mut number = 0;
    let mut day = date(2025, 3, 1);
    while day <= date(2025, 3, 31) {
        let weekend = day.weekday().to_monday_one_offset() >= 6;
        let start = utc_midnight(day);
        for _ in 0..poisson(&mut rng, if weekend { 500.0 } else { 1100.0 }) {
            number += 1;
            let spec = &repos[rng.usize(0..repos.len())];
            let created = start + SignedDuration::from_secs(rng.i64(0..86_400));
            prs.push(pull_request(&mut rng, spec, number, created, Newcomer::No));
        }
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    Dataset::new(prs)
}

/// Forty distinct names for the large organisation's repositories.
const REPO_NAMES: &[&str] = &[
    "api",
    "web",
    "mobile",
    "infra",
    "docs",
    "cli",
    "sdk-python",
    "sdk-go",
    "sdk-js",
    "sdk-rust",
    "auth",
    "billing",
    "search",
    "storage",
    "queue",
    "cache",
    "gateway",
    "metrics",
    "alerts",
    "logs",
    "ui-kit",
    "design",
    "data",
    "ml",
    "etl",
    "reports",
    "admin",
    "support",
    "email",
    "sms",
    "push",
    "payments",
    "ledger",
    "risk",
    "fraud",
    "identity",
    "config",
    "deploy",
    "images",
    "website",
];

/// A Poisson draw: Knuth's method for small means; above 30, where
/// `exp(-mean)` heads for underflow, the normal approximation.
fn poisson(rng: &mut fastrand::Rng, mean: f64) -> u32 {
    if mean > 30.0 {
        // Box–Muller: one standard normal draw from two uniform ones.
        let (u, v) = (1.0 - rng.f64(), rng.f64());
        let normal = (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos();
        return (mean + mean.sqrt() * normal).round().max(0.0) as u32;
    }
    let limit = (-mean).exp();
    let mut product = rng.f64();
    let mut count = 0;
    while product > limit {
        product *= rng.f64();
        count += 1;
    }
    count
}

fn utc_midnight(day: Date) -> Timestamp {
    day.to_zoned(TimeZone::UTC)
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

fn local_window(burst: &Burst) -> (Timestamp, Timestamp) {
    let zone = TimeZone::get(burst.zone).unwrap_or(TimeZone::UTC);
    let at = |d: Date| {
        d.to_zoned(zone.clone())
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::UNIX_EPOCH)
    };
    (at(burst.from), at(burst.to.tomorrow().unwrap_or(burst.to)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_large_org_needs_splitting() {
        let data = generate_large(1);
        let march = data.prs.iter().filter(|p| p.org == "megacorp").count();
        assert!(march > 25_000, "{march}");
        let repos: std::collections::BTreeSet<&str> =
            data.prs.iter().map(|p| p.repo.as_str()).collect();
        assert_eq!(repos.len(), 40);
    }

    #[test]
    fn same_seed_same_data_other_seed_other_data() {
        let a = generate(7);
        let b = generate(7);
        let c = generate(8);
        assert_eq!(a.prs, b.prs);
        assert_ne!(a.prs, c.prs);
    }

    #[test]
    fn sprint_days_stand_out_from_ordinary_weeks() {
        let data = generate(1);
        let count = |from: &str, to: &str| {
            let (from, to): (Timestamp, Timestamp) =
                (from.parse().expect("from"), to.parse().expect("to"));
            data.prs
                .iter()
                .filter(|p| p.org == "python" && p.created_at >= from && p.created_at < to)
                .count()
        };
        let sprint = count("2025-05-19T04:00:00Z", "2025-05-23T04:00:00Z");
        let week_before = count("2025-05-12T04:00:00Z", "2025-05-16T04:00:00Z");
        assert!(
            sprint > 2 * week_before,
            "sprint {sprint} vs week before {week_before}"
        );
        for bot in [
            "dependabot[bot]",
            "pre-commit-ci[bot]",
            "miss-islington-app[bot]",
        ] {
            assert!(
                data.prs
                    .iter()
                    .any(|p| p.author == bot && p.author_kind == AuthorKind::Bot),
                "{bot}"
            );
        }
        // Some sprint newcomers come back in a later sprint, most do not.
        let sprinters = |from: &str, to: &str| -> std::collections::BTreeSet<String> {
            let (from, to): (Timestamp, Timestamp) =
                (from.parse().expect("from"), to.parse().expect("to"));
            data.prs
                .iter()
                .filter(|p| {
                    p.author.starts_with("sprinter-") && from <= p.created_at && p.created_at < to
                })
                .map(|p| p.author.clone())
                .collect()
        };
        let may = sprinters("2025-05-19T00:00:00Z", "2025-05-24T00:00:00Z");
        let later = sprinters("2025-07-01T00:00:00Z", "2025-09-01T00:00:00Z");
        let returning = may.intersection(&later).count();
        assert!(
            returning > 0 && returning < may.len(),
            "{returning} of {}",
            may.len()
        );
        assert!(data.prs.iter().any(|p| p.merged_at.is_some()));
        assert!(data
            .prs
            .iter()
            .any(|p| p.closed_at.is_some() && p.merged_at.is_none()));
        assert!(data.prs.iter().any(|p| p.closed_at.is_none()));
    }
}
