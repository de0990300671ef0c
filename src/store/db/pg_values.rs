//! Values to and from PostgreSQL's wire types: any column as a [`Value`], and a
//! [`Value`] bound to whatever type the server gave its parameter.

use postgres::types::{FromSql, IsNull, Kind, ToSql, Type};

use super::value::{OwnedValue, Value};

/// One column of any type, as a [`Value`].
pub(super) struct Column(pub(super) OwnedValue);

impl<'a> FromSql<'a> for Column {
    fn from_sql(
        ty: &Type,
        raw: &'a [u8],
    ) -> Result<Column, Box<dyn std::error::Error + Sync + Send>> {
        let v = match *ty {
            Type::BOOL => Value::Integer(bool::from_sql(ty, raw)? as i64),
            Type::INT2 => Value::Integer(i16::from_sql(ty, raw)? as i64),
            Type::INT4 => Value::Integer(i32::from_sql(ty, raw)? as i64),
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::OID => Value::Integer(u32::from_sql(ty, raw)? as i64),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)? as f64),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Value::Blob(Vec::<u8>::from_sql(ty, raw)?.into()),
            Type::JSONB => Value::Text(
                std::str::from_utf8(raw.get(1..).unwrap_or(&[]))?
                    .to_string()
                    .into(),
            ),
            _ => Value::Text(String::from_utf8(raw.to_vec())?.into()),
        };
        Ok(Column(v))
    }

    fn from_sql_null(_: &Type) -> Result<Column, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Column(Value::Null))
    }

    fn accepts(ty: &Type) -> bool {
        !matches!(ty.kind(), Kind::Array(_) | Kind::Composite(_))
    }
}

/// A NUMERIC (what `sum` and `avg` of integers give): an integer when it has no fraction
/// and fits, a double otherwise.
pub(super) fn numeric(raw: &[u8]) -> Result<OwnedValue, Box<dyn std::error::Error + Sync + Send>> {
    let word = |i: usize| -> Result<i16, Box<dyn std::error::Error + Sync + Send>> {
        let b = raw.get(i * 2..i * 2 + 2).ok_or("a short NUMERIC")?;
        Ok(i16::from_be_bytes([b[0], b[1]]))
    };
    let (ndigits, weight, sign, dscale) = (word(0)?, word(1)?, word(2)? as u16, word(3)?);
    if sign == 0xC000 {
        return Ok(Value::Real(f64::NAN));
    }
    let mut whole: i128 = 0;
    let mut value = 0f64;
    let mut exact = true;
    for k in 0..ndigits as usize {
        let d = word(4 + k)? as i128;
        let power = weight as i32 - k as i32;
        value += d as f64 * 10000f64.powi(power);
        if power >= 0 {
            let place = 10000i128
                .checked_pow(power as u32)
                .ok_or("a NUMERIC too large")?;
            whole = d
                .checked_mul(place)
                .and_then(|p| whole.checked_add(p))
                .ok_or("a NUMERIC too large")?;
        } else if d != 0 {
            exact = false;
        }
    }
    let negative = sign == 0x4000;
    if dscale == 0 || exact {
        let w = if negative { -whole } else { whole };
        if let Ok(i) = i64::try_from(w) {
            if dscale == 0 {
                return Ok(Value::Integer(i));
            }
            return Ok(Value::Real(i as f64));
        }
    }
    Ok(Value::Real(if negative { -value } else { value }))
}

impl ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match (self, ty) {
            (Value::Null, _) => Ok(IsNull::Yes),
            (Value::Integer(i), &Type::INT8) => i.to_sql(ty, out),
            (Value::Integer(i), &Type::INT4) => i32::try_from(*i)?.to_sql(ty, out),
            (Value::Integer(i), &Type::INT2) => i16::try_from(*i)?.to_sql(ty, out),
            (Value::Integer(i), &Type::BOOL) => (*i != 0).to_sql(ty, out),
            (Value::Integer(i), &Type::FLOAT8) => (*i as f64).to_sql(ty, out),
            (Value::Integer(i), &Type::FLOAT4) => (*i as f32).to_sql(ty, out),
            (Value::Integer(i), &Type::NUMERIC) => numeric_int(*i, out),
            (Value::Integer(i), _) => i.to_string().to_sql(&Type::TEXT, out),
            (Value::Real(f), &Type::FLOAT4) => (*f as f32).to_sql(ty, out),
            (Value::Real(f), &Type::FLOAT8) => f.to_sql(ty, out),
            (Value::Real(f), &Type::INT8) if f.fract() == 0.0 => (*f as i64).to_sql(ty, out),
            (Value::Real(f), _) => f.to_string().to_sql(&Type::TEXT, out),
            (Value::Text(t), &Type::INT8) => t.trim().parse::<i64>()?.to_sql(ty, out),
            (Value::Text(t), &Type::INT4) => t.trim().parse::<i32>()?.to_sql(ty, out),
            (Value::Text(t), &Type::FLOAT8) => t.trim().parse::<f64>()?.to_sql(ty, out),
            (Value::Text(t), &Type::BYTEA) => t.as_bytes().to_sql(ty, out),
            (Value::Text(t), &Type::JSONB) => {
                out.extend_from_slice(&[1]);
                out.extend_from_slice(t.as_bytes());
                Ok(IsNull::No)
            }
            (Value::Text(t), _) => {
                out.extend_from_slice(t.as_bytes());
                Ok(IsNull::No)
            }
            (Value::Blob(b), _) => b.as_ref().to_sql(&Type::BYTEA, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// An integer as a binary NUMERIC.
fn numeric_int(
    i: i64,
    out: &mut bytes::BytesMut,
) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
    let mut n = i.unsigned_abs();
    let mut digits = Vec::new();
    while n > 0 {
        digits.push((n % 10000) as i16);
        n /= 10000;
    }
    digits.reverse();
    let weight = digits.len() as i16 - 1;
    let sign: u16 = if i < 0 { 0x4000 } else { 0 };
    for w in [digits.len() as i16, weight.max(0), sign as i16, 0] {
        out.extend_from_slice(&w.to_be_bytes());
    }
    for d in digits {
        out.extend_from_slice(&d.to_be_bytes());
    }
    Ok(IsNull::No)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerics_decode() {
        let mut out = bytes::BytesMut::new();
        numeric_int(-1_234_567_890_123, &mut out).unwrap();
        assert_eq!(numeric(&out).unwrap(), Value::Integer(-1_234_567_890_123));
        let mut zero = bytes::BytesMut::new();
        numeric_int(0, &mut zero).unwrap();
        assert_eq!(numeric(&zero).unwrap(), Value::Integer(0));
    }
}
