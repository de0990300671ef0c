//! Effects: what `update` asks for and cannot do itself, because it needs the store.
//! Reads fill the state directly; a write goes through ops and its outcome comes back
//! through `update` as a message. This is the only part of the TUI that touches the
//! store or calls ops.

mod automation;
mod cases;
mod dupes;
mod reads;
mod records;
mod writes;

use std::collections::VecDeque;

use crate::domain::{ContactId, DealId};
use crate::store::Store;

use super::app::{App, Popup};
use super::forms::FormKind;
use super::keys::Action;
use super::update::{update, Msg};

pub use automation::HookRunner;
pub use writes::{Outcome, Write};

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Read the shown view again; `keep` holds the selection on the same record.
    Load { keep: bool },
    /// The filter's text changed: read the view again. The event loop waits until typing
    /// pauses (ranking every contact per keystroke would lag behind a fast typist).
    Filtered,
    /// The data changed: every view is stale, the shown one is read again keeping its
    /// selection, and the pipeline follows a deal that moved.
    Refresh { follow: Option<DealId> },
    /// Ask the store whether another process changed the data; refresh if so.
    Poll,
    /// Run the time-based rules (once, at start).
    Remind,
    /// Move in the shown view's list where the move reads the neighbouring rows.
    Scroll(Action),
    /// Read the next page of tasks.
    MoreTasks,
    /// Open this contact's full page over the view.
    OpenContact(ContactId),
    /// Open this support case's page over the view.
    OpenCase(i64),
    /// Offer the contacts whose names match what is typed in the open form's contact field.
    Suggest(String),
    /// Open a form filled from the record it edits.
    OpenForm(FormKind),
    /// Open the duplicate review over the view.
    OpenDupes,
    /// Ask before merging two contacts, with what the merge would do.
    AskMerge { keep: ContactId, other: ContactId },
    /// A write through ops.
    Write(Write),
    /// Edit this contact in `$EDITOR`: the event loop suspends the terminal for it
    /// (see `tui::edit_in_editor`), so here it is only noted.
    EditInEditor(ContactId),
}

/// Carries out effects in order, feeding what they report back through `update`, until
/// nothing is left to do.
pub fn run(store: &Store, app: &mut App, effects: Vec<Effect>) {
    let mut queue = VecDeque::from(effects);
    while let Some(effect) = queue.pop_front() {
        if let Some(msg) = carry_out(store, app, effect) {
            queue.extend(update(app, msg));
        }
    }
}

fn carry_out(store: &Store, app: &mut App, effect: Effect) -> Option<Msg> {
    let read = |result: crate::domain::Result<()>| result.err().map(Msg::Failed);
    match effect {
        Effect::Load { keep } => read(reads::view(store, app, keep)),
        Effect::Filtered if app.defer_filter => {
            app.pending_filter = true;
            None
        }
        Effect::Filtered => read(reads::view(store, app, false)),
        Effect::Refresh { follow } => read(reads::refresh(store, app, follow)),
        // Another crm writing (an import) only puts the start's rules off to a later start.
        Effect::Remind => read(
            store
                .write_within(TICK_WAIT, || automation::at_start(store, app))
                .map(|_| ()),
        ),
        Effect::Poll => {
            if let Some(done) = retry_waiting(store, app) {
                return Some(Msg::Done(done));
            }
            if let Err(e) = store.write_within(TICK_WAIT, || automation::rescore_step(store, app)) {
                return Some(Msg::Failed(e));
            }
            match crate::ops::queue::drain(store, &app.now, TICK_WAIT) {
                Ok(d) if d.applied > 0 || !d.failed.is_empty() => {
                    return read(reads::refresh(store, app, None))
                }
                Ok(_) => {}
                Err(e) => return Some(Msg::Failed(e)),
            }
            if automation::record_failures(store, app) {
                return read(reads::refresh(store, app, None));
            }
            match reads::change_counter(store) {
                Ok(v) if v != app.change_counter => read(reads::refresh(store, app, None)),
                Ok(_) => None,
                Err(e) => Some(Msg::Failed(e)),
            }
        }
        Effect::Scroll(action) => read(reads::scroll(store, app, action)),
        Effect::MoreTasks => read(reads::tasks(store, app, true)),
        Effect::OpenContact(id) => read(reads::open_page(store, app, id)),
        Effect::OpenCase(id) => read(cases::open_page(store, app, id)),
        Effect::Suggest(text) => read(reads::suggest(store, app, &text)),
        Effect::OpenForm(kind) => match reads::form(store.read(), &app.now, kind) {
            Ok(form) => {
                app.popup = Some(Popup::Form(form));
                None
            }
            Err(e) => Some(Msg::Failed(e)),
        },
        Effect::OpenDupes => read(dupes::open(store, app)),
        Effect::AskMerge { keep, other } => read(dupes::ask_merge(store, app, keep, other)),
        Effect::Write(w) => write(store, app, w).map(Msg::Done),
        Effect::EditInEditor(id) => {
            app.editor_request = Some(id);
            None
        }
    }
}

/// How long a key's write waits for another crm's write lock before it waits in the
/// background instead (the key loop never stalls longer).
pub(super) const KEY_WAIT: std::time::Duration = std::time::Duration::from_millis(100);
/// How long a tick waits for the lock (a waiting write, the queue, rules, scores).
const TICK_WAIT: std::time::Duration = std::time::Duration::from_millis(50);

/// Carries out a write, or, when another crm holds the write lock (an import), leaves it
/// waiting (`App::waiting`): each tick tries it again and the keys keep working. Writes
/// stay in order: one asked for while others wait waits behind them.
fn write(store: &Store, app: &mut App, w: Write) -> Option<crate::domain::Result<Outcome>> {
    if !app.waiting.is_empty() {
        app.waiting.push_back(w);
        return None;
    }
    attempt(store, app, w, KEY_WAIT)
}

/// Leaves a write waiting for another crm's write lock, behind any already waiting.
pub(super) fn write_later(app: &mut App, w: Write) {
    app.waiting.push_back(w);
}

/// The oldest waiting write, tried again; its outcome once it ran.
fn retry_waiting(store: &Store, app: &mut App) -> Option<crate::domain::Result<Outcome>> {
    let w = app.waiting.pop_front()?;
    let done = attempt(store, app, w, TICK_WAIT);
    if app.waiting.is_empty() {
        app.quit_warned = false;
    }
    done
}

/// Runs a write, waiting at most `wait` for the lock (`None`: it went back to the front of
/// the waiting writes), and keeps the session's undo stack: a write that changed something
/// pushes its change; an undo pops the change it took back. An undo refused because later
/// changes build on it stays, to be tried again once those are undone.
fn attempt(
    store: &Store,
    app: &mut App,
    w: Write,
    wait: std::time::Duration,
) -> Option<crate::domain::Result<Outcome>> {
    let undoing = match w {
        Write::Undo(change) => Some(change),
        _ => None,
    };
    let before = latest_change(store);
    let now = app.now;
    let mut result = match store.write_within(wait, || {
        writes::run(store, &now, app.currency, w.clone())
    }) {
        Ok(Some(o)) => Ok(o),
        // Busy before anything was written: it waits. (Busy after a first transaction of
        // the write committed cannot be run again whole: said as a failure.)
        Ok(None) if latest_change(store) == before => {
            // A form's input is kept in the waiting write: the form closes, so it is not
            // saved twice.
            if matches!(app.popup, Some(Popup::Form(_))) {
                app.popup = None;
            }
            app.waiting.push_front(w);
            return None;
        }
        Ok(None) => Err(crate::domain::Error::storage(
            "another crm began writing in the middle of this change; part of it was saved, check it and try the rest again.",
        )),
        Err(e) => Err(e),
    };
    if let Some(said) = automation::after_write(store, app) {
        if let Ok(o) = &mut result {
            o.message = format!("{} {said}", o.message);
        }
    }
    match (&result, undoing) {
        (Err(crate::domain::Error::Conflict { .. }), Some(_)) => {}
        (_, Some(change)) => app.undo.retain(|c| *c != change),
        (Ok(o), None) if o.changed => {
            if let Some(change) = latest_change(store).filter(|c| Some(*c) != before) {
                app.undo.push(change);
            }
        }
        _ => {}
    }
    Some(result)
}

/// A write made outside the effects (the contact editor, run while the terminal is
/// suspended), kept on the session's undo stack like any other; its outcome then goes
/// through `update`.
pub fn outside_write(
    store: &Store,
    app: &mut App,
    w: impl FnOnce() -> crate::domain::Result<Outcome>,
) {
    let before = latest_change(store);
    let result = w();
    let _ = automation::after_write(store, app);
    if let Ok(o) = &result {
        if o.changed {
            if let Some(change) = latest_change(store).filter(|c| Some(*c) != before) {
                app.undo.push(change);
            }
        }
    }
    let effects = update(app, Msg::Done(result));
    run(store, app, effects);
}

/// The newest change that can be undone (the demo's cannot).
fn latest_change(store: &Store) -> Option<i64> {
    let change = store.read().latest_change().ok().flatten()?;
    change.logged.then_some(change.id)
}
