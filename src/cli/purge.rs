//! `crm purge [--older-than 30d] [--yes]`: empty the trash `crm undo` relies on.

use crate::domain::*;
use crate::ops::privacy;

use super::forget::{deals_note, erased_list};
use super::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Purge what is older than this: 30d, 8w, 6m, 1y, or 0d for everything
    #[arg(long, value_name = "AGE", default_value = "30d")]
    older_than: String,
    /// Purge for good (without it, crm says what would be purged and changes nothing)
    #[arg(long, short)]
    yes: bool,
}

/// "30d", "8w", "6m" (30 days each), "1y" (365 days).
fn parse_age(text: &str) -> Result<chrono::Duration> {
    let t = text.trim();
    let bad = || {
        Error::invalid(format!(
            "--older-than {t:?} is not an age; give a number and d, w, m or y, e.g. 30d."
        ))
    };
    let unit = t.chars().last().ok_or_else(bad)?;
    let n: i64 = t[..t.len() - unit.len_utf8()].parse().map_err(|_| bad())?;
    let days = match unit {
        'd' => 1,
        'w' => 7,
        'm' => 30,
        'y' => 365,
        _ => return Err(bad()),
    };
    if !(0..=100_000).contains(&n) {
        return Err(bad());
    }
    Ok(chrono::Duration::days(n * days))
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let age = parse_age(&args.older_than)?;
    let done = privacy::purge(&ctx.store, &ctx.now, age, !args.yes)?;
    let cut = super::output::local_time(&ctx.now, done.cut);
    let t = &done.trash;
    let s = &done.sealed;
    let trash = if t.contacts == 0 {
        "no removed contacts".to_string()
    } else {
        format!("{}.{}", erased_list(t), deals_note(t, 0))
    };
    let reach = match s.oldest_undoable {
        Some(n) => format!("crm undo can now go back to change {n} at most."),
        None => "crm undo has no change left to take back.".to_string(),
    };
    let summary = format!(
        "everything removed before {cut}: {trash} The undo log of {} change(s) ({} image(s)), \
         {} item(s) of undone imports, {} old history row(s) of people no longer here.",
        s.changes, s.undo_images, s.import_items, s.history
    );
    if done.dry_run {
        return Err(Error::invalid(format!(
            "crm purge would erase {summary} Add --yes to do it; it cannot be undone."
        )));
    }
    if ctx.out.json {
        return ctx.out.json(&done);
    }
    ctx.out.done(&format!("Purged {summary} {reach}"));
    match done.vacuum {
        Some((before, after)) => ctx.out.done(&format!(
            "Vacuumed the file: {} KiB → {} KiB, deleted content overwritten.",
            before / 1024,
            after / 1024
        )),
        None => ctx.out.done(
            "The rows are deleted; PostgreSQL reclaims their space itself (autovacuum, or VACUUM by the server's administrator).",
        ),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_as_days() {
        assert_eq!(parse_age("30d").unwrap(), chrono::Duration::days(30));
        assert_eq!(parse_age("2w").unwrap(), chrono::Duration::days(14));
        assert_eq!(parse_age("0d").unwrap(), chrono::Duration::days(0));
        for bad in ["", "d", "30", "-1d", "3x", "1.5d", "é"] {
            assert!(parse_age(bad).is_err(), "{bad}");
        }
    }
}
