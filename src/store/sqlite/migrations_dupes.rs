//! Schema for E.164 phones and the duplicate finder (DESIGN §2, §12); appended to
//! `MIGRATIONS`. The E.164 column of existing rows is filled in Rust right after
//! (`open.rs`, [`backfill_e164`]), since SQLite cannot parse phone numbers.

use crate::store::db::DbResult;
use crate::store::db::{params, Conn};

use crate::domain::phone::{e164, Region};

pub const DUPES: &str = r#"
ALTER TABLE contact_phones ADD COLUMN e164 TEXT;
CREATE INDEX contact_phones_e164 ON contact_phones(e164) WHERE e164 IS NOT NULL;

-- Pairs someone said are different people, lower id first.
CREATE TABLE not_dupes (
    a   INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    b   INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    at  INTEGER NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;
CREATE INDEX not_dupes_b ON not_dupes(b);
"#;

/// Fills the E.164 form of every phone that has none, reading national numbers in
/// `region`.
pub(super) fn backfill_e164(conn: &Conn, region: Option<Region>) -> DbResult<()> {
    let rows: Vec<(i64, i64, String)> = conn
        .prepare("SELECT contact_id, position, phone FROM contact_phones WHERE e164 IS NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<DbResult<_>>()?;
    let mut put = conn
        .prepare("UPDATE contact_phones SET e164 = ?3 WHERE contact_id = ?1 AND position = ?2")?;
    for (id, pos, phone) in rows {
        if let Some(e) = e164(&phone, region) {
            put.execute(params![id, pos, e])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::store::db::Conn;

    use super::super::migrations::MIGRATIONS;
    use super::super::open::migrate;
    use super::DUPES;
    use crate::domain::phone::Region;
    use crate::domain::ContactId;
    use crate::store::Store;

    #[test]
    fn an_older_database_gets_e164_in_the_region_of_its_upgrade() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crm.db");
        let conn = Conn::open_sqlite(&path).unwrap();
        conn.execute_batch("PRAGMA foreign_keys=ON").unwrap();
        let before = MIGRATIONS.iter().position(|m| *m == DUPES).unwrap();
        migrate(&conn, None, &MIGRATIONS[..before]).unwrap();
        conn.execute_batch(
            "INSERT INTO contacts (name, name_key, search_key, created_at, updated_at) VALUES ('Ada', 'ada', 'ada', 0, 0);
             INSERT INTO contact_phones (contact_id, position, phone) VALUES
                (1, 0, '+44 20 7946 0958'), (1, 1, '020 7946 0959'), (1, 2, '12 34');",
        )
        .unwrap();
        drop(conn);
        let gb = Region::parse("GB").ok();
        let store = Store::open_in_region(&path, gb).unwrap();
        let forms = store.read().phone_forms(ContactId(1)).unwrap();
        let e164: Vec<Option<&str>> = forms.iter().map(|(_, e)| e.as_deref()).collect();
        assert_eq!(e164, [Some("+442079460958"), Some("+442079460959"), None]);
    }
}
