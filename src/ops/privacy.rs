//! Forgetting that really forgets (DESIGN §8 Privacy): `crm contact forget` and
//! `crm purge`. The erase itself is the store's (`store/sqlite/forget.rs`); here are the
//! use cases and their decisions:
//!
//! - forget: the person (and every record merged into them) goes from every table,
//!   history included, with their interactions, tasks and support cases; their deals stay
//!   (the pipeline and the won revenue are the business's), without a contact, and a deal
//!   title holding their full name gets "(forgotten)" instead. One tombstone stays in
//!   history: the contact's number, "forgotten", when and by whom. Changes that wrote
//!   their rows can no longer be undone, nor can the forget itself.
//! - purge: the trash undo relies on goes: contacts removed before the cut (with their
//!   interactions, tasks and cases; deals stay without a contact), the undo log of every
//!   change before the cut, the items of imports undone before it, and old history rows
//!   of people who are gone. Then the file is vacuumed (SQLite).

use chrono::{DateTime, Utc};

use crate::domain::history::{Action, Entity};
use crate::domain::*;
use crate::store::{Erased, Sealed, Store, Tx};

use super::{record, Now, NONE};

/// What `crm contact forget` erased (or would erase).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Forgotten {
    pub id: ContactId,
    #[serde(flatten)]
    pub erased: Erased,
    /// Kept deals whose title held the person's name.
    pub deals_retitled: usize,
    /// Changes about them that waited in the write-behind queue, dropped.
    pub queued_dropped: usize,
    pub dry_run: bool,
}

/// Erases contact `id` (live or removed) everywhere; in a dry run, counts what would go
/// and changes nothing.
pub fn forget(store: &Store, now: &Now, id: ContactId, dry_run: bool) -> Result<Forgotten> {
    let run = |tx: &Tx<'_>| -> Result<Forgotten> {
        let name = tx
            .read()
            .contact_name_any(id)?
            .ok_or_else(|| Error::not_found(format!("there is no contact #{id}.")))?;
        tx.pause_undo_log()?;
        tx.erase_begin()?;
        tx.erase_add_person(id)?;
        let mut deals_retitled = 0;
        for (deal, title) in tx.erase_deals()? {
            if let Some(t) = without_name(&title, &name) {
                tx.erase_retitle_deal(deal, &t)?;
                deals_retitled += 1;
            }
        }
        let erased = tx.erase_run()?;
        // The tombstone: no name, no contact link (nothing left to score or list).
        record(
            tx,
            now,
            Entity::Contact,
            id.0,
            None,
            Action::Forget,
            NONE,
            NONE,
        )?;
        tx.seal_this_change()?;
        Ok(Forgotten {
            id,
            erased,
            deals_retitled,
            queued_dropped: 0,
            dry_run,
        })
    };
    if dry_run {
        return store.rehearse(run);
    }
    let emails = store
        .read()
        .contact(id)?
        .map(|c| c.emails)
        .unwrap_or_default();
    let queued = super::queue::about(store, now, id, &emails)?;
    let mut done = store.write(run)?;
    let keys: Vec<&str> = queued.iter().map(String::as_str).collect();
    store.dequeue_all(&keys)?;
    if !keys.is_empty() {
        store.queue_scrub()?;
    }
    done.queued_dropped = keys.len();
    // What was deleted is zeroed in the file (secure_delete); the log goes too.
    store.checkpoint()?;
    Ok(done)
}

/// What `crm purge` erased (or would erase).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Purged {
    pub cut: DateTime<Utc>,
    /// The removed contacts emptied from the trash, and what went with them.
    pub trash: Erased,
    pub sealed: Sealed,
    /// The file's size before and after `VACUUM` (SQLite, not in a dry run).
    pub vacuum: Option<(u64, u64)>,
    pub dry_run: bool,
}

/// Empties the trash older than `older_than` (see the module comment).
pub fn purge(
    store: &Store,
    now: &Now,
    older_than: chrono::Duration,
    dry_run: bool,
) -> Result<Purged> {
    let cut = now.utc - older_than;
    let run = |tx: &Tx<'_>| -> Result<Purged> {
        tx.pause_undo_log()?;
        tx.erase_begin()?;
        tx.erase_add_trash(cut)?;
        let trash = tx.erase_run()?;
        let sealed = tx.purge_before(cut)?;
        Ok(Purged {
            cut,
            trash,
            sealed,
            vacuum: None,
            dry_run,
        })
    };
    if dry_run {
        return store.rehearse(run);
    }
    // Erasing a large trash and vacuuming hold the lock a while: calls made meanwhile queue.
    let _long = store.mark_long_write();
    let mut done = store.write(run)?;
    done.vacuum = store.vacuum()?;
    Ok(done)
}

/// Everything crm holds about contact `id` (live or removed), from one snapshot, as the
/// JSON document of `crm export contact` (GDPR articles 15 and 20).
pub fn person(store: &Store, now: &Now, id: ContactId) -> Result<serde_json::Value> {
    store.snapshot(|r| {
        let d = super::contacts::detail(r, now, id, None)?;
        // Every history row about them (their own, and their records').
        let history = r.history(Some(id), 1_000_000_000)?;
        Ok(crate::export::person::document(
            &crate::export::person::Person {
                contact: &d.contact,
                score: d.score,
                interactions: &d.interactions,
                deals: &d.deals,
                tasks: &d.tasks,
                cases: &d.cases,
                history: &history,
            },
            now.utc,
        ))
    })
}

/// `title` with every occurrence of `name` (any case) replaced by "(forgotten)", or
/// `None` when it holds none.
pub fn without_name(title: &str, name: &str) -> Option<String> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let mut out = String::new();
    let mut rest = title;
    let mut found = false;
    'outer: while !rest.is_empty() {
        for (i, _) in rest.char_indices() {
            if let Some(len) = starts_with_any_case(&rest[i..], name) {
                out.push_str(&rest[..i]);
                out.push_str("(forgotten)");
                rest = &rest[i + len..];
                found = true;
                continue 'outer;
            }
        }
        out.push_str(rest);
        break;
    }
    found.then_some(out)
}

/// The length in bytes of the start of `hay` that is `needle` in any case.
fn starts_with_any_case(hay: &str, needle: &str) -> Option<usize> {
    let mut h = hay.char_indices();
    for n in needle.chars() {
        let (_, c) = h.next()?;
        if !c.to_lowercase().eq(n.to_lowercase()) {
            return None;
        }
    }
    Some(h.next().map_or(hay.len(), |(i, _)| i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deal_title_loses_the_full_name_in_any_case() {
        assert_eq!(
            without_name("Renewal for ADA LOVELACE and ada lovelace", "Ada Lovelace").as_deref(),
            Some("Renewal for (forgotten) and (forgotten)")
        );
        assert_eq!(without_name("Engines renewal", "Ada Lovelace"), None);
        assert_eq!(
            without_name("Zoë Straße", "ZOË STRASSE"),
            None,
            "no folding beyond case"
        );
        assert_eq!(without_name("zoë", "Zoë").as_deref(), Some("(forgotten)"));
    }
}
