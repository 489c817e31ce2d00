use super::*;
use crate::search_query::encode_component;

fn sprint_of(view: &View) -> &Sprint {
    match &view.page {
        Page::Sprint(sprint) => sprint,
        other => panic!("not a sprint: {other:?}"),
    }
}

const BROWSER_ZONE: &str = "Europe/Prague";

/// Parses `query` (already split on `&` and `=`) and compares either the
/// canonical query string of the view or the error's sentence.
fn check(query: &str, expected: Result<&str, &str>) {
    let got = View::from_query_string(query, BROWSER_ZONE)
        .map(|v| v.to_query())
        .map_err(|e| e.to_string());
    let expected = expected.map(str::to_string).map_err(str::to_string);
    assert_eq!(got, expected, "{query}");
}

#[test]
fn valid_views_round_trip_to_canonical_urls() {
    check(
        "",
        Ok("org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York"),
    );
    check(
        "utm_source=x",
        Ok("org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York"),
    );
    check(
        "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York",
        Ok("org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York"),
    );
    check(
        "tz=Asia/Seoul&from=2025-08-15&org=python",
        Ok("org=python&from=2025-08-15&to=2025-08-15&tz=Asia/Seoul"),
    );
    check(
        "org=python&from=2025-07-19&to=2025-07-20",
        Ok("org=python&from=2025-07-19&to=2025-07-20&tz=Europe/Prague"),
    );
    check(
        "org=python&from=2025-07-19&to=2025-07-20&tz=Etc/GMT%2B5&api=http://127.0.0.1:9/",
        Ok("org=python&from=2025-07-19&to=2025-07-20&tz=Etc/GMT%2B5&api=http://127.0.0.1:9"),
    );
    check(
        "org=python&from=2025-07-19&to=2025-07-20&api=https://api.github.com/",
        Ok("org=python&from=2025-07-19&to=2025-07-20&tz=Europe/Prague"),
    );
    check(
        "org=a&org=b&from=2025-01-01",
        Ok("org=b&from=2025-01-01&to=2025-01-01&tz=Europe/Prague"),
    );
}

#[test]
fn each_bad_value_gets_its_sentence() {
    check(
        "from=2025-05-19",
        Err("Name the GitHub organisation whose sprint to measure (for example org=python) or its repositories (repos=django/django,fabric/fabric)."),
    );
    check(
        "org=python&repos=django/django&from=2025-05-19",
        Err("Give either an organisation or repositories, not both: the sprint is measured over one of them."),
    );
    check(
        "repos=django/django,django&from=2025-05-19",
        Err("“django” is not a GitHub repository: write it as owner/name, for example django/django."),
    );
    check(
        "repos=a/b/c&from=2025-05-19",
        Err("“a/b/c” is not a GitHub repository: write it as owner/name, for example django/django."),
    );
    // Names GitHub cannot have never reach a search.
    for repo in ["/cpython", "python/.", "python/..", "python/", "python/a b"] {
        check(
            &format!("repos={repo}&from=2025-05-19"),
            Err(&format!("“{repo}” is not a GitHub repository: write it as owner/name, for example django/django.")),
        );
    }
    check(
        "org=&from=2025-05-19",
        Err("Name the GitHub organisation whose sprint to measure (for example org=python) or its repositories (repos=django/django,fabric/fabric)."),
    );
    check("org=py%20thon&from=2025-05-19", Err("“py thon” is not a GitHub organisation name: use letters, digits and single hyphens, at most 39 characters."));
    check("org=-python&from=2025-05-19", Err("“-python” is not a GitHub organisation name: use letters, digits and single hyphens, at most 39 characters."));
    check(
        "org=python",
        Err("Give the sprint's first day as from=YYYY-MM-DD, for example from=2025-05-19."),
    );
    check("org=python&from=19/05/2025", Err("The start date “19/05/2025” is not a calendar date: write it as YYYY-MM-DD, for example 2025-05-19."));
    check("org=python&from=2025-02-30", Err("The start date “2025-02-30” is not a calendar date: write it as YYYY-MM-DD, for example 2025-05-19."));
    check("org=python&from=2025-05-19&to=2025-5-22", Err("The end date “2025-5-22” is not a calendar date: write it as YYYY-MM-DD, for example 2025-05-19."));
    check(
        "org=python&from=2025-05-22&to=2025-05-19",
        Err("The sprint ends on 2025-05-19, before it starts on 2025-05-22: swap the two dates."),
    );
    check("org=python&from=2025-01-01&to=2025-03-31", Err("A sprint of 90 days is longer than the 62 days sprintlift compares: choose a shorter range."));
    check(
        "org=python&from=2025-01-01&tz=<script>",
        Err("“<script>” is not a time zone name: use an IANA name such as Europe/Prague."),
    );
    check("org=python&from=2025-01-01&api=file:///etc", Err("The API address “file:///etc” is not usable: give an http(s) URL such as https://github.example.com/api/v3, without ? or #."));
}

#[test]
fn an_api_alone_shows_the_default_event_from_it() {
    let view = View::from_query_string("api=http://127.0.0.1:8081", "UTC").expect("view");
    assert_eq!(view.show.api.as_str(), "http://127.0.0.1:8081");
    assert_eq!(view.page, Page::Sprint(Sprint::pycon_us_2025()));
}

#[test]
fn embed_and_theme_are_part_of_the_view() {
    let view = View::from_query_string(
        "org=python&from=2025-07-19&to=2025-07-20&tz=Europe/Prague&embed=1&theme=dark",
        "UTC",
    )
    .expect("view");
    assert!(view.show.embed);
    assert_eq!(view.show.theme, Theme::Dark);
    assert_eq!(
        View::from_query_string(&view.to_query(), "UTC"),
        Ok(view.clone())
    );
    assert!(!view.with_embed(false).to_query().contains("embed"));
    let only_theme = View::from_query_string("theme=light", "UTC").expect("view");
    assert_eq!(only_theme.show.theme, Theme::Light);
    assert_eq!(only_theme.page, Page::Sprint(Sprint::pycon_us_2025()));
    check(
        "theme=blue",
        Err("theme=blue is not a theme: use theme=light, theme=dark or theme=auto."),
    );
    check(
        "embed=yes",
        Err("embed=yes is not understood: use embed=1 for the compact card, or leave it out."),
    );
}

#[test]
fn a_snapshot_address_replaces_the_view() {
    let view = View::from_query_string("snapshot=data/pycon.json&embed=1", "UTC").expect("view");
    assert_eq!(view.page, Page::Snapshot("data/pycon.json".to_string()));
    assert!(view.show.embed);
    assert_eq!(view.to_query(), "snapshot=data/pycon.json&embed=1");
    for address in ["https://example.org/s.json", "/s.json", "s.json?v=2"] {
        assert!(
            View::from_query_string(&format!("snapshot={}", encode_component(address)), "UTC")
                .is_ok(),
            "{address}"
        );
    }
    check("snapshot=javascript:alert(1)", Err("snapshot=javascript:alert(1) is not a file address: give an http(s) URL or a path on this site, such as snapshot=pycon-us-2025.json."));
    check("snapshot=//evil.example/x.json", Err("snapshot=//evil.example/x.json is not a file address: give an http(s) URL or a path on this site, such as snapshot=pycon-us-2025.json."));
    for address in [
        "http://example.org/s.json",
        "HTTP://example.org/s.json",
        "http://127.0.0.1.evil.test/s.json",
    ] {
        check(
            &format!("snapshot={address}"),
            Err(&format!("snapshot={address} uses plain http, which anyone on the way can change: use https://, or http:// only for this computer (localhost or 127.0.0.1).")),
        );
    }
    assert!(View::from_query_string("snapshot=http://127.0.0.1:8000/s.json", "UTC").is_ok());
    check("snapshot=data:application/json,{}", Err("snapshot=data:application/json,{} is not a file address: give an http(s) URL or a path on this site, such as snapshot=pycon-us-2025.json."));
}

#[test]
fn compare_names_known_events() {
    let view = View::from_query_string(
        "compare=pycon-us-2025,+europython-2025,pycon-us-2025&api=http://127.0.0.1:9",
        "UTC",
    )
    .expect("view");
    let Page::Compare(events) = &view.page else {
        panic!("not a comparison: {view:?}")
    };
    let ids: Vec<&str> = events.iter().map(|p| p.id).collect();
    assert_eq!(ids, ["pycon-us-2025", "europython-2025"]);
    assert_eq!(
        view.to_query(),
        "compare=pycon-us-2025,europython-2025&api=http://127.0.0.1:9"
    );
    // No event named: no comparison, as when compare= is empty.
    check(
        "compare=,+,",
        Ok("org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York"),
    );
    check("compare=pycon-us-2099", Err("“pycon-us-2099” is not a known event; compare takes ids from the menu of known sprints, such as compare=pycon-us-2025,europython-2025."));
}

#[test]
fn baseline_and_filters_come_from_the_url() {
    let view = View::from_query_string(
        "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York&before=8&after=0&bots=1",
        "UTC",
    )
    .expect("view");
    assert_eq!(
        (
            sprint_of(&view).baseline.before,
            sprint_of(&view).baseline.after,
            sprint_of(&view).counting.bots,
            sprint_of(&view).counting.backports
        ),
        (8, 0, true, false)
    );
    assert_eq!(
        view.to_query(),
        "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York&before=8&after=0&bots=1"
    );
    let form = FormValues::for_url("", &Ok(view.clone()));
    assert_eq!(View::from_query_string(&form.to_query(), "UTC"), Ok(view));
    assert!(!View::sprint(Sprint::pycon_us_2025(), ApiBase::github())
        .to_query()
        .contains("before"));
    check(
        "org=python&from=2025-05-19&before=13",
        Err("before=13 is not a number of weeks from 0 to 12."),
    );
    check(
        "org=python&from=2025-05-19&before=0&after=0",
        Err("The baseline needs at least one week before or after the sprint."),
    );
    check(
        "org=python&from=2025-05-19&bots=yes",
        Err("bots=yes is not understood: use bots=1 to count them, or leave it out."),
    );
}

#[test]
fn repositories_name_the_scope_and_round_trip() {
    let view = View::from_query_string(
        "repos=django/django,+fabric/fabric,django/django&from=2013-03-18&to=2013-03-21&tz=America/Los_Angeles",
        "UTC",
    )
    .expect("view");
    let sprint = sprint_of(&view);
    assert_eq!(
        sprint.scope,
        SprintScope::Repos(vec!["django/django".into(), "fabric/fabric".into()])
    );
    assert_eq!(
        sprint.scope(),
        Scope::Repos(vec!["django/django".into(), "fabric/fabric".into()])
    );
    assert_eq!(sprint.scope_label(), "django/django and fabric/fabric");
    assert_eq!(
        view.to_query(),
        "repos=django/django,fabric/fabric&from=2013-03-18&to=2013-03-21&tz=America/Los_Angeles"
    );
    assert_eq!(View::from_query_string(&view.to_query(), "UTC"), Ok(view));
}

#[test]
fn query_strings_decode_and_encode_symmetrically() {
    let pairs = decode_query("?a=1+2&b=%E2%9C%93&c&d=%zz&e=x%26y");
    let expected = [
        ("a", "1 2"),
        ("b", "✓"),
        ("c", ""),
        ("d", "%zz"),
        ("e", "x&y"),
    ];
    let got: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(got, expected);
    let encoded = encode_query(got.iter().copied());
    assert_eq!(encoded, "a=1+2&b=%E2%9C%93&c=&d=%25zz&e=x%26y");
    assert_eq!(decode_query(&encoded), pairs);
}

fn check_form(search: &str, expected: [&str; 5], expected_query: &str) {
    let parsed = View::from_query_string(search, BROWSER_ZONE);
    let values = FormValues::for_url(search, &parsed);
    let got = [Param::Org, Param::From, Param::To, Param::Tz, Param::Api].map(|p| values.get(p));
    assert_eq!(got, expected, "{search}");
    assert_eq!(values.to_query(), expected_query, "{search}");
}

#[test]
fn form_shows_the_view_or_keeps_what_was_typed() {
    check_form(
        "",
        ["python", "2025-05-19", "2025-05-22", "America/New_York", ""],
        "org=python&from=2025-05-19&to=2025-05-22&tz=America/New_York",
    );
    check_form(
        "org=python&from=2025-08-15&api=http://127.0.0.1:9",
        [
            "python",
            "2025-08-15",
            "2025-08-15",
            "Europe/Prague",
            "http://127.0.0.1:9",
        ],
        "org=python&from=2025-08-15&to=2025-08-15&tz=Europe/Prague&api=http://127.0.0.1:9",
    );
    check_form(
        "org=python&from=19%2F05%2F2025&tz=Mars/Olympus",
        ["python", "19/05/2025", "", "Mars/Olympus", ""],
        "org=python&from=19/05/2025&to=&tz=Mars/Olympus",
    );
}

#[test]
fn each_parameter_is_named_once_and_read_back_by_its_name() {
    for param in Param::ALL {
        assert_eq!(Param::named(param.name()), Some(param), "{param:?}");
        let same: Vec<Param> = Param::ALL
            .into_iter()
            .filter(|p| p.name() == param.name())
            .collect();
        assert_eq!(same, [param]);
    }
    assert_eq!(Param::named("utm_source"), None);
}

#[test]
fn another_page_keeps_how_the_view_is_shown() {
    let shown = "api=http://127.0.0.1:9&embed=1&theme=dark";
    let view = View::from_query_string(&format!("org=numpy&from=2025-05-19&{shown}"), "UTC")
        .expect("view");
    let event = crate::presets::PRESETS
        .iter()
        .find(|p| p.id == "europython-2025")
        .expect("a preset");
    let compared = View {
        page: Page::Compare(vec![event]),
        show: view.show.clone(),
    };
    assert_eq!(
        compared.to_query(),
        format!("compare=europython-2025&{shown}")
    );
    let sprint = View {
        page: Page::Sprint(event.sprint().expect("a sprint")),
        show: view.show.clone(),
    };
    assert_eq!(sprint.to_query(), format!("{}&{shown}", event.query));
    let snapshot = View {
        page: Page::Snapshot("s.json".to_string()),
        show: view.show.clone(),
    };
    assert_eq!(
        View::from_query_string(&snapshot.to_query(), "UTC"),
        Ok(snapshot)
    );
}

#[test]
fn the_form_carries_the_api_and_theme_but_not_the_card() {
    let search = "org=numpy&from=2025-05-19&api=http://127.0.0.1:9&embed=1&theme=dark";
    let values = FormValues::for_url(search, &View::from_query_string(search, "UTC"));
    assert_eq!(
        values.to_query(),
        "org=numpy&from=2025-05-19&to=2025-05-19&tz=UTC&api=http://127.0.0.1:9&theme=dark"
    );
    let typed: Vec<&str> = FormValues::fields().map(Param::name).collect();
    assert_eq!(
        typed,
        [
            "org",
            "repos",
            "from",
            "to",
            "tz",
            "before",
            "after",
            "bots",
            "backports"
        ]
    );
}

#[test]
fn a_data_key_names_the_sprint_and_api_only() {
    let view = View::from_query_string(
        "repos=django/django&from=2025-05-19&tz=UTC&bots=1&api=http://127.0.0.1:9&embed=1&theme=dark",
        "UTC",
    )
    .expect("view");
    assert_eq!(
        view.data().expect("a sprint").key(),
        "repos=django/django&from=2025-05-19&to=2025-05-19&tz=UTC&bots=1&api=http://127.0.0.1:9"
    );
    assert_eq!(
        View::from_query_string("compare=pycon-us-2025", "UTC")
            .expect("view")
            .data(),
        None
    );
}

#[test]
fn the_counting_is_said_as_the_view_counts() {
    let cases = [
        ("", "bots and backports out"),
        ("&bots=1", "bots counted, backports out"),
        ("&backports=1", "bots out, backports counted"),
        ("&bots=1&backports=1", "bots and backports counted"),
    ];
    for (extra, said) in cases {
        let query = format!("org=python&from=2025-05-19{extra}");
        let view = View::from_query_string(&query, "UTC").expect("view");
        assert_eq!(sprint_of(&view).counting.description(), said, "{query}");
    }
}
