//! The SQL for support cases.

use crate::store::db::{params, Optional, Row};
use crate::store::db::{DbError, DbResult};
use chrono::{DateTime, Utc};

use super::rows::*;
use super::{Reader, Tx};
use crate::domain::case::{Case, Priority, Status};
use crate::domain::*;

pub(super) const COLUMNS: &str =
    "k.id, k.contact_id, c.name, k.deal_id, k.title, k.priority, k.status, \
    k.opened_at, k.first_response_at, k.solved_at, k.resolution, k.version, k.owner";

pub(super) fn case_from_row(r: &Row<'_>) -> DbResult<Case> {
    let word = |i: usize, s: String| DbError::decode(format!("column {i}: {s}"));
    let priority: String = r.get(5)?;
    let status: String = r.get(6)?;
    Ok(Case {
        id: r.get(0)?,
        contact_id: ContactId(r.get(1)?),
        contact: r.get(2)?,
        deal_id: r.get::<Option<i64>>(3)?.map(DealId),
        title: r.get(4)?,
        priority: Priority::parse(&priority).map_err(|e| word(5, e.to_string()))?,
        status: Status::parse(&status).map_err(|e| word(6, e.to_string()))?,
        opened_at: from_ts(r.get(7)?),
        first_response_at: opt_ts(r.get(8)?),
        solved_at: opt_ts(r.get(9)?),
        resolution: r.get(10)?,
        version: r.get(11)?,
        owner: r.get(12)?,
    })
}

impl Reader<'_> {
    pub fn case(&self, id: i64) -> Result<Option<Case>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM cases k JOIN contacts c ON c.id = k.contact_id WHERE k.id = ?1"
            ))?
            .query_row([id], case_from_row)
            .optional()?)
    }

    /// Cases, optionally of one status and one contact; open and pending ones first by
    /// priority, then the newest.
    pub fn cases(&self, status: Option<Status>, contact: Option<ContactId>) -> Result<Vec<Case>> {
        self.cases_owned(status, contact, None)
    }

    /// As `cases`, and only those of `owner` when given (`Some(None)`: owned by nobody).
    pub fn cases_owned(
        &self,
        status: Option<Status>,
        contact: Option<ContactId>,
        owner: Option<Option<&str>>,
    ) -> Result<Vec<Case>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM cases k JOIN contacts c ON c.id = k.contact_id
             WHERE (CAST(?1 AS TEXT) IS NULL OR k.status = ?1) AND (CAST(?2 AS INTEGER) IS NULL OR k.contact_id = ?2)
               AND (?3 = 0 OR (?3 = 1 AND k.owner IS NULL) OR k.owner = ?4)
             ORDER BY k.status IN ('open', 'pending') DESC,
                      CASE k.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END,
                      k.opened_at, k.id"
        ))?;
        let (by_owner, who) = match owner {
            None => (0, None),
            Some(None) => (1, None),
            Some(Some(w)) => (2, Some(w)),
        };
        let rows = stmt.query_map(
            params![
                status.map(Status::as_str),
                contact.map(|c| c.0),
                by_owner,
                who
            ],
            case_from_row,
        )?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// The open and pending cases, with their contacts' names (the Cases view and the
    /// Today view sort them by urgency).
    pub fn live_cases(&self) -> Result<Vec<Case>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM cases k JOIN contacts c ON c.id = k.contact_id
             WHERE k.status IN ('open', 'pending') AND c.deleted_at IS NULL ORDER BY k.opened_at, k.id"
        ))?;
        let rows = stmt.query_map([], case_from_row)?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// When the earliest outbound message filed under a case was sent: its first response.
    pub fn case_first_outbound_at(&self, case: i64) -> Result<Option<DateTime<Utc>>> {
        let at: Option<i64> = self.conn.query_row(
            "SELECT min(occurred_at) FROM interactions WHERE case_id = ?1 AND direction = 'out'",
            [case],
            |r| r.get(0),
        )?;
        Ok(at.map(from_ts))
    }

    /// The interactions filed under a case, newest first, at most `limit`.
    pub fn case_interactions(&self, case: i64, limit: usize) -> Result<Vec<Interaction>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.id, i.contact_id, c.name, i.deal_id, i.kind, i.direction, i.occurred_at,
                    i.duration_min, i.summary, i.body, i.score, i.version, i.case_id
             FROM interactions i JOIN contacts c ON c.id = i.contact_id
             WHERE i.case_id = ?1 ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(
            params![case, limit as i64],
            super::interactions::interaction_from_row,
        )?;
        Ok(rows.collect::<DbResult<_>>()?)
    }
}

impl Tx<'_> {
    /// Removes a case (from the app, or an import taken back); the interactions and tasks
    /// filed under it stay, unfiled.
    pub fn delete_case(&self, id: i64) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE interactions SET case_id = NULL WHERE case_id = ?1")?
            .execute([id])?;
        self.conn
            .prepare_cached("UPDATE tasks SET case_id = NULL WHERE case_id = ?1")?
            .execute([id])?;
        self.conn
            .prepare_cached("DELETE FROM cases WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    /// A new case, numbered by the database (`k.id` is not used).
    pub fn insert_case(&self, k: &Case) -> Result<i64> {
        self.insert_case_row(k, None)
    }

    /// Files an interaction under a case.
    pub fn link_interaction_to_case(&self, interaction: InteractionId, case: i64) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE interactions SET case_id = ?2 WHERE id = ?1")?
            .execute(params![interaction.0, case])?;
        Ok(())
    }

    pub fn update_case(&self, k: &Case) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE cases SET deal_id = ?2, title = ?3, priority = ?4, status = ?5, first_response_at = ?6,
                 solved_at = ?7, resolution = ?8, version = ?9, owner = ?10 WHERE id = ?1",
            )?
            .execute(params![
                k.id,
                k.deal_id.map(|d| d.0),
                k.title,
                k.priority.as_str(),
                k.status.as_str(),
                k.first_response_at.map(ts),
                k.solved_at.map(ts),
                k.resolution,
                k.version,
                k.owner,
            ])?;
        Ok(())
    }
}

impl Tx<'_> {
    /// A case from an `export all` file: with its own id when `k.id` is not 0, and its
    /// times and status as the file has them. Returns its id.
    pub fn import_case(&self, k: &Case) -> Result<i64> {
        self.insert_case_row(k, (k.id != 0).then_some(k.id))
    }

    /// Inserts `k` with the id `id`, or the next one when `None`. Without an id the column
    /// is left out: PostgreSQL makes an identity only then, not for a NULL.
    fn insert_case_row(&self, k: &Case, id: Option<i64>) -> Result<i64> {
        let (id_col, id_arg) = if id.is_some() {
            (", id", ", ?12")
        } else {
            ("", "")
        };
        let row = params![
            k.contact_id.0,
            k.deal_id.map(|d| d.0),
            k.title,
            k.priority.as_str(),
            k.status.as_str(),
            ts(k.opened_at),
            k.first_response_at.map(ts),
            k.solved_at.map(ts),
            k.resolution,
            k.version,
            k.owner,
            id,
        ];
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO cases (contact_id, deal_id, title, priority, status, opened_at, first_response_at, solved_at, resolution, version, owner{id_col})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11{id_arg})"
            ))?
            .execute(if id.is_some() { row } else { &row[..11] })?;
        Ok(self.new_id())
    }
}
