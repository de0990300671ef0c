//! `crm agenda`: what needs attention today.

use chrono::Days;

use crate::domain::cadence::TagCadences;
use crate::domain::*;
use crate::store::{ContactFilter, Reader, TaskFilter, TaskWindow};

use super::Now;

/// Contacts not heard from in this many days count as going cold.
pub const COLD_DAYS: u64 = 30;
/// The most rows each section shows by default: an agenda is read at a glance, and its cost
/// must not grow with the database (its counts say how many more there are).
pub const SHOWN: usize = 20;
/// Birthdays this many days ahead (today included) are on the agenda.
pub const BIRTHDAY_DAYS: u32 = 7;
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
    /// Contacts due by their stay-in-touch cadence, most overdue first, at most the limit.
    pub reconnect: Vec<super::reconnect::Reconnect>,
    /// How many contacts are due by their cadence.
    pub reconnect_due: i64,
    /// Birthdays within [`BIRTHDAY_DAYS`], soonest first, at most the limit.
    pub birthdays: Vec<super::birthdays::BirthdayRow>,
    /// How many birthdays fall within [`BIRTHDAY_DAYS`].
    pub birthdays_count: i64,
}

/// How far the agenda counts for a given limit: [`COUNTED`], or past the limit when it is
/// larger, so the count always says whether rows were left out.
pub fn counted_up_to(limit: usize) -> usize {
    COUNTED.max(limit.saturating_add(1))
}

/// The agenda, with at most `limit` rows in each section (at least one). `tags` are the
/// config's stay-in-touch cadences by tag.
pub fn agenda(r: Reader<'_>, now: &Now, tags: &TagCadences, limit: usize) -> Result<Agenda> {
    agenda_of(r, now, tags, limit, None)
}

/// [`agenda`] with its tasks and deals only `owner`'s when given (`crm agenda --mine`);
/// contacts have no owner, so the other sections stay whole.
pub fn agenda_of(
    r: Reader<'_>,
    now: &Now,
    tags: &TagCadences,
    limit: usize,
    owner: Option<&str>,
) -> Result<Agenda> {
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
        owner: owner.map(|o| Some(o.to_string())),
    })?;
    let week = now.today() + Days::new(7);
    let closing = r.deals_closing_by_owned(week, Some(limit), owner)?;
    let cold = r.contacts(&ContactFilter {
        stale_before: Some(now.utc - chrono::Duration::days(COLD_DAYS as i64)),
        limit: Some(limit),
        ..Default::default()
    })?;
    let (reconnect, reconnect_due) = super::reconnect::due_counted(r, now, tags, Some(limit))?;
    let reconnect_due = reconnect_due as i64;
    let (birthdays, birthdays_count) =
        super::birthdays::upcoming_counted(r, now, BIRTHDAY_DAYS, Some(limit))?;
    let birthdays_count = birthdays_count as i64;
    Ok(Agenda {
        reconnect,
        reconnect_due,
        birthdays,
        birthdays_count,
        tasks_due: r.count_tasks_due_by_owned(now.today(), up_to, owner)?,
        tasks,
        closing_due: r.count_deals_closing_by_owned(week, up_to, owner)?,
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
                    owner: None,
                    case: None,
                    title: title.into(),
                    contact: None,
                    deal: None,
                    due: Some(When::Day(now.today() - Days::new(1))),
                    every: None,
                },
            )
            .unwrap();
        }
        let none = TagCadences::default();
        let a = agenda(s.read(), &now, &none, 2).unwrap();
        assert_eq!((a.tasks.len(), a.tasks_due), (2, 3));
        assert_eq!(s.read().count_tasks_due_by(now.today(), 2).unwrap(), 2);
        assert_eq!(counted_up_to(5), COUNTED);
        assert_eq!(counted_up_to(20_000), 20_001, "past a larger limit");
        assert!(agenda(s.read(), &now, &none, 0).is_err());
        assert_eq!(s.read().count_tasks_due_by(now.today(), 10).unwrap(), 3);
    }

    #[test]
    fn reconnect_and_birthdays_are_sections_with_a_count() {
        use crate::ops::contacts::{add, ContactChanges};
        let s = store();
        for (name, birthday) in [("Ada", "--11-24"), ("Bob", "--12-24"), ("Cy", "--11-22")] {
            add(
                &s,
                &now(),
                ContactChanges {
                    name: Some(name.into()),
                    tags: Some(vec!["vip".into()]),
                    birthday: Some(Some(
                        crate::domain::birthday::Birthday::parse(birthday).unwrap(),
                    )),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        let tags = TagCadences::parse([("vip", "1w")]).unwrap();
        let later = Now::fixed(
            now().utc + chrono::Duration::days(1),
            chrono::FixedOffset::east_opt(0).unwrap(),
        );
        let a = agenda(s.read(), &later, &tags, 2).unwrap();
        assert!(a.reconnect.is_empty());
        let names: Vec<&str> = a
            .birthdays
            .iter()
            .map(|b| b.contact.name.as_str())
            .collect();
        assert_eq!(names, vec!["Ada"], "Cy's was yesterday, Bob's in a month");
        let week_on = Now::fixed(
            now().utc + chrono::Duration::days(8),
            chrono::FixedOffset::east_opt(0).unwrap(),
        );
        let a = agenda(s.read(), &week_on, &tags, 2).unwrap();
        assert_eq!((a.reconnect.len(), a.reconnect_due), (2, 3));
        assert_eq!(a.reconnect[0].overdue_days, 1);
    }
}
