//! Stale contacts, lifecycle counts and satisfaction (NPS).

use chrono::{DateTime, Utc};

use super::{ratio, Period};
use crate::domain::{ContactId, Lifecycle, Result};
use crate::store::Reader;

#[derive(Debug, Clone, PartialEq)]
pub struct StaleContact {
    pub contact_id: ContactId,
    pub contact: String,
    pub last_contact_at: Option<DateTime<Utc>>,
    /// Whole days since the last interaction; `None` when there never was one.
    pub days: Option<i64>,
}

/// Contacts not in `churned` not heard from in `days` days (or never), most neglected first.
pub fn stale(
    r: Reader<'_>,
    now: DateTime<Utc>,
    days: u32,
    limit: Option<usize>,
) -> Result<Vec<StaleContact>> {
    let before = crate::domain::dates::days_before(now, days)?;
    Ok(r.stale_contacts(before, limit)?
        .into_iter()
        .map(|(contact_id, contact, last)| StaleContact {
            contact_id,
            contact,
            last_contact_at: last,
            days: last.map(|l| (now - l).num_days()),
        })
        .collect())
}

/// Contacts per lifecycle stage, every stage in order (zeros included).
pub fn lifecycle(r: Reader<'_>) -> Result<Vec<(Lifecycle, i64)>> {
    let counts = r.lifecycle_counts()?;
    Ok(Lifecycle::ALL
        .iter()
        .map(|l| {
            (
                *l,
                counts.iter().find(|(x, _)| x == l).map_or(0, |(_, n)| *n),
            )
        })
        .collect())
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Satisfaction {
    pub count: i64,
    pub mean: Option<f64>,
    /// % scores 9-10 − % scores 0-6.
    pub nps: Option<f64>,
    pub promoters: i64,
    pub passives: i64,
    pub detractors: i64,
}

pub fn satisfaction(r: Reader<'_>, period: Period) -> Result<Satisfaction> {
    let scores = r.feedback_scores(period)?;
    let count: i64 = scores.iter().sum();
    let sum: i64 = scores.iter().enumerate().map(|(s, n)| s as i64 * n).sum();
    let promoters = scores[9] + scores[10];
    let passives = scores[7] + scores[8];
    let detractors: i64 = scores[..=6].iter().sum();
    Ok(Satisfaction {
        count,
        // Exact: JSON is not rounded; tables round.
        mean: ratio(sum as f64, count as f64),
        nps: ratio(100.0 * (promoters - detractors) as f64, count as f64),
        promoters,
        passives,
        detractors,
    })
}
