//! Another crm never locks you out: a call logged while another process holds the write
//! lock (an import) is queued at once and written exactly once when the lock is free. On a
//! file the lock is SQLite's; on a team's server (`CRM_TEST_PG`) it is the team's write
//! turn, held from a session of its own as a teammate's import holds it.

mod common;
use common::Env;
use std::time::{Duration, Instant};

/// The advisory lock every crm takes for its turn to write (`WRITE_LOCK` in
/// src/store/db/pg.rs).
const WRITE_LOCK: i64 = 0x4352_4D32;

/// Another process in the middle of a long write: on a file, SQLite's write lock; on a
/// server, the team's write turn and an open SERIALIZABLE transaction that has read.
enum Held {
    File(rusqlite::Connection, std::fs::File),
    Server(postgres::Client),
}

/// The advisory lock a long write holds while it runs (`LONG_WRITE` there).
const LONG_WRITE: i64 = 0x4352_4D4C;

/// Holds the write lock on the test's database, as a long import does.
fn hold_write_lock(env: &Env) -> Held {
    if let Some(name) = &env.pg_db {
        let mut c = common::pg::client(Some(name));
        c.execute("SELECT pg_advisory_lock($1)", &[&WRITE_LOCK])
            .unwrap();
        c.execute("SELECT pg_advisory_lock($1)", &[&LONG_WRITE])
            .unwrap();
        c.batch_execute("BEGIN ISOLATION LEVEL SERIALIZABLE; SELECT count(*) FROM contacts")
            .unwrap();
        return Held::Server(c);
    }
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    // Marked as a long write, as crm's import marks itself (crm.db-long, locked).
    let mark = std::fs::File::create(env.db.with_file_name("crm.db-long")).unwrap();
    mark.lock().unwrap();
    Held::File(conn, mark)
}

impl Held {
    /// Runs `sql` in the held transaction, commits and lets the next writer in.
    fn commit_after(self, sql: &str) {
        match self {
            Held::File(c, _mark) => c.execute_batch(&format!("{sql}; COMMIT")).unwrap(),
            Held::Server(mut c) => {
                c.batch_execute(&format!("{sql}; COMMIT")).unwrap();
                c.execute("SELECT pg_advisory_unlock($1)", &[&WRITE_LOCK])
                    .unwrap();
                c.execute("SELECT pg_advisory_unlock($1)", &[&LONG_WRITE])
                    .unwrap();
            }
        }
    }
}

/// How many changes wait in the queue (the file's rows, or the server's table's).
fn queued_rows(env: &Env) -> i64 {
    if let Some(name) = &env.pg_db {
        let mut c = common::pg::client(Some(name));
        return c
            .query_one("SELECT count(*) FROM queued", &[])
            .unwrap()
            .get(0);
    }
    let path = env.db.with_file_name("crm.db-queue");
    if !path.exists() {
        return 0;
    }
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("SELECT count(*) FROM queued", [], |r| r.get(0))
        .unwrap()
}

/// `crm ARGS` as the team member `who` (on a file, only `USER` differs).
fn ok_as(env: &Env, who: &str, args: &[&str]) -> String {
    let out = env.cmd(args).env("USER", who).output().unwrap();
    assert!(
        out.status.success(),
        "crm {args:?} as {who} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn a_call_logged_during_a_long_write_is_queued_then_written_once() {
    let env = Env::seeded();
    let lock = hold_write_lock(&env);
    let started = Instant::now();
    // On a server, queued by one team member and written by another's crm.
    let out = ok_as(&env, "ada", &["log-call", "ada", "pricing while importing"]);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        out.contains("Logged call with Ada Lovelace (#1). Another crm is writing"),
        "{out}"
    );
    assert!(out.contains("queued"), "{out}");
    let json = env.json(&["log-meeting", "ada", "a meeting too"]);
    assert_eq!(json["queued"], true, "{json}");
    assert_eq!(json["contact_id"], 1);
    // Readers are never blocked, and see nothing of the queued calls yet.
    let shown = env.ok(&["contact", "show", "ada"]);
    assert_eq!(count(&shown, "pricing while importing"), 0, "{shown}");
    let listed = env.ok(&["doctor", "--queue"]);
    assert_eq!(count(&listed, "waiting for the write lock"), 2, "{listed}");
    assert_eq!(queued_rows(&env), 2);
    if let Some(name) = &env.pg_db {
        // The team's table: the database owner's (the group every member is in), and no
        // trigger that a writer's transaction could hold it with.
        let mut c = common::pg::client(Some(name));
        let row = c
            .query_one(
                "SELECT t.tableowner::text = pg_get_userbyid(d.datdba)::text, \
                 (SELECT count(*) FROM pg_trigger g WHERE g.tgrelid = 'queued'::regclass \
                  AND NOT g.tgisinternal) \
                 FROM pg_tables t, pg_database d \
                 WHERE t.tablename = 'queued' AND d.datname = current_database()",
                &[],
            )
            .unwrap();
        assert!(row.get::<_, bool>(0), "owned by the database's owner");
        assert_eq!(row.get::<_, i64>(1), 0, "no triggers on queued");
    }
    lock.commit_after("SELECT 1");
    // The next command writes the queue first.
    let shown = ok_as(&env, "bob", &["contact", "show", "ada"]);
    assert_eq!(count(&shown, "pricing while importing"), 1, "{shown}");
    assert_eq!(count(&shown, "a meeting too"), 1, "{shown}");
    let shown = env.ok(&["contact", "show", "ada"]);
    assert_eq!(count(&shown, "pricing while importing"), 1, "{shown}");
    assert!(env.ok(&["doctor", "--queue"]).contains("Nothing is queued"));
    assert!(!env.ok(&["doctor"]).contains("queued"));
    assert_eq!(queued_rows(&env), 0);
    // History names who logged the call, not whose crm wrote it.
    let by_ada = env.ok(&["history", "--by", "ada", "--json"]);
    assert_eq!(count(&by_ada, "pricing while importing"), 1, "{by_ada}");
    let by_bob = env.ok(&["history", "--by", "bob", "--json"]);
    assert_eq!(count(&by_bob, "pricing while importing"), 0, "{by_bob}");
    // Written as one change (one drain): `crm undo` takes back both.
    env.ok(&["undo"]);
    let shown = env.ok(&["contact", "show", "ada"]);
    assert_eq!(count(&shown, "a meeting too"), 0, "{shown}");
    assert_eq!(count(&shown, "pricing while importing"), 0, "{shown}");
}

#[test]
fn a_queued_call_whose_contact_went_meanwhile_is_kept_and_shown_by_doctor() {
    let env = Env::seeded();
    let lock = hold_write_lock(&env);
    env.ok(&["log-call", "grace", "about COBOL"]);
    // The long write removes Grace before it ends.
    lock.commit_after("DELETE FROM contacts WHERE name = 'Grace Hopper'");
    let out = env.cmd(&["contact", "list"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success());
    assert!(
        err.contains("the queued call with Grace Hopper (#2) could not be written"),
        "{err}"
    );
    let problems = env.fails(&["doctor"], 1);
    assert!(
        problems.contains("the queued call with Grace Hopper (#2)"),
        "{problems}"
    );
    let listed = env.ok(&["doctor", "--queue"]);
    assert!(listed.contains("failed:"), "{listed}");
    let key: serde_json::Value = env.json(&["doctor", "--queue"]);
    let key = key[0]["key"].as_str().unwrap().to_string();
    let dropped = env.ok(&["doctor", "--queue", "--drop", &key[..8]]);
    assert!(
        dropped.contains("Dropped the queued call with Grace Hopper"),
        "{dropped}"
    );
    assert!(env.ok(&["doctor", "--queue"]).contains("Nothing is queued"));
}

#[test]
fn a_bad_reference_is_refused_at_once_even_while_another_writes() {
    let env = Env::seeded();
    let _lock = hold_write_lock(&env);
    let started = Instant::now();
    let err = env.fails(&["log-call", "nobody-at-all", "hello"], 1);
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(err.contains("nobody-at-all"), "{err}");
    assert!(!env.db.with_file_name("crm.db-queue").exists());
    assert_eq!(queued_rows(&env), 0);
}

#[test]
fn tasks_and_whole_messages_queue_too_and_are_written_as_typed() {
    let env = Env::seeded();
    env.ok(&["task", "add", "Send the offer", "--contact", "ada"]);
    let lock = hold_write_lock(&env);
    let started = Instant::now();
    let added = env.ok(&[
        "task",
        "add",
        "Call back",
        "--contact",
        "ada",
        "--due",
        "tomorrow",
    ]);
    assert!(
        added.contains("Queued the task \"Call back\" for Ada Lovelace"),
        "{added}"
    );
    let done = env.json(&["task", "done", "1"]);
    assert_eq!(done["queued"], true, "{done}");
    assert_eq!(done["what"], "task #1 \"Send the offer\" done", "{done}");
    let mail = "From: Ada Lovelace <ada@example.com>\r\nTo: me@example.com\r\nSubject: Re: the offer\r\nMessage-ID: <offer-1@example.com>\r\nDate: Sat, 21 Nov 2026 09:00:00 +0000\r\n\r\nYes, let us go ahead.\r\n";
    let out = env
        .cmd(&["log-email", "--eml", "-"])
        .write_stdin(mail)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("Queued the e-mail \"Re: the offer\""),
        "{said}"
    );
    // Each waited its 0.3 s, none the ten seconds a busy database used to cost.
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "took {:?}",
        started.elapsed()
    );
    // Refused at once, not queued: a task nobody can be found for.
    env.fails(&["task", "add", "x", "--contact", "nobody-at-all"], 1);
    assert_eq!(
        env.json(&["doctor", "--queue"]).as_array().unwrap().len(),
        3
    );
    lock.commit_after("SELECT 1");
    let tasks = env.json(&["task", "list", "--all"]);
    let titles: Vec<_> = tasks
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["title"].as_str().unwrap(), t["done_at"].is_string()))
        .collect();
    assert!(titles.contains(&("Send the offer", true)), "{tasks}");
    assert!(titles.contains(&("Call back", false)), "{tasks}");
    let shown = env.ok(&["contact", "show", "ada"]);
    assert_eq!(count(&shown, "Re: the offer"), 1, "{shown}");
    // The same message again is known at once, lock or not.
    let again = env
        .cmd(&["log-email", "--eml", "-"])
        .write_stdin(mail)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("Already logged"));
}

#[test]
fn a_short_write_by_another_is_waited_for_and_nothing_queues() {
    let env = Env::seeded();
    // Another crm's short write (no long-write mark) holds the lock for a second.
    let holder = if let Some(name) = &env.pg_db {
        let mut c = common::pg::client(Some(name));
        c.execute("SELECT pg_advisory_lock($1)", &[&WRITE_LOCK])
            .unwrap();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            c.execute("SELECT pg_advisory_unlock($1)", &[&WRITE_LOCK])
                .unwrap();
        })
    } else {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            conn.execute_batch("COMMIT").unwrap();
        })
    };
    let started = Instant::now();
    let v = env.json(&["task", "add", "Call back", "--contact", "ada"]);
    holder.join().unwrap();
    assert!(v["id"].is_i64(), "written, with its id: {v}");
    assert!(v.get("queued").is_none(), "{v}");
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert_eq!(queued_rows(&env), 0);
}
