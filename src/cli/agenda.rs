//! `crm agenda` (and `crm` with no command): what needs attention today.

use serde_json::json;

use crate::domain::Result;
use crate::ops::agenda::{agenda, COLD_DAYS};

use super::output::{ago, narrower, opt, Table};
use super::{deal, task, Ctx};
use crate::export::json;

pub fn run(ctx: &Ctx) -> Result<()> {
    let (store, out) = (&ctx.store, &ctx.out);
    let a = agenda(store.read(), &ctx.now)?;
    if out.json {
        return out.json(&json!({
            "tasks": a.tasks.iter().map(json::task).collect::<Vec<_>>(),
            "closing": a.closing.iter().map(json::deal).collect::<Vec<_>>(),
            "cold": a.cold.iter().map(json::contact).collect::<Vec<_>>(),
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
    out.heading(&format!("Tasks due today or overdue ({})", a.tasks.len()));
    if a.tasks.is_empty() {
        out.line(&out.dim("  nothing due — add one with: crm task add TITLE --due tomorrow"));
    } else {
        out.print(&indent(
            &task::table(ctx, &a.tasks).render_within(out, narrower(out)),
        ));
    }
    out.heading(&format!(
        "Deals closing within 7 days or overdue ({})",
        a.closing.len()
    ));
    if a.closing.is_empty() {
        out.line(&out.dim("  none"));
    } else {
        out.print(&indent(
            &deal::table(ctx, &a.closing).render_within(out, narrower(out)),
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

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("  {l}\n")).collect()
}
