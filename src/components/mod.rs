//! Components used on several pages.

mod announce;
mod comment_form;
mod item_state;
mod kiosk_part;
mod notify_form;
mod public_comments;
mod sync_status;
mod update_banner;

pub use announce::{say, say_changes, LiveRegion};
pub use comment_form::CommentForm;
pub use comment_form::{save_when_left, set_if_changed, SAVE_DELAY};
pub use item_state::{moderation_text, state_text, ConfirmButton, ItemList};
pub use kiosk_part::KioskShell;
pub use notify_form::{mail_offered, notify_offered, NotifyForm};
pub use public_comments::{
    answer_view, load_next, load_public_comments, use_counts, Loaded, PublicComments,
};
pub use sync_status::SyncStatus;
pub use update_banner::{UpdateBanner, SAVE_EVENT};
