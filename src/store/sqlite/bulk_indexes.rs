//! Bulk fills (the demo, an import into an empty database) drop the secondary indexes of
//! the tables they fill and make them again at the end: one sort each instead of a random
//! insert per row into indexes that outgrow the page cache.

use super::Tx;
use crate::domain::Result;
use crate::store::db::DbResult;

/// The tables a contact's rows live in: all empty when `contacts` is.
pub(super) const CONTACT_TABLES: &[&str] = &[
    "contacts",
    "contact_name_words",
    "contact_emails",
    "contact_phones",
    "contact_tags",
    "contact_fields",
];

/// The secondary indexes of tables being filled in bulk, dropped while they are (see
/// [`Tx::set_aside_indexes`]); [`Tx::restore_indexes`] makes them again.
#[must_use = "the indexes are gone until restore_indexes makes them again"]
pub struct SetAside {
    sql: Vec<String>,
}

/// The page cache (KiB) while the indexes are made again. SQLite sorts in runs the size
/// of the cache; runs that stay in the CPU's caches sort much faster, so smaller wins
/// despite more runs to merge (measured at 3M rows: 4 MiB 12 s, 16 MiB 15 s, 32 MiB 24 s).
const SORT_CACHE_KIB: i64 = 4096;

impl Tx<'_> {
    /// Drops the secondary indexes of `tables` (empty ones about to be filled), so the fill only
    /// appends rows: kept, every row would update a handful of indexes at random places
    /// (by time, by name, by e-mail), and once those outgrow the page cache the fill slows
    /// with the size of the database. Making an index afterwards sorts once instead.
    /// An index a trigger reads stays, so no trigger is left scanning a table; call this after
    /// [`Tx::pause_undo_log`], whose triggers name every table. Inside this transaction, so
    /// no other connection sees them missing, and a failure puts them back.
    pub fn set_aside_indexes(&self, tables: &[&str]) -> Result<SetAside> {
        let (triggers, indexes) = if self.conn.is_pg() {
            (PG_TRIGGERS, PG_INDEXES)
        } else {
            (SQLITE_TRIGGERS, SQLITE_INDEXES)
        };
        let bodies: Vec<String> = self
            .conn
            .prepare(triggers)?
            .query_map([], |r| r.get::<String>(0))?
            .map(|sql| sql.map(|s| trigger_body(&s)))
            .collect::<DbResult<_>>()?;
        let mut sql = Vec::new();
        let mut find = self.conn.prepare(indexes)?;
        for table in tables {
            if bodies.iter().any(|b| mentions(b, table)) {
                continue;
            }
            let found: Vec<(String, String)> = find
                .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<DbResult<_>>()?;
            for (name, create) in found {
                self.conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
                sql.push(create);
            }
        }
        Ok(SetAside { sql })
    }

    /// Makes the indexes set aside again, each from one sorted pass over its table, with
    /// the page cache the sorts run fastest with; the connection's own is put back after.
    pub fn restore_indexes(&self, aside: SetAside) -> Result<()> {
        if self.conn.is_pg() {
            // The server sorts in maintenance_work_mem; its own setting stands.
            for create in &aside.sql {
                self.conn.execute_batch(create)?;
            }
            return Ok(());
        }
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = -{SORT_CACHE_KIB}"))?;
        let made = aside
            .sql
            .iter()
            .try_for_each(|create| self.conn.execute_batch(create));
        self.conn
            .execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
        Ok(made?)
    }
}

/// What every trigger runs, as SQL: its text, or on PostgreSQL its function's source
/// (their `WHEN`s only read the row, and the definition names the table it is on).
const SQLITE_TRIGGERS: &str =
    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL";
const PG_TRIGGERS: &str = "SELECT DISTINCT p.prosrc FROM pg_trigger g \
     JOIN pg_proc p ON p.oid = g.tgfoid JOIN pg_class c ON c.oid = g.tgrelid \
     WHERE NOT g.tgisinternal \
       AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())";

/// A table's secondary indexes (name, the SQL that makes it), by name. On PostgreSQL
/// those that back a constraint (keys, unique constraints, what a foreign key points at)
/// are not secondary, and only the table's owner may drop them: a team member's role
/// that does not own the tables fills them with their indexes kept.
const SQLITE_INDEXES: &str = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL ORDER BY name";
const PG_INDEXES: &str = "SELECT CAST(x.indexname AS TEXT), x.indexdef FROM pg_indexes x \
     WHERE x.schemaname = current_schema() AND x.tablename = ?1 \
       AND pg_has_role((SELECT relowner FROM pg_class \
           WHERE oid = CAST(quote_ident(x.tablename) AS regclass)), 'MEMBER') \
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k \
           WHERE k.conindid = CAST(quote_ident(x.indexname) AS regclass)) \
     ORDER BY x.indexname";

/// What a trigger does: its text after `BEGIN`, lower-cased (a PostgreSQL function's
/// source has one too).
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
