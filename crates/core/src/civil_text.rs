//! Dates and instants as text, and whole-day arithmetic, for the few fixed
//! shapes the app uses. Written by hand because jiff's general machinery
//! (strftime, the RFC 9557 parser, spans) is most of jiff's share of the
//! wasm, and none of it is needed for `2025-05-19`, `19 May` or an RFC 3339
//! time from GitHub.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;
use jiff::Timestamp;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const DAY: i64 = 86_400;

/// `2025-05-19`.
pub fn date_text(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// `19 May`.
pub fn day_month(date: Date) -> String {
    format!("{} {}", date.day(), month_name(date))
}

/// `Mon 19 May`.
pub fn weekday_day_month(date: Date) -> String {
    format!("{} {}", weekday_name(date), day_month(date))
}

/// `Mon 19 May 2025`.
pub fn weekday_day_month_year(date: Date) -> String {
    format!("{} {}", weekday_day_month(date), date.year())
}

fn month_name(date: Date) -> &'static str {
    MONTHS[usize::try_from(date.month().saturating_sub(1)).unwrap_or(0) % 12]
}

fn weekday_name(date: Date) -> &'static str {
    WEEKDAYS[usize::try_from(date.weekday().to_monday_zero_offset()).unwrap_or(0) % 7]
}

/// `instant` as wall-clock time at `offset`: `2025-05-19T00:00:00-04:00`.
pub fn local_rfc3339(instant: Timestamp, offset: Offset) -> String {
    let total = offset.seconds();
    let sign = if total < 0 { '-' } else { '+' };
    let minutes = total.unsigned_abs() / 60;
    format!(
        "{}{sign}{:02}:{:02}",
        wall_clock(offset.to_datetime(instant)),
        minutes / 60,
        minutes % 60
    )
}

/// `instant` in UTC with `Z`: `2025-05-19T04:00:00Z`.
/// An instant as wall-clock time at `offset`, to the minute, for people:
/// `2025-05-19 14:03`.
pub fn minute_text(instant: Timestamp, offset: Offset) -> String {
    let text = local_rfc3339(instant, offset);
    text.get(..16).unwrap_or(&text).replace('T', " ")
}

pub fn utc_rfc3339(instant: Timestamp) -> String {
    format!("{}Z", wall_clock(Offset::UTC.to_datetime(instant)))
}

/// `2025-05-19T04:00:00`, to the second.
fn wall_clock(local: DateTime) -> String {
    format!(
        "{}T{:02}:{:02}:{:02}",
        date_text(local.date()),
        local.hour(),
        local.minute(),
        local.second()
    )
}

/// Reads exactly `YYYY-MM-DD`, a real date.
pub fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = digits(text, 0..4)?;
    let month = digits(text, 5..7)?;
    let day = digits(text, 8..10)?;
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// Reads an RFC 3339 time as GitHub writes it: `2025-05-19T14:00:00Z`,
/// with an optional fraction of a second and `Z` or a `±HH:MM` offset.
pub fn parse_instant(text: &str) -> Option<Timestamp> {
    let date = parse_date(text.get(..10)?)?;
    let rest = text.get(10..)?;
    let rest = rest
        .strip_prefix('T')
        .or_else(|| rest.strip_prefix('t'))
        .or_else(|| rest.strip_prefix(' '))?;
    let bytes = rest.as_bytes();
    if bytes.len() < 9 || bytes[2] != b':' || bytes[5] != b':' {
        return None;
    }
    let (hour, minute, second) = (
        digits(rest, 0..2)?,
        digits(rest, 3..5)?,
        digits(rest, 6..8)?,
    );
    let mut rest = rest.get(8..)?;
    let mut nanos: i64 = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let count = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if count == 0 || count > 9 {
            return None;
        }
        // count is 1..=9, so the power is at most 10⁸ and the product fits.
        nanos = i64::from(digits(fraction, 0..count)?)
            .checked_mul(10_i64.checked_pow(9u32.checked_sub(count as u32)?)?)?;
        rest = fraction.get(count..)?;
    }
    let offset_seconds: i64 = match rest {
        "Z" | "z" => 0,
        _ => {
            let b = rest.as_bytes();
            if b.len() != 6 || b[3] != b':' {
                return None;
            }
            let sign = match b[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (h, m) = (digits(rest, 1..3)?, digits(rest, 4..6)?);
            if h > 23 || m > 59 {
                return None;
            }
            // h ≤ 23 and m ≤ 59: at most 86,340 seconds.
            i64::from(h.checked_mul(3600)?.checked_add(m.checked_mul(60)?)?).checked_mul(sign)?
        }
    };
    let time = Time::new(
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        0,
    )
    .ok()?;
    let wall = Offset::UTC
        .to_timestamp(DateTime::from_parts(date, time))
        .ok()?;
    let seconds = wall.as_second().checked_sub(offset_seconds)?;
    Timestamp::new(seconds, i32::try_from(nanos).ok()?).ok()
}

/// `date` moved by `days` (negative: earlier).
pub fn add_days(date: Date, days: i64) -> Option<Date> {
    let midnight = Offset::UTC.to_timestamp(date.to_datetime(Time::MIN)).ok()?;
    let moved = midnight.as_second().checked_add(days.checked_mul(DAY)?)?;
    Some(
        Offset::UTC
            .to_datetime(Timestamp::from_second(moved).ok()?)
            .date(),
    )
}

/// `instant` moved by `seconds`, saturating at jiff's range. Used instead
/// of `Timestamp ± SignedDuration`, whose overflow panic formats jiff's
/// error type and so keeps all of jiff's error messages in the wasm.
pub fn seconds_later(instant: Timestamp, seconds: i64) -> Timestamp {
    let moved = instant.as_second().saturating_add(seconds);
    Timestamp::new(moved, instant.subsec_nanosecond()).unwrap_or(if seconds < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    let second = |d: Date| {
        Offset::UTC
            .to_timestamp(d.to_datetime(Time::MIN))
            .map_or(0, |t| t.as_second())
    };
    second(to).saturating_sub(second(from)).div_euclid(DAY)
}

/// The decimal number in `text[range]`, all of it digits.
fn digits(text: &str, range: std::ops::Range<usize>) -> Option<i32> {
    let part = text.get(range)?;
    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        text.parse().expect("date")
    }

    #[test]
    fn dates_as_text_and_back() {
        for text in ["2025-05-19", "0001-01-01", "2024-02-29", "9999-12-31"] {
            assert_eq!(parse_date(text).map(date_text).as_deref(), Some(text));
            assert_eq!(date_text(date(text)), date(text).to_string(), "jiff agrees");
        }
        for bad in [
            "2025-02-29",
            "2025-5-19",
            "2025-05-19T00:00",
            "20250519",
            "",
            "2025-13-01",
            "+2025-05-1",
            "2025-05-1x",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn labels() {
        let d = date("2025-05-19");
        assert_eq!(day_month(d), d.strftime("%-d %b").to_string());
        assert_eq!(weekday_day_month(d), d.strftime("%a %-d %b").to_string());
        assert_eq!(
            weekday_day_month_year(d),
            d.strftime("%a %-d %b %Y").to_string()
        );
        assert_eq!(weekday_day_month_year(date("2024-12-01")), "Sun 1 Dec 2024");
    }

    #[test]
    fn instants_agree_with_jiff() {
        for text in [
            "2025-05-19T14:00:00Z",
            "2025-05-19T00:00:00-04:00",
            "2025-05-19T23:59:59+05:45",
            "2025-05-19T14:00:00.5Z",
            "2025-05-19T14:00:00.123456789Z",
            "1999-12-31t23:59:59z",
        ] {
            let expected: Timestamp = text.parse().expect("jiff reads it");
            assert_eq!(parse_instant(text), Some(expected), "{text}");
        }
        for bad in [
            "2025-05-19",
            "2025-05-19T14:00Z",
            "2025-05-19T14:00:00",
            "2025-05-19T25:00:00Z",
            "2025-05-19T14:00:00+0400",
            "2025-05-19T14:00:00.Z",
            "yesterday",
            "2025-05-19T14:00:00Z ",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }

    #[test]
    fn instants_as_text() {
        let t: Timestamp = "2025-05-19T04:00:00Z".parse().expect("t");
        let new_york = Offset::from_seconds(-4 * 3600).expect("offset");
        assert_eq!(local_rfc3339(t, new_york), "2025-05-19T00:00:00-04:00");
        let kathmandu = Offset::from_seconds(5 * 3600 + 45 * 60).expect("offset");
        assert_eq!(local_rfc3339(t, kathmandu), "2025-05-19T09:45:00+05:45");
        assert_eq!(utc_rfc3339(t), "2025-05-19T04:00:00Z");
    }

    #[test]
    fn whole_days() {
        let d = date("2025-03-09");
        assert_eq!(add_days(d, 1), Some(date("2025-03-10")));
        assert_eq!(add_days(d, -28), Some(date("2025-02-09")));
        assert_eq!(add_days(date("2024-02-28"), 1), Some(date("2024-02-29")));
        assert_eq!(add_days(date("9999-12-31"), 1), None);
        assert_eq!(days_between(date("2025-05-19"), date("2025-05-22")), 3);
        assert_eq!(days_between(date("2025-05-22"), date("2025-05-19")), -3);
        assert_eq!(days_between(date("2024-12-31"), date("2025-03-01")), 60);
        let t: Timestamp = "2025-05-19T04:00:00.5Z".parse().expect("t");
        assert_eq!(seconds_later(t, -1), t - jiff::SignedDuration::from_secs(1));
        assert_eq!(
            seconds_later(t, 86_400),
            t + jiff::SignedDuration::from_hours(24)
        );
        assert_eq!(seconds_later(Timestamp::MAX, 1), Timestamp::MAX);
    }
}
