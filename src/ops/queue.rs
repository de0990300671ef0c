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
use crate::domain::validate;
use crate::domain::*;
use crate::store::{Queued, Store, Tx};

use super::interactions::{self, LogInput};
use super::Now;

/// How long a short change waits for the write lock before it is queued instead.
pub const SHORT_WAIT: Duration = Duration::from_millis(300);

/// How long draining waits for the lock: a command that only reads must not be held up.
pub const DRAIN_WAIT: Duration = Duration::from_millis(50);

/// A queued change, fully typed: everything it needs was resolved when it was queued
/// (the contact's id, the instant it happened), so it means the same whenever it is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    Log(QueuedLog),
}

/// A logged interaction ([`LogInput`] with its date made an instant).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedLog {
    pub kind: InteractionKind,
    pub contact: ContactId,
    pub summary: String,
    pub occurred_at: DateTime<Utc>,
    pub duration_min: Option<u32>,
    pub deal: Option<DealId>,
    pub direction: Option<Direction>,
    pub score: Option<i64>,
    pub body: Option<String>,
    pub case: Option<i64>,
}

impl QueuedLog {
    fn input(&self) -> LogInput {
        LogInput {
            kind: self.kind,
            contact: self.contact,
            summary: self.summary.clone(),
            at: Some(When::Instant(self.occurred_at)),
            duration_min: self.duration_min,
            deal: self.deal,
            direction: self.direction,
            score: self.score,
            body: self.body.clone(),
            case: self.case,
        }
    }
}

/// What logging did: written now, or queued behind another crm's write.
#[derive(Debug, Clone)]
pub enum Logged {
    Written(Interaction),
    Queued(QueuedCall),
}

/// A logged interaction that waits in the queue.
#[derive(Debug, Clone, Serialize)]
pub struct QueuedCall {
    pub queued: bool,
    pub key: String,
    pub kind: InteractionKind,
    pub contact_id: ContactId,
    pub contact: String,
    pub occurred_at: DateTime<Utc>,
    pub summary: String,
}

/// Logs an interaction, or, when another crm holds the write lock for longer than
/// [`SHORT_WAIT`], checks it with reads and queues it.
pub fn log_or_queue(store: &Store, now: &Now, input: LogInput) -> Result<Logged> {
    if !store.can_queue() {
        return interactions::log(store, now, input).map(Logged::Written);
    }
    let written =
        store.write_within(SHORT_WAIT, || interactions::log(store, now, input.clone()))?;
    if let Some(i) = written {
        return Ok(Logged::Written(i));
    }
    let r = store.read();
    let (summary, _) = validate::interaction(
        input.kind,
        &input.summary,
        input.direction.is_some(),
        input.score,
    )?;
    let contact = super::contacts::load(r, input.contact)?;
    if let Some(d) = input.deal {
        super::deals::load(r, d)?;
    }
    if let Some(k) = input.case {
        super::cases::load(r, k)?;
    }
    let op = QueuedLog {
        kind: input.kind,
        contact: contact.id,
        summary: summary.clone(),
        occurred_at: input.at.map_or(now.utc, |a| now.instant_on_day(a)),
        duration_min: input.duration_min,
        deal: input.deal,
        direction: input.direction,
        score: input.score,
        body: input.body,
        case: input.case,
    };
    let what = format!("{} with {} (#{})", op.kind, contact.name, contact.id);
    let occurred_at = op.occurred_at;
    let key = store.enqueue(now.utc, &what, &serde_json::to_string(&Op::Log(op))?)?;
    Ok(Logged::Queued(QueuedCall {
        queued: true,
        key,
        kind: input.kind,
        contact_id: contact.id,
        contact: contact.name,
        occurred_at,
        summary,
    }))
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

/// Writes what the queue holds, oldest first, each waiting at most `wait` for the lock.
/// Costs one `stat` when nothing was ever queued. Changes that failed before wait for the
/// user (`retry`).
pub fn drain(store: &Store, now: &Now, wait: Duration) -> Result<Drained> {
    let mut out = Drained::default();
    let pending: Vec<Queued> = store
        .queued()?
        .into_iter()
        .filter(|q| q.error.is_none())
        .collect();
    // Most often all of them in one short transaction (one sync to disk, not one each);
    // if one fails, one by one, so the others are still written.
    for batch in pending.chunks(BATCH) {
        match write_batch(store, now, batch, wait)? {
            Step::Written => {
                let keys: Vec<&str> = batch.iter().map(|q| q.key.as_str()).collect();
                store.dequeue_all(&keys)?;
                out.applied += batch.len();
            }
            Step::Busy => {
                out.busy = true;
                return Ok(out);
            }
            Step::Failed(_) => one_by_one(store, now, batch, wait, &mut out)?,
        }
    }
    Ok(out)
}

/// Queued changes written in one transaction, at most.
const BATCH: usize = 500;

fn one_by_one(
    store: &Store,
    now: &Now,
    batch: &[Queued],
    wait: Duration,
    out: &mut Drained,
) -> Result<()> {
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
                break;
            }
        }
    }
    Ok(())
}

/// Writes `batch` in one transaction: each change with its key, a key already written
/// skipped. Any failure writes none of them.
fn write_batch(store: &Store, now: &Now, batch: &[Queued], wait: Duration) -> Result<Step> {
    let mut ops = Vec::with_capacity(batch.len());
    for q in batch {
        match serde_json::from_str::<Op>(&q.op) {
            Ok(op) => ops.push((q.key.as_str(), op)),
            Err(e) => return Ok(Step::Failed(e.to_string())),
        }
    }
    let written = store.write_within(wait, || {
        super::automation::write(store, now, |tx| {
            for (key, op) in &ops {
                if tx.mark_queue_applied(key, now.utc)? {
                    apply(tx, now, op)?;
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

/// [`drain`] after a long write (an import) committed: waits as usual, never fails the
/// write that already happened.
pub fn drain_after(store: &Store, now: &Now) {
    let _ = drain(store, now, Duration::from_secs(10));
}

/// Makes failed queued changes wait to be applied again (`crm doctor --queue --retry`);
/// how many.
pub fn retry(store: &Store) -> Result<usize> {
    let mut n = 0;
    for q in store.queued()?.into_iter().filter(|q| q.error.is_some()) {
        n += usize::from(store.queue_retry(&q.key)?);
    }
    Ok(n)
}

/// Drops one queued change, by its key or the key's start; what it was.
pub fn drop(store: &Store, key: &str) -> Result<String> {
    let key = key.trim();
    let found: Vec<Queued> = store
        .queued()?
        .into_iter()
        .filter(|q| !key.is_empty() && q.key.starts_with(key))
        .collect();
    match found.as_slice() {
        [q] => {
            store.dequeue(&q.key)?;
            Ok(q.what.clone())
        }
        [] => Err(Error::not_found(format!(
            "no queued change has the key {key:?}; crm doctor --queue lists them."
        ))),
        _ => Err(Error::invalid(format!(
            "{} queued changes have keys starting {key:?}; give more of the key.",
            found.len()
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
    let op: Op = match serde_json::from_str(&q.op) {
        Ok(op) => op,
        Err(e) => return Ok(Step::Failed(format!("cannot read the queued change: {e}"))),
    };
    let written = store.write_within(wait, || {
        super::automation::write(store, now, |tx| {
            if tx.mark_queue_applied(&q.key, now.utc)? {
                apply(tx, now, &op)?;
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

fn apply(tx: &Tx<'_>, now: &Now, op: &Op) -> Result<()> {
    match op {
        Op::Log(l) => interactions::log_in(tx, now, l.input()).map(|_| ()),
    }
}

#[cfg(test)]
#[path = "queue_tests.rs"]
mod tests;
