//! The suite on PostgreSQL: with `CRM_TEST_PG` set (a URL whose role may create
//! databases, its password in `PGPASSWORD` or `PGPASSFILE`), every [`super::Env`] gets a
//! fresh database of its own on that server, dropped when the test ends. `.ci/pg.sh`
//! starts a throwaway server and sets both.

use std::sync::atomic::{AtomicU32, Ordering};

use crm::store::target::Target;

/// The server the suite runs on, when it runs on one.
pub fn url() -> Option<String> {
    std::env::var("CRM_TEST_PG")
        .ok()
        .filter(|s| !s.trim().is_empty())
}

/// Whether the suite runs on PostgreSQL (tests of the SQLite file itself skip then).
pub fn on() -> bool {
    url().is_some()
}

/// A connection to the database `dbname` on the test server (the URL's own when `None`).
pub fn client(dbname: Option<&str>) -> postgres::Client {
    let url = url().expect("CRM_TEST_PG");
    let Target::Postgres(mut t) = Target::parse(&url).expect("CRM_TEST_PG is a URL") else {
        panic!("CRM_TEST_PG={url} is not a PostgreSQL URL");
    };
    if let Some(d) = dbname {
        t.dbname = Some(d.to_string());
    }
    let t = crm::store::postgres::resolve(&t).expect("CRM_TEST_PG resolves");
    crm::store::postgres::connect(&t).unwrap_or_else(|e| panic!("cannot reach CRM_TEST_PG: {e}"))
}

/// The people tests act as (`USER`): on PostgreSQL each is a login role of its own, a
/// member of the test server's role, so history's `by` (session_user) names them.
pub const PEOPLE: &[&str] = &["tester", "robin", "ada", "bob", "grace", "sam"];

/// The password of the test server's role (its roles share it), from `PGPASSWORD` or
/// the password file; `None` when the server trusts local connections.
pub fn password() -> Option<String> {
    if let Some(p) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
        return Some(p);
    }
    let file = std::env::var("PGPASSFILE").ok()?;
    let text = std::fs::read_to_string(file).ok()?;
    let admin = admin_user()?;
    text.lines().find_map(|l| {
        let f: Vec<&str> = l.splitn(5, ':').collect();
        (f.len() == 5 && (f[3] == admin || f[3] == "*")).then(|| f[4].to_string())
    })
}

/// The role named in `CRM_TEST_PG`.
fn admin_user() -> Option<String> {
    let url = url()?;
    let Ok(Target::Postgres(t)) = Target::parse(&url) else {
        return None;
    };
    t.user
}

/// Makes the [`PEOPLE`] roles once per test process (other processes may race: a role
/// that already exists is fine).
fn ensure_people() {
    static DONE: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    DONE.get_or_init(|| {
        let admin = admin_user().expect("CRM_TEST_PG names its role");
        let pw = password();
        let mut c = client(None);
        for who in PEOPLE {
            let make = format!(
                "DO $$ BEGIN CREATE ROLE \"{who}\" LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            );
            let _ = c.batch_execute(&make);
            if let Some(pw) = &pw {
                let _ = c.batch_execute(&format!(
                    "ALTER ROLE \"{who}\" PASSWORD '{}'",
                    pw.replace('\'', "''")
                ));
            }
            let _ = c.batch_execute(&format!("GRANT \"{admin}\" TO \"{who}\""));
        }
    });
}

/// A new empty database; its name and the `--db` URL for it.
pub fn create() -> (String, String) {
    ensure_people();
    static N: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "crm_t_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    );
    client(None)
        .batch_execute(&format!("CREATE DATABASE \"{name}\""))
        .expect("CREATE DATABASE");
    (name.clone(), without_user(&with_db(&url().unwrap(), &name)))
}

/// `url` without its role, so crm connects as `USER` (each test's person).
fn without_user(url: &str) -> String {
    let scheme_end = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[scheme_end..];
    match (rest.find('@'), rest.find('/')) {
        (Some(at), Some(slash)) if at < slash => {
            format!("{}{}", &url[..scheme_end], &rest[at + 1..])
        }
        _ => url.to_string(),
    }
}

/// `url` naming the database `name` instead.
fn with_db(url: &str, name: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = head.find("://").map_or(0, |i| i + 3);
    let base = match head[scheme_end..].find('/') {
        Some(i) => &head[..scheme_end + i],
        None => head,
    };
    format!("{base}/{name}{query}")
}

/// Drops a database made by [`create`], sessions still on it included.
pub fn drop_db(name: &str) {
    let _ = client(None).batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
}

/// Every row of every table of `name`, as text, in a stable order.
pub fn dump(name: &str) -> String {
    let mut c = client(Some(name));
    let tables: Vec<String> = c
        .query(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut out = String::new();
    for t in tables {
        out.push_str(&format!("== {t}\n"));
        for r in c
            .query(&format!("SELECT x::text FROM \"{t}\" x ORDER BY 1"), &[])
            .unwrap()
        {
            let line: String = r.get(0);
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}
