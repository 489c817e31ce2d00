//! REST search answers: any body gives a page or a sentence, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sprintlift_core::github_answers::{error_sentence, rest_page};

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let with_items = rest_page(&body, true);
    let count_only = rest_page(&body, false);
    // Reading the items can only add a failure, never change the count.
    if let Ok(page) = with_items {
        assert_eq!(count_only.map(|p| p.total).ok(), Some(page.total));
    }
    let _ = error_sentence(&body);
});
