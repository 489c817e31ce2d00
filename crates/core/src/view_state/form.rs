//! The view form's values: the fields a person edits and the parameters it
//! carries unseen, each a `Param` of the URL table.

use super::params::{InForm, Param};
use super::{decode_query, encode_query, View, ViewError, DEFAULT_BASELINE_WEEKS};

/// What the form shows for a URL: the view's values when the URL is valid
/// (so defaults are visible), the raw values otherwise (so nothing a person
/// typed is lost while the page says what is wrong with it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormValues([String; Param::COUNT]);

impl FormValues {
    /// The fields a person edits, in the form's order.
    pub fn fields() -> impl Iterator<Item = Param> {
        Param::ALL
            .into_iter()
            .filter(|p| p.in_form() == InForm::Edited)
    }

    pub fn get(&self, param: Param) -> &str {
        &self.0[param as usize]
    }

    pub fn set(&mut self, param: Param, value: String) {
        if param.in_form() != InForm::Absent {
            self.0[param as usize] = value;
        }
    }

    pub fn for_url(search: &str, parsed: &Result<View, ViewError>) -> FormValues {
        let mut values = FormValues::default();
        match parsed {
            Ok(view) => {
                for param in Param::ALL {
                    values.set(param, param.shown_in_form(view));
                }
            }
            Err(_) => {
                for (key, value) in decode_query(search) {
                    if let Some(param) = Param::named(&key) {
                        values.set(param, value);
                    }
                }
            }
        }
        values
    }

    /// The query string a submitted form navigates to: the values as typed,
    /// so that a bad one reaches the page's error message intact.
    pub fn to_query(&self) -> String {
        let value = |param: Param| self.get(param).trim();
        let default_weeks = DEFAULT_BASELINE_WEEKS.to_string();
        let default = |w: &str| w.is_empty() || w == default_weeks;
        let default_baseline = default(value(Param::Before)) && default(value(Param::After));
        let pairs = Param::ALL.into_iter().filter(|&param| match param {
            _ if param.in_form() == InForm::Absent => false,
            // Only the scope given is written, so clearing one field for
            // the other does not leave both in the URL.
            Param::Org => !value(Param::Org).is_empty() || value(Param::Repos).is_empty(),
            // The days and zone always, even blank, so the page says which
            // one is missing.
            Param::From | Param::To | Param::Tz => true,
            // The baseline only when it differs from the default, so shared
            // links stay short.
            Param::Before | Param::After => !default_baseline,
            _ => !value(param).is_empty(),
        });
        encode_query(pairs.map(|p| (p.name(), value(p))))
    }
}
