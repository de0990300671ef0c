//! Emptying the trash undo relies on (`crm purge`), and what a removed contact's records
//! become (`crm contact rm`). See `forget.rs` for the erase itself.

use chrono::{DateTime, Utc};

use crate::store::db::{params, Optional};

use super::rows::ts;
use super::{Store, Tx};
use crate::domain::*;

/// What `crm purge` did to the undo log and the import log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Sealed {
    /// Changes before the cut that `crm undo` can no longer take back.
    pub changes: usize,
    /// Their undo-log images, erased.
    pub undo_images: usize,
    /// Items of imports undone before the cut (what `import undo` kept of them).
    pub import_items: usize,
    /// History rows, older than the cut, about contacts that are gone (removed by a merge
    /// or an import undo, or purged).
    pub history: usize,
    /// The oldest change `crm undo` can still take back.
    pub oldest_undoable: Option<i64>,
}

impl Tx<'_> {
    /// Seals every change made before `cut` and erases its undo images; drops the items of
    /// imports undone before `cut` and the old history of people who are gone.
    pub fn purge_before(&self, cut: DateTime<Utc>) -> Result<Sealed> {
        let c = self.conn;
        let cut = ts(cut);
        let mut done = Sealed {
            changes: c.execute(
                "UPDATE changes SET logged = -1 WHERE logged = 1 AND at < ?1 AND id <> ?2",
                params![cut, self.change],
            )?,
            ..Sealed::default()
        };
        done.undo_images = c.execute(
            "DELETE FROM undo_log WHERE change_id IN (SELECT id FROM changes WHERE logged = -1 AND at < ?1)",
            [cut],
        )?;
        done.import_items = c.execute(
            "DELETE FROM import_items WHERE import_id IN (SELECT id FROM imports WHERE undone_at IS NOT NULL AND undone_at < ?1)",
            [cut],
        )?;
        done.history = c.execute(
            "DELETE FROM history WHERE at < ?1 AND action <> 'forgotten' AND (
                (entity = 'contact' AND entity_id NOT IN (SELECT id FROM contacts))
                OR (contact_id IS NOT NULL AND contact_id NOT IN (SELECT id FROM contacts)))",
            [cut],
        )?;
        done.oldest_undoable = c.query_row(
            "SELECT min(id) FROM changes WHERE logged = 1 AND undone_by IS NULL AND id <> ?1",
            [self.change],
            |r| r.get(0),
        )?;
        Ok(done)
    }

    /// A removed contact's records: its tasks go (how many), its deals stay without a
    /// contact (how many); its cases stay with it, as its interactions do (how many).
    pub fn remove_contact_records(&self, id: ContactId) -> Result<(usize, usize, usize)> {
        let tasks = self
            .conn
            .execute("DELETE FROM tasks WHERE contact_id = ?1", [id])?;
        let deals = self.conn.execute(
            "UPDATE deals SET contact_id = NULL, version = version + 1 WHERE contact_id = ?1",
            [id],
        )?;
        let cases: i64 = self.conn.query_row(
            "SELECT count(*) FROM cases WHERE contact_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        Ok((tasks, deals, cases as usize))
    }

    /// Removes a contact row for good, with its e-mails, phones, name words, tags, fields,
    /// score and not-dupes marks (a merge's absorbed contact, a contact an undone import
    /// created): no other record may point at it. The undo log keeps its images until
    /// `crm purge`.
    pub fn erase_contact_row(&self, id: ContactId) -> Result<()> {
        self.conn
            .execute("DELETE FROM contacts WHERE id = ?1", [id])?;
        Ok(())
    }
}

impl Store {
    /// Gives the file's free pages back (SQLite `VACUUM`, then a checkpoint that empties
    /// the write-ahead log): returns the file's size before and after. `None` on
    /// PostgreSQL, where vacuuming is the server's business (autovacuum).
    pub fn vacuum(&self) -> Result<Option<(u64, u64)>> {
        if self.conn.is_pg() {
            return Ok(None);
        }
        let size = || {
            self.path
                .as_ref()
                .and_then(|p| std::fs::metadata(p).ok())
                .map_or(0, |m| m.len())
        };
        let before = size();
        self.conn.execute_batch("VACUUM")?;
        self.checkpoint()?;
        Ok(Some((before, size())))
    }

    /// Copies the write-ahead log into the file and empties it, so what was deleted is
    /// not left in the -wal file either (best effort: a reader holding an old snapshot
    /// keeps the log until it ends). Nothing on PostgreSQL.
    pub fn checkpoint(&self) -> Result<()> {
        if self.conn.is_pg() {
            return Ok(());
        }
        let _busy: Option<i64> = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
            .optional()?;
        Ok(())
    }
}
