//! A participation event's code in the browser: the `participation` part (`/teilnahme`)
//! and sending applications out of the outbox. Only the event's bundle
//! (`bin/mitreden-event.rs`, built from `event.html` into `event-app/`) and the kiosk's call
//! [`start`]; the pages of a town with an event start the event's bundle instead of the
//! citizens', so a town without one downloads none of this code.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::mount::mount_to;
use leptos::prelude::*;
use mitreden_model::outbox::{ItemState, SendFailure};

use crate::clock::{jitter, now_ms};
use crate::content::Content;
use crate::http;
use crate::outbox::{use_outbox, Outbox};
use crate::pages::ParticipationPart;
use crate::storage;
use mitreden_model::kiosk::kept_at_reset;

/// Lets the outbox send applications, and answers how to mount the part only this bundle
/// has (see [`crate::app::start`]).
pub fn start(content: &Content) -> impl Fn(&str, web_sys::HtmlElement) -> bool {
    use_outbox().send_applications_with(send_applications);
    let event = content.event_arc();
    move |name, element| match (name, &event) {
        ("participation", Some(event)) => {
            let event = Arc::clone(event);
            mount_to(element, move || view! { <ParticipationPart event=event /> }).forget();
            true
        }
        _ => false,
    }
}

/// Sends the applications `ids`, one by one; true if the server answered every one.
fn send_applications(outbox: Outbox, ids: Vec<String>) -> Pin<Box<dyn Future<Output = bool>>> {
    Box::pin(async move {
        let mut answered = true;
        for id in ids {
            answered &= send_application(outbox, &id).await;
        }
        answered
    })
}

/// Sends the application `id`; true if the server answered it (received, or refused).
async fn send_application(outbox: Outbox, id: &str) -> bool {
    let Some(mut item) = outbox.get(id) else {
        return true;
    };
    let Some(application) = item.application.clone() else {
        return true;
    };
    if item.start_sending(now_ms()).is_err() {
        return true;
    }
    outbox.put(item);
    let answer = http::apply_for_seat(&application).await;
    let now = now_ms();
    let Some(mut item) = outbox.get(id) else {
        return true;
    };
    let answered = match answer {
        Ok(receipt) => {
            item.application_received(&receipt, now);
            true
        }
        Err(failure) => {
            item.failed(&failure, now, jitter());
            matches!(failure, SendFailure::Refused { .. })
        }
    };
    // A kiosk keeps nobody's application once the server has answered it — but a received
    // one until the reset: its name and contact are erased already, and the applicant must
    // see the receipt code before walking away.
    let received = matches!(item.state, ItemState::Received { .. });
    if storage::kiosk().is_some() && !kept_at_reset(&item.state) && !received {
        outbox.remove(id);
    } else {
        outbox.put(item);
    }
    answered
}
