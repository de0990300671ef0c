//! "A long write is running": an import or an undo holds the write lock for minutes, and
//! while it does, short writes (a call, a task) queue instead of waiting for it (see
//! `ops::queue`). Ordinary contention between short writers is not that: they wait their
//! turn as before, and a script still gets the id of what it wrote.
//!
//! On a file the mark is an exclusive lock on `crm.db-long`, a private empty file beside
//! the database; on a team's server, an advisory lock of its own. Both go when the
//! process does, however it ends, so a crash never leaves a stale mark.

use std::fs::{File, TryLockError};
use std::path::PathBuf;

use super::Store;

/// A long write's mark, held until dropped.
pub struct LongWrite<'a> {
    held: Held<'a>,
}

enum Held<'a> {
    File(#[allow(dead_code)] File),
    Server(&'a Store),
    Nothing,
}

impl Drop for LongWrite<'_> {
    fn drop(&mut self) {
        if let Held::Server(store) = self.held {
            if let Some(pg) = store.conn.pg() {
                pg.unmark_long_write();
            }
        }
    }
}

impl Store {
    fn long_write_path(&self) -> Option<PathBuf> {
        let path = self.path.as_ref()?;
        let mut name = path.as_os_str().to_owned();
        name.push("-long");
        Some(PathBuf::from(name))
    }

    /// Marks a long write as running until the mark is dropped. Best effort: when the
    /// mark cannot be made (another long write holds it, a read-only directory), the
    /// write runs all the same and short writes wait for it as they always did.
    pub fn mark_long_write(&self) -> LongWrite<'_> {
        let held = if let Some(pg) = self.conn.pg() {
            match pg.mark_long_write() {
                Ok(true) => Held::Server(self),
                _ => Held::Nothing,
            }
        } else if let Some(path) = self.long_write_path() {
            let file = crate::private_file::create(&path)
                .or_else(|_| std::fs::OpenOptions::new().write(true).open(&path));
            match file {
                Ok(f) if f.try_lock().is_ok() => Held::File(f),
                _ => Held::Nothing,
            }
        } else {
            Held::Nothing
        };
        LongWrite { held }
    }

    /// Whether another crm marks a long write as running now.
    pub fn long_write_running(&self) -> bool {
        if let Some(pg) = self.conn.pg() {
            return pg.long_write_elsewhere().unwrap_or(false);
        }
        let Some(path) = self.long_write_path() else {
            return false;
        };
        let Ok(f) = File::open(&path) else {
            return false;
        };
        matches!(f.try_lock_shared(), Err(TryLockError::WouldBlock))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_write_is_seen_by_another_store_while_it_runs_and_not_after() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crm.db");
        let (a, b) = (Store::open(&path).unwrap(), Store::open(&path).unwrap());
        assert!(!b.long_write_running());
        {
            let _mark = a.mark_long_write();
            assert!(b.long_write_running());
            // A second long write runs without a mark of its own.
            let _second = b.mark_long_write();
            assert!(b.long_write_running());
        }
        assert!(!b.long_write_running());
        assert!(!Store::open_in_memory().unwrap().long_write_running());
    }
}
