//! The GraphQL documents the app sends when the user gives a token. They
//! are plain text, checked against GitHub's published schema by the test
//! command, and answered by the local stand-in in its tests.

/// The PR fields the metrics read.
pub const PR_FIELDS: &str = "fragment PrFields on PullRequest { number title url createdAt mergedAt closedAt isDraft authorAssociation author { login __typename } repository { nameWithOwner } }";

/// One page of a listing, 100 PRs, continued with `after`.
pub const LISTING: &str = concat!(
    "query Listing($query: String!, $after: String) { ",
    "search(query: $query, type: ISSUE, first: 100, after: $after) { ",
    "issueCount pageInfo { hasNextPage endCursor } nodes { ...PrFields } } ",
    "rateLimit { cost remaining resetAt } } ",
    "fragment PrFields on PullRequest { number title url createdAt mergedAt closedAt isDraft authorAssociation author { login __typename } repository { nameWithOwner } }"
);

/// Counts of `n` searches in one request: variables `$q0`… hold the
/// queries, aliases `c0`… the counts. Each costs one node.
pub fn counts(n: usize) -> String {
    let variables: Vec<String> = (0..n).map(|i| format!("$q{i}: String!")).collect();
    let fields: Vec<String> = (0..n)
        .map(|i| format!("c{i}: search(query: $q{i}, type: ISSUE, first: 1) {{ issueCount }}"))
        .collect();
    format!(
        "query Counts({}) {{ {} rateLimit {{ cost remaining resetAt }} }}",
        variables.join(", "),
        fields.join(" ")
    )
}

/// One request answering several asks: alias `s{i}` for ask `i`, a count
/// (`false`: only `issueCount`) or a listing page (`true`: 100 PRs after
/// the cursor in `$a{i}`). Variables `$q{i}` hold the queries.
pub fn batch(pages: &[bool]) -> String {
    let mut variables = Vec::new();
    let mut fields = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        variables.push(format!("$q{i}: String!"));
        if *page {
            variables.push(format!("$a{i}: String"));
            fields.push(format!(
                "s{i}: search(query: $q{i}, type: ISSUE, first: 100, after: $a{i}) {{ issueCount pageInfo {{ hasNextPage endCursor }} nodes {{ ...PrFields }} }}"
            ));
        } else {
            fields.push(format!(
                "s{i}: search(query: $q{i}, type: ISSUE, first: 1) {{ issueCount }}"
            ));
        }
    }
    let fragment = if pages.contains(&true) { PR_FIELDS } else { "" };
    format!(
        "query Batch({}) {{ {} rateLimit {{ cost remaining resetAt }} }} {fragment}",
        variables.join(", "),
        fields.join(" ")
    )
    .trim_end()
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_alias_one_search_per_query() {
        assert_eq!(
            counts(2),
            "query Counts($q0: String!, $q1: String!) { c0: search(query: $q0, type: ISSUE, first: 1) { issueCount } c1: search(query: $q1, type: ISSUE, first: 1) { issueCount } rateLimit { cost remaining resetAt } }"
        );
        assert!(LISTING.ends_with(PR_FIELDS));
    }

    #[test]
    fn a_batch_mixes_counts_and_pages() {
        assert_eq!(
            batch(&[false]),
            "query Batch($q0: String!) { s0: search(query: $q0, type: ISSUE, first: 1) { issueCount } rateLimit { cost remaining resetAt } }"
        );
        let mixed = batch(&[true, false]);
        assert!(mixed.starts_with("query Batch($q0: String!, $a0: String, $q1: String!) { s0: search(query: $q0, type: ISSUE, first: 100, after: $a0) { issueCount pageInfo { hasNextPage endCursor } nodes { ...PrFields } } s1: search"));
        assert!(mixed.ends_with(PR_FIELDS));
    }
}
