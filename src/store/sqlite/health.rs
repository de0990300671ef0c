//! `crm doctor`'s view of the database: integrity, references, schema version, journal.
//!
//! On PostgreSQL the server keeps its own pages and WAL and checks every constraint
//! (deferred ones at commit), so there is no integrity or reference check to run; what is
//! left is the schema version (in `crm_meta`) and what crm derives (totals, search).

use super::open::{LATEST_VERSION, WANTED_JOURNAL};
use super::Store;
use crate::domain::Result;
use crate::store::db::DbResult;
use crate::store::Health;

impl Store {
    /// Checks the whole file; the problems are listed in the order doctor prints them.
    pub fn health(&self) -> Result<Health> {
        if self.conn.is_pg() {
            return self.server_health();
        }
        let mut problems = self.integrity_problems()?;
        problems.extend(self.broken_references()?);
        problems.extend(super::derived::problems(&self.conn)?);
        let schema_version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if schema_version != LATEST_VERSION {
            problems.push(format!(
                "schema version {schema_version}, expected {LATEST_VERSION}"
            ));
        }
        let journal: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if journal != WANTED_JOURNAL {
            problems.push(format!(
                "journal mode is {journal}, expected {WANTED_JOURNAL}"
            ));
        }
        Ok(Health {
            schema_version,
            latest_version: LATEST_VERSION,
            journal,
            problems,
        })
    }

    /// [`Store::health`] on PostgreSQL: the journal is the server's own (`postgresql`).
    fn server_health(&self) -> Result<Health> {
        let mut problems = super::derived::problems(&self.conn)?;
        let version: Option<String> = self.conn.query_row(
            "SELECT max(value) FROM crm_meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )?;
        let schema_version = version.and_then(|v| v.parse().ok()).unwrap_or(0);
        if schema_version != LATEST_VERSION {
            problems.push(format!(
                "schema version {schema_version}, expected {LATEST_VERSION}"
            ));
        }
        Ok(Health {
            schema_version,
            latest_version: LATEST_VERSION,
            journal: "postgresql".into(),
            problems,
        })
    }

    /// `PRAGMA integrity_check`, without its "ok".
    fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let lines = stmt.query_map([], |r| r.get::<String>(0))?;
        let mut problems = Vec::new();
        for line in lines {
            let line = line?;
            if line != "ok" {
                problems.push(line);
            }
        }
        Ok(problems)
    }

    /// `PRAGMA foreign_key_check`: rows pointing at records that are gone.
    fn broken_references(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "{} row {} points at a missing {}",
                r.get::<String>(0)?,
                r.get::<i64>(1)?,
                r.get::<String>(2)?
            ))
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }
}
