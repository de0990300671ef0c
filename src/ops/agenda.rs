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
/// Counts stop here ("10000 or more"): counting a hundred thousand overdue tasks would be
/// the one part of the agenda that grows with the database.
pub const COUNTED: usize = 10_000;

#[derive(Debug, Clone)]
pub struct Agenda {
    /// Open tasks due today or earlier, the longest overdue first, at most the limit.
    pub tasks: Vec<Task>,
    /// How many open tasks are due today or earlier, counted up to [`counted_up_to`].
    pub tasks_due: i64,
    /// Open deals whose expected close is within seven days or past, at most the limit.
    pub closing: Vec<Deal>,
    /// How many open deals close within seven days or are past their date, counted up to
    /// [`counted_up_to`].
    pub closing_due: i64,
    /// The most neglected contacts, at most the limit.
    pub cold: Vec<Contact>,
}

/// How far the agenda counts for a given limit: [`COUNTED`], or past the limit when it is
/// larger, so the count always says whether rows were left out.
pub fn counted_up_to(limit: usize) -> usize {
    COUNTED.max(limit.saturating_add(1))
}

/// The agenda, with at most `limit` rows in each section (at least one).
pub fn agenda(r: Reader<'_>, now: &Now, limit: usize) -> Result<Agenda> {
    if limit == 0 {
        return Err(Error::invalid(
            "--limit must be at least 1: the number of rows each section shows.",
        ));
    }
    let up_to = counted_up_to(limit);
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
        tasks_due: r.count_tasks_due_by(now.today(), up_to)?,
        tasks,
        closing_due: r.count_deals_closing_by(week, up_to)?,
        closing,
        cold,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::When;
    use crate::ops::tasks::{add, TaskInput};
    use crate::ops::testing::{now, store};

    #[test]
    fn sections_are_cut_at_the_limit_and_counts_stop_where_asked() {
        let s = store();
        let now = now();
        for title in ["One", "Two", "Three"] {
            add(
                &s,
                &now,
                TaskInput {
                    title: title.into(),
                    contact: None,
                    deal: None,
                    due: Some(When::Day(now.today() - Days::new(1))),
                    every: None,
                },
            )
            .unwrap();
        }
        let a = agenda(s.read(), &now, 2).unwrap();
        assert_eq!((a.tasks.len(), a.tasks_due), (2, 3));
        assert_eq!(s.read().count_tasks_due_by(now.today(), 2).unwrap(), 2);
        assert_eq!(counted_up_to(5), COUNTED);
        assert_eq!(counted_up_to(20_000), 20_001, "past a larger limit");
        assert!(agenda(s.read(), &now, 0).is_err());
        assert_eq!(s.read().count_tasks_due_by(now.today(), 10).unwrap(), 3);
    }
}
