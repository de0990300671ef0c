//! The only module that names rusqlite: opening the file, pragmas, migrations and queries.
//!
//! Reads go through [`Reader`] (`store.read()`); writes through [`Tx`], handed out by
//! [`Store::write`], which wraps one `BEGIN IMMEDIATE` transaction.

mod companies;
mod contacts;
mod deals;
mod demo;
mod history;
mod imports;
mod interactions;
mod open;
mod reports;
mod rows;
mod schema;
mod search;
mod tasks;
mod views;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};

use crate::domain::{Error, Result};

pub use companies::CompanyRow;
pub use contacts::{ContactFilter, NameCandidate};
pub use deals::DealFilter;
pub use history::Change;
pub use imports::{ImportItem, ImportRecord};
pub use interactions::InteractionFilter;
pub use open::{create_private_file, LATEST_VERSION};
pub use reports::{FunnelDeal, MonthTotals, Period, StageTotals};
pub use search::SearchKind;
pub use tasks::{TaskFilter, TaskWindow};
pub use views::{fuzzy_pattern, ContactRow, Cursor, DealCard};

/// An open crm database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

/// Read access, from a [`Store`] or inside a [`Tx`].
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    conn: &'a Connection,
}

/// Write access inside one immediate transaction.
pub struct Tx<'a> {
    conn: &'a Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path`: private permissions, pragmas,
    /// migrations. See DESIGN §3.
    pub fn open(path: &Path) -> Result<Store> {
        open::open_file(path)
    }

    /// A fresh in-memory database with the schema, for tests.
    pub fn open_in_memory() -> Result<Store> {
        open::open_memory()
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn read(&self) -> Reader<'_> {
        Reader { conn: &self.conn }
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction: committed if it returns `Ok`,
    /// rolled back otherwise, so a failed command writes nothing.
    pub fn write<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let out = f(&Tx { conn: &tx })?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` over one consistent snapshot of the database (a read transaction), so
    /// several queries see the same state even while other processes write.
    pub fn snapshot<T>(&self, f: impl FnOnce(Reader<'_>) -> Result<T>) -> Result<T> {
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)?;
        let out = f(Reader { conn: &tx });
        tx.rollback()?;
        out
    }

    /// Increases whenever another connection commits; the TUI polls it.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// SQLite's online backup into a new private file.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        open::backup(&self.conn, dest)
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`: empty when all is well.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let line = row?;
            if line != "ok" {
                problems.push(line);
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let fk = stmt.query_map([], |r| {
            Ok(format!(
                "{} row {} points at a missing {}",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?
            ))
        })?;
        for row in fk {
            problems.push(row?);
        }
        Ok(problems)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    pub fn journal_mode(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?)
    }
}

impl<'a> Tx<'a> {
    pub fn read(&self) -> Reader<'a> {
        Reader { conn: self.conn }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            match f.code {
                C::DatabaseBusy | C::DatabaseLocked => {
                    return Error::storage("the database stayed busy for too long (another crm is writing); try again.")
                }
                C::NotADatabase => return Error::storage("the file is not a crm database (SQLite cannot read it); check the --db path."),
                C::ReadOnly => return Error::storage("the database is read-only; check the permissions of the file and its directory."),
                C::CannotOpen => return Error::storage("cannot open the database file; check that its directory exists and is writable."),
                C::DiskFull => return Error::storage("the disk is full; nothing was written."),
                C::ConstraintViolation => return Error::conflict(format!("that change breaks a rule of the database ({e}).")),
                _ => {}
            }
        }
        Error::storage(format!("database error: {e}"))
    }
}
