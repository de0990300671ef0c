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

/// The tables `crm demo` fills.
const FILLED: &[&str] = &[
    "companies",
    "contacts",
    "contact_name_words",
    "contact_emails",
    "contact_phones",
    "contact_tags",
    "contact_fields",
    "deals",
    "stage_history",
    "interactions",
    "tasks",
];

/// The secondary indexes of the demo's tables, dropped while it fills them (see
/// [`Tx::set_aside_indexes`]); [`Tx::restore_indexes`] makes them again.
#[must_use = "the indexes are gone until restore_indexes makes them again"]
pub struct SetAside {
    sql: Vec<String>,
}

impl Tx<'_> {
    /// Drops the secondary indexes of the (empty) tables the demo fills, so the fill only
    /// appends rows: kept, every row would update a handful of indexes at random places
    /// (by time, by name, by e-mail), and once those outgrow the page cache the fill slows
    /// with the size of the database. Making an index afterwards sorts once instead.
    /// An index a trigger reads stays, so no trigger is left scanning a table. Inside this
    /// transaction, so no other connection sees them missing, and a failure puts them back.
    pub fn set_aside_indexes(&self) -> Result<SetAside> {
        let bodies: Vec<String> = self
            .conn
            .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL")?
            .query_map([], |r| r.get::<_, String>(0))?
            .map(|sql| sql.map(|s| trigger_body(&s)))
            .collect::<rusqlite::Result<_>>()?;
        let mut sql = Vec::new();
        let mut find = self.conn.prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
        )?;
        for table in FILLED {
            if bodies.iter().any(|b| mentions(b, table)) {
                continue;
            }
            let found: Vec<(String, String)> = find
                .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (name, create) in found {
                self.conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
                sql.push(create);
            }
        }
        Ok(SetAside { sql })
    }

    /// Makes the indexes set aside again, each from one sorted pass over its table.
    pub fn restore_indexes(&self, aside: SetAside) -> Result<()> {
        for create in aside.sql {
            self.conn.execute_batch(&create)?;
        }
        Ok(())
    }
}

/// What a trigger does: its text after `BEGIN`, lower-cased.
fn trigger_body(sql: &str) -> String {
    let lower = sql.to_ascii_lowercase();
    match lower.find("begin") {
        Some(at) => lower[at..].to_string(),
        None => lower,
    }
}

/// Whether `text` names `table` as a whole word (`contacts`, not `contacts_fts`).
fn mentions(text: &str, table: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(table).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + table.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}
