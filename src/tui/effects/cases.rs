//! Reads and writes of support cases for the app: the Cases view and a case's page read
//! through the store; every change goes through `ops::cases`, as `crm case` does.

use crate::domain::case::{Case, Move, Status};
use crate::domain::*;
use crate::input::case::{priority, CaseText};
use crate::ops::{self, Now};
use crate::store::{Reader, Store};

use super::writes::changed;
use super::Outcome;
use crate::tui::app::App;
use crate::tui::forms::{Form, FormKind};
use crate::tui::views::cases::{CasePage, TIMELINE};
use crate::tui::views::contact_page::Page;

/// The Cases view: the open and pending cases, the most urgent first.
pub fn view(store: &Store, app: &mut App, keep: bool) -> Result<()> {
    let rows = store.read().live_cases()?;
    let filter = app.filter().map(str::to_string);
    let (targets, now) = (app.targets.clone(), app.now);
    app.cases
        .set_rows(rows, &targets, &now, filter.as_deref(), keep);
    Ok(())
}

/// A case's page, opened over the view.
pub fn open_page(store: &Store, app: &mut App, id: i64) -> Result<()> {
    let r = store.read();
    let k = ops::cases::load(r, id)?;
    let timeline = r.case_interactions(id, TIMELINE)?;
    app.pages
        .push(Page::Case(Box::new(CasePage::new(k, timeline))));
    Ok(())
}

/// An open case page read again (a deleted case is not found, and its page closes).
pub fn reload_page(store: &Store, p: &mut CasePage) -> Result<()> {
    let r = store.read();
    let k = ops::cases::load(r, p.case.id)?;
    let timeline = r.case_interactions(k.id, TIMELINE)?;
    p.replace(k, timeline);
    Ok(())
}

/// A case form, filled from the case it is about.
pub fn form(r: Reader<'_>, kind: FormKind) -> Result<Form> {
    Ok(match kind {
        FormKind::AddCase { contact } => {
            let named = match contact {
                Some(id) => r.contact(id)?.map(|c| (id, c.name)),
                None => None,
            };
            Form::new_case(named)
        }
        FormKind::EditCase(id, _) => Form::edit_case(&ops::cases::load(r, id)?),
        FormKind::CaseReply(id) => Form::case_text(&ops::cases::load(r, id)?, true),
        FormKind::CaseNote(id) => Form::case_text(&ops::cases::load(r, id)?, false),
        FormKind::SolveCase(id) => Form::solve_case(&ops::cases::load(r, id)?),
        other => {
            return Err(Error::invalid(format!(
                "{other:?} is not a form about a case."
            )))
        }
    })
}

/// `p` and `o`: a case set pending or opened again.
pub fn move_case(store: &Store, now: &Now, id: i64, to: Move) -> Result<String> {
    let k = ops::cases::change(store, now, id, to, None)?;
    Ok(match k.status {
        Status::Pending => format!(
            "Case #{} {} is pending: waiting on the customer.",
            k.id, k.title
        ),
        _ => format!("Case #{} {} is {}.", k.id, k.title, k.status),
    })
}

pub fn delete(store: &Store, now: &Now, id: i64) -> Result<String> {
    ops::cases::delete(store, now, id)
        .map(|k| format!("Deleted case #{} {}; u undoes it.", k.id, k.title))
}

/// A case form saved.
pub fn submit(store: &Store, now: &Now, form: &Form) -> Result<Outcome> {
    let said = |k: &Case, what: &str| format!("{what} case #{} {}.", k.id, k.title);
    let text = |label: &str| form.value(label).to_string();
    let message = match &form.kind {
        FormKind::AddCase { .. } => {
            let typed = CaseText {
                contact: form.contact_ref("Contact"),
                title: text("Title"),
                priority: Some(text("Priority")),
            }
            .typed(store.read())?;
            let (contact, title, priority) = typed;
            let k = ops::cases::open(store, now, contact, &title, priority, None)?;
            format!(
                "Opened case #{} {} ({}) for {}.",
                k.id, k.title, k.priority, k.contact
            )
        }
        FormKind::EditCase(id, version) => {
            let p = form.changed("Priority").map(|p| priority(&p)).transpose()?;
            let title = form.changed("Title");
            if title.is_none() && p.is_none() {
                return Ok(Outcome {
                    message: "Nothing changed.".into(),
                    changed: false,
                    follow: None,
                });
            }
            let (k, _) = ops::cases::edit(store, now, *id, *version, title.as_deref(), p)?;
            said(&k, "Saved")
        }
        FormKind::CaseReply(id) => {
            let k = ops::cases::log_on(store, now, *id, InteractionKind::Email, &text("Text"))?;
            format!("Replied to {} on case #{} {}.", k.contact, k.id, k.title)
        }
        FormKind::CaseNote(id) => {
            let k = ops::cases::log_on(store, now, *id, InteractionKind::Note, &text("Text"))?;
            said(&k, "Noted on")
        }
        FormKind::SolveCase(id) => {
            let resolution = text("Resolution");
            let k = ops::cases::change(store, now, *id, Move::Solve, Some(&resolution))?;
            said(&k, "Solved")
        }
        other => {
            return Err(Error::invalid(format!(
                "{other:?} is not a form about a case."
            )))
        }
    };
    Ok(changed(message))
}
