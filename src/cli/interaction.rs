//! `crm interaction list|show|edit|rm`: find, read, fix and remove logged interactions.

use clap::Subcommand;

use crate::domain::period;
use crate::domain::text::{sanitize, sanitize_line};
use crate::domain::*;
use crate::export::json;
use crate::input::log::{interaction_id, LogEditText};
use crate::ops::interactions;
use crate::resolve;
use crate::store::InteractionFilter;

use super::contact::interaction_cells;
use super::output::{local_time, Table};
use super::Ctx;

/// How many rows `list` shows unless told otherwise, so it stays fast on a big database.
const DEFAULT_LIMIT: usize = 50;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Logged interactions, newest first
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// One interaction in full, body included
    Show {
        /// The interaction's number (shown in timelines and crm interaction list)
        id: String,
    },
    /// Fix a logged interaction: any of the flags of crm log, plus --summary and --contact
    Edit {
        /// The interaction's number (shown in timelines and crm interaction list)
        id: String,
        /// call, email, meeting, note, message or feedback
        #[arg(long)]
        kind: Option<String>,
        /// Move it to another contact (id, e-mail or name)
        #[arg(long, value_name = "REF")]
        contact: Option<String>,
        /// The one-line summary
        #[arg(long)]
        summary: Option<String>,
        /// When it happened: yesterday, "2026-11-20 14:00", ...
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        at: Option<String>,
        /// Accept an --at more than a day ahead
        #[arg(long, requires = "at")]
        future: bool,
        /// How long: 30, 30m, 1h, 1h30m, or none
        #[arg(long, allow_hyphen_values = true)]
        duration: Option<String>,
        /// The deal it was about, or none
        #[arg(long, value_name = "ID|none")]
        deal: Option<String>,
        /// in or out
        #[arg(long)]
        direction: Option<String>,
        /// Feedback score 0-10
        #[arg(long, allow_negative_numbers = true)]
        score: Option<i64>,
        /// Longer text, - to read it from standard input, or "" to clear it
        #[arg(long, value_name = "TEXT|-")]
        body: Option<String>,
        /// Refuse the edit unless it is still at this version (the `version` of --json)
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
    },
    /// Delete a logged interaction
    #[command(visible_alias = "remove")]
    Rm {
        /// The interaction's number (shown in timelines and crm interaction list)
        id: String,
        /// Do not ask
        #[arg(long, short)]
        yes: bool,
    },
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    match args.cmd {
        Cmd::List(a) => list(ctx, a),
        Cmd::Show { id } => {
            let i = interactions::load(ctx.store.read(), interaction_id(&id)?)?;
            show(ctx, &i)
        }
        Cmd::Edit {
            id,
            kind,
            contact,
            summary,
            at,
            future,
            duration,
            deal,
            direction,
            score,
            body,
            if_version,
        } => {
            let (store, now) = (&ctx.store, &ctx.now);
            let id = interaction_id(&id)?;
            let text = LogEditText {
                kind,
                contact,
                summary,
                at,
                duration,
                deal,
                direction,
                score,
                body: super::log::body(body)?,
                future,
            };
            let changes = text.typed(store.read(), now)?;
            if changes.is_empty() {
                return Err(Error::invalid(
                    "nothing to change; give --summary, --at, --kind, --duration, --deal, --direction, --score, --body or --contact.",
                ));
            }
            let (i, changed) = interactions::edit(store, now, id, if_version, changes)?;
            if ctx.out.json {
                return ctx.out.json(&json::interaction(&i));
            }
            ctx.out.done(&if changed {
                format!(
                    "Updated interaction #{}: {} with {}, {}.",
                    i.id, i.kind, i.contact, i.summary
                )
            } else {
                format!(
                    "Interaction #{} already had those values; nothing changed.",
                    i.id
                )
            });
            Ok(())
        }
        Cmd::Rm { id, yes } => {
            let (store, now) = (&ctx.store, &ctx.now);
            let id = interaction_id(&id)?;
            let i = interactions::load(store.read(), id)?;
            super::confirm(
                yes,
                &format!(
                    "Delete interaction #{} ({} with {}: {})?",
                    i.id, i.kind, i.contact, i.summary
                ),
            )?;
            let i = interactions::remove(store, now, id)?;
            if ctx.out.json {
                return ctx.out.json(&json::interaction(&i));
            }
            ctx.out.done(&format!(
                "Deleted interaction #{} ({} with {}).",
                i.id, i.kind, i.contact
            ));
            Ok(())
        }
    }
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    /// call, email, meeting, note, message or feedback
    #[arg(long)]
    kind: Option<String>,
    /// Contact id, e-mail or name
    #[arg(long, value_name = "REF")]
    contact: Option<String>,
    /// The deal's number
    #[arg(long, value_name = "ID")]
    deal: Option<String>,
    /// The support case's number: its replies, notes and the customer's messages
    #[arg(long = "case", value_name = "ID")]
    case_id: Option<String>,
    /// From this date on: 2026-11-01, "last mon", -2w, ...
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    since: Option<String>,
    /// Up to this date (a whole day counts in full)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    until: Option<String>,
    /// At most this many [default: 50]
    #[arg(long, value_name = "N", value_parser = super::args::positive_count)]
    limit: Option<usize>,
}

fn list(ctx: &Ctx, a: ListArgs) -> Result<()> {
    let ListArgs {
        kind,
        contact,
        deal,
        case_id,
        since,
        until,
        limit,
    } = a;
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    let flagged = |flag: &str, e: Error| Error::invalid(format!("{flag}: {e}"));
    let kind = kind.as_deref().map(InteractionKind::parse).transpose()?;
    // Period words too: `--since "last month"` is its first day, `--until` its last.
    let since = since
        .as_deref()
        .map(|s| {
            period::parse_since(s, now.local())
                .map(|w| now.instant(w))
                .map_err(|e| flagged("--since", e))
        })
        .transpose()?;
    // The end is exclusive: a whole day or period given as --until counts in full.
    let until = until
        .as_deref()
        .map(|u| {
            period::parse_until(u, now.local())
                .map(|w| now.instant(w))
                .map_err(|e| flagged("--until", e))
        })
        .transpose()?;
    if let (Some(a), Some(b)) = (since, until) {
        if a >= b {
            return Err(Error::invalid(
                "--since is not before --until; the period is empty.",
            ));
        }
    }
    if limit == Some(0) {
        return Err(Error::invalid("--limit must be at least 1."));
    }
    let r = store.read();
    let contact_id = contact
        .as_deref()
        .map(|c| resolve::contact(r, c))
        .transpose()?;
    let deal_id = deal
        .as_deref()
        .map(|d| resolve::deal(r, d).map(|d| d.id))
        .transpose()?;
    let case_id = case_id
        .as_deref()
        .map(|k| {
            let id = crate::input::task::case_id(k)?;
            crate::ops::cases::load(r, id).map(|k| k.id)
        })
        .transpose()?;
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    let list = r.interactions(&InteractionFilter {
        contact_id,
        deal_id,
        case_id,
        kind,
        since,
        until,
        limit: Some(limit),
        body_up_to: Some(crate::store::BODY_SHOWN),
    })?;
    if out.json {
        return out.json(&list.iter().map(json::interaction).collect::<Vec<_>>());
    }
    if list.is_empty() {
        out.done("No interactions here. Log one with: crm log call REF \"what was said\"");
        return Ok(());
    }
    let mut t = Table::new(&[">ID", "WHEN", "CONTACT", "KIND", "", ">LEN", "SUMMARY"]);
    for i in &list {
        let mut cells = interaction_cells(ctx, i);
        cells.insert(2, format!("{} (#{})", i.contact, i.contact_id));
        t.row(cells);
    }
    out.table(&t);
    if list.len() == limit {
        eprintln!("note: showing the {limit} latest; --limit N shows more.");
    }
    Ok(())
}

fn show(ctx: &Ctx, i: &Interaction) -> Result<()> {
    let out = &ctx.out;
    if out.json {
        return out.json(&json::interaction(i));
    }
    out.heading(&format!(
        "Interaction #{}: {}",
        i.id,
        sanitize_line(&i.summary)
    ));
    let mut t = Table::new(&["", ""]);
    let mut row = |k: &str, v: String| t.row(vec![k.to_string(), v]);
    row("when", local_time(&ctx.now, i.occurred_at));
    row("kind", i.kind.to_string());
    if let Some(d) = i.direction {
        row("direction", d.to_string());
    }
    row("contact", format!("{} (#{})", i.contact, i.contact_id));
    if let Some(d) = i.deal_id {
        row("deal", format!("#{d}"));
    }
    if let Some(m) = i.duration_min {
        row("duration", format!("{m}m"));
    }
    if let Some(s) = i.score {
        row("score", format!("{s}/10"));
    }
    row("version", i.version.to_string());
    out.table(&t);
    if let Some(body) = &i.body {
        out.line("");
        out.line(&sanitize(body));
    }
    Ok(())
}
