//! The app's contact list picked by a filter expression or segment: a window in name
//! order next to a cursor, like `contacts_window`, with the compiled expression added.

use super::filter_sql::and_matching;
use super::rows::Query;
use super::views::contact_row;
use super::Reader;
use crate::domain::filter::Target;
use crate::domain::Result;
use crate::store::db::DbResult;
use crate::store::{ContactRow, Cursor, Matching};

impl Reader<'_> {
    /// Up to `limit` live contacts the expression picks, in name order next to `cursor`.
    pub fn contacts_window_matching(
        &self,
        m: &Matching,
        cursor: &Cursor<(String, i64)>,
        limit: usize,
    ) -> Result<Vec<ContactRow>> {
        let mut q = Query::new(
            "SELECT c.id, c.name, c.name_key, co.name, c.lifecycle, c.last_contact_at, \
            (SELECT group_concat(name, char(31)) FROM (SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id ORDER BY t.name_key) x), \
            (SELECT s.score FROM contact_scores s WHERE s.contact_id = c.id) \
            FROM contacts c LEFT JOIN companies co ON co.id = c.company_id \
            WHERE c.deleted_at IS NULL",
        );
        and_matching(&mut q, &m.filter, Target::Contact, &m.clock);
        let after = " AND (c.name_key > ? OR (c.name_key = ? AND c.id > ?))";
        let from = " AND (c.name_key > ? OR (c.name_key = ? AND c.id >= ?))";
        let before = " AND (c.name_key < ? OR (c.name_key = ? AND c.id < ?))";
        let (cond, key, desc) = match cursor {
            Cursor::First => (None, None, false),
            Cursor::Last => (None, None, true),
            Cursor::From(k) => (Some(from), Some(k), false),
            Cursor::After(k) => (Some(after), Some(k), false),
            Cursor::Before(k) => (Some(before), Some(k), true),
        };
        if let (Some(cond), Some((name, id))) = (cond, key) {
            let mut parts = cond.split('?');
            q.bind(
                &format!("{}?", parts.next().unwrap_or_default()),
                name.clone(),
            );
            q.bind(
                &format!("{}?", parts.next().unwrap_or_default()),
                name.clone(),
            );
            q.bind(&format!("{}?", parts.next().unwrap_or_default()), *id);
            q.push(parts.next().unwrap_or_default());
        }
        let order = if desc { "DESC" } else { "ASC" };
        q.push(&format!(" ORDER BY c.name_key {order}, c.id {order}"));
        q.bind(" LIMIT ?", limit as i64);
        let mut stmt = self.conn.prepare(&q.sql)?;
        let rows = stmt.query_map(q.params(), contact_row)?;
        let mut out: Vec<ContactRow> = rows.collect::<DbResult<_>>()?;
        if desc {
            out.reverse();
        }
        Ok(out)
    }
}
