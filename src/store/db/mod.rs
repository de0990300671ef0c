//! One connection type over both backends (DESIGN §14), so the SQL of the entity files
//! is written once.
//!
//! [`Conn`] is either a rusqlite connection or a PostgreSQL client. Its statements keep
//! rusqlite's shape (`prepare_cached`, `query_map`, `query_row`, `execute`, rows read with
//! `get(i)`), and the PostgreSQL side rewrites the SQLite-flavoured text on the way
//! (`?N` → `$N` and the few spellings in [`pg::translate`]). Where the dialects truly
//! differ the caller asks [`Conn::is_pg`] and says it twice; that stays inside `store/`.

mod error;
pub mod pg;
mod pg_sql;
mod pg_values;
mod stmt;
mod value;

use std::cell::Cell;

pub use error::{DbError, DbResult, Optional};
pub use stmt::{MappedRows, Row, Rows, Stmt};
pub use value::{
    params_from_iter, FromValue, OwnedValue, Params, ParamsFromIter, ToValue, Value, ValueRef,
};

/// Mixed-type parameters (rusqlite's `params!`).
pub use crate::db_params as params;

/// An open connection to either backend.
pub enum Conn {
    Sqlite(rusqlite::Connection),
    Pg(Box<pg::PgConn>),
}

/// How a write transaction begins.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Begin {
    /// Takes the write lock now (SQLite `BEGIN IMMEDIATE`; PostgreSQL SERIALIZABLE).
    Write,
    /// One consistent snapshot for reading.
    Read,
}

impl Conn {
    /// A private in-memory SQLite database (tests).
    pub fn open_in_memory() -> DbResult<Conn> {
        Ok(Conn::Sqlite(rusqlite::Connection::open_in_memory()?))
    }

    /// A SQLite file as it is, without crm's checks (tests).
    pub fn open_sqlite(path: &std::path::Path) -> DbResult<Conn> {
        Ok(Conn::Sqlite(rusqlite::Connection::open(path)?))
    }

    pub fn is_pg(&self) -> bool {
        matches!(self, Conn::Pg(_))
    }

    /// The SQLite connection, for what only SQLite has (pragmas, functions, backup).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Conn::Sqlite(c) => Some(c),
            Conn::Pg(_) => None,
        }
    }

    pub fn pg(&self) -> Option<&pg::PgConn> {
        match self {
            Conn::Sqlite(_) => None,
            Conn::Pg(c) => Some(&**c),
        }
    }

    pub fn prepare_cached(&self, sql: &str) -> DbResult<Stmt<'_>> {
        match self {
            Conn::Sqlite(c) => Ok(Stmt::cached(c.prepare_cached(sql)?)),
            Conn::Pg(c) => Ok(Stmt::pg(c, sql.to_string())),
        }
    }

    pub fn prepare(&self, sql: &str) -> DbResult<Stmt<'_>> {
        match self {
            Conn::Sqlite(c) => Ok(Stmt::plain(c.prepare(sql)?)),
            Conn::Pg(c) => Ok(Stmt::pg(c, sql.to_string())),
        }
    }

    pub fn execute<P: Params>(&self, sql: &str, params: P) -> DbResult<usize> {
        self.prepare(sql)?.execute(params)
    }

    pub fn query_row<T, P, F>(&self, sql: &str, params: P, f: F) -> DbResult<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> DbResult<T>,
    {
        self.prepare(sql)?.query_row(params, f)
    }

    /// Runs statements without parameters, separated by `;`.
    pub fn execute_batch(&self, sql: &str) -> DbResult<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Pg(c) => c.batch(sql),
        }
    }

    /// The id the last INSERT made (PostgreSQL: the `id` its `RETURNING id` gave).
    pub fn last_insert_rowid(&self) -> i64 {
        match self {
            Conn::Sqlite(c) => c.last_insert_rowid(),
            Conn::Pg(c) => c.last_id.get(),
        }
    }

    /// Rows the last statement changed.
    pub fn changes(&self) -> u64 {
        match self {
            Conn::Sqlite(c) => c.changes(),
            Conn::Pg(c) => c.changes.get(),
        }
    }

    /// Starts a transaction; it rolls back when the guard drops uncommitted.
    pub fn begin(&self, how: Begin) -> DbResult<Transaction<'_>> {
        let sql = match (self, how) {
            (Conn::Sqlite(_), Begin::Write) => "BEGIN IMMEDIATE",
            (Conn::Sqlite(_), Begin::Read) => "BEGIN DEFERRED",
            (Conn::Pg(_), Begin::Write) => "BEGIN ISOLATION LEVEL SERIALIZABLE",
            (Conn::Pg(_), Begin::Read) => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        };
        if let Some(pg) = self.pg() {
            pg.revive().map_err(|e| DbError::decode(e.to_string()))?;
        }
        self.execute_batch(sql)?;
        if let Some(pg) = self.pg() {
            pg.set_in_tx(true);
        }
        Ok(Transaction {
            conn: self,
            open: Cell::new(true),
        })
    }
}

/// An open transaction on a [`Conn`].
pub struct Transaction<'c> {
    conn: &'c Conn,
    open: Cell<bool>,
}

impl<'c> Transaction<'c> {
    pub fn conn(&self) -> &'c Conn {
        self.conn
    }

    /// Commits; when that fails (a serialization failure, a full disk) the transaction
    /// is rolled back, so the connection is never left inside it.
    pub fn commit(self) -> DbResult<()> {
        self.open.set(false);
        if let Some(pg) = self.conn.pg() {
            pg.set_in_tx(false);
        }
        let done = self.conn.execute_batch("COMMIT");
        if done.is_err() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        done
    }

    pub fn rollback(self) -> DbResult<()> {
        self.open.set(false);
        if let Some(pg) = self.conn.pg() {
            pg.set_in_tx(false);
        }
        self.conn.execute_batch("ROLLBACK")
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if self.open.get() {
            if let Some(pg) = self.conn.pg() {
                pg.set_in_tx(false);
            }
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}
