//! Fills contacts and their rows from the staging tables of `bulk_import.rs`: new tags,
//! then one `INSERT … SELECT` into contacts and one into each table of their e-mails,
//! phones, name words, tags and fields, then the import log and history. The
//! contact tables' secondary indexes are dropped first and built once at the end by
//! sorting: row-at-a-time inserts into the randomly keyed ones (e-mail, name) were most
//! of a million-row import's time. This mirrors `Tx::insert_contact_as` and its
//! `write_contact_children`; a row that one writes must be written here too.

use crate::store::db::params;
use chrono::{DateTime, Utc};

use super::bulk_indexes::CONTACT_TABLES;
use super::rows::*;
use super::Tx;
use crate::domain::text::fold;
use crate::domain::*;

/// Tags first seen in the file are made in the order (and spelling) of their first row:
/// the first place `o` (row `o / 4096`, slot `o % 4096`) of each key, then the spelling
/// at that place, looked up by primary key (a window over every tag row is twice as slow;
/// a column beside `min` in a GROUP BY is SQLite's only). A contact with more than 4,096
/// tags makes places overlap: then the spelling is searched for.
const NEW_TAGS: &str = "INSERT INTO tags (name, name_key) SELECT coalesce(CASE g.first % 4096 \
         WHEN 0 THEN (SELECT b.t0 FROM temp.bulk_contacts b WHERE b.seq = g.first / 4096 AND b.t0_key = g.key) \
         WHEN 1 THEN (SELECT b.t1 FROM temp.bulk_contacts b WHERE b.seq = g.first / 4096 AND b.t1_key = g.key) \
         WHEN 2 THEN (SELECT b.t2 FROM temp.bulk_contacts b WHERE b.seq = g.first / 4096 AND b.t2_key = g.key) \
         ELSE (SELECT b.tag FROM temp.bulk_tags b WHERE b.seq = g.first / 4096 AND b.pos = g.first % 4096 AND b.key = g.key) END, \
         (SELECT b.tag FROM temp.bulk_tags b WHERE b.key = g.key AND b.seq * 4096 + b.pos = g.first LIMIT 1)), g.key FROM ( \
         SELECT key, min(o) AS first FROM ( \
             SELECT t0_key AS key, seq * 4096 AS o FROM temp.bulk_contacts WHERE t0 IS NOT NULL \
             UNION ALL SELECT t1_key, seq * 4096 + 1 FROM temp.bulk_contacts WHERE t1 IS NOT NULL \
             UNION ALL SELECT t2_key, seq * 4096 + 2 FROM temp.bulk_contacts WHERE t2 IS NOT NULL \
             UNION ALL SELECT key, seq * 4096 + pos FROM temp.bulk_tags) u GROUP BY key) g \
     WHERE g.key NOT IN (SELECT name_key FROM tags) ORDER BY g.first";

/// Writes the new contacts' own rows from their staging rows, once the contacts are in
/// (`?1` is the id before the first: a record's id is `?1 + seq`), each table in the order
/// of its primary key. Plain `INSERT … SELECT`s, so they run on PostgreSQL too (a TEMP
/// trigger on `contacts`, which SQLite had do this row by row, is SQLite's only). The
/// three name-word and tag slots are read in one pass over the staging rows (crossed with
/// the slot numbers), not one pass each.
const CHILD_ROWS: [&str; 5] = [
    "INSERT INTO contact_name_words (word, contact_id) SELECT w, ?1 + seq FROM ( \
         SELECT b.seq, CASE n.i WHEN 0 THEN b.w0 WHEN 1 THEN b.w1 ELSE b.w2 END AS w \
         FROM temp.bulk_contacts b CROSS JOIN (SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2) n \
         UNION ALL SELECT seq, word FROM temp.bulk_words) x \
     WHERE w IS NOT NULL ORDER BY w, seq ON CONFLICT DO NOTHING",
    "INSERT INTO contact_emails (contact_id, position, email, email_key, label) SELECT ?1 + seq, pos, email, key, label FROM ( \
         SELECT seq, 0 AS pos, e0 AS email, e0_key AS key, e0_label AS label FROM temp.bulk_contacts WHERE e0 IS NOT NULL \
         UNION ALL SELECT seq, pos, email, key, label FROM temp.bulk_emails) x ORDER BY seq, pos",
    "INSERT INTO contact_phones (contact_id, position, phone, label, e164) SELECT ?1 + seq, pos, phone, label, e164 FROM ( \
         SELECT seq, 0 AS pos, p0 AS phone, p0_label AS label, p0_e164 AS e164 FROM temp.bulk_contacts WHERE p0 IS NOT NULL \
         UNION ALL SELECT seq, pos, phone, label, e164 FROM temp.bulk_phones) x ORDER BY seq, pos",
    "INSERT INTO contact_fields (contact_id, key, value) SELECT ?1 + seq, key, value FROM temp.bulk_fields ORDER BY seq, key",
    "INSERT INTO contact_tags (contact_id, tag_id) SELECT ?1 + k.seq, t.id FROM ( \
         SELECT b.seq, CASE n.i WHEN 0 THEN b.t0_key WHEN 1 THEN b.t1_key ELSE b.t2_key END AS key \
         FROM temp.bulk_contacts b CROSS JOIN (SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2) n \
         UNION ALL SELECT seq, key FROM temp.bulk_tags) k \
     JOIN tags t ON t.name_key = k.key WHERE k.key IS NOT NULL ORDER BY k.seq, t.id ON CONFLICT DO NOTHING",
];

impl Tx<'_> {
    /// Writes every staged record as a new contact (ids in file order after the largest
    /// one), noted in the import log and history under `import`. Every company they name
    /// must exist. Returns how many were created.
    pub fn fill_from_contact_stage(
        &self,
        import: i64,
        file: &str,
        now: DateTime<Utc>,
        by: Option<&str>,
    ) -> Result<usize> {
        self.stage_companies()?;
        let indexes = if self.read().contacts_table_empty()? {
            Some(self.set_aside_indexes(CONTACT_TABLES)?)
        } else {
            None
        };
        let base: i64 = self.next_contact_id()?.0 - 1;
        let at = ts(now);
        self.conn.execute(NEW_TAGS, [])?;
        let n = self.conn.execute(
            "INSERT INTO contacts (id, name, name_key, search_key, company_id, title, lifecycle, source, notes, created_at, updated_at, birthday, cadence) \
             SELECT ?1 + s.seq, s.name, s.name_key, s.key_base || coalesce(' ' || bc.folded, ''), bc.id, s.title, s.lifecycle, \
             s.source, s.notes, s.created_at, ?2, s.birthday, s.cadence FROM temp.bulk_contacts s LEFT JOIN temp.bulk_companies bc ON bc.key = s.company_key \
             ORDER BY s.seq",
            params![base, at],
        )?;
        for sql in CHILD_ROWS {
            self.conn.execute(sql, [base])?;
        }
        if let Some(indexes) = indexes {
            self.restore_indexes(indexes)?;
        }
        self.conn.execute(
            "INSERT INTO import_items (import_id, entity, entity_id, action, before) \
             SELECT ?1, 'contact', ?2 + seq, 'create', NULL FROM temp.bulk_contacts ORDER BY seq",
            params![import, base],
        )?;
        self.conn
            .prepare_cached(
                "INSERT INTO changes (id, at, by, logged) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO NOTHING",
            )?
            .execute(params![self.change, at, by, !self.unlogged.get()])?;
        // The same row `ops::import` traces a created record with (keys in serde's order).
        self.conn.execute(
            &format!(
                "INSERT INTO history (entity, entity_id, contact_id, action, before, after, at, change_id, by) \
                 SELECT 'contact', ?1 + seq, ?1 + seq, 'import', NULL, {}, ?4, ?5, ?6 \
                 FROM temp.bulk_contacts ORDER BY seq",
                import_trace(self.conn.is_pg())
            ),
            params![base, file, import, at, self.change, by],
        )?;
        Ok(n)
    }

    /// The id and folded stored name of each company the staged records name.
    fn stage_companies(&self) -> Result<()> {
        self.conn.execute_batch(
            "DROP TABLE IF EXISTS temp.bulk_companies;
             CREATE TEMP TABLE bulk_companies (key TEXT PRIMARY KEY, id BIGINT NOT NULL, folded TEXT NOT NULL);",
        )?;
        let mut read = self.conn.prepare(
            "SELECT c.name_key, c.id, c.name FROM companies c \
             WHERE c.name_key IN (SELECT company_key FROM temp.bulk_contacts)",
        )?;
        let mut put = self
            .conn
            .prepare("INSERT INTO temp.bulk_companies (key, id, folded) VALUES (?1, ?2, ?3)")?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let (key, id, name): (String, i64, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            put.execute(params![key, id, fold(&name)])?;
        }
        Ok(())
    }
}

/// `{"file":?2,"import":?3,"name":name}` as serde writes it: SQLite's `json_object`;
/// PostgreSQL's `json_build_object` spaces its text (`{"file" : …}`), so the object is put
/// together from `to_json` of each value instead.
fn import_trace(pg: bool) -> &'static str {
    match pg {
        false => "json_object('file', ?2, 'import', ?3, 'name', name)",
        true => "'{\"file\":' || to_json(CAST(?2 AS TEXT)) || ',\"import\":' || ?3 || ',\"name\":' || to_json(name) || '}'",
    }
}
