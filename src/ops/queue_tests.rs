use super::*;
use crate::ops::contacts::{self, ContactChanges};
use crate::ops::testing::now;
use crate::store::InteractionFilter;

fn ada(s: &Store) -> ContactId {
    contacts::add(
        s,
        &now(),
        ContactChanges {
            name: Some("Ada Lovelace".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

fn call(contact: ContactId, summary: &str) -> LogInput {
    LogInput {
        kind: InteractionKind::Call,
        contact,
        summary: summary.into(),
        at: None,
        duration_min: None,
        deal: None,
        direction: None,
        score: None,
        body: None,
        case: None,
    }
}

fn calls(s: &Store) -> Vec<Interaction> {
    s.read()
        .interactions(&InteractionFilter::default())
        .unwrap()
}

/// Two connections to one file: `other` holds the write lock while `hold` runs.
fn two(dir: &tempfile::TempDir) -> (Store, Store) {
    let path = dir.path().join("crm.db");
    (Store::open(&path).unwrap(), Store::open(&path).unwrap())
}

fn while_locked<T>(other: &Store, hold: impl FnOnce() -> T) -> T {
    let mut hold = Some(hold);
    let mut out = None;
    other
        .write(|_| {
            out = hold.take().map(|h| h());
            Ok(())
        })
        .unwrap();
    out.unwrap()
}

fn queue_one(s: &Store, other: &Store, id: ContactId, summary: &str) -> QueuedCall {
    while_locked(other, || {
        match log_or_queue(s, &now(), call(id, summary)).unwrap() {
            Logged::Queued(q) => q,
            Logged::Written(_) => panic!("written while another connection held the lock"),
        }
    })
}

#[test]
fn a_log_waits_in_the_queue_while_another_writes_then_is_written_once() {
    let dir = tempfile::tempdir().unwrap();
    let (s, other) = two(&dir);
    let id = ada(&s);
    let started = std::time::Instant::now();
    let q = queue_one(&s, &other, id, "pricing");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!((q.contact.as_str(), q.contact_id), ("Ada Lovelace", id));
    // Still locked: draining gives up at once and keeps it.
    let d = while_locked(&other, || drain(&s, &now(), DRAIN_WAIT).unwrap());
    assert!(d.busy && d.applied == 0, "{d:?}");
    assert!(calls(&s).is_empty());
    assert_eq!(s.queued().unwrap().len(), 1);
    let d = drain(&s, &now(), DRAIN_WAIT).unwrap();
    assert_eq!((d.applied, d.busy), (1, false));
    let written = calls(&s);
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].summary, "pricing");
    assert_eq!(written[0].occurred_at, now().utc);
    assert!(s.queued().unwrap().is_empty());
    assert_eq!(drain(&s, &now(), DRAIN_WAIT).unwrap().applied, 0);
    assert_eq!(calls(&s).len(), 1);
}

#[test]
fn without_another_writer_a_log_is_written_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _other) = two(&dir);
    let id = ada(&s);
    assert!(matches!(
        log_or_queue(&s, &now(), call(id, "hi")).unwrap(),
        Logged::Written(_)
    ));
    assert!(!s.queue_path().unwrap().exists(), "no queue file made");
}

#[test]
fn a_crash_between_the_write_and_the_dequeue_writes_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let (s, other) = two(&dir);
    let id = ada(&s);
    queue_one(&s, &other, id, "first");
    queue_one(&s, &other, id, "second");
    let first = s.queued().unwrap().remove(0);
    // Written and committed, then "crashed" before taking it off the queue.
    assert!(matches!(
        write_one(&s, &now(), &first, DRAIN_WAIT).unwrap(),
        Step::Written
    ));
    assert_eq!(s.queued().unwrap().len(), 2);
    assert_eq!(calls(&s).len(), 1);
    // A crash inside the transaction (the key noted, then a failure) writes nothing.
    let second = s.queued().unwrap().remove(1);
    let err = s.write(|tx| {
        assert!(tx.mark_queue_applied(&second.key, now().utc)?);
        Err::<(), _>(Error::storage("injected failure"))
    });
    assert!(err.is_err());
    assert!(!s.read().queue_applied(&second.key).unwrap());
    let d = drain(&s, &now(), DRAIN_WAIT).unwrap();
    assert_eq!(d.applied, 2);
    let mut summaries: Vec<_> = calls(&s).into_iter().map(|i| i.summary).collect();
    summaries.sort();
    assert_eq!(summaries, ["first", "second"]);
    assert!(s.queued().unwrap().is_empty());
    // The same key applied twice in one transaction writes once.
    s.write(|tx| {
        assert!(!tx.mark_queue_applied(&first.key, now().utc)?);
        Ok(())
    })
    .unwrap();
}

#[test]
fn a_change_that_fails_is_kept_with_its_error_then_retried_or_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let (s, other) = two(&dir);
    let id = ada(&s);
    queue_one(&s, &other, id, "about the contract");
    contacts::remove(&s, &now(), id).unwrap();
    let d = drain(&s, &now(), DRAIN_WAIT).unwrap();
    assert_eq!((d.applied, d.failed.len()), (0, 1), "{d:?}");
    assert_eq!(d.failed[0].0, "call with Ada Lovelace (#1)");
    let kept = s.queued().unwrap();
    assert_eq!(kept.len(), 1);
    assert!(
        kept[0].error.as_deref().unwrap().contains("contact"),
        "{kept:?}"
    );
    // A failed change is not tried on every drain.
    assert_eq!(drain(&s, &now(), DRAIN_WAIT).unwrap(), Drained::default());
    assert_eq!(retry(&s).unwrap(), 1);
    assert!(s.queued().unwrap()[0].error.is_none());
    assert!(drop(&s, "").is_err());
    assert_eq!(
        drop(&s, &kept[0].key[..6]).unwrap(),
        "call with Ada Lovelace (#1)"
    );
    assert!(s.queued().unwrap().is_empty());
}

#[test]
fn the_queue_file_is_private_and_a_bad_contact_is_refused_before_queueing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (s, other) = two(&dir);
    let id = ada(&s);
    let refused = while_locked(&other, || {
        log_or_queue(&s, &now(), call(ContactId(99), "x")).err()
    });
    assert!(refused.is_some());
    queue_one(&s, &other, id, "x");
    let mode = std::fs::metadata(s.queue_path().unwrap())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn one_failing_change_in_a_batch_leaves_the_others_written() {
    let dir = tempfile::tempdir().unwrap();
    let (s, other) = two(&dir);
    let id = ada(&s);
    let bob = contacts::add(
        &s,
        &now(),
        ContactChanges {
            name: Some("Bob Babbage".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    queue_one(&s, &other, id, "one");
    queue_one(&s, &other, bob, "to bob");
    queue_one(&s, &other, id, "two");
    contacts::remove(&s, &now(), bob).unwrap();
    let d = drain(&s, &now(), DRAIN_WAIT).unwrap();
    assert_eq!((d.applied, d.failed.len()), (2, 1), "{d:?}");
    let mut summaries: Vec<_> = calls(&s).into_iter().map(|i| i.summary).collect();
    summaries.sort();
    assert_eq!(summaries, ["one", "two"]);
    assert_eq!(s.queued().unwrap().len(), 1);
}
