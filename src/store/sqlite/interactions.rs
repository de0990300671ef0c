//! Calls, e-mails, meetings, notes, messages and feedback.

use crate::store::db::DbResult;
use crate::store::db::{params, Row};
use chrono::{DateTime, Utc};

use super::rows::*;
use super::{Reader, Tx};
use crate::domain::*;
use crate::store::InteractionFilter;

pub(super) const SELECT: &str = "SELECT i.id, i.contact_id, c.name, i.deal_id, i.kind, i.direction, i.occurred_at, i.duration_min, \
    i.summary, i.body, i.score, i.version, i.case_id FROM interactions i JOIN contacts c ON c.id = i.contact_id";

pub(super) fn interaction_from_row(r: &Row<'_>) -> DbResult<Interaction> {
    Ok(Interaction {
        id: r.get(0)?,
        contact_id: r.get(1)?,
        contact: r.get(2)?,
        deal_id: r.get(3)?,
        kind: r.get(4)?,
        direction: r.get(5)?,
        occurred_at: from_ts(r.get(6)?),
        duration_min: r.get(7)?,
        summary: r.get(8)?,
        body: r.get(9)?,
        score: r.get(10)?,
        version: r.get(11)?,
        case_id: r.get(12)?,
    })
}

impl Reader<'_> {
    /// Interactions, newest first.
    pub fn interactions(&self, f: &InteractionFilter) -> Result<Vec<Interaction>> {
        let select = match f.body_up_to {
            // The length is read without the text; a long body is read in part below.
            Some(n) => SELECT.replacen(
                "i.body, i.score, i.version, i.case_id FROM",
                &format!("CASE WHEN octet_length(i.body) <= {n} THEN i.body END, i.score, i.version, i.case_id, octet_length(i.body) FROM"),
                1,
            ),
            None => SELECT.to_string(),
        };
        let mut q = Query::new(format!("{select} WHERE c.deleted_at IS NULL"));
        if let Some(c) = f.contact_id {
            q.bind(" AND i.contact_id = ?", c);
        }
        if let Some(d) = f.deal_id {
            q.bind(" AND i.deal_id = ?", d);
        }
        if let Some(k) = f.case_id {
            q.bind(" AND i.case_id = ?", k);
        }
        if let Some(k) = f.kind {
            q.bind(" AND i.kind = ?", k);
        }
        if let Some(s) = f.since {
            q.bind(" AND i.occurred_at >= ?", ts(s));
        }
        if let Some(u) = f.until {
            q.bind(" AND i.occurred_at < ?", ts(u));
        }
        q.push(" ORDER BY i.occurred_at DESC, i.id DESC");
        if let Some(limit) = f.limit {
            q.bind(" LIMIT ?", limit as i64);
        }
        let mut stmt = self.conn.prepare_cached(&q.sql)?;
        let Some(n) = f.body_up_to else {
            let rows = stmt.query_map(q.params(), interaction_from_row)?;
            return Ok(rows.collect::<DbResult<_>>()?);
        };
        let rows = stmt.query_map(q.params(), |r| {
            Ok((interaction_from_row(r)?, r.get::<Option<i64>>(13)?))
        })?;
        let rows: Vec<(Interaction, Option<i64>)> = rows.collect::<DbResult<_>>()?;
        rows.into_iter()
            .map(|(mut i, bytes)| {
                let bytes = bytes.unwrap_or(0) as usize;
                if i.body.is_none() && bytes > n {
                    i.body = Some(super::body_prefix::cut_body(self.conn, i.id, n, bytes)?);
                }
                Ok(i)
            })
            .collect()
    }

    pub fn interaction(&self, id: InteractionId) -> Result<Option<Interaction>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT} WHERE i.id = ?1"))?;
        let found = stmt
            .query_map([id], interaction_from_row)?
            .next()
            .transpose()?;
        Ok(found)
    }
}

impl Tx<'_> {
    /// Inserts an interaction: with a new id, or with `i.id` when it is not 0 (an
    /// `import all` into a database without interactions keeps the file's ids).
    pub fn insert_interaction(&self, i: &Interaction, now: DateTime<Utc>) -> Result<InteractionId> {
        // Without an id of its own the column is left out: PostgreSQL makes an identity
        // only then, not for a NULL.
        let (id_col, id_arg) = if i.id.0 == 0 {
            ("", "")
        } else {
            (", id", ", ?12")
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "INSERT INTO interactions (contact_id, deal_id, kind, direction, occurred_at, duration_min, summary, body, score, created_at, case_id{id_col}) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11{id_arg})"
        ))?;
        let row = params![
            i.contact_id,
            i.deal_id,
            i.kind,
            i.direction,
            ts(i.occurred_at),
            i.duration_min,
            i.summary,
            i.body,
            i.score,
            ts(now),
            i.case_id,
            i.id
        ];
        stmt.execute(if i.id.0 == 0 { &row[..11] } else { row })?;
        Ok(InteractionId(self.new_id()))
    }
}

impl Tx<'_> {
    /// Writes every editable column of `i` and bumps its version; returns the new version.
    pub fn update_interaction(&self, i: &Interaction) -> Result<i64> {
        let mut stmt = self.conn.prepare_cached(
            "UPDATE interactions SET contact_id = ?2, deal_id = ?3, kind = ?4, direction = ?5, occurred_at = ?6, \
             duration_min = ?7, summary = ?8, body = ?9, score = ?10, version = version + 1 WHERE id = ?1 RETURNING version",
        )?;
        let version = stmt.query_row(
            params![
                i.id,
                i.contact_id,
                i.deal_id,
                i.kind,
                i.direction,
                ts(i.occurred_at),
                i.duration_min,
                i.summary,
                i.body,
                i.score
            ],
            |r| r.get(0),
        )?;
        Ok(version)
    }

    // `delete_interaction` and `interaction_created_at` live in imports.rs (import undo uses them).

    /// Puts an interaction back with its own id, version and creation time (undo of a removal).
    pub fn restore_interaction(&self, i: &Interaction, created_at: DateTime<Utc>) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO interactions (id, contact_id, deal_id, kind, direction, occurred_at, duration_min, summary, body, score, created_at, version, case_id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?;
        stmt.execute(params![
            i.id,
            i.contact_id,
            i.deal_id,
            i.kind,
            i.direction,
            ts(i.occurred_at),
            i.duration_min,
            i.summary,
            i.body,
            i.score,
            ts(created_at),
            i.version,
            i.case_id
        ])?;
        Ok(())
    }

    /// Recomputes a contact's last_contact_at from its interactions up to `now` (an
    /// interaction dated in the future does not count), after one was edited or removed.
    pub fn refresh_last_contact_until(&self, id: ContactId, now: DateTime<Utc>) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "UPDATE contacts SET last_contact_at = (SELECT max(occurred_at) FROM interactions i \
             WHERE i.contact_id = ?1 AND i.kind <> 'note' AND i.occurred_at <= ?2) WHERE id = ?1",
        )?;
        stmt.execute(params![id, ts(now)])?;
        Ok(())
    }
}
