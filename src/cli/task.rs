//! `crm task add|list|done|reopen|snooze|edit|rm`.

use crate::export::json;
use clap::Subcommand;

use crate::domain::*;
use crate::input::task::{self as input, task_id, TaskEditText, TaskText};
use crate::ops::queue::{self, Done};
use crate::ops::tasks;
use crate::store::{TaskFilter, TaskWindow};

use super::output::{local_time, opt, Table};
use super::owner::{OwnerFilter, SetOwner};
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
        /// The support case it is for (its contact becomes the task's)
        #[arg(long = "case", value_name = "ID")]
        case_id: Option<String>,
        /// Due date: today, tomorrow, fri, +3d, "2026-12-01 15:30", ...
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        due: Option<String>,
        /// Make it recurring: ticking it done creates the next one, one interval after
        /// this one's due date (2w, month, 3d, 1y, weekly, ...)
        #[arg(long, value_name = "INTERVAL")]
        every: Option<String>,
        #[command(flatten)]
        owner: SetOwner,
        /// One task for each contact a filter expression or segment picks
        #[command(flatten)]
        select: super::select::Select,
        /// With --where/--segment: do not ask (needed when not in a terminal)
        #[arg(long, short)]
        yes: bool,
        /// With --where/--segment: show how many and which contacts, add nothing
        #[arg(long)]
        dry_run: bool,
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
        #[command(flatten)]
        owners: OwnerFilter,
    },
    /// Mark a task done
    Done { id: String },
    /// Mark a done task as not done
    Reopen { id: String },
    /// Put a task off, from its due date (from today when it has none or is overdue)
    Snooze {
        /// The task's number (crm task list)
        id: String,
        /// How long: 1d, 3d, 2w, 1m [default: 1d]
        #[arg(allow_hyphen_values = true)]
        duration: Option<String>,
    },
    /// Change a task's title, due date, contact, deal or interval (`none` clears one)
    Edit {
        /// The task's number (crm task list)
        id: String,
        /// The new title
        #[arg(long)]
        title: Option<String>,
        /// A date (tue, "2026-12-01 15:30", +3d, ...) or none
        #[arg(long, value_name = "DATE|none", allow_hyphen_values = true)]
        due: Option<String>,
        /// Contact id, e-mail or name, or none
        #[arg(long, value_name = "REF|none")]
        contact: Option<String>,
        /// The deal's number, or none
        #[arg(long, value_name = "ID|none")]
        deal: Option<String>,
        /// 2w, month, 3d, 1y, ... or none
        #[arg(long, value_name = "INTERVAL|none")]
        every: Option<String>,
        /// The support case it is for, or none
        #[arg(long = "case", value_name = "ID|none")]
        case_id: Option<String>,
        #[command(flatten)]
        owner: SetOwner,
        /// Refuse the edit unless the task is still at this version (the `version` of --json)
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
    },
    /// Delete a task
    #[command(visible_alias = "remove")]
    Rm {
        /// The task's number (crm task list)
        id: String,
        /// Do not ask
        #[arg(long, short)]
        yes: bool,
    },
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    match args.cmd {
        Cmd::Add {
            title,
            contact,
            deal,
            due,
            every,
            case_id,
            select,
            yes,
            dry_run,
            owner,
        } if select.given() => {
            if owner.owner.is_some() {
                return Err(Error::invalid(
                    "with --where or --segment the tasks are yours; leave out --owner, then reassign with crm task edit ID --owner WHO.",
                ));
            }
            if contact.is_some() || deal.is_some() || every.is_some() || case_id.is_some() {
                return Err(Error::invalid(
                    "with --where or --segment each task goes to one contact it picks; leave out --contact, --deal, --case and --every.",
                ));
            }
            let text = TaskText {
                title,
                contact: None,
                deal: None,
                due,
            };
            let typed = text.typed(store.read(), now)?;
            super::bulk::add_tasks(
                ctx,
                &select,
                &typed.title,
                typed.due,
                super::select::Bulk { yes, dry_run },
            )?
        }
        Cmd::Add {
            title,
            contact,
            deal,
            due,
            every,
            case_id,
            owner,
            ..
        } => add(
            ctx,
            TaskText {
                title,
                contact,
                deal,
                due,
            },
            (every, case_id),
            owner,
        )?,
        Cmd::List {
            overdue,
            today,
            week,
            all,
            owners,
        } => {
            let window = match (overdue, today, week, all) {
                (true, ..) => TaskWindow::Overdue,
                (_, true, ..) => TaskWindow::Today,
                (_, _, true, _) => TaskWindow::Week,
                (.., true) => TaskWindow::All,
                _ => TaskWindow::Open,
            };
            list(ctx, window, owners.typed(ctx)?)?
        }
        Cmd::Done { id } => done(ctx, &id)?,
        Cmd::Snooze { id, duration } => {
            let by = duration.as_deref().map(input::snooze_by).transpose()?;
            let t = tasks::snooze(store, now, task_id(&id)?, by)?;
            if out.json {
                return out.json(&json::task(&t));
            }
            out.done(&format!(
                "Snoozed task #{} {}{}.",
                t.id,
                t.title,
                when(ctx, &t)
            ));
        }
        Cmd::Edit {
            id,
            title,
            due,
            contact,
            deal,
            every,
            case_id,
            owner,
            if_version,
        } => {
            let text = TaskEditText {
                title,
                due,
                contact,
                deal,
                every,
            };
            edit(ctx, &id, text, (case_id, owner), if_version)?
        }
        Cmd::Rm { id, yes } => {
            let id = task_id(&id)?;
            let t = tasks::load(store.read(), id)?;
            super::confirm(yes, &format!("Delete task #{} {}?", t.id, t.title))?;
            let t = tasks::remove(store, now, id)?;
            if out.json {
                return out.json(&json::task(&t));
            }
            out.done(&format!("Deleted task #{} {}.", t.id, t.title));
        }
        Cmd::Reopen { id } => {
            let t = match queue::task_done_or_queue(store, now, task_id(&id)?, false)? {
                Done::Written(t) => t.task,
                Done::Queued(q) => return super::queue::say_queued(ctx, &q),
            };
            if out.json {
                return out.json(&json::task(&t));
            }
            out.done(&format!("Reopened task #{} {}.", t.id, t.title));
        }
    }
    Ok(())
}

fn add(
    ctx: &Ctx,
    text: TaskText,
    (every, case): (Option<String>, Option<String>),
    owner: SetOwner,
) -> Result<()> {
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    let owner = owner.typed()?;
    let mut typed = text.typed(store.read(), now)?;
    typed.owner = owner;
    typed.every = every.as_deref().map(input::every).transpose()?;
    typed.case = case.as_deref().map(input::case_id).transpose()?;
    let t = match queue::task_add_or_queue(store, now, typed)? {
        Done::Written(t) => t,
        Done::Queued(q) => return super::queue::say_queued(ctx, &q),
    };
    if out.json {
        return out.json(&json::task(&t));
    }
    out.done(&format!(
        "Added task #{} {}{}.",
        t.id,
        t.title,
        when(ctx, &t)
    ));
    Ok(())
}

fn list(ctx: &Ctx, window: TaskWindow, owner: Option<Option<String>>) -> Result<()> {
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    let list = store.read().tasks(&TaskFilter {
        window,
        today: now.today(),
        now: now.utc,
        contact_id: None,
        deal_id: None,
        limit: None,
        done_since: None,
        owner,
    })?;
    if out.json {
        return out.json(&list.iter().map(json::task).collect::<Vec<_>>());
    }
    if list.is_empty() {
        out.done("No tasks here. Add one with: crm task add \"Send proposal\" --contact REF --due tomorrow");
        return Ok(());
    }
    out.table(&table(ctx, &list));
    Ok(())
}

/// Ticks a task done; a recurring one makes its next.
fn done(ctx: &Ctx, id: &str) -> Result<()> {
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    let ticked = match queue::task_done_or_queue(store, now, task_id(id)?, true)? {
        Done::Written(t) => t,
        Done::Queued(q) => return super::queue::say_queued(ctx, &q),
    };
    let t = &ticked.task;
    if out.json {
        let mut v = json::task(t);
        v["next"] = ticked.next.as_ref().map(json::task).into();
        return out.json(&v);
    }
    out.done(&if ticked.changed {
        format!("Done: task #{} {}.", t.id, t.title)
    } else {
        format!("Task #{} was already done.", t.id)
    });
    if let Some(n) = &ticked.next {
        out.done(&format!(
            "Next: task #{} {}{}.",
            n.id,
            n.title,
            when(ctx, n)
        ));
    }
    Ok(())
}

fn edit(
    ctx: &Ctx,
    id: &str,
    text: TaskEditText,
    (case, owner): (Option<String>, SetOwner),
    if_version: Option<i64>,
) -> Result<()> {
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    let id = task_id(id)?;
    let owner = owner.typed()?;
    let mut changes = text.typed(store.read(), now)?;
    changes.case = input::case_change(&case)?;
    changes.owner = owner;
    if changes.is_empty() {
        return Err(Error::invalid(
            "nothing to change; give --title, --due, --contact, --deal, --case, --every or --owner.",
        ));
    }
    let (t, changed) = tasks::edit(store, now, id, if_version, changes)?;
    if out.json {
        return out.json(&json::task(&t));
    }
    out.done(&if changed {
        format!("Updated task #{} {}{}.", t.id, t.title, when(ctx, &t))
    } else {
        format!("Task #{} already had those values; nothing changed.", t.id)
    });
    Ok(())
}

/// ", due …, every …" for a confirmation line.
fn when(ctx: &Ctx, t: &Task) -> String {
    let due = t
        .due
        .map(|d| format!(", due {}", due_text(ctx, &d)))
        .unwrap_or_default();
    let every = t.every.map(|e| format!(", every {e}")).unwrap_or_default();
    format!("{due}{every}")
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
    // The EVERY and DONE columns only when some task needs them (never on the agenda).
    let recurring = list.iter().any(|t| t.every.is_some());
    let done = list.iter().any(|t| t.done_at.is_some());
    let owners = super::owner::column_needed(ctx, list.iter().map(|t| t.owner.as_deref()));
    let mut headers = vec![">ID", "DUE", "TASK", "CONTACT", "DEAL"];
    if recurring {
        headers.push("EVERY");
    }
    if owners {
        headers.push("OWNER");
    }
    if done {
        headers.push("DONE");
    }
    let mut t = Table::new(&headers);
    for task in list {
        let mut cells = vec![
            task.id.to_string(),
            task.due.map(|d| due_text(ctx, &d)).unwrap_or_default(),
            task.title.clone(),
            opt(&task.contact),
            opt(&task.deal),
        ];
        if recurring {
            cells.push(task.every.map(|e| e.to_string()).unwrap_or_default());
        }
        if owners {
            cells.push(opt(&task.owner));
        }
        if done {
            cells.push(if task.done_at.is_some() {
                "✓".into()
            } else {
                String::new()
            });
        }
        if is_overdue(ctx, task) {
            t.alert_row(cells);
        } else {
            t.row(cells);
        }
    }
    t
}
