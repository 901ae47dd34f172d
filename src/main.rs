//! Entry point of the web app: starts [`mitreden::app::App`] over the prerendered page (or
//! in the empty shell) and nothing else.

fn main() {
    console_error_panic_hook::set_once();
    mitreden::app::start(|_| |_: &str, _| false);
}
