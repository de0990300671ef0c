//! A contacts import into an empty contacts table, done as a few set-based statements
//! (`bulk_fill.rs`): each record is first staged into TEMP tables with prepared inserts,
//! its keys folded in Rust. A record's first e-mail, phone and three name words and tags
//! sit in columns of its staging row (most records have no more); the rest, and custom
//! fields, go to side tables keyed by the record's `seq`.

use crate::store::db::DbResult;
use std::collections::BTreeMap;

use crate::store::db::params;
use chrono::{DateTime, Utc};

use super::contacts::{search_key, tag_key};
use super::rows::*;
use super::{Reader, Tx};
use crate::domain::text::{email_key, name_key, words};
use crate::domain::*;

/// Name words and tags kept in the staging row itself.
pub(super) const SLOTS: usize = 3;

/// A staged record read back, for the row-by-row path (a file with duplicates).
pub struct StagedContact {
    pub line: u64,
    pub contact: Contact,
    pub company: Option<String>,
    pub raw: Vec<String>,
}

impl Reader<'_> {
    /// Whether no contact was ever stored (not even a deleted one).
    pub fn contacts_table_empty(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM contacts)", [], |r| {
                r.get(0)
            })?)
    }
}

impl Tx<'_> {
    /// Makes the (empty) staging tables.
    pub fn begin_contact_stage(&self) -> Result<()> {
        self.end_contact_stage()?;
        self.conn.execute_batch(
            "CREATE TEMP TABLE bulk_contacts (
                 seq INTEGER PRIMARY KEY, line INTEGER NOT NULL, name TEXT NOT NULL,
                 name_key TEXT NOT NULL, key_base TEXT NOT NULL, company TEXT, company_key TEXT,
                 title TEXT, lifecycle TEXT NOT NULL, source TEXT, notes TEXT,
                 created_at INTEGER NOT NULL, more INTEGER NOT NULL,
                 e0 TEXT, e0_key TEXT, e0_label TEXT, p0 TEXT, p0_label TEXT, p0_e164 TEXT,
                 w0 TEXT, w1 TEXT, w2 TEXT, t0 TEXT, t0_key TEXT, t1 TEXT, t1_key TEXT,
                 t2 TEXT, t2_key TEXT, raw TEXT, birthday TEXT, cadence TEXT);
             CREATE TEMP TABLE bulk_emails (seq INTEGER, pos INTEGER, email TEXT, key TEXT, label TEXT,
                 PRIMARY KEY (seq, pos)) WITHOUT ROWID;
             CREATE TEMP TABLE bulk_phones (seq INTEGER, pos INTEGER, phone TEXT, label TEXT, e164 TEXT,
                 PRIMARY KEY (seq, pos)) WITHOUT ROWID;
             CREATE TEMP TABLE bulk_words (seq INTEGER, pos INTEGER, word TEXT,
                 PRIMARY KEY (seq, pos)) WITHOUT ROWID;
             CREATE TEMP TABLE bulk_tags (seq INTEGER, pos INTEGER, tag TEXT, key TEXT,
                 PRIMARY KEY (seq, pos)) WITHOUT ROWID;
             CREATE TEMP TABLE bulk_fields (seq INTEGER, key TEXT, value TEXT,
                 PRIMARY KEY (seq, key)) WITHOUT ROWID;",
        )?;
        Ok(())
    }

    /// Stages one normalised contact (no company id yet: `company` is the file's name).
    pub fn stage_contact(
        &self,
        line: u64,
        c: &Contact,
        company: Option<&str>,
        raw: Option<&[String]>,
    ) -> Result<()> {
        let key = name_key(&c.name);
        let word_list: Vec<&str> = words(&key).collect();
        let tags: Vec<(&str, String)> = c.tags.iter().map(|t| (t.as_str(), tag_key(t))).collect();
        // E.164 computed once per phone here; a number typed twice is kept once.
        let phones = crate::domain::phone::distinct(&c.phones, self.phone_region());
        let more = c.emails.len() > 1
            || phones.len() > 1
            || word_list.len() > SLOTS
            || tags.len() > SLOTS
            || !c.fields.is_empty();
        let e0 = c.emails.first().map(|e| (e, email_key(e)));
        let e0_label = e0.as_ref().and_then(|(_, k)| c.email_types.get(k));
        let p0 = phones.first();
        let tag = |i: usize| tags.get(i).map(|(t, _)| *t);
        let tag_k = |i: usize| tags.get(i).map(|(_, k)| k.as_str());
        // The search key without the company, whose stored spelling is not known yet.
        debug_assert!(c.company.is_none());
        self.conn
            .prepare_cached(
                "INSERT INTO temp.bulk_contacts (line, name, name_key, key_base, company, company_key, title, lifecycle, \
                 source, notes, created_at, more, e0, e0_key, e0_label, p0, p0_label, w0, w1, w2, t0, t0_key, t1, t1_key, \
                 t2, t2_key, raw, p0_e164, birthday, cadence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)",
            )?
            .execute(params![
                line as i64,
                c.name,
                key,
                search_key(c),
                company,
                company.map(name_key),
                c.title,
                c.lifecycle,
                c.source,
                c.notes,
                ts(c.created_at),
                more,
                e0.as_ref().map(|(e, _)| e),
                e0.as_ref().map(|(_, k)| k),
                e0_label,
                p0.map(|(p, _)| p),
                p0.and_then(|(p, _)| c.phone_types.get(p)),
                word_list.first(),
                word_list.get(1),
                word_list.get(2),
                tag(0),
                tag_k(0),
                tag(1),
                tag_k(1),
                tag(2),
                tag_k(2),
                raw.map(serde_json::to_string).transpose()?,
                p0.and_then(|(_, e)| e.as_deref()),
                c.birthday.map(|b| b.to_string()),
                c.cadence.map(|e| e.to_string()),
            ])?;
        if more {
            self.stage_more(c, &phones, &word_list, &tags)?;
        }
        Ok(())
    }

    /// What does not fit the staging row, under the row just staged.
    fn stage_more(
        &self,
        c: &Contact,
        phones: &[(String, Option<String>)],
        word_list: &[&str],
        tags: &[(&str, String)],
    ) -> Result<()> {
        let seq = self.new_id();
        let mut put = self.conn.prepare_cached(
            "INSERT INTO temp.bulk_emails (seq, pos, email, key, label) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (i, e) in c.emails.iter().enumerate().skip(1) {
            let k = email_key(e);
            put.execute(params![seq, i as i64, e, k, c.email_types.get(&k)])?;
        }
        let mut put = self.conn.prepare_cached(
            "INSERT INTO temp.bulk_phones (seq, pos, phone, label, e164) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (i, (p, e)) in phones.iter().enumerate().skip(1) {
            put.execute(params![seq, i as i64, p, c.phone_types.get(p), e])?;
        }
        let mut put = self
            .conn
            .prepare_cached("INSERT INTO temp.bulk_words (seq, pos, word) VALUES (?1, ?2, ?3)")?;
        for (i, w) in word_list.iter().enumerate().skip(SLOTS) {
            put.execute(params![seq, i as i64, w])?;
        }
        let mut put = self.conn.prepare_cached(
            "INSERT INTO temp.bulk_tags (seq, pos, tag, key) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (i, (t, k)) in tags.iter().enumerate().skip(SLOTS) {
            put.execute(params![seq, i as i64, t, k])?;
        }
        let mut put = self
            .conn
            .prepare_cached("INSERT INTO temp.bulk_fields (seq, key, value) VALUES (?1, ?2, ?3)")?;
        for (k, v) in &c.fields {
            put.execute(params![seq, k, v])?;
        }
        Ok(())
    }

    /// Whether a staged record may duplicate an earlier one: an e-mail twice, or the same
    /// name at the same company with one of them lacking an e-mail (the rule of
    /// `find_duplicate`, taken broadly). Such a file goes row by row.
    pub fn stage_has_duplicates(&self) -> Result<bool> {
        let emails: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM (SELECT e0_key AS key FROM temp.bulk_contacts WHERE e0_key IS NOT NULL \
             UNION ALL SELECT key FROM temp.bulk_emails) k GROUP BY key HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )?;
        if emails {
            return Ok(true);
        }
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM temp.bulk_contacts GROUP BY name_key, company_key \
             HAVING count(*) > 1 AND min(e0 IS NOT NULL) = 0)",
            [],
            |r| r.get(0),
        )?)
    }

    /// The staged records in file order, rebuilt as the row-by-row path wants them.
    pub fn replay_contact_stage(
        &self,
        mut f: impl FnMut(StagedContact) -> Result<()>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, line, name, company, title, lifecycle, source, notes, created_at, more, \
             e0, e0_key, e0_label, p0, p0_label, t0, t1, t2, raw, birthday, cadence FROM temp.bulk_contacts ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let mut c = Contact {
                cadence: r
                    .get::<Option<String>>(20)?
                    .and_then(|e| crate::domain::recurrence::Every::parse(&e).ok()),
                birthday: r
                    .get::<Option<String>>(19)?
                    .and_then(|b| crate::domain::birthday::Birthday::parse(&b).ok()),
                id: ContactId(0),
                name: r.get(2)?,
                emails: Vec::new(),
                phones: Vec::new(),
                email_types: BTreeMap::new(),
                phone_types: BTreeMap::new(),
                company_id: None,
                company: None,
                title: r.get(4)?,
                lifecycle: r.get(5)?,
                source: r.get(6)?,
                notes: r.get(7)?,
                tags: Vec::new(),
                fields: BTreeMap::new(),
                created_at: from_ts(r.get(8)?),
                updated_at: now,
                last_contact_at: None,
                version: 1,
            };
            if let Some(e) = r.get::<Option<String>>(10)? {
                if let Some(l) = r.get::<Option<String>>(12)? {
                    c.email_types.insert(r.get(11)?, l);
                }
                c.emails.push(e);
            }
            if let Some(p) = r.get::<Option<String>>(13)? {
                if let Some(l) = r.get::<Option<String>>(14)? {
                    c.phone_types.insert(p.clone(), l);
                }
                c.phones.push(p);
            }
            for i in 15..18 {
                c.tags.extend(r.get::<Option<String>>(i)?);
            }
            if r.get(9)? {
                self.staged_more(r.get(0)?, &mut c)?;
            }
            let raw: Option<String> = r.get(18)?;
            f(StagedContact {
                line: r.get::<i64>(1)? as u64,
                contact: c,
                company: r.get(3)?,
                raw: raw
                    .map(|s| serde_json::from_str(&s))
                    .transpose()?
                    .unwrap_or_default(),
            })?;
        }
        Ok(())
    }

    /// Adds to `c` what `stage_more` put aside for record `seq`.
    fn staged_more(&self, seq: i64, c: &mut Contact) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT email, key, label FROM temp.bulk_emails WHERE seq = ?1 ORDER BY pos",
        )?;
        let mut rows = stmt.query([seq])?;
        while let Some(r) = rows.next()? {
            if let Some(l) = r.get::<Option<String>>(2)? {
                c.email_types.insert(r.get(1)?, l);
            }
            c.emails.push(r.get(0)?);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT phone, label FROM temp.bulk_phones WHERE seq = ?1 ORDER BY pos",
        )?;
        let mut rows = stmt.query([seq])?;
        while let Some(r) = rows.next()? {
            let p: String = r.get(0)?;
            if let Some(l) = r.get::<Option<String>>(1)? {
                c.phone_types.insert(p.clone(), l);
            }
            c.phones.push(p);
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT tag FROM temp.bulk_tags WHERE seq = ?1 ORDER BY pos")?;
        let tags = stmt.query_map([seq], |r| r.get(0))?;
        c.tags.extend(tags.collect::<DbResult<Vec<String>>>()?);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, value FROM temp.bulk_fields WHERE seq = ?1")?;
        let fields = stmt.query_map([seq], |r| Ok((r.get(0)?, r.get(1)?)))?;
        c.fields = fields.collect::<DbResult<_>>()?;
        Ok(())
    }

    /// The companies staged records name that the database does not have, each once, in
    /// the spelling and order of their first row.
    pub fn staged_new_companies(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT (SELECT b.company FROM temp.bulk_contacts b WHERE b.seq = g.first), g.first FROM ( \
             SELECT min(seq) AS first FROM temp.bulk_contacts s WHERE company_key IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM companies c WHERE c.name_key = s.company_key) \
             GROUP BY company_key) g ORDER BY g.first",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// Drops the staging tables.
    pub fn end_contact_stage(&self) -> Result<()> {
        self.conn.execute_batch(
            "DROP TABLE IF EXISTS temp.bulk_contacts; DROP TABLE IF EXISTS temp.bulk_emails;
             DROP TABLE IF EXISTS temp.bulk_phones; DROP TABLE IF EXISTS temp.bulk_words;
             DROP TABLE IF EXISTS temp.bulk_tags; DROP TABLE IF EXISTS temp.bulk_fields;
             DROP TABLE IF EXISTS temp.bulk_companies;",
        )?;
        Ok(())
    }
}
