//! Birthdays as an iCalendar of yearly all-day events (RFC 5545), for a calendar that shows
//! them beside everything else. One VEVENT per contact with a birthday:
//!
//! - `DTSTART;VALUE=DATE` is the day of birth, or the same day in 2000 when the year is not
//!   known (a leap year, so 29 February is a real day), and `RRULE:FREQ=YEARLY`.
//! - 29 February recurs on the last day of February (`BYMONTH=2;BYMONTHDAY=-1`): the 28th in
//!   a common year, as `crm birthdays` counts it, instead of being skipped, which is what a
//!   plain yearly rule does on a day that year lacks.
//! - `UID` is `crm-birthday-<contact id>@<host>`, so importing the file again updates the
//!   events instead of doubling them; `TRANSP:TRANSPARENT` keeps them from showing as busy.

use std::io::{BufWriter, Write};

use chrono::{DateTime, NaiveDate, Utc};

use super::{escape_text, push_folded};
use crate::domain::birthday::Birthday;
use crate::domain::{Contact, Result};

/// The year a birthday without one is placed in.
const NO_YEAR: i32 = 2000;

/// Writes one VCALENDAR with a yearly event per contact that has a birthday.
pub fn birthdays_ics(
    w: &mut dyn Write,
    contacts: &[Contact],
    now: DateTime<Utc>,
    host: &str,
) -> Result<()> {
    let mut out = BufWriter::new(w);
    let mut cal = super::ical::Calendar::birthdays(&mut out, now, host)?;
    for c in contacts {
        cal.birthday(c)?;
    }
    cal.finish()?;
    out.flush()?;
    Ok(())
}

/// Appends the contact's yearly birthday event to `out`; nothing without a birthday.
pub(super) fn event_of(out: &mut String, c: &Contact, stamp: &str, host: &str) {
    let Some(b) = c.birthday else { return };
    let Some(first) = first_day(b) else { return };
    event(out, c, b, first, stamp, host);
}

/// The first occurrence: the day of birth, or that day in [`NO_YEAR`].
fn first_day(b: Birthday) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(b.year.unwrap_or(NO_YEAR), b.month, b.day)
}

fn event(out: &mut String, c: &Contact, b: Birthday, first: NaiveDate, stamp: &str, host: &str) {
    let day = |d: NaiveDate| d.format("%Y%m%d").to_string();
    let mut prop = |name: &str, value: &str| push_folded(out, &format!("{name}:{value}"));
    prop("BEGIN", "VEVENT");
    prop(
        "UID",
        &escape_text(&format!("crm-birthday-{}@{}", c.id, host)),
    );
    prop("DTSTAMP", stamp);
    prop("DTSTART;VALUE=DATE", &day(first));
    if let Some(next) = first.succ_opt() {
        prop("DTEND;VALUE=DATE", &day(next));
    }
    if b.month == 2 && b.day == 29 {
        prop("RRULE", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1");
    } else {
        prop("RRULE", "FREQ=YEARLY");
    }
    prop("SUMMARY", &escape_text(&format!("{}'s birthday", c.name)));
    if let Some(y) = b.year {
        prop("DESCRIPTION", &escape_text(&format!("Born {y}")));
    }
    prop("CATEGORIES", "BIRTHDAY");
    prop("TRANSP", "TRANSPARENT");
    prop("X-CRM-CONTACT-ID", &c.id.to_string());
    prop("END", "VEVENT");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ContactId;

    fn person(id: i64, name: &str, birthday: Option<&str>) -> Contact {
        let mut c = crate::export::test_data::ada();
        c.id = ContactId(id);
        c.name = name.to_string();
        c.birthday = birthday.map(|b| Birthday::parse(b).unwrap());
        c
    }

    fn ics(list: &[Contact]) -> String {
        let mut out = Vec::new();
        let now = "2026-11-30T08:00:00Z".parse().unwrap();
        birthdays_ics(&mut out, list, now, "crm.local").unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_yearly_all_day_event_per_birthday() {
        let out = ics(&[
            person(1, "Ada Lovelace", Some("1815-12-10")),
            person(2, "No Birthday", None),
            person(3, "Leap; Day", Some("--02-29")),
        ]);
        assert_eq!(out.matches("BEGIN:VEVENT").count(), 2, "{out}");
        assert!(
            out.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
            "{out}"
        );
        assert!(out.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"), "{out}");
        let ada = "BEGIN:VEVENT\r\nUID:crm-birthday-1@crm.local\r\nDTSTAMP:20261130T080000Z\r\n\
            DTSTART;VALUE=DATE:18151210\r\nDTEND;VALUE=DATE:18151211\r\nRRULE:FREQ=YEARLY\r\n\
            SUMMARY:Ada Lovelace's birthday\r\nDESCRIPTION:Born 1815\r\nCATEGORIES:BIRTHDAY\r\n\
            TRANSP:TRANSPARENT\r\nX-CRM-CONTACT-ID:1\r\nEND:VEVENT\r\n";
        assert!(out.contains(ada), "{out}");
        // No year: placed in 2000; 29 February falls on the last day of February.
        assert!(
            out.contains(
                "DTSTART;VALUE=DATE:20000229\r\nDTEND;VALUE=DATE:20000301\r\n\
            RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\nSUMMARY:Leap\\; Day's birthday\r\n\
            CATEGORIES"
            ),
            "{out}"
        );
        assert!(!out.contains("No Birthday"), "{out}");
    }
}
