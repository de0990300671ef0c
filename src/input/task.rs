//! A task's fields as typed (`task add`/`task edit` flags, the TUI's task forms) made typed.

use crate::domain::dates::{parse_when, When};
use crate::domain::recurrence::Every;
use crate::domain::validate;
use crate::domain::*;
use crate::ops::tasks::{TaskChanges, TaskInput};
use crate::ops::Now;
use crate::store::Reader;

use super::clearable;
use crate::resolve;

#[derive(Debug, Default, Clone)]
pub struct TaskText {
    pub title: String,
    pub contact: Option<String>,
    pub deal: Option<String>,
    pub due: Option<String>,
}

impl TaskText {
    pub fn typed(&self, r: Reader<'_>, now: &Now) -> Result<TaskInput> {
        // The title first, as the use case checks it, so one typo gets one message.
        validate::required("task title", &self.title).map_err(|e| e.at(Field::Title))?;
        let due = self.due.as_deref().map(|d| due(d, now)).transpose()?;
        let contact = self.contact.as_deref().map(|c| contact(r, c)).transpose()?;
        let deal = self.deal.as_deref().map(|d| deal(r, d)).transpose()?;
        Ok(TaskInput {
            title: self.title.clone(),
            contact,
            deal,
            due,
            every: None,
            case: None,
            owner: None,
        })
    }
}

/// `task edit` as typed: a field left out stays; `none` (or nothing, from a form) clears
/// the due date, contact, deal or interval.
#[derive(Debug, Default, Clone)]
pub struct TaskEditText {
    pub title: Option<String>,
    pub due: Option<String>,
    pub contact: Option<String>,
    pub deal: Option<String>,
    pub every: Option<String>,
}

impl TaskEditText {
    pub fn typed(&self, r: Reader<'_>, now: &Now) -> Result<TaskChanges> {
        if let Some(t) = &self.title {
            validate::required("task title", t).map_err(|e| e.at(Field::Title))?;
        }
        Ok(TaskChanges {
            title: self.title.clone(),
            due: clearable(&self.due, |d| due(d, now))?,
            every: clearable(&self.every, every)?,
            contact: clearable(&self.contact, |c| contact(r, c))?,
            deal: clearable(&self.deal, |d| deal(r, d))?,
            case: None,
            owner: None,
        })
    }
}

fn due(text: &str, now: &Now) -> Result<When> {
    parse_when(text, now.local()).map_err(|e| e.at(Field::Due))
}

fn contact(r: Reader<'_>, text: &str) -> Result<ContactId> {
    resolve::contact(r, text).map_err(|e| e.at(Field::Contact))
}

fn deal(r: Reader<'_>, text: &str) -> Result<DealId> {
    resolve::deal(r, text)
        .map(|d| d.id)
        .map_err(|e| e.at(Field::Deal))
}

/// A recurrence interval (`--every`): `2w`, `month`, `3d`, `1y`, `weekly`, ...
pub fn every(text: &str) -> Result<Every> {
    Every::parse(text)
}

/// How long to put a task off: `1d`, `3d`, `+2w`, `1m` (a date goes to `task edit --due`).
pub fn snooze_by(text: &str) -> Result<Every> {
    let t = text.trim();
    Every::parse(t.strip_prefix('+').unwrap_or(t)).map_err(|_| {
        Error::invalid_at(
            Field::Due,
            format!(
                "cannot read how long to snooze {text:?}; write 1d, 3d, 2w or 1m (to move it to a date, use crm task edit ID --due DATE)."
            ),
        )
    })
}

/// A support case named by its number (`--case 3` or `#3`).
pub fn case_id(text: &str) -> Result<i64> {
    parse_id(text).ok_or_else(|| {
        Error::invalid_at(
            Field::Case,
            format!("{text:?} is not a case id; crm case list shows them."),
        )
    })
}

/// `task edit --case ID|none`.
pub fn case_change(text: &Option<String>) -> Result<Option<Option<i64>>> {
    clearable(text, case_id)
}

/// A task named by its number (`12` or `#12`).
pub fn task_id(text: &str) -> Result<TaskId> {
    parse_id(text)
        .map(TaskId)
        .ok_or_else(|| Error::invalid(format!("{text:?} is not a task id; see crm task list.")))
}
