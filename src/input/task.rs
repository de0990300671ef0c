//! A task's fields as typed (`task add` flags, the TUI's task form) made typed.

use crate::domain::dates::parse_when;
use crate::domain::validate;
use crate::domain::*;
use crate::ops::tasks::TaskInput;
use crate::ops::Now;
use crate::store::Reader;

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
        let due = self
            .due
            .as_deref()
            .map(|d| parse_when(d, now.local()).map_err(|e| e.at(Field::Due)))
            .transpose()?;
        let contact = self
            .contact
            .as_deref()
            .map(|c| resolve::contact(r, c).map_err(|e| e.at(Field::Contact)))
            .transpose()?;
        let deal = self
            .deal
            .as_deref()
            .map(|d| {
                resolve::deal(r, d)
                    .map(|d| d.id)
                    .map_err(|e| e.at(Field::Deal))
            })
            .transpose()?;
        Ok(TaskInput {
            title: self.title.clone(),
            contact,
            deal,
            due,
        })
    }
}

/// A task named by its number (`12` or `#12`).
pub fn task_id(text: &str) -> Result<TaskId> {
    parse_id(text)
        .map(TaskId)
        .ok_or_else(|| Error::invalid(format!("{text:?} is not a task id; see crm task list.")))
}
