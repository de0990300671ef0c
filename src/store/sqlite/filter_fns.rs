//! The SQL functions compiled filters call (`crm_fold_trim`, `crm_contains`,
//! `crm_money_cmp`, …), so folding, money and calendar tests are the evaluator's own code.

use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::Connection;

use crate::domain::currency::Currency;
use crate::domain::filter::{Amount, Clock, Filter, Target};
use crate::domain::text::{fold, name_matches};

/// The functions the compiled SQL calls, so folding and money are the evaluator's own.
pub(super) fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    let text = |ctx: &Context<'_>, i: usize| -> rusqlite::Result<Option<String>> { ctx.get(i) };
    conn.create_scalar_function("crm_fold_trim", 1, flags, move |ctx| {
        Ok(text(ctx, 0)?.map(|s| fold(s.trim())))
    })?;
    conn.create_scalar_function("crm_lower", 1, flags, move |ctx| {
        Ok(text(ctx, 0)?.map(|s| s.to_lowercase()))
    })?;
    conn.create_scalar_function("crm_contains", 2, flags, move |ctx| {
        let (hay, needle) = (text(ctx, 0)?, text(ctx, 1)?.unwrap_or_default());
        Ok(hay.is_some_and(|h| fold(&h).contains(&needle)))
    })?;
    conn.create_scalar_function("crm_name_matches", 2, flags, move |ctx| {
        let (query, name) = (text(ctx, 0)?.unwrap_or_default(), text(ctx, 1)?);
        Ok(name.is_some_and(|n| name_matches(&query, &fold(&n))))
    })?;
    // (cond, cadence, birthday, now, offset) → whether a contact with that cadence and
    // birthday passes the one test `cond` (its canonical text), as the evaluator decides.
    let parsed = std::sync::Mutex::new(std::collections::HashMap::<String, Option<Filter>>::new());
    conn.create_scalar_function("crm_contact_cond", 5, flags, move |ctx| {
        let cond = text(ctx, 0)?.unwrap_or_default();
        let (cadence, birthday) = (text(ctx, 1)?, text(ctx, 2)?);
        let (now, off): (i64, i64) = (ctx.get(3)?, ctx.get(4)?);
        let mut known = parsed.lock().unwrap_or_else(|e| e.into_inner());
        let filter = known
            .entry(cond.clone())
            .or_insert_with(|| crate::domain::filter::parse(&cond, Target::Contact).ok());
        let Some(filter) = filter else {
            return Ok(false);
        };
        let (Some(now), Some(offset)) = (
            chrono::DateTime::from_timestamp(now, 0),
            chrono::FixedOffset::east_opt(i32::try_from(off).unwrap_or(0)),
        ) else {
            return Ok(false);
        };
        let facts = crate::domain::filter::ContactFacts::with_calendar(
            cadence.and_then(|c| c.parse().ok()),
            birthday.and_then(|b| crate::domain::birthday::Birthday::parse(&b).ok()),
        );
        Ok(filter.matches_contact(&facts, &Clock { now, offset }))
    })?;
    // (minor, currency, mantissa, scale) → -1, 0 or 1: the amount in minor units against
    // the given amount, exactly as the evaluator compares them.
    // Exponents by code, looked up once per query and currency rather than once per row.
    let exponents = std::sync::Mutex::new(std::collections::HashMap::<String, u8>::new());
    conn.create_scalar_function("crm_money_cmp", 4, flags, move |ctx| {
        let minor: Option<i64> = ctx.get(0)?;
        let code = text(ctx, 1)?;
        let (mantissa, scale): (i64, i64) = (ctx.get(2)?, ctx.get(3)?);
        let exponent = code.and_then(|c| {
            let mut known = exponents.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(e) = known.get(&c) {
                return Some(*e);
            }
            let e = Currency::parse(&c).ok()?.exponent();
            known.insert(c, e);
            Some(e)
        });
        let (Some(minor), Some(exponent)) = (minor, exponent) else {
            return Ok(None);
        };
        let amount = Amount {
            mantissa,
            scale: u8::try_from(scale).unwrap_or(u8::MAX),
            currency: None,
        };
        Ok(Some(amount.compare_minor(minor, exponent) as i64))
    })?;
    Ok(())
}
