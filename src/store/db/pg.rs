//! The PostgreSQL half of [`Conn`](super::Conn): statements prepared once per
//! connection, SQLite-flavoured SQL rewritten for PostgreSQL, values converted both ways.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

use postgres::types::{Kind, ToSql, Type};
use postgres::Client;

pub use super::pg_sql::translate;
use super::pg_values::Column;
use super::value::{OwnedValue, Value};
use super::{DbError, DbResult};
use crate::domain::Error;

/// A connected PostgreSQL client with its statement cache.
pub struct PgConn {
    client: RefCell<Client>,
    /// Prepared statements by their SQL, each with the parameter types it was made for.
    cache: RefCell<HashMap<String, Prepared>>,
    /// Tables whose `id` is generated, so an INSERT into them returns it.
    id_tables: HashSet<String>,
    pub(super) last_id: Cell<i64>,
    pub(super) changes: Cell<u64>,
    /// Set when a statement failed in a way that running the transaction again may cure.
    retryable: Cell<bool>,
    /// This session's backend process, which other sessions' notifications do not carry.
    pid: String,
    /// The role this session acts as (`session_user`).
    role: String,
    /// Whether `LISTEN crm_changed` took, and how many changes of others were heard.
    listening: Cell<bool>,
    heard: Cell<i64>,
    /// Opens a new session to the same server, after the old one was lost.
    reconnect: Option<Box<Connector>>,
    /// Whether a transaction is open (a lost session is never silently replaced then).
    in_tx: Cell<bool>,
    /// Bumped by each reconnect, so the change counter moves and a screen reloads.
    reconnects: Cell<i64>,
}

/// Makes a new client for the same server and role.
pub type Connector = dyn Fn() -> crate::domain::Result<Client>;

/// The advisory lock writers take in turn (any number, the same in every crm).
const WRITE_LOCK: i64 = 0x4352_4D32;
/// The advisory lock a long write (an import) holds while it runs, so that short writes
/// queue rather than wait (see `store::sqlite::long_write`).
const LONG_WRITE: i64 = 0x4352_4D4C;

/// The channel every committed write notifies (DESIGN §14, live refresh).
pub const CHANNEL: &str = "crm_changed";

/// The statements prepared for one SQL text, each with its parameters' type letters.
type Prepared = Vec<(Vec<u8>, PgStatement)>;

/// A statement prepared on the server, with what its INSERT returns.
#[derive(Clone)]
pub(super) struct PgStatement {
    stmt: postgres::Statement,
    returns_id: bool,
}

impl PgConn {
    /// Wraps a connected client, learning which tables generate their ids.
    pub fn new(mut client: Client) -> DbResult<PgConn> {
        let id_tables = client
            .query(
                "SELECT table_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'",
                &[],
            )?
            .iter()
            .map(|r| r.get::<_, String>(0))
            .collect();
        let me = client.query_one("SELECT pg_backend_pid(), CAST(session_user AS TEXT)", &[])?;
        let pid: i32 = me.get(0);
        Ok(PgConn {
            role: me.get(1),
            pid: pid.to_string(),
            listening: Cell::new(false),
            heard: Cell::new(0),
            reconnect: None,
            in_tx: Cell::new(false),
            reconnects: Cell::new(0),
            client: RefCell::new(client),
            cache: RefCell::default(),
            id_tables,
            last_id: Cell::new(0),
            changes: Cell::new(0),
            retryable: Cell::new(false),
        })
    }

    /// Runs `f` on the client itself (notifications, COPY, checks).
    pub fn with_client<T>(&self, f: impl FnOnce(&mut Client) -> T) -> T {
        f(&mut self.client.borrow_mut())
    }

    /// Waits (at most half a minute) for the team's write lock: one writer at a time, as
    /// on SQLite. Taken before the transaction begins, so its snapshot sees every write
    /// committed before; without it, SERIALIZABLE writers that all touch the change log
    /// abort each other faster than they can retry.
    pub fn lock_writes(&self) -> crate::domain::Result<()> {
        self.lock_writes_within(std::time::Duration::from_secs(30))
    }

    /// [`PgConn::lock_writes`], waiting at most `wait`.
    pub fn lock_writes_within(&self, wait: std::time::Duration) -> crate::domain::Result<()> {
        let deadline = std::time::Instant::now() + wait;
        loop {
            let sql = "SELECT pg_try_advisory_lock($1)";
            let r = self.client.borrow_mut().query_one(sql, &[&WRITE_LOCK]);
            if self.note(sql, r)?.get::<_, bool>(0) {
                return Ok(());
            }
            if std::time::Instant::now() > deadline {
                return Err(crate::domain::Error::storage(
                    "another crm has been writing for half a minute (an import?); nothing was written, try again when it is done.",
                ));
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    /// Marks "a long write is running" (an import) for the team, if no one else has;
    /// whether this session holds the mark now.
    pub fn mark_long_write(&self) -> crate::domain::Result<bool> {
        let sql = "SELECT pg_try_advisory_lock($1)";
        let r = self.client.borrow_mut().query_one(sql, &[&LONG_WRITE]);
        Ok(self.note(sql, r)?.get::<_, bool>(0))
    }

    /// Takes the mark of [`PgConn::mark_long_write`] away.
    pub fn unmark_long_write(&self) {
        let _ = self
            .client
            .borrow_mut()
            .execute("SELECT pg_advisory_unlock($1)", &[&LONG_WRITE]);
    }

    /// Whether another session marks a long write now (it holds the mark: a shared try
    /// fails; when the try succeeds it is let go at once).
    pub fn long_write_elsewhere(&self) -> crate::domain::Result<bool> {
        let sql = "SELECT pg_try_advisory_lock_shared($1)";
        let r = self.client.borrow_mut().query_one(sql, &[&LONG_WRITE]);
        let free: bool = self.note(sql, r)?.get(0);
        if free {
            let _ = self
                .client
                .borrow_mut()
                .execute("SELECT pg_advisory_unlock_shared($1)", &[&LONG_WRITE]);
        }
        Ok(!free)
    }

    /// Lets the next writer in (a lost session lets go by itself).
    pub fn unlock_writes(&self) {
        let _ = self
            .client
            .borrow_mut()
            .execute("SELECT pg_advisory_unlock($1)", &[&WRITE_LOCK]);
    }

    /// The role this session acts as (`session_user`): history's `by`.
    pub fn role(&self) -> &str {
        &self.role
    }

    /// How to open a new session when this one is lost.
    pub fn set_reconnect(&mut self, f: Box<Connector>) {
        self.reconnect = Some(f);
    }

    pub(super) fn set_in_tx(&self, open: bool) {
        self.in_tx.set(open);
    }

    /// Outside a transaction, replaces a lost session with a new one (statements prepared
    /// again, LISTEN again). Inside one the loss stands: its work is gone, and saying so is
    /// the caller's job.
    pub fn revive(&self) -> crate::domain::Result<bool> {
        if self.in_tx.get() || !self.client.borrow().is_closed() {
            return Ok(false);
        }
        let Some(connect) = &self.reconnect else {
            return Ok(false);
        };
        let client = connect().map_err(|e| {
            crate::domain::Error::storage(format!(
                "lost the connection to the server; reconnecting… ({e})"
            ))
        })?;
        *self.client.borrow_mut() = client;
        self.cache.borrow_mut().clear();
        if self.listening.get() {
            self.listen();
        }
        self.reconnects.set(self.reconnects.get() + 1);
        Ok(true)
    }

    /// Starts hearing other sessions' writes; `false` when the server will not (a pooler in
    /// transaction mode), and [`PgConn::change_counter`] then polls instead.
    pub fn listen(&self) -> bool {
        let ok = self
            .client
            .borrow_mut()
            .batch_execute(&format!("LISTEN {CHANNEL}"))
            .is_ok();
        self.listening.set(ok);
        ok
    }

    /// Tells listeners a write is committing (delivered only if it commits).
    pub fn notify(&self) -> DbResult<()> {
        let sql = "SELECT pg_notify($1, $2)";
        let r = self
            .client
            .borrow_mut()
            .execute(sql, &[&CHANNEL, &self.pid])
            .map(drop);
        self.note(sql, r)
    }

    /// A number that moves when another session commits a write: the notifications heard
    /// (without waiting), or the newest change's number when not listening.
    pub fn change_counter(&self) -> crate::domain::Result<i64> {
        // A session lost while idle comes back here (the app polls this), and the counter
        // moves so everything is read again.
        self.revive()?;
        Ok(self.heard_or_polled()? + self.reconnects.get() * 1_000_000_000)
    }

    fn heard_or_polled(&self) -> DbResult<i64> {
        if !self.listening.get() {
            let sql = "SELECT coalesce(max(id), 0) FROM changes";
            let r = self.client.borrow_mut().query_one(sql, &[]);
            return Ok(self.note(sql, r)?.get(0));
        }
        let mut client = self.client.borrow_mut();
        let mut heard = 0;
        let mut notes = client.notifications();
        // Not `iter()`: it never lets the client's runtime look at the socket, so a
        // notification that arrived while idle stays unread; a wait of a few
        // milliseconds does.
        let mut it = notes.timeout_iter(std::time::Duration::from_millis(5));
        while let Some(n) = fallible_iterator::FallibleIterator::next(&mut it)? {
            if n.payload() != self.pid {
                heard += 1;
            }
        }
        self.heard.set(self.heard.get() + heard);
        Ok(self.heard.get())
    }

    /// Whether the last failure was a serialization failure or deadlock (and forgets it).
    pub fn take_retryable(&self) -> bool {
        self.retryable.replace(false)
    }

    /// Notes a failure, keeping whether a retry may cure it. With `CRM_TRACE_SQL` set the
    /// statement is printed to stderr (for developers; it may hold names, never values).
    fn note<T>(&self, sql: &str, r: Result<T, postgres::Error>) -> DbResult<T> {
        r.map_err(|e| {
            if std::env::var_os("CRM_TRACE_SQL").is_some() {
                eprintln!("crm: SQL failed ({e}): {sql}");
            }
            let e = DbError::Pg(e);
            if e.is_retryable() {
                self.retryable.set(true);
            }
            e
        })
    }

    /// Forgets prepared statements (after the schema changed under them).
    pub fn clear_cache(&self) {
        self.cache.borrow_mut().clear();
    }

    /// The statement for `sql` with parameters of the types `values` have (a NULL's type
    /// is left to the server), prepared once per connection and type signature. Typed
    /// parameters are what let `CAST(?1 AS TEXT) IS NULL`, `LIMIT ?3 * 4` and friends
    /// work as on SQLite.
    pub(super) fn statement(&self, sql: &str, values: &[Value<'_>]) -> DbResult<PgStatement> {
        if !self.in_tx.get() && self.client.borrow().is_closed() {
            self.revive().map_err(|e| DbError::decode(e.to_string()))?;
        }
        let sig: Vec<u8> = values.iter().map(sig_of).collect();
        // One statement serves every call whose non-NULL values have the types it was
        // prepared with (a NULL binds to any type), so rows with NULLs in different
        // places (a copy, an import) do not prepare a statement each.
        if let Some(list) = self.cache.borrow().get(sql) {
            if let Some((_, s)) = list.iter().find(|(have, _)| fits(have, &sig)) {
                return Ok(s.clone());
            }
        }
        let mut text = translate(sql);
        let returns_id = self.wants_id(&text);
        if returns_id {
            text.push_str(" RETURNING id");
        }
        let types: Vec<Type> = values.iter().map(param_type).collect();
        let stmt = self.note(&text, self.client.borrow_mut().prepare_typed(&text, &types))?;
        let s = PgStatement { stmt, returns_id };
        let mut cache = self.cache.borrow_mut();
        let list = cache.entry(sql.to_string()).or_default();
        if list.len() >= 8 {
            list.remove(0);
        }
        list.push((sig, s.clone()));
        Ok(s)
    }

    /// How many columns `sql` gives.
    pub(super) fn column_count(&self, sql: &str) -> DbResult<usize> {
        let stmt = self.client.borrow_mut().prepare(&translate(sql))?;
        Ok(stmt.columns().len())
    }

    /// An INSERT into a table with a generated id and no RETURNING of its own.
    fn wants_id(&self, sql: &str) -> bool {
        let head = sql.trim_start();
        let Some(rest) = strip_prefix_ci(head, "INSERT INTO ") else {
            return false;
        };
        let table: String = rest
            .trim_start()
            .trim_start_matches('"')
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        self.id_tables.contains(&table) && !contains_ci(sql, "RETURNING")
    }

    pub(super) fn execute(&self, sql: &str, values: &[Value<'_>]) -> DbResult<usize> {
        let s = &self.statement(sql, values)?;
        let params: Vec<&(dyn ToSql + Sync)> =
            values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let mut client = self.client.borrow_mut();
        let n = if s.returns_id {
            let rows = self.note(sql, client.query(&s.stmt, &params))?;
            if let Some(last) = rows.last() {
                self.last_id.set(last.try_get::<_, i64>(0)?);
            }
            rows.len() as u64
        } else if s.stmt.columns().is_empty() {
            self.note(sql, client.execute(&s.stmt, &params))?
        } else {
            self.note(sql, client.query(&s.stmt, &params))?.len() as u64
        };
        self.changes.set(n);
        Ok(n as usize)
    }

    pub(super) fn query(&self, sql: &str, values: &[Value<'_>]) -> DbResult<Vec<Vec<OwnedValue>>> {
        let s = &self.statement(sql, values)?;
        let params: Vec<&(dyn ToSql + Sync)> =
            values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let rows = self.note(sql, self.client.borrow_mut().query(&s.stmt, &params))?;
        if s.returns_id {
            if let Some(last) = rows.last() {
                self.last_id.set(last.try_get::<_, i64>(0)?);
            }
        }
        self.changes.set(rows.len() as u64);
        rows.iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| Ok(r.try_get::<_, Column>(i)?.0))
                    .collect()
            })
            .collect()
    }

    /// Runs a query and hands its rows to `each` one at a time as they arrive, instead of
    /// reading them all first (exports of any size stay flat). The client stays busy until
    /// the last row: `each` must not use this connection.
    pub(super) fn for_each(
        &self,
        sql: &str,
        values: &[Value<'_>],
        each: &mut dyn FnMut(&[OwnedValue]) -> DbResult<()>,
    ) -> DbResult<()> {
        let s = &self.statement(sql, values)?;
        let params: Vec<&(dyn ToSql + Sync)> =
            values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let mut client = self
            .client
            .try_borrow_mut()
            .map_err(|_| DbError::decode("the connection is busy streaming rows"))?;
        let rows = client.query_raw(&s.stmt, params);
        let mut rows = self.note(sql, rows)?;
        let mut n = 0u64;
        let mut row: Vec<OwnedValue> = Vec::new();
        while let Some(r) = self.note(sql, fallible_iterator::FallibleIterator::next(&mut rows))? {
            row.clear();
            for i in 0..r.len() {
                row.push(r.try_get::<_, Column>(i)?.0);
            }
            n += 1;
            each(&row)?;
        }
        self.changes.set(n);
        Ok(())
    }

    pub(super) fn batch(&self, sql: &str) -> DbResult<()> {
        let r = self.client.borrow_mut().batch_execute(&translate(sql));
        self.note(sql, r)
    }
}

/// A value's type as one letter: `n` for NULL.
fn sig_of(v: &Value<'_>) -> u8 {
    match v {
        Value::Null => b'n',
        Value::Integer(_) => b'i',
        Value::Real(_) => b'r',
        Value::Text(_) => b't',
        Value::Blob(_) => b'b',
    }
}

/// Whether a statement prepared for types `have` takes values of types `want`: the same
/// type, or a NULL on either side (a NULL declared none, so the server chose its type).
fn fits(have: &[u8], want: &[u8]) -> bool {
    have.len() == want.len()
        && have
            .iter()
            .zip(want)
            .all(|(h, w)| h == w || *w == b'n' || *h == b'n')
}

/// The type a parameter is declared with: its value's, or none for NULL.
fn param_type(v: &Value<'_>) -> Type {
    match v {
        Value::Integer(_) => Type::INT8,
        Value::Real(_) => Type::FLOAT8,
        Value::Text(_) => Type::TEXT,
        Value::Blob(_) => Type::BYTEA,
        // OID 0: "unspecified", so the server infers it from the statement.
        Value::Null => Type::new("unknown".into(), 0, Kind::Pseudo, "pg_catalog".into()),
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn contains_ci(s: &str, word: &str) -> bool {
    s.to_ascii_uppercase().contains(word)
}

/// A PostgreSQL error in the user's words.
pub fn error(e: postgres::Error) -> Error {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        let msg = db.message();
        return match code {
            "23505" | "23503" | "23514" | "23502" => {
                Error::conflict(format!("that change breaks a rule of the database ({msg})."))
            }
            "40001" | "40P01" => Error::storage(
                "another crm changed the same records at the same moment, again and again; try again.",
            ),
            // The owner guard of `crm team init --private`: the message says it all.
            "42501" if msg.contains("only they may change it") => {
                Error::conflict(format!("{msg}."))
            }
            "42501" => Error::storage(format!(
                "the server refused: {msg}. Ask whoever runs the database to grant your role \
                 the crm group (see `crm team init`)."
            )),
            "53100" => Error::storage("the server's disk is full; nothing was written."),
            "57P01" | "57P02" | "57P03" => Error::storage(format!(
                "the server is shutting down or restarting ({msg}); nothing was written, try again."
            )),
            _ => Error::storage(format!("database error: {msg}")),
        };
    }
    if e.is_closed() {
        return Error::storage(
            "lost the connection to the server; the command's changes were rolled back.",
        );
    }
    Error::storage(format!("database error: {e}"))
}
