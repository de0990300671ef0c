//! The server lost in the middle of an import (issue 16's kill test): on a server of the
//! test's own, killed and started again, and by cutting the session on the shared one.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::common::{pg, Env};
use super::support::{people_csv, Server};
use super::{ok_as, skip, spawn_as};

/// Waits until `sql` (run on `client`) returns a row, for an import's transaction that
/// has run a while; `None` if `child` ended first.
fn wait_mid_import(
    client: &mut postgres::Client,
    sql: &str,
    db: &str,
    child: &mut std::process::Child,
) -> Option<i32> {
    let start = Instant::now();
    loop {
        if let Some(row) = client.query_opt(sql, &[&db]).unwrap() {
            return Some(row.get(0));
        }
        if child.try_wait().unwrap().is_some() {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut e, &mut err);
            }
            eprintln!(
                "the import ended first: {:?} {err}",
                child.try_wait().unwrap()
            );
            return None;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the import never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The client backend of `USER`'s session on database `$1` that has been at work for a
/// while: the import, in the middle of its rows (staging them or writing them).
const IMPORTING: &str = "SELECT pid FROM pg_stat_activity WHERE datname = $1 \
     AND usename = 'tester' AND backend_type = 'client backend' \
     AND backend_start < now() - interval '300 milliseconds' LIMIT 1";

/// Rows in the big CSV: enough that the import runs for seconds.
const ROWS: usize = 30_000;

/// After a failed import there is nothing of it (or, had it committed, all of it).
fn no_partial_import(env: &Env, db: &[&str]) {
    let mut args = db.to_vec();
    args.extend(["export", "contacts", "--format", "json"]);
    let contacts: Value = serde_json::from_str(&ok_as(env, "tester", &args)).unwrap();
    let n = contacts.as_array().unwrap().len();
    let mut args = db.to_vec();
    args.extend(["import", "list", "--json"]);
    let imports: Value = serde_json::from_str(&ok_as(env, "tester", &args)).unwrap();
    let imports = imports.as_array().unwrap();
    match n {
        0 => assert!(
            imports.is_empty(),
            "no contacts but an import is listed: {imports:?}"
        ),
        _ if n == ROWS => {
            assert_eq!(imports.len(), 1, "{imports:?}");
            assert_eq!(imports[0]["created"], ROWS, "{imports:?}");
        }
        _ => panic!("a partial import: {n} of {ROWS} contacts; imports: {imports:?}"),
    }
}

/// A server of the test's own (the shared one serves the tests running beside this one,
/// so it cannot be killed), with a database `crm` owned by `tester`, a person of the team
/// (not a superuser); `None` (the test skips, saying why) when none can be started here.
fn own_server(test: &str) -> Option<(Server, postgres::Client)> {
    let server = match Server::start() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("skipped {test}: no server of its own: {e}");
            return None;
        }
    };
    let mut admin = server.client("postgres");
    for sql in [
        "CREATE ROLE tester LOGIN",
        "CREATE DATABASE crm OWNER tester",
    ] {
        admin.batch_execute(sql).unwrap();
    }
    Some((server, admin))
}

/// Starts `crm ARGS` as tester, kills the server once its transaction has run a while,
/// and starts the server again; crm must have failed with one clear message.
fn crash_during(server: &Server, mut admin: postgres::Client, env: &Env, args: &[&str]) {
    let mut child = spawn_as(env, "tester", args, &[]);
    let pid = wait_mid_import(&mut admin, IMPORTING, "crm", &mut child);
    assert!(
        pid.is_some(),
        "crm {args:?} ended before the server could be killed"
    );
    drop(admin);
    server.crash();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    eprintln!(
        "crm {args:?} after the crash: exit {:?}: {err}",
        out.status.code()
    );
    assert_eq!(out.status.code(), Some(1), "crm {args:?} fails: {err}");
    assert!(
        err.starts_with("error: ") && err.lines().count() <= 2,
        "one clear message: {err}"
    );
    server.up().unwrap();
}

/// The server dies in the middle of `crm import contacts`: crm fails cleanly, and after a
/// restart there is no partial import.
#[test]
fn a_server_killed_mid_import_leaves_no_partial_import() {
    let test = "a_server_killed_mid_import_leaves_no_partial_import";
    if skip(test) {
        return;
    }
    let Some((server, admin)) = own_server(test) else {
        return;
    };
    let env = Env::new();
    let url = server.url("tester", "crm");
    // The tables first, so the long transaction is the import's.
    ok_as(&env, "tester", &["--db", &url, "contact", "list"]);
    let csv = env.dir.path().join("people.csv");
    people_csv(&csv, ROWS);
    let file = csv.display().to_string();
    crash_during(
        &server,
        admin,
        &env,
        &["--db", &url, "import", "contacts", &file],
    );
    no_partial_import(&env, &["--db", &url]);
}

/// The same for the other way data comes in whole, `crm db copy --to postgres://…` of a
/// freelancer's file: after the restart the database is empty (or whole), and the copy
/// can simply be run again.
#[test]
fn a_server_killed_mid_db_copy_leaves_an_empty_database() {
    let test = "a_server_killed_mid_db_copy_leaves_an_empty_database";
    if skip(test) {
        return;
    }
    let Some((server, admin)) = own_server(test) else {
        return;
    };
    let env = Env::new();
    let file = env.dir.path().join("data/solo.db").display().to_string();
    let demo = [
        "--db",
        &file,
        "demo",
        "--contacts",
        "15000",
        "--deals",
        "50",
    ];
    ok_as(
        &env,
        "tester",
        &[&demo[..], &["--interactions", "500", "-q"]].concat(),
    );
    let url = server.url("tester", "crm");
    ok_as(&env, "tester", &["--db", &url, "contact", "list"]);
    crash_during(
        &server,
        admin,
        &env,
        &["--db", &file, "db", "copy", "--to", &url],
    );
    let count = |u: &str| {
        let v: Value = serde_json::from_str(&ok_as(
            &env,
            "tester",
            &["--db", u, "export", "contacts", "--format", "json"],
        ))
        .unwrap();
        v.as_array().unwrap().len()
    };
    let n = count(&url);
    let all = count(&file);
    assert!(n == 0 || n == all, "a partial copy: {n} of {all} contacts");
    if n == 0 {
        ok_as(
            &env,
            "tester",
            &["--db", &file, "db", "copy", "--to", &url, "-q"],
        );
        assert_eq!(count(&url), all, "the copy run again is whole");
    }
}

/// The importing session is cut from another connection (`pg_terminate_backend`, what a
/// server restart or a dropped network does to crm) on the shared server.
#[test]
fn an_import_whose_session_is_cut_leaves_nothing() {
    if skip("an_import_whose_session_is_cut_leaves_nothing") {
        return;
    }
    let env = Env::new();
    ok_as(&env, "tester", &["contact", "list"]);
    let csv = env.dir.path().join("people.csv");
    people_csv(&csv, ROWS);
    let file = csv.display().to_string();
    let mut child = spawn_as(&env, "tester", &["import", "contacts", &file], &[]);
    let mut admin = pg::client(None);
    let name = env.pg_db.clone().unwrap();
    let pid = wait_mid_import(&mut admin, IMPORTING, &name, &mut child)
        .expect("the import ended before its session could be cut; raise ROWS");
    let cut: bool = admin
        .query_one("SELECT pg_terminate_backend($1)", &[&pid])
        .unwrap()
        .get(0);
    assert!(cut);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    eprintln!(
        "crm import after its session was cut: exit {:?}: {err}",
        out.status.code()
    );
    assert_eq!(out.status.code(), Some(1), "the import fails: {err}");
    assert!(
        err.starts_with("error: ") && err.lines().count() <= 2,
        "one clear message: {err}"
    );
    no_partial_import(&env, &[]);
}
