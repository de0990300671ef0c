//! Follow-up tasks.

use crate::store::db::DbResult;
use crate::store::db::{params, OwnedValue, Row, ToValue};
use chrono::{DateTime, NaiveDate, Utc};

use super::rows::*;
use super::{Reader, Tx};
use crate::domain::recurrence::Every;
use crate::domain::*;
use crate::store::{TaskFilter, TaskWindow};

pub(super) const SELECT: &str = "SELECT t.id, t.title, t.contact_id, c.name, t.deal_id, d.title, t.due_day, t.due_at, t.done_at, t.created_at, t.every, t.version, t.case_id, t.owner \
    FROM tasks t LEFT JOIN contacts c ON c.id = t.contact_id LEFT JOIN deals d ON d.id = t.deal_id";

pub(super) fn task_from_row(r: &Row<'_>) -> DbResult<Task> {
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
        let (sql, args) = tasks_sql(f);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(args.as_slice(), task_from_row)?;
        Ok(rows.collect::<DbResult<_>>()?)
    }
}

/// Values bound in the order their `?N` first appears; a value used twice keeps its `?N`.
#[derive(Default)]
struct Args(Vec<OwnedValue>);

impl Args {
    fn arg(&mut self, v: impl ToValue) -> String {
        self.0.push(v.to_value().into_owned());
        format!("?{}", self.0.len())
    }
}

/// The statement for a task filter and the values it binds: only those its text uses
/// (PostgreSQL must know each parameter's type from its use).
pub(super) fn tasks_sql(f: &TaskFilter) -> (String, Vec<OwnedValue>) {
    let mut a = Args::default();
    let window = match f.window {
        TaskWindow::Overdue => {
            let (today, now) = (a.arg(day_text(f.today)), a.arg(ts(f.now)));
            format!(
                "t.done_at IS NULL AND (t.due_day < {today} OR (t.due_day = {today} AND t.due_at < {now}))"
            )
        }
        TaskWindow::Today => format!(
            "t.done_at IS NULL AND t.due_day <= {}",
            a.arg(day_text(f.today))
        ),
        TaskWindow::Week => {
            let week = a.arg(day_text(f.today + chrono::Days::new(7)));
            format!("t.done_at IS NULL AND t.due_day <= {week}")
        }
        // Done tasks show from `done_since` on (never, unless asked).
        TaskWindow::Open => format!(
            "(t.done_at IS NULL OR t.done_at >= {})",
            a.arg(f.done_since.map_or(i64::MAX, ts))
        ),
        TaskWindow::All => "TRUE".to_string(),
    };
    // Only the conditions that apply, so SQLite can use the contact and deal indexes.
    let contact = f.contact_id.map_or(String::new(), |c| {
        format!(" AND t.contact_id = {}", a.arg(c))
    });
    let deal = f
        .deal_id
        .map_or(String::new(), |d| format!(" AND t.deal_id = {}", a.arg(d)));
    let owner = match &f.owner {
        None => String::new(),
        Some(None) => " AND t.owner IS NULL".to_string(),
        Some(Some(o)) => format!(" AND t.owner = {}", a.arg(o.as_str())),
    };
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
    let limit = f
        .limit
        .map_or(String::new(), |l| format!(" LIMIT {}", a.arg(l as i64)));
    let sql = format!(
        "{SELECT} WHERE {window}{contact}{deal}{owner} \
         ORDER BY {done_last}{undated_last}t.due_day, t.due_at IS NULL, t.due_at, t.id{limit}"
    );
    (sql, a.0)
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
             AND contact_id IS NOT DISTINCT FROM ?4 AND deal_id IS NOT DISTINCT FROM ?5 AND id <> ?6 LIMIT 1",
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
        let mine = owner.map_or(" AND CAST(?3 AS TEXT) IS NULL", |_| " AND owner = ?3");
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM (SELECT 1 FROM tasks WHERE done_at IS NULL AND due_day <= ?1{mine} LIMIT ?2) x"
            ))?
            .query_row(params![day_text(today), at_most as i64, owner], |r| r.get(0))?)
    }
}

impl Tx<'_> {
    /// Inserts a new task (its `due_day` is the local calendar day of its due date), with a
    /// new id, or with `t.id` when it is not 0 (`import all` keeping the file's ids).
    pub fn insert_task(&self, t: &Task) -> Result<TaskId> {
        // Without an id of its own the column is left out: PostgreSQL makes an identity
        // only then, not for a NULL.
        let (id_col, id_arg) = if t.id.0 == 0 {
            ("", "")
        } else {
            (", id", ", ?11")
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "INSERT INTO tasks (title, contact_id, deal_id, due_day, due_at, done_at, created_at, every, case_id, owner{id_col}) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10{id_arg})"
        ))?;
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
            t.owner,
            t.id
        ];
        stmt.execute(if t.id.0 == 0 { &row[..10] } else { row })?;
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
