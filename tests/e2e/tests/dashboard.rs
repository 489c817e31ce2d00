//! The dashboard end to end: the default view with its claims and charts,
//! the preset menu, a view of repositories, a phone-sized screen.

// Test helpers: a failed expectation is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use sprintlift_e2e::{data_text, events_in, Event, World, PYCON_US};

/// How many pixels of a canvas differ from its top-left pixel (the
/// background): zero means nothing was drawn.
const INKED: &str = "const c = document.querySelector(`[data-testid='${arguments[0]}']`);
if (!c) return -1;
const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
let n = 0;
for (let i = 0; i < d.length; i += 4) {
  if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) n++;
}
return n;";

#[tokio::test]
async fn the_default_view_has_its_headline_claims_and_charts() {
    let world = World::with_default_view().await;
    let expected = world.default_opened();
    world.expect_metric("opened", expected).await;
    // Published claims beside measured figures.
    let claims = world.text_of("claims").await;
    assert!(
        claims.contains("published: 370 new PRs to the python org"),
        "{claims}"
    );
    assert!(
        claims.contains(&format!("measured: {expected}")),
        "{claims}"
    );
    assert!(claims.contains("(bots and backports out)"), "{claims}");
    // Both charts are drawn, at the screen's pixel ratio.
    for chart in ["chart-opened", "chart-merged"] {
        world.by_testid(chart).await;
        let inked = world
            .client
            .execute(INKED, vec![serde_json::json!(chart)])
            .await
            .expect("read the canvas");
        assert!(
            inked.as_i64().unwrap_or(0) > 1000,
            "{chart} is blank: {inked}"
        );
        let sizes = world
            .client
            .execute(
                "const c = document.querySelector(`[data-testid='${arguments[0]}']`); return [c.width, Math.round(c.clientWidth * devicePixelRatio)];",
                vec![serde_json::json!(chart)],
            )
            .await
            .expect("sizes");
        assert_eq!(sizes[0], sizes[1], "{chart} backing store matches its box");
        let label = world
            .by_testid(chart)
            .await
            .attr("aria-label")
            .await
            .expect("label")
            .unwrap_or_default();
        assert!(label.contains("sprint 19 May: "), "{label}");
        if chart == "chart-opened" {
            assert!(
                label.contains(&format!("sprint 19 May: {expected},")),
                "{label}"
            );
        }
    }
    // Each chart's data as a table too.
    let rows = world
        .client
        .execute(
            "return document.querySelectorAll('[data-testid=chart-opened-table] tbody tr').length;",
            vec![],
        )
        .await
        .expect("rows");
    assert_eq!(rows.as_i64(), Some(9));
    // Chart 3: the sprint per repository.
    world.by_testid("chart-repos").await;
    let inked = world
        .client
        .execute(INKED, vec![serde_json::json!("chart-repos")])
        .await
        .expect("read the canvas");
    assert!(inked.as_i64().unwrap_or(0) > 1000, "chart-repos is blank");
    world.close().await;
}

#[tokio::test]
async fn the_preset_menu_opens_each_event() {
    let world = World::start().await;
    world.open("theme=dark").await;
    world.wait_done().await;
    // Every preset of the menu; the PyCon 2013 projects are not in the
    // stand-in's data, so that one must end in GitHub's sentence.
    for (id, key) in [
        ("europython-2025", "tz=Europe/Prague"),
        ("pycon-kr-2025", "tz=Asia/Seoul"),
        ("core-sprint-2020", "from=2020-10-19"),
        ("core-sprint-2025-arm", "repos=python/cpython"),
        ("pycon-us-2013", "repos=scikit-learn/scikit-learn"),
        ("pycon-us-2025", "tz=America/New_York"),
    ] {
        world
            .by_testid("preset-menu")
            .await
            .select_by_value(id)
            .await
            .expect("choose the preset");
        world
            .expect_url(&format!("show {id}"), |u| u.contains(key))
            .await;
        // Still on the stand-in and in the dark: api and theme are kept.
        let url = world.expect_url("keep api", |u| u.contains("api=")).await;
        assert!(url.contains(&world.standin.base_url()), "{url}");
        assert!(url.contains("theme=dark"), "{url}");
        if id == "pycon-us-2013" {
            // Thirteen repositories without a token: the cost is said
            // first, then the visitor goes on.
            let cost = world.text_of("cost-notice").await;
            assert!(cost.contains("without a token"), "{cost}");
            world
                .by_testid("cost-go-on")
                .await
                .click()
                .await
                .expect("click");
            let error = world.text_of("load-error").await;
            assert!(error.contains("cannot be searched"), "{error}");
        } else {
            world.wait_done().await;
        }
    }
    world.close().await;
}

#[tokio::test]
async fn a_view_of_repositories_counts_only_them() {
    let world = World::start().await;
    world
        .open("repos=python/cpython,python/peps&from=2025-05-19&to=2025-05-22&tz=America/New_York")
        .await;
    world.wait_done().await;
    let metrics = world.metrics().await;
    // The oracle: the two repositories' PRs in the sprint's New York days,
    // counted straight from the data.
    let repos = ["python/cpython", "python/peps"];
    let events = |event| {
        events_in(
            &world.data,
            |pr| repos.contains(&pr.full_name().as_str()),
            ("2025-05-19", "2025-05-22"),
            "America/New_York",
            0,
            event,
        )
    };
    let opened = events(Event::Opened);
    assert!(!opened.is_empty() && opened.len() < world.default_opened());
    let mut authors: Vec<&str> = opened.iter().map(|pr| pr.author.as_str()).collect();
    authors.sort();
    authors.dedup();
    let expected = [
        ("opened", opened.len()),
        ("merged", events(Event::Merged).len()),
        ("closed_unmerged", events(Event::ClosedUnmerged).len()),
        ("authors", authors.len()),
    ];
    for (name, count) in expected {
        assert_eq!(
            metrics.get(&format!("headline {name}")),
            Some(&count.to_string()),
            "{name}"
        );
    }
    let context = world.text_of("context").await;
    assert!(
        context.starts_with("python/cpython and python/peps"),
        "{context}"
    );
    world.close().await;
}

#[tokio::test]
async fn a_phone_screen_never_scrolls_sideways() {
    let world = World::start().await;
    world
        .client
        .set_window_size(375, 800)
        .await
        .expect("resize");
    world.open("").await;
    world.wait_done().await;
    world.by_testid("chart-opened").await;
    let widths = world
        .client
        .execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
            vec![],
        )
        .await
        .expect("widths");
    assert!(
        widths[0].as_i64() <= widths[1].as_i64(),
        "the page is wider than the screen: {widths}"
    );
    world.close().await;
}

#[tokio::test]
async fn tables_sort_and_export_as_csv_and_charts_as_png() {
    let world = World::with_default_view().await;
    world.capture_downloads().await;
    let expected = world.default_opened();

    // Sorting by author: ascending, case-insensitive.
    world
        .by_testid("sort-author")
        .await
        .click()
        .await
        .expect("sort");
    let authors = || async {
        let authors = world
            .client
            .execute(
                "return [...document.querySelectorAll('[data-testid=pr-row] td:nth-child(4)')].map(td => td.firstChild.textContent.toLowerCase());",
                vec![],
            )
            .await
            .expect("authors");
        serde_json::from_value::<Vec<String>>(authors).expect("strings")
    };
    // A screenful of 25 rows at first, then 200 more at a time.
    assert!(expected > 225, "the default view has {expected} PRs");
    assert_eq!(authors().await.len(), 25);
    for shown in [225, expected] {
        world
            .by_testid("more-prs")
            .await
            .click()
            .await
            .expect("more");
        assert_eq!(authors().await.len(), shown);
    }
    let authors = authors().await;
    assert_eq!(authors.len(), expected);
    let mut sorted = authors.clone();
    sorted.sort();
    assert_eq!(authors, sorted);

    world.by_testid("prs-csv").await.click().await.expect("csv");
    world
        .by_testid("windows-csv")
        .await
        .click()
        .await
        .expect("csv");
    world
        .by_testid("chart-opened-png")
        .await
        .click()
        .await
        .expect("png");
    let files = world.downloads().await;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "sprintlift-prs.csv",
            "sprintlift-windows.csv",
            "sprintlift-chart-opened.png"
        ]
    );
    let prs = data_text(&files[0].1);
    assert!(prs.starts_with("repository,number,title,author,new_contributor,opened,merged,url\n"));
    assert_eq!(prs.lines().count(), expected + 1);
    let windows = data_text(&files[1].1);
    assert_eq!(windows.lines().count(), 10, "{windows}");
    assert!(windows.lines().nth(1).expect("sprint").starts_with(&format!("sprint,2025-05-19,2025-05-22,2025-05-19T04:00:00+00:00,2025-05-23T04:00:00+00:00,{expected},")));
    assert!(files[2].1.starts_with("data:image/png;base64,") && files[2].1.len() > 5000);
    world.close().await;
}

#[tokio::test]
async fn the_embed_card_posts_its_height_to_the_host_page() {
    let world = World::start().await;
    world.open("theme=light").await;
    world.wait_done().await;
    let snippet = {
        world
            .by_testid("embed-button")
            .await
            .click()
            .await
            .expect("embed");
        world
            .by_testid("embed-snippet")
            .await
            .prop("value")
            .await
            .expect("value")
            .unwrap_or_default()
    };
    assert!(
        snippet.contains("embed=1") && snippet.contains("<iframe"),
        "{snippet}"
    );
    // A conference's page: the snippet pasted in, on another origin, and a
    // listener recording the heights the card posts.
    let host = sprintlift_e2e::serve_file(
        "conference.html",
        format!(
            "<!doctype html><html><body><h1>Our sprints</h1>{snippet}<script>window.__heights = []; addEventListener('message', e => {{ if (e.data && e.data.type === 'sprintlift:height') window.__heights.push(e.data.height); }});</script></body></html>"
        ),
    )
    .await;
    world.client.goto(&host).await.expect("the host page");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let host_side = world
            .client
            .execute(
                "return [window.__heights.length ? window.__heights[window.__heights.length - 1] : 0, document.querySelector('iframe').style.height];",
                vec![],
            )
            .await
            .expect("host state");
        world
            .client
            .clone()
            .enter_frame(0)
            .await
            .expect("into the card");
        let card_side = world
            .client
            .execute(
                "const done = document.querySelector('[data-testid=done]') && document.querySelector('[data-testid=chart-opened]'); return [done ? document.body.scrollHeight : -1, !document.querySelector('[data-testid=view-form]') && getComputedStyle(document.querySelector('.masthead')).display === 'none'];",
                vec![],
            )
            .await
            .expect("card state");
        world
            .client
            .clone()
            .enter_parent_frame()
            .await
            .expect("back to the host");
        let (last, style, actual, no_form) = (
            host_side[0].as_i64().unwrap_or(0),
            host_side[1].as_str().unwrap_or_default().to_string(),
            card_side[0].as_i64().unwrap_or(-1),
            card_side[1].as_bool().unwrap_or(false),
        );
        // The snippet's own listener sized the iframe to the card.
        if actual > 300 && last == actual && style == format!("{actual}px") {
            assert!(no_form, "the card has no form and no masthead");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "height never posted: last {last}, iframe {style:?}, card {actual}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    world.close().await;
}

#[tokio::test]
async fn the_dark_theme_and_the_shared_link() {
    let world = World::start().await;
    world.open("theme=dark").await;
    world.wait_done().await;
    let colors = world
        .client
        .execute(
            "return [document.documentElement.dataset.theme, getComputedStyle(document.body).backgroundColor];",
            vec![],
        )
        .await
        .expect("theme");
    assert_eq!(colors[0], "dark");
    assert_eq!(colors[1], "rgb(13, 17, 23)");
    let first = world.metrics().await;
    world.use_token("test-token", false).await;
    world.wait_done().await;
    let link = world
        .by_testid("share-link")
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default();
    assert!(
        link.contains("theme=dark") && link.contains("org=python"),
        "{link}"
    );
    assert!(!link.contains("test-token"), "{link}");
    world.client.goto(&link).await.expect("open the link");
    world.wait_done().await;
    let again = world.metrics().await;
    for (key, value) in &first {
        assert_eq!(again.get(key), Some(value), "{key}");
    }
    world.close().await;
}

#[tokio::test]
async fn the_form_works_with_the_keyboard_alone() {
    use fantoccini::key::Key;
    let world = World::with_default_view().await;
    // Tab from the top of the page to the organisation field.
    let mut found = false;
    for _ in 0..30 {
        let active = world.client.active_element().await.expect("focus");
        if active.attr("data-testid").await.ok().flatten().as_deref() == Some("input-org") {
            found = true;
            break;
        }
        active.send_keys(&Key::Tab.to_string()).await.expect("tab");
    }
    assert!(found, "Tab never reached the organisation field");
    let field = world.client.active_element().await.expect("focus");
    let erase = format!("{}{}", Key::End, Key::Backspace.to_string().repeat(10));
    field.send_keys(&erase).await.expect("erase");
    field.send_keys("numpy").await.expect("type");
    field
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("enter");
    world
        .expect_url("name numpy", |u| u.contains("org=numpy"))
        .await;
    world.wait_done().await;
    world.close().await;
}

#[tokio::test]
async fn the_baseline_and_filters_follow_the_url() {
    let world = World::start().await;
    world
        .open("org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York&before=2&after=1&bots=1&backports=1")
        .await;
    world.wait_done().await;
    let rows = world
        .client
        .execute(
            "return document.querySelectorAll('[data-testid=baseline-row]').length;",
            vec![],
        )
        .await
        .expect("rows");
    assert_eq!(rows.as_i64(), Some(3));
    // With bots and backports counted, every PR opened in the sprint is.
    let tz = jiff::tz::TimeZone::get("America/New_York").expect("zone");
    let start = jiff::civil::date(2025, 5, 19)
        .to_zoned(tz.clone())
        .expect("start")
        .timestamp();
    let end = jiff::civil::date(2025, 5, 23)
        .to_zoned(tz)
        .expect("end")
        .timestamp();
    let all = world
        .data
        .prs
        .iter()
        .filter(|pr| pr.org == "python" && start <= pr.created_at && pr.created_at < end)
        .count();
    assert!(
        all > world.default_opened(),
        "the data has bots or backports in the sprint"
    );
    world.expect_metric("opened", all).await;
    // The form shows what the URL says.
    let before = world
        .by_testid("input-before")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_eq!(before.as_deref(), Some("2"));
    let bots = world
        .by_testid("input-bots")
        .await
        .prop("checked")
        .await
        .expect("checked");
    assert_eq!(bots.as_deref(), Some("true"));
    world.close().await;
}

#[tokio::test]
async fn the_site_works_under_a_sub_path() {
    let world = World::start().await;
    let url = world.sub_path_url("org=numpy&from=2025-05-19&to=2025-05-22&tz=America/New_York");
    world.client.goto(&url).await.expect("open");
    world.wait_done().await;
    world.type_into("org", "python").await;
    world.submit().await;
    let url = world
        .expect_url("stay under the sub-path", |u| u.contains("org=python"))
        .await;
    assert!(url.contains(sprintlift_e2e::SUB_PATH), "{url}");
    world.wait_done().await;
    world.expect_metric("opened", world.default_opened()).await;
    let link = world
        .by_testid("share-link")
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default();
    assert!(link.contains(sprintlift_e2e::SUB_PATH), "{link}");
    world.close().await;
}

#[tokio::test]
async fn the_daily_timeline_comes_with_a_token() {
    let world = World::with_default_view().await;
    let why = world.text_of("timeline-needs-token").await;
    assert!(why.contains("one search per day"), "{why}");
    world.use_token("test-token", false).await;
    world.by_testid("progress").await;
    world.wait_done().await;
    world.by_testid("chart-timeline").await;
    let inked = world
        .client
        .execute(INKED, vec![serde_json::json!("chart-timeline")])
        .await
        .expect("read the canvas");
    assert!(inked.as_i64().unwrap_or(0) > 1000, "the timeline is blank");
    let label = world
        .by_testid("chart-timeline")
        .await
        .attr("aria-label")
        .await
        .expect("label")
        .unwrap_or_default();
    // 28 days either side of the 4-day sprint, each described.
    assert_eq!(label.matches(": ").count(), 60, "{label}");
    world.close().await;
}

#[tokio::test]
async fn on_a_phone_the_figures_come_first_and_the_form_folds_away() {
    let world = World::start().await;
    world
        .client
        .set_window_size(390, 844)
        .await
        .expect("resize");
    world.open("").await;
    world.wait_done().await;
    let layout = world
        .client
        .execute(
            "return [document.querySelector('[data-testid=figures]').getBoundingClientRect().top, window.innerHeight, document.querySelector('[data-testid=change-view]').open];",
            vec![],
        )
        .await
        .expect("layout");
    let (top, height) = (
        layout[0].as_f64().expect("top"),
        layout[1].as_f64().expect("height"),
    );
    assert!(
        top < height * 0.75,
        "the headline starts at {top} px of {height}"
    );
    assert_eq!(layout[2], serde_json::json!(false), "the form is folded");
    // One tap opens it.
    world
        .client
        .find(fantoccini::Locator::Css(
            "[data-testid=change-view] > summary",
        ))
        .await
        .expect("summary")
        .click()
        .await
        .expect("open");
    assert!(world
        .by_testid("input-org")
        .await
        .is_displayed()
        .await
        .expect("shown"));
    world.expect_healthy().await;
    world.close().await;
}

/// The claims box says what the view counts, not what the default counts.
#[tokio::test]
async fn the_claims_say_what_the_view_counts() {
    let world = World::start().await;
    world.open(&format!("{PYCON_US}&bots=1&backports=1")).await;
    world.wait_done().await;
    let claims = world.text_of("claims").await;
    assert!(claims.contains("(bots and backports counted)"), "{claims}");
    assert!(!claims.contains("backports out"), "{claims}");
    world.close().await;
}
