//! The append-only change log.

use rusqlite::params;

use super::rows::*;
use super::{Reader, Tx};
use crate::domain::*;
use crate::store::Change;

impl Reader<'_> {
    /// Newest first; with a contact, the changes to it and to its deals, interactions and tasks.
    pub fn history(&self, contact: Option<ContactId>, limit: usize) -> Result<Vec<HistoryEntry>> {
        let sql = "SELECT id, entity, entity_id, action, before, after, at FROM history \
                   WHERE ?1 IS NULL OR contact_id = ?1 OR (entity = 'contact' AND entity_id = ?1) ORDER BY id DESC LIMIT ?2";
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![contact, limit as i64], |r| {
            let before: Option<String> = r.get(4)?;
            let after: Option<String> = r.get(5)?;
            Ok(HistoryEntry {
                id: r.get(0)?,
                entity: r.get(1)?,
                entity_id: r.get(2)?,
                action: r.get(3)?,
                before: before.and_then(|s| serde_json::from_str(&s).ok()),
                after: after.and_then(|s| serde_json::from_str(&s).ok()),
                at: from_ts(r.get(6)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Tx<'_> {
    pub fn add_history(&self, c: Change) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO history (entity, entity_id, contact_id, action, before, after, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        stmt.execute(params![
            c.entity.as_str(),
            c.entity_id,
            c.contact_id,
            c.action.as_str(),
            c.before.map(|v| v.to_string()),
            c.after.map(|v| v.to_string()),
            ts(c.at)
        ])?;
        Ok(())
    }
}
