//! SQLite's errors in the user's words.

use rusqlite::ErrorCode as C;

use crate::domain::Error;
use crate::store::db::DbError;

/// SQLite's error as the domain's (through [`DbError`]).
pub fn sqlite_error(e: rusqlite::Error) -> Error {
    {
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

/// A conflict saying `message` when `e` broke a rule of the schema (a unique name or
/// e-mail); any other error as usual.
pub(super) fn conflict_or(e: DbError, message: impl FnOnce() -> String) -> Error {
    if e.is_constraint() {
        return Error::conflict(message());
    }
    e.into()
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        sqlite_error(e)
    }
}
