//! Every bad input of the foundation issue: a clear message, exit 1, and no change.

mod common;
use common::Env;

/// Runs a failing command and checks it changed nothing.
fn refused(env: &Env, args: &[&str], says: &str) {
    let before = env.dump();
    let err = env.fails(args, 1);
    assert!(
        err.to_lowercase().contains(&says.to_lowercase()),
        "crm {args:?} should say {says:?}, said:\n{err}"
    );
    assert!(err.starts_with("error: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(env.dump(), before, "crm {args:?} changed the database");
}

#[test]
fn unknown_and_ambiguous_refs() {
    let env = Env::seeded();
    env.ok(&["contact", "add", "Ada Byron"]);
    refused(&env, &["log-call", "nobody", "x"], "no contact matches");
    refused(&env, &["log-call", "#99", "x"], "no contact #99");
    refused(
        &env,
        &["log-call", "who@example.com", "x"],
        "no contact has the e-mail",
    );
    let err = env.fails(&["log-call", "ada", "x"], 1);
    assert!(
        err.contains("matches 2 contacts")
            && err.contains("#1 Ada Lovelace")
            && err.contains("Ada Byron"),
        "{err}"
    );
    refused(&env, &["log-call", "ada", "x"], "use an id");
    refused(
        &env,
        &["contact", "edit", "ada", "--title", "x"],
        "matches 2",
    );
    refused(&env, &["deal", "show", "42"], "no deal #42");
    refused(&env, &["deal", "move", "abc", "lead"], "not a deal id");
    refused(&env, &["task", "done", "7"], "no task #7");
    refused(&env, &["company", "show", "Nope Inc"], "no company matches");
}

#[test]
fn unknown_stage_kind_and_lifecycle() {
    let env = Env::seeded();
    refused(&env, &["deal", "move", "1", "limbo"], "unknown stage");
    refused(
        &env,
        &["deal", "add", "x", "--stage", "limbo"],
        "the stages are: lead, qualified",
    );
    refused(
        &env,
        &["log", "smoke-signal", "ada", "x"],
        "unknown interaction kind",
    );
    refused(
        &env,
        &["contact", "add", "X", "--lifecycle", "vip"],
        "unknown lifecycle",
    );
    refused(
        &env,
        &["contact", "edit", "ada", "--lifecycle", "vip"],
        "unknown lifecycle",
    );
    refused(
        &env,
        &["contact", "list", "--lifecycle", "vip"],
        "unknown lifecycle",
    );
    refused(
        &env,
        &["deal", "list", "--status", "pending"],
        "unknown deal status",
    );
    refused(
        &env,
        &["log-call", "ada", "x", "--direction", "sideways"],
        "unknown direction",
    );
}

#[test]
fn bad_amounts_probabilities_and_scores() {
    let env = Env::seeded();
    for amount in ["-5", "12,3.4", "abc", "12,34,5", "1.234"] {
        refused(
            &env,
            &["deal", "add", "x", "--value", amount],
            "invalid amount",
        );
        refused(
            &env,
            &["deal", "edit", "1", "--value", amount],
            "invalid amount",
        );
    }
    refused(
        &env,
        &["deal", "add", "x", "--currency", "EUT"],
        "unknown currency",
    );
    refused(
        &env,
        &["deal", "add", "x", "--probability", "101"],
        "outside 0-100",
    );
    refused(
        &env,
        &["deal", "add", "x", "--probability", "-1"],
        "outside 0-100",
    );
    refused(
        &env,
        &["deal", "edit", "1", "--probability", "150"],
        "outside 0-100",
    );
    refused(
        &env,
        &["stage", "add", "x", "--probability", "200"],
        "outside 0-100",
    );
    refused(
        &env,
        &["log", "feedback", "ada", "meh", "--score", "11"],
        "outside 0-10",
    );
    refused(
        &env,
        &["log", "feedback", "ada", "meh", "--score", "-1"],
        "outside 0-10",
    );
    refused(
        &env,
        &["log-call", "ada", "x", "--score", "5"],
        "only for feedback",
    );
}

#[test]
fn unparseable_dates_list_the_accepted_forms() {
    let env = Env::seeded();
    for args in [
        &["task", "add", "x", "--due", "someday"][..],
        &["deal", "add", "x", "--close", "31/12/2026"],
        &["log-call", "ada", "x", "--at", "the other day"],
        &["deal", "edit", "1", "--close", "2026-02-30"],
    ] {
        let before = env.dump();
        let err = env.fails(args, 1);
        assert!(
            err.contains("Accepted forms")
                && err.contains("tomorrow")
                && err.contains("2026-12-01"),
            "{err}"
        );
        assert_eq!(env.dump(), before);
    }
    refused(
        &env,
        &["log-call", "ada", "x", "--duration", "long"],
        "duration",
    );
}

#[test]
fn empty_names_and_duplicate_emails() {
    let env = Env::seeded();
    refused(&env, &["contact", "add", "  "], "name cannot be empty");
    refused(
        &env,
        &["contact", "edit", "grace", "--name", ""],
        "name cannot be empty",
    );
    refused(&env, &["deal", "add", ""], "title cannot be empty");
    refused(&env, &["task", "add", " "], "title cannot be empty");
    refused(
        &env,
        &["company", "add", ""],
        "company name cannot be empty",
    );
    refused(&env, &["log-call", "ada", ""], "summary cannot be empty");
    refused(
        &env,
        &["contact", "add", "Imposter", "--email", "ADA@Example.COM"],
        "already belongs to #1 Ada Lovelace",
    );
    refused(
        &env,
        &["contact", "add", "Imposter", "--email", " ada@example.com "],
        "already belongs",
    );
    refused(
        &env,
        &["contact", "edit", "grace", "--email", "Ada@example.com"],
        "already belongs",
    );
    refused(
        &env,
        &["contact", "add", "Bad", "--email", "not-an-email"],
        "not an e-mail address",
    );
    refused(
        &env,
        &["contact", "add", "Bad", "--phone", "call me"],
        "not a phone number",
    );
}

#[test]
fn bad_usage_exits_two() {
    let env = Env::seeded();
    env.fails(&["contact"], 2);
    env.fails(&["frobnicate"], 2);
    env.fails(&["log-call", "ada"], 2);
    env.fails(&["search", "x", "--limit", "many"], 2);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_alone() {
    let env = Env::new();
    if env.on_pg() {
        return; // a test of the SQLite file itself
    }
    std::fs::create_dir_all(env.db.parent().unwrap()).unwrap();
    std::fs::write(&env.db, "Name,Email\nAda,ada@example.com\n").unwrap();
    let err = env.fails(&["contact", "list"], 1);
    assert!(err.contains("not a crm database"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&env.db).unwrap(),
        "Name,Email\nAda,ada@example.com\n"
    );
    assert!(!env.db.with_extension("db-wal").exists());
}

#[test]
fn another_programs_sqlite_file_is_refused() {
    let env = Env::new();
    if env.on_pg() {
        return; // a test of the SQLite file itself
    }
    std::fs::create_dir_all(env.db.parent().unwrap()).unwrap();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute_batch("CREATE TABLE notes(x); INSERT INTO notes VALUES ('keep me');")
        .unwrap();
    drop(conn);
    let err = env.fails(&["contact", "list"], 1);
    assert!(err.contains("another program"), "{err}");
}

#[test]
fn a_newer_database_is_refused() {
    let env = Env::seeded();
    match &env.pg_db {
        // On a server the version lives in crm_meta.
        Some(name) => common::pg::client(Some(name))
            .batch_execute("UPDATE crm_meta SET value = '999' WHERE key = 'schema_version'")
            .unwrap(),
        None => rusqlite::Connection::open(&env.db)
            .unwrap()
            .execute_batch("PRAGMA user_version = 999")
            .unwrap(),
    }
    let before = env.dump();
    let err = env.fails(&["contact", "add", "New"], 1);
    assert!(
        err.contains("newer crm") && err.contains("Upgrade"),
        "{err}"
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn a_read_only_directory_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::seeded();
    if env.on_pg() {
        return; // a test of the SQLite file itself
    }
    let dir = env.db.parent().unwrap().to_path_buf();
    let before = env.dump();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o500)).unwrap();
    let err = env.fails(&["log-call", "ada", "x"], 1);
    let fresh = env.dir.path().join("locked");
    std::fs::create_dir(&fresh).unwrap();
    std::fs::set_permissions(&fresh, std::fs::Permissions::from_mode(0o500)).unwrap();
    let mut c = env.cmd(&["contact", "list"]);
    c.arg("--db").arg(fresh.join("crm.db"));
    let out = c.output().unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::set_permissions(&fresh, std::fs::Permissions::from_mode(0o700)).unwrap();
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("read-only"));
    assert!(!fresh.join("crm.db").exists());
    assert_eq!(env.dump(), before);
}

#[test]
fn a_bad_config_file_is_reported() {
    let env = Env::new();
    let cfg = env.dir.path().join("bad.toml");
    std::fs::write(&cfg, "default_currency = \"DOUBLOON\"\n").unwrap();
    let err = env
        .cmd(&["contact", "list"])
        .env("CRM_CONFIG", &cfg)
        .output()
        .unwrap();
    assert_eq!(err.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&err.stderr).contains("unknown currency"));
    std::fs::write(&cfg, "default_currency = \"eur\"\n").unwrap();
    let out = env
        .cmd(&["deal", "add", "x", "--value", "5", "--json"])
        .env("CRM_CONFIG", &cfg)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["currency"], "EUR");
}

/// A server named in `--db` or `CRM_DB` is read as one, never as a file path: a password
/// in it is refused without being echoed, and the URL is shown masked.
#[test]
fn a_postgres_target_is_not_a_file_and_its_password_never_shows() {
    let env = Env::new();
    let run = |db: &str| {
        let out = env
            .cmd(&["agenda"])
            .arg("--db")
            .arg(db)
            .current_dir(env.dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{db}");
        String::from_utf8(out.stderr).unwrap()
    };
    let err = run("postgres://ada:s3cret@db.example/crm");
    assert!(
        err.contains("PGPASSWORD") && !err.contains("s3cret"),
        "{err}"
    );
    let err = run("postgresql://ada@db.example:6543/crm?sslmode=require");
    // Team mode: crm tries the server, and says which one it could not reach (masked).
    assert!(
        err.contains("cannot connect to postgres://ada@db.example:6543/crm")
            && err.contains("host"),
        "{err}"
    );
    assert!(!err.contains("sslmode"), "{err}");
    let err = run("service=crm");
    assert!(err.contains("service=crm"), "{err}");
    let err = run("postgres://h/crm?sslmode=allow");
    assert!(err.contains("sslmode \"allow\""), "{err}");
    // Nothing was made in the working directory for any of these.
    let made: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("postgres") || n.starts_with("service"))
        .collect();
    assert!(made.is_empty(), "{made:?}");
}
