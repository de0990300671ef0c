//! Interactions per kind per ISO week, and the most contacted people.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};

use super::Period;
use crate::domain::{ContactId, InteractionKind, Result};
use crate::store::Reader;

#[derive(Debug, Clone, PartialEq)]
pub struct WeekKind {
    /// ISO week, `YYYY-Www`.
    pub week: String,
    pub kind: InteractionKind,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Activity {
    pub weeks: Vec<WeekKind>,
    pub top_contacts: Vec<(ContactId, String, i64)>,
    pub total: i64,
}

pub fn iso_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// `local` gives the wall-clock time of an instant where the user is.
pub fn activity(
    r: Reader<'_>,
    period: Period,
    local: &dyn Fn(DateTime<Utc>) -> NaiveDateTime,
    top: usize,
) -> Result<Activity> {
    let mut per: BTreeMap<(String, &'static str), (InteractionKind, i64)> = BTreeMap::new();
    let mut total = 0;
    // The zone's offset only changes on the hour: look it up once per hour.
    let mut offsets: std::collections::HashMap<i64, chrono::Duration> =
        std::collections::HashMap::new();
    for (start, kind, n) in r.activity_by_quarter_hour(period)? {
        let Some(at) = DateTime::from_timestamp(start, 0) else {
            continue;
        };
        let offset = *offsets
            .entry(start.div_euclid(3600))
            .or_insert_with(|| local(at) - at.naive_utc());
        let day = (at.naive_utc() + offset).date();
        let e = per
            .entry((iso_week(day), kind.as_str()))
            .or_insert((kind, 0));
        e.1 += n;
        total += n;
    }
    let weeks = per
        .into_iter()
        .map(|((week, _), (kind, count))| WeekKind { week, kind, count })
        .collect();
    Ok(Activity {
        weeks,
        top_contacts: r.top_contacts(period, top)?,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::InteractionKind;
    use crate::input::log::LogText;
    use crate::ops::contacts::{add, ContactChanges};
    use crate::ops::interactions::log;
    use crate::ops::testing::{now, store};

    #[test]
    fn days_follow_the_zone_across_a_daylight_saving_change() {
        let s = store();
        add(
            &s,
            &now(),
            ContactChanges {
                name: Some("Ada".into()),
                ..Default::default()
            },
        )
        .unwrap();
        for at in ["2026-03-28T23:30:00Z", "2026-03-29T22:30:00Z"] {
            let mut i = LogText::new(InteractionKind::Call, "ada", "call");
            i.at = Some(at.into());
            log(&s, &now(), i.typed(s.read(), &now()).unwrap()).unwrap();
        }
        // A zone one hour ahead of UTC that moves to two hours at 01:00 UTC on 29 March.
        let change = DateTime::parse_from_rfc3339("2026-03-29T01:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let zone = |t: DateTime<Utc>| {
            t.naive_utc() + chrono::Duration::hours(if t < change { 1 } else { 2 })
        };
        let a = activity(s.read(), Period::default(), &zone, 5).unwrap();
        let weeks: Vec<(&str, i64)> = a.weeks.iter().map(|w| (w.week.as_str(), w.count)).collect();
        // Sunday 00:30 local is still week 13; the next day's 00:30 (Monday, after the change) is week 14.
        assert_eq!(weeks, [("2026-W13", 1), ("2026-W14", 1)]);
    }
}
