//! Entry point of the kiosk's bundle: the citizens' app with kiosk mode (the idle warning,
//! the reset, the thanks with a QR code; see [`mitreden::kiosk`]). A bundle of its own,
//! loaded by the prerendered pages only on a device set up as a kiosk, so that no
//! citizen's phone downloads the kiosk's code.

fn main() {
    console_error_panic_hook::set_once();
    mitreden::app::start(|| {
        mitreden::kiosk::start();
    });
}
