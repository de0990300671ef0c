//! `crm remind [--dry-run]` (DESIGN §11), for cron and systemd timers: runs the time-based
//! rules, then sends the reminders that came due through `[notify] command`, or prints them.
//! Each is sent once, however often this runs.

use std::time::Duration;

use serde_json::json;

use crate::domain::text::sanitize;
use crate::domain::Result;
use crate::ops::automation::remind::{remind, unsent, Reminder};

use super::rule::outbox_json;
use super::Ctx;

/// The most reminders sent one by one in a run; the rest go out as one summary, so a first
/// run over a year of overdue tasks is one notification, not a hundred.
const SEPARATE: usize = 5;

/// How long the notify command may take.
const NOTIFY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show what would be done and sent, and do nothing
    #[arg(long)]
    dry_run: bool,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let done = remind(
        &ctx.store,
        &ctx.now,
        &ctx.config.cadence,
        true,
        args.dry_run,
    )?;
    if !args.dry_run {
        // Time decay of lead scores, once a day.
        crate::ops::scores::refresh_daily(&ctx.store, &ctx.now)?;
    }
    let messages = batch(&done.reminders);
    if ctx.out.json {
        ctx.out.json(&json!({
            "dry_run": args.dry_run,
            "rules": outbox_json(&done.outbox),
            "reminders": done.reminders.iter().map(|r| json!({"title": r.title, "text": r.text})).collect::<Vec<_>>(),
        }))?;
    } else {
        let verb = if args.dry_run { "would " } else { "" };
        for f in &done.outbox.fired {
            ctx.out.done(&format!(
                "rule {:?} ({}) {verb}did: {}",
                f.rule,
                f.event,
                f.did.join("; ")
            ));
        }
        if args.dry_run {
            for (title, text) in &messages {
                ctx.out.done(&format!("would remind: {title}: {text}"));
            }
            if done.outbox.fired.is_empty() && messages.is_empty() {
                ctx.out
                    .done("Nothing is due; nothing would be done or sent.");
            }
        }
    }
    for s in &done.outbox.skipped {
        eprintln!("warning: {}", sanitize(s));
    }
    if args.dry_run {
        return Ok(());
    }
    super::automation::run_hooks(ctx, &done.outbox);
    send(ctx, &done.reminders, &messages)
}

/// The notifications to send: the first few one by one, the rest summed up in one.
fn batch(reminders: &[Reminder]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = reminders
        .iter()
        .take(SEPARATE)
        .map(|r| (r.title.clone(), r.text.clone()))
        .collect();
    if reminders.len() > SEPARATE {
        let rest = &reminders[SEPARATE..];
        let mut text = rest
            .iter()
            .take(10)
            .map(|r| r.text.clone())
            .collect::<Vec<_>>()
            .join("\n");
        if rest.len() > 10 {
            text.push_str(&format!("\n… and {} more (crm agenda)", rest.len() - 10));
        }
        out.push((format!("crm: {} more tasks due", rest.len()), text));
    }
    out
}

fn send(ctx: &Ctx, reminders: &[Reminder], messages: &[(String, String)]) -> Result<()> {
    let Some(command) = &ctx.config.notify.command else {
        if !ctx.out.json {
            for (title, text) in messages {
                ctx.out.line(&sanitize(&format!("{title}: {text}")));
            }
        }
        return Ok(());
    };
    for (i, (title, text)) in messages.iter().enumerate() {
        if let Err(e) = crate::hooks::notify(command, title, text, NOTIFY_TIMEOUT) {
            eprintln!(
                "warning: the [notify] command failed: {} What was not sent is tried again on the next run.",
                sanitize(&e)
            );
            // Message i is reminder i, or the summary of all from SEPARATE on.
            unsent(
                &ctx.store,
                &reminders[i.min(SEPARATE).min(reminders.len())..],
            )?;
            break;
        }
    }
    Ok(())
}
