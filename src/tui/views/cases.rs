//! Cases (DESIGN §5, §13): open and pending support cases, the most urgent first (past a
//! target, then the least time left), and a case's page with its timeline. `r` replies,
//! `n` notes, `p` sets pending, `s` solves (asking the resolution), `o` reopens, on the
//! view's selected case or the open page's.

use crate::domain::case::{next, Case, Move, Targets};
use crate::domain::{Error, Interaction};
use crate::ops::Now;

use super::contact_page::Page;
use super::{is_move, Effect};
use crate::tui::app::{App, View};
use crate::tui::effects::Write;
use crate::tui::forms::FormKind;
use crate::tui::keys::Action;

/// The newest entries a case page reads.
pub const TIMELINE: usize = 500;

#[derive(Debug, Default, Clone)]
pub struct CasesState {
    /// Open and pending cases, the most urgent first.
    pub rows: Vec<Case>,
    pub sel: usize,
}

impl CasesState {
    pub fn selected(&self) -> Option<&Case> {
        self.rows.get(self.sel)
    }

    /// Shows the live cases in order of urgency, narrowed by the filter; `keep` stays on
    /// the selected case when it is still there.
    pub fn set_rows(
        &mut self,
        mut rows: Vec<Case>,
        targets: &Targets,
        now: &Now,
        filter: Option<&str>,
        keep: bool,
    ) {
        let kept = keep.then(|| self.selected().map(|k| k.id)).flatten();
        if let Some(q) = filter.map(crate::domain::text::fold) {
            rows.retain(|k| {
                super::today::matches(
                    &[&k.title, &k.contact, k.priority.as_str(), k.status.as_str()],
                    &q,
                )
            });
        }
        targets.sort_by_urgency(&mut rows, now.utc);
        self.rows = rows;
        self.sel = kept
            .and_then(|id| self.rows.iter().position(|k| k.id == id))
            .unwrap_or(if keep { self.sel } else { 0 })
            .min(self.rows.len().saturating_sub(1));
    }

    pub fn navigate(&mut self, action: Action, page: usize) {
        self.sel = step(self.sel, self.rows.len(), action, page);
    }
}

/// A selection moved by a key in a list of `len` rows.
fn step(sel: usize, len: usize, action: Action, page: usize) -> usize {
    let last = len.saturating_sub(1);
    match action {
        Action::Up => sel.saturating_sub(1),
        Action::Down => (sel + 1).min(last),
        Action::PageUp => sel.saturating_sub(page.max(1)),
        Action::PageDown => (sel + page.max(1)).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => sel,
    }
}

/// A case with its timeline: the interactions filed under it, newest first.
#[derive(Debug, Clone)]
pub struct CasePage {
    pub case: Case,
    pub timeline: Vec<Interaction>,
    /// The selected timeline entry.
    pub sel: usize,
}

impl CasePage {
    pub fn new(case: Case, timeline: Vec<Interaction>) -> CasePage {
        CasePage {
            case,
            timeline,
            sel: 0,
        }
    }

    pub fn selected(&self) -> Option<&Interaction> {
        self.timeline.get(self.sel)
    }

    /// The same case read again: the selection stays on the same entry when it is there.
    pub fn replace(&mut self, case: Case, timeline: Vec<Interaction>) {
        let id = self.selected().map(|i| i.id);
        self.sel = id
            .and_then(|id| timeline.iter().position(|i| i.id == id))
            .unwrap_or(self.sel)
            .min(timeline.len().saturating_sub(1));
        self.case = case;
        self.timeline = timeline;
    }
}

/// Where the case keys act: on a case page, or on the Cases view with no page over it.
pub fn in_cases(app: &App) -> bool {
    match app.pages.last() {
        Some(Page::Case(_)) => true,
        Some(_) => false,
        None => app.view == View::Cases,
    }
}

/// The case the keys act on: the open page's, or the view's selected one.
fn current(app: &App) -> Option<&Case> {
    match app.pages.last() {
        Some(Page::Case(p)) => Some(&p.case),
        Some(_) => None,
        None => app.cases.selected(),
    }
}

/// The keys that move a case or log on it, wherever the case keys act (`n` means a
/// note on the case there, not one for the contact).
pub fn takes(app: &App, action: Action) -> bool {
    use Action::*;
    in_cases(app) && matches!(action, Reply | LogNote | Pending | PickSegment | Reopen)
}

/// The Cases view's arm of `update`.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        a if is_move(a) => {
            let page = app.list_rows();
            app.cases.navigate(a, page);
            Vec::new()
        }
        Action::Open => match app.cases.selected() {
            Some(k) => vec![Effect::OpenCase(k.id)],
            None => Vec::new(),
        },
        Action::Add => vec![Effect::OpenForm(FormKind::AddCase { contact: None })],
        _ => case_key(app, action),
    }
}

/// The keys that act on one case, on the view or its page.
pub fn case_key(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(k) = current(app) else {
        if matches!(
            action,
            Action::Reply
                | Action::LogNote
                | Action::Pending
                | Action::PickSegment
                | Action::Reopen
                | Action::Edit
                | Action::Delete
        ) {
            app.say("No case selected: a opens one.");
        }
        return Vec::new();
    };
    let id = k.id;
    let moved = |to: Move| vec![Effect::Write(Write::MoveCase { case: id, to })];
    match action {
        Action::Reply => vec![Effect::OpenForm(FormKind::CaseReply(id))],
        Action::LogNote => vec![Effect::OpenForm(FormKind::CaseNote(id))],
        Action::Pending => moved(Move::Pending),
        Action::Reopen => moved(Move::Reopen),
        // Asks the resolution only of a case that can be solved.
        Action::PickSegment => match next(k.status, Move::Solve, k.solved_at, app.now.utc) {
            Ok(_) => vec![Effect::OpenForm(FormKind::SolveCase(id))],
            Err(e) => {
                app.fail(Error::invalid(format!("case #{id}: {e}")));
                Vec::new()
            }
        },
        Action::Edit => vec![Effect::OpenForm(FormKind::EditCase(id, None))],
        Action::Delete => {
            let message = format!(
                "Delete case #{id} {} ({})? Its interactions stay with the contact; u undoes it.",
                k.title, k.contact
            );
            app.ask(message, Write::DeleteCase(id));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Keys on a case page; those it leaves alone fall through to the global ones.
pub fn page_update(app: &mut App, action: Action) -> Vec<Effect> {
    let page_rows = super::contact_page::timeline_rows(app);
    let Some(Page::Case(p)) = app.pages.last_mut() else {
        return Vec::new();
    };
    match action {
        Action::Close | Action::Back => {
            app.pages.pop();
        }
        a if is_move(a) => p.sel = step(p.sel, p.timeline.len(), a, page_rows),
        Action::Open => {
            if let Some(i) = p.selected().cloned() {
                app.pages.push(Page::Entry(i));
            }
        }
        _ => return case_key(app, action),
    }
    Vec::new()
}
