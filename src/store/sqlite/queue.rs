//! The write-behind queue: short changes made while another crm held the write lock (an
//! import), kept durably until someone gets the lock and applies them.
//!
//! On a file the queue is a second SQLite file next to the database (`crm.db-queue`,
//! private like it, WAL, `synchronous=FULL`), so appending never waits for the main file's
//! write lock. On a team's PostgreSQL server it is the table `queued` of the team's
//! database: appending is one autocommit INSERT, which takes neither the team's write turn
//! (an advisory lock) nor any lock a writer holds, since no write transaction touches the
//! table (it has no undo trigger). The SQL below serves both (`queue_file.rs` says where).
//!
//! Each queued change has a random key. Applying one inserts its key into the main
//! database's `queue_applied` in the same transaction as the change; after that commits,
//! the queue row is deleted. A crash between the two leaves a row whose key is already
//! applied: the next drain sees that and only deletes the row, so every queued change is
//! written exactly once. What the change is (`op`) is the ops layer's JSON; the store only
//! keeps it, so any team member's crm may apply what another queued.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::queue_file::{self, Place};
use super::{Reader, Store, Tx};
use crate::domain::{Error, Result};
use crate::store::db::{params, ToValue};

/// One change waiting in the queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Queued {
    /// Its place in the queue (oldest first).
    pub seq: i64,
    /// Its random key, which the main database keeps once it is applied.
    pub key: String,
    pub queued_at: DateTime<Utc>,
    /// One line for listings: "call with Ada Lovelace (#12)".
    pub what: String,
    /// The change, as the ops layer wrote it.
    pub op: String,
    /// Why applying it failed, when it did: it waits for `crm doctor --queue`.
    pub error: Option<String>,
}

/// The most text of queued changes read at once (characters of their JSON).
const PAGE_BYTES: i64 = 16 * 1024 * 1024;

impl Store {
    /// Where this database's queue file lives; `None` in memory and on a server (whose
    /// queue is a table of its database).
    pub fn queue_path(&self) -> Option<PathBuf> {
        if self.conn.is_pg() {
            return None;
        }
        let path = self.path.as_ref()?;
        let mut name = path.as_os_str().to_owned();
        name.push("-queue");
        Some(PathBuf::from(name))
    }

    /// Whether a change can be queued here: beside a database file, or on a server.
    pub fn can_queue(&self) -> bool {
        self.conn.is_pg() || self.queue_path().is_some()
    }

    /// The queue: the server's table, or the file (made when `create`; `None` when there
    /// is none, which costs one `stat`).
    fn queue(&self, create: bool) -> Result<Option<Place<'_>>> {
        if self.conn.is_pg() {
            return Ok(Some(Place::Server(&self.conn)));
        }
        match self.queue_path() {
            Some(path) => queue_file::open_file(&path, create),
            None => Ok(None),
        }
    }

    /// Appends a change to the queue, durably (on disk, or committed on the server, when
    /// this returns), under a new random key, which it returns. Never waits for a writer.
    pub fn enqueue(&self, at: DateTime<Utc>, what: &str, op: &str) -> Result<String> {
        let key = queue_file::new_key();
        let q = self.queue(true)?.ok_or_else(|| {
            Error::storage("changes can be queued only beside a database file or on a server.")
        })?;
        q.conn()
            .execute(
                "INSERT INTO queued (key, queued_at, what, op) VALUES (?1, ?2, ?3, ?4)",
                params![key, at.timestamp(), what, op],
            )
            .map_err(|e| q.error(e))?;
        Ok(key)
    }

    /// Up to `limit` changes waiting to be applied (not failed) that were queued after the
    /// one numbered `after` (0: from the start), oldest first. Cheap when nothing was ever
    /// queued: one `stat` on a file, one indexed read on a server.
    pub fn queued_waiting(&self, after: i64, limit: usize) -> Result<Vec<Queued>> {
        self.queued_where("error IS NULL AND seq > ?1", params![after], limit)
    }

    /// Up to `limit` queued changes after the one numbered `after`, those that failed
    /// included, oldest first.
    pub fn queued_after(&self, after: i64, limit: usize) -> Result<Vec<Queued>> {
        self.queued_where("seq > ?1", params![after], limit)
    }

    /// The first `limit` queued changes, those that failed included (with their error).
    pub fn queued_first(&self, limit: usize) -> Result<Vec<Queued>> {
        self.queued_where("1 = 1", params![], limit)
    }

    /// Up to `limit` queued changes that failed, oldest first.
    pub fn queued_failed(&self, limit: usize) -> Result<Vec<Queued>> {
        self.queued_where("error IS NOT NULL", params![], limit)
    }

    /// Up to `limit` queued changes whose key starts with `prefix` (hex digits only).
    pub fn queued_with_prefix(&self, prefix: &str, limit: usize) -> Result<Vec<Queued>> {
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(Vec::new());
        }
        let pattern = format!("{}%", prefix.to_ascii_lowercase());
        self.queued_where("key LIKE ?1", params![pattern], limit)
    }

    /// How many changes the queue holds: (waiting, failed).
    pub fn queued_count(&self) -> Result<(u64, u64)> {
        let Some(q) = self.queue(false)? else {
            return Ok((0, 0));
        };
        q.conn()
            .query_row(
                "SELECT count(*) FILTER (WHERE error IS NULL), \
                 count(*) FILTER (WHERE error IS NOT NULL) FROM queued",
                [],
                |r| Ok((r.get::<i64>(0)? as u64, r.get::<i64>(1)? as u64)),
            )
            .map_err(|e| q.error(e))
    }

    /// Queued changes meeting `cond` (over `args`, `?1`…), oldest first, at most `limit`.
    /// Reads at most `limit` queued changes, and fewer when they are large: none that
    /// starts past [`PAGE_BYTES`] of those before it.
    fn queued_where(&self, cond: &str, args: &[&dyn ToValue], limit: usize) -> Result<Vec<Queued>> {
        let Some(q) = self.queue(false)? else {
            return Ok(Vec::new());
        };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut all: Vec<&dyn ToValue> = args.to_vec();
        all.push(&limit);
        // Never more than PAGE_BYTES of changes at once (a queued call's body may be a
        // mebibyte), but always the first one.
        let sql = format!(
            "SELECT seq, key, queued_at, what, op, error FROM ( \
               SELECT *, sum(length(op)) OVER (ORDER BY seq) - length(op) AS ahead \
               FROM (SELECT * FROM queued WHERE {cond} ORDER BY seq LIMIT ?{}) AS page \
             ) AS sized WHERE ahead < {PAGE_BYTES} ORDER BY seq",
            all.len()
        );
        let read = || -> crate::store::db::DbResult<Vec<Queued>> {
            q.conn()
                .prepare(&sql)?
                .query_map(all.as_slice(), |r| {
                    Ok(Queued {
                        seq: r.get(0)?,
                        key: r.get(1)?,
                        queued_at: DateTime::from_timestamp(r.get(2)?, 0).unwrap_or_default(),
                        what: r.get(3)?,
                        op: r.get(4)?,
                        error: r.get(5)?,
                    })
                })?
                .collect()
        };
        read().map_err(|e| q.error(e))
    }

    /// Takes a queued change off the queue (applied, or dropped by the user).
    pub fn dequeue(&self, key: &str) -> Result<bool> {
        self.on_queue("DELETE FROM queued WHERE key = ?1", params![key])
    }

    /// Takes changes off the queue in one statement (one sync to disk, one commit).
    pub fn dequeue_all(&self, keys: &[&str]) -> Result<()> {
        if keys.is_empty() {
            return Ok(());
        }
        let list = serde_json::to_string(keys)?;
        self.on_queue(
            "DELETE FROM queued WHERE key IN (SELECT value FROM json_each(?1))",
            params![list],
        )
        .map(drop)
    }

    /// Leaves nothing of dropped changes in the queue file: its log is copied and cut
    /// (the rows themselves are zeroed when deleted). Nothing to do on a server.
    pub fn queue_scrub(&self) -> Result<()> {
        let Some(place) = self.queue(false)? else {
            return Ok(());
        };
        if let Place::File(conn, _) = &place {
            let done = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", params![], |_| Ok(()));
            return done.map_err(|e| place.error(e));
        }
        Ok(())
    }

    /// Keeps a change that could not be applied, with why, until the user retries or
    /// drops it.
    pub fn queue_failed(&self, key: &str, error: &str) -> Result<bool> {
        self.on_queue(
            "UPDATE queued SET error = ?2, tries = tries + 1 WHERE key = ?1",
            params![key, error],
        )
    }

    /// Makes every failed change wait to be applied again; how many.
    pub fn queue_retry_all(&self) -> Result<usize> {
        let Some(q) = self.queue(false)? else {
            return Ok(0);
        };
        q.conn()
            .execute("UPDATE queued SET error = NULL WHERE error IS NOT NULL", [])
            .map_err(|e| q.error(e))
    }

    /// Runs one statement on the queue; whether it changed a row.
    fn on_queue(&self, sql: &str, args: &[&dyn ToValue]) -> Result<bool> {
        let Some(q) = self.queue(false)? else {
            return Ok(false);
        };
        let n = q.conn().execute(sql, args).map_err(|e| q.error(e))?;
        Ok(n > 0)
    }
}

impl Reader<'_> {
    /// Whether the queued change with this key is already in the database.
    pub fn queue_applied(&self, key: &str) -> Result<bool> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM queue_applied WHERE key = ?1",
            [key],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }
}

impl Tx<'_> {
    /// Notes in this transaction that the queued change `key` is applied; `false` when it
    /// already was (then the caller writes nothing).
    pub fn mark_queue_applied(&self, key: &str, at: DateTime<Utc>) -> Result<bool> {
        let n = self.conn.execute(
            "INSERT INTO queue_applied (key, applied_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![key, at.timestamp()],
        )?;
        Ok(n > 0)
    }
}

#[cfg(test)]
#[path = "queue_tests.rs"]
mod tests;
