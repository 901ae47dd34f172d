//! Group commit: every comment write of every request goes to one writer task, which
//! gathers what is waiting and commits it in one durable transaction.
//!
//! A commit in WAL mode with `synchronous = FULL` costs one `fsync`, whatever it holds. One
//! commit per request makes the disk the limit and, with several connections trying to
//! write, made SQLite refuse most of them (`database is locked`). Here requests queue on a
//! channel; while one commit is on its way to the disk the next requests gather, and the
//! writer takes them all (up to `--group-commit` comments) into the next transaction.
//! Each request is answered only after the commit that holds its comments, so an
//! acknowledged comment is on disk. Should a group's transaction fail, its requests are
//! committed one by one, so one request's trouble stays its own.
//!
//! The queue is bounded ([`QUEUE`] requests): when it is full the request is answered 503
//! with `Retry-After` and the outbox sends it again, instead of memory growing without end.

use std::sync::Arc;

use mitreden_model::api::{ItemResult, Outcome};
use mitreden_model::comment::NewComment;
use mitreden_store::{CommentGroup, Store, StoreError};
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use tokio::sync::{mpsc, oneshot};

use crate::AppError;

/// Requests that may wait for the writer before new ones are turned away with 503.
pub const QUEUE: usize = 256;
/// The most comments in one commit, by default.
pub const DEFAULT_GROUP: usize = 512;

/// What the writer answers a request whose commit failed; cloned to every request of the
/// group.
#[derive(Debug, Clone)]
enum Failure {
    /// Busy or full: 503, the client sends again.
    Busy(String),
    /// Anything else: 500, logged.
    Fault,
}

impl From<Failure> for AppError {
    fn from(f: Failure) -> Self {
        match f {
            Failure::Busy(detail) => AppError::Unavailable(detail),
            Failure::Fault => {
                AppError::Internal("Kommentare konnten nicht gespeichert werden".into())
            }
        }
    }
}

fn failure(e: StoreError) -> Failure {
    match AppError::from(e) {
        AppError::Unavailable(detail) => Failure::Busy(detail),
        other => {
            tracing::error!(error = %other, "group commit failed");
            Failure::Fault
        }
    }
}

type Reply = oneshot::Sender<Result<Vec<ItemResult>, Failure>>;

struct Job {
    batch: CommentGroup,
    reply: Reply,
}

/// The handle requests use to hand comments to the writer; cheap to clone.
#[derive(Clone, Debug)]
pub struct Ingest {
    tx: mpsc::Sender<Job>,
    /// Comments per commit, for `/metrics`.
    group_sizes: Histogram,
}

impl Ingest {
    /// Starts the writer task on `store`; a commit gathers up to `max_group` comments (1:
    /// every request commits on its own).
    pub fn start(store: Arc<dyn Store>, max_group: usize) -> Self {
        let (tx, rx) = mpsc::channel(QUEUE);
        // 1, 2, 4 … 512 comments.
        let group_sizes = Histogram::new(exponential_buckets(1.0, 2.0, 10));
        tokio::spawn(writer(store, rx, max_group.max(1), group_sizes.clone()));
        Self { tx, group_sizes }
    }

    /// Requests waiting for the writer now.
    pub fn waiting(&self) -> usize {
        QUEUE - self.tx.capacity()
    }

    /// The sizes of the commits so far.
    pub fn group_sizes(&self) -> Histogram {
        self.group_sizes.clone()
    }

    /// Stores valid comments (already checked against the strategy), marked with the
    /// `kiosk` they came from; answers per comment, in order, once they are committed.
    pub async fn store(
        &self,
        comments: Vec<NewComment>,
        kiosk: Option<Arc<str>>,
    ) -> Result<Vec<ItemResult>, AppError> {
        let (reply, answer) = oneshot::channel();
        let busy = || {
            AppError::Unavailable(
                "Der Server nimmt gerade sehr viele Beiträge an. Ihr Beitrag wird gleich \
                 noch einmal gesendet."
                    .into(),
            )
        };
        self.tx
            .try_send(Job {
                batch: CommentGroup { comments, kiosk },
                reply,
            })
            .map_err(|_| busy())?;
        match answer.await {
            Ok(result) => result.map_err(AppError::from),
            Err(_) => Err(busy()),
        }
    }
}

/// Takes what is waiting, commits it, answers; again. A panic while committing ends only
/// that group (answered 500), not the writer.
async fn writer(
    store: Arc<dyn Store>,
    mut rx: mpsc::Receiver<Job>,
    max_group: usize,
    group_sizes: Histogram,
) {
    while let Some(first) = rx.recv().await {
        let mut count = first.batch.comments.len();
        let mut jobs = vec![first];
        while count < max_group {
            match rx.try_recv() {
                Ok(job) => {
                    count += job.batch.comments.len();
                    jobs.push(job);
                }
                Err(_) => break,
            }
        }
        group_sizes.observe(count as f64);
        let (batches, replies): (Vec<_>, Vec<_>) =
            jobs.into_iter().map(|j| (j.batch, j.reply)).unzip();
        let committed = tokio::spawn(commit(store.clone(), batches)).await;
        match committed {
            Ok(Ok(results)) => {
                for (reply, result) in replies.into_iter().zip(results) {
                    let _ = reply.send(result);
                }
            }
            Ok(Err(f)) => {
                for reply in replies {
                    let _ = reply.send(Err(f.clone()));
                }
            }
            Err(panicked) => {
                tracing::error!(error = %panicked, "group commit panicked");
                for reply in replies {
                    let _ = reply.send(Err(Failure::Fault));
                }
            }
        }
    }
}

/// What a group's commit answers: per request, its results or its failure.
type Committed = Result<Vec<Result<Vec<ItemResult>, Failure>>, Failure>;

/// One transaction for the whole group. Should it fail (which no valid comment makes it
/// do), each request is tried again in a transaction of its own, so one request's
/// trouble is its own.
async fn commit(store: Arc<dyn Store>, batches: Vec<CommentGroup>) -> Committed {
    match store.insert_comments(&batches).await {
        Ok(results) => Ok(results.into_iter().map(Ok).collect()),
        Err(e) if batches.len() == 1 => Err(failure(e)),
        // Busy or full: one by one would only wait again, once per request.
        Err(e @ StoreError::Busy(_)) => Err(failure(e)),
        Err(e) => {
            tracing::warn!(error = %e, requests = batches.len(), "group commit failed; one by one");
            let mut out = Vec::with_capacity(batches.len());
            for batch in batches {
                let one = store.insert_comments(std::slice::from_ref(&batch)).await;
                out.push(
                    one.map(|mut r| r.pop().unwrap_or_default())
                        .map_err(failure),
                );
            }
            Ok(out)
        }
    }
}

/// A comment the server does not store, and why.
pub fn refused(id: String, outcome: Outcome, reason: String) -> ItemResult {
    ItemResult {
        id,
        outcome,
        status: outcome.status(),
        received_at: None,
        reason: Some(reason),
        code: None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a test stops on any failure")]
mod tests {
    use super::*;

    fn comment(n: usize) -> NewComment {
        NewComment {
            id: format!("{n:08x}-0000-4000-8000-000000000000"),
            section_id: "leitmotiv-1".into(),
            section_version: 1,
            text: format!("Kommentar {n}"),
            name: None,
            self_description: None,
            consent: true,
            created_at: "2026-11-22T10:15:00Z".into(),
            receipt_token: None,
            website: None,
        }
    }

    /// One request the database refuses (here a trigger) fails alone; the others in its
    /// group are committed one by one.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failing_request_does_not_take_its_group_down() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::open(&dir.path().join("f.sqlite3"))
            .await
            .unwrap();
        sqlx::query(
            "CREATE TRIGGER refuse BEFORE INSERT ON comments WHEN NEW.body = 'Kommentar 1' \
             BEGIN SELECT RAISE(ABORT, 'refused'); END",
        )
        .execute(&db.write)
        .await
        .unwrap();
        let ingest = Ingest::start(
            Arc::new(crate::sqlite::SqliteStore::new(db.clone())),
            DEFAULT_GROUP,
        );
        // Held, so that the three requests wait and form one group.
        let held = db.write.acquire().await.unwrap();
        let mut tasks = Vec::new();
        for n in 0..3 {
            let ingest = ingest.clone();
            tasks.push(tokio::spawn(async move {
                ingest.store(vec![comment(n)], None).await
            }));
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        drop(held);
        let mut answers = Vec::new();
        for t in tasks {
            answers.push(t.await.unwrap());
        }
        assert!(answers[0]
            .as_ref()
            .is_ok_and(|r| r[0].outcome == Outcome::Created));
        assert!(matches!(answers[1], Err(AppError::Internal(_))));
        assert!(answers[2]
            .as_ref()
            .is_ok_and(|r| r[0].outcome == Outcome::Created));
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comments")
            .fetch_one(&db.read)
            .await
            .unwrap();
        assert_eq!(rows, 2);
    }

    /// While the disk is slow (here: the write connection held elsewhere), at most
    /// [`QUEUE`] requests wait; the next are told 503 at once instead of piling up; when
    /// the disk is back every waiting request is committed.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_queue_answers_busy_and_loses_nothing_that_waited() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::open(&dir.path().join("q.sqlite3"))
            .await
            .unwrap();
        let ingest = Ingest::start(
            Arc::new(crate::sqlite::SqliteStore::new(db.clone())),
            DEFAULT_GROUP,
        );
        let held = db.write.acquire().await.unwrap();
        let mut tasks = Vec::new();
        for n in 0..QUEUE + 40 {
            let ingest = ingest.clone();
            tasks.push(tokio::spawn(async move {
                ingest.store(vec![comment(n)], None).await
            }));
            tokio::task::yield_now().await;
        }
        // The writer is stuck on the first group; the queue fills, the rest are refused.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        drop(held);
        let (mut stored, mut busy) = (0, 0);
        for t in tasks {
            match t.await.unwrap() {
                Ok(r) => {
                    assert_eq!(r[0].outcome, Outcome::Created);
                    stored += 1;
                }
                Err(AppError::Unavailable(_)) => busy += 1,
                Err(e) => panic!("{e}"),
            }
        }
        assert!(busy > 0, "nothing was refused");
        assert!(stored >= QUEUE, "{stored} stored");
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comments")
            .fetch_one(&db.read)
            .await
            .unwrap();
        assert_eq!(rows, i64::try_from(stored).unwrap());
    }
}
