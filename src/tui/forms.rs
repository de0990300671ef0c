//! Popup forms: labelled fields, typed into. Saving one is a write the effects carry out
//! through the same ops as the CLI; an error comes back to the field it concerns and the
//! form stays open. A form never reads or writes the store itself.

use crate::domain::*;

use super::keys::Edit;

#[derive(Debug, Clone, PartialEq)]
pub enum FormKind {
    AddContact,
    /// The contact, and the version the form was opened with (`None` until it is loaded):
    /// saving over a newer one is refused.
    EditContact(ContactId, Option<i64>),
    AddDeal {
        contact: Option<ContactId>,
        stage: Option<String>,
    },
    /// The deal, and the version the form was opened with, as for contacts.
    EditDeal(DealId, Option<i64>),
    Log {
        kind: InteractionKind,
        contact: ContactId,
        deal: Option<DealId>,
    },
    AddTask {
        contact: Option<ContactId>,
        deal: Option<DealId>,
    },
    LostReason(DealId),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    pub label: &'static str,
    pub value: String,
    pub hint: &'static str,
    /// The input an error names when it concerns this field.
    pub concerns: Option<Field>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub title: String,
    pub kind: FormKind,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// The field an error concerns, and the message.
    pub error: Option<(usize, String)>,
}

fn field(
    label: &'static str,
    value: impl Into<String>,
    hint: &'static str,
    concerns: Option<Field>,
) -> FormField {
    FormField {
        label,
        value: value.into(),
        hint,
        concerns,
    }
}

/// `#12` for a contact id a form starts with, or nothing.
fn contact_ref(id: Option<ContactId>) -> String {
    id.map(|c| format!("#{c}")).unwrap_or_default()
}

impl Form {
    fn new(kind: FormKind, title: &str, fields: Vec<FormField>) -> Form {
        Form {
            title: crate::domain::text::sanitize_line(title).into_owned(),
            kind,
            fields,
            focus: 0,
            error: None,
        }
    }

    /// A new contact, or the contact to edit with its fields filled in.
    pub fn contact(c: Option<&Contact>) -> Form {
        let get = |f: fn(&Contact) -> String| c.map(f).unwrap_or_default();
        let (kind, title) = match c {
            Some(c) => (
                FormKind::EditContact(c.id, Some(c.version)),
                format!("Edit {}", c.name),
            ),
            None => (FormKind::AddContact, "New contact".into()),
        };
        let fields = vec![
            field(
                "Name",
                get(|c| c.name.clone()),
                "required",
                Some(Field::Name),
            ),
            field(
                "E-mails",
                get(|c| c.emails.join(", ")),
                "comma-separated",
                Some(Field::Emails),
            ),
            field(
                "Phones",
                get(|c| c.phones.join(", ")),
                "comma-separated",
                Some(Field::Phones),
            ),
            field(
                "Company",
                get(|c| c.company.clone().unwrap_or_default()),
                "created if new",
                Some(Field::Company),
            ),
            field(
                "Title",
                get(|c| c.title.clone().unwrap_or_default()),
                "",
                Some(Field::Title),
            ),
            field(
                "Tags",
                get(|c| c.tags.join(", ")),
                "comma-separated",
                Some(Field::Tags),
            ),
            field(
                "Lifecycle",
                get(|c| c.lifecycle.to_string()),
                "awareness … expansion, churned",
                Some(Field::Lifecycle),
            ),
        ];
        Form::new(kind, &title, fields)
    }

    /// A new deal, for a contact or in a stage when the view had one selected.
    pub fn new_deal(contact: Option<ContactId>, stage: Option<String>) -> Form {
        let fields = vec![
            field("Title", "", "required", Some(Field::Title)),
            field(
                "Contact",
                contact_ref(contact),
                "id, e-mail or name",
                Some(Field::Contact),
            ),
            field("Value", "", "e.g. 4,500.50", Some(Field::Value)),
            field("Currency", "", "default from config", Some(Field::Currency)),
            field(
                "Stage",
                stage.clone().unwrap_or_default(),
                "default: first stage",
                Some(Field::Stage),
            ),
            field(
                "Close",
                "",
                "2026-12-01, +30d, next fri",
                Some(Field::Close),
            ),
            field(
                "Probability",
                "",
                "0-100, empty = stage default",
                Some(Field::Probability),
            ),
        ];
        Form::new(FormKind::AddDeal { contact, stage }, "New deal", fields)
    }

    /// The deal to edit, with its fields filled in.
    pub fn edit_deal(d: &Deal) -> Form {
        let fields = vec![
            field("Title", d.title.clone(), "required", Some(Field::Title)),
            field(
                "Contact",
                contact_ref(d.contact_id),
                "id, e-mail or name",
                Some(Field::Contact),
            ),
            field("Value", d.value.amount_text(), "", Some(Field::Value)),
            field(
                "Currency",
                d.value.currency.code(),
                "",
                Some(Field::Currency),
            ),
            field("Stage", d.stage.clone(), "", Some(Field::Stage)),
            field(
                "Close",
                d.expected_close.map(|c| c.to_string()).unwrap_or_default(),
                "2026-12-01, +30d",
                Some(Field::Close),
            ),
            field(
                "Probability",
                d.probability.map(|p| p.to_string()).unwrap_or_default(),
                "empty = stage default",
                Some(Field::Probability),
            ),
        ];
        Form::new(
            FormKind::EditDeal(d.id, Some(d.version)),
            &format!("Edit deal {}", d.title),
            fields,
        )
    }

    /// Logging a call, meeting or note with a contact (named in the title).
    pub fn log(
        kind: InteractionKind,
        contact: ContactId,
        deal: Option<DealId>,
        name: &str,
    ) -> Form {
        let mut fields = vec![
            field("Summary", "", "one line", Some(Field::Summary)),
            field(
                "When",
                "now",
                "now, yesterday 15:00, last fri",
                Some(Field::At),
            ),
        ];
        if matches!(kind, InteractionKind::Call | InteractionKind::Meeting) {
            fields.push(field("Duration", "", "30m, 1h", Some(Field::Duration)));
        }
        if kind != InteractionKind::Note {
            fields.push(field(
                "Direction",
                "out",
                "in or out",
                Some(Field::Direction),
            ));
        }
        let title = format!("Log a {kind} with {name}");
        Form::new(
            FormKind::Log {
                kind,
                contact,
                deal,
            },
            &title,
            fields,
        )
    }

    /// A new task, for the contact and deal the view had selected.
    pub fn task(contact: Option<ContactId>, deal: Option<DealId>) -> Form {
        let fields = vec![
            field("Title", "", "required", Some(Field::Title)),
            field(
                "Due",
                "tomorrow",
                "today, fri, +3d, 2026-12-01 15:30",
                Some(Field::Due),
            ),
            field(
                "Contact",
                contact_ref(contact),
                "id, e-mail or name",
                Some(Field::Contact),
            ),
            field(
                "Deal",
                deal.map(|d| d.to_string()).unwrap_or_default(),
                "deal id",
                Some(Field::Deal),
            ),
        ];
        Form::new(FormKind::AddTask { contact, deal }, "New task", fields)
    }

    /// Why a deal was lost, asked when it is marked lost.
    pub fn lost(d: &Deal) -> Form {
        let fields = vec![field("Reason", "", "price, timing, competitor…", None)];
        let title = format!("Why was {} lost?", d.title);
        Form::new(FormKind::LostReason(d.id), &title, fields)
    }

    pub fn value(&self, label: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map_or("", |f| f.value.as_str())
    }

    /// Typing, moving between fields and clearing one.
    pub fn edit(&mut self, edit: Edit) {
        let n = self.fields.len();
        match edit {
            Edit::NextField => self.focus = (self.focus + 1) % n,
            Edit::PrevField => self.focus = (self.focus + n - 1) % n,
            Edit::Backspace => {
                self.fields[self.focus].value.pop();
            }
            Edit::ClearField => self.fields[self.focus].value.clear(),
            Edit::Insert(c) => self.fields[self.focus].value.push(c),
            Edit::Submit | Edit::Cancel => {}
        }
    }

    /// A failed save: the error is shown at the field it concerns, which gets the focus.
    pub fn show_error(&mut self, e: &Error) {
        let msg = e.to_string();
        let at = e
            .field()
            .and_then(|want| self.fields.iter().position(|f| f.concerns == Some(want)))
            .unwrap_or(self.focus);
        self.focus = at;
        self.error = Some((at, msg));
    }
}
