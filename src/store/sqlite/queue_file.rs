//! Where the write-behind queue lives (see `queue.rs`): on a file, a second SQLite file
//! beside the database; on a team's server, the `queued` table of its database, reached
//! through the store's own session.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use crate::domain::{Error, Result};
use crate::private_file;
use crate::store::db::{Conn, DbError};

/// The queue file's schema (its own `user_version` 1). PostgreSQL's table is migration 26
/// (`migrations_queue.rs`), the same columns.
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

/// The queue's connection: the file's own, or the server's session.
pub(super) enum Place<'a> {
    File(Conn, PathBuf),
    Server(&'a Conn),
}

impl Place<'_> {
    pub(super) fn conn(&self) -> &Conn {
        match self {
            Place::File(c, _) => c,
            Place::Server(c) => c,
        }
    }

    /// A failure in the user's words, naming the queue file when it is one.
    pub(super) fn error(&self, e: DbError) -> Error {
        match self {
            Place::File(_, path) => file_error(path, Error::from(e)),
            Place::Server(_) => Error::from(e),
        }
    }
}

/// Opens the queue file: created private (0600) when `create`, else `None` if it does not
/// exist.
pub(super) fn open_file(path: &Path, create: bool) -> Result<Option<Place<'static>>> {
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
    let fail = |e: rusqlite::Error| file_error(path, super::sqlite_error(e));
    let conn = Connection::open(path).map_err(fail)?;
    let setup = || -> rusqlite::Result<()> {
        conn.busy_timeout(QUEUE_BUSY)?;
        let _: String = conn.query_row("PRAGMA journal_mode=wal", [], |r| r.get(0))?;
        // secure_delete: a dropped change (a forgotten person's call) is zeroed in the file.
        conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;")?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version == 0 {
            conn.execute_batch(SCHEMA)?;
        }
        Ok(())
    };
    setup().map_err(fail)?;
    // SQLite makes the -wal and -shm files with the queue file's own mode (0600).
    Ok(Some(Place::File(Conn::Sqlite(conn), path.to_path_buf())))
}

fn file_error(path: &Path, e: Error) -> Error {
    match e {
        Error::Storage(m) => Error::storage(format!("the queue {}: {m}", path.display())),
        other => other,
    }
}

/// 128 random bits as hex, from two of the standard library's randomly seeded hashers
/// (keyed afresh per process) over the time, the process and a counter.
pub(super) fn new_key() -> String {
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
