//! The outbox in the app: every comment of this device in one reactive list, kept in step
//! with browser storage ([`crate::storage`]) and other tabs, and sent by itself
//! ([`crate::http`]) — at start, when the browser comes online, when the page becomes
//! visible, and on the backoff timer while anything waits.
//!
//! Applications for a seat at a participation event (issue 14) are items of the same list
//! and go through the same loop: the due comments in one batch request, each due
//! application in a request of its own. Exactly once is the server's idempotency by id
//! and the model's state machine, as for comments. Lists and counts of comments leave
//! applications out ([`OutboxItem::is_application`]).
//!
//! The rules (states, backoff, what a failure means) are the model's
//! [`mitreden_model::outbox`]; this module only wires them to browser events.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::task::spawn_local;
use mitreden_model::api::ItemResult;
use mitreden_model::comment::{Rejection, MAX_BATCH};
use mitreden_model::event::Event;
use mitreden_model::kiosk::kept_at_reset;
use mitreden_model::outbox::{
    due_batch, next_wakeup, ApplicationSubmitError, OutboxItem, SendFailure, SubmitError,
};

use crate::clock::{jitter, now_ms};
use crate::storage::{self, Change, StorageError};
use crate::{http, i18n};

/// A problem with browser storage the citizen must know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageNotice {
    /// Saving failed: storage is full. The text is still in the page.
    Full,
    /// Saving failed: the browser offers no storage.
    Unavailable,
    /// This many stored values could not be read and were kept aside.
    SetAside(usize),
}

/// The outbox, shared through context. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Outbox {
    items: RwSignal<Vec<OutboxItem>>,
    sending: RwSignal<bool>,
    online: RwSignal<bool>,
    notice: RwSignal<Option<StorageNotice>>,
    timer: StoredValue<Option<i32>>,
    again: StoredValue<bool>,
    sw: Option<crate::sw::ServiceWorker>,
    /// The page's texts (the language of refusals it words itself).
    texts: &'static crate::i18n::Texts,
    /// Sends one application: set by the event's bundle ([`crate::event::start`]). Without
    /// it no application is due — none can be made where the event's form is not mounted —
    /// and the citizens' bundle carries no code of the event.
    applications: StoredValue<Option<ApplicationSender>>,
}

/// Sends the outbox's applications with these ids, one by one; true if the server answered
/// every one.
pub type ApplicationSender = fn(Outbox, Vec<String>) -> Pin<Box<dyn Future<Output = bool>>>;

impl Outbox {
    /// Loads the stored items, listens to the browser, and starts sending. Rendered natively
    /// (prerendering) it stays empty and does nothing: storage is the browser's.
    pub fn start() -> Self {
        let online = is_server() || browser_online();
        let outbox = Self {
            items: RwSignal::new(Vec::new()),
            sending: RwSignal::new(false),
            online: RwSignal::new(online),
            notice: RwSignal::new(None),
            timer: StoredValue::new(None),
            again: StoredValue::new(false),
            sw: crate::sw::use_service_worker(),
            texts: crate::i18n::t(),
            applications: StoredValue::new(None),
        };
        if is_server() {
            return outbox;
        }
        match storage::load_all() {
            Ok(loaded) => {
                outbox.items.set(loaded.items);
                if loaded.set_aside > 0 {
                    outbox
                        .notice
                        .set(Some(StorageNotice::SetAside(loaded.set_aside)));
                }
            }
            Err(_) => outbox.notice.set(Some(StorageNotice::Unavailable)),
        }
        window_event_listener(leptos::ev::online, move |_| {
            outbox.online.set(true);
            outbox.sync(true);
        });
        window_event_listener(leptos::ev::offline, move |_| outbox.online.set(false));
        window_event_listener_untyped("visibilitychange", move |_| {
            let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
            if visible {
                outbox.sync(true);
            }
        });
        window_event_listener(leptos::ev::storage, move |ev| {
            if let Some(change) = storage::change_from_event(&ev) {
                outbox.apply_change(change);
            }
        });
        outbox.sync(true);
        outbox
    }

    /// Every item, reactive.
    pub fn items(self) -> Signal<Vec<OutboxItem>> {
        self.items.into()
    }

    /// True while a request is under way.
    pub fn is_sending(self) -> bool {
        self.sending.get()
    }

    /// What the browser says about the network (a hint, not the truth).
    pub fn is_online(self) -> bool {
        self.online.get()
    }

    /// A storage problem to show, if any.
    pub fn notice(self) -> Option<StorageNotice> {
        self.notice.get()
    }

    /// One item, untracked.
    pub fn get(self, id: &str) -> Option<OutboxItem> {
        self.items
            .with_untracked(|items| items.iter().find(|i| i.comment.id == id).cloned())
    }

    /// Adds or replaces an item, in memory and in storage. A storage failure keeps the item
    /// in memory (nothing typed is lost while the page is open) and raises a notice.
    pub fn put(self, item: OutboxItem) {
        // A kiosk's reset has wiped storage and is leaving the page: nothing goes back.
        if crate::kiosk::resetting() {
            return;
        }
        let saved = storage::save(&item);
        if saved.is_ok() && item.state == mitreden_model::outbox::ItemState::Draft {
            // Drafts are worth keeping: ask the browser not to evict our storage.
            if let Some(sw) = self.sw {
                sw.ask_to_persist();
            }
        }
        self.items.update(|items| {
            match items.iter_mut().find(|i| i.comment.id == item.comment.id) {
                Some(slot) => *slot = item,
                None => items.push(item),
            }
        });
        match saved {
            Ok(()) => {
                if matches!(
                    self.notice.get_untracked(),
                    Some(StorageNotice::Full | StorageNotice::Unavailable)
                ) {
                    self.notice.set(None);
                }
            }
            Err(StorageError::Full) => self.notice.set(Some(StorageNotice::Full)),
            Err(StorageError::Unavailable) => self.notice.set(Some(StorageNotice::Unavailable)),
        }
    }

    /// Deletes an item from this device.
    pub fn remove(self, id: &str) {
        storage::remove(id);
        self.items
            .update(|items| items.retain(|i| i.comment.id != id));
    }

    /// "Absenden": queue the item and try to send at once. `website` is the form's honeypot
    /// field, empty unless a bot filled it in.
    pub fn submit(self, id: &str, website: String) -> Result<(), SubmitError> {
        let mut item = self.get(id).ok_or(SubmitError::NotAllowed)?;
        item.submit(now_ms())?;
        item.comment.website = Some(website).filter(|w| !w.is_empty());
        self.put(item);
        self.sync(true);
        Ok(())
    }

    /// "Bewerbung absenden": queue the application if it meets `event`'s rules, and try to
    /// send at once.
    pub fn submit_application(self, id: &str, event: &Event) -> Result<(), ApplicationSubmitError> {
        let mut item = self.get(id).ok_or(ApplicationSubmitError::NotAllowed)?;
        item.submit_application(event, now_ms())?;
        self.put(item);
        self.sync(true);
        Ok(())
    }

    /// Withdraws a received application on the server (by its receipt code), then marks it
    /// withdrawn here. The error is the reason to show.
    pub async fn withdraw_application(self, id: String) -> Result<(), String> {
        let item = self.get(&id).ok_or_else(String::new)?;
        let (Some(application), Some(code)) = (item.application, item.receipt_code) else {
            return Err(String::new());
        };
        match http::withdraw_application(&application.event_id, &code).await {
            Ok(_) => {
                if let Some(mut item) = self.get(&id) {
                    item.withdrawn(now_ms());
                    self.put(item);
                }
                Ok(())
            }
            Err(SendFailure::Refused { reason }) => Err(reason),
            Err(SendFailure::Transient { .. }) => Err(self.texts.withdraw_offline.to_owned()),
        }
    }

    /// Withdraws a received comment on the server (with its receipt token), then erases its
    /// text here. The error is the reason to show.
    pub async fn withdraw(self, id: String) -> Result<(), String> {
        let item = self.get(&id).ok_or_else(String::new)?;
        let token = item.comment.receipt_token.clone().unwrap_or_default();
        withdraw_on_server(&id, &token).await?;
        if let Some(mut item) = self.get(&id) {
            item.withdrawn(now_ms());
            self.put(item);
        }
        Ok(())
    }

    fn apply_change(self, change: Change) {
        match change {
            Change::Saved(theirs) => self.items.update(|items| {
                match items.iter_mut().find(|i| i.comment.id == theirs.comment.id) {
                    Some(ours) if ours.updated_ms > theirs.updated_ms => {}
                    Some(ours) => *ours = *theirs,
                    None => items.push(*theirs),
                }
            }),
            Change::Removed(id) => self
                .items
                .update(|items| items.retain(|i| i.comment.id != id)),
        }
    }

    /// Sends what is due. `force` makes every queued item due now (the app started, the
    /// browser came online, the page became visible, the citizen pressed "Absenden").
    pub fn sync(self, force: bool) {
        if force {
            self.items.update_untracked(|items| {
                for item in items.iter_mut().filter(|i| i.is_pending()) {
                    item.next_attempt_ms = 0;
                }
            });
        }
        if !browser_online() {
            // The browser says it is offline: wait for its `online` event, and look again
            // at the backoff cap in case the hint is wrong.
            self.schedule_in(mitreden_model::outbox::BACKOFF_CAP_MS);
            return;
        }
        if self.sending.get_untracked() {
            // One request at a time; look again when this one is done.
            self.again.set_value(true);
            return;
        }
        self.sending.set(true);
        spawn_local(async move {
            loop {
                self.again.set_value(false);
                let (comments, applications) =
                    self.items.with_untracked(|items| due_now(items, now_ms()));
                let send_applications = (!applications.is_empty())
                    .then(|| self.applications.get_value())
                    .flatten();
                if comments.is_empty() && send_applications.is_none() {
                    break;
                }
                let mut answered = comments.is_empty() || self.send(&comments).await;
                if let Some(send) = send_applications {
                    answered &= send(self, applications).await;
                }
                if !answered && !self.again.get_value() {
                    break;
                }
            }
            self.sending.set(false);
            self.schedule();
        });
    }

    /// Sends one batch; true if the server answered it.
    async fn send(self, ids: &[String]) -> bool {
        let mut batch = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(mut item) = self.get(id) {
                if item.start_sending(now_ms()).is_ok() {
                    batch.push(item.comment.clone());
                    self.put(item);
                }
            }
        }
        let refs: Vec<_> = batch.iter().collect();
        let kiosk = storage::kiosk().map(|k| k.secret);
        let answer = http::send_batch(&refs, kiosk.as_deref()).await;
        let now = now_ms();
        match answer {
            Ok(response) => {
                for comment in &batch {
                    let Some(mut item) = self.get(&comment.id) else {
                        continue;
                    };
                    match response.results.iter().find(|r| r.id == comment.id) {
                        Some(result) => {
                            // The server's rule, said in this page's language.
                            let said = result
                                .code
                                .as_deref()
                                .and_then(|c| Rejection::from_code(c, &item.comment.text))
                                .map(|r| (self.texts.rejection)(&r));
                            match said {
                                Some(reason) => item.apply(
                                    &ItemResult {
                                        reason: Some(reason),
                                        ..result.clone()
                                    },
                                    now,
                                ),
                                None => item.apply(result, now),
                            }
                        }
                        None => item.failed(
                            &SendFailure::Transient {
                                retry_after_ms: None,
                            },
                            now,
                            jitter(),
                        ),
                    }
                    // A kiosk keeps nobody's comment once the server has answered it:
                    // received, or refused (which would reopen it in the next person's form).
                    if kiosk.is_some() && !kept_at_reset(&item.state) {
                        self.remove(&comment.id);
                    } else {
                        self.put(item);
                    }
                }
                true
            }
            Err(failure) => {
                for comment in &batch {
                    if let Some(mut item) = self.get(&comment.id) {
                        item.failed(&failure, now, jitter());
                        self.put(item);
                    }
                }
                false
            }
        }
    }

    /// Lets this outbox send applications with `send` (the event's bundle calls it).
    pub fn send_applications_with(self, send: ApplicationSender) {
        self.applications.set_value(Some(send));
        self.sync(false);
    }

    /// Sets the timer for the next retry, if anything waits.
    fn schedule(self) {
        let next = self.items.with_untracked(|items| next_wakeup(items));
        match next {
            Some(at) => self.schedule_in(at.saturating_sub(now_ms())),
            None => self.clear_timer(),
        }
    }

    /// Looks again in `delay_ms` (replacing any earlier timer), if anything waits then.
    fn schedule_in(self, delay_ms: u64) {
        self.clear_timer();
        let Some(window) = web_sys::window() else {
            return;
        };
        let delay = i32::try_from(delay_ms).unwrap_or(i32::MAX);
        let tick = wasm_bindgen::closure::Closure::once_into_js(move || self.sync(false));
        let handle = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                wasm_bindgen::JsCast::unchecked_ref(&tick),
                delay,
            )
            .ok();
        self.timer.set_value(handle);
    }

    fn clear_timer(self) {
        if let (Some(window), Some(old)) = (web_sys::window(), self.timer.get_value()) {
            window.clear_timeout_with_handle(old);
        }
        self.timer.set_value(None);
    }
}

/// What is due in a request started at `now`: the comments of one batch (oldest first, at
/// most [`MAX_BATCH`]) and the applications, each sent on its own.
fn due_now(items: &[OutboxItem], now: u64) -> (Vec<String>, Vec<String>) {
    let (mut comments, applications): (Vec<String>, Vec<String>) =
        due_batch(items, now, usize::MAX)
            .into_iter()
            .partition(|id| {
                !items
                    .iter()
                    .any(|i| &i.comment.id == id && i.is_application())
            });
    comments.truncate(MAX_BATCH);
    (comments, applications)
}

/// `navigator.onLine`: false means the browser is sure it has no network; true proves
/// nothing (a failed request is then retried).
fn browser_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Withdraws the comment `id` on the server with its receipt `token` — from "Meine
/// Beiträge" or from the receipt link on any device. The error is the reason to show: the
/// server's refusal, or that withdrawing needs a connection.
pub async fn withdraw_on_server(id: &str, token: &str) -> Result<(), String> {
    match http::withdraw(id, token).await {
        Ok(_) => Ok(()),
        Err(SendFailure::Refused { reason }) => Err(reason),
        Err(SendFailure::Transient { .. }) => Err(i18n::t().withdraw_offline.to_owned()),
    }
}

/// The outbox from context (the app provides it).
pub fn use_outbox() -> Outbox {
    use_context::<Outbox>().unwrap_or_else(|| {
        let outbox = Outbox::start();
        provide_context(outbox);
        outbox
    })
}

/// The storage notice in words.
pub fn notice_text(t: &i18n::Texts, notice: &StorageNotice) -> String {
    match notice {
        StorageNotice::Full => t.storage_full.to_owned(),
        StorageNotice::Unavailable => t.storage_unavailable.to_owned(),
        StorageNotice::SetAside(n) => (t.storage_set_aside)(*n),
    }
}
