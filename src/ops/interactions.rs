//! Logging calls, e-mails, meetings, notes, messages and feedback.

use crate::domain::dates::When;
use crate::domain::history::{Action, Entity};
use crate::domain::lifecycle;
use crate::domain::validate;
use crate::domain::*;
use crate::store::Store;

use super::deals::advance_lifecycle;
use super::{record, Now, NONE};

/// An interaction to log, typed (see `crate::input::log` for the text form).
#[derive(Debug, Clone)]
pub struct LogInput {
    pub kind: InteractionKind,
    pub contact: ContactId,
    pub summary: String,
    pub at: Option<When>,
    pub duration_min: Option<u32>,
    pub deal: Option<DealId>,
    pub direction: Option<Direction>,
    pub score: Option<i64>,
    pub body: Option<String>,
}

pub fn log(store: &Store, now: &Now, input: LogInput) -> Result<Interaction> {
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
    store.write(|tx| {
        let contact_id = input.contact;
        let deal_id = match input.deal {
            Some(d) => Some(super::deals::load(tx.read(), d)?.id),
            None => None,
        };
        let contact = super::contacts::load(tx.read(), contact_id)?;
        let mut i = Interaction {
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
        };
        i.id = tx.insert_interaction(&i, now.utc)?;
        if kind != InteractionKind::Note {
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
        advance_lifecycle(
            tx,
            now,
            Some(contact_id),
            |l| lifecycle::after_interaction(l, kind, direction),
            "inbound contact",
        )?;
        Ok(i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::log::LogText;
    use crate::ops::contacts::{self, ContactChanges};
    use crate::ops::testing::{now, store};

    /// Logging as the faces do it: the text made typed, then the use case.
    fn log(s: &Store, now: &Now, text: LogText) -> Result<Interaction> {
        super::log(s, now, text.typed(s.read(), now)?)
    }

    fn ada(s: &Store) -> ContactId {
        contacts::add(
            s,
            &now(),
            ContactChanges {
                name: Some("Ada Lovelace".into()),
                ..Default::default()
            },
        )
        .unwrap()
        .id
    }

    #[test]
    fn logging_sets_last_contact_and_inbound_moves_lifecycle() {
        let s = store();
        let id = ada(&s);
        let mut input = LogText::new(InteractionKind::Call, "ada", "talked pricing");
        input.duration = Some("30m".into());
        let i = log(&s, &now(), input).unwrap();
        assert_eq!(i.direction, Some(Direction::Out));
        assert_eq!(i.duration_min, Some(30));
        let c = contacts::load(s.read(), id).unwrap();
        assert_eq!(c.last_contact_at, Some(now().utc));
        assert_eq!(c.lifecycle, Lifecycle::Awareness);
        let mut inbound = LogText::new(InteractionKind::Email, "ada", "asked for a quote");
        inbound.direction = Some("in".into());
        inbound.at = Some("yesterday".into());
        log(&s, &now(), inbound).unwrap();
        let c = contacts::load(s.read(), id).unwrap();
        assert_eq!(c.lifecycle, Lifecycle::Consideration);
        assert_eq!(
            c.last_contact_at,
            Some(now().utc),
            "an older call does not move last contact back"
        );
    }

    #[test]
    fn bad_input_writes_nothing() {
        let s = store();
        ada(&s);
        let mut fb = LogText::new(InteractionKind::Feedback, "ada", "rated us");
        fb.score = Some(11);
        assert!(log(&s, &now(), fb.clone()).is_err());
        fb.score = None;
        assert!(log(&s, &now(), fb.clone()).is_err());
        fb.score = Some(9);
        assert!(log(&s, &now(), fb).is_ok());
        let mut note = LogText::new(InteractionKind::Note, "ada", "likes tea");
        note.direction = Some("in".into());
        assert!(log(&s, &now(), note).is_err());
        let mut call = LogText::new(InteractionKind::Call, "ada", "x");
        call.at = Some("someday".into());
        assert!(log(&s, &now(), call).is_err());
        assert!(log(&s, &now(), LogText::new(InteractionKind::Call, "ada", "  ")).is_err());
        assert!(log(
            &s,
            &now(),
            LogText::new(InteractionKind::Call, "nobody", "x")
        )
        .is_err());
        assert_eq!(s.read().interactions(&Default::default()).unwrap().len(), 1);
    }
}
