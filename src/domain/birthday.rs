//! A birthday: a month and day, and the year when it is known. Stored and shown as
//! `1990-03-14`, or `--03-14` without a year (the vCard form). Someone born on Feb 29 is
//! celebrated on Feb 28 in years without one.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Error, Field, Result};

const FORMS: &str = "1990-03-14, 03-14, --03-14, 14 march or march 14";

/// Month names, January first (for dates people type).
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Birthday {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
}

/// One birthday to come: the day it falls on and how far away it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub on: NaiveDate,
    /// The age they turn that day, when the year of birth is known.
    pub age: Option<u32>,
    /// Days from today (0 = today).
    pub in_days: i64,
}

impl Birthday {
    pub fn parse(input: &str) -> Result<Birthday> {
        let err = || {
            Error::invalid_at(
                Field::Birthday,
                format!("cannot read the birthday {input:?}; write one like {FORMS}."),
            )
        };
        let text = input.trim().to_lowercase();
        let (year, month, day) = if let Some(md) = text.strip_prefix("--") {
            let (m, d) = md.split_once('-').ok_or_else(err)?;
            (None, number(m).ok_or_else(err)?, number(d).ok_or_else(err)?)
        } else if text.contains('-') {
            let parts: Vec<&str> = text.split('-').collect();
            match parts.as_slice() {
                [y, m, d] if y.len() == 4 => {
                    let y = number(y).ok_or_else(err)?;
                    let y = i32::try_from(y).map_err(|_| err())?;
                    (
                        Some(y),
                        number(m).ok_or_else(err)?,
                        number(d).ok_or_else(err)?,
                    )
                }
                [m, d] => (None, number(m).ok_or_else(err)?, number(d).ok_or_else(err)?),
                _ => return Err(err()),
            }
        } else {
            let words: Vec<&str> = text.split_whitespace().collect();
            let (m, d) = match words.as_slice() {
                [a, b] if month_named(a).is_some() => (month_named(a), number(b)),
                [a, b] => (month_named(b), number(a)),
                _ => (None, None),
            };
            (None, m.ok_or_else(err)?, d.ok_or_else(err)?)
        };
        let b = Birthday { year, month, day };
        // Any year that has the day (2000 has Feb 29) checks a year-less birthday.
        let check_year = year.unwrap_or(2000);
        if !(1000..=9999).contains(&check_year)
            || NaiveDate::from_ymd_opt(check_year, month, day).is_none()
        {
            return Err(Error::invalid_at(
                Field::Birthday,
                format!("the birthday {input:?} is not a date of the calendar."),
            ));
        }
        Ok(b)
    }

    /// The day it falls on in `year` (Feb 29 on Feb 28 in a common year).
    pub fn in_year(self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, self.month, self.day).or_else(|| {
            (self.month == 2 && self.day == 29)
                .then(|| NaiveDate::from_ymd_opt(year, 2, 28))
                .flatten()
        })
    }

    /// The next time it comes, `today` included.
    pub fn next(self, today: NaiveDate) -> Option<Occurrence> {
        let this_year = self.in_year(today.year())?;
        let on = if this_year >= today {
            this_year
        } else {
            self.in_year(today.year() + 1)?
        };
        let age = self.year.and_then(|y| u32::try_from(on.year() - y).ok());
        Some(Occurrence {
            on,
            age,
            in_days: (on - today).num_days(),
        })
    }

    /// `MM-DD`, the form the store indexes to find birthdays in a window of days.
    pub fn month_day(self) -> String {
        format!("{:02}-{:02}", self.month, self.day)
    }
}

fn number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `march`, `mar`, `mar.` (three letters at least).
fn month_named(s: &str) -> Option<u32> {
    let s = s.trim_end_matches(['.', ',']);
    if s.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(s))
        .map(|i| i as u32 + 1)
}

impl fmt::Display for Birthday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}-{:02}-{:02}", self.month, self.day),
            None => write!(f, "--{:02}-{:02}", self.month, self.day),
        }
    }
}

impl FromStr for Birthday {
    type Err = Error;
    fn from_str(s: &str) -> Result<Birthday> {
        Birthday::parse(s)
    }
}

impl Serialize for Birthday {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Birthday {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Birthday, D::Error> {
        let text = String::deserialize(d)?;
        Birthday::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The `MM-DD` ranges (inclusive, in calendar order) the days `today ..= today + within`
/// cover, so the store reads only birthdays that can fall in the window. A range that
/// reaches Feb 28 reaches Feb 29 too: that birthday falls on Feb 28 in a common year.
pub fn month_day_ranges(today: NaiveDate, within_days: u32) -> Vec<(String, String)> {
    let md = |d: NaiveDate| format!("{:02}-{:02}", d.month(), d.day());
    let widen = |end: String| {
        if end == "02-28" {
            "02-29".to_string()
        } else {
            end
        }
    };
    let last = today.checked_add_days(chrono::Days::new(within_days.into()));
    match last {
        Some(last) if within_days < 365 => {
            if last.year() == today.year() {
                vec![(md(today), widen(md(last)))]
            } else {
                vec![
                    (md(today), "12-31".to_string()),
                    ("01-01".to_string(), widen(md(last))),
                ]
            }
        }
        _ => vec![("01-01".to_string(), "12-31".to_string())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn b(s: &str) -> Birthday {
        Birthday::parse(s).unwrap()
    }

    #[test]
    fn forms_are_read_and_print_back() {
        for (input, shown) in [
            ("1990-03-14", "1990-03-14"),
            ("03-14", "--03-14"),
            ("--03-14", "--03-14"),
            ("3-4", "--03-04"),
            ("14 march", "--03-14"),
            ("March 14", "--03-14"),
            ("14 Mar.", "--03-14"),
            ("--02-29", "--02-29"),
            ("2000-02-29", "2000-02-29"),
        ] {
            let birthday = b(input);
            assert_eq!(birthday.to_string(), shown, "{input}");
            assert_eq!(b(shown), birthday);
        }
        assert_eq!(serde_json::to_value(b("1990-03-14")).unwrap(), "1990-03-14");
        assert_eq!(
            serde_json::from_value::<Birthday>(serde_json::json!("--03-14")).unwrap(),
            b("03-14")
        );
    }

    #[test]
    fn bad_birthdays_are_refused_at_their_field() {
        for bad in [
            "",
            "1990-02-30",
            "2001-02-29",
            "13-01",
            "--00-10",
            "march",
            "32 march",
            "1990/03/14",
            "yesterday",
            "90-03-14-1",
            "ma 14",
        ] {
            let e = Birthday::parse(bad).unwrap_err();
            assert_eq!(e.field(), Some(Field::Birthday), "{bad}");
        }
        let msg = Birthday::parse("soon").unwrap_err().to_string();
        assert!(msg.contains("--03-14"), "{msg}");
    }

    #[test]
    fn the_next_birthday_counts_today_and_wraps_the_year() {
        let today = d(2026, 11, 22);
        let o = b("1990-11-22").next(today).unwrap();
        assert_eq!((o.on, o.age, o.in_days), (today, Some(36), 0));
        let o = b("1990-11-21").next(today).unwrap();
        assert_eq!((o.on, o.age, o.in_days), (d(2027, 11, 21), Some(37), 364));
        let o = b("--01-02").next(d(2026, 12, 30)).unwrap();
        assert_eq!((o.on, o.age, o.in_days), (d(2027, 1, 2), None, 3));
    }

    #[test]
    fn feb_29_falls_on_feb_28_in_common_years() {
        let leapling = b("2000-02-29");
        let o = leapling.next(d(2027, 2, 1)).unwrap();
        assert_eq!((o.on, o.age), (d(2027, 2, 28), Some(27)));
        let o = leapling.next(d(2028, 2, 1)).unwrap();
        assert_eq!(o.on, d(2028, 2, 29));
        // Past Feb 28 of a common year: the next one is a year on.
        let o = b("--02-29").next(d(2027, 3, 1)).unwrap();
        assert_eq!(o.on, d(2028, 2, 29));
    }

    #[test]
    fn windows_become_month_day_ranges() {
        let r = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            month_day_ranges(d(2026, 11, 22), 30),
            vec![r("11-22", "12-22")]
        );
        assert_eq!(
            month_day_ranges(d(2026, 12, 20), 30),
            vec![r("12-20", "12-31"), r("01-01", "01-19")]
        );
        assert_eq!(
            month_day_ranges(d(2027, 2, 21), 7),
            vec![r("02-21", "02-29")]
        );
        assert_eq!(
            month_day_ranges(d(2026, 1, 1), 400),
            vec![r("01-01", "12-31")]
        );
    }
}
