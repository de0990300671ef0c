//! `crm report KIND [--since] [--until] [--format table|json|csv|md]`: compute, then print.
//! `--since`/`--until` take dates and period words (`last quarter`, `2026-11`, ...).

mod grid;
mod json;

use chrono::Days;

use crate::domain::dates::When;
use crate::domain::period::{parse_since, parse_until};
use crate::domain::{Error, Result};
use crate::report::{self, Period};

use super::Ctx;
use grid::{Format, Grid};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    kind: Kind,
    /// Start of the period (inclusive): 2026-01-01, -30d, this month, last quarter, q4, 2026-11, ...
    #[arg(long, global = true, value_name = "DATE", allow_hyphen_values = true)]
    since: Option<String>,
    /// End of the period: a whole day or period counts in full (--until q4 is up to Dec 31)
    #[arg(long, global = true, value_name = "DATE", allow_hyphen_values = true)]
    until: Option<String>,
    /// table, json, csv or md (Markdown)
    #[arg(long, global = true, default_value = "table")]
    format: String,
}

#[derive(Debug, clap::Subcommand)]
enum Kind {
    /// Open deals per stage: count, total and weighted value per currency
    Pipeline,
    /// Open deals by expected-close month, weighted; overdue ones listed
    Forecast,
    /// Deals created in the period through the stages: conversion, win rate, cycle, velocity
    Funnel,
    /// Deals won in the period, by close month and currency, with totals per currency
    Won,
    /// Interactions per kind per ISO week, and the most contacted people [default: last 12 weeks]
    Activity {
        /// How many top contacts
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
    /// Contacts not heard from in N days (or never), most neglected first
    Stale {
        #[arg(long, default_value_t = 30)]
        days: u32,
        #[arg(long, value_parser = crate::cli::args::positive_count)]
        limit: Option<usize>,
    },
    /// Contacts per lifecycle stage
    Lifecycle,
    /// Feedback count, mean score and NPS
    Satisfaction,
    /// Support cases: opened and solved in the period, open by priority, breaches, median
    /// first-response and resolution hours, CSAT
    Service,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let format = if ctx.out.json {
        Format::Json
    } else {
        Format::parse(&args.format)?
    };
    let now = &ctx.now;
    let local = now.local();
    let since = args
        .since
        .as_deref()
        .map(|s| parse_since(s, local))
        .transpose()?;
    // The end is exclusive: a whole day or period given as --until counts in full.
    let until_instant = args
        .until
        .as_deref()
        .map(|s| parse_until(s, local))
        .transpose()?
        .map(|w| now.instant(w));
    let period = Period {
        since: since.map(|w| now.instant(w)),
        until: until_instant,
    };
    if let (Some(a), Some(b)) = (period.since, period.until) {
        if a >= b {
            return Err(Error::invalid(
                "--since is not before --until; the period is empty.",
            ));
        }
    }
    if matches!(
        args.kind,
        Kind::Stale { .. } | Kind::Lifecycle | Kind::Pipeline
    ) && (args.since.is_some() || args.until.is_some())
        && !ctx.out.quiet
    {
        eprintln!("note: this report is a picture of now; --since and --until do not apply to it.");
    }
    let r = ctx.store.read();
    // Only the printer the format asks for runs.
    let emit = |value: &dyn Fn() -> Result<String>, grid: &dyn Fn() -> Grid| -> Result<()> {
        match format {
            Format::Json => {
                ctx.out.print(&value()?);
                Ok(())
            }
            // CSV and Markdown carry record text as it is: made safe on a terminal.
            Format::Csv | Format::Md => {
                ctx.out.print_records(&grid().render(format, &ctx.out));
                Ok(())
            }
            other => {
                ctx.out.print(&grid().render(other, &ctx.out));
                Ok(())
            }
        }
    };
    match args.kind {
        Kind::Pipeline => {
            let p = report::pipeline(r)?;
            emit(&|| pretty(json::pipeline(&p)), &|| grid::pipeline(&p))
        }
        Kind::Forecast => {
            let day = |w: Option<When>| w.map(|w| now.to_local(now.instant(w)).date());
            let f = report::forecast(
                r,
                now.today(),
                day(since),
                until_instant.map(|u| now.to_local(u).date()),
            )?;
            emit(&|| json::forecast(&f), &|| grid::forecast(ctx, &f))
        }
        Kind::Funnel => {
            let f = report::funnel(r, period)?;
            emit(&|| pretty(json::funnel(&f)), &|| grid::funnel(&f))
        }
        Kind::Won => {
            let w = report::won(r, period, &|t| now.to_local(t))?;
            emit(&|| pretty(json::won(&w)), &|| grid::won(&w))
        }
        Kind::Activity { top } => {
            let mut p = period;
            if p.since.is_none() {
                p.since = Some(now.instant(When::Day(now.today() - Days::new(7 * 12))));
            }
            let a = report::activity(r, p, &|t| now.to_local(t), top)?;
            emit(&|| pretty(json::activity(&a)), &|| grid::activity(&a))
        }
        Kind::Stale { days, limit } => {
            let s = report::stale(r, now.utc, days, limit)?;
            emit(&|| json::stale(&s), &|| grid::stale(ctx, &s, days))
        }
        Kind::Lifecycle => {
            let l = report::lifecycle(r)?;
            emit(&|| pretty(json::lifecycle(&l)), &|| grid::lifecycle(&l))
        }
        Kind::Satisfaction => {
            let s = report::satisfaction(r, period)?;
            emit(&|| pretty(json::satisfaction(&s)), &|| {
                grid::satisfaction(&s)
            })
        }
        Kind::Service => {
            let s = report::service(r, period, &ctx.config.case_targets, now.utc)?;
            emit(&|| pretty(json::service(&s)), &|| grid::service(&s))
        }
    }
}

fn pretty(v: serde_json::Value) -> Result<String> {
    let mut s = crate::export::json_out::to_string_pretty(&v)?;
    s.push('\n');
    Ok(s)
}
