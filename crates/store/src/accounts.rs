//! Staff accounts and their sessions: what signing in, the account list and one's own
//! settings ask of the database. The rules (which names and passwords are allowed, the
//! argon2 hash, how long a session lasts) stay with the server; a store keeps the rows and
//! does each change in one transaction.

use async_trait::async_trait;
use mitreden_model::digest::Digest;
use mitreden_model::moderation::{SignedIn, StaffAccount, StaffRole};

use crate::StoreError;

/// An active account as signing in needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInAccount {
    /// The name as stored.
    pub name: String,
    /// Its argon2id hash.
    pub password_hash: String,
    /// What it may do.
    pub role: StaffRole,
}

/// A new account, or a new password for one (the command line's `user add`).
#[derive(Debug, Clone, Copy)]
pub struct NewAccount<'a> {
    /// Its name as the server keeps names.
    pub name: &'a str,
    /// Its argon2id hash.
    pub password_hash: &'a str,
    /// What it may do (a new account only; an existing one keeps its role).
    pub role: StaffRole,
    /// Whether an account of exactly this name gets the new password (the command line)
    /// rather than being refused as taken (the administration).
    pub or_new_password: bool,
}

/// What [`Accounts::add_account`] does, decided from the names there are: one rule for
/// every store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddDecision {
    /// Give the account of exactly this name the new password.
    Renew,
    /// Make the account.
    Insert,
    /// Change nothing: this account's name reads the same.
    Refuse(String),
}

impl NewAccount<'_> {
    /// Decides [`Accounts::add_account`] from the stored `names`. The command line renews
    /// exactly its own name, whatever rules it was made under and whatever look-alikes
    /// older versions let in beside it; anything else that reads the same (`same`) as a
    /// stored name is refused.
    pub fn decide(
        &self,
        names: Vec<String>,
        same: for<'a, 'b> fn(&'a str, &'b str) -> bool,
    ) -> AddDecision {
        if self.or_new_password && names.iter().any(|n| n == self.name) {
            return AddDecision::Renew;
        }
        match names.into_iter().find(|n| same(n, self.name)) {
            Some(other) => AddDecision::Refuse(other),
            None => AddDecision::Insert,
        }
    }
}

/// A new session of a signed-in account.
#[derive(Debug, Clone, Copy)]
pub struct NewSession<'a> {
    /// SHA-256 of the cookie's token (the token itself is in no table).
    pub token_hash: &'a str,
    /// The account's name as stored.
    pub staff_name: &'a str,
    /// Now, in milliseconds since 1970: sessions that ended before it are deleted.
    pub now_ms: i64,
    /// When it ends, in milliseconds since 1970.
    pub expires_at_ms: i64,
    /// The most sessions the account keeps: the oldest beyond them end.
    pub keep: u32,
}

/// One's own digest of comments waiting for moderation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestChoice {
    /// The address it goes to, if one is set.
    pub address: Option<String>,
    /// How often.
    pub every: Digest,
}

/// Staff accounts and sessions.
#[async_trait]
pub trait Accounts {
    /// Makes the account `new`, unless an account of a name that is the same to a reader
    /// (`same`: the server's rule, case and look-alike letters) is there: then nothing
    /// changes and that account's name is returned. With `or_new_password`, an account of
    /// exactly this name gets the new password instead. The check and the change are one
    /// transaction, so two at once cannot both make look-alikes.
    async fn add_account(
        &self,
        new: NewAccount<'_>,
        same: for<'a, 'b> fn(&'a str, &'b str) -> bool,
    ) -> Result<Option<String>, StoreError>;

    /// Every account, by name.
    async fn accounts(&self) -> Result<Vec<StaffAccount>, StoreError>;

    /// The active account named `kept` (the name as the server keeps names) or, for an
    /// account made before names were kept so, `typed` — `typed` first.
    async fn sign_in_account(
        &self,
        kept: &str,
        typed: &str,
    ) -> Result<Option<SignInAccount>, StoreError>;

    /// Starts a session; in the same transaction, ended sessions are deleted and the
    /// account's oldest beyond `keep`.
    async fn start_session(&self, session: NewSession<'_>) -> Result<(), StoreError>;

    /// Who the session `token_hash` belongs to, if it has not ended at `now_ms` and its
    /// account is active.
    async fn session(&self, token_hash: &str, now_ms: i64) -> Result<Option<SignedIn>, StoreError>;

    /// Ends the session `token_hash` (nothing if there is none).
    async fn end_session(&self, token_hash: &str) -> Result<(), StoreError>;

    /// Deactivates the active account `name` and ends its sessions; whether there was one.
    async fn deactivate_account(&self, name: &str) -> Result<bool, StoreError>;

    /// The argon2id hash of the account `name`, if there is one.
    async fn password_hash(&self, name: &str) -> Result<Option<String>, StoreError>;

    /// Sets the account's password hash and ends its sessions but `keep_session` (the one
    /// that changed it).
    async fn set_password(
        &self,
        name: &str,
        password_hash: &str,
        keep_session: &str,
    ) -> Result<(), StoreError>;

    /// The account's digest (`None` if there is no such account).
    async fn digest_choice(&self, name: &str) -> Result<Option<DigestChoice>, StoreError>;

    /// Sets the account's digest.
    async fn set_digest_choice(&self, name: &str, choice: &DigestChoice) -> Result<(), StoreError>;
}

#[cfg(test)]
mod tests {
    use super::{AddDecision, NewAccount};
    use mitreden_model::moderation::StaffRole;

    fn same(a: &str, b: &str) -> bool {
        a.to_lowercase() == b.to_lowercase()
    }

    fn new(name: &str, or_new_password: bool) -> NewAccount<'_> {
        NewAccount {
            name,
            password_hash: "h",
            role: StaffRole::Verwaltung,
            or_new_password,
        }
    }

    #[test]
    fn the_command_line_renews_exactly_its_name_and_nothing_else_passes_a_look_alike() {
        let names = || vec!["AMT".to_owned(), "amt".to_owned()];
        // An old pair of look-alikes: each renews itself.
        assert_eq!(new("amt", true).decide(names(), same), AddDecision::Renew);
        assert_eq!(new("AMT", true).decide(names(), same), AddDecision::Renew);
        // A third spelling is refused, also on the command line.
        assert_eq!(
            new("Amt", true).decide(names(), same),
            AddDecision::Refuse("AMT".into())
        );
        // The administration renews nothing: the exact name is taken.
        assert_eq!(
            new("amt", false).decide(names(), same),
            AddDecision::Refuse("AMT".into())
        );
        assert_eq!(
            new("kasse", false).decide(names(), same),
            AddDecision::Insert
        );
        assert_eq!(
            new("kasse", true).decide(names(), same),
            AddDecision::Insert
        );
    }
}
