//! Tasks: open ones by due date (done ones on request), paged by a growing limit.

use crate::domain::*;
use crate::ops::Now;
use crate::store::{TaskFilter, TaskWindow};

use super::{is_move, open_contact, Effect};
use crate::tui::app::App;
use crate::tui::effects::Write;
use crate::tui::forms::FormKind;
use crate::tui::keys::Action;

#[derive(Debug, Default, Clone)]
pub struct TasksState {
    pub rows: Vec<Task>,
    pub sel: usize,
    pub show_done: bool,
    limit: usize,
}

const TASK_PAGE: usize = 200;

/// The Tasks view's arm of `update`.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        a if is_move(a) => {
            let page = app.list_rows();
            if app.tasks.navigate(a, page) {
                return vec![Effect::MoreTasks];
            }
        }
        Action::Open => return open_contact(app),
        Action::Add => {
            return vec![Effect::OpenForm(FormKind::AddTask {
                contact: None,
                deal: None,
            })]
        }
        Action::Edit => {
            if let Some(t) = app.tasks.selected() {
                return vec![Effect::OpenForm(FormKind::EditTask(t.id, None))];
            }
        }
        Action::Delete => {
            if let Some(t) = app.tasks.selected() {
                let message = format!("Delete task {}? u undoes it.", t.title);
                app.ask(message, Write::RemoveTask(t.id));
            }
        }
        Action::Snooze => {
            if let Some(t) = app.tasks.selected() {
                return vec![Effect::Write(Write::Snooze(t.id))];
            }
        }
        Action::ToggleDone => {
            if let Some(t) = app.tasks.selected() {
                let (task, done) = (t.id, t.done_at.is_none());
                return vec![Effect::Write(Write::SetDone { task, done })];
            }
        }
        Action::ToggleShowDone => {
            app.tasks.show_done = !app.tasks.show_done;
            return vec![Effect::Load { keep: true }];
        }
        _ => {}
    }
    Vec::new()
}

impl TasksState {
    /// What to read: open tasks (or all), up to the loaded limit.
    pub fn query(&mut self, now: &Now) -> TaskFilter {
        self.limit = self.limit.max(TASK_PAGE);
        let window = if self.show_done {
            TaskWindow::All
        } else {
            TaskWindow::Open
        };
        TaskFilter {
            window,
            today: now.today(),
            now: now.utc,
            contact_id: None,
            deal_id: None,
            limit: Some(self.limit),
            // What was ticked today stays in view (dimmed), so a second Space can untick it.
            done_since: Some(now.instant(crate::domain::dates::When::Day(now.today()))),
        }
    }

    /// Shows what was read, narrowed by the filter; `keep` stays on the selected task.
    pub fn set_rows(&mut self, mut rows: Vec<Task>, filter: Option<&str>, keep: bool) {
        let keep_id = keep.then(|| self.selected().map(|t| t.id)).flatten();
        if let Some(q) = filter.map(crate::domain::text::fold) {
            rows.retain(|t| matches(t, &q));
        }
        self.rows = rows;
        self.sel = keep_id
            .and_then(|id| self.rows.iter().position(|t| t.id == id))
            .unwrap_or(if keep { self.sel } else { 0 });
        self.sel = self.sel.min(self.rows.len().saturating_sub(1));
    }

    pub fn selected(&self) -> Option<&Task> {
        self.rows.get(self.sel)
    }

    /// Moves the selection; true when it came near the end of what is loaded and the
    /// next page must be read.
    pub fn navigate(&mut self, action: Action, page: usize) -> bool {
        let last = self.rows.len().saturating_sub(1);
        match action {
            Action::Up => self.sel = self.sel.saturating_sub(1),
            Action::Down => self.sel = (self.sel + 1).min(last),
            Action::PageUp => self.sel = self.sel.saturating_sub(page),
            Action::PageDown => self.sel = (self.sel + page).min(last),
            Action::Top => self.sel = 0,
            Action::Bottom => self.sel = last,
            _ => {}
        }
        if self.sel + page >= self.rows.len() && self.rows.len() == self.limit {
            self.limit += TASK_PAGE;
            return true;
        }
        false
    }
}

/// The filter's letters appear in order in the task's title, contact and deal (folded).
fn matches(t: &Task, folded_query: &str) -> bool {
    let hay = crate::domain::text::fold(&format!(
        "{} {} {}",
        t.title,
        t.contact.as_deref().unwrap_or(""),
        t.deal.as_deref().unwrap_or("")
    ));
    let mut it = hay.chars();
    folded_query
        .chars()
        .filter(|c| !c.is_whitespace())
        .all(|c| it.any(|h| h == c))
}
