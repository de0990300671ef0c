//! The append-only change log.

use crate::store::db::DbResult;
use crate::store::db::{params, Conn, Params};

use super::rows::*;
use super::{Reader, Tx};
use crate::domain::*;
use crate::store::Change;

/// A record's before or after image longer than this is not read for display: it stands
/// as `{"omitted_bytes": N}` (issue 17; `crm interaction show ID` has a long body in full).
pub const IMAGE_SHOWN: usize = 256 * 1024;

/// Every image whole (undo); the lengths are only read to fill the same columns.
const COLUMNS: &str =
    "id, change_id, entity, entity_id, contact_id, action, before, after, at, by, \
    NULL, NULL";

/// Images up to [`IMAGE_SHOWN`] bytes; the lengths of longer ones (`history`).
const COLUMNS_SHOWN: &str = "id, change_id, entity, entity_id, contact_id, action, \
    CASE WHEN octet_length(before) <= 262144 THEN before END, \
    CASE WHEN octet_length(after) <= 262144 THEN after END, at, by, octet_length(before), octet_length(after)";

/// A stored image as JSON; one too long to read, as how long it is.
fn image(text: Option<String>, bytes: Option<i64>) -> Option<serde_json::Value> {
    match (text, bytes) {
        (Some(s), _) => serde_json::from_str(&s).ok(),
        (None, Some(n)) => Some(serde_json::json!({ "omitted_bytes": n })),
        (None, None) => None,
    }
}

/// History rows chosen by `tail` (a WHERE … ORDER BY … clause over `history`), with
/// their images whole.
pub(super) fn entries(conn: &Conn, tail: &str, p: impl Params) -> Result<Vec<HistoryEntry>> {
    read_entries(conn, COLUMNS, tail, p)
}

fn read_entries(
    conn: &Conn,
    columns: &str,
    tail: &str,
    p: impl Params,
) -> Result<Vec<HistoryEntry>> {
    debug_assert!(COLUMNS_SHOWN.contains(&IMAGE_SHOWN.to_string()));
    let mut stmt = conn.prepare_cached(&format!("SELECT {columns} FROM history {tail}"))?;
    let rows = stmt.query_map(p, |r| {
        Ok(HistoryEntry {
            id: r.get(0)?,
            change: r.get(1)?,
            entity: r.get(2)?,
            entity_id: r.get(3)?,
            contact_id: r.get::<Option<i64>>(4)?.map(ContactId),
            action: r.get(5)?,
            before: image(r.get(6)?, r.get(10)?),
            after: image(r.get(7)?, r.get(11)?),
            at: from_ts(r.get(8)?),
            by: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<DbResult<_>>()?)
}

impl Reader<'_> {
    /// Newest first; with a contact, the changes to it and to its deals, interactions and tasks.
    pub fn history(&self, contact: Option<ContactId>, limit: usize) -> Result<Vec<HistoryEntry>> {
        self.history_by(contact, None, limit)
    }

    /// Who last changed a record and when (the newest history row about it).
    pub fn last_change_of(
        &self,
        entity: crate::domain::history::Entity,
        id: i64,
    ) -> Result<Option<(Option<String>, chrono::DateTime<chrono::Utc>)>> {
        use crate::store::db::Optional;
        let row: Option<(Option<String>, i64)> = self
            .conn
            .prepare_cached(
                "SELECT by, at FROM history WHERE entity = ?1 AND entity_id = ?2 ORDER BY id DESC LIMIT 1",
            )?
            .query_row(params![entity.as_str(), id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(row.map(|(by, at)| (by, super::rows::from_ts(at))))
    }

    /// As [`Reader::history`], and with `by`, only the changes that person made.
    pub fn history_by(
        &self,
        contact: Option<ContactId>,
        by: Option<&str>,
        limit: usize,
    ) -> Result<Vec<HistoryEntry>> {
        read_entries(
            self.conn,
            COLUMNS_SHOWN,
            "WHERE (CAST(?1 AS INTEGER) IS NULL OR contact_id = ?1 OR (entity = 'contact' AND entity_id = ?1)) \
             AND (CAST(?3 AS TEXT) IS NULL OR by = ?3) ORDER BY id DESC LIMIT ?2",
            params![contact, limit as i64, by],
        )
    }
}

impl Tx<'_> {
    pub fn add_history(&self, c: Change) -> Result<()> {
        let at = ts(c.at);
        self.conn
            .prepare_cached(
                "INSERT INTO changes (id, at, by, logged) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO NOTHING",
            )?
            .execute(params![self.change, at, c.by, !self.unlogged.get()])?;
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO history (entity, entity_id, contact_id, action, before, after, at, change_id, by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        stmt.execute(params![
            c.entity.as_str(),
            c.entity_id,
            c.contact_id,
            c.action.as_str(),
            c.before.map(|v| v.to_string()),
            c.after.map(|v| v.to_string()),
            at,
            self.change,
            c.by,
        ])?;
        Ok(())
    }
}
