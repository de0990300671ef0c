//! `crm import undo`: takes one import back, but never work done since.
// "Only if unchanged" reads best as an `if` inside each record's arm.
#![allow(clippy::collapsible_match)]

use crate::domain::*;
use crate::store::Store;

use crate::ops::{record, Now, NONE};

/// What `crm import undo` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Undone {
    pub removed: usize,
    pub restored: usize,
    /// Records changed (or given other records) since the import: left as they are.
    pub kept: usize,
}

/// Takes an import back: created records are removed, merged ones restored as they were,
/// but only where nothing has changed them since, so later work is never lost.
pub fn undo(store: &Store, now: &Now, id: i64) -> Result<Undone> {
    store.write(|tx| {
        let r = tx.read();
        let rec = r.imports()?.into_iter().find(|i| i.id == id).ok_or_else(|| Error::not_found(format!("there is no import #{id}; see crm import list.")))?;
        if rec.undone_at.is_some() {
            return Err(Error::invalid(format!("import #{id} was already undone.")));
        }
        let at = rec.at;
        // Changed since the import = any history row after the import's own closing row
        // (exact, even within the same second).
        let mark = r.import_mark(id)?;
        let mut done = Undone::default();
        let mut companies = Vec::new();
        // Newest first: what the import wrote last (tasks, interactions, deals) goes before
        // the contacts it belongs to.
        for item in r.import_items(id)? {
            match (item.entity.as_str(), item.action.as_str()) {
                ("contact", "create") => {
                    let cid = ContactId(item.entity_id);
                    match r.contact(cid)? {
                        Some(c) if !r.changed_since("contact", cid.0, mark)? && !r.contact_has_records(cid)? => {
                            tx.delete_contact(cid, now.utc)?;
                            record(tx, now, "contact", cid.0, Some(cid), "undo-import", Some(&c), NONE)?;
                            done.removed += 1;
                        }
                        Some(_) => done.kept += 1,
                        None => {}
                    }
                }
                ("contact", "merge") => {
                    let snap: serde_json::Value = serde_json::from_str(item.before.as_deref().unwrap_or("null"))
                        .map_err(|e| Error::storage(format!("import #{id} holds an unreadable snapshot ({e}).")))?;
                    let parse = |k: &str| serde_json::from_value::<Contact>(snap.get(k).cloned().unwrap_or_default()).ok();
                    let (Some(before), Some(after)) = (parse("before"), parse("after")) else {
                        return Err(Error::storage(format!("import #{id} holds an unreadable snapshot.")));
                    };
                    match r.contact(before.id)? {
                        Some(now_c) if now_c == after && !r.changed_since("contact", before.id.0, mark)? => {
                            tx.update_contact(&before)?;
                            record(tx, now, "contact", before.id.0, Some(before.id), "undo-import", Some(&after), Some(&before))?;
                            done.restored += 1;
                        }
                        _ => done.kept += 1,
                    }
                }
                ("deal", "create") => match r.deal(DealId(item.entity_id))? {
                    Some(d) if !r.changed_since("deal", d.id.0, mark)? && !r.deal_has_records(d.id)? => {
                        tx.delete_deal(d.id)?;
                        record(tx, now, "deal", d.id.0, d.contact_id, "undo-import", Some(&d), NONE)?;
                        done.removed += 1;
                    }
                    Some(_) => done.kept += 1,
                    None => {}
                },
                ("interaction", "create") => {
                    if r.interaction_created_at(InteractionId(item.entity_id))? == Some(at) {
                        let i = r.interaction(InteractionId(item.entity_id))?;
                        tx.delete_interaction(InteractionId(item.entity_id))?;
                        if let Some(i) = i {
                            tx.refresh_last_contact(i.contact_id)?;
                            record(tx, now, "interaction", i.id.0, Some(i.contact_id), "undo-import", Some(&i), NONE)?;
                        }
                        done.removed += 1;
                    }
                }
                ("task", "create") => match r.task(TaskId(item.entity_id))? {
                    Some(t) if t.created_at == at && !r.changed_since("task", t.id.0, mark)? => {
                        tx.delete_task(t.id)?;
                        record(tx, now, "task", t.id.0, t.contact_id, "undo-import", Some(&t), NONE)?;
                        done.removed += 1;
                    }
                    Some(_) => done.kept += 1,
                    None => {}
                },
                ("company", "create") => companies.push(CompanyId(item.entity_id)),
                _ => {}
            }
        }
        // Companies the import created go too, unless something else now uses them.
        for c in companies {
            if !r.company_in_use(c)? {
                tx.delete_company(c)?;
            }
        }
        tx.mark_import_undone(id, now.utc)?;
        let summary = serde_json::json!({"import": id, "removed": done.removed, "restored": done.restored, "kept": done.kept});
        record(tx, now, "import", id, None, "undo", NONE, Some(&summary))?;
        Ok(done)
    })
}
