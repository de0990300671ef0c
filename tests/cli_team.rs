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
    let out = env.ok(&[
        "team",
        "init",
        "--member",
        "ada",
        "--member",
        "grace",
        "--private",
    ]);
    assert!(out.contains("CREATE ROLE \"crm_team\" NOLOGIN;"), "{out}");
    assert!(
        out.contains("CREATE ROLE \"ada\" LOGIN IN ROLE \"crm_team\";"),
        "{out}"
    );
    assert!(out.contains("ENABLE ROW LEVEL SECURITY"), "{out}");
    let err = env.fails(&["team", "init", "--member", "x; DROP TABLE y"], 1);
    assert!(err.contains("not a plain name"), "{err}");
}
