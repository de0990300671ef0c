//! Prepared statements and the rows they give, over either backend.

use super::pg::PgConn;
use super::value::{FromValue, OwnedValue, Params, Value, ValueRef};
use super::{DbError, DbResult};

/// A prepared statement.
pub struct Stmt<'c> {
    kind: Kind<'c>,
}

enum Kind<'c> {
    Cached(rusqlite::CachedStatement<'c>),
    Plain(rusqlite::Statement<'c>),
    Pg(&'c PgConn, String),
}

/// Binds SQLite parameters from [`Value`]s without copying text.
struct Bind<'v>(&'v Value<'v>);

impl rusqlite::ToSql for Bind<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef as R};
        Ok(match self.0 {
            Value::Null => ToSqlOutput::Borrowed(R::Null),
            Value::Integer(i) => ToSqlOutput::Borrowed(R::Integer(*i)),
            Value::Real(f) => ToSqlOutput::Borrowed(R::Real(*f)),
            Value::Text(t) => ToSqlOutput::Borrowed(R::Text(t.as_bytes())),
            Value::Blob(b) => ToSqlOutput::Borrowed(R::Blob(b)),
        })
    }
}

fn sqlite_stmt<'a, 'c>(kind: &'a mut Kind<'c>) -> Option<&'a mut rusqlite::Statement<'c>> {
    match kind {
        Kind::Cached(s) => Some(s),
        Kind::Plain(s) => Some(s),
        Kind::Pg(..) => None,
    }
}

impl<'c> Stmt<'c> {
    pub(super) fn cached(s: rusqlite::CachedStatement<'c>) -> Stmt<'c> {
        Stmt {
            kind: Kind::Cached(s),
        }
    }

    pub(super) fn plain(s: rusqlite::Statement<'c>) -> Stmt<'c> {
        Stmt {
            kind: Kind::Plain(s),
        }
    }

    pub(super) fn pg(c: &'c PgConn, s: String) -> Stmt<'c> {
        Stmt {
            kind: Kind::Pg(c, s),
        }
    }

    /// Runs the statement; the number of rows it changed.
    pub fn execute<P: Params>(&mut self, params: P) -> DbResult<usize> {
        let values = params.values();
        match &mut self.kind {
            Kind::Pg(c, s) => c.execute(s, &values),
            kind => {
                let s = sqlite_stmt(kind).expect("a SQLite statement");
                let binds = values.iter().map(Bind);
                Ok(s.execute(rusqlite::params_from_iter(binds))?)
            }
        }
    }

    /// Runs an INSERT; the id of the row it made.
    pub fn insert<P: Params>(&mut self, params: P) -> DbResult<i64> {
        let values = params.values();
        match &mut self.kind {
            Kind::Pg(c, s) => {
                c.execute(s, &values)?;
                Ok(c.last_id.get())
            }
            kind => {
                let s = sqlite_stmt(kind).expect("a SQLite statement");
                let binds = values.iter().map(Bind);
                Ok(s.insert(rusqlite::params_from_iter(binds))?)
            }
        }
    }

    /// The rows, each read by `f`.
    pub fn query_map<T, P, F>(&mut self, params: P, f: F) -> DbResult<MappedRows<'_, F>>
    where
        P: Params,
        F: FnMut(&Row<'_>) -> DbResult<T>,
    {
        Ok(MappedRows {
            rows: self.query(params)?,
            f,
        })
    }

    /// Hands each row to `f` as it is read, holding only that row (on PostgreSQL too,
    /// where [`Stmt::query`] reads every row first). For exports: `f` must not run other
    /// statements on this connection.
    pub fn for_each<P, F>(&mut self, params: P, mut f: F) -> DbResult<()>
    where
        P: Params,
        F: FnMut(&Row<'_>) -> DbResult<()>,
    {
        let values = params.values();
        match &mut self.kind {
            Kind::Pg(c, s) => c.for_each(s, &values, &mut |v| {
                f(&Row {
                    kind: RowKind::Pg(v),
                })
            }),
            _ => {
                let mut rows = self.query(values.as_slice())?;
                while let Some(r) = rows.next()? {
                    f(&r)?;
                }
                Ok(())
            }
        }
    }

    /// The first row, read by `f`; [`DbError::NoRows`] when there is none.
    pub fn query_row<T, P, F>(&mut self, params: P, f: F) -> DbResult<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> DbResult<T>,
    {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(r) => f(&r),
            None => Err(DbError::NoRows),
        }
    }

    /// Whether the statement gives any row.
    pub fn exists<P: Params>(&mut self, params: P) -> DbResult<bool> {
        Ok(self.query(params)?.next()?.is_some())
    }

    /// The rows, to step through with [`Rows::next`].
    pub fn query<P: Params>(&mut self, params: P) -> DbResult<Rows<'_>> {
        let values = params.values();
        match &mut self.kind {
            Kind::Pg(c, s) => Ok(Rows {
                kind: RowsKind::Pg(c.query(s, &values)?.into_iter(), None),
            }),
            kind => {
                let s = sqlite_stmt(kind).expect("a SQLite statement");
                // Bound before stepping (SQLite copies them), so the values need not
                // outlive `Rows`.
                for (i, v) in values.iter().enumerate() {
                    s.raw_bind_parameter(i + 1, Bind(v))?;
                }
                Ok(Rows {
                    kind: RowsKind::Sqlite(s.raw_query()),
                })
            }
        }
    }

    pub fn column_count(&self) -> usize {
        match &self.kind {
            Kind::Cached(s) => s.column_count(),
            Kind::Plain(s) => s.column_count(),
            Kind::Pg(c, s) => c.column_count(s).unwrap_or(0),
        }
    }
}

/// Rows being read.
pub struct Rows<'s> {
    kind: RowsKind<'s>,
}

enum RowsKind<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Pg(std::vec::IntoIter<Vec<OwnedValue>>, Option<Vec<OwnedValue>>),
}

impl Rows<'_> {
    /// The next row, or `None` after the last (rusqlite's shape: a row borrows the cursor,
    /// so this cannot be an `Iterator`).
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> DbResult<Option<Row<'_>>> {
        match &mut self.kind {
            RowsKind::Sqlite(rows) => Ok(rows.next()?.map(|r| Row {
                kind: RowKind::Sqlite(r),
            })),
            RowsKind::Pg(it, current) => {
                *current = it.next();
                Ok(current.as_deref().map(|v| Row {
                    kind: RowKind::Pg(v),
                }))
            }
        }
    }
}

/// One row of a result.
pub struct Row<'r> {
    kind: RowKind<'r>,
}

enum RowKind<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Pg(&'r [OwnedValue]),
}

impl Row<'_> {
    /// Column `i` (from 0) as `T`.
    pub fn get<T: FromValue>(&self, i: usize) -> DbResult<T> {
        T::from_value(self.get_ref(i)?)
    }

    /// Column `i` (from 0), borrowed.
    pub fn get_ref(&self, i: usize) -> DbResult<ValueRef<'_>> {
        match &self.kind {
            RowKind::Sqlite(r) => Ok(match r.get_ref(i)? {
                rusqlite::types::ValueRef::Null => ValueRef::Null,
                rusqlite::types::ValueRef::Integer(n) => ValueRef::Integer(n),
                rusqlite::types::ValueRef::Real(f) => ValueRef::Real(f),
                rusqlite::types::ValueRef::Text(t) => ValueRef::Text(
                    std::str::from_utf8(t).map_err(|e| DbError::decode(e.to_string()))?,
                ),
                rusqlite::types::ValueRef::Blob(b) => ValueRef::Blob(b),
            }),
            RowKind::Pg(v) => v
                .get(i)
                .map(|v| v.as_ref())
                .ok_or_else(|| DbError::decode(format!("no column {i}"))),
        }
    }
}

/// The rows of [`Stmt::query_map`], each read by its function.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F> Iterator for MappedRows<'_, F>
where
    F: FnMut(&Row<'_>) -> DbResult<T>,
{
    type Item = DbResult<T>;

    fn next(&mut self) -> Option<DbResult<T>> {
        match self.rows.next() {
            Ok(Some(r)) => Some((self.f)(&r)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}
