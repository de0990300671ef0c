//! Popup forms: labelled fields, typed into, validated by the same ops as the CLI; an error
//! is shown at the field it concerns and the form stays open.

use crate::input::{self, deal::DealText, log::LogText, task::TaskText};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::currency::Currency;
use crate::domain::*;
use crate::ops::{self, Now};
use crate::store::{Reader, Store};

#[derive(Debug, Clone, PartialEq)]
pub enum FormKind {
    AddContact,
    EditContact(ContactId),
    AddDeal {
        contact: Option<ContactId>,
        stage: Option<String>,
    },
    EditDeal(DealId),
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
    /// Words of an error message that point at this field.
    pub keys: &'static [&'static str],
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
    keys: &'static [&'static str],
) -> FormField {
    FormField {
        label,
        value: value.into(),
        hint,
        keys,
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string())
}

impl Form {
    pub fn new(kind: FormKind, r: Reader<'_>) -> Result<Form> {
        let (title, fields) = match &kind {
            FormKind::AddContact | FormKind::EditContact(_) => {
                let c = match &kind {
                    FormKind::EditContact(id) => Some(ops::contacts::load(r, *id)?),
                    _ => None,
                };
                let get = |f: fn(&Contact) -> String| c.as_ref().map(f).unwrap_or_default();
                let title = match &c {
                    Some(c) => format!("Edit {}", c.name),
                    None => "New contact".into(),
                };
                (
                    title,
                    vec![
                        field("Name", get(|c| c.name.clone()), "required", &["the name"]),
                        field(
                            "E-mails",
                            get(|c| c.emails.join(", ")),
                            "comma-separated",
                            &["e-mail"],
                        ),
                        field(
                            "Phones",
                            get(|c| c.phones.join(", ")),
                            "comma-separated",
                            &["phone"],
                        ),
                        field(
                            "Company",
                            get(|c| c.company.clone().unwrap_or_default()),
                            "created if new",
                            &["company"],
                        ),
                        field(
                            "Title",
                            get(|c| c.title.clone().unwrap_or_default()),
                            "",
                            &[],
                        ),
                        field(
                            "Tags",
                            get(|c| c.tags.join(", ")),
                            "comma-separated",
                            // Not bare "tag": "lifecycle stage" contains it.
                            &["a tag", "the tag"],
                        ),
                        field(
                            "Lifecycle",
                            get(|c| c.lifecycle.to_string()),
                            "awareness … expansion, churned",
                            &["lifecycle"],
                        ),
                    ],
                )
            }
            FormKind::AddDeal { contact, stage } => {
                let who = contact.map(|c| format!("#{c}")).unwrap_or_default();
                (
                    "New deal".into(),
                    vec![
                        field("Title", "", "required", &["title cannot"]),
                        field("Contact", who, "id, e-mail or name", &["contact"]),
                        field("Value", "", "e.g. 4,500.50", &["amount"]),
                        field("Currency", "", "default from config", &["currency"]),
                        field(
                            "Stage",
                            stage.clone().unwrap_or_default(),
                            "default: first stage",
                            &["stage"],
                        ),
                        field("Close", "", "2026-12-01, +30d, next fri", &["date"]),
                        field(
                            "Probability",
                            "",
                            "0-100, empty = stage default",
                            &["probability"],
                        ),
                    ],
                )
            }
            FormKind::EditDeal(id) => {
                let d = r
                    .deal(*id)?
                    .ok_or_else(|| Error::not_found("that deal was removed."))?;
                (
                    format!("Edit deal {}", d.title),
                    vec![
                        field("Title", d.title.clone(), "required", &["title cannot"]),
                        field(
                            "Contact",
                            d.contact_id.map(|c| format!("#{c}")).unwrap_or_default(),
                            "id, e-mail or name",
                            &["contact"],
                        ),
                        field("Value", d.value.amount_text(), "", &["amount"]),
                        field("Currency", d.value.currency.code(), "", &["currency"]),
                        field("Stage", d.stage.clone(), "", &["stage"]),
                        field(
                            "Close",
                            d.expected_close.map(|c| c.to_string()).unwrap_or_default(),
                            "2026-12-01, +30d",
                            &["date"],
                        ),
                        field(
                            "Probability",
                            d.probability.map(|p| p.to_string()).unwrap_or_default(),
                            "empty = stage default",
                            &["probability"],
                        ),
                    ],
                )
            }
            FormKind::Log { kind, contact, .. } => {
                let name = r.contact(*contact)?.map(|c| c.name).unwrap_or_default();
                let mut fields = vec![
                    field("Summary", "", "one line", &["summary"]),
                    field("When", "now", "now, yesterday 15:00, last fri", &["date"]),
                ];
                if matches!(kind, InteractionKind::Call | InteractionKind::Meeting) {
                    fields.push(field("Duration", "", "30m, 1h", &["duration"]));
                }
                if *kind != InteractionKind::Note {
                    fields.push(field("Direction", "out", "in or out", &["direction"]));
                }
                (format!("Log a {kind} with {name}"), fields)
            }
            FormKind::AddTask { contact, deal } => (
                "New task".into(),
                vec![
                    field("Title", "", "required", &["title cannot"]),
                    field(
                        "Due",
                        "tomorrow",
                        "today, fri, +3d, 2026-12-01 15:30",
                        &["date"],
                    ),
                    field(
                        "Contact",
                        contact.map(|c| format!("#{c}")).unwrap_or_default(),
                        "id, e-mail or name",
                        &["contact"],
                    ),
                    field(
                        "Deal",
                        deal.map(|d| d.to_string()).unwrap_or_default(),
                        "deal id",
                        &["deal"],
                    ),
                ],
            ),
            FormKind::LostReason(id) => {
                let d = r
                    .deal(*id)?
                    .ok_or_else(|| Error::not_found("that deal was removed."))?;
                (
                    format!("Why was {} lost?", d.title),
                    vec![field("Reason", "", "price, timing, competitor…", &[])],
                )
            }
        };
        let title = crate::domain::text::sanitize_line(&title).into_owned();
        Ok(Form {
            title,
            kind,
            fields,
            focus: 0,
            error: None,
        })
    }

    pub fn value(&self, label: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map_or("", |f| f.value.as_str())
    }

    /// Typing, moving between fields and clearing one.
    pub fn key(&mut self, key: KeyEvent) {
        let n = self.fields.len();
        match key.code {
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % n,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + n - 1) % n,
            KeyCode::Backspace => {
                self.fields[self.focus].value.pop();
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.fields[self.focus].value.clear()
            }
            KeyCode::Char(c)
                if !key.modifiers.contains(KeyModifiers::CONTROL) && !c.is_control() =>
            {
                self.fields[self.focus].value.push(c)
            }
            _ => {}
        }
    }

    /// Runs the form's use case. On error, marks the field it concerns (the form shows it).
    pub fn submit(&mut self, store: &Store, now: &Now, currency: Currency) -> Result<String> {
        match self.run(store, now, currency) {
            Ok(msg) => Ok(msg),
            Err(e) => {
                let msg = e.to_string();
                let lower = msg.to_lowercase();
                let at = self
                    .fields
                    .iter()
                    .position(|f| f.keys.iter().any(|k| lower.contains(k)))
                    .unwrap_or(self.focus);
                self.focus = at;
                self.error = Some((at, msg));
                Err(e)
            }
        }
    }

    fn run(&self, store: &Store, now: &Now, currency: Currency) -> Result<String> {
        let v = |l: &str| self.value(l).to_string();
        match &self.kind {
            FormKind::AddContact | FormKind::EditContact(_) => {
                let ch = ops::contacts::ContactChanges {
                    name: Some(v("Name")),
                    emails: Some(split_list(&v("E-mails"))),
                    phones: Some(split_list(&v("Phones"))),
                    company: opt(&v("Company")),
                    title: opt(&v("Title")),
                    tags: Some(split_list(&v("Tags"))),
                    lifecycle: Some(v("Lifecycle"))
                        .filter(|l| !l.trim().is_empty())
                        .map(|l| input::contact::lifecycle(&l))
                        .transpose()?,
                    ..Default::default()
                };
                match &self.kind {
                    FormKind::EditContact(id) => ops::contacts::edit(store, now, *id, ch)
                        .map(|c| format!("Saved {}.", c.name)),
                    _ => ops::contacts::add(store, now, ch).map(|c| format!("Added {}.", c.name)),
                }
            }
            FormKind::AddDeal { .. } | FormKind::EditDeal(_) => {
                let some = |l: &str| Some(v(l)).filter(|x| !x.trim().is_empty());
                let text = DealText {
                    title: Some(v("Title")),
                    contact: some("Contact"),
                    company: None,
                    value: some("Value"),
                    currency: some("Currency"),
                    stage: some("Stage"),
                    probability: Some(v("Probability")),
                    close: Some(v("Close")),
                };
                match &self.kind {
                    FormKind::EditDeal(id) => {
                        let text = DealText {
                            contact: Some(v("Contact")),
                            ..text
                        };
                        let current = ops::deals::load(store.read(), *id)?.value;
                        let ch = text.typed(store.read(), now, current)?;
                        ops::deals::edit(store, now, *id, ch)
                            .map(|d| format!("Saved deal {}.", d.title))
                    }
                    _ => {
                        let zero = crate::domain::money::Money::new(0, currency);
                        let ch = text.typed(store.read(), now, zero)?;
                        ops::deals::add(store, now, currency, ch)
                    }
                    .map(|d| format!("Opened deal {} in {}.", d.title, d.stage)),
                }
            }
            FormKind::Log {
                kind,
                contact,
                deal,
            } => {
                let mut input = LogText::new(*kind, &contact.0.to_string(), &v("Summary"));
                let when = v("When");
                input.at = Some(when).filter(|w| !w.trim().is_empty() && w.trim() != "now");
                input.duration = Some(v("Duration")).filter(|d| !d.trim().is_empty());
                input.direction = Some(v("Direction")).filter(|d| !d.trim().is_empty());
                input.deal = deal.map(|d| d.0.to_string());
                let input = input.typed(store.read(), now)?;
                ops::interactions::log(store, now, input)
                    .map(|i| format!("Logged {} with {}.", i.kind, i.contact))
            }
            FormKind::AddTask { .. } => {
                let some = |l: &str| Some(v(l)).filter(|x| !x.trim().is_empty());
                let input = TaskText {
                    title: v("Title"),
                    contact: some("Contact"),
                    deal: some("Deal"),
                    due: some("Due"),
                };
                ops::tasks::add(store, now, input.typed(store.read(), now)?)
                    .map(|t| format!("Added task {}.", t.title))
            }
            FormKind::LostReason(id) => {
                let reason = v("Reason");
                ops::deals::close(store, now, *id, DealStatus::Lost, Some(&reason))
                    .map(|d| format!("Lost {}.", d.title))
            }
        }
    }
}
