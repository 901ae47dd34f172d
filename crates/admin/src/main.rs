//! Entry point of the administration's app (`/verwaltung/`): mounts
//! [`mitreden_admin::AdminApp`] and nothing else. A bundle of its own, built from a crate of
//! its own, so citizens never download the staff's code: the citizens' app cannot name it.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(mitreden_admin::AdminApp);
}
