//! Periods typed by people for `--since`/`--until`: `this month`, `last quarter`, `q4`,
//! `2026-q4`, `2026-11`, `2026`, or any single date of `dates`. `--since` takes a period's
//! first day and `--until` the end of its last day, so a whole period counts in full.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime};

use super::dates::{parse_when, When, ACCEPTED_FORMS};
use super::{Error, Result};

/// The period words listed in every period error message (the dates follow them).
pub const PERIOD_FORMS: &str = "this week|month|quarter|year, last week|month|quarter|year, \
next week|month|quarter|year, q1-q4 (this year's), 2026-q4, 2026-11, 2026";

/// Whole local days from `start` up to `end` (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Week,
    Month,
    Quarter,
    Year,
}

/// A period word relative to `today`, or `None` when `text` is not one.
pub fn parse_span(text: &str, today: NaiveDate) -> Option<Span> {
    let text = text.trim().to_lowercase();
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["this", unit] => span_of(unit_of(unit)?, today),
        ["last", unit] => {
            let unit = unit_of(unit)?;
            let this = span_of(unit, today)?;
            span_of(unit, this.start.pred_opt()?)
        }
        ["next", unit] => {
            let unit = unit_of(unit)?;
            span_of(unit, span_of(unit, today)?.end)
        }
        [one] => absolute(one, today.year()),
        _ => None,
    }
}

/// `--since`: the first day of a period, else the date as typed.
pub fn parse_since(input: &str, now: NaiveDateTime) -> Result<When> {
    if let Some(span) = parse_span(input, now.date()) {
        return Ok(When::Day(span.start));
    }
    parse_when(input, now).map_err(|_| period_error(input))
}

/// `--until`: the moment the period ends (exclusive). A period or a whole day counts in
/// full, so its end is the start of the next day; a time is taken as typed.
pub fn parse_until(input: &str, now: NaiveDateTime) -> Result<When> {
    if let Some(span) = parse_span(input, now.date()) {
        return Ok(When::Day(span.end));
    }
    match parse_when(input, now).map_err(|_| period_error(input))? {
        When::Day(d) => d
            .succ_opt()
            .map(When::Day)
            .ok_or_else(|| period_error(input)),
        other => Ok(other),
    }
}

fn period_error(input: &str) -> Error {
    Error::invalid(format!(
        "cannot read the period {input:?}. Accepted forms: {PERIOD_FORMS}, or a date: {ACCEPTED_FORMS}."
    ))
}

/// `week`, `month`, `quarter`, `year` (and their short forms) as a unit.
pub fn unit_of(word: &str) -> Option<Unit> {
    match word {
        "week" | "wk" => Some(Unit::Week),
        "month" | "mo" => Some(Unit::Month),
        "quarter" | "q" => Some(Unit::Quarter),
        "year" | "yr" => Some(Unit::Year),
        _ => None,
    }
}

/// The week (Monday first, as ISO weeks), month, quarter or year that holds `day`.
pub fn span_of(unit: Unit, day: NaiveDate) -> Option<Span> {
    let start = match unit {
        Unit::Week => {
            day.checked_sub_days(Days::new(day.weekday().num_days_from_monday() as u64))?
        }
        Unit::Month => day.with_day(1)?,
        Unit::Quarter => NaiveDate::from_ymd_opt(day.year(), (day.month0() / 3) * 3 + 1, 1)?,
        Unit::Year => NaiveDate::from_ymd_opt(day.year(), 1, 1)?,
    };
    let end = match unit {
        Unit::Week => start.checked_add_days(Days::new(7))?,
        Unit::Month => start.checked_add_months(Months::new(1))?,
        Unit::Quarter => start.checked_add_months(Months::new(3))?,
        Unit::Year => start.checked_add_months(Months::new(12))?,
    };
    Some(Span { start, end })
}

/// `q4` (of `this_year`), `2026-q4`, `2026-11`, `2026`.
fn absolute(s: &str, this_year: i32) -> Option<Span> {
    let year = |y: &str| -> Option<i32> {
        let y: i32 =
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())).then(|| y.parse().ok())??;
        (1900..=9999).contains(&y).then_some(y)
    };
    let quarter = |q: &str| -> Option<u32> {
        match q.strip_prefix('q')? {
            "1" => Some(1),
            "2" => Some(2),
            "3" => Some(3),
            "4" => Some(4),
            _ => None,
        }
    };
    let of_quarter = |y: i32, q: u32| span_of(Unit::Quarter, NaiveDate::from_ymd_opt(y, q * 3, 1)?);
    if let Some(q) = quarter(s) {
        return of_quarter(this_year, q);
    }
    match s.split_once('-') {
        None => span_of(Unit::Year, NaiveDate::from_ymd_opt(year(s)?, 1, 1)?),
        Some((y, rest)) => {
            let y = year(y)?;
            if let Some(q) = quarter(rest) {
                return of_quarter(y, q);
            }
            if rest.len() != 2 || !rest.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            span_of(
                Unit::Month,
                NaiveDate::from_ymd_opt(y, rest.parse().ok()?, 1)?,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn span(a: NaiveDate, b: NaiveDate) -> Option<Span> {
        Some(Span { start: a, end: b })
    }
    /// Sunday 2026-11-22.
    fn today() -> NaiveDate {
        d(2026, 11, 22)
    }
    fn at(day: NaiveDate) -> NaiveDateTime {
        day.and_hms_opt(10, 0, 0).unwrap()
    }

    #[test]
    fn this_and_last() {
        let t = today();
        assert_eq!(
            parse_span("this week", t),
            span(d(2026, 11, 16), d(2026, 11, 23))
        );
        assert_eq!(
            parse_span("last week", t),
            span(d(2026, 11, 9), d(2026, 11, 16))
        );
        assert_eq!(
            parse_span("This Month", t),
            span(d(2026, 11, 1), d(2026, 12, 1))
        );
        assert_eq!(
            parse_span("last month", t),
            span(d(2026, 10, 1), d(2026, 11, 1))
        );
        assert_eq!(
            parse_span("this quarter", t),
            span(d(2026, 10, 1), d(2027, 1, 1))
        );
        assert_eq!(
            parse_span("last quarter", t),
            span(d(2026, 7, 1), d(2026, 10, 1))
        );
        assert_eq!(
            parse_span("this year", t),
            span(d(2026, 1, 1), d(2027, 1, 1))
        );
        assert_eq!(
            parse_span("last year", t),
            span(d(2025, 1, 1), d(2026, 1, 1))
        );
        assert_eq!(
            parse_span("next month", t),
            span(d(2026, 12, 1), d(2027, 1, 1))
        );
        assert_eq!(
            parse_span("next quarter", t),
            span(d(2027, 1, 1), d(2027, 4, 1))
        );
        assert_eq!(
            parse_span("next week", t),
            span(d(2026, 11, 23), d(2026, 11, 30))
        );
    }

    #[test]
    fn last_periods_cross_the_year_end() {
        let new_year = d(2027, 1, 1); // a Friday
        assert_eq!(
            parse_span("last month", new_year),
            span(d(2026, 12, 1), d(2027, 1, 1))
        );
        assert_eq!(
            parse_span("last quarter", new_year),
            span(d(2026, 10, 1), d(2027, 1, 1))
        );
        assert_eq!(
            parse_span("last week", new_year),
            span(d(2026, 12, 21), d(2026, 12, 28))
        );
        assert_eq!(
            parse_span("this week", new_year),
            span(d(2026, 12, 28), d(2027, 1, 4))
        );
        // Monday itself starts its week.
        assert_eq!(
            parse_span("this week", d(2026, 11, 16)),
            span(d(2026, 11, 16), d(2026, 11, 23))
        );
    }

    #[test]
    fn quarters_months_and_years() {
        let t = today();
        assert_eq!(parse_span("q1", t), span(d(2026, 1, 1), d(2026, 4, 1)));
        assert_eq!(parse_span("Q2", t), span(d(2026, 4, 1), d(2026, 7, 1)));
        assert_eq!(parse_span("q3", t), span(d(2026, 7, 1), d(2026, 10, 1)));
        assert_eq!(parse_span("q4", t), span(d(2026, 10, 1), d(2027, 1, 1)));
        assert_eq!(
            parse_span("2025-q4", t),
            span(d(2025, 10, 1), d(2026, 1, 1))
        );
        assert_eq!(parse_span("2026-Q1", t), span(d(2026, 1, 1), d(2026, 4, 1)));
        assert_eq!(
            parse_span("2026-11", t),
            span(d(2026, 11, 1), d(2026, 12, 1))
        );
        assert_eq!(
            parse_span("2026-12", t),
            span(d(2026, 12, 1), d(2027, 1, 1))
        );
        assert_eq!(parse_span("2026", t), span(d(2026, 1, 1), d(2027, 1, 1)));
    }

    #[test]
    fn february_in_leap_years() {
        assert_eq!(
            parse_span("2024-02", today()),
            span(d(2024, 2, 1), d(2024, 3, 1))
        );
        assert_eq!(
            parse_span("last month", d(2024, 3, 31)),
            span(d(2024, 2, 1), d(2024, 3, 1))
        );
        let until = parse_until("2024-02", at(today())).unwrap();
        assert_eq!(until, When::Day(d(2024, 3, 1)));
        assert_eq!(
            parse_until("2024-02-29", at(today())).unwrap(),
            When::Day(d(2024, 3, 1))
        );
        assert_eq!(
            parse_until("2023-02-28", at(today())).unwrap(),
            When::Day(d(2023, 3, 1))
        );
        // Q1 of a leap year is one day longer.
        let q1 = parse_span("2024-q1", today()).unwrap();
        assert_eq!((q1.end - q1.start).num_days(), 91);
    }

    #[test]
    fn since_takes_the_start_and_until_the_end() {
        let now = at(today());
        assert_eq!(parse_since("q4", now).unwrap(), When::Day(d(2026, 10, 1)));
        assert_eq!(parse_until("q4", now).unwrap(), When::Day(d(2027, 1, 1)));
        assert_eq!(
            parse_since("2026-11-05", now).unwrap(),
            When::Day(d(2026, 11, 5))
        );
        assert_eq!(
            parse_until("2026-11-05", now).unwrap(),
            When::Day(d(2026, 11, 6))
        );
        assert_eq!(
            parse_since("-30d", now).unwrap(),
            When::Day(d(2026, 10, 23))
        );
        let t = d(2026, 11, 5).and_hms_opt(15, 30, 0).unwrap();
        assert_eq!(
            parse_until("2026-11-05 15:30", now).unwrap(),
            When::Local(t)
        );
        // Weekday words keep their meaning beside the period words.
        assert_eq!(
            parse_since("last tue", now).unwrap(),
            When::Day(d(2026, 11, 17))
        );
    }

    #[test]
    fn unreadable_periods_list_every_form() {
        let now = at(today());
        for bad in [
            "",
            "soon",
            "q5",
            "q0",
            "2026-q5",
            "2026-13",
            "2026-1",
            "26",
            "0999",
            "this decade",
            "last",
            "next",
            "2026-11-31",
            "q4 25:00",
        ] {
            let err = parse_until(bad, now).unwrap_err().to_string();
            assert!(
                err.contains("Accepted forms")
                    && err.contains("last week|month|quarter|year")
                    && err.contains("tomorrow"),
                "{bad:?}: {err}"
            );
        }
        assert!(parse_since("soon", now).is_err());
    }
}
