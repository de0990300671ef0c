//! A contact's full page, opened with `Enter` over any view: every field, deals, tasks and
//! a scrollable timeline whose entries open to show their body. Pages stack; `Esc` or
//! `Backspace` closes the top one, back to where the user was.

use crate::domain::Interaction;
use crate::ops::contacts::ContactDetail;

use super::Effect;
use crate::tui::app::App;
use crate::tui::forms::FormKind;
use crate::tui::keys::Action;

/// The newest entries a page reads; older ones are counted, not shown.
pub const TIMELINE: usize = 500;

#[derive(Debug, Clone)]
pub enum Page {
    Contact(Box<ContactPage>),
    /// A timeline entry with its body.
    Entry(Interaction),
    /// The duplicate review (`views/dupes.rs`).
    Dupes(Box<super::dupes::Review>),
    /// A support case with its timeline (`views/cases.rs`).
    Case(Box<super::cases::CasePage>),
}

#[derive(Debug, Clone)]
pub struct ContactPage {
    pub detail: ContactDetail,
    /// The contact's support cases, open and pending first.
    pub cases: Vec<crate::domain::case::Case>,
    /// The selected timeline entry.
    pub sel: usize,
    /// The selected case, while the cases have the focus (`h` gives it to them, `l` back
    /// to the timeline).
    pub case_sel: Option<usize>,
}

impl ContactPage {
    pub fn new(detail: ContactDetail, cases: Vec<crate::domain::case::Case>) -> ContactPage {
        ContactPage {
            detail,
            cases,
            sel: 0,
            case_sel: None,
        }
    }

    pub fn selected(&self) -> Option<&Interaction> {
        self.detail.interactions.get(self.sel)
    }

    /// The same contact read again: the selection stays on the same entry when it is there.
    pub fn replace(&mut self, detail: ContactDetail) {
        let id = self.selected().map(|i| i.id);
        self.sel = id
            .and_then(|id| detail.interactions.iter().position(|i| i.id == id))
            .unwrap_or(self.sel)
            .min(detail.interactions.len().saturating_sub(1));
        self.detail = detail;
    }

    /// The contact's cases read again: the focus stays on them while there are some.
    pub fn replace_cases(&mut self, cases: Vec<crate::domain::case::Case>) {
        let last = cases.len().checked_sub(1);
        self.case_sel = self.case_sel.zip(last).map(|(at, last)| at.min(last));
        self.cases = cases;
    }

    /// The selected case, while the cases have the focus.
    pub fn selected_case(&self) -> Option<&crate::domain::case::Case> {
        self.cases.get(self.case_sel?)
    }

    /// Moves the selection of whichever has the focus: the cases, or the timeline
    /// (`page` entries at a time for PgUp/PgDn). `h` and `l` move the focus.
    pub fn navigate(&mut self, action: Action, page: usize) {
        match (action, self.case_sel) {
            (Action::Left, _) if !self.cases.is_empty() => {
                self.case_sel = Some(self.case_sel.unwrap_or(0));
                return;
            }
            (Action::Right, _) => {
                self.case_sel = None;
                return;
            }
            (_, Some(at)) => {
                let last = self.cases.len().saturating_sub(1);
                self.case_sel = Some(match action {
                    Action::Up => at.saturating_sub(1),
                    Action::Down => (at + 1).min(last),
                    Action::Top | Action::PageUp => 0,
                    Action::Bottom | Action::PageDown => last,
                    _ => at,
                });
                return;
            }
            _ => {}
        }
        let last = self.detail.interactions.len().saturating_sub(1);
        self.sel = match action {
            Action::Up => self.sel.saturating_sub(1),
            Action::Down => (self.sel + 1).min(last),
            Action::PageUp => self.sel.saturating_sub(page.max(1)),
            Action::PageDown => (self.sel + page.max(1)).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => self.sel,
        };
    }
}

/// Keys while a page is open; those it leaves alone fall through to the global ones.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let page_rows = timeline_rows(app);
    match app.pages.last_mut() {
        Some(Page::Contact(p)) => match action {
            Action::Close | Action::Back => {
                app.pages.pop();
            }
            a if super::is_move(a) => p.navigate(a, page_rows),
            Action::Open if p.case_sel.is_some() => {
                if let Some(k) = p.selected_case() {
                    return vec![Effect::OpenCase(k.id)];
                }
            }
            Action::Open => {
                if let Some(i) = p.selected().cloned() {
                    app.pages.push(Page::Entry(i));
                }
            }
            Action::Edit => {
                return vec![Effect::OpenForm(FormKind::EditContact(
                    p.detail.contact.id,
                    None,
                ))]
            }
            Action::EditInEditor => return vec![Effect::EditInEditor(p.detail.contact.id)],
            _ => {}
        },
        Some(Page::Entry(i)) => match action {
            Action::Close | Action::Back | Action::Open => {
                app.pages.pop();
            }
            Action::Edit => return super::edit_interaction(i),
            Action::Delete => {
                let i = i.clone();
                super::delete_interaction(app, &i);
            }
            _ => {}
        },
        Some(Page::Dupes(_)) => return super::dupes::update(app, action),
        Some(Page::Case(_)) => return super::cases::page_update(app, action),
        None => {}
    }
    Vec::new()
}

/// Timeline entries a screen shows (one line each): the body less tabs, status, borders
/// and the heading.
pub fn timeline_rows(app: &App) -> usize {
    (app.size.1 as usize).saturating_sub(5).max(1)
}
