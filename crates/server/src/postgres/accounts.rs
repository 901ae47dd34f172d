//! Staff accounts and sessions on PostgreSQL. Several processes may make accounts at once:
//! the look-alike check and the insert hold a lock on `staff` that only one such
//! transaction can have at a time (reads go on beside it).

use async_trait::async_trait;
use mitreden_model::moderation::{SignedIn, StaffAccount};
use mitreden_store::accounts::{AddDecision, DigestChoice, NewAccount, NewSession, SignInAccount};
use mitreden_store::{Accounts, StoreError};

use super::{store_error, PgStore, NOW};
use crate::rows::accounts::{AccountRow, DigestRow, SessionRow, SignInRow};

#[async_trait]
impl Accounts for PgStore {
    async fn add_account(
        &self,
        new: NewAccount<'_>,
        same: for<'a, 'b> fn(&'a str, &'b str) -> bool,
    ) -> Result<Option<String>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        sqlx::query("LOCK TABLE staff IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
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
            sqlx::query("UPDATE staff SET password_hash = $1 WHERE name = $2")
                .bind(new.password_hash)
                .bind(new.name)
                .execute(&mut *tx)
                .await
        } else {
            sqlx::query(&format!(
                "INSERT INTO staff (name, password_hash, role, created_at) \
                 VALUES ($1, $2, $3, {NOW})"
            ))
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
        let rows: Vec<AccountRow> = sqlx::query_as(
            "SELECT name, role, active, created_at FROM staff ORDER BY name COLLATE \"C\"",
        )
        .fetch_all(&self.pool)
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
            "SELECT name, password_hash, role FROM staff WHERE (name = $1 OR name = $2) \
             AND active ORDER BY name = $1 DESC LIMIT 1",
        )
        .bind(typed)
        .bind(kept)
        .fetch_optional(&self.pool)
        .await
        .map_err(store_error)?;
        row.map(SignInAccount::try_from).transpose()
    }

    async fn start_session(&self, session: NewSession<'_>) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        // One sign-in of an account at a time, whichever process: the trim to the newest
        // sessions then sees the other's, and the two cannot deadlock on its rows.
        sqlx::query("SELECT 1 FROM staff WHERE name = $1 FOR UPDATE")
            .bind(session.staff_name)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        sqlx::query("DELETE FROM sessions WHERE expires_at_ms <= $1")
            .bind(session.now_ms)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, staff_name, expires_at_ms) VALUES ($1, $2, $3)",
        )
        .bind(session.token_hash)
        .bind(session.staff_name)
        .bind(session.expires_at_ms)
        .execute(&mut *tx)
        .await
        .map_err(store_error)?;
        sqlx::query(
            "DELETE FROM sessions WHERE staff_name = $1 AND token_hash NOT IN \
             (SELECT token_hash FROM sessions WHERE staff_name = $1 \
              ORDER BY expires_at_ms DESC LIMIT $2)",
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
             WHERE s.token_hash = $1 AND s.expires_at_ms > $2 AND st.active",
        )
        .bind(token_hash)
        .bind(now_ms)
        .fetch_optional(&self.pool)
        .await
        .map_err(store_error)?;
        row.map(SignedIn::try_from).transpose()
    }

    async fn end_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await
            .map_err(store_error)?;
        Ok(())
    }

    async fn deactivate_account(&self, name: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        let done = sqlx::query("UPDATE staff SET active = FALSE WHERE name = $1 AND active")
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        sqlx::query("DELETE FROM sessions WHERE staff_name = $1")
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        Ok(done.rows_affected() > 0)
    }

    async fn password_hash(&self, name: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT password_hash FROM staff WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(store_error)
    }

    async fn set_password(
        &self,
        name: &str,
        password_hash: &str,
        keep_session: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(store_error)?;
        sqlx::query("UPDATE staff SET password_hash = $1 WHERE name = $2")
            .bind(password_hash)
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        sqlx::query("DELETE FROM sessions WHERE staff_name = $1 AND token_hash != $2")
            .bind(name)
            .bind(keep_session)
            .execute(&mut *tx)
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)
    }

    async fn digest_choice(&self, name: &str) -> Result<Option<DigestChoice>, StoreError> {
        let row: Option<DigestRow> =
            sqlx::query_as("SELECT digest_address, digest FROM staff WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await
                .map_err(store_error)?;
        Ok(row.map(DigestChoice::from))
    }

    async fn set_digest_choice(&self, name: &str, choice: &DigestChoice) -> Result<(), StoreError> {
        sqlx::query("UPDATE staff SET digest_address = $1, digest = $2 WHERE name = $3")
            .bind(choice.address.as_deref())
            .bind(choice.every.key())
            .bind(name)
            .execute(&self.pool)
            .await
            .map_err(store_error)?;
        Ok(())
    }
}
