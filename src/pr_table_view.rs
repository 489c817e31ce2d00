//! The sprint's PRs as a sortable table, and the CSV downloads.

use crate::download::download;
use leptos::prelude::*;
use sprintlift_core::api_base::ApiBase;
use sprintlift_core::event_window::UtcWindow;
use sprintlift_core::fetched_figures::{windows_csv, Figures};
use sprintlift_core::pr_table::{local_minute, rows_csv, sort_rows, sprint_rows, PrRow, SortKey};

/// Downloads the windows table as CSV, written when asked for.
#[component]
pub fn WindowsCsvButton(figures: Signal<Figures>) -> impl IntoView {
    let download_csv = move |_| {
        let csv = figures.with_untracked(windows_csv);
        download("sprintlift-windows.csv", "text/csv", &csv)
    };
    view! {
        <button type="button" class="small" data-testid="windows-csv" on:click=download_csv>
            "Download the windows as CSV"
        </button>
    }
}

/// Rows of the PR table shown at first: a screenful, so that an answer
/// adding a hundred PRs does not build a hundred rows below the fold.
const FIRST_ROWS: usize = 25;
/// Rows added by each "Show more".
const ROWS_PER_PAGE: usize = 200;

#[component]
pub fn PrTable(figures: Signal<Figures>, api: ApiBase) -> impl IntoView {
    // The windows are planned before the figures are shown.
    let Some(sprint) = figures.with_untracked(|f| f.sprint_row().map(|r| r.utc)) else {
        return ().into_any();
    };
    // New-contributor marks only when that figure is known exactly. The
    // table keeps its sort and length as answers add rows, and its keyed
    // rows are updated in place.
    let rows = Memo::new(move |_| {
        figures.with(|f| sprint_rows(&f.sprint_records, &sprint, &f.newcomers, &api))
    });
    let count = Memo::new(move |_| rows.with(Vec::len));
    let sort = RwSignal::new((SortKey::Opened, true));
    // A big sprint has tens of thousands of PRs: the page shows them a
    // page at a time (the CSV has them all), so that redrawing the figures
    // after each answer stays cheap.
    let shown = RwSignal::new(FIRST_ROWS);
    let sorted = move || {
        let (key, descending) = sort.get();
        let mut rows = rows.get();
        sort_rows(&mut rows, key, descending);
        rows
    };
    // The rows on screen, in order. Each line of the table shows the row
    // at its place, so an answer that brings newer PRs to the top rewrites
    // the lines' texts instead of removing and inserting table rows.
    let visible = Memo::new(move |_| {
        let mut rows = sorted();
        rows.truncate(shown.get());
        rows
    });
    let lines = Memo::new(move |_| visible.with(Vec::len));
    let heading = move |key: SortKey| {
        let aria = move || match sort.get() {
            (k, true) if k == key => "descending",
            (k, false) if k == key => "ascending",
            _ => "none",
        };
        let click = move |_| {
            sort.update(|(k, descending)| {
                if *k == key {
                    *descending = !*descending;
                } else {
                    *k = key;
                    *descending = matches!(key, SortKey::Opened | SortKey::Merged);
                }
            })
        };
        view! {
            <th scope="col" aria-sort=aria>
                <button type="button" class="sort" data-testid=format!("sort-{}", key.heading().to_lowercase()) on:click=click>
                    {key.heading()}
                    <span aria-hidden="true">{move || match aria() { "descending" => " ▾", "ascending" => " ▴", _ => "" }}</span>
                </button>
            </th>
        }
    };
    let export = move |_| {
        download(
            "sprintlift-prs.csv",
            "text/csv",
            &rows_csv(&sorted(), &sprint),
        )
    };
    view! {
        <section class="prs">
            <h2>{move || format!("The sprint's {} pull requests", count.get())}</h2>
            <p class="muted">
                "Times are event-local (" {UtcWindow::offset_label(&sprint)} "). ★ marks a new contributor."
                " "
                <button type="button" class="small" data-testid="prs-csv" on:click=export>"Download as CSV"</button>
            </p>
            <div class="table-scroll">
                <table class="pr-table" data-testid="pr-table">
                    <thead>
                        <tr>{SortKey::ALL.into_iter().map(heading).collect_view()}</tr>
                    </thead>
                    <tbody>
                        <For each=move || 0..lines.get() key=|place| *place let:place>
                            {pr_line(visible, place, sprint)}
                        </For>
                    </tbody>
                </table>
            </div>
            // One button for as long as there is more to show: its text
            // changes in place, so a tap never lands on a replaced element.
            <Show when=move || { shown.get() < count.get() }>
                <p class="muted">
                    {move || format!("Showing {} of {}. ", shown.get(), count.get())}
                    <button type="button" class="small" data-testid="more-prs"
                        on:click=move |_| shown.update(|n| *n += ROWS_PER_PAGE)>
                        {move || format!("Show {} more", count.get().saturating_sub(shown.get()).min(ROWS_PER_PAGE))}
                    </button>
                </p>
            </Show>
        </section>
    }
    .into_any()
}

/// Line `place` of the PR table: whichever row is at that place now.
fn pr_line(visible: Memo<Vec<PrRow>>, place: usize, sprint: UtcWindow) -> impl IntoView {
    let row = Memo::new(move |_| visible.with(|rows| rows.get(place).cloned()));
    let text = move |part: fn(&PrRow) -> String| {
        move || row.with(|r| r.as_ref().map(part).unwrap_or_default())
    };
    let newcomer = Memo::new(move |_| row.with(|r| r.as_ref().is_some_and(|r| r.newcomer)));
    view! {
        <tr data-testid="pr-row">
            <td>{text(|r| r.repo.clone())}</td>
            <td><a href=text(|r| r.url.clone()) target="_blank" rel="noopener noreferrer">{text(|r| format!("#{}", r.number))}</a></td>
            <td class="title">{text(|r| r.title.clone())}</td>
            <td>
                {text(|r| r.author.clone())}
                {move || newcomer.get().then(|| view! { <span class="newcomer" title="new contributor" data-testid="newcomer">" ★"</span> })}
            </td>
            <td>{move || row.with(|r| r.as_ref().map(|r| local_minute(r.opened, &sprint)).unwrap_or_default())}</td>
            <td>{move || row.with(|r| r.as_ref().and_then(|r| r.merged).map(|m| local_minute(m, &sprint)).unwrap_or_default())}</td>
        </tr>
    }
}
