//! Follow-up tasks.

use crate::store::db::DbResult;
use crate::store::db::{params, Row};
use chrono::{DateTime, NaiveDate, Utc};

use super::rows::*;
use super::{Reader, Tx};
use crate::domain::recurrence::Every;
use crate::domain::*;
use crate::store::{TaskFilter, TaskWindow};

const SELECT: &str = "SELECT t.id, t.title, t.contact_id, c.name, t.deal_id, d.title, t.due_day, t.due_at, t.done_at, t.created_at, t.every, t.version, t.case_id, t.owner \
    FROM tasks t LEFT JOIN contacts c ON c.id = t.contact_id LEFT JOIN deals d ON d.id = t.deal_id";

fn task_from_row(r: &Row<'_>) -> DbResult<Task> {
    let due_day = parse_day(r.get(6)?);
    let due_at: Option<i64> = r.get(7)?;
    let due = match (due_at, due_day) {
        (Some(at), _) => Some(Due::At(from_ts(at))),
        (None, Some(d)) => Some(Due::Day(d)),
        (None, None) => None,
    };
    Ok(Task {
        id: r.get(0)?,
        title: r.get(1)?,
        contact_id: r.get(2)?,
        contact: r.get(3)?,
        deal_id: r.get(4)?,
        deal: r.get(5)?,
        due,
        due_day,
        // Written only from a parsed interval, so an unreadable one is treated as none.
        every: r
            .get::<Option<String>>(10)?
            .and_then(|e| Every::parse(&e).ok()),
        done_at: opt_ts(r.get(8)?),
        created_at: from_ts(r.get(9)?),
        version: r.get(11)?,
        case_id: r.get(12)?,
        owner: r.get(13)?,
    })
}

impl Reader<'_> {
    pub fn task(&self, id: TaskId) -> Result<Option<Task>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT} WHERE t.id = ?1"))?;
        let found = stmt.query_map([id], task_from_row)?.next().transpose()?;
        Ok(found)
    }

    /// Tasks by due day (undated last), then by time.
    pub fn tasks(&self, f: &TaskFilter) -> Result<Vec<Task>> {
        let mut stmt = self.conn.prepare_cached(&tasks_sql(f))?;
        let rows = stmt.query_map(
            params![
                day_text(f.today),
                day_text(f.today + chrono::Days::new(7)),
                ts(f.now),
                f.contact_id,
                f.deal_id,
                f.limit.map(|l| l as i64),
                f.done_since.map_or(i64::MAX, ts),
                f.owner.clone().flatten()
            ],
            task_from_row,
        )?;
        Ok(rows.collect::<DbResult<_>>()?)
    }
}

/// The statement for a task filter. Parameters: ?1 today, ?2 a week from today, ?3 now,
/// ?4 contact, ?5 deal, ?6 limit, ?7 the moment from which done tasks still show (never,
/// unless asked), ?8 the owner (NULL unless one is asked for). ?7 and ?8 appear in every
/// statement, so all eight can always be bound.
fn tasks_sql(f: &TaskFilter) -> String {
    let window = match f.window {
        TaskWindow::Overdue => {
            "t.done_at IS NULL AND ?7 > 0 AND (t.due_day < ?1 OR (t.due_day = ?1 AND t.due_at < ?3))"
        }
        TaskWindow::Today => "t.done_at IS NULL AND ?7 > 0 AND t.due_day <= ?1",
        TaskWindow::Week => "t.done_at IS NULL AND ?7 > 0 AND t.due_day <= ?2",
        TaskWindow::Open => "(t.done_at IS NULL OR t.done_at >= ?7)",
        TaskWindow::All => "?7 > 0",
    };
    // Only the conditions that apply, so SQLite can use the contact and deal indexes.
    let contact = when(f.contact_id.is_some(), " AND t.contact_id = ?4");
    let deal = when(f.deal_id.is_some(), " AND t.deal_id = ?5");
    // Done tasks go last, except the just-ticked ones kept in view: they stay in place.
    // The windows of open tasks due by a day hold neither done nor undated ones, and are
    // read in the order of the open-task index.
    let dated_open = matches!(
        f.window,
        TaskWindow::Overdue | TaskWindow::Today | TaskWindow::Week
    );
    let done_last = when(
        f.done_since.is_none() && !dated_open,
        "t.done_at IS NOT NULL, ",
    );
    let undated_last = when(!dated_open, "t.due_day IS NULL, ");
    let limit = when(f.limit.is_some(), " LIMIT ?6");
    let owner = match &f.owner {
        None => " AND ?8 IS NULL",
        Some(None) => " AND t.owner IS NULL AND ?8 IS NULL",
        Some(Some(_)) => " AND t.owner = ?8",
    };
    format!(
        "{SELECT} WHERE {window}{contact}{deal}{owner} \
         ORDER BY {done_last}{undated_last}t.due_day, t.due_at IS NULL, t.due_at, t.id{limit}"
    )
}

fn when(cond: bool, fragment: &str) -> &str {
    if cond {
        fragment
    } else {
        ""
    }
}

impl Reader<'_> {
    /// Another recurring task with this title, interval, contact, deal and due day, open
    /// or done: the next one of `t`, when it was already created (ticked, reopened, ticked
    /// again). Uses the recurring-task index.
    pub fn next_recurring_task(&self, t: &Task, due_day: NaiveDate) -> Result<Option<TaskId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM tasks WHERE due_day = ?1 AND title = ?2 AND every = ?3 \
             AND contact_id IS ?4 AND deal_id IS ?5 AND id <> ?6 LIMIT 1",
        )?;
        let found = stmt
            .query_map(
                params![
                    day_text(due_day),
                    t.title,
                    t.every.map(|e| e.to_string()),
                    t.contact_id,
                    t.deal_id,
                    t.id
                ],
                |r| r.get(0),
            )?
            .next()
            .transpose()?;
        Ok(found)
    }

    /// How many open tasks are overdue at `now` (for the dashboard).
    pub fn count_overdue_tasks(&self, today: NaiveDate, now: DateTime<Utc>) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM tasks WHERE done_at IS NULL AND (due_day < ?1 OR (due_day = ?1 AND due_at < ?2))",
            params![day_text(today), ts(now)],
            |r| r.get(0),
        )?)
    }

    /// How many open tasks are due on `today` or earlier (the agenda's count), counted no
    /// further than `at_most`, so asking costs the same in any database.
    pub fn count_tasks_due_by(&self, today: NaiveDate, at_most: usize) -> Result<i64> {
        self.count_tasks_due_by_owned(today, at_most, None)
    }

    /// As [`Self::count_tasks_due_by`], only those of `owner` when given (`agenda --mine`).
    pub fn count_tasks_due_by_owned(
        &self,
        today: NaiveDate,
        at_most: usize,
        owner: Option<&str>,
    ) -> Result<i64> {
        // Without an owner the count reads the index alone, as it did before owners.
        let mine = owner.map_or(" AND ?3 IS NULL", |_| " AND owner = ?3");
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM (SELECT 1 FROM tasks WHERE done_at IS NULL AND due_day <= ?1{mine} LIMIT ?2)"
            ))?
            .query_row(params![day_text(today), at_most as i64, owner], |r| r.get(0))?)
    }
}

impl Tx<'_> {
    /// Inserts a new task (its `due_day` is the local calendar day of its due date), with a
    /// new id, or with `t.id` when it is not 0 (`import all` keeping the file's ids).
    pub fn insert_task(&self, t: &Task) -> Result<TaskId> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO tasks (title, contact_id, deal_id, due_day, due_at, done_at, created_at, every, case_id, id, owner) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, nullif(?10, 0), ?11)",
        )?;
        let row = params![
            t.title,
            t.contact_id,
            t.deal_id,
            t.due_day.map(day_text),
            due_at(t),
            t.done_at.map(ts),
            ts(t.created_at),
            t.every.map(|e| e.to_string()),
            t.case_id,
            t.id,
            t.owner
        ];
        stmt.execute(row)?;
        Ok(TaskId(self.new_id()))
    }

    /// Puts a task back with its own id and version (for undoing a removal).
    pub fn restore_task(&self, t: &Task) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO tasks (id, title, contact_id, deal_id, due_day, due_at, done_at, created_at, every, version, case_id, owner) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        stmt.execute(params![
            t.id,
            t.title,
            t.contact_id,
            t.deal_id,
            t.due_day.map(day_text),
            due_at(t),
            t.done_at.map(ts),
            ts(t.created_at),
            t.every.map(|e| e.to_string()),
            t.version,
            t.case_id,
            t.owner
        ])?;
        Ok(())
    }

    /// Writes every editable column of `t` and bumps its version; returns the new version.
    pub fn update_task(&self, t: &Task) -> Result<i64> {
        let mut stmt = self.conn.prepare_cached(
            "UPDATE tasks SET title = ?2, contact_id = ?3, deal_id = ?4, due_day = ?5, due_at = ?6, \
             done_at = ?7, every = ?8, case_id = ?9, owner = ?10, version = version + 1 WHERE id = ?1 RETURNING version",
        )?;
        let version = stmt.query_row(
            params![
                t.id,
                t.title,
                t.contact_id,
                t.deal_id,
                t.due_day.map(day_text),
                due_at(t),
                t.done_at.map(ts),
                t.every.map(|e| e.to_string()),
                t.case_id,
                t.owner
            ],
            |r| r.get(0),
        )?;
        Ok(version)
    }

    // `delete_task` lives in imports.rs (import undo uses it too).
}

fn due_at(t: &Task) -> Option<i64> {
    match t.due {
        Some(Due::At(at)) => Some(ts(at)),
        _ => None,
    }
}
