//! What triggers derive from the records: the search indexes (migration 12) and the
//! pipeline's totals (migration 13). Row by row they cost a little on every write; a bulk
//! load into an empty database (the demo, a first import) is faster deferring them and
//! building them whole at the end, in the same transaction, so no other connection ever
//! sees them missing or stale.

use rusqlite::Connection;

use super::migrations::{v12_triggers, TOTALS_FILL, TOTALS_TRIGGERS};
use super::Tx;
use crate::domain::Result;

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
    pub fn defer_derived(&self) -> Result<()> {
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

/// Makes the triggers again and builds what they keep from the tables.
pub(super) fn rebuild(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(&v12_triggers())?;
    conn.execute_batch(TOTALS_TRIGGERS)?;
    conn.execute_batch(TOTALS_FILL)?;
    conn.execute_batch(
        "INSERT INTO contacts_fts (contacts_fts) VALUES ('rebuild');
         INSERT INTO companies_fts (companies_fts) VALUES ('rebuild');
         INSERT INTO deals_fts (deals_fts) VALUES ('rebuild');",
    )
}
