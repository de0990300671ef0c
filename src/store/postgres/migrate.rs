//! The schema on PostgreSQL: one baseline equal to SQLite's schema at [`BASELINE`], then
//! migrations numbered on from there like SQLite's, all under an advisory lock so two
//! clients starting together never migrate at once (DESIGN §14).

use postgres::Client;

use crate::domain::{Error, Result};
use crate::store::LATEST_VERSION;

/// The schema at version [`BASELINE`], and the functions that let SQLite's SQL run here.
const SCHEMA: &str = include_str!("schema.sql");
const COMPAT: &str = include_str!("compat.sql");

/// The SQLite schema version `schema.sql` equals.
pub const BASELINE: i64 = 24;

/// Migrations after the baseline: entry `k` makes version `BASELINE + k + 1`, the same
/// change as SQLite's migration of that number.
const LATER: &[&str] = &[
    crate::store::sqlite::QUEUE_APPLIED_PG,
    crate::store::sqlite::QUEUED_PG,
];

/// The version this crm writes on PostgreSQL; always SQLite's.
pub const LATEST: i64 = BASELINE + LATER.len() as i64;

/// Any number, the same in every crm, that names the migration lock.
const LOCK: i64 = 0x4352_4D31;

/// Brings the database to [`LATEST`], or refuses one from a newer crm or another program.
pub fn migrate(client: &mut Client) -> Result<()> {
    // Almost always the schema is current: one read, no lock, no transaction.
    if let Ok(Some(row)) = client.query_opt(
        "SELECT value FROM crm_meta WHERE key = 'schema_version'",
        &[],
    ) {
        if row.get::<_, Option<String>>(0).as_deref() == Some(LATEST.to_string().as_str()) {
            return Ok(());
        }
    }
    let mut tx = client.transaction().map_err(super::error)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK])
        .map_err(super::error)?;
    // What the migration makes belongs to the database's owner when this person is a
    // member of it (the team's group role of `crm team init`), so every member may use
    // and later upgrade it; session_user, and so history's `by`, stays the person.
    let owner: Option<String> = tx
        .query_one(
            "SELECT CASE WHEN pg_has_role(session_user, datdba, 'MEMBER') AND datdba <> \
             (SELECT oid FROM pg_roles WHERE rolname = session_user) \
             THEN CAST(pg_get_userbyid(datdba) AS TEXT) END \
             FROM pg_database WHERE datname = current_database()",
            &[],
        )
        .map_err(super::error)?
        .get(0);
    if let Some(owner) = owner {
        tx.batch_execute(&format!(
            "SET LOCAL ROLE \"{}\"",
            owner.replace('"', "\"\"")
        ))
        .map_err(super::error)?;
    }
    let has_meta: bool = tx
        .query_one("SELECT to_regclass('crm_meta') IS NOT NULL", &[])
        .map_err(super::error)?
        .get(0);
    let version = if has_meta {
        let v: Option<String> = tx
            .query_opt(
                "SELECT value FROM crm_meta WHERE key = 'schema_version'",
                &[],
            )
            .map_err(super::error)?
            .map(|r| r.get(0));
        v.and_then(|v| v.parse::<i64>().ok()).ok_or_else(|| {
            Error::storage("the database's crm_meta has no schema_version; it was not made by crm.")
        })?
    } else {
        let tables: i64 = tx
            .query_one(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
                &[],
            )
            .map_err(super::error)?
            .get(0);
        if tables > 0 {
            return Err(Error::storage(
                "this database already holds tables of another program, not crm; create an empty database for crm (createdb crm).",
            ));
        }
        0
    };
    if version > LATEST {
        return Err(Error::storage(format!(
            "this database was written by a newer crm (schema version {version}; this crm knows up to {LATEST}). Upgrade crm to use it."
        )));
    }
    if version == 0 {
        tx.batch_execute(SCHEMA)
            .and_then(|()| tx.batch_execute(COMPAT))
            .map_err(|e| {
                Error::storage(format!("making crm's tables failed: {}", super::error(e)))
            })?;
    }
    for (k, sql) in LATER
        .iter()
        .enumerate()
        .skip((version.max(BASELINE) - BASELINE) as usize)
    {
        tx.batch_execute(sql).map_err(|e| {
            Error::storage(format!(
                "migration {} failed: {}",
                BASELINE + k as i64 + 1,
                super::error(e)
            ))
        })?;
    }
    if version != LATEST {
        // The schema changed: the undo triggers follow it (undo_pg.rs).
        tx.batch_execute(&crate::store::sqlite::pg_undo_triggers_sql())
            .map_err(|e| {
                Error::storage(format!("making the undo log failed: {}", super::error(e)))
            })?;
        tx.execute(
            "UPDATE crm_meta SET value = $1 WHERE key = 'schema_version'",
            &[&LATEST.to_string()],
        )
        .map_err(super::error)?;
    }
    tx.commit().map_err(super::error)?;
    debug_assert_eq!(LATEST, LATEST_VERSION);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_postgres_schema_keeps_sqlites_numbering() {
        assert_eq!(super::LATEST, crate::store::LATEST_VERSION);
        assert!(super::SCHEMA.contains(&format!("'schema_version', '{}'", super::BASELINE)));
    }
}
