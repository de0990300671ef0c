//! Interactions per kind per ISO week, and the most contacted people.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::Period;
use crate::domain::{ContactId, InteractionKind, Result};
use crate::store::Reader;

#[derive(Debug, Clone, PartialEq)]
pub struct WeekKind {
    /// ISO week, `YYYY-Www`.
    pub week: String,
    pub kind: InteractionKind,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Activity {
    pub weeks: Vec<WeekKind>,
    pub top_contacts: Vec<(ContactId, String, i64)>,
    pub total: i64,
}

pub fn iso_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

pub fn activity(r: Reader<'_>, period: Period, offset_secs: i64, top: usize) -> Result<Activity> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let mut per: BTreeMap<(String, &'static str), (InteractionKind, i64)> = BTreeMap::new();
    let mut total = 0;
    for (day, kind, n) in r.activity_by_day(period, offset_secs)? {
        let Some(date) = chrono::Duration::try_days(day).and_then(|d| epoch.checked_add_signed(d))
        else {
            continue;
        };
        let e = per
            .entry((iso_week(date), kind.as_str()))
            .or_insert((kind, 0));
        e.1 += n;
        total += n;
    }
    let weeks = per
        .into_iter()
        .map(|((week, _), (kind, count))| WeekKind { week, kind, count })
        .collect();
    Ok(Activity {
        weeks,
        top_contacts: r.top_contacts(period, top)?,
        total,
    })
}
