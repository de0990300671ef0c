//! The write-behind queue on the command line (see `ops::queue`): every command first
//! writes what was queued while another crm was writing, and `crm doctor --queue` lists,
//! retries or drops what could not be written.

use std::io::Write;

use crate::domain::text::sanitize;
use crate::domain::Result;
use crate::ops::queue;

use super::Ctx;

#[derive(Debug, Default, clap::Args)]
pub struct QueueArgs {
    /// List the changes queued while another crm was writing, and those that failed
    #[arg(long)]
    queue: bool,
    /// With --queue: try the failed ones again
    #[arg(long, requires = "queue")]
    retry: bool,
    /// With --queue: drop the queued change with this key (or the key's start)
    #[arg(long, value_name = "KEY", requires = "queue")]
    drop: Option<String>,
}

/// Writes what waits in the queue, if anything does and the write lock is free now (one
/// `stat` when nothing was ever queued); says so on stderr. Never fails the command.
pub fn drain(ctx: &Ctx) {
    let Ok(d) = queue::drain(&ctx.store, &ctx.now, queue::DRAIN_WAIT) else {
        return;
    };
    let mut err = std::io::stderr().lock();
    if d.applied > 0 && !ctx.out.quiet {
        let _ = writeln!(
            err,
            "crm: wrote {} change{} queued while another crm was writing.",
            d.applied,
            if d.applied == 1 { "" } else { "s" }
        );
    }
    for (what, e) in &d.failed {
        let _ = writeln!(
            err,
            "warning: the queued {} could not be written: {}; it is kept, see crm doctor --queue.",
            sanitize(what),
            sanitize(e)
        );
    }
}

/// `crm doctor --queue [--retry | --drop KEY]`; `false` when not asked.
pub fn doctor(ctx: &Ctx, a: &QueueArgs) -> Result<bool> {
    if !a.queue {
        return Ok(false);
    }
    if let Some(key) = &a.drop {
        let what = queue::drop(&ctx.store, key)?;
        ctx.out.done(&format!("Dropped the queued {what}."));
        return Ok(true);
    }
    if a.retry {
        let n = queue::retry(&ctx.store)?;
        let d = queue::drain(&ctx.store, &ctx.now, queue::SHORT_WAIT)?;
        ctx.out.done(&format!(
            "Tried {n} failed change{} again: {} written now.",
            if n == 1 { "" } else { "s" },
            d.applied
        ));
    }
    let queued = ctx.store.queued()?;
    if ctx.out.json {
        let rows: Vec<_> = queued
            .iter()
            .map(|q| {
                serde_json::json!({
                    "key": q.key, "queued_at": q.queued_at, "what": q.what, "error": q.error,
                })
            })
            .collect();
        ctx.out.json(&rows)?;
        return Ok(true);
    }
    if queued.is_empty() {
        ctx.out.done("Nothing is queued.");
        return Ok(true);
    }
    let mut t = super::output::Table::new(&["key", "queued", "change", "state"]);
    for q in &queued {
        t.row(vec![
            q.key[..8.min(q.key.len())].to_string(),
            q.queued_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            q.what.clone(),
            q.error
                .as_deref()
                .map_or("waiting for the write lock".into(), |e| {
                    format!("failed: {e}")
                }),
        ]);
    }
    ctx.out.table(&t);
    Ok(true)
}

/// Queued changes that failed, as `crm doctor` problems.
pub fn problems(ctx: &Ctx) -> Vec<String> {
    ctx.store
        .queued()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|q| {
            q.error.map(|e| {
                format!(
                    "the queued {} could not be written ({e}); crm doctor --queue --retry tries again, --drop {} drops it",
                    q.what,
                    &q.key[..8.min(q.key.len())]
                )
            })
        })
        .collect()
}
