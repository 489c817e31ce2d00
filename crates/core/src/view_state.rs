//! The view a URL describes, and the URL that describes a view.
//!
//! The URL is the single source of view state: the page parses it on every
//! navigation and writes a new one when the form changes. Parsing never
//! guesses silently: a value it cannot use is an error the page shows.

use crate::api_base::{ApiBase, ApiBaseError};
use crate::civil_text::date_text;
use crate::event_window::EventDays;
use crate::search_query::{encode_component, Scope};
use jiff::civil::Date;

/// Longest sprint the dashboard accepts, in days. Baselines are built from
/// whole weeks around the sprint, so anything longer stops being a sprint.
pub const MAX_SPRINT_DAYS: i64 = 62;

/// Most repositories one view covers: each query carries all of them, so
/// more means more requests for every figure.
pub const MAX_REPOS: usize = 30;

/// Most events compared side by side.
pub const MAX_COMPARED: usize = 6;

/// A complete, valid view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// The organisation, or empty when `repos` names the scope.
    pub org: String,
    /// `owner/name` of each repository, when the sprint covers those
    /// rather than an organisation.
    pub repos: Vec<String>,
    pub days: EventDays,
    /// IANA name of the event's time zone; resolved by the shell.
    pub zone: String,
    pub api: ApiBase,
    /// A compact card for iframes: headline and chart, no form.
    pub embed: bool,
    pub theme: Theme,
    /// Where a snapshot file is: the figures come from it, not from GitHub.
    pub snapshot: Option<String>,
    /// Preset ids of events shown side by side instead of one view.
    pub compare: Vec<String>,
    /// Baseline: the same weekdays this many weeks before and after.
    pub weeks_before: u32,
    pub weeks_after: u32,
    /// Count bots' PRs too (left out by default).
    pub bots: bool,
    /// Count backports too (left out by default).
    pub backports: bool,
}

/// Most baseline weeks on either side of the sprint.
pub const MAX_BASELINE_WEEKS: u32 = 12;
/// The baseline when the URL names none.
pub const DEFAULT_BASELINE_WEEKS: u32 = 4;

/// The colour scheme: the reader's system setting, or fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Why a URL does not describe a view, worded for the person who opened it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ViewError {
    #[error("Name the GitHub organisation whose sprint to measure (for example org=python) or its repositories (repos=django/django,fabric/fabric).")]
    MissingOrg,
    #[error("Give either an organisation or repositories, not both: the sprint is measured over one of them.")]
    OrgAndRepos,
    #[error(
        "“{0}” is not a GitHub repository: write it as owner/name, for example django/django."
    )]
    BadRepo(String),
    #[error("{0} repositories are more than the {MAX_REPOS} sprintlift measures together: name fewer, or the organisation.")]
    TooManyRepos(usize),
    #[error("“{0}” is not a GitHub organisation name: use letters, digits and single hyphens, at most 39 characters.")]
    BadOrg(String),
    #[error("Give the sprint's first day as from=YYYY-MM-DD, for example from=2025-05-19.")]
    MissingFrom,
    #[error("The {field} date “{value}” is not a calendar date: write it as YYYY-MM-DD, for example 2025-05-19.")]
    BadDate { field: &'static str, value: String },
    #[error("The sprint ends on {to}, before it starts on {from}: swap the two dates.")]
    Reversed { from: Date, to: Date },
    #[error("A sprint of {0} days is longer than the {MAX_SPRINT_DAYS} days sprintlift compares: choose a shorter range.")]
    TooLong(i64),
    #[error("“{0}” is not a time zone name: use an IANA name such as Europe/Prague.")]
    BadZone(String),
    #[error("{field}={value} is not a number of weeks from 0 to {MAX_BASELINE_WEEKS}.")]
    BadWeeks { field: &'static str, value: String },
    #[error("The baseline needs at least one week before or after the sprint.")]
    NoBaseline,
    #[error("{field}={value} is not understood: use {field}=1 to count them, or leave it out.")]
    BadFlag { field: &'static str, value: String },
    #[error("theme={0} is not a theme: use theme=light, theme=dark or theme=auto.")]
    BadTheme(String),
    #[error("embed={0} is not understood: use embed=1 for the compact card, or leave it out.")]
    BadEmbed(String),
    #[error("“{0}” is not a known event; compare takes ids from the menu of known sprints, such as compare=pycon-us-2025,europython-2025.")]
    UnknownEvent(String),
    #[error("Compare at most {MAX_COMPARED} events at once, not {0}.")]
    TooManyEvents(usize),
    #[error("snapshot={0} is not a file address: give an http(s) URL or a path on this site, such as snapshot=pycon-us-2025.json.")]
    BadSnapshot(String),
    #[error(transparent)]
    Api(#[from] ApiBaseError),
}

impl View {
    /// The view shown when a URL names nothing: the PyCon US 2025 sprints.
    pub fn pycon_us_2025() -> View {
        View {
            org: "python".to_string(),
            repos: Vec::new(),
            days: EventDays {
                from: jiff::civil::date(2025, 5, 19),
                to: jiff::civil::date(2025, 5, 22),
            },
            zone: "America/New_York".to_string(),
            api: ApiBase::github(),
            embed: false,
            theme: Theme::Auto,
            snapshot: None,
            compare: Vec::new(),
            weeks_before: DEFAULT_BASELINE_WEEKS,
            weeks_after: DEFAULT_BASELINE_WEEKS,
            bots: false,
            backports: false,
        }
    }

    /// Reads a view from decoded query parameters. A missing `tz` means the
    /// browser's zone, a missing `to` a one-day sprint, a missing `api`
    /// GitHub itself; a URL with none of the view's parameters shows the
    /// default event.
    pub fn from_params<'a>(
        params: impl IntoIterator<Item = (&'a str, &'a str)>,
        browser_zone: &str,
    ) -> Result<View, ViewError> {
        let mut fields = Fields::default();
        for (key, value) in params {
            let slot = match key {
                "org" => &mut fields.org,
                "repos" => &mut fields.repos,
                "from" => &mut fields.from,
                "to" => &mut fields.to,
                "tz" => &mut fields.tz,
                "api" => &mut fields.api,
                "embed" => &mut fields.embed,
                "theme" => &mut fields.theme,
                "snapshot" => &mut fields.snapshot,
                "compare" => &mut fields.compare,
                "before" => &mut fields.before,
                "after" => &mut fields.after,
                "bots" => &mut fields.bots,
                "backports" => &mut fields.backports,
                _ => continue,
            };
            // The last occurrence wins, as with most web frameworks.
            *slot = Some(value.trim());
        }
        let api = match fields.api {
            None | Some("") => ApiBase::github(),
            Some(raw) => ApiBase::parse(raw)?,
        };
        let embed = match fields.embed.unwrap_or_default() {
            "" | "0" | "false" => false,
            "1" | "true" => true,
            other => return Err(ViewError::BadEmbed(other.to_string())),
        };
        let theme = match fields.theme.unwrap_or_default() {
            "" | "auto" => Theme::Auto,
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            other => return Err(ViewError::BadTheme(other.to_string())),
        };
        // Events side by side, each with its own view.
        if let Some(list) = fields.compare.filter(|c| !c.is_empty()) {
            let mut ids: Vec<String> = Vec::new();
            for id in list.split(',').map(str::trim).filter(|id| !id.is_empty()) {
                if !crate::presets::PRESETS.iter().any(|p| p.id == id) {
                    return Err(ViewError::UnknownEvent(id.to_string()));
                }
                if !ids.iter().any(|i| i == id) {
                    ids.push(id.to_string());
                }
            }
            if ids.len() > MAX_COMPARED {
                return Err(ViewError::TooManyEvents(ids.len()));
            }
            return Ok(View {
                api,
                embed,
                theme,
                compare: ids,
                ..View::pycon_us_2025()
            });
        }
        // A snapshot names its own view.
        if let Some(address) = fields.snapshot.filter(|s| !s.is_empty()) {
            if !is_snapshot_address(address) {
                return Err(ViewError::BadSnapshot(address.to_string()));
            }
            return Ok(View {
                api,
                embed,
                theme,
                snapshot: Some(address.to_string()),
                ..View::pycon_us_2025()
            });
        }
        // Only how to show it named: the default event, shown that way.
        let presentation = Fields {
            api: None,
            embed: None,
            theme: None,
            snapshot: None,
            compare: None,
            ..fields
        };
        if presentation == Fields::default() {
            return Ok(View {
                api,
                embed,
                theme,
                ..View::pycon_us_2025()
            });
        }
        let repos = parse_repos(fields.repos.unwrap_or_default())?;
        let org = match (fields.org, repos.is_empty()) {
            (None | Some(""), false) => String::new(),
            (Some(_), false) => return Err(ViewError::OrgAndRepos),
            (None | Some(""), true) => return Err(ViewError::MissingOrg),
            (Some(org), true) if is_login(org) => org.to_string(),
            (Some(org), true) => return Err(ViewError::BadOrg(org.to_string())),
        };
        let from = match fields.from {
            None | Some("") => return Err(ViewError::MissingFrom),
            Some(raw) => parse_date("start", raw)?,
        };
        let to = match fields.to {
            None | Some("") => from,
            Some(raw) => parse_date("end", raw)?,
        };
        let days = EventDays { from, to };
        if days.is_empty() {
            return Err(ViewError::Reversed { from, to });
        }
        if days.len() > MAX_SPRINT_DAYS {
            return Err(ViewError::TooLong(days.len()));
        }
        let zone = match fields.tz {
            None | Some("") => browser_zone.to_string(),
            Some(tz) if is_zone_name(tz) => tz.to_string(),
            Some(tz) => return Err(ViewError::BadZone(tz.to_string())),
        };
        let weeks = |field: &'static str, raw: Option<&str>| match raw {
            None | Some("") => Ok(DEFAULT_BASELINE_WEEKS),
            Some(raw) => raw
                .parse::<u32>()
                .ok()
                .filter(|w| *w <= MAX_BASELINE_WEEKS)
                .ok_or(ViewError::BadWeeks {
                    field,
                    value: raw.to_string(),
                }),
        };
        let (weeks_before, weeks_after) = (
            weeks("before", fields.before)?,
            weeks("after", fields.after)?,
        );
        if weeks_before + weeks_after == 0 {
            return Err(ViewError::NoBaseline);
        }
        let flag = |field: &'static str, raw: Option<&str>| match raw.unwrap_or_default() {
            "" | "0" | "false" => Ok(false),
            "1" | "true" => Ok(true),
            other => Err(ViewError::BadFlag {
                field,
                value: other.to_string(),
            }),
        };
        Ok(View {
            org,
            repos,
            days,
            zone,
            api,
            embed,
            theme,
            snapshot: None,
            compare: Vec::new(),
            weeks_before,
            weeks_after,
            bots: flag("bots", fields.bots)?,
            backports: flag("backports", fields.backports)?,
        })
    }

    /// Reads a view from a raw query string such as `location.search`
    /// (with or without its leading `?`).
    pub fn from_query_string(search: &str, browser_zone: &str) -> Result<View, ViewError> {
        let pairs = decode_query(search);
        View::from_params(
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            browser_zone,
        )
    }

    /// The canonical query string for this view, parameters in a fixed
    /// order, `api` only when it is not GitHub itself.
    pub fn to_query(&self) -> String {
        let special = match (&self.snapshot, self.compare.is_empty()) {
            (Some(snapshot), _) => Some(("snapshot", snapshot.clone())),
            (None, false) => Some(("compare", self.compare.join(","))),
            (None, true) => None,
        };
        let mut pairs = match special {
            Some(special) => vec![special],
            None => self.view_pairs(),
        };
        // How to show it, whatever it is.
        if !self.api.is_github() {
            pairs.push(("api", self.api.as_str().to_string()));
        }
        if self.embed {
            pairs.push(("embed", "1".to_string()));
        }
        if self.theme != Theme::Auto {
            pairs.push(("theme", self.theme.name().to_string()));
        }
        encode_query(pairs.iter().map(|(k, v)| (*k, v.as_str())))
    }

    /// What the view's figures depend on, as a query: its canonical query
    /// without how it is shown (embed, theme). Baked views are named by it.
    pub fn data_key(&self) -> String {
        let mut pairs = self.view_pairs();
        if !self.api.is_github() {
            pairs.push(("api", self.api.as_str().to_string()));
        }
        encode_query(pairs.iter().map(|(k, v)| (*k, v.as_str())))
    }

    /// Scope, days, zone, and the baseline and filters where they differ
    /// from the defaults.
    fn view_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![
            if self.repos.is_empty() {
                ("org", self.org.clone())
            } else {
                ("repos", self.repos.join(","))
            },
            ("from", date_text(self.days.from)),
            ("to", date_text(self.days.to)),
            ("tz", self.zone.clone()),
        ];
        if (self.weeks_before, self.weeks_after) != (DEFAULT_BASELINE_WEEKS, DEFAULT_BASELINE_WEEKS)
        {
            pairs.push(("before", self.weeks_before.to_string()));
            pairs.push(("after", self.weeks_after.to_string()));
        }
        if self.bots {
            pairs.push(("bots", "1".to_string()));
        }
        if self.backports {
            pairs.push(("backports", "1".to_string()));
        }
        pairs
    }

    /// Which PRs count, as the URL says.
    pub fn filters(&self) -> crate::pr::Filters {
        crate::pr::Filters {
            exclude_bots: !self.bots,
            exclude_backports: !self.backports,
            include_drafts: true,
        }
    }

    /// The baseline, as the URL says.
    pub fn baseline(&self) -> crate::baseline::BaselineSpec {
        crate::baseline::BaselineSpec {
            before: self.weeks_before,
            after: self.weeks_after,
        }
    }

    /// The same view as a full page or as an embed card.
    pub fn with_embed(&self, embed: bool) -> View {
        View {
            embed,
            ..self.clone()
        }
    }

    pub fn scope(&self) -> Scope {
        if self.repos.is_empty() {
            Scope::org(&self.org)
        } else {
            Scope::Repos(self.repos.clone())
        }
    }

    /// What the sprint covers, for people: "python", or "django/django and
    /// 4 more repositories".
    pub fn scope_label(&self) -> String {
        match self.repos.as_slice() {
            [] => self.org.clone(),
            [one] => one.clone(),
            [first, second] => format!("{first} and {second}"),
            [first, rest @ ..] => format!("{first} and {} more repositories", rest.len()),
        }
    }
}

/// Splits a query string into decoded key/value pairs, in order. `+` is a
/// space, as browsers write form values; bad escapes are kept literally.
pub fn decode_query(search: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Writes key/value pairs as a query string, each value encoded.
pub fn encode_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .into_iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// What the form shows for a URL: the view's values when the URL is valid
/// (so defaults are visible), the raw values otherwise (so nothing a person
/// typed is lost while the page says what is wrong with it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormValues {
    pub org: String,
    pub repos: String,
    pub before: String,
    pub after: String,
    /// "1" when ticked.
    pub bots: String,
    pub backports: String,
    pub from: String,
    pub to: String,
    pub tz: String,
    /// Not a form field: carried over so a submitted form stays on the same API.
    pub api: String,
    /// Not a form field: carried over so the page keeps its colours.
    pub theme: String,
}

/// The fields a person edits, in the form's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Org,
    Repos,
    From,
    To,
    Tz,
    Before,
    After,
    Bots,
    Backports,
}

impl FormField {
    pub const ALL: [FormField; 9] = [
        FormField::Org,
        FormField::Repos,
        FormField::From,
        FormField::To,
        FormField::Tz,
        FormField::Before,
        FormField::After,
        FormField::Bots,
        FormField::Backports,
    ];

    /// The URL parameter, and the input's name.
    pub fn name(self) -> &'static str {
        match self {
            FormField::Org => "org",
            FormField::Repos => "repos",
            FormField::From => "from",
            FormField::To => "to",
            FormField::Tz => "tz",
            FormField::Before => "before",
            FormField::After => "after",
            FormField::Bots => "bots",
            FormField::Backports => "backports",
        }
    }
}

impl FormValues {
    pub fn get(&self, field: FormField) -> &str {
        match field {
            FormField::Org => &self.org,
            FormField::Repos => &self.repos,
            FormField::From => &self.from,
            FormField::To => &self.to,
            FormField::Tz => &self.tz,
            FormField::Before => &self.before,
            FormField::After => &self.after,
            FormField::Bots => &self.bots,
            FormField::Backports => &self.backports,
        }
    }

    pub fn set(&mut self, field: FormField, value: String) {
        let slot = match field {
            FormField::Org => &mut self.org,
            FormField::Repos => &mut self.repos,
            FormField::From => &mut self.from,
            FormField::To => &mut self.to,
            FormField::Tz => &mut self.tz,
            FormField::Before => &mut self.before,
            FormField::After => &mut self.after,
            FormField::Bots => &mut self.bots,
            FormField::Backports => &mut self.backports,
        };
        *slot = value;
    }

    pub fn for_url(search: &str, parsed: &Result<View, ViewError>) -> FormValues {
        match parsed {
            Ok(view) => FormValues {
                org: view.org.clone(),
                repos: view.repos.join(", "),
                before: view.weeks_before.to_string(),
                after: view.weeks_after.to_string(),
                bots: if view.bots { "1" } else { "" }.to_string(),
                backports: if view.backports { "1" } else { "" }.to_string(),
                from: date_text(view.days.from),
                to: date_text(view.days.to),
                tz: view.zone.clone(),
                api: if view.api.is_github() {
                    String::new()
                } else {
                    view.api.as_str().to_string()
                },
                theme: match view.theme {
                    Theme::Auto => String::new(),
                    theme => theme.name().to_string(),
                },
            },
            Err(_) => {
                let mut values = FormValues::default();
                for (key, value) in decode_query(search) {
                    match FormField::ALL.into_iter().find(|f| f.name() == key) {
                        Some(field) => values.set(field, value),
                        None if key == "api" => values.api = value,
                        None if key == "theme" => values.theme = value,
                        None => {}
                    }
                }
                values
            }
        }
    }

    /// The query string a submitted form navigates to: the values as typed,
    /// so that a bad one reaches the page's error message intact.
    pub fn to_query(&self) -> String {
        let mut pairs = vec![];
        // Only the scope given is written, so clearing one field for the
        // other does not leave both in the URL.
        let repos = self.repos.trim();
        if !self.org.trim().is_empty() || repos.is_empty() {
            pairs.push(("org", self.org.trim()));
        }
        if !repos.is_empty() {
            pairs.push(("repos", repos));
        }
        pairs.extend([
            ("from", self.from.trim()),
            ("to", self.to.trim()),
            ("tz", self.tz.trim()),
        ]);
        // The baseline and filters only when they differ from the default,
        // so shared links stay short.
        let default_weeks = DEFAULT_BASELINE_WEEKS.to_string();
        let (before, after) = (self.before.trim(), self.after.trim());
        let default = |w: &str| w.is_empty() || w == default_weeks;
        if !(default(before) && default(after)) {
            pairs.push(("before", before));
            pairs.push(("after", after));
        }
        for (name, value) in [("bots", &self.bots), ("backports", &self.backports)] {
            if !value.trim().is_empty() {
                pairs.push((name, value.trim()));
            }
        }
        if !self.api.trim().is_empty() {
            pairs.push(("api", self.api.trim()));
        }
        if !self.theme.trim().is_empty() {
            pairs.push(("theme", self.theme.trim()));
        }
        encode_query(pairs)
    }
}

/// `owner/name` list, comma-separated (spaces allowed), duplicates dropped.
fn parse_repos(raw: &str) -> Result<Vec<String>, ViewError> {
    let mut repos: Vec<String> = Vec::new();
    for repo in raw.split(',').map(str::trim).filter(|r| !r.is_empty()) {
        let valid = repo.split_once('/').is_some_and(|(owner, name)| {
            is_login(owner)
                && !name.is_empty()
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

#[derive(Default, Clone, Copy, PartialEq, Eq)]
struct Fields<'a> {
    org: Option<&'a str>,
    repos: Option<&'a str>,
    from: Option<&'a str>,
    to: Option<&'a str>,
    tz: Option<&'a str>,
    api: Option<&'a str>,
    embed: Option<&'a str>,
    theme: Option<&'a str>,
    snapshot: Option<&'a str>,
    compare: Option<&'a str>,
    before: Option<&'a str>,
    after: Option<&'a str>,
    bots: Option<&'a str>,
    backports: Option<&'a str>,
}

/// An http(s) URL, or a path on this site; never another scheme (no
/// `javascript:` or `data:`) and no protocol-relative `//host`.
fn is_snapshot_address(address: &str) -> bool {
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

fn parse_date(field: &'static str, raw: &str) -> Result<Date, ViewError> {
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
fn is_login(name: &str) -> bool {
    name.len() <= 39
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The characters IANA zone names are made of. Whether the zone exists is
/// for the shell's zone source to say.
fn is_zone_name(name: &str) -> bool {
    name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_-+".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BROWSER_ZONE: &str = "Europe/Prague";

    /// Parses `query` (already split on `&` and `=`) and compares either the
    /// canonical query string of the view or the error's sentence.
    fn check(query: &str, expected: Result<&str, &str>) {
        let got = View::from_query_string(query, BROWSER_ZONE)
            .map(|v| v.to_query())
            .map_err(|e| e.to_string());
        let expected = expected.map(str::to_string).map_err(str::to_string);
        assert_eq!(got, expected, "{query}");
    }

    #[test]
    fn valid_views_round_trip_to_canonical_urls() {
        check(
            "",
            Ok("org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York"),
        );
        check(
            "utm_source=x",
            Ok("org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York"),
        );
        check(
            "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York",
            Ok("org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York"),
        );
        check(
            "tz=Asia/Seoul&from=2025-08-15&org=python",
            Ok("org=python&from=2025-08-15&to=2025-08-15&tz=Asia/Seoul"),
        );
        check(
            "org=python&from=2025-07-19&to=2025-07-20",
            Ok("org=python&from=2025-07-19&to=2025-07-20&tz=Europe/Prague"),
        );
        check(
            "org=python&from=2025-07-19&to=2025-07-20&tz=Etc/GMT%2B5&api=http://127.0.0.1:9/",
            Ok("org=python&from=2025-07-19&to=2025-07-20&tz=Etc/GMT%2B5&api=http://127.0.0.1:9"),
        );
        check(
            "org=python&from=2025-07-19&to=2025-07-20&api=https://api.github.com/",
            Ok("org=python&from=2025-07-19&to=2025-07-20&tz=Europe/Prague"),
        );
        check(
            "org=a&org=b&from=2025-01-01",
            Ok("org=b&from=2025-01-01&to=2025-01-01&tz=Europe/Prague"),
        );
    }

    #[test]
    fn each_bad_value_gets_its_sentence() {
        check(
            "from=2025-05-19",
            Err("Name the GitHub organisation whose sprint to measure (for example org=python) or its repositories (repos=django/django,fabric/fabric)."),
        );
        check(
            "org=python&repos=django/django&from=2025-05-19",
            Err("Give either an organisation or repositories, not both: the sprint is measured over one of them."),
        );
        check(
            "repos=django/django,django&from=2025-05-19",
            Err("“django” is not a GitHub repository: write it as owner/name, for example django/django."),
        );
        check(
            "repos=a/b/c&from=2025-05-19",
            Err("“a/b/c” is not a GitHub repository: write it as owner/name, for example django/django."),
        );
        check("org=py%20thon&from=2025-05-19", Err("“py thon” is not a GitHub organisation name: use letters, digits and single hyphens, at most 39 characters."));
        check("org=-python&from=2025-05-19", Err("“-python” is not a GitHub organisation name: use letters, digits and single hyphens, at most 39 characters."));
        check(
            "org=python",
            Err("Give the sprint's first day as from=YYYY-MM-DD, for example from=2025-05-19."),
        );
        check("org=python&from=19/05/2025", Err("The start date “19/05/2025” is not a calendar date: write it as YYYY-MM-DD, for example 2025-05-19."));
        check("org=python&from=2025-02-30", Err("The start date “2025-02-30” is not a calendar date: write it as YYYY-MM-DD, for example 2025-05-19."));
        check("org=python&from=2025-05-19&to=2025-5-22", Err("The end date “2025-5-22” is not a calendar date: write it as YYYY-MM-DD, for example 2025-05-19."));
        check("org=python&from=2025-05-22&to=2025-05-19", Err("The sprint ends on 2025-05-19, before it starts on 2025-05-22: swap the two dates."));
        check("org=python&from=2025-01-01&to=2025-03-31", Err("A sprint of 90 days is longer than the 62 days sprintlift compares: choose a shorter range."));
        check(
            "org=python&from=2025-01-01&tz=<script>",
            Err("“<script>” is not a time zone name: use an IANA name such as Europe/Prague."),
        );
        check("org=python&from=2025-01-01&api=file:///etc", Err("The API address “file:///etc” is not usable: give an http(s) URL such as https://github.example.com/api/v3, without ? or #."));
    }

    #[test]
    fn an_api_alone_shows_the_default_event_from_it() {
        let view = View::from_query_string("api=http://127.0.0.1:8081", "UTC").expect("view");
        assert_eq!(view.api.as_str(), "http://127.0.0.1:8081");
        assert_eq!(
            View {
                api: ApiBase::github(),
                ..view
            },
            View::pycon_us_2025()
        );
    }

    #[test]
    fn embed_and_theme_are_part_of_the_view() {
        let view = View::from_query_string(
            "org=python&from=2025-07-19&to=2025-07-20&tz=Europe/Prague&embed=1&theme=dark",
            "UTC",
        )
        .expect("view");
        assert!(view.embed);
        assert_eq!(view.theme, Theme::Dark);
        assert_eq!(
            View::from_query_string(&view.to_query(), "UTC"),
            Ok(view.clone())
        );
        assert!(!view.with_embed(false).to_query().contains("embed"));
        let only_theme = View::from_query_string("theme=light", "UTC").expect("view");
        assert_eq!(only_theme.theme, Theme::Light);
        assert_eq!(only_theme.days, View::pycon_us_2025().days);
        check(
            "theme=blue",
            Err("theme=blue is not a theme: use theme=light, theme=dark or theme=auto."),
        );
        check(
            "embed=yes",
            Err("embed=yes is not understood: use embed=1 for the compact card, or leave it out."),
        );
    }

    #[test]
    fn a_snapshot_address_replaces_the_view() {
        let view =
            View::from_query_string("snapshot=data/pycon.json&embed=1", "UTC").expect("view");
        assert_eq!(view.snapshot.as_deref(), Some("data/pycon.json"));
        assert!(view.embed);
        assert_eq!(view.to_query(), "snapshot=data/pycon.json&embed=1");
        for address in ["https://example.org/s.json", "/s.json", "s.json?v=2"] {
            assert!(
                View::from_query_string(&format!("snapshot={}", encode_component(address)), "UTC")
                    .is_ok(),
                "{address}"
            );
        }
        check("snapshot=javascript:alert(1)", Err("snapshot=javascript:alert(1) is not a file address: give an http(s) URL or a path on this site, such as snapshot=pycon-us-2025.json."));
        check("snapshot=//evil.example/x.json", Err("snapshot=//evil.example/x.json is not a file address: give an http(s) URL or a path on this site, such as snapshot=pycon-us-2025.json."));
        check("snapshot=data:application/json,{}", Err("snapshot=data:application/json,{} is not a file address: give an http(s) URL or a path on this site, such as snapshot=pycon-us-2025.json."));
    }

    #[test]
    fn compare_names_known_events() {
        let view = View::from_query_string(
            "compare=pycon-us-2025,+europython-2025,pycon-us-2025&api=http://127.0.0.1:9",
            "UTC",
        )
        .expect("view");
        assert_eq!(view.compare, ["pycon-us-2025", "europython-2025"]);
        assert_eq!(
            view.to_query(),
            "compare=pycon-us-2025,europython-2025&api=http://127.0.0.1:9"
        );
        check("compare=pycon-us-2099", Err("“pycon-us-2099” is not a known event; compare takes ids from the menu of known sprints, such as compare=pycon-us-2025,europython-2025."));
    }

    #[test]
    fn baseline_and_filters_come_from_the_url() {
        let view = View::from_query_string(
            "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York&before=8&after=0&bots=1",
            "UTC",
        )
        .expect("view");
        assert_eq!(
            (
                view.weeks_before,
                view.weeks_after,
                view.bots,
                view.backports
            ),
            (8, 0, true, false)
        );
        assert_eq!(
            view.to_query(),
            "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York&before=8&after=0&bots=1"
        );
        let form = FormValues::for_url("", &Ok(view.clone()));
        assert_eq!(View::from_query_string(&form.to_query(), "UTC"), Ok(view));
        assert!(!View::pycon_us_2025().to_query().contains("before"));
        check(
            "org=python&from=2025-05-19&before=13",
            Err("before=13 is not a number of weeks from 0 to 12."),
        );
        check(
            "org=python&from=2025-05-19&before=0&after=0",
            Err("The baseline needs at least one week before or after the sprint."),
        );
        check(
            "org=python&from=2025-05-19&bots=yes",
            Err("bots=yes is not understood: use bots=1 to count them, or leave it out."),
        );
    }

    #[test]
    fn repositories_name_the_scope_and_round_trip() {
        let view = View::from_query_string(
            "repos=django/django,+fabric/fabric,django/django&from=2013-03-18&to=2013-03-21&tz=America/Los_Angeles",
            "UTC",
        )
        .expect("view");
        assert_eq!(view.repos, ["django/django", "fabric/fabric"]);
        assert_eq!(
            view.scope(),
            Scope::Repos(vec!["django/django".into(), "fabric/fabric".into()])
        );
        assert_eq!(view.scope_label(), "django/django and fabric/fabric");
        assert_eq!(
            view.to_query(),
            "repos=django/django,fabric/fabric&from=2013-03-18&to=2013-03-21&tz=America/Los_Angeles"
        );
        assert_eq!(View::from_query_string(&view.to_query(), "UTC"), Ok(view));
    }

    #[test]
    fn query_strings_decode_and_encode_symmetrically() {
        let pairs = decode_query("?a=1+2&b=%E2%9C%93&c&d=%zz&e=x%26y");
        let expected = [
            ("a", "1 2"),
            ("b", "✓"),
            ("c", ""),
            ("d", "%zz"),
            ("e", "x&y"),
        ];
        let got: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(got, expected);
        let encoded = encode_query(got.iter().copied());
        assert_eq!(encoded, "a=1+2&b=%E2%9C%93&c=&d=%25zz&e=x%26y");
        assert_eq!(decode_query(&encoded), pairs);
    }

    fn check_form(search: &str, expected: [&str; 5], expected_query: &str) {
        let parsed = View::from_query_string(search, BROWSER_ZONE);
        let values = FormValues::for_url(search, &parsed);
        let got = [
            &values.org,
            &values.from,
            &values.to,
            &values.tz,
            &values.api,
        ]
        .map(String::as_str);
        assert_eq!(got, expected, "{search}");
        assert_eq!(values.to_query(), expected_query, "{search}");
    }

    #[test]
    fn form_shows_the_view_or_keeps_what_was_typed() {
        check_form(
            "",
            ["python", "2025-05-19", "2025-05-22", "America/New_York", ""],
            "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York",
        );
        check_form(
            "org=python&from=2025-08-15&api=http://127.0.0.1:9",
            [
                "python",
                "2025-08-15",
                "2025-08-15",
                "Europe/Prague",
                "http://127.0.0.1:9",
            ],
            "org=python&from=2025-08-15&to=2025-08-15&tz=Europe/Prague&api=http://127.0.0.1:9",
        );
        check_form(
            "org=python&from=19%2F05%2F2025&tz=Mars/Olympus",
            ["python", "19/05/2025", "", "Mars/Olympus", ""],
            "org=python&from=19/05/2025&to=&tz=Mars/Olympus",
        );
    }
}
