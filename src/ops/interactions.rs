//! Logging calls, e-mails, meetings, notes, messages and feedback.

use crate::domain::dates::{parse_duration_min, parse_when};
use crate::domain::lifecycle;
use crate::domain::validate;
use crate::domain::*;
use crate::store::Store;

use super::deals::advance_lifecycle;
use super::{record, resolve, Now, NONE};

#[derive(Debug, Clone)]
pub struct LogInput {
    pub kind: InteractionKind,
    pub contact: String,
    pub summary: String,
    pub at: Option<String>,
    pub duration: Option<String>,
    pub deal: Option<String>,
    pub direction: Option<String>,
    pub score: Option<i64>,
    pub body: Option<String>,
}

impl LogInput {
    pub fn new(kind: InteractionKind, contact: &str, summary: &str) -> Self {
        LogInput {
            kind,
            contact: contact.into(),
            summary: summary.into(),
            at: None,
            duration: None,
            deal: None,
            direction: None,
            score: None,
            body: None,
        }
    }
}

pub fn log(store: &Store, now: &Now, input: LogInput) -> Result<Interaction> {
    let summary = validate::required("summary", &input.summary)?;
    let kind = input.kind;
    let direction = match (&input.direction, kind) {
        (Some(_), InteractionKind::Note) => {
            return Err(Error::invalid(
                "notes have no direction; leave out --direction.",
            ))
        }
        (None, InteractionKind::Note) => None,
        (Some(d), _) => Some(Direction::parse(d)?),
        // Feedback comes from the customer; everything else defaults to outbound.
        (None, InteractionKind::Feedback) => Some(Direction::In),
        (None, _) => Some(Direction::Out),
    };
    let score =
        match (input.score, kind) {
            (Some(s), InteractionKind::Feedback) => Some(validate::score(s)?),
            (Some(_), _) => return Err(Error::invalid(
                "--score is only for feedback; log it with crm log feedback REF SUMMARY --score N.",
            )),
            (None, InteractionKind::Feedback) => {
                return Err(Error::invalid(
                    "feedback needs a score from 0 to 10 (--score N).",
                ))
            }
            (None, _) => None,
        };
    let occurred_at = match &input.at {
        Some(at) => now.instant_on_day(parse_when(at, now.local())?),
        None => now.utc,
    };
    let duration_min = input
        .duration
        .as_deref()
        .map(parse_duration_min)
        .transpose()?;
    let body = validate::optional(input.body.as_deref());
    store.write(|tx| {
        let contact_id = resolve::contact(tx.read(), &input.contact)?;
        let deal_id = match &input.deal {
            Some(d) => Some(resolve::deal(tx.read(), d)?.id),
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
            "interaction",
            i.id.0,
            Some(contact_id),
            "create",
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
    use crate::ops::contacts::{self, ContactChanges};
    use crate::ops::testing::{now, store};

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
        let mut input = LogInput::new(InteractionKind::Call, "ada", "talked pricing");
        input.duration = Some("30m".into());
        let i = log(&s, &now(), input).unwrap();
        assert_eq!(i.direction, Some(Direction::Out));
        assert_eq!(i.duration_min, Some(30));
        let c = contacts::load(s.read(), id).unwrap();
        assert_eq!(c.last_contact_at, Some(now().utc));
        assert_eq!(c.lifecycle, Lifecycle::Awareness);
        let mut inbound = LogInput::new(InteractionKind::Email, "ada", "asked for a quote");
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
        let mut fb = LogInput::new(InteractionKind::Feedback, "ada", "rated us");
        fb.score = Some(11);
        assert!(log(&s, &now(), fb.clone()).is_err());
        fb.score = None;
        assert!(log(&s, &now(), fb.clone()).is_err());
        fb.score = Some(9);
        assert!(log(&s, &now(), fb).is_ok());
        let mut note = LogInput::new(InteractionKind::Note, "ada", "likes tea");
        note.direction = Some("in".into());
        assert!(log(&s, &now(), note).is_err());
        let mut call = LogInput::new(InteractionKind::Call, "ada", "x");
        call.at = Some("someday".into());
        assert!(log(&s, &now(), call).is_err());
        assert!(log(
            &s,
            &now(),
            LogInput::new(InteractionKind::Call, "ada", "  ")
        )
        .is_err());
        assert!(log(
            &s,
            &now(),
            LogInput::new(InteractionKind::Call, "nobody", "x")
        )
        .is_err());
        assert_eq!(s.read().interactions(&Default::default()).unwrap().len(), 1);
    }
}
