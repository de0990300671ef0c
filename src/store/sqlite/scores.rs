//! What the lead score is computed from, read for a batch of contacts at a time, and the
//! stored scores (`contact_scores`).

use crate::store::db::DbResult;
use crate::store::db::{params, Optional};
use chrono::{DateTime, Utc};

use super::rows::*;
use super::{Reader, Tx};
use crate::domain::currency::Currency;
use crate::domain::money::Money;
use crate::domain::score::{Inputs, OpenDeal, Touch};
use crate::domain::*;

/// Ids as a JSON array, for `IN (SELECT CAST(value AS INTEGER) FROM json_each(?))`.
fn id_list(ids: &[ContactId]) -> String {
    let mut s = String::with_capacity(ids.len() * 8 + 2);
    s.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&id.0.to_string());
    }
    s.push(']');
    s
}

impl Reader<'_> {
    /// Live contacts with an id above `after`, at most `limit`, in id order: a refresh of
    /// every score walks them a batch at a time.
    pub fn live_contact_ids_after(&self, after: i64, limit: usize) -> Result<Vec<ContactId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM contacts WHERE id > ?1 AND deleted_at IS NULL ORDER BY id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after, limit as i64], |r| Ok(ContactId(r.get(0)?)))?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// The score's inputs for these contacts, with interactions from `since` to `now`.
    pub fn score_inputs(
        &self,
        ids: &[ContactId],
        now: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<Vec<(ContactId, Inputs)>> {
        let list = id_list(ids);
        let mut out: Vec<(ContactId, Inputs)> = Vec::with_capacity(ids.len());
        let mut at = std::collections::HashMap::with_capacity(ids.len());
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.title, c.source, co.size FROM contacts c
             LEFT JOIN companies co ON co.id = c.company_id
             WHERE c.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1)) AND c.deleted_at IS NULL ORDER BY c.id",
        )?;
        let mut rows = stmt.query([&list])?;
        while let Some(r) = rows.next()? {
            let id = ContactId(r.get(0)?);
            let size: Option<String> = r.get(3)?;
            at.insert(id, out.len());
            out.push((
                id,
                Inputs {
                    title: r.get(1)?,
                    source: r.get(2)?,
                    company_size: size.and_then(|s| CompanySize::parse(&s).ok()),
                    ..Default::default()
                },
            ));
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT ct.contact_id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
             WHERE ct.contact_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1))",
        )?;
        let mut rows = stmt.query([&list])?;
        while let Some(r) = rows.next()? {
            if let Some(&i) = at.get(&ContactId(r.get(0)?)) {
                out[i].1.tags.push(r.get(1)?);
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, kind, direction, occurred_at FROM interactions INDEXED BY interactions_contact
             WHERE contact_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1)) AND occurred_at >= ?2 AND occurred_at <= ?3",
        )?;
        let mut rows = stmt.query(params![list, ts(since), ts(now)])?;
        while let Some(r) = rows.next()? {
            let Some(&i) = at.get(&ContactId(r.get(0)?)) else {
                continue;
            };
            let kind: String = r.get(1)?;
            let direction: Option<String> = r.get(2)?;
            let occurred: i64 = r.get(3)?;
            let Ok(kind) = InteractionKind::parse(&kind) else {
                continue;
            };
            out[i].1.touches.push(Touch {
                kind,
                direction: direction.and_then(|d| Direction::parse(&d).ok()),
                age_days: (ts(now) - occurred) as f64 / 86_400.0,
            });
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.contact_id, d.title, d.value_minor, d.currency, coalesce(d.probability, s.probability)
             FROM deals d JOIN stages s ON s.id = d.stage_id
             WHERE d.status = 'open' AND d.contact_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1))",
        )?;
        let mut rows = stmt.query([&list])?;
        while let Some(r) = rows.next()? {
            let Some(&i) = at.get(&ContactId(r.get(0)?)) else {
                continue;
            };
            let currency: String = r.get(3)?;
            let major = Currency::parse(&currency)
                .map(|c| Money::new(r.get::<i64>(2).unwrap_or(0), c).major_f64())
                .unwrap_or(0.0);
            out[i].1.open_deals.push(OpenDeal {
                title: r.get(1)?,
                major,
                probability: r.get::<i64>(4)?.clamp(0, 100) as u8,
            });
        }
        Ok(out)
    }

    /// The contacts an import wrote, or whose interactions or deals it wrote.
    pub fn contacts_of_import(&self, import: i64) -> Result<Vec<ContactId>> {
        let mut stmt = self.conn.prepare(
            "SELECT entity_id FROM import_items WHERE import_id = ?1 AND entity = 'contact'
             UNION SELECT i.contact_id FROM import_items it JOIN interactions i ON i.id = it.entity_id
                 WHERE it.import_id = ?1 AND it.entity = 'interaction'
             UNION SELECT d.contact_id FROM import_items it JOIN deals d ON d.id = it.entity_id
                 WHERE it.import_id = ?1 AND it.entity = 'deal' AND d.contact_id IS NOT NULL",
        )?;
        let rows = stmt.query_map([import], |r| Ok(ContactId(r.get(0)?)))?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    /// The stored score of a contact, if it has one.
    pub fn score_of(&self, id: ContactId) -> Result<Option<u8>> {
        Ok(self
            .conn
            .prepare_cached("SELECT score FROM contact_scores WHERE contact_id = ?1")?
            .query_row([id.0], |r| r.get::<i64>(0))
            .optional()?
            .map(|s| s.clamp(0, 100) as u8))
    }

    /// The stored scores of these contacts (those that have one).
    pub fn scores_of(&self, ids: &[ContactId]) -> Result<std::collections::HashMap<ContactId, u8>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT contact_id, score FROM contact_scores WHERE contact_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([id_list(ids)], |r| {
            Ok((ContactId(r.get(0)?), r.get::<i64>(1)?.clamp(0, 100) as u8))
        })?;
        Ok(rows.collect::<DbResult<_>>()?)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?
            .flatten())
    }
}

impl Tx<'_> {
    /// Stores scores; only those that changed are written.
    pub fn set_scores(&self, scores: &[(ContactId, u8)]) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO contact_scores (contact_id, score) VALUES (?1, ?2)
             ON CONFLICT (contact_id) DO UPDATE SET score = excluded.score
             WHERE contact_scores.score <> excluded.score",
        )?;
        for (id, score) in scores {
            stmt.execute(params![id.0, i64::from(*score)])?;
        }
        Ok(())
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute(params![key, value])?;
        Ok(())
    }
}
