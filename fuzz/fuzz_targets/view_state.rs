//! The URL-state parser: any query string gives a view or a sentence, and
//! a view written back to a query string reads as the same view.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sprintlift_core::view_state::View;

fuzz_target!(|data: &[u8]| {
    let Ok(search) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(view) = View::from_query_string(search, "Europe/Prague") {
        let again = View::from_query_string(&view.to_query(), "Europe/Prague");
        assert_eq!(again.as_ref(), Ok(&view), "round trip of {search:?}");
    }
});
