//! Pipeline stages, deals and their stage history.

use crate::store::db::{params, Row};
use crate::store::db::{DbError, DbResult};
use chrono::{DateTime, Utc};

use super::error::conflict_or;
use super::rows::*;
use super::{Reader, Tx};
use crate::domain::filter::Target;
use crate::domain::money::Money;
use crate::domain::text::fold;
use crate::domain::*;
use crate::store::DealFilter;

pub(super) const DEAL_SELECT: &str = "SELECT d.id, d.title, d.contact_id, c.name, d.company_id, co.name, d.stage_id, s.name, s.probability, \
    d.status, d.value_minor, d.currency, d.probability, d.expected_close, d.lost_reason, d.created_at, d.updated_at, d.closed_at, d.version, d.owner \
    FROM deals d JOIN stages s ON s.id = d.stage_id LEFT JOIN contacts c ON c.id = d.contact_id \
    LEFT JOIN companies co ON co.id = d.company_id";

pub(super) fn deal_from_row(r: &Row<'_>) -> DbResult<Deal> {
    Ok(Deal {
        id: r.get(0)?,
        title: r.get(1)?,
        contact_id: r.get(2)?,
        contact: r.get(3)?,
        company_id: r.get(4)?,
        company: r.get(5)?,
        stage_id: r.get(6)?,
        stage: r.get(7)?,
        stage_probability: r.get(8)?,
        status: r.get(9)?,
        value: Money::new(r.get(10)?, r.get(11)?),
        probability: r.get(12)?,
        expected_close: parse_day(r.get(13)?),
        lost_reason: r.get(14)?,
        created_at: from_ts(r.get(15)?),
        updated_at: from_ts(r.get(16)?),
        closed_at: opt_ts(r.get(17)?),
        version: r.get(18)?,
        owner: r.get(19)?,
    })
}

fn stage_from_row(r: &Row<'_>) -> DbResult<Stage> {
    Ok(Stage {
        id: r.get(0)?,
        name: r.get(1)?,
        position: r.get(2)?,
        probability: r.get(3)?,
    })
}

impl Reader<'_> {
    /// The pipeline stages in order.
    pub fn stages(&self) -> Result<Vec<Stage>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, position, probability FROM stages ORDER BY position, id",
        )?;
        let rows = stmt.query_map([], stage_from_row)?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Open, won and lost deals that sit in a stage.
    pub fn stage_usage(&self, id: StageId) -> Result<(i64, i64)> {
        Ok(self.conn.query_row(
            "SELECT count(*) FILTER (WHERE status = 'open'), count(*) FILTER (WHERE status <> 'open') FROM deals WHERE stage_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    pub fn deal(&self, id: DealId) -> Result<Option<Deal>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{DEAL_SELECT} WHERE d.id = ?1"))?;
        let found = stmt.query_map([id], deal_from_row)?.next().transpose()?;
        Ok(found)
    }

    /// Deals, open ones by stage order, then closed ones, newest first within each.
    pub fn deals(&self, f: &DealFilter) -> Result<Vec<Deal>> {
        let mut q = Query::new(format!("{DEAL_SELECT} WHERE 1 = 1"));
        if let Some(s) = f.stage_id {
            q.bind(" AND d.stage_id = ?", s);
        }
        if let Some(s) = f.status {
            q.bind(" AND d.status = ?", s);
        }
        if let Some(c) = f.contact_id {
            q.bind(" AND d.contact_id = ?", c);
        }
        if let Some(c) = f.company_id {
            q.bind(" AND d.company_id = ?", c);
        }
        match &f.owner {
            None => {}
            Some(None) => q.push(" AND d.owner IS NULL"),
            Some(Some(who)) => q.bind(" AND d.owner = ?", who.clone()),
        }
        if let Some(m) = &f.matching {
            super::filter_sql::and_matching(&mut q, &m.filter, Target::Deal, &m.clock);
        }
        q.push(" ORDER BY d.status <> 'open', s.position, d.created_at DESC, d.id DESC");
        if let Some(limit) = f.limit {
            q.bind(" LIMIT ?", limit as i64);
        }
        let mut stmt = self.conn.prepare(&q.sql)?;
        let rows = stmt.query_map(q.params(), deal_from_row)?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Open deals whose expected close is on or before `day` (YYYY-MM-DD), soonest first.
    pub fn deals_closing_by(
        &self,
        day: chrono::NaiveDate,
        limit: Option<usize>,
    ) -> Result<Vec<Deal>> {
        self.deals_closing_by_owned(day, limit, None)
    }

    /// As [`Self::deals_closing_by`], only those of `owner` when given (`crm agenda --mine`).
    pub fn deals_closing_by_owned(
        &self,
        day: chrono::NaiveDate,
        limit: Option<usize>,
        owner: Option<&str>,
    ) -> Result<Vec<Deal>> {
        let bound = limit.map_or(String::new(), |l| format!(" LIMIT {l}"));
        // Without the hint SQLite reads every open deal by status and sorts them; the
        // closing-date index yields them in order, so a limit reads only that many.
        let select =
            DEAL_SELECT.replace("FROM deals d", "FROM deals d INDEXED BY deals_open_close");
        let mut stmt = self.conn.prepare_cached(&format!(
            "{select} WHERE d.status = 'open' AND d.expected_close IS NOT NULL AND d.expected_close <= ?1 \
             AND (CAST(?2 AS TEXT) IS NULL OR d.owner = ?2) ORDER BY d.expected_close, d.id{bound}"
        ))?;
        let rows = stmt.query_map(params![day_text(day), owner], deal_from_row)?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// How many open deals are expected to close on `day` or before, counted no further
    /// than `at_most`.
    pub fn count_deals_closing_by(&self, day: chrono::NaiveDate, at_most: usize) -> Result<i64> {
        self.count_deals_closing_by_owned(day, at_most, None)
    }

    /// As [`Self::count_deals_closing_by`], only those of `owner` when given.
    pub fn count_deals_closing_by_owned(
        &self,
        day: chrono::NaiveDate,
        at_most: usize,
        owner: Option<&str>,
    ) -> Result<i64> {
        // Without an owner the count reads the index alone, as it did before owners.
        let mine = owner.map_or(" AND CAST(?3 AS TEXT) IS NULL", |_| " AND owner = ?3");
        Ok(self.conn.prepare_cached(&format!(
            "SELECT count(*) FROM (SELECT 1 FROM deals INDEXED BY deals_open_close \
             WHERE status = 'open' AND expected_close IS NOT NULL AND expected_close <= ?1{mine} LIMIT ?2) x"
        ))?
        .query_row(params![day_text(day), at_most as i64, owner], |r| r.get(0))?)
    }

    /// A deal's path through the pipeline, oldest first.
    pub fn stage_history(&self, id: DealId) -> Result<Vec<StageChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT h.deal_id, f.name, t.name, h.status, h.at FROM stage_history h \
             LEFT JOIN stages f ON f.id = h.from_stage_id LEFT JOIN stages t ON t.id = h.to_stage_id \
             WHERE h.deal_id = ?1 ORDER BY h.at, h.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(StageChange {
                deal_id: r.get(0)?,
                from_stage: r.get(1)?,
                to_stage: r.get(2)?,
                status: r.get(3)?,
                at: from_ts(r.get(4)?),
            })
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Every deal's path, for `export all`.
    pub fn all_stage_history(&self) -> Result<Vec<StageChange>> {
        let mut stmt = self.conn.prepare(
            "SELECT h.deal_id, f.name, t.name, h.status, h.at FROM stage_history h \
             LEFT JOIN stages f ON f.id = h.from_stage_id LEFT JOIN stages t ON t.id = h.to_stage_id \
             ORDER BY h.deal_id, h.at, h.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StageChange {
                deal_id: r.get(0)?,
                from_stage: r.get(1)?,
                to_stage: r.get(2)?,
                status: r.get(3)?,
                at: from_ts(r.get(4)?),
            })
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }
}

impl Tx<'_> {
    /// Puts back a deal's own timestamps (reading `crm export all`).
    pub fn restore_deal_times(
        &self,
        id: DealId,
        created: DateTime<Utc>,
        updated: DateTime<Utc>,
        closed: Option<DateTime<Utc>>,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE deals SET created_at = ?2, updated_at = ?3, closed_at = ?4 WHERE id = ?1",
            params![id, ts(created), ts(updated), closed.map(ts)],
        )?;
        Ok(())
    }

    pub fn clear_stage_history(&self, id: DealId) -> Result<()> {
        self.conn
            .execute("DELETE FROM stage_history WHERE deal_id = ?1", [id])?;
        Ok(())
    }

    pub fn insert_stage(&self, name: &str, position: i64, probability: u8) -> Result<StageId> {
        self.conn
            .execute(
                "INSERT INTO stages (name, position, probability) VALUES (?1, ?2, ?3)",
                params![name, position, probability],
            )
            .map_err(|e| stage_conflict(e, name))?;
        Ok(StageId(self.new_id()))
    }

    pub fn update_stage(&self, s: &Stage) -> Result<()> {
        self.conn
            .execute(
                "UPDATE stages SET name = ?2, position = ?3, probability = ?4 WHERE id = ?1",
                params![s.id, s.name, s.position, s.probability],
            )
            .map_err(|e| stage_conflict(e, &s.name))?;
        Ok(())
    }

    pub fn delete_stage(&self, id: StageId) -> Result<()> {
        self.conn
            .execute("DELETE FROM stages WHERE id = ?1", [id])?;
        Ok(())
    }

    pub fn insert_deal(&self, d: &Deal) -> Result<DealId> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO deals (title, contact_id, company_id, stage_id, status, value_minor, currency, probability, expected_close, \
             lost_reason, created_at, updated_at, closed_at, search_key, owner) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, \
             ?14 || coalesce(' ' || (SELECT name_key FROM companies WHERE id = ?3), ''), ?15)",
        )?;
        let row = params![
            d.title,
            d.contact_id,
            d.company_id,
            d.stage_id,
            d.status,
            d.value.minor,
            d.value.currency,
            d.probability,
            d.expected_close.map(day_text),
            d.lost_reason,
            ts(d.created_at),
            ts(d.updated_at),
            d.closed_at.map(ts),
            fold(&d.title),
            d.owner
        ];
        stmt.execute(row)?;
        Ok(DealId(self.new_id()))
    }

    pub fn update_deal(&self, d: &Deal) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "UPDATE deals SET title = ?2, contact_id = ?3, company_id = ?4, stage_id = ?5, status = ?6, value_minor = ?7, currency = ?8, \
             probability = ?9, expected_close = ?10, lost_reason = ?11, updated_at = ?12, closed_at = ?13, owner = ?15, version = version + 1, \
             search_key = ?14 || coalesce(' ' || (SELECT name_key FROM companies WHERE id = ?4), '') WHERE id = ?1",
        )?;
        stmt.execute(params![
            d.id,
            d.title,
            d.contact_id,
            d.company_id,
            d.stage_id,
            d.status,
            d.value.minor,
            d.value.currency,
            d.probability,
            d.expected_close.map(day_text),
            d.lost_reason,
            ts(d.updated_at),
            d.closed_at.map(ts),
            fold(&d.title),
            d.owner
        ])?;
        Ok(())
    }

    pub fn delete_deal(&self, id: DealId) -> Result<()> {
        self.conn.execute("DELETE FROM deals WHERE id = ?1", [id])?;
        Ok(())
    }

    pub fn add_stage_change(
        &self,
        deal: DealId,
        from: Option<StageId>,
        to: Option<StageId>,
        status: DealStatus,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO stage_history (deal_id, from_stage_id, to_stage_id, status, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        stmt.execute(params![deal, from, to, status, ts(at)])?;
        Ok(())
    }
}

fn stage_conflict(e: DbError, name: &str) -> Error {
    conflict_or(e, || format!("a stage named {name:?} already exists."))
}
