//! `crm birthdays`: birthdays coming within a window of days, soonest first.

use serde_json::Value;

use crate::domain::Result;
use crate::input;
use crate::ops::birthdays::{upcoming, BirthdayRow};

use super::output::{opt, Table};
use super::Ctx;
use crate::export::json;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How far ahead to look: 30d, 2w, 3m (today included)
    #[arg(long, value_name = "DURATION", default_value = "30d")]
    within: String,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let days = input::contact::within_days(&args.within, ctx.now.today())?;
    let list = upcoming(ctx.store.read(), &ctx.now, days)?;
    if ctx.out.json {
        return ctx
            .out
            .json(&list.iter().map(birthday_json).collect::<Vec<_>>());
    }
    if list.is_empty() {
        ctx.out.done(&format!(
            "No birthdays in the next {days} days. Add one with: crm contact edit REF --birthday 03-14"
        ));
        return Ok(());
    }
    ctx.out.table(&table(&list));
    Ok(())
}

/// A contact in its JSON shape with `on` (the next day it falls on), `age` (the age
/// they turn, or null) and `in_days`.
pub fn birthday_json(b: &BirthdayRow) -> Value {
    let mut v = serde_json::to_value(json::contact(&b.contact)).unwrap_or_default();
    v["on"] = b.on.format("%Y-%m-%d").to_string().into();
    v["age"] = b.age.into();
    v["in_days"] = b.in_days.into();
    v
}

pub fn table(list: &[BirthdayRow]) -> Table {
    let mut t = Table::new(&[">ID", "NAME", "COMPANY", "ON", "TURNS", "WHEN"]);
    for b in list {
        let c = &b.contact;
        t.row(vec![
            c.id.to_string(),
            c.name.clone(),
            opt(&c.company),
            b.on.format("%a %Y-%m-%d").to_string(),
            b.age.map(|a| a.to_string()).unwrap_or_default(),
            when(b.in_days),
        ]);
    }
    t
}

/// "today", "tomorrow", "in 5 days".
pub fn when(in_days: i64) -> String {
    match in_days {
        ..=0 => "today".into(),
        1 => "tomorrow".into(),
        n => format!("in {n} days"),
    }
}
