//! The service report (DESIGN §7, §13): cases opened and solved in a period, open cases by
//! priority, breaches of the response-time targets, median response and resolution times,
//! and CSAT (the mean score of feedback filed on cases).

use chrono::{DateTime, Utc};

use super::{ratio, Period};
use crate::domain::case::{Case, Priority, Status, Targets};
use crate::domain::Result;
use crate::store::Reader;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Service {
    /// Cases opened in the period.
    pub opened: i64,
    /// Cases solved in the period (and not reopened since).
    pub solved: i64,
    /// Open and pending cases now, most urgent priority first, zeros included.
    pub open_by_priority: Vec<(Priority, i64)>,
    /// `breached_open + breached_solved`.
    pub breached: i64,
    /// Open or pending cases past a target now.
    pub breached_open: i64,
    /// Cases solved in the period that missed a target.
    pub breached_solved: i64,
    /// Over the cases opened in the period that have a first response.
    pub median_first_response_hours: Option<f64>,
    /// Over the cases solved in the period.
    pub median_resolution_hours: Option<f64>,
    /// The mean score of feedback filed on cases in the period.
    pub csat: Option<f64>,
    /// How many feedback scores CSAT is the mean of.
    pub csat_count: i64,
}

/// Reads the cases the period touches and the feedback filed on cases, and sums them up.
pub fn service(
    r: Reader<'_>,
    period: Period,
    targets: &Targets,
    now: DateTime<Utc>,
) -> Result<Service> {
    let cases = r.service_cases(period)?;
    let scores = r.case_feedback_scores(period)?;
    Ok(summarise(&cases, &scores, period, targets, now))
}

fn within(p: Period, at: DateTime<Utc>) -> bool {
    p.since.is_none_or(|s| at >= s) && p.until.is_none_or(|u| at < u)
}

fn is_live(k: &Case) -> bool {
    matches!(k.status, Status::Open | Status::Pending)
}

/// The median, or `None` of nothing; an even count takes the mean of the middle two.
pub fn median(mut xs: Vec<f64>) -> Option<f64> {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(xs[n / 2]),
        _ => Some((xs[n / 2 - 1] + xs[n / 2]) / 2.0),
    }
}

fn hours(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds() as f64 / 3600.0
}

/// The report from its rows: `cases` holds at least every open or pending case and every
/// case opened or solved in the period; `scores` the feedback filed on cases in it.
pub fn summarise(
    cases: &[Case],
    scores: &[u8],
    period: Period,
    targets: &Targets,
    now: DateTime<Utc>,
) -> Service {
    let opened_in: Vec<&Case> = cases
        .iter()
        .filter(|k| within(period, k.opened_at))
        .collect();
    let solved_in: Vec<&Case> = cases
        .iter()
        .filter(|k| k.solved_at.is_some_and(|s| within(period, s)))
        .collect();
    let live: Vec<&Case> = cases.iter().filter(|k| is_live(k)).collect();
    let open_by_priority = Priority::ALL
        .iter()
        .rev()
        .map(|p| (*p, live.iter().filter(|k| k.priority == *p).count() as i64))
        .collect();
    let breached_open = live.iter().filter(|k| targets.breached(k, now)).count() as i64;
    let breached_solved = solved_in
        .iter()
        .filter(|k| targets.breached(k, now))
        .count() as i64;
    let first = opened_in
        .iter()
        .filter_map(|k| k.first_response_at.map(|f| hours(k.opened_at, f)))
        .collect();
    let resolution = solved_in
        .iter()
        .filter_map(|k| k.solved_at.map(|s| hours(k.opened_at, s)))
        .collect();
    let sum: i64 = scores.iter().map(|s| i64::from(*s)).sum();
    Service {
        opened: opened_in.len() as i64,
        solved: solved_in.len() as i64,
        open_by_priority,
        breached: breached_open + breached_solved,
        breached_open,
        breached_solved,
        median_first_response_hours: median(first),
        median_resolution_hours: median(resolution),
        csat: ratio(sum as f64, scores.len() as f64),
        csat_count: scores.len() as i64,
    }
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
