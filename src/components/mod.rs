//! Components used on several pages.

mod comment_form;
mod item_state;
mod sync_status;

pub use comment_form::CommentForm;
pub use item_state::{state_text, ItemList};
pub use sync_status::SyncStatus;
