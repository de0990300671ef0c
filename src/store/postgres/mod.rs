//! The PostgreSQL backend (DESIGN §14): connecting ([`connect`], [`tls`]) and the schema
//! ([`migrate`], `schema.sql`, `compat.sql`). Queries are the entity files' own, run
//! through [`crate::store::db`], which rewrites their SQLite spellings.

mod connect;
mod migrate;
mod tls;

use crate::domain::phone::Region;
use crate::domain::Result;
use crate::store::db::{pg::PgConn, Conn};
use crate::store::target::PgTarget;
use crate::store::Store;

pub use connect::{connect, resolve};
pub use migrate::LATEST;

fn error(e: postgres::Error) -> crate::domain::Error {
    crate::store::db::pg::error(e)
}

/// Connects to the server `t` names, brings its schema up to date, and opens the store.
pub fn open(t: &PgTarget, region: Option<Region>) -> Result<Store> {
    let t = connect::resolve(t)?;
    let mut client = connect::connect(&t)?;
    migrate::migrate(&mut client)?;
    let mut conn = PgConn::new(client).map_err(crate::domain::Error::from)?;
    let again = t.clone();
    conn.set_reconnect(Box::new(move || connect::connect(&again)));
    conn.listen();
    let mut store = Store::from_conn(Conn::Pg(Box::new(conn)), None);
    store.set_phone_region(region);
    store.set_server(t.to_string());
    Ok(store)
}

/// Throwaway databases for the unit tests (`CRM_TEST_PG`, see `ops::testing::store`).
#[cfg(test)]
pub mod testing {
    use std::sync::atomic::{AtomicU32, Ordering};

    use crate::domain::{Error, Result};
    use crate::store::target::Target;
    use crate::store::Store;

    const PREFIX: &str = "crm_unit_";

    /// A new empty database on the server `url` names, opened as a store. Databases an
    /// earlier test process left (its process gone) are dropped first, once per process.
    pub fn fresh(url: &str) -> Result<Store> {
        fresh_target(url).and_then(|t| super::open(&t, None))
    }

    /// Two sessions on one new database, as two people would have.
    pub fn fresh_pair(url: &str) -> Result<(Store, Store)> {
        let t = fresh_target(url)?;
        Ok((super::open(&t, None)?, super::open(&t, None)?))
    }

    fn fresh_target(url: &str) -> Result<crate::store::target::PgTarget> {
        static N: AtomicU32 = AtomicU32::new(0);
        let Target::Postgres(t) = Target::parse(url)? else {
            return Err(Error::invalid("CRM_TEST_PG is not a PostgreSQL URL."));
        };
        let t = super::resolve(&t)?;
        let mut admin = super::connect(&t)?;
        static SWEPT: std::sync::Once = std::sync::Once::new();
        SWEPT.call_once(|| sweep(&mut admin));
        let name = format!(
            "{PREFIX}{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        for sql in [
            format!("DROP DATABASE IF EXISTS \"{name}\""),
            format!("CREATE DATABASE \"{name}\""),
        ] {
            admin.batch_execute(&sql).map_err(super::error)?;
        }
        let mut mine = t;
        mine.dbname = Some(name);
        Ok(mine)
    }

    /// Drops the databases of test processes that have ended.
    fn sweep(admin: &mut postgres::Client) {
        let Ok(rows) = admin.query(
            "SELECT CAST(datname AS TEXT) FROM pg_database WHERE datname LIKE 'crm\\_unit\\_%'",
            &[],
        ) else {
            return;
        };
        for r in rows {
            let name: String = r.get(0);
            let pid = name[PREFIX.len()..].split('_').next().unwrap_or("");
            if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
                let _ = admin
                    .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ops::testing::now;

    /// Another session's committed write moves the change counter (LISTEN/NOTIFY); our
    /// own does not.
    #[test]
    fn another_sessions_write_moves_the_change_counter() {
        let Some(url) = std::env::var("CRM_TEST_PG").ok().filter(|u| !u.is_empty()) else {
            return;
        };
        let (a, b) = super::testing::fresh_pair(&url).unwrap();
        let before = a.change_counter().unwrap();
        let named = |n: &str| crate::ops::contacts::ContactChanges {
            name: Some(n.into()),
            ..Default::default()
        };
        crate::ops::contacts::add(&a, &now(), named("Ada")).unwrap();
        assert_eq!(a.change_counter().unwrap(), before, "our own write");
        crate::ops::contacts::add(&b, &now(), named("Bob")).unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
        while a.change_counter().unwrap() == before {
            assert!(
                std::time::Instant::now() < deadline,
                "never heard b's write"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}
