//! The URL's parameters, each named once. Reading a URL, the form's fields
//! and every URL the page writes go through this table, so a parameter
//! cannot be spelled two ways or dropped by one navigation and not another.

use super::{Page, View, DEFAULT_BASELINE_WEEKS};
use crate::civil_text::date_text;

/// One URL parameter. `ALL` is the canonical order of a written URL: what
/// the page is, then the sprint, then how it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    Snapshot,
    Compare,
    Org,
    Repos,
    From,
    To,
    Tz,
    Before,
    After,
    Bots,
    Backports,
    Api,
    Embed,
    Theme,
}

/// What the view form does with a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InForm {
    /// A field a person edits.
    Edited,
    /// Not a field, but kept, so a submitted form stays on the same API and
    /// colours.
    Carried,
    /// Not the form's business (it edits one sprint, shown as a full page).
    Absent,
}

impl Param {
    pub const COUNT: usize = 14;
    pub const ALL: [Param; Param::COUNT] = [
        Param::Snapshot,
        Param::Compare,
        Param::Org,
        Param::Repos,
        Param::From,
        Param::To,
        Param::Tz,
        Param::Before,
        Param::After,
        Param::Bots,
        Param::Backports,
        Param::Api,
        Param::Embed,
        Param::Theme,
    ];

    /// The parameter's name in the URL, and the form input's name.
    pub fn name(self) -> &'static str {
        match self {
            Param::Snapshot => "snapshot",
            Param::Compare => "compare",
            Param::Org => "org",
            Param::Repos => "repos",
            Param::From => "from",
            Param::To => "to",
            Param::Tz => "tz",
            Param::Before => "before",
            Param::After => "after",
            Param::Bots => "bots",
            Param::Backports => "backports",
            Param::Api => "api",
            Param::Embed => "embed",
            Param::Theme => "theme",
        }
    }

    pub fn named(name: &str) -> Option<Param> {
        Param::ALL.into_iter().find(|p| p.name() == name)
    }

    pub fn in_form(self) -> InForm {
        match self {
            Param::Snapshot | Param::Compare | Param::Embed => InForm::Absent,
            Param::Api | Param::Theme => InForm::Carried,
            _ => InForm::Edited,
        }
    }

    /// Whether the figures depend on it: the sprint and the API, not how
    /// the page shows them. Baked views are named by these alone.
    pub fn is_data(self) -> bool {
        !matches!(
            self,
            Param::Snapshot | Param::Compare | Param::Embed | Param::Theme
        )
    }

    /// The value a URL of `view` carries, or `None` when it leaves the
    /// parameter out: it does not apply to the view's page, or it is the
    /// default (written out, the shared link only gets longer).
    pub fn written(self, view: &View) -> Option<String> {
        let sprint = match &view.page {
            Page::Sprint(sprint) => Some(sprint),
            _ => None,
        };
        let baseline_not_default = |s: &&super::Sprint| {
            (s.baseline.before, s.baseline.after)
                != (DEFAULT_BASELINE_WEEKS, DEFAULT_BASELINE_WEEKS)
        };
        let show = &view.show;
        match self {
            Param::Snapshot => match &view.page {
                Page::Snapshot(address) => Some(address.clone()),
                _ => None,
            },
            Param::Compare => match &view.page {
                Page::Compare(events) => {
                    Some(events.iter().map(|p| p.id).collect::<Vec<_>>().join(","))
                }
                _ => None,
            },
            Param::Org => sprint?.scope.org().map(str::to_string),
            Param::Repos => sprint?.scope.repos().map(|repos| repos.join(",")),
            Param::From => Some(date_text(sprint?.days.from)),
            Param::To => Some(date_text(sprint?.days.to)),
            Param::Tz => Some(sprint?.zone.clone()),
            Param::Before => sprint
                .filter(baseline_not_default)
                .map(|s| s.baseline.before.to_string()),
            Param::After => sprint
                .filter(baseline_not_default)
                .map(|s| s.baseline.after.to_string()),
            Param::Bots => sprint?.counting.bots.then(|| "1".to_string()),
            Param::Backports => sprint?.counting.backports.then(|| "1".to_string()),
            Param::Api => (!show.api.is_github()).then(|| show.api.as_str().to_string()),
            Param::Embed => show.embed.then(|| "1".to_string()),
            Param::Theme => {
                (show.theme != super::Theme::Auto).then(|| show.theme.name().to_string())
            }
        }
    }

    /// What the form shows for it: as written, but with defaults visible
    /// (the baseline's weeks) and repositories spaced for reading.
    pub fn shown_in_form(self, view: &View) -> String {
        let sprint = match &view.page {
            Page::Sprint(sprint) => Some(sprint),
            _ => None,
        };
        match (self, sprint) {
            (Param::Before, Some(s)) => s.baseline.before.to_string(),
            (Param::After, Some(s)) => s.baseline.after.to_string(),
            (Param::Repos, Some(s)) => s.scope.repos().map(|r| r.join(", ")).unwrap_or_default(),
            _ => self.written(view).unwrap_or_default(),
        }
    }
}

/// The last value each parameter had in a URL (as most web frameworks
/// read repeats), trimmed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Raw<'a>([Option<&'a str>; Param::COUNT]);

impl<'a> Raw<'a> {
    pub(super) fn read(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Raw<'a> {
        let mut raw = Raw::default();
        for (key, value) in pairs {
            if let Some(param) = Param::named(key) {
                raw.0[param as usize] = Some(value.trim());
            }
        }
        raw
    }

    /// Its value, when given and not empty: an empty value means the
    /// default, as a field left blank does.
    pub(super) fn get(&self, param: Param) -> Option<&'a str> {
        self.0[param as usize].filter(|v| !v.is_empty())
    }

    /// Whether the URL names anything of a sprint (even empty, as a form
    /// submitted blank does): otherwise it shows the default event.
    pub(super) fn names_a_sprint(&self) -> bool {
        Param::ALL
            .into_iter()
            .filter(|p| p.in_form() == InForm::Edited)
            .any(|p| self.0[p as usize].is_some())
    }
}
