//! The text `crm search` ranks: one folded key per contact, company and deal.

use std::collections::HashMap;

use rusqlite::types::ValueRef;

use super::Reader;
use crate::domain::text::fold;
use crate::domain::Result;
use crate::store::SearchKind;

impl Reader<'_> {
    /// Streams `(kind, id, label, folded key)` for every live contact, company and deal
    /// without collecting them, so a search over 100,000 contacts allocates only for hits.
    pub fn for_each_search_row(
        &self,
        mut f: impl FnMut(SearchKind, i64, &str, &str),
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, search_key FROM contacts NOT INDEXED WHERE deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id = r.get::<_, i64>(0)?;
            let name = text(r.get_ref(1)?);
            let key = text(r.get_ref(2)?);
            f(SearchKind::Contact, id, name, key);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, coalesce(domain, ''), coalesce(industry, '') FROM companies",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let name = text(r.get_ref(1)?);
            let key = fold(&format!(
                "{name} {} {}",
                text(r.get_ref(2)?),
                text(r.get_ref(3)?)
            ));
            f(SearchKind::Company, r.get(0)?, name, &key);
        }
        // Deals match on title and company; their people are found as contacts. (Joining
        // contacts here would cost a random lookup per deal.)
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, coalesce(co.name, '') FROM deals d LEFT JOIN companies co ON co.id = d.company_id",
        )?;
        let mut rows = stmt.query([])?;
        let mut key = String::new();
        while let Some(r) = rows.next()? {
            let title = text(r.get_ref(1)?);
            key.clear();
            key.push_str(title);
            key.push(' ');
            key.push_str(text(r.get_ref(2)?));
            let folded = fold(&key);
            f(SearchKind::Deal, r.get(0)?, title, &folded);
        }
        Ok(())
    }
}

impl Reader<'_> {
    /// The live contacts carrying a tag `wanted` accepts (it is given the folded tag
    /// name), each with its wanted tags, folded and space-separated. Only the tag list is
    /// scanned; contacts are looked up through the tag index for the tags that match, so
    /// a search whose words name no tag costs one pass over the (short) tag list.
    pub fn contacts_with_tags(
        &self,
        wanted: impl Fn(&str) -> bool,
    ) -> Result<HashMap<i64, String>> {
        let mut stmt = self.conn.prepare_cached("SELECT id, name FROM tags")?;
        let mut rows = stmt.query([])?;
        let mut tags: Vec<(i64, String)> = Vec::new();
        while let Some(r) = rows.next()? {
            let folded = fold(text(r.get_ref(1)?));
            if wanted(&folded) {
                tags.push((r.get(0)?, folded));
            }
        }
        let mut out: HashMap<i64, String> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT ct.contact_id FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id \
             WHERE ct.tag_id = ?1 AND c.deleted_at IS NULL",
        )?;
        for (id, name) in &tags {
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

fn text(v: ValueRef<'_>) -> &str {
    v.as_str().unwrap_or("")
}
