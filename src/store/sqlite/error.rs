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
                C::DiskFull => return Error::storage(DISK_FULL),
                C::SystemIoFailure => return io_failure(f.extended_code),
                C::ConstraintViolation => return Error::conflict(format!("that change breaks a rule of the database ({e}).")),
                _ => {}
            }
        }
        Error::storage(format!("database error: {e}"))
    }
}

const DISK_FULL: &str = "the disk is full; nothing was written. Free some space (df -h shows \
     where), then try again.";

/// SQLite's "disk I/O error" in words. Reading needs room too: a database opened for the
/// first time since its journal files went away creates its -wal and -shm files, and a
/// big sort spills to temporary files, so on a full disk a read fails to *write*.
/// Failures to write or grow a file are said as a full disk (by far the usual cause);
/// failures to read as an unreadable disk.
fn io_failure(extended: std::os::raw::c_int) -> Error {
    use rusqlite::ffi;
    let what = match extended {
        ffi::SQLITE_IOERR_READ | ffi::SQLITE_IOERR_SHORT_READ => {
            return Error::storage(format!(
                "the disk could not be read (SQLite I/O error {extended}); the disk may be \
                 failing or the file damaged: crm doctor checks it, crm backup copies it."
            ))
        }
        ffi::SQLITE_IOERR_SHMOPEN | ffi::SQLITE_IOERR_SHMSIZE | ffi::SQLITE_IOERR_SHMMAP => {
            "its -shm file"
        }
        ffi::SQLITE_IOERR_FSYNC | ffi::SQLITE_IOERR_DIR_FSYNC => "to the disk for good (fsync)",
        ffi::SQLITE_IOERR_TRUNCATE => "a file's new size",
        _ => "its files",
    };
    Error::storage(format!(
        "the disk is full, or cannot be written: SQLite could not write {what} (I/O error \
         {extended}). Free some space (df -h shows where), then try again; nothing was written."
    ))
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

#[cfg(test)]
mod tests {
    use super::sqlite_error;
    use rusqlite::ffi;

    fn said(extended: std::os::raw::c_int) -> String {
        let e = rusqlite::Error::SqliteFailure(ffi::Error::new(extended), None);
        sqlite_error(e).to_string()
    }

    /// A full disk fails reads as well as writes, with SQLITE_FULL or one of the
    /// SQLITE_IOERR codes; none of them is shown as SQLite's bare "disk I/O error".
    #[test]
    fn a_full_disk_is_said_so_on_reads_and_writes() {
        for code in [
            ffi::SQLITE_FULL,
            ffi::SQLITE_IOERR,
            ffi::SQLITE_IOERR_WRITE,
            ffi::SQLITE_IOERR_FSYNC,
            ffi::SQLITE_IOERR_TRUNCATE,
            ffi::SQLITE_IOERR_SHMOPEN,
            ffi::SQLITE_IOERR_SHMSIZE,
            ffi::SQLITE_IOERR_SHMMAP,
        ] {
            let m = said(code);
            assert!(m.contains("the disk is full"), "{code}: {m}");
            assert!(!m.contains("disk I/O error"), "{code}: {m}");
        }
        let m = said(ffi::SQLITE_IOERR_READ);
        assert!(
            m.contains("could not be read") && !m.contains("disk I/O error"),
            "{m}"
        );
    }
}
