//! What triggers derive from the records: the search indexes (migration 12) and the
//! pipeline's totals (migration 13). Row by row they cost a little on every write; a bulk
//! load into an empty database (the demo, a first import) is faster deferring them and
//! building them whole at the end, in the same transaction, so no other connection ever
//! sees them missing or stale.

use crate::store::db::Conn;
use crate::store::db::DbResult;

use super::migrations::{v12_triggers, TOTALS_FILL, TOTALS_TRIGGERS};
use super::{Store, Tx};
use crate::domain::Result;

/// The search indexes, each checked against the rows it indexes.
const INDEXES: [&str; 3] = ["contacts_fts", "companies_fts", "deals_fts"];

/// The open deals summed afresh, in `deal_totals`' columns.
const SUMMED: &str = "SELECT stage_id, currency, count(*), sum(value_minor), \
    sum(coalesce(value_minor * probability, 0)), \
    sum(CASE WHEN probability IS NULL THEN value_minor ELSE 0 END) \
    FROM deals WHERE status = 'open' GROUP BY stage_id, currency";
const KEPT: &str =
    "SELECT stage_id, currency, open_deals, value_minor, own_weighted, stage_weighted \
    FROM deal_totals WHERE open_deals <> 0";

const TRIGGERS: &[&str] = &[
    "contacts_fts_insert",
    "contacts_fts_delete",
    "contacts_fts_update",
    "companies_fts_insert",
    "companies_fts_delete",
    "companies_fts_update",
    "deals_fts_insert",
    "deals_fts_delete",
    "deals_fts_update",
    "deal_totals_insert",
    "deal_totals_delete",
    "deal_totals_update",
];

impl Tx<'_> {
    /// Stops the search indexes and pipeline totals following each row for the rest of
    /// this change; they are built whole from the tables when it ends. Building reads every
    /// row, so this pays only when the change writes most of the database.
    ///
    /// On PostgreSQL nothing is deferred: the search indexes are GIN indexes the server
    /// keeps itself, and the totals' trigger is one function call per row.
    pub fn defer_derived(&self) -> Result<()> {
        if self.conn.is_pg() {
            return Ok(());
        }
        if !self.deferred.get() {
            for t in TRIGGERS {
                self.conn
                    .execute_batch(&format!("DROP TRIGGER IF EXISTS {t}"))?;
            }
        }
        self.deferred.set(true);
        Ok(())
    }
}

impl Store {
    /// Builds the search indexes and pipeline totals again from the records (`crm doctor
    /// --rebuild`), in one transaction; it records no change.
    pub fn rebuild_derived(&self) -> Result<()> {
        if self.conn.is_pg() {
            return self.write(|tx| Ok(rebuild_pg(tx.conn)?));
        }
        self.write(|tx| tx.defer_derived())
    }
}

/// For `crm doctor`: a search index that does not match its rows, totals that do not match
/// the open deals.
pub(super) fn problems(conn: &Conn) -> Result<Vec<String>> {
    let mut out = Vec::new();
    // PostgreSQL's search indexes are plain indexes on the keys, never out of step.
    let indexes: &[&str] = if conn.is_pg() { &[] } else { &INDEXES };
    for t in indexes {
        let checked = conn.execute(
            &format!("INSERT INTO {t} ({t}, rank) VALUES ('integrity-check', 1)"),
            [],
        );
        if checked.is_err() {
            out.push(format!(
                "the search index {t} does not match its rows; crm doctor --rebuild makes it again"
            ));
        }
    }
    let differ: i64 = conn.query_row(
        &format!(
            "SELECT (SELECT count(*) FROM ({SUMMED} EXCEPT {KEPT}) x) + (SELECT count(*) FROM ({KEPT} EXCEPT {SUMMED}) x)"
        ),
        [],
        |r| r.get(0),
    )?;
    if differ > 0 {
        out.push(
            "the pipeline totals do not match the open deals; crm doctor --rebuild makes them again"
                .into(),
        );
    }
    Ok(out)
}

/// Makes the triggers again and builds what they keep from the tables.
pub(super) fn rebuild(conn: &Conn) -> DbResult<()> {
    conn.execute_batch(&v12_triggers())?;
    conn.execute_batch(TOTALS_TRIGGERS)?;
    conn.execute_batch(TOTALS_FILL)?;
    conn.execute_batch(
        "INSERT INTO contacts_fts (contacts_fts) VALUES ('rebuild');
         INSERT INTO companies_fts (companies_fts) VALUES ('rebuild');
         INSERT INTO deals_fts (deals_fts) VALUES ('rebuild');",
    )
}

/// PostgreSQL's `crm doctor --rebuild`: the search indexes built again from the keys
/// (`REINDEX`) and the totals summed afresh; the totals' trigger stays.
fn rebuild_pg(conn: &Conn) -> DbResult<()> {
    conn.execute_batch(
        "REINDEX INDEX contacts_search; REINDEX INDEX companies_search; REINDEX INDEX deals_search;",
    )?;
    conn.execute_batch(TOTALS_FILL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doctor_finds_totals_and_indexes_out_of_step_and_rebuild_mends_them() {
        let s = Store::open_in_memory().unwrap();
        s.conn
            .execute_batch(
                "INSERT INTO companies (name, name_key, created_at, updated_at, search_key) VALUES ('Nordlys', 'nordlys', 0, 0, 'nordlys');
                 INSERT INTO deals (title, stage_id, status, value_minor, currency, created_at, updated_at, search_key)
                    VALUES ('Fjord survey', 1, 'open', 500, 'EUR', 0, 0, 'fjord survey');",
            )
            .unwrap();
        assert_eq!(problems(&s.conn).unwrap(), Vec::<String>::new());
        // Written behind the triggers' backs: the totals and an index go out of step.
        s.conn
            .execute_batch(
                "UPDATE deal_totals SET open_deals = 7;
                 INSERT INTO companies_fts (companies_fts, rowid, search_key) VALUES ('delete', 1, 'nordlys');",
            )
            .unwrap();
        let found = problems(&s.conn).unwrap();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("companies_fts") && found[1].contains("pipeline totals"));
        s.rebuild_derived().unwrap();
        assert_eq!(problems(&s.conn).unwrap(), Vec::<String>::new());
        let n: i64 = s
            .conn
            .query_row("SELECT open_deals FROM deal_totals", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        assert!(
            s.read().latest_change().unwrap().is_none(),
            "no change recorded"
        );
    }
}
