//! Logging calls, e-mails, meetings, notes, messages and feedback; fixing and removing them.
//!
//! History, for `crm undo`:
//! - log: `Create`, after = the interaction (plus a `Lifecycle` row when it moved the contact);
//! - edit: `Update`, before/after (each an `Interaction`, with its `version`);
//! - remove: `Delete`, before = the interaction with its `created_at` added
//!   (see [`Removed`]); the row is deleted, and `Tx::restore_interaction(&i, created_at)`
//!   puts it back with its id and version. The contact's `last_contact_at` is derived, so
//!   after a restore call `Tx::refresh_last_contact_until(contact, now)`.

use crate::domain::automation::{Event, EventKind};
use crate::domain::dates::When;
use crate::domain::history::{Action, Entity};
use crate::domain::lifecycle;
use crate::domain::validate;
use crate::domain::*;
use crate::store::{Reader, Store, Tx};

use super::deals::advance_lifecycle;
use super::{record, Now, NONE};

/// An interaction to log, typed (see `crate::input::log` for the text form). Serialised
/// for the write-behind queue (`ops::queue`), which keeps the instant in place of `at`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LogInput {
    pub kind: InteractionKind,
    pub contact: ContactId,
    pub summary: String,
    #[serde(skip)]
    pub at: Option<When>,
    pub duration_min: Option<u32>,
    pub deal: Option<DealId>,
    pub direction: Option<Direction>,
    pub score: Option<i64>,
    pub body: Option<String>,
    /// The support case it belongs to (the contact's own).
    pub case: Option<i64>,
}

pub fn log(store: &Store, now: &Now, input: LogInput) -> Result<Interaction> {
    super::automation::write(store, now, |tx| log_in(tx, now, input.clone()))
}

/// [`log`] inside a change that is already open (a rule's note).
pub(crate) fn log_in(tx: &Tx<'_>, now: &Now, input: LogInput) -> Result<Interaction> {
    let (summary, score) = validate::interaction(
        input.kind,
        &input.summary,
        input.direction.is_some(),
        input.score,
    )?;
    let kind = input.kind;
    let direction = match (input.direction, kind) {
        (Some(d), _) => Some(d),
        (None, InteractionKind::Note) => None,
        // Feedback comes from the customer; everything else defaults to outbound.
        (None, InteractionKind::Feedback) => Some(Direction::In),
        (None, _) => Some(Direction::Out),
    };
    let occurred_at = match input.at {
        Some(at) => now.instant_on_day(at),
        None => now.utc,
    };
    let duration_min = input.duration_min;
    let body = validate::optional(input.body.as_deref());
    {
        let contact_id = input.contact;
        let deal_id = match input.deal {
            Some(d) => Some(super::deals::load(tx.read(), d)?.id),
            None => None,
        };
        let contact = super::contacts::load(tx.read(), contact_id)?;
        let mut i = Interaction {
            case_id: None,
            id: InteractionId(0),
            contact_id,
            contact: contact.name,
            deal_id,
            kind,
            direction,
            occurred_at,
            duration_min,
            summary,
            body,
            score,
            version: 1,
        };
        i.id = tx.insert_interaction(&i, now.utc)?;
        // One dated in the future (a meeting logged ahead) is not contact yet.
        if kind != InteractionKind::Note && occurred_at <= now.utc {
            tx.note_contacted(contact_id, occurred_at)?;
        }
        record(
            tx,
            now,
            Entity::Interaction,
            i.id.0,
            Some(contact_id),
            Action::Create,
            NONE,
            Some(&i),
        )?;
        // A message on a support case is service, not a sign of interest: the contact's
        // lifecycle stays where it is (DESIGN §13).
        let on_case = input.case.is_some();
        advance_lifecycle(
            tx,
            now,
            Some(contact_id),
            |l| lifecycle::after_interaction(l, kind, direction).filter(|_| !on_case),
            "inbound contact",
        )?;
        if let Some(case) = input.case {
            super::cases::on_interaction(tx, now, case, &i)?;
            i.case_id = Some(case);
        }
        let mut e = Event::new(EventKind::InteractionLogged).contact(Some(contact_id));
        e.interaction_id = Some(i.id);
        e.deal_id = i.deal_id;
        e.kind = Some(i.kind);
        e.direction = i.direction;
        tx.emit(e);
        Ok(i)
    }
}

pub fn load(r: Reader<'_>, id: InteractionId) -> Result<Interaction> {
    r.interaction(id)?.ok_or_else(|| {
        Error::not_found(format!(
            "there is no interaction #{id}; see crm interaction list."
        ))
    })
}

/// What `interaction edit` changes: `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct InteractionChanges {
    pub kind: Option<InteractionKind>,
    pub contact: Option<ContactId>,
    pub summary: Option<String>,
    pub at: Option<When>,
    pub duration_min: Option<Option<u32>>,
    pub deal: Option<Option<DealId>>,
    pub direction: Option<Direction>,
    pub score: Option<Option<i64>>,
    pub body: Option<Option<String>>,
}

impl InteractionChanges {
    pub fn is_empty(&self) -> bool {
        *self == InteractionChanges::default()
    }
}

/// Fixes a logged interaction. With `expected_version` (the version the caller read), an
/// edit made from a stale copy is refused. Changing the kind drops what the new kind cannot
/// have (a note's direction, a score that is not feedback) unless given again. The
/// contact's last contact is recomputed (never from a future date). Returns the interaction
/// and whether anything changed.
pub fn edit(
    store: &Store,
    now: &Now,
    id: InteractionId,
    expected_version: Option<i64>,
    ch: InteractionChanges,
) -> Result<(Interaction, bool)> {
    super::automation::write(store, now, |tx| {
        let before = load(tx.read(), id)?;
        super::check_version_of(
            tx.read(),
            Entity::Interaction,
            id.0,
            before.version,
            expected_version,
        )?;
        let mut i = before.clone();
        if let Some(kind) = ch.kind.filter(|k| *k != before.kind) {
            i.kind = kind;
            i.direction = match (kind, before.direction) {
                (InteractionKind::Note, _) => None,
                (InteractionKind::Feedback, None) => Some(Direction::In),
                (_, None) => Some(Direction::Out),
                (_, d) => d,
            };
            if kind != InteractionKind::Feedback {
                i.score = None;
            }
        }
        if let Some(d) = ch.direction {
            i.direction = Some(d);
        }
        let score = match ch.score {
            Some(s) => s,
            None => i.score.map(i64::from),
        };
        let summary = ch.summary.as_deref().unwrap_or(&i.summary);
        (i.summary, i.score) =
            validate::interaction(i.kind, summary, i.direction.is_some(), score)?;
        if let Some(at) = ch.at {
            i.occurred_at = now.instant_on_day(at);
        }
        if let Some(d) = ch.duration_min {
            i.duration_min = d;
        }
        if let Some(body) = ch.body.clone() {
            i.body = validate::optional(body.as_deref());
        }
        let r = tx.read();
        if let Some(deal) = ch.deal {
            i.deal_id = deal
                .map(|d| super::deals::load(r, d).map_err(|e| e.at(Field::Deal)))
                .transpose()?
                .map(|d| d.id);
        }
        if let Some(c) = ch.contact.filter(|c| *c != before.contact_id) {
            let c = super::contacts::load(r, c).map_err(|e| e.at(Field::Contact))?;
            (i.contact_id, i.contact) = (c.id, c.name);
        }
        if i == before {
            return Ok((before, false));
        }
        i.version = tx.update_interaction(&i)?;
        refresh_contacts(tx, now, &before, &i)?;
        tx.touch(Some(before.contact_id));
        record(
            tx,
            now,
            Entity::Interaction,
            i.id.0,
            Some(i.contact_id),
            Action::Update,
            Some(&before),
            Some(&i),
        )?;
        let (kind, direction, on_case) = (i.kind, i.direction, i.case_id.is_some());
        advance_lifecycle(
            tx,
            now,
            Some(i.contact_id),
            |l| lifecycle::after_interaction(l, kind, direction).filter(|_| !on_case),
            "inbound contact",
        )?;
        if let Some(case) = i.case_id {
            super::cases::refresh_first_response(tx, now, case)?;
        }
        Ok((i, true))
    })
}

/// Last contact is derived from interactions: recompute it for each contact involved.
/// Only when the date, kind or person changed: otherwise a last contact known from
/// elsewhere (an import's "last contacted") is kept.
fn refresh_contacts(
    tx: &Tx<'_>,
    now: &Now,
    before: &Interaction,
    after: &Interaction,
) -> Result<()> {
    let same = (before.occurred_at, before.kind, before.contact_id)
        == (after.occurred_at, after.kind, after.contact_id);
    if same {
        return Ok(());
    }
    tx.refresh_last_contact_until(after.contact_id, now.utc)?;
    if before.contact_id != after.contact_id {
        tx.refresh_last_contact_until(before.contact_id, now.utc)?;
    }
    Ok(())
}

/// A removed interaction as history keeps it: the record and when it was first written.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Removed {
    #[serde(flatten)]
    pub interaction: Interaction,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// Deletes an interaction and recomputes its contact's last contact. History keeps the
/// whole record (see the module notes) so undo restores it.
pub fn remove(store: &Store, now: &Now, id: InteractionId) -> Result<Interaction> {
    super::automation::write(store, now, |tx| {
        let i = load(tx.read(), id)?;
        let created_at = tx
            .read()
            .interaction_created_at(id)?
            .unwrap_or(i.occurred_at);
        tx.delete_interaction(id)?;
        tx.refresh_last_contact_until(i.contact_id, now.utc)?;
        if let Some(case) = i.case_id {
            super::cases::refresh_first_response(tx, now, case)?;
        }
        let removed = Removed {
            interaction: i,
            created_at,
        };
        record(
            tx,
            now,
            Entity::Interaction,
            id.0,
            Some(removed.interaction.contact_id),
            Action::Delete,
            Some(&removed),
            NONE,
        )?;
        Ok(removed.interaction)
    })
}

#[cfg(test)]
#[path = "interactions_tests.rs"]
mod tests;
