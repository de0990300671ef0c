//! Figures a filter expression needs beside a record's own fields (see `ops::facts`).

use super::Reader;
use crate::domain::currency::Currency;
use crate::domain::*;
use crate::store::db::DbResult;

impl Reader<'_> {
    /// A contact's open and won deals, counted and summed per status and currency.
    pub fn contact_deal_totals(
        &self,
        id: ContactId,
    ) -> Result<Vec<(DealStatus, Currency, i64, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT status, currency, count(*), sum(value_minor) FROM deals \
             WHERE contact_id = ?1 AND status IN ('open', 'won') \
             GROUP BY status, currency ORDER BY status, currency",
        )?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<DbResult<_>>()?)
    }
}
