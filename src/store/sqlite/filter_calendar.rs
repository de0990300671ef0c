//! Cadence and birthday tests of a compiled filter, decided by the evaluator in Rust and
//! bound as the stored texts that pass.
//!
//! Such a test needs interval and calendar arithmetic (a birthday's next day in the
//! viewer's time zone, a cadence's length), and it depends on nothing but the one text:
//! a cadence is one of `Every`'s forms (`day`, `2w`, … up to its largest count, as every
//! writer stores it) and a birthday counts only by its month-day, the last five
//! characters of `1990-03-14` or `--03-14`. So the evaluator is asked about every cadence
//! and each of the 366 month-days once per query, and the SQL compares the column with the
//! ones that pass, which reads the same on SQLite and PostgreSQL (where no Rust function
//! runs in the server).

use crate::domain::birthday::Birthday;
use crate::domain::filter::{parse, Clock, Cond, ContactFacts, ContactField, FieldRef, Target};
use crate::domain::recurrence::{Every, Unit};

/// The SQL for `cond` (a cadence or birthday test) on the contact row `alias`: true when
/// the stored text is one the evaluator passes, false when it does not or is missing.
/// `arg` binds a value and gives its placeholder.
pub(super) fn cond_sql(
    cond: &Cond,
    alias: &str,
    clock: &Clock,
    arg: impl FnOnce(String) -> String,
) -> String {
    let (column, key) = match cond.field {
        FieldRef::Contact(ContactField::Birthday) => (
            format!("{alias}.birthday"),
            format!("substr({alias}.birthday, length({alias}.birthday) - 4)"),
        ),
        _ => (format!("{alias}.cadence"), format!("{alias}.cadence")),
    };
    let passing = serde_json::to_string(&passing(cond, clock)).unwrap_or_else(|_| "[]".into());
    let list = arg(passing);
    format!("({column} IS NOT NULL AND {key} IN (SELECT value FROM json_each({list})))")
}

/// The stored texts (cadences, or a birthday's `MM-DD`) that pass `cond`.
fn passing(cond: &Cond, clock: &Clock) -> Vec<String> {
    // Read back from its canonical text, as the SQLite function `crm_contact_cond` does.
    let Ok(filter) = parse(&cond.to_string(), Target::Contact) else {
        return Vec::new();
    };
    let passes = |facts: ContactFacts| filter.matches_contact(&facts, clock);
    match cond.field {
        FieldRef::Contact(ContactField::Birthday) => month_days()
            .filter(|b| passes(ContactFacts::with_calendar(None, Some(*b))))
            .map(|b| format!("{:02}-{:02}", b.month, b.day))
            .collect(),
        _ => cadences()
            .iter()
            .filter(|(e, _)| passes(ContactFacts::with_calendar(Some(*e), None)))
            .map(|(_, text)| text.clone())
            .collect(),
    }
}

/// Every day of a leap year, as a birthday without a year.
fn month_days() -> impl Iterator<Item = Birthday> {
    (1..=12u32).flat_map(|month| {
        (1..=31u32)
            .map(move |day| Birthday {
                year: None,
                month,
                day,
            })
            .filter(|b| chrono::NaiveDate::from_ymd_opt(2000, b.month, b.day).is_some())
    })
}

/// Every interval a cadence can be, with the text it is stored as (its `Display`): each
/// unit from one up to the largest count `Every::parse` accepts. Listed once.
fn cadences() -> &'static [(Every, String)] {
    static ALL: std::sync::OnceLock<Vec<(Every, String)>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        [Unit::Day, Unit::Week, Unit::Month, Unit::Year]
            .into_iter()
            .flat_map(|unit| {
                (1u32..)
                    .map(move |count| {
                        let e = Every { count, unit };
                        (e, e.to_string())
                    })
                    .take_while(|(e, text)| Every::parse(text).is_ok_and(|p| p == *e))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::filter::{Expr, Filter};

    fn clock() -> Clock {
        Clock {
            now: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            offset: chrono::FixedOffset::east_opt(3600).unwrap(),
        }
    }

    fn cond_of(text: &str) -> Cond {
        let f: Filter = parse(text, Target::Contact).unwrap();
        match f.expr() {
            Expr::Cond(c) => c.clone(),
            other => panic!("not one condition: {other:?}"),
        }
    }

    #[test]
    fn every_month_day_and_cadence_is_asked() {
        assert_eq!(month_days().count(), 366);
        let all = cadences();
        assert_eq!(all.len(), 4 * 1000);
        assert_eq!(all[0].1, "day");
        assert_eq!(all[1].1, "2d");
    }

    #[test]
    fn short_cadences_pass_a_short_bound() {
        let got = passing(&cond_of("cadence < 2w"), &clock());
        assert!(got.contains(&"week".to_string()) && got.contains(&"13d".to_string()));
        assert!(!got.contains(&"14d".to_string()) && !got.contains(&"month".to_string()));
    }

    #[test]
    fn a_birthday_today_is_one_month_day() {
        // 2023-11-14 22:13 UTC is the 14th at UTC+1.
        assert_eq!(passing(&cond_of("birthday = today"), &clock()), ["11-14"]);
        let sql = cond_sql(&cond_of("birthday = today"), "c", &clock(), |_| "?3".into());
        assert_eq!(
            sql,
            "(c.birthday IS NOT NULL AND substr(c.birthday, length(c.birthday) - 4) IN (SELECT value FROM json_each(?3)))"
        );
    }
}
