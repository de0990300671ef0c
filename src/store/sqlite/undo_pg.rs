//! The undo log on PostgreSQL (see `undo.rs` for why a row log): what SQLite does with
//! per-table triggers, the catalog reads and the change number, in PostgreSQL's terms.
//!
//! - One trigger function, `crm_undo_log()`, attached to every logged table as
//!   `undo_<table>` with the table's key columns as its arguments. It writes the same rows
//!   SQLite's four triggers write: the key as a JSON array, the old image as a JSON object
//!   (`to_jsonb(OLD)`), in the shape `undo_replay.rs` reads back.
//! - The change being written is a transaction-local setting (`crm.change`), not the
//!   `undo_ctx` row: every writer updating that one row would make SERIALIZABLE writers
//!   conflict with each other all the time.
//! - Change numbers come from the `changes` identity sequence: two writers reading
//!   `max(id) + 1` at once would take the same one. Numbers of changes that wrote no
//!   history (or were rolled back) are skipped. Two changes that write the same row still
//!   commit in the order of their numbers: the later-numbered one took its snapshot
//!   later, so the other one writing the row after it committed fails to serialize and
//!   runs again with a new number.
//! - Keys are built as `jsonb` text everywhere on PostgreSQL (`[1, 2]`), in the trigger
//!   and in the queries comparing with them ([`key_sql`]), so they compare equal as text.

use crate::store::db::{Conn, DbResult, Optional};

use super::undo::UNLOGGED;

/// The tables the log follows on PostgreSQL, with their key columns as trigger arguments
/// (`'contact_id', 'tag_id'`): every table of the current schema with a primary key
/// but those in [`UNLOGGED`] and `crm_meta` (the schema version, PostgreSQL's own).
fn logged_sql() -> String {
    let skip: Vec<String> = UNLOGGED
        .iter()
        .chain(&["crm_meta"])
        .map(|t| format!("'{t}'"))
        .collect();
    format!(
        "SELECT CAST(c.relname AS TEXT) AS tbl, \
                string_agg(quote_literal(a.attname), ', ' ORDER BY k.n) AS args \
         FROM pg_class c \
         JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary \
         CROSS JOIN LATERAL unnest(CAST(i.indkey AS int2[])) WITH ORDINALITY k(attnum, n) \
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum \
         WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) \
           AND c.relkind IN ('r', 'p') AND c.relname NOT IN ({}) \
         GROUP BY c.relname",
        skip.join(", ")
    )
}

/// The trigger function. Kept free of `?` and of the words `db::pg::translate` rewrites,
/// as it goes through it.
const LOG_FUNCTION: &str = "
DECLARE
    cid BIGINT := CAST(nullif(current_setting('crm.change', true), '') AS BIGINT);
    o JSONB;
    n JSONB;
    ok TEXT;
    nk TEXT;
BEGIN
    IF cid IS NULL THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        o := to_jsonb(OLD);
        SELECT CAST(jsonb_agg(o -> c ORDER BY k) AS TEXT) INTO ok
            FROM unnest(TG_ARGV) WITH ORDINALITY u(c, k);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        n := to_jsonb(NEW);
        SELECT CAST(jsonb_agg(n -> c ORDER BY k) AS TEXT) INTO nk
            FROM unnest(TG_ARGV) WITH ORDINALITY u(c, k);
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO undo_log (change_id, tbl, op, key) VALUES (cid, TG_TABLE_NAME, 'insert', nk);
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO undo_log (change_id, tbl, op, key, old)
            VALUES (cid, TG_TABLE_NAME, 'delete', ok, CAST(o AS TEXT));
    ELSE
        IF o <> n THEN
            INSERT INTO undo_log (change_id, tbl, op, key, old)
                VALUES (cid, TG_TABLE_NAME, 'update', nk, CAST(o AS TEXT));
        END IF;
        IF ok <> nk THEN
            INSERT INTO undo_log (change_id, tbl, op, key) VALUES (cid, TG_TABLE_NAME, 'rekey', ok);
        END IF;
    END IF;
    RETURN NULL;
END
";

/// Notes in the transaction that its change was recorded (the `changes` row its first
/// history row writes), so closing the change need not read `changes`: under
/// SERIALIZABLE that read of the table every writer appends to made concurrent writers
/// conflict.
const RECORDED_FUNCTION: &str = "
BEGIN
    PERFORM set_config('crm.recorded', CAST(NEW.id AS TEXT), true);
    RETURN NULL;
END
";

/// Makes the trigger function and attaches it to every logged table, as one batch of
/// SQL (the migration runs it on its own client). It changes only what differs from what
/// is there, so when nothing does it only reads the catalog: no table is locked, and
/// writers running it at once do not trip over each other. Does nothing before the
/// schema has the log.
pub(crate) fn make_triggers_sql() -> String {
    let wanted = logged_sql();
    // The strays: undo triggers on tables no longer logged or named otherwise.
    format!(
        "DO $crm_do$
DECLARE
    body TEXT := $crm_fn${LOG_FUNCTION}$crm_fn$;
    recorded TEXT := $crm_fn${RECORDED_FUNCTION}$crm_fn$;
    t RECORD;
    want TEXT;
BEGIN
    IF to_regclass('undo_log') IS NULL THEN
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_proc WHERE oid = to_regprocedure('crm_undo_log()') AND prosrc = body) THEN
        EXECUTE 'CREATE OR REPLACE FUNCTION crm_undo_log() RETURNS trigger LANGUAGE plpgsql AS '
            || quote_literal(body);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_proc WHERE oid = to_regprocedure('crm_change_recorded()') AND prosrc = recorded) THEN
        EXECUTE 'CREATE OR REPLACE FUNCTION crm_change_recorded() RETURNS trigger LANGUAGE plpgsql AS '
            || quote_literal(recorded);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass('changes') AND tgname = 'crm_change_recorded') THEN
        CREATE TRIGGER crm_change_recorded AFTER INSERT ON changes
            FOR EACH ROW EXECUTE FUNCTION crm_change_recorded();
    END IF;
    FOR t IN SELECT CAST(g.tgname AS TEXT) AS name, CAST(c.relname AS TEXT) AS tbl
        FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
        WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
          AND NOT g.tgisinternal AND g.tgname LIKE 'undo\\_%'
          AND (g.tgname <> ('undo_' || c.relname) OR c.relname NOT IN (SELECT w.tbl FROM ({wanted}) w))
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t.name, t.tbl);
    END LOOP;
    FOR t IN SELECT w.tbl, w.args, g.oid AS have, g.tgtype AS kind
        FROM ({wanted}) w
        LEFT JOIN pg_trigger g ON g.tgrelid = CAST(quote_ident(w.tbl) AS regclass) AND g.tgname = 'undo_' || w.tbl
    LOOP
        want := 'FOR EACH ROW EXECUTE FUNCTION crm_undo_log(' || t.args || ')';
        -- tgtype 29: for each row (1), after insert (4), delete (8) and update (16).
        IF t.have IS NOT NULL AND t.kind = 29 AND right(pg_get_triggerdef(t.have), length(want)) = want THEN
            CONTINUE;
        END IF;
        IF t.have IS NOT NULL THEN
            EXECUTE format('DROP TRIGGER %I ON %I', 'undo_' || t.tbl, t.tbl);
        END IF;
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I ', 'undo_' || t.tbl, t.tbl)
            || want;
    END LOOP;
END
$crm_do$"
    )
}

/// Drops every undo trigger (made again by [`make_triggers_sql`]).
pub(super) fn drop_triggers(conn: &Conn) -> DbResult<()> {
    let old: Vec<(String, String)> = conn
        .prepare(
            "SELECT CAST(g.tgname AS TEXT), CAST(c.relname AS TEXT) FROM pg_trigger g \
             JOIN pg_class c ON c.oid = g.tgrelid \
             WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) \
               AND NOT g.tgisinternal AND g.tgname LIKE 'undo\\_%'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<DbResult<_>>()?;
    for (t, table) in old {
        conn.execute_batch(&format!("DROP TRIGGER \"{t}\" ON \"{table}\""))?;
    }
    Ok(())
}

/// The logged tables, by name.
pub(super) fn logged_tables(conn: &Conn) -> DbResult<Vec<String>> {
    conn.prepare(&format!(
        "SELECT tbl FROM ({}) w ORDER BY tbl",
        logged_sql()
    ))?
    .query_map([], |r| r.get(0))?
    .collect()
}

/// A table's columns (in table order) and its key columns (in key order).
pub(super) fn columns(conn: &Conn, table: &str) -> DbResult<(Vec<String>, Vec<String>)> {
    let cols: Vec<String> = conn
        .prepare_cached(
            "SELECT CAST(attname AS TEXT) FROM pg_attribute \
             WHERE attrelid = CAST(quote_ident(?1) AS regclass) AND attnum > 0 AND NOT attisdropped \
             ORDER BY attnum",
        )?
        .query_map([table], |r| r.get(0))?
        .collect::<DbResult<_>>()?;
    let pk: Vec<String> = conn
        .prepare_cached(
            "SELECT CAST(a.attname AS TEXT) FROM pg_index i \
             CROSS JOIN LATERAL unnest(CAST(i.indkey AS int2[])) WITH ORDINALITY k(attnum, n) \
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum \
             WHERE i.indrelid = CAST(quote_ident(?1) AS regclass) AND i.indisprimary ORDER BY k.n",
        )?
        .query_map([table], |r| r.get(0))?
        .collect::<DbResult<_>>()?;
    Ok((cols, pk))
}

/// Every foreign key column of the current schema: (child table, column, parent table,
/// parent column).
pub(super) fn foreign_keys(conn: &Conn) -> DbResult<Vec<(String, String, String, String)>> {
    conn.prepare(
        "SELECT CAST(ch.relname AS TEXT), CAST(ca.attname AS TEXT), \
                CAST(pa_t.relname AS TEXT), CAST(pa.attname AS TEXT) \
         FROM pg_constraint k \
         JOIN pg_class ch ON ch.oid = k.conrelid \
         JOIN pg_class pa_t ON pa_t.oid = k.confrelid \
         CROSS JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY u(ck, pk, n) \
         JOIN pg_attribute ca ON ca.attrelid = k.conrelid AND ca.attnum = u.ck \
         JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = u.pk \
         WHERE k.contype = 'f' \
           AND ch.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) \
         ORDER BY ch.relname, k.conname, u.n",
    )?
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
    .collect()
}

/// Starts a change: its number, from the sequence, set where the trigger reads it for the
/// rest of this transaction.
pub(super) fn open_change(conn: &Conn) -> DbResult<i64> {
    let id: String = conn.query_row(
        "SELECT set_config('crm.change', CAST(nextval(pg_get_serial_sequence('changes', 'id')) AS TEXT), true)",
        [],
        |r| r.get(0),
    )?;
    id.parse()
        .map_err(|_| crate::store::db::DbError::decode("a change number that is no number"))
}

/// Ends a change: stops logging, and says whether it was recorded.
pub(super) fn close_change(conn: &Conn, id: i64) -> DbResult<bool> {
    let recorded: String = conn.query_row(
        "SELECT set_config('crm.change', '', true) || coalesce(current_setting('crm.recorded', true), '')",
        [],
        |r| r.get(0),
    )?;
    if recorded == id.to_string() {
        return Ok(true);
    }
    // Not noted: no history (rare), or a schema whose trigger is missing; ask the table.
    Ok(conn
        .query_row("SELECT 1 FROM changes WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Stops logging for the rest of this transaction.
pub(super) fn stop_logging(conn: &Conn) -> DbResult<()> {
    conn.query_row("SELECT set_config('crm.change', '', true)", [], |_| Ok(()))
}

/// A JSON array of `exprs` as text, as the trigger writes keys.
pub(super) fn key_sql(exprs: &[String]) -> String {
    format!("CAST(jsonb_build_array({}) AS TEXT)", exprs.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trigger_sql_goes_through_the_connection_layer_unchanged() {
        // make_triggers sends it through db::pg::translate; the migration does not.
        let sql = make_triggers_sql();
        assert_eq!(crate::store::db::pg::translate(&sql), sql);
        for t in UNLOGGED {
            assert!(sql.contains(&format!("'{t}'")), "{t} is left out");
        }
    }

    #[test]
    fn keys_are_built_as_the_trigger_builds_them() {
        assert_eq!(
            key_sql(&["c.\"a\"".into(), "c.\"b\"".into()]),
            "CAST(jsonb_build_array(c.\"a\", c.\"b\") AS TEXT)"
        );
        assert!(LOG_FUNCTION.contains("CAST(jsonb_agg(n -> c ORDER BY k) AS TEXT)"));
    }
}
