//! Keeping lead scores current (DESIGN §12). A change re-scores the contacts it touched
//! before it commits; time decay is brought up to date once a day (by `crm remind` or when
//! the app starts), a batch at a time so no writer waits long; imports and undo re-score
//! what they wrote. Sorting by score then reads an index, as sorting by name does.

use chrono::Duration;

use crate::domain::score::{score, Score, Weights};
use crate::domain::{ContactId, Error, Result};
use crate::store::{Reader, Store, Tx};

use super::Now;

/// The setting that holds the local day every score was last brought up to date.
const SCORED_ON: &str = "scores_day";
/// Contacts re-scored per transaction when all are.
const BATCH: usize = 2000;

fn scores(
    r: Reader<'_>,
    now: &Now,
    w: &Weights,
    ids: &[ContactId],
) -> Result<Vec<(ContactId, u8)>> {
    let since = now.utc - Duration::days(w.window_days);
    Ok(r.score_inputs(ids, now.utc, since)?
        .into_iter()
        .map(|(id, inputs)| (id, score(&inputs, w).total))
        .collect())
}

/// Re-scores these contacts inside the open change.
pub(crate) fn refresh_in(tx: &Tx<'_>, now: &Now, w: &Weights, ids: &[ContactId]) -> Result<()> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for chunk in ids.chunks(BATCH) {
        let s = scores(tx.read(), now, w, chunk)?;
        tx.set_scores(&s)?;
    }
    Ok(())
}

/// Re-scores these contacts, a batch per transaction (after an import or an undo).
pub fn refresh(store: &Store, now: &Now, ids: &[ContactId]) -> Result<()> {
    let w = store.score_weights();
    for chunk in ids.chunks(BATCH) {
        store.write(|tx| refresh_in(tx, now, &w, chunk))?;
    }
    Ok(())
}

/// Re-scores the next batch of live contacts after id `after`, in one short transaction.
/// Returns where the next batch starts, or `None` when every contact is done (and today
/// is noted as the day scores were brought up to date).
pub fn refresh_batch(store: &Store, now: &Now, after: i64) -> Result<Option<i64>> {
    let w = store.score_weights();
    let ids = store.read().live_contact_ids_after(after, BATCH)?;
    let Some(last) = ids.last() else {
        store.write(|tx| tx.set_setting(SCORED_ON, &now.today().to_string()))?;
        return Ok(None);
    };
    store.write(|tx| {
        let s = scores(tx.read(), now, &w, &ids)?;
        tx.set_scores(&s)
    })?;
    Ok(Some(last.0))
}

/// Re-scores every live contact, a batch per transaction.
pub fn refresh_all(store: &Store, now: &Now) -> Result<()> {
    let mut after = Some(0);
    while let Some(a) = after {
        after = refresh_batch(store, now, a)?;
    }
    Ok(())
}

/// Whether scores were not yet brought up to date today (time decay).
pub fn stale_today(r: Reader<'_>, now: &Now) -> Result<bool> {
    Ok(r.setting(SCORED_ON)?.as_deref() != Some(&now.today().to_string()))
}

/// Brings every score up to date if that has not been done today. True when it ran.
pub fn refresh_daily(store: &Store, now: &Now) -> Result<bool> {
    if !stale_today(store.read(), now)? {
        return Ok(false);
    }
    refresh_all(store, now)?;
    Ok(true)
}

/// A contact's score as of now, with every rule that made it (`crm contact score`).
pub fn explain(r: Reader<'_>, now: &Now, w: &Weights, id: ContactId) -> Result<Score> {
    let since = now.utc - Duration::days(w.window_days);
    let (_, inputs) = r
        .score_inputs(&[id], now.utc, since)?
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found(format!("there is no contact #{id}.")))?;
    Ok(score(&inputs, w))
}
