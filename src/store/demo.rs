//! Bulk helpers for `crm demo`: wiping the data and counting what is there.

use super::{Reader, Tx};
use crate::domain::Result;

impl Reader<'_> {
    /// True when the database holds no contacts, companies, deals, interactions or tasks.
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM contacts) + (SELECT count(*) FROM companies) + (SELECT count(*) FROM deals) \
             + (SELECT count(*) FROM interactions) + (SELECT count(*) FROM tasks)",
            [],
            |r| r.get(0),
        )?;
        Ok(n == 0)
    }
}

impl Tx<'_> {
    /// Removes every record (not the stages), for `crm demo --force`.
    pub fn wipe_records(&self) -> Result<()> {
        self.conn.execute_batch(
            "DELETE FROM tasks; DELETE FROM interactions; DELETE FROM stage_history; DELETE FROM deals; \
             DELETE FROM contact_fields; DELETE FROM contact_tags; DELETE FROM tags; DELETE FROM contact_phones; \
             DELETE FROM contact_emails; DELETE FROM contact_name_words; DELETE FROM contacts; DELETE FROM companies;",
        )?;
        Ok(())
    }
}
