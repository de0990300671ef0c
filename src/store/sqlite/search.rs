//! The text `crm search` ranks: one folded key per contact, company and deal, and the FTS5
//! indexes over those keys (migration 12) that find a query's candidates without a scan.

use crate::store::db::{DbError, DbResult};
use std::collections::HashMap;

use crate::store::db::ValueRef;
use crate::store::db::{params, Conn};

use super::Reader;
use crate::domain::text::{fold, words};
use crate::domain::Result;
use crate::store::SearchKind;

/// A company's search key: its name, domain and industry, folded.
pub(super) fn company_key(name: &str, domain: Option<&str>, industry: Option<&str>) -> String {
    let mut key = fold(name);
    for part in [domain, industry].into_iter().flatten() {
        key.push(' ');
        key.push_str(&fold(part));
    }
    key
}

/// Fills the search keys migration 12 added for the companies and deals already there, then
/// makes the triggers that keep the indexes and builds them from the keys.
pub(super) fn backfill_search_keys(conn: &Conn) -> DbResult<()> {
    let companies: Vec<(i64, String, Option<String>, Option<String>)> = conn
        .prepare("SELECT id, name, domain, industry FROM companies")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<DbResult<_>>()?;
    let mut set = conn.prepare("UPDATE companies SET search_key = ?2 WHERE id = ?1")?;
    for (id, name, domain, industry) in companies {
        set.execute(params![
            id,
            company_key(&name, domain.as_deref(), industry.as_deref())
        ])?;
    }
    let deals: Vec<(i64, String)> = conn
        .prepare("SELECT id, title FROM deals")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<DbResult<_>>()?;
    let mut set = conn.prepare(
        "UPDATE deals SET search_key = ?2 || coalesce(' ' || (SELECT name_key FROM companies co WHERE co.id = deals.company_id), '') WHERE id = ?1",
    )?;
    for (id, title) in deals {
        set.execute(params![id, fold(&title)])?;
    }
    conn.execute_batch(&super::migrations::v12_triggers())?;
    conn.execute_batch(
        "INSERT INTO contacts_fts (contacts_fts) VALUES ('rebuild');
         INSERT INTO companies_fts (companies_fts) VALUES ('rebuild');
         INSERT INTO deals_fts (deals_fts) VALUES ('rebuild');",
    )
}

/// The index query for folded terms: every word of every term begins a word of the key
/// (or, with `any`, at least one does). FTS5's `"ada"* AND "lov"*` on SQLite, a tsquery
/// `'ada':* & 'lov':*` on PostgreSQL. `None` when the terms hold no word at all (only
/// punctuation), which no index serves.
fn match_words(terms: &[&str], any: bool, pg: bool) -> Option<String> {
    let parts: Vec<String> = terms
        .iter()
        .flat_map(|t| words(t))
        .map(|w| match pg {
            // Words are letters and digits: a quote, were there one, is doubled.
            true => format!("'{}':*", w.replace('\'', "''")),
            false => format!("\"{}\"*", w.replace('"', "\"\"")),
        })
        .collect();
    let join = match (pg, any) {
        (false, false) => " AND ",
        (false, true) => " OR ",
        (true, false) => " & ",
        (true, true) => " | ",
    };
    (!parts.is_empty()).then(|| parts.join(join))
}

/// The key of a table as a text search document on PostgreSQL: exactly the expression of
/// the GIN indexes `contacts_search`, `companies_search` and `deals_search` (schema.sql),
/// so the planner uses them. ASCII punctuation splits words, as FTS5's tokenizer does.
const PG_DOCUMENT: &str = r"to_tsvector('simple'::regconfig, regexp_replace(search_key, '[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+', ' ', 'g'))";

/// The first `?2` live rows of `kind` (by id) whose key matches the index query `?1`, as
/// `(id, label, key)`: through the FTS5 tables on SQLite (which give rowids in order),
/// through the GIN indexes on PostgreSQL.
fn indexed_sql(kind: SearchKind, pg: bool) -> String {
    let (table, alias, label, live) = match kind {
        SearchKind::Contact => ("contacts", "c", "name", " WHERE c.deleted_at IS NULL"),
        SearchKind::Company => ("companies", "co", "name", ""),
        SearchKind::Deal => ("deals", "d", "title", ""),
    };
    let matched = match pg {
        false => format!("SELECT rowid AS id FROM {table}_fts WHERE {table}_fts MATCH ?1 LIMIT ?2"),
        true => format!(
            "SELECT id FROM {table} WHERE {PG_DOCUMENT} @@ to_tsquery('simple', ?1) ORDER BY id LIMIT ?2"
        ),
    };
    let order = if pg { " ORDER BY m.id" } else { "" };
    format!(
        "SELECT {alias}.id, {alias}.{label}, {alias}.search_key FROM ({matched}) m \
         JOIN {table} {alias} ON {alias}.id = m.id{live}{order}"
    )
}

/// Every live row of `kind` as `(id, label, key)`, read in table order. SQLite is told
/// not to walk an index for the contacts (a scan of the table is faster); PostgreSQL
/// plans that by itself and has no such clause.
fn scan_sql(kind: SearchKind, pg: bool) -> &'static str {
    match (kind, pg) {
        (SearchKind::Contact, false) => {
            "SELECT id, name, search_key FROM contacts NOT INDEXED WHERE deleted_at IS NULL"
        }
        (SearchKind::Contact, true) => {
            "SELECT id, name, search_key FROM contacts WHERE deleted_at IS NULL ORDER BY id"
        }
        (SearchKind::Company, false) => "SELECT id, name, search_key FROM companies",
        (SearchKind::Company, true) => "SELECT id, name, search_key FROM companies ORDER BY id",
        (SearchKind::Deal, false) => "SELECT id, title, search_key FROM deals",
        (SearchKind::Deal, true) => "SELECT id, title, search_key FROM deals ORDER BY id",
    }
}

/// An FTS5 complaint about the query itself (a word the tokenizer splits in two): the index
/// cannot serve it, and the caller scans instead.
fn is_query_error(e: &DbError) -> bool {
    matches!(e, DbError::Sqlite(rusqlite::Error::SqliteFailure(_, Some(m))) if m.starts_with("fts5:"))
}

impl Reader<'_> {
    /// Whether the live contacts, companies and deals together number more than `n`:
    /// counted no further than `n + 1`, so asking costs the same in any database.
    pub fn search_rows_over(&self, n: usize) -> Result<bool> {
        let n = n as i64 + 1;
        let count: i64 = self.conn.prepare_cached(
            "SELECT (SELECT count(*) FROM (SELECT 1 FROM contacts WHERE deleted_at IS NULL LIMIT ?1) x) \
             + (SELECT count(*) FROM (SELECT 1 FROM companies LIMIT ?1) x) \
             + (SELECT count(*) FROM (SELECT 1 FROM deals LIMIT ?1) x)",
        )?
        .query_row([n], |r| r.get(0))?;
        Ok(count >= n)
    }

    /// Streams `(kind, id, label, folded key)` for every live contact, company and deal
    /// without collecting them, so a search over 100,000 contacts allocates only for hits.
    pub fn for_each_search_row(
        &self,
        mut f: impl FnMut(SearchKind, i64, &str, &str),
    ) -> Result<()> {
        for kind in [SearchKind::Contact, SearchKind::Company, SearchKind::Deal] {
            let mut stmt = self
                .conn
                .prepare_cached(scan_sql(kind, self.conn.is_pg()))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                f(kind, r.get(0)?, text(r.get_ref(1)?), text(r.get_ref(2)?));
            }
        }
        Ok(())
    }

    /// Streams the first `limit` rows of `kind` (live contacts only) whose key has a word
    /// beginning with each word of `terms` (with `any`, with one of them), as
    /// `(id, label, folded key)`. `Ok(false)` when the index cannot serve the terms; the
    /// caller then scans.
    pub fn for_each_indexed(
        &self,
        kind: SearchKind,
        terms: &[&str],
        any: bool,
        limit: usize,
        mut f: impl FnMut(i64, &str, &str) -> Result<()>,
    ) -> Result<bool> {
        let pg = self.conn.is_pg();
        let Some(query) = match_words(terms, any, pg) else {
            return Ok(false);
        };
        let mut stmt = self.conn.prepare_cached(&indexed_sql(kind, pg))?;
        let mut rows = stmt.query(params![query, limit as i64])?;
        loop {
            match rows.next() {
                Ok(Some(r)) => f(r.get(0)?, text(r.get_ref(1)?), text(r.get_ref(2)?))?,
                Ok(None) => return Ok(true),
                Err(e) if is_query_error(&e) => return Ok(false),
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Streams up to `limit` live contacts (in all) carrying one of the tags `tag_ids`, as
    /// `(id, name, folded key)`, through the tag index.
    pub fn for_each_tagged_contact(
        &self,
        tag_ids: &[i64],
        limit: usize,
        mut f: impl FnMut(i64, &str, &str) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(tagged_sql(self.conn.is_pg()))?;
        let mut left = limit;
        for tag in tag_ids {
            let mut rows = stmt.query(params![tag, left as i64])?;
            while let Some(r) = rows.next()? {
                f(r.get(0)?, text(r.get_ref(1)?), text(r.get_ref(2)?))?;
                left -= 1;
            }
            if left == 0 {
                break;
            }
        }
        Ok(())
    }

    /// The tags `wanted` accepts (it is given the folded name), as `(id, folded name)`. The
    /// tag list is short next to the contacts, and read whole.
    pub fn tags_where(&self, wanted: impl Fn(&str) -> bool) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn.prepare_cached(match self.conn.is_pg() {
            false => "SELECT id, name FROM tags",
            // SQLite reads them from its covering index on the name (NOCASE); PostgreSQL
            // is told that order (ASCII-only lower() under "C", like NOCASE).
            true => "SELECT id, name FROM tags ORDER BY lower(name)",
        })?;
        let mut rows = stmt.query([])?;
        let mut tags = Vec::new();
        while let Some(r) = rows.next()? {
            let folded = fold(text(r.get_ref(1)?));
            if wanted(&folded) {
                tags.push((r.get(0)?, folded));
            }
        }
        Ok(tags)
    }

    /// Which of `tags` (as from [`Reader::tags_where`]) a contact carries: their folded
    /// names, space-separated.
    pub fn contact_tags_among(&self, contact: i64, tags: &[(i64, String)]) -> Result<String> {
        let mut stmt = self.conn.prepare_cached(match self.conn.is_pg() {
            false => "SELECT tag_id FROM contact_tags WHERE contact_id = ?1",
            true => "SELECT tag_id FROM contact_tags WHERE contact_id = ?1 ORDER BY tag_id",
        })?;
        let mut rows = stmt.query([contact])?;
        let mut out = String::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if let Some((_, name)) = tags.iter().find(|(t, _)| *t == id) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(name);
            }
        }
        Ok(out)
    }

    /// The live contacts carrying a tag among `tags`, each with those tags, folded and
    /// space-separated, looked up through the tag index.
    pub fn contacts_with_tags(&self, tags: &[(i64, String)]) -> Result<HashMap<i64, String>> {
        let mut out: HashMap<i64, String> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT ct.contact_id FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id \
             WHERE ct.tag_id = ?1 AND c.deleted_at IS NULL",
        )?;
        for (id, name) in tags {
            let mut rows = stmt.query([id])?;
            while let Some(r) = rows.next()? {
                let names = out.entry(r.get(0)?).or_default();
                if !names.is_empty() {
                    names.push(' ');
                }
                names.push_str(name);
            }
        }
        Ok(out)
    }
}

/// Up to `?2` live contacts carrying the tag `?1`, by id: SQLite walks the tag index
/// (`contact_tags_tag`, in contact order) by itself; PostgreSQL is told the order, which
/// decides which contacts a capped search sees.
fn tagged_sql(pg: bool) -> &'static str {
    match pg {
        false => {
            "SELECT c.id, c.name, c.search_key FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id \
             WHERE ct.tag_id = ?1 AND c.deleted_at IS NULL LIMIT ?2"
        }
        true => {
            "SELECT c.id, c.name, c.search_key FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id \
             WHERE ct.tag_id = ?1 AND c.deleted_at IS NULL ORDER BY ct.contact_id LIMIT ?2"
        }
    }
}

fn text(v: ValueRef<'_>) -> &str {
    v.as_str().unwrap_or("")
}
