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

/// A new empty database; its name and the `--db` URL for it.
pub fn create() -> (String, String) {
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
    (name.clone(), with_db(&url().unwrap(), &name))
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
