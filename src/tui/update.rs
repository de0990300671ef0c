//! `update`: a message (a key's action, typed text, a write's outcome) changes the state
//! and says which effects to carry out. No store, no ops, no drawing here. Keys that
//! mean something only in one view go to that view's arm in `views/`.

use crate::domain::{Error, InteractionKind, Result};
use crate::ops::Now;

use super::app::{App, Popup, View};
use super::effects::{Effect, Outcome};
use super::forms::{FormEffect, FormKind};
use super::keys::{Action, Edit};
use super::views;

#[derive(Debug)]
pub enum Msg {
    /// A key of the keymap, or of a confirmation or help popup.
    Action(Action),
    /// A key typed into a form or the filter.
    Edit(Edit),
    /// Time passed: check for changes made by other processes.
    Tick(Now),
    Resize((u16, u16)),
    /// A write's outcome.
    Done(Result<Outcome>),
    /// A read failed.
    Failed(Error),
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Action(action) => match &app.popup {
            Some(Popup::Help) => help(app, action),
            Some(Popup::Confirm { .. }) => confirm(app, action),
            Some(Popup::PickKind { .. }) => pick_kind(app, action, None),
            Some(Popup::Form(_)) => Vec::new(),
            None => {
                app.status = None;
                act(app, action)
            }
        },
        Msg::Edit(edit) if matches!(app.popup, Some(Popup::Form(_))) => form_edit(app, edit),
        Msg::Edit(Edit::Insert(c)) if matches!(app.popup, Some(Popup::PickKind { .. })) => {
            let digit = c.to_digit(10).map(|d| d as usize);
            pick_kind(app, Action::Open, digit.and_then(|d| d.checked_sub(1)))
        }
        Msg::Edit(edit) if app.filter_editing => filter_edit(app, edit),
        Msg::Edit(_) => Vec::new(),
        Msg::Tick(now) => {
            app.now = now;
            vec![Effect::Poll]
        }
        Msg::Resize(size) => {
            app.size = size;
            vec![Effect::Refresh { follow: None }]
        }
        Msg::Done(outcome) => done(app, outcome),
        Msg::Failed(e) => {
            app.fail(e);
            Vec::new()
        }
    }
}

/// Actions that work the same in every view; the rest go to the shown view.
fn act(app: &mut App, action: Action) -> Vec<Effect> {
    use Action::*;
    let i = app.view.index();
    let on_page = !app.pages.is_empty();
    match action {
        Quit if !app.waiting.is_empty() && !app.quit_warned => {
            app.quit_warned = true;
            let n = app.waiting.len();
            app.fail(crate::domain::Error::conflict(format!(
                "{n} change{} still wait{} for another crm; q again quits without {}.",
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "" },
                if n == 1 { "it" } else { "them" }
            )));
        }
        Quit => app.quit = true,
        Help => {
            app.help_scroll = 0;
            app.popup = Some(Popup::Help);
        }
        NextView => return show(app, View::ALL[(i + 1) % View::ALL.len()]),
        PrevView => return show(app, View::ALL[(i + View::ALL.len() - 1) % View::ALL.len()]),
        ViewPipeline => return show(app, View::Pipeline),
        ViewContacts => return show(app, View::Contacts),
        ViewActivity => return show(app, View::Activity),
        ViewTasks => return show(app, View::Today),
        ViewDashboard => return show(app, View::Dashboard),
        ViewCases => return show(app, View::Cases),
        Refresh => return vec![Effect::Refresh { follow: None }],
        // Only what this session changed, newest first.
        Undo => match app.undo.last() {
            Some(&change) => return vec![Effect::Write(super::effects::Write::Undo(change))],
            None => app.say("Nothing to undo: no change was made in this session."),
        },
        // On the Cases view and a case page, r n p s o act on the case.
        _ if views::cases::takes(app, action) => return views::cases::case_key(app, action),
        _ if on_page && !matches!(action, LogCall | LogMeeting | LogNote | LogAny | AddTask) => {
            return views::contact_page::update(app, action)
        }
        Filter if app.view != View::Dashboard => app.filter_editing = true,
        Close if !app.filters[i].is_empty() => {
            app.filters[i].clear();
            return vec![Effect::Load { keep: false }];
        }
        LoadDemo if app.empty => app.ask(
            "Load realistic demo data (200 contacts, 60 deals, 2,000 interactions) into this empty database?".into(),
            super::effects::Write::LoadDemo,
        ),
        LogCall => return log(app, InteractionKind::Call),
        LogMeeting => return log(app, InteractionKind::Meeting),
        LogNote => return log(app, InteractionKind::Note),
        LogAny => match app.subject() {
            Some((contact, deal)) => {
                app.popup = Some(Popup::PickKind {
                    contact,
                    deal,
                    sel: 0,
                })
            }
            None => app.say("Select a contact (or a deal with a contact) first."),
        },
        AddTask => {
            let (contact, deal) = match app.subject() {
                Some((c, d)) => (Some(c), d),
                None => (None, None),
            };
            return vec![Effect::OpenForm(FormKind::AddTask { contact, deal })];
        }
        _ => return view_action(app, action),
    }
    Vec::new()
}

fn view_action(app: &mut App, action: Action) -> Vec<Effect> {
    match app.view {
        View::Pipeline => views::pipeline::update(app, action),
        View::Contacts => views::contacts::update(app, action),
        View::Activity => views::activity::update(app, action),
        View::Today => views::today::update(app, action),
        View::Dashboard => views::dashboard::update(app, action),
        View::Cases => views::cases::update(app, action),
    }
}

fn show(app: &mut App, view: View) -> Vec<Effect> {
    app.view = view;
    app.filter_editing = false;
    app.pages.clear();
    if app.stale[view.index()] {
        vec![Effect::Load { keep: true }]
    } else {
        Vec::new()
    }
}

/// Logging a call, meeting or note with the contact the view has selected.
fn log(app: &mut App, kind: InteractionKind) -> Vec<Effect> {
    match app.subject() {
        Some((contact, deal)) => vec![Effect::OpenForm(FormKind::Log {
            kind,
            contact,
            deal,
        })],
        None => {
            app.say("Select a contact (or a deal with a contact) first.");
            Vec::new()
        }
    }
}

/// The help overlay scrolls through every binding; `Esc` closes it.
fn help(app: &mut App, action: Action) -> Vec<Effect> {
    let max = views::help::max_scroll(&app.keymap, app.size);
    let page = views::help::layout(app.size).1;
    let s = app.help_scroll;
    app.help_scroll = match action {
        Action::Close => {
            app.popup = None;
            0
        }
        Action::Down => s + 1,
        Action::Up => s.saturating_sub(1),
        Action::PageDown => s + page,
        Action::PageUp => s.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => max,
        _ => s,
    }
    .min(max);
    Vec::new()
}

/// `L`: choosing the kind to log, then its form. `digit` picks directly.
fn pick_kind(app: &mut App, action: Action, digit: Option<usize>) -> Vec<Effect> {
    let Some(Popup::PickKind { contact, deal, sel }) = &mut app.popup else {
        return Vec::new();
    };
    let last = InteractionKind::ALL.len() - 1;
    match action {
        Action::Down => *sel = (*sel + 1).min(last),
        Action::Up => *sel = sel.saturating_sub(1),
        Action::Open => {
            let chosen = digit.unwrap_or(*sel);
            let (contact, deal) = (*contact, *deal);
            if let Some(kind) = InteractionKind::ALL.get(chosen).copied() {
                app.popup = None;
                return vec![Effect::OpenForm(FormKind::Log {
                    kind,
                    contact,
                    deal,
                })];
            }
        }
        Action::Close => {
            app.popup = None;
            app.say("Cancelled.");
        }
        _ => {}
    }
    Vec::new()
}

fn confirm(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Yes => match app.popup.take() {
            Some(Popup::Confirm { on_yes, .. }) => return vec![Effect::Write(on_yes)],
            other => app.popup = other,
        },
        Action::No => {
            app.popup = None;
            app.say("Cancelled.");
        }
        _ => {}
    }
    Vec::new()
}

fn form_edit(app: &mut App, edit: Edit) -> Vec<Effect> {
    let Some(Popup::Form(form)) = &mut app.popup else {
        return Vec::new();
    };
    match edit {
        Edit::Cancel => {
            app.popup = None;
            app.say("Cancelled.");
        }
        // Enter on a suggestion takes it; else the form is saved, and stays open until
        // the write says how it went.
        Edit::Submit => {
            if !form.accept_on_enter() {
                return vec![Effect::Write(super::effects::Write::Submit(form.clone()))];
            }
        }
        other => {
            if let FormEffect::Suggest(text) = form.edit(other) {
                return vec![Effect::Suggest(text)];
            }
        }
    }
    Vec::new()
}

/// Typing into the filter reads the view again at each key.
fn filter_edit(app: &mut App, edit: Edit) -> Vec<Effect> {
    let filter = &mut app.filters[app.view.index()];
    match edit {
        Edit::Cancel => {
            filter.clear();
            app.filter_editing = false;
        }
        Edit::Submit => {
            app.filter_editing = false;
            return Vec::new();
        }
        Edit::Backspace => {
            filter.pop();
        }
        Edit::Insert(c) => filter.push(c),
        _ => return Vec::new(),
    }
    vec![Effect::Filtered]
}

fn done(app: &mut App, outcome: Result<Outcome>) -> Vec<Effect> {
    match outcome {
        Ok(o) => {
            if matches!(app.popup, Some(Popup::Form(_))) {
                app.popup = None;
            }
            app.say(o.message);
            if o.changed {
                return vec![Effect::Refresh { follow: o.follow }];
            }
        }
        Err(e) => match &mut app.popup {
            Some(Popup::Form(form)) => form.show_error(&e),
            _ => app.fail(e),
        },
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    //! `update` needs no store: a message in, the state changed and the effects out.

    use chrono::{FixedOffset, TimeZone, Utc};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::domain::currency::Currency;
    use crate::domain::ContactId;
    use crate::tui::effects::Write;
    use crate::tui::forms::Form;
    use crate::tui::keys::Keymap;

    fn app() -> App {
        let now = Now::fixed(
            Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap(),
            FixedOffset::east_opt(0).unwrap(),
        );
        App::new(Keymap::default(), now, Currency::usd(), (80, 24))
    }

    /// A key through the keymap boundary, then `update`.
    fn key(app: &mut App, code: KeyCode) -> Vec<Effect> {
        let e = KeyEvent::new(code, KeyModifiers::NONE);
        match app.keymap.translate(app.mode(), &e) {
            Some(msg) => update(app, msg),
            None => Vec::new(),
        }
    }

    #[test]
    fn keys_ask_for_effects_instead_of_doing_io() {
        let mut a = app();
        assert_eq!(
            key(&mut a, KeyCode::Char('2')),
            [Effect::Load { keep: true }]
        );
        assert_eq!(
            key(&mut a, KeyCode::Char('a')),
            [Effect::OpenForm(FormKind::AddContact)]
        );
        key(&mut a, KeyCode::Char('/'));
        assert_eq!(key(&mut a, KeyCode::Char('x')), [Effect::Filtered]);
        assert_eq!(a.filter(), Some("x"));
        let now = a.now;
        assert_eq!(update(&mut a, Msg::Tick(now)), [Effect::Poll]);
    }

    #[test]
    fn confirm_keys_are_actions() {
        let mut a = app();
        a.ask("Remove?".into(), Write::RemoveContact(ContactId(7)));
        assert_eq!(key(&mut a, KeyCode::Char('j')), []);
        assert!(a.popup.is_some(), "other keys leave the question open");
        assert_eq!(
            key(&mut a, KeyCode::Char('y')),
            [Effect::Write(Write::RemoveContact(ContactId(7)))]
        );
        assert!(a.popup.is_none());
        a.ask("Remove?".into(), Write::RemoveContact(ContactId(7)));
        assert_eq!(key(&mut a, KeyCode::Esc), []);
        assert_eq!(a.status.as_ref().unwrap().text, "Cancelled.");
        a.ask("Remove?".into(), Write::RemoveContact(ContactId(7)));
        assert_eq!(key(&mut a, KeyCode::Enter), [], "Enter never confirms");
        assert!(a.popup.is_none());
        a.ask("Remove?".into(), Write::RemoveContact(ContactId(7)));
        assert_eq!(key(&mut a, KeyCode::Char('Y')), [], "only y confirms");
    }

    #[test]
    fn u_undoes_this_sessions_newest_change_only() {
        let mut a = app();
        assert_eq!(key(&mut a, KeyCode::Char('u')), []);
        assert!(a.status.as_ref().unwrap().text.contains("Nothing to undo"));
        a.undo = vec![3, 7];
        assert_eq!(
            key(&mut a, KeyCode::Char('u')),
            [Effect::Write(Write::Undo(7))]
        );
    }

    #[test]
    fn a_form_stays_open_until_its_write_succeeds() {
        let mut a = app();
        a.popup = Some(Popup::Form(Form::task(None, None)));
        key(&mut a, KeyCode::Char('x'));
        let effects = key(&mut a, KeyCode::Enter);
        let [Effect::Write(Write::Submit(form))] = effects.as_slice() else {
            panic!("saving is a write: {effects:?}")
        };
        assert_eq!(form.value("Title"), "x");
        let err = Error::invalid_at(crate::domain::Field::Due, "the due date is not a date");
        assert_eq!(update(&mut a, Msg::Done(Err(err))), []);
        let Some(Popup::Form(form)) = &a.popup else {
            panic!("the form stays open")
        };
        assert_eq!(form.focus, 1, "the error is shown at the Due field");
        let ok = Outcome {
            message: "Added task x.".into(),
            changed: true,
            follow: None,
        };
        assert_eq!(
            update(&mut a, Msg::Done(Ok(ok))),
            [Effect::Refresh { follow: None }]
        );
        assert!(a.popup.is_none());
    }
}
