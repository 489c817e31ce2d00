//! The words of a view's card (the SVG a baked site carries for places
//! that take an image but not an iframe): a title, the headline figures
//! with their lifts, and the alt text that states them. The bake draws it;
//! the page's Embed panel writes the same alt text into its snippet.

use crate::fetched_figures::{Figures, Known, HEADLINE};
use crate::lift::Lift;
use crate::view_state::Sprint;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardText {
    /// "python · Mon 19 May – Thu 22 May 2025 (America/New_York)".
    pub title: String,
    /// One line per known headline figure: "370 pull requests opened · 2.1× a normal week".
    pub lines: Vec<String>,
    /// Everything above in one sentence, for `alt`.
    pub alt: String,
}

pub fn card_text(sprint: &Sprint, figures: &Figures) -> CardText {
    let title = sprint.title();
    let lines: Vec<String> = HEADLINE
        .iter()
        .filter_map(|&figure| {
            let value = figures.sprint(figure).value()?.value;
            let lift = match figures.lift(figure) {
                Known::Value(Lift::Ratio { value, .. }) => format!(" · {value:.1}× a normal week"),
                _ => String::new(),
            };
            Some(format!("{value} {}{lift}", figure.label()))
        })
        .collect();
    let alt = format!(
        "sprintlift: {title}: {}. Chart: pull requests opened in the sprint and in each ordinary week.",
        lines.join("; ")
    );
    CardText { title, lines, alt }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_states_the_known_figures_with_their_lifts() {
        let text = r#"{"sprintlift_snapshot": 1, "view": "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York", "taken_at": "2026-11-22T05:00:00Z",
        "windows": [
          {"first_day": "2025-05-19", "last_day": "2025-05-22", "start": "2025-05-19T04:00:00Z", "end": "2025-05-23T04:00:00Z", "figures": {"opened": 300, "merged": 90}},
          {"first_day": "2025-05-12", "last_day": "2025-05-15", "start": "2025-05-12T04:00:00Z", "end": "2025-05-16T04:00:00Z", "figures": {"opened": 100, "merged": 60}},
          {"first_day": "2025-05-26", "last_day": "2025-05-29", "start": "2025-05-26T04:00:00Z", "end": "2025-05-30T04:00:00Z", "figures": {"opened": 200, "merged": 60}},
          {"first_day": "2025-06-02", "last_day": "2025-06-05", "start": "2025-06-02T04:00:00Z", "end": "2025-06-06T04:00:00Z", "figures": {"opened": 150, "merged": 60}}
        ]}"#;
        let snapshot = crate::snapshot::parse(text).expect("snapshot");
        let card = card_text(&snapshot.view.sprint, &snapshot.figures);
        assert_eq!(
            card.title,
            "python · Mon 19 May – Thu 22 May 2025 (America/New_York)"
        );
        assert_eq!(
            card.lines,
            [
                "300 pull requests opened · 2.0× a normal week",
                "90 pull requests merged · 1.5× a normal week",
            ]
        );
        assert!(card
            .alt
            .contains("300 pull requests opened · 2.0× a normal week; 90 pull requests merged"));
    }
}
