//! How often a task comes back: every N days, weeks, months or years, and the date of the
//! next one. Month arithmetic clamps to the month's end (Jan 31 + 1 month = Feb 28, or
//! Feb 29 in a leap year), as a calendar does.

use std::fmt;
use std::str::FromStr;

use chrono::{Days, Months, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Error, Field, Result};

/// The largest count accepted, so the arithmetic never leaves chrono's range.
const MAX_COUNT: u32 = 1000;

const FORMS: &str = "3d, 2w, month, 3m, 1y, daily, weekly, monthly, yearly, every 2 weeks";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// A recurrence interval: `count` units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Every {
    pub count: u32,
    pub unit: Unit,
}

impl Every {
    pub fn parse(input: &str) -> Result<Every> {
        let err = || {
            Error::invalid_at(
                Field::Every,
                format!("cannot read the interval {input:?}; write one like {FORMS}."),
            )
        };
        let text = input.trim().to_lowercase();
        let text = text.strip_prefix("every").unwrap_or(&text).trim();
        let named = match text {
            "daily" => Some(Unit::Day),
            "weekly" => Some(Unit::Week),
            "monthly" => Some(Unit::Month),
            "yearly" | "annually" => Some(Unit::Year),
            _ => None,
        };
        if let Some(unit) = named {
            return Ok(Every { count: 1, unit });
        }
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (digits, unit) = text.split_at(split);
        let count = if digits.is_empty() {
            1
        } else {
            digits.parse::<u32>().map_err(|_| err())?
        };
        let unit = match unit.trim() {
            "d" | "day" | "days" => Unit::Day,
            "w" | "wk" | "wks" | "week" | "weeks" => Unit::Week,
            "m" | "mo" | "month" | "months" => Unit::Month,
            "y" | "yr" | "year" | "years" => Unit::Year,
            _ => return Err(err()),
        };
        if count == 0 || count > MAX_COUNT {
            return Err(Error::invalid_at(
                Field::Every,
                format!("the interval {input:?} must be between 1 and {MAX_COUNT} units."),
            ));
        }
        Ok(Every { count, unit })
    }

    /// The date one interval after `day`, or `None` past the calendar's end.
    pub fn after(self, day: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            Unit::Day => day.checked_add_days(Days::new(self.count.into())),
            Unit::Week => day.checked_add_days(Days::new(u64::from(self.count) * 7)),
            Unit::Month => day.checked_add_months(Months::new(self.count)),
            Unit::Year => day.checked_add_months(Months::new(self.count * 12)),
        }
    }

    /// The same wall-clock time one interval later.
    pub fn after_local(self, at: NaiveDateTime) -> Option<NaiveDateTime> {
        self.after(at.date()).map(|d| d.and_time(at.time()))
    }
}

impl fmt::Display for Every {
    /// The short form that parses back: `day`, `2w`, `month`, `3m`, `year`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (word, letter) = match self.unit {
            Unit::Day => ("day", "d"),
            Unit::Week => ("week", "w"),
            Unit::Month => ("month", "m"),
            Unit::Year => ("year", "y"),
        };
        if self.count == 1 {
            f.write_str(word)
        } else {
            write!(f, "{}{letter}", self.count)
        }
    }
}

impl FromStr for Every {
    type Err = Error;
    fn from_str(s: &str) -> Result<Every> {
        Every::parse(s)
    }
}

impl Serialize for Every {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Every {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Every, D::Error> {
        let text = String::deserialize(d)?;
        Every::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn next(every: &str, day: NaiveDate) -> NaiveDate {
        Every::parse(every).unwrap().after(day).unwrap()
    }

    #[test]
    fn month_ends_are_clamped() {
        assert_eq!(next("month", d(2026, 1, 31)), d(2026, 2, 28));
        assert_eq!(next("month", d(2026, 3, 31)), d(2026, 4, 30));
        assert_eq!(next("3m", d(2026, 11, 30)), d(2027, 2, 28));
        assert_eq!(next("month", d(2026, 12, 15)), d(2027, 1, 15));
        // One interval after this one's date: the clamp carries on, as a calendar would.
        assert_eq!(next("month", d(2026, 2, 28)), d(2026, 3, 28));
    }

    #[test]
    fn leap_years() {
        assert_eq!(next("month", d(2028, 1, 31)), d(2028, 2, 29));
        assert_eq!(next("1y", d(2028, 2, 29)), d(2029, 2, 28));
        assert_eq!(next("4y", d(2028, 2, 29)), d(2032, 2, 29));
        assert_eq!(next("year", d(2027, 3, 1)), d(2028, 3, 1));
        assert_eq!(next("1d", d(2028, 2, 28)), d(2028, 2, 29));
    }

    #[test]
    fn days_and_weeks_cross_months_and_years() {
        assert_eq!(next("3d", d(2026, 12, 30)), d(2027, 1, 2));
        assert_eq!(next("2w", d(2026, 12, 25)), d(2027, 1, 8));
        assert_eq!(next("weekly", d(2026, 11, 22)), d(2026, 11, 29));
        assert_eq!(next("daily", d(2026, 11, 22)), d(2026, 11, 23));
    }

    #[test]
    fn the_time_of_day_is_kept() {
        let at = d(2026, 1, 31).and_hms_opt(9, 30, 0).unwrap();
        let e = Every::parse("month").unwrap();
        assert_eq!(
            e.after_local(at),
            Some(d(2026, 2, 28).and_hms_opt(9, 30, 0).unwrap())
        );
    }

    #[test]
    fn forms_read_back_as_they_print() {
        for (input, shown) in [
            ("2w", "2w"),
            ("month", "month"),
            ("1m", "month"),
            ("3d", "3d"),
            ("1y", "year"),
            ("every 2 weeks", "2w"),
            ("Monthly", "month"),
            ("  10 days ", "10d"),
            ("week", "week"),
            ("2 months", "2m"),
        ] {
            let e = Every::parse(input).unwrap();
            assert_eq!(e.to_string(), shown, "{input}");
            assert_eq!(Every::parse(shown).unwrap(), e);
        }
        let two_weeks = Every::parse("2w").unwrap();
        assert_eq!(serde_json::to_value(two_weeks).unwrap(), "2w");
        assert_eq!(
            serde_json::from_value::<Every>(serde_json::json!("2w")).unwrap(),
            two_weeks
        );
    }

    #[test]
    fn bad_intervals_are_refused_at_their_field() {
        for bad in [
            "",
            "0d",
            "fortnightly",
            "2x",
            "-1w",
            "1.5m",
            "w2",
            "1001d",
            "99999999999d",
            "2 w x",
        ] {
            let e = Every::parse(bad).unwrap_err();
            assert_eq!(e.field(), Some(Field::Every), "{bad}");
            assert!(matches!(e, Error::Invalid { .. }), "{bad}");
        }
        let msg = Every::parse("fortnightly").unwrap_err().to_string();
        assert!(msg.contains("2w") && msg.contains("month"), "{msg}");
    }

    #[test]
    fn the_end_of_the_calendar_is_none() {
        assert_eq!(Every::parse("1y").unwrap().after(NaiveDate::MAX), None);
    }
}
