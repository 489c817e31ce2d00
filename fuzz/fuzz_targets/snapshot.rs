//! Snapshot files: any file gives a snapshot or a sentence, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sprintlift_core::snapshot::parse;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse(&text);
});
