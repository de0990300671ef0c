//! Another crm never locks you out: a call logged while another process holds the write
//! lock (an import) is queued at once and written exactly once when the lock is free.

mod common;
use common::Env;
use std::time::{Duration, Instant};

/// Holds SQLite's write lock on the test's database, as a long import does.
fn hold_write_lock(env: &Env) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    conn
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn a_call_logged_during_a_long_write_is_queued_then_written_once() {
    let env = Env::seeded();
    if env.on_pg() {
        return; // the queue is beside a database file; on a server crm waits its turn
    }
    let lock = hold_write_lock(&env);
    let started = Instant::now();
    let out = env.ok(&["log-call", "ada", "pricing while importing"]);
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
    lock.execute_batch("COMMIT").unwrap();
    drop(lock);
    // The next command writes the queue first.
    let shown = env.ok(&["contact", "show", "ada"]);
    assert_eq!(count(&shown, "pricing while importing"), 1, "{shown}");
    assert_eq!(count(&shown, "a meeting too"), 1, "{shown}");
    let shown = env.ok(&["contact", "show", "ada"]);
    assert_eq!(count(&shown, "pricing while importing"), 1, "{shown}");
    assert!(env.ok(&["doctor", "--queue"]).contains("Nothing is queued"));
    assert!(!env.ok(&["doctor"]).contains("queued"));
    // Written as one change (one drain): `crm undo` takes back both.
    env.ok(&["undo"]);
    let shown = env.ok(&["contact", "show", "ada"]);
    assert_eq!(count(&shown, "a meeting too"), 0, "{shown}");
    assert_eq!(count(&shown, "pricing while importing"), 0, "{shown}");
}

#[test]
fn a_queued_call_whose_contact_went_meanwhile_is_kept_and_shown_by_doctor() {
    let env = Env::seeded();
    if env.on_pg() {
        return;
    }
    let lock = hold_write_lock(&env);
    env.ok(&["log-call", "grace", "about COBOL"]);
    // The long write removes Grace before it ends.
    lock.execute_batch("DELETE FROM contacts WHERE name = 'Grace Hopper'; COMMIT")
        .unwrap();
    drop(lock);
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
    if env.on_pg() {
        return;
    }
    let _lock = hold_write_lock(&env);
    let err = env.fails(&["log-call", "nobody-at-all", "hello"], 1);
    assert!(err.contains("nobody-at-all"), "{err}");
    assert!(!env.db.with_file_name("crm.db-queue").exists());
}

#[test]
fn tasks_and_whole_messages_queue_too_and_are_written_as_typed() {
    let env = Env::seeded();
    if env.on_pg() {
        return;
    }
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
    lock.execute_batch("COMMIT").unwrap();
    drop(lock);
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
