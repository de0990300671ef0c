//! Deals won in a period, by the local month of their close: count and value per currency.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};

use super::Period;
use crate::domain::currency::Currency;
use crate::domain::money::Money;
use crate::domain::Result;
use crate::store::Reader;

#[derive(Debug, Clone, PartialEq)]
pub struct WonRow {
    /// `YYYY-MM` (local time); empty in the totals.
    pub month: String,
    pub currency: Currency,
    pub count: i64,
    pub value: Money,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Won {
    /// Month order, then currency order.
    pub months: Vec<WonRow>,
    /// One row per currency, in currency order.
    pub total: Vec<WonRow>,
}

/// `local` gives the wall-clock time of an instant where the user is.
pub fn won(
    r: Reader<'_>,
    period: Period,
    local: &dyn Fn(DateTime<Utc>) -> NaiveDateTime,
) -> Result<Won> {
    let mut months: BTreeMap<(String, Currency), (i64, i64)> = BTreeMap::new();
    let mut total: BTreeMap<Currency, (i64, i64)> = BTreeMap::new();
    for (closed, currency, value) in r.won_deals(period)? {
        let month = local(closed).format("%Y-%m").to_string();
        for e in [
            months.entry((month, currency)).or_default(),
            total.entry(currency).or_default(),
        ] {
            e.0 += 1;
            e.1 += value;
        }
    }
    let row = |month: String, currency: Currency, (count, value): (i64, i64)| WonRow {
        month,
        currency,
        count,
        value: Money::new(value, currency),
    };
    Ok(Won {
        months: months.into_iter().map(|((m, c), n)| row(m, c, n)).collect(),
        total: total
            .into_iter()
            .map(|(c, n)| row(String::new(), c, n))
            .collect(),
    })
}
