//! Follow-up tasks: add, edit, tick off (a recurring one then comes back), snooze, remove.
//!
//! History, for `crm undo`: every write records the whole task (`Task` serialises with its
//! id, `due_day`, `every`, `done_at`, `created_at` and `version`, and deserialises back):
//! - add: `Create`, after = the task;
//! - edit: `Update`, before/after;
//! - snooze: `Snooze`, before/after;
//! - done/reopen: `Done`/`Reopen`, before/after; ticking a recurring task also records a
//!   `Create` for the next one in the same transaction;
//! - remove: `Delete`, before = the whole task; the row is deleted, and
//!   `Tx::restore_task(&before)` puts it back with its id and version.

use chrono::NaiveDate;

use crate::domain::automation::{Event, EventKind};
use crate::domain::dates::When;
use crate::domain::history::{Action, Entity};
use crate::domain::recurrence::Every;
use crate::domain::validate;
use crate::domain::*;
use crate::store::{Reader, Store, Tx};

use super::{record, Now, NONE};

/// A new task, typed (see `crate::input::task` for the text form).
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct TaskInput {
    pub title: String,
    pub contact: Option<ContactId>,
    pub deal: Option<DealId>,
    pub due: Option<When>,
    pub every: Option<Every>,
    /// The support case it is for; it must exist, and be the task's contact's.
    pub case: Option<i64>,
    /// Who it belongs to: `None` is the acting user, `Some(None)` nobody.
    pub owner: Option<Option<String>>,
}

/// What `task edit` changes: `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TaskChanges {
    pub title: Option<String>,
    pub due: Option<Option<When>>,
    pub contact: Option<Option<ContactId>>,
    pub deal: Option<Option<DealId>>,
    pub every: Option<Option<Every>>,
    pub case: Option<Option<i64>>,
    pub owner: Option<Option<String>>,
}

impl TaskChanges {
    pub fn is_empty(&self) -> bool {
        *self == TaskChanges::default()
    }
}

/// A task ticked off: the task, whether it changed, and the next one of a recurring task.
#[derive(Debug, Clone)]
pub struct Ticked {
    pub task: Task,
    pub changed: bool,
    pub next: Option<Task>,
}

pub fn load(r: Reader<'_>, id: TaskId) -> Result<Task> {
    r.task(id)?.ok_or_else(|| {
        Error::not_found(format!("there is no task #{id}; see crm task list --all."))
    })
}

/// The due date of a typed date, and the local day it falls on.
fn due_of(now: &Now, when: When) -> (Due, NaiveDate) {
    match when {
        When::Day(d) => (Due::Day(d), d),
        w => {
            let at = now.instant(w);
            (Due::At(at), now.to_local(at).date())
        }
    }
}

fn past_the_calendar() -> Error {
    Error::invalid_at(Field::Due, "that date is past the end of the calendar.")
}

/// A due date moved on by one interval: from the date itself or, with `from_today`, from
/// today when that is later; an undated task from today. A timed task keeps its time of day.
fn shifted(
    now: &Now,
    due: Option<Due>,
    every: Every,
    from_today: bool,
) -> Result<(Due, NaiveDate)> {
    let today = now.today();
    let start = |d: NaiveDate| if from_today { d.max(today) } else { d };
    match due {
        Some(Due::Day(d)) => every
            .after(start(d))
            .map(|n| (Due::Day(n), n))
            .ok_or_else(past_the_calendar),
        Some(Due::At(at)) => {
            let local = now.to_local(at);
            let local = start(local.date()).and_time(local.time());
            every
                .after_local(local)
                .map(|n| (Due::At(now.from_local(n)), n.date()))
                .ok_or_else(past_the_calendar)
        }
        None => every
            .after(today)
            .map(|n| (Due::Day(n), n))
            .ok_or_else(past_the_calendar),
    }
}

/// The name shown beside a task: the one already known, or the contact's.
fn contact_name(
    r: Reader<'_>,
    known: Option<String>,
    id: Option<ContactId>,
) -> Result<Option<String>> {
    match (known, id) {
        (Some(name), _) => Ok(Some(name)),
        (None, Some(id)) => Ok(r.contact(id)?.map(|c| c.name)),
        (None, None) => Ok(None),
    }
}

pub fn add(store: &Store, now: &Now, input: TaskInput) -> Result<Task> {
    super::automation::write(store, now, |tx| add_in(tx, now, input.clone()))
}

/// [`add`] inside a change that is already open (a rule's task).
pub(crate) fn add_in(tx: &Tx<'_>, now: &Now, input: TaskInput) -> Result<Task> {
    let t = checked(tx.read(), now, input)?;
    insert(tx, now, t)
}

/// The task `input` makes, checked with reads only (the write-behind queue checks a task
/// this way before queueing it); not yet written.
pub(crate) fn checked(r: Reader<'_>, now: &Now, input: TaskInput) -> Result<Task> {
    let title = validate::required("task title", &input.title).map_err(|e| e.at(Field::Title))?;
    let owner = match &input.owner {
        Some(o) => crate::domain::owner::checked(o.as_deref())?,
        None => now.by.map(String::from),
    };
    let (due, due_day) = input.due.map(|w| due_of(now, w)).unzip();
    let contact = input
        .contact
        .map(|id| super::contacts::load(r, id))
        .transpose()?;
    let deal = input.deal.map(|d| super::deals::load(r, d)).transpose()?;
    let case = input
        .case
        .map(|k| super::cases::load(r, k).map_err(|e| e.at(Field::Case)))
        .transpose()?;
    // A deal's task is about the deal's contact unless one is given; a case's about the
    // case's contact.
    let contact_id = contact
        .as_ref()
        .map(|c| c.id)
        .or(deal.as_ref().and_then(|d| d.contact_id))
        .or(case.as_ref().map(|k| k.contact_id));
    if let Some(k) = &case {
        same_contact(k, contact_id)?;
    }
    Ok(Task {
        id: TaskId(0),
        title,
        contact_id,
        contact: contact_name(r, contact.map(|c| c.name), contact_id)?,
        deal_id: deal.as_ref().map(|d| d.id),
        deal: deal.map(|d| d.title),
        due,
        due_day,
        every: input.every,
        done_at: None,
        created_at: now.utc,
        case_id: case.map(|k| k.id),
        owner,
        version: 1,
    })
}

/// A task filed under a case is about the case's contact (or about no one in particular).
fn same_contact(k: &crate::domain::case::Case, contact: Option<ContactId>) -> Result<()> {
    match contact {
        Some(c) if c != k.contact_id => Err(Error::invalid_at(
            Field::Case,
            format!(
                "case #{} is {}'s, not this task's contact's; leave out --contact or pick their case.",
                k.id, k.contact
            ),
        )),
        _ => Ok(()),
    }
}

fn insert(tx: &Tx<'_>, now: &Now, mut t: Task) -> Result<Task> {
    t.id = tx.insert_task(&t)?;
    record(
        tx,
        now,
        Entity::Task,
        t.id.0,
        t.contact_id,
        Action::Create,
        NONE,
        Some(&t),
    )?;
    Ok(t)
}

/// Marks a task done (or not done again). Returns the task and whether anything changed.
pub fn set_done(store: &Store, now: &Now, id: TaskId, done: bool) -> Result<(Task, bool)> {
    tick(store, now, id, done).map(|t| (t.task, t.changed))
}

/// Like [`set_done`], and says which task a recurring one came back as: ticking it done
/// creates the next, due one interval after this one's due date (after today when it had
/// none). Reopening leaves an already created next one alone, and ticking it again does
/// not create a second.
pub fn tick(store: &Store, now: &Now, id: TaskId, done: bool) -> Result<Ticked> {
    super::automation::write(store, now, |tx| tick_in(tx, now, id, done))
}

/// [`tick`] inside a change that is already open (a queued tick).
pub(crate) fn tick_in(tx: &Tx<'_>, now: &Now, id: TaskId, done: bool) -> Result<Ticked> {
    let before = load(tx.read(), id)?;
    if before.done_at.is_some() == done {
        return Ok(Ticked {
            task: before,
            changed: false,
            next: None,
        });
    }
    let mut t = before.clone();
    t.done_at = done.then_some(now.utc);
    let action = if done { Action::Done } else { Action::Reopen };
    let t = write_update(tx, now, before, t, action)?;
    if done {
        tx.emit(
            Event::new(EventKind::TaskDone)
                .contact(t.contact_id)
                .task(t.id),
        );
    }
    let next = match t.every {
        Some(every) if done => {
            let (due, due_day) = shifted(now, t.due, every, false)?;
            // Ticked, reopened and ticked again: the next one exists already.
            if tx.read().next_recurring_task(&t, due_day)?.is_some() {
                return Ok(Ticked {
                    task: t,
                    changed: true,
                    next: None,
                });
            }
            let next = Task {
                id: TaskId(0),
                due: Some(due),
                due_day: Some(due_day),
                done_at: None,
                created_at: now.utc,
                version: 1,
                ..t.clone()
            };
            Some(insert(tx, now, next)?)
        }
        _ => None,
    };
    Ok(Ticked {
        task: t,
        changed: true,
        next,
    })
}

/// Changes a task. With `expected_version` (the version the caller read), an edit made
/// from a stale copy is refused rather than overwriting someone else's change. Returns the
/// task and whether anything changed.
pub fn edit(
    store: &Store,
    now: &Now,
    id: TaskId,
    expected_version: Option<i64>,
    ch: TaskChanges,
) -> Result<(Task, bool)> {
    let title = ch
        .title
        .as_deref()
        .map(|t| validate::required("task title", t).map_err(|e| e.at(Field::Title)))
        .transpose()?;
    let owner = ch
        .owner
        .as_ref()
        .map(|o| crate::domain::owner::checked(o.as_deref()))
        .transpose()?;
    super::automation::write(store, now, |tx| {
        let before = load(tx.read(), id)?;
        super::check_version_of(
            tx.read(),
            Entity::Task,
            id.0,
            before.version,
            expected_version,
        )?;
        let mut t = before.clone();
        if let Some(title) = title.clone() {
            t.title = title;
        }
        if let Some(owner) = owner.clone() {
            t.owner = owner;
        }
        if let Some(due) = ch.due {
            (t.due, t.due_day) = due.map(|w| due_of(now, w)).unzip();
        }
        if let Some(every) = ch.every {
            t.every = every;
        }
        let r = tx.read();
        if let Some(contact) = ch.contact {
            let c = contact
                .map(|id| super::contacts::load(r, id).map_err(|e| e.at(Field::Contact)))
                .transpose()?;
            t.contact_id = c.as_ref().map(|c| c.id);
            t.contact = c.map(|c| c.name);
        }
        if let Some(deal) = ch.deal {
            let d = deal
                .map(|id| super::deals::load(r, id).map_err(|e| e.at(Field::Deal)))
                .transpose()?;
            t.deal_id = d.as_ref().map(|d| d.id);
            // As on add: a deal's task is about the deal's contact unless one is given.
            if let (Some(d), None, None) = (&d, ch.contact, t.contact_id) {
                t.contact_id = d.contact_id;
                t.contact = contact_name(tx.read(), None, d.contact_id)?;
            }
            t.deal = d.map(|d| d.title);
        }
        if let Some(case) = ch.case {
            let k = case
                .map(|id| super::cases::load(r, id).map_err(|e| e.at(Field::Case)))
                .transpose()?;
            if let Some(k) = &k {
                if t.contact_id.is_none() {
                    t.contact_id = Some(k.contact_id);
                    t.contact = Some(k.contact.clone());
                }
            }
            t.case_id = k.map(|k| k.id);
        }
        if let Some(id) = t
            .case_id
            .filter(|_| ch.case.is_some() || ch.contact.is_some())
        {
            same_contact(&super::cases::load(r, id)?, t.contact_id)?;
        }
        if t == before {
            return Ok((before, false));
        }
        write_update(tx, now, before, t, Action::Update).map(|t| (t, true))
    })
}

fn write_update(tx: &Tx<'_>, now: &Now, before: Task, mut t: Task, action: Action) -> Result<Task> {
    t.version = tx.update_task(&t)?;
    record(
        tx,
        now,
        Entity::Task,
        t.id.0,
        t.contact_id,
        action,
        Some(&before),
        Some(&t),
    )?;
    Ok(t)
}

/// Puts a task off by `by` (one day when not given): from its due date, or from today when
/// it has none or is already overdue, so a snoozed task is never still overdue. A timed
/// task keeps its time of day. A done task is refused.
pub fn snooze(store: &Store, now: &Now, id: TaskId, by: Option<Every>) -> Result<Task> {
    let by = by.unwrap_or(Every {
        count: 1,
        unit: crate::domain::recurrence::Unit::Day,
    });
    super::automation::write(store, now, |tx| {
        let before = load(tx.read(), id)?;
        if before.done_at.is_some() {
            return Err(Error::conflict(format!(
                "task #{id} is done; reopen it first (crm task reopen {id})."
            )));
        }
        let mut t = before.clone();
        let (due, day) = shifted(now, t.due, by, true)?;
        (t.due, t.due_day) = (Some(due), Some(day));
        write_update(tx, now, before, t, Action::Snooze)
    })
}

/// Deletes a task. History keeps the whole task (see the module notes) so undo restores it.
pub fn remove(store: &Store, now: &Now, id: TaskId) -> Result<Task> {
    super::automation::write(store, now, |tx| {
        let t = load(tx.read(), id)?;
        tx.delete_task(id)?;
        record(
            tx,
            now,
            Entity::Task,
            t.id.0,
            t.contact_id,
            Action::Delete,
            Some(&t),
            NONE,
        )?;
        Ok(t)
    })
}

#[cfg(test)]
#[path = "tasks_tests.rs"]
mod tests;
