//! `crm deal add|list|show|edit|move|won|lost|rm`.

use clap::Subcommand;

use crate::domain::*;
use crate::ops::deals::{self, DealChanges, Moved};
use crate::ops::resolve;
use crate::store::{DealFilter, InteractionFilter};

use super::output::{local_time, opt, Table};
use super::{confirm, Ctx};
use crate::export::json;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Open a deal
    Add {
        title: String,
        #[command(flatten)]
        fields: Fields,
    },
    /// List deals
    #[command(visible_alias = "ls")]
    List {
        #[arg(long)]
        stage: Option<String>,
        /// open, won or lost
        #[arg(long)]
        status: Option<String>,
        /// Contact id, e-mail or name
        #[arg(long)]
        contact: Option<String>,
        #[arg(long)]
        limit: Option<usize>,
    },
    /// A deal with its stage history and interactions
    Show { id: String },
    /// Change a deal
    Edit {
        id: String,
        #[arg(long)]
        title: Option<String>,
        #[command(flatten)]
        fields: Fields,
    },
    /// Move a deal to a stage (won/lost close it; a closed deal moved to a stage is reopened)
    Move { id: String, stage: String },
    /// Mark a deal won
    Won { id: String },
    /// Mark a deal lost
    Lost {
        id: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Remove a deal
    #[command(visible_alias = "remove")]
    Rm {
        id: String,
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Debug, clap::Args)]
struct Fields {
    /// Contact id, e-mail or name
    #[arg(long, value_name = "REF")]
    contact: Option<String>,
    /// Company (default: the contact's)
    #[arg(long, value_name = "C")]
    company: Option<String>,
    /// Amount in major units: 4500, 4500.50, 4,500.50
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    value: Option<String>,
    /// ISO 4217 code [default: from config, else USD]
    #[arg(long, value_name = "CUR")]
    currency: Option<String>,
    /// Stage name [default: the first stage]
    #[arg(long, value_name = "S")]
    stage: Option<String>,
    /// Win probability 0-100, overriding the stage's default ("" goes back to it)
    #[arg(long, value_name = "P", allow_hyphen_values = true)]
    probability: Option<String>,
    /// Expected close date: 2026-12-01, +30d, next fri, ...
    #[arg(long, value_name = "DATE")]
    close: Option<String>,
}

fn changes(title: Option<String>, f: Fields) -> DealChanges {
    DealChanges {
        title,
        contact: f.contact,
        company: f.company,
        value: f.value,
        currency: f.currency,
        stage: f.stage,
        probability: f.probability,
        close: f.close,
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    let report = |d: &Deal, verb: &str| -> Result<()> {
        if out.json {
            return out.json(&json::deal(d));
        }
        out.done(&format!(
            "{verb} deal #{} {} ({}, {}).",
            d.id,
            d.title,
            d.stage_label(),
            d.value
        ));
        Ok(())
    };
    match args.cmd {
        Cmd::Add { title, fields } => {
            let d = deals::add(
                store,
                now,
                ctx.config.default_currency,
                changes(Some(title), fields),
            )?;
            report(&d, "Opened")?;
        }
        Cmd::List {
            stage,
            status,
            contact,
            limit,
        } => {
            let r = store.read();
            let filter = DealFilter {
                stage_id: stage
                    .as_deref()
                    .map(|s| resolve::stage(r, s))
                    .transpose()?
                    .map(|s| s.id),
                status: status.as_deref().map(DealStatus::parse).transpose()?,
                contact_id: contact
                    .as_deref()
                    .map(|c| resolve::contact(r, c))
                    .transpose()?,
                company_id: None,
                limit,
            };
            let list = r.deals(&filter)?;
            if out.json {
                return out.json(&list.iter().map(json::deal).collect::<Vec<_>>());
            }
            if list.is_empty() {
                out.done("No deals match. Open one with: crm deal add \"Website redesign\" --contact REF --value 4500");
                return Ok(());
            }
            out.table(&table(ctx, &list));
        }
        Cmd::Show { id } => {
            let d = resolve::deal(store.read(), &id)?;
            let path = store.read().stage_history(d.id)?;
            let talks = store.read().interactions(&InteractionFilter {
                deal_id: Some(d.id),
                limit: Some(20),
                ..Default::default()
            })?;
            if out.json {
                let mut v = json::deal(&d);
                v["stage_history"] = path
                    .iter()
                    .map(|c| serde_json::json!({"from": c.from_stage, "to": c.to_stage, "status": c.status, "at": json::time(c.at)}))
                    .collect();
                v["interactions"] = talks.iter().map(json::interaction).collect();
                return out.json(&v);
            }
            out.line(&out.bold(&format!(
                "#{} {}",
                d.id,
                crate::domain::text::sanitize(&d.title)
            )));
            let rows = [
                ("Contact", opt(&d.contact)),
                ("Company", opt(&d.company)),
                ("Stage", d.stage_label().to_string()),
                ("Value", d.value.to_string()),
                (
                    "Probability",
                    format!(
                        "{}%{}",
                        d.effective_probability(),
                        if d.probability.is_some() {
                            ""
                        } else {
                            " (stage default)"
                        }
                    ),
                ),
                (
                    "Close",
                    d.expected_close.map(|c| c.to_string()).unwrap_or_default(),
                ),
                ("Lost because", opt(&d.lost_reason)),
                ("Opened", local_time(now, d.created_at)),
                (
                    "Closed",
                    d.closed_at.map(|c| local_time(now, c)).unwrap_or_default(),
                ),
            ];
            for (k, v) in rows {
                if !v.is_empty() {
                    out.line(&format!("  {k:<13} {}", crate::domain::text::sanitize(&v)));
                }
            }
            out.heading("Stage history");
            for c in &path {
                let to = match c.status {
                    DealStatus::Open => c.to_stage.clone().unwrap_or_default(),
                    s => s.to_string(),
                };
                let from = c
                    .from_stage
                    .as_deref()
                    .map(|f| format!("{f} → "))
                    .unwrap_or_default();
                out.line(&format!(
                    "  {}  {}{}",
                    local_time(now, c.at),
                    crate::domain::text::sanitize(&from),
                    crate::domain::text::sanitize(&to)
                ));
            }
            if !talks.is_empty() {
                out.heading("Interactions");
                let mut t = Table::new(&["WHEN", "KIND", "", ">LEN", "SUMMARY"]);
                for i in &talks {
                    t.row(super::contact::interaction_cells(ctx, i));
                }
                out.print(&t.render(out));
            }
        }
        Cmd::Edit { id, title, fields } => {
            let d = deals::edit(store, now, &id, changes(title, fields))?;
            report(&d, "Updated")?;
        }
        Cmd::Move { id, stage } => match deals::move_to(store, now, &id, &stage)? {
            Moved::To(d) => report(&d, "Moved")?,
            Moved::Reopened(d) => report(&d, "Reopened")?,
            Moved::Unchanged(d) => {
                if out.json {
                    return out.json(&json::deal(&d));
                }
                out.done(&format!("Deal #{} is already in {}.", d.id, d.stage));
            }
        },
        Cmd::Won { id } => {
            let d = deals::close(store, now, &id, DealStatus::Won, None)?;
            report(&d, "Won")?;
        }
        Cmd::Lost { id, reason } => {
            let d = deals::close(store, now, &id, DealStatus::Lost, reason.as_deref())?;
            report(&d, "Lost")?;
        }
        Cmd::Rm { id, yes } => {
            let d = resolve::deal(store.read(), &id)?;
            confirm(yes, &format!("Remove deal #{} {}?", d.id, d.title))?;
            deals::remove(store, now, &id)?;
            out.done(&format!("Removed deal #{} {}.", d.id, d.title));
        }
    }
    Ok(())
}

pub fn table(ctx: &Ctx, deals: &[Deal]) -> Table {
    let mut t = Table::new(&[
        ">ID", "TITLE", "CONTACT", "STAGE", ">VALUE", "CUR", ">PROB", "CLOSE",
    ]);
    for d in deals {
        let overdue =
            d.status == DealStatus::Open && d.expected_close.is_some_and(|c| c < ctx.now.today());
        let close = d.expected_close.map(|c| c.to_string()).unwrap_or_default();
        let cells = vec![
            d.id.to_string(),
            d.title.clone(),
            opt(&d.contact),
            d.stage_label().to_string(),
            d.value.amount_text(),
            d.value.currency.to_string(),
            format!("{}%", d.effective_probability()),
            close,
        ];
        if overdue {
            t.alert_row(cells);
        } else {
            t.row(cells);
        }
    }
    t
}
