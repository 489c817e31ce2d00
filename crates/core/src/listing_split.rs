//! Splitting a listing so every part fits under GitHub's cap of 1000
//! reachable results per query, keeping counts and items exact for large
//! organisations.
//!
//! Sans-io: the splitter says which time range it needs counted next; the
//! data layer asks GitHub (the first page of a listing carries the count)
//! and reports back. When a range holds too many results it is cut into as
//! many equal parts as its count suggests, with headroom, and the parts are
//! counted in turn; a range that fits is final.

use crate::event_window::UtcWindow;
use crate::sorting::sort_by_key;
use jiff::Timestamp;

/// Most results a query can reach, on REST and GraphQL alike.
pub const MAX_REACHABLE: u64 = 1000;
/// Parts aim below the cap so that uneven activity rarely needs a second cut.
const TARGET_PER_PART: u64 = 800;
/// Pieces one cut makes at most (a month of a 26,000-PR organisation
/// needs 34).
const MAX_PIECES: u64 = 64;
/// Ranges one listing is cut into at most: 256 ranges of 800 PRs reach
/// 200,000 PRs in one window. Past it a range is kept as counted but not
/// listed (capped), so a count no split brings under the cap (a hostile
/// server's, or a file's) cannot plan requests without end.
pub const MAX_PARTS: usize = 256;

/// A half-open range of whole seconds `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Range {
    pub start: i64,
    pub end: i64,
}

impl Range {
    /// The range as a window, to build its search query from.
    pub fn window(&self) -> UtcWindow {
        let at = |s: i64| Timestamp::from_second(s).unwrap_or(Timestamp::UNIX_EPOCH);
        UtcWindow::utc(at(self.start), at(self.end))
    }
}

/// A final part of the listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub range: Range,
    pub total: u64,
    /// A single second with more results than the cap: only the first
    /// 1000 can be listed, so the listing is short by `total - 1000`.
    pub capped: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Splitter {
    /// Ranges still to count, next first.
    pending: Vec<Range>,
    parts: Vec<Part>,
}

impl Splitter {
    pub fn new(window: &UtcWindow) -> Splitter {
        let range = Range {
            start: window.start.as_second(),
            end: window.end.as_second(),
        };
        Splitter {
            pending: if range.start < range.end {
                vec![range]
            } else {
                Vec::new()
            },
            parts: Vec::new(),
        }
    }

    /// The range whose count is needed next, if any.
    pub fn next(&self) -> Option<Range> {
        self.pending.last().copied()
    }

    /// Takes the count of `range` (which `next` gave); ranges not pending
    /// are ignored, so a late or repeated answer changes nothing.
    pub fn counted(&mut self, range: Range, total: u64) {
        let Some(index) = self.pending.iter().position(|r| *r == range) else {
            return;
        };
        self.pending.remove(index);
        let seconds = range.end.saturating_sub(range.start);
        let room = MAX_PARTS
            .saturating_sub(self.pending.len().saturating_add(self.parts.len()))
            .saturating_sub(1);
        if total <= MAX_REACHABLE || seconds <= 1 || room < 2 {
            let capped = total > MAX_REACHABLE;
            self.parts.push(Part {
                range,
                total,
                capped,
            });
            return;
        }
        // At most MAX_PIECES at a time: a count no split brings under the
        // cap (a hostile server's) must not plan a request per second.
        let most = (seconds as u64).min(MAX_PIECES).min(room as u64);
        let pieces = total.div_ceil(TARGET_PER_PART).clamp(2, most) as i64;
        let cuts: Vec<i64> = (0..=pieces)
            .map(|i| {
                range
                    .start
                    .saturating_add(seconds.saturating_mul(i).checked_div(pieces).unwrap_or(0))
            })
            .collect();
        // Pushed in reverse so the earliest part is counted first.
        for pair in cuts.windows(2).rev() {
            self.pending.push(Range {
                start: pair[0],
                end: pair[1],
            });
        }
    }

    pub fn is_done(&self) -> bool {
        self.pending.is_empty()
    }

    /// The final parts, in time order; they tile the window.
    pub fn parts(&self) -> Vec<Part> {
        let mut parts = self.parts.clone();
        sort_by_key(&mut parts, |p| p.range);
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs a splitter over `times` (epoch seconds) in `[start, end)` with
    /// an exact counter; returns the parts and how many counts were asked.
    fn run(times: &[i64], start: i64, end: i64) -> (Vec<Part>, usize) {
        let at = |s: i64| Timestamp::from_second(s).expect("second");
        let mut splitter = Splitter::new(&UtcWindow::utc(at(start), at(end)));
        let mut asked = 0;
        while let Some(range) = splitter.next() {
            asked += 1;
            let total = times
                .iter()
                .filter(|t| range.start <= **t && **t < range.end)
                .count() as u64;
            splitter.counted(range, total);
            assert!(asked < 10_000, "runaway splitting");
        }
        (splitter.parts(), asked)
    }

    fn check_tiling(parts: &[Part], start: i64, end: i64, total: usize) {
        assert_eq!(parts.first().map(|p| p.range.start), Some(start));
        assert_eq!(parts.last().map(|p| p.range.end), Some(end));
        for pair in parts.windows(2) {
            assert_eq!(pair[0].range.end, pair[1].range.start, "gap or overlap");
        }
        assert_eq!(parts.iter().map(|p| p.total).sum::<u64>(), total as u64);
        assert!(parts.iter().all(|p| p.total <= MAX_REACHABLE || p.capped));
    }

    #[test]
    fn a_count_no_split_brings_under_the_cap_ends_in_capped_parts() {
        let at = |s: i64| Timestamp::from_second(s).expect("second");
        let mut splitter = Splitter::new(&UtcWindow::utc(at(0), at(4 * 86_400)));
        let mut asked = 0;
        while let Some(range) = splitter.next() {
            asked += 1;
            splitter.counted(range, 2_000_000_000);
            assert!(asked <= 2 * MAX_PARTS, "runaway splitting");
        }
        let parts = splitter.parts();
        assert!(parts.len() <= MAX_PARTS, "{}", parts.len());
        assert!(parts.iter().all(|p| p.capped));
        assert_eq!(parts.first().map(|p| p.range.start), Some(0));
        assert_eq!(parts.last().map(|p| p.range.end), Some(4 * 86_400));
    }

    #[test]
    fn a_small_window_is_one_part() {
        let times: Vec<i64> = (0..900).map(|i| i * 10).collect();
        let (parts, asked) = run(&times, 0, 10_000);
        assert_eq!((parts.len(), asked), (1, 1));
        check_tiling(&parts, 0, 10_000, 900);
    }

    #[test]
    fn a_month_of_a_large_org_is_cut_in_proportion() {
        // 27,000 PRs spread evenly over 30 days: one count, 34 parts of ~800.
        let month = 30 * 86_400;
        let times: Vec<i64> = (0..27_000).map(|i| i * month / 27_000).collect();
        let (parts, asked) = run(&times, 0, month);
        check_tiling(&parts, 0, month, 27_000);
        assert_eq!(parts.len(), 34);
        assert_eq!(asked, 35);
    }

    #[test]
    fn bursts_are_cut_again_where_needed() {
        // Quiet days and one burst day with 5,000 PRs in two hours.
        let mut times: Vec<i64> = (0..3_000).map(|i| i * 10 * 86_400 / 3_000).collect();
        times.extend((0..5_000).map(|i| 4 * 86_400 + i));
        let (parts, asked) = run(&times, 0, 10 * 86_400);
        check_tiling(&parts, 0, 10 * 86_400, 8_000);
        assert!(asked < 40, "{asked} counts");
    }

    #[test]
    fn one_second_with_more_than_the_cap_is_marked() {
        let times = vec![100; 1_200];
        let (parts, _) = run(&times, 0, 1_000);
        check_tiling(&parts, 0, 1_000, 1_200);
        let capped: Vec<&Part> = parts.iter().filter(|p| p.capped).collect();
        assert_eq!(capped.len(), 1);
        assert_eq!(
            capped[0].range,
            Range {
                start: 100,
                end: 101
            }
        );
    }

    #[test]
    fn answers_for_ranges_not_pending_change_nothing() {
        let at = |s: i64| Timestamp::from_second(s).expect("second");
        let mut splitter = Splitter::new(&UtcWindow::utc(at(0), at(100)));
        splitter.counted(Range { start: 0, end: 50 }, 5_000);
        assert_eq!(splitter.next(), Some(Range { start: 0, end: 100 }));
        splitter.counted(Range { start: 0, end: 100 }, 10);
        splitter.counted(Range { start: 0, end: 100 }, 5_000);
        assert!(splitter.is_done());
        assert_eq!(splitter.parts().len(), 1);
        assert_eq!(
            Range { start: 0, end: 100 }.window().github_range(),
            "1970-01-01T00:00:00+00:00..1970-01-01T00:01:39+00:00"
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn parts_tile_the_window_and_keep_every_result(times in proptest::collection::vec(0..1_000_000i64, 0..6_000), hot in 0..1_000_000i64, burst in 0..3_000usize) {
                let mut times = times;
                times.extend(std::iter::repeat_n(hot, burst));
                let (parts, _) = run(&times, 0, 1_000_000);
                check_tiling(&parts, 0, 1_000_000, times.len());
            }
        }
    }
}
