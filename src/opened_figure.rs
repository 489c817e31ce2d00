//! The slice's figure: PRs opened during the sprint, with the search that
//! reproduces it.

use crate::github::{self, GithubError, SearchCount};
use crate::intl_zone::IntlZone;
use leptos::prelude::*;
use sprintlift_core::event_window::UtcWindow;
use sprintlift_core::search_query::{opened_query, web_search_url};
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
    count: SearchCount,
    query: String,
    link: String,
    window: UtcWindow,
}

async fn load(view: View) -> Result<Opened, LoadError> {
    let zone = IntlZone::resolve(&view.zone)?;
    let window = UtcWindow::from_event_days(view.days, &zone);
    let query = opened_query(&view.scope(), &window);
    let count = github::count(&view.api, &query).await?;
    Ok(Opened {
        count,
        link: web_search_url(&view.api, &query),
        query,
        window,
    })
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
                        data-value=opened.count.total.to_string()
                    >
                        <span class="figure-value">{opened.count.total}</span>
                        <span class="figure-name">"pull requests opened"</span>
                        <p class="figure-context">{context}</p>
                        {opened
                            .count
                            .incomplete
                            .then(|| {
                                view! {
                                    <p class="warning" data-testid="incomplete">
                                        "GitHub's search timed out before it finished: this count may be low."
                                    </p>
                                }
                            })}
                        <a
                            class="search-link"
                            data-testid="search-link"
                            href=opened.link
                            target="_blank"
                            rel="noopener noreferrer"
                        >
                            "Reproduce this search on GitHub"
                        </a>
                        <code class="query" data-testid="query">{opened.query}</code>
                    </article>
                </section>
            }
            .into_any()
        }
    }
}
