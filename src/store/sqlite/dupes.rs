//! What the duplicate finder reads (every live contact with its e-mails, E.164 phones
//! and company) and the pairs marked "not duplicates".

use crate::store::db::DbResult;
use std::collections::HashSet;

use crate::store::db::params;
use chrono::{DateTime, Utc};

use super::rows::*;
use super::{Reader, Tx};
use crate::domain::dupes::Person;
use crate::domain::*;

const PERSON: &str = "SELECT c.id, c.name, c.company_id, co.name, \
    (SELECT group_concat(email, char(31)) FROM (SELECT email FROM contact_emails e WHERE e.contact_id = c.id ORDER BY position) x), \
    (SELECT group_concat(e164, char(31)) FROM contact_phones p WHERE p.contact_id = c.id AND p.e164 IS NOT NULL) \
    FROM contacts c LEFT JOIN companies co ON co.id = c.company_id";

fn person(r: &crate::store::db::Row<'_>) -> DbResult<Person> {
    Ok(Person {
        id: ContactId(r.get(0)?),
        name: r.get(1)?,
        company_id: r.get::<Option<i64>>(2)?.map(CompanyId),
        company: r.get(3)?,
        emails: split_list(r.get(4)?),
        phones: split_list(r.get(5)?),
    })
}

impl Reader<'_> {
    /// Every live contact as the finder sees it, by id. One pass over the table: the
    /// buckets are made in Rust from keys folded there (DESIGN §12).
    pub fn dupe_people(&self) -> Result<Vec<Person>> {
        let mut stmt = self.conn.prepare(&format!(
            "{PERSON} WHERE c.deleted_at IS NULL ORDER BY c.id"
        ))?;
        let rows = stmt.query_map([], person)?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// The finder's view of one contact (live or not), for showing a pair.
    pub fn dupe_person(&self, id: ContactId) -> Result<Option<Person>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{PERSON} WHERE c.id = ?1"))?;
        let mut rows = stmt.query_map([id], person)?;
        Ok(rows.next().transpose()?)
    }

    /// A contact's phones as typed, each with its stored E.164 form.
    pub fn phone_forms(&self, id: ContactId) -> Result<Vec<(String, Option<String>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT phone, e164 FROM contact_phones WHERE contact_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Pairs marked as different people, lower id first.
    pub fn not_dupes(&self) -> Result<HashSet<(ContactId, ContactId)>> {
        let mut stmt = self.conn.prepare("SELECT a, b FROM not_dupes")?;
        let rows = stmt.query_map([], |r| Ok((ContactId(r.get(0)?), ContactId(r.get(1)?))))?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Whether the two (in either order) are marked as different people.
    pub fn is_not_dupe(&self, x: ContactId, y: ContactId) -> Result<bool> {
        let (a, b) = (x.min(y), x.max(y));
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM not_dupes WHERE a = ?1 AND b = ?2)",
            params![a, b],
            |r| r.get(0),
        )?)
    }
}

impl Tx<'_> {
    /// Remembers that two contacts are different people; true when it was new.
    pub fn mark_not_dupes(&self, x: ContactId, y: ContactId, at: DateTime<Utc>) -> Result<bool> {
        let (a, b) = (x.min(y), x.max(y));
        let n = self.conn.execute(
            "INSERT INTO not_dupes (a, b, at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            params![a, b, ts(at)],
        )?;
        Ok(n > 0)
    }
}
