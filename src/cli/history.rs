//! `crm history [REF] [--by WHO]`: what changed, newest first, with change ids for
//! `crm undo`.

use crate::domain::Result;
use crate::export::json;
use crate::resolve;

use super::output::{local_time, Table};
use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A contact: its changes and those of its deals, interactions and tasks
    reference: Option<String>,
    /// Only the changes this person made (the OS user name shown in the BY column)
    #[arg(long, value_name = "WHO")]
    by: Option<String>,
    #[arg(long, default_value_t = 50, value_parser = super::args::positive_count)]
    limit: usize,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let r = ctx.store.read();
    let contact = args
        .reference
        .as_deref()
        .map(|x| resolve::contact(r, x))
        .transpose()?;
    let rows = r.history_by(contact, args.by.as_deref(), args.limit)?;
    if ctx.out.json {
        return ctx
            .out
            .json(&rows.iter().map(json::history).collect::<Vec<_>>());
    }
    if rows.is_empty() {
        ctx.out.done("No changes recorded yet.");
        return Ok(());
    }
    let mut t = Table::new(&[">CHANGE", "WHEN", "BY", "WHAT", ">ID", "ACTION", "DETAIL"]);
    for h in rows {
        t.row(vec![
            h.change.map(|c| c.to_string()).unwrap_or_default(),
            local_time(&ctx.now, h.at),
            h.by.clone().unwrap_or_default(),
            h.entity.clone(),
            h.entity_id.to_string(),
            h.action.clone(),
            describe(&h),
        ]);
    }
    ctx.out.table(&t);
    Ok(())
}

/// How much of a changed text value the DETAIL column shows.
const SHOWN_CHARS: usize = 80;

/// A short human summary of a change: the record's name and what fields changed.
pub(super) fn describe(h: &crate::domain::HistoryEntry) -> String {
    // A long value shows its start: the DETAIL column is one line of a table.
    let short = |s: &str| match s.char_indices().nth(SHOWN_CHARS) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    };
    let name = |v: &serde_json::Value| {
        ["name", "title", "summary"]
            .iter()
            .find_map(|k| v.get(k).and_then(|x| x.as_str()).map(short))
    };
    let omitted = |v: &Option<serde_json::Value>| {
        v.as_ref()
            .and_then(|v| v.get("omitted_bytes"))
            .and_then(|n| n.as_u64())
    };
    if let Some(n) = omitted(&h.after).or_else(|| omitted(&h.before)) {
        let who = [&h.after, &h.before]
            .into_iter()
            .flatten()
            .find_map(name)
            .map(|w| format!("{w} "))
            .unwrap_or_default();
        return format!("{who}(a record of {n} bytes, too long to show here)");
    }
    match (&h.before, &h.after) {
        (Some(b), Some(a)) if b.is_object() && a.is_object() => {
            let changed: Vec<String> = a
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(k, v)| b.get(k.as_str()) != Some(v) && !k.ends_with("_at"))
                .map(|(k, v)| match v {
                    serde_json::Value::String(s) => format!("{k}: {}", short(s)),
                    serde_json::Value::Number(n) => format!("{k}: {n}"),
                    _ => k.clone(),
                })
                .collect();
            let who = name(a).or_else(|| name(b)).unwrap_or_default();
            if changed.is_empty() {
                who
            } else {
                format!("{who} ({})", changed.join(", "))
            }
        }
        (_, Some(a)) => name(a).unwrap_or_default(),
        (Some(b), None) => name(b).unwrap_or_default(),
        (None, None) => String::new(),
    }
}
