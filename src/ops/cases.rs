//! Support cases (DESIGN §13): opening one and moving it through its statuses, each a
//! change in history that rules can answer (`case.opened`, `case.solved`).

use crate::domain::automation::{Event, EventKind};
use crate::domain::case::{next, Case, Move, Priority, Status};
use crate::domain::history::{Action, Entity};
use crate::domain::{validate, ContactId, DealId, Error, Field, Result};
use crate::store::{Reader, Store};

use super::{record, Now, NONE};

pub fn load(r: Reader<'_>, id: i64) -> Result<Case> {
    r.case(id)?.ok_or_else(|| {
        Error::not_found(format!("there is no case #{id}; crm case list shows them."))
    })
}

/// Opens a case for a contact (and, optionally, one of the contact's deals), owned by the
/// acting user.
pub fn open(
    store: &Store,
    now: &Now,
    contact: ContactId,
    title: &str,
    priority: Priority,
    deal: Option<DealId>,
) -> Result<Case> {
    let owner = now.by.map(String::from);
    open_owned(store, now, contact, (title, priority, deal), owner)
}

/// [`open`] with its owner given (`None`: nobody); `what` is the title, priority and deal.
pub fn open_owned(
    store: &Store,
    now: &Now,
    contact: ContactId,
    what: (&str, Priority, Option<DealId>),
    owner: Option<String>,
) -> Result<Case> {
    let (title, priority, deal) = what;
    let title = validate::required("case title", title).map_err(|e| e.at(Field::Title))?;
    let owner = crate::domain::owner::checked(owner.as_deref())?;
    super::automation::write(store, now, |tx| {
        let c = super::contacts::load(tx.read(), contact)?;
        if let Some(d) = deal {
            let d = super::deals::load(tx.read(), d)?;
            if d.contact_id != Some(contact) {
                return Err(Error::invalid(format!(
                    "deal #{} is not {}'s; a case's deal belongs to its contact.",
                    d.id, c.name
                )));
            }
        }
        let mut k = Case {
            id: 0,
            contact_id: contact,
            contact: c.name,
            deal_id: deal,
            title: title.clone(),
            priority,
            status: Status::Open,
            opened_at: now.utc,
            first_response_at: None,
            solved_at: None,
            resolution: None,
            owner: owner.clone(),
            version: 1,
        };
        k.id = tx.insert_case(&k)?;
        record(
            tx,
            now,
            Entity::Case,
            k.id,
            Some(contact),
            Action::Create,
            NONE,
            Some(&k),
        )?;
        let mut e = Event::new(EventKind::CaseOpened).contact(Some(contact));
        e.case_id = Some(k.id);
        tx.emit(e);
        Ok(k)
    })
}

/// Gives a case to `owner` (`None`: nobody), as `crm case assign` does.
pub fn assign(store: &Store, now: &Now, id: i64, owner: Option<String>) -> Result<Case> {
    let owner = crate::domain::owner::checked(owner.as_deref())?;
    super::automation::write(store, now, |tx| {
        let before = load(tx.read(), id)?;
        if before.owner == owner {
            return Ok(before);
        }
        let mut k = before.clone();
        k.owner = owner.clone();
        save(tx, now, &before, &mut k, Action::Update)?;
        Ok(k)
    })
}

/// Moves a case: pending, solved (with an optional resolution), reopened or closed.
pub fn change(
    store: &Store,
    now: &Now,
    id: i64,
    m: Move,
    resolution: Option<&str>,
) -> Result<Case> {
    super::automation::write(store, now, |tx| {
        let before = load(tx.read(), id)?;
        let status = next(before.status, m, before.solved_at, now.utc)
            .map_err(|e| Error::invalid(format!("case #{id}: {e}")))?;
        let mut k = before.clone();
        k.status = status;
        match status {
            Status::Solved => {
                k.solved_at = Some(now.utc);
                k.resolution = validate::optional(resolution);
            }
            Status::Open | Status::Pending => k.solved_at = None,
            Status::Closed => {}
        }
        let action = match m {
            Move::Solve => Action::Done,
            Move::Reopen => Action::Reopen,
            _ => Action::Update,
        };
        save(tx, now, &before, &mut k, action)?;
        if status == Status::Solved {
            let mut e = Event::new(EventKind::CaseSolved).contact(Some(k.contact_id));
            e.case_id = Some(id);
            tx.emit(e);
        }
        Ok(k)
    })
}

/// Logs a reply (an outbound e-mail) or a note on a case, and returns the case after it
/// (a first reply is its first response). `crm case reply|note` and the app's `r`/`n`.
pub fn log_on(
    store: &Store,
    now: &Now,
    id: i64,
    kind: crate::domain::InteractionKind,
    text: &str,
) -> Result<Case> {
    use crate::domain::{Direction, InteractionKind};
    let k = load(store.read(), id)?;
    super::interactions::log(
        store,
        now,
        super::interactions::LogInput {
            kind,
            contact: k.contact_id,
            summary: text.to_string(),
            at: None,
            duration_min: None,
            deal: k.deal_id,
            direction: (kind == InteractionKind::Email).then_some(Direction::Out),
            score: None,
            body: None,
            case: Some(id),
        },
    )?;
    load(store.read(), id)
}

/// Changes a case's title and priority (what is `None` stays). `version` is the one the
/// caller read: a case changed since is refused. Returns the case and whether it changed.
pub fn edit(
    store: &Store,
    now: &Now,
    id: i64,
    version: Option<i64>,
    title: Option<&str>,
    priority: Option<Priority>,
) -> Result<(Case, bool)> {
    let title = title
        .map(|t| validate::required("case title", t).map_err(|e| e.at(Field::Title)))
        .transpose()?;
    super::automation::write(store, now, |tx| {
        let before = load(tx.read(), id)?;
        super::check_version_of(tx.read(), Entity::Case, id, before.version, version)?;
        let mut k = before.clone();
        if let Some(title) = title.clone() {
            k.title = title;
        }
        if let Some(p) = priority {
            k.priority = p;
        }
        if k == before {
            return Ok((k, false));
        }
        save(tx, now, &before, &mut k, Action::Update)?;
        Ok((k, true))
    })
}

/// Deletes a case. The interactions filed under it stay in the contact's timeline,
/// unfiled; `crm undo` puts the case and the links back.
pub fn delete(store: &Store, now: &Now, id: i64) -> Result<Case> {
    super::automation::write(store, now, |tx| {
        let k = load(tx.read(), id)?;
        tx.delete_case(id)?;
        record(
            tx,
            now,
            Entity::Case,
            id,
            Some(k.contact_id),
            Action::Delete,
            Some(&k),
            NONE,
        )?;
        Ok(k)
    })
}

/// What logging an interaction on a case does to it: the first outbound one is its first
/// response; an inbound one is the customer writing back (a pending case opens again, and
/// so does one solved within a week), except feedback, which rates the case. An
/// interaction of another contact is refused.
/// A case's first response is its earliest outbound message: after one is moved in time
/// or removed, the case follows (cleared when none is left).
pub(crate) fn refresh_first_response(
    tx: &crate::store::Tx<'_>,
    now: &Now,
    case: i64,
) -> Result<()> {
    let Some(before) = tx.read().case(case)? else {
        return Ok(());
    };
    let first = tx.read().case_first_outbound_at(case)?;
    if first == before.first_response_at {
        return Ok(());
    }
    let mut k = before.clone();
    k.first_response_at = first;
    save(tx, now, &before, &mut k, Action::Update)
}

pub(crate) fn on_interaction(
    tx: &crate::store::Tx<'_>,
    now: &Now,
    case: i64,
    i: &crate::domain::Interaction,
) -> Result<()> {
    use crate::domain::Direction;
    let before = load(tx.read(), case)?;
    if before.contact_id != i.contact_id {
        return Err(Error::invalid_at(
            Field::Contact,
            format!(
                "case #{case} is {}'s, not {}'s; log it for {} or pick their case.",
                before.contact, i.contact, before.contact
            ),
        ));
    }
    // A case's moments are measured from its opening: a message filed under it from
    // before then would make response times negative.
    if i.occurred_at < before.opened_at {
        return Err(Error::invalid_at(
            Field::At,
            format!(
                "case #{case} was opened at {}; what is filed under it cannot be from before then (log it without --case).",
                before.opened_at.format("%Y-%m-%d %H:%M UTC")
            ),
        ));
    }
    tx.link_interaction_to_case(i.id, case)?;
    let mut k = before.clone();
    match i.direction {
        Some(Direction::Out) if k.first_response_at.is_none() => {
            k.first_response_at = Some(i.occurred_at);
        }
        // Feedback is the customer rating the case (its CSAT), not asking again.
        Some(Direction::In) if i.kind != crate::domain::InteractionKind::Feedback => {
            let status = next(k.status, Move::CustomerWrote, k.solved_at, i.occurred_at)?;
            if status != k.status {
                k.status = status;
                k.solved_at = None;
            }
        }
        _ => {}
    }
    if k != before {
        save(tx, now, &before, &mut k, Action::Update)?;
    }
    Ok(())
}

/// Writes a changed case with its next version and its history row.
fn save(
    tx: &crate::store::Tx<'_>,
    now: &Now,
    before: &Case,
    k: &mut Case,
    action: Action,
) -> Result<()> {
    k.version = before.version + 1;
    tx.update_case(k)?;
    record(
        tx,
        now,
        Entity::Case,
        k.id,
        Some(k.contact_id),
        action,
        Some(before),
        Some(&*k),
    )
}

#[cfg(test)]
#[path = "cases_tests.rs"]
mod edit_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::contacts::{self, ContactChanges};
    use crate::ops::testing::{now, store};

    #[test]
    fn a_case_opens_moves_and_is_in_history() {
        let s = store();
        let ada = contacts::add(
            &s,
            &now(),
            ContactChanges {
                name: Some("Ada Lovelace".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let k = open(&s, &now(), ada.id, "Login broken", Priority::Urgent, None).unwrap();
        assert_eq!((k.status, k.priority), (Status::Open, Priority::Urgent));
        let k = change(&s, &now(), k.id, Move::Pending, None).unwrap();
        assert_eq!(k.status, Status::Pending);
        let k = change(&s, &now(), k.id, Move::Solve, Some("reset the password")).unwrap();
        assert_eq!(k.status, Status::Solved);
        assert_eq!(k.resolution.as_deref(), Some("reset the password"));
        assert_eq!(k.solved_at, Some(now().utc));
        let k = change(&s, &now(), k.id, Move::Close, None).unwrap();
        let e = change(&s, &now(), k.id, Move::Solve, None).unwrap_err();
        assert!(e.to_string().contains("the case is closed"), "{e}");
        let history = s.read().history(Some(ada.id), 10).unwrap();
        assert_eq!(history.iter().filter(|h| h.entity == "case").count(), 4);
        assert!(open(&s, &now(), ada.id, "  ", Priority::Low, None).is_err());
        let e = change(&s, &now(), 99, Move::Solve, None).unwrap_err();
        assert!(e.to_string().contains("no case #99"), "{e}");
        assert_eq!(s.read().cases(None, Some(ada.id)).unwrap().len(), 1);
    }
}
