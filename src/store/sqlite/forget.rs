//! Erasing people for good (`crm contact forget`, `crm purge`; DESIGN §8 Privacy).
//!
//! A person is erased as a set, whatever asks for it: the contacts of the set (one person,
//! the records merged into them, or the whole trash), their interactions, tasks and cases,
//! every history row about any of those, their import-log items, the occurrences rules
//! fired for them, and every undo-log image of their rows. Their deals stay, without a
//! contact. The work is set-based (a temporary table of what goes), so emptying a trash of
//! 200,000 contacts costs a few statements, not a few per contact.
//!
//! The undo log: a change that wrote one of the person's rows cannot be undone any more
//! (putting back half of it would be a half undo): its images of the person go, its other
//! images are blanked (the keys stay, so an older change is still refused when this one
//! wrote the same row since), and it is marked sealed (`changes.logged = -1`), which
//! `crm undo` refuses with a clear message.

use crate::store::db::{params, Conn, DbResult};

use super::rows::ts;
use super::Tx;
use crate::domain::*;

/// What an erase removed (or, rehearsed, would remove).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Erased {
    pub contacts: usize,
    pub emails: usize,
    pub phones: usize,
    pub tags: usize,
    pub fields: usize,
    pub interactions: usize,
    pub tasks: usize,
    pub cases: usize,
    /// Deals kept, with their contact taken off.
    pub deals_unlinked: usize,
    pub history: usize,
    /// Undo-log images erased or blanked.
    pub undo_images: usize,
    /// Changes `crm undo` can no longer take back.
    pub changes_sealed: usize,
    pub import_items: usize,
}

/// The tables whose undo-log key starts with the contact's id.
const CONTACT_CHILDREN: &str =
    "'contact_emails', 'contact_phones', 'contact_tags', 'contact_fields', 'not_dupes'";

/// `json_path` of `col` as text: SQLite's json_extract, PostgreSQL's `->>`. `path` is an
/// array index or an object key.
fn json_text(conn: &Conn, col: &str, path: JsonPath) -> String {
    match (conn.is_pg(), path) {
        (false, JsonPath::Index(i)) => format!("CAST(json_extract({col}, '$[{i}]') AS TEXT)"),
        (false, JsonPath::Key(k)) => format!("CAST(json_extract({col}, '$.{k}') AS TEXT)"),
        (true, JsonPath::Index(i)) => format!("({col}::jsonb->>{i})"),
        (true, JsonPath::Key(k)) => format!("({col}::jsonb->>'{k}')"),
    }
}

#[derive(Clone, Copy)]
enum JsonPath {
    Index(u8),
    Key(&'static str),
}

impl Tx<'_> {
    /// Starts an erase: an empty set of contacts to erase (`erase_contacts`) and of rows
    /// that go with them (`erase_rows`), private to this transaction.
    pub fn erase_begin(&self) -> Result<()> {
        if !self.conn.is_pg() {
            // FTS5 leaves a deleted row's words in its index until segments merge; with
            // secure-delete it takes them out at once (a setting kept in the index). Set
            // before anything is deleted or retitled.
            self.conn.execute_batch(
                "INSERT INTO contacts_fts(contacts_fts, rank) VALUES('secure-delete', 1);
                 INSERT INTO deals_fts(deals_fts, rank) VALUES('secure-delete', 1);",
            )?;
        }
        let int = if self.conn.is_pg() {
            "BIGINT"
        } else {
            "INTEGER"
        };
        self.conn.execute_batch(&format!(
            "DROP TABLE IF EXISTS erase_contacts; DROP TABLE IF EXISTS erase_rows; DROP TABLE IF EXISTS erase_log;
             CREATE TEMP TABLE erase_contacts (id {int} PRIMARY KEY);
             CREATE TEMP TABLE erase_rows (entity TEXT NOT NULL, tbl TEXT NOT NULL, id {int} NOT NULL, PRIMARY KEY (entity, id));
             CREATE TEMP TABLE erase_log (id {int} PRIMARY KEY, change_id {int} NOT NULL);"
        ))?;
        Ok(())
    }

    /// Adds contact `id` and every contact merged into it (and into those), removed or
    /// already gone: their history still holds what they were. A live contact is never
    /// taken along (SQLite may give a gone contact's id to a new one).
    pub fn erase_add_person(&self, id: ContactId) -> Result<()> {
        let merged_into = json_text(self.conn, "h.after", JsonPath::Key("merged_into"));
        self.conn
            .execute("INSERT INTO erase_contacts (id) VALUES (?1)", [id])?;
        loop {
            let added = self.conn.execute(
                &format!(
                    "INSERT INTO erase_contacts (id) SELECT DISTINCT h.entity_id FROM history h
                     WHERE h.entity = 'contact' AND h.action = 'merge' AND h.after IS NOT NULL
                       AND {merged_into} IN (SELECT CAST(e.id AS TEXT) FROM erase_contacts e)
                       AND h.entity_id NOT IN (SELECT id FROM erase_contacts)
                       AND h.entity_id NOT IN (SELECT id FROM contacts WHERE deleted_at IS NULL)"
                ),
                [],
            )?;
            if added == 0 {
                return Ok(());
            }
        }
    }

    /// Adds every contact removed (`contact rm`, an undone import) before `cut`. Returns
    /// how many.
    pub fn erase_add_trash(&self, cut: chrono::DateTime<chrono::Utc>) -> Result<usize> {
        Ok(self.conn.execute(
            "INSERT INTO erase_contacts (id) SELECT id FROM contacts WHERE deleted_at IS NOT NULL AND deleted_at < ?1",
            [ts(cut)],
        )?)
    }

    /// The deals of the set's contacts (kept, unlinked): id and title.
    pub fn erase_deals(&self) -> Result<Vec<(DealId, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, title FROM deals WHERE contact_id IN (SELECT id FROM erase_contacts) ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| Ok((DealId(r.get(0)?), r.get(1)?)))?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Gives a kept deal of a forgotten person a new title (their name taken out).
    pub fn erase_retitle_deal(&self, id: DealId, title: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE deals SET title = ?2, search_key = ?3 || coalesce(' ' || (SELECT co.name_key FROM companies co WHERE co.id = deals.company_id), '') WHERE id = ?1",
            params![id, title, crate::domain::text::fold(title)],
        )?;
        Ok(())
    }

    /// Erases the set (see the module comment). The undo log must be paused first.
    pub fn erase_run(&self) -> Result<Erased> {
        let c = self.conn;
        let count = |sql: &str| -> Result<usize> {
            Ok(c.query_row(sql, [], |r| r.get::<i64>(0))? as usize)
        };
        let of_set = "IN (SELECT id FROM erase_contacts)";
        // What goes with the contacts, named as history and the import log name it.
        for (entity, tbl) in [
            ("contact", "contacts"),
            ("interaction", "interactions"),
            ("task", "tasks"),
            ("case", "cases"),
            ("deal", "deals"),
        ] {
            let col = if tbl == "contacts" {
                "id"
            } else {
                "contact_id"
            };
            c.execute(
                &format!(
                    "INSERT INTO erase_rows (entity, tbl, id) SELECT '{entity}', '{tbl}', id FROM {tbl} WHERE {col} {of_set} ON CONFLICT DO NOTHING"
                ),
                [],
            )?;
        }
        // Contacts of the set already gone (merged away) are still named by history.
        c.execute(
            "INSERT INTO erase_rows (entity, tbl, id) SELECT 'contact', 'contacts', id FROM erase_contacts WHERE true ON CONFLICT DO NOTHING",
            [],
        )?;
        let mut done = Erased {
            contacts: count(&format!("SELECT count(*) FROM contacts WHERE id {of_set}"))?,
            emails: count(&format!(
                "SELECT count(*) FROM contact_emails WHERE contact_id {of_set}"
            ))?,
            phones: count(&format!(
                "SELECT count(*) FROM contact_phones WHERE contact_id {of_set}"
            ))?,
            tags: count(&format!(
                "SELECT count(*) FROM contact_tags WHERE contact_id {of_set}"
            ))?,
            fields: count(&format!(
                "SELECT count(*) FROM contact_fields WHERE contact_id {of_set}"
            ))?,
            interactions: count("SELECT count(*) FROM erase_rows WHERE entity = 'interaction'")?,
            tasks: count("SELECT count(*) FROM erase_rows WHERE entity = 'task'")?,
            cases: count("SELECT count(*) FROM erase_rows WHERE entity = 'case'")?,
            deals_unlinked: count("SELECT count(*) FROM erase_rows WHERE entity = 'deal'")?,
            ..Erased::default()
        };
        self.erase_undo_images(&mut done)?;
        done.history = c.execute(
            &format!("DELETE FROM history WHERE contact_id {of_set}"),
            [],
        )?;
        done.history += c.execute(
            "DELETE FROM history WHERE (entity, entity_id) IN (SELECT entity, id FROM erase_rows)",
            [],
        )?;
        done.import_items = c.execute(
            "DELETE FROM import_items WHERE (entity, entity_id) IN (SELECT entity, id FROM erase_rows)",
            [],
        )?;
        c.execute(
            "DELETE FROM fired WHERE (entity, entity_id) IN (SELECT entity, id FROM erase_rows)",
            [],
        )?;
        // Other people's records filed under their cases stay, out of the case.
        for tbl in ["interactions", "tasks"] {
            c.execute(
                &format!(
                    "UPDATE {tbl} SET case_id = NULL WHERE case_id IN (SELECT id FROM erase_rows WHERE entity = 'case')"
                ),
                [],
            )?;
        }
        for (entity, tbl) in [
            ("task", "tasks"),
            ("interaction", "interactions"),
            ("case", "cases"),
        ] {
            c.execute(
                &format!(
                    "DELETE FROM {tbl} WHERE id IN (SELECT id FROM erase_rows WHERE entity = '{entity}')"
                ),
                [],
            )?;
        }
        c.execute(
            &format!("UPDATE deals SET contact_id = NULL WHERE contact_id {of_set}"),
            [],
        )?;
        // E-mails, phones, name words, tags, fields, scores and not-dupes go with it.
        c.execute(&format!("DELETE FROM contacts WHERE id {of_set}"), [])?;
        c.execute_batch(
            "DROP TABLE IF EXISTS erase_contacts; DROP TABLE IF EXISTS erase_rows; DROP TABLE IF EXISTS erase_log;",
        )?;
        Ok(done)
    }

    /// Erases the undo-log images of the set's rows and seals the changes that wrote them.
    fn erase_undo_images(&self, done: &mut Erased) -> Result<()> {
        let c = self.conn;
        let k0 = json_text(c, "l.key", JsonPath::Index(0));
        let k1 = json_text(c, "l.key", JsonPath::Index(1));
        let owner = json_text(c, "l.old", JsonPath::Key("contact_id"));
        let people = "(SELECT CAST(id AS TEXT) FROM erase_contacts)";
        c.execute(
            &format!(
                "INSERT INTO erase_log (id, change_id) SELECT l.id, l.change_id FROM undo_log l WHERE
                   (l.tbl IN ('contacts', 'interactions', 'tasks', 'cases', 'deals')
                     AND {k0} IN (SELECT CAST(e.id AS TEXT) FROM erase_rows e WHERE e.tbl = l.tbl))
                   OR (l.tbl IN ({CONTACT_CHILDREN}) AND {k0} IN {people})
                   OR (l.tbl IN ('contact_name_words', 'not_dupes') AND {k1} IN {people})
                   OR (l.tbl IN ('interactions', 'tasks', 'cases', 'deals') AND l.old IS NOT NULL AND {owner} IN {people})"
            ),
            [],
        )?;
        done.changes_sealed = c.execute(
            "UPDATE changes SET logged = -1 WHERE logged = 1 AND id IN (SELECT change_id FROM erase_log)",
            [],
        )?;
        done.undo_images = c.execute(
            "DELETE FROM undo_log WHERE id IN (SELECT id FROM erase_log)",
            [],
        )?;
        // The sealed changes' other images may hold the person too (a merge wrote their
        // e-mails into the contact that stayed): blanked, keys kept.
        done.undo_images += c.execute(
            "UPDATE undo_log SET old = NULL WHERE old IS NOT NULL AND change_id IN (SELECT DISTINCT change_id FROM erase_log)",
            [],
        )?;
        Ok(())
    }

    /// Marks this change as one `crm undo` cannot take back (a forget, a purge).
    pub fn seal_this_change(&self) -> Result<()> {
        self.conn.execute(
            "UPDATE changes SET logged = -1 WHERE id = ?1",
            [self.change],
        )?;
        Ok(())
    }
}

impl super::Reader<'_> {
    /// The name of contact `id`, live or removed.
    pub fn contact_name_any(&self, id: ContactId) -> Result<Option<String>> {
        use crate::store::db::Optional;
        Ok(self
            .conn
            .query_row("SELECT name FROM contacts WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?)
    }
}
