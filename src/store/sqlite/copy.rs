//! Copying every record of one database into another, of either backend (`crm db copy`,
//! DESIGN §14): ids, history and the undo log included, in one transaction on the
//! destination, so a failed copy leaves it as it was.

use super::Store;
use crate::domain::{Error, Result};
use crate::store::db::{Begin, Conn, OwnedValue};

/// Tables a trigger fills from others (the pipeline totals; SQLite's full-text tables are
/// virtual and left out by name): the destination's own triggers make them again.
const DERIVED: &[&str] = &["deal_totals", "crm_meta"];

/// The write-behind queue (a table on a server, a file of its own beside a database file):
/// not records, and a copy starts only with it empty.
const QUEUE: &str = "queued";

/// Tables that hold something when a database is new (the default stages, the undo
/// context): emptied before the copy, and not a sign of an earlier copy.
const SEEDED: &[&str] = &["stages", "undo_ctx", "settings"];

/// The base tables of `conn` that hold records, by name.
fn tables(conn: &Conn) -> Result<Vec<String>> {
    let sql = if conn.is_pg() {
        "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY 1"
    };
    let names: Vec<String> = conn
        .prepare(sql)?
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    Ok(names
        .into_iter()
        .filter(|t| !DERIVED.contains(&t.as_str()) && t != QUEUE && !t.contains("_fts"))
        .collect())
}

/// A table's columns, in order.
fn columns(conn: &Conn, table: &str) -> Result<Vec<String>> {
    let stmt = conn.prepare(&format!("SELECT * FROM \"{table}\" LIMIT 0"))?;
    let n = stmt.column_count();
    drop(stmt);
    let sql = if conn.is_pg() {
        "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position"
    } else {
        "SELECT name FROM pragma_table_info(?1) ORDER BY cid"
    };
    let cols: Vec<String> = conn
        .prepare(sql)?
        .query_map([table], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    debug_assert_eq!(cols.len(), n);
    Ok(cols)
}

fn count(conn: &Conn, table: &str) -> Result<i64> {
    Ok(
        conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
            r.get(0)
        })?,
    )
}

impl Store {
    /// Whether the database holds anything beyond what a new one starts with.
    pub fn holds_records(&self) -> Result<bool> {
        for t in tables(&self.conn)? {
            if !SEEDED.contains(&t.as_str()) && count(&self.conn, &t)? > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Copies every table of this database into `dest`, which must hold no records;
    /// `progress` hears each table and its rows as it is done. Returns the tables and
    /// the rows now in each, counted again on `dest` after the commit.
    pub fn copy_into(
        &self,
        dest: &Store,
        mut progress: impl FnMut(&str, i64),
    ) -> Result<Vec<(String, i64)>> {
        if dest.holds_records()? {
            return Err(Error::conflict(format!(
                "{} already holds records; crm db copy only fills an empty database, so nothing was copied.",
                dest.location()
            )));
        }
        let (waiting, failed) = self.queued_count()?;
        if waiting + failed > 0 {
            let n = waiting + failed;
            return Err(Error::conflict(format!(
                "{n} queued change{} of {} (logged while another crm was writing) would be \
                 left behind; any crm command on it writes them, and crm doctor --queue lists \
                 those that failed. Nothing was copied.",
                if n == 1 { "" } else { "s" },
                self.location()
            )));
        }
        let names = tables(&self.conn)?;
        let theirs = tables(&dest.conn)?;
        if let Some(t) = names.iter().find(|t| !theirs.contains(t)) {
            return Err(Error::storage(format!(
                "{} has no table {t}; is it the same crm version?",
                dest.location()
            )));
        }
        let read = self.conn.begin(Begin::Read)?;
        let write = dest.conn.begin(Begin::Write)?;
        defer_foreign_keys(&dest.conn)?;
        for t in &names {
            let cols = columns(&self.conn, t)?;
            if columns(&dest.conn, t)? != cols {
                return Err(Error::storage(format!(
                    "table {t} has other columns in {}; is it the same crm version?",
                    dest.location()
                )));
            }
            dest.conn.execute(&format!("DELETE FROM \"{t}\""), [])?;
            let n = copy_table(&self.conn, &dest.conn, t, &cols)?;
            progress(t, n);
        }
        write.commit()?;
        read.rollback()?;
        let mut counts = Vec::new();
        for t in &names {
            let (a, b) = (count(&self.conn, t)?, count(&dest.conn, t)?);
            if a != b {
                return Err(Error::storage(format!(
                    "the copy of {t} has {b} rows where the source has {a}; check {} before using it.",
                    dest.location()
                )));
            }
            counts.push((t.clone(), b));
        }
        Ok(counts)
    }
}

fn defer_foreign_keys(conn: &Conn) -> Result<()> {
    let sql = if conn.is_pg() {
        "SET CONSTRAINTS ALL DEFERRED"
    } else {
        "PRAGMA defer_foreign_keys = ON"
    };
    Ok(conn.execute_batch(sql)?)
}

/// Copies one table in multi-row INSERTs, reading the source as it goes.
fn copy_table(from: &Conn, to: &Conn, table: &str, cols: &[String]) -> Result<i64> {
    let quoted: Vec<String> = cols.iter().map(|c| format!("\"{c}\"")).collect();
    // Bound values per statement stay under both backends' limits.
    let per = (30_000 / cols.len().max(1)).clamp(1, 500);
    let insert = |rows: usize| {
        let mut sql = format!("INSERT INTO \"{table}\" ({}) VALUES ", quoted.join(", "));
        let mut k = 0;
        for r in 0..rows {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for c in 0..cols.len() {
                k += 1;
                sql.push_str(&format!("{}?{k}", if c == 0 { "" } else { ", " }));
            }
            sql.push(')');
        }
        sql
    };
    let full = insert(per);
    let mut stmt = from.prepare(&format!("SELECT {} FROM \"{table}\"", quoted.join(", ")))?;
    let mut rows = stmt.query([])?;
    let mut batch: Vec<OwnedValue> = Vec::with_capacity(per * cols.len());
    let mut n = 0i64;
    while let Some(r) = rows.next()? {
        for i in 0..cols.len() {
            batch.push(r.get(i)?);
        }
        n += 1;
        if batch.len() == per * cols.len() {
            to.prepare_cached(&full)?.execute(batch.as_slice())?;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        to.prepare(&insert(batch.len() / cols.len()))?
            .execute(batch.as_slice())?;
    }
    Ok(n)
}
