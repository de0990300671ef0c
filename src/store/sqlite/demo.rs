//! Bulk helpers for `crm demo`: wiping the data and counting what is there.

use crate::store::db::{ToValue, Value};
use chrono::{DateTime, Utc};

use super::rows::ts;
use super::{Reader, Tx};
use crate::domain::{Interaction, Result};

impl Reader<'_> {
    /// True when the database holds no contacts, companies, deals, interactions or tasks.
    pub fn is_empty(&self) -> Result<bool> {
        // EXISTS stops at the first row, so this costs the same on any size of database.
        let any: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM contacts) OR EXISTS (SELECT 1 FROM companies) OR EXISTS (SELECT 1 FROM deals) \
             OR EXISTS (SELECT 1 FROM interactions) OR EXISTS (SELECT 1 FROM tasks)",
            [],
            |r| r.get(0),
        )?;
        Ok(!any)
    }
}

impl Tx<'_> {
    /// How many interactions [`Tx::insert_interaction_rows`] writes with one statement.
    pub const INTERACTION_BATCH: usize = 64;

    /// Removes every record (not the stages), for `crm demo --force`.
    pub fn wipe_records(&self) -> Result<()> {
        self.conn.execute_batch(
            "DELETE FROM tasks; DELETE FROM interactions; DELETE FROM cases; DELETE FROM stage_history; DELETE FROM deals; \
             DELETE FROM contact_fields; DELETE FROM contact_tags; DELETE FROM tags; DELETE FROM contact_phones; \
             DELETE FROM contact_emails; DELETE FROM contact_name_words; DELETE FROM contacts; DELETE FROM companies; \
             DELETE FROM import_items; DELETE FROM imports;",
        )?;
        Ok(())
    }
}

/// The tables `crm demo` fills besides the contact tables.
const FILLED: &[&str] = &[
    "companies",
    "deals",
    "stage_history",
    "interactions",
    "tasks",
];

impl Tx<'_> {
    /// Sets aside the indexes of the tables the demo fills ([`Tx::set_aside_indexes`]).
    pub fn set_aside_demo_indexes(&self) -> Result<super::bulk_indexes::SetAside> {
        self.set_aside_indexes(&[super::bulk_indexes::CONTACT_TABLES, FILLED].concat())
    }

    /// Writes new interactions (at most [`Tx::INTERACTION_BATCH`]) with one multi-row insert,
    /// which costs about half of one statement per row at the demo's ten million rows.
    /// The ids are the next ones, in order.
    pub fn insert_interaction_rows(&self, rows: &[Interaction], now: DateTime<Utc>) -> Result<()> {
        const COLUMNS: usize = 10;
        if rows.is_empty() {
            return Ok(());
        }
        let mut sql = String::from(
            "INSERT INTO interactions (contact_id, deal_id, kind, direction, occurred_at, duration_min, summary, body, score, created_at) VALUES ",
        );
        for k in 0..rows.len() {
            sql.push_str(if k == 0 { "(" } else { ", (" });
            sql.push_str(&["?"; COLUMNS].join(", "));
            sql.push(')');
        }
        // Only two texts ever: a full batch and the last one.
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let created = ts(now);
        let mut values: Vec<Value<'_>> = Vec::with_capacity(rows.len() * COLUMNS);
        for i in rows {
            values.extend([
                i.contact_id.to_value(),
                i.deal_id.to_value(),
                i.kind.to_value(),
                i.direction.to_value(),
                Value::Integer(ts(i.occurred_at)),
                i.duration_min.to_value(),
                i.summary.to_value(),
                i.body.to_value(),
                i.score.to_value(),
                Value::Integer(created),
            ]);
        }
        stmt.execute(values.as_slice())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::store::db::OwnedValue as Value;

    use super::*;
    use crate::domain::*;
    use crate::store::db::DbResult;
    use crate::store::Store;

    fn indexes(s: &Store) -> Vec<(String, String)> {
        let mut stmt = s
            .conn
            .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.collect::<DbResult<_>>().unwrap()
    }

    fn has(s: &Tx<'_>, index: &str) -> bool {
        s.conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?1",
                [index],
                |r| r.get::<i64>(0),
            )
            .unwrap()
            > 0
    }

    #[test]
    fn indexes_set_aside_come_back_the_same() {
        let s = Store::open_in_memory().unwrap();
        let before = indexes(&s);
        let cache = |s: &Store| -> i64 {
            s.conn
                .query_row("PRAGMA cache_size", [], |r| r.get(0))
                .unwrap()
        };
        let cache_before = cache(&s);
        s.write(|tx| {
            tx.pause_undo_log()?;
            let aside = tx.set_aside_demo_indexes()?;
            assert!(!has(tx, "interactions_time_kind_contact"));
            assert!(!has(tx, "contact_emails_live_key"));
            // Not a table the demo fills.
            assert!(has(tx, "tags_name_key"));
            tx.restore_indexes(aside)
        })
        .unwrap();
        assert_eq!(indexes(&s), before);
        assert_eq!(cache(&s), cache_before);
    }

    #[test]
    fn an_index_a_trigger_reads_stays() {
        let s = Store::open_in_memory().unwrap();
        s.write(|tx| {
            tx.pause_undo_log()?;
            tx.conn.execute_batch(
                "CREATE TRIGGER t AFTER INSERT ON tasks BEGIN \
                 UPDATE deals SET title = title WHERE id IN (SELECT deal_id FROM interactions WHERE contact_id = new.contact_id); END",
            )?;
            let aside = tx.set_aside_demo_indexes()?;
            assert!(has(tx, "interactions_contact"));
            assert!(has(tx, "deals_contact"));
            assert!(!has(tx, "tasks_contact"), "the trigger's own table is not read");
            tx.restore_indexes(aside)
        })
        .unwrap();
    }

    fn interactions() -> Vec<Interaction> {
        let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let row = |kind, body: Option<&str>, score| Interaction {
            case_id: None,
            id: InteractionId(0),
            contact_id: ContactId(1),
            contact: String::new(),
            deal_id: None,
            kind,
            direction: Some(Direction::Out),
            occurred_at: at,
            duration_min: Some(5),
            summary: "Talked".to_string(),
            body: body.map(str::to_string),
            score,
            version: 1,
        };
        vec![
            row(InteractionKind::Call, None, None),
            row(InteractionKind::Email, Some("Dear Ada"), None),
            row(InteractionKind::Feedback, None, Some(9)),
        ]
    }

    fn stored(s: &Store) -> Vec<Vec<Value>> {
        let mut stmt = s
            .conn
            .prepare("SELECT * FROM interactions ORDER BY id")
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| (0..n).map(|k| r.get::<Value>(k)).collect())
            .unwrap();
        rows.collect::<DbResult<_>>().unwrap()
    }

    #[test]
    fn a_batch_of_interactions_is_stored_as_one_by_one() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let (one, batch) = (
            Store::open_in_memory().unwrap(),
            Store::open_in_memory().unwrap(),
        );
        for s in [&one, &batch] {
            s.conn
                .execute_batch(
                    "INSERT INTO contacts (name, name_key, search_key, created_at, updated_at) VALUES ('Ada', 'ada', 'ada', 0, 0)",
                )
                .unwrap();
        }
        one.write(|tx| {
            for i in interactions() {
                tx.insert_interaction(&i, now)?;
            }
            Ok(())
        })
        .unwrap();
        batch
            .write(|tx| {
                tx.insert_interaction_rows(&interactions(), now)?;
                tx.insert_interaction_rows(&[], now)
            })
            .unwrap();
        assert_eq!(stored(&batch), stored(&one));
        assert_eq!(stored(&one).len(), 3);
    }
}
