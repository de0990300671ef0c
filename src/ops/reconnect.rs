//! `crm reconnect`: contacts due for a call, e-mail or meeting by their stay-in-touch
//! cadence (DESIGN §11). Logging any interaction moves `last_contact_at`, which resets
//! the clock.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::cadence::{self, TagCadences};
use crate::domain::recurrence::Every;
use crate::domain::*;
use crate::store::Reader;

use super::Now;

/// A contact whose cadence has come round.
#[derive(Debug, Clone, PartialEq)]
pub struct Reconnect {
    pub contact: Contact,
    /// The cadence that counts: the contact's own, else its tags' shortest.
    pub cadence: Every,
    /// The local day it fell due.
    pub due_on: NaiveDate,
    /// Whole days since then (0 when due today).
    pub overdue_days: i64,
}

/// Every due contact, most overdue first (at most `limit`). Reads only the contacts with a
/// cadence of their own or a tag that has one, and in full only the ones returned.
pub fn due(
    r: Reader<'_>,
    now: &Now,
    tags: &TagCadences,
    limit: Option<usize>,
) -> Result<Vec<Reconnect>> {
    Ok(due_counted(r, now, tags, limit)?.0)
}

/// Like [`due`], with how many are due in all (the agenda's count).
pub fn due_counted(
    r: Reader<'_>,
    now: &Now,
    tags: &TagCadences,
    limit: Option<usize>,
) -> Result<(Vec<Reconnect>, usize)> {
    let local_now = now.local();
    let mut due = Vec::new();
    for c in r.cadence_candidates(&tags.tag_keys())? {
        let Some(every) = tags.effective_of(c.cadence, &c.tags) else {
            continue;
        };
        match cadence::due_at(every, now.to_local(c.since)) {
            Some(at) if at <= local_now => due.push((at, c.id, every)),
            _ => {}
        }
    }
    let total = due.len();
    due.sort_by_key(|(at, id, _)| (*at, *id));
    if let Some(n) = limit {
        due.truncate(n);
    }
    let ids: Vec<ContactId> = due.iter().map(|(_, id, _)| *id).collect();
    let mut contacts: HashMap<ContactId, Contact> = r
        .contacts_by_id(&ids)?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let list = due
        .into_iter()
        .filter_map(|(at, id, every)| {
            Some(Reconnect {
                contact: contacts.remove(&id)?,
                cadence: every,
                due_on: at.date(),
                overdue_days: (local_now.date() - at.date()).num_days(),
            })
        })
        .collect();
    Ok((list, total))
}

#[cfg(test)]
#[path = "reconnect_tests.rs"]
mod tests;
