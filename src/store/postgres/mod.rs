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
