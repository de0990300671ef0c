//! Reading the value after an operator, typed by the field it is compared with.

use chrono::NaiveDate;

use super::fields::{FieldRef, Kind};
use super::lexer::{Tok, Token};
use super::parser::{is_keyword, kind_words, Parser};
use super::tree::{Amount, Cmp, DayValue, Duration, DurationUnit, PeriodSpec, Text, Value};
use super::FilterError;
use crate::domain::currency::Currency;
use crate::domain::period;
use crate::domain::{CompanySize, DealStatus, Lifecycle};

const DATE_FORMS: &str =
    "a date (2026-01-01, today, yesterday, tomorrow), a period (this quarter, last month, next week, q4, 2026-q4, 2026-11, 2026) or a duration (30d, 2w, 3m, 1y)";
const DURATION_FORMS: &str = "a duration such as 30d, 2w, 3m or 1y";

impl Parser {
    pub(super) fn value(
        &mut self,
        field: &FieldRef,
        kind: Kind,
        cmp: Cmp,
    ) -> Result<Value, FilterError> {
        let col = self.col();
        let text = match self.next() {
            Some(Token {
                tok: Tok::Word(w), ..
            }) if !is_keyword(&w) => w,
            Some(Token { tok: Tok::Str(s), .. }) => s,
            Some(Token {
                tok: Tok::Word(w), ..
            }) => {
                return Err(FilterError::new(
                    col,
                    format!(
                        "expected a value for {field}, found the keyword {:?} (quote it to mean the text).",
                        w.to_lowercase()
                    ),
                ))
            }
            _ => {
                return Err(FilterError::new(
                    col,
                    format!("expected a value for {field} ({}).", kind_words(kind)),
                ))
            }
        };
        let bad = |why: String| FilterError::new(col, why);
        let invalid = |e: crate::domain::Error| FilterError::new(col, e.to_string());
        match kind {
            Kind::Text | Kind::Texts => Ok(Value::Text(Text::new(&text))),
            Kind::Lifecycle => Lifecycle::parse(&text)
                .map(Value::Lifecycle)
                .map_err(invalid),
            Kind::Status => DealStatus::parse(&text).map(Value::Status).map_err(invalid),
            Kind::Size => CompanySize::parse_any(&text)
                .map(Value::Size)
                .map_err(invalid),
            Kind::Currency => Currency::parse(&text).map(Value::Currency).map_err(invalid),
            Kind::Number => number(&text)
                .map(Value::Number)
                .ok_or_else(|| bad(format!("{field} takes a whole number, not {text:?}."))),
            Kind::Money => self.amount(&text, col, field).map(Value::Amount),
            Kind::Idle | Kind::Interval => duration(&text)
                .map(Value::Duration)
                .ok_or_else(|| bad(format!("{field} takes {DURATION_FORMS}, not {text:?}."))),
            Kind::Moment | Kind::Day | Kind::Birthday => {
                let text = self.period_words(text);
                let value = date_like(&text).ok_or_else(|| {
                    bad(format!(
                        "cannot read {text:?} as a date for {field}; write {DATE_FORMS}."
                    ))
                })?;
                if kind == Kind::Birthday
                    && !cmp.is_equality()
                    && !matches!(value, Value::Duration(_))
                {
                    return Err(bad(
                        "a birthday is compared with a date or period by = or != only; for <, >… give a duration until it (birthday < 14d)."
                            .to_string(),
                    ));
                }
                Ok(value)
            }
        }
    }

    /// `this`/`last`/`next` take the unit word after them (`this quarter`).
    fn period_words(&mut self, first: String) -> String {
        let lower = first.to_lowercase();
        if !matches!(lower.as_str(), "this" | "last" | "next") {
            return first;
        }
        match self.peek() {
            Some(Token {
                tok: Tok::Word(w), ..
            }) if period::unit_of(&w.to_lowercase()).is_some() => {
                let w = w.clone();
                self.next();
                format!("{first} {w}")
            }
            _ => first,
        }
    }

    /// `5000`, `12.50`, `5000 EUR`, `EUR 5000`.
    fn amount(&mut self, first: &str, col: usize, field: &FieldRef) -> Result<Amount, FilterError> {
        let bad = |why: String| FilterError::new(col, why);
        let (number_text, currency_text) = if first.chars().all(|c| c.is_ascii_alphabetic()) {
            match self.next() {
                Some(Token {
                    tok: Tok::Word(w), ..
                }) => (w, Some((first.to_string(), col))),
                _ => {
                    return Err(bad(format!(
                        "{field} takes an amount such as 5000, 12.50 or 5000 EUR, not {first:?}."
                    )))
                }
            }
        } else {
            let next_currency = match self.peek() {
                Some(Token {
                    tok: Tok::Word(w),
                    col,
                    ..
                }) if !is_keyword(w) => Some((w.clone(), *col)),
                _ => None,
            };
            if next_currency.is_some() {
                self.next();
            }
            (first.to_string(), next_currency)
        };
        let (mantissa, scale) = decimal(&number_text).ok_or_else(|| {
            bad(format!(
                "{field} takes an amount such as 5000, 12.50 or 5000 EUR, not {number_text:?}."
            ))
        })?;
        let currency = match currency_text {
            None => None,
            Some((code, ccol)) => {
                Some(Currency::parse(&code).map_err(|e| FilterError::new(ccol, e.to_string()))?)
            }
        };
        if let Some(c) = currency {
            if scale > c.exponent() {
                return Err(bad(format!(
                    "{number_text} has more decimals than {c}, which has {}.",
                    c.exponent()
                )));
            }
        }
        Ok(Amount {
            mantissa,
            scale,
            currency,
        })
    }
}

/// A whole number; `50%` is 50 (for probabilities).
fn number(text: &str) -> Option<i64> {
    let t = text.trim().strip_suffix('%').unwrap_or(text.trim());
    let digits = t.strip_prefix('-').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// `12.50` as (125, 1): exact, trailing zeros of the fraction dropped. `_` groups digits.
fn decimal(text: &str) -> Option<(i64, u8)> {
    let t = text.replace('_', "");
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, f.trim_end_matches('0')),
        None => (t.as_str(), ""),
    };
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits_only(whole) || !digits_only(frac) || frac.len() > 6 {
        return None;
    }
    let mantissa: i64 = format!("{whole}{frac}").parse().ok()?;
    // Well inside the range where scaling by a currency's exponent stays exact.
    (mantissa < 1 << 52).then_some((mantissa, frac.len() as u8))
}

/// `30d`, `2w`, `3m`, `1y` (or the unit spelt out: `30 days` must be one word, `30days`).
pub(super) fn duration(text: &str) -> Option<Duration> {
    let t = text.trim().to_lowercase();
    let split = t.find(|c: char| !c.is_ascii_digit())?;
    let (digits, unit) = t.split_at(split);
    if digits.is_empty() || digits.len() > 5 {
        return None;
    }
    let unit = match unit {
        "d" | "day" | "days" => DurationUnit::Day,
        "w" | "week" | "weeks" => DurationUnit::Week,
        "m" | "month" | "months" => DurationUnit::Month,
        "y" | "year" | "years" => DurationUnit::Year,
        _ => return None,
    };
    Some(Duration {
        count: digits.parse().ok()?,
        unit,
    })
}

/// A day, a period or a duration.
fn date_like(text: &str) -> Option<Value> {
    let t = text.trim().to_lowercase();
    match t.as_str() {
        "today" => return Some(Value::Day(DayValue::FromToday(0))),
        "yesterday" => return Some(Value::Day(DayValue::FromToday(-1))),
        "tomorrow" => return Some(Value::Day(DayValue::FromToday(1))),
        _ => {}
    }
    if let Some(d) = duration(&t) {
        return Some(Value::Duration(d));
    }
    if t.len() == 10 && t.as_bytes()[4] == b'-' {
        let d = NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()?;
        return (1900..=9999)
            .contains(&chrono::Datelike::year(&d))
            .then_some(Value::Day(DayValue::Date(d)));
    }
    period_spec(&t).map(Value::Period)
}

fn period_spec(t: &str) -> Option<PeriodSpec> {
    let words: Vec<&str> = t.split_whitespace().collect();
    let year = |y: &str| -> Option<i32> {
        let ok = y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| y.parse().ok())?
            .filter(|y| (1900..=9999).contains(y))
    };
    let quarter = |q: &str| -> Option<u8> {
        let n: u8 = q.strip_prefix('q')?.parse().ok()?;
        (1..=4).contains(&n).then_some(n)
    };
    match words.as_slice() {
        [shift, unit] => {
            let shift = match *shift {
                "last" => -1,
                "this" => 0,
                "next" => 1,
                _ => return None,
            };
            Some(PeriodSpec::Relative {
                shift,
                unit: period::unit_of(unit)?,
            })
        }
        [one] => {
            if let Some(q) = quarter(one) {
                return Some(PeriodSpec::Quarter {
                    year: None,
                    quarter: q,
                });
            }
            match one.split_once('-') {
                None => year(one).map(PeriodSpec::Year),
                Some((y, rest)) => {
                    let y = year(y)?;
                    if let Some(q) = quarter(rest) {
                        return Some(PeriodSpec::Quarter {
                            year: Some(y),
                            quarter: q,
                        });
                    }
                    let ok = rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_digit());
                    let month: u8 = ok.then(|| rest.parse().ok())??;
                    (1..=12)
                        .contains(&month)
                        .then_some(PeriodSpec::Month { year: y, month })
                }
            }
        }
        _ => None,
    }
}
