//! Staff accounts and sessions as both databases' stores read them, by column name.

use mitreden_model::digest::Digest;
use mitreden_model::moderation::{SignedIn, StaffAccount, StaffRole};
use mitreden_store::accounts::{DigestChoice, SignInAccount};
use mitreden_store::StoreError;
use sqlx::FromRow;

/// A stored role word the model does not know is a fault, not a guess.
fn role(word: &str) -> Result<StaffRole, StoreError> {
    StaffRole::parse(word).ok_or_else(|| StoreError::Other(format!("unknown staff role {word:?}")))
}

/// An account as the list shows it.
#[derive(FromRow)]
pub struct AccountRow {
    name: String,
    role: String,
    active: bool,
    created_at: String,
}

impl TryFrom<AccountRow> for StaffAccount {
    type Error = StoreError;

    fn try_from(r: AccountRow) -> Result<Self, StoreError> {
        Ok(StaffAccount {
            role: role(&r.role)?,
            name: r.name,
            active: r.active,
            created_at: r.created_at,
        })
    }
}

/// An account as signing in reads it.
#[derive(FromRow)]
pub struct SignInRow {
    name: String,
    password_hash: String,
    role: String,
}

impl TryFrom<SignInRow> for SignInAccount {
    type Error = StoreError;

    fn try_from(r: SignInRow) -> Result<Self, StoreError> {
        Ok(SignInAccount {
            role: role(&r.role)?,
            name: r.name,
            password_hash: r.password_hash,
        })
    }
}

/// Who a session is.
#[derive(FromRow)]
pub struct SessionRow {
    staff_name: String,
    role: String,
}

impl TryFrom<SessionRow> for SignedIn {
    type Error = StoreError;

    fn try_from(r: SessionRow) -> Result<Self, StoreError> {
        Ok(SignedIn {
            role: role(&r.role)?,
            name: r.staff_name,
        })
    }
}

/// One's digest.
#[derive(FromRow)]
pub struct DigestRow {
    digest_address: Option<String>,
    digest: String,
}

impl From<DigestRow> for DigestChoice {
    fn from(r: DigestRow) -> Self {
        DigestChoice {
            address: r.digest_address,
            // A word no version wrote counts as off: nothing is sent unasked.
            every: Digest::from_key(&r.digest).unwrap_or_default(),
        }
    }
}
