//! The shapes a URL's values must have: GitHub's names, calendar dates,
//! zone names and snapshot addresses.

use super::{ViewError, MAX_REPOS};
use jiff::civil::Date;

/// `owner/name` list, comma-separated (spaces allowed), duplicates dropped.
pub(super) fn parse_repos(raw: &str) -> Result<Vec<String>, ViewError> {
    let mut repos: Vec<String> = Vec::new();
    for repo in raw.split(',').map(str::trim).filter(|r| !r.is_empty()) {
        let valid = repo.split_once('/').is_some_and(|(owner, name)| {
            is_login(owner)
                && !name.is_empty()
                && name != "."
                && name != ".."
                && name.len() <= 100
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        });
        if !valid {
            return Err(ViewError::BadRepo(repo.to_string()));
        }
        if !repos.iter().any(|r| r.eq_ignore_ascii_case(repo)) {
            repos.push(repo.to_string());
        }
    }
    if repos.len() > MAX_REPOS {
        return Err(ViewError::TooManyRepos(repos.len()));
    }
    Ok(repos)
}

/// An http(s) URL, or a path on this site; never another scheme (no
/// `javascript:` or `data:`) and no protocol-relative `//host`.
pub(super) fn is_snapshot_address(address: &str) -> bool {
    let lower = address.to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s);
    let safe_chars = !address
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\\\"<>".contains(c));
    safe_chars
        && address.len() <= 2000
        && !address.starts_with("//")
        && match scheme {
            Some(s)
                if s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)) =>
            {
                s == "http" || s == "https"
            }
            _ => true,
        }
}

/// An `http://` address (in any case) of a host other than this computer.
pub(super) fn is_plain_http_elsewhere(address: &str) -> bool {
    let Some(rest) = address
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("http://"))
        .and_then(|_| address.get(7..))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
    !(name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1")
}

pub(super) fn parse_date(field: &'static str, raw: &str) -> Result<Date, ViewError> {
    let bad = || ViewError::BadDate {
        field,
        value: raw.to_string(),
    };
    // jiff accepts more ISO 8601 forms than a person types; keep to YYYY-MM-DD.
    let shaped = raw.len() == 10
        && raw.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(bad());
    }
    crate::civil_text::parse_date(raw).ok_or_else(bad)
}

/// GitHub's rule for user and organisation names.
pub(super) fn is_login(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 39
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The characters IANA zone names are made of. Whether the zone exists is
/// for the shell's zone source to say.
pub(super) fn is_zone_name(name: &str) -> bool {
    name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_-+".contains(c))
}
