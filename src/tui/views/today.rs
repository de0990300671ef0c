//! Today (DESIGN §5): what to do, in sections: overdue and today's tasks, support cases
//! past a target, contacts due by their stay-in-touch cadence, deals closing within a week,
//! birthdays within a week, then the upcoming tasks (paged by a growing limit; done ones on
//! request). The task keys act on task rows; Enter opens the contact of any row (a case
//! row, the case).

use crate::domain::*;
use crate::ops::birthdays::BirthdayRow;
use crate::ops::reconnect::Reconnect;
use crate::ops::Now;
use crate::store::{TaskFilter, TaskWindow};

use super::{is_move, open_contact, Effect};
use crate::tui::app::App;
use crate::tui::effects::Write;
use crate::tui::forms::FormKind;
use crate::tui::keys::Action;

/// The sections, in the order they are shown. The upcoming tasks come last: they can run
/// to hundreds, and what is due today should not be below them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Overdue,
    Today,
    Cases,
    Reconnect,
    Closing,
    Birthdays,
    Upcoming,
}

impl Section {
    pub fn title(self) -> &'static str {
        match self {
            Section::Overdue => "Overdue tasks",
            Section::Today => "Today's tasks",
            Section::Cases => "Cases past their targets",
            Section::Reconnect => "Reconnect",
            Section::Closing => "Deals closing within 7 days or overdue",
            Section::Birthdays => "Birthdays within 7 days",
            Section::Upcoming => "Upcoming tasks",
        }
    }
}

/// One row of the view: an index into the list it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Task(usize, Section),
    Reconnect(usize),
    Deal(usize),
    Birthday(usize),
    Case(usize),
}

impl Entry {
    pub fn section(self) -> Section {
        match self {
            Entry::Task(_, s) => s,
            Entry::Reconnect(_) => Section::Reconnect,
            Entry::Deal(_) => Section::Closing,
            Entry::Birthday(_) => Section::Birthdays,
            Entry::Case(_) => Section::Cases,
        }
    }
}

/// What the view reads besides the tasks.
#[derive(Debug, Default, Clone)]
pub struct Others {
    pub reconnect: Vec<Reconnect>,
    pub closing: Vec<Deal>,
    pub birthdays: Vec<BirthdayRow>,
    /// Open and pending cases past a target, the most urgent first.
    pub cases: Vec<crate::domain::case::Case>,
    /// How many there are in all, where a section was cut at [`SECTION_ROWS`]:
    /// reconnect, closing, birthdays.
    pub totals: [usize; 3],
}

#[derive(Debug, Default, Clone)]
pub struct TodayState {
    /// The tasks in view (open ones, or all), by due date.
    pub rows: Vec<Task>,
    pub reconnect: Vec<Reconnect>,
    pub closing: Vec<Deal>,
    pub birthdays: Vec<BirthdayRow>,
    /// Open and pending cases past a target.
    pub cases: Vec<crate::domain::case::Case>,
    /// How many contacts to reconnect, deals closing and birthdays there are in all.
    pub totals: [usize; 3],
    /// Every row in the order shown; `sel` indexes it.
    pub entries: Vec<Entry>,
    pub sel: usize,
    pub show_done: bool,
    limit: usize,
}

const TASK_PAGE: usize = 200;
/// The most rows the reconnect, closing and birthday sections show.
pub const SECTION_ROWS: usize = 50;
/// Deals closing and birthdays this many days ahead are shown.
pub const WEEK_DAYS: u32 = 7;

/// The Today view's arm of `update`.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        a if is_move(a) => {
            let page = app.list_rows();
            if app.tasks.navigate(a, page) {
                return vec![Effect::MoreTasks];
            }
        }
        // A case row opens the case's page.
        Action::Open if matches!(app.tasks.selected_entry(), Some(Entry::Case(_))) => {
            if let Some(Entry::Case(i)) = app.tasks.selected_entry() {
                if let Some(k) = app.tasks.cases.get(i) {
                    return vec![Effect::OpenCase(k.id)];
                }
            }
        }
        Action::Open => {
            let effects = open_contact(app);
            if effects.is_empty() && app.tasks.selected_entry().is_some() {
                app.say("That has no contact to open.");
            }
            return effects;
        }
        Action::Add => {
            return vec![Effect::OpenForm(FormKind::AddTask {
                contact: None,
                deal: None,
            })]
        }
        Action::Edit | Action::Delete | Action::Snooze | Action::ToggleDone => {
            return task_action(app, action)
        }
        Action::ToggleShowDone => {
            app.tasks.show_done = !app.tasks.show_done;
            return vec![Effect::Load { keep: true }];
        }
        _ => {}
    }
    Vec::new()
}

/// Space, z, e and d: on a task row they act on the task.
fn task_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(t) = app.tasks.selected() else {
        if app.tasks.selected_entry().is_some() {
            app.say("Space, z, e and d act on tasks; Enter opens this contact.");
        }
        return Vec::new();
    };
    match action {
        Action::Edit => vec![Effect::OpenForm(FormKind::EditTask(t.id, None))],
        Action::Delete => {
            let message = format!("Delete task {}? u undoes it.", t.title);
            let id = t.id;
            app.ask(message, Write::RemoveTask(id));
            Vec::new()
        }
        Action::Snooze => vec![Effect::Write(Write::Snooze(t.id))],
        _ => {
            let (task, done) = (t.id, t.done_at.is_none());
            vec![Effect::Write(Write::SetDone { task, done })]
        }
    }
}

/// Where a task goes: by its due day (or moment), a done one where it was.
pub fn task_section(t: &Task, now: &Now) -> Section {
    let today = now.today();
    match t.due {
        Some(Due::Day(d)) if d < today => Section::Overdue,
        Some(Due::Day(d)) if d == today => Section::Today,
        Some(Due::At(at)) if at < now.utc => Section::Overdue,
        Some(Due::At(at)) if now.to_local(at).date() == today => Section::Today,
        _ => Section::Upcoming,
    }
}

/// What identifies a row across reloads, so the selection stays on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Task(TaskId),
    Reconnect(ContactId),
    Deal(DealId),
    Birthday(ContactId),
    Case(i64),
}

impl TodayState {
    /// How many rows a section has in all, when it was cut at [`SECTION_ROWS`].
    pub fn total(&self, section: Section) -> Option<usize> {
        match section {
            Section::Reconnect => Some(self.totals[0]),
            Section::Closing => Some(self.totals[1]),
            Section::Birthdays => Some(self.totals[2]),
            _ => None,
        }
    }

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
            owner: None,
        }
    }

    /// Shows what was read, narrowed by the filter; `keep` stays on the selected row.
    pub fn set_rows(
        &mut self,
        mut rows: Vec<Task>,
        mut others: Others,
        filter: Option<&str>,
        keep: bool,
        now: &Now,
    ) {
        let keep_key = keep.then(|| self.selected_key()).flatten();
        if let Some(q) = filter.map(crate::domain::text::fold) {
            rows.retain(|t| {
                matches(
                    &[
                        &t.title,
                        t.contact.as_deref().unwrap_or(""),
                        t.deal.as_deref().unwrap_or(""),
                    ],
                    &q,
                )
            });
            // People by their names only: most share a company, which would match them all.
            others.reconnect.retain(|r| matches(&[&r.contact.name], &q));
            others
                .closing
                .retain(|d| matches(&[&d.title, d.contact.as_deref().unwrap_or("")], &q));
            others.birthdays.retain(|b| matches(&[&b.contact.name], &q));
            others
                .cases
                .retain(|k| matches(&[&k.title, &k.contact], &q));
        }
        let mut entries: Vec<Entry> = rows
            .iter()
            .enumerate()
            .map(|(i, t)| Entry::Task(i, task_section(t, now)))
            .collect();
        entries.extend((0..others.reconnect.len()).map(Entry::Reconnect));
        entries.extend((0..others.closing.len()).map(Entry::Deal));
        entries.extend((0..others.birthdays.len()).map(Entry::Birthday));
        entries.extend((0..others.cases.len()).map(Entry::Case));
        // Stable: tasks keep their due order within a section.
        entries.sort_by_key(|e| e.section());
        self.rows = rows;
        self.reconnect = others.reconnect;
        self.closing = others.closing;
        self.birthdays = others.birthdays;
        self.cases = others.cases;
        self.totals = others.totals;
        self.entries = entries;
        self.sel = keep_key
            .and_then(|k| (0..self.entries.len()).find(|&i| self.key_of(i) == Some(k)))
            .unwrap_or(if keep { self.sel } else { 0 });
        self.sel = self.sel.min(self.entries.len().saturating_sub(1));
    }

    pub fn selected_entry(&self) -> Option<Entry> {
        self.entries.get(self.sel).copied()
    }

    /// The selected row's task, when it is a task.
    pub fn selected(&self) -> Option<&Task> {
        match self.selected_entry()? {
            Entry::Task(i, _) => self.rows.get(i),
            _ => None,
        }
    }

    /// The contact (and deal) of the selected row.
    pub fn subject(&self) -> Option<(ContactId, Option<DealId>)> {
        match self.selected_entry()? {
            Entry::Task(i, _) => {
                let t = self.rows.get(i)?;
                t.contact_id.map(|c| (c, t.deal_id))
            }
            Entry::Reconnect(i) => Some((self.reconnect.get(i)?.contact.id, None)),
            Entry::Deal(i) => {
                let d = self.closing.get(i)?;
                d.contact_id.map(|c| (c, Some(d.id)))
            }
            Entry::Birthday(i) => Some((self.birthdays.get(i)?.contact.id, None)),
            Entry::Case(i) => {
                let k = self.cases.get(i)?;
                Some((k.contact_id, k.deal_id))
            }
        }
    }

    fn key_of(&self, at: usize) -> Option<Key> {
        Some(match *self.entries.get(at)? {
            Entry::Task(i, _) => Key::Task(self.rows.get(i)?.id),
            Entry::Reconnect(i) => Key::Reconnect(self.reconnect.get(i)?.contact.id),
            Entry::Deal(i) => Key::Deal(self.closing.get(i)?.id),
            Entry::Birthday(i) => Key::Birthday(self.birthdays.get(i)?.contact.id),
            Entry::Case(i) => Key::Case(self.cases.get(i)?.id),
        })
    }

    fn selected_key(&self) -> Option<Key> {
        self.key_of(self.sel)
    }

    /// Moves the selection; true when it came near the end of what is loaded and the
    /// next page of tasks must be read.
    pub fn navigate(&mut self, action: Action, page: usize) -> bool {
        let last = self.entries.len().saturating_sub(1);
        match action {
            Action::Up => self.sel = self.sel.saturating_sub(1),
            Action::Down => self.sel = (self.sel + 1).min(last),
            Action::PageUp => self.sel = self.sel.saturating_sub(page),
            Action::PageDown => self.sel = (self.sel + page).min(last),
            Action::Top => self.sel = 0,
            Action::Bottom => self.sel = last,
            _ => {}
        }
        if self.sel + page >= self.entries.len() && self.rows.len() == self.limit {
            self.limit += TASK_PAGE;
            return true;
        }
        false
    }
}

/// The filter's letters appear in order in the row's texts (folded).
pub(crate) fn matches(texts: &[&str], folded_query: &str) -> bool {
    let hay = crate::domain::text::fold(&texts.join(" "));
    let mut it = hay.chars();
    folded_query
        .chars()
        .filter(|c| !c.is_whitespace())
        .all(|c| it.any(|h| h == c))
}
