//! Entry point of the administration's app (`/verwaltung/`): mounts
//! [`mitreden::admin::AdminApp`] and nothing else. A bundle of its own, so citizens never
//! download the staff's code.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(mitreden::admin::AdminApp);
}
