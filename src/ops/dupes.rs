//! The duplicate finder (DESIGN §12): likely duplicate pairs with a score and reasons,
//! and the pairs people said are different.

use crate::domain::dupes::{self, Person};
use crate::domain::history::{Action, Entity};
use crate::domain::*;
use crate::store::{Reader, Store};

use super::{record, Now};

/// Below this a pair is shown only when asked (`--min-score`): a name alone, spelled
/// alike, scores 60.
pub const DEFAULT_MIN_SCORE: u8 = 50;

/// A likely duplicate pair, `a` the older (lower id).
#[derive(Debug, Clone, PartialEq)]
pub struct DupePair {
    pub a: Person,
    pub b: Person,
    pub score: u8,
    pub reasons: Vec<String>,
}

/// Likely duplicates scoring at least `min_score` (0-100), best first, at most `limit`;
/// pairs marked "not duplicates" left out.
pub fn find(r: Reader<'_>, min_score: u8, limit: Option<usize>) -> Result<Vec<DupePair>> {
    if min_score > 100 {
        return Err(Error::invalid_at(
            Field::Score,
            format!("the minimum score {min_score} is over 100; scores run from 0 to 100."),
        ));
    }
    let people = r.dupe_people()?;
    let skip = r.not_dupes()?;
    let mut pairs = dupes::find(&people, min_score, &skip);
    if let Some(n) = limit {
        pairs.truncate(n);
    }
    // People are sorted by id, so each side is found by binary search.
    let get = |id: ContactId| {
        people
            .binary_search_by_key(&id, |p| p.id)
            .map(|i| people[i].clone())
            .map_err(|_| Error::not_found(format!("contact #{id} is gone.")))
    };
    pairs
        .into_iter()
        .map(|p| {
            Ok(DupePair {
                a: get(p.a)?,
                b: get(p.b)?,
                score: p.score,
                reasons: p.reasons,
            })
        })
        .collect()
}

/// A merge of `ids`' records with each number once: a phone whose stored E.164 form an
/// earlier phone has is dropped (`020 7946 0958` after `+44 20 7946 0958`).
pub(crate) fn numbers_once(r: Reader<'_>, mut c: Contact, ids: [ContactId; 2]) -> Result<Contact> {
    let mut forms = std::collections::HashMap::new();
    for id in ids {
        for (typed, e164) in r.phone_forms(id)? {
            if let Some(e) = e164 {
                forms.insert(typed, e);
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    c.phones
        .retain(|p| forms.get(p).is_none_or(|e| seen.insert(e.clone())));
    Ok(c)
}

/// Remembers that two contacts are different people, so the pair leaves [`find`].
/// Returns false when it was already known.
pub fn not_dupes(store: &Store, now: &Now, x: ContactId, y: ContactId) -> Result<bool> {
    if x == y {
        return Err(Error::invalid_at(
            Field::Contact,
            "those are the same contact; name two different ones.",
        ));
    }
    store.write(|tx| {
        for id in [x, y] {
            super::contacts::load(tx.read(), id)?;
        }
        let (a, b) = (x.min(y), x.max(y));
        let new = tx.mark_not_dupes(a, b, now.utc)?;
        if new {
            let after = serde_json::json!({"not_dupes": [a, b]});
            for (id, _) in [(a, b), (b, a)] {
                record(
                    tx,
                    now,
                    Entity::Contact,
                    id.0,
                    Some(id),
                    Action::NotDupes,
                    None::<&()>,
                    Some(&after),
                )?;
            }
        }
        Ok(new)
    })
}
