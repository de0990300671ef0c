//! Dates as exports write them: `03 Nov 2025` (LinkedIn), `1/8/18, 6:14 PM` (old LinkedIn,
//! US), `1987-10-06` and `--05-14` (Google), `0/0/00` for none and `10/6/1987` or
//! `10.9.2007` (Outlook), `2024-03-05 09:14` (HubSpot), `2025-09-03 10:12:00` (Pipedrive).
//!
//! A date written `a/b/y` is read month-first or day-first only when the source says so or
//! one of the numbers is above 12; otherwise it is [`DateValue::Ambiguous`], never guessed.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};

/// Which way round `a/b/yyyy` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateStyle {
    /// Unknown: only unambiguous dates are accepted.
    Any,
    /// US: `M/D/Y`.
    MonthFirst,
    /// Most of Europe: `D/M/Y`.
    DayFirst,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DateValue {
    /// Nothing, or a placeholder for nothing (`0/0/00`).
    Empty,
    Day(NaiveDate, Option<NaiveTime>),
    Instant(DateTime<FixedOffset>),
    /// Month and day without a year (`--05-14`).
    Partial(u32, u32),
    /// Could be day-first or month-first.
    Ambiguous,
    /// Readable but not a real date (`1979-02-29`, month 13).
    Impossible,
    /// Not a date we can read.
    Unreadable,
}

impl DateValue {
    /// The reason given when a row is refused for this value (`None` when it is fine).
    pub(crate) fn problem(&self, raw: &str) -> Option<String> {
        let raw = raw.trim();
        match self {
            DateValue::Ambiguous => Some(format!(
                "the date {raw:?} could be day-first or month-first; write it as YYYY-MM-DD"
            )),
            DateValue::Impossible => Some(format!("{raw:?} is not a real date")),
            DateValue::Unreadable => Some(format!(
                "cannot read the date {raw:?}; write it as YYYY-MM-DD"
            )),
            _ => None,
        }
    }

    /// The calendar day, if there is one.
    pub(crate) fn day(&self) -> Option<NaiveDate> {
        match self {
            DateValue::Day(d, _) => Some(*d),
            DateValue::Instant(i) => Some(i.date_naive()),
            _ => None,
        }
    }

    /// The text form stored for custom date fields and interaction times.
    pub(crate) fn text(&self) -> Option<String> {
        match self {
            DateValue::Day(d, None) => Some(d.format("%Y-%m-%d").to_string()),
            DateValue::Day(d, Some(t)) => {
                let fmt = if t.format("%S").to_string() == "00" {
                    "%Y-%m-%d %H:%M"
                } else {
                    "%Y-%m-%d %H:%M:%S"
                };
                Some(d.and_time(*t).format(fmt).to_string())
            }
            DateValue::Instant(i) => Some(i.to_rfc3339()),
            DateValue::Partial(m, d) => Some(format!("--{m:02}-{d:02}")),
            _ => None,
        }
    }
}

/// Reads one date cell.
pub(crate) fn parse(input: &str, style: DateStyle) -> DateValue {
    let s = input.trim();
    if s.is_empty() {
        return DateValue::Empty;
    }
    // `0/0/00`, `00.00.0000`: Outlook's "no date".
    if s.bytes().any(|b| b.is_ascii_digit())
        && s.bytes()
            .all(|b| matches!(b, b'0' | b'/' | b'.' | b'-' | b' ' | b':'))
    {
        return DateValue::Empty;
    }
    if let Ok(i) = DateTime::parse_from_rfc3339(s) {
        return DateValue::Instant(i);
    }
    if let Some(rest) = s.strip_prefix("--") {
        return partial(rest);
    }
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    let Some(first) = tokens.first() else {
        return DateValue::Unreadable;
    };
    let (day, rest): (DateValue, &[&str]) =
        if first.bytes().next().is_some_and(|b| b.is_ascii_digit())
            && tokens.len() >= 3
            && month_number(tokens.get(1).copied().unwrap_or("")).is_some()
        {
            // `03 Nov 2025 [time]`
            (
                textual(tokens.get(0..3).unwrap_or(&[]), false),
                tokens.get(3..).unwrap_or(&[]),
            )
        } else if month_number(first).is_some() && tokens.len() >= 3 {
            // `Nov 3, 2025 [time]`
            (
                textual(tokens.get(0..3).unwrap_or(&[]), true),
                tokens.get(3..).unwrap_or(&[]),
            )
        } else if let Some((date, time)) = first.split_once(['T', 't']) {
            // `2025-09-03T10:12:00` without an offset.
            let d = numeric(date, style);
            match (d.day(), parse_time(&[time])) {
                (Some(day), Some(t)) if tokens.len() == 1 => {
                    return DateValue::Day(day, Some(t));
                }
                _ if d.day().is_none() => return d,
                _ => return DateValue::Unreadable,
            }
        } else {
            (numeric(first, style), tokens.get(1..).unwrap_or(&[]))
        };
    let Some(date) = day.day() else {
        return day;
    };
    if rest.is_empty() {
        return DateValue::Day(date, None);
    }
    match parse_time(rest) {
        Some(t) => DateValue::Day(date, Some(t)),
        None => DateValue::Unreadable,
    }
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn ymd(y: i32, m: u32, d: u32) -> DateValue {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => DateValue::Day(date, None),
        None => DateValue::Impossible,
    }
}

fn year(text: &str, value: u32) -> Option<i32> {
    let v = i32::try_from(value).ok()?;
    match text.len() {
        4 => Some(v),
        // Two-digit years: 00-69 are 2000s, 70-99 are 1900s.
        2 => Some(if v < 70 { 2000 + v } else { 1900 + v }),
        _ => None,
    }
}

/// `--MM-DD` or `--MMDD` (the leading `--` already removed).
fn partial(rest: &str) -> DateValue {
    let (m, d) = match rest.split_once('-') {
        Some((m, d)) => (m, d),
        None if rest.len() == 4 => (rest.get(..2).unwrap_or(""), rest.get(2..).unwrap_or("")),
        None => return DateValue::Unreadable,
    };
    if m.len() != 2 || d.len() != 2 {
        return DateValue::Unreadable;
    }
    match (digits(m), digits(d)) {
        // 2000 is a leap year, so 29 February is accepted.
        (Some(m), Some(d)) => match NaiveDate::from_ymd_opt(2000, m, d) {
            Some(_) => DateValue::Partial(m, d),
            None => DateValue::Impossible,
        },
        _ => DateValue::Unreadable,
    }
}

/// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`, `D.M.YYYY`, `M/D/YY`, `D/M/YYYY`...
fn numeric(s: &str, style: DateStyle) -> DateValue {
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        let y = s.get(..4).and_then(digits);
        let m = s.get(4..6).and_then(digits);
        let d = s.get(6..).and_then(digits);
        return match (y, m, d) {
            (Some(y), Some(m), Some(d)) => ymd(y as i32, m, d),
            _ => DateValue::Unreadable,
        };
    }
    let Some(sep) = s.chars().find(|c| !c.is_ascii_digit()) else {
        return DateValue::Unreadable;
    };
    if !matches!(sep, '-' | '/' | '.') {
        return DateValue::Unreadable;
    }
    let parts: Vec<&str> = s.trim_end_matches('.').split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return DateValue::Unreadable;
    };
    let (Some(na), Some(nb), Some(nc)) = (digits(a), digits(b), digits(c)) else {
        return DateValue::Unreadable;
    };
    if a.len() == 4 {
        return ymd(na as i32, nb, nc);
    }
    if a.len() > 2 || b.len() > 2 {
        return DateValue::Unreadable;
    }
    let Some(y) = year(c, nc) else {
        return DateValue::Unreadable;
    };
    // Dots are day-first everywhere they are used (German, Swiss, Nordic dates).
    let style = if sep == '.' {
        DateStyle::DayFirst
    } else {
        style
    };
    match style {
        DateStyle::MonthFirst => ymd(y, na, nb),
        DateStyle::DayFirst => ymd(y, nb, na),
        DateStyle::Any => {
            if na == nb || (na > 12 && nb <= 12) {
                ymd(y, nb, na)
            } else if nb > 12 && na <= 12 {
                ymd(y, na, nb)
            } else if na > 12 && nb > 12 {
                DateValue::Impossible
            } else {
                DateValue::Ambiguous
            }
        }
    }
}

/// `03 Nov 2025` or (`month_first`) `Nov 3 2025`.
fn textual(tokens: &[&str], month_first: bool) -> DateValue {
    let [x, y, z] = tokens else {
        return DateValue::Unreadable;
    };
    let (day, month) = if month_first { (y, x) } else { (x, y) };
    let (Some(m), Some(d), Some(yv)) = (month_number(month), digits(day), digits(z)) else {
        return DateValue::Unreadable;
    };
    match year(z, yv) {
        Some(yr) if z.len() == 4 => ymd(yr, m, d),
        _ => DateValue::Unreadable,
    }
}

fn month_number(token: &str) -> Option<u32> {
    let t = crate::domain::text::fold(token.trim_end_matches('.'));
    if t.len() < 3 || !t.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    use crate::domain::birthday::MONTHS;
    if let Some(i) = MONTHS.iter().position(|m| m.starts_with(t.as_str())) {
        return u32::try_from(i + 1).ok();
    }
    // German abbreviations that differ from English.
    match t.as_str() {
        "mai" => Some(5),
        "okt" | "oktober" => Some(10),
        "dez" | "dezember" => Some(12),
        "marz" | "maerz" => Some(3),
        _ => None,
    }
}

/// `18:14`, `6:14 PM`, `6:14pm`, `10:12:00`, `10:12:00.123`, optionally followed by `Z`,
/// `UTC` or `GMT` (the time is kept as written).
fn parse_time(tokens: &[&str]) -> Option<NaiveTime> {
    let mut text = tokens.join(" ").to_ascii_lowercase();
    for suffix in [" utc", " gmt", "z"] {
        if let Some(t) = text.strip_suffix(suffix) {
            text = t.trim_end().to_string();
        }
    }
    let (clock, pm) = if let Some(t) = text.strip_suffix("pm") {
        (t.trim_end(), Some(true))
    } else if let Some(t) = text.strip_suffix("am") {
        (t.trim_end(), Some(false))
    } else {
        (text.as_str(), None)
    };
    let clock = clock.split('.').next().unwrap_or("");
    let parts: Vec<&str> = clock.split(':').collect();
    let (h, m, s) = match parts.as_slice() {
        [h, m] => (*h, *m, "0"),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    let small = |x: &str| -> Option<u32> {
        if x.is_empty() || x.len() > 2 {
            None
        } else {
            digits(x)
        }
    };
    let (mut h, m, s) = (small(h)?, small(m)?, small(s)?);
    match pm {
        Some(true) if (1..12).contains(&h) => h += 12,
        Some(false) if h == 12 => h = 0,
        Some(_) if !(1..=12).contains(&h) => return None,
        _ => {}
    }
    NaiveTime::from_hms_opt(h, m, s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> DateValue {
        DateValue::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap(), None)
    }

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateValue {
        DateValue::Day(
            NaiveDate::from_ymd_opt(y, mo, d).unwrap(),
            Some(NaiveTime::from_hms_opt(h, mi, 0).unwrap()),
        )
    }

    #[test]
    fn the_formats_exports_use() {
        use DateStyle::*;
        assert_eq!(parse("03 Nov 2025", Any), day(2025, 11, 3));
        assert_eq!(parse("1/8/18, 6:14 PM", MonthFirst), at(2018, 1, 8, 18, 14));
        assert_eq!(
            parse("12/8/18, 12:05 AM", MonthFirst),
            at(2018, 12, 8, 0, 5)
        );
        assert_eq!(parse("1987-10-06", Any), day(1987, 10, 6));
        assert_eq!(parse(" --12-25", Any), DateValue::Partial(12, 25));
        assert_eq!(parse("--0229", Any), DateValue::Partial(2, 29));
        assert_eq!(parse("0/0/00", MonthFirst), DateValue::Empty);
        assert_eq!(parse("10/6/1987", MonthFirst), day(1987, 10, 6));
        assert_eq!(parse("10.9.2007", MonthFirst), day(2007, 9, 10));
        assert_eq!(parse("10.06.1987", Any), day(1987, 6, 10));
        assert_eq!(parse("2024-03-05 09:14", Any), at(2024, 3, 5, 9, 14));
        assert_eq!(parse("2025-12-15 00:00", Any), at(2025, 12, 15, 0, 0));
        assert_eq!(parse("2025-09-03T10:12", Any), at(2025, 9, 3, 10, 12));
        assert_eq!(parse("19871006", Any), day(1987, 10, 6));
        assert_eq!(parse("Nov 3, 2025", Any), day(2025, 11, 3));
        assert!(matches!(
            parse("2025-09-03T10:12:00+02:00", Any),
            DateValue::Instant(_)
        ));
        assert_eq!(
            parse("2025-09-03 10:12:07", Any).text().unwrap(),
            "2025-09-03 10:12:07"
        );
    }

    #[test]
    fn never_guesses_day_or_month_first() {
        use DateStyle::*;
        assert_eq!(parse("03/04/2025", Any), DateValue::Ambiguous);
        assert_eq!(parse("03/04/2025", MonthFirst), day(2025, 3, 4));
        assert_eq!(parse("03/04/2025", DayFirst), day(2025, 4, 3));
        assert_eq!(parse("13/04/2025", Any), day(2025, 4, 13));
        assert_eq!(parse("04/13/2025", Any), day(2025, 4, 13));
        assert_eq!(parse("04/04/2025", Any), day(2025, 4, 4));
        assert_eq!(parse("1979-02-29", Any), DateValue::Impossible);
        assert_eq!(parse("13/13/2025", Any), DateValue::Impossible);
        assert_eq!(parse("someday", Any), DateValue::Unreadable);
        assert_eq!(parse("--13-01", Any), DateValue::Impossible);
        assert!(parse("03/04/2025", Any).problem("03/04/2025").is_some());
    }
}
