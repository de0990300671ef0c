//! `crm agenda`: what needs attention today.

use chrono::Days;

use crate::domain::*;
use crate::store::{ContactFilter, Reader, TaskFilter, TaskWindow};

use super::Now;

/// Contacts not heard from in this many days count as going cold.
pub const COLD_DAYS: u64 = 30;

#[derive(Debug, Clone)]
pub struct Agenda {
    /// Open tasks due today or earlier.
    pub tasks: Vec<Task>,
    /// Open deals whose expected close is within seven days or past.
    pub closing: Vec<Deal>,
    /// The ten most neglected contacts.
    pub cold: Vec<Contact>,
}

pub fn agenda(r: Reader<'_>, now: &Now) -> Result<Agenda> {
    let tasks = r.tasks(&TaskFilter {
        window: TaskWindow::Today,
        today: now.today(),
        now: now.utc,
        contact_id: None,
        deal_id: None,
        limit: None,
        done_since: None,
    })?;
    let closing = r.deals_closing_by(now.today() + Days::new(7))?;
    let cold = r.contacts(&ContactFilter {
        stale_before: Some(now.utc - chrono::Duration::days(COLD_DAYS as i64)),
        limit: Some(10),
        ..Default::default()
    })?;
    Ok(Agenda {
        tasks,
        closing,
        cold,
    })
}
