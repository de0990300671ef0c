//! The contacts stay-in-touch reminders and birthdays look at (DESIGN §11), each read
//! through its own index so the cost follows the contacts that have one, not all of them.

use crate::store::db::DbResult;
use crate::store::db::OwnedValue as Value;

use super::contacts::{contact_from_row, CONTACT_COLUMNS};
use super::rows::{from_ts, split_list};
use super::Reader;
use crate::domain::*;
use crate::store::CadenceCandidate;

impl Reader<'_> {
    /// Live contacts with a cadence of their own (the partial index of migration 14), or
    /// with one of `tag_keys` (lower-cased tag names; through the tag index), as the few
    /// values that say whether they are due; [`Reader::contacts_by_id`] then reads the
    /// ones that are.
    pub fn cadence_candidates(&self, tag_keys: &[String]) -> Result<Vec<CadenceCandidate>> {
        let mut stmt = self.conn.prepare_cached(&cadence_sql(tag_keys.len()))?;
        // The tag keys twice: which contacts, and which of their tags to name.
        let params: Vec<Value> = tag_keys
            .iter()
            .chain(tag_keys)
            .map(|k| Value::Text(k.clone().into()))
            .collect();
        let rows = stmt.query_map(crate::store::db::params_from_iter(params), |r| {
            Ok(CadenceCandidate {
                id: r.get(0)?,
                cadence: r
                    .get::<Option<String>>(1)?
                    .and_then(|e| recurrence::Every::parse(&e).ok()),
                since: from_ts(r.get(2)?),
                tags: split_list(r.get(3)?),
            })
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Live contacts with these ids, in no particular order (a missing or removed one is
    /// left out).
    pub fn contacts_by_id(&self, ids: &[ContactId]) -> Result<Vec<Contact>> {
        const CHUNK: usize = 500;
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let slots = vec!["?"; chunk.len()].join(", ");
            let sql = format!(
                "SELECT {CONTACT_COLUMNS} FROM contacts c LEFT JOIN companies co ON co.id = c.company_id \
                 WHERE c.id IN ({slots}) AND c.deleted_at IS NULL"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows =
                stmt.query_map(crate::store::db::params_from_iter(chunk), contact_from_row)?;
            for row in rows {
                out.push(row?);
            }
        }
        Ok(out)
    }

    /// Live contacts whose birthday's `MM-DD` lies in one of `ranges` (inclusive), through
    /// the birthday index of migration 14: their id, name and birthday.
    pub fn birthdays_in(
        &self,
        ranges: &[(String, String)],
    ) -> Result<Vec<(ContactId, String, birthday::Birthday)>> {
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare_cached(BIRTHDAY_SQL)?;
        for (from, to) in ranges {
            let rows = stmt.query_map([from, to], |r| {
                Ok((r.get(0)?, r.get::<String>(1)?, r.get::<String>(2)?))
            })?;
            for row in rows {
                let (id, name, text) = row?;
                if let Ok(b) = birthday::Birthday::parse(&text) {
                    out.push((id, name, b));
                }
            }
        }
        Ok(out)
    }
}

/// Contacts with a cadence, or with one of `tags` tags (`?1`…), and which of those tags
/// they have (the same keys again).
fn cadence_sql(tags: usize) -> String {
    let slots = vec!["?"; tags].join(", ");
    let (tagged, named) = if tags == 0 {
        (String::new(), "NULL".to_string())
    } else {
        (
            format!(
                " UNION SELECT ct.contact_id FROM tags t JOIN contact_tags ct ON ct.tag_id = t.id \
                 WHERE t.name_key IN ({slots})"
            ),
            format!(
                "(SELECT group_concat(t.name_key, char(31)) FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id \
                 WHERE ct.contact_id = c.id AND t.name_key IN ({slots}))"
            ),
        )
    };
    format!(
        "SELECT c.id, c.cadence, coalesce(c.last_contact_at, c.created_at), {named} FROM contacts c \
         WHERE c.id IN (SELECT id FROM contacts WHERE cadence IS NOT NULL AND deleted_at IS NULL{tagged}) \
         AND c.deleted_at IS NULL"
    )
}

/// Contacts whose birthday's `MM-DD` is between `?1` and `?2`; the expression and the
/// conditions are the index's, so SQLite reads the range from it.
const BIRTHDAY_SQL: &str = "SELECT c.id, c.name, c.birthday FROM contacts c \
     WHERE c.birthday IS NOT NULL AND c.deleted_at IS NULL \
     AND substr(c.birthday, -5) BETWEEN ?1 AND ?2";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    /// The plan of a query's outer steps, one line each.
    fn plan(s: &Store, sql: &str, params: &[&str]) -> String {
        let mut stmt = s
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let rows = stmt
            .query_map(crate::store::db::params_from_iter(params), |r| {
                r.get::<String>(3)
            })
            .unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn reconnect_and_birthdays_read_their_indexes_not_every_contact() {
        let s = Store::open_in_memory().unwrap();
        let cadence = plan(&s, &cadence_sql(2), &["vip", "client", "vip", "client"]);
        assert!(cadence.contains("contacts_live_cadence"), "{cadence}");
        assert!(cadence.contains("tags_name_key"), "{cadence}");
        let full_scan = |plan: &str| plan.lines().any(|l| l == "SCAN c" || l == "SCAN contacts");
        assert!(!full_scan(&cadence), "{cadence}");
        let birthdays = plan(&s, BIRTHDAY_SQL, &["01-01", "02-01"]);
        assert!(birthdays.contains("contacts_live_birthday"), "{birthdays}");
        assert!(!full_scan(&birthdays), "{birthdays}");
    }

    #[test]
    fn version_14_gives_older_contacts_no_cadence_and_logs_the_new_columns_for_undo() {
        use super::super::migrations::MIGRATIONS;
        use super::super::open::migrate;
        let conn = crate::store::db::Conn::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA foreign_keys=ON").unwrap();
        migrate(&conn, None, &MIGRATIONS[..13]).unwrap();
        conn.execute_batch(
            "INSERT INTO contacts (name, name_key, search_key, created_at, updated_at) VALUES ('Ada', 'ada', 'ada', 0, 0);",
        )
        .unwrap();
        migrate(&conn, None, MIGRATIONS).unwrap();
        let (cadence, birthday): (Option<String>, Option<String>) = conn
            .query_row("SELECT cadence, birthday FROM contacts", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((cadence, birthday), (None, None));
        conn.execute_batch("UPDATE undo_ctx SET change_id = 3; UPDATE contacts SET cadence = '2w'")
            .unwrap();
        let old: String = conn
            .query_row("SELECT old FROM undo_log WHERE change_id = 3", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(old.contains("cadence"), "{old}");
    }

    #[test]
    fn contacts_by_id_reads_past_one_chunk_and_leaves_out_removed_ones() {
        let s = crate::ops::testing::store();
        let now = crate::ops::testing::now();
        let mut ids = Vec::new();
        for i in 0..501 {
            let ch = crate::ops::contacts::ContactChanges {
                name: Some(format!("Person {i}")),
                ..Default::default()
            };
            ids.push(crate::ops::contacts::add(&s, &now, ch).unwrap().id);
        }
        crate::ops::contacts::remove(&s, &now, ids[3]).unwrap();
        let got = s.read().contacts_by_id(&ids).unwrap();
        assert_eq!(got.len(), 500);
        assert!(got.iter().all(|c| c.id != ids[3]));
        assert!(s.read().contacts_by_id(&[]).unwrap().is_empty());
    }
}
