//! Values crossing the connection in either direction, whichever backend is in use.
//!
//! The entity files bind parameters with [`params!`](crate::db_params) or arrays of
//! [`ToValue`] and read columns with `row.get(i)` into [`FromValue`] types, as they did
//! with rusqlite; the backend converts a [`Value`] to and from its own wire types.

use std::borrow::Cow;

use super::DbError;

/// One SQL value: SQLite's five storage classes, which PostgreSQL's columns map onto.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(Cow<'a, str>),
    Blob(Cow<'a, [u8]>),
}

/// An owned [`Value`], for values kept past the row they came from.
pub type OwnedValue = Value<'static>;

impl Value<'_> {
    pub fn into_owned(self) -> OwnedValue {
        match self {
            Value::Null => Value::Null,
            Value::Integer(i) => Value::Integer(i),
            Value::Real(f) => Value::Real(f),
            Value::Text(t) => Value::Text(Cow::Owned(t.into_owned())),
            Value::Blob(b) => Value::Blob(Cow::Owned(b.into_owned())),
        }
    }

    pub fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Value::Null => ValueRef::Null,
            Value::Integer(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(t) => ValueRef::Text(t),
            Value::Blob(b) => ValueRef::Blob(b),
        }
    }
}

impl From<String> for OwnedValue {
    fn from(s: String) -> Self {
        Value::Text(Cow::Owned(s))
    }
}

impl From<i64> for OwnedValue {
    fn from(i: i64) -> Self {
        Value::Integer(i)
    }
}

impl From<f64> for OwnedValue {
    fn from(f: f64) -> Self {
        Value::Real(f)
    }
}

impl<T: Into<OwnedValue>> From<Option<T>> for OwnedValue {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// A column's value borrowed from its row.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

impl<'a> ValueRef<'a> {
    /// The text, or an error naming what the column held instead.
    pub fn as_str(self) -> Result<&'a str, DbError> {
        match self {
            ValueRef::Text(t) => Ok(t),
            other => Err(DbError::decode(format!("expected text, found {other:?}"))),
        }
    }

    pub fn as_i64(self) -> Result<i64, DbError> {
        match self {
            ValueRef::Integer(i) => Ok(i),
            other => Err(DbError::decode(format!(
                "expected an integer, found {other:?}"
            ))),
        }
    }

    pub fn to_owned(self) -> OwnedValue {
        match self {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(t) => Value::Text(Cow::Owned(t.to_string())),
            ValueRef::Blob(b) => Value::Blob(Cow::Owned(b.to_vec())),
        }
    }
}

/// Something that binds as one SQL parameter.
pub trait ToValue {
    fn to_value(&self) -> Value<'_>;
}

/// Something a column converts into.
pub trait FromValue: Sized {
    fn from_value(v: ValueRef<'_>) -> Result<Self, DbError>;
}

impl ToValue for Value<'_> {
    fn to_value(&self) -> Value<'_> {
        match self {
            Value::Text(t) => Value::Text(Cow::Borrowed(t)),
            Value::Blob(b) => Value::Blob(Cow::Borrowed(b)),
            Value::Null => Value::Null,
            Value::Integer(i) => Value::Integer(*i),
            Value::Real(f) => Value::Real(*f),
        }
    }
}

impl FromValue for OwnedValue {
    fn from_value(v: ValueRef<'_>) -> Result<Self, DbError> {
        Ok(v.to_owned())
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value<'_> {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: ValueRef<'_>) -> Result<Self, DbError> {
        match v {
            ValueRef::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

macro_rules! int_values {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Integer(*self as i64)
            }
        }
        impl FromValue for $t {
            fn from_value(v: ValueRef<'_>) -> Result<Self, DbError> {
                let i = v.as_i64()?;
                <$t>::try_from(i).map_err(|_| DbError::decode(format!("{i} is out of range")))
            }
        }
    )*};
}
int_values!(i64, i32, u32, u16, u8, usize);

impl ToValue for u64 {
    fn to_value(&self) -> Value<'_> {
        Value::Integer(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value<'_> {
        Value::Integer(*self as i64)
    }
}

impl FromValue for bool {
    fn from_value(v: ValueRef<'_>) -> Result<Self, DbError> {
        Ok(v.as_i64()? != 0)
    }
}

impl ToValue for f64 {
    fn to_value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}

impl FromValue for f64 {
    fn from_value(v: ValueRef<'_>) -> Result<Self, DbError> {
        match v {
            ValueRef::Real(f) => Ok(f),
            ValueRef::Integer(i) => Ok(i as f64),
            other => Err(DbError::decode(format!(
                "expected a number, found {other:?}"
            ))),
        }
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value<'_> {
        Value::Text(Cow::Borrowed(self))
    }
}

impl FromValue for String {
    fn from_value(v: ValueRef<'_>) -> Result<Self, DbError> {
        Ok(v.as_str()?.to_string())
    }
}

impl ToValue for [u8] {
    fn to_value(&self) -> Value<'_> {
        Value::Blob(Cow::Borrowed(self))
    }
}

impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value<'_> {
        Value::Blob(Cow::Borrowed(self))
    }
}

impl FromValue for Vec<u8> {
    fn from_value(v: ValueRef<'_>) -> Result<Self, DbError> {
        match v {
            ValueRef::Blob(b) => Ok(b.to_vec()),
            ValueRef::Text(t) => Ok(t.as_bytes().to_vec()),
            other => Err(DbError::decode(format!("expected bytes, found {other:?}"))),
        }
    }
}

/// A statement's parameters: `[]`, `[a]`, `[a, b]` of one type, [`params!`](crate::db_params)
/// of mixed types, or [`params_from_iter`].
pub trait Params {
    fn values(&self) -> Vec<Value<'_>>;
}

impl Params for [&dyn ToValue; 0] {
    fn values(&self) -> Vec<Value<'_>> {
        Vec::new()
    }
}

impl Params for &[&dyn ToValue] {
    fn values(&self) -> Vec<Value<'_>> {
        self.iter().map(|v| v.to_value()).collect()
    }
}

impl Params for &[Value<'_>] {
    fn values(&self) -> Vec<Value<'_>> {
        self.iter().map(|v| v.to_value()).collect()
    }
}

impl Params for () {
    fn values(&self) -> Vec<Value<'_>> {
        Vec::new()
    }
}

macro_rules! array_params {
    ($($n:literal),*) => {$(
        impl<T: ToValue> Params for [T; $n] {
            fn values(&self) -> Vec<Value<'_>> {
                self.iter().map(|v| v.to_value()).collect()
            }
        }
        impl<T: ToValue> Params for &[T; $n] {
            fn values(&self) -> Vec<Value<'_>> {
                self.iter().map(|v| v.to_value()).collect()
            }
        }
    )*};
}
array_params!(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);

/// Parameters from an iterator of values (a list whose length is known only at run time).
pub struct ParamsFromIter<I>(I);

pub fn params_from_iter<I>(iter: I) -> ParamsFromIter<I>
where
    I: IntoIterator + Clone,
    I::Item: ToValue,
{
    ParamsFromIter(iter)
}

impl<I> Params for ParamsFromIter<I>
where
    I: IntoIterator + Clone,
    I::Item: ToValue,
{
    fn values(&self) -> Vec<Value<'_>> {
        self.0
            .clone()
            .into_iter()
            .map(|v| v.to_value().into_owned())
            .collect()
    }
}

/// Mixed-type parameters, like rusqlite's `params!`.
#[macro_export]
macro_rules! db_params {
    () => {
        &[] as &[&dyn $crate::store::db::ToValue]
    };
    ($($p:expr),+ $(,)?) => {
        &[$(&$p as &dyn $crate::store::db::ToValue),+] as &[&dyn $crate::store::db::ToValue]
    };
}
