//! Changes and the row-level undo log (DESIGN §2, `crm undo`).
//!
//! Why a row log rather than the history's before-images or a trash: every use case runs
//! in one transaction that is one numbered change, and triggers (made from the schema by
//! [`make_triggers`] after every migration, so new columns and tables are covered without
//! anyone remembering to) copy each row it inserts, updates or deletes into `undo_log`,
//! before and after. Undo replays that log backwards. So a deleted deal comes back with its
//! id, its stage history and the links interactions had to it, a merged contact with every
//! e-mail, phone, tag and field where it was, and every table the change touched is
//! exactly as it was before, whatever the use case did, without a restore routine per kind
//! of record that could drift from the code that writes. The history rows stay as they
//! are (the history is append-only); the undo is a change of its own, so it can be undone
//! too (a redo).
//!
//! Two kinds of change are not logged row by row (`Tx::pause_undo_log`): the demo's sample
//! data (not undoable) and imports, where the log made a 100,000-contact import almost
//! four times slower; an import is taken back by its own undo (`import_items`), which
//! restores every live record but leaves the removed contacts' rows marked deleted.
//!
//! On PostgreSQL the same log is kept by one trigger function instead of four triggers a
//! table, with the change number in a transaction-local setting (`undo_pg.rs`).
//!
//! Later work is never lost: a change is refused when a later change (not itself undone)
//! wrote one of the rows it wrote, when a row it would remove is now used by another, or
//! when a row it puts back would clash with one made since.

use crate::store::db::DbResult;
use crate::store::db::{Conn, Optional};

use super::rows::*;
use super::Reader;
use crate::domain::*;
use crate::store::ChangeRecord;

/// The table of an import item's record, as SQL over `import_items i`.
const ITEM_TABLE: &str =
    "(CASE i.entity WHEN 'contact' THEN 'contacts' WHEN 'company' THEN 'companies' \
    WHEN 'deal' THEN 'deals' WHEN 'interaction' THEN 'interactions' WHEN 'task' THEN 'tasks' END)";

/// Tables the triggers leave alone: the log itself, the append-only history, and totals
/// their own triggers keep (undoing the rows they sum undoes them), and the occurrences
/// automation fired (taking back what a rule did must not make it fire again), and the
/// write-behind queue on a server (`queue.rs`: no write transaction may lock it).
pub(super) const UNLOGGED: &[&str] = &[
    "history",
    "changes",
    "undo_log",
    "undo_ctx",
    "deal_totals",
    "fired",
    "contact_scores",
    "settings",
    "queue_applied",
    "queued",
];

/// (Re)creates the undo triggers for every table of the current schema. Runs inside the
/// migration's transaction; does nothing before the migration that adds the log.
pub(super) fn make_triggers(conn: &Conn) -> DbResult<()> {
    if conn.is_pg() {
        return conn.execute_batch(&super::undo_pg::make_triggers_sql());
    }
    let has_log: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'undo_log'",
            [],
            |r| r.get::<i64>(0),
        )
        .map(|n| n > 0)?;
    if !has_log {
        return Ok(());
    }
    drop_triggers(conn)?;
    for table in logged_tables(conn)? {
        let (cols, pk) = columns(conn, &table)?;
        conn.execute_batch(&triggers(&table, &cols, &pk))?;
    }
    Ok(())
}

/// Drops every undo trigger (they are made again by [`make_triggers`]).
pub(super) fn drop_triggers(conn: &Conn) -> DbResult<()> {
    if conn.is_pg() {
        return super::undo_pg::drop_triggers(conn);
    }
    let old: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'undo\\_%' ESCAPE '\\'")?
        .query_map([], |r| r.get(0))?
        .collect::<DbResult<_>>()?;
    for t in old {
        conn.execute_batch(&format!("DROP TRIGGER \"{t}\""))?;
    }
    Ok(())
}

pub(super) fn logged_tables(conn: &Conn) -> DbResult<Vec<String>> {
    if conn.is_pg() {
        return super::undo_pg::logged_tables(conn);
    }
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<DbResult<_>>()?;
    // Search indexes (and the tables they keep their data in) follow their rows by their
    // own triggers, so undoing the rows undoes them.
    let virtual_tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")?
        .query_map([], |r| r.get(0))?
        .collect::<DbResult<_>>()?;
    let is_index = |n: &str| {
        virtual_tables.iter().any(|v| {
            n == v
                || n.strip_prefix(v.as_str())
                    .is_some_and(|rest| rest.starts_with('_'))
        })
    };
    Ok(names
        .into_iter()
        .filter(|n| !UNLOGGED.contains(&n.as_str()) && !is_index(n))
        .collect())
}

/// A table's columns and its key columns (in key order; `rowid` when it declares none,
/// which only SQLite has).
pub(super) fn columns(conn: &Conn, table: &str) -> DbResult<(Vec<String>, Vec<String>)> {
    if conn.is_pg() {
        return super::undo_pg::columns(conn, table);
    }
    let mut cols = Vec::new();
    let mut pk: Vec<(i64, String)> = Vec::new();
    let mut stmt = conn.prepare(&format!("PRAGMA table_info(\"{table}\")"))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<String>(1)?, r.get::<i64>(5)?)))?;
    for row in rows {
        let (name, k) = row?;
        if k > 0 {
            pk.push((k, name.clone()));
        }
        cols.push(name);
    }
    pk.sort();
    let mut pk: Vec<String> = pk.into_iter().map(|(_, n)| n).collect();
    if pk.is_empty() {
        pk.push("rowid".into());
    }
    Ok((cols, pk))
}

fn triggers(table: &str, cols: &[String], pk: &[String]) -> String {
    let key = |row: &str| {
        let parts: Vec<String> = pk.iter().map(|c| format!("{row}.\"{c}\"")).collect();
        format!("json_array({})", parts.join(", "))
    };
    let image: Vec<String> = cols.iter().map(|c| format!("'{c}', OLD.\"{c}\"")).collect();
    let image = format!("json_object({})", image.join(", "));
    let changed: Vec<String> = cols
        .iter()
        .map(|c| format!("OLD.\"{c}\" IS NOT NEW.\"{c}\""))
        .collect();
    let rekeyed: Vec<String> = pk
        .iter()
        .map(|c| format!("OLD.\"{c}\" IS NOT NEW.\"{c}\""))
        .collect();
    // Only what undo needs: an insert is taken back by its key, an update or delete from
    // the old image. Imports write millions of rows, so nothing more is copied.
    let live = "(SELECT change_id FROM undo_ctx) IS NOT NULL";
    let change = "(SELECT change_id FROM undo_ctx)";
    format!(
        "CREATE TRIGGER \"undo_{table}_insert\" AFTER INSERT ON \"{table}\" WHEN {live} BEGIN \
           INSERT INTO undo_log (change_id, tbl, op, key) VALUES ({change}, '{table}', 'insert', {nk}); END;
         CREATE TRIGGER \"undo_{table}_update\" AFTER UPDATE ON \"{table}\" WHEN {live} AND ({changed}) BEGIN \
           INSERT INTO undo_log (change_id, tbl, op, key, old) VALUES ({change}, '{table}', 'update', {nk}, {image}); END;
         CREATE TRIGGER \"undo_{table}_rekey\" AFTER UPDATE ON \"{table}\" WHEN {live} AND ({rekeyed}) BEGIN \
           INSERT INTO undo_log (change_id, tbl, op, key) VALUES ({change}, '{table}', 'rekey', {ok}); END;
         CREATE TRIGGER \"undo_{table}_delete\" AFTER DELETE ON \"{table}\" WHEN {live} BEGIN \
           INSERT INTO undo_log (change_id, tbl, op, key, old) VALUES ({change}, '{table}', 'delete', {ok}, {image}); END;",
        nk = key("NEW"),
        ok = key("OLD"),
        changed = changed.join(" OR "),
        rekeyed = rekeyed.join(" OR "),
    )
}

/// A JSON array of the SQL expressions `exprs` as text, built as the triggers build keys
/// (SQLite's `json_array` and PostgreSQL's `jsonb` print them differently).
pub(super) fn key_sql(conn: &Conn, exprs: &[String]) -> String {
    if conn.is_pg() {
        return super::undo_pg::key_sql(exprs);
    }
    format!("json_array({})", exprs.join(", "))
}

/// Stops the triggers logging rows for the rest of this transaction.
pub(super) fn stop_logging(conn: &Conn) -> DbResult<()> {
    if conn.is_pg() {
        return super::undo_pg::stop_logging(conn);
    }
    conn.execute("UPDATE undo_ctx SET change_id = NULL", [])?;
    Ok(())
}

/// Starts the change a write transaction is: its number goes where the triggers see it.
pub(super) fn open_change(conn: &Conn) -> DbResult<i64> {
    if conn.is_pg() {
        return super::undo_pg::open_change(conn);
    }
    let id: i64 = conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM changes", [], |r| {
        r.get(0)
    })?;
    conn.execute("UPDATE undo_ctx SET change_id = ?1", [id])?;
    Ok(id)
}

/// Ends it: a change that recorded no history leaves no trace to undo it by, so its log
/// goes too.
pub(super) fn close_change(conn: &Conn, id: i64) -> DbResult<()> {
    let recorded = if conn.is_pg() {
        super::undo_pg::close_change(conn, id)?
    } else {
        stop_logging(conn)?;
        conn.query_row("SELECT 1 FROM changes WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .is_some()
    };
    if !recorded {
        conn.execute("DELETE FROM undo_log WHERE change_id = ?1", [id])?;
    }
    Ok(())
}

fn change_row(r: &crate::store::db::Row<'_>) -> DbResult<ChangeRecord> {
    Ok(ChangeRecord {
        id: r.get(0)?,
        at: from_ts(r.get(1)?),
        by: r.get(2)?,
        undo_of: r.get(3)?,
        undone_by: r.get(4)?,
        logged: r.get::<i64>(5)? > 0,
        sealed: r.get::<i64>(5)? < 0,
    })
}

const CHANGE_COLUMNS: &str = "id, at, by, undo_of, undone_by, logged";

impl Reader<'_> {
    pub fn change(&self, id: i64) -> Result<Option<ChangeRecord>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {CHANGE_COLUMNS} FROM changes WHERE id = ?1"),
                [id],
                change_row,
            )
            .optional()?)
    }

    /// The newest change (which may be an undo: undoing it is a redo).
    pub fn latest_change(&self) -> Result<Option<ChangeRecord>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {CHANGE_COLUMNS} FROM changes ORDER BY id DESC LIMIT 1"),
                [],
                change_row,
            )
            .optional()?)
    }

    /// The first later change, still in effect, that wrote a row change `id` wrote. A
    /// change and the undo that took it back cancel out and are not counted.
    pub fn later_change_on(&self, id: i64) -> Result<Option<i64>> {
        let mine = "SELECT DISTINCT tbl, key FROM undo_log WHERE change_id = ?1";
        self.later_change_on_keys(mine, id)
    }

    /// As [`Reader::later_change_on`] for an import (`import` is its number in the import
    /// log), whose rows are not in the undo log: the records it created or merged.
    pub fn later_change_on_import(&self, id: i64, import: i64) -> Result<Option<i64>> {
        let key = key_sql(self.conn, &["i.entity_id".into()]);
        let mine = format!(
            "SELECT DISTINCT {ITEM_TABLE}, {key} FROM import_items i WHERE i.import_id = {import}"
        );
        self.later_change_on_keys(&mine, id)
    }

    /// The first later change in effect that wrote a row whose (table, key) `mine` selects,
    /// counting the records later imports created or merged.
    fn later_change_on_keys(&self, mine: &str, id: i64) -> Result<Option<i64>> {
        let key = key_sql(self.conn, &["i.entity_id".into()]);
        let sql = format!(
            "WITH mine(tbl, k) AS ({mine}),
            later(change_id) AS (
                SELECT DISTINCT l.change_id FROM mine m JOIN undo_log l INDEXED BY undo_log_key
                ON l.tbl = m.tbl AND l.key = m.k AND l.change_id > ?1 AND l.op <> 'insert'
                UNION
                SELECT h.change_id FROM history h JOIN import_items i ON i.import_id = h.entity_id
                JOIN mine m ON m.tbl = {ITEM_TABLE} AND m.k = {key}
                WHERE h.entity = 'import' AND h.action = 'import' AND h.change_id > ?1)
            SELECT min(c.id) FROM later JOIN changes c ON c.id = later.change_id
            WHERE c.undone_by IS NULL
              AND NOT EXISTS (SELECT 1 FROM changes d WHERE d.id = c.undo_of AND d.undone_by = c.id)"
        );
        Ok(self.conn.query_row(&sql, [id], |r| r.get(0))?)
    }

    /// The import a change ran, if it was one.
    pub fn import_of_change(&self, id: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT entity_id FROM history WHERE change_id = ?1 AND entity = 'import' AND action = 'import'",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The first change after `id` whose rows were not logged and that is not an import
    /// (the demo, which may have wiped everything).
    pub fn later_unlogged_change(&self, id: i64) -> Result<Option<i64>> {
        Ok(self.conn.query_row(
            "SELECT min(id) FROM changes c WHERE id > ?1 AND logged = 0 \
             AND NOT EXISTS (SELECT 1 FROM history h WHERE h.change_id = c.id AND h.entity = 'import')",
            [id],
            |r| r.get(0),
        )?)
    }

    /// The history rows a change wrote, in order.
    pub fn change_history(&self, id: i64) -> Result<Vec<HistoryEntry>> {
        super::history::entries(self.conn, "WHERE change_id = ?1 ORDER BY id", [id])
    }
}

#[cfg(test)]
impl Reader<'_> {
    /// Every row of every table undo looks after, as JSON in key order: two equal dumps
    /// are two equal databases (history and the undo bookkeeping aside).
    pub fn dump_for_tests(&self) -> std::collections::BTreeMap<String, Vec<String>> {
        let mut out = std::collections::BTreeMap::new();
        for table in logged_tables(self.conn).unwrap() {
            let (cols, pk) = columns(self.conn, &table).unwrap();
            let image: Vec<String> = cols.iter().map(|c| format!("'{c}', \"{c}\"")).collect();
            let order: Vec<String> = pk.iter().map(|c| format!("\"{c}\"")).collect();
            let object = if self.conn.is_pg() {
                "jsonb_build_object"
            } else {
                "json_object"
            };
            let sql = format!(
                "SELECT CAST({object}({}) AS TEXT) FROM \"{table}\" ORDER BY {}",
                image.join(", "),
                order.join(", ")
            );
            let rows: Vec<String> = self
                .conn
                .prepare(&sql)
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<DbResult<_>>()
                .unwrap();
            out.insert(table, rows);
        }
        out
    }
}
