//! `crm reconnect`: contacts due for a call, e-mail or meeting by their stay-in-touch
//! cadence (DESIGN §11). Logging any interaction moves `last_contact_at`, which resets
//! the clock.

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
/// cadence of their own or a tag that has one.
pub fn due(
    r: Reader<'_>,
    now: &Now,
    tags: &TagCadences,
    limit: Option<usize>,
) -> Result<Vec<Reconnect>> {
    let local_now = now.local();
    let mut out = Vec::new();
    for contact in r.contacts_with_cadence(&tags.tag_keys())? {
        let Some(every) = tags.effective(&contact) else {
            continue;
        };
        let since = now.to_local(cadence::since(&contact));
        let Some(at) = cadence::due_at(every, since) else {
            continue;
        };
        if at > local_now {
            continue;
        }
        out.push((
            at,
            Reconnect {
                cadence: every,
                due_on: at.date(),
                overdue_days: (local_now.date() - at.date()).num_days(),
                contact,
            },
        ));
    }
    out.sort_by(|(a, x), (b, y)| a.cmp(b).then(x.contact.id.cmp(&y.contact.id)));
    let mut out: Vec<Reconnect> = out.into_iter().map(|(_, r)| r).collect();
    if let Some(n) = limit {
        out.truncate(n);
    }
    Ok(out)
}

#[cfg(test)]
#[path = "reconnect_tests.rs"]
mod tests;
