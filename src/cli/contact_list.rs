//! `crm contact list`: filtered by words, tag, lifecycle, company, staleness or an
//! expression, in name or lead-score order, as a table, JSON or bare ids.

use crate::domain::filter::Target;
use crate::domain::*;
use crate::export::json;
use crate::ops::{contacts, search};
use crate::resolve;
use crate::store::ContactFilter;

use super::output::{ago, opt, Table};
use super::select::Select;
use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Words to look for in name, e-mails or company, or a phone number in any format
    query: Option<String>,
    #[arg(long)]
    tag: Option<String>,
    #[arg(long)]
    lifecycle: Option<String>,
    /// Company id or name
    #[arg(long)]
    company: Option<String>,
    /// Only contacts not contacted for this many days (or never)
    #[arg(long, value_name = "DAYS")]
    stale: Option<u32>,
    #[arg(long, value_parser = super::args::positive_count)]
    limit: Option<usize>,
    #[command(flatten)]
    select: Select,
    /// Print bare ids, one a line (for xargs)
    #[arg(long)]
    ids: bool,
    /// The order: by name, or highest lead score first
    #[arg(long, value_enum, default_value_t = SortBy::Name)]
    sort: SortBy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SortBy {
    Name,
    Score,
}

pub fn run(ctx: &Ctx, a: ListArgs) -> Result<()> {
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    // A phone number in any format lists the contacts with it; else the words are matched.
    let by_phone = match &a.query {
        Some(q) => search::by_phone(store.read(), q, search::CANDIDATES)?,
        None => Vec::new(),
    };
    let (query, ids) = match by_phone.is_empty() {
        true => (a.query, None),
        false => (None, Some(by_phone)),
    };
    let filter = ContactFilter {
        query,
        ids,
        tag: a.tag,
        lifecycle: a.lifecycle.as_deref().map(Lifecycle::parse).transpose()?,
        company_id: a
            .company
            .as_deref()
            .map(|c| resolve::company(store.read(), c))
            .transpose()?
            .map(|c| c.id),
        stale_before: a
            .stale
            .map(|d| crate::domain::dates::days_before(now.utc, d))
            .transpose()?,
        matching: a.select.matching(ctx, Target::Contact)?,
        by_score: a.sort == SortBy::Score,
        limit: a.limit,
    };
    if a.sort == SortBy::Score && filter.stale_before.is_some() {
        return Err(Error::invalid(
            "--stale lists the most neglected first; it cannot also sort by score.",
        ));
    }
    let mut list = store.read().contacts(&filter)?;
    if a.ids {
        if out.json {
            return out.json(&list.iter().map(|c| c.id.0).collect::<Vec<_>>());
        }
        let ids: String = list.iter().map(|c| format!("{}\n", c.id)).collect();
        out.print(&ids);
        return Ok(());
    }
    let ids: Vec<_> = list.iter().map(|c| c.id).collect();
    let scores = store.read().scores_of(&ids)?;
    if out.json {
        contacts::load_fields(store.read(), &mut list)?;
        let rows: Vec<_> = list
            .iter()
            .map(|c| {
                let mut v = serde_json::to_value(json::contact(c)).unwrap_or_default();
                v["score"] = serde_json::json!(scores.get(&c.id));
                v
            })
            .collect();
        return out.json(&rows);
    }
    print_list(ctx, &list, &scores);
    Ok(())
}

fn print_list(ctx: &Ctx, list: &[Contact], scores: &std::collections::HashMap<ContactId, u8>) {
    if list.is_empty() {
        ctx.out.done("No contacts match. Add one with: crm contact add \"Ada Lovelace\" --email ada@example.com");
        return;
    }
    let mut t = Table::new(&[
        ">ID",
        "NAME",
        "COMPANY",
        "E-MAIL",
        "LIFECYCLE",
        "LAST CONTACT",
        ">SCORE",
        "TAGS",
    ]);
    for c in list {
        t.row(vec![
            c.id.to_string(),
            c.name.clone(),
            opt(&c.company),
            c.primary_email().unwrap_or("").to_string(),
            c.lifecycle.to_string(),
            ago(&ctx.now, c.last_contact_at),
            scores.get(&c.id).map(|s| s.to_string()).unwrap_or_default(),
            c.tags.join(", "),
        ]);
    }
    ctx.out.table(&t);
}
