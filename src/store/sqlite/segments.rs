//! Saved segments (DESIGN §12).

use crate::store::db::{params, Row};
use crate::store::db::{DbError, DbResult};

use super::error::conflict_or;
use super::rows::{from_ts, ts};
use super::{Reader, Tx};
use crate::domain::segment::{name_key, target_from_word, target_word, Segment, SegmentId};
use crate::domain::Result;

const COLUMNS: &str = "id, name, target, expr, created_at";

fn segment_from_row(r: &Row<'_>) -> DbResult<Segment> {
    let target: String = r.get(2)?;
    Ok(Segment {
        id: SegmentId(r.get(0)?),
        name: r.get(1)?,
        target: target_from_word(&target)
            .ok_or_else(|| DbError::decode(format!("unexpected segment target {target:?}")))?,
        expr: r.get(3)?,
        created_at: from_ts(r.get(4)?),
    })
}

impl Reader<'_> {
    /// Every segment, by name.
    pub fn segments(&self) -> Result<Vec<Segment>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM segments ORDER BY name_key, id"
        ))?;
        let rows = stmt.query_map([], segment_from_row)?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// The segment with this name (case and accents ignored).
    pub fn segment_by_name(&self, name: &str) -> Result<Option<Segment>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM segments WHERE name_key = ?1"
        ))?;
        let found = stmt
            .query_map([name_key(name)], segment_from_row)?
            .next()
            .transpose()?;
        Ok(found)
    }
}

impl Tx<'_> {
    /// Stores a new segment; its id comes from the INSERT itself (rowid on SQLite, the
    /// `RETURNING id` the connection layer adds on PostgreSQL).
    pub fn insert_segment(&self, s: &Segment) -> Result<SegmentId> {
        let id = self
            .conn
            .prepare(
                "INSERT INTO segments (name, name_key, target, expr, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .and_then(|mut stmt| {
                stmt.insert(params![
                    s.name,
                    name_key(&s.name),
                    target_word(s.target),
                    s.expr,
                    ts(s.created_at)
                ])
            })
            .map_err(|e| {
                conflict_or(e, || {
                    format!(
                        "a segment named {:?} already exists; pick another name or remove it first (crm segment rm).",
                        s.name
                    )
                })
            })?;
        Ok(SegmentId(id))
    }

    pub fn delete_segment(&self, id: SegmentId) -> Result<()> {
        self.conn
            .execute("DELETE FROM segments WHERE id = ?1", [id.0])?;
        Ok(())
    }
}
