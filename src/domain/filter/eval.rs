//! The evaluator: the tree on plain facts, in pure Rust. It is the reference a SQL
//! compilation of the same tree must agree with, so every rule lives in one place here.

use chrono::{DateTime, NaiveDate, Utc};

use super::facts::{ContactFacts, DealFacts, MonthDay};
use super::fields::{ContactField, DealField, FieldRef};
use super::tree::{Amount, Cmp, Cond, Expr, Test, Text, Value};
use super::Clock;
use crate::domain::currency::Currency;
use crate::domain::money::Money;
use crate::domain::recurrence::{Every, Unit};
use crate::domain::text::{fold, name_matches};
use crate::domain::{CompanySize, DealStatus, Lifecycle};

pub fn contact(e: &Expr, c: &ContactFacts, clock: &Clock) -> bool {
    walk(e, &|cond| contact_cond(cond, c, clock), &|t| {
        name_matches(&t.folded, &fold(&c.name))
    })
}

pub fn deal(e: &Expr, d: &DealFacts, clock: &Clock) -> bool {
    walk(e, &|cond| deal_cond(cond, d, clock), &|t| {
        name_matches(&t.folded, &fold(&d.title))
    })
}

fn walk(e: &Expr, cond: &dyn Fn(&Cond) -> bool, name: &dyn Fn(&Text) -> bool) -> bool {
    match e {
        Expr::And(items) => items.iter().all(|i| walk(i, cond, name)),
        Expr::Or(items) => items.iter().any(|i| walk(i, cond, name)),
        Expr::Not(inner) => !walk(inner, cond, name),
        Expr::Cond(c) => cond(c),
        Expr::Name(t) => name(t),
    }
}

/// A field's value on one record, ready to be tested.
enum Got<'a> {
    /// No value at all (a deal without a contact, a company field without a company).
    Missing,
    Text(Option<&'a str>),
    Texts(&'a [String]),
    Lifecycle(Lifecycle),
    Status(DealStatus),
    Size(Option<CompanySize>),
    Currency(Currency),
    Number(Option<i64>),
    /// Amounts by currency; `zero_if_none`: a currency without an amount counts 0 (a
    /// contact's totals) rather than missing (a deal's one value).
    Money {
        values: &'a [Money],
        zero_if_none: bool,
    },
    /// A local day, and whether a duration is measured back from today (an age) or
    /// forward (time left).
    Day {
        day: Option<NaiveDate>,
        past: bool,
    },
    Interval(Option<Every>),
    Birthday(Option<MonthDay>),
}

fn contact_cond(cond: &Cond, c: &ContactFacts, clock: &Clock) -> bool {
    match &cond.field {
        FieldRef::Contact(f) => test(&contact_field(f, c, clock), &cond.test, clock),
        FieldRef::Deal(_) => false,
    }
}

fn contact_field<'a>(f: &'a ContactField, c: &'a ContactFacts, clock: &Clock) -> Got<'a> {
    let day = |at: Option<DateTime<Utc>>| Got::Day {
        day: at.map(|a| clock.day_of(a)),
        past: true,
    };
    match f {
        ContactField::Name => Got::Text(Some(&c.name)),
        ContactField::Email => Got::Texts(&c.emails),
        ContactField::Company => Got::Text(c.company.as_deref()),
        ContactField::Title => Got::Text(c.title.as_deref()),
        ContactField::Lifecycle => Got::Lifecycle(c.lifecycle),
        ContactField::Source => Got::Text(c.source.as_deref()),
        ContactField::Tag => Got::Texts(&c.tags),
        ContactField::Created => day(Some(c.created_at)),
        ContactField::LastContact => day(c.last_contact_at),
        ContactField::Idle => day(Some(c.last_contact_at.unwrap_or(c.created_at))),
        ContactField::Score => Got::Number(c.score),
        ContactField::Cadence => Got::Interval(c.cadence),
        ContactField::Birthday => Got::Birthday(c.birthday),
        ContactField::Custom(key) => Got::Text(
            c.fields
                .iter()
                .find(|(k, _)| k.to_lowercase() == key.to_lowercase())
                .map(|(_, v)| v.as_str()),
        ),
        ContactField::CompanySize => Got::Size(c.company_size),
        ContactField::CompanyIndustry => Got::Text(c.company_industry.as_deref()),
        ContactField::DealsOpen => Got::Number(Some(c.deals_open)),
        ContactField::DealsOpenValue => Got::Money {
            values: &c.deals_open_value,
            zero_if_none: true,
        },
        ContactField::DealsWon => Got::Number(Some(c.deals_won)),
        ContactField::DealsWonValue => Got::Money {
            values: &c.deals_won_value,
            zero_if_none: true,
        },
        ContactField::CasesOpen => Got::Number(Some(c.cases_open)),
    }
}

fn deal_cond(cond: &Cond, d: &DealFacts, clock: &Clock) -> bool {
    let FieldRef::Deal(f) = &cond.field else {
        return false;
    };
    let got = match f {
        DealField::Title => Got::Text(Some(&d.title)),
        DealField::Stage => Got::Text(Some(&d.stage)),
        DealField::Status => Got::Status(d.status),
        DealField::Value => Got::Money {
            values: std::slice::from_ref(&d.value),
            zero_if_none: false,
        },
        DealField::Currency => Got::Currency(d.value.currency),
        DealField::Probability => Got::Number(Some(d.probability.into())),
        DealField::Close => Got::Day {
            day: d.close,
            past: false,
        },
        DealField::Created => Got::Day {
            day: Some(clock.day_of(d.created_at)),
            past: true,
        },
        DealField::Owner => Got::Text(d.owner.as_deref()),
        DealField::CompanyName => Got::Text(d.company.as_deref()),
        DealField::CompanySize => Got::Size(d.company_size),
        DealField::CompanyIndustry => Got::Text(d.company_industry.as_deref()),
        DealField::Contact(cf) => match &d.contact {
            Some(c) => contact_field(cf, c, clock),
            None => Got::Missing,
        },
    };
    test(&got, &cond.test, clock)
}

fn test(got: &Got<'_>, t: &Test, clock: &Clock) -> bool {
    match t {
        // `!=` is the negation of `=`, so a missing value passes it.
        Test::Cmp(Cmp::Ne, v) => !compare(got, Cmp::Eq, v, clock),
        Test::Cmp(cmp, v) => compare(got, *cmp, v, clock),
        Test::In(values) => values.iter().any(|v| compare(got, Cmp::Eq, v, clock)),
        Test::Contains(needle) => {
            let has = |s: &str| fold(s).contains(&needle.folded);
            match got {
                Got::Text(Some(s)) => has(s),
                Got::Texts(list) => list.iter().any(|s| has(s)),
                _ => false,
            }
        }
    }
}

/// `got cmp v`, for every `cmp` but `!=`.
fn compare(got: &Got<'_>, cmp: Cmp, v: &Value, clock: &Clock) -> bool {
    let today = clock.today();
    match (got, v) {
        (Got::Text(Some(s)), Value::Text(t)) => cmp.holds(fold(s.trim()).as_str(), &t.folded),
        (Got::Texts(list), Value::Text(t)) => list
            .iter()
            .any(|s| cmp.holds(fold(s.trim()).as_str(), &t.folded)),
        (Got::Lifecycle(l), Value::Lifecycle(x)) => cmp == Cmp::Eq && l == x,
        (Got::Status(s), Value::Status(x)) => cmp == Cmp::Eq && s == x,
        (Got::Size(Some(s)), Value::Size(x)) => cmp == Cmp::Eq && s == x,
        (Got::Currency(c), Value::Currency(x)) => cmp == Cmp::Eq && c == x,
        (Got::Number(Some(n)), Value::Number(x)) => cmp.holds(n, x),
        (
            Got::Money {
                values,
                zero_if_none,
            },
            Value::Amount(a),
        ) => money(values, *zero_if_none, cmp, a),
        (Got::Day { day: Some(day), .. }, Value::Day(dv)) => {
            dv.resolve(today).is_some_and(|d| cmp.holds(*day, d))
        }
        (Got::Day { day: Some(day), .. }, Value::Period(p)) => {
            let Some(span) = p.resolve(today) else {
                return false;
            };
            match cmp {
                Cmp::Eq => span.start <= *day && *day < span.end,
                Cmp::Lt => *day < span.start,
                Cmp::Le => *day < span.end,
                // The end of a current period lies ahead: `>` means "since it began".
                Cmp::Gt | Cmp::Ge => *day >= span.start,
                Cmp::Ne => !(span.start <= *day && *day < span.end),
            }
        }
        (
            Got::Day {
                day: Some(day),
                past,
            },
            Value::Duration(d),
        ) => {
            if *past {
                // An age: older than `d` means before the day `d` ago.
                d.before(today).is_some_and(|t| flip(cmp).holds(*day, t))
            } else {
                // Time left: within `d` means before the day `d` ahead.
                d.after(today).is_some_and(|t| cmp.holds(*day, t))
            }
        }
        (Got::Interval(Some(every)), Value::Duration(d)) => {
            cmp.holds(interval_days(*every), d.approx_days())
        }
        (Got::Birthday(Some(md)), Value::Duration(d)) => {
            match (md.next_after(today), d.after(today)) {
                (Some(next), Some(t)) => cmp.holds(next, t),
                _ => false,
            }
        }
        (Got::Birthday(Some(md)), Value::Day(dv)) => {
            let Some(day) = dv.resolve(today) else {
                return false;
            };
            cmp == Cmp::Eq && md.in_year(chrono::Datelike::year(&day)) == Some(day)
        }
        (Got::Birthday(Some(md)), Value::Period(p)) => {
            let Some(span) = p.resolve(today) else {
                return false;
            };
            let (from, to) = (
                chrono::Datelike::year(&span.start),
                chrono::Datelike::year(&span.end),
            );
            cmp == Cmp::Eq
                && (from..=to)
                    .filter_map(|y| md.in_year(y))
                    .any(|d| span.start <= d && d < span.end)
        }
        _ => false,
    }
}

/// The comparison that holds for the day when the age holds for the duration: an age
/// above `d` is a day before the threshold.
fn flip(cmp: Cmp) -> Cmp {
    match cmp {
        Cmp::Lt => Cmp::Gt,
        Cmp::Le => Cmp::Ge,
        Cmp::Gt => Cmp::Lt,
        Cmp::Ge => Cmp::Le,
        other => other,
    }
}

fn interval_days(e: Every) -> i64 {
    let per = match e.unit {
        Unit::Day => 1,
        Unit::Week => 7,
        Unit::Month => 30,
        Unit::Year => 365,
    };
    i64::from(e.count) * per
}

fn money(values: &[Money], zero_if_none: bool, cmp: Cmp, a: &Amount) -> bool {
    let holds = |minor: i64, exponent: u8| {
        let ord = a.compare_minor(minor, exponent);
        cmp.holds(ord, std::cmp::Ordering::Equal)
    };
    match a.currency {
        Some(cur) => match values.iter().find(|m| m.currency == cur) {
            Some(m) => holds(m.minor, cur.exponent()),
            None => zero_if_none && holds(0, cur.exponent()),
        },
        None if values.is_empty() => zero_if_none && holds(0, 0),
        None => values.iter().any(|m| holds(m.minor, m.currency.exponent())),
    }
}
