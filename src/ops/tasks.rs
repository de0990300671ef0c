//! Follow-up tasks.

use crate::domain::dates::When;
use crate::domain::history::{Action, Entity};
use crate::domain::validate;
use crate::domain::*;
use crate::store::Store;

use super::{record, Now, NONE};

/// A new task, typed (see `crate::input::task` for the text form).
#[derive(Debug, Default, Clone)]
pub struct TaskInput {
    pub title: String,
    pub contact: Option<ContactId>,
    pub deal: Option<DealId>,
    pub due: Option<When>,
}

pub fn add(store: &Store, now: &Now, input: TaskInput) -> Result<Task> {
    let title = validate::required("task title", &input.title).map_err(|e| e.at(Field::Title))?;
    let (due, due_day) = match input.due {
        None => (None, None),
        Some(When::Day(d)) => (Some(Due::Day(d)), Some(d)),
        Some(w) => {
            let at = now.instant(w);
            (Some(Due::At(at)), Some(now.to_local(at).date()))
        }
    };
    store.write(|tx| {
        let r = tx.read();
        let contact_id = match input.contact {
            Some(id) => Some(super::contacts::load(r, id)?.id),
            None => None,
        };
        let deal = input.deal.map(|d| super::deals::load(r, d)).transpose()?;
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
            Entity::Task,
            t.id.0,
            t.contact_id,
            Action::Create,
            NONE,
            Some(&t),
        )?;
        Ok(t)
    })
}

/// Marks a task done (or not done again). Returns the task and whether anything changed.
pub fn set_done(store: &Store, now: &Now, id: TaskId, done: bool) -> Result<(Task, bool)> {
    store.write(|tx| {
        let before = tx.read().task(id)?.ok_or_else(|| {
            Error::not_found(format!("there is no task #{id}; see crm task list --all."))
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
            Entity::Task,
            t.id.0,
            t.contact_id,
            if done { Action::Done } else { Action::Reopen },
            Some(&before),
            Some(&t),
        )?;
        Ok((t, true))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::task::{task_id, TaskText};
    use crate::ops::testing::{now, store};

    fn add_text(s: &Store, text: TaskText) -> Result<Task> {
        add(s, &now(), text.typed(s.read(), &now())?)
    }

    fn done(s: &Store, id: &str) -> Result<(Task, bool)> {
        set_done(s, &now(), task_id(id)?, true)
    }
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
            add_text(
                &s,
                TaskText {
                    title: title.into(),
                    due: Some(due.into()),
                    ..Default::default()
                },
            )
            .unwrap();
        }
        add_text(
            &s,
            TaskText {
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
        let (t, changed) = done(&s, "1").unwrap();
        assert!(changed && t.done_at.is_some());
        assert!(!done(&s, "1").unwrap().1);
        assert_eq!(list(&s, TaskWindow::Overdue), vec!["early today"]);
        assert_eq!(list(&s, TaskWindow::All).len(), 7);
        assert!(add_text(
            &s,
            TaskText {
                title: "x".into(),
                due: Some("whenever".into()),
                ..Default::default()
            }
        )
        .is_err());
        assert!(done(&s, "99").is_err());
    }
}
