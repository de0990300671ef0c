//! Replaying a change's undo log backwards (see `undo.rs` for why a row log), refusing
//! when later work depends on the rows it would remove or put back.

use crate::store::db::DbResult;
use std::collections::{HashMap, HashSet};

use crate::store::db::OwnedValue as Value;
use crate::store::db::{params, Conn, Optional};

use super::undo::{columns, key_sql, logged_tables};
use super::Tx;
use crate::domain::*;

/// One row of the log, as read back for replay.
struct Logged {
    id: i64,
    tbl: String,
    op: String,
    key: String,
    old: Option<String>,
}

/// The rows a change's log inserted and updated, by (table, key).
struct OwnRows<'a> {
    tables: HashSet<&'a str>,
    inserted: HashSet<(&'a str, &'a str)>,
    /// The first log entry that updated each row.
    first_update: HashMap<(&'a str, &'a str), i64>,
}

impl<'a> OwnRows<'a> {
    fn of(log: &'a [Logged]) -> Self {
        let mut own = OwnRows {
            tables: HashSet::new(),
            inserted: HashSet::new(),
            first_update: HashMap::new(),
        };
        for l in log {
            let row = (l.tbl.as_str(), l.key.as_str());
            match l.op.as_str() {
                "insert" => {
                    own.inserted.insert(row);
                }
                "update" => {
                    let first = own.first_update.entry(row).or_insert(l.id);
                    *first = (*first).min(l.id);
                }
                _ => continue,
            }
            own.tables.insert(row.0);
        }
        own
    }

    /// Whether the change wrote any row of `table` the replay is still to reach.
    fn touches(&self, table: &str) -> bool {
        self.tables.contains(table)
    }

    /// Whether the replay, at log entry `at`, is still to remove or put back row `key`
    /// of `table`: one the change inserted (if it is still there, the replay has yet to
    /// remove it), or one it updated before `at`.
    fn pending(&self, table: &str, key: &str, at: i64) -> bool {
        self.inserted.contains(&(table, key))
            || self
                .first_update
                .get(&(table, key))
                .is_some_and(|first| *first < at)
    }
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

    /// Stops the row log for the rest of this change (the demo's hundred thousand rows, an
    /// import's): the change is recorded but cannot be undone row by row. The triggers
    /// themselves are dropped until the change ends, because SQLite runs them for every row
    /// even when their `WHEN` is false (measured: they made an import 2.3 times slower).
    /// Inside this transaction, so no other connection ever sees them missing.
    pub fn pause_undo_log(&self) -> Result<()> {
        super::undo::stop_logging(self.conn)?;
        // PostgreSQL skips a trigger's work cheaply, and dropping triggers there would lock
        // every table against every other session until the change commits: they stay.
        if !self.unlogged.get() && !self.conn.is_pg() {
            super::undo::drop_triggers(self.conn)?;
        }
        self.unlogged.set(true);
        Ok(())
    }

    /// Whether the row log was paused in this change (its triggers are to be made again).
    pub(super) fn log_paused(&self) -> bool {
        self.unlogged.get()
    }

    /// Marks `id` undone by this change. When `id` was itself an undo, the change it took
    /// back is in effect again, and if that one was an undo too, its own target is undone
    /// by it again.
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
            self.conn.execute(
                "UPDATE changes SET undone_by = ?1 WHERE id = (SELECT undo_of FROM changes WHERE id = ?1)",
                [orig],
            )?;
        }
        Ok(())
    }

    /// Puts every row change `id` wrote back as it was, newest first. Returns how many
    /// rows it put back. Refuses (an `Error::Conflict`) when later work depends on them.
    pub fn revert_rows(&self, id: i64) -> Result<usize> {
        self.conn.execute_batch(if self.conn.is_pg() {
            // Every foreign key of schema.sql is DEFERRABLE for this.
            "SET CONSTRAINTS ALL DEFERRED"
        } else {
            "PRAGMA defer_foreign_keys = ON"
        })?;
        let log: Vec<Logged> = self
            .conn
            .prepare(
                "SELECT id, tbl, op, key, old FROM undo_log WHERE change_id = ?1 ORDER BY id DESC",
            )?
            .query_map([id], |r| {
                Ok(Logged {
                    id: r.get(0)?,
                    tbl: r.get(1)?,
                    op: r.get(2)?,
                    key: r.get(3)?,
                    old: r.get(4)?,
                })
            })?
            .collect::<DbResult<_>>()?;
        let refs = references(self.conn)?;
        let mut keys: HashMap<String, Vec<String>> = HashMap::new();
        // Rows put back that point at other rows: those must still exist at the end. Each
        // need names its row (table, key): a row this change inserted and then updated is
        // put back by the update and then removed by the insert, and needs nothing then.
        let mut needs: Vec<(String, String, String, String, Value)> = Vec::new();
        // A row to remove that a row of this change still to be replayed points at waits
        // until that row is gone or put back: a row this change inserted (the replay
        // removes it too) or one it updated before logging the removal (put back later).
        // Which of a parent and its children the log holds first depends on the backend:
        // PostgreSQL logs what a foreign key's ON DELETE did after the delete that caused
        // it, SQLite before, so an undo of a removal puts the children back before their
        // parent on one and after it on the other, and a redo meets them in either order.
        // Waiting makes the order not matter: children always go first. A postponed row
        // waits again only while other rows are still being replayed; when a whole round
        // of waiting rows made no progress, the last check refuses what still uses it.
        let own = OwnRows::of(&log);
        let mut queue: Vec<(&Logged, Option<usize>)> = log.iter().map(|l| (l, None)).collect();
        let mut next = 0;
        let mut replayed = 0;
        while let Some(&(l, waited_at)) = queue.get(next) {
            next += 1;
            if !keys.contains_key(&l.tbl) {
                keys.insert(l.tbl.clone(), columns(self.conn, &l.tbl)?.1);
            }
            let pk = &keys[&l.tbl];
            match l.op.as_str() {
                "insert" => {
                    let key = json_values(Some(&l.key))?;
                    let stalled = waited_at == Some(replayed);
                    if !stalled && self.used_by_own_rows(l, pk, &key, &refs, &own)? {
                        queue.push((l, Some(replayed)));
                        continue;
                    }
                    self.refuse_if_used(id, &l.tbl, pk, &key, &refs)?;
                    needs.retain(|n| !(n.0 == l.tbl && n.1 == l.key));
                    let sql = format!("DELETE FROM \"{}\" WHERE {}", l.tbl, matching(pk, 0));
                    self.conn
                        .execute(&sql, crate::store::db::params_from_iter(key.iter()))?;
                    replayed += 1;
                }
                "delete" | "update" => {
                    let image = json_image(l.old.as_deref())?;
                    for r in refs.iter().filter(|r| r.child == l.tbl) {
                        if let Some((_, v)) = image.iter().find(|(c, _)| *c == r.column) {
                            if *v != Value::Null {
                                let col = r.parent_column.clone().unwrap_or_else(|| "id".into());
                                needs.push((
                                    l.tbl.clone(),
                                    l.key.clone(),
                                    r.parent.clone(),
                                    col,
                                    v.clone(),
                                ));
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
                            .execute(&sql, crate::store::db::params_from_iter(values.iter()))
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
                        self.conn
                            .execute(&sql, crate::store::db::params_from_iter(all))
                    };
                    result.map_err(|e| {
                        super::error::conflict_or(e, || {
                            format!("change {id} cannot be undone: what it would put back clashes with a record made since ({}).", describe_table(&l.tbl))
                        })
                    })?;
                    replayed += 1;
                }
                _ => {}
            }
        }
        for (_, _, parent, col, v) in needs {
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

    /// Whether a row of this change still to be replayed points at `l`'s row (whose key
    /// is `key`), so removing it waits: a row the change inserted that is still there (the
    /// replay removes it, now or after waiting itself), or one it updated before it
    /// logged `l` (the replay puts it back after `l`).
    fn used_by_own_rows(
        &self,
        l: &Logged,
        pk: &[String],
        key: &[Value],
        refs: &[Reference],
        own: &OwnRows<'_>,
    ) -> Result<bool> {
        for r in refs.iter().filter(|r| r.parent == l.tbl) {
            let target = r.parent_column.as_deref().unwrap_or("id");
            let Some(i) = pk.iter().position(|c| c == target) else {
                continue;
            };
            if !own.touches(&r.child) {
                continue;
            }
            let child_pk: Vec<String> = columns(self.conn, &r.child)?
                .1
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect();
            let sql = format!(
                "SELECT {} FROM \"{}\" WHERE \"{}\" = ?1",
                key_sql(self.conn, &child_pk),
                r.child,
                r.column,
            );
            let mut stmt = self.conn.prepare(&sql)?;
            let users = stmt.query_map([&key[i]], |row| row.get::<String>(0))?;
            for user in users {
                if own.pending(&r.child, &user?, l.id) {
                    return Ok(true);
                }
            }
        }
        Ok(false)
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
            let child_key = key_sql(
                self.conn,
                &quoted(&child_pk.iter().map(String::as_str).collect::<Vec<_>>()),
            );
            let sql = format!(
                "SELECT {child_key} FROM \"{}\" WHERE \"{}\" = ?1 LIMIT 1",
                r.child, r.column
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
fn references(conn: &Conn) -> DbResult<Vec<Reference>> {
    let mut out = Vec::new();
    let logged = logged_tables(conn)?;
    if conn.is_pg() {
        for (child, column, parent, parent_column) in super::undo_pg::foreign_keys(conn)? {
            if logged.contains(&child) {
                out.push(Reference {
                    child,
                    column,
                    parent,
                    parent_column: Some(parent_column),
                });
            }
        }
        return Ok(out);
    }
    for child in logged {
        let mut stmt = conn.prepare(&format!("PRAGMA foreign_key_list(\"{child}\")"))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<String>(2)?,
                r.get::<String>(3)?,
                r.get::<Option<String>>(4)?,
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
        Value::Text(t) => t.to_string(),
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
        serde_json::Value::String(s) => Value::Text(s.clone().into()),
        other => Value::Text(other.to_string().into()),
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
#[path = "undo_replay_tests.rs"]
mod tests;
