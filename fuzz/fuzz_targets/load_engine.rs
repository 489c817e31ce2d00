//! The load engine against a server that answers anything (statuses,
//! rate-limit headers, totals, cursors, repeats, delays, all from the
//! bytes): every load ends within its request budget, never waits over an
//! hour, and never asks the same question again without a wait of a second.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sprintlift_core::load_engine::hostile::drive;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = drive(data) {
        panic!("{broken}");
    }
});
