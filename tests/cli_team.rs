//! Team mode's commands: `crm db copy` between backends and `crm team init`.

mod common;

use common::{pg, Env};

/// A small book with a bit of everything, made on `env`'s database.
fn book(env: &Env) {
    env.ok(&[
        "demo",
        "--contacts",
        "40",
        "--deals",
        "12",
        "--interactions",
        "150",
    ]);
    env.ok(&["log-call", "1", "talked pricing"]);
}

fn export_all(env: &Env, db: &str) -> String {
    let file = env.dir.path().join(format!("export-{}.json", db.len()));
    env.ok(&["--db", db, "export", "all", "-o", file.to_str().unwrap()]);
    std::fs::read_to_string(file).unwrap()
}

#[test]
fn copy_to_a_new_file_keeps_everything_and_refuses_a_full_target() {
    let env = Env::new();
    book(&env);
    let copy = env.dir.path().join("data/copy.db");
    let copy = copy.to_str().unwrap();
    let out = env.json(&["db", "copy", "--to", copy]);
    assert_eq!(out["verified"], true, "{out}");
    assert!(out["tables"]["contacts"].as_i64().unwrap() >= 40, "{out}");
    assert_eq!(export_all(&env, &env.target), export_all(&env, copy));
    // A second copy into the same file is refused and changes nothing there.
    let before = export_all(&env, copy);
    let err = env.fails(&["db", "copy", "--to", copy], 1);
    assert!(err.contains("already holds records"), "{err}");
    assert_eq!(export_all(&env, copy), before);
    // Copying a database onto itself is refused.
    let err = env.fails(&["db", "copy", "--to", &env.target.clone()], 1);
    assert!(
        err.contains("being copied") || err.contains("already holds"),
        "{err}"
    );
}

/// SQLite → PostgreSQL → SQLite gives the same `export all`, ids and history included.
#[test]
fn round_trip_through_postgres_is_identical() {
    if !pg::on() {
        return;
    }
    let env = Env::new();
    // The book starts in a file whatever backend the suite runs on.
    let file = env.dir.path().join("data/solo.db");
    let file = file.to_str().unwrap().to_string();
    let solo = |args: &[&str]| {
        let mut a = vec!["--db", file.as_str()];
        a.extend_from_slice(args);
        env.ok(&a)
    };
    solo(&[
        "demo",
        "--contacts",
        "40",
        "--deals",
        "12",
        "--interactions",
        "150",
    ]);
    solo(&["log-call", "1", "talked pricing"]);
    let (name, url) = pg::create();
    solo(&["db", "copy", "--to", &url]);
    let back = env.dir.path().join("data/back.db");
    let back = back.to_str().unwrap();
    env.ok(&["--db", &url, "db", "copy", "--to", back]);
    assert_eq!(export_all(&env, &file), export_all(&env, back));
    pg::drop_db(&name);
}

#[test]
fn team_init_prints_sql_and_needs_no_database() {
    let env = Env::new();
    let out = env.ok(&["team", "init", "--member", "ada", "--member", "grace"]);
    assert!(out.contains("CREATE ROLE \"crm_team\" NOLOGIN;"), "{out}");
    assert!(
        out.contains("CREATE ROLE \"ada\" LOGIN IN ROLE \"crm_team\";"),
        "{out}"
    );
    assert!(!out.contains("crm_owner_guard"), "{out}");
    // The guards on owned records come as a second script, for after the first connect.
    let guards = env.ok(&["team", "init", "--private"]);
    assert!(
        guards.contains("crm_owner_guard") && !guards.contains("CREATE ROLE"),
        "{guards}"
    );
    let err = env.fails(&["team", "init", "--member", "x; DROP TABLE y"], 1);
    assert!(err.contains("not a plain name"), "{err}");
}

/// The faults of issue 16, each a clear error naming the server (masked), exit 1.
#[test]
fn server_faults_are_clear_errors() {
    let env = Env::new();
    // Nothing listens on port 9 of this machine.
    let err = env.fails(
        &[
            "--db",
            "postgresql://ada@127.0.0.1:9/crm?sslmode=disable",
            "contact",
            "list",
        ],
        1,
    );
    assert!(
        err.contains("cannot connect to postgres://ada@127.0.0.1:9/crm")
            && err.contains("is the server running"),
        "{err}"
    );
    if !env.on_pg() {
        return;
    }
    env.ok(&["contact", "add", "Ada Lovelace"]);
    // A wrong password.
    let out = env
        .cmd(&["contact", "list"])
        .env("PGPASSWORD", "not-the-password")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    if pg::password().is_some() {
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("PGPASSWORD") && !err.contains("not-the-password"),
            "{err}"
        );
    }
    // TLS demanded from a server that offers none (the test server has no certificate).
    let plain = env.target.replace("sslmode=disable", "sslmode=require");
    if plain != env.target {
        let err = env.fails(&["--db", &plain, "contact", "list"], 1);
        assert!(err.contains("sslmode"), "{err}");
    }
    // A role that is not in the team: told to ask for the group, nothing shown.
    let mut admin = pg::client(None);
    let _ = admin.batch_execute(
        "DO $$ BEGIN CREATE ROLE outsider LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
    );
    if let Some(pw) = pg::password() {
        let _ = admin.batch_execute(&format!("ALTER ROLE outsider PASSWORD '{pw}'"));
    }
    let out = env
        .cmd(&["contact", "list"])
        .env("USER", "outsider")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("crm team init"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Ada"));
}

/// `demo --force` never wipes a team's server (there is no file to keep a copy of).
#[test]
fn demo_force_is_refused_on_a_server_with_records() {
    let env = Env::new();
    if !env.on_pg() {
        return;
    }
    env.ok(&["contact", "add", "Ada Lovelace"]);
    let err = env.refused(&["demo", "--force", "--contacts", "5"]);
    assert!(err.contains("erase everyone's work"), "{err}");
}

/// `team init --private`'s guards: someone else's deal is refused with its owner's name,
/// one's own goes through.
#[test]
fn guards_keep_owned_records_to_their_owner() {
    let env = Env::new();
    let Some(name) = env.pg_db.clone() else {
        return;
    };
    env.ok(&["contact", "add", "Ada Lovelace"]);
    env.ok(&[
        "deal",
        "add",
        "Robin's",
        "--contact",
        "1",
        "--owner",
        "robin",
    ]);
    env.ok(&["deal", "add", "Mine", "--contact", "1"]);
    let sql = env.ok(&["team", "init", "--private"]);
    let sql: String = sql
        .lines()
        .filter(|l| !l.starts_with("\\connect"))
        .collect::<Vec<_>>()
        .join("\n");
    pg::client(Some(&name)).batch_execute(&sql).unwrap();
    let err = env.refused(&["deal", "move", "1", "qualified"]);
    assert!(err.contains("deal #1 belongs to robin"), "{err}");
    env.ok(&["deal", "move", "2", "qualified"]);
    let out = env
        .cmd(&["deal", "move", "1", "qualified"])
        .env("USER", "robin")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
