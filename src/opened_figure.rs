//! The slice's figure: PRs opened during the sprint, with the search that
//! reproduces it.

use crate::github::{self, GithubError};
use crate::intl_zone::IntlZone;
use leptos::prelude::*;
use sprintlift_core::event_window::UtcWindow;
use sprintlift_core::pr::Filters;
use sprintlift_core::search_query::{figure_queries, web_search_url, QueryKind};
use sprintlift_core::view_state::View;
use sprintlift_core::zone::ZoneError;

/// Why the figure could not be shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum LoadError {
    #[error(transparent)]
    Zone(#[from] ZoneError),
    #[error(transparent)]
    Github(#[from] GithubError),
}

#[derive(Debug, Clone, PartialEq)]
struct Opened {
    total: u64,
    /// GitHub's search timed out on at least one query: the total may be low.
    incomplete: bool,
    /// Each query whose count is part of the total, with its search page.
    queries: Vec<(String, String)>,
    window: UtcWindow,
}

async fn load(view: View) -> Result<Opened, LoadError> {
    let zone = IntlZone::resolve(&view.zone)?;
    let window = UtcWindow::from_event_days(view.days, &zone);
    // The slice counts every PR; the filters arrive with the full dashboard.
    let queries = figure_queries(QueryKind::Opened, &view.scope(), &Filters::none(), &window);
    let mut opened = Opened {
        total: 0,
        incomplete: false,
        queries: Vec::new(),
        window,
    };
    // One request at a time, as GitHub asks of clients.
    for query in queries {
        let count = github::count(&view.api, &query).await?;
        opened.total += count.total;
        opened.incomplete |= count.incomplete;
        opened
            .queries
            .push((web_search_url(&view.api, &query), query));
    }
    Ok(opened)
}

#[component]
pub fn OpenedFigure(view: View) -> impl IntoView {
    let request = view.clone();
    let figure = LocalResource::new(move || load(request.clone()));
    move || match figure.get() {
        None => view! {
            <p class="status" role="status" data-testid="loading">
                "Asking GitHub how many pull requests were opened…"
            </p>
        }
        .into_any(),
        Some(Err(error)) => view! {
            <p class="error" role="alert" data-testid="load-error">{error.to_string()}</p>
        }
        .into_any(),
        Some(Ok(opened)) => {
            let context = format!(
                "in the {} organisation, {} in {} ({})",
                view.org,
                view.days.label(),
                view.zone,
                opened.window.offset_label()
            );
            view! {
                <section class="figures" data-testid="figures">
                    <article
                        class="figure"
                        data-testid="figure-opened"
                        data-metric="opened"
                        data-value=opened.total.to_string()
                    >
                        <span class="figure-value">{opened.total}</span>
                        <span class="figure-name">"pull requests opened"</span>
                        <p class="figure-context">{context}</p>
                        {opened
                            .incomplete
                            .then(|| {
                                view! {
                                    <p class="warning" data-testid="incomplete">
                                        "GitHub's search timed out before it finished: this count may be low."
                                    </p>
                                }
                            })}
                        {opened
                            .queries
                            .into_iter()
                            .map(|(link, query)| {
                                view! {
                                    <a
                                        class="search-link"
                                        data-testid="search-link"
                                        href=link
                                        target="_blank"
                                        rel="noopener noreferrer"
                                    >
                                        "Reproduce this search on GitHub"
                                    </a>
                                    <code class="query" data-testid="query">
                                        {query}
                                    </code>
                                }
                            })
                            .collect_view()}
                    </article>
                </section>
            }
            .into_any()
        }
    }
}
