//! `crm import undo`: takes one import back, but never work done since.

use chrono::{DateTime, Utc};

use crate::domain::history::{Action, Entity};
use crate::domain::*;
use crate::ops::{record, Now, NONE};
use crate::store::{ImportItem, Store, Tx};

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
    let undone = {
        // Minutes for a large import: calls made meanwhile queue instead of waiting.
        let _long = store.mark_long_write();
        store.write(|tx| undo_in(tx, now, id))?
    };
    crate::ops::queue::drain_after(store, now);
    store.settle();
    Ok(undone)
}

/// [`undo`] inside a transaction already open (`crm undo` of an import's change).
pub(crate) fn undo_in(tx: &Tx<'_>, now: &Now, id: i64) -> Result<Undone> {
    {
        let r = tx.read();
        let rec = r
            .imports()?
            .into_iter()
            .find(|i| i.id == id)
            .ok_or_else(|| {
                Error::not_found(format!("there is no import #{id}; see crm import list."))
            })?;
        if rec.undone_at.is_some() {
            return Err(Error::invalid(format!("import #{id} was already undone.")));
        }
        let mut undoing = Undoing {
            tx,
            now,
            id,
            at: rec.at,
            // Changed since the import = any history row after the import's own closing
            // row (exact, even within the same second).
            mark: r.import_mark(id)?,
            restored: std::collections::HashMap::new(),
            done: Undone::default(),
        };
        let mut companies = Vec::new();
        let mut stages = Vec::new();
        // Newest first: what the import wrote last (tasks, interactions, deals) goes before
        // the contacts it belongs to.
        for item in r.import_items(id)? {
            let what = (
                Entity::from_word(&item.entity),
                Action::from_word(&item.action),
            );
            let id = item.entity_id;
            match what {
                (Some(Entity::Contact), Some(Action::Create)) => {
                    undoing.created_contact(ContactId(id))?
                }
                (Some(Entity::Contact), Some(Action::Merge)) => undoing.merged_contact(&item)?,
                (Some(Entity::Deal), Some(Action::Create)) => undoing.created_deal(DealId(id))?,
                (Some(Entity::Interaction), Some(Action::Create)) => {
                    undoing.created_interaction(InteractionId(id))?
                }
                (Some(Entity::Task), Some(Action::Create)) => undoing.created_task(TaskId(id))?,
                (Some(Entity::Case), Some(Action::Create)) => undoing.created_case(id)?,
                (Some(Entity::Company), Some(Action::Create)) => companies.push(CompanyId(id)),
                (Some(Entity::Stage), Some(Action::Create)) => stages.push(StageId(id)),
                (Some(Entity::Company), Some(Action::Merge)) => undoing.merged_company(&item)?,
                _ => {}
            }
        }
        // Companies the import created go too, unless something else now uses them.
        for c in companies {
            if !r.company_in_use(c)? {
                tx.delete_company(c)?;
            }
        }
        // Stages `--create-stages` added go too, while no deal is in them and nobody has
        // changed them since.
        for s in stages {
            let (open, closed) = r.stage_usage(s)?;
            if open + closed == 0 && !r.changed_since(Entity::Stage, s.0, undoing.mark)? {
                tx.delete_stage(s)?;
            }
        }
        tx.mark_import_undone(id, now.utc)?;
        let done = undoing.done;
        let summary = serde_json::json!({"import": id, "removed": done.removed, "restored": done.restored, "kept": done.kept});
        record(
            tx,
            now,
            Entity::Import,
            id,
            None,
            Action::Undo,
            NONE,
            Some(&summary),
        )?;
        Ok(done)
    }
}

/// One undo under way.
struct Undoing<'a, 'b> {
    tx: &'a Tx<'b>,
    now: &'a Now,
    /// The import being undone.
    id: i64,
    /// When it ran.
    at: DateTime<Utc>,
    /// Its closing history row: later rows are changes made since.
    mark: i64,
    /// Contacts this undo has already put back from a merge, and whether they had been
    /// changed since the import before that: the restore itself is no later change, so a
    /// contact the import created and then merged a later row into still goes.
    restored: std::collections::HashMap<i64, bool>,
    done: Undone,
}

impl Undoing<'_, '_> {
    fn changed(&self, entity: Entity, id: i64) -> Result<bool> {
        if entity == Entity::Contact {
            if let Some(changed) = self.restored.get(&id) {
                return Ok(*changed);
            }
        }
        self.tx.read().changed_since(entity, id, self.mark)
    }

    fn created_contact(&mut self, id: ContactId) -> Result<()> {
        let r = self.tx.read();
        match r.contact(id)? {
            Some(c) if !self.changed(Entity::Contact, id.0)? && !r.contact_has_records(id)? => {
                // Deleted for good, not left in the trash (200,000 removed rows would
                // stay otherwise); this undo's own undo log can still put them back.
                self.tx.erase_contact_row(id)?;
                self.removed(Entity::Contact, id.0, Some(id), &c)?;
            }
            Some(_) => self.done.kept += 1,
            None => {}
        }
        Ok(())
    }

    /// Puts back the contact as it was before the import merged into it.
    fn merged_contact(&mut self, item: &ImportItem) -> Result<()> {
        let id = self.id;
        let snap: serde_json::Value =
            serde_json::from_str(item.before.as_deref().unwrap_or("null")).map_err(|e| {
                Error::storage(format!("import #{id} holds an unreadable snapshot ({e})."))
            })?;
        let parse = |k: &str| {
            serde_json::from_value::<Contact>(snap.get(k).cloned().unwrap_or_default()).ok()
        };
        let (Some(before), Some(after)) = (parse("before"), parse("after")) else {
            return Err(Error::storage(format!(
                "import #{id} holds an unreadable snapshot."
            )));
        };
        match self.tx.read().contact(before.id)? {
            Some(now_c) if now_c == after && !self.changed(Entity::Contact, before.id.0)? => {
                self.tx.update_contact(&before)?;
                self.restored.insert(before.id.0, false);
                record(
                    self.tx,
                    self.now,
                    Entity::Contact,
                    before.id.0,
                    Some(before.id),
                    Action::UndoImport,
                    Some(&after),
                    Some(&before),
                )?;
                self.done.restored += 1;
            }
            _ => self.done.kept += 1,
        }
        Ok(())
    }

    /// Puts back a company as it was before `crm import companies` filled it in.
    fn merged_company(&mut self, item: &ImportItem) -> Result<()> {
        let snap: Option<(CompanyFill, CompanyFill)> =
            serde_json::from_str(item.before.as_deref().unwrap_or("null")).unwrap_or_default();
        let Some((before, after)) = snap else {
            return Err(Error::storage(format!(
                "import #{} holds an unreadable snapshot.",
                self.id
            )));
        };
        let id = CompanyId(item.entity_id);
        match self.tx.read().company(id)? {
            Some(c) if CompanyFill::of(&c) == after && !self.changed(Entity::Company, id.0)? => {
                let mut back = c.clone();
                before.put(&mut back);
                self.tx.update_company(&back)?;
                record(
                    self.tx,
                    self.now,
                    Entity::Company,
                    id.0,
                    None,
                    Action::UndoImport,
                    Some(&c),
                    Some(&back),
                )?;
                self.done.restored += 1;
            }
            _ => self.done.kept += 1,
        }
        Ok(())
    }

    fn created_deal(&mut self, id: DealId) -> Result<()> {
        let r = self.tx.read();
        match r.deal(id)? {
            Some(d) if !self.changed(Entity::Deal, d.id.0)? && !r.deal_has_records(d.id)? => {
                self.tx.delete_deal(d.id)?;
                self.removed(Entity::Deal, d.id.0, d.contact_id, &d)?;
            }
            Some(_) => self.done.kept += 1,
            None => {}
        }
        Ok(())
    }

    /// An interaction is the import's own while its creation time is the import's.
    fn created_interaction(&mut self, id: InteractionId) -> Result<()> {
        let r = self.tx.read();
        if r.interaction_created_at(id)? != Some(self.at) {
            return Ok(());
        }
        let i = r.interaction(id)?;
        self.tx.delete_interaction(id)?;
        match i {
            Some(i) => {
                self.tx
                    .refresh_last_contact_until(i.contact_id, self.now.utc)?;
                self.removed(Entity::Interaction, i.id.0, Some(i.contact_id), &i)?;
            }
            None => self.done.removed += 1,
        }
        Ok(())
    }

    /// Counts a record the import created and this undo removed, with its history row.
    fn removed<T: serde::Serialize>(
        &mut self,
        entity: Entity,
        id: i64,
        contact: Option<ContactId>,
        record_was: &T,
    ) -> Result<()> {
        let now = self.now;
        record(
            self.tx,
            now,
            entity,
            id,
            contact,
            Action::UndoImport,
            Some(record_was),
            NONE,
        )?;
        self.done.removed += 1;
        Ok(())
    }

    /// A case the import created goes unless it was changed since (replied to, solved).
    fn created_case(&mut self, id: i64) -> Result<()> {
        match self.tx.read().case(id)? {
            Some(k) if !self.changed(Entity::Case, id)? => {
                self.tx.delete_case(id)?;
                self.removed(Entity::Case, id, Some(k.contact_id), &k)?;
            }
            Some(_) => self.done.kept += 1,
            None => {}
        }
        Ok(())
    }

    /// A task the import created goes unless it was changed since. (`import all` keeps a
    /// task's creation time from the file, so that time cannot tell it apart; a later
    /// task that took its id after a removal shows as a change.)
    fn created_task(&mut self, id: TaskId) -> Result<()> {
        match self.tx.read().task(id)? {
            Some(t) if !self.changed(Entity::Task, t.id.0)? => {
                self.tx.delete_task(t.id)?;
                self.removed(Entity::Task, t.id.0, t.contact_id, &t)?;
            }
            Some(_) => self.done.kept += 1,
            None => {}
        }
        Ok(())
    }
}

/// The fields `crm import companies` fills in, before and after (the undo snapshot).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct CompanyFill {
    domain: Option<String>,
    industry: Option<String>,
    size: Option<CompanySize>,
    notes: Option<String>,
    /// When it was last changed, put back with the rest (snapshots from before this was
    /// kept have none, and leave it as it is).
    #[serde(default)]
    updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The filled-in fields alone: whether the company still holds what the import wrote.
impl PartialEq for CompanyFill {
    fn eq(&self, o: &Self) -> bool {
        (&self.domain, &self.industry, self.size, &self.notes)
            == (&o.domain, &o.industry, o.size, &o.notes)
    }
}

impl CompanyFill {
    pub(super) fn of(c: &Company) -> CompanyFill {
        CompanyFill {
            domain: c.domain.clone(),
            industry: c.industry.clone(),
            size: c.size,
            notes: c.notes.clone(),
            updated_at: Some(c.updated_at),
        }
    }

    fn put(self, c: &mut Company) {
        c.domain = self.domain;
        c.industry = self.industry;
        c.size = self.size;
        c.notes = self.notes;
        if let Some(at) = self.updated_at {
            c.updated_at = at;
        }
    }
}
