//! Conversions between SQLite values and domain values.

use crate::store::db::{DbError, FromValue, OwnedValue, ToValue, Value, ValueRef};
use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::currency::Currency;
use crate::domain::*;

pub fn ts(at: DateTime<Utc>) -> i64 {
    at.timestamp()
}

pub fn from_ts(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

pub fn opt_ts(secs: Option<i64>) -> Option<DateTime<Utc>> {
    secs.map(from_ts)
}

pub fn day_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn parse_day(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

/// Splits a `group_concat(x, char(31))` column.
pub fn split_list(s: Option<String>) -> Vec<String> {
    match s {
        Some(s) if !s.is_empty() => s.split('\u{1f}').map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

fn bad(what: &str, v: &str) -> DbError {
    DbError::decode(format!("unexpected {what} {v:?} in the database"))
}

macro_rules! sql_text_enum {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Text(self.as_str().into())
            }
        }
        impl FromValue for $t {
            fn from_value(v: ValueRef<'_>) -> Result<Self, DbError> {
                let s = v.as_str()?;
                <$t>::parse(s).map_err(|_| bad(stringify!($t), s))
            }
        }
    )*};
}
sql_text_enum!(
    Lifecycle,
    InteractionKind,
    Direction,
    DealStatus,
    CompanySize
);

impl ToValue for Currency {
    fn to_value(&self) -> Value<'_> {
        Value::Text(self.code().into())
    }
}
impl FromValue for Currency {
    fn from_value(v: ValueRef<'_>) -> Result<Self, DbError> {
        let s = v.as_str()?;
        Currency::parse(s).map_err(|_| bad("currency", s))
    }
}

macro_rules! sql_id {
    ($($t:ident),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Integer(self.0)
            }
        }
        impl FromValue for $t {
            fn from_value(v: ValueRef<'_>) -> Result<Self, DbError> {
                Ok($t(v.as_i64()?))
            }
        }
    )*};
}
sql_id!(ContactId, CompanyId, DealId, InteractionId, TaskId, StageId);

/// SQL built from fixed fragments with bound values: each `?` in a fragment becomes the
/// next numbered parameter. User text is only ever a bound value, never part of the SQL.
pub struct Query {
    pub sql: String,
    args: Vec<OwnedValue>,
}

impl Query {
    pub fn new(sql: impl Into<String>) -> Query {
        Query {
            sql: sql.into(),
            args: Vec::new(),
        }
    }

    /// Appends a fragment without values.
    pub fn push(&mut self, fragment: &str) {
        self.sql.push_str(fragment);
    }

    /// Appends a fragment holding one `?`, bound to `value`.
    pub fn bind(&mut self, fragment: &str, value: impl ToValue) {
        self.args.push(value.to_value().into_owned());
        self.sql
            .push_str(&fragment.replacen('?', &format!("?{}", self.args.len()), 1));
    }

    /// How many values are bound so far.
    pub fn arg_count(&self) -> usize {
        self.args.len()
    }

    /// Appends a fragment whose `?N` placeholders already count on from `arg_count`.
    pub fn push_bound(&mut self, fragment: &str, values: Vec<OwnedValue>) {
        self.sql.push_str(fragment);
        self.args.extend(values);
    }

    pub fn params(&self) -> &[OwnedValue] {
        &self.args
    }
}
