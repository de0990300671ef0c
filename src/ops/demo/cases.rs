//! The demo's support cases: a few per twenty contacts (3 to 30), in every status, some past
//! their targets, each with the customer's first message, a reply when it had one, and the
//! customer's rating when it was solved, so the Cases view, Today and `crm report service`
//! have something to show.

use chrono::Duration;

use super::rng::Rng;
use super::{at, demo_owner, Ctx, HOUR};
use crate::domain::case::{Case, Priority, Status};
use crate::domain::*;
use crate::store::Tx;

const S_CASES: u64 = 9;

const TITLES: [&str; 10] = [
    "Cannot log in after the update",
    "Invoice shows the wrong VAT",
    "Export to CSV times out",
    "Two-factor code never arrives",
    "Please add a second user",
    "Report totals look off",
    "Password reset link expired",
    "Question about the renewal",
    "Integration stopped syncing",
    "Refund for a double charge",
];

const REPLIES: [&str; 4] = [
    "Thanks, looking into it now",
    "Could you send a screenshot?",
    "Found it, a fix is on its way",
    "Can you try again now?",
];

/// Writes the cases and their interactions; returns how many of each.
pub(super) fn insert_cases(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    contact_ids: &[ContactId],
) -> Result<(usize, usize)> {
    if contact_ids.is_empty() {
        return Ok((0, 0));
    }
    let n = (contact_ids.len() / 20).clamp(3, 30);
    let mut rng = Rng::fork(ctx.seed, S_CASES, 0);
    let mut touched = Vec::new();
    let mut written = 0;
    for k in 0..n {
        let contact = contact_ids[rng.below(contact_ids.len())];
        let priority = [
            Priority::Low,
            Priority::Normal,
            Priority::High,
            Priority::Urgent,
        ][rng.weighted(&[2, 5, 2, 1])];
        // The newest cases are hours old, the oldest three weeks.
        let opened = ctx.base - rng.range(1, 21 * 24) * HOUR;
        let title = TITLES[k % TITLES.len()];
        // What became of it: open without a reply, open and answered, waiting on the
        // customer, solved (and rated), closed.
        let fate = rng.weighted(&[3, 3, 2, 3, 1]);
        let replied = (fate > 0).then(|| opened + rng.range(1, 30) * HOUR / 4);
        let solved = (fate >= 3).then(|| {
            let after = replied.unwrap_or(opened) + rng.range(1, 72) * HOUR;
            after.min(ctx.base)
        });
        let status = match fate {
            0 | 1 => Status::Open,
            2 => Status::Pending,
            3 => Status::Solved,
            _ => Status::Closed,
        };
        let case = Case {
            id: 0,
            contact_id: contact,
            contact: String::new(),
            deal_id: None,
            title: title.to_string(),
            priority,
            status,
            opened_at: at(opened),
            first_response_at: replied.filter(|r| *r <= ctx.base).map(at),
            solved_at: solved.map(at),
            resolution: solved.map(|_| "fixed and confirmed with the customer".to_string()),
            owner: demo_owner(ctx, k),
            version: 1,
        };
        let id = tx.insert_case(&case)?;
        let said = |kind, direction, when: i64, summary: &str, score: Option<u8>| {
            let i = Interaction {
                id: InteractionId(0),
                contact_id: contact,
                contact: String::new(),
                deal_id: None,
                kind,
                direction: Some(direction),
                occurred_at: at(when.min(ctx.base)),
                duration_min: None,
                summary: summary.to_string(),
                body: None,
                score,
                case_id: Some(id),
                version: 1,
            };
            tx.insert_interaction(&i, ctx.now.utc).map(|_| ())
        };
        written +=
            1 + usize::from(case.first_response_at.is_some()) + usize::from(solved.is_some());
        said(InteractionKind::Email, Direction::In, opened, title, None)?;
        if let Some(r) = case.first_response_at {
            let reply = REPLIES[rng.below(REPLIES.len())];
            said(
                InteractionKind::Email,
                Direction::Out,
                r.timestamp(),
                reply,
                None,
            )?;
        }
        if let Some(s) = solved {
            let score = [6u8, 8, 9, 10][rng.below(4)];
            let when = s + Duration::hours(2).num_seconds();
            said(
                InteractionKind::Feedback,
                Direction::In,
                when,
                "rated the support",
                Some(score),
            )?;
        }
        touched.push(contact);
    }
    for c in touched {
        tx.refresh_last_contact(c)?;
    }
    Ok((n, written))
}
