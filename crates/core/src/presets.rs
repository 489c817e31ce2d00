//! Sprints people ask about, with what was published about them afterwards,
//! so the dashboard can show "published: 370 new PRs · measured: …".
//!
//! This file is the whole list: to add an event, add an entry (its `query`
//! is the view's URL query, checked by the tests) and open a pull request.

use crate::view_state::{Sprint, ViewError};

/// A figure someone published about the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    /// What was counted: a headline figure's name, or `lift_opened`.
    pub metric: &'static str,
    /// `owner/name` when the claim is about one repository.
    pub repo: Option<&'static str>,
    /// As published, words included ("close to 300").
    pub published: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub id: &'static str,
    pub name: &'static str,
    /// The view, as URL query parameters.
    pub query: &'static str,
    pub claims: &'static [Claim],
    /// Where the dates or claims come from, and how sure they are.
    pub note: &'static str,
}

const fn claim(metric: &'static str, published: &'static str) -> Claim {
    Claim {
        metric,
        repo: None,
        published,
    }
}

const fn repo_claim(metric: &'static str, repo: &'static str, published: &'static str) -> Claim {
    Claim {
        metric,
        repo: Some(repo),
        published,
    }
}

pub const PRESETS: &[Preset] = &[
    Preset {
        id: "pycon-us-2025",
        name: "PyCon US 2025 sprints, Pittsburgh",
        query: "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York",
        claims: &[
            claim("opened", "370 new PRs to the python org"),
            repo_claim("opened", "python/cpython", "286 new PRs to CPython"),
            claim("merged", "close to 300 merged into the org"),
            claim("lift_opened", "over 2× the same period without a sprint"),
        ],
        note: "Sprint days and claims from the PSF's post about the sprints.",
    },
    Preset {
        id: "europython-2025",
        name: "EuroPython 2025 sprints, Prague",
        query: "org=python&from=2025-07-19&to=2025-07-20&tz=Europe/Prague",
        claims: &[
            claim("opened", "122 new PRs to the org"),
            repo_claim("opened", "python/cpython", "99 new PRs to CPython"),
            claim("merged", "79 merged"),
            claim("lift_opened", "1.75× a typical weekend"),
        ],
        note: "A weekend sprint: the baseline is the same weekend days.",
    },
    Preset {
        id: "pycon-kr-2025",
        name: "PyCon Korea 2025 sprint day, Seoul",
        query: "org=python&from=2025-08-15&to=2025-08-15&tz=Asia/Seoul",
        claims: &[
            claim("opened", "59 new PRs"),
            repo_claim("opened", "python/cpython", "35 new PRs to CPython"),
            claim("merged", "over 40 merged"),
            claim("lift_opened", "1.7× typical"),
        ],
        note: "The sprint day is inferred: the conference ran 15–17 August.",
    },
    Preset {
        id: "core-sprint-2020",
        name: "Virtual Python core dev sprint 2020",
        query: "org=python&from=2020-10-19&to=2020-10-23&tz=UTC",
        claims: &[claim("merged", "215 PRs merged in the core Python repositories")],
        note: "Online, so counted in UTC days.",
    },
    Preset {
        id: "core-sprint-2025-arm",
        name: "CPython core dev sprint 2025, Arm, Cambridge UK",
        query: "repos=python/cpython&from=2025-09-15&to=2025-09-19&tz=Europe/London",
        claims: &[],
        note: "The exact days are unconfirmed (likely 15–19 September).",
    },
    Preset {
        id: "pycon-us-2013",
        name: "PyCon US 2013 sprints, Santa Clara (many projects)",
        query: "repos=scikit-learn/scikit-learn,django/django,fabric/fabric,buildbot/buildbot,cherrypy/cherrypy,pyelasticsearch/pyelasticsearch,Pylons/pyramid,zopefoundation/ZODB,openhatch/oh-mainline,reddit-archive/reddit,natea/django-deployer,mythonlang/mython,mythonlang/pgen2&from=2013-03-18&to=2013-03-21&tz=America/Los_Angeles",
        claims: &[],
        note: "Projects named in the PSF's recap of the PyCon 2013 sprints that live on GitHub; sprint days from the conference schedule (18–21 March).",
    },
];

impl Preset {
    /// The event's sprint, as its query says (every preset's query is a
    /// valid sprint: the tests read each one).
    pub fn sprint(&self) -> Result<Sprint, ViewError> {
        Sprint::from_query_string(self.query, "UTC")
    }
}

/// The preset a sprint is, if it is one: same scope, days and zone.
pub fn matching(sprint: &Sprint) -> Option<&'static Preset> {
    PRESETS
        .iter()
        .find(|p| p.sprint().is_ok_and(|s| s.same_event(sprint)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Figure;

    #[test]
    fn every_preset_is_a_valid_view_with_known_metrics() {
        let mut ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
        crate::sorting::sort(&mut ids);
        ids.dedup();
        assert_eq!(ids.len(), PRESETS.len(), "ids are unique");
        let names: Vec<String> = Figure::ALL
            .iter()
            .map(|f| f.name().to_string())
            .chain(["lift_opened".to_string(), "lift_merged".to_string()])
            .collect();
        for preset in PRESETS {
            let view = crate::view_state::View::from_query_string(preset.query, "UTC")
                .unwrap_or_else(|e| panic!("{}: {e}", preset.id));
            assert_eq!(view.to_query(), preset.query, "{} is canonical", preset.id);
            let sprint = preset.sprint().expect("a sprint");
            assert_eq!(matching(&sprint).map(|p| p.id), Some(preset.id));
            for claim in preset.claims {
                assert!(
                    names.contains(&claim.metric.to_string()),
                    "{}: {}",
                    preset.id,
                    claim.metric
                );
            }
        }
    }

    #[test]
    fn the_default_view_is_the_first_preset() {
        assert_eq!(
            matching(&Sprint::pycon_us_2025()).map(|p| p.id),
            Some("pycon-us-2025")
        );
    }
}
