//! Dates typed by people: `today`, `tomorrow`, `fri`, `next monday`, `in 3 days`, `+3d`,
//! `2026-12-01`, `2026-12-01 15:30`. "Now" is always passed in, so tests are exact.

use chrono::{
    DateTime, Datelike, Days, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday,
};

use super::{Error, Result};

/// The forms listed in every date error message.
pub const ACCEPTED_FORMS: &str = "today, tomorrow, yesterday, now, a weekday (fri, next monday, last tue), \
in 3 days, 3 days ago, +3d, -2w, +1m, 2026-12-01, 2026-12-01 15:30, or any of these followed by a time (tomorrow 9:30)";

/// A point in time as the user meant it, still in local wall-clock terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// A whole day (no time given).
    Day(NaiveDate),
    /// A local date and time.
    Local(NaiveDateTime),
    /// An exact instant (RFC 3339 with an offset).
    Instant(DateTime<Utc>),
}

/// Parses a human date relative to `now` (local wall-clock time).
pub fn parse_when(input: &str, now: NaiveDateTime) -> Result<When> {
    let err = || {
        Error::invalid(format!(
            "cannot read the date {input:?}. Accepted forms: {ACCEPTED_FORMS}."
        ))
    };
    let text = input.trim().to_lowercase();
    if text.is_empty() {
        return Err(err());
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(input.trim()) {
        if !(1900..=9999).contains(&dt.year()) {
            return Err(err());
        }
        return Ok(When::Instant(dt.with_timezone(&Utc)));
    }
    if text == "now" {
        return Ok(When::Local(now));
    }
    // A trailing time of day: "tomorrow 15:30", "2026-12-01T15:30", "fri 9am".
    let (date_part, time) = split_time(&text);
    let today = now.date();
    let day = if date_part.is_empty() {
        if time.is_some() {
            Some(today)
        } else {
            None
        }
    } else {
        parse_day(date_part, today)
    };
    let sane = |d: NaiveDate| (1900..=9999).contains(&d.year());
    match (day, time) {
        (Some(d), Some(t)) if sane(d) => Ok(When::Local(d.and_time(t))),
        (Some(d), None) if sane(d) => Ok(When::Day(d)),
        _ => Err(err()),
    }
}

/// Parses a date only (for expected close dates). A time, if typed, is refused.
pub fn parse_date(input: &str, now: NaiveDateTime) -> Result<NaiveDate> {
    match parse_when(input, now)? {
        When::Day(d) => Ok(d),
        When::Local(dt) => Ok(dt.date()),
        When::Instant(i) => Ok(i.date_naive()),
    }
}

fn split_time(text: &str) -> (&str, Option<NaiveTime>) {
    if let Some((head, last)) = text.rsplit_once(' ') {
        return match parse_time(last) {
            Some(t) => (head.trim(), Some(t)),
            None => (text, None),
        };
    }
    // 2026-12-01t15:30 (the input was lowercased)
    if text.len() > 11 && text.as_bytes()[10] == b't' {
        if let Some(t) = parse_time(&text[11..]) {
            return (&text[..10], Some(t));
        }
    }
    match parse_time(text) {
        Some(t) => ("", Some(t)),
        None => (text, None),
    }
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    let (s, pm) = if let Some(x) = s.strip_suffix("pm") {
        (x, Some(true))
    } else if let Some(x) = s.strip_suffix("am") {
        (x, Some(false))
    } else {
        (s, None)
    };
    let (h, m, sec) = match s.split(':').collect::<Vec<_>>().as_slice() {
        [h, m] => (*h, *m, "0"),
        [h, m, s] => (*h, *m, *s),
        [h] if pm.is_some() => (*h, "0", "0"),
        _ => return None,
    };
    let all_digits =
        |x: &str| !x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(h) || !all_digits(m) || !all_digits(sec) {
        return None;
    }
    let mut h: u32 = h.parse().ok()?;
    match pm {
        Some(true) if (1..12).contains(&h) => h += 12,
        Some(false) if h == 12 => h = 0,
        Some(_) if !(1..=12).contains(&h) => return None,
        _ => {}
    }
    NaiveTime::from_hms_opt(h, m.parse().ok()?, sec.parse().ok()?)
}

fn parse_day(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    match s {
        "today" => return Some(today),
        "tomorrow" | "tmr" => return today.succ_opt(),
        "yesterday" => return today.pred_opt(),
        _ => {}
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.as_slice() {
        [w] => weekday(w)
            .map(|wd| next_weekday(today, wd))
            .or_else(|| offset(w, today)),
        ["next", w] | ["this", w] => weekday(w).map(|wd| next_weekday(today, wd)),
        ["last", w] => weekday(w).map(|wd| last_weekday(today, wd)),
        ["in", n, unit] => shift(today, n.parse().ok()?, unit, true),
        [n, unit, "ago"] => shift(today, n.parse().ok()?, unit, false),
        _ => None,
    }
}

/// `+3d`, `-2w`, `+1m`, `+1y`.
fn offset(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let (forward, rest) = match s.as_bytes().first()? {
        b'+' => (true, &s[1..]),
        b'-' => (false, &s[1..]),
        _ => return None,
    };
    let split = rest.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = rest.split_at(split);
    shift(today, n.parse().ok()?, unit, forward)
}

fn shift(today: NaiveDate, n: u32, unit: &str, forward: bool) -> Option<NaiveDate> {
    let unit = unit.trim_end_matches('s');
    match unit {
        "d" | "day" => {
            let d = Days::new(n as u64);
            if forward {
                today.checked_add_days(d)
            } else {
                today.checked_sub_days(d)
            }
        }
        "w" | "week" | "wk" => {
            let d = Duration::try_weeks(n as i64)?;
            if forward {
                today.checked_add_signed(d)
            } else {
                today.checked_sub_signed(d)
            }
        }
        "m" | "month" | "mo" => {
            let m = Months::new(n);
            if forward {
                today.checked_add_months(m)
            } else {
                today.checked_sub_months(m)
            }
        }
        "y" | "year" => {
            let m = Months::new(n.checked_mul(12)?);
            if forward {
                today.checked_add_months(m)
            } else {
                today.checked_sub_months(m)
            }
        }
        _ => None,
    }
}

fn weekday(s: &str) -> Option<Weekday> {
    const NAMES: [(&str, Weekday); 7] = [
        ("monday", Weekday::Mon),
        ("tuesday", Weekday::Tue),
        ("wednesday", Weekday::Wed),
        ("thursday", Weekday::Thu),
        ("friday", Weekday::Fri),
        ("saturday", Weekday::Sat),
        ("sunday", Weekday::Sun),
    ];
    if s.len() < 3 {
        return None;
    }
    NAMES
        .iter()
        .find(|(name, _)| name.starts_with(s) || s == &name[..3])
        .map(|(_, wd)| *wd)
}

/// The next such weekday strictly after today (1 to 7 days ahead).
fn next_weekday(today: NaiveDate, wd: Weekday) -> NaiveDate {
    let ahead = (wd.num_days_from_monday() + 7 - today.weekday().num_days_from_monday()) % 7;
    today + Days::new(if ahead == 0 { 7 } else { ahead as u64 })
}

/// The last such weekday strictly before today.
fn last_weekday(today: NaiveDate, wd: Weekday) -> NaiveDate {
    let back = (today.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
    today - Days::new(if back == 0 { 7 } else { back as u64 })
}

/// `now` less a number of days, or an error when that is before any date crm handles.
pub fn days_before(now: DateTime<Utc>, days: u32) -> Result<DateTime<Utc>> {
    Duration::try_days(days as i64)
        .and_then(|d| now.checked_sub_signed(d))
        .filter(|t| t.year() >= 1900)
        .ok_or_else(|| {
            Error::invalid(format!(
                "{days} days is too far back; give a number of days up to a few thousand."
            ))
        })
}

/// Durations: `30` (minutes), `30m`, `1h`, `1h30m`, `1.5h`.
pub fn parse_duration_min(input: &str) -> Result<u32> {
    let err = || {
        Error::invalid(format!(
            "cannot read the duration {input:?}; write minutes like 30, 30m, 1h or 1h30m."
        ))
    };
    let s = input.trim().to_lowercase().replace(' ', "");
    if s.is_empty() {
        return Err(err());
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().map_err(|_| err());
    }
    if let Some(h) = s.strip_suffix('h').filter(|h| h.contains('.')) {
        let (whole, frac) = h.split_once('.').ok_or_else(err)?;
        let whole: u32 = whole.parse().map_err(|_| err())?;
        if frac.len() != 1 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let tenth: u32 = frac.parse().map_err(|_| err())?;
        return whole
            .checked_mul(60)
            .and_then(|m| m.checked_add(tenth * 6))
            .ok_or_else(err);
    }
    let mut total: u32 = 0;
    let mut num = String::new();
    let mut seen_unit = false;
    for ch in s.chars() {
        if ch.is_ascii_digit() {
            num.push(ch);
            continue;
        }
        let n: u32 = num.parse().map_err(|_| err())?;
        num.clear();
        let mult = match ch {
            'h' => 60,
            'm' => 1,
            _ => return Err(err()),
        };
        total = total
            .checked_add(n.checked_mul(mult).ok_or_else(err)?)
            .ok_or_else(err)?;
        seen_unit = true;
    }
    if !num.is_empty() || !seen_unit {
        return Err(err());
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sunday 2026-11-22, 10:00.
    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 22)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    }
    fn day(y: i32, m: u32, d: u32) -> When {
        When::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn relative_words() {
        assert_eq!(parse_when("today", now()).unwrap(), day(2026, 11, 22));
        assert_eq!(parse_when("Tomorrow", now()).unwrap(), day(2026, 11, 23));
        assert_eq!(parse_when("yesterday", now()).unwrap(), day(2026, 11, 21));
        assert_eq!(parse_when("now", now()).unwrap(), When::Local(now()));
    }

    #[test]
    fn weekdays_look_forward_unless_last() {
        assert_eq!(parse_when("fri", now()).unwrap(), day(2026, 11, 27));
        assert_eq!(parse_when("next monday", now()).unwrap(), day(2026, 11, 23));
        assert_eq!(parse_when("sun", now()).unwrap(), day(2026, 11, 29));
        assert_eq!(parse_when("last tue", now()).unwrap(), day(2026, 11, 17));
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_when("in 3 days", now()).unwrap(), day(2026, 11, 25));
        assert_eq!(parse_when("+3d", now()).unwrap(), day(2026, 11, 25));
        assert_eq!(parse_when("-2w", now()).unwrap(), day(2026, 11, 8));
        assert_eq!(parse_when("2 days ago", now()).unwrap(), day(2026, 11, 20));
        assert_eq!(parse_when("+1m", now()).unwrap(), day(2026, 12, 22));
        assert_eq!(parse_when("in 1 week", now()).unwrap(), day(2026, 11, 29));
    }

    #[test]
    fn absolute_dates_and_times() {
        assert_eq!(parse_when("2026-12-01", now()).unwrap(), day(2026, 12, 1));
        let at = NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(15, 30, 0)
            .unwrap();
        assert_eq!(
            parse_when("2026-12-01 15:30", now()).unwrap(),
            When::Local(at)
        );
        assert_eq!(
            parse_when("2026-12-01T15:30", now()).unwrap(),
            When::Local(at)
        );
        let tomorrow_930 = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap();
        assert_eq!(
            parse_when("tomorrow 9:30", now()).unwrap(),
            When::Local(tomorrow_930)
        );
        let pm = NaiveDate::from_ymd_opt(2026, 11, 22)
            .unwrap()
            .and_hms_opt(15, 0, 0)
            .unwrap();
        assert_eq!(parse_when("3pm", now()).unwrap(), When::Local(pm));
        match parse_when("2026-12-01T15:30:00Z", now()).unwrap() {
            When::Instant(i) => assert_eq!(i.to_rfc3339(), "2026-12-01T15:30:00+00:00"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unreadable_dates_list_the_accepted_forms() {
        for bad in [
            "",
            "soon",
            "+262142-12-31",
            "0001-01-01",
            "+9999999d",
            "9999-12-31T23:00:00-05:00x",
            "2026-13-01",
            "2026-02-30",
            "next",
            "in x days",
            "+3q",
            "25:00",
            "12/01/2026",
            "tomorrow 25:99",
        ] {
            let err = parse_when(bad, now()).unwrap_err().to_string();
            assert!(err.contains("Accepted forms"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration_min("30").unwrap(), 30);
        assert_eq!(parse_duration_min("30m").unwrap(), 30);
        assert_eq!(parse_duration_min("1h").unwrap(), 60);
        assert_eq!(parse_duration_min("1h30m").unwrap(), 90);
        assert_eq!(parse_duration_min("1.5h").unwrap(), 90);
        for bad in [
            "",
            "abc",
            "1x",
            "h",
            "-5",
            "1.25h",
            "99999999.5h",
            "99999999h",
        ] {
            assert!(parse_duration_min(bad).is_err(), "{bad}");
        }
    }
}
