//! Entry point of the kiosk's bundle: the citizens' app with kiosk mode (the idle warning,
//! the reset, the thanks with a QR code; see [`mitreden::kiosk`]). A bundle of its own,
//! loaded by the prerendered pages only on a device set up as a kiosk, so that no
//! citizen's phone downloads the kiosk's code.

fn main() {
    console_error_panic_hook::set_once();
    // The event's part too, in every town: the kiosk's bundle is loaded only on a kiosk.
    mitreden::app::start(|content| {
        mitreden::kiosk::start();
        mitreden::event::start(content)
    });
}
