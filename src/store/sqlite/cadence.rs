//! The contacts stay-in-touch reminders and birthdays look at (DESIGN §11), each read
//! through its own index so the cost follows the contacts that have one, not all of them.

use rusqlite::types::Value;

use super::contacts::{contact_from_row, CONTACT_COLUMNS};
use super::Reader;
use crate::domain::*;

impl Reader<'_> {
    /// Live contacts with a cadence of their own (the partial index of migration 14), or
    /// with one of `tag_keys` (lower-cased tag names; through the tag index).
    pub fn contacts_with_cadence(&self, tag_keys: &[String]) -> Result<Vec<Contact>> {
        let mut stmt = self.conn.prepare_cached(&cadence_sql(tag_keys.len()))?;
        let params: Vec<Value> = tag_keys.iter().map(|k| Value::Text(k.clone())).collect();
        let rows = stmt.query_map(rusqlite::params_from_iter(params), contact_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Live contacts whose birthday's `MM-DD` lies in one of `ranges` (inclusive), through
    /// the birthday index of migration 14.
    pub fn contacts_with_birthday_in(&self, ranges: &[(String, String)]) -> Result<Vec<Contact>> {
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare_cached(&birthday_sql())?;
        for (from, to) in ranges {
            let rows = stmt.query_map([from, to], contact_from_row)?;
            for row in rows {
                out.push(row?);
            }
        }
        Ok(out)
    }
}

/// Contacts with a cadence, or with one of `tags` tags (`?1`…).
fn cadence_sql(tags: usize) -> String {
    let tagged = if tags == 0 {
        String::new()
    } else {
        let slots = vec!["?"; tags].join(", ");
        format!(
            " UNION SELECT ct.contact_id FROM tags t JOIN contact_tags ct ON ct.tag_id = t.id \
             WHERE t.name_key IN ({slots})"
        )
    };
    format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts c LEFT JOIN companies co ON co.id = c.company_id \
         WHERE c.id IN (SELECT id FROM contacts WHERE cadence IS NOT NULL AND deleted_at IS NULL{tagged}) \
         AND c.deleted_at IS NULL"
    )
}

/// Contacts whose birthday's `MM-DD` is between `?1` and `?2`; the expression and the
/// conditions are the index's, so SQLite reads the range from it.
fn birthday_sql() -> String {
    format!(
        "SELECT {CONTACT_COLUMNS} FROM contacts c LEFT JOIN companies co ON co.id = c.company_id \
         WHERE c.birthday IS NOT NULL AND c.deleted_at IS NULL \
         AND substr(c.birthday, -5) BETWEEN ?1 AND ?2"
    )
}

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
            .query_map(rusqlite::params_from_iter(params), |r| {
                r.get::<_, String>(3)
            })
            .unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn reconnect_and_birthdays_read_their_indexes_not_every_contact() {
        let s = Store::open_in_memory().unwrap();
        let cadence = plan(&s, &cadence_sql(2), &["vip", "client"]);
        assert!(cadence.contains("contacts_live_cadence"), "{cadence}");
        assert!(cadence.contains("tags_name_key"), "{cadence}");
        let full_scan = |plan: &str| plan.lines().any(|l| l == "SCAN c" || l == "SCAN contacts");
        assert!(!full_scan(&cadence), "{cadence}");
        let birthdays = plan(&s, &birthday_sql(), &["01-01", "02-01"]);
        assert!(birthdays.contains("contacts_live_birthday"), "{birthdays}");
        assert!(!full_scan(&birthdays), "{birthdays}");
    }

    #[test]
    fn version_14_gives_older_contacts_no_cadence_and_logs_the_new_columns_for_undo() {
        use super::super::migrations::MIGRATIONS;
        use super::super::open::migrate;
        let conn = rusqlite::Connection::open_in_memory().unwrap();
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
}
