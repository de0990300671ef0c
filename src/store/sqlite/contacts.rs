//! Contacts with their e-mails, phones, tags and custom fields.

use crate::store::db::DbResult;
use std::collections::BTreeMap;

use crate::store::db::{params, Row};
use chrono::{DateTime, Utc};

use super::error::conflict_or;
use super::rows::*;
use super::{Reader, Tx};
use crate::domain::filter::Target;
use crate::domain::text::{email_key, fold, name_key, words};
use crate::domain::*;
use crate::store::{ContactFilter, NameCandidate};

pub(super) const CONTACT_COLUMNS: &str = "c.id, c.name, c.company_id, co.name, c.title, c.lifecycle, c.source, c.notes, \
    c.created_at, c.updated_at, c.last_contact_at, \
    (SELECT group_concat(email, char(31)) FROM (SELECT email FROM contact_emails e WHERE e.contact_id = c.id ORDER BY position) x), \
    (SELECT group_concat(phone, char(31)) FROM (SELECT phone FROM contact_phones p WHERE p.contact_id = c.id ORDER BY position) x), \
    (SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id ORDER BY t.name_key) x), c.version, \
    (SELECT group_concat(email_key || char(30) || label, char(31)) FROM contact_emails e WHERE e.contact_id = c.id AND e.label IS NOT NULL), \
    (SELECT group_concat(phone || char(30) || label, char(31)) FROM contact_phones p WHERE p.contact_id = c.id AND p.label IS NOT NULL), \
    c.cadence, c.birthday";

/// `key RS type` pairs, as the label subqueries give them.
fn type_map(joined: Option<String>) -> BTreeMap<String, String> {
    split_list(joined)
        .into_iter()
        .filter_map(|kv| {
            let (k, t) = kv.split_once('\u{1e}')?;
            Some((k.to_string(), t.to_string()))
        })
        .collect()
}

pub(super) fn contact_from_row(r: &Row<'_>) -> DbResult<Contact> {
    Ok(Contact {
        id: r.get(0)?,
        name: r.get(1)?,
        company_id: r.get(2)?,
        company: r.get(3)?,
        title: r.get(4)?,
        lifecycle: r.get(5)?,
        source: r.get(6)?,
        notes: r.get(7)?,
        created_at: from_ts(r.get(8)?),
        updated_at: from_ts(r.get(9)?),
        last_contact_at: opt_ts(r.get(10)?),
        emails: split_list(r.get(11)?),
        phones: split_list(r.get(12)?),
        tags: split_list(r.get(13)?),
        fields: BTreeMap::new(),
        version: r.get(14)?,
        email_types: type_map(r.get(15)?),
        phone_types: type_map(r.get(16)?),
        cadence: r
            .get::<Option<String>>(17)?
            .and_then(|e| recurrence::Every::parse(&e).ok()),
        birthday: r
            .get::<Option<String>>(18)?
            .and_then(|b| birthday::Birthday::parse(&b).ok()),
    })
}

impl Reader<'_> {
    /// A live contact with everything, custom fields included.
    pub fn contact(&self, id: ContactId) -> Result<Option<Contact>> {
        let sql = format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts c LEFT JOIN companies co ON co.id = c.company_id \
             WHERE c.id = ?1 AND c.deleted_at IS NULL"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query_map([id], contact_from_row)?;
        let Some(mut contact) = rows.next().transpose()? else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, value FROM contact_fields WHERE contact_id = ?1 ORDER BY key",
        )?;
        for kv in stmt.query_map([id], |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?)))? {
            let (k, v) = kv?;
            contact.fields.insert(k, v);
        }
        Ok(Some(contact))
    }

    /// Live contacts, ordered by name (or most neglected first when filtering by staleness).
    pub fn contacts(&self, f: &ContactFilter) -> Result<Vec<Contact>> {
        let mut q = Query::new(format!(
            "SELECT {CONTACT_COLUMNS} FROM contacts c LEFT JOIN companies co ON co.id = c.company_id WHERE c.deleted_at IS NULL"
        ));
        if let Some(text) = &f.query {
            for w in words(&fold(text)) {
                q.bind(" AND c.search_key LIKE ?", format!("%{w}%"));
            }
        }
        if let Some(ids) = &f.ids {
            let list: Vec<i64> = ids.iter().map(|id| id.0).collect();
            q.bind(
                " AND c.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))",
                serde_json::to_string(&list).unwrap_or_default(),
            );
        }
        if let Some(tag) = &f.tag {
            q.bind(
                " AND EXISTS (SELECT 1 FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id AND t.name_key = ?)",
                tag_key(tag),
            );
        }
        if let Some(lc) = f.lifecycle {
            q.bind(" AND c.lifecycle = ?", lc);
        }
        if let Some(co) = f.company_id {
            q.bind(" AND c.company_id = ?", co);
        }
        if let Some(m) = &f.matching {
            super::filter_sql::and_matching(&mut q, &m.filter, Target::Contact, &m.clock);
        }
        match f.stale_before {
            Some(before) => q.bind(
                " AND c.lifecycle <> 'churned' AND (c.last_contact_at IS NULL OR c.last_contact_at < ?) ORDER BY c.last_contact_at NULLS FIRST, c.id",
                ts(before),
            ),
            // Contacts not scored yet (just imported) go last.
            None if f.by_score => q.push(
                " ORDER BY (SELECT s.score FROM contact_scores s WHERE s.contact_id = c.id) DESC NULLS LAST, c.name_key, c.id",
            ),
            None => q.push(" ORDER BY c.name_key, c.id"),
        }
        if let Some(limit) = f.limit {
            q.bind(" LIMIT ?", limit as i64);
        }
        let mut stmt = self.conn.prepare(&q.sql)?;
        let rows = stmt.query_map(q.params(), contact_from_row)?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Every contact's custom fields, for exports.
    pub fn all_contact_fields(
        &self,
    ) -> Result<std::collections::HashMap<ContactId, BTreeMap<String, String>>> {
        let mut stmt = self.conn.prepare(
            "SELECT contact_id, key, value FROM contact_fields ORDER BY contact_id, key",
        )?;
        let mut out: std::collections::HashMap<ContactId, BTreeMap<String, String>> =
            std::collections::HashMap::new();
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<ContactId>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
            ))
        })? {
            let (id, k, v) = row?;
            out.entry(id).or_default().insert(k, v);
        }
        Ok(out)
    }

    /// The vCard UIDs contacts were imported with, by contact.
    pub fn contact_uids(&self) -> Result<std::collections::HashMap<ContactId, String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, uid FROM contacts WHERE uid IS NOT NULL AND deleted_at IS NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// The live contact stored with this vCard UID.
    pub fn contact_id_by_uid(&self, uid: &str) -> Result<Option<ContactId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM contacts WHERE uid = ?1 AND deleted_at IS NULL ORDER BY id LIMIT 1",
        )?;
        let mut rows = stmt.query_map([uid], |r| r.get(0))?;
        Ok(rows.next().transpose()?)
    }

    /// Whether any contact row, live or deleted, has this id.
    pub fn contact_id_taken(&self, id: ContactId) -> Result<bool> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM contacts WHERE id = ?1")?;
        Ok(stmt.exists([id])?)
    }

    /// Whether the database has never held a contact (deleted ones count).
    pub fn no_contact_rows(&self) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached("SELECT 1 FROM contacts LIMIT 1")?;
        Ok(!stmt.exists([])?)
    }

    /// The vCard UID contact `id` was imported with, if any.
    pub fn contact_uid(&self, id: ContactId) -> Result<Option<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT uid FROM contacts WHERE id = ?1")?;
        let mut rows = stmt.query_map([id], |r| r.get::<Option<String>>(0))?;
        Ok(rows.next().transpose()?.flatten())
    }

    /// The live contact that owns this e-mail (compared case-insensitively).
    pub fn contact_id_by_email(&self, email: &str) -> Result<Option<ContactId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.contact_id FROM contact_emails e WHERE e.email_key = ?1 AND e.live = 1",
        )?;
        let mut rows = stmt.query_map([email_key(email)], |r| r.get(0))?;
        Ok(rows.next().transpose()?)
    }

    /// Live contacts with a name word starting with `prefix` (already folded).
    pub fn contacts_by_name_word(&self, prefix: &str) -> Result<Vec<NameCandidate>> {
        let mut upper = prefix.to_string();
        upper.push('\u{7f}');
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT c.id, c.name, c.name_key, co.name, \
                (SELECT email FROM contact_emails e WHERE e.contact_id = c.id ORDER BY position LIMIT 1) \
             FROM contact_name_words w JOIN contacts c ON c.id = w.contact_id \
             LEFT JOIN companies co ON co.id = c.company_id \
             WHERE w.word >= ?1 AND w.word < ?2 AND c.deleted_at IS NULL ORDER BY c.id",
        )?;
        let rows = stmt.query_map([prefix, upper.as_str()], |r| {
            Ok(NameCandidate {
                id: r.get(0)?,
                name: r.get(1)?,
                name_key: r.get(2)?,
                company: r.get(3)?,
                email: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    pub fn contact_exists(&self, id: ContactId) -> Result<bool> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM contacts WHERE id = ?1 AND deleted_at IS NULL")?;
        Ok(stmt.exists([id])?)
    }

    pub fn count_contacts(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM contacts WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )?)
    }

    /// All tags with how many live contacts carry each.
    pub fn tags(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT t.name, count(c.id) FROM tags t JOIN contact_tags ct ON ct.tag_id = t.id \
             JOIN contacts c ON c.id = ct.contact_id AND c.deleted_at IS NULL GROUP BY t.id ORDER BY t.name_key",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<DbResult<_>>()?)
    }
}

/// Tags match regardless of ASCII case (the `name_key` column of migration 8).
pub(super) fn tag_key(tag: &str) -> String {
    tag.to_ascii_lowercase()
}

/// A contact's search key: its name, every e-mail and its company, folded, so a search
/// finds a contact by any of its addresses.
pub(super) fn search_key(c: &Contact) -> String {
    contact_key(&c.name, &c.emails, c.company.as_deref())
}

/// [`search_key`] from its parts.
pub(super) fn contact_key(name: &str, emails: &[String], company: Option<&str>) -> String {
    let mut s = fold(name);
    for part in emails.iter().map(String::as_str).chain(company) {
        s.push(' ');
        s.push_str(&fold(part));
    }
    s
}

impl Tx<'_> {
    pub fn insert_contact(&self, c: &Contact) -> Result<ContactId> {
        self.insert_contact_as(c, None)
    }

    /// Inserts `c` with the id `id` when given (a restore into an empty database keeps the
    /// file's ids; the caller checks the id is free), else the next one.
    pub fn insert_contact_as(&self, c: &Contact, id: Option<ContactId>) -> Result<ContactId> {
        // SQLite would hand a deleted contact's id (merged, forgotten, taken back by an
        // import undo) to the next one, whose history would then hold the old one's rows.
        let id = match id {
            None if !self.conn.is_pg() => Some(self.next_contact_id()?),
            id => id,
        };
        // Without an id the column is left out: PostgreSQL makes an identity only then,
        // not for a NULL.
        let (id_col, id_arg) = if id.is_some() {
            (", id", ", ?14")
        } else {
            ("", "")
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "INSERT INTO contacts (name, name_key, search_key, company_id, title, lifecycle, source, notes, created_at, updated_at, last_contact_at, cadence, birthday{id_col}) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13{id_arg})"
        ))?;
        let row = params![
            c.name,
            name_key(&c.name),
            search_key(c),
            c.company_id,
            c.title,
            c.lifecycle,
            c.source,
            c.notes,
            ts(c.created_at),
            ts(c.updated_at),
            c.last_contact_at.map(ts),
            c.cadence.map(|e| e.to_string()),
            c.birthday.map(|b| b.to_string()),
            id
        ];
        stmt.execute(if id.is_some() { row } else { &row[..13] })?;
        let id = ContactId(self.new_id());
        self.write_contact_children(id, c, false)?;
        Ok(id)
    }

    /// The id after every contact that ever was: the highest stored, or named in history
    /// (a deleted one's rows stay there until `crm purge`), plus one. Both are one index
    /// seek.
    pub(super) fn next_contact_id(&self) -> Result<ContactId> {
        // The scalar maximum of several values is max() on SQLite, greatest() on PostgreSQL.
        let most = if self.conn.is_pg() { "greatest" } else { "max" };
        let last: i64 = self.conn.query_row(
            &format!(
                "SELECT {most}(coalesce((SELECT max(id) FROM contacts), 0), \
                 coalesce((SELECT max(contact_id) FROM history WHERE contact_id IS NOT NULL), 0), \
                 coalesce((SELECT max(entity_id) FROM history WHERE entity = 'contact'), 0))"
            ),
            [],
            |r| r.get(0),
        )?;
        Ok(ContactId(last + 1))
    }

    /// Keeps the vCard UID a contact came with; the first one stays.
    pub fn set_contact_uid(&self, id: ContactId, uid: &str) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE contacts SET uid = ?2 WHERE id = ?1 AND uid IS NULL")?
            .execute(params![id, uid])?;
        Ok(())
    }

    /// Writes every field of `c` over the stored contact `c.id`.
    pub fn update_contact(&self, c: &Contact) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "UPDATE contacts SET name = ?2, name_key = ?3, search_key = ?4, company_id = ?5, title = ?6, lifecycle = ?7, \
             source = ?8, notes = ?9, updated_at = ?10, cadence = ?11, birthday = ?12, version = version + 1 WHERE id = ?1",
        )?;
        stmt.execute(params![
            c.id,
            c.name,
            name_key(&c.name),
            search_key(c),
            c.company_id,
            c.title,
            c.lifecycle,
            c.source,
            c.notes,
            ts(c.updated_at),
            c.cadence.map(|e| e.to_string()),
            c.birthday.map(|b| b.to_string())
        ])?;
        self.write_contact_children(c.id, c, true)
    }

    /// Name words, e-mails, phones, tags and custom fields: the rows that hang off a contact.
    fn write_contact_children(&self, id: ContactId, c: &Contact, replace: bool) -> Result<()> {
        if replace {
            self.clear_contact_children(id)?;
        }
        self.write_name_words(id, &c.name)?;
        self.write_emails(id, &c.emails, &c.email_types)?;
        self.write_phones(id, &c.phones, &c.phone_types)?;
        self.write_tags(id, &c.tags)?;
        self.write_fields(id, &c.fields)
    }

    fn clear_contact_children(&self, id: ContactId) -> Result<()> {
        for table in [
            "contact_name_words",
            "contact_emails",
            "contact_phones",
            "contact_tags",
            "contact_fields",
        ] {
            self.conn
                .execute(&format!("DELETE FROM {table} WHERE contact_id = ?1"), [id])?;
        }
        Ok(())
    }

    fn write_name_words(&self, id: ContactId, name: &str) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO contact_name_words (word, contact_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?;
        for w in words(&name_key(name)) {
            stmt.execute(params![w, id])?;
        }
        Ok(())
    }

    fn write_emails(
        &self,
        id: ContactId,
        emails: &[String],
        types: &BTreeMap<String, String>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO contact_emails (contact_id, position, email, email_key, label) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (i, e) in emails.iter().enumerate() {
            let key = email_key(e);
            let label = types.get(&key);
            stmt.execute(params![id, i as i64, e, key, label])
                .map_err(|err| conflict_or(err, || format!("the e-mail {e} belongs to another contact; use that contact, or crm contact merge to join them.")))?;
        }
        Ok(())
    }

    fn write_phones(
        &self,
        id: ContactId,
        phones: &[String],
        types: &BTreeMap<String, String>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO contact_phones (contact_id, position, phone, label, e164) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        // One number typed two ways is stored once (DESIGN §2).
        let distinct = crate::domain::phone::distinct(phones, self.phone_region());
        for (i, (p, e164)) in distinct.iter().enumerate() {
            stmt.execute(params![id, i as i64, p, types.get(p), e164])?;
        }
        Ok(())
    }

    /// Creates the tags that do not exist yet, then links them.
    fn write_tags(&self, id: ContactId, tags: &[String]) -> Result<()> {
        let mut create = self.conn.prepare_cached(
            "INSERT INTO tags (name, name_key) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?;
        let mut link = self.conn.prepare_cached(
            "INSERT INTO contact_tags (contact_id, tag_id) SELECT ?1, id FROM tags WHERE name_key = ?2 ON CONFLICT DO NOTHING",
        )?;
        for t in tags {
            let key = tag_key(t);
            create.execute(params![t, key])?;
            link.execute(params![id, key])?;
        }
        Ok(())
    }

    fn write_fields(&self, id: ContactId, fields: &BTreeMap<String, String>) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO contact_fields (contact_id, key, value) VALUES (?1, ?2, ?3)",
        )?;
        for (k, v) in fields {
            stmt.execute(params![id, k, v])?;
        }
        Ok(())
    }

    /// Puts back a contact's own creation time (reading `crm export all`).
    pub fn restore_contact_created(
        &self,
        id: ContactId,
        created: DateTime<Utc>,
        updated: DateTime<Utc>,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE contacts SET created_at = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, ts(created), ts(updated)],
        )?;
        Ok(())
    }

    pub fn set_lifecycle(
        &self,
        id: ContactId,
        lifecycle: Lifecycle,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached("UPDATE contacts SET lifecycle = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1")?;
        stmt.execute(params![id, lifecycle, ts(now)])?;
        Ok(())
    }

    /// Removes a contact from every list while keeping its rows, so history can restore it.
    pub fn delete_contact(&self, id: ContactId, now: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "UPDATE contacts SET deleted_at = ?2, updated_at = ?2, version = version + 1 WHERE id = ?1",
            params![id, ts(now)],
        )?;
        self.conn.execute(
            "UPDATE contact_emails SET live = 0 WHERE contact_id = ?1",
            [id],
        )?;
        Ok(())
    }

    /// Moves last_contact_at forward to `at` when it is later.
    pub fn note_contacted(&self, id: ContactId, at: DateTime<Utc>) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "UPDATE contacts SET last_contact_at = ?2 WHERE id = ?1 AND (last_contact_at IS NULL OR last_contact_at < ?2)",
        )?;
        stmt.execute(params![id, ts(at)])?;
        Ok(())
    }

    /// Recomputes last_contact_at from the interactions (after a merge or a removal).
    pub fn refresh_last_contact(&self, id: ContactId) -> Result<()> {
        self.conn.execute(
            "UPDATE contacts SET last_contact_at = (SELECT max(occurred_at) FROM interactions i WHERE i.contact_id = ?1 AND i.kind <> 'note') WHERE id = ?1",
            [id],
        )?;
        Ok(())
    }

    /// Moves OTHER's interactions, deals, tasks and support cases to KEEP.
    pub fn reassign_contact_records(&self, from: ContactId, to: ContactId) -> Result<()> {
        for table in ["interactions", "deals", "tasks", "cases"] {
            self.conn.execute(
                &format!("UPDATE {table} SET contact_id = ?2 WHERE contact_id = ?1"),
                params![from, to],
            )?;
        }
        self.conn.execute(
            "UPDATE history SET contact_id = ?2 WHERE contact_id = ?1 AND entity <> 'contact'",
            params![from, to],
        )?;
        Ok(())
    }

    /// Contacts' and deals' search keys hold the company name; refresh them after a rename.
    pub fn refresh_search_keys_for_company(&self, company: CompanyId) -> Result<()> {
        let ids: Vec<ContactId> = {
            let mut stmt = self
                .conn
                .prepare("SELECT id FROM contacts WHERE company_id = ?1")?;
            let rows = stmt.query_map([company], |r| r.get(0))?;
            rows.collect::<DbResult<_>>()?
        };
        let reader = self.read();
        for id in ids {
            if let Some(c) = reader.contact(id)? {
                self.conn.execute(
                    "UPDATE contacts SET search_key = ?2 WHERE id = ?1",
                    params![id, search_key(&c)],
                )?;
            }
        }
        // A deal's key holds its company's name too.
        let deals: Vec<(i64, String)> = {
            let mut stmt = self
                .conn
                .prepare("SELECT id, title FROM deals WHERE company_id = ?1")?;
            let rows = stmt.query_map([company], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<DbResult<_>>()?
        };
        for (id, title) in deals {
            self.conn.execute(
                "UPDATE deals SET search_key = ?2 || coalesce(' ' || (SELECT name_key FROM companies WHERE id = ?3), '') WHERE id = ?1",
                params![id, fold(&title), company],
            )?;
        }
        Ok(())
    }
}
