//! What happened: the events use cases emit inside their transaction, and the time-based
//! ones `crm remind` finds.

use std::fmt;

use serde::Serialize;

use crate::domain::{ContactId, DealId, Direction, InteractionId, InteractionKind, TaskId};

macro_rules! kinds {
    ($($variant:ident => $word:literal),+ $(,)?) => {
        /// The kind of event a rule listens for (`on = "deal.stage"`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum EventKind { $($variant),+ }

        impl EventKind {
            pub const ALL: &'static [EventKind] = &[$(EventKind::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(EventKind::$variant => $word),+ }
            }

            pub fn parse(word: &str) -> Option<EventKind> {
                match word.trim() {
                    $($word => Some(EventKind::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

kinds! {
    ContactCreated => "contact.created",
    ContactLifecycle => "contact.lifecycle",
    DealCreated => "deal.created",
    DealStage => "deal.stage",
    DealWon => "deal.won",
    DealLost => "deal.lost",
    InteractionLogged => "interaction.logged",
    TaskDone => "task.done",
    CaseOpened => "case.opened",
    CaseSolved => "case.solved",
    ContactIdle => "contact.idle",
    CadenceDue => "contact.cadence_due",
    TaskDue => "task.due",
    DealClosing => "deal.closing",
    Birthday => "birthday",
}

impl EventKind {
    /// Found by `crm remind` (and the app at start) rather than emitted by a change.
    pub fn is_timed(self) -> bool {
        matches!(
            self,
            EventKind::ContactIdle
                | EventKind::CadenceDue
                | EventKind::TaskDue
                | EventKind::DealClosing
                | EventKind::Birthday
        )
    }

    /// About a deal: a rule's `where` is then an expression on the deal (§12 deal fields).
    pub fn is_about_deal(self) -> bool {
        matches!(
            self,
            EventKind::DealCreated
                | EventKind::DealStage
                | EventKind::DealWon
                | EventKind::DealLost
                | EventKind::DealClosing
        )
    }

    /// The keys a rule on this event may set besides the common ones.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            EventKind::ContactLifecycle | EventKind::DealStage => &["to"],
            EventKind::InteractionLogged => &["kind", "direction"],
            EventKind::ContactIdle => &["days"],
            EventKind::TaskDue | EventKind::DealClosing | EventKind::Birthday => &["within"],
            _ => &[],
        }
    }

    /// Every event name, for error messages.
    pub fn names() -> String {
        EventKind::ALL
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EventKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One thing that happened, with the records it is about. Rules match on its kind and
/// details; their `where` reads the contact or deal it names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub event: EventKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<ContactId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<DealId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_id: Option<TaskId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interaction_id: Option<InteractionId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_id: Option<i64>,
    /// The new lifecycle stage or pipeline stage (`contact.lifecycle`, `deal.stage`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<InteractionKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// For a time-based event, what makes this occurrence itself (a due date, the last
    /// contact it is counted from): the same occurrence fires a rule once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occurrence: Option<String>,
    /// Days: idle for (`contact.idle`), or until the date (`task.due`, `deal.closing`,
    /// `birthday`; negative when past).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
}

impl Event {
    pub fn new(event: EventKind) -> Event {
        Event {
            event,
            contact_id: None,
            deal_id: None,
            task_id: None,
            interaction_id: None,
            case_id: None,
            to: None,
            kind: None,
            direction: None,
            occurrence: None,
            days: None,
        }
    }

    pub fn contact(mut self, id: Option<ContactId>) -> Event {
        self.contact_id = id;
        self
    }

    pub fn deal(mut self, id: DealId) -> Event {
        self.deal_id = Some(id);
        self
    }

    pub fn task(mut self, id: TaskId) -> Event {
        self.task_id = Some(id);
        self
    }

    pub fn to(mut self, to: impl Into<String>) -> Event {
        self.to = Some(to.into());
        self
    }

    pub fn occurrence(mut self, key: impl Into<String>, days: i64) -> Event {
        self.occurrence = Some(key.into());
        self.days = Some(days);
        self
    }

    /// The record the event is about, as (entity word, id), for remembering occurrences.
    pub fn subject(&self) -> (&'static str, i64) {
        if let Some(t) = self.task_id {
            ("task", t.0)
        } else if let Some(d) = self.deal_id {
            ("deal", d.0)
        } else if let Some(c) = self.case_id {
            ("case", c)
        } else {
            ("contact", self.contact_id.map_or(0, |c| c.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_name_reads_back() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(EventKind::parse("deal.stagee"), None);
        assert!(EventKind::ContactIdle.is_timed());
        assert!(!EventKind::DealWon.is_timed());
        assert!(EventKind::DealClosing.is_about_deal());
        assert!(!EventKind::TaskDue.is_about_deal());
    }

    #[test]
    fn an_event_serialises_with_its_name_and_only_what_it_has() {
        let e = Event::new(EventKind::DealStage)
            .contact(Some(ContactId(3)))
            .deal(DealId(7))
            .to("proposal");
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"event": "deal.stage", "contact_id": 3, "deal_id": 7, "to": "proposal"})
        );
        assert_eq!(e.subject(), ("deal", 7));
    }
}
