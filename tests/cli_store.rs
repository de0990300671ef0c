//! The file on disk: permissions, concurrency, backup, doctor, demo, completions and man.

mod common;
use common::Env;
use std::os::unix::fs::PermissionsExt;

fn mode(p: &std::path::Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn database_wal_and_shm_files_are_private() {
    if common::pg::on() {
        return; // no file on a server
    }
    let env = Env::seeded();
    // Hold a connection so SQLite keeps the -wal and -shm files after crm exits.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let _: i64 = conn
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
        .unwrap();
    env.ok(&["log-call", "ada", "check the modes"]);
    let wal = env.db.with_file_name("crm.db-wal");
    let shm = env.db.with_file_name("crm.db-shm");
    assert!(wal.exists() && shm.exists());
    assert_eq!(mode(&env.db), 0o600);
    assert_eq!(mode(&wal), 0o600);
    assert_eq!(mode(&shm), 0o600);
    assert_eq!(mode(env.db.parent().unwrap()), 0o700);
}

#[test]
fn eight_writers_at_once_lose_nothing() {
    let env = Env::seeded();
    // Eight writers at once, on the suite's backend (a file, or a team's server).
    std::thread::scope(|scope| {
        for w in 0..8 {
            let env = &env;
            scope.spawn(move || {
                for i in 0..50 {
                    let out = env
                        .cmd(&["log-call", "grace", &format!("writer {w} call {i}")])
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "writer {w} call {i}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            });
        }
    });
    if env.on_pg() {
        let all = env.json(&["interaction", "list", "--limit", "1000"]);
        let summaries: std::collections::BTreeSet<String> = all
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["summary"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(all.as_array().unwrap().len(), 400);
        assert_eq!(summaries.len(), 400);
        return;
    }
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM interactions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 400);
    let distinct: i64 = conn
        .query_row(
            "SELECT count(DISTINCT summary) FROM interactions",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(distinct, 400);
}

#[test]
fn crm_db_env_and_default_path() {
    let env = Env::new();
    let other = env.dir.path().join("elsewhere.db");
    let mut c = assert_cmd::Command::cargo_bin("crm").unwrap();
    c.args(["contact", "add", "Env Person"])
        .env("CRM_DB", &other)
        .env("HOME", env.dir.path())
        .env_remove("CRM_CONFIG");
    c.assert().success();
    assert!(other.exists());
    let mut c = assert_cmd::Command::cargo_bin("crm").unwrap();
    c.args(["contact", "add", "Default Person"])
        .env_remove("CRM_DB")
        .env("HOME", env.dir.path())
        .env("XDG_DATA_HOME", env.dir.path().join("xdg"))
        .env_remove("CRM_CONFIG");
    c.assert().success();
    let default = env.dir.path().join("xdg/crm/crm.db");
    assert!(default.exists());
    assert_eq!(mode(default.parent().unwrap()), 0o700);
    assert_eq!(mode(&default), 0o600);
}

#[test]
fn backup_and_doctor() {
    let env = Env::seeded();
    if env.on_pg() {
        let err = env.fails(&["backup", "copy.db"], 1);
        assert!(err.contains("crm db copy"), "{err}");
        let doc = env.json(&["doctor"]);
        assert_eq!(doc["ok"], true, "{doc}");
        assert_eq!(doc["journal_mode"], "postgresql");
        assert!(env.ok(&["doctor"]).contains("PostgreSQL server"));
        return;
    }
    let copy = env.dir.path().join("copy.db");
    env.ok(&["backup", copy.to_str().unwrap()]);
    assert_eq!(mode(&copy), 0o600);
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
    let err = env.fails(&["backup", copy.to_str().unwrap()], 1);
    assert!(err.contains("already exists"));
    let doc = env.json(&["doctor"]);
    assert_eq!(doc["ok"], true);
    assert_eq!(doc["journal_mode"], "wal");
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = env.fails(&["doctor"], 1);
    assert!(err.contains("readable by others"), "{err}");
}

#[test]
fn doctor_finds_totals_out_of_step_and_rebuild_mends_them() {
    let env = Env::seeded();
    env.ok(&["deal", "add", "Fjord survey", "--value", "500"]);
    assert_eq!(env.json(&["doctor"])["ok"], true);
    let skew = "UPDATE deal_totals SET open_deals = open_deals + 5";
    match &env.pg_db {
        Some(name) => {
            common::pg::client(Some(name)).batch_execute(skew).unwrap();
        }
        None => {
            let conn = rusqlite::Connection::open(&env.db).unwrap();
            conn.execute(skew, []).unwrap();
        }
    }
    let err = env.fails(&["doctor"], 1);
    assert!(
        err.contains("pipeline totals") && err.contains("--rebuild"),
        "{err}"
    );
    assert!(env
        .ok(&["doctor", "--rebuild"])
        .contains("Built the search indexes"));
    assert_eq!(env.json(&["doctor"])["ok"], true);
}

#[test]
fn demo_fills_and_refuses_to_overwrite() {
    let env = Env::new();
    let s = env.json(&[
        "demo",
        "--contacts",
        "60",
        "--deals",
        "20",
        "--interactions",
        "300",
    ]);
    assert_eq!(s["contacts"], 60);
    assert_eq!(s["deals"], 20);
    assert_eq!(s["interactions"], 300);
    let err = env.fails(&["demo"], 1);
    assert!(err.contains("--force"), "{err}");
    if env.on_pg() {
        // A team's server keeps its records: no copy could be kept (tests/cli_team.rs).
        let err = env.refused(&["demo", "--force"]);
        assert!(err.contains("erase everyone's work"), "{err}");
        return;
    }
    env.ok(&[
        "demo",
        "--force",
        "--contacts",
        "10",
        "--deals",
        "3",
        "--interactions",
        "20",
    ]);
    assert_eq!(env.json(&["contact", "list"]).as_array().unwrap().len(), 10);
    let backups = std::fs::read_dir(env.db.parent().unwrap())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("before-demo")
        })
        .count();
    // A server keeps no file to copy beside.
    assert_eq!(
        backups,
        usize::from(!env.on_pg()),
        "a copy of the replaced data is kept"
    );
    assert!(env.ok(&["agenda"]).contains("Agenda for"));
}

#[test]
fn demo_is_deterministic() {
    let a = Env::new();
    let b = Env::new();
    a.ok(&[
        "demo",
        "--contacts",
        "30",
        "--deals",
        "10",
        "--interactions",
        "100",
        "--seed",
        "7",
    ]);
    b.ok(&[
        "demo",
        "--contacts",
        "30",
        "--deals",
        "10",
        "--interactions",
        "100",
        "--seed",
        "7",
    ]);
    let names = |e: &Env| {
        e.json(&["contact", "list"])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&a), names(&b));
}

#[test]
fn completions_and_man_page() {
    let env = Env::new();
    // The fixed script lists the commands; the default one asks crm at each TAB.
    let bash = env.ok(&["completions", "bash", "--static"]);
    assert!(bash.contains("log-call") && bash.contains("complete"));
    let zsh = env.ok(&["completions", "zsh"]);
    assert!(zsh.contains("#compdef crm"));
    let man = env.ok(&["man"]);
    assert!(
        man.contains(".TH crm") || man.contains(".TH CRM"),
        "{}",
        &man[..200.min(man.len())]
    );
    env.fails(&["completions", "tcsh"], 2);
}
