//! Popup forms: labelled fields, typed into. Saving one is a write the effects carry out
//! through the same ops as the CLI; an error comes back to the field it concerns and the
//! form stays open. A form never reads or writes the store itself.

use crate::domain::*;

use super::keys::Edit;

mod cases;
mod records;

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
    /// The task, and the version the form was opened with, as for contacts.
    EditTask(TaskId, Option<i64>),
    /// A logged interaction, and the version the form was opened with.
    EditInteraction(InteractionId, Option<i64>),
    LostReason(DealId),
    /// A new support case, for the contact the view had selected.
    AddCase {
        contact: Option<ContactId>,
    },
    /// A case's title and priority, and the version the form was opened with.
    EditCase(i64, Option<i64>),
    /// A reply to the customer on a case (an outbound e-mail).
    CaseReply(i64),
    /// A note on a case.
    CaseNote(i64),
    /// Solving a case: its resolution, optional.
    SolveCase(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    pub label: &'static str,
    pub value: String,
    pub hint: &'static str,
    /// The input an error names when it concerns this field.
    pub concerns: Option<Field>,
    /// Typed into. A new record's default is shown until then, and the first key replaces it.
    pub touched: bool,
    /// A contact field's chosen contact: its id while the field still shows its name.
    pub pick: Option<(ContactId, String)>,
    /// The text it opened with: an edit passes on only the fields that changed.
    pub initial: String,
}

impl FormField {
    /// A contact field offers matching names as its text changes.
    pub fn is_contact(&self) -> bool {
        self.concerns == Some(Field::Contact)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub title: String,
    pub kind: FormKind,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// The field an error concerns, and the message.
    pub error: Option<(usize, String)>,
    /// Contacts whose names match the focused contact field (id, name), read as it is typed.
    pub suggestions: Vec<(ContactId, String)>,
    /// The suggestion Down/Up moved to (Enter takes it).
    pub suggestion: Option<usize>,
}

/// What a key in a form asks for beyond the form itself.
#[derive(Debug, Clone, PartialEq)]
pub enum FormEffect {
    None,
    /// Look up the names matching this contact field's text.
    Suggest(String),
}

fn field(
    label: &'static str,
    value: impl Into<String>,
    hint: &'static str,
    concerns: Option<Field>,
) -> FormField {
    let value = value.into();
    FormField {
        label,
        initial: value.clone(),
        value,
        hint,
        concerns,
        touched: false,
        pick: None,
    }
}

/// A contact field starting on a contact (shown by name, kept by id) or empty.
fn contact_field(contact: Option<(ContactId, String)>) -> FormField {
    let mut f = field(
        "Contact",
        contact.as_ref().map(|c| c.1.clone()).unwrap_or_default(),
        "type a name; Tab or ↓ Enter picks",
        Some(Field::Contact),
    );
    f.pick = contact;
    f
}

impl Form {
    fn new(kind: FormKind, title: &str, fields: Vec<FormField>) -> Form {
        Form {
            title: crate::domain::text::sanitize_line(title).into_owned(),
            kind,
            fields,
            focus: 0,
            error: None,
            suggestions: Vec::new(),
            suggestion: None,
        }
    }

    /// A form over an existing record: its values are values, not defaults to replace.
    fn filled(mut self) -> Form {
        for f in &mut self.fields {
            f.touched = true;
        }
        self
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
            field(
                "Every",
                get(|c| c.cadence.map(|e| e.to_string()).unwrap_or_default()),
                "stay in touch: 2w, month; empty = none",
                Some(Field::Every),
            ),
            field(
                "Birthday",
                get(|c| c.birthday.map(|b| b.to_string()).unwrap_or_default()),
                "1990-03-14 or 03-14",
                Some(Field::Birthday),
            ),
        ];
        let form = Form::new(kind, &title, fields);
        if c.is_some() {
            form.filled()
        } else {
            form
        }
    }

    /// A new deal, for a contact or in a stage when the view had one selected.
    pub fn new_deal(contact: Option<(ContactId, String)>, stage: Option<String>) -> Form {
        let id = contact.as_ref().map(|c| c.0);
        let fields = vec![
            field("Title", "", "required", Some(Field::Title)),
            contact_field(contact),
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
        let kind = FormKind::AddDeal { contact: id, stage };
        Form::new(kind, "New deal", fields)
    }

    /// The deal to edit, with its fields filled in.
    pub fn edit_deal(d: &Deal) -> Form {
        let fields = vec![
            field("Title", d.title.clone(), "required", Some(Field::Title)),
            contact_field(d.contact_id.zip(d.contact.clone())),
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
        .filled()
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
        if kind == InteractionKind::Feedback {
            fields.push(field("Score", "", "0-10, required", Some(Field::Score)));
        }
        let title = format!("Log {} {kind} with {name}", article(kind));
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
    pub fn task(contact: Option<(ContactId, String)>, deal: Option<DealId>) -> Form {
        let id = contact.as_ref().map(|c| c.0);
        let fields = vec![
            field("Title", "", "required", Some(Field::Title)),
            field(
                "Due",
                "tomorrow",
                "today, fri, +3d, 2026-12-01 15:30",
                Some(Field::Due),
            ),
            field("Every", "", "month, 2w; empty = once", Some(Field::Every)),
            contact_field(contact),
            field(
                "Deal",
                deal.map(|d| d.to_string()).unwrap_or_default(),
                "deal id",
                Some(Field::Deal),
            ),
        ];
        let kind = FormKind::AddTask { contact: id, deal };
        Form::new(kind, "New task", fields)
    }

    /// Why a deal was lost, asked when it is marked lost.
    pub fn lost(d: &Deal) -> Form {
        let fields = vec![field("Reason", "", "price, timing, competitor…", None)];
        let title = format!("Why was {} lost?", d.title);
        Form::new(FormKind::LostReason(d.id), &title, fields)
    }

    /// A field's text when it differs from what the form opened with (for an edit).
    pub fn changed(&self, label: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|f| f.label == label && f.value != f.initial)
            .map(|f| f.value.clone())
    }

    pub fn value(&self, label: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map_or("", |f| f.value.as_str())
    }

    /// A contact field's text as a REF: the chosen contact's id while the field shows its
    /// name, else what was typed; nothing when blank.
    pub fn contact_ref(&self, label: &str) -> Option<String> {
        let f = self.fields.iter().find(|f| f.label == label)?;
        match &f.pick {
            Some((id, name)) if *name == f.value => Some(format!("#{id}")),
            _ => Some(f.value.clone()).filter(|v| !v.trim().is_empty()),
        }
    }

    /// The focused field shows suggestions to pick from.
    pub fn suggesting(&self) -> bool {
        let f = &self.fields[self.focus];
        f.is_contact()
            && !self.suggestions.is_empty()
            && f.pick.as_ref().map(|p| &p.1) != Some(&f.value)
    }

    /// Takes suggestion `i` into the focused contact field.
    fn accept(&mut self, i: usize) {
        if let Some((id, name)) = self.suggestions.get(i).cloned() {
            let f = &mut self.fields[self.focus];
            f.value = name.clone();
            f.pick = Some((id, name));
            f.touched = true;
            self.suggestions.clear();
            self.suggestion = None;
            if self.error.as_ref().is_some_and(|(at, _)| *at == self.focus) {
                self.error = None;
            }
        }
    }

    /// Enter on a suggestion moved to with Down takes it; true when it did (no save then).
    pub fn accept_on_enter(&mut self) -> bool {
        match self.suggestion {
            Some(i) if self.suggesting() => {
                self.accept(i);
                true
            }
            _ => false,
        }
    }

    /// Typing, moving between fields (or suggestions) and clearing one.
    pub fn edit(&mut self, edit: Edit) -> FormEffect {
        let n = self.fields.len();
        let changes = matches!(edit, Edit::Insert(_) | Edit::Backspace | Edit::ClearField);
        match edit {
            Edit::NextField if self.suggesting() => self.accept(self.suggestion.unwrap_or(0)),
            Edit::Down if self.suggesting() => {
                let last = self.suggestions.len() - 1;
                self.suggestion = Some(self.suggestion.map_or(0, |i| (i + 1).min(last)));
            }
            Edit::Up if self.suggesting() && self.suggestion.is_some() => {
                self.suggestion = self.suggestion.and_then(|i| i.checked_sub(1));
            }
            Edit::NextField | Edit::Down => self.move_focus((self.focus + 1) % n),
            Edit::PrevField | Edit::Up => self.move_focus((self.focus + n - 1) % n),
            Edit::Backspace => {
                let f = &mut self.fields[self.focus];
                if f.touched {
                    f.value.pop();
                } else {
                    f.value.clear();
                }
            }
            Edit::ClearField => self.fields[self.focus].value.clear(),
            Edit::Insert(c) => {
                let f = &mut self.fields[self.focus];
                if !f.touched {
                    f.value.clear();
                }
                f.value.push(c);
            }
            Edit::Submit | Edit::Cancel => {}
        }
        if !changes {
            return FormEffect::None;
        }
        let focus = self.focus;
        self.fields[focus].touched = true;
        // The error was about this field's old text.
        if self.error.as_ref().is_some_and(|(at, _)| *at == focus) {
            self.error = None;
        }
        self.suggestion = None;
        let f = &self.fields[focus];
        if f.is_contact() {
            self.suggestions.clear();
            return FormEffect::Suggest(f.value.clone());
        }
        FormEffect::None
    }

    fn move_focus(&mut self, to: usize) {
        self.focus = to;
        self.suggestions.clear();
        self.suggestion = None;
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

/// "a call", "an email".
fn article(kind: InteractionKind) -> &'static str {
    match kind {
        InteractionKind::Email => "an",
        _ => "a",
    }
}
