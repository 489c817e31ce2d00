//! A baked view's card: an SVG with the headline figures and their lifts
//! above the opened-per-window chart, drawn by the page's own chart code
//! (`sprintlift-chart`) into plotters' SVG backend. Light by default and
//! dark where the reader's system is (`prefers-color-scheme`), through a
//! style sheet that recolours the light palette's colours.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use sprintlift_chart::{paint, Palette};
use sprintlift_core::card::card_text;
use sprintlift_core::chart_spec::windows_chart;
use sprintlift_core::fetched_figures::Figures;
use sprintlift_core::metrics::Figure;
use sprintlift_core::view_state::Sprint;

const WIDTH: u32 = 640;
const HEIGHT: u32 = 440;
/// Height of the text above the chart.
const HEAD: u32 = 138;

type Rgb = (u8, u8, u8);

/// The dark theme's colour for each light one (style/main.css).
const DARK: [(Rgb, Rgb); 5] = [
    ((31, 35, 40), (230, 237, 243)),
    ((89, 99, 110), (145, 152, 161)),
    ((209, 217, 224), (61, 68, 77)),
    ((255, 255, 255), (21, 27, 35)),
    ((9, 105, 218), (68, 147, 248)),
];

/// The card of `sprint`, as SVG text; `None` until the opened figure is
/// known in every window (the chart needs them).
pub fn card_svg(sprint: &Sprint, figures: &Figures) -> Option<String> {
    let chart = windows_chart(figures, Figure::Opened)?;
    let text = card_text(sprint, figures);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let palette = Palette::LIGHT;
        root.fill(&palette.surface).ok()?;
        let (head, body) = root.split_vertically(HEAD);
        let left = Pos::new(HPos::Left, VPos::Top);
        let title = ("sans-serif", 17.0)
            .into_font()
            .style(FontStyle::Bold)
            .color(&palette.text)
            .pos(left);
        head.draw(&Text::new(text.title.clone(), (16, 14), title))
            .ok()?;
        let line = ("sans-serif", 15.0)
            .into_font()
            .color(&palette.text)
            .pos(left);
        for (i, words) in text.lines.iter().take(5).enumerate() {
            let y = 42 + 19 * i as i32;
            head.draw(&Text::new(words.clone(), (16, y), line.clone()))
                .ok()?;
        }
        paint(&body, &chart, &palette, 1.0).ok()?;
        root.present().ok()?;
    }
    Some(with_themes(&svg, &text.alt))
}

/// Adds a title (the alt text), and a style sheet that swaps the light
/// palette for the dark one when the reader's system is dark.
fn with_themes(svg: &str, alt: &str) -> String {
    let hex = |(r, g, b): Rgb| format!("#{r:02X}{g:02X}{b:02X}");
    let mut rules = String::new();
    for (light, dark) in DARK {
        let (light, dark) = (hex(light), hex(dark));
        for property in ["fill", "stroke"] {
            // plotters writes colours in upper case; both cases are matched.
            for case in [light.clone(), light.to_lowercase()] {
                rules.push_str(&format!("[{property}=\"{case}\"]{{{property}:{dark}}}"));
            }
        }
    }
    let head = format!(
        "<title>{}</title><style>@media (prefers-color-scheme: dark){{{rules}}}</style>",
        escape(alt)
    );
    match svg.find('>') {
        Some(end) => format!("{}{head}{}", &svg[..=end], &svg[end + 1..]),
        None => svg.to_string(),
    }
}

/// Text as XML character data.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
