//! `crm stage list|add|rename|move|rm|probability`.

use crate::export::json;
use crate::resolve;
use clap::Subcommand;

use crate::domain::Result;
use crate::ops::stages;

use super::output::Table;
use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// The stages in order, with their default probability and open deals
    #[command(visible_alias = "ls")]
    List,
    /// Add a stage
    Add {
        name: String,
        /// Default win probability, 0-100 [default: the previous stage's]
        #[arg(long, allow_negative_numbers = true)]
        probability: Option<i64>,
        /// 1-based position [default: last]
        #[arg(long)]
        position: Option<usize>,
    },
    /// Rename a stage
    Rename { name: String, new_name: String },
    /// Put a stage at a 1-based position
    Move { name: String, position: usize },
    /// Set a stage's default win probability
    Probability {
        name: String,
        #[arg(allow_negative_numbers = true)]
        probability: i64,
    },
    /// Remove a stage
    #[command(visible_alias = "remove")]
    Rm {
        name: String,
        /// Stage that receives the removed stage's deals
        #[arg(long, value_name = "STAGE")]
        to: Option<String>,
    },
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, now, out) = (&ctx.store, &ctx.now, &ctx.out);
    let stage_id = |name: &str| resolve::stage(store.read(), name).map(|s| s.id);
    match args.cmd {
        Cmd::List => {
            let list = store.read().stages()?;
            let r = store.read();
            if out.json {
                let mut v = Vec::new();
                for s in &list {
                    let mut j = json::stage(s);
                    j["open_deals"] = r.stage_usage(s.id)?.0.into();
                    v.push(j);
                }
                return out.json(&v);
            }
            let mut t = Table::new(&[">#", "STAGE", ">PROBABILITY", ">OPEN DEALS"]);
            for s in &list {
                t.row(vec![
                    s.position.to_string(),
                    s.name.clone(),
                    format!("{}%", s.probability),
                    r.stage_usage(s.id)?.0.to_string(),
                ]);
            }
            out.table(&t);
        }
        Cmd::Add {
            name,
            probability,
            position,
        } => {
            let s = stages::add(store, now, &name, probability, position)?;
            if out.json {
                return out.json(&json::stage(&s));
            }
            out.done(&format!(
                "Added stage {} at position {} ({}%).",
                s.name, s.position, s.probability
            ));
        }
        Cmd::Rename { name, new_name } => {
            // The new name is checked before the old one is looked up, as it always was.
            stages::check_name(&new_name)?;
            let s = stages::edit(store, now, stage_id(&name)?, Some(&new_name), None)?;
            out.done(&format!("Renamed stage {name} to {}.", s.name));
        }
        Cmd::Move { name, position } => {
            let list = stages::reorder(store, now, stage_id(&name)?, position)?;
            let names: Vec<&str> = list.iter().map(|s| s.name.as_str()).collect();
            out.done(&format!("Pipeline: {}.", names.join(" → ")));
        }
        Cmd::Probability { name, probability } => {
            crate::domain::validate::probability(probability)?;
            let s = stages::edit(store, now, stage_id(&name)?, None, Some(probability))?;
            out.done(&format!(
                "Stage {} now defaults to {}%.",
                s.name, s.probability
            ));
        }
        Cmd::Rm { name, to } => {
            let s = stages::remove(
                store,
                now,
                stage_id(&name)?,
                to.as_deref().map(stage_id).transpose()?,
            )?;
            out.done(&format!("Removed stage {}.", s.name));
        }
    }
    Ok(())
}
