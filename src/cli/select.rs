//! `--where EXPR` and `--segment NAME` (DESIGN §4, §12): the flags, turned into a filter,
//! and the confirmation every bulk write goes through.

use crate::domain::filter::{Filter, Target};
use crate::domain::segment::target_word;
use crate::domain::{Error, Result};
use crate::input;
use crate::ops::segments;
use crate::store::Matching;

use super::{confirm, Ctx};

#[derive(Debug, Default, Clone, clap::Args)]
pub struct Select {
    /// Only the records a filter expression picks, e.g. 'tag:vip and idle > 30d' (see the README, "Filter expressions")
    #[arg(long = "where", value_name = "EXPR", conflicts_with = "segment")]
    pub expr: Option<String>,
    /// Only the records of a saved segment (crm segment list)
    #[arg(long, value_name = "NAME")]
    pub segment: Option<String>,
}

impl Select {
    pub fn given(&self) -> bool {
        self.expr.is_some() || self.segment.is_some()
    }

    /// The filter the flags name, if any.
    pub fn filter(&self, ctx: &Ctx, target: Target) -> Result<Option<Filter>> {
        if let Some(text) = &self.expr {
            return input::filter::expression(text, target).map(Some);
        }
        let Some(name) = &self.segment else {
            return Ok(None);
        };
        let s = segments::find(ctx.store.read(), name)?;
        if s.target != target {
            return Err(Error::invalid(format!(
                "the segment {:?} picks {}, not {}; use it where {} are listed.",
                s.name,
                target_word(s.target),
                target_word(target),
                target_word(s.target)
            )));
        }
        s.filter().map(Some)
    }

    /// The filter with the clock of this run, as the store takes it.
    pub fn matching(&self, ctx: &Ctx, target: Target) -> Result<Option<Matching>> {
        Ok(self.filter(ctx, target)?.map(|filter| Matching {
            filter,
            clock: ctx.now.clock(),
        }))
    }
}

/// How a bulk write goes: the count first, then a dry run, a refusal or a go.
pub struct Bulk {
    pub yes: bool,
    pub dry_run: bool,
}

impl Bulk {
    /// States what will happen to how many (stderr, so `--json` stays clean), shows the
    /// first rows on a dry run, and asks unless `--yes`. `Ok(false)`: do nothing more.
    pub fn go_ahead(&self, ctx: &Ctx, plan: &str, count: usize, first: &[String]) -> Result<bool> {
        if count == 0 {
            return Ok(false);
        }
        if self.dry_run {
            if ctx.out.json {
                return Ok(false);
            }
            ctx.out.done(plan);
            for row in first.iter().take(10) {
                ctx.out.done(&format!("  {row}"));
            }
            if count > 10 {
                ctx.out.done(&format!("  … and {} more", count - 10));
            }
            ctx.out.done("Dry run: nothing was changed.");
            return Ok(false);
        }
        if self.yes && !ctx.out.quiet {
            eprintln!("{}", crate::domain::text::sanitize(plan));
        }
        confirm(self.yes, plan)?;
        Ok(true)
    }
}

/// "42 contacts", "1 contact".
pub fn count_of(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}
