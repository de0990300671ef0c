//! `crm company add|list|show|edit|rm`.

use clap::Subcommand;

use crate::domain::Result;
use crate::input;
use crate::ops::companies::{self, CompanyChanges};
use crate::resolve;
use crate::store::{ContactFilter, DealFilter};

use super::output::{opt, Table};
use super::{confirm, deal, Ctx};
use crate::export::json;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Add a company
    Add {
        name: String,
        #[command(flatten)]
        fields: Fields,
    },
    /// List companies with their contacts and open deals
    #[command(visible_alias = "ls")]
    List,
    /// A company's details, people and deals
    Show { reference: String },
    /// Change a company
    Edit {
        reference: String,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: Fields,
    },
    /// Remove a company (its contacts and deals stay, without it)
    #[command(visible_alias = "remove")]
    Rm {
        reference: String,
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Debug, clap::Args)]
struct Fields {
    /// Web domain, e.g. example.com
    #[arg(long)]
    domain: Option<String>,
    #[arg(long)]
    industry: Option<String>,
    /// Head count or bucket: micro (0-49), small (50-249), medium (250-999), large (1,000-4,999), enterprise (5,000+)
    #[arg(long)]
    size: Option<String>,
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
}

fn changes(name: Option<String>, f: Fields) -> Result<CompanyChanges> {
    Ok(CompanyChanges {
        name,
        domain: f.domain,
        industry: f.industry,
        size: f.size.as_deref().map(input::company::size).transpose()?,
        notes: f.note,
        version: None,
    })
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    match args.cmd {
        Cmd::Add { name, fields } => {
            let c = companies::add(store, now, changes(Some(name), fields)?)?;
            if out.json {
                return out.json(&json::company(&c));
            }
            out.done(&format!("Added company #{} {}.", c.id, c.name));
        }
        Cmd::List => list(ctx)?,
        Cmd::Show { reference } => show(ctx, &reference)?,
        Cmd::Edit {
            reference,
            name,
            fields,
        } => {
            let id = resolve::company(store.read(), &reference)?.id;
            let ch = changes(name, fields)?;
            let c = companies::edit(store, now, id, ch)?;
            if out.json {
                return out.json(&json::company(&c));
            }
            out.done(&format!("Updated company #{} {}.", c.id, c.name));
        }
        Cmd::Rm { reference, yes } => {
            let c = resolve::company(store.read(), &reference)?;
            confirm(yes, &format!("Remove company #{} {}?", c.id, c.name))?;
            companies::remove(store, now, c.id)?;
            out.done(&format!("Removed company #{} {}.", c.id, c.name));
        }
    }
    Ok(())
}

fn list(ctx: &Ctx) -> Result<()> {
    let (store, out) = (&ctx.store, &ctx.out);
    let rows = store.read().companies()?;
    if out.json {
        let v: Vec<_> = rows
            .iter()
            .map(|r| {
                let mut v = json::company(&r.company);
                v["contacts"] = r.contacts.into();
                v["open_deals"] = r.open_deals.into();
                v
            })
            .collect();
        return out.json(&v);
    }
    if rows.is_empty() {
        out.done("No companies yet. Add one with: crm company add \"Analytical Engines\" --domain example.com");
        return Ok(());
    }
    let mut t = Table::new(&[
        ">ID",
        "NAME",
        "DOMAIN",
        "INDUSTRY",
        "SIZE",
        ">CONTACTS",
        ">OPEN DEALS",
    ]);
    for r in rows {
        let c = r.company;
        t.row(vec![
            c.id.to_string(),
            c.name,
            opt(&c.domain),
            opt(&c.industry),
            c.size.map(|s| s.to_string()).unwrap_or_default(),
            r.contacts.to_string(),
            r.open_deals.to_string(),
        ]);
    }
    out.table(&t);
    Ok(())
}

/// `company show`: the company, its people and its deals.
fn show(ctx: &Ctx, reference: &str) -> Result<()> {
    let (store, out) = (&ctx.store, &ctx.out);
    let c = resolve::company(store.read(), reference)?;
    let people = store.read().contacts(&ContactFilter {
        company_id: Some(c.id),
        ..Default::default()
    })?;
    let deals = store.read().deals(&DealFilter {
        company_id: Some(c.id),
        ..Default::default()
    })?;
    if out.json {
        let mut v = json::company(&c);
        v["contacts"] = people
            .iter()
            .map(|p| serde_json::to_value(json::contact(p)).unwrap_or_default())
            .collect();
        v["deals"] = deals.iter().map(json::deal).collect();
        return out.json(&v);
    }
    out.line(&out.bold(&format!(
        "#{} {}",
        c.id,
        crate::domain::text::sanitize(&c.name)
    )));
    for (k, v) in [
        ("Domain", opt(&c.domain)),
        ("Industry", opt(&c.industry)),
        ("Size", c.size.map(|s| s.to_string()).unwrap_or_default()),
        ("Notes", opt(&c.notes)),
    ] {
        if !v.is_empty() {
            out.line(&format!("  {k:<9} {}", crate::domain::text::sanitize(&v)));
        }
    }
    out.heading(&format!("People ({})", people.len()));
    let mut t = Table::new(&[">ID", "NAME", "TITLE", "E-MAIL"]);
    for p in &people {
        t.row(vec![
            p.id.to_string(),
            p.name.clone(),
            opt(&p.title),
            p.primary_email().unwrap_or("").into(),
        ]);
    }
    if !t.is_empty() {
        out.print(&t.render(out));
    }
    out.heading(&format!("Deals ({})", deals.len()));
    if !deals.is_empty() {
        out.print(&deal::table(ctx, &deals).render(out));
    }
    Ok(())
}
