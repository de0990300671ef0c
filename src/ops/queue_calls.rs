//! The short changes that queue rather than wait (see `ops::queue`): each is tried with the
//! write lock for [`SHORT_WAIT`]; when another crm holds it, the change is checked with
//! reads (which never wait), so a mistake is still refused now, and queued.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::validate;
use crate::domain::*;
use crate::store::Store;

use super::email::{self, EmailToLog};
use super::interactions::{self, LogInput};
use super::queue::{enqueue, Op, QueuedLog, SHORT_WAIT};
use super::tasks::{self, TaskInput, Ticked};
use super::Now;

/// What a short change did: written now, or queued behind another crm's write.
#[derive(Debug, Clone)]
pub enum Done<T> {
    Written(T),
    Queued(QueuedChange),
}

/// What logging did: written now, or queued (with what a receipt shows).
#[derive(Debug, Clone)]
pub enum Logged {
    Written(Interaction),
    Queued(QueuedCall),
}

/// A change that waits in the queue: its key and one line saying what it is.
#[derive(Debug, Clone, Serialize)]
pub struct QueuedChange {
    pub queued: bool,
    pub key: String,
    pub what: String,
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

/// Runs `write`; `None` when another crm's long write (an import) holds the lock for
/// longer than [`SHORT_WAIT`], and nothing was written. Other writers (short ones) are
/// waited for as usual, a short wait at a time, so the change is written now and a script
/// gets its id.
fn try_write<T>(store: &Store, write: impl Fn() -> Result<T>) -> Result<Option<T>> {
    if !store.can_queue() {
        return write().map(Some);
    }
    for _ in 0..TRIES {
        if let Some(t) = store.write_within(SHORT_WAIT, &write)? {
            return Ok(Some(t));
        }
        if store.long_write_running() {
            return Ok(None);
        }
    }
    // Busy all along, and not with a long write: the usual wait, and its error.
    write().map(Some)
}

/// Short waits before the usual one (10 s on a file, 30 s on a server).
const TRIES: usize = 20;

/// Logs an interaction, or, when another crm holds the write lock for longer than
/// [`SHORT_WAIT`], checks it with reads and queues it.
pub fn log_or_queue(store: &Store, now: &Now, input: LogInput) -> Result<Logged> {
    if let Some(i) = try_write(store, || interactions::log(store, now, input.clone()))? {
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
    let occurred_at = input.at.map_or(now.utc, |a| now.instant_on_day(a));
    let what = format!("{} with {} (#{})", input.kind, contact.name, contact.id);
    let kind = input.kind;
    let op = Op::Log(QueuedLog {
        occurred_at,
        input: LogInput {
            summary: summary.clone(),
            at: None,
            ..input
        },
    });
    let key = enqueue(store, now, &what, op)?;
    Ok(Logged::Queued(QueuedCall {
        queued: true,
        key,
        kind,
        contact_id: contact.id,
        contact: contact.name,
        occurred_at,
        summary,
    }))
}

/// Adds a task, or checks it with reads and queues it while another crm writes.
pub fn task_add_or_queue(store: &Store, now: &Now, input: TaskInput) -> Result<Done<Task>> {
    if let Some(t) = try_write(store, || tasks::add(store, now, input.clone()))? {
        return Ok(Done::Written(t));
    }
    let t = tasks::checked(store.read(), now, input.clone())?;
    let what = match &t.contact {
        Some(c) => format!("task {:?} for {c}", t.title),
        None => format!("task {:?}", t.title),
    };
    queued(store, now, what, Op::TaskAdd(input))
}

/// Ticks a task done (or reopens it), or queues that while another crm writes. A task
/// that already is as asked is said so at once, queued or not.
pub fn task_done_or_queue(
    store: &Store,
    now: &Now,
    id: TaskId,
    done: bool,
) -> Result<Done<Ticked>> {
    if let Some(t) = try_write(store, || tasks::tick(store, now, id, done))? {
        return Ok(Done::Written(t));
    }
    let t = tasks::load(store.read(), id)?;
    if t.done_at.is_some() == done {
        return Ok(Done::Written(Ticked {
            task: t,
            changed: false,
            next: None,
        }));
    }
    let verb = if done { "done" } else { "reopened" };
    let what = format!("task #{} {:?} {verb}", t.id, t.title);
    queued(store, now, what, Op::TaskDone { task: id, done })
}

/// Logs an e-mail message, or checks it with reads and queues it while another crm
/// writes. One logged before is said so at once.
pub fn email_or_queue(store: &Store, now: &Now, input: EmailToLog) -> Result<Done<email::Logged>> {
    if let Some(l) = try_write(store, || email::log(store, now, input.clone()))? {
        return Ok(Done::Written(l));
    }
    if let Some(id) = email::checked(store.read(), &input)? {
        return Ok(Done::Written(email::Logged::Already(id)));
    }
    let what = format!(
        "e-mail {:?} from {}",
        input.email.subject.as_deref().unwrap_or("(no subject)"),
        input.email.from.address
    );
    queued(store, now, what, Op::Email(Box::new(input)))
}

fn queued<T>(store: &Store, now: &Now, what: String, op: Op) -> Result<Done<T>> {
    let key = enqueue(store, now, &what, op)?;
    Ok(Done::Queued(QueuedChange {
        queued: true,
        key,
        what,
    }))
}
