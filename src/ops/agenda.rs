//! `crm agenda`: what needs attention today.

use chrono::Days;

use crate::domain::*;
use crate::store::{ContactFilter, Reader, TaskFilter, TaskWindow};

use super::Now;

/// Contacts not heard from in this many days count as going cold.
pub const COLD_DAYS: u64 = 30;
/// The most rows each section shows by default: an agenda is read at a glance, and its cost
/// must not grow with the database (its counts say how many more there are).
pub const SHOWN: usize = 20;

#[derive(Debug, Clone)]
pub struct Agenda {
    /// Open tasks due today or earlier, the longest overdue first, at most the limit.
    pub tasks: Vec<Task>,
    /// How many open tasks are due today or earlier.
    pub tasks_due: i64,
    /// Open deals whose expected close is within seven days or past, at most the limit.
    pub closing: Vec<Deal>,
    /// How many open deals close within seven days or are past their date.
    pub closing_due: i64,
    /// The most neglected contacts, at most the limit.
    pub cold: Vec<Contact>,
}

/// The agenda, with at most `limit` rows in each section.
pub fn agenda(r: Reader<'_>, now: &Now, limit: usize) -> Result<Agenda> {
    let tasks = r.tasks(&TaskFilter {
        window: TaskWindow::Today,
        today: now.today(),
        now: now.utc,
        contact_id: None,
        deal_id: None,
        limit: Some(limit),
        done_since: None,
    })?;
    let week = now.today() + Days::new(7);
    let closing = r.deals_closing_by(week, Some(limit))?;
    let cold = r.contacts(&ContactFilter {
        stale_before: Some(now.utc - chrono::Duration::days(COLD_DAYS as i64)),
        limit: Some(limit),
        ..Default::default()
    })?;
    Ok(Agenda {
        tasks_due: r.count_tasks_due_by(now.today())?,
        tasks,
        closing_due: r.count_deals_closing_by(week)?,
        closing,
        cold,
    })
}
