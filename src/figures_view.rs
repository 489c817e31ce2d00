//! The figures of a view: starts the load, then shows progress, the
//! headline with lifts and search links, and the baseline windows table,
//! all filling in as answers arrive.

use crate::afterglow_view::Afterglow;
use crate::chart_canvas::KnownChart;
use crate::claims_view::Claims;
use crate::loader::{self, Load};
use crate::pr_table_view::{PrTable, WindowsCsvButton};
use crate::token::{self, BoundToken};
use leptos::prelude::*;
use sprintlift_core::api_base::ApiBase;
use sprintlift_core::chart_spec::{repos_chart, timeline_chart, windows_chart, BarChart};
use sprintlift_core::context_line::context_line;
use sprintlift_core::fetch_plan::{Mode, Tally};
use sprintlift_core::fetched_figures::{AfterglowFigures, Figures, Known, WindowName, HEADLINE};
use sprintlift_core::lift::Lift;
use sprintlift_core::metrics::{Figure, Followup};
use sprintlift_core::search_query::web_search_url;
use sprintlift_core::view_state::DataView;

#[component]
pub fn FiguresView(
    view: DataView,
    token: RwSignal<Option<BoundToken>>,
    /// The embed card: headline and chart 1 only.
    compact: bool,
) -> impl IntoView {
    let api = view.api.clone();
    let secret = Memo::new(move |_| token.with(|t| token::for_api(&api, t.as_ref())));
    let load = loader::use_load(view.clone(), secret.into(), Signal::stored(true));
    // A baked view's card, for the Embed panel, once its figures are known.
    if let Some(slot) = use_context::<crate::share::BakedCard>() {
        let card_view = view.clone();
        Effect::new(move |_| {
            let Some(path) = load.source.with(|s| s.baked.as_ref()?.card.clone()) else {
                return;
            };
            let card = load.figures.with(|figures| {
                let known = !figures.rows.is_empty();
                known.then(|| crate::share::CardImage {
                    path,
                    alt: sprintlift_core::card::card_text(&card_view.sprint, figures).alt,
                })
            });
            if slot.0.get_untracked() != card {
                slot.0.set(card);
            }
        });
        on_cleanup(move || slot.0.set(None));
    }
    // Whether the load has planned its windows, and whether it is done:
    // each changes once, not with every answer or countdown tick.
    let has_figures = Memo::new(move |_| load.figures.with(|f| !f.rows.is_empty()));
    let done = Memo::new(move |_| load.progress.with(|p| p.done));
    let site_error = Memo::new(move |_| {
        load.source
            .with(|s| s.site_error.as_ref().map(ToString::to_string))
    });
    let baked = Memo::new(move |_| load.source.with(|s| s.baked.clone()));
    let unreadable = Memo::new(move |_| load.source.with(|s| s.unreadable));
    let error = Memo::new(move |_| load.error.with(|e| e.as_ref().map(ToString::to_string)));
    // The embed card's first paint gives way once the figures have their
    // own line (rendered with them, so in the same frame), or an error
    // says why they will not.
    Effect::new(move |_| {
        if has_figures.get() || error.with(Option::is_some) {
            sprintlift_first_paint::take_over();
        }
    });
    on_cleanup(sprintlift_first_paint::take_over);
    let zone = view.sprint.zone.clone();
    let view = StoredValue::new(view);
    view! {
        <Progress load />
        {move || load.cost.get().map(|cost| view! {
            <p class="warning" role="status" data-testid="cost-notice">
                {cost.to_string()}
                " "
                <button type="button" data-testid="cost-go-on" on:click=move |_| load.go_on.set(true)>
                    "Go on without a token"
                </button>
            </p>
        })}
        {move || site_error.get().map(|error| view! {
            <p class="warning" data-testid="site-error">{error}</p>
        })}
        {move || unreadable.get().map(|unreadable| view! {
            <p class="warning" data-testid="cache-unreadable">{unreadable.to_string()}</p>
        })}
        {move || baked.get().map(|baked| view! {
            <p class="muted provenance" data-testid="baked-note" data-baked-at=baked.at.clone()>
                {format!(
                    "Figures as of {} ({}), baked by this site; GitHub is asked only for what can have changed since.",
                    baked.at, zone
                )}
            </p>
        })}
        {move || error.get().map(|error| view! {
            <p class="error" role="alert" data-testid="load-error">{error}</p>
        })}
        {move || has_figures.get().then(|| {
            view! { <FiguresBody figures=load.figures view=view.get_value() compact exportable=done /> }
        })}
    }
}

/// Everything shown from a view's figures, live or from a snapshot. Each
/// part reads a memo of its own slice of the figures, so an answer redraws
/// only the parts it changed (a chart's canvas only when its bars change).
#[component]
pub fn FiguresBody(
    #[prop(into)] figures: Signal<Figures>,
    view: DataView,
    compact: bool,
    /// Offer "Export JSON": the figures are complete.
    #[prop(into)]
    exportable: Signal<bool>,
) -> impl IntoView {
    // What became of the PRs, to the minute: its "as of" moves with every
    // answer, and the section need not be rebuilt for a second's change.
    let afterglow = Memo::new(move |_| {
        figures.with(|f| Figures {
            rows: f.rows.iter().take(1).cloned().collect(),
            afterglow: match &f.afterglow {
                Known::Value(glow) => Known::Value(AfterglowFigures {
                    as_of: to_the_minute(glow.as_of),
                    ..glow.clone()
                }),
                other => other.clone(),
            },
            ..Figures::empty()
        })
    });
    let afterglow_view = {
        let view = view.clone();
        move || view! { <Afterglow figures=afterglow.into() view=view.clone() compact /> }
    };
    if compact {
        return view! {
            <Headline figures view=view.clone() />
            <WindowCharts figures only_opened=true />
            {afterglow_view}
        }
        .into_any();
    }
    let preset = sprintlift_core::presets::matching(&view.sprint);
    let counting = view.sprint.counting.description();
    let export_view = view.clone();
    let snapshot = move || {
        exportable.get().then(|| {
            let export_view = export_view.clone();
            let export = move |_| {
                let text = figures.with_untracked(|f| {
                    sprintlift_core::snapshot::to_json(&export_view, f, loader::now())
                });
                crate::download::download("sprintlift-snapshot.json", "application/json", &text)
            };
            view! {
                <button type="button" class="small" data-testid="export-json" on:click=export>
                    "Export JSON snapshot"
                </button>
            }
        })
    };
    let api = view.api.clone();
    // The headline and claims first; the charts and tables below them in
    // the next task.
    let below_built = loader::true_in_next_task();
    let below = move || {
        below_built.get().then(|| {
            let (afterglow_view, snapshot, api) =
                (afterglow_view.clone(), snapshot.clone(), api.clone());
            view! {
                <WindowCharts figures only_opened=false />
                <WindowsTable figures api=api.clone() />
                {afterglow_view}
                <p class="exports">
                    <WindowsCsvButton figures />
                    {snapshot}
                </p>
                <PrTable figures api />
            }
        })
    };
    view! {
        <Headline figures view=view.clone() />
        {preset.map(|preset| view! { <Claims preset figures counting /> })}
        {below}
    }
    .into_any()
}

/// `instant` without its seconds.
fn to_the_minute(instant: jiff::Timestamp) -> jiff::Timestamp {
    let second = instant.as_second();
    jiff::Timestamp::from_second(second - second.rem_euclid(60)).unwrap_or(instant)
}

/// The status line: the page's only live region, so a screen reader
/// hears the progress and the countdown, not every figure again.
#[component]
fn Progress(load: Load) -> impl IntoView {
    let status = move || {
        load.progress.with(|p| {
            if p.done {
                let how = match p.mode {
                    Some(Mode::Token) => "with your token (GraphQL)",
                    _ => "without a token (REST search)",
                };
                return view! {
                    <span data-testid="done" data-requests=p.requests.to_string() data-memory=memory_bytes()>
                        {format!("Done: {} requests to GitHub, {how}.", p.requests)}
                    </span>
                }
                .into_any();
            }
            let total = p.answered + p.left;
            view! {
                <span data-testid="loading">
                    {format!("Asking GitHub: {} of {} searches answered, {} requests sent.", p.answered, total, p.requests)}
                </span>
            }
            .into_any()
        })
    };
    let wait = move || {
        load.wait.with(|w| {
            w.as_ref().map(|w| view! {
                <span class="wait" data-testid="wait">
                    {format!(" {} Next request in {} s (at {}).", w.why, w.seconds_left, w.resumes_at)}
                </span>
            })
        })
    };
    let class = move || {
        if load.progress.with(|p| p.done) {
            "status done"
        } else {
            "status"
        }
    };
    view! {
        <p class=class role="status" data-testid="progress">
            {status}
            {wait}
        </p>
    }
}

/// The headline cards. Each card reads a memo of its own figure and
/// lift, so an answer redraws only the cards whose numbers it changed.
#[component]
fn Headline(figures: Signal<Figures>, view: DataView) -> impl IntoView {
    // The windows: planned before any answer, so this rarely changes.
    let windows = Memo::new(move |_| {
        figures.with(|f| f.sprint_row().map(|r| (r.utc, f.baseline_rows().len())))
    });
    let view = StoredValue::new(view);
    let context = move || {
        windows.get().map(|(sprint, baseline)| {
            view.with_value(|view| context_line(&view.sprint, &sprint, baseline))
        })
    };
    let cards = HEADLINE
        .iter()
        .map(|&figure| {
            let known = Memo::new(move |_| figures.with(|f| f.sprint(figure).clone()));
            let lift = Memo::new(move |_| figures.with(|f| f.lift(figure).clone()));
            // The searches the figure was counted from, as the fetch asked
            // them: the link cannot show another query than the number's.
            let searches = Memo::new(move |_| {
                figures.with(|f| {
                    f.sprint_row()
                        .and_then(|r| r.searches.get(figure).cloned())
                        .unwrap_or_default()
                })
            });
            let links = Signal::derive(move || {
                let searches = searches.get();
                view.with_value(|view| {
                    searches
                        .into_iter()
                        .flatten()
                        .map(|q| (web_search_url(&view.api, &q), q))
                        .collect::<Vec<_>>()
                })
            });
            view! { <Card figure known lift links /> }
        })
        .collect_view();
    let retention = Memo::new(move |_| figures.with(|f| f.retention.clone()));
    let retention = move || match retention.get() {
        Known::Value(r) => {
            let still = |f: &Followup| if f.complete { "" } else { " (still counting)" };
            Some(view! {
                <p class="retention" data-testid="retention">
                    {format!("Of {} new contributors, ", r.newcomers)}
                    <strong data-metric="returned_30" data-value=r.within_30_days.count.to_string()>
                        {r.within_30_days.count}
                    </strong>
                    {format!(" opened another PR within 30 days{} and ", still(&r.within_30_days))}
                    <strong data-metric="returned_90" data-value=r.within_90_days.count.to_string()>
                        {r.within_90_days.count}
                    </strong>
                    {format!(" within 90 days{}.", still(&r.within_90_days))}
                </p>
            }
            .into_any())
        }
        Known::Unavailable(_) => figures.with(|f| f.retention_note()).map(|note| {
            view! {
                <p class="retention muted" data-testid="retention-needs-token">{note}</p>
            }
            .into_any()
        }),
        Known::Pending => None,
    };
    view! {
        <p class="figure-context" data-testid="context">{context}</p>
        <section class="figures" data-testid="figures">{cards}</section>
        {retention}
    }
}

#[component]
fn Card(
    figure: Figure,
    known: Memo<Known<Tally>>,
    lift: Memo<Known<Lift>>,
    links: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let name = figure.name();
    let links = move || {
        links
            .get()
            .into_iter()
            .map(|(link, query)| {
                view! {
                    <details class="search">
                        <summary>
                            <a class="search-link" data-testid="search-link" href=link target="_blank" rel="noopener noreferrer">
                                "Reproduce on GitHub"
                            </a>
                        </summary>
                        <code class="query" data-testid="query">{query}</code>
                    </details>
                }
            })
            .collect_view()
    };
    view! {
        <article class="figure" data-testid=format!("figure-{name}")>
            {move || view! { <CardFigures figure known=known.get() lift=lift.get() /> }}
            {links}
        </article>
    }
}

/// A card's number, its lift and what they lack.
#[component]
fn CardFigures(figure: Figure, known: Known<Tally>, lift: Known<Lift>) -> impl IntoView {
    let name = figure.name();
    let value = known.value().map(|t| t.value.to_string());
    let possibly_low = known.value().is_some_and(|t| t.possibly_low);
    let shown = known.to_string();
    let unavailable = match &known {
        Known::Unavailable(why) => Some(why.to_string()),
        _ => None,
    };
    let lift_view = match (&lift, unavailable.is_some()) {
        (Known::Value(Lift::Ratio { value, .. }), _) => {
            let value = value.to_string();
            Some(
                view! {
                    <p class="lift" data-metric=format!("lift_{name}") data-value=value>
                        {lift.value().map(ToString::to_string)}
                    </p>
                }
                .into_any(),
            )
        }
        (Known::Value(gap), _) => Some(
            view! {
                <p class="lift muted" data-testid=format!("lift-gap-{name}")>{gap.to_string()}</p>
            }
            .into_any(),
        ),
        (Known::Unavailable(why), false) => Some(
            view! {
                <p class="lift muted" data-testid=format!("lift-needs-token-{name}")>
                    {format!("Lift needs a token. {why}")}
                </p>
            }
            .into_any(),
        ),
        _ => None,
    };
    view! {
        <span class="figure-value" data-metric=name data-value=value>{shown}</span>
        <span class="figure-name">{figure.label()}</span>
        {lift_view}
        {possibly_low.then(|| view! {
            <p class="warning" data-testid="incomplete">
                "GitHub's search timed out before it finished: this count may be low."
            </p>
        })}
        {unavailable.map(|why| view! {
            <p class="needs-token" data-testid=format!("needs-token-{name}")>
                {format!("Needs a token. {why}")}
            </p>
        })}
    }
}

/// Chart 1 for the opened and merged PRs, once every window is known;
/// the per-repository chart and the timeline. Each canvas is redrawn only
/// when its own bars change.
#[component]
fn WindowCharts(figures: Signal<Figures>, only_opened: bool) -> impl IntoView {
    let chart = |testid: &'static str, spec: fn(&Figures) -> Option<BarChart>| {
        let chart = Memo::new(move |_| figures.with(spec));
        view! { <KnownChart chart testid /> }
    };
    let opened = chart("chart-opened", |f| windows_chart(f, Figure::Opened));
    if only_opened {
        return view! { <section class="charts">{opened}</section> }.into_any();
    }
    let merged = chart("chart-merged", |f| windows_chart(f, Figure::Merged));
    let repos = chart("chart-repos", repos_chart);
    let timeline = chart("chart-timeline", |f| {
        f.sprint_row().and_then(|r| timeline_chart(f, r.days))
    });
    let why_no_timeline = Memo::new(move |_| {
        figures.with(|f| match &f.timeline {
            Known::Unavailable(why) => Some(why.to_string()),
            _ => None,
        })
    });
    view! {
        <section class="charts">
            {opened}
            {merged}
            {repos}
            {timeline}
            {move || why_no_timeline.get().map(|why| view! {
                <p class="muted timeline-note" data-testid="timeline-needs-token">
                    {format!("The daily timeline needs a token. {why}")}
                </p>
            })}
        </section>
    }
    .into_any()
}

/// The windows table: each row is built once its window is planned, and
/// each cell reads a memo of its own figure, so an answer rewrites only the
/// numbers it changed (rebuilding rows cost a phone most of an answer).
#[component]
fn WindowsTable(figures: Signal<Figures>, api: ApiBase) -> impl IntoView {
    let api = StoredValue::new(api);
    let count = Memo::new(move |_| figures.with(|f| f.rows.len()));
    let rows = move || {
        (0..count.get())
            .map(|i| window_row(figures, i, api))
            .collect_view()
    };
    view! {
        <div class="table-scroll">
        <table class="windows" data-testid="windows-table">
            <caption>"The sprint and each baseline window (same weekdays, event-local days)"</caption>
            <thead>
                <tr>
                    <th scope="col">"Window"</th>
                    {HEADLINE.iter().map(|f| view! { <th scope="col">{f.label()}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
    }
}

/// Row `i` of the windows table (0: the sprint): its window, then a cell
/// per figure.
fn window_row(figures: Signal<Figures>, i: usize, api: StoredValue<ApiBase>) -> impl IntoView {
    // The window: planned before any answer, so this rarely changes.
    let window = Memo::new(move |_| {
        figures.with(|f| {
            f.named_rows()
                .nth(i)
                .map(|(name, row)| (name, row.days, row.utc))
        })
    });
    let utc = |t| sprintlift_core::civil_text::utc_rfc3339(t);
    move || {
        window.get().map(|(name, days, window)| {
            let sprint = name == WindowName::Sprint;
            let cells = HEADLINE
                .iter()
                .map(|&figure| window_cell(figures, i, figure, api))
                .collect_view();
            view! {
                <tr
                    class=if sprint { "sprint-row" } else { "" }
                    data-testid=if sprint { "sprint-row" } else { "baseline-row" }
                    data-window-start=utc(window.start)
                    data-window-end=utc(window.end)
                >
                    <th scope="row">
                        {if sprint { format!("Sprint: {}", days.label()) } else { days.label() }}
                        {(!sprint).then(|| view! { <span class="muted window-name">{name.describe()}</span> })}
                    </th>
                    {cells}
                </tr>
            }
        })
    }
}

/// One number of the windows table. A known number links to the search it
/// was counted from (several links when the scope took several searches,
/// summed).
fn window_cell(
    figures: Signal<Figures>,
    i: usize,
    figure: Figure,
    api: StoredValue<ApiBase>,
) -> impl IntoView {
    let known = Memo::new(move |_| {
        figures.with(|f| {
            f.rows
                .get(i)
                .and_then(|row| row.values.get(figure).cloned())
        })
    });
    // The searches the number was counted from, once it is known.
    let searches = Memo::new(move |_| {
        figures.with(|f| {
            let row = f.rows.get(i)?;
            row.values.get(figure)?.value()?;
            let searches = row.searches.get(figure)?;
            Some(searches.iter().flatten().cloned().collect::<Vec<String>>())
        })
    });
    let shown = move || known.with(|k| k.as_ref().map(ToString::to_string));
    let value = move || {
        known.with(|k| {
            k.as_ref()
                .and_then(|known| known.value().map(|t| t.value.to_string()))
        })
    };
    // The link is in the cell from the start, without an address until
    // the number is known: the answer that makes a row known then sets
    // attributes and texts, instead of building a link in each cell.
    let first = move || searches.with(|s| s.as_ref().and_then(|s| s.first().cloned()));
    let href = move || first().map(|q| api.with_value(|api| web_search_url(api, &q)));
    // Until then it is HTML's placeholder link, no link at all: `role`
    // says so explicitly, which also keeps it out of Lighthouse's check
    // for links a crawler cannot follow.
    let placeholder = move || first().is_none().then_some("none");
    // Further searches of a summed number (rare): a link each.
    let rest = move || {
        searches.with(|s| {
            let rest = s.as_deref().unwrap_or_default().get(1..).unwrap_or_default();
            api.with_value(|api| {
                rest.iter()
                    .enumerate()
                    .map(|(k, q)| {
                        view! {
                            " "
                            <a class="cell-link" href=web_search_url(api, q) target="_blank" rel="noopener noreferrer" title=q.clone()>{format!("+{}", k + 2)}</a>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <td data-metric=figure.name() data-value=value>
            <a class="cell-link" href=href title=first role=placeholder target="_blank" rel="noopener noreferrer">{shown}</a>
            {rest}
        </td>
    }
}

/// The app's linear memory in bytes, on the "done" line for the large-org
/// test and the benchmarks to read (wasm memory never shrinks, so this is
/// the load's high-water mark).
fn memory_bytes() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) * 65_536).to_string()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}
