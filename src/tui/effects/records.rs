//! Writes on tasks and logged interactions (edit, snooze, tick, delete) and the app's undo,
//! through the same ops as `crm task`, `crm interaction` and `crm undo`.

use crate::domain::*;
use crate::input::{log::LogEditText, task::TaskEditText};
use crate::ops::{self, Now};
use crate::store::Store;

use crate::tui::forms::Form;

/// A due date as the status line says it.
fn due_text(now: &Now, t: &Task) -> String {
    match t.due {
        Some(Due::Day(d)) => d.to_string(),
        Some(Due::At(at)) => now.to_local(at).format("%Y-%m-%d %H:%M").to_string(),
        None => "no date".into(),
    }
}

/// Space on a task: done (a recurring one comes back, due one interval on) or not done.
pub fn tick(store: &Store, now: &Now, id: TaskId, done: bool) -> Result<String> {
    let t = ops::tasks::tick(store, now, id, done)?;
    Ok(match (done, &t.next) {
        (true, Some(next)) => format!("Done: {}; next due {}.", t.task.title, due_text(now, next)),
        (true, None) => format!("Done: {}.", t.task.title),
        (false, _) => format!("Not done: {}.", t.task.title),
    })
}

pub fn snooze(store: &Store, now: &Now, id: TaskId) -> Result<String> {
    let t = ops::tasks::snooze(store, now, id, None)?;
    Ok(format!("Snoozed {} to {}.", t.title, due_text(now, &t)))
}

pub fn remove_task(store: &Store, now: &Now, id: TaskId) -> Result<String> {
    ops::tasks::remove(store, now, id).map(|t| format!("Deleted task {}.", t.title))
}

pub fn remove_interaction(store: &Store, now: &Now, id: InteractionId) -> Result<String> {
    ops::interactions::remove(store, now, id)
        .map(|i| format!("Deleted {} #{} with {}.", i.kind, i.id, i.contact))
}

/// The task edit form saved: only the fields whose text changed; an emptied one clears.
pub fn edit_task(
    store: &Store,
    now: &Now,
    form: &Form,
    id: TaskId,
    version: Option<i64>,
) -> Result<(String, bool)> {
    // A contact picked from the suggestions is passed on by id.
    let contact = form
        .changed("Contact")
        .map(|_| form.contact_ref("Contact").unwrap_or_default());
    let text = TaskEditText {
        title: form.changed("Title"),
        due: form.changed("Due"),
        every: form.changed("Every"),
        contact,
        deal: form.changed("Deal"),
    };
    let ch = text.typed(store.read(), now)?;
    if ch.is_empty() {
        return Ok(("Nothing changed.".into(), false));
    }
    let (t, changed) = ops::tasks::edit(store, now, id, version, ch)?;
    Ok((format!("Saved task {}.", t.title), changed))
}

/// The interaction edit form saved, as for tasks.
pub fn edit_interaction(
    store: &Store,
    now: &Now,
    form: &Form,
    id: InteractionId,
    version: Option<i64>,
) -> Result<(String, bool)> {
    let score = form
        .changed("Score")
        .map(|s| {
            s.trim().parse::<i64>().map_err(|_| {
                Error::invalid_at(Field::Score, "the score is a whole number from 0 to 10.")
            })
        })
        .transpose()?;
    let text = LogEditText {
        kind: form.changed("Kind"),
        summary: form.changed("Summary"),
        at: form.changed("When"),
        duration: form.changed("Duration"),
        direction: form.changed("Direction"),
        score,
        body: form.changed("Body"),
        ..Default::default()
    };
    let ch = text.typed(store.read(), now)?;
    if ch.is_empty() {
        return Ok(("Nothing changed.".into(), false));
    }
    let (i, changed) = ops::interactions::edit(store, now, id, version, ch)?;
    Ok((
        format!("Saved {} #{} with {}.", i.kind, i.id, i.contact),
        changed,
    ))
}

/// Takes back change `change`, made in this session; says what it took back.
pub fn undo(store: &Store, now: &Now, change: i64) -> Result<String> {
    let done = ops::undo::undo(store, now, Some(change), false)?;
    let what: Vec<String> = done
        .entries
        .iter()
        .map(|h| {
            let name = [&h.after, &h.before]
                .into_iter()
                .flatten()
                .find_map(|v| {
                    ["name", "title", "summary"]
                        .iter()
                        .find_map(|k| v.get(k).and_then(|x| x.as_str()))
                })
                .unwrap_or_default();
            format!("{} {} {}", h.action, h.entity, name)
                .trim_end()
                .to_string()
        })
        .collect();
    Ok(format!(
        "Undid change {}: {}.",
        done.change,
        what.join("; ")
    ))
}
