//! Trust: the Content-Security-Policy, API data that holds markup, and a
//! token that must never leave the places it belongs.

// A test: a failed expectation here is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use sprintlift_e2e::{data_text, World, PYCON_US};
use sprintlift_standin::Config;

async fn click(world: &World, testid: &str) {
    world
        .by_testid(testid)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {testid}: {e}"));
}

#[tokio::test]
async fn the_policy_forbids_inline_script_and_the_app_runs_under_it() {
    let world = World::start().await;
    world.open(PYCON_US).await;
    world.wait_done().await;
    world.use_token("test-token", false).await;
    world.wait_done().await;
    // Charts, table, exports: all of it ran without a violation.
    world.expect_healthy().await;
    // The policy is in force: an inline script added to the page is refused.
    let ran = world
        .client
        .execute(
            "const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.head.appendChild(s); return window.__inline === 1;",
            vec![],
        )
        .await
        .expect("script");
    assert_eq!(ran, serde_json::json!(false), "an inline script ran");
    let violations: Vec<String> = world
        .console()
        .await
        .into_iter()
        .filter(|l| l.contains("Content Security Policy"))
        .collect();
    assert_eq!(
        violations.len(),
        1,
        "exactly the test's own script was refused: {violations:#?}"
    );
    world.close().await;
}

#[tokio::test]
async fn markup_in_titles_and_logins_stays_text() {
    let mut data = sprintlift_standin::generate(sprintlift_e2e::SEED);
    let payloads = [
        r#"<img src=x onerror="window.__pwned = 1">"#,
        "<script>window.__pwned = 2</script>",
        r#""><svg onload="window.__pwned = 3">"#,
    ];
    let sprint = |pr: &sprintlift_standin::PullRequest| {
        pr.org == "python"
            && pr.created_at.to_string().as_str() > "2025-05-19T04:00:00Z"
            && pr.created_at.to_string().as_str() < "2025-05-23T04:00:00Z"
    };
    let mut changed = 0;
    for pr in data
        .prs
        .iter_mut()
        .filter(|pr| sprint(pr))
        .take(payloads.len())
    {
        pr.title = payloads[changed].to_string();
        pr.author = "<b>mallory</b>".to_string();
        changed += 1;
    }
    assert_eq!(changed, payloads.len(), "the sprint has PRs to rename");
    let world = World::start_with_data(data, Config::unlimited()).await;
    world.open(PYCON_US).await;
    world.wait_done().await;
    world.use_token("test-token", false).await;
    world.wait_done().await;
    // Every page of the table. The button goes once all rows are shown;
    // a click that lands as it goes is looked for again, a bounded number
    // of times.
    let more = fantoccini::Locator::Css("[data-testid=more-prs]");
    for _ in 0..50 {
        let Ok(button) = world.client.find(more).await else {
            break;
        };
        let _ = button.click().await;
    }
    assert!(
        world.client.find(more).await.is_err(),
        "the table never showed all its rows"
    );
    let table = world.text_of("pr-table").await;
    for payload in payloads {
        assert!(
            table.contains(payload),
            "the title {payload} is not shown as text"
        );
    }
    assert!(
        table.contains("<b>mallory</b>"),
        "the login is not shown as text"
    );
    let injected = world
        .client
        .execute(
            "return [window.__pwned === undefined, document.querySelectorAll('img, svg[onload], b, script:not([src])').length];",
            vec![],
        )
        .await
        .expect("script");
    assert_eq!(
        injected,
        serde_json::json!([true, 0]),
        "markup from the API became elements"
    );
    world.expect_healthy().await;
    world.close().await;
}

#[tokio::test]
async fn the_token_stays_out_of_urls_history_exports_console_and_storage() {
    const SECRET: &str = "ghp_sprintliftSecret0123456789";
    let world = World::start_with(Config {
        tokens: vec![SECRET.to_string()],
        ..Config::unlimited()
    })
    .await;
    world.open(PYCON_US).await;
    world.wait_done().await;
    world.use_token(SECRET, false).await;
    world.wait_done().await;
    // The token was used: GraphQL requests carried it.
    assert!(world
        .standin
        .log
        .entries()
        .iter()
        .any(|r| r.authorization.as_deref() == Some(&format!("Bearer {SECRET}"))));

    // Every export.
    world.capture_downloads().await;
    for export in ["export-json", "windows-csv", "prs-csv"] {
        click(&world, export).await;
    }
    let files = world.downloads().await;
    assert_eq!(
        files.len(),
        3,
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for (name, url) in &files {
        assert!(!data_text(url).contains(SECRET), "the token is in {name}");
    }

    // Storage: not remembered, so nowhere.
    let storage = world
        .client
        .execute(
            "return Object.keys(localStorage).map(k => k + '=' + localStorage.getItem(k)).join('\\n') + sessionStorage.length;",
            vec![],
        )
        .await
        .expect("storage");
    assert!(
        !storage.to_string().contains(SECRET),
        "the token is in storage"
    );

    // Change the view twice, then walk back through the history.
    world.type_into("org", "numpy").await;
    world.submit().await;
    world.wait_done().await;
    let mut urls = vec![world.client.current_url().await.expect("url").to_string()];
    for _ in 0..3 {
        world.client.back().await.expect("back");
        urls.push(world.client.current_url().await.expect("url").to_string());
    }
    for url in &urls {
        assert!(!url.contains(SECRET), "the token is in the URL {url}");
    }

    // The console, from the first line on.
    let console = world.console().await;
    assert!(
        console.iter().all(|l| !l.contains(SECRET)),
        "the token is in the console: {console:#?}"
    );
    world.close().await;
}

#[tokio::test]
async fn a_remembered_token_that_cannot_be_read_is_said_and_forgotten() {
    let world = World::start_with(Config::unlimited()).await;
    world.open("from=not-a-date").await;
    world.by_testid("view-error").await;
    world
        .client
        .execute(
            "localStorage.setItem('sprintlift/token', '{not json');",
            vec![],
        )
        .await
        .expect("store a broken token");
    world.open(PYCON_US).await;
    let said = world.text_of("token-unreadable").await;
    assert!(said.contains("could not be read"), "{said}");
    // The load goes on without a token, and the broken entry is gone.
    world.wait_done().await;
    let kept = world
        .client
        .execute("return localStorage.getItem('sprintlift/token');", vec![])
        .await
        .expect("storage");
    assert_eq!(kept, serde_json::Value::Null);
    world.close().await;
}

/// A pasted token with a character a request header cannot carry gets a
/// sentence naming it, and no request carries it.
#[tokio::test]
async fn a_token_with_an_invisible_character_is_refused_with_a_sentence() {
    let world = World::start().await;
    world.open(PYCON_US).await;
    world.wait_done().await;
    world.type_into("token", "ghp_\u{200B}abc123").await;
    world
        .by_testid("use-token")
        .await
        .click()
        .await
        .expect("click");
    let said = world.text_of("token-refused").await;
    assert!(said.contains("zero-width space"), "{said}");
    assert!(
        world
            .standin
            .log
            .entries()
            .iter()
            .all(|r| r.authorization.is_none()),
        "no request carried the token"
    );
    world.expect_healthy().await;
    world.close().await;
}
