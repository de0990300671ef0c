use super::super::open::migrate;
use super::MIGRATIONS;
use crate::store::db::Conn;
use crate::store::db::DbResult;

#[test]
fn portable_keys_keep_the_order_and_matches_of_a_version_6_database() {
    let conn = Conn::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys=ON").unwrap();
    migrate(&conn, None, &MIGRATIONS[..6]).unwrap();
    conn.execute_batch(
        "INSERT INTO tags (name) VALUES ('VIP'), ('Café'), ('board');
         INSERT INTO imports (entity, file, format, at) VALUES ('contacts', 'a.csv', 'csv', 0);
         INSERT INTO import_items (import_id, entity, entity_id, action) VALUES
            (1, 'contact', 30, 'create'), (1, 'contact', 10, 'merge'), (1, 'contact', 20, 'create');",
    )
    .unwrap();
    migrate(&conn, None, MIGRATIONS).unwrap();

    let ids: Vec<i64> = conn
        .prepare("SELECT entity_id FROM import_items WHERE import_id = 1 ORDER BY id DESC")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<DbResult<_>>()
        .unwrap();
    assert_eq!(ids, [20, 10, 30], "newest first, as by rowid before");

    let names: Vec<String> = conn
        .prepare("SELECT name FROM tags ORDER BY name_key")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<DbResult<_>>()
        .unwrap();
    assert_eq!(names, ["board", "Café", "VIP"], "the order NOCASE gave");
    let vip: i64 = conn
        .query_row("SELECT id FROM tags WHERE name_key = 'vip'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(vip, 1);
    let added = conn
        .execute(
            "INSERT INTO tags (name, name_key) VALUES ('vip', 'vip') ON CONFLICT DO NOTHING",
            [],
        )
        .unwrap();
    assert_eq!(
        added, 0,
        "a tag differing only in ASCII case is the same tag"
    );
    // Non-ASCII letters differ, as they did under NOCASE.
    let added = conn
        .execute(
            "INSERT INTO tags (name, name_key) VALUES ('CAFÉ', 'cafÉ') ON CONFLICT DO NOTHING",
            [],
        )
        .unwrap();
    assert_eq!(added, 1);
}

#[test]
fn version_9_logs_rows_of_an_older_database_from_then_on() {
    let conn = Conn::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys=ON").unwrap();
    migrate(&conn, None, &MIGRATIONS[..8]).unwrap();
    conn.execute_batch(
        "INSERT INTO contacts (name, name_key, search_key, created_at, updated_at) VALUES ('Ada', 'ada', 'ada', 0, 0);
         INSERT INTO history (entity, entity_id, action, at) VALUES ('contact', 1, 'create', 0);",
    )
    .unwrap();
    migrate(&conn, None, MIGRATIONS).unwrap();
    let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(one("SELECT version FROM contacts"), 1);
    assert!(
        one("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'contacts'")
            >= 3
    );
    assert_eq!(
        one("SELECT count(*) FROM history WHERE change_id IS NULL"),
        1
    );
    // Outside a change (the sqlite3 shell), nothing is logged.
    conn.execute_batch("UPDATE contacts SET title = 'x'")
        .unwrap();
    assert_eq!(one("SELECT count(*) FROM undo_log"), 0);
    conn.execute_batch("UPDATE undo_ctx SET change_id = 7; UPDATE contacts SET title = 'y'")
        .unwrap();
    assert_eq!(
        one("SELECT count(*) FROM undo_log WHERE change_id = 7 AND op = 'update'"),
        1
    );
}

#[test]
fn version_10_gives_old_tasks_and_interactions_version_1_and_no_interval() {
    let conn = Conn::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys=ON").unwrap();
    // Found by its constant, so the test follows it when migrations are renumbered.
    let at = MIGRATIONS.iter().position(|m| *m == super::V10).unwrap();
    migrate(&conn, None, &MIGRATIONS[..at]).unwrap();
    conn.execute_batch(
        "INSERT INTO contacts (name, name_key, search_key, created_at, updated_at) VALUES ('Ada', 'ada', 'ada', 0, 0);
         INSERT INTO tasks (title, due_day, created_at) VALUES ('call back', '2026-11-23', 0);
         INSERT INTO interactions (contact_id, kind, occurred_at, summary, created_at) VALUES (1, 'call', 0, 'hi', 0);",
    )
    .unwrap();
    migrate(&conn, None, &MIGRATIONS[..=at]).unwrap();
    let task: (i64, Option<String>) = conn
        .query_row("SELECT version, every FROM tasks", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(task, (1, None));
    let v: i64 = conn
        .query_row("SELECT version FROM interactions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
}

#[test]
fn version_12_and_13_index_and_total_what_an_older_database_holds() {
    let conn = Conn::open_in_memory().unwrap();
    conn.execute_batch("PRAGMA foreign_keys=ON").unwrap();
    migrate(&conn, None, &MIGRATIONS[..11]).unwrap();
    conn.execute_batch(
        "INSERT INTO companies (name, name_key, domain, created_at, updated_at) VALUES ('Ørsted Vind ApS', 'orsted vind aps', 'orsted.example', 0, 0);
         INSERT INTO contacts (name, name_key, search_key, company_id, created_at, updated_at) VALUES ('Søren Ask', 'soren ask', 'soren ask orsted vind aps', 1, 0, 0);
         INSERT INTO deals (title, company_id, stage_id, status, value_minor, currency, created_at, updated_at) VALUES
            ('Turbine survey', 1, 1, 'open', 5000, 'EUR', 0, 0), ('Old one', 1, 1, 'won', 700, 'EUR', 0, 0);",
    )
    .unwrap();
    migrate(&conn, None, MIGRATIONS).unwrap();
    let hits = |table: &str, q: &str| -> Vec<i64> {
        conn.prepare(&format!(
            "SELECT rowid FROM {table} WHERE {table} MATCH ?1 ORDER BY rowid"
        ))
        .unwrap()
        .query_map([q], |r| r.get(0))
        .unwrap()
        .collect::<DbResult<_>>()
        .unwrap()
    };
    // Keys folded by crm's rules (ø is o), indexed by word prefix.
    assert_eq!(hits("companies_fts", "\"orst\"*"), [1]);
    assert_eq!(hits("companies_fts", "\"orsted\"* AND \"exa\"*"), [1]);
    assert_eq!(hits("deals_fts", "\"turb\"* AND \"vind\"*"), [1]);
    assert_eq!(hits("contacts_fts", "\"sor\"*"), [1]);
    // And kept up from then on.
    conn.execute(
        "UPDATE contacts SET search_key = 'soren ask' WHERE id = 1",
        [],
    )
    .unwrap();
    assert!(hits("contacts_fts", "\"orsted\"*").is_empty());
    let totals: (i64, i64) = conn
        .query_row("SELECT open_deals, value_minor FROM deal_totals", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(totals, (1, 5000), "the open deal only");
}
