//! The queue's store API on both backends: a file's side file, and with `CRM_TEST_PG` set
//! the server's table (each test runs on whichever the environment gives, then the same
//! assertions on a file, so the SQLite run covers the file and the PostgreSQL run both).

use std::time::{Duration, Instant};

use super::*;
use crate::ops::testing::now;

/// Two sessions on one new database: on the test server when `CRM_TEST_PG` is set, else
/// two connections to a new file in `dir`.
fn two(dir: &tempfile::TempDir) -> (Store, Store) {
    match std::env::var("CRM_TEST_PG")
        .ok()
        .filter(|u| !u.trim().is_empty())
    {
        Some(url) => crate::store::postgres::testing::fresh_pair(&url).unwrap(),
        None => two_files(dir),
    }
}

fn two_files(dir: &tempfile::TempDir) -> (Store, Store) {
    let path = dir.path().join("crm.db");
    (Store::open(&path).unwrap(), Store::open(&path).unwrap())
}

/// Runs `t` on the environment's backend, and on a file too when that was a server.
fn on_both(t: impl Fn(&Store, &Store)) {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two(&dir);
    t(&a, &b);
    if a.is_server() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = two_files(&dir);
        t(&a, &b);
    }
}

/// Adds a contact inside an open change.
fn named(tx: &Tx<'_>, name: &str) -> Result<crate::domain::ContactId> {
    let ch = crate::ops::contacts::ContactChanges {
        name: Some(name.into()),
        ..Default::default()
    };
    crate::ops::contacts::add_in(tx, &now(), &ch).map(|c| c.id)
}

fn keys(q: &[Queued]) -> Vec<&str> {
    q.iter().map(|q| q.key.as_str()).collect()
}

#[test]
fn queued_changes_come_back_in_order_a_page_at_a_time() {
    on_both(|s, other| {
        assert!(s.can_queue());
        assert_eq!(s.queued_count().unwrap(), (0, 0));
        assert!(s.queued_first(10).unwrap().is_empty());
        let made: Vec<String> = (0..5)
            .map(|i| {
                let op = format!("{{\"n\":{i}}}");
                s.enqueue(now().utc, &format!("call {i}"), &op).unwrap()
            })
            .collect();
        assert!(made.iter().all(|k| k.len() == 32), "{made:?}");
        // The other session sees them all, oldest first, with what was stored.
        let all = other.queued_first(10).unwrap();
        assert_eq!(
            keys(&all),
            made.iter().map(String::as_str).collect::<Vec<_>>()
        );
        assert!(all.windows(2).all(|w| w[0].seq < w[1].seq));
        assert_eq!(all[2].what, "call 2");
        assert_eq!(all[2].op, "{\"n\":2}");
        assert_eq!(all[2].queued_at, now().utc);
        assert_eq!(all[2].error, None);
        assert_eq!(keys(&other.queued_first(2).unwrap()), keys(&all[..2]));
        // Pages of the waiting ones, after a given one.
        let page = other.queued_waiting(all[1].seq, 2).unwrap();
        assert_eq!(keys(&page), keys(&all[2..4]));
        let rest = other.queued_waiting(page[1].seq, 2).unwrap();
        assert_eq!(keys(&rest), keys(&all[4..]));
        assert!(other.queued_waiting(all[4].seq, 2).unwrap().is_empty());
        // A failed one is kept aside with its error until retried.
        assert!(other.queue_failed(&made[2], "contact #9 is gone").unwrap());
        assert!(!other.queue_failed("no-such-key", "x").unwrap());
        assert_eq!(s.queued_count().unwrap(), (4, 1));
        let waiting = s.queued_waiting(0, 10).unwrap();
        assert!(!keys(&waiting).contains(&made[2].as_str()));
        let failed = s.queued_failed(10).unwrap();
        assert_eq!(keys(&failed), vec![made[2].as_str()]);
        assert_eq!(failed[0].error.as_deref(), Some("contact #9 is gone"));
        assert_eq!(
            s.queued_first(10).unwrap().len(),
            5,
            "the failed one included"
        );
        assert_eq!(s.queue_retry_all().unwrap(), 1);
        assert_eq!(s.queue_retry_all().unwrap(), 0);
        assert_eq!(s.queued_count().unwrap(), (5, 0));
        // By the start of the key, in either case; anything but hex finds nothing.
        let start = &made[3][..7];
        assert_eq!(
            keys(&s.queued_with_prefix(start, 10).unwrap()),
            vec![made[3].as_str()]
        );
        let upper = start.to_ascii_uppercase();
        assert_eq!(s.queued_with_prefix(&upper, 10).unwrap().len(), 1);
        assert_eq!(s.queued_with_prefix("", 10).unwrap().len(), 0);
        assert_eq!(s.queued_with_prefix("%", 10).unwrap().len(), 0);
        assert_eq!(s.queued_with_prefix("_", 10).unwrap().len(), 0);
        // Taken off one by one, or several at once.
        assert!(s.dequeue(&made[0]).unwrap());
        assert!(!other.dequeue(&made[0]).unwrap());
        s.dequeue_all(&[&made[1], &made[3], "not-a-key"]).unwrap();
        s.dequeue_all(&[]).unwrap();
        assert_eq!(
            keys(&other.queued_first(10).unwrap()),
            vec![made[2].as_str(), made[4].as_str()]
        );
        assert_eq!(other.queued_count().unwrap(), (2, 0));
    });
}

#[test]
fn a_key_is_marked_applied_once_in_the_change_that_applies_it() {
    on_both(|s, other| {
        let key = s.enqueue(now().utc, "call", "{}").unwrap();
        assert!(!other.read().queue_applied(&key).unwrap());
        let first = s
            .write(|tx| tx.mark_queue_applied(&key, now().utc))
            .unwrap();
        assert!(first);
        assert!(other.read().queue_applied(&key).unwrap());
        let again = other
            .write(|tx| tx.mark_queue_applied(&key, now().utc))
            .unwrap();
        assert!(!again, "the other session sees it applied");
        // Rolled back with its change: not applied.
        let other_key = s.enqueue(now().utc, "call", "{}").unwrap();
        let failed: Result<()> = s.write(|tx| {
            assert!(tx.mark_queue_applied(&other_key, now().utc)?);
            Err(Error::invalid("the change failed"))
        });
        assert!(failed.is_err());
        assert!(!other.read().queue_applied(&other_key).unwrap());
    });
}

/// While another session holds the write lock (SQLite's) or the team's write turn
/// (PostgreSQL's advisory lock) in the middle of a write, a short write gives up after
/// its wait, and appending to the queue and reading it never wait at all.
#[test]
fn the_queue_never_waits_for_a_writer() {
    on_both(|s, other| {
        let id = other.write(|tx| named(tx, "Ada Lovelace")).unwrap();
        other
            .write(|tx| {
                // The long write has written, and holds its locks until it commits.
                named(tx, "Grace Hopper")?;
                let t = Instant::now();
                let short = s.write_within(Duration::from_millis(200), || {
                    s.write(|tx| named(tx, "Edsger Dijkstra"))
                });
                assert!(matches!(short, Ok(None)), "{short:?}");
                assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
                let t = Instant::now();
                let key = s.enqueue(now().utc, &format!("call with #{id}"), "{}")?;
                assert_eq!(s.queued_waiting(0, 10)?.len(), 1);
                assert_eq!(
                    keys(&s.queued_with_prefix(&key[..4], 10)?),
                    vec![key.as_str()]
                );
                assert!(s.queue_failed(&key, "try")?);
                assert_eq!(s.queue_retry_all()?, 1);
                assert!(!s.read().queue_applied(&key)?);
                assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
                Ok(())
            })
            .unwrap();
        // The turn is free again: the short write goes through now.
        let written = s.write_within(Duration::from_millis(200), || {
            s.write(|tx| named(tx, "Edsger Dijkstra"))
        });
        assert!(matches!(written, Ok(Some(_))), "{written:?}");
    });
}

#[test]
fn in_memory_nothing_is_queued() {
    let s = Store::open_in_memory().unwrap();
    assert!(!s.can_queue());
    assert_eq!(s.queue_path(), None);
    assert!(s.enqueue(now().utc, "call", "{}").is_err());
    assert_eq!(s.queued_count().unwrap(), (0, 0));
    assert!(s.queued_waiting(0, 10).unwrap().is_empty());
}

#[test]
fn reading_an_empty_queue_makes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = two_files(&dir);
    let path = s.queue_path().unwrap();
    assert!(path.ends_with("crm.db-queue"));
    assert!(s.queued_waiting(0, 10).unwrap().is_empty());
    assert_eq!(s.queued_count().unwrap(), (0, 0));
    assert!(!s.dequeue("abc").unwrap());
    s.dequeue_all(&["abc"]).unwrap();
    assert!(!path.exists());
    s.enqueue(now().utc, "call", "{}").unwrap();
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

/// A copy would leave queued changes behind (the queue is not records): refused until
/// they are written or dropped; an empty queue copies as before, without its table.
#[test]
fn a_database_whose_queue_holds_changes_is_not_copied() {
    on_both(|s, _| {
        let key = s
            .enqueue(now().utc, "call with Ada Lovelace (#1)", "{}")
            .unwrap();
        let dest = Store::open_in_memory().unwrap();
        let err = s.copy_into(&dest, |_, _| {}).unwrap_err().to_string();
        assert!(err.contains("1 queued change of "), "{err}");
        assert!(!dest.holds_records().unwrap());
        assert!(s.dequeue(&key).unwrap());
        let copied = s.copy_into(&dest, |_, _| {}).unwrap();
        assert!(copied.iter().all(|(t, _)| t != "queued"), "{copied:?}");
    });
}

#[test]
fn large_changes_come_back_fewer_at_a_time_but_never_none() {
    on_both(|s, _| {
        // Three changes of 9 MiB: a page of ten stops at the one that starts past 16 MiB
        // (so it holds two), and a single one larger than that still comes back.
        let big = format!("\"{}\"", "x".repeat(9 * 1024 * 1024));
        for i in 0..3 {
            s.enqueue(now().utc, &format!("big {i}"), &big).unwrap();
        }
        let page = s.queued_waiting(0, 10).unwrap();
        assert_eq!(
            page.len(),
            3 - 1,
            "{:?}",
            page.iter().map(|q| &q.what).collect::<Vec<_>>()
        );
        let rest = s.queued_waiting(page[1].seq, 10).unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].what, "big 2");
        let huge = format!("\"{}\"", "y".repeat(17 * 1024 * 1024));
        s.enqueue(now().utc, "huge", &huge).unwrap();
        let last = s.queued_waiting(rest[0].seq, 10).unwrap();
        assert_eq!(last.len(), 1);
        assert_eq!(last[0].op.len(), huge.len());
    });
}
