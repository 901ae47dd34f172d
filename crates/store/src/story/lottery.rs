//! The lottery's story: applications (once per id, a new code where one is taken, only
//! while open), withdrawals that erase, the commitment before the close, the draw once,
//! the deletion of the contacts.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use mitreden_model::event::{ContactKind, EventPhase, NewApplication};
use mitreden_model::lottery::Applicant;

use crate::lottery::{
    Applying, Closing, Committing, Draw, DrawRecord, Drawing, Moment, Step, Withdrawing,
};
use crate::Store;

const EVENT: &str = "workshop";

/// Draws everyone, in the order given.
struct Everyone;

impl Draw for Everyone {
    fn draw(&self, seed: &str, applicants: &[Applicant]) -> Result<DrawRecord, String> {
        assert_eq!(seed, "geheim", "the committed seed");
        let codes: Vec<String> = applicants
            .iter()
            .map(|a| format!("\"{}\"", a.code))
            .collect();
        Ok(DrawRecord {
            public_value: "Lottozahlen 1 2 3".into(),
            algorithm: "alle".into(),
            seats: 15,
            quotas: "[]".into(),
            result: format!("[{}]", codes.join(",")),
        })
    }
}

/// An application `n` with an age group.
fn application(n: u32, age: &str) -> NewApplication {
    NewApplication {
        id: format!("{n:08x}-0000-4000-8000-0000000000ee"),
        event_id: EVENT.into(),
        name: format!("Person {n}"),
        contact_kind: ContactKind::Email,
        contact: format!("person{n}@example.org"),
        attributes: BTreeMap::from([("alter".to_owned(), age.to_owned())]),
        consent: true,
        created_at: "2026-12-01T10:00:00Z".into(),
    }
}

fn step(at: &str) -> Step<'_> {
    Step {
        event_id: EVENT,
        by: "amt",
        at,
    }
}

/// The lottery. `store` must be empty.
///
/// # Panics
/// Whenever the store answers other than every store must.
pub async fn lottery(store: Arc<dyn Store>) {
    let store = &*store;
    let open = Moment {
        before_open: false,
        after_close: false,
    };
    let upcoming = Moment {
        before_open: true,
        ..open
    };
    let past = Moment {
        after_close: true,
        ..open
    };
    let empty = store.event_snapshot(EVENT).await.expect("snapshot");
    assert_eq!(empty, Default::default());

    // Codes: the second application is first given the first's code, which is taken.
    let codes = Mutex::new(vec!["C-3", "C-2", "C-1", "C-1"]);
    let code = || {
        codes
            .lock()
            .map_err(|e| e.to_string())?
            .pop()
            .map(str::to_owned)
            .ok_or_else(|| "no more codes".to_owned())
    };
    let at = "2026-12-01T10:00:01.000Z";
    let (first, second, third) = (
        application(1, "18–29"),
        application(2, "30–49"),
        application(3, "18–29"),
    );
    let applied = store.apply(&first, at, open, &code).await.expect("apply");
    assert_eq!(applied, Applying::Stored { code: "C-1".into() });
    let applied = store.apply(&second, at, open, &code).await.expect("apply");
    assert_eq!(applied, Applying::Stored { code: "C-2".into() });
    match store.apply(&first, at, open, &code).await.expect("again") {
        Applying::Existing(found) => {
            assert_eq!(
                (found.code.as_str(), found.name.as_str()),
                ("C-1", "Person 1")
            );
            assert_eq!(found.contact, "person1@example.org");
            assert!(!found.withdrawn);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        store
            .apply(&third, at, upcoming, &code)
            .await
            .expect("early"),
        Applying::NotOpen(EventPhase::Upcoming)
    );
    let applied = store.apply(&third, at, open, &code).await.expect("apply");
    assert_eq!(applied, Applying::Stored { code: "C-3".into() });

    let snapshot = store.event_snapshot(EVENT).await.expect("snapshot");
    assert_eq!(
        (snapshot.counts.received, snapshot.counts.withdrawn),
        (3, 0)
    );
    assert_eq!(
        snapshot.groups[&("alter".to_owned(), "18–29".to_owned())],
        2
    );
    assert_eq!(
        snapshot.groups[&("alter".to_owned(), "30–49".to_owned())],
        1
    );

    // Withdrawing erases name and contact; twice is once; only while open.
    let withdrawn_at = "2026-12-01T11:00:00.000Z";
    let withdraw = |code, moment| store.withdraw_application(EVENT, code, withdrawn_at, moment);
    assert_eq!(
        withdraw("C-2", past).await.expect("late"),
        Withdrawing::NotOpen(EventPhase::Closed)
    );
    assert_eq!(
        withdraw("C-2", open).await.expect("withdraw"),
        Withdrawing::Withdrawn
    );
    assert_eq!(
        withdraw("C-2", open).await.expect("twice"),
        Withdrawing::AlreadyWithdrawn
    );
    assert_eq!(
        withdraw("C-9", open).await.expect("unknown"),
        Withdrawing::NotFound
    );
    let (gone, _) = store
        .application_by_code(EVENT, "C-2")
        .await
        .expect("read")
        .expect("there");
    assert!(gone.withdrawn);
    assert_eq!((gone.name.as_str(), gone.contact.as_str()), ("", ""));
    let snapshot = store.event_snapshot(EVENT).await.expect("snapshot");
    assert_eq!(
        (snapshot.counts.received, snapshot.counts.withdrawn),
        (2, 1)
    );
    assert!(!snapshot
        .groups
        .contains_key(&("alter".to_owned(), "30–49".to_owned())));

    // The commitment before the close; once.
    let at = "2026-12-02T09:00:00.000Z";
    assert_eq!(
        store.close_applications(step(at)).await.expect("close"),
        Closing::NoCommitment
    );
    assert_eq!(
        store
            .commit_seed(step(at), "geheim", "hash", past)
            .await
            .expect("late"),
        Committing::ApplicationsClosed
    );
    assert_eq!(
        store
            .commit_seed(step(at), "geheim", "hash", open)
            .await
            .expect("commit"),
        Committing::Committed
    );
    assert_eq!(
        store
            .commit_seed(step(at), "anders", "anders", open)
            .await
            .expect("again"),
        Committing::AlreadyCommitted
    );
    let state = store.event_snapshot(EVENT).await.expect("snapshot").state;
    assert_eq!(state.commitment.as_deref(), Some("hash"));
    assert_eq!(state.committed_at.as_deref(), Some(at));

    // The draw once the applications are closed, once.
    assert_eq!(
        store
            .draw(step(at), "1 2 3", open, &Everyone)
            .await
            .expect("open"),
        Drawing::NotClosed
    );
    assert_eq!(
        store.close_applications(step(at)).await.expect("close"),
        Closing::Closed
    );
    assert_eq!(
        store.close_applications(step(at)).await.expect("again"),
        Closing::AlreadyClosed
    );
    let late = application(4, "18–29");
    assert_eq!(
        store.apply(&late, at, open, &code).await.expect("closed"),
        Applying::NotOpen(EventPhase::Closed)
    );
    match store
        .draw(step(at), "1 2 3", open, &Everyone)
        .await
        .expect("draw")
    {
        Drawing::Drawn {
            record,
            applicants,
            commitment,
        } => {
            assert_eq!((applicants, commitment.as_str()), (2, "hash"));
            assert_eq!(record.result, "[\"C-1\",\"C-3\"]");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        store
            .draw(step(at), "4 5 6", open, &Everyone)
            .await
            .expect("again"),
        Drawing::AlreadyDrawn
    );
    assert_eq!(
        store.close_applications(step(at)).await.expect("drawn"),
        Closing::AlreadyDrawn
    );
    let (state, applicants) = store.draw_inputs(EVENT).await.expect("inputs");
    assert_eq!(state.result.as_deref(), Some("[\"C-1\",\"C-3\"]"));
    assert_eq!(
        (state.seats, state.algorithm.as_deref()),
        (Some(15), Some("alle"))
    );
    assert_eq!(state.drawn_at.as_deref(), Some(at));
    let codes: Vec<&str> = applicants.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, ["C-1", "C-3"]);
    assert_eq!(applicants[0].attributes["alter"], "18–29");

    // The invitees, then the contacts deleted: once, and the names gone.
    let (_, drawn) = store.drawn_applications(EVENT).await.expect("drawn");
    let mut names: Vec<&str> = drawn.iter().map(|a| a.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Person 1", "Person 3"]);
    assert!(store.has_contacts(EVENT).await.expect("contacts"));
    let at = "2027-01-31T00:00:00.000Z";
    assert_eq!(
        store.delete_contacts(step(at)).await.expect("delete"),
        Some(2)
    );
    assert_eq!(store.delete_contacts(step(at)).await.expect("again"), None);
    assert!(!store.has_contacts(EVENT).await.expect("contacts"));
    let (_, drawn) = store.drawn_applications(EVENT).await.expect("drawn");
    assert!(drawn
        .iter()
        .all(|a| a.name.is_empty() && a.contact.is_empty()));
    let state = store.event_snapshot(EVENT).await.expect("snapshot").state;
    assert_eq!(state.contacts_deleted_at.as_deref(), Some(at));
}
