//! What automation keeps (DESIGN §11): the occurrences rules and reminders have fired, so
//! `crm remind` acts once however often it runs, and the records time-based events find.

use crate::store::db::DbResult;
use crate::store::db::{params, Optional};
use chrono::{DateTime, NaiveDate, Utc};

use super::rows::*;
use super::{Reader, Store, Tx};
use crate::domain::{ContactId, DealId, Result, TaskId};
use crate::store::Change;

/// A record a time-based event is about, with the occurrence that makes it new.
#[derive(Debug, Clone, PartialEq)]
pub struct Due<Id> {
    pub id: Id,
    pub contact_id: Option<ContactId>,
    pub deal_id: Option<DealId>,
    /// What identifies this occurrence (a due date, the moment of last contact).
    pub occurrence: String,
    /// The date or moment it counts from.
    pub on: Option<NaiveDate>,
    pub since: Option<DateTime<Utc>>,
}

impl Tx<'_> {
    /// Remembers that `rule` (or a reminder kind) fired for this occurrence of a record.
    /// False when it already had.
    pub fn mark_fired(
        &self,
        rule: &str,
        entity: &str,
        id: i64,
        occurrence: &str,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        let n = self
            .conn
            .prepare_cached(
                "INSERT INTO fired (rule, entity, entity_id, occurrence, at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT DO NOTHING",
            )?
            .execute(params![rule, entity, id, occurrence, ts(at)])?;
        Ok(n == 1)
    }
}

impl Tx<'_> {
    /// Forgets an occurrence (a reminder that could not be sent is tried again).
    pub fn unmark_fired(&self, rule: &str, entity: &str, id: i64, occurrence: &str) -> Result<()> {
        self.conn.execute(
            "DELETE FROM fired WHERE rule = ?1 AND entity = ?2 AND entity_id = ?3 AND occurrence = ?4",
            params![rule, entity, id, occurrence],
        )?;
        Ok(())
    }
}

impl Reader<'_> {
    pub fn was_fired(&self, rule: &str, entity: &str, id: i64, occurrence: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT 1 FROM fired WHERE rule = ?1 AND entity = ?2 AND entity_id = ?3 AND occurrence = ?4",
            )?
            .query_row(params![rule, entity, id, occurrence], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Live contacts not heard from since `before` (counting from when they were added if
    /// never), that `rule` has not fired for at that last contact.
    pub fn idle_contacts(&self, before: DateTime<Utc>, rule: &str) -> Result<Vec<Due<ContactId>>> {
        let sql = "SELECT id, since FROM (
                SELECT id, last_contact_at AS since FROM contacts
                WHERE deleted_at IS NULL AND last_contact_at <= ?1
                UNION ALL
                SELECT id, created_at FROM contacts
                WHERE deleted_at IS NULL AND last_contact_at IS NULL AND created_at <= ?1) x
            WHERE NOT EXISTS (SELECT 1 FROM fired f WHERE f.rule = ?2 AND f.entity = 'contact'
                AND f.entity_id = id AND f.occurrence = CAST(since AS TEXT))
            ORDER BY since, id";
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map(params![ts(before), rule], |r| {
            let id: i64 = r.get(0)?;
            let since: i64 = r.get(1)?;
            Ok(Due {
                id: ContactId(id),
                contact_id: Some(ContactId(id)),
                deal_id: None,
                occurrence: since.to_string(),
                on: None,
                since: Some(from_ts(since)),
            })
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Open tasks due from `from` to `by` that `rule` has not fired for at that due day.
    pub fn tasks_due_by(
        &self,
        from: Option<NaiveDate>,
        by: NaiveDate,
        rule: &str,
    ) -> Result<Vec<Due<TaskId>>> {
        let sql = "SELECT id, contact_id, deal_id, due_day FROM tasks INDEXED BY tasks_open_order
            WHERE done_at IS NULL AND due_day <= ?1 AND due_day >= coalesce(?3, '')
              AND NOT EXISTS (SELECT 1 FROM fired f WHERE f.rule = ?2 AND f.entity = 'task'
                  AND f.entity_id = tasks.id AND f.occurrence = tasks.due_day)
            ORDER BY due_day, id";
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map(params![day_text(by), rule, from.map(day_text)], |r| {
            let day: String = r.get(3)?;
            Ok(Due {
                id: TaskId(r.get(0)?),
                contact_id: r.get::<Option<i64>>(1)?.map(ContactId),
                deal_id: r.get::<Option<i64>>(2)?.map(DealId),
                on: NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok(),
                occurrence: day,
                since: None,
            })
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Open deals expected to close from `from` to `by` that `rule` has not fired for at
    /// that date.
    pub fn deals_closing_for(
        &self,
        from: NaiveDate,
        by: NaiveDate,
        rule: &str,
    ) -> Result<Vec<Due<DealId>>> {
        let sql = "SELECT id, contact_id, expected_close FROM deals INDEXED BY deals_open_close
            WHERE status = 'open' AND expected_close <= ?1 AND expected_close >= ?3
              AND NOT EXISTS (SELECT 1 FROM fired f WHERE f.rule = ?2 AND f.entity = 'deal'
                  AND f.entity_id = deals.id AND f.occurrence = deals.expected_close)
            ORDER BY expected_close, id";
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map(params![day_text(by), rule, day_text(from)], |r| {
            let day: String = r.get(2)?;
            let id = DealId(r.get(0)?);
            Ok(Due {
                id,
                contact_id: r.get::<Option<i64>>(1)?.map(ContactId),
                deal_id: Some(id),
                on: NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok(),
                occurrence: day,
                since: None,
            })
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }
}

impl Store {
    /// Adds a history row to an already committed change (a hook that failed after the
    /// change it belongs to), in a transaction of its own that opens no new change.
    pub fn append_history(&self, change: i64, c: Change) -> Result<()> {
        self.conn.execute(
            "INSERT INTO history (entity, entity_id, contact_id, action, before, after, at, change_id, by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                c.entity.as_str(),
                c.entity_id,
                c.contact_id,
                c.action.as_str(),
                c.before.map(|v| v.to_string()),
                c.after.map(|v| v.to_string()),
                ts(c.at),
                change,
                c.by,
            ],
        )?;
        Ok(())
    }
}
