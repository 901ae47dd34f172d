//! Telling citizens what became of their comment, without an account (issue 23).
//!
//! # Layout
//! - [`requests`]: a citizen asks with the comment's receipt token; the confirmation mail
//!   and page; the one-click stop.
//! - [`events`]: what the moderation calls in its transaction — the mails for a comment's
//!   publication, refusal and answer, and the end of every request with its address.
//! - [`queue`]: the persistent mail queue and its worker (SMTP with lettre).
//! - [`texts`]: the mails' and the page's words, German and English.
//! - [`digest`]: the office's digest of comments waiting for moderation.
//! - [`push`]: Web Push — the server's VAPID keys, encryption, delivery.
//!
//! [`couriers`] reads the configuration, [`start`] runs the workers.

pub mod digest;
pub mod events;
pub mod push;
pub mod queue;
pub mod requests;
pub mod texts;

use std::sync::Arc;

use crate::error::AppError;
use crate::render::Pages;
use crate::Config;
use queue::{Couriers, Mailer, Wake};

/// Who can deliver here: a mailer where `--smtp-url` (with `--mail-from`) is given, a
/// pusher where the server knows its public address (the links, and the contact the push
/// services may write to). Mail needs the public address for its links.
pub async fn couriers(
    config: &Config,
    store: &dyn mitreden_store::Store,
    origin: Option<&str>,
) -> Result<Couriers, AppError> {
    let mail = match (&config.smtp_url, &config.mail_from, origin) {
        (Some(url), Some(from), Some(_)) => {
            Some(Mailer::new(url, from).map_err(AppError::Startup)?)
        }
        (Some(_), None, _) => {
            return Err(AppError::Startup(
                "--smtp-url needs --mail-from, the mails' sender".into(),
            ))
        }
        (Some(_), _, None) => {
            return Err(AppError::Startup(
                "--smtp-url needs --public-url, the address in the mails' links".into(),
            ))
        }
        (None, _, _) => None,
    };
    let push = match origin.filter(|_| config.push == crate::config::Switch::On) {
        Some(origin) => {
            // The mails' sender, as the mailer read it; else the site.
            let contact = mail.as_ref().map_or_else(
                || origin.to_owned(),
                |m| format!("mailto:{}", m.sender_address()),
            );
            Some(push::Pusher::load(store, contact, config.push_ca.as_deref()).await?)
        }
        None => None,
    };
    Ok(Couriers { mail, push })
}

/// What runs: the queue's worker where anything can be delivered, the hourly expiry, and
/// the office's digest where mail is sent. The wakes of the mail and of the push (`None`
/// where not offered).
pub fn start(
    store: &Arc<dyn mitreden_store::Store>,
    pages: &Arc<Pages>,
    origin: Option<Arc<str>>,
    couriers: Couriers,
) -> (Option<Wake>, Option<Wake>) {
    let (mail, push) = (couriers.mail.is_some(), couriers.push.is_some());
    if !mail && !push {
        return (None, None);
    }
    let wake = Wake::default();
    tokio::spawn(queue::keep_sending(
        store.clone(),
        Arc::new(couriers),
        wake.clone(),
    ));
    tokio::spawn(events::keep_expiring(store.clone(), pages.clone()));
    if let (true, Some(origin)) = (mail, origin) {
        tokio::spawn(digest::keep_digesting(
            store.clone(),
            pages.clone(),
            origin,
            wake.clone(),
        ));
    }
    (mail.then(|| wake.clone()), push.then_some(wake))
}
