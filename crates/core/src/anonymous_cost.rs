//! What a view costs a visitor without a token, said before it starts:
//! GitHub allows 10 searches a minute without one, so a view whose plan
//! needs more than ten minutes of searching is named as such, with what a
//! token or a baked site would change, and the visitor chooses.

use crate::fetch_plan::Fetch;

/// Searches a minute GitHub allows without a token.
pub const ANONYMOUS_PER_MINUTE: usize = 10;
/// Past this many minutes of searching, the page asks first.
pub const ASK_FIRST_MINUTES: usize = 10;

/// A view's cost without a token; Display is the page's sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnonymousCost {
    /// Searches the plan needs at least (its listings may need more pages).
    pub searches: usize,
}

impl AnonymousCost {
    /// The cost of what `fetch` still has to ask, when it is over the
    /// threshold; `None` when the view is quick enough to just load.
    pub fn of(fetch: &Fetch) -> Option<AnonymousCost> {
        let (_, left) = fetch.progress();
        let cost = AnonymousCost { searches: left };
        (cost.minutes() > ASK_FIRST_MINUTES).then_some(cost)
    }

    /// Minutes of searching at the anonymous limit, rounded up.
    pub fn minutes(&self) -> usize {
        self.searches.div_ceil(ANONYMOUS_PER_MINUTE)
    }

    /// "about 25 minutes", "about 3.8 hours".
    pub fn duration(&self) -> String {
        let minutes = self.minutes();
        if minutes < 90 {
            format!("about {minutes} minutes")
        } else {
            let tenths = minutes.saturating_mul(10).saturating_add(30) / 60;
            format!("about {}.{} hours", tenths / 10, tenths % 10)
        }
    }
}

impl std::fmt::Display for AnonymousCost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "This view needs at least {} searches: {} without a token, at GitHub's limit of {ANONYMOUS_PER_MINUTE} a minute. With a token it takes a few requests; a site that bakes the view shows it at once.",
            thousands(self.searches),
            self.duration()
        )
    }
}

/// 2290 → "2,290".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && digits.len().saturating_sub(i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch_plan::Mode;
    use crate::test_zone::JiffZone;
    use crate::view_load::ViewLoad;
    use crate::view_state::View;

    #[test]
    fn the_sentence_says_searches_and_time() {
        let cases = [
            (101, "at least 101 searches: about 11 minutes"),
            (890, "at least 890 searches: about 89 minutes"),
            (2290, "at least 2,290 searches: about 3.8 hours"),
        ];
        for (searches, words) in cases {
            let sentence = AnonymousCost { searches }.to_string();
            assert!(sentence.contains(words), "{searches}: {sentence}");
        }
    }

    #[test]
    fn only_a_view_over_ten_minutes_asks_first() {
        let now = crate::civil_text::parse_instant("2026-12-05T00:00:00Z").expect("now");
        let cost = |query: &str, mode: Mode| {
            let view = View::from_query_string(query, "UTC").expect("view");
            let sprint = view.data().expect("a sprint").sprint;
            let zone = JiffZone::new(&sprint.zone);
            let (_, fetch) = ViewLoad::plan(&sprint, &zone, mode, now);
            AnonymousCost::of(&fetch)
        };
        let pycon = "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York";
        assert_eq!(
            cost(pycon, Mode::Anonymous),
            None,
            "the default view loads at once"
        );
        let repos: Vec<String> = (0..30).map(|i| format!("owner{i}/repo{i}")).collect();
        let many = format!(
            "repos={}&from=2025-05-19&to=2025-05-22&tz=America/New_York&before=12&after=12",
            repos.join(",")
        );
        let asked = cost(&many, Mode::Anonymous).expect("a costly view asks first");
        assert!(asked.minutes() > ASK_FIRST_MINUTES, "{asked:?}");
    }
}
