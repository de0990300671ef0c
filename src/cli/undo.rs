//! `crm undo [CHANGE] [--dry-run]`: take back the latest change, or change CHANGE of
//! `crm history`.

use serde_json::json;

use crate::domain::Result;
use crate::export::json as shapes;
use crate::ops;

use super::history::describe;
use super::output::Table;
use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The change to take back (the CHANGE column of crm history) [default: the latest]
    change: Option<String>,
    /// Show what would be taken back, and change nothing
    #[arg(long)]
    dry_run: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let which = args.change.as_deref().map(parse_change).transpose()?;
    let done = ops::undo::undo(&ctx.store, &ctx.now, which, args.dry_run)?;
    if ctx.out.json {
        return ctx.out.json(&json!({
            "change": done.change,
            "undo_change": done.undo_change,
            "redo": done.redo,
            "dry_run": done.dry_run,
            "rows": done.rows,
            "entries": done.entries.iter().map(shapes::history).collect::<Vec<_>>(),
        }));
    }
    let verb = match (done.dry_run, done.redo) {
        (true, false) => "Would undo",
        (true, true) => "Would redo (undo the undo)",
        (false, false) => "Undid",
        (false, true) => "Redid (undid the undo)",
    };
    let tail = if done.dry_run {
        " Nothing was changed (dry run)."
    } else {
        ""
    };
    ctx.out.done(&format!(
        "{verb} change {}: {} record change(s).{tail}",
        done.change,
        done.entries.len()
    ));
    if !ctx.out.quiet && !done.entries.is_empty() {
        let mut t = Table::new(&["WHAT", ">ID", "ACTION", "DETAIL"]);
        for h in &done.entries {
            t.row(vec![
                h.entity.clone(),
                h.entity_id.to_string(),
                h.action.clone(),
                describe(h),
            ]);
        }
        ctx.out.table(&t);
    }
    if !done.dry_run {
        ctx.out.done(&format!(
            "This undo is change {}; crm undo {} puts it back.",
            done.undo_change, done.undo_change
        ));
    }
    Ok(())
}

/// A change number as `crm history` shows it (`12`, or `#12`).
fn parse_change(s: &str) -> Result<i64> {
    s.trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            crate::domain::Error::invalid(format!(
                "{s:?} is not a change number; crm history lists them (column CHANGE)."
            ))
        })
}
