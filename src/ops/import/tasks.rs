//! Tasks read by `crm import tasks` (and `import all`): crm's own task exports.

use crate::domain::dates::{parse_when, When};
use crate::domain::recurrence::Every;
use crate::domain::*;
use crate::import::{Parsed, TaskRecord};
use crate::resolve;

use super::Writer;

impl Writer<'_, '_> {
    /// A task from a CSV, its contact named by e-mail or name.
    pub(super) fn csv_task(&mut self, item: Parsed<TaskRecord>) -> Result<()> {
        let Some(rec) = self.take(item)? else {
            return Ok(());
        };
        let contact = match rec.contact.as_deref() {
            Some(r) => match resolve::contact(self.tx.read(), r) {
                Ok(id) => Some(id),
                Err(e) => {
                    self.reject(rec.line, Some("contact"), e.to_string(), rec.raw)?;
                    return Ok(());
                }
            },
            None => None,
        };
        self.task(rec, contact, None, None, None)
    }

    /// Writes one task read from a file (already counted as a row).
    pub(super) fn task(
        &mut self,
        rec: TaskRecord,
        contact: Option<ContactId>,
        deal: Option<DealId>,
        case: Option<i64>,
        kept: Option<(TaskId, chrono::DateTime<chrono::Utc>)>,
    ) -> Result<()> {
        let Some(title) = rec.title.filter(|t| !t.trim().is_empty()) else {
            self.reject(
                rec.line,
                Some("title"),
                "the task has no title".into(),
                rec.raw,
            )?;
            return Ok(());
        };
        let (due, day) = match rec.due.as_deref().map(|d| parse_when(d, self.now.local())) {
            Some(Ok(When::Day(d))) => (Some(Due::Day(d)), Some(d)),
            Some(Ok(w)) => {
                let at = self.now.instant(w);
                (Some(Due::At(at)), Some(self.now.to_local(at).date()))
            }
            Some(Err(e)) => {
                self.reject(rec.line, Some("due"), e.to_string(), rec.raw)?;
                return Ok(());
            }
            None => (None, None),
        };
        let every = match rec.every.as_deref().map(Every::parse) {
            Some(Ok(e)) => Some(e),
            Some(Err(e)) => {
                self.reject(rec.line, Some("every"), e.to_string(), rec.raw)?;
                return Ok(());
            }
            None => None,
        };
        let done_at = rec
            .done_at
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&chrono::Utc))
            .or_else(|| rec.done.then_some(self.now.utc));
        let t = Task {
            case_id: case,
            id: kept.map_or(TaskId(0), |k| k.0),
            title,
            contact_id: contact,
            contact: None,
            deal_id: deal,
            deal: None,
            due,
            due_day: day,
            every,
            done_at,
            created_at: kept.map_or(self.now.utc, |k| k.1),
            owner: rec
                .owner
                .clone()
                .unwrap_or_else(|| self.now.by.map(String::from)),
            version: 1,
        };
        let id = self.tx.insert_task(&t)?;
        self.tx.add_import_item(
            self.id,
            crate::domain::history::Entity::Task,
            id.0,
            crate::domain::history::Action::Create,
            None,
        )?;
        self.trace(
            crate::domain::history::Entity::Task,
            id.0,
            t.contact_id,
            &t.title,
        )?;
        self.out.created += 1;
        Ok(())
    }
}
