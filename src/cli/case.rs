//! `crm case open|list|show|assign|reply|note|pending|solve|reopen|close` (DESIGN §13): support
//! cases and where they stand against their response-time targets.

use chrono::Duration;
use serde_json::json;

use crate::domain::case::{Case, Move, Priority, Standing, Status, Targets};
use crate::domain::{InteractionKind, Result};
use crate::format::local_time;
use crate::ops::cases;
use crate::resolve;

use super::output::Table;
use super::owner::{OwnerFilter, SetOwner};
use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Debug, clap::Subcommand)]
enum Cmd {
    /// Open a case for a contact
    Open {
        /// The contact (id, e-mail or name)
        reference: String,
        title: String,
        /// low, normal, high or urgent
        #[arg(long, default_value = "normal")]
        priority: String,
        /// One of the contact's deals it is about
        #[arg(long, value_name = "ID")]
        deal: Option<String>,
        #[command(flatten)]
        owner: SetOwner,
    },
    /// Cases, open and pending first by priority, with where they stand on their targets
    List {
        /// Only cases in this status: open, pending, solved, closed [default: all]
        #[arg(long)]
        status: Option<String>,
        /// Only cases of this priority: low, normal, high, urgent
        #[arg(long)]
        priority: Option<String>,
        /// Only this contact's cases
        #[arg(long, value_name = "REF")]
        contact: Option<String>,
        /// Only cases past a target
        #[arg(long)]
        breached: bool,
        #[command(flatten)]
        owners: OwnerFilter,
    },
    /// One case
    Show { id: String },
    /// Give a case to someone (none: nobody)
    Assign {
        id: String,
        /// A user name, or none
        #[arg(value_name = "WHO")]
        owner: String,
    },
    /// Log an outbound e-mail on the case (the first one is its first response)
    Reply { id: String, text: String },
    /// Log a note on the case
    Note { id: String, text: String },
    /// Waiting on the customer
    Pending { id: String },
    /// Solved, with an optional resolution
    Solve {
        id: String,
        #[arg(long)]
        resolution: Option<String>,
    },
    /// Open again
    Reopen { id: String },
    /// Closed for good (a solved case)
    Close { id: String },
}

use crate::input::case::case_id;

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    let t = &ctx.config.case_targets;
    let moved = |id: &str, m: Move, res: Option<&str>| -> Result<Case> {
        cases::change(&ctx.store, &ctx.now, case_id(id)?, m, res)
    };
    let k = match a.cmd {
        Cmd::Open {
            reference,
            title,
            priority,
            deal,
            owner,
        } => {
            let r = ctx.store.read();
            let contact = resolve::contact(r, &reference)?;
            let priority = Priority::parse(&priority)?;
            let deal = deal.as_deref().map(|d| resolve::deal(r, d)).transpose()?;
            let owner = owner
                .typed()?
                .unwrap_or_else(|| ctx.now.by.map(String::from));
            cases::open_owned(
                &ctx.store,
                &ctx.now,
                contact,
                (&title, priority, deal.map(|d| d.id)),
                owner,
            )?
        }
        Cmd::List {
            status,
            priority,
            contact,
            breached,
            owners,
        } => {
            let r = ctx.store.read();
            let owner = owners.typed(ctx)?;
            let status = status.as_deref().map(Status::parse).transpose()?;
            let priority = priority.as_deref().map(Priority::parse).transpose()?;
            let contact = contact
                .as_deref()
                .map(|c| resolve::contact(r, c))
                .transpose()?;
            let list: Vec<Case> = r
                .cases_owned(status, contact, owner.as_ref().map(Option::as_deref))?
                .into_iter()
                .filter(|k| priority.is_none_or(|p| k.priority == p))
                .filter(|k| !breached || is_breached(t, k, ctx))
                .collect();
            return list_out(ctx, t, &list);
        }
        Cmd::Show { id } => return show(ctx, t, case_id(&id)?),
        Cmd::Assign { id, owner } => {
            let id = case_id(&id)?;
            let owner = crate::domain::owner::pick(&owner)?;
            cases::assign(&ctx.store, &ctx.now, id, owner)?
        }
        Cmd::Reply { id, text } => log_on(ctx, &id, InteractionKind::Email, text)?,
        Cmd::Note { id, text } => log_on(ctx, &id, InteractionKind::Note, text)?,
        Cmd::Pending { id } => moved(&id, Move::Pending, None)?,
        Cmd::Solve { id, resolution } => moved(&id, Move::Solve, resolution.as_deref())?,
        Cmd::Reopen { id } => moved(&id, Move::Reopen, None)?,
        Cmd::Close { id } => moved(&id, Move::Close, None)?,
    };
    if ctx.out.json {
        return ctx.out.json(&case_json(t, &k, ctx));
    }
    ctx.out.done(&format!(
        "Case #{} {} ({}, {}) for {}: {}.",
        k.id,
        k.title,
        k.priority,
        k.status,
        k.contact,
        standing_text(t, &k, ctx)
    ));
    Ok(())
}

/// The whole case: where it stands against each target, and its timeline.
fn show(ctx: &Ctx, t: &Targets, id: i64) -> Result<()> {
    let r = ctx.store.read();
    let k = cases::load(r, id)?;
    let timeline = r.case_interactions(id, 200)?;
    if ctx.out.json {
        let mut v = case_json(t, &k, ctx);
        v["interactions"] = json!(timeline
            .iter()
            .map(crate::export::json::interaction)
            .collect::<Vec<_>>());
        return ctx.out.json(&v);
    }
    let when = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map_or("not yet".to_string(), |a| local_time(&ctx.now, a))
    };
    let mut lines = vec![
        format!("Case #{} {}", k.id, k.title),
        format!("Contact     {}", k.contact),
        format!("Priority    {}", k.priority),
        format!("Status      {}", k.status),
        format!("Owner       {}", k.owner.as_deref().unwrap_or("nobody")),
        format!("Opened      {}", local_time(&ctx.now, k.opened_at)),
        format!("Replied     {}", when(k.first_response_at)),
        format!("Solved      {}", when(k.solved_at)),
        format!(
            "Targets     {} (reply by {}, solve by {})",
            standing_text(t, &k, ctx),
            local_time(&ctx.now, t.first_response_by(k.priority, k.opened_at)),
            local_time(&ctx.now, t.resolution_by(k.priority, k.opened_at))
        ),
    ];
    if let Some(res) = &k.resolution {
        lines.push(format!("Resolution  {res}"));
    }
    for l in lines {
        ctx.out.done(&l);
    }
    if timeline.is_empty() {
        ctx.out.done(&format!(
            "\nNothing filed on it yet: crm case reply {id} TEXT, or --case {id} on crm log."
        ));
        return Ok(());
    }
    ctx.out
        .done(&format!("\nTimeline ({}, newest first)", timeline.len()));
    let mut table = Table::new(&[">ID", "WHEN", "KIND", "DIR", "SUMMARY"]);
    for i in &timeline {
        table.row(vec![
            i.id.to_string(),
            local_time(&ctx.now, i.occurred_at),
            i.kind.to_string(),
            i.direction.map(|d| d.to_string()).unwrap_or_default(),
            i.summary.clone(),
        ]);
    }
    ctx.out.table(&table);
    Ok(())
}

/// Logs a reply (an outbound e-mail) or a note on a case, and returns the case after it.
fn log_on(ctx: &Ctx, id: &str, kind: InteractionKind, text: String) -> Result<Case> {
    cases::log_on(&ctx.store, &ctx.now, case_id(id)?, kind, &text)
}

/// Open and pending cases past a target, most urgent first (for the agenda).
pub(super) fn breached(ctx: &Ctx) -> Result<Vec<Case>> {
    let t = &ctx.config.case_targets;
    Ok(ctx
        .store
        .read()
        .cases(None, None)?
        .into_iter()
        .filter(|k| matches!(k.status, Status::Open | Status::Pending) && is_breached(t, k, ctx))
        .collect())
}

/// A case as JSON with where it stands, for `case` and the agenda.
pub(super) fn to_json(ctx: &Ctx, k: &Case) -> serde_json::Value {
    case_json(&ctx.config.case_targets, k, ctx)
}

/// A table of cases with where they stand.
pub(super) fn table(ctx: &Ctx, list: &[Case]) -> Table {
    let t = &ctx.config.case_targets;
    let owners = super::owner::column_needed(ctx, list.iter().map(|k| k.owner.as_deref()));
    let mut headers = vec![
        ">ID", "PRIORITY", "STATUS", "OPENED", "CONTACT", "TITLE", "TARGETS",
    ];
    if owners {
        headers.push("OWNER");
    }
    let mut table = Table::new(&headers);
    for k in list {
        let mut row = vec![
            k.id.to_string(),
            k.priority.to_string(),
            k.status.to_string(),
            local_time(&ctx.now, k.opened_at),
            k.contact.clone(),
            k.title.clone(),
            standing_text(t, k, ctx),
        ];
        if owners {
            row.push(k.owner.clone().unwrap_or_default());
        }
        if is_breached(t, k, ctx) {
            table.alert_row(row);
        } else {
            table.row(row);
        }
    }
    table
}

fn standings(t: &Targets, k: &Case, ctx: &Ctx) -> (Standing, Standing) {
    // A case that is no longer open stops its clocks where they were.
    let [first, solve] = t.clocks(k, ctx.now.utc);
    (first.standing, solve.standing)
}

fn is_breached(t: &Targets, k: &Case, ctx: &Ctx) -> bool {
    t.breached(k, ctx.now.utc)
}

fn left(d: Duration) -> String {
    if d >= Duration::days(1) {
        format!("{}d", d.num_days())
    } else if d >= Duration::hours(1) {
        format!("{}h", d.num_hours())
    } else {
        format!("{}m", d.num_minutes().max(0))
    }
}

fn standing_text(t: &Targets, k: &Case, ctx: &Ctx) -> String {
    let (first, solve) = standings(t, k, ctx);
    let one = |what: &str, s: Standing| match s {
        Standing::Met => format!("{what} in time"),
        Standing::Left(d) => format!("{what} due in {}", left(d)),
        Standing::Breached => format!("{what} BREACHED"),
    };
    format!(
        "{}, {}",
        one("first response", first),
        one("resolution", solve)
    )
}

fn case_json(t: &Targets, k: &Case, ctx: &Ctx) -> serde_json::Value {
    let (first, solve) = standings(t, k, ctx);
    let word = |s: Standing| match s {
        Standing::Met => "met",
        Standing::Left(_) => "running",
        Standing::Breached => "breached",
    };
    let mut v = serde_json::to_value(k).unwrap_or_default();
    v["first_response_due"] = json!(t
        .first_response_by(k.priority, k.opened_at)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    v["resolution_due"] = json!(t
        .resolution_by(k.priority, k.opened_at)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    v["first_response_target"] = json!(word(first));
    v["resolution_target"] = json!(word(solve));
    v["breached"] = json!(is_breached(t, k, ctx));
    v
}

fn list_out(ctx: &Ctx, t: &Targets, list: &[Case]) -> Result<()> {
    if ctx.out.json {
        return ctx.out.json(
            &list
                .iter()
                .map(|k| case_json(t, k, ctx))
                .collect::<Vec<_>>(),
        );
    }
    if list.is_empty() {
        ctx.out.done(
            "No cases match. Open one with: crm case open REF \"what is wrong\" --priority high",
        );
        return Ok(());
    }
    ctx.out.table(&table(ctx, list));
    Ok(())
}
