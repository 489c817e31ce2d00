//! Time zones as the core sees them: a function from an instant to an offset.
//!
//! Bundling a tz database would more than double the size of the wasm, so the
//! browser shell answers offsets through `Intl`, and the native tests answer
//! them through jiff's bundled database. The core only ever asks "what is the
//! offset of this zone at this instant?" and derives everything else.

use crate::sorting::sort;
use jiff::civil::DateTime;
use jiff::tz::Offset;
use jiff::Timestamp;

/// A resolved IANA time zone.
pub trait Zone {
    /// The zone's IANA name, as the user gave it.
    fn name(&self) -> &str;
    /// The offset from UTC, in seconds, in force at `instant`.
    fn offset_seconds_at(&self, instant: Timestamp) -> i32;
}

/// Why a time zone name could not be resolved into a [`Zone`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZoneError {
    #[error("“{0}” is not a time zone this browser knows: use an IANA name such as Europe/Prague or America/New_York.")]
    Unknown(String),
}

const DAY: i64 = 86_400;

/// The offset of `zone` at `instant`, as a jiff [`Offset`].
pub fn offset_at(zone: &dyn Zone, instant: Timestamp) -> Offset {
    // Offsets outside ±25:59:59 do not exist in the tz database; clamping keeps
    // a misbehaving zone source from turning into a panic.
    Offset::from_seconds(zone.offset_seconds_at(instant)).unwrap_or(Offset::UTC)
}

/// The first instant at which the wall clock of `zone` reads `local` or later.
///
/// When the wall clock shows `local` twice (clocks going back), this is the
/// earlier of the two; when it never shows it (clocks jumping forward over
/// it), this is the instant of the jump. That is what "the day starts" means
/// for a sprint day. Assumes no two offset changes within two days of each
/// other, which holds for every zone in the tz database since 1970.
pub fn first_instant_at_or_after(zone: &dyn Zone, local: DateTime) -> Timestamp {
    let wall = wall_seconds(local);
    let offset = |t: i64| i64::from(zone.offset_seconds_at(timestamp(t)));
    let before = wall.saturating_sub(offset(wall.saturating_sub(DAY)));
    let after = wall.saturating_sub(offset(wall.saturating_add(DAY)));
    let valid = |t: i64| t.saturating_add(offset(t)) == wall;
    let mut candidates = [before, after];
    sort(&mut candidates);
    if let Some(&t) = candidates.iter().find(|&&t| valid(t)) {
        return timestamp(t);
    }
    // A gap: find the transition, the first instant whose wall clock has
    // passed `local`. Below it the wall clock reads earlier than `local`.
    let (mut lo, mut hi) = (candidates[0], candidates[1]);
    while lo < hi {
        let mid = lo.saturating_add(hi.saturating_sub(lo) / 2);
        if mid.saturating_add(offset(mid)) >= wall {
            hi = mid;
        } else {
            lo = mid.saturating_add(1);
        }
    }
    timestamp(lo)
}

/// Seconds since the epoch of a wall-clock time read as if it were UTC.
fn wall_seconds(local: DateTime) -> i64 {
    Offset::UTC
        .to_timestamp(local)
        .map(|t| t.as_second())
        .unwrap_or_default()
}

fn timestamp(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH)
}
