//! Bulk helpers for `crm demo`: wiping the data and counting what is there.

use super::{Reader, Tx};
use crate::domain::Result;

impl Reader<'_> {
    /// True when the database holds no contacts, companies, deals, interactions or tasks.
    pub fn is_empty(&self) -> Result<bool> {
        // EXISTS stops at the first row, so this costs the same on any size of database.
        let any: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM contacts) OR EXISTS (SELECT 1 FROM companies) OR EXISTS (SELECT 1 FROM deals) \
             OR EXISTS (SELECT 1 FROM interactions) OR EXISTS (SELECT 1 FROM tasks)",
            [],
            |r| r.get(0),
        )?;
        Ok(!any)
    }
}

impl Tx<'_> {
    /// Removes every record (not the stages), for `crm demo --force`.
    pub fn wipe_records(&self) -> Result<()> {
        self.conn.execute_batch(
            "DELETE FROM tasks; DELETE FROM interactions; DELETE FROM stage_history; DELETE FROM deals; \
             DELETE FROM contact_fields; DELETE FROM contact_tags; DELETE FROM tags; DELETE FROM contact_phones; \
             DELETE FROM contact_emails; DELETE FROM contact_name_words; DELETE FROM contacts; DELETE FROM companies; \
             DELETE FROM import_items; DELETE FROM imports;",
        )?;
        Ok(())
    }
}
