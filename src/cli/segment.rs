//! `crm segment add NAME EXPR | list | show NAME | rm NAME` (DESIGN §12).

use clap::Subcommand;

use crate::domain::filter::Target;
use crate::domain::segment::{target_word, Segment};
use crate::domain::Result;
use crate::input;
use crate::ops::segments;

use super::output::{local_time, Table};
use super::select::count_of;
use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Save a filter expression under a name
    Add {
        name: String,
        /// The expression, e.g. 'tag:vip and idle > 30d' (see the README, "Filter expressions")
        expr: String,
        /// The expression picks deals, not contacts
        #[arg(long)]
        deals: bool,
    },
    /// The saved segments
    #[command(visible_alias = "ls")]
    List,
    /// A segment's expression and how many records it picks now
    Show { name: String },
    /// Forget a segment (crm undo brings it back)
    #[command(visible_alias = "remove")]
    Rm { name: String },
}

fn to_json(s: &Segment, count: Option<usize>) -> serde_json::Value {
    let mut v = serde_json::json!({
        "id": s.id.0,
        "name": s.name,
        "target": target_word(s.target),
        "expr": s.expr,
        "created_at": s.created_at.to_rfc3339(),
    });
    if let Some(n) = count {
        v["count"] = n.into();
    }
    v
}

/// How many records a segment picks now.
pub fn count(ctx: &Ctx, s: &Segment) -> Result<usize> {
    let filter = s.filter()?;
    let (r, clock) = (ctx.store.read(), ctx.now.clock());
    Ok(match s.target {
        Target::Contact => r.contact_ids_matching(&filter, &clock)?.len(),
        Target::Deal => r.deal_ids_matching(&filter, &clock)?.len(),
    })
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    match args.cmd {
        Cmd::Add { name, expr, deals } => {
            let target = if deals { Target::Deal } else { Target::Contact };
            let filter = input::filter::expression(&expr, target)?;
            let s = segments::add(store, now, &name, &filter)?;
            let n = count(ctx, &s)?;
            if out.json {
                return out.json(&to_json(&s, Some(n)));
            }
            out.done(&format!(
                "Saved segment {} ({} now). Use it with --segment {:?}.",
                s.name,
                count_of(n, &target_word(s.target)[..target_word(s.target).len() - 1]),
                s.name
            ));
        }
        Cmd::List => {
            let list = store.read().segments()?;
            if out.json {
                return out.json(&list.iter().map(|s| to_json(s, None)).collect::<Vec<_>>());
            }
            if list.is_empty() {
                out.done("No segments yet. Save one with: crm segment add quiet-vips 'tag:vip and idle > 30d'");
                return Ok(());
            }
            let mut t = Table::new(&["NAME", "PICKS", "EXPRESSION"]);
            for s in &list {
                t.row(vec![
                    s.name.clone(),
                    target_word(s.target).into(),
                    s.expr.clone(),
                ]);
            }
            out.table(&t);
        }
        Cmd::Show { name } => {
            let s = segments::find(store.read(), &name)?;
            let n = count(ctx, &s)?;
            if out.json {
                return out.json(&to_json(&s, Some(n)));
            }
            out.line(&out.bold(&s.name));
            out.line(&format!("  picks       {}", target_word(s.target)));
            out.line(&format!("  expression  {}", s.expr));
            out.line(&format!("  matching    {n}"));
            out.line(&format!("  saved       {}", local_time(now, s.created_at)));
        }
        Cmd::Rm { name } => {
            let s = segments::find(store.read(), &name)?;
            segments::remove(store, now, s.id)?;
            if out.json {
                return out.json(&to_json(&s, None));
            }
            out.done(&format!(
                "Removed segment {} (crm undo brings it back).",
                s.name
            ));
        }
    }
    Ok(())
}
