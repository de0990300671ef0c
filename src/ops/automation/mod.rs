//! Rules at work (DESIGN §11): every use case's change runs the rules that answer the
//! events it emitted, inside the same transaction, so what a rule does commits or fails
//! with the change that caused it. Hooks wait in the store's outbox until the change is
//! committed; a face runs them.

mod actions;
pub mod remind;
pub mod trial;

use crate::domain::automation::{Event, Fired, HookCall, Outbox, Rule, RuleSet, MAX_DEPTH};
use crate::domain::filter::Target;
use crate::domain::history::{Action as HistoryAction, Entity};
use crate::domain::Result;
use crate::store::{Change, Reader, Store, Tx};

use super::{facts, Now};

/// Events one change may cause through rules, at most: rules fire rules only to
/// [`MAX_DEPTH`], so this is a guard against a runaway, never a limit met in use.
const MAX_EVENTS: usize = 10_000;

/// Runs `f` as one change, with the store's rules answering what it did before it commits.
pub(crate) fn write<T>(
    store: &Store,
    now: &Now,
    mut f: impl FnMut(&Tx<'_>) -> Result<T>,
) -> Result<T> {
    let rules = store.rules();
    let mut out = Outbox::default();
    let value = store.write(|tx| {
        // A retried transaction (PostgreSQL) starts its rules' outbox afresh.
        out = Outbox::default();
        if !rules.is_empty() {
            tx.listen();
        }
        let value = f(tx)?;
        let events = tx.take_events();
        settle(tx, now, &rules, events, &mut out)?;
        // After the rules, which may have tagged or noted someone.
        super::scores::refresh_in(tx, now, &store.score_weights(), &tx.take_touched())?;
        Ok(value)
    })?;
    if !out.is_empty() {
        store.post(out);
    }
    Ok(value)
}

/// Answers `events` (and the events the answers cause, to [`MAX_DEPTH`]) with `rules`,
/// writing through `tx`. What fired, and the hooks to run, go to `out`.
pub(crate) fn settle(
    tx: &Tx<'_>,
    now: &Now,
    rules: &RuleSet,
    events: Vec<Event>,
    out: &mut Outbox,
) -> Result<()> {
    if rules.is_empty() {
        return Ok(());
    }
    let mut queue: Vec<(Event, usize)> = events.into_iter().map(|e| (e, 0)).collect();
    let mut next = 0;
    while next < queue.len() {
        let (event, depth) = queue[next].clone();
        next += 1;
        for rule in rules.matching(&event) {
            if depth >= MAX_DEPTH || queue.len() >= MAX_EVENTS {
                out.skipped.push(format!(
                    "rule {:?} did not run for {}: rules fired rules {MAX_DEPTH} deep, the most allowed.",
                    rule.name, event.event
                ));
                continue;
            }
            if !condition_holds(tx.read(), now, rule, &event)? {
                continue;
            }
            fire(tx, now, rule, &event, out)?;
            queue.extend(tx.take_events().into_iter().map(|e| (e, depth + 1)));
        }
    }
    Ok(())
}

/// Does what `rule` says for `event`, and notes it in `out`.
pub(crate) fn fire(
    tx: &Tx<'_>,
    now: &Now,
    rule: &Rule,
    event: &Event,
    out: &mut Outbox,
) -> Result<()> {
    let did = actions::apply(tx, now, rule, event, out)?;
    out.fired.push(Fired {
        rule: rule.name.clone(),
        event: event.event.to_string(),
        did,
    });
    Ok(())
}

/// Whether the rule's `segment` and `where` hold for the event's deal (`deal.*` events)
/// or contact (true without either; false when the event names no such record).
pub(crate) fn condition_holds(
    r: Reader<'_>,
    now: &Now,
    rule: &Rule,
    event: &Event,
) -> Result<bool> {
    if let Some(name) = &rule.segment {
        // A segment removed since the config was written: the rule does not fire (and
        // `crm rule list` says the segment is missing), rather than every change failing.
        let Ok(segment) = super::segments::find(r, name) else {
            return Ok(false);
        };
        if !filter_holds(r, now, &segment.filter()?, event)? {
            return Ok(false);
        }
    }
    match &rule.condition {
        Some(cond) => filter_holds(r, now, &cond.filter, event),
        None => Ok(true),
    }
}

/// Whether a filter holds for the event's deal or contact (false when it names neither).
fn filter_holds(
    r: Reader<'_>,
    now: &Now,
    filter: &crate::domain::filter::Filter,
    event: &Event,
) -> Result<bool> {
    let clock = now.clock();
    match filter.target() {
        Target::Deal => match event.deal_id {
            Some(id) => Ok(filter.matches_deal(&facts::deal_facts(r, id)?, &clock)),
            None => Ok(false),
        },
        Target::Contact => {
            let contact = match event.contact_id {
                Some(id) => Some(id),
                // A task's event may name only the task: its contact, if it has one.
                None => match event.task_id {
                    Some(t) => r.task(t)?.and_then(|t| t.contact_id),
                    None => None,
                },
            };
            match contact {
                Some(id) => Ok(filter.matches_contact(&facts::contact_facts(r, id)?, &clock)),
                None => Ok(false),
            }
        }
    }
}

/// Records in history, beside the change that fired it, that a hook failed: the change
/// itself stands (a hook never undoes it).
pub fn record_hook_failure(store: &Store, now: &Now, call: &HookCall, error: &str) -> Result<()> {
    let contact = call
        .env
        .iter()
        .find(|(k, _)| k == "CRM_CONTACT_ID")
        .and_then(|(_, v)| v.parse().ok())
        .map(crate::domain::ContactId);
    store.append_history(
        call.change,
        Change {
            entity: Entity::Rule,
            entity_id: 0,
            contact_id: contact,
            action: HistoryAction::HookFailed,
            before: None,
            after: Some(serde_json::json!({ "rule": call.rule, "error": error })),
            at: now.utc,
            by: Some(format!("rule {}", call.rule)),
        },
    )
}

#[cfg(test)]
mod tests;
