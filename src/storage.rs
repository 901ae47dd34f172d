//! The one module that touches browser storage (`localStorage`).
//!
//! Each comment is stored under its own key (`mitreden:item:<id>`), so two tabs that edit
//! different drafts never overwrite each other, and a change in one tab reaches the others
//! through the `storage` event. A value that cannot be read is moved aside under
//! `mitreden:backup:…` — never dropped — and reported. A full storage keeps the text in
//! memory and says so.

use mitreden_model::outbox::{decode_with, encode_with, DecodeError, OutboxItem};

use crate::json::BrowserJson;
use wasm_bindgen::JsCast;

const ITEM_PREFIX: &str = "mitreden:item:";
const BACKUP_PREFIX: &str = "mitreden:backup:";

/// Why something could not be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// The browser's storage is full (`QuotaExceededError`).
    Full,
    /// The browser offers no storage here (blocked, private mode, or an error).
    Unavailable,
}

/// What was found in storage at start.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Every readable item.
    pub items: Vec<OutboxItem>,
    /// How many values could not be read and were moved aside.
    pub set_aside: usize,
}

fn local_storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)
}

/// Reads every stored item; unreadable values are moved aside and counted.
pub fn load_all() -> Result<Loaded, StorageError> {
    let storage = local_storage()?;
    let len = storage.length().map_err(|_| StorageError::Unavailable)?;
    let keys: Vec<String> = (0..len)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(ITEM_PREFIX))
        .collect();
    let mut loaded = Loaded::default();
    for key in keys {
        let Some(value) = storage.get_item(&key).ok().flatten() else {
            continue;
        };
        match decode_with(&BrowserJson, &value) {
            Ok(item) => loaded.items.push(item),
            Err(e) => {
                set_aside(&storage, &key, &value, &e);
                loaded.set_aside += 1;
            }
        }
    }
    Ok(loaded)
}

/// Keeps an unreadable value under a backup key (with the reason) and frees its item key.
fn set_aside(storage: &web_sys::Storage, key: &str, value: &str, error: &DecodeError) {
    let backup = format!(
        "{BACKUP_PREFIX}{}:{}",
        key.trim_start_matches(ITEM_PREFIX),
        crate::clock::now_ms()
    );
    web_sys::console::warn_1(&format!("mitreden: {key} could not be read ({error:?})").into());
    if storage.set_item(&backup, value).is_ok() {
        let _ = storage.remove_item(key);
    }
}

/// Writes an item.
pub fn save(item: &OutboxItem) -> Result<(), StorageError> {
    let storage = local_storage()?;
    let key = format!("{ITEM_PREFIX}{}", item.comment.id);
    storage
        .set_item(&key, &encode_with(&BrowserJson, item))
        .map_err(|e| {
            let quota = e
                .dyn_ref::<web_sys::DomException>()
                .is_some_and(|d| d.name() == "QuotaExceededError" || d.code() == 22);
            if quota {
                StorageError::Full
            } else {
                StorageError::Unavailable
            }
        })
}

/// Deletes an item.
pub fn remove(id: &str) {
    if let Ok(storage) = local_storage() {
        let _ = storage.remove_item(&format!("{ITEM_PREFIX}{id}"));
    }
}

/// A change another tab made.
pub enum Change {
    /// An item was written.
    Saved(Box<OutboxItem>),
    /// An item was deleted.
    Removed(String),
}

/// Reads a `storage` event from another tab; `None` for keys that are not ours.
pub fn change_from_event(ev: &web_sys::StorageEvent) -> Option<Change> {
    let id = ev.key()?.strip_prefix(ITEM_PREFIX)?.to_owned();
    match ev.new_value() {
        None => Some(Change::Removed(id)),
        Some(value) => decode_with(&BrowserJson, &value)
            .ok()
            .map(|item| Change::Saved(Box::new(item))),
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn item(id: &str) -> OutboxItem {
        let mut item = OutboxItem::new_draft(
            id.into(),
            "leitmotiv-2".into(),
            2,
            "2026-11-22T10:15:00.000Z".into(),
            1,
        );
        item.edit("Bildung fehlt.".into(), Some("K.".into()), None, true, 2)
            .expect("editable");
        item
    }

    fn clear() {
        local_storage().expect("storage").clear().expect("clear");
    }

    #[wasm_bindgen_test]
    fn items_survive_a_round_trip_through_local_storage() {
        clear();
        save(&item("a")).expect("saved");
        save(&item("b")).expect("saved");
        let loaded = load_all().expect("loads");
        assert_eq!(loaded.items.len(), 2);
        assert_eq!(loaded.set_aside, 0);
        remove("a");
        let loaded = load_all().expect("loads");
        assert_eq!(loaded.items.len(), 1);
        assert_eq!(loaded.items[0].comment.id, "b");
    }

    #[wasm_bindgen_test]
    fn a_corrupt_value_is_kept_aside_and_reported_not_dropped() {
        clear();
        save(&item("good")).expect("saved");
        let storage = local_storage().expect("storage");
        storage
            .set_item("mitreden:item:broken", "{\"schema\":1,\"text\":")
            .expect("set");
        let loaded = load_all().expect("loads");
        assert_eq!(loaded.items.len(), 1);
        assert_eq!(loaded.set_aside, 1);
        assert!(storage
            .get_item("mitreden:item:broken")
            .expect("get")
            .is_none());
        let backups: Vec<String> = (0..storage.length().expect("len"))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with("mitreden:backup:broken:"))
            .collect();
        assert_eq!(backups.len(), 1);
        assert_eq!(
            storage.get_item(&backups[0]).expect("get").as_deref(),
            Some("{\"schema\":1,\"text\":")
        );
    }

    #[wasm_bindgen_test]
    fn a_full_storage_is_reported_as_full() {
        clear();
        let storage = local_storage().expect("storage");
        // Fill the quota (a few MB) to the last few bytes, then try to save.
        let mut n = 0;
        for size in [1024 * 1024, 64 * 1024, 4096, 256, 16] {
            let filler = "x".repeat(size);
            while storage.set_item(&format!("f{n}"), &filler).is_ok() {
                n += 1;
            }
        }
        assert_eq!(save(&item("one-too-many")), Err(StorageError::Full));
        clear();
    }
}

/// Where a kiosk keeps its set-up (label, idle time, secret): nothing personal.
const KIOSK_KEY: &str = "mitreden:kiosk";

/// This device's kiosk, if it was set up as one.
/// A value that cannot be read is removed: the page's start script takes any value for a
/// kiosk, and a device half in kiosk mode would have its look without its reset.
pub fn kiosk() -> Option<mitreden_model::kiosk::StoredKiosk> {
    let storage = local_storage().ok()?;
    let value = storage.get_item(KIOSK_KEY).ok()??;
    let kiosk = mitreden_model::kiosk::StoredKiosk::decode(&value);
    if kiosk.is_none() {
        let _ = storage.remove_item(KIOSK_KEY);
    }
    kiosk
}

/// Makes this device the kiosk `kiosk`.
pub fn set_kiosk(kiosk: &mitreden_model::kiosk::StoredKiosk) -> Result<(), StorageError> {
    local_storage()?
        .set_item(KIOSK_KEY, &kiosk.encode())
        .map_err(|_| StorageError::Full)
}

/// Ends kiosk mode on this device.
pub fn clear_kiosk() {
    if let Ok(storage) = local_storage() {
        let _ = storage.remove_item(KIOSK_KEY);
    }
}

/// The reader's choice of language (`de`, `en`), as the pages' head script keeps it.
const LANGUAGE_KEY: &str = "mitreden:sprache";

/// The language chosen on this device, if any.
pub fn language() -> Option<String> {
    local_storage().ok()?.get_item(LANGUAGE_KEY).ok()?
}

/// Keeps the language `tag` for this device (the pages follow it too).
pub fn set_language(tag: &str) {
    if let Ok(storage) = local_storage() {
        let _ = storage.set_item(LANGUAGE_KEY, tag);
    }
}

/// The reset between two people on a kiosk: every stored item `keep` does not keep, every
/// value set aside, and the tab's session storage go. Returns how many items were kept.
pub fn wipe(keep: impl Fn(&OutboxItem) -> bool) -> usize {
    let Ok(storage) = local_storage() else {
        return 0;
    };
    let len = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..len)
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect();
    let mut kept = 0;
    for key in keys {
        let item = key.starts_with(ITEM_PREFIX).then(|| {
            storage
                .get_item(&key)
                .ok()
                .flatten()
                .and_then(|v| decode_with(&BrowserJson, &v).ok())
        });
        match item {
            Some(Some(item)) if keep(&item) => kept += 1,
            _ if key == KIOSK_KEY => {}
            _ if key.starts_with("mitreden:") => {
                let _ = storage.remove_item(&key);
            }
            _ => {}
        }
    }
    if let Some(session) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = session.clear();
    }
    kept
}
