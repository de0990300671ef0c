//! `crm remind` (DESIGN §11): the time-based half of automation, for cron and systemd
//! timers. It finds the records time-based rules listen for (`contact.idle`: not heard
//! from in `days`; `task.due`, `deal.closing`, `birthday`: from today to `within` days
//! ahead, so a first run does not act on a year of past dates), runs the rules once per
//! occurrence, and gathers the reminders to send: tasks that have come due, overdue ones
//! included. Each (rule or reminder, record, occurrence) is
//! remembered, so running it again acts and notifies only on what is new.

use chrono::{Days, Duration};

use crate::domain::automation::{Event, EventKind, Outbox, Rule};
use crate::domain::cadence::TagCadences;
use crate::domain::{Due as TaskDue, Result};
use crate::store::{Store, Tx};

use super::super::{birthdays, reconnect, Now};
use super::{condition_holds, fire, settle};

/// A task with a time is reminded of this long before it.
pub const AHEAD_MIN: i64 = 15;

/// The reminder kinds a task that came due, a cadence that came due and a birthday are
/// remembered under.
const TASK_REMINDER: &str = "notify:task";
const RECONNECT_REMINDER: &str = "notify:reconnect";
const BIRTHDAY_REMINDER: &str = "notify:birthday";

/// One thing to tell the user.
#[derive(Debug, Clone, PartialEq)]
pub struct Reminder {
    pub title: String,
    pub text: String,
    /// What is remembered once it is sent: (kind, entity, id, occurrence).
    pub key: (String, String, i64, String),
}

/// What a run did (or, rehearsed, would do).
#[derive(Debug, Default)]
pub struct Reminded {
    /// What time-based rules did, and the hooks they queued.
    pub outbox: Outbox,
    /// The reminders to send (empty when not asked for).
    pub reminders: Vec<Reminder>,
}

/// Runs the time-based rules and, with `notify`, gathers due reminders, in one change.
/// `dry_run` rehearses it: the same work, rolled back. `tags` are the config's cadences.
pub fn remind(
    store: &Store,
    now: &Now,
    tags: &TagCadences,
    notify: bool,
    dry_run: bool,
) -> Result<Reminded> {
    let rules = store.rules();
    let mut done = Reminded::default();
    if !notify && rules.timed().next().is_none() {
        // Nothing to do: not even a write transaction (the app calls this at start).
        return Ok(done);
    }
    let work = |tx: &Tx<'_>| -> Result<()> {
        tx.listen();
        for rule in rules.timed() {
            for event in occurrences(tx, now, tags, rule)? {
                if !condition_holds(tx.read(), now, rule, &event)? {
                    continue;
                }
                let (entity, id) = event.subject();
                let occurrence = event.occurrence.clone().unwrap_or_default();
                if !tx.mark_fired(&rule.name, entity, id, &occurrence, now.utc)? {
                    continue;
                }
                fire(tx, now, rule, &event, &mut done.outbox)?;
                // What the rule did may fire change rules, as any change does.
                let caused = tx.take_events();
                settle(tx, now, &rules, caused, &mut done.outbox)?;
            }
        }
        if notify {
            done.reminders = due_tasks(tx, now)?;
            done.reminders.extend(reconnect_due(tx, now, tags)?);
            done.reminders.extend(birthdays_today(tx, now)?);
        }
        Ok(())
    };
    if dry_run {
        store.rehearse(work)?;
    } else {
        store.write(work)?;
    }
    Ok(done)
}

/// The occurrences of a time-based rule's event that it has not fired for (the rows the
/// store cannot leave out are left out here).
fn occurrences(tx: &Tx<'_>, now: &Now, tags: &TagCadences, rule: &Rule) -> Result<Vec<Event>> {
    let r = tx.read();
    let today = now.today();
    let ahead = |days: Option<u32>| today + Days::new(u64::from(days.unwrap_or(0)));
    let until = |day: Option<chrono::NaiveDate>| day.map_or(0, |d| (d - today).num_days());
    Ok(match rule.on {
        EventKind::ContactIdle => {
            let days = rule.days.unwrap_or(0);
            r.idle_contacts(now.utc - Duration::days(i64::from(days)), &rule.name)?
                .into_iter()
                .map(|d| {
                    let idle = d.since.map_or(0, |s| (now.utc - s).num_days());
                    Event::new(EventKind::ContactIdle)
                        .contact(Some(d.id))
                        .occurrence(d.occurrence, idle)
                })
                .collect()
        }
        EventKind::TaskDue => r
            .tasks_due_by(Some(today), ahead(rule.within), &rule.name)?
            .into_iter()
            .map(|d| {
                Event::new(EventKind::TaskDue)
                    .contact(d.contact_id)
                    .task(d.id)
                    .occurrence(d.occurrence, until(d.on))
            })
            .collect(),
        EventKind::DealClosing => r
            .deals_closing_for(today, ahead(rule.within), &rule.name)?
            .into_iter()
            .map(|d| {
                Event::new(EventKind::DealClosing)
                    .contact(d.contact_id)
                    .deal(d.id)
                    .occurrence(d.occurrence, until(d.on))
            })
            .collect(),
        EventKind::CadenceDue => {
            let mut out = Vec::new();
            for d in reconnect::due(r, now, tags, None)? {
                let key = d.due_on.to_string();
                if !r.was_fired(&rule.name, "contact", d.contact.id.0, &key)? {
                    out.push(
                        Event::new(EventKind::CadenceDue)
                            .contact(Some(d.contact.id))
                            .occurrence(key, d.overdue_days),
                    );
                }
            }
            out
        }
        EventKind::Birthday => {
            let mut out = Vec::new();
            for b in birthdays::upcoming(r, now, rule.within.unwrap_or(0))? {
                let key = b.on.to_string();
                if !r.was_fired(&rule.name, "contact", b.contact.id.0, &key)? {
                    out.push(
                        Event::new(EventKind::Birthday)
                            .contact(Some(b.contact.id))
                            .occurrence(key, b.in_days),
                    );
                }
            }
            out
        }
        _ => Vec::new(),
    })
}

/// Contacts whose stay-in-touch cadence has come due, once per due date.
fn reconnect_due(tx: &Tx<'_>, now: &Now, tags: &TagCadences) -> Result<Vec<Reminder>> {
    let mut out = Vec::new();
    for d in reconnect::due(tx.read(), now, tags, None)? {
        let key = d.due_on.to_string();
        if !tx.mark_fired(RECONNECT_REMINDER, "contact", d.contact.id.0, &key, now.utc)? {
            continue;
        }
        out.push(Reminder {
            title: "crm: time to reconnect".into(),
            text: format!("{} (every {}, due {key})", d.contact.name, d.cadence),
            key: (
                RECONNECT_REMINDER.into(),
                "contact".into(),
                d.contact.id.0,
                key,
            ),
        });
    }
    Ok(out)
}

/// Birthdays today, once a year each.
fn birthdays_today(tx: &Tx<'_>, now: &Now) -> Result<Vec<Reminder>> {
    let mut out = Vec::new();
    for b in birthdays::upcoming(tx.read(), now, 0)? {
        let key = b.on.to_string();
        if !tx.mark_fired(BIRTHDAY_REMINDER, "contact", b.contact.id.0, &key, now.utc)? {
            continue;
        }
        let text = match b.age {
            Some(age) => format!("{} turns {age} today", b.contact.name),
            None => format!("{}'s birthday is today", b.contact.name),
        };
        out.push(Reminder {
            title: "crm: birthday".into(),
            text,
            key: (
                BIRTHDAY_REMINDER.into(),
                "contact".into(),
                b.contact.id.0,
                key,
            ),
        });
    }
    Ok(out)
}

/// Open tasks that have come due (a task with a time: [`AHEAD_MIN`] minutes before it),
/// not reminded of before at that due date.
fn due_tasks(tx: &Tx<'_>, now: &Now) -> Result<Vec<Reminder>> {
    let r = tx.read();
    let soon = now.utc + Duration::minutes(AHEAD_MIN);
    let mut out = Vec::new();
    for d in r.tasks_due_by(None, now.today(), TASK_REMINDER)? {
        let Some(task) = r.task(d.id)? else { continue };
        let when = match task.due {
            Some(TaskDue::At(at)) if at > soon => continue,
            Some(TaskDue::At(at)) => format!("due at {}", now.to_local(at).format("%H:%M")),
            _ if d.on == Some(now.today()) => "due today".to_string(),
            _ => format!("overdue since {}", d.occurrence),
        };
        let about = task
            .contact
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        tx.mark_fired(TASK_REMINDER, "task", d.id.0, &d.occurrence, now.utc)?;
        out.push(Reminder {
            title: format!("crm: task {when}"),
            text: format!("{}{about}", task.title),
            key: (TASK_REMINDER.into(), "task".into(), d.id.0, d.occurrence),
        });
    }
    Ok(out)
}

/// Forgets reminders that could not be sent, so the next run tries them again.
pub fn unsent(store: &Store, failed: &[Reminder]) -> Result<()> {
    if failed.is_empty() {
        return Ok(());
    }
    store.write(|tx| {
        for r in failed {
            let (kind, entity, id, occurrence) = &r.key;
            tx.unmark_fired(kind, entity, *id, occurrence)?;
        }
        Ok(())
    })
}
