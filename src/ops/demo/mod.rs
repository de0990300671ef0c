//! `crm demo`: fills the database with a realistic, deterministic sample.
//!
//! Everything is drawn from a small seeded generator (splitmix64) and placed relative to the
//! injected clock, so the same seed and the same "now" give the same database. The sample
//! is planned in memory first, a few numbers per contact and deal (who works where, which
//! deals exist, how busy each contact is), then written in one transaction with the store's
//! bulk inserts, the tables' secondary indexes set aside until the end. Deals and
//! interactions are not kept whole: deals are drawn again from their stream to be written,
//! and each interaction from its own numbered stream, once to learn its contact's last
//! contact time and once more to write it. So memory stays flat and time linear.

mod activity;
mod cases;
mod people;
mod phrases;
mod plan;
mod records;
mod rng;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;

use super::{record, Now, NONE};
use crate::domain::history::{Action, Entity};
use crate::domain::*;
use crate::store::{Store, Tx};

use activity::{insert_interactions, insert_tasks};
use plan::plan;
use records::{insert_companies, insert_contacts, insert_deals};

/// How much sample data to make.
#[derive(Debug, Clone, Copy)]
pub struct DemoSize {
    pub contacts: usize,
    pub deals: usize,
    pub interactions: usize,
    pub seed: u64,
}

impl Default for DemoSize {
    fn default() -> Self {
        DemoSize {
            contacts: 200,
            deals: 60,
            interactions: 2000,
            seed: 42,
        }
    }
}

/// What `crm demo` created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub companies: usize,
    pub contacts: usize,
    pub deals: usize,
    pub interactions: usize,
    pub tasks: usize,
    pub cases: usize,
}

/// Fills the database in one transaction. Refuses when the database already holds records,
/// unless `force`, which first wipes every record (stages and history stay).
pub fn run(store: &Store, now: &Now, size: DemoSize, force: bool) -> Result<DemoSummary> {
    let summary = store.write(|tx| {
        // A hundred thousand sample rows are not worth an undo log, and the search indexes
        // and pipeline totals are faster built whole at the end than row by row.
        tx.pause_undo_log()?;
        tx.defer_derived()?;
        if !tx.read().is_empty()? {
            if !force {
                return Err(Error::conflict(
                    "the database already holds records, and the demo only fills an empty one. \
                     Run `crm demo --force` to delete every record and load the sample instead.",
                ));
            }
            tx.wipe_records()?;
        }
        // Made again once the plan is freed, so its memory and the index sorts' never add up.
        let aside = tx.set_aside_demo_indexes()?;
        let summary = generate(tx, now, size)?;
        tx.restore_indexes(aside)?;
        record(
            tx,
            now,
            Entity::Demo,
            0,
            None,
            Action::Demo,
            NONE,
            Some(&summary),
        )?;
        Ok(summary)
    })?;
    // Every sample contact gets its lead score, a batch per transaction.
    super::scores::refresh_all(store, now)?;
    Ok(summary)
}

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

// One independent stream of random numbers per part of the sample, so changing how one
// part is drawn does not reshuffle the others.
const S_COMPANIES: u64 = 1;
const S_CONTACTS: u64 = 2;
const S_DEALS: u64 = 3;
const S_LIFECYCLE: u64 = 4;
const S_SPREAD: u64 = 5;
const S_INTERACTION: u64 = 6;
const S_CONTACT_DETAILS: u64 = 7;
const S_TASKS: u64 = 8;

/// The clock and seed everything is drawn against. Times are whole seconds since the epoch.
struct Ctx<'a> {
    now: &'a Now,
    seed: u64,
    base: i64,
    /// Local offset from UTC at "now", to put meetings in office hours.
    offset: i64,
    today: NaiveDate,
}

/// Who the `i`th demo deal or task belongs to: every third a colleague's, so `--owner`
/// and `--mine` have something to tell apart; the rest the acting user's (nobody's when
/// there is none, as in tests). Drawn from the index, not the random stream, so the rest
/// of the demo stays as it was.
fn demo_owner(ctx: &Ctx<'_>, i: usize) -> Option<String> {
    if i % 3 == 2 {
        Some(DEMO_COLLEAGUE.to_string())
    } else {
        ctx.now.by.map(String::from)
    }
}

/// The demo's other user.
pub const DEMO_COLLEAGUE: &str = "robin";

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

fn day_offset(day: NaiveDate, days: i64) -> NaiveDate {
    let moved = if days >= 0 {
        day.checked_add_days(Days::new(days as u64))
    } else {
        day.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved.unwrap_or(day)
}

fn generate(tx: &Tx<'_>, now: &Now, size: DemoSize) -> Result<DemoSummary> {
    let ctx = Ctx {
        now,
        seed: size.seed,
        base: now.utc.timestamp(),
        offset: (now.local() - now.utc.naive_utc()).num_seconds(),
        today: now.today(),
    };
    let stages = tx.read().stages()?;
    // Deals and interactions belong to contacts, so without contacts there are none.
    let n_contacts = size.contacts;
    let n_deals = if n_contacts == 0 || stages.is_empty() {
        0
    } else {
        size.deals
    };
    let n_interactions = if n_contacts == 0 {
        0
    } else {
        size.interactions
    };
    let n_companies = if n_contacts == 0 {
        0
    } else {
        (n_contacts / 8).max(1)
    };

    let companies = insert_companies(tx, &ctx, n_companies)?;
    let sample = plan(
        &ctx,
        n_contacts,
        companies.ids.len(),
        stages.len(),
        n_deals,
        n_interactions,
    )?;
    let contact_ids = insert_contacts(tx, &ctx, &sample, &companies)?;
    let deal_ids = insert_deals(tx, &ctx, &sample, &companies, &contact_ids, &stages)?;
    let interactions = insert_interactions(tx, &ctx, &sample, &contact_ids, &deal_ids)?;
    let tasks = insert_tasks(tx, &ctx, &sample, &contact_ids, &deal_ids)?;
    let (cases, _filed) = cases::insert_cases(tx, &ctx, &contact_ids)?;
    Ok(DemoSummary {
        cases,
        companies: companies.ids.len(),
        contacts: contact_ids.len(),
        deals: deal_ids.len(),
        // The sample's own; the cases' messages (`filed`) come on top.
        interactions,
        tasks,
    })
}
