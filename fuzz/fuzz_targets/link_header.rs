//! The Link header: any header gives links (maybe none), never a panic, and
//! the next page is one a `rel="next"` link names.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sprintlift_core::link_header::{next_page, parse};

fuzz_target!(|data: &[u8]| {
    let header = String::from_utf8_lossy(data);
    let links = parse(&header);
    if next_page(&header).is_some() {
        assert!(links
            .iter()
            .any(|l| l.rels.iter().any(|r| r.eq_ignore_ascii_case("next"))));
    }
});
