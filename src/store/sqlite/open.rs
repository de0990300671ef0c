//! Opening the file: permissions first, then pragmas, then migrations (DESIGN §3).

use std::fs;
use std::io::{ErrorKind, Read};
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::store::db::{Begin, Conn, DbError, DbResult, Transaction};

use super::migrations::{APPLICATION_ID, MIGRATIONS};
use super::Store;
use crate::domain::phone::Region;
use crate::domain::{Error, Result};
use crate::private_file;

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Write-ahead logging: readers never wait for the writer.
pub(super) const WANTED_JOURNAL: &str = "wal";

pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub(super) fn open_memory() -> Result<Store> {
    let conn = Connection::open_in_memory()?;
    configure(&conn)?;
    let conn = Conn::Sqlite(conn);
    migrate(&conn, None, MIGRATIONS)?;
    Ok(Store::with_conn(conn, None))
}

pub(super) fn open_file(path: &Path, region: Option<Region>) -> Result<Store> {
    prepare_file(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)
        .map_err(|e| Error::storage(format!("cannot open {}: {e}.", path.display())))?;
    configure(&conn).map_err(|e| at_path(e, path))?;
    let conn = Conn::Sqlite(conn);
    migrate_in(&conn, Some(path), MIGRATIONS, region).map_err(|e| at_path(e, path))?;
    let mut store = Store::with_conn(conn, Some(path.to_path_buf()));
    store.set_phone_region(region);
    Ok(store)
}

fn at_path(e: Error, path: &Path) -> Error {
    match e {
        Error::Storage(msg) => Error::storage(format!("{}: {msg}", path.display())),
        other => other,
    }
}

/// Creates the directory (0700) and the file (0600) before SQLite sees them, and refuses
/// files that are plainly not SQLite without touching them.
fn prepare_file(path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    prepare_dir(dir)?;
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            Err(Error::storage(format!("{} is not a file.", path.display())))
        }
        Ok(meta) if meta.len() > 0 => check_sqlite_header(path),
        // An empty file (`touch crm.db` under umask 022 is 0644) becomes the database: make
        // it and any journal files beside it private before SQLite writes a byte, since
        // SQLite gives new -wal and -shm files the main file's mode. A non-empty file
        // keeps the mode its owner chose (crm never makes one 0644); `crm doctor` and a
        // warning on each command point it out.
        Ok(_) => {
            for p in [
                path.to_path_buf(),
                beside(path, "-wal"),
                beside(path, "-shm"),
            ] {
                private_file::make_private(&p).map_err(|e| {
                    Error::storage(format!(
                        "cannot make {} private (mode 600): {e}; chmod 600 it, or choose another path with --db.",
                        p.display()
                    ))
                })?;
            }
            Ok(())
        }
        Err(e) if e.kind() == ErrorKind::NotFound => match private_file::create(path) {
            Ok(_) => Ok(()),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(Error::storage(format!(
                "cannot create {}: {e}.",
                path.display()
            ))),
        },
        Err(e) => Err(Error::storage(format!(
            "cannot read {}: {e}.",
            path.display()
        ))),
    }
}

/// `crm.db` + `-wal`: SQLite's journal files beside the database.
pub(crate) fn beside(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    p.into()
}

/// The database's directory exists (created private if not) and takes new files: SQLite
/// keeps its journal files beside the database.
fn prepare_dir(dir: &Path) -> Result<()> {
    if !dir.exists() {
        private_file::create_dir_all(dir).map_err(|e| {
            Error::storage(format!(
                "cannot create the directory {}: {e}.",
                dir.display()
            ))
        })?;
    }
    let dir_meta = fs::metadata(dir)
        .map_err(|e| Error::storage(format!("cannot read {}: {e}.", dir.display())))?;
    if !dir_meta.is_dir() {
        return Err(Error::storage(format!(
            "{} is not a directory.",
            dir.display()
        )));
    }
    if dir_meta.permissions().readonly() {
        return Err(Error::storage(format!(
            "the directory {} is read-only; crm keeps its database and journal files there, so make it writable or choose another path with --db.",
            dir.display()
        )));
    }
    Ok(())
}

/// Refuses a non-empty file that does not start with SQLite's magic header.
fn check_sqlite_header(path: &Path) -> Result<()> {
    let mut head = [0u8; 16];
    let mut f = fs::File::open(path)
        .map_err(|e| Error::storage(format!("cannot read {}: {e}.", path.display())))?;
    let n = f.read(&mut head)?;
    if n < 16 || &head != b"SQLite format 3\0" {
        return Err(Error::storage(format!(
            "{} is not a crm database (it is not an SQLite file); check the --db path or CRM_DB.",
            path.display()
        )));
    }
    Ok(())
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let _mode: String =
        conn.query_row(&format!("PRAGMA journal_mode={WANTED_JOURNAL}"), [], |r| {
            r.get(0)
        })?;
    // A 16 MiB page cache keeps the pages a screen needs in memory between keystrokes.
    // secure_delete: what is deleted (a forgotten person, a purged trash) is overwritten
    // with zeros in the file, not left readable in free pages (DESIGN §3).
    conn.execute_batch(
        "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-16384; PRAGMA secure_delete=ON;",
    )?;
    conn.set_prepared_statement_cache_capacity(64);
    super::filter_fns::register(conn)?;
    Ok(())
}

/// `BEGIN IMMEDIATE`, waiting at most `wait` (instead of the usual ten seconds) for
/// another writer; the error says busy (`DbError::is_busy`) when it gave up.
pub(super) fn begin_write(conn: &Conn, wait: Option<Duration>) -> Result<Transaction<'_>, DbError> {
    let (Some(wait), Some(c)) = (wait, conn.sqlite()) else {
        return conn.begin(Begin::Write);
    };
    c.busy_timeout(wait).map_err(DbError::Sqlite)?;
    let tx = conn.begin(Begin::Write);
    c.busy_timeout(BUSY_TIMEOUT).map_err(DbError::Sqlite)?;
    tx
}

fn read_versions(conn: &Conn) -> Result<(i64, i64)> {
    let version = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let app = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    Ok((version, app))
}

/// Applies the migrations the file lacks, in one transaction, after keeping a copy of an
/// existing database beside it.
pub(super) fn migrate(conn: &Conn, path: Option<&Path>, migrations: &[&str]) -> Result<()> {
    migrate_in(conn, path, migrations, None)
}

/// [`migrate`], reading existing national phone numbers in `region`.
fn migrate_in(
    conn: &Conn,
    path: Option<&Path>,
    migrations: &[&str],
    region: Option<Region>,
) -> Result<()> {
    let latest = migrations.len() as i64;
    let (version, app) = read_versions(conn)?;
    refuse_unknown(conn, version, app, latest)?;
    if version == latest {
        return Ok(());
    }
    if let (Some(path), true) = (path, version > 0) {
        keep_copy(conn, path, version)?;
    }
    apply(conn, migrations, region)
}

/// Refuses a database from a newer crm or from another program, before touching it.
fn refuse_unknown(conn: &Conn, version: i64, app: i64, latest: i64) -> Result<()> {
    if version > latest {
        return Err(Error::storage(format!(
            "this database was written by a newer crm (schema version {version}; this crm knows up to {latest}). Upgrade crm to use it."
        )));
    }
    let foreign = if version > 0 {
        app != APPLICATION_ID
    } else {
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
            [],
            |r| r.get(0),
        )?;
        tables > 0
    };
    if foreign {
        return Err(Error::storage(
            "this SQLite file belongs to another program, not crm; choose another path with --db.",
        ));
    }
    Ok(())
}

/// Runs the missing migrations and stamps the version, all or nothing.
fn apply(conn: &Conn, migrations: &[&str], region: Option<Region>) -> Result<()> {
    let latest = migrations.len() as i64;
    let tx = conn.begin(Begin::Write)?;
    // Another process may have migrated while we waited for the lock.
    let (version, _) = read_versions(conn)?;
    for (i, sql) in migrations.iter().enumerate().skip(version as usize) {
        conn.execute_batch(sql)
            .and_then(|()| after_migration(conn, i + 1))
            .and_then(|()| after_dupes_migration(conn, sql, region))
            .and_then(|()| super::migrations_search::after(conn, sql))
            .map_err(|e| Error::storage(format!("migration {} failed: {e}", i + 1)))?;
    }
    if version < latest {
        // The schema changed: the undo triggers follow it.
        super::undo::make_triggers(conn)
            .map_err(|e| Error::storage(format!("making the undo log failed: {e}")))?;
        conn.execute_batch(&format!(
            "PRAGMA user_version = {latest}; PRAGMA application_id = {APPLICATION_ID};"
        ))?;
    }
    tx.commit()?;
    Ok(())
}

/// The part of a migration SQL cannot do: keys folded by crm's own rules.
fn after_migration(conn: &Conn, version: usize) -> DbResult<()> {
    match version {
        12 => super::search::backfill_search_keys(conn),
        13 => conn.execute_batch(&format!(
            "{}{}",
            super::migrations::TOTALS_FILL,
            super::migrations::TOTALS_TRIGGERS
        )),
        _ => Ok(()),
    }
}

/// E.164 forms for the phones an older database holds (matched by its SQL, not its
/// number, which the schema's history decides).
fn after_dupes_migration(conn: &Conn, sql: &str, region: Option<Region>) -> DbResult<()> {
    if sql == super::migrations_dupes::DUPES {
        super::migrations_dupes::backfill_e164(conn, region)?;
    }
    Ok(())
}

/// `crm.db` at schema v1 is copied to `crm.db.v1-20261122T101500.bak` before migrating.
fn keep_copy(conn: &Conn, path: &Path, version: i64) -> Result<()> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".v{version}-{stamp}.bak"));
    let dest = Path::new(&name);
    if dest.exists() {
        return Ok(());
    }
    backup(conn, dest).map_err(|e| {
        Error::storage(format!(
            "could not keep a copy before upgrading the database ({e}); nothing was changed."
        ))
    })
}

pub(super) fn backup(conn: &Conn, dest: &Path) -> Result<()> {
    let Some(conn) = conn.sqlite() else {
        return Err(Error::invalid(
            "a backup file is made from a SQLite database; for PostgreSQL use `crm db copy` or pg_dump.",
        ));
    };
    match private_file::create(dest) {
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            return Err(Error::invalid(format!(
                "{} already exists; choose another file name or remove it first.",
                dest.display()
            )))
        }
        Err(e) => return Err(Error::Io(format!("cannot create {}: {e}.", dest.display()))),
    }
    let result = (|| -> Result<()> {
        let mut out = Connection::open(dest)?;
        let backup = rusqlite::backup::Backup::new(conn, &mut out)?;
        backup.run_to_completion(256, Duration::from_millis(5), None)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(dest);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn after_a_long_write_settling_leaves_no_log_for_others_to_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crm.db");
        let store = Store::open(&path).unwrap();
        // A reader of its own (another process's app) stays open throughout.
        let reader = Store::open(&path).unwrap();
        store
            .write(|tx| {
                for n in 0..3000 {
                    tx.conn.execute(
                        "INSERT INTO contacts (name, name_key, search_key, created_at, updated_at) VALUES (?1, ?1, ?1, 0, 0)",
                        [format!("Person {n} with a name long enough to fill pages")],
                    )?;
                }
                Ok(())
            })
            .unwrap();
        let wal = beside(&path, "-wal");
        assert!(
            fs::metadata(&wal).unwrap().len() > 1 << 20,
            "the write is in the log"
        );
        store.settle();
        assert_eq!(fs::metadata(&wal).unwrap().len(), 0, "the log was cut back");
        assert_eq!(
            reader.read().count_contacts().unwrap(),
            3000,
            "nothing was lost"
        );
    }

    #[test]
    fn an_empty_0644_file_and_its_journals_are_made_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crm.db");
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        for p in [path.clone(), beside(&path, "-shm")] {
            fs::write(&p, b"").unwrap();
            fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert!(store.health().unwrap().problems.is_empty());
        for suffix in ["", "-wal", "-shm"] {
            assert_eq!(mode(&beside(&path, suffix)), 0o600, "crm.db{suffix}");
        }
        drop(store);
        // A database its owner made 0644 keeps that mode (crm doctor reports it).
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        Store::open(&path).unwrap();
        assert_eq!(mode(&path), 0o644);
    }

    #[test]
    fn creates_private_files_and_applies_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/crm.db");
        let store = Store::open(&path).unwrap();
        let health = store.health().unwrap();
        assert_eq!(health.schema_version, LATEST_VERSION);
        assert_eq!(health.journal, "wal");
        assert!(health.problems.is_empty(), "{:?}", health.problems);
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let dmode = fs::metadata(path.parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(dmode, 0o700);
    }

    #[test]
    fn refuses_newer_and_foreign_databases_without_changing_them() {
        let dir = tempfile::tempdir().unwrap();
        let newer = dir.path().join("newer.db");
        Store::open(&newer).unwrap();
        {
            let c = Connection::open(&newer).unwrap();
            c.execute_batch("PRAGMA user_version = 99").unwrap();
        }
        let err = Store::open(&newer).err().unwrap().to_string();
        assert!(err.contains("newer crm"), "{err}");

        let foreign = dir.path().join("foreign.db");
        {
            let c = Connection::open(&foreign).unwrap();
            c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
                .unwrap();
        }
        let err = Store::open(&foreign).err().unwrap().to_string();
        assert!(err.contains("another program"), "{err}");

        let junk = dir.path().join("junk.db");
        fs::write(&junk, b"this is not a database at all, just text").unwrap();
        let err = Store::open(&junk).err().unwrap().to_string();
        assert!(err.contains("not a crm database"), "{err}");
        assert_eq!(
            fs::read(&junk).unwrap(),
            b"this is not a database at all, just text"
        );
    }

    #[test]
    fn keeps_a_copy_before_migrating_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crm.db");
        let conn = Conn::open_sqlite(&path).unwrap();
        let v1 = "CREATE TABLE a(x); INSERT INTO a VALUES (1);";
        let v2 = "CREATE TABLE b(y);";
        migrate(&conn, Some(&path), &[v1]).unwrap();
        migrate(&conn, Some(&path), &[v1, v2]).unwrap();
        let copies: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".v1-"))
            .collect();
        assert_eq!(copies.len(), 1, "one copy kept");
        let copy = Conn::open_sqlite(&copies[0].path()).unwrap();
        let n: i64 = copy
            .query_row("SELECT count(*) FROM a", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        let v: i64 = copy
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1, "the copy is of the old version");
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 2);
        let mode = copies[0].metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn a_failed_migration_leaves_the_old_version() {
        let conn = Conn::open_in_memory().unwrap();
        migrate(&conn, None, &["CREATE TABLE a(x);"]).unwrap();
        let err = migrate(
            &conn,
            None,
            &[
                "CREATE TABLE a(x);",
                "CREATE TABLE b(y); SELECT nonsense FROM nowhere;",
            ],
        );
        assert!(err.is_err());
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1);
        let b: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name='b'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(b, 0);
    }
}
