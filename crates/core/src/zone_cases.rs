//! Event windows and offsets whose answers are known from the tz
//! database, as one table for both zone sources: the core's native tests
//! check it against jiff's bundled database, the browser tests against
//! the browser's `Intl`. Data only; nothing in the app reads it, so none
//! of it reaches the wasm.

/// Days `from..=to` in `zone`: the GitHub range they become, and their
/// length in hours (a day of a DST switch has 23, 25 or 23.5).
#[derive(Debug, Clone, Copy)]
pub struct WindowCase {
    pub zone: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub range: &'static str,
    pub hours: f64,
}

pub const WINDOW_CASES: &[WindowCase] = &[
    WindowCase {
        zone: "America/New_York",
        from: "2025-05-19",
        to: "2025-05-22",
        range: "2025-05-19T00:00:00-04:00..2025-05-22T23:59:59-04:00",
        hours: 96.0,
    },
    WindowCase {
        zone: "Asia/Seoul",
        from: "2025-08-15",
        to: "2025-08-15",
        range: "2025-08-15T00:00:00+09:00..2025-08-15T23:59:59+09:00",
        hours: 24.0,
    },
    WindowCase {
        zone: "UTC",
        from: "2020-10-19",
        to: "2020-10-23",
        range: "2020-10-19T00:00:00+00:00..2020-10-23T23:59:59+00:00",
        hours: 120.0,
    },
    WindowCase {
        zone: "America/Los_Angeles",
        from: "2025-01-10",
        to: "2025-01-10",
        range: "2025-01-10T00:00:00-08:00..2025-01-10T23:59:59-08:00",
        hours: 24.0,
    },
    WindowCase {
        zone: "Pacific/Kiritimati",
        from: "2025-01-10",
        to: "2025-01-10",
        range: "2025-01-10T00:00:00+14:00..2025-01-10T23:59:59+14:00",
        hours: 24.0,
    },
    WindowCase {
        zone: "Asia/Kolkata",
        from: "2025-03-01",
        to: "2025-03-02",
        range: "2025-03-01T00:00:00+05:30..2025-03-02T23:59:59+05:30",
        hours: 48.0,
    },
    WindowCase {
        zone: "Asia/Kathmandu",
        from: "2025-03-01",
        to: "2025-03-01",
        range: "2025-03-01T00:00:00+05:45..2025-03-01T23:59:59+05:45",
        hours: 24.0,
    },
    WindowCase {
        zone: "America/St_Johns",
        from: "2025-07-04",
        to: "2025-07-04",
        range: "2025-07-04T00:00:00-02:30..2025-07-04T23:59:59-02:30",
        hours: 24.0,
    },
    // New York springs forward on Sunday 9 March 2025 at 02:00: that day has 23 hours.
    WindowCase {
        zone: "America/New_York",
        from: "2025-03-08",
        to: "2025-03-10",
        range: "2025-03-08T00:00:00-05:00..2025-03-10T23:59:59-04:00",
        hours: 71.0,
    },
    // Prague falls back on Sunday 26 October 2025 at 03:00: that day has 25 hours.
    WindowCase {
        zone: "Europe/Prague",
        from: "2025-10-25",
        to: "2025-10-26",
        range: "2025-10-25T00:00:00+02:00..2025-10-26T23:59:59+01:00",
        hours: 49.0,
    },
    // Lord Howe moves by half an hour (+11:00 to +10:30 on 6 April 2025 at 02:00).
    WindowCase {
        zone: "Australia/Lord_Howe",
        from: "2025-04-05",
        to: "2025-04-06",
        range: "2025-04-05T00:00:00+11:00..2025-04-06T23:59:59+10:30",
        hours: 48.5,
    },
    // The window ends just before New York's switch and starts just after it.
    WindowCase {
        zone: "America/New_York",
        from: "2025-03-08",
        to: "2025-03-08",
        range: "2025-03-08T00:00:00-05:00..2025-03-08T23:59:59-05:00",
        hours: 24.0,
    },
    WindowCase {
        zone: "America/New_York",
        from: "2025-03-10",
        to: "2025-03-10",
        range: "2025-03-10T00:00:00-04:00..2025-03-10T23:59:59-04:00",
        hours: 24.0,
    },
    // Santiago springs forward at midnight: 7 September 2025 starts at 01:00 local.
    WindowCase {
        zone: "America/Santiago",
        from: "2025-09-07",
        to: "2025-09-07",
        range: "2025-09-07T01:00:00-03:00..2025-09-07T23:59:59-03:00",
        hours: 23.0,
    },
    // Havana falls back from 01:00 to midnight: the day starts at the first midnight.
    WindowCase {
        zone: "America/Havana",
        from: "2025-11-02",
        to: "2025-11-02",
        range: "2025-11-02T00:00:00-04:00..2025-11-02T23:59:59-05:00",
        hours: 25.0,
    },
    WindowCase {
        zone: "Europe/Prague",
        from: "2025-12-30",
        to: "2026-01-02",
        range: "2025-12-30T00:00:00+01:00..2026-01-02T23:59:59+01:00",
        hours: 96.0,
    },
    WindowCase {
        zone: "Australia/Sydney",
        from: "2025-01-31",
        to: "2025-02-01",
        range: "2025-01-31T00:00:00+11:00..2025-02-01T23:59:59+11:00",
        hours: 48.0,
    },
    WindowCase {
        zone: "America/New_York",
        from: "2024-02-28",
        to: "2024-03-01",
        range: "2024-02-28T00:00:00-05:00..2024-03-01T23:59:59-05:00",
        hours: 72.0,
    },
];

/// The UTC offset of `zone` at `instant`, in seconds, either side of a
/// switch and in zones a whole hour away from none.
#[derive(Debug, Clone, Copy)]
pub struct OffsetCase {
    pub zone: &'static str,
    pub instant: &'static str,
    pub offset_seconds: i32,
}

const H: i32 = 3600;

pub const OFFSET_CASES: &[OffsetCase] = &[
    OffsetCase {
        zone: "America/New_York",
        instant: "2025-03-09T06:59:59Z",
        offset_seconds: -5 * H,
    },
    OffsetCase {
        zone: "America/New_York",
        instant: "2025-03-09T07:00:00Z",
        offset_seconds: -4 * H,
    },
    OffsetCase {
        zone: "Europe/Prague",
        instant: "2025-10-26T00:59:59Z",
        offset_seconds: 2 * H,
    },
    OffsetCase {
        zone: "Europe/Prague",
        instant: "2025-10-26T01:00:00Z",
        offset_seconds: H,
    },
    OffsetCase {
        zone: "Australia/Lord_Howe",
        instant: "2025-04-05T14:59:59Z",
        offset_seconds: 11 * H,
    },
    OffsetCase {
        zone: "Australia/Lord_Howe",
        instant: "2025-04-05T15:00:00Z",
        offset_seconds: 10 * H + 1800,
    },
    OffsetCase {
        zone: "Asia/Kathmandu",
        instant: "2025-01-01T00:00:00Z",
        offset_seconds: 5 * H + 2700,
    },
    OffsetCase {
        zone: "Asia/Kolkata",
        instant: "2025-01-01T00:00:00Z",
        offset_seconds: 5 * H + 1800,
    },
    OffsetCase {
        zone: "UTC",
        instant: "2025-01-01T00:00:00Z",
        offset_seconds: 0,
    },
];
