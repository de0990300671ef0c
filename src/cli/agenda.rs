//! `crm agenda` (and `crm` with no command): what needs attention today.

use serde_json::json;

use crate::domain::Result;
use crate::ops::agenda::{agenda_of, counted_up_to, BIRTHDAY_DAYS, COLD_DAYS, SHOWN};

use super::output::{ago, narrower, opt, Table};
use super::{birthdays, deal, reconnect, task, Ctx};
use crate::export::json;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The most rows each section shows (the headings count them, up to 10,000)
    #[arg(long, default_value_t = SHOWN, value_parser = super::args::positive_count)]
    limit: usize,
    /// Only your tasks, deals and cases (contacts have no owner: those sections stay whole)
    #[arg(long)]
    mine: bool,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            limit: SHOWN,
            mine: false,
        }
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, out) = (&ctx.store, &ctx.out);
    let owner = if args.mine { ctx.now.by } else { None };
    let a = agenda_of(
        store.read(),
        &ctx.now,
        &ctx.config.cadence,
        args.limit,
        owner,
    )?;
    let breached: Vec<_> = super::case::breached(ctx)?
        .into_iter()
        .filter(|k| !args.mine || k.owner.as_deref() == ctx.now.by)
        .collect();
    if out.json {
        return out.json(&json!({
            "tasks": a.tasks.iter().map(json::task).collect::<Vec<_>>(),
            "tasks_due": a.tasks_due,
            "closing": a.closing.iter().map(json::deal).collect::<Vec<_>>(),
            "closing_due": a.closing_due,
            "cold": a.cold.iter().map(json::contact).collect::<Vec<_>>(),
            "reconnect": a.reconnect.iter().map(reconnect::reconnect_json).collect::<Vec<_>>(),
            "reconnect_due": a.reconnect_due,
            "birthdays": a.birthdays.iter().map(birthdays::birthday_json).collect::<Vec<_>>(),
            "birthdays_count": a.birthdays_count,
            "cases_breached": breached.iter().map(|k| super::case::to_json(ctx, k)).collect::<Vec<_>>(),
        }));
    }
    if store.read().is_empty()? {
        out.line("Your CRM is empty. Start with one of:");
        out.line("  crm contact add \"Ada Lovelace\" --email ada@example.com --company \"Analytical Engines\"");
        out.line("  crm demo            (fills it with realistic sample data to explore)");
        out.line("  crm --help          (every command)");
        return Ok(());
    }
    out.line(&out.bold(&format!(
        "Agenda for {}",
        ctx.now.local().format("%A %-d %B %Y")
    )));
    out.heading(&format!(
        "Tasks due today or overdue ({})",
        counted(a.tasks_due, args.limit)
    ));
    if a.tasks.is_empty() {
        out.line(&out.dim("  nothing due — add one with: crm task add TITLE --due tomorrow"));
    } else {
        out.print(&indent(
            &task::table(ctx, &a.tasks).render_within(out, narrower(out)),
        ));
        more(
            ctx,
            a.tasks_due,
            a.tasks.len(),
            args.limit,
            "crm task list --today lists them all",
        );
    }
    out.heading(&format!(
        "Deals closing within 7 days or overdue ({})",
        counted(a.closing_due, args.limit)
    ));
    if a.closing.is_empty() {
        out.line(&out.dim("  none"));
    } else {
        out.print(&indent(
            &deal::table(ctx, &a.closing).render_within(out, narrower(out)),
        ));
        more(
            ctx,
            a.closing_due,
            a.closing.len(),
            args.limit,
            "crm agenda --limit N shows more",
        );
    }
    out.heading(&format!(
        "Reconnect: due by their cadence ({})",
        a.reconnect_due
    ));
    if a.reconnect.is_empty() {
        out.line(&out.dim("  nobody due — set a cadence with: crm contact edit REF --every 2w"));
    } else {
        out.print(&indent(
            &reconnect::table(ctx, &a.reconnect).render_within(out, narrower(out)),
        ));
        more(
            ctx,
            a.reconnect_due,
            a.reconnect.len(),
            args.limit,
            "crm reconnect lists them all",
        );
    }
    out.heading(&format!(
        "Birthdays within {BIRTHDAY_DAYS} days ({})",
        a.birthdays_count
    ));
    if a.birthdays.is_empty() {
        out.line(&out.dim("  none"));
    } else {
        out.print(&indent(
            &birthdays::table(&a.birthdays).render_within(out, narrower(out)),
        ));
        more(
            ctx,
            a.birthdays_count,
            a.birthdays.len(),
            args.limit,
            "crm birthdays --within 7d lists them all",
        );
    }
    let late = breached;
    if !late.is_empty() {
        out.heading(&format!("Cases past their targets ({})", late.len()));
        out.print(&indent(
            &super::case::table(ctx, &late).render_within(out, narrower(out)),
        ));
    }
    out.heading(&format!(
        "Going cold: no contact for {COLD_DAYS}+ days ({} shown)",
        a.cold.len()
    ));
    if a.cold.is_empty() {
        out.line(&out.dim("  nobody — well kept"));
    } else {
        let mut t = Table::new(&[">ID", "NAME", "COMPANY", "LIFECYCLE", "LAST CONTACT"]);
        for c in &a.cold {
            t.row(vec![
                c.id.to_string(),
                c.name.clone(),
                opt(&c.company),
                c.lifecycle.to_string(),
                ago(&ctx.now, c.last_contact_at),
            ]);
        }
        out.print(&indent(&t.render_within(out, narrower(out))));
    }
    Ok(())
}

/// A count, or "10000 or more" where counting stopped.
fn counted(n: i64, limit: usize) -> String {
    let up_to = counted_up_to(limit) as i64;
    if n >= up_to {
        format!("{up_to} or more")
    } else {
        n.to_string()
    }
}

/// "… and 9858 more: crm task list --today lists them all" under a section cut at the
/// limit ("… and more" where counting stopped).
fn more(ctx: &Ctx, total: i64, shown: usize, limit: usize, all: &str) {
    let rest = total - shown as i64;
    if rest <= 0 {
        return;
    }
    let rest = if total >= counted_up_to(limit) as i64 {
        "and more".to_string()
    } else {
        format!("and {rest} more")
    };
    ctx.out.line(&ctx.out.dim(&format!("  … {rest}: {all}")));
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("  {l}\n")).collect()
}
