//! Entry point of the wasm app: mount the dashboard on the page's body.

fn main() {
    // A panic should say why in the console instead of leaving a silent blank page.
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(sprintlift::App);
}
