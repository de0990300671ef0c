//! `crm birthdays`: the birthdays coming within a window of days, today's included.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::birthday::month_day_ranges;
use crate::domain::*;
use crate::store::Reader;

use super::Now;

#[derive(Debug, Clone, PartialEq)]
pub struct BirthdayRow {
    pub contact: Contact,
    /// The next day it falls on (local; Feb 29 on Feb 28 in a common year).
    pub on: NaiveDate,
    /// The age they turn, when the year of birth is known.
    pub age: Option<u32>,
    /// Days from today (0 = today).
    pub in_days: i64,
}

/// Birthdays from today to `within_days` days on, soonest first. Reads only the contacts
/// whose birthday falls in that window of the calendar.
pub fn upcoming(r: Reader<'_>, now: &Now, within_days: u32) -> Result<Vec<BirthdayRow>> {
    Ok(upcoming_counted(r, now, within_days, None)?.0)
}

/// Like [`upcoming`], at most `limit`, with how many there are in all (the agenda's
/// count); whole contacts are read for the ones returned only.
pub fn upcoming_counted(
    r: Reader<'_>,
    now: &Now,
    within_days: u32,
    limit: Option<usize>,
) -> Result<(Vec<BirthdayRow>, usize)> {
    let today = now.today();
    let mut found = Vec::new();
    for (id, name, birthday) in r.birthdays_in(&month_day_ranges(today, within_days))? {
        match birthday.next(today) {
            Some(next) if next.in_days <= i64::from(within_days) => {
                found.push((next.in_days, name, id, next))
            }
            _ => {}
        }
    }
    found.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
    found.dedup_by_key(|f| f.2);
    let total = found.len();
    if let Some(n) = limit {
        found.truncate(n);
    }
    let ids: Vec<ContactId> = found.iter().map(|f| f.2).collect();
    let mut contacts: HashMap<ContactId, Contact> = r
        .contacts_by_id(&ids)?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let rows = found
        .into_iter()
        .filter_map(|(_, _, id, next)| {
            Some(BirthdayRow {
                contact: contacts.remove(&id)?,
                on: next.on,
                age: next.age,
                in_days: next.in_days,
            })
        })
        .collect();
    Ok((rows, total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::birthday::Birthday;
    use crate::ops::contacts::{add, ContactChanges};
    use crate::ops::testing::{now, store};

    fn person(s: &crate::store::Store, name: &str, birthday: &str) -> Contact {
        add(
            s,
            &now(),
            ContactChanges {
                name: Some(name.into()),
                birthday: Some(Some(Birthday::parse(birthday).unwrap())),
                ..Default::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn soonest_first_with_today_and_the_age_they_turn() {
        let s = store();
        // now() is Sunday 2026-11-22.
        person(&s, "Later", "--12-20");
        person(&s, "Today", "1990-11-22");
        person(&s, "Past", "1980-11-21");
        person(&s, "Soon", "2000-11-25");
        add(
            &s,
            &now(),
            ContactChanges {
                name: Some("No birthday".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let rows = upcoming(s.read(), &now(), 30).unwrap();
        let got: Vec<(&str, i64, Option<u32>)> = rows
            .iter()
            .map(|r| (r.contact.name.as_str(), r.in_days, r.age))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Today", 0, Some(36)),
                ("Soon", 3, Some(26)),
                ("Later", 28, None)
            ]
        );
        assert_eq!(upcoming(s.read(), &now(), 0).unwrap().len(), 1);
        let all = upcoming(s.read(), &now(), 365).unwrap();
        assert_eq!(all.last().unwrap().contact.name, "Past");
    }

    #[test]
    fn the_window_wraps_the_year() {
        let s = store();
        person(&s, "New year", "--01-02");
        let at = crate::ops::Now::fixed(
            chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 28, 10, 0, 0).unwrap(),
            chrono::FixedOffset::east_opt(0).unwrap(),
        );
        let rows = upcoming(s.read(), &at, 7).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].on, NaiveDate::from_ymd_opt(2027, 1, 2).unwrap());
        assert_eq!(rows[0].in_days, 5);
    }
}
