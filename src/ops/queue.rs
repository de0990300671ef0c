//! Short changes that never wait for a long one: when another crm holds the write lock (an
//! import of a million rows holds it for most of a minute), a call, e-mail, meeting or note
//! is checked with reads (which never wait), queued durably beside the database, and
//! written by whoever gets the lock next: the importer right after its commit, the next
//! crm command, or the app on its next tick. The store's queue makes applying exactly-once
//! (see `store::sqlite::queue`); this module says what a queued change is and applies it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::dates::When;
use crate::domain::*;
use crate::store::{Queued, Store, Tx};

use super::email::EmailToLog;
use super::interactions::{self, LogInput};
use super::tasks::TaskInput;
use super::Now;

pub use super::queue_calls::*;

/// How long a short change waits for the write lock before it is queued instead.
pub const SHORT_WAIT: Duration = Duration::from_millis(300);

/// How long draining waits for the lock: a command that only reads must not be held up.
pub const DRAIN_WAIT: Duration = Duration::from_millis(50);

/// A queued change, fully typed: everything it needs was resolved when it was queued
/// (the contact's id, the instant it happened), so it means the same whenever it is written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    Log(QueuedLog),
    /// `crm task add`.
    TaskAdd(TaskInput),
    /// `crm task done` (or reopen).
    TaskDone {
        task: TaskId,
        done: bool,
    },
    /// `crm log-email --eml`.
    Email(Box<EmailToLog>),
}

/// A logged interaction: its input with the date made an instant.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QueuedLog {
    pub occurred_at: DateTime<Utc>,
    #[serde(flatten)]
    pub input: LogInput,
}

/// What the queue keeps: the change, and when and by whom it was made, so that whoever
/// writes it later writes it as theirs, at that time.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    by: Option<String>,
    #[serde(flatten)]
    op: Op,
}

/// Queues `op`, made at `now` by `now.by`, described as `what`; its key.
pub(super) fn enqueue(store: &Store, now: &Now, what: &str, op: Op) -> Result<String> {
    let entry = Entry {
        at: Some(now.utc),
        by: now.by.map(String::from),
        op,
    };
    store.enqueue(now.utc, what, &serde_json::to_string(&entry)?)
}

/// Reads a queued change and the clock it was made with.
fn entry(q: &Queued, now: &Now) -> std::result::Result<(Now, Op), String> {
    let e: Entry =
        serde_json::from_str(&q.op).map_err(|e| format!("cannot read the queued change: {e}"))?;
    let by = match (e.by, now.by) {
        (Some(b), Some(mine)) if b == mine => Some(mine),
        (Some(b), _) => Some(person(b)),
        (None, _) => None,
    };
    Ok((now.as_of(e.at.unwrap_or(q.queued_at), by), e.op))
}

/// A person's name kept for the rest of the process (history's `by` is `&'static`): each
/// distinct name is kept once.
fn person(name: String) -> &'static str {
    use std::collections::HashSet;
    use std::sync::Mutex;
    static KNOWN: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut known = KNOWN.lock().unwrap_or_else(|e| e.into_inner());
    let set = known.get_or_insert_with(HashSet::new);
    if let Some(k) = set.get(name.as_str()) {
        return k;
    }
    let k: &'static str = Box::leak(name.into_boxed_str());
    set.insert(k);
    k
}

/// What a drain did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Drained {
    /// Queued changes written now.
    pub applied: usize,
    /// Those that failed now (their contact was removed meanwhile, …): kept with the
    /// error, for `crm doctor --queue`. Each is (what, error).
    pub failed: Vec<(String, String)>,
    /// Another crm still held the write lock: the rest wait for the next drain.
    pub busy: bool,
}

/// Writes what the queue holds, oldest first, a batch at a time (never more in memory),
/// each batch waiting at most `wait` for the lock. Costs one `stat` when nothing was ever
/// queued. Changes that failed before wait for the user (`retry`).
pub fn drain(store: &Store, now: &Now, wait: Duration) -> Result<Drained> {
    let mut out = Drained::default();
    let mut after = 0;
    loop {
        let batch = store.queued_waiting(after, BATCH)?;
        let Some(last) = batch.last() else {
            return Ok(out);
        };
        after = last.seq;
        // Most often the whole batch in one short transaction (one sync to disk, not one
        // each); if one fails, one by one, so the others are still written.
        match write_batch(store, now, &batch, wait)? {
            Step::Written => {
                let keys: Vec<&str> = batch.iter().map(|q| q.key.as_str()).collect();
                store.dequeue_all(&keys)?;
                out.applied += batch.len();
            }
            Step::Busy => {
                out.busy = true;
                return Ok(out);
            }
            Step::Failed(_) => {
                if one_by_one(store, now, &batch, wait, &mut out)? {
                    return Ok(out);
                }
            }
        }
    }
}

/// Queued changes written in one transaction, at most.
const BATCH: usize = 500;

/// Writes `batch` one change per transaction; `true` when another crm took the lock.
fn one_by_one(
    store: &Store,
    now: &Now,
    batch: &[Queued],
    wait: Duration,
    out: &mut Drained,
) -> Result<bool> {
    for q in batch {
        match write_one(store, now, q, wait)? {
            Step::Written => {
                store.dequeue(&q.key)?;
                out.applied += 1;
            }
            Step::Failed(e) => {
                store.queue_failed(&q.key, &e)?;
                out.failed.push((q.what.clone(), e));
            }
            Step::Busy => {
                out.busy = true;
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// Writes `batch` in one transaction: each change with its key, a key already written
/// skipped. Any failure writes none of them.
fn write_batch(store: &Store, now: &Now, batch: &[Queued], wait: Duration) -> Result<Step> {
    let mut ops = Vec::with_capacity(batch.len());
    for q in batch {
        match entry(q, now) {
            Ok((then, op)) => ops.push((q.key.as_str(), then, op)),
            Err(e) => return Ok(Step::Failed(e)),
        }
    }
    let written = store.write_within(wait, || {
        super::automation::write(store, now, |tx| {
            for (key, then, op) in &ops {
                if tx.mark_queue_applied(key, now.utc)? {
                    apply(tx, then, op)?;
                }
            }
            Ok(())
        })
    });
    Ok(match written {
        Ok(Some(())) => Step::Written,
        Ok(None) => Step::Busy,
        Err(e) => Step::Failed(e.to_string()),
    })
}

/// [`drain`] after a long write (an import) committed: writes what was queued meanwhile
/// (waiting a little for the lock, which a queued call's own crm may hold), never fails
/// the write that already happened.
pub fn drain_after(store: &Store, now: &Now) {
    let _ = drain(store, now, SHORT_WAIT);
}

/// The keys of queued changes about contact `id` (with these `emails`), for
/// `crm contact forget`: what can be written is written first (and so is erased with the
/// person); what is left about them (it failed, or another crm holds the lock) is found
/// here, a page at a time, to be dropped once they are forgotten.
pub fn about(store: &Store, now: &Now, id: ContactId, emails: &[String]) -> Result<Vec<String>> {
    drain(store, now, SHORT_WAIT)?;
    let r = store.read();
    let mut keys = Vec::new();
    let mut after = 0;
    loop {
        let page = store.queued_after(after, BATCH)?;
        let Some(last) = page.last() else {
            return Ok(keys);
        };
        after = last.seq;
        for q in page {
            let Ok((_, op)) = entry(&q, now) else {
                continue;
            };
            let theirs = match &op {
                Op::Log(l) => l.input.contact == id,
                Op::TaskAdd(t) => t.contact == Some(id),
                Op::TaskDone { task, .. } => {
                    r.task(*task)?.is_some_and(|t| t.contact_id == Some(id))
                }
                Op::Email(e) => {
                    e.contact == Some(id)
                        || e.email
                            .from_all
                            .iter()
                            .chain(&e.email.to)
                            .chain(&e.email.cc)
                            .chain(&e.email.bcc)
                            .any(|m| emails.iter().any(|a| a.eq_ignore_ascii_case(&m.address)))
                }
            };
            if theirs {
                keys.push(q.key);
            }
        }
    }
}

/// Makes failed queued changes wait to be applied again (`crm doctor --queue --retry`);
/// how many.
pub fn retry(store: &Store) -> Result<usize> {
    store.queue_retry_all()
}

/// Drops one queued change, by its key or the key's start; what it was.
pub fn drop(store: &Store, key: &str) -> Result<String> {
    let key = key.trim();
    let found = store.queued_with_prefix(key, 2)?;
    match found.as_slice() {
        [q] => {
            store.dequeue(&q.key)?;
            Ok(q.what.clone())
        }
        [] => Err(Error::not_found(format!(
            "no queued change has the key {key:?}; crm doctor --queue lists them."
        ))),
        _ => Err(Error::invalid(format!(
            "several queued changes have keys starting {key:?}; give more of the key."
        ))),
    }
}

enum Step {
    Written,
    Failed(String),
    Busy,
}

/// Writes one queued change with its key, in one transaction (not yet taken off the
/// queue: [`drain`] does that after the commit). A key already written writes nothing.
fn write_one(store: &Store, now: &Now, q: &Queued, wait: Duration) -> Result<Step> {
    if store.read().queue_applied(&q.key)? {
        return Ok(Step::Written);
    }
    let (then, op) = match entry(q, now) {
        Ok(e) => e,
        Err(e) => return Ok(Step::Failed(e)),
    };
    let written = store.write_within(wait, || {
        super::automation::write(store, now, |tx| {
            if tx.mark_queue_applied(&q.key, now.utc)? {
                apply(tx, &then, &op)?;
            }
            Ok(())
        })
    });
    Ok(match written {
        Ok(Some(())) => Step::Written,
        Ok(None) => Step::Busy,
        Err(e) => Step::Failed(e.to_string()),
    })
}

/// Writes one queued change as it was made (`now` is its own time and person).
fn apply(tx: &Tx<'_>, now: &Now, op: &Op) -> Result<()> {
    match op {
        Op::Log(l) => {
            let input = LogInput {
                at: Some(When::Instant(l.occurred_at)),
                ..l.input.clone()
            };
            interactions::log_in(tx, now, input).map(|_| ())
        }
        Op::TaskAdd(t) => super::tasks::add_in(tx, now, t.clone()).map(|_| ()),
        Op::TaskDone { task, done } => super::tasks::tick_in(tx, now, *task, *done).map(|_| ()),
        Op::Email(e) => super::email::log_in(tx, now, e).map(|_| ()),
    }
}

#[cfg(test)]
#[path = "queue_tests.rs"]
mod tests;
