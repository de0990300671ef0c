//! Writes: every change the TUI makes goes through the same ops as the CLI, here and
//! nowhere else. Each reports what to say and whether the data changed.

use crate::domain::currency::Currency;
use crate::domain::money::Money;
use crate::domain::*;
use crate::input::{self, deal::DealText, log::LogText, task::TaskText};
use crate::ops::contacts::ContactChanges;
use crate::ops::deals::DealChanges;
use crate::ops::{self, Now};
use crate::store::Store;

use crate::tui::forms::{Form, FormKind};

use super::records;

/// A change the user asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// A deal one stage on (`by` 1) or back (-1).
    MoveDeal {
        deal: DealId,
        by: i64,
    },
    Won(DealId),
    /// A won or lost deal back to the stage it closed in, open again.
    Reopen(DealId),
    SetDone {
        task: TaskId,
        done: bool,
    },
    /// A task's due date one day on.
    Snooze(TaskId),
    RemoveContact(ContactId),
    RemoveDeal(DealId),
    RemoveTask(TaskId),
    RemoveInteraction(InteractionId),
    /// Take back this change, made in this session.
    Undo(i64),
    LoadDemo,
    /// Join the second contact into the first (the duplicate review's `m`, then `y`).
    Merge(ContactId, ContactId),
    /// The two are different people (the review's `k`).
    NotDupes(ContactId, ContactId),
    /// A support case moved: pending, reopened (solving asks the resolution first).
    MoveCase {
        case: i64,
        to: crate::domain::case::Move,
    },
    DeleteCase(i64),
    /// A contact's changes saved in the editor (`E`) while another crm was writing.
    EditContact {
        id: ContactId,
        changes: Box<ops::contacts::ContactChanges>,
    },
    /// A form saved: its kind says which use case, its fields give the input.
    Submit(Form),
}

/// What a write did.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Said on the status line.
    pub message: String,
    /// The data changed, so the views are read again.
    pub changed: bool,
    /// The deal the pipeline's selection follows.
    pub follow: Option<DealId>,
}

pub(super) fn changed(message: String) -> Outcome {
    Outcome {
        message,
        changed: true,
        follow: None,
    }
}

pub fn run(store: &Store, now: &Now, currency: Currency, write: Write) -> Result<Outcome> {
    match write {
        Write::MoveDeal { deal, by } => move_deal(store, now, deal, by),
        Write::Won(id) => ops::deals::close(store, now, id, DealStatus::Won, None)
            .map(|d| changed(format!("Won {} ({}).", d.title, d.value))),
        Write::Reopen(id) => {
            let stage = ops::deals::load(store.read(), id)?.stage_id;
            match ops::deals::move_to(store, now, id, ops::deals::Target::Stage(stage))? {
                ops::deals::Moved::Unchanged(d) => Ok(Outcome {
                    message: format!("{} is open already.", d.title),
                    changed: false,
                    follow: None,
                }),
                ops::deals::Moved::To(d) | ops::deals::Moved::Reopened(d) => Ok(Outcome {
                    message: format!("Reopened {} in {}.", d.title, d.stage),
                    changed: true,
                    follow: Some(d.id),
                }),
            }
        }
        Write::SetDone { task, done } => records::tick(store, now, task, done).map(changed),
        Write::Snooze(task) => records::snooze(store, now, task).map(changed),
        Write::RemoveTask(id) => records::remove_task(store, now, id).map(changed),
        Write::RemoveInteraction(id) => records::remove_interaction(store, now, id).map(changed),
        Write::Undo(change) => records::undo(store, now, change).map(changed),
        Write::RemoveContact(id) => {
            ops::contacts::remove(store, now, id).map(|c| changed(format!("Removed {}.", c.name)))
        }
        Write::RemoveDeal(id) => ops::deals::remove(store, now, id)
            .map(|d| changed(format!("Removed deal {}.", d.title))),
        Write::LoadDemo => {
            ops::demo::run(store, now, ops::demo::DemoSize::default(), false).map(|s| {
                changed(format!(
                    "Loaded demo data: {} contacts, {} deals, {} interactions.",
                    s.contacts, s.deals, s.interactions
                ))
            })
        }
        Write::Merge(keep, other) => ops::contacts::merge(store, now, keep, other)
            .map(|c| changed(format!("Merged into {} (#{}).", c.name, c.id))),
        Write::NotDupes(a, b) => ops::dupes::not_dupes(store, now, a, b).map(|_| {
            changed(format!(
                "Kept #{a} and #{b} as different people; u undoes it."
            ))
        }),
        Write::MoveCase { case, to } => super::cases::move_case(store, now, case, to).map(changed),
        Write::DeleteCase(id) => super::cases::delete(store, now, id).map(changed),
        Write::EditContact { id, changes } => ops::contacts::edit_checked(store, now, id, *changes)
            .map(|(c, written)| Outcome {
                message: format!("Updated contact {} in the editor.", c.name),
                changed: written,
                follow: None,
            }),
        Write::Submit(form) => submit(store, now, currency, &form),
    }
}

fn move_deal(store: &Store, now: &Now, id: DealId, by: i64) -> Result<Outcome> {
    Ok(match ops::deals::shift(store, now, id, by)? {
        ops::deals::Moved::To(deal) | ops::deals::Moved::Reopened(deal) => Outcome {
            message: format!("Moved {} to {}.", deal.title, deal.stage),
            changed: true,
            follow: Some(deal.id),
        },
        ops::deals::Moved::Unchanged(_) => Outcome {
            message: "That is the last stage that way.".into(),
            changed: false,
            follow: None,
        },
    })
}

/// Runs a form's use case with what was typed into it.
fn submit(store: &Store, now: &Now, currency: Currency, form: &Form) -> Result<Outcome> {
    let edited = |(message, changed)| Outcome {
        message,
        changed,
        follow: None,
    };
    let message = match &form.kind {
        FormKind::AddContact => ops::contacts::add(store, now, contact_changes(form)?)
            .map(|c| format!("Added {}.", c.name)),
        FormKind::EditContact(id, version) => {
            let ch = ContactChanges {
                version: *version,
                ..contact_changes(form)?
            };
            ops::contacts::edit(store, now, *id, ch).map(|c| format!("Saved {}.", c.name))
        }
        FormKind::AddDeal { .. } => {
            let zero = Money::new(0, currency);
            let ch = deal_text(form).typed(store.read(), now, zero)?;
            ops::deals::add(store, now, currency, ch)
                .map(|d| format!("Opened deal {} in {}.", d.title, d.stage))
        }
        FormKind::EditDeal(id, version) => {
            // An emptied contact field unlinks the contact.
            let text = DealText {
                contact: Some(form.contact_ref("Contact").unwrap_or_default()),
                ..deal_text(form)
            };
            let current = ops::deals::load(store.read(), *id)?.value;
            let ch = DealChanges {
                version: *version,
                ..text.typed(store.read(), now, current)?
            };
            ops::deals::edit(store, now, *id, ch).map(|d| format!("Saved deal {}.", d.title))
        }
        FormKind::Log {
            kind,
            contact,
            deal,
        } => log(store, now, form, *kind, *contact, *deal),
        FormKind::AddTask { .. } => {
            let text = TaskText {
                title: form.value("Title").to_string(),
                contact: form.contact_ref("Contact"),
                deal: filled(form, "Deal"),
                due: filled(form, "Due"),
            };
            let mut input = text.typed(store.read(), now)?;
            input.every = filled(form, "Every")
                .map(|e| input::task::every(&e).map_err(|e| e.at(Field::Every)))
                .transpose()?;
            ops::tasks::add(store, now, input).map(|t| match t.every {
                Some(every) => format!("Added task {}, every {every}.", t.title),
                None => format!("Added task {}.", t.title),
            })
        }
        FormKind::EditTask(id, version) => {
            return records::edit_task(store, now, form, *id, *version).map(edited)
        }
        FormKind::EditInteraction(id, version) => {
            return records::edit_interaction(store, now, form, *id, *version).map(edited)
        }
        FormKind::AddCase { .. }
        | FormKind::EditCase(..)
        | FormKind::CaseReply(_)
        | FormKind::CaseNote(_)
        | FormKind::SolveCase(_) => return super::cases::submit(store, now, form),
        FormKind::LostReason(id) => {
            let reason = form.value("Reason");
            let status = DealStatus::Lost;
            ops::deals::close(store, now, *id, status, Some(reason))
                .map(|d| format!("Lost {}.", d.title))
        }
    }?;
    Ok(changed(message))
}

fn log(
    store: &Store,
    now: &Now,
    form: &Form,
    kind: InteractionKind,
    contact: ContactId,
    deal: Option<DealId>,
) -> Result<String> {
    let mut text = LogText::new(kind, &contact.0.to_string(), form.value("Summary"));
    text.at = filled(form, "When").filter(|w| w.trim() != "now");
    text.duration = filled(form, "Duration");
    text.direction = filled(form, "Direction");
    text.deal = deal.map(|d| d.0.to_string());
    if let Some(score) = filled(form, "Score") {
        let n = score.trim().parse::<i64>().map_err(|_| {
            Error::invalid_at(Field::Score, "the score is a whole number from 0 to 10.")
        })?;
        text.score = Some(n);
    }
    let input = text.typed(store.read(), now)?;
    ops::interactions::log(store, now, input)
        .map(|i| format!("Logged {} with {}.", i.kind, i.contact))
}

/// A field's text, or nothing when it is blank.
fn filled(form: &Form, label: &str) -> Option<String> {
    Some(form.value(label).to_string()).filter(|x| !x.trim().is_empty())
}

fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn contact_changes(form: &Form) -> Result<ops::contacts::ContactChanges> {
    let v = |l: &str| form.value(l).to_string();
    let lifecycle = filled(form, "Lifecycle")
        .map(|l| input::contact::lifecycle(&l))
        .transpose()?;
    Ok(ops::contacts::ContactChanges {
        name: Some(v("Name")),
        emails: Some(split_list(&v("E-mails"))),
        phones: Some(split_list(&v("Phones"))),
        company: Some(v("Company").trim().to_string()),
        title: Some(v("Title").trim().to_string()),
        tags: Some(split_list(&v("Tags"))),
        lifecycle,
        cadence: input::contact::cadence(&Some(v("Every")))?,
        birthday: input::contact::birthday(&Some(v("Birthday")))?,
        ..Default::default()
    })
}

fn deal_text(form: &Form) -> DealText {
    DealText {
        title: Some(form.value("Title").to_string()),
        contact: form.contact_ref("Contact"),
        company: None,
        value: filled(form, "Value"),
        currency: filled(form, "Currency"),
        stage: filled(form, "Stage"),
        probability: Some(form.value("Probability").to_string()),
        close: Some(form.value("Close").to_string()),
    }
}

#[cfg(test)]
mod version_tests {
    use super::*;
    use crate::domain::currency::Currency;

    fn now() -> Now {
        Now::fixed(
            chrono::DateTime::from_timestamp(1_795_341_600, 0).unwrap(),
            chrono::FixedOffset::east_opt(0).unwrap(),
        )
    }

    #[test]
    fn a_form_opened_before_someone_else_saved_is_refused() {
        let store = Store::open_in_memory().unwrap();
        let n = now();
        let ada = ops::contacts::add(
            &store,
            &n,
            ContactChanges {
                name: Some("Ada".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let form = Form::contact(Some(&ada));
        assert_eq!(form.kind, FormKind::EditContact(ada.id, Some(ada.version)));
        let elsewhere = ContactChanges {
            title: Some("Countess".into()),
            ..Default::default()
        };
        ops::contacts::edit(&store, &n, ada.id, elsewhere).unwrap();
        let e = run(&store, &n, Currency::usd(), Write::Submit(form)).unwrap_err();
        assert!(e.to_string().contains("since you opened it"), "{e}");
        let saved = store.read().contact(ada.id).unwrap().unwrap();
        assert_eq!(saved.title.as_deref(), Some("Countess"));
        // Reopened, it saves.
        let form = Form::contact(Some(&saved));
        run(&store, &n, Currency::usd(), Write::Submit(form)).unwrap();

        let deal = ops::deals::add(
            &store,
            &n,
            Currency::usd(),
            DealChanges {
                title: Some("Engine".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let form = Form::edit_deal(&deal);
        ops::deals::close(&store, &n, deal.id, DealStatus::Won, None).unwrap();
        let e = run(&store, &n, Currency::usd(), Write::Submit(form)).unwrap_err();
        assert!(matches!(e, Error::Conflict { .. }), "{e}");
    }
}
