//! `crm reconnect`: contacts due for a call, e-mail or meeting by their stay-in-touch
//! cadence, most overdue first.

use serde_json::Value;

use crate::domain::Result;
use crate::ops::reconnect::{due, Reconnect};

use super::output::{ago, opt, Table};
use super::Ctx;
use crate::export::json;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show at most this many (the most overdue)
    #[arg(long, value_name = "N", value_parser = super::args::positive_count)]
    limit: Option<usize>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let list = due(ctx.store.read(), &ctx.now, &ctx.config.cadence, args.limit)?;
    if ctx.out.json {
        return ctx
            .out
            .json(&list.iter().map(reconnect_json).collect::<Vec<_>>());
    }
    if list.is_empty() {
        ctx.out.done(
            "Nobody is due to hear from you. A cadence is set with crm contact edit REF --every 2w, or per tag in the config's [cadence].",
        );
        return Ok(());
    }
    ctx.out.table(&table(ctx, &list));
    Ok(())
}

/// A contact in its JSON shape with `cadence` (the one that counts), `due` and
/// `overdue_days`.
pub fn reconnect_json(r: &Reconnect) -> Value {
    let mut v = serde_json::to_value(json::contact(&r.contact)).unwrap_or_default();
    v["cadence"] = r.cadence.to_string().into();
    v["due"] = r.due_on.format("%Y-%m-%d").to_string().into();
    v["overdue_days"] = r.overdue_days.into();
    v
}

/// Name, company, cadence, last contact, due day and how long ago.
pub fn table(ctx: &Ctx, list: &[Reconnect]) -> Table {
    let mut t = Table::new(&[
        ">ID",
        "NAME",
        "COMPANY",
        "EVERY",
        "LAST CONTACT",
        "DUE",
        "OVERDUE BY",
    ]);
    for r in list {
        let c = &r.contact;
        t.row(vec![
            c.id.to_string(),
            c.name.clone(),
            opt(&c.company),
            r.cadence.to_string(),
            ago(&ctx.now, c.last_contact_at),
            r.due_on.format("%Y-%m-%d").to_string(),
            overdue(r.overdue_days),
        ]);
    }
    t
}

/// "due today", "1 day", "12 days".
pub fn overdue(days: i64) -> String {
    match days {
        ..=0 => "due today".into(),
        1 => "1 day".into(),
        n => format!("{n} days"),
    }
}
