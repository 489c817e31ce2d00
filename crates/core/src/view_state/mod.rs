//! The view a URL describes, and the URL that describes a view.
//!
//! The URL is the single source of view state: the page parses it on every
//! navigation and writes a new one when the form changes. Parsing never
//! guesses silently: a value it cannot use is an error the page shows.
//!
//! A view is one of three pages (a sprint measured live, a snapshot file,
//! known events side by side) and how it is shown. Every parameter is named
//! once, in `params`.

mod checks;
mod form;
mod params;
mod query_text;

pub use form::FormValues;
pub use params::{InForm, Param};
pub use query_text::{decode_query, encode_query};

use crate::api_base::{ApiBase, ApiBaseError};
use crate::baseline::BaselineSpec;
use crate::event_window::EventDays;
use crate::presets::{Preset, PRESETS};
use crate::search_query::Scope;
use checks::{is_login, is_snapshot_address, is_zone_name, parse_date, parse_repos};
use jiff::civil::Date;
use params::Raw;

/// Longest sprint the dashboard accepts, in days. Baselines are built from
/// whole weeks around the sprint, so anything longer stops being a sprint.
pub const MAX_SPRINT_DAYS: i64 = 62;

/// Most repositories one view covers: each query carries all of them, so
/// more means more requests for every figure.
pub const MAX_REPOS: usize = 30;

/// Most events compared side by side.
pub const MAX_COMPARED: usize = 6;

/// Most baseline weeks on either side of the sprint.
pub const MAX_BASELINE_WEEKS: u32 = 12;
/// The baseline when the URL names none.
pub const DEFAULT_BASELINE_WEEKS: u32 = 4;

/// A complete, valid view: what the page is, and how it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub page: Page,
    pub show: Presentation,
}

/// What the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// One sprint, its figures asked from the API.
    Sprint(Sprint),
    /// A snapshot file's figures, from this address (an http(s) URL or a
    /// path on this site).
    Snapshot(String),
    /// Known events side by side, in the order given, each once.
    Compare(Vec<&'static Preset>),
}

/// How the page is shown, whatever it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presentation {
    /// Where GitHub's API is: GitHub itself, an Enterprise Server, or the
    /// local stand-in.
    pub api: ApiBase,
    /// A compact card for iframes: headline and chart, no form.
    pub embed: bool,
    pub theme: Theme,
}

impl Default for Presentation {
    fn default() -> Presentation {
        Presentation {
            api: ApiBase::github(),
            embed: false,
            theme: Theme::Auto,
        }
    }
}

/// A sprint to measure: where, when, against which ordinary weeks, and
/// which PRs count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sprint {
    pub scope: SprintScope,
    pub days: EventDays,
    /// IANA name of the event's time zone; resolved by the shell.
    pub zone: String,
    pub baseline: BaselineSpec,
    pub counting: Counting,
}

/// What a sprint covers: one organisation, or a list of repositories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SprintScope {
    Org(String),
    /// `owner/name` of each, at least one and at most `MAX_REPOS`.
    Repos(Vec<String>),
}

impl SprintScope {
    pub fn org(&self) -> Option<&str> {
        match self {
            SprintScope::Org(org) => Some(org),
            SprintScope::Repos(_) => None,
        }
    }

    pub fn repos(&self) -> Option<&[String]> {
        match self {
            SprintScope::Org(_) => None,
            SprintScope::Repos(repos) => Some(repos),
        }
    }
}

/// PRs that are left out unless the URL asks for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counting {
    /// Count bots' PRs too.
    pub bots: bool,
    /// Count backports too.
    pub backports: bool,
}

impl Counting {
    /// What the view counts, as the page says it beside a figure: "bots
    /// and backports out" by default.
    pub fn description(&self) -> &'static str {
        match (self.bots, self.backports) {
            (false, false) => "bots and backports out",
            (true, false) => "bots counted, backports out",
            (false, true) => "bots out, backports counted",
            (true, true) => "bots and backports counted",
        }
    }
}

/// A sprint and the API its figures are asked from: what a load, a bake,
/// a baked site's entry and a snapshot are about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataView {
    pub sprint: Sprint,
    pub api: ApiBase,
}

impl DataView {
    /// What the figures depend on, as a query: the sprint's parameters and
    /// the API when it is not GitHub. Baked views are named by it.
    pub fn key(&self) -> String {
        let view = View::sprint(self.sprint.clone(), self.api.clone());
        view.query_of(|p| p.is_data())
    }
}

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
    #[error("snapshot={0} uses plain http, which anyone on the way can change: use https://, or http:// only for this computer (localhost or 127.0.0.1).")]
    PlainHttpSnapshot(String),
    #[error(transparent)]
    Api(#[from] ApiBaseError),
}

impl Sprint {
    /// Reads only a sprint's parameters from a query string (a known
    /// event's, say), whatever else it holds.
    pub fn from_query_string(search: &str, browser_zone: &str) -> Result<Sprint, ViewError> {
        let pairs = decode_query(search);
        read_sprint(
            &Raw::read(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            &|| browser_zone.to_string(),
        )
    }

    /// The sprint shown when a URL names none: the PyCon US 2025 sprints.
    pub fn pycon_us_2025() -> Sprint {
        Sprint {
            scope: SprintScope::Org("python".to_string()),
            days: EventDays {
                from: jiff::civil::date(2025, 5, 19),
                to: jiff::civil::date(2025, 5, 22),
            },
            zone: "America/New_York".to_string(),
            baseline: BaselineSpec::default(),
            counting: Counting::default(),
        }
    }

    /// Which PRs count, as the URL says.
    pub fn filters(&self) -> crate::pr::Filters {
        crate::pr::Filters {
            exclude_bots: !self.counting.bots,
            exclude_backports: !self.counting.backports,
            include_drafts: true,
        }
    }

    pub fn scope(&self) -> Scope {
        match &self.scope {
            SprintScope::Org(org) => Scope::org(org),
            SprintScope::Repos(repos) => Scope::Repos(repos.clone()),
        }
    }

    /// What the sprint covers, for people: "python", or "django/django and
    /// 4 more repositories".
    pub fn scope_label(&self) -> String {
        match &self.scope {
            SprintScope::Org(org) => org.clone(),
            SprintScope::Repos(repos) => match repos.as_slice() {
                [] => String::new(),
                [one] => one.clone(),
                [first, second] => format!("{first} and {second}"),
                [first, rest @ ..] => format!("{first} and {} more repositories", rest.len()),
            },
        }
    }

    /// "python · Mon 19 May – Thu 22 May 2025 (America/New_York)".
    pub fn title(&self) -> String {
        format!(
            "{} · {} ({})",
            self.scope_label(),
            self.days.label(),
            self.zone
        )
    }

    /// Whether two sprints are the same event: same scope, days and zone,
    /// whatever the baseline and counting.
    pub fn same_event(&self, other: &Sprint) -> bool {
        (&self.scope, self.days, &self.zone) == (&other.scope, other.days, &other.zone)
    }
}

impl View {
    /// The full-page view of `sprint`, its figures asked from `api`.
    pub fn sprint(sprint: Sprint, api: ApiBase) -> View {
        View {
            page: Page::Sprint(sprint),
            show: Presentation {
                api,
                ..Presentation::default()
            },
        }
    }

    /// The sprint and API of a sprint page.
    pub fn data(&self) -> Option<DataView> {
        match &self.page {
            Page::Sprint(sprint) => Some(DataView {
                sprint: sprint.clone(),
                api: self.show.api.clone(),
            }),
            _ => None,
        }
    }

    /// Reads a view from decoded query parameters. A missing `tz` means the
    /// browser's zone, a missing `to` a one-day sprint, a missing `api`
    /// GitHub itself; a URL with none of a sprint's parameters shows the
    /// default event.
    pub fn from_params<'a>(
        params: impl IntoIterator<Item = (&'a str, &'a str)>,
        browser_zone: &dyn Fn() -> String,
    ) -> Result<View, ViewError> {
        let raw = Raw::read(params);
        let show = read_presentation(&raw)?;
        // A comparison of no event (`compare=,`) is no comparison.
        let compared = match raw.get(Param::Compare) {
            Some(list) => read_compare(list)?,
            None => Vec::new(),
        };
        let page = if !compared.is_empty() {
            Page::Compare(compared)
        } else if let Some(address) = raw.get(Param::Snapshot) {
            if !is_snapshot_address(address) {
                return Err(ViewError::BadSnapshot(address.to_string()));
            }
            if checks::is_plain_http_elsewhere(address) {
                return Err(ViewError::PlainHttpSnapshot(address.to_string()));
            }
            Page::Snapshot(address.to_string())
        } else if raw.names_a_sprint() {
            Page::Sprint(read_sprint(&raw, browser_zone)?)
        } else {
            Page::Sprint(Sprint::pycon_us_2025())
        };
        Ok(View { page, show })
    }

    /// Reads a view from a raw query string such as `location.search`
    /// (with or without its leading `?`).
    pub fn from_query_string(search: &str, browser_zone: &str) -> Result<View, ViewError> {
        View::from_query_string_asking(search, &|| browser_zone.to_string())
    }

    /// `from_query_string`, asking for the browser's zone only when the URL
    /// names a sprint without `tz`: finding it costs the browser a
    /// formatter (tens of milliseconds on a slow phone).
    pub fn from_query_string_asking(
        search: &str,
        browser_zone: &dyn Fn() -> String,
    ) -> Result<View, ViewError> {
        let pairs = decode_query(search);
        View::from_params(
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            browser_zone,
        )
    }

    /// The canonical query string for this view: its parameters in the
    /// table's order, each only where it applies and is not the default.
    pub fn to_query(&self) -> String {
        self.query_of(|_| true)
    }

    fn query_of(&self, keep: impl Fn(Param) -> bool) -> String {
        let pairs: Vec<(&str, String)> = Param::ALL
            .into_iter()
            .filter(|p| keep(*p))
            .filter_map(|p| Some((p.name(), p.written(self)?)))
            .collect();
        encode_query(pairs.iter().map(|(k, v)| (*k, v.as_str())))
    }

    /// The same view as a full page or as an embed card.
    pub fn with_embed(&self, embed: bool) -> View {
        let mut view = self.clone();
        view.show.embed = embed;
        view
    }
}

fn read_presentation(raw: &Raw) -> Result<Presentation, ViewError> {
    let api = match raw.get(Param::Api) {
        None => ApiBase::github(),
        Some(text) => ApiBase::parse(text)?,
    };
    let embed = match raw.get(Param::Embed) {
        None | Some("0" | "false") => false,
        Some("1" | "true") => true,
        Some(other) => return Err(ViewError::BadEmbed(other.to_string())),
    };
    let theme = match raw.get(Param::Theme) {
        None | Some("auto") => Theme::Auto,
        Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        Some(other) => return Err(ViewError::BadTheme(other.to_string())),
    };
    Ok(Presentation { api, embed, theme })
}

/// Known events' ids, comma-separated; repeats dropped.
fn read_compare(list: &str) -> Result<Vec<&'static Preset>, ViewError> {
    let mut events: Vec<&'static Preset> = Vec::new();
    for id in list.split(',').map(str::trim).filter(|id| !id.is_empty()) {
        let preset = PRESETS
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| ViewError::UnknownEvent(id.to_string()))?;
        if !events.iter().any(|p| p.id == id) {
            events.push(preset);
        }
    }
    if events.len() > MAX_COMPARED {
        return Err(ViewError::TooManyEvents(events.len()));
    }
    Ok(events)
}

fn read_sprint(raw: &Raw, browser_zone: &dyn Fn() -> String) -> Result<Sprint, ViewError> {
    let repos = parse_repos(raw.get(Param::Repos).unwrap_or_default())?;
    let scope = match (raw.get(Param::Org), repos.is_empty()) {
        (None, false) => SprintScope::Repos(repos),
        (Some(_), false) => return Err(ViewError::OrgAndRepos),
        (None, true) => return Err(ViewError::MissingOrg),
        (Some(org), true) if is_login(org) => SprintScope::Org(org.to_string()),
        (Some(org), true) => return Err(ViewError::BadOrg(org.to_string())),
    };
    let from = match raw.get(Param::From) {
        None => return Err(ViewError::MissingFrom),
        Some(text) => parse_date("start", text)?,
    };
    let to = match raw.get(Param::To) {
        None => from,
        Some(text) => parse_date("end", text)?,
    };
    let days = EventDays { from, to };
    if days.is_empty() {
        return Err(ViewError::Reversed { from, to });
    }
    if days.len() > MAX_SPRINT_DAYS {
        return Err(ViewError::TooLong(days.len()));
    }
    let zone = match raw.get(Param::Tz) {
        None => browser_zone(),
        Some(tz) if is_zone_name(tz) => tz.to_string(),
        Some(tz) => return Err(ViewError::BadZone(tz.to_string())),
    };
    let weeks = |param: Param| match raw.get(param) {
        None => Ok(DEFAULT_BASELINE_WEEKS),
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|w| *w <= MAX_BASELINE_WEEKS)
            .ok_or(ViewError::BadWeeks {
                field: param.name(),
                value: text.to_string(),
            }),
    };
    let baseline = BaselineSpec {
        before: weeks(Param::Before)?,
        after: weeks(Param::After)?,
    };
    if baseline.before.saturating_add(baseline.after) == 0 {
        return Err(ViewError::NoBaseline);
    }
    let flag = |param: Param| match raw.get(param) {
        None | Some("0" | "false") => Ok(false),
        Some("1" | "true") => Ok(true),
        Some(other) => Err(ViewError::BadFlag {
            field: param.name(),
            value: other.to_string(),
        }),
    };
    Ok(Sprint {
        scope,
        days,
        zone,
        baseline,
        counting: Counting {
            bots: flag(Param::Bots)?,
            backports: flag(Param::Backports)?,
        },
    })
}

#[cfg(test)]
mod tests;
