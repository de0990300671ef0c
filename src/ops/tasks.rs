//! Follow-up tasks.

use crate::domain::dates::{parse_when, When};
use crate::domain::validate;
use crate::domain::*;
use crate::store::Store;

use super::{record, resolve, Now, NONE};

#[derive(Debug, Default, Clone)]
pub struct TaskInput {
    pub title: String,
    pub contact: Option<String>,
    pub deal: Option<String>,
    pub due: Option<String>,
}

pub fn add(store: &Store, now: &Now, input: TaskInput) -> Result<Task> {
    let title = validate::required("task title", &input.title)?;
    let (due, due_day) = match input
        .due
        .as_deref()
        .map(|d| parse_when(d, now.local()))
        .transpose()?
    {
        None => (None, None),
        Some(When::Day(d)) => (Some(Due::Day(d)), Some(d)),
        Some(w) => {
            let at = now.instant(w);
            (Some(Due::At(at)), Some(now.to_local(at).date()))
        }
    };
    store.write(|tx| {
        let r = tx.read();
        let contact_id = input
            .contact
            .as_deref()
            .map(|c| resolve::contact(r, c))
            .transpose()?;
        let deal = input
            .deal
            .as_deref()
            .map(|d| resolve::deal(r, d))
            .transpose()?;
        let contact_id = contact_id.or(deal.as_ref().and_then(|d| d.contact_id));
        let contact = match contact_id {
            Some(id) => r.contact(id)?.map(|c| c.name),
            None => None,
        };
        let mut t = Task {
            id: TaskId(0),
            title,
            contact_id,
            contact,
            deal_id: deal.as_ref().map(|d| d.id),
            deal: deal.map(|d| d.title),
            due,
            done_at: None,
            created_at: now.utc,
        };
        t.id = tx.insert_task(&t, due_day)?;
        record(
            tx,
            now,
            "task",
            t.id.0,
            t.contact_id,
            "create",
            NONE,
            Some(&t),
        )?;
        Ok(t)
    })
}

/// Marks a task done (or not done again). Returns the task and whether anything changed.
pub fn set_done(store: &Store, now: &Now, reference: &str, done: bool) -> Result<(Task, bool)> {
    let n = parse_id(reference).ok_or_else(|| {
        Error::invalid(format!(
            "{reference:?} is not a task id; see crm task list."
        ))
    })?;
    store.write(|tx| {
        let before = tx.read().task(TaskId(n))?.ok_or_else(|| {
            Error::not_found(format!("there is no task #{n}; see crm task list --all."))
        })?;
        if before.done_at.is_some() == done {
            return Ok((before, false));
        }
        let mut t = before.clone();
        t.done_at = done.then_some(now.utc);
        tx.set_task_done(t.id, t.done_at)?;
        record(
            tx,
            now,
            "task",
            t.id.0,
            t.contact_id,
            if done { "done" } else { "reopen" },
            Some(&before),
            Some(&t),
        )?;
        Ok((t, true))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::testing::{now, store};
    use crate::store::{TaskFilter, TaskWindow};

    fn list(s: &Store, window: TaskWindow) -> Vec<String> {
        let f = TaskFilter {
            window,
            today: now().today(),
            now: now().utc,
            contact_id: None,
            deal_id: None,
            limit: None,
            done_since: None,
        };
        s.read()
            .tasks(&f)
            .unwrap()
            .into_iter()
            .map(|t| t.title)
            .collect()
    }

    #[test]
    fn tasks_fall_into_overdue_today_and_week() {
        let s = store();
        for (title, due) in [
            ("late", "yesterday"),
            ("early today", "today 08:00"),
            ("later today", "today 18:00"),
            ("today", "today"),
            ("soon", "+3d"),
            ("far", "+30d"),
        ] {
            add(
                &s,
                &now(),
                TaskInput {
                    title: title.into(),
                    due: Some(due.into()),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        add(
            &s,
            &now(),
            TaskInput {
                title: "someday".into(),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(list(&s, TaskWindow::Overdue), vec!["late", "early today"]);
        assert_eq!(
            list(&s, TaskWindow::Today),
            vec!["late", "early today", "later today", "today"]
        );
        assert_eq!(list(&s, TaskWindow::Week).len(), 5);
        assert_eq!(list(&s, TaskWindow::Open).len(), 7);
        let (t, changed) = set_done(&s, &now(), "1", true).unwrap();
        assert!(changed && t.done_at.is_some());
        assert!(!set_done(&s, &now(), "1", true).unwrap().1);
        assert_eq!(list(&s, TaskWindow::Overdue), vec!["early today"]);
        assert_eq!(list(&s, TaskWindow::All).len(), 7);
        assert!(add(
            &s,
            &now(),
            TaskInput {
                title: "x".into(),
                due: Some("whenever".into()),
                ..Default::default()
            }
        )
        .is_err());
        assert!(set_done(&s, &now(), "99", true).is_err());
    }
}
