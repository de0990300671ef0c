use super::super::migrations::MIGRATIONS;
use super::super::open::migrate;
use crate::store::db::Conn;

/// Owners of an older database come from the history rows that created them.
#[test]
fn existing_rows_take_the_by_of_their_create_row() {
    let conn = Conn::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys=ON").unwrap();
    // Found by its constant, so the test follows it when migrations are renumbered.
    let at = MIGRATIONS.iter().position(|m| *m == super::OWNERS).unwrap();
    migrate(&conn, None, &MIGRATIONS[..at]).unwrap();
    conn.execute_batch(
        "INSERT INTO contacts (name, name_key, search_key, created_at, updated_at) VALUES ('Ada', 'ada', 'ada', 0, 0);
         INSERT INTO deals (title, stage_id, status, value_minor, currency, created_at, updated_at, search_key)
            VALUES ('Website', 1, 'open', 0, 'EUR', 0, 0, 'website'), ('Kiosk', 1, 'open', 0, 'EUR', 0, 0, 'kiosk');
         INSERT INTO tasks (title, created_at) VALUES ('call back', 0), ('old one', 0);
         INSERT INTO cases (contact_id, title, priority, status, opened_at) VALUES (1, 'Login', 'normal', 'open', 0);
         INSERT INTO history (entity, entity_id, action, at, by) VALUES
            ('deal', 1, 'update', 0, 'mallory'),
            ('deal', 1, 'create', 0, 'ada'),
            ('deal', 2, 'create', 0, NULL),
            ('task', 1, 'create', 0, 'grace'),
            ('case', 1, 'create', 0, 'robin');",
    )
    .unwrap();
    migrate(&conn, None, &MIGRATIONS[..=at]).unwrap();
    let owners = |table: &str| -> Vec<Option<String>> {
        conn.prepare(&format!("SELECT owner FROM {table} ORDER BY id"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(owners("deals"), vec![Some("ada".into()), None]);
    assert_eq!(owners("tasks"), vec![Some("grace".into()), None]);
    assert_eq!(owners("cases"), vec![Some("robin".into())]);
}
