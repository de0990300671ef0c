//! `crm db copy --to TARGET`: everything in this database, ids and history included, into
//! a new SQLite file or an empty PostgreSQL database (DESIGN §14), then checked.

use serde_json::json;

use super::Ctx;
use crate::domain::{Error, Result};
use crate::report;
use crate::store::target::Target;
use crate::store::Store;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Copy every record, with its id, the history and the undo log, to another database
    #[command(
        after_help = "Examples:\n  crm db copy --to postgres://ada@db.example/crm    # a freelancer's file into the team's server\n  crm --db postgres://ada@db.example/crm db copy --to crm-backup.db\nThe target must hold no records. Afterwards crm counts every table on both sides and compares the pipeline and lifecycle figures."
    )]
    Copy(CopyArgs),
}

#[derive(Debug, clap::Args)]
struct CopyArgs {
    /// A new SQLite file, or postgres://… / service=NAME of an empty database
    #[arg(long, value_name = "TARGET")]
    to: String,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    match a.command {
        Command::Copy(a) => copy(ctx, a),
    }
}

fn copy(ctx: &Ctx, a: CopyArgs) -> Result<()> {
    let target = Target::parse(&a.to)?;
    let dest = match &target {
        Target::Sqlite(p) => {
            if ctx.store.path().is_some_and(|mine| same_file(mine, p)) {
                return Err(Error::invalid(
                    "--to names the database being copied; give another file or a server.",
                ));
            }
            Store::open_in_region(p, ctx.config.default_region)?
        }
        Target::Postgres(t) => crate::store::postgres::open(t, ctx.config.default_region)?,
    };
    if dest.location() == ctx.store.location() {
        return Err(Error::invalid(
            "--to names the database being copied; give another database.",
        ));
    }
    let verbose = ctx.verbose > 0;
    let counts = ctx.store.copy_into(&dest, |t, n| {
        if verbose {
            eprintln!("crm: copied {n} rows of {t}");
        }
    })?;
    check_figures(&ctx.store, &dest)?;
    let rows: i64 = counts.iter().map(|(_, n)| n).sum();
    if ctx.out.json {
        let tables: serde_json::Map<String, serde_json::Value> =
            counts.iter().map(|(t, n)| (t.clone(), json!(n))).collect();
        return ctx.out.json(&json!({
            "to": dest.location(),
            "rows": rows,
            "tables": tables,
            "verified": true,
        }));
    }
    let of = |t: &str| counts.iter().find(|(n, _)| n == t).map_or(0, |(_, n)| *n);
    ctx.out.done(&format!(
        "Copied {} contacts, {} companies, {} deals, {} interactions, {} tasks, {} cases and {} changes of history ({rows} rows in {} tables) to {}. Every table's count and the pipeline and lifecycle figures agree.",
        of("contacts"),
        of("companies"),
        of("deals"),
        of("interactions"),
        of("tasks"),
        of("cases"),
        of("changes"),
        counts.len(),
        dest.location()
    ));
    Ok(())
}

/// The report figures of the copy against the original's.
fn check_figures(from: &Store, to: &Store) -> Result<()> {
    let differ = |what: &str| {
        Error::storage(format!(
            "the copy's {what} figures differ from the original's; check {} before using it.",
            to.location()
        ))
    };
    if report::pipeline(from.read())? != report::pipeline(to.read())? {
        return Err(differ("pipeline"));
    }
    if report::lifecycle(from.read())? != report::lifecycle(to.read())? {
        return Err(differ("lifecycle"));
    }
    Ok(())
}

fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}
