//! GraphQL answers to a batch: one answer per ask or a sentence.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sprintlift_core::fetch_plan::{Ask, PageRequest, Topic};
use sprintlift_core::github_answers::graphql_answers;

fuzz_target!(|data: &[u8]| {
    // The first byte shapes the batch: its size and which asks are listings.
    let Some((&shape, body)) = data.split_first() else {
        return;
    };
    let batch: Vec<Ask> = (0..(shape % 5) as usize)
        .map(|i| Ask {
            topic: Topic::Check { pair: i },
            query: format!("org:o{i}"),
            listing: (shape >> (3 + i % 5) & 1 == 1).then_some(PageRequest { cursor: None }),
            covers_until: jiff::Timestamp::UNIX_EPOCH,
        })
        .collect();
    let body = String::from_utf8_lossy(body);
    if let Ok(answers) = graphql_answers(&body, &batch) {
        assert_eq!(answers.len(), batch.len());
    }
});
