//! `crm demo`: realistic sample data.

use crate::domain::Result;
use crate::ops::demo::{self, DemoSize};

use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = DemoSize::default().contacts)]
    contacts: usize,
    #[arg(long, default_value_t = DemoSize::default().deals)]
    deals: usize,
    #[arg(long, default_value_t = DemoSize::default().interactions)]
    interactions: usize,
    /// Same seed, same data
    #[arg(long, default_value_t = DemoSize::default().seed)]
    seed: u64,
    /// Replace whatever the database holds (a copy is kept beside it first)
    #[arg(long)]
    force: bool,
}

pub fn run(ctx: &Ctx, a: Args) -> Result<()> {
    if a.force && !ctx.store.read().is_empty()? {
        if ctx.store.is_server() {
            return Err(crate::domain::Error::invalid(format!(
                "{} is a team's database with records in it; demo --force would erase everyone's work with no copy kept. Try the demo on a file (--db demo.db) or an empty database.",
                ctx.store.location()
            )));
        }
        if let Some(path) = ctx.store.path() {
            let mut name = path.as_os_str().to_owned();
            name.push(format!(
                ".before-demo-{}.bak",
                ctx.now.utc.format("%Y%m%dT%H%M%S")
            ));
            ctx.store.backup_to(std::path::Path::new(&name))?;
            if !ctx.out.quiet {
                eprintln!(
                    "crm: kept a copy of the old data in {}",
                    std::path::Path::new(&name).display()
                );
            }
        }
    }
    let size = DemoSize {
        contacts: a.contacts,
        deals: a.deals,
        interactions: a.interactions,
        seed: a.seed,
    };
    let started = std::time::Instant::now();
    let s = demo::run(&ctx.store, &ctx.now, size, a.force)?;
    if ctx.out.json {
        return ctx.out.json(&s);
    }
    ctx.out.done(&format!(
        "Demo data ready: {} contacts, {} companies, {} deals, {} interactions, {} tasks, {} support cases ({:.1}s). Try: crm agenda, crm deal list, crm case list, crm search.",
        s.contacts,
        s.companies,
        s.deals,
        s.interactions,
        s.tasks,
        s.cases,
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}
