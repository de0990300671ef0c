//! `crm undo [CHANGE]`: takes back one change (everything one use case wrote), or the
//! latest. The rows come back from the store's row-level undo log (see
//! `store/sqlite/undo.rs` for why a log rather than before-images or a trash: it restores
//! every table a change touched exactly, deleted records with their ids and dependent
//! rows). An import, whose rows are not logged, is taken back by its own undo
//! (`ops::import::undo_in`). The undo is itself a change, recorded in history, so undoing
//! it is a redo.

use serde::Serialize;

use crate::domain::history::{Action, Entity};
use crate::domain::*;
use crate::store::{Store, Tx};

use super::{record, Now};

/// What an undo did (or, in a dry run, would do).
#[derive(Debug, Clone, Serialize)]
pub struct Undone {
    /// The change taken back.
    pub change: i64,
    /// The change the undo is (in a dry run, the number it would get).
    pub undo_change: i64,
    /// The change taken back was an undo: this puts the change it undid back.
    pub redo: bool,
    /// The history rows of the change taken back.
    pub entries: Vec<HistoryEntry>,
    /// Rows of the database put back.
    pub rows: usize,
    pub dry_run: bool,
}

/// Takes back change `which` (the latest when `None`). Refuses, changing nothing, when
/// there is no such change, nothing to undo, or later changes build on it.
pub fn undo(store: &Store, now: &Now, which: Option<i64>, dry_run: bool) -> Result<Undone> {
    let run = |tx: &Tx<'_>| take_back(tx, now, which, dry_run);
    if dry_run {
        store.rehearse(run)
    } else {
        // Taking back an import can hold the lock for minutes: calls made meanwhile queue.
        let _long = store.mark_long_write();
        store.write(|tx| {
            let done = run(tx)?;
            // Scores are not in the undo log: the contacts it put back are re-scored.
            let ids: Vec<_> = done.entries.iter().filter_map(|e| e.contact_id).collect();
            super::scores::refresh_in(tx, now, &store.score_weights(), &ids)?;
            Ok(done)
        })
    }
}

fn take_back(tx: &Tx<'_>, now: &Now, which: Option<i64>, dry_run: bool) -> Result<Undone> {
    let r = tx.read();
    let target = match which {
        Some(id) => r.change(id)?.ok_or_else(|| {
            Error::not_found(format!(
                "there is no change {id}; crm history lists them (column CHANGE)."
            ))
        })?,
        None => r.latest_change()?.ok_or_else(|| {
            Error::invalid("there is nothing to undo: no change is recorded yet.")
        })?,
    };
    let id = target.id;
    if let Some(by) = target.undone_by {
        return Err(Error::invalid(format!(
            "change {id} was already undone by change {by}; to put it back, run crm undo {by}."
        )));
    }
    if target.sealed
        && r.change_history(id)?
            .iter()
            .any(|e| e.action == "forgotten")
    {
        return Err(Error::invalid(format!(
            "change {id} forgot a contact (crm contact forget), which cannot be undone."
        )));
    }
    if target.sealed {
        return Err(Error::invalid(format!(
            "change {id} cannot be undone: what undo needed of it was erased since (crm contact forget or crm purge); crm history still lists what it did."
        )));
    }
    let import = r.import_of_change(id)?;
    if !target.logged && import.is_none() {
        return Err(Error::invalid(format!(
            "change {id} loaded the demo data, which cannot be undone; crm demo --force replaces it."
        )));
    }
    if let Some(demo) = r.later_unlogged_change(id)? {
        return Err(Error::conflict(format!(
            "change {id} cannot be undone: change {demo} loaded the demo data since, which cannot be undone."
        )));
    }
    let later = match import {
        Some(import) if !target.logged => r.later_change_on_import(id, import)?,
        _ => r.later_change_on(id)?,
    };
    if let Some(later) = later {
        return Err(Error::conflict(format!(
            "change {id} cannot be undone: change {later} changed the same records since; undo change {later} first (crm history shows it)."
        )));
    }
    let entries = r.change_history(id)?;
    if let (Some(import), false) = (import, target.logged) {
        // An import's rows are not in the undo log: its own undo takes it back (and, being
        // logged, can itself be undone).
        let done = crate::ops::import::undo_in(tx, now, import)?;
        tx.mark_undone(id, None)?;
        return Ok(Undone {
            change: id,
            undo_change: tx.change_id(),
            redo: false,
            entries,
            rows: done.removed + done.restored,
            dry_run,
        });
    }
    let rows = tx.revert_rows(id)?;
    // Undoing an undo puts the change back (a redo); undoing that redo takes it back again.
    let mut redo = false;
    let mut link = target.undo_of;
    while let Some(of) = link {
        redo = !redo;
        link = r.change(of)?.and_then(|c| c.undo_of);
    }
    let action = if redo { Action::Redo } else { Action::Undo };
    for e in &entries {
        let Some(entity) = Entity::from_word(&e.entity) else {
            continue;
        };
        record(
            tx,
            now,
            entity,
            e.entity_id,
            e.contact_id,
            action,
            e.after.as_ref(),
            e.before.as_ref(),
        )?;
    }
    tx.mark_undone(id, target.undo_of)?;
    Ok(Undone {
        change: id,
        undo_change: tx.change_id(),
        redo,
        entries,
        rows,
        dry_run,
    })
}

#[cfg(test)]
#[path = "undo_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "undo_import_tests.rs"]
mod import_tests;
