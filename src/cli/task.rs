//! `crm task add|list|done|reopen`.

use crate::export::json;
use clap::Subcommand;

use crate::domain::*;
use crate::input::task::{task_id, TaskText};
use crate::ops::tasks;
use crate::store::{TaskFilter, TaskWindow};

use super::output::{local_time, opt, Table};
use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Add a follow-up task
    Add {
        title: String,
        /// Contact id, e-mail or name
        #[arg(long, value_name = "REF")]
        contact: Option<String>,
        #[arg(long, value_name = "ID")]
        deal: Option<String>,
        /// Due date: today, tomorrow, fri, +3d, "2026-12-01 15:30", ...
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
    },
    /// Open tasks [default: all open]
    #[command(visible_alias = "ls")]
    List {
        /// Only overdue ones
        #[arg(long, group = "window")]
        overdue: bool,
        /// Due today or earlier
        #[arg(long, group = "window")]
        today: bool,
        /// Due within seven days or earlier
        #[arg(long, group = "window")]
        week: bool,
        /// Done ones too
        #[arg(long, group = "window")]
        all: bool,
    },
    /// Mark a task done
    Done { id: String },
    /// Mark a done task as not done
    Reopen { id: String },
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    match args.cmd {
        Cmd::Add {
            title,
            contact,
            deal,
            due,
        } => {
            let text = TaskText {
                title,
                contact,
                deal,
                due,
            };
            let t = tasks::add(store, now, text.typed(store.read(), now)?)?;
            if out.json {
                return out.json(&json::task(&t));
            }
            let due = t
                .due
                .map(|d| format!(", due {}", due_text(ctx, &d)))
                .unwrap_or_default();
            out.done(&format!("Added task #{} {}{due}.", t.id, t.title));
        }
        Cmd::List {
            overdue,
            today,
            week,
            all,
        } => {
            let window = match (overdue, today, week, all) {
                (true, ..) => TaskWindow::Overdue,
                (_, true, ..) => TaskWindow::Today,
                (_, _, true, _) => TaskWindow::Week,
                (.., true) => TaskWindow::All,
                _ => TaskWindow::Open,
            };
            let list = store.read().tasks(&TaskFilter {
                window,
                today: now.today(),
                now: now.utc,
                contact_id: None,
                deal_id: None,
                limit: None,
                done_since: None,
            })?;
            if out.json {
                return out.json(&list.iter().map(json::task).collect::<Vec<_>>());
            }
            if list.is_empty() {
                out.done("No tasks here. Add one with: crm task add \"Send proposal\" --contact REF --due tomorrow");
                return Ok(());
            }
            out.table(&table(ctx, &list));
        }
        Cmd::Done { id } => {
            let (t, changed) = tasks::set_done(store, now, task_id(&id)?, true)?;
            if out.json {
                return out.json(&json::task(&t));
            }
            out.done(&if changed {
                format!("Done: task #{} {}.", t.id, t.title)
            } else {
                format!("Task #{} was already done.", t.id)
            });
        }
        Cmd::Reopen { id } => {
            let (t, _) = tasks::set_done(store, now, task_id(&id)?, false)?;
            if out.json {
                return out.json(&json::task(&t));
            }
            out.done(&format!("Reopened task #{} {}.", t.id, t.title));
        }
    }
    Ok(())
}

pub fn due_text(ctx: &Ctx, d: &Due) -> String {
    match d {
        Due::Day(day) => day.to_string(),
        Due::At(at) => local_time(&ctx.now, *at),
    }
}

pub fn is_overdue(ctx: &Ctx, t: &Task) -> bool {
    t.done_at.is_none()
        && match t.due {
            Some(Due::Day(d)) => d < ctx.now.today(),
            Some(Due::At(at)) => at < ctx.now.utc,
            None => false,
        }
}

pub fn table(ctx: &Ctx, list: &[Task]) -> Table {
    // The DONE column only when some task is done (never on the agenda).
    let mut headers = vec![">ID", "DUE", "TASK", "CONTACT", "DEAL"];
    if list.iter().any(|t| t.done_at.is_some()) {
        headers.push("DONE");
    }
    let mut t = Table::new(&headers);
    for task in list {
        let cells = vec![
            task.id.to_string(),
            task.due.map(|d| due_text(ctx, &d)).unwrap_or_default(),
            task.title.clone(),
            opt(&task.contact),
            opt(&task.deal),
            if task.done_at.is_some() {
                "✓".into()
            } else {
                String::new()
            },
        ];
        if is_overdue(ctx, task) {
            t.alert_row(cells);
        } else {
            t.row(cells);
        }
    }
    t
}
