//! Search keys that hold every e-mail of a contact, not only the first (issue 15); appended
//! to `MIGRATIONS`. The keys are folded by crm's own rules, so the contacts with more than
//! one e-mail get theirs in Rust right after ([`after`]); the FTS triggers follow.

use crate::store::db::DbResult;
use crate::store::db::{params, Conn};

use super::contacts::contact_key;
use super::rows::split_list;

/// The keys are rebuilt after it; the phones kept without an E.164 form get an index of
/// their own, so a phone search reads only them, not every phone.
pub const EVERY_EMAIL: &str = r#"
-- Contacts' search keys hold every e-mail (filled by migrations_search::after).
CREATE INDEX contact_phones_unparsed ON contact_phones(phone) WHERE e164 IS NULL;
"#;

/// Rebuilds the search key of every contact with more than one e-mail, after
/// [`EVERY_EMAIL`] (matched by its SQL, not its number).
pub(super) fn after(conn: &Conn, sql: &str) -> DbResult<()> {
    if sql != EVERY_EMAIL {
        return Ok(());
    }
    let rows: Vec<(i64, String, Option<String>, Option<String>)> = conn
        .prepare(
            "SELECT c.id, c.name, \
             (SELECT group_concat(email, char(31)) FROM (SELECT email FROM contact_emails e WHERE e.contact_id = c.id ORDER BY position)), \
             co.name FROM contacts c LEFT JOIN companies co ON co.id = c.company_id \
             WHERE (SELECT count(*) FROM contact_emails e WHERE e.contact_id = c.id) > 1",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<DbResult<_>>()?;
    let mut put = conn.prepare("UPDATE contacts SET search_key = ?2 WHERE id = ?1")?;
    for (id, name, emails, company) in rows {
        put.execute(params![
            id,
            contact_key(&name, &split_list(emails), company.as_deref())
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::store::db::{Conn, DbResult};

    use super::super::migrations::MIGRATIONS;
    use super::super::open::migrate;
    use super::EVERY_EMAIL;

    #[test]
    fn an_older_database_finds_contacts_by_their_second_email() {
        let conn = Conn::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA foreign_keys=ON").unwrap();
        let before = MIGRATIONS.iter().position(|m| *m == EVERY_EMAIL).unwrap();
        migrate(&conn, None, &MIGRATIONS[..before]).unwrap();
        conn.execute_batch(
            "INSERT INTO companies (name, name_key, created_at, updated_at, search_key) VALUES ('Øresund', 'oresund', 0, 0, 'oresund');
             INSERT INTO contacts (name, name_key, search_key, company_id, created_at, updated_at) VALUES ('Zoë Ask', 'zoe ask', 'zoe ask zoe@home.dk oresund', 1, 0, 0);
             INSERT INTO contact_emails (contact_id, position, email, email_key) VALUES (1, 0, 'zoe@home.dk', 'zoe@home.dk'), (1, 1, 'Z.Ask@Work.dk', 'z.ask@work.dk');
             INSERT INTO contacts (name, name_key, search_key, created_at, updated_at) VALUES ('Bo', 'bo', 'bo bo@x.dk', 0, 0);
             INSERT INTO contact_emails (contact_id, position, email, email_key) VALUES (2, 0, 'bo@x.dk', 'bo@x.dk');",
        )
        .unwrap();
        let found = |word: &str| -> Vec<i64> {
            conn.prepare(
                "SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?1 ORDER BY rowid",
            )
            .unwrap()
            .query_map([format!("\"{word}\"*")], |r| r.get(0))
            .unwrap()
            .collect::<DbResult<_>>()
            .unwrap()
        };
        assert!(found("work").is_empty());
        migrate(&conn, None, MIGRATIONS).unwrap();
        let key: String = conn
            .query_row("SELECT search_key FROM contacts WHERE id = 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(key, "zoe ask zoe@home.dk z.ask@work.dk oresund");
        assert_eq!(found("work"), [1]);
        assert_eq!(found("bo"), [2]);
        let plan: String = conn
            .query_row(
                "EXPLAIN QUERY PLAN SELECT phone FROM contact_phones WHERE e164 IS NULL",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("contact_phones_unparsed"), "{plan}");
    }
}
