//! Conformance with GitHub's own descriptions of its API:
//! - every answer shape the stand-in gives for `/search/issues` validates
//!   against `@octokit/openapi` (GitHub's OpenAPI description);
//! - every GraphQL document the app sends validates against
//!   `@octokit/graphql-schema` (GitHub's public schema), and the stand-in
//!   answers it.
//!
//! The descriptions are downloaded by `cargo xtask test`, never committed;
//! it sets GITHUB_OPENAPI and GITHUB_GRAPHQL_SCHEMA to their paths. Run
//! without them, these tests are ignored and say so.

// Test helpers as well as tests: a failed expectation is the test failing.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{request, request_with_body, search, standin};
use serde_json::{json, Map, Value};
use sprintlift_core::graphql_documents;
use sprintlift_standin::{Config, Fault, FaultRule, Route};

fn description(var: &str) -> String {
    let path = std::env::var(var).unwrap_or_else(|_| {
        panic!("{var} is not set: run `cargo xtask test`, which downloads GitHub's descriptions")
    });
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// OpenAPI 3.0 writes `nullable: true`; JSON Schema wants `null` in the
/// type. References to components become references to definitions.
fn to_json_schema(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out: Map<String, Value> = map
                .iter()
                .filter(|(k, _)| k.as_str() != "nullable")
                .map(|(k, v)| (k.clone(), to_json_schema(v)))
                .collect();
            if let Some(Value::String(target)) = out.get("$ref") {
                let target = target.replace("#/components/schemas/", "#/definitions/");
                out.insert("$ref".into(), Value::String(target));
            }
            if map.get("nullable") == Some(&Value::Bool(true)) {
                match out.get("type").cloned() {
                    Some(Value::String(t)) => {
                        out.insert("type".into(), json!([t, "null"]));
                    }
                    _ => return json!({ "anyOf": [Value::Object(out), { "type": "null" }] }),
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(to_json_schema).collect()),
        other => other.clone(),
    }
}

/// A validator for the schema at `pointer` in the OpenAPI description.
fn validator(openapi: &Value, pointer: &str) -> jsonschema::Validator {
    let target = openapi
        .pointer(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the description"));
    let mut schema = to_json_schema(target);
    let definitions = to_json_schema(&openapi["components"]["schemas"]);
    schema
        .as_object_mut()
        .expect("an object schema")
        .insert("definitions".into(), definitions);
    jsonschema::draft7::new(&schema).expect("a valid JSON Schema")
}

fn assert_valid(validator: &jsonschema::Validator, answer: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(answer)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(5)
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match GitHub's description:\n{}",
        errors.join("\n")
    );
}

#[tokio::test]
#[ignore = "needs GitHub's OpenAPI description: `cargo xtask test` downloads it"]
async fn search_answers_match_githubs_openapi_description() {
    let openapi: Value = serde_json::from_str(&description("GITHUB_OPENAPI")).expect("JSON");
    let responses = "/paths/~1search~1issues/get/responses";
    let ok = validator(
        &openapi,
        &format!("{responses}/200/content/application~1json/schema"),
    );
    let refused = validator(
        &openapi,
        "/components/responses/validation_failed/content/application~1json/schema",
    );
    let forbidden = validator(
        &openapi,
        "/components/responses/forbidden/content/application~1json/schema",
    );
    let faults = vec![FaultRule {
        route: Route::Search,
        requests: 50..=50,
        fault: Fault::Incomplete,
    }];
    let (gh, _) = standin(Config {
        faults,
        ..Config::unlimited()
    })
    .await;
    let queries = [
        (
            "org:python is:pr created:2025-05-19T00:00:00-04:00..2025-05-22T23:59:59-04:00",
            "&per_page=100",
        ),
        (
            "org:python is:pr is:merged merged:2025-05-19..2025-05-22 -author:app/dependabot",
            "&per_page=50&page=2",
        ),
        ("repo:pypa/pip is:pr is:open draft:true", ""),
        ("org:numpy is:pr created:2031-01-01", ""),
    ];
    for (q, extra) in queries {
        let answer = request(gh.addr, "GET", &search(q, extra), &[])
            .await
            .expect("answer");
        assert_eq!(answer.status, 200, "{q}");
        assert_valid(&ok, &answer.json(), q);
    }
    let unknown = request(gh.addr, "GET", &search("org:no-such-org is:pr", ""), &[])
        .await
        .expect("answer");
    assert_eq!(unknown.status, 422);
    assert_valid(&refused, &unknown.json(), "the 422 for an unknown org");
    let (limited, _) = standin(Config {
        search_per_minute_anonymous: 0,
        ..Config::default()
    })
    .await;
    let over = request(limited.addr, "GET", &search("org:python", ""), &[])
        .await
        .expect("answer");
    assert_eq!(over.status, 403);
    assert_valid(&forbidden, &over.json(), "the 403 past the rate limit");
}

/// GitHub's schema defines two fields of `EnterpriseOwnerInfo` twice; the
/// strict parse refuses it. Those duplicates, and only those, are forgiven.
fn github_schema() -> apollo_compiler::validation::Valid<apollo_compiler::Schema> {
    let sdl = description("GITHUB_GRAPHQL_SCHEMA");
    let schema = match apollo_compiler::Schema::parse(&sdl, "schema.graphql") {
        Ok(schema) => schema,
        Err(with_errors) => {
            let messages: Vec<String> = with_errors.errors.iter().map(|e| e.to_string()).collect();
            let forgiven = |m: &String| m.contains("repositoryDeployKeySetting");
            assert!(
                messages.iter().all(forgiven),
                "unexpected schema errors: {messages:?}"
            );
            with_errors.partial
        }
    };
    schema
        .validate()
        .expect("GitHub's schema, less the duplicates, validates")
}

fn app_documents() -> Vec<(&'static str, String)> {
    vec![
        ("listing", graphql_documents::LISTING.to_string()),
        ("counts of 1", graphql_documents::counts(1)),
        ("counts of 40", graphql_documents::counts(40)),
        (
            "a batch of pages and counts",
            graphql_documents::batch(&[true, false, true, false]),
        ),
        ("a batch of counts", graphql_documents::batch(&[false; 50])),
    ]
}

#[test]
#[ignore = "needs GitHub's GraphQL schema: `cargo xtask test` downloads it"]
fn the_apps_graphql_documents_validate_against_githubs_schema() {
    let schema = github_schema();
    for (name, document) in app_documents() {
        if let Err(errors) = apollo_compiler::ExecutableDocument::parse_and_validate(
            &schema,
            &document,
            format!("{name}.graphql"),
        ) {
            panic!(
                "the {name} document is not valid for GitHub:\n{}",
                errors.errors
            );
        }
    }
    // And the check can fail: a misspelt field is caught, with its path.
    let misspelt = graphql_documents::LISTING.replace("isDraft", "isDrafty");
    let errors = apollo_compiler::ExecutableDocument::parse_and_validate(
        &schema,
        &misspelt,
        "misspelt.graphql",
    )
    .err()
    .map(|e| e.errors.to_string())
    .unwrap_or_default();
    assert!(errors.contains("isDrafty"), "{errors}");
}

#[tokio::test]
async fn the_stand_in_answers_the_apps_graphql_documents() {
    let (gh, data) = standin(Config::unlimited()).await;
    let send = |document: String, variables: Value| {
        let body = json!({ "query": document, "variables": variables }).to_string();
        let addr = gh.addr;
        async move {
            let length = body.len().to_string();
            let headers = [
                ("Content-Type", "application/json"),
                ("Content-Length", length.as_str()),
                ("Authorization", "Bearer test-token"),
            ];
            request_with_body(addr, "POST", "/graphql", &headers, &body)
                .await
                .expect("answer")
                .json()
        }
    };
    let q = "org:numpy is:pr created:2025-05-01..2025-05-31";
    let expected = data
        .prs
        .iter()
        .filter(|p| p.org == "numpy" && p.created_at.to_string().starts_with("2025-05"))
        .count();
    let counts = send(
        graphql_documents::counts(2),
        json!({ "q0": q, "q1": "org:pypa is:pr" }),
    )
    .await;
    assert!(counts.get("errors").is_none(), "{counts}");
    assert_eq!(counts["data"]["c0"]["issueCount"], expected);
    let listing = send(
        graphql_documents::LISTING.to_string(),
        json!({ "query": q, "after": null }),
    )
    .await;
    assert!(listing.get("errors").is_none(), "{listing}");
    let nodes = listing["data"]["search"]["nodes"]
        .as_array()
        .expect("nodes");
    assert_eq!(nodes.len(), expected.min(100));
    assert!(nodes
        .iter()
        .all(|n| n["repository"]["nameWithOwner"] == "numpy/numpy" && n["createdAt"].is_string()));
}
