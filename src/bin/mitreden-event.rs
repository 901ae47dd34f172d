//! Entry point of a participation event's bundle: the citizens' app with the event's part
//! and the sending of applications (see [`mitreden::event`]). The pages of a town whose
//! strategy announces an event start this bundle instead of the citizens', so a town
//! without one downloads none of its code.

fn main() {
    console_error_panic_hook::set_once();
    mitreden::app::start(mitreden::event::start);
}
