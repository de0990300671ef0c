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
//! Later work is never lost: a change is refused when a later change (not itself undone)
//! wrote one of the rows it wrote, when a row it would remove is now used by another, or
//! when a row it puts back would clash with one made since.

use std::collections::HashMap;

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};

use super::rows::*;
use super::{Reader, Tx};
use crate::domain::*;
use crate::store::ChangeRecord;

/// The table of an import item's record, as SQL over `import_items i`.
const ITEM_TABLE: &str =
    "(CASE i.entity WHEN 'contact' THEN 'contacts' WHEN 'company' THEN 'companies' \
    WHEN 'deal' THEN 'deals' WHEN 'interaction' THEN 'interactions' WHEN 'task' THEN 'tasks' END)";

/// Tables the triggers leave alone: the log itself and the append-only history.
const UNLOGGED: &[&str] = &["history", "changes", "undo_log", "undo_ctx"];

/// (Re)creates the undo triggers for every table of the current schema. Runs inside the
/// migration's transaction; does nothing before the migration that adds the log.
pub(super) fn make_triggers(conn: &Connection) -> rusqlite::Result<()> {
    let has_log: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'undo_log'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)?;
    if !has_log {
        return Ok(());
    }
    let old: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'undo\\_%' ESCAPE '\\'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for t in old {
        conn.execute_batch(&format!("DROP TRIGGER \"{t}\""))?;
    }
    for table in logged_tables(conn)? {
        let (cols, pk) = columns(conn, &table)?;
        conn.execute_batch(&triggers(&table, &cols, &pk))?;
    }
    Ok(())
}

fn logged_tables(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names
        .into_iter()
        .filter(|n| !UNLOGGED.contains(&n.as_str()))
        .collect())
}

/// A table's columns and its key columns (in key order; `rowid` when it declares none).
fn columns(conn: &Connection, table: &str) -> rusqlite::Result<(Vec<String>, Vec<String>)> {
    let mut cols = Vec::new();
    let mut pk: Vec<(i64, String)> = Vec::new();
    let mut stmt = conn.prepare(&format!("PRAGMA table_info(\"{table}\")"))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, i64>(5)?)))?;
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

/// Starts the change a write transaction is: its number goes where the triggers see it.
pub(super) fn open_change(conn: &Connection) -> rusqlite::Result<i64> {
    let id: i64 = conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM changes", [], |r| {
        r.get(0)
    })?;
    conn.execute("UPDATE undo_ctx SET change_id = ?1", [id])?;
    Ok(id)
}

/// Ends it: a change that recorded no history leaves no trace to undo it by, so its log
/// goes too.
pub(super) fn close_change(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute("UPDATE undo_ctx SET change_id = NULL", [])?;
    let recorded: bool = conn
        .query_row("SELECT 1 FROM changes WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some();
    if !recorded {
        conn.execute("DELETE FROM undo_log WHERE change_id = ?1", [id])?;
    }
    Ok(())
}

fn change_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ChangeRecord> {
    Ok(ChangeRecord {
        id: r.get(0)?,
        at: from_ts(r.get(1)?),
        by: r.get(2)?,
        undo_of: r.get(3)?,
        undone_by: r.get(4)?,
        logged: r.get::<_, i64>(5)? != 0,
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
        let mine = format!(
            "SELECT DISTINCT {ITEM_TABLE}, json_array(i.entity_id) FROM import_items i WHERE i.import_id = {import}"
        );
        self.later_change_on_keys(&mine, id)
    }

    /// The first later change in effect that wrote a row whose (table, key) `mine` selects,
    /// counting the records later imports created or merged.
    fn later_change_on_keys(&self, mine: &str, id: i64) -> Result<Option<i64>> {
        let sql = format!(
            "WITH mine(tbl, k) AS ({mine}),
            later(change_id) AS (
                SELECT DISTINCT l.change_id FROM mine m JOIN undo_log l INDEXED BY undo_log_key
                ON l.tbl = m.tbl AND l.key = m.k AND l.change_id > ?1 AND l.op <> 'insert'
                UNION
                SELECT h.change_id FROM history h JOIN import_items i ON i.import_id = h.entity_id
                JOIN mine m ON m.tbl = {ITEM_TABLE} AND m.k = json_array(i.entity_id)
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

/// One row of the log, as read back for replay.
struct Logged {
    tbl: String,
    op: String,
    key: String,
    old: Option<String>,
}

/// A column that references another table's key.
struct Reference {
    child: String,
    column: String,
    parent: String,
    parent_column: Option<String>,
}

impl Tx<'_> {
    /// This transaction's change number.
    pub fn change_id(&self) -> i64 {
        self.change
    }

    /// Stops the row log for the rest of this change (the demo's hundred thousand rows):
    /// the change is recorded but cannot be undone.
    pub fn pause_undo_log(&self) -> Result<()> {
        self.conn
            .execute("UPDATE undo_ctx SET change_id = NULL", [])?;
        self.unlogged.set(true);
        Ok(())
    }

    /// Marks `id` undone by this change, and, when `id` was itself an undo, the change it
    /// took back as in effect again.
    pub fn mark_undone(&self, id: i64, undo_of: Option<i64>) -> Result<()> {
        self.conn.execute(
            "UPDATE changes SET undone_by = ?2 WHERE id = ?1",
            params![id, self.change],
        )?;
        self.conn.execute(
            "UPDATE changes SET undo_of = ?2 WHERE id = ?1",
            params![self.change, id],
        )?;
        if let Some(orig) = undo_of {
            self.conn
                .execute("UPDATE changes SET undone_by = NULL WHERE id = ?1", [orig])?;
        }
        Ok(())
    }

    /// Puts every row change `id` wrote back as it was, newest first. Returns how many
    /// rows it put back. Refuses (an `Error::Conflict`) when later work depends on them.
    pub fn revert_rows(&self, id: i64) -> Result<usize> {
        self.conn.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        let log: Vec<Logged> = self
            .conn
            .prepare(
                "SELECT tbl, op, key, old FROM undo_log WHERE change_id = ?1 ORDER BY id DESC",
            )?
            .query_map([id], |r| {
                Ok(Logged {
                    tbl: r.get(0)?,
                    op: r.get(1)?,
                    key: r.get(2)?,
                    old: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let refs = references(self.conn)?;
        let mut keys: HashMap<String, Vec<String>> = HashMap::new();
        // Rows put back that point at other rows: those must still exist at the end.
        let mut needs: Vec<(String, String, Value)> = Vec::new();
        for l in &log {
            if !keys.contains_key(&l.tbl) {
                keys.insert(l.tbl.clone(), columns(self.conn, &l.tbl)?.1);
            }
            let pk = &keys[&l.tbl];
            match l.op.as_str() {
                "insert" => {
                    let key = json_values(Some(&l.key))?;
                    self.refuse_if_used(id, &l.tbl, pk, &key, &refs)?;
                    let sql = format!("DELETE FROM \"{}\" WHERE {}", l.tbl, matching(pk, 0));
                    self.conn
                        .execute(&sql, rusqlite::params_from_iter(key.iter()))?;
                }
                "delete" | "update" => {
                    let image = json_image(l.old.as_deref())?;
                    for r in refs.iter().filter(|r| r.child == l.tbl) {
                        if let Some((_, v)) = image.iter().find(|(c, _)| *c == r.column) {
                            if *v != Value::Null {
                                let col = r.parent_column.clone().unwrap_or_else(|| "id".into());
                                needs.push((r.parent.clone(), col, v.clone()));
                            }
                        }
                    }
                    let cols: Vec<&str> = image.iter().map(|(c, _)| c.as_str()).collect();
                    let values: Vec<&Value> = image.iter().map(|(_, v)| v).collect();
                    let result = if l.op == "delete" {
                        let marks: Vec<String> =
                            (1..=cols.len()).map(|i| format!("?{i}")).collect();
                        let sql = format!(
                            "INSERT INTO \"{}\" ({}) VALUES ({})",
                            l.tbl,
                            quoted(&cols).join(", "),
                            marks.join(", ")
                        );
                        self.conn
                            .execute(&sql, rusqlite::params_from_iter(values.iter()))
                    } else {
                        let key = json_values(Some(&l.key))?;
                        let sets: Vec<String> = quoted(&cols)
                            .iter()
                            .enumerate()
                            .map(|(i, c)| format!("{c} = ?{}", i + 1))
                            .collect();
                        let sql = format!(
                            "UPDATE \"{}\" SET {} WHERE {}",
                            l.tbl,
                            sets.join(", "),
                            matching(pk, cols.len())
                        );
                        let all: Vec<&Value> = values.into_iter().chain(key.iter()).collect();
                        self.conn.execute(&sql, rusqlite::params_from_iter(all))
                    };
                    result.map_err(|e| {
                        super::error::conflict_or(e, || {
                            format!("change {id} cannot be undone: what it would put back clashes with a record made since ({}).", describe_table(&l.tbl))
                        })
                    })?;
                }
                _ => {}
            }
        }
        for (parent, col, v) in needs {
            let sql = format!("SELECT 1 FROM \"{parent}\" WHERE \"{col}\" = ?1");
            let there = self
                .conn
                .query_row(&sql, [&v], |_| Ok(()))
                .optional()?
                .is_some();
            if !there {
                return Err(Error::conflict(format!(
                    "change {id} cannot be undone: a record it would put back refers to {} #{} that was removed since.",
                    describe_table(&parent),
                    show(&v)
                )));
            }
        }
        Ok(log.len())
    }

    /// Refuses to remove a row that rows outside this change now refer to.
    fn refuse_if_used(
        &self,
        id: i64,
        table: &str,
        pk: &[String],
        key: &[Value],
        refs: &[Reference],
    ) -> Result<()> {
        for r in refs.iter().filter(|r| r.parent == table) {
            let target = r.parent_column.as_deref().unwrap_or("id");
            let Some(i) = pk.iter().position(|c| c == target) else {
                continue;
            };
            let (child_cols, child_pk) = columns(self.conn, &r.child)?;
            debug_assert!(child_cols.contains(&r.column));
            let sql = format!(
                "SELECT json_array({}) FROM \"{}\" WHERE \"{}\" = ?1 LIMIT 1",
                quoted(&child_pk.iter().map(String::as_str).collect::<Vec<_>>()).join(", "),
                r.child,
                r.column
            );
            let user: Option<String> = self
                .conn
                .query_row(&sql, [&key[i]], |row| row.get(0))
                .optional()?;
            if let Some(user) = user {
                let by: Option<i64> = self.conn.query_row(
                    // Only changes after this one can have made it: a short range.
                    "SELECT max(change_id) FROM undo_log WHERE change_id > ?3 AND tbl = ?1 AND key = ?2 AND op = 'insert'",
                    params![r.child, user, id],
                    |row| row.get(0),
                )?;
                let what = format!(
                    "{} #{} is now used by {} {}",
                    describe_table(table),
                    show(&key[i]),
                    describe_table(&r.child),
                    user.trim_start_matches('[').trim_end_matches(']')
                );
                return Err(Error::conflict(match by {
                    Some(later) if later != id => format!(
                        "change {id} cannot be undone: change {later} builds on it ({what}); undo change {later} first."
                    ),
                    _ => format!("change {id} cannot be undone: later work builds on it ({what})."),
                }));
            }
        }
        Ok(())
    }
}

/// Every single-column foreign key of the schema.
fn references(conn: &Connection) -> rusqlite::Result<Vec<Reference>> {
    let mut out = Vec::new();
    for child in logged_tables(conn)? {
        let mut stmt = conn.prepare(&format!("PRAGMA foreign_key_list(\"{child}\")"))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        for row in rows {
            let (parent, column, parent_column) = row?;
            out.push(Reference {
                child: child.clone(),
                column,
                parent,
                parent_column,
            });
        }
    }
    Ok(out)
}

fn quoted(cols: &[&str]) -> Vec<String> {
    cols.iter().map(|c| format!("\"{c}\"")).collect()
}

/// `"a" = ?N+1 AND "b" = ?N+2` for a key after `skip` other parameters.
fn matching(pk: &[String], skip: usize) -> String {
    pk.iter()
        .enumerate()
        .map(|(i, c)| format!("\"{c}\" = ?{}", skip + i + 1))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The words a table's rows are called in a message.
fn describe_table(table: &str) -> String {
    match table {
        "contacts" => "contact".into(),
        "companies" => "company".into(),
        "deals" => "deal".into(),
        "tasks" => "task".into(),
        "interactions" => "interaction".into(),
        "stages" => "stage".into(),
        "tags" => "tag".into(),
        "stage_history" => "stage history row".into(),
        "contact_emails" => "e-mail".into(),
        other => other.replace('_', " "),
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Integer(i) => i.to_string(),
        Value::Text(t) => t.clone(),
        Value::Real(f) => f.to_string(),
        _ => String::new(),
    }
}

fn to_value(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or_default()),
        },
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

fn unreadable() -> Error {
    Error::storage("the undo log holds an unreadable row; run crm doctor.")
}

fn json_values(text: Option<&str>) -> Result<Vec<Value>> {
    let v: serde_json::Value =
        serde_json::from_str(text.unwrap_or("null")).map_err(|_| unreadable())?;
    Ok(v.as_array()
        .ok_or_else(unreadable)?
        .iter()
        .map(to_value)
        .collect())
}

/// A row image as (column, value) pairs. serde_json keeps object keys sorted, which is
/// fine: the columns are named.
fn json_image(text: Option<&str>) -> Result<Vec<(String, Value)>> {
    let v: serde_json::Value =
        serde_json::from_str(text.unwrap_or("null")).map_err(|_| unreadable())?;
    Ok(v.as_object()
        .ok_or_else(unreadable)?
        .iter()
        .map(|(k, v)| (k.clone(), to_value(v)))
        .collect())
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
            let sql = format!(
                "SELECT json_object({}) FROM \"{table}\" ORDER BY {}",
                image.join(", "),
                order.join(", ")
            );
            let rows: Vec<String> = self
                .conn
                .prepare(&sql)
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            out.insert(table, rows);
        }
        out
    }
}
