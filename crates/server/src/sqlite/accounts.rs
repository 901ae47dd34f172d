//! Staff accounts and sessions on SQLite: every change in an `IMMEDIATE` transaction on the
//! one write connection, so a check and its change see no other writer between them.

use async_trait::async_trait;
use mitreden_model::moderation::{SignedIn, StaffAccount};
use mitreden_store::accounts::{AddDecision, DigestChoice, NewAccount, NewSession, SignInAccount};
use mitreden_store::{Accounts, StoreError};

use super::{store_error, SqliteStore};
use crate::rows::accounts::{AccountRow, DigestRow, SessionRow, SignInRow};

#[async_trait]
impl Accounts for SqliteStore {
    async fn add_account(
        &self,
        new: NewAccount<'_>,
        same: for<'a, 'b> fn(&'a str, &'b str) -> bool,
    ) -> Result<Option<String>, StoreError> {
        let mut tx = self.write().await?;
        let names: Vec<String> = sqlx::query_scalar("SELECT name FROM staff")
            .fetch_all(&mut *tx)
            .await
            .map_err(store_error)?;
        let renew = match new.decide(names, same) {
            AddDecision::Refuse(other) => return Ok(Some(other)),
            AddDecision::Renew => true,
            AddDecision::Insert => false,
        };
        if renew {
            sqlx::query("UPDATE staff SET password_hash = ? WHERE name = ?")
                .bind(new.password_hash)
                .bind(new.name)
                .execute(&mut *tx)
                .await
        } else {
            sqlx::query(
                "INSERT INTO staff (name, password_hash, role, created_at) \
                 VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            )
            .bind(new.name)
            .bind(new.password_hash)
            .bind(new.role.as_str())
            .execute(&mut *tx)
            .await
        }
        .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        Ok(None)
    }

    async fn accounts(&self) -> Result<Vec<StaffAccount>, StoreError> {
        let rows: Vec<AccountRow> =
            sqlx::query_as("SELECT name, role, active, created_at FROM staff ORDER BY name")
                .fetch_all(&self.db.read)
                .await
                .map_err(store_error)?;
        rows.into_iter().map(StaffAccount::try_from).collect()
    }

    async fn sign_in_account(
        &self,
        kept: &str,
        typed: &str,
    ) -> Result<Option<SignInAccount>, StoreError> {
        let row: Option<SignInRow> = sqlx::query_as(
            "SELECT name, password_hash, role FROM staff WHERE (name = ?1 OR name = ?2) \
             AND active = 1 ORDER BY name = ?1 DESC LIMIT 1",
        )
        .bind(typed)
        .bind(kept)
        .fetch_optional(&self.db.read)
        .await
        .map_err(store_error)?;
        row.map(SignInAccount::try_from).transpose()
    }

    async fn start_session(&self, session: NewSession<'_>) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        sqlx::query("DELETE FROM sessions WHERE expires_at_ms <= ?")
            .bind(session.now_ms)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, staff_name, expires_at_ms) VALUES (?, ?, ?)",
        )
        .bind(session.token_hash)
        .bind(session.staff_name)
        .bind(session.expires_at_ms)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        sqlx::query(
            "DELETE FROM sessions WHERE staff_name = ?1 AND token_hash NOT IN \
             (SELECT token_hash FROM sessions WHERE staff_name = ?1 \
              ORDER BY expires_at_ms DESC LIMIT ?2)",
        )
        .bind(session.staff_name)
        .bind(i64::from(session.keep))
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        tx.commit().await.map_err(store_error)
    }

    async fn session(&self, token_hash: &str, now_ms: i64) -> Result<Option<SignedIn>, StoreError> {
        let row: Option<SessionRow> = sqlx::query_as(
            "SELECT s.staff_name, st.role FROM sessions s JOIN staff st ON st.name = s.staff_name \
             WHERE s.token_hash = ? AND s.expires_at_ms > ? AND st.active = 1",
        )
        .bind(token_hash)
        .bind(now_ms)
        .fetch_optional(&self.db.read)
        .await
        .map_err(store_error)?;
        row.map(SignedIn::try_from).transpose()
    }

    async fn end_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.db.write)
            .await
            .map_err(store_error)?;
        Ok(())
    }

    async fn deactivate_account(&self, name: &str) -> Result<bool, StoreError> {
        let mut tx = self.write().await?;
        let done = sqlx::query("UPDATE staff SET active = 0 WHERE name = ? AND active = 1")
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        sqlx::query("DELETE FROM sessions WHERE staff_name = ?")
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        Ok(done.rows_affected() > 0)
    }

    async fn password_hash(&self, name: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT password_hash FROM staff WHERE name = ?")
            .bind(name)
            .fetch_optional(&self.db.read)
            .await
            .map_err(store_error)
    }

    async fn set_password(
        &self,
        name: &str,
        password_hash: &str,
        keep_session: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE staff SET password_hash = ? WHERE name = ?")
            .bind(password_hash)
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        sqlx::query("DELETE FROM sessions WHERE staff_name = ? AND token_hash != ?")
            .bind(name)
            .bind(keep_session)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)
    }

    async fn digest_choice(&self, name: &str) -> Result<Option<DigestChoice>, StoreError> {
        let row: Option<DigestRow> =
            sqlx::query_as("SELECT digest_address, digest FROM staff WHERE name = ?")
                .bind(name)
                .fetch_optional(&self.db.read)
                .await
                .map_err(store_error)?;
        Ok(row.map(DigestChoice::from))
    }

    async fn set_digest_choice(&self, name: &str, choice: &DigestChoice) -> Result<(), StoreError> {
        sqlx::query("UPDATE staff SET digest_address = ?, digest = ? WHERE name = ?")
            .bind(choice.address.as_deref())
            .bind(choice.every.key())
            .bind(name)
            .execute(&self.db.write)
            .await
            .map_err(store_error)?;
        Ok(())
    }
}
