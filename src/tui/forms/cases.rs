//! The forms of support cases: opening one, editing its title and priority, a reply or a
//! note on it, and the resolution asked when it is solved.

use crate::domain::case::Case;
use crate::domain::*;

use super::{contact_field, field, Form, FormKind};

const PRIORITIES: &str = "low, normal, high, urgent";

impl Form {
    /// A new case, for the contact the view had selected.
    pub fn new_case(contact: Option<(ContactId, String)>) -> Form {
        let id = contact.as_ref().map(|c| c.0);
        let fields = vec![
            contact_field(contact),
            field("Title", "", "what is wrong", Some(Field::Title)),
            field("Priority", "normal", PRIORITIES, Some(Field::Priority)),
        ];
        Form::new(FormKind::AddCase { contact: id }, "New case", fields)
    }

    /// A case's title and priority to change.
    pub fn edit_case(k: &Case) -> Form {
        let fields = vec![
            field("Title", k.title.clone(), "required", Some(Field::Title)),
            field(
                "Priority",
                k.priority.to_string(),
                PRIORITIES,
                Some(Field::Priority),
            ),
        ];
        let title = format!("Edit case #{} {}", k.id, k.title);
        Form::new(FormKind::EditCase(k.id, Some(k.version)), &title, fields).filled()
    }

    /// A reply to the customer (an outbound e-mail) or a note, on a case.
    pub fn case_text(k: &Case, reply: bool) -> Form {
        let (kind, title, hint) = if reply {
            (
                FormKind::CaseReply(k.id),
                format!("Reply to {} on case #{} {}", k.contact, k.id, k.title),
                "what you wrote them",
            )
        } else {
            (
                FormKind::CaseNote(k.id),
                format!("Note on case #{} {}", k.id, k.title),
                "one line",
            )
        };
        Form::new(
            kind,
            &title,
            vec![field("Text", "", hint, Some(Field::Summary))],
        )
    }

    /// Solving a case: what fixed it, if anything is worth saying.
    pub fn solve_case(k: &Case) -> Form {
        let fields = vec![field("Resolution", "", "optional: what fixed it", None)];
        let title = format!("Solve case #{} {}", k.id, k.title);
        Form::new(FormKind::SolveCase(k.id), &title, fields)
    }
}
