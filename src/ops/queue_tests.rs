use super::*;
use crate::ops::contacts::{self, ContactChanges};
use crate::ops::email::EmailToLog;
use crate::ops::tasks::{self, TaskInput};
use crate::ops::testing::{now, person};
use crate::store::InteractionFilter;
use crate::store::Queued;

fn ada(s: &Store) -> ContactId {
    person(s, "Ada Lovelace")
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

/// Everything queued (tests queue a few).
fn all(s: &Store) -> Vec<Queued> {
    s.queued_first(10_000).unwrap()
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

/// `other` runs a long write (an import: marked as one) while `hold` runs.
fn while_locked<T>(other: &Store, hold: impl FnOnce() -> T) -> T {
    let _long = other.mark_long_write();
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
    assert_eq!(all(&s).len(), 1);
    let d = drain(&s, &now(), DRAIN_WAIT).unwrap();
    assert_eq!((d.applied, d.busy), (1, false));
    let written = calls(&s);
    assert_eq!(written.len(), 1);
    assert_eq!(written[0].summary, "pricing");
    assert_eq!(written[0].occurred_at, now().utc);
    assert!(all(&s).is_empty());
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
    let first = all(&s).remove(0);
    // Written and committed, then "crashed" before taking it off the queue.
    assert!(matches!(
        write_one(&s, &now(), &first, DRAIN_WAIT).unwrap(),
        Step::Written
    ));
    assert_eq!(all(&s).len(), 2);
    assert_eq!(calls(&s).len(), 1);
    // A crash inside the transaction (the key noted, then a failure) writes nothing.
    let second = all(&s).remove(1);
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
    assert!(all(&s).is_empty());
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
    let kept = all(&s);
    assert_eq!(kept.len(), 1);
    assert!(
        kept[0].error.as_deref().unwrap().contains("contact"),
        "{kept:?}"
    );
    // A failed change is not tried on every drain.
    assert_eq!(drain(&s, &now(), DRAIN_WAIT).unwrap(), Drained::default());
    assert_eq!(retry(&s).unwrap(), 1);
    assert!(all(&s)[0].error.is_none());
    assert!(drop(&s, "").is_err());
    assert_eq!(
        drop(&s, &kept[0].key[..6]).unwrap(),
        "call with Ada Lovelace (#1)"
    );
    assert!(all(&s).is_empty());
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
    let bob = person(&s, "Bob Babbage");
    queue_one(&s, &other, id, "one");
    queue_one(&s, &other, bob, "to bob");
    queue_one(&s, &other, id, "two");
    contacts::remove(&s, &now(), bob).unwrap();
    let d = drain(&s, &now(), DRAIN_WAIT).unwrap();
    assert_eq!((d.applied, d.failed.len()), (2, 1), "{d:?}");
    let mut summaries: Vec<_> = calls(&s).into_iter().map(|i| i.summary).collect();
    summaries.sort();
    assert_eq!(summaries, ["one", "two"]);
    assert_eq!(all(&s).len(), 1);
}

#[test]
fn a_queued_change_is_written_as_made_by_its_person_at_its_time() {
    let dir = tempfile::tempdir().unwrap();
    let (s, other) = two(&dir);
    let id = ada(&s);
    let robin = now().acting_as("robin");
    let later = now().as_of(now().utc + chrono::Duration::hours(2), Some("sam"));
    let task = tasks::add(
        &s,
        &now(),
        TaskInput {
            title: "Send the offer".into(),
            contact: Some(id),
            ..Default::default()
        },
    )
    .unwrap();
    while_locked(&other, || {
        let added = task_add_or_queue(
            &s,
            &robin,
            TaskInput {
                title: "Call back".into(),
                contact: Some(id),
                ..Default::default()
            },
        )
        .unwrap();
        let Done::Queued(q) = added else {
            panic!("written while locked")
        };
        assert_eq!(q.what, "task \"Call back\" for Ada Lovelace");
        assert!(matches!(
            task_done_or_queue(&s, &robin, task.id, true).unwrap(),
            Done::Queued(_)
        ));
        // A task that is already as asked says so at once.
        let Done::Written(t) = task_done_or_queue(&s, &robin, task.id, false).unwrap() else {
            panic!("an open task reopened was queued")
        };
        assert!(!t.changed);
        // Mistakes are refused now, not when written.
        assert!(task_done_or_queue(&s, &robin, TaskId(99), true).is_err());
        assert!(task_add_or_queue(&s, &robin, TaskInput::default()).is_err());
    });
    assert_eq!(all(&s).len(), 2);
    let d = drain(&s, &later, DRAIN_WAIT).unwrap();
    assert_eq!((d.applied, d.failed.len()), (2, 0), "{d:?}");
    let done = tasks::load(s.read(), task.id).unwrap();
    assert_eq!(
        done.done_at,
        Some(now().utc),
        "done when ticked, not when written"
    );
    let r = s.read();
    let history = r.history(None, 10).unwrap();
    let added = history
        .iter()
        .find(|h| h.action == "create" && h.entity == "task" && h.entity_id != task.id.0)
        .unwrap();
    assert_eq!((added.by.as_deref(), added.at), (Some("robin"), now().utc));
    let ticked = history.iter().find(|h| h.action == "done").unwrap();
    assert_eq!(ticked.by.as_deref(), Some("robin"));
}

#[test]
fn a_queued_message_is_logged_once_and_a_known_one_is_not_queued() {
    let dir = tempfile::tempdir().unwrap();
    let (s, other) = two(&dir);
    let id = ada(&s);
    contacts::edit(
        &s,
        &now(),
        id,
        ContactChanges {
            emails: Some(vec!["ada@example.com".into()]),
            ..Default::default()
        },
    )
    .unwrap();
    let raw = b"From: Ada <ada@example.com>\r\nTo: me@example.com\r\nSubject: The offer\r\nMessage-ID: <m1@example.com>\r\nDate: Sat, 21 Nov 2026 09:00:00 +0000\r\n\r\nYes please.\r\n";
    let mail = || EmailToLog {
        email: crate::import::eml::parse(raw).unwrap(),
        me: vec!["me@example.com".into()],
        add: false,
        contact: None,
        case: None,
        deal: None,
    };
    let from_stranger = b"From: Eve <eve@example.net>\r\nTo: me@example.com\r\nSubject: Hi\r\nDate: Sat, 21 Nov 2026 09:00:00 +0000\r\n\r\nHello.\r\n";
    let stranger = EmailToLog {
        email: crate::import::eml::parse(from_stranger).unwrap(),
        ..mail()
    };
    while_locked(&other, || {
        assert!(matches!(
            email_or_queue(&s, &now(), mail()).unwrap(),
            Done::Queued(_)
        ));
        // Nobody has the sender's address and --add is not given: refused now.
        assert!(email_or_queue(&s, &now(), stranger).is_err());
    });
    assert_eq!(drain(&s, &now(), DRAIN_WAIT).unwrap().applied, 1);
    let written = calls(&s);
    assert_eq!(written.len(), 1);
    assert_eq!(
        (written[0].summary.as_str(), written[0].contact_id),
        ("The offer", id)
    );
    while_locked(&other, || {
        let Done::Written(crate::ops::email::Logged::Already(i)) =
            email_or_queue(&s, &now(), mail()).unwrap()
        else {
            panic!("a message logged before was queued again")
        };
        assert_eq!(i, written[0].id);
    });
    assert!(all(&s).is_empty());
}

#[test]
fn a_change_queued_by_the_previous_version_is_still_written() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _other) = two(&dir);
    let id = ada(&s);
    let op = format!(
        r#"{{"op":"log","kind":"call","contact":{id},"summary":"old","occurred_at":"2026-11-21T08:00:00Z","duration_min":null,"deal":null,"direction":null,"score":null,"body":null,"case":null}}"#
    );
    s.enqueue(now().utc, "call with Ada Lovelace (#1)", &op)
        .unwrap();
    assert_eq!(drain(&s, &now(), DRAIN_WAIT).unwrap().applied, 1);
    let written = calls(&s);
    assert_eq!(written[0].summary, "old");
    assert_eq!(
        written[0].occurred_at.to_rfc3339(),
        "2026-11-21T08:00:00+00:00"
    );
}

#[test]
fn a_long_queue_is_written_a_batch_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _other) = two(&dir);
    let id = ada(&s);
    let n = BATCH * 2 + 7;
    // The first of the first batch fails: the rest of that batch is still written, one
    // by one, and the next batches after it.
    let bad = Op::Log(QueuedLog {
        occurred_at: now().utc,
        input: call(ContactId(99), "to nobody"),
    });
    enqueue(&s, &now(), "call to nobody", bad).unwrap();
    for k in 0..n {
        let op = Op::Log(QueuedLog {
            occurred_at: now().utc,
            input: call(id, &format!("call {k}")),
        });
        enqueue(&s, &now(), "call", op).unwrap();
    }
    let d = drain(&s, &now(), DRAIN_WAIT).unwrap();
    assert_eq!(
        (d.applied, d.failed.len(), d.busy),
        (n, 1, false),
        "{:?}",
        d.failed
    );
    assert_eq!(calls(&s).len(), n);
    assert_eq!(s.queued_count().unwrap(), (0, 1));
}

#[test]
fn forgetting_a_person_drops_what_waits_about_them_and_leaves_no_trace() {
    let dir = tempfile::tempdir().unwrap();
    let (s, other) = two(&dir);
    let id = ada(&s);
    let bob = person(&s, "Bob Babbage");
    let kept = queue_one(&s, &other, id, "the secret plan");
    queue_one(&s, &other, bob, "to bob");
    // One failed earlier, so it waits for the user rather than being written.
    s.queue_failed(&kept.key, "kept for the test").unwrap();
    let f = crate::ops::privacy::forget(&s, &now(), id, false).unwrap();
    assert_eq!(f.queued_dropped, 1);
    // What could be written was, first: Bob's call stays, Ada's nothing.
    let summaries: Vec<_> = calls(&s).into_iter().map(|i| i.summary).collect();
    assert_eq!(summaries, ["to bob"]);
    assert!(all(&s).is_empty());
    let queue = s.queue_path().unwrap();
    for path in [queue.clone(), queue.with_extension("db-queue-wal")] {
        if let Ok(bytes) = std::fs::read(&path) {
            let found = bytes.windows(10).any(|w| w == b"secret pla");
            assert!(!found, "{} still holds the call", path.display());
        }
    }
}
