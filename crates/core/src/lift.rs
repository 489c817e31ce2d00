//! Lift: how many times the baseline the sprint did, or why no multiplier
//! can honestly be given.

use crate::baseline::Stats;
use std::fmt;

/// Below this baseline mean a multiplier says more about noise than about
/// the sprint ("40×" from a baseline of 0.25).
pub const MIN_BASELINE_MEAN: f64 = 3.0;
/// Fewest baseline windows that make a mean worth dividing by.
pub const MIN_BASELINE_WINDOWS: usize = 2;
/// Coefficient of variation above which the baseline is too noisy.
pub const MAX_BASELINE_VARIATION: f64 = 1.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lift {
    /// `value` = sprint / baseline mean; `low`..`high` = sprint / baseline
    /// max .. sprint / baseline min (`high` is `None` when the min is 0).
    Ratio {
        value: f64,
        low: f64,
        high: Option<f64>,
    },
    NotSupported(LiftGap),
}

/// Why there is no multiplier.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LiftGap {
    NoBaseline,
    TooFewWindows(usize),
    TooSmall { mean: f64 },
    TooNoisy { min: f64, max: f64 },
}

pub fn lift(sprint: f64, baseline: Option<&Stats>) -> Lift {
    let Some(b) = baseline else {
        return Lift::NotSupported(LiftGap::NoBaseline);
    };
    if b.windows < MIN_BASELINE_WINDOWS {
        return Lift::NotSupported(LiftGap::TooFewWindows(b.windows));
    }
    if b.mean < MIN_BASELINE_MEAN {
        return Lift::NotSupported(LiftGap::TooSmall { mean: b.mean });
    }
    if b.std_dev / b.mean > MAX_BASELINE_VARIATION {
        return Lift::NotSupported(LiftGap::TooNoisy {
            min: b.min,
            max: b.max,
        });
    }
    Lift::Ratio {
        value: sprint / b.mean,
        low: sprint / b.max,
        high: (b.min > 0.0).then(|| sprint / b.min),
    }
}

impl fmt::Display for Lift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lift::Ratio {
                value,
                low,
                high: Some(high),
            } => {
                write!(f, "{value:.1}× baseline, range {low:.1}–{high:.1}×")
            }
            Lift::Ratio {
                value,
                low,
                high: None,
            } => {
                write!(f, "{value:.1}× baseline, range {low:.1}× and up")
            }
            Lift::NotSupported(gap) => gap.fmt(f),
        }
    }
}

impl fmt::Display for LiftGap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LiftGap::NoBaseline => f.write_str(
                "No baseline: every comparison window is in the future or overlaps another event.",
            ),
            LiftGap::TooFewWindows(n) => write!(
                f,
                "Only {n} baseline window: too few to support a multiplier."
            ),
            LiftGap::TooSmall { mean } => write!(
                f,
                "The baseline averages {mean:.1} per window: too few to support a multiplier."
            ),
            LiftGap::TooNoisy { min, max } => write!(
                f,
                "The baseline swings from {min} to {max} per window: too noisy to support a multiplier."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baseline::stats;

    fn check(sprint: f64, baseline: &[f64], expected: &str) {
        let got = lift(sprint, stats(baseline).as_ref()).to_string();
        assert_eq!(got, expected, "{sprint} vs {baseline:?}");
    }

    #[test]
    fn ratios_and_the_words_used_instead() {
        check(
            49.0,
            &[33.0, 84.0, 64.0, 73.0, 60.0, 55.0, 39.0, 33.0],
            "0.9× baseline, range 0.6–1.5×",
        );
        check(
            370.0,
            &[170.0, 180.0, 160.0, 190.0],
            "2.1× baseline, range 1.9–2.3×",
        );
        check(20.0, &[20.0, 20.0, 20.0], "1.0× baseline, range 1.0–1.0×");
        check(
            12.0,
            &[0.0, 4.0, 6.0, 5.0],
            "3.2× baseline, range 2.0× and up",
        );
        check(
            12.0,
            &[],
            "No baseline: every comparison window is in the future or overlaps another event.",
        );
        check(
            12.0,
            &[8.0],
            "Only 1 baseline window: too few to support a multiplier.",
        );
        check(
            9.0,
            &[0.0, 1.0, 0.0, 0.0],
            "The baseline averages 0.2 per window: too few to support a multiplier.",
        );
        check(
            50.0,
            &[0.0, 0.0, 0.0, 40.0],
            "The baseline swings from 0 to 40 per window: too noisy to support a multiplier.",
        );
    }
}
