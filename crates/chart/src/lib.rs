//! One drawing of a core `BarChart` for every backend: the page paints it
//! on a `<canvas>` in its theme's colours, the bake into an SVG card. What
//! a chart shows is decided by `core::chart_spec`; how it looks, here.

use plotters::coord::Shift;
use plotters::prelude::*;
use sprintlift_core::chart_spec::{BarChart, BarKind};

/// The colours a chart is drawn in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub text: RGBColor,
    pub muted: RGBColor,
    pub border: RGBColor,
    pub surface: RGBColor,
    pub accent: RGBColor,
}

impl Palette {
    /// The light theme's colours (style/main.css).
    pub const LIGHT: Palette = Palette {
        text: RGBColor(31, 35, 40),
        muted: RGBColor(89, 99, 110),
        border: RGBColor(209, 217, 224),
        surface: WHITE,
        accent: RGBColor(9, 105, 218),
    };
}

type Drawn<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Paints `chart` on `area`, `ratio` device pixels per CSS pixel.
pub fn paint<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &BarChart,
    palette: &Palette,
    ratio: f64,
) -> Drawn<DB> {
    let Palette {
        text,
        muted,
        border,
        surface,
        accent,
    } = *palette;
    let px = |n: f64| (n * ratio) as u32;
    let font = |size: f64| ("sans-serif", size * ratio);

    area.fill(&surface)?;
    let n = chart.bars.len().max(1);
    let mut plot = ChartBuilder::on(area)
        .margin(px(12.0))
        .margin_top(px(28.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(52.0))
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..chart.y_max as f64)?;
    let labels: Vec<String> = chart.bars.iter().map(|b| b.label.clone()).collect();
    // Labels need about 52 CSS pixels each; on narrow screens every other
    // one is shown (the sprint's always).
    let plot_width = f64::from(area.dim_in_pixel().0) / ratio - 64.0;
    let every = if plot_width / n as f64 >= 52.0 { 1 } else { 2 };
    let sprint_at = chart
        .bars
        .iter()
        .position(|b| b.kind == BarKind::Sprint)
        .unwrap_or(0);
    plot.configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&|x| {
            let i = x.round();
            let index = i as usize;
            // Long series (the timeline) carry their own sparse labels.
            let shown = n > 16 || index == sprint_at || (index % every == sprint_at % every);
            if (x - i).abs() < 0.01 && i >= 0.0 && shown {
                labels.get(index).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_labels(6)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .y_desc(chart.y_label.as_str())
        .label_style(font(12.0).into_font().color(&muted))
        .axis_desc_style(font(12.0).into_font().color(&muted))
        .axis_style(border)
        .light_line_style(TRANSPARENT)
        .bold_line_style(border.mix(0.8))
        .draw()?;

    let bar = |kind: BarKind| {
        chart
            .bars
            .iter()
            .enumerate()
            .filter(move |(_, b)| b.kind == kind)
            .map(|(i, b)| (i as f64, b.value as f64))
    };
    let sprint_style = accent.filled();
    let baseline_style = muted.mix(0.45).filled();
    plot.draw_series(
        bar(BarKind::Baseline)
            .map(|(x, v)| Rectangle::new([(x - 0.35, 0.0), (x + 0.35, v)], baseline_style)),
    )?;
    plot.draw_series(
        bar(BarKind::Sprint)
            .map(|(x, v)| Rectangle::new([(x - 0.35, 0.0), (x + 0.35, v)], sprint_style)),
    )?;
    let value_style =
        font(12.0)
            .into_font()
            .color(&text)
            .pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Bottom,
            ));
    // Values above the bars where there is room for them; the tables
    // below have every number either way.
    if n <= 16 {
        plot.draw_series(chart.bars.iter().enumerate().map(|(i, b)| {
            Text::new(
                b.value.to_string(),
                (i as f64, b.value as f64),
                value_style.clone(),
            )
        }))?;
    }
    if let Some(mean) = chart.mean {
        let line = ShapeStyle {
            color: text.mix(0.8),
            filled: false,
            stroke_width: px(2.0),
        };
        plot.draw_series(std::iter::once(PathElement::new(
            vec![(-0.5, mean), (n as f64 - 0.5, mean)],
            line,
        )))?;
    }
    Ok(())
}
