//! The record of imports, for `crm import list` and `crm import undo`.

use crate::domain::history::{Action, Entity};
use crate::store::db::params;
use crate::store::db::DbResult;
use chrono::{DateTime, Utc};

use super::rows::*;
use super::{Reader, Tx};
use crate::domain::*;
use crate::store::{ImportItem, ImportRecord};

impl Reader<'_> {
    pub fn imports(&self) -> Result<Vec<ImportRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, entity, file, format, at, created, merged, skipped, rejected, undone_at FROM imports ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ImportRecord {
                id: r.get(0)?,
                entity: r.get(1)?,
                file: r.get(2)?,
                format: r.get(3)?,
                at: from_ts(r.get(4)?),
                created: r.get(5)?,
                merged: r.get(6)?,
                skipped: r.get(7)?,
                rejected: r.get(8)?,
                undone_at: opt_ts(r.get(9)?),
            })
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    pub fn import_items(&self, id: i64) -> Result<Vec<ImportItem>> {
        let mut stmt = self.conn.prepare("SELECT entity, entity_id, action, before FROM import_items WHERE import_id = ?1 ORDER BY id DESC")?;
        let rows = stmt.query_map([id], |r| {
            Ok(ImportItem {
                entity: r.get(0)?,
                entity_id: r.get(1)?,
                action: r.get(2)?,
                before: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// A live contact with this folded name at this company (or with no company).
    pub fn contact_by_name_and_company(
        &self,
        name_key: &str,
        company: Option<CompanyId>,
    ) -> Result<Option<ContactId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM contacts WHERE name_key = ?1 AND company_id IS NOT DISTINCT FROM ?2 AND deleted_at IS NULL ORDER BY id LIMIT 1",
        )?;
        let found = stmt
            .query_map(params![name_key, company], |r| r.get(0))?
            .next()
            .transpose()?;
        Ok(found)
    }

    /// Whether a contact has an e-mail (without loading the whole contact).
    pub fn contact_has_emails(&self, id: ContactId) -> Result<bool> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM contact_emails WHERE contact_id = ?1)")?;
        Ok(stmt.query_row([id], |r| r.get(0))?)
    }

    /// A deal with this title, contact and amount: the same deal seen again.
    pub fn same_deal(
        &self,
        title: &str,
        contact: Option<ContactId>,
        value: crate::domain::money::Money,
    ) -> Result<Option<DealId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM deals WHERE title = ?1 AND contact_id IS NOT DISTINCT FROM ?2 AND value_minor = ?3 AND currency = ?4 ORDER BY id LIMIT 1",
        )?;
        let found = stmt
            .query_map(params![title, contact, value.minor, value.currency], |r| {
                r.get(0)
            })?
            .next()
            .transpose()?;
        Ok(found)
    }

    /// The history row that closed an import: everything it wrote has a smaller id.
    pub fn import_mark(&self, import: i64) -> Result<i64> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT coalesce(max(id), 0) FROM history WHERE entity = 'import' AND entity_id = ?1 AND action = 'import'",
        )?;
        Ok(stmt.query_row([import], |r| r.get(0))?)
    }

    /// Whether anything changed a record after a history mark (any later history row).
    pub fn changed_since(&self, entity: Entity, id: i64, mark: i64) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM history WHERE entity = ?1 AND entity_id = ?2 AND id > ?3)")?;
        Ok(stmt.query_row(params![entity.as_str(), id, mark], |r| r.get(0))?)
    }

    /// Whether interactions or tasks point at a deal.
    pub fn deal_has_records(&self, id: DealId) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM interactions WHERE deal_id = ?1) OR EXISTS (SELECT 1 FROM tasks WHERE deal_id = ?1)",
            [id],
            |r| r.get(0),
        )?)
    }

    /// Whether a contact has interactions, deals or tasks.
    pub fn contact_has_records(&self, id: ContactId) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM interactions WHERE contact_id = ?1) OR EXISTS (SELECT 1 FROM deals WHERE contact_id = ?1) \
             OR EXISTS (SELECT 1 FROM tasks WHERE contact_id = ?1) OR EXISTS (SELECT 1 FROM cases WHERE contact_id = ?1)",
            [id],
            |r| r.get(0),
        )?)
    }

    /// When an interaction was written (to tell an imported row from a later one with a reused id).
    pub fn interaction_created_at(&self, id: InteractionId) -> Result<Option<DateTime<Utc>>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT created_at FROM interactions WHERE id = ?1")?;
        let found: Option<i64> = stmt.query_map([id], |r| r.get(0))?.next().transpose()?;
        Ok(found.map(from_ts))
    }

    /// How many contacts and deals still use a company (undo keeps used ones).
    pub fn company_in_use(&self, id: CompanyId) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM contacts WHERE company_id = ?1 AND deleted_at IS NULL) OR EXISTS (SELECT 1 FROM deals WHERE company_id = ?1)",
            [id],
            |r| r.get(0),
        )?)
    }
}

impl Tx<'_> {
    pub fn insert_import(
        &self,
        entity: &str,
        file: &str,
        format: &str,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO imports (entity, file, format, at) VALUES (?1, ?2, ?3, ?4)",
            params![entity, file, format, ts(at)],
        )?;
        Ok(self.new_id())
    }

    pub fn add_import_item(
        &self,
        import: i64,
        entity: Entity,
        entity_id: i64,
        action: Action,
        before: Option<&str>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached("INSERT INTO import_items (import_id, entity, entity_id, action, before) VALUES (?1, ?2, ?3, ?4, ?5)")?;
        stmt.execute(params![
            import,
            entity.as_str(),
            entity_id,
            action.as_str(),
            before
        ])?;
        Ok(())
    }

    pub fn finish_import(
        &self,
        id: i64,
        created: usize,
        merged: usize,
        skipped: usize,
        rejected: usize,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE imports SET created = ?2, merged = ?3, skipped = ?4, rejected = ?5 WHERE id = ?1",
            params![id, created as i64, merged as i64, skipped as i64, rejected as i64],
        )?;
        Ok(())
    }

    pub fn mark_import_undone(&self, id: i64, at: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "UPDATE imports SET undone_at = ?2 WHERE id = ?1",
            params![id, ts(at)],
        )?;
        Ok(())
    }

    pub fn delete_interaction(&self, id: InteractionId) -> Result<()> {
        self.conn
            .execute("DELETE FROM interactions WHERE id = ?1", [id])?;
        Ok(())
    }

    pub fn delete_task(&self, id: TaskId) -> Result<()> {
        self.conn.execute("DELETE FROM tasks WHERE id = ?1", [id])?;
        Ok(())
    }
}
