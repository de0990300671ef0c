//! The typed tree a filter expression parses into. Every value is already typed (a
//! lifecycle, an amount, a period), so the evaluator and a SQL compiler never read text
//! again; text values keep what was typed and its folded form.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::fields::FieldRef;
use crate::domain::currency::Currency;
use crate::domain::period::{self, Span};
use crate::domain::text::fold;
use crate::domain::{CompanySize, DealStatus, Lifecycle};

/// A whole expression. `And`/`Or` hold two or more items: a chain `a and b and c` is one
/// node, a parenthesised group inside it stays a node of its own.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Cond(Cond),
    /// A bare word or quoted string: every word of it begins a word of the name (a deal's
    /// title), as REF matching does.
    Name(Text),
}

/// `field op value`, `field in (a, b)` or `field ~ text`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cond {
    pub field: FieldRef,
    pub test: Test,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Cmp(Cmp, Value),
    /// Any of the values, compared with `=`.
    In(Vec<Value>),
    /// Contains the text, folded like search (case and accents ignored).
    Contains(Text),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    pub fn as_str(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Ne => "!=",
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
        }
    }

    /// Whether `a op b` holds for two ordered values.
    pub fn holds<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            Cmp::Eq => a == b,
            Cmp::Ne => a != b,
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
        }
    }

    /// Whether this is `=`/`!=` (the only tests some fields take).
    pub fn is_equality(self) -> bool {
        matches!(self, Cmp::Eq | Cmp::Ne)
    }
}

/// Text as typed, and folded for matching (`Zoë` → `zoe`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub raw: String,
    pub folded: String,
}

impl Text {
    pub fn new(raw: &str) -> Text {
        Text {
            raw: raw.to_string(),
            folded: fold(raw.trim()),
        }
    }
}

/// A value, typed by the field it is compared with.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(Text),
    Lifecycle(Lifecycle),
    Status(DealStatus),
    Size(CompanySize),
    Currency(Currency),
    Number(i64),
    Amount(Amount),
    /// One day: a date or `today`/`yesterday`/`tomorrow`.
    Day(DayValue),
    /// A range of days: `this quarter`, `2026-q4`, `2026-11`, `2026`.
    Period(PeriodSpec),
    Duration(Duration),
}

/// A money amount in major units, kept exact: `mantissa / 10^scale` (`12.5` is 125, 1).
/// Without a currency it is read in each deal's own currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    pub mantissa: i64,
    pub scale: u8,
    pub currency: Option<Currency>,
}

impl Amount {
    /// `minor` units of a currency with `exponent` decimals, compared with this amount,
    /// exactly (both sides scaled to integers).
    pub fn compare_minor(&self, minor: i64, exponent: u8) -> std::cmp::Ordering {
        // Saturating only matters for hand-built amounts: parsed ones have at most 6 decimals.
        let left = (minor as i128).saturating_mul(10i128.saturating_pow(self.scale.into()));
        let right = (self.mantissa as i128).saturating_mul(10i128.saturating_pow(exponent.into()));
        left.cmp(&right)
    }
}

/// A day named absolutely or relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayValue {
    Date(NaiveDate),
    /// Days from today: `today` 0, `yesterday` -1, `tomorrow` 1.
    FromToday(i8),
}

impl DayValue {
    pub fn resolve(self, today: NaiveDate) -> Option<NaiveDate> {
        match self {
            DayValue::Date(d) => Some(d),
            DayValue::FromToday(n) => today.checked_add_signed(chrono::Duration::days(n.into())),
        }
    }
}

/// A period as written, resolved against today when evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodSpec {
    /// `last` (-1), `this` (0) or `next` (1) week, month, quarter or year.
    Relative {
        shift: i8,
        unit: period::Unit,
    },
    /// `q1`..`q4`: of this year when `year` is `None`.
    Quarter {
        year: Option<i32>,
        quarter: u8,
    },
    Month {
        year: i32,
        month: u8,
    },
    Year(i32),
}

impl PeriodSpec {
    /// The local days it covers, `[start, end)`.
    pub fn resolve(self, today: NaiveDate) -> Option<Span> {
        match self {
            PeriodSpec::Relative { shift, unit } => {
                let this = period::span_of(unit, today)?;
                match shift {
                    0 => Some(this),
                    s if s < 0 => period::span_of(unit, this.start.pred_opt()?),
                    _ => period::span_of(unit, this.end),
                }
            }
            PeriodSpec::Quarter { year, quarter } => {
                let y = year.unwrap_or(today.year());
                let first =
                    NaiveDate::from_ymd_opt(y, (u32::from(quarter) * 3).checked_sub(2)?, 1)?;
                period::span_of(period::Unit::Quarter, first)
            }
            PeriodSpec::Month { year, month } => period::span_of(
                period::Unit::Month,
                NaiveDate::from_ymd_opt(year, month.into(), 1)?,
            ),
            PeriodSpec::Year(y) => {
                period::span_of(period::Unit::Year, NaiveDate::from_ymd_opt(y, 1, 1)?)
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    Day,
    Week,
    Month,
    Year,
}

/// A length of time: `30d`, `2w`, `3m`, `1y`. Months and years are calendar ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    pub count: u32,
    pub unit: DurationUnit,
}

impl Duration {
    /// The day this long before `day` (months clamp to the month's end).
    pub fn before(self, day: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            DurationUnit::Day => day.checked_sub_days(Days::new(self.count.into())),
            DurationUnit::Week => day.checked_sub_days(Days::new(u64::from(self.count) * 7)),
            DurationUnit::Month => day.checked_sub_months(Months::new(self.count)),
            DurationUnit::Year => day.checked_sub_months(Months::new(self.count.checked_mul(12)?)),
        }
    }

    /// The day this long after `day`.
    pub fn after(self, day: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            DurationUnit::Day => day.checked_add_days(Days::new(self.count.into())),
            DurationUnit::Week => day.checked_add_days(Days::new(u64::from(self.count) * 7)),
            DurationUnit::Month => day.checked_add_months(Months::new(self.count)),
            DurationUnit::Year => day.checked_add_months(Months::new(self.count.checked_mul(12)?)),
        }
    }

    /// An approximate length in days (a month 30, a year 365), for comparing intervals
    /// such as cadences that have no fixed start.
    pub fn approx_days(self) -> i64 {
        let per = match self.unit {
            DurationUnit::Day => 1,
            DurationUnit::Week => 7,
            DurationUnit::Month => 30,
            DurationUnit::Year => 365,
        };
        i64::from(self.count) * per
    }

    pub fn letter(self) -> char {
        match self.unit {
            DurationUnit::Day => 'd',
            DurationUnit::Week => 'w',
            DurationUnit::Month => 'm',
            DurationUnit::Year => 'y',
        }
    }
}
