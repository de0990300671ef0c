//! The two drivers' errors, and what they mean to the user.

use crate::domain::Error;

/// An error from either driver, or a value that did not convert.
#[derive(Debug)]
pub enum DbError {
    Sqlite(rusqlite::Error),
    Pg(postgres::Error),
    /// `query_row` found nothing.
    NoRows,
    /// A column held something its Rust type cannot take.
    Decode(String),
}

pub type DbResult<T> = std::result::Result<T, DbError>;

impl DbError {
    pub fn decode(msg: impl Into<String>) -> DbError {
        DbError::Decode(msg.into())
    }

    /// The SQLSTATE of a PostgreSQL error.
    pub fn pg_code(&self) -> Option<&str> {
        match self {
            DbError::Pg(e) => e.code().map(|c| c.code()),
            _ => None,
        }
    }

    /// A unique key, foreign key or check broken.
    pub fn is_constraint(&self) -> bool {
        match self {
            DbError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => {
                f.code == rusqlite::ErrorCode::ConstraintViolation
            }
            DbError::Pg(_) => self.pg_code().is_some_and(|c| c.starts_with("23")),
            _ => false,
        }
    }

    /// Another connection held the lock for longer than this one would wait.
    pub fn is_busy(&self) -> bool {
        matches!(self, DbError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
            if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
    }

    /// A serialization failure or deadlock: the transaction may simply be run again.
    pub fn is_retryable(&self) -> bool {
        matches!(self.pg_code(), Some("40001" | "40P01"))
    }
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::Sqlite(e) => write!(f, "{e}"),
            DbError::Pg(e) => match e.as_db_error() {
                Some(db) => write!(f, "{}", db.message()),
                None => write!(f, "{e}"),
            },
            DbError::NoRows => write!(f, "no row found"),
            DbError::Decode(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::QueryReturnedNoRows => DbError::NoRows,
            e => DbError::Sqlite(e),
        }
    }
}

impl From<postgres::Error> for DbError {
    fn from(e: postgres::Error) -> Self {
        DbError::Pg(e)
    }
}

impl From<DbError> for Error {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Sqlite(e) => crate::store::sqlite_error(e),
            DbError::Pg(e) => super::pg::error(e),
            DbError::NoRows => Error::storage("database error: an expected row is missing."),
            DbError::Decode(m) => Error::storage(format!("database error: {m}.")),
        }
    }
}

/// `query_row(…).optional()`: no row is `None` rather than an error.
pub trait Optional<T> {
    fn optional(self) -> DbResult<Option<T>>;
}

impl<T> Optional<T> for DbResult<T> {
    fn optional(self) -> DbResult<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(DbError::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
