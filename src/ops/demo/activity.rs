//! Interactions, each drawn from its own numbered stream, and the follow-up tasks.

use super::phrases;
use super::plan::{ContactPlan, DealSummary, Sample};
use super::rng::Rng;
use super::*;
use crate::domain::InteractionKind as Kind;
use crate::domain::*;
use crate::store::Tx;

/// The part of an interaction that decides `last_contact_at`, drawn first from its stream.
struct Core {
    kind: InteractionKind,
    direction: Option<Direction>,
    at: i64,
    deal: Option<u32>,
}

const KINDS: [InteractionKind; 6] = [
    Kind::Email,
    Kind::Call,
    Kind::Meeting,
    Kind::Note,
    Kind::Message,
    Kind::Feedback,
];
const CUSTOMER_KIND_WEIGHTS: [u32; 6] = [38, 18, 10, 12, 12, 10];
const PROSPECT_KIND_WEIGHTS: [u32; 6] = [42, 20, 10, 14, 14, 0];
/// Feedback scores 0-10, mostly content customers.
const SCORE_WEIGHTS: [u32; 11] = [1, 1, 1, 2, 2, 4, 6, 12, 20, 25, 26];

fn interaction_core(
    rng: &mut Rng,
    ctx: &Ctx<'_>,
    c: &ContactPlan,
    own: &[u32],
    deals: &[DealSummary],
) -> Core {
    let weights = if c.customer {
        &CUSTOMER_KIND_WEIGHTS
    } else {
        &PROSPECT_KIND_WEIGHTS
    };
    let kind = KINDS[rng.weighted(weights)];
    let inbound_percent = match kind {
        Kind::Email => 45,
        Kind::Call => 30,
        Kind::Meeting => 20,
        Kind::Message => 50,
        Kind::Feedback => 100,
        Kind::Note => 0,
    };
    let inbound = rng.chance(inbound_percent);
    let direction = match kind {
        Kind::Note => None,
        Kind::Feedback => Some(Direction::In),
        // An inbound contact would have moved them to consideration already.
        _ if c.lifecycle == Lifecycle::Awareness => Some(Direction::Out),
        _ if inbound => Some(Direction::In),
        _ => Some(Direction::Out),
    };
    let deal = if !own.is_empty() && rng.chance(40) {
        Some(own[rng.below(own.len())])
    } else {
        None
    };
    let (lo, hi) = match deal {
        Some(d) => {
            let d = &deals[d as usize];
            (d.created, d.active_until(ctx.base))
        }
        None => (c.created, ctx.base),
    };
    Core {
        kind,
        direction,
        at: office_time(rng, ctx, lo, hi),
        deal,
    }
}

/// A moment in `lo..=hi`, moved into local office hours on a weekday when that stays in range.
fn office_time(rng: &mut Rng, ctx: &Ctx<'_>, lo: i64, hi: i64) -> i64 {
    let raw = rng.range(lo, hi);
    let mut day = (raw + ctx.offset).div_euclid(DAY);
    // 1970-01-01 was a Thursday, so (day + 4) % 7 is 0 on Sundays and 6 on Saturdays.
    match (day + 4).rem_euclid(7) {
        6 => day -= 1,
        0 => day -= 2,
        _ => {}
    }
    let t = day * DAY + rng.range(8 * HOUR, 18 * HOUR) - ctx.offset;
    if t >= lo && t <= hi {
        t
    } else {
        raw
    }
}

/// Contact `i`'s latest interaction other than a note, as `refresh_last_contact` counts
/// it. Interaction `n` is drawn from stream `n`, numbered contact after contact, so this
/// draws the ones from `first` on that are `i`'s, and writing them later draws the same.
pub(super) fn last_contact(ctx: &Ctx<'_>, sample: &Sample, i: usize, first: u64) -> Option<i64> {
    let c = &sample.contacts[i];
    let own = sample.deals_of(i);
    let mut last = None;
    for n in first..first + c.interactions as u64 {
        let mut rng = Rng::fork(ctx.seed, S_INTERACTION, n);
        let core = interaction_core(&mut rng, ctx, c, own, &sample.deals);
        if core.kind != Kind::Note {
            last = last.max(Some(core.at));
        }
    }
    last
}

pub(super) fn insert_interactions(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    sample: &Sample,
    contact_ids: &[ContactId],
    deal_ids: &[DealId],
) -> Result<usize> {
    // A batch of rows, refilled in place: ten million rows should not mean ten million
    // allocations, nor ten million statements.
    let blank = Interaction {
        case_id: None,
        id: InteractionId(0),
        contact_id: ContactId(0),
        contact: String::new(),
        deal_id: None,
        kind: Kind::Note,
        direction: None,
        occurred_at: ctx.now.utc,
        duration_min: None,
        summary: String::with_capacity(64),
        body: None,
        score: None,
        version: 1,
    };
    let mut batch = vec![blank; Tx::INTERACTION_BATCH];
    let mut filled = 0;
    let mut n: u64 = 0;
    for (i, (c, &contact_id)) in sample.contacts.iter().zip(contact_ids).enumerate() {
        let own = sample.deals_of(i);
        for _ in 0..c.interactions {
            // The same stream as in `last_contact`, so the core comes out the same.
            let mut rng = Rng::fork(ctx.seed, S_INTERACTION, n);
            n += 1;
            let core = interaction_core(&mut rng, ctx, c, own, &sample.deals);
            fill(&mut batch[filled], &mut rng, core, contact_id, deal_ids);
            filled += 1;
            if filled == Tx::INTERACTION_BATCH {
                tx.insert_interaction_rows(&batch, ctx.now.utc)?;
                filled = 0;
            }
        }
    }
    tx.insert_interaction_rows(&batch[..filled], ctx.now.utc)?;
    Ok(n as usize)
}

/// Draws the rest of an interaction into `row`, reusing its strings.
fn fill(row: &mut Interaction, rng: &mut Rng, core: Core, contact: ContactId, deal_ids: &[DealId]) {
    let said = &phrases::phrases().interactions;
    row.contact_id = contact;
    row.kind = core.kind;
    row.direction = core.direction;
    row.occurred_at = at(core.at);
    row.deal_id = core.deal.map(|d| deal_ids[d as usize]);
    row.duration_min = match core.kind {
        Kind::Call => Some(rng.range(2, 45) as u32),
        Kind::Meeting => Some(*rng.pick(&[30u32, 45, 60, 90])),
        _ => None,
    };
    row.score = None;
    let inbound = core.direction == Some(Direction::In);
    let summary = match core.kind {
        Kind::Email => rng.pick(if inbound {
            &said.email_in
        } else {
            &said.email_out
        }),
        Kind::Call => rng.pick(if inbound {
            &said.call_in
        } else {
            &said.call_out
        }),
        Kind::Meeting => rng.pick(&said.meeting),
        Kind::Note => rng.pick(&said.note),
        Kind::Message => rng.pick(if inbound {
            &said.message_in
        } else {
            &said.message_out
        }),
        Kind::Feedback => {
            let score = rng.weighted(&SCORE_WEIGHTS) as u8;
            row.score = Some(score);
            rng.pick(if score >= 7 {
                &said.feedback_good
            } else {
                &said.feedback_poor
            })
        }
    };
    row.summary.clear();
    row.summary.push_str(summary);
    let with_body = matches!(core.kind, Kind::Email | Kind::Meeting | Kind::Note) && rng.chance(8);
    if with_body {
        let mut body = row.body.take().unwrap_or_default();
        body.clear();
        body.push_str(rng.pick(&said.bodies).as_str());
        row.body = Some(body);
    } else {
        row.body = None;
    }
}

pub(super) fn insert_tasks(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    sample: &Sample,
    contact_ids: &[ContactId],
    deal_ids: &[DealId],
) -> Result<usize> {
    let (contacts, deals) = (&sample.contacts, &sample.deals);
    if contacts.is_empty() {
        return Ok(0);
    }
    let mut rng = Rng::fork(ctx.seed, S_TASKS, 0);
    let with_deal = deals.len() / 2;
    let total = (contacts.len() / 4 + with_deal).max(3);
    let open: Vec<usize> = (0..deals.len())
        .filter(|&d| deals[d].status == DealStatus::Open)
        .collect();
    for t in 0..total {
        let (contact, deal, title) = if t < with_deal {
            let d = if !open.is_empty() && rng.chance(85) {
                open[rng.below(open.len())]
            } else {
                rng.below(deals.len())
            };
            (
                deals[d].contact,
                Some(d),
                rng.pick(&phrases::phrases().deals.tasks),
            )
        } else {
            (
                rng.below(contacts.len()),
                None,
                rng.pick(&phrases::phrases().tasks.titles),
            )
        };
        // 0 done, 1 overdue, 2 today, 3 within two weeks, 4 later, 5 no due date.
        // A task about a closed deal is done.
        let closed = deal.is_some_and(|d| deals[d].status != DealStatus::Open);
        let bucket = if closed {
            0
        } else {
            rng.weighted(&[18, 17, 12, 33, 12, 8])
        };
        let days = match bucket {
            0 => -rng.range(1, 60),
            1 => -rng.range(1, 20),
            3 => rng.range(1, 14),
            4 => rng.range(15, 90),
            _ => 0,
        };
        let timed = rng.chance(40);
        let (due, due_day, due_at) = if bucket == 5 {
            (None, None, ctx.base)
        } else {
            let day = day_offset(ctx.today, days);
            if timed {
                let hour = rng.range(9, 17) as u32;
                let minute = *rng.pick(&[0u32, 15, 30, 45]);
                let utc = ctx
                    .now
                    .from_local(day.and_hms_opt(hour, minute, 0).unwrap_or_default());
                (
                    Some(Due::At(utc)),
                    Some(ctx.now.to_local(utc).date()),
                    utc.timestamp(),
                )
            } else {
                let morning = ctx
                    .now
                    .from_local(day.and_hms_opt(9, 0, 0).unwrap_or_default());
                (Some(Due::Day(day)), Some(day), morning.timestamp())
            }
        };
        let created = due_at.min(ctx.base) - rng.range(HOUR, 21 * DAY);
        let done_at = if bucket == 0 {
            Some(at(rng.range(created + HOUR, (due_at + DAY).min(ctx.base))))
        } else {
            None
        };
        let task = Task {
            case_id: None,
            id: TaskId(0),
            title: title.to_string(),
            contact_id: Some(contact_ids[contact]),
            contact: None,
            deal_id: deal.map(|d| deal_ids[d]),
            deal: None,
            due,
            due_day,
            every: None,
            done_at,
            created_at: at(created),
            owner: demo_owner(ctx, t),
            version: 1,
        };
        tx.insert_task(&task)?;
    }
    Ok(total)
}
