//! Aggregate queries behind `crm report` and the dashboard. They return raw rows; the
//! `report` module turns them into report structs.

use crate::store::db::params;
use crate::store::db::DbResult;
use chrono::{DateTime, Utc};

use super::rows::*;
use super::Reader;
use crate::domain::currency::Currency;
use crate::domain::*;
use crate::store::{FunnelDeal, MonthTotals, Period, StageTotals, StaleRow};

/// A period as two timestamps, the open ends as the extremes.
fn bounds(p: Period) -> (i64, i64) {
    (
        p.since.map(ts).unwrap_or(i64::MIN),
        p.until.map(ts).unwrap_or(i64::MAX),
    )
}

impl Reader<'_> {
    pub fn pipeline_totals(&self) -> Result<Vec<StageTotals>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.stage_id, t.currency, t.open_deals, t.value_minor, t.own_weighted + t.stage_weighted * s.probability \
             FROM deal_totals t JOIN stages s ON s.id = t.stage_id WHERE t.open_deals > 0 \
             ORDER BY s.position, t.currency",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StageTotals {
                stage_id: r.get(0)?,
                currency: r.get(1)?,
                count: r.get(2)?,
                value: r.get(3)?,
                weighted_x100: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Open deals grouped by the month of their expected close, within the period of
    /// expected-close dates (`since`/`until` as YYYY-MM-DD, inclusive/exclusive).
    pub fn forecast_totals(
        &self,
        since: Option<&str>,
        until: Option<&str>,
    ) -> Result<Vec<MonthTotals>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT substr(d.expected_close, 1, 7) AS month, d.currency, count(*), sum(d.value_minor), \
                    sum(d.value_minor * coalesce(d.probability, s.probability)) \
             FROM deals d JOIN stages s ON s.id = d.stage_id \
             WHERE d.status = 'open' AND (d.expected_close IS NULL OR ((CAST(?1 AS TEXT) IS NULL OR d.expected_close >= ?1) AND (CAST(?2 AS TEXT) IS NULL OR d.expected_close < ?2))) \
             GROUP BY month, d.currency ORDER BY month NULLS LAST, d.currency",
        )?;
        let rows = stmt.query_map(params![since, until], |r| {
            Ok(MonthTotals {
                month: r.get(0)?,
                currency: r.get(1)?,
                count: r.get(2)?,
                value: r.get(3)?,
                weighted_x100: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Deals created in the period, each with every stage it reached. Two straight scans
    /// (deals, then the stage history in deal order) merged here, instead of a
    /// subquery per deal.
    pub fn funnel_deals(&self, p: Period) -> Result<Vec<FunnelDeal>> {
        let (since, until) = bounds(p);
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, status, value_minor, currency, created_at, closed_at, stage_id FROM deals \
             WHERE created_at >= ?1 AND created_at < ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![since, until], |r| {
            Ok(FunnelDeal {
                id: r.get(0)?,
                status: r.get(1)?,
                value: r.get(2)?,
                currency: r.get(3)?,
                created_at: from_ts(r.get(4)?),
                closed_at: opt_ts(r.get(5)?),
                stages: vec![r.get(6)?],
            })
        })?;
        let mut deals: Vec<FunnelDeal> = rows.collect::<DbResult<_>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT deal_id, to_stage_id FROM stage_history WHERE to_stage_id IS NOT NULL ORDER BY deal_id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let deal: DealId = r.get(0)?;
            let stage: StageId = r.get(1)?;
            if let Ok(i) = deals.binary_search_by_key(&deal, |d| d.id) {
                if !deals[i].stages.contains(&stage) {
                    deals[i].stages.push(stage);
                }
            }
        }
        Ok(deals)
    }

    /// Deals won (and still won) with their close in the period: close time, currency,
    /// value. Found through the status index: a few thousand won deals among 20,000 take
    /// about 10 ms, so they need no index of their own.
    pub fn won_deals(&self, p: Period) -> Result<Vec<(DateTime<Utc>, Currency, i64)>> {
        let (since, until) = bounds(p);
        let mut stmt = self.conn.prepare_cached(
            "SELECT closed_at, currency, value_minor FROM deals \
             WHERE status = 'won' AND closed_at >= ?1 AND closed_at < ?2",
        )?;
        let rows = stmt.query_map(params![since, until], |r| {
            Ok((from_ts(r.get(0)?), r.get(1)?, r.get(2)?))
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Open deals per currency (for velocity).
    pub fn open_deal_counts(&self) -> Result<Vec<(Currency, i64)>> {
        let mut stmt = self.conn.prepare_cached("SELECT currency, count(*) FROM deals WHERE status = 'open' GROUP BY currency ORDER BY currency")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Interactions per quarter of an hour (its start, UTC) and kind in the period: small
    /// enough buckets that the caller can place each on a local day in any time zone,
    /// across daylight-saving changes.
    pub fn activity_by_quarter_hour(&self, p: Period) -> Result<Vec<(i64, InteractionKind, i64)>> {
        let (since, until) = bounds(p);
        let mut stmt = self.conn.prepare_cached(
            "SELECT occurred_at - (((occurred_at % 900) + 900) % 900) AS q, kind, count(*) FROM interactions \
             WHERE occurred_at >= ?1 AND occurred_at < ?2 GROUP BY q, kind",
        )?;
        let rows = stmt.query_map(params![since, until], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// The most contacted live contacts in the period. Counts first, streaming down the
    /// contact index (no sort of every row), then names for the few at the top (with room
    /// for removed contacts), so only they are looked up.
    pub fn top_contacts(&self, p: Period, limit: usize) -> Result<Vec<(ContactId, String, i64)>> {
        let (since, until) = bounds(p);
        let mut stmt = self.conn.prepare_cached(
            "SELECT x.contact_id, c.name, x.n FROM \
               (SELECT contact_id, count(*) AS n FROM interactions INDEXED BY interactions_contact WHERE occurred_at >= ?1 AND occurred_at < ?2 \
                GROUP BY contact_id ORDER BY n DESC, contact_id LIMIT CAST(?3 AS INTEGER) * 4 + 20) x \
             JOIN contacts c ON c.id = x.contact_id WHERE c.deleted_at IS NULL ORDER BY x.n DESC, x.contact_id LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![since, until, limit as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Live contacts per lifecycle stage.
    pub fn lifecycle_counts(&self) -> Result<Vec<(Lifecycle, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT lifecycle, count(*) FROM contacts WHERE deleted_at IS NULL GROUP BY lifecycle",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Feedback scores in the period: how many of each score 0-10.
    pub fn feedback_scores(&self, p: Period) -> Result<[i64; 11]> {
        let (since, until) = bounds(p);
        // The covering index is ordered by score: counted in one pass, no sort.
        let mut stmt = self.conn.prepare_cached(
            "SELECT score, count(*) FROM interactions INDEXED BY interactions_kind_score_time \
             WHERE kind = 'feedback' AND score IS NOT NULL AND occurred_at >= ?1 AND occurred_at < ?2 GROUP BY score",
        )?;
        let mut out = [0i64; 11];
        for row in stmt.query_map(params![since, until], |r| {
            Ok((r.get::<i64>(0)?, r.get::<i64>(1)?))
        })? {
            let (score, n) = row?;
            if let Some(slot) = usize::try_from(score).ok().and_then(|s| out.get_mut(s)) {
                *slot = n;
            }
        }
        Ok(out)
    }

    /// Live, not churned contacts last contacted before `before` or never, most neglected first.
    pub fn stale_contacts(
        &self,
        before: DateTime<Utc>,
        limit: Option<usize>,
    ) -> Result<Vec<StaleRow>> {
        let mut q = Query::new("SELECT id, name, last_contact_at FROM contacts WHERE deleted_at IS NULL AND lifecycle <> 'churned'");
        q.bind(
            " AND (last_contact_at IS NULL OR last_contact_at < ?) ORDER BY last_contact_at NULLS FIRST, id",
            ts(before),
        );
        if let Some(limit) = limit {
            q.bind(" LIMIT ?", limit as i64);
        }
        let mut stmt = self.conn.prepare_cached(&q.sql)?;
        let rows = stmt.query_map(q.params(), |r| {
            Ok((r.get(0)?, r.get(1)?, opt_ts(r.get(2)?)))
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }
}
