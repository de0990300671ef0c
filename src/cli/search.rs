//! `crm search QUERY`.

use crate::domain::Result;
use crate::ops::search::search;

use super::output::Table;
use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Letters of a name, e-mail, company or deal, or a tag's word (accents and case do not matter), or a phone number in any format
    query: Vec<String>,
    #[arg(long, default_value_t = 20, value_parser = super::args::positive_count)]
    limit: usize,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let hits = search(ctx.store.read(), &args.query.join(" "), args.limit.max(1))?;
    if ctx.out.json {
        return ctx.out.json(&hits);
    }
    if hits.is_empty() {
        ctx.out.done("Nothing matches.");
        return Ok(());
    }
    let mut t = Table::new(&["KIND", ">ID", "NAME", ">SCORE"]);
    for h in hits {
        t.row(vec![
            h.kind.to_string(),
            h.id.to_string(),
            h.label,
            h.score.to_string(),
        ]);
    }
    ctx.out.table(&t);
    Ok(())
}
