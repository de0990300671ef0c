//! The raw rows of `crm report service` and the dashboard's service panel (DESIGN §7,
//! §13): the cases a period touches, and the feedback scores filed on cases.

use crate::store::db::params;
use crate::store::db::DbResult;

use super::cases::{case_from_row, COLUMNS};
use super::rows::*;
use super::Reader;
use crate::domain::case::Case;
use crate::domain::*;
use crate::store::Period;

impl Reader<'_> {
    /// Every case that is open or pending now, or was opened or solved in the period.
    pub fn service_cases(&self, p: Period) -> Result<Vec<Case>> {
        let since = p.since.map(ts).unwrap_or(i64::MIN);
        let until = p.until.map(ts).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM cases k JOIN contacts c ON c.id = k.contact_id
             WHERE k.status IN ('open', 'pending')
                OR (k.opened_at >= ?1 AND k.opened_at < ?2)
                OR (k.solved_at >= ?1 AND k.solved_at < ?2)
             ORDER BY k.id"
        ))?;
        let rows = stmt.query_map(params![since, until], case_from_row)?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// The scores of feedback filed on a case (`--case`) in the period.
    pub fn case_feedback_scores(&self, p: Period) -> Result<Vec<u8>> {
        let since = p.since.map(ts).unwrap_or(i64::MIN);
        let until = p.until.map(ts).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT score FROM interactions INDEXED BY interactions_case
             WHERE case_id IS NOT NULL AND kind = 'feedback' AND score IS NOT NULL
               AND occurred_at >= ?1 AND occurred_at < ?2",
        )?;
        let rows = stmt.query_map(params![since, until], |r| r.get(0))?;
        Ok(rows.collect::<DbResult<_>>()?)
    }
}
