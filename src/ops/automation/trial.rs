//! `crm rule test`: which rules an event would fire and what they would do, found by doing
//! it in a transaction that is then rolled back.

use crate::domain::automation::{Event, Outbox};
use crate::domain::Result;
use crate::store::Store;

use super::super::Now;
use super::{condition_holds, settle};

/// How one rule that listens for the event's kind took it.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Fires,
    /// Its `to`, `kind` or `direction` asks for another event.
    OtherDetails,
    /// Its `where` does not hold for the record.
    WhereFails,
}

#[derive(Debug, Default)]
pub struct Trial {
    /// Each rule listening for the event's kind, in file order.
    pub verdicts: Vec<(String, Verdict)>,
    /// What they would do (rules they would fire included), and the hooks that would run.
    pub outbox: Outbox,
}

/// Runs the rules on `event` and rolls everything back.
pub fn trial(store: &Store, now: &Now, event: Event) -> Result<Trial> {
    let rules = store.rules();
    let mut t = Trial::default();
    store.rehearse(|tx| {
        tx.listen();
        for rule in rules.rules.iter().filter(|r| r.on == event.event) {
            let v = if !rule.matches(&event) {
                Verdict::OtherDetails
            } else if !condition_holds(tx.read(), now, rule, &event)? {
                Verdict::WhereFails
            } else {
                Verdict::Fires
            };
            t.verdicts.push((rule.name.clone(), v));
        }
        settle(tx, now, &rules, vec![event.clone()], &mut t.outbox)
    })?;
    Ok(t)
}
