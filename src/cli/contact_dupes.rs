//! `crm contact dupes` and `crm contact not-dupes` (DESIGN §12).

use serde_json::json;

use crate::domain::dupes::Person;
use crate::domain::Result;
use crate::input;
use crate::ops::dupes::{self, DupePair, DEFAULT_MIN_SCORE};
use crate::resolve;

use super::output::Table;
use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct DupesArgs {
    /// Only pairs scoring at least this (0-100)
    #[arg(long, value_name = "S", allow_hyphen_values = true)]
    min_score: Option<String>,
    /// At most this many pairs
    #[arg(long, value_name = "N", value_parser = super::args::positive_count)]
    limit: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct NotDupesArgs {
    /// One contact (id, e-mail or name)
    a: String,
    /// The other
    b: String,
}

fn side(p: &Person) -> serde_json::Value {
    json!({"id": p.id, "name": p.name, "email": p.emails.first()})
}

fn pair_json(p: &DupePair) -> serde_json::Value {
    json!({"a": side(&p.a), "b": side(&p.b), "score": p.score, "reasons": p.reasons})
}

fn label(p: &Person) -> String {
    match p.emails.first() {
        Some(e) => format!("#{} {} <{e}>", p.id, p.name),
        None => format!("#{} {}", p.id, p.name),
    }
}

pub fn dupes(ctx: &Ctx, a: DupesArgs) -> Result<()> {
    let min = match &a.min_score {
        Some(t) => input::dupes::min_score(t)?,
        None => DEFAULT_MIN_SCORE,
    };
    let pairs = dupes::find(ctx.store.read(), min, a.limit)?;
    if ctx.out.json {
        let v: Vec<_> = pairs.iter().map(pair_json).collect();
        return ctx.out.json(&v);
    }
    if pairs.is_empty() {
        ctx.out.done("No likely duplicates.");
        return Ok(());
    }
    let mut t = Table::new(&[">SCORE", "CONTACT", "LIKELY SAME AS", "REASONS"]);
    for p in &pairs {
        t.row(vec![
            p.score.to_string(),
            label(&p.a),
            label(&p.b),
            p.reasons.join("; "),
        ]);
    }
    ctx.out.table(&t);
    ctx.out.done(
        "Join a pair with crm contact merge KEEP OTHER, or keep both with crm contact not-dupes A B.",
    );
    Ok(())
}

pub fn not_dupes(ctx: &Ctx, a: NotDupesArgs) -> Result<()> {
    let x = resolve::contact(ctx.store.read(), &a.a)?;
    let y = resolve::contact(ctx.store.read(), &a.b)?;
    let new = dupes::not_dupes(&ctx.store, &ctx.now, x, y)?;
    if ctx.out.json {
        return ctx
            .out
            .json(&json!({"a": x.min(y), "b": x.max(y), "new": new}));
    }
    if new {
        ctx.out.done(&format!(
            "Contacts #{x} and #{y} are different people; crm contact dupes leaves them out."
        ));
    } else {
        ctx.out.done(&format!(
            "Contacts #{x} and #{y} were already marked as different people."
        ));
    }
    Ok(())
}
