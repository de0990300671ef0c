//! `crm deal add|list|show|edit|move|won|lost|rm`.

use clap::Subcommand;

use crate::domain::money::Money;
use crate::domain::text::sanitize;
use crate::domain::*;
use crate::input::deal::DealText;
use crate::ops::deals::{self, Moved, Target};
use crate::resolve;
use crate::store::{DealFilter, InteractionFilter};

use super::output::{local_time, opt, Table};
use super::owner::{OwnerFilter, SetOwner};
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
        #[command(flatten)]
        new: AddFields,
        #[command(flatten)]
        owner: SetOwner,
    },
    /// List deals
    #[command(visible_alias = "ls")]
    List {
        #[arg(long)]
        stage: Option<String>,
        /// open, won, lost, or all of them [default: all]
        #[arg(long)]
        status: Option<String>,
        /// Contact id, e-mail or name
        #[arg(long)]
        contact: Option<String>,
        #[arg(long, value_parser = super::args::positive_count)]
        limit: Option<usize>,
        #[command(flatten)]
        owners: OwnerFilter,
        #[command(flatten)]
        select: super::select::Select,
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
        #[command(flatten)]
        change: EditFields,
        #[command(flatten)]
        owner: SetOwner,
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

/// The flags `deal add` and `deal edit` share.
#[derive(Debug, clap::Args)]
struct Fields {
    /// Contact id, e-mail or name
    #[arg(long, value_name = "REF")]
    contact: Option<String>,
    /// Amount in major units: 4500, 4500.50, 4,500.50
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    value: Option<String>,
    /// Win probability 0-100, overriding the stage's default ("" goes back to it)
    #[arg(long, value_name = "P", allow_hyphen_values = true)]
    probability: Option<String>,
    /// Expected close date: 2026-12-01, +30d, next fri, ...
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    close: Option<String>,
}

/// `deal add`'s company, currency and stage, whose help names what an omitted one becomes.
#[derive(Debug, clap::Args)]
struct AddFields {
    /// Company [default: the contact's]
    #[arg(long, value_name = "C")]
    company: Option<String>,
    /// ISO 4217 code [default: from config, else USD]
    #[arg(long, value_name = "CUR")]
    currency: Option<String>,
    /// Stage name [default: the first stage]
    #[arg(long, value_name = "S")]
    stage: Option<String>,
}

/// `deal edit`'s: an omitted one is left as it is.
#[derive(Debug, clap::Args)]
struct EditFields {
    /// Company ("" removes it)
    #[arg(long, value_name = "C")]
    company: Option<String>,
    /// ISO 4217 code
    #[arg(long, value_name = "CUR")]
    currency: Option<String>,
    /// Stage name
    #[arg(long, value_name = "S")]
    stage: Option<String>,
}

impl Fields {
    fn text(
        self,
        title: Option<String>,
        company: Option<String>,
        currency: Option<String>,
        stage: Option<String>,
    ) -> DealText {
        DealText {
            title,
            contact: self.contact,
            company,
            value: self.value,
            currency,
            stage,
            probability: self.probability,
            close: self.close,
        }
    }
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, now) = (&ctx.store, &ctx.now);
    let deal = |id: &str| resolve::deal(store.read(), id);
    match args.cmd {
        Cmd::Add {
            title,
            fields,
            new,
            owner,
        } => {
            let zero = Money::new(0, ctx.config.default_currency);
            let owner = owner.typed()?;
            let mut ch = fields
                .text(Some(title), new.company, new.currency, new.stage)
                .typed(store.read(), now, zero)?;
            ch.owner = owner;
            let d = deals::add(store, now, ctx.config.default_currency, ch)?;
            report(ctx, &d, "Opened")
        }
        Cmd::List {
            stage,
            status,
            contact,
            limit,
            owners,
            select,
        } => list(ctx, stage, status, contact, (limit, owners, select)),
        Cmd::Show { id } => show(ctx, &deal(&id)?),
        Cmd::Edit {
            id,
            title,
            fields,
            change,
            owner,
        } => {
            let before = deal(&id)?;
            let owner = owner.typed()?;
            let mut ch = fields
                .text(title, change.company, change.currency, change.stage)
                .typed(store.read(), now, before.value)?;
            ch.owner = owner;
            let d = deals::edit(store, now, before.id, ch)?;
            report(ctx, &d, "Updated")
        }
        Cmd::Move { id, stage } => {
            let id = deal(&id)?.id;
            let target = match stage.trim().to_lowercase().as_str() {
                "won" => Target::Won,
                "lost" => Target::Lost,
                _ => Target::Stage(resolve::stage(store.read(), &stage)?.id),
            };
            moved(ctx, deals::move_to(store, now, id, target)?)
        }
        Cmd::Won { id } => {
            let d = deals::close(store, now, deal(&id)?.id, DealStatus::Won, None)?;
            report(ctx, &d, "Won")
        }
        Cmd::Lost { id, reason } => {
            let id = deal(&id)?.id;
            let d = deals::close(store, now, id, DealStatus::Lost, reason.as_deref())?;
            report(ctx, &d, "Lost")
        }
        Cmd::Rm { id, yes } => {
            let d = deal(&id)?;
            confirm(yes, &format!("Remove deal #{} {}?", d.id, d.title))?;
            deals::remove(store, now, d.id)?;
            ctx.out
                .done(&format!("Removed deal #{} {}.", d.id, d.title));
            Ok(())
        }
    }
}

/// What a write did, as JSON or one line.
fn report(ctx: &Ctx, d: &Deal, verb: &str) -> Result<()> {
    let out = &ctx.out;
    if out.json {
        return out.json(&json::deal(d));
    }
    out.done(&format!(
        "{verb} deal #{} {} ({}, {}, {}%).",
        d.id,
        d.title,
        stage_text(d),
        d.value,
        d.effective_probability()
    ));
    Ok(())
}

/// Where a deal is, as text that agrees with its JSON: a closed deal keeps its stage
/// (`stage` in JSON) and has a status (`status`), so it reads `won at negotiation`.
fn stage_text(d: &Deal) -> String {
    match d.status {
        DealStatus::Open => d.stage.clone(),
        closed => format!("{closed} at {}", d.stage),
    }
}

/// The probability as `deal show` prints it, with where it comes from; the number is
/// JSON's `probability` (100 for a won deal, 0 for a lost one).
fn probability_text(d: &Deal) -> String {
    let from = match (d.status, d.probability) {
        (DealStatus::Open, Some(_)) => String::new(),
        (DealStatus::Open, None) => " (stage default)".into(),
        (closed, _) => format!(" ({closed})"),
    };
    format!("{}%{from}", d.effective_probability())
}

fn moved(ctx: &Ctx, m: Moved) -> Result<()> {
    match m {
        Moved::To(d) => report(ctx, &d, "Moved"),
        Moved::Reopened(d) => report(ctx, &d, "Reopened"),
        Moved::Unchanged(d) => {
            if ctx.out.json {
                return ctx.out.json(&json::deal(&d));
            }
            ctx.out
                .done(&format!("Deal #{} is already in {}.", d.id, d.stage));
            Ok(())
        }
    }
}

fn list(
    ctx: &Ctx,
    stage: Option<String>,
    status: Option<String>,
    contact: Option<String>,
    (limit, owners, select): (Option<usize>, OwnerFilter, super::select::Select),
) -> Result<()> {
    let (r, out) = (ctx.store.read(), &ctx.out);
    let filter = DealFilter {
        owner: owners.typed(ctx)?,
        stage_id: stage
            .as_deref()
            .map(|s| resolve::stage(r, s))
            .transpose()?
            .map(|s| s.id),
        status: status.as_deref().map(statuses).transpose()?.flatten(),
        contact_id: contact
            .as_deref()
            .map(|c| resolve::contact(r, c))
            .transpose()?,
        company_id: None,
        matching: select.matching(ctx, crate::domain::filter::Target::Deal)?,
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
    Ok(())
}

/// `--status`: one status, or `all` (`None`).
fn statuses(text: &str) -> Result<Option<DealStatus>> {
    if text.trim().eq_ignore_ascii_case("all") {
        return Ok(None);
    }
    DealStatus::parse(text).map(Some).map_err(|_| {
        Error::invalid(format!(
            "unknown deal status {text:?}; use one of: open, won, lost, all."
        ))
    })
}

/// `deal show`: the deal, its stage history and its latest interactions.
fn show(ctx: &Ctx, d: &Deal) -> Result<()> {
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    let path = store.read().stage_history(d.id)?;
    let talks = store.read().interactions(&InteractionFilter {
        deal_id: Some(d.id),
        limit: Some(20),
        ..Default::default()
    })?;
    if out.json {
        let mut v = json::deal(d);
        v["stage_history"] = path
            .iter()
            .map(|c| serde_json::json!({"from": c.from_stage, "to": c.to_stage, "status": c.status, "at": json::time(c.at)}))
            .collect();
        v["interactions"] = talks.iter().map(json::interaction).collect();
        return out.json(&v);
    }
    out.line(&out.bold(&format!("#{} {}", d.id, sanitize(&d.title))));
    for (k, v) in facts(ctx, d) {
        if !v.is_empty() {
            out.line(&format!("  {k:<13} {}", sanitize(&v)));
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
            sanitize(&from),
            sanitize(&to)
        ));
    }
    if !talks.is_empty() {
        out.heading("Interactions");
        let mut t = Table::new(&[">ID", "WHEN", "KIND", "", ">LEN", "SUMMARY"]);
        for i in &talks {
            t.row(super::contact::interaction_cells(ctx, i));
        }
        out.print(&t.render(out));
    }
    Ok(())
}

/// The labelled lines at the top of `deal show`; empty ones are not printed.
fn facts(ctx: &Ctx, d: &Deal) -> [(&'static str, String); 10] {
    let now = &ctx.now;
    [
        ("Contact", opt(&d.contact)),
        ("Company", opt(&d.company)),
        ("Stage", stage_text(d)),
        ("Value", d.value.to_string()),
        ("Probability", probability_text(d)),
        (
            "Close",
            d.expected_close.map(|c| c.to_string()).unwrap_or_default(),
        ),
        ("Lost because", opt(&d.lost_reason)),
        ("Owner", opt(&d.owner)),
        ("Opened", local_time(now, d.created_at)),
        (
            "Closed",
            d.closed_at.map(|c| local_time(now, c)).unwrap_or_default(),
        ),
    ]
}

pub fn table(ctx: &Ctx, deals: &[Deal]) -> Table {
    let owners = super::owner::column_needed(ctx, deals.iter().map(|d| d.owner.as_deref()));
    let mut headers = vec![
        ">ID", "TITLE", "CONTACT", "STAGE", ">VALUE", "CUR", ">PROB", "CLOSE",
    ];
    if owners {
        headers.push("OWNER");
    }
    let mut t = Table::new(&headers);
    for d in deals {
        let overdue =
            d.status == DealStatus::Open && d.expected_close.is_some_and(|c| c < ctx.now.today());
        let close = d.expected_close.map(|c| c.to_string()).unwrap_or_default();
        let mut cells = vec![
            d.id.to_string(),
            d.title.clone(),
            opt(&d.contact),
            stage_text(d),
            d.value.amount_text(),
            d.value.currency.to_string(),
            format!("{}%", d.effective_probability()),
            close,
        ];
        if owners {
            cells.push(opt(&d.owner));
        }
        if overdue {
            t.alert_row(cells);
        } else {
            t.row(cells);
        }
    }
    t
}
