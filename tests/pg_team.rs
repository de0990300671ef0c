//! Team mode on PostgreSQL (issue 16, "Tests that must exist"): many people writing at
//! once, a server lost in the middle of an import, two people saving one contact, and the
//! app seeing another person's call. Every test here passes at once (saying so) when
//! `CRM_TEST_PG` is not set: the SQLite run is unaffected.

mod common;
#[path = "pg_team/support.rs"]
mod support;

use std::collections::BTreeMap;
use std::process::Output;
use std::time::{Duration, Instant};

use common::pg;
use common::Env;
use serde_json::Value;
use support::{people_csv, Server, Tmux};

/// The people who write at once in the concurrency test.
const ROLES: &[&str] = &["tester", "robin", "ada", "bob"];
const SHARED: &str = "shared@example.com";

fn skip(test: &str) -> bool {
    if pg::on() {
        return false;
    }
    eprintln!("skipped {test}: CRM_TEST_PG is not set (bash .ci/pg.sh run cargo nextest run)");
    true
}

/// `crm ARGS` on `env`'s database as `who`.
fn as_(env: &Env, who: &str, args: &[&str]) -> Output {
    env.cmd(args).env("USER", who).output().unwrap()
}

fn ok_as(env: &Env, who: &str, args: &[&str]) -> String {
    let out = as_(env, who, args);
    assert!(
        out.status.success(),
        "crm {args:?} as {who} failed ({:?}):\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// One value from the test's database, read beside crm (`SELECT … ::bigint`).
fn scalar(env: &Env, sql: &str) -> i64 {
    let name = env.pg_db.as_deref().expect("on PostgreSQL");
    pg::client(Some(name)).query_one(sql, &[]).unwrap().get(0)
}

/// One write of a worker in the concurrency test.
#[derive(Clone, Debug)]
enum Op {
    AddContact {
        name: String,
        tag: String,
    },
    LogCall {
        summary: String,
    },
    AddTask {
        title: String,
    },
    /// Ticks off the task the worker added last.
    DoneTask,
    EditShared {
        title: String,
        mark: String,
    },
    MoveDeal {
        deal: i64,
        stage: &'static str,
    },
}

const STAGES: &[&str] = &["qualified", "proposal", "negotiation", "lead"];

/// Worker `w`'s writes, in order: contacts with a tag of their own, calls and tasks on the
/// shared contact, every tenth write an edit of the shared contact's title and a custom
/// field, every other tenth a move of the worker's own deal to the next open stage.
fn plan(w: usize, writes: usize, deal: i64) -> Vec<Op> {
    let mut moves = 0;
    (0..writes)
        .map(|k| match k % 5 {
            0 => Op::AddContact {
                name: format!("Worker {w} person {k}"),
                tag: format!("w{w}k{k}"),
            },
            1 => Op::LogCall {
                summary: format!("call {w}-{k}"),
            },
            2 => Op::AddTask {
                title: format!("task {w}-{k}"),
            },
            3 => Op::DoneTask,
            _ if (k / 5) % 2 == 0 => Op::EditShared {
                title: format!("title {w}-{k}"),
                mark: format!("{w}-{k}"),
            },
            _ => {
                moves += 1;
                Op::MoveDeal {
                    deal,
                    stage: STAGES[(moves - 1) % STAGES.len()],
                }
            }
        })
        .collect()
}

/// Runs worker `w`'s plan as `who`; the failures, as text.
fn work(env: &Env, who: &str, ops: &[Op]) -> Vec<String> {
    let mut failures = Vec::new();
    let mut last_task = None;
    for op in ops {
        let owned: Vec<String> = match op {
            Op::AddContact { name, tag } => vec![
                "contact".into(),
                "add".into(),
                name.clone(),
                "--tag".into(),
                tag.clone(),
            ],
            Op::LogCall { summary } => vec!["log-call".into(), SHARED.into(), summary.clone()],
            Op::AddTask { title } => vec![
                "task".into(),
                "add".into(),
                title.clone(),
                "--contact".into(),
                SHARED.into(),
                "--json".into(),
            ],
            Op::DoneTask => vec![
                "task".into(),
                "done".into(),
                last_task.take().map_or("0".into(), |t: i64| t.to_string()),
            ],
            Op::EditShared { title, mark } => vec![
                "contact".into(),
                "edit".into(),
                SHARED.into(),
                "--title".into(),
                title.clone(),
                "--field".into(),
                format!("mark={mark}"),
            ],
            Op::MoveDeal { deal, stage } => vec![
                "deal".into(),
                "move".into(),
                deal.to_string(),
                (*stage).into(),
            ],
        };
        let mut args: Vec<&str> = owned.iter().map(String::as_str).collect();
        if !matches!(op, Op::AddTask { .. }) {
            args.push("-q");
        }
        let out = as_(env, who, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() || !err.trim().is_empty() {
            failures.push(format!(
                "crm {args:?} as {who}: exit {:?}: {err}",
                out.status.code()
            ));
            continue;
        }
        if let Op::AddTask { .. } = op {
            let v: Value = serde_json::from_slice(&out.stdout).unwrap();
            last_task = v["id"].as_i64();
        }
    }
    failures
}

/// 20 processes as 4 roles write at once; nothing is lost and history names everyone.
/// `CRM_TEST_PG_WRITES` sets the writes per process (the 50; 25 by default, which
/// keeps the test near 30 s on two busy cores).
#[test]
fn twenty_writers_as_four_roles_lose_nothing() {
    if skip("twenty_writers_as_four_roles_lose_nothing") {
        return;
    }
    let writes: usize = std::env::var("CRM_TEST_PG_WRITES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(25);
    let workers = 20;
    let env = Env::new();
    ok_as(
        &env,
        "tester",
        &["contact", "add", "Shared Person", "--email", SHARED, "-q"],
    );
    // Whatever a first call or task does to the contact (automation) happens before.
    ok_as(&env, "tester", &["log-call", SHARED, "setup call", "-q"]);
    ok_as(
        &env,
        "tester",
        &["task", "add", "setup task", "--contact", SHARED, "-q"],
    );
    let mut deals = Vec::new();
    for w in 0..workers {
        let who = format!("Deal owner {w}");
        ok_as(&env, "tester", &["contact", "add", &who, "-q"]);
        let v: Value = serde_json::from_str(&ok_as(
            &env,
            "tester",
            &[
                "deal",
                "add",
                &format!("Deal {w}"),
                "--contact",
                &who,
                "--json",
            ],
        ))
        .unwrap();
        deals.push(v["id"].as_i64().unwrap());
    }
    let shared_id = scalar(
        &env,
        "SELECT contact_id FROM contact_emails WHERE email = 'shared@example.com'",
    );
    let version0 = scalar(
        &env,
        &format!("SELECT version FROM contacts WHERE id = {shared_id}"),
    );
    let plans: Vec<Vec<Op>> = (0..workers).map(|w| plan(w, writes, deals[w])).collect();

    let start = Instant::now();
    let barrier = std::sync::Barrier::new(workers);
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = plans
            .iter()
            .enumerate()
            .map(|(w, ops)| {
                let (env, barrier) = (&env, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    work(env, ROLES[w % ROLES.len()], ops)
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    eprintln!(
        "{workers} writers × {writes} writes as {} roles: {:.1} s",
        ROLES.len(),
        start.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} commands failed:\n{}",
        failures.len(),
        failures.join("\n")
    );

    // Every contact, with its tag.
    let contacts: Value = serde_json::from_str(&ok_as(
        &env,
        "tester",
        &["export", "contacts", "--format", "json"],
    ))
    .unwrap();
    let contacts = contacts.as_array().unwrap();
    let added: Vec<(String, String)> = plans
        .iter()
        .flatten()
        .filter_map(|op| match op {
            Op::AddContact { name, tag } => Some((name.clone(), tag.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(contacts.len(), 1 + workers + added.len(), "contacts");
    for (name, tag) in &added {
        let found = contacts
            .iter()
            .filter(|c| c["name"] == name.as_str())
            .collect::<Vec<_>>();
        assert_eq!(found.len(), 1, "{name}");
        assert_eq!(found[0]["tags"], serde_json::json!([tag]), "{name}'s tags");
    }
    // Every call and task, every task done.
    let count = |what: &Op| {
        plans
            .iter()
            .flatten()
            .filter(|op| std::mem::discriminant(*op) == std::mem::discriminant(what))
            .count()
    };
    let calls = count(&Op::LogCall {
        summary: String::new(),
    });
    let tasks = count(&Op::AddTask {
        title: String::new(),
    });
    let edits = count(&Op::EditShared {
        title: String::new(),
        mark: String::new(),
    });
    let interactions: Value = serde_json::from_str(&ok_as(
        &env,
        "tester",
        &["export", "interactions", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(interactions.as_array().unwrap().len(), 1 + calls, "calls");
    let all_tasks: Value = serde_json::from_str(&ok_as(
        &env,
        "tester",
        &["export", "tasks", "--format", "json"],
    ))
    .unwrap();
    let all_tasks = all_tasks.as_array().unwrap();
    assert_eq!(all_tasks.len(), 1 + tasks, "tasks");
    let done = all_tasks.iter().filter(|t| t["done"] == true).count();
    assert_eq!(done, tasks, "tasks ticked off");

    // The shared contact: one of the written states whole (title and field from the same
    // edit: the newest), its version counting every edit.
    let shown: Value = serde_json::from_str(&ok_as(
        &env,
        "tester",
        &["contact", "show", SHARED, "--json"],
    ))
    .unwrap();
    let title = shown["title"].as_str().unwrap().to_string();
    let mark = title
        .strip_prefix("title ")
        .unwrap_or_else(|| panic!("title {title:?} was never written"));
    assert_eq!(
        shown["fields"]["mark"], mark,
        "title and field of one edit: {shown}"
    );
    let version = scalar(
        &env,
        &format!("SELECT version FROM contacts WHERE id = {shared_id}"),
    );
    assert_eq!(
        version,
        version0 + edits as i64,
        "the shared contact's version counts every edit"
    );
    let newest: String = {
        let name = env.pg_db.as_deref().unwrap();
        pg::client(Some(name))
            .query_one(
                "SELECT after FROM history WHERE entity = 'contact' AND entity_id = $1 \
                 AND action = 'update' ORDER BY id DESC LIMIT 1",
                &[&shared_id],
            )
            .unwrap()
            .get(0)
    };
    let newest: Value = serde_json::from_str(&newest).unwrap();
    assert_eq!(
        newest["title"],
        title.as_str(),
        "the newest edit in history is what is stored"
    );

    // Every deal where its last move put it, each move counted.
    let all_deals: Value = serde_json::from_str(&ok_as(
        &env,
        "tester",
        &["export", "deals", "--format", "json"],
    ))
    .unwrap();
    for (w, ops) in plans.iter().enumerate() {
        let moves: Vec<&str> = ops
            .iter()
            .filter_map(|op| match op {
                Op::MoveDeal { stage, .. } => Some(*stage),
                _ => None,
            })
            .collect();
        let d = all_deals
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == deals[w])
            .unwrap();
        assert_eq!(
            d["stage"],
            *moves.last().unwrap_or(&"lead"),
            "deal {}",
            deals[w]
        );
        let v = scalar(
            &env,
            &format!("SELECT version FROM deals WHERE id = {}", deals[w]),
        );
        assert_eq!(v, 1 + moves.len() as i64, "deal {}'s version", deals[w]);
    }

    // `crm history --by ROLE` shows each role's own changes, all of them.
    let limit = (workers * writes * 2).to_string();
    for (r, role) in ROLES.iter().enumerate() {
        let rows: Value = serde_json::from_str(&ok_as(
            &env,
            "grace",
            &["history", "--by", role, "--limit", &limit, "--json"],
        ))
        .unwrap();
        let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
        for row in rows.as_array().unwrap() {
            assert_eq!(row["by"], *role, "history --by {role}: {row}");
            let key = (
                row["entity"].as_str().unwrap().to_string(),
                row["action"].as_str().unwrap().to_string(),
            );
            *seen.entry(key).or_default() += 1;
        }
        let mine: Vec<&Op> = plans
            .iter()
            .enumerate()
            .filter(|(w, _)| w % ROLES.len() == r)
            .flat_map(|(_, p)| p)
            .collect();
        let n = |f: fn(&Op) -> bool| mine.iter().filter(|op| f(op)).count();
        let want = [
            (
                ("contact", "create"),
                n(|o| matches!(o, Op::AddContact { .. }))
                    + if *role == "tester" { 1 + workers } else { 0 },
            ),
            (
                ("interaction", "create"),
                n(|o| matches!(o, Op::LogCall { .. })) + usize::from(*role == "tester"),
            ),
            (
                ("task", "create"),
                n(|o| matches!(o, Op::AddTask { .. })) + usize::from(*role == "tester"),
            ),
            (("task", "done"), n(|o| matches!(o, Op::DoneTask))),
            (
                ("contact", "update"),
                n(|o| matches!(o, Op::EditShared { .. })),
            ),
            (("deal", "move"), n(|o| matches!(o, Op::MoveDeal { .. }))),
        ];
        for ((entity, action), count) in want {
            let got = seen
                .get(&(entity.to_string(), action.to_string()))
                .copied()
                .unwrap_or(0);
            assert_eq!(
                got, count,
                "history --by {role}: {entity} {action} ({seen:?})"
            );
        }
    }
}

/// `crm ARGS` as `who`, started and left running (std's Command, so it can be killed or
/// waited for); `TMPDIR` is the test's directory.
fn spawn_as(env: &Env, who: &str, args: &[&str], extra: &[(&str, &str)]) -> std::process::Child {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("crm"));
    if !args.contains(&"--db") {
        c.arg("--db").arg(&env.target);
    }
    c.args(args)
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        .env("HOME", env.dir.path())
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .env("XDG_DATA_HOME", env.dir.path().join("share"))
        .env("TMPDIR", env.dir.path())
        .env("USER", who)
        .env_remove("CRM_DB")
        .env_remove("CRM_CONFIG")
        .env_remove("PGUSER")
        .env_remove("VISUAL")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    if let Some(pw) = pg::password() {
        c.env("PGPASSWORD", pw);
    }
    for (k, v) in extra {
        c.env(k, v);
    }
    c.spawn().unwrap()
}

/// A shell script in the test's directory, usable as `$EDITOR`.
fn script(env: &Env, name: &str, body: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = env.dir.path().join(name);
    let d = env.dir.path().display();
    std::fs::write(&path, format!("#!/bin/sh\nD='{d}'\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700)).unwrap();
    path.display().to_string()
}

/// Two people open one contact (both read version N); the first save wins, the second is
/// refused naming the first, and its text is kept for it.
#[test]
fn the_second_of_two_saves_is_refused_naming_the_first() {
    if skip("the_second_of_two_saves_is_refused_naming_the_first") {
        return;
    }
    let env = Env::new();
    ok_as(
        &env,
        "tester",
        &[
            "contact",
            "add",
            "Shared Person",
            "--email",
            SHARED,
            "--title",
            "Original",
            "-q",
        ],
    );
    let id = scalar(
        &env,
        "SELECT contact_id FROM contact_emails WHERE email = 'shared@example.com'",
    );
    let version0 = scalar(
        &env,
        &format!("SELECT version FROM contacts WHERE id = {id}"),
    );
    // Each editor says it is open, waits for the other's, and saves; Bob's waits until
    // Ada's crm has finished.
    let wait = |f: &str| {
        format!("n=0; until [ -e \"$D/{f}\" ]; do n=$((n+1)); [ $n -gt 1200 ] && exit 9; sleep 0.05; done")
    };
    let ada = script(
        &env,
        "ada-editor.sh",
        &format!(
            "touch \"$D/ada.open\"\n{}\nsed -i 's/^title = .*/title = \"Ada was here\"/' \"$1\"",
            wait("bob.open")
        ),
    );
    let bob = script(
        &env,
        "bob-editor.sh",
        &format!(
        "touch \"$D/bob.open\"\n{}\n{}\nsed -i 's/^title = .*/title = \"Bob was here\"/' \"$1\"",
        wait("ada.open"),
        wait("ada.saved")
    ),
    );
    let edit = ["contact", "edit", SHARED, "--editor"];
    let a = spawn_as(&env, "ada", &edit, &[("EDITOR", &ada)]);
    let b = spawn_as(&env, "bob", &edit, &[("EDITOR", &bob)]);
    let a = a.wait_with_output().unwrap();
    assert!(
        a.status.success(),
        "ada's save: {}",
        String::from_utf8_lossy(&a.stderr)
    );
    std::fs::write(env.dir.path().join("ada.saved"), "").unwrap();
    let b = b.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&b.stderr);
    assert_eq!(
        b.status.code(),
        Some(1),
        "bob's save must be refused: {err}"
    );
    assert!(
        err.contains(&format!("contact #{id} was changed by ada ("))
            && err.contains("since you opened it"),
        "bob is told who saved first: {err}"
    );
    let kept = err
        .split("Your text is kept in ")
        .nth(1)
        .map(|s| s.trim().trim_end_matches('.').to_string())
        .unwrap_or_else(|| panic!("bob's text is kept: {err}"));
    assert!(std::fs::read_to_string(&kept)
        .unwrap()
        .contains("Bob was here"));
    let shown: Value = serde_json::from_str(&ok_as(
        &env,
        "grace",
        &["contact", "show", SHARED, "--json"],
    ))
    .unwrap();
    assert_eq!(shown["title"], "Ada was here");
    assert_eq!(
        scalar(
            &env,
            &format!("SELECT version FROM contacts WHERE id = {id}")
        ),
        version0 + 1
    );
    let by: Value =
        serde_json::from_str(&ok_as(&env, "grace", &["history", "--by", "ada", "--json"])).unwrap();
    assert_eq!(by.as_array().unwrap().len(), 1, "ada's one change: {by}");
    let by: Value =
        serde_json::from_str(&ok_as(&env, "grace", &["history", "--by", "bob", "--json"])).unwrap();
    assert_eq!(by, serde_json::json!([]), "bob changed nothing");
}

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

/// The client backend of `USER`'s session on database `$1` whose transaction has run for
/// a while: the import, in the middle of its rows.
const IMPORTING: &str = "SELECT pid FROM pg_stat_activity WHERE datname = $1 \
     AND usename = 'tester' AND backend_type = 'client backend' \
     AND xact_start < now() - interval '400 milliseconds' LIMIT 1";

/// Rows in the big CSV: enough that the import runs for seconds.
const ROWS: usize = 20_000;

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

/// The app on PostgreSQL shows another person's `crm log-call` within a second
/// (LISTEN/NOTIFY, polled every tick).
#[test]
fn the_app_sees_another_persons_call_within_a_second() {
    if skip("the_app_sees_another_persons_call_within_a_second") {
        return;
    }
    let Some(t) = Tmux::start(140, 35) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is missing in CI; .ci/run installs it"
        );
        eprintln!(
            "skipped the_app_sees_another_persons_call_within_a_second: tmux is not installed"
        );
        return;
    };
    let env = Env::new();
    ok_as(
        &env,
        "tester",
        &["contact", "add", "Shared Person", "--email", SHARED, "-q"],
    );
    ok_as(
        &env,
        "tester",
        &["log-call", SHARED, "the first call", "-q"],
    );
    let bin = assert_cmd::cargo::cargo_bin("crm");
    let pw = pg::password()
        .map(|p| format!("export PGPASSWORD='{p}'"))
        .unwrap_or_default();
    let d = env.dir.path().display();
    let app = script(
        &env,
        "app.sh",
        &format!(
        "{pw}\nunset PGUSER CRM_DB CRM_CONFIG\nexport TZ=UTC NO_COLOR=1 USER=tester HOME=\"$D\" \
         XDG_CONFIG_HOME=\"$D/config\" XDG_DATA_HOME=\"$D/share\"\nexec '{}' --db '{}'",
        bin.display(),
        env.target
    ),
    );
    let _ = d;
    t.keys(&[&format!("{app}; echo EXIT=$?"), "Enter"]);
    let long = Duration::from_secs(20);
    t.wait_for("1 Pipeline", long)
        .unwrap_or_else(|s| panic!("the app did not start:\n{s}"));
    t.keys(&["3"]);
    t.wait_for("the first call", long)
        .unwrap_or_else(|s| panic!("no activity view:\n{s}"));
    ok_as(
        &env,
        "robin",
        &["log-call", SHARED, "robin calls from the shell", "-q"],
    );
    let seen = t.wait_for("robin calls from the shell", Duration::from_millis(1000));
    let seen =
        seen.unwrap_or_else(|s| panic!("robin's call was not on the screen within a second:\n{s}"));
    eprintln!(
        "the app showed robin's call {} ms after crm log-call ended",
        seen.as_millis()
    );
    t.keys(&["q"]);
    t.wait_for("EXIT=0", long)
        .unwrap_or_else(|s| panic!("the app did not quit cleanly:\n{s}"));
}
