//! The write-behind queue: short changes made while another crm held the write lock (an
//! import), kept durably beside the database until someone gets the lock and applies them.
//!
//! On a file the queue is a second SQLite file next to the database (`crm.db-queue`,
//! private like it, WAL, `synchronous=FULL`), so appending never waits for the main file's
//! write lock. Each queued change has a random key. Applying one inserts its key into the
//! main database's `queue_applied` in the same transaction as the change; after that commits,
//! the queue row is deleted. A crash between the two leaves a row whose key is already
//! applied: the next drain sees that and only deletes the row, so every queued change is
//! written exactly once. What the change is (`op`) is the ops layer's JSON; the store only
//! keeps it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::{Reader, Store, Tx};
use crate::domain::{Error, Result};
use crate::private_file;

/// The queue file's schema (its own `user_version` 1).
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS queued (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    key        TEXT NOT NULL UNIQUE,
    queued_at  INTEGER NOT NULL,
    what       TEXT NOT NULL,
    op         TEXT NOT NULL,
    error      TEXT,
    tries      INTEGER NOT NULL DEFAULT 0
);
PRAGMA user_version = 1;
";

/// Appending waits this long for another process appending or draining (each holds the
/// queue file for a moment only).
const QUEUE_BUSY: Duration = Duration::from_secs(5);

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

impl Store {
    /// Where this database's queue lives; `None` in memory and on a server.
    pub fn queue_path(&self) -> Option<PathBuf> {
        if self.conn.is_pg() {
            return None;
        }
        let path = self.path.as_ref()?;
        let mut name = path.as_os_str().to_owned();
        name.push("-queue");
        Some(PathBuf::from(name))
    }

    /// Whether a change can be queued here (a database file; not yet on a server).
    pub fn can_queue(&self) -> bool {
        self.queue_path().is_some()
    }

    /// Appends a change to the queue, durably (it is on disk when this returns), under a
    /// new random key, which it returns.
    pub fn enqueue(&self, at: DateTime<Utc>, what: &str, op: &str) -> Result<String> {
        let key = new_key();
        let key = key.as_str();
        let path = self
            .queue_path()
            .ok_or_else(|| Error::storage("changes can be queued only beside a database file."))?;
        let conn = open_queue(&path, true)?.expect("created");
        conn.execute(
            "INSERT INTO queued (key, queued_at, what, op) VALUES (?1, ?2, ?3, ?4)",
            params![key, at.timestamp(), what, op],
        )
        .map_err(|e| queue_error(&path, e))?;
        Ok(key.to_string())
    }

    /// Up to `limit` changes waiting to be applied (not failed) that were queued after the
    /// one numbered `after` (0: from the start), oldest first. Cheap when nothing was ever
    /// queued: one `stat`.
    pub fn queued_waiting(&self, after: i64, limit: usize) -> Result<Vec<Queued>> {
        self.queued_where("error IS NULL AND seq > ?1", &after, limit)
    }

    /// The first `limit` queued changes, those that failed included (with their error).
    pub fn queued_first(&self, limit: usize) -> Result<Vec<Queued>> {
        self.queued_where("?1 = ?1", &0, limit)
    }

    /// Up to `limit` queued changes that failed, oldest first.
    pub fn queued_failed(&self, limit: usize) -> Result<Vec<Queued>> {
        self.queued_where("error IS NOT NULL AND ?1 = ?1", &0, limit)
    }

    /// Up to `limit` queued changes whose key starts with `prefix` (hex digits only).
    pub fn queued_with_prefix(&self, prefix: &str, limit: usize) -> Result<Vec<Queued>> {
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(Vec::new());
        }
        let pattern = format!("{}%", prefix.to_ascii_lowercase());
        self.queued_where("key LIKE ?1", &pattern, limit)
    }

    /// How many changes the queue holds: (waiting, failed).
    pub fn queued_count(&self) -> Result<(u64, u64)> {
        let Some(path) = self.queue_path() else {
            return Ok((0, 0));
        };
        let Some(conn) = open_queue(&path, false)? else {
            return Ok((0, 0));
        };
        conn.query_row(
            "SELECT count(*) FILTER (WHERE error IS NULL), count(*) FILTER (WHERE error IS NOT NULL) FROM queued",
            [],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
        )
        .map_err(|e| queue_error(&path, e))
    }

    fn queued_where(
        &self,
        cond: &str,
        arg: &dyn rusqlite::ToSql,
        limit: usize,
    ) -> Result<Vec<Queued>> {
        let Some(path) = self.queue_path() else {
            return Ok(Vec::new());
        };
        let Some(conn) = open_queue(&path, false)? else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT seq, key, queued_at, what, op, error FROM queued WHERE {cond} ORDER BY seq LIMIT ?2"
        );
        let mut st = conn.prepare(&sql).map_err(|e| queue_error(&path, e))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = st
            .query_map(params![arg, limit], |r| {
                Ok(Queued {
                    seq: r.get(0)?,
                    key: r.get(1)?,
                    queued_at: DateTime::from_timestamp(r.get(2)?, 0).unwrap_or_default(),
                    what: r.get(3)?,
                    op: r.get(4)?,
                    error: r.get(5)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| queue_error(&path, e))?;
        Ok(rows)
    }

    /// Takes a queued change off the queue (applied, or dropped by the user).
    pub fn dequeue(&self, key: &str) -> Result<bool> {
        self.on_queue(key, "DELETE FROM queued WHERE key = ?1", None)
    }

    /// Takes changes off the queue in one transaction (one sync to disk).
    pub fn dequeue_all(&self, keys: &[&str]) -> Result<()> {
        let Some(path) = self.queue_path() else {
            return Ok(());
        };
        let Some(mut conn) = open_queue(&path, false)? else {
            return Ok(());
        };
        let mut run = || -> rusqlite::Result<()> {
            let tx = conn.transaction()?;
            {
                let mut st = tx.prepare("DELETE FROM queued WHERE key = ?1")?;
                for key in keys {
                    st.execute([key])?;
                }
            }
            tx.commit()
        };
        run().map_err(|e| queue_error(&path, e))
    }

    /// Keeps a change that could not be applied, with why, until the user retries or
    /// drops it.
    pub fn queue_failed(&self, key: &str, error: &str) -> Result<bool> {
        self.on_queue(
            key,
            "UPDATE queued SET error = ?2, tries = tries + 1 WHERE key = ?1",
            Some(error),
        )
    }

    /// Makes every failed change wait to be applied again; how many.
    pub fn queue_retry_all(&self) -> Result<usize> {
        let Some(path) = self.queue_path() else {
            return Ok(0);
        };
        let Some(conn) = open_queue(&path, false)? else {
            return Ok(0);
        };
        conn.execute("UPDATE queued SET error = NULL WHERE error IS NOT NULL", [])
            .map_err(|e| queue_error(&path, e))
    }

    fn on_queue(&self, key: &str, sql: &str, error: Option<&str>) -> Result<bool> {
        let Some(path) = self.queue_path() else {
            return Ok(false);
        };
        let Some(conn) = open_queue(&path, false)? else {
            return Ok(false);
        };
        let n = match error {
            Some(e) => conn.execute(sql, params![key, e]),
            None => conn.execute(sql, params![key]),
        }
        .map_err(|e| queue_error(&path, e))?;
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
            crate::store::db::params![key, at.timestamp()],
        )?;
        Ok(n > 0)
    }
}

/// 128 random bits as hex, from two of the standard library's randomly seeded hashers
/// (keyed afresh per process) over the time, the process and a counter.
fn new_key() -> String {
    use std::hash::{BuildHasher, Hasher};
    static COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let half = |salt: u64| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(nanos);
        h.write_u32(std::process::id());
        h.write_u64(n);
        h.write_u64(salt);
        h.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

/// Opens the queue file: created private (0600) when `create`, else `None` if it does not
/// exist.
fn open_queue(path: &Path, create: bool) -> Result<Option<Connection>> {
    if !path.exists() {
        if !create {
            return Ok(None);
        }
        match private_file::create(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(Error::storage(format!(
                    "cannot create the queue {}: {e}.",
                    path.display()
                )))
            }
        }
    }
    let conn = Connection::open(path).map_err(|e| queue_error(path, e))?;
    let setup = || -> rusqlite::Result<()> {
        conn.busy_timeout(QUEUE_BUSY)?;
        let _: String = conn.query_row("PRAGMA journal_mode=wal", [], |r| r.get(0))?;
        conn.execute_batch("PRAGMA synchronous=FULL;")?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version == 0 {
            conn.execute_batch(SCHEMA)?;
        }
        Ok(())
    };
    setup().map_err(|e| queue_error(path, e))?;
    // SQLite makes the -wal and -shm files with the queue file's own mode (0600).
    Ok(Some(conn))
}

fn queue_error(path: &Path, e: rusqlite::Error) -> Error {
    match super::sqlite_error(e) {
        Error::Storage(m) => Error::storage(format!("the queue {}: {m}", path.display())),
        other => other,
    }
}
