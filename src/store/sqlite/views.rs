//! Windowed queries for the TUI: each returns at most `limit` rows next to a key, so a
//! view's cost depends on the screen, not on the size of the database.

use crate::store::db::DbResult;
use crate::store::db::{params, Row, ToValue};

use super::rows::*;
use super::Reader;
use crate::domain::text::fold;
use crate::domain::*;
use crate::store::{ContactRow, Cursor, DealCard};

/// Turns what the user typed into a LIKE pattern that matches the folded letters in order
/// (`mra` matches `maria`): a fuzzy subsequence filter SQLite can stop early on.
pub fn fuzzy_pattern(query: &str) -> Option<String> {
    let folded = fold(query);
    let mut p = String::from("%");
    let mut any = false;
    for c in folded.chars().filter(|c| !c.is_whitespace()) {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
        p.push('%');
        any = true;
    }
    any.then_some(p)
}

pub(super) fn contact_row(r: &Row<'_>) -> DbResult<ContactRow> {
    Ok(ContactRow {
        id: r.get(0)?,
        name: r.get(1)?,
        name_key: r.get(2)?,
        company: r.get(3)?,
        lifecycle: r.get(4)?,
        last_contact_at: opt_ts(r.get(5)?),
        tags: split_list(r.get(6)?),
        score: r.get::<Option<i64>>(7)?.map(|s| s.clamp(0, 100) as u8),
    })
}

impl Reader<'_> {
    /// Up to `limit` live contacts in name order next to `cursor`, optionally filtered.
    /// Rows come back in name order whatever the direction.
    pub fn contacts_window(
        &self,
        filter: Option<&str>,
        cursor: &Cursor<(String, i64)>,
        limit: usize,
    ) -> Result<Vec<ContactRow>> {
        let pattern = filter.and_then(fuzzy_pattern);
        let base = "SELECT c.id, c.name, c.name_key, co.name, c.lifecycle, c.last_contact_at, \
            (SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id ORDER BY t.name_key) x), \
            (SELECT s.score FROM contact_scores s WHERE s.contact_id = c.id) \
            FROM contacts c INDEXED BY contacts_live_name LEFT JOIN companies co ON co.id = c.company_id \
            WHERE c.deleted_at IS NULL AND (CAST(?1 AS TEXT) IS NULL OR c.search_key LIKE ?1 ESCAPE '\\')";
        let (key, id) = match cursor {
            Cursor::From(k) | Cursor::After(k) | Cursor::Before(k) => (Some(k.0.as_str()), k.1),
            _ => (None, 0),
        };
        let (cond, order) = match cursor {
            Cursor::First => ("", "ASC"),
            Cursor::From(_) => (
                " AND (c.name_key > ?2 OR (c.name_key = ?2 AND c.id >= ?3))",
                "ASC",
            ),
            Cursor::After(_) => (
                " AND (c.name_key > ?2 OR (c.name_key = ?2 AND c.id > ?3))",
                "ASC",
            ),
            Cursor::Before(_) => (
                " AND (c.name_key < ?2 OR (c.name_key = ?2 AND c.id < ?3))",
                "DESC",
            ),
            Cursor::Last => ("", "DESC"),
        };
        // Only the parameters the text uses are bound (PostgreSQL types each from its use).
        let limit = limit as i64;
        let mut args: Vec<&dyn ToValue> = vec![&pattern];
        if !cond.is_empty() {
            args.extend([&key as &dyn ToValue, &id]);
        }
        args.push(&limit);
        let n = args.len();
        let sql = format!("{base}{cond} ORDER BY c.name_key {order}, c.id {order} LIMIT ?{n}");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(args.as_slice(), contact_row)?;
        let mut out: Vec<ContactRow> = rows.collect::<DbResult<_>>()?;
        if order == "DESC" {
            out.reverse();
        }
        Ok(out)
    }

    /// Open deals of one stage, most recently changed first (a deal just moved shows on top),
    /// `offset` rows in.
    pub fn stage_cards(
        &self,
        stage: StageId,
        filter: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<DealCard>> {
        let pattern = filter.and_then(fuzzy_pattern);
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.contact_id, c.name, d.value_minor, d.currency, d.expected_close, coalesce(d.probability, s.probability), d.owner \
             FROM deals d JOIN stages s ON s.id = d.stage_id LEFT JOIN contacts c ON c.id = d.contact_id \
             WHERE d.status = 'open' AND d.stage_id = ?1 \
               AND (CAST(?2 AS TEXT) IS NULL OR lower(d.title || ' ' || coalesce(c.name, '')) LIKE ?2 ESCAPE '\\') \
             ORDER BY d.updated_at DESC, d.id DESC LIMIT ?3 OFFSET ?4",
        )?;
        let rows = stmt.query_map(params![stage, pattern, limit as i64, offset as i64], |r| {
            Ok(DealCard {
                id: r.get(0)?,
                title: r.get(1)?,
                contact_id: r.get(2)?,
                contact: r.get(3)?,
                value: crate::domain::money::Money::new(r.get(4)?, r.get(5)?),
                expected_close: parse_day(r.get(6)?),
                probability: r.get(7)?,
                owner: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Interactions newest first, next to a cursor of (occurred_at, id).
    pub fn interactions_window(
        &self,
        kind: Option<InteractionKind>,
        filter: Option<&str>,
        cursor: &Cursor<(i64, i64)>,
        limit: usize,
    ) -> Result<Vec<Interaction>> {
        let pattern = filter.and_then(fuzzy_pattern);
        let (at, id) = match cursor {
            Cursor::From(k) | Cursor::After(k) | Cursor::Before(k) => (Some(k.0), k.1),
            _ => (None, 0),
        };
        // "After" moves down the list, towards older rows.
        let (cond, order) = match cursor {
            Cursor::First => ("", "DESC"),
            Cursor::From(_) => (
                " AND (i.occurred_at < ?3 OR (i.occurred_at = ?3 AND i.id <= ?4))",
                "DESC",
            ),
            Cursor::After(_) => (
                " AND (i.occurred_at < ?3 OR (i.occurred_at = ?3 AND i.id < ?4))",
                "DESC",
            ),
            Cursor::Before(_) => (
                " AND (i.occurred_at > ?3 OR (i.occurred_at = ?3 AND i.id > ?4))",
                "ASC",
            ),
            Cursor::Last => ("", "ASC"),
        };
        // Only the parameters the text uses are bound (PostgreSQL types each from its use).
        let limit = limit as i64;
        let mut args: Vec<&dyn ToValue> = vec![&kind, &pattern];
        if !cond.is_empty() {
            args.extend([&at as &dyn ToValue, &id]);
        }
        args.push(&limit);
        let n = args.len();
        let sql = format!(
            "SELECT i.id, i.contact_id, c.name, i.deal_id, i.kind, i.direction, i.occurred_at, i.duration_min, i.summary, i.body, i.score, i.version, i.case_id \
             FROM interactions i INDEXED BY interactions_time_kind_contact JOIN contacts c ON c.id = i.contact_id \
             WHERE c.deleted_at IS NULL AND (CAST(?1 AS TEXT) IS NULL OR i.kind = ?1) \
               AND (CAST(?2 AS TEXT) IS NULL OR lower(i.summary || ' ' || c.name) LIKE ?2 ESCAPE '\\'){cond} \
             ORDER BY i.occurred_at {order}, i.id {order} LIMIT ?{n}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        // The same columns, in the same order, as interactions.rs reads.
        let rows = stmt.query_map(args.as_slice(), super::interactions::interaction_from_row)?;
        let mut out: Vec<Interaction> = rows.collect::<DbResult<_>>()?;
        if order == "ASC" {
            out.reverse();
        }
        Ok(out)
    }
}
