//! The SQLite backend (rusqlite): opening the file, pragmas, migrations and queries.
//!
//! One file per kind of record (`contacts.rs`, `deals.rs`, …) adds its methods to
//! [`Reader`] and [`Tx`]; `open.rs` and `migrations.rs` make the file, `rows.rs` converts
//! values, `error.rs` turns SQLite's errors into the domain's.

mod automation;
mod body_prefix;
mod bulk_fill;
mod bulk_import;
mod bulk_indexes;
mod cadence;
mod cases;
mod companies;
mod contacts;
mod copy;
mod deals;
mod demo;
mod derived;
mod dupes;
mod error;
mod exports;
mod facts;
mod filter_calendar;
mod filter_fns;
mod filter_sql;
#[cfg(test)]
mod filter_sql_tests;
mod filter_views;
mod forget;
mod health;
mod history;
mod imports;
mod interactions;
mod long_write;
mod messages;
mod migrations;
mod migrations_automation;
mod migrations_cases;
mod migrations_dupes;
mod migrations_email;
mod migrations_owner;
mod migrations_queue;
mod migrations_score;
mod migrations_search;
mod migrations_segments;
mod migrations_service;
mod open;
mod purge;
mod queue;
mod queue_file;
mod reports;
mod rows;
mod scores;
mod search;
mod search_contacts;
mod segments;
mod service;
mod tasks;
mod undo;
mod undo_pg;
mod undo_replay;
mod views;

pub(crate) use migrations_queue::{QUEUED_PG, QUEUE_APPLIED_PG};
pub use queue::Queued;
pub(crate) use undo_pg::make_triggers_sql as pg_undo_triggers_sql;

use std::path::{Path, PathBuf};

use crate::store::db::{Begin, Conn};

use crate::domain::automation::{Event, Outbox, RuleSet};
use crate::domain::phone::Region;
use crate::domain::score::Weights;
use crate::domain::ContactId;
use crate::domain::Result;

pub use automation::Due;
pub(crate) use error::sqlite_error;
pub use forget::Erased;
pub use messages::LoggedMessage;
pub use open::LATEST_VERSION;
pub use purge::Sealed;

/// An open crm database.
pub struct Store {
    conn: Conn,
    path: Option<PathBuf>,
    /// The PostgreSQL server, masked, when the store is on one.
    server: Option<String>,
    /// The rules of the config file (DESIGN §11), which ops run in each change.
    rules: std::sync::Arc<RuleSet>,
    /// What rules did in committed changes, until a face takes it (`take_outbox`).
    outbox: std::cell::RefCell<Outbox>,
    /// The lead score's weights (`[score]`), which ops re-score touched contacts with.
    score_weights: std::sync::Arc<Weights>,
    /// Where phones typed without `+` are (config `default_region`).
    region: Option<Region>,
    /// How long a write waits for another writer's lock, when not the usual (`queue.rs`).
    write_wait: std::cell::Cell<Option<std::time::Duration>>,
    /// Set when a write gave up because another crm held the write lock that long.
    busy: std::cell::Cell<bool>,
}

/// A writer's turn on a team's server (PostgreSQL's write lock), given back when dropped;
/// nothing on SQLite, whose `BEGIN IMMEDIATE` is the turn.
struct WriteTurn<'c>(Option<&'c crate::store::db::pg::PgConn>);

impl<'c> WriteTurn<'c> {
    fn take(conn: &'c Conn) -> Result<WriteTurn<'c>> {
        WriteTurn::take_within(conn, None)
    }

    fn take_within(conn: &'c Conn, wait: Option<std::time::Duration>) -> Result<WriteTurn<'c>> {
        if let Some(pg) = conn.pg() {
            match wait {
                Some(wait) => pg.lock_writes_within(wait)?,
                None => pg.lock_writes()?,
            }
        }
        Ok(WriteTurn(conn.pg()))
    }
}

impl Drop for WriteTurn<'_> {
    fn drop(&mut self) {
        if let Some(pg) = self.0 {
            pg.unlock_writes();
        }
    }
}

/// Read access, from a [`Store`] or inside a [`Tx`].
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    conn: &'a Conn,
}

/// Write access inside one immediate transaction.
pub struct Tx<'a> {
    conn: &'a Conn,
    /// The change this transaction is (see `undo.rs`).
    change: i64,
    /// Set when the row log was paused: the change cannot be undone.
    unlogged: std::cell::Cell<bool>,
    /// Set when the search indexes and totals are to be built whole at the end.
    deferred: std::cell::Cell<bool>,
    /// Events the use case emitted, for the rules to answer before it commits; `None`
    /// when nobody listens (no rules, an import), so a long change keeps none.
    events: std::cell::RefCell<Option<Vec<Event>>>,
    /// Contacts whose score this change may have moved, re-scored before it commits.
    touched: std::cell::RefCell<Vec<ContactId>>,
    /// The store's phone region, for the E.164 forms this change writes.
    region: Option<Region>,
}

impl Store {
    /// Opens (creating if needed) the database at `path`: private permissions, pragmas,
    /// migrations. See DESIGN §3.
    pub fn open(path: &Path) -> Result<Store> {
        open::open_file(path, None)
    }

    /// [`Store::open`], reading phone numbers typed without `+` in `region` (config
    /// `default_region`), those already stored included when the schema gains E.164.
    pub fn open_in_region(path: &Path, region: Option<Region>) -> Result<Store> {
        open::open_file(path, region)
    }

    /// The region national phone numbers are read in (DESIGN §2).
    pub fn set_phone_region(&mut self, region: Option<Region>) {
        self.region = region;
    }

    pub fn phone_region(&self) -> Option<Region> {
        self.region
    }

    /// A fresh in-memory database with the schema, for tests.
    pub fn open_in_memory() -> Result<Store> {
        open::open_memory()
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn read(&self) -> Reader<'_> {
        Reader { conn: &self.conn }
    }

    /// A store over an open connection (the PostgreSQL backend opens its own).
    pub(crate) fn from_conn(conn: Conn, path: Option<PathBuf>) -> Store {
        Store::with_conn(conn, path)
    }

    /// Names the server this store is on, without secrets, for messages.
    pub(crate) fn set_server(&mut self, masked: String) {
        self.server = Some(masked);
    }

    /// Where the data lives, as messages show it: the file, or the server's masked URL.
    pub fn location(&self) -> String {
        match (&self.server, &self.path) {
            (Some(s), _) => s.clone(),
            (None, Some(p)) => p.display().to_string(),
            (None, None) => "memory".into(),
        }
    }

    /// The PostgreSQL role this session acts as (`session_user`); `None` on a file.
    pub fn session_user(&self) -> Result<Option<String>> {
        Ok(self.conn.pg().map(|pg| pg.role().to_string()))
    }

    /// After a long write (an import, its undo): copies what it wrote from the write-ahead
    /// log into the database file now, in this process, so no short command after it
    /// pays for that (SQLite checkpoints in whichever connection commits or closes next,
    /// and closing holds the file exclusively while it does). A passive checkpoint never
    /// blocks readers or writers; it is tried again for a moment while a reader still
    /// needs older pages. Then the log, as large as the whole transaction, is cut back to
    /// nothing, waiting at most 0.1 s for a moment without writers (a writer that comes
    /// meanwhile waits its own short wait, then queues): otherwise the last connection to
    /// close cuts it while holding the file, and a command starting then waits for that.
    /// Best effort: on failure the next checkpoint does the work.
    pub fn settle(&self) {
        let Some(c) = self.conn.sqlite() else {
            return;
        };
        let checkpoint = |mode: &str| {
            c.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .map(|(busy, log, copied)| busy == 0 && log == copied)
        };
        for _ in 0..50 {
            match checkpoint("PASSIVE") {
                Ok(true) => break,
                Ok(false) => std::thread::sleep(std::time::Duration::from_millis(20)),
                Err(_) => return,
            }
        }
        if c.busy_timeout(std::time::Duration::from_millis(100))
            .is_ok()
        {
            let _ = checkpoint("TRUNCATE");
            let _ = c.busy_timeout(open::BUSY_TIMEOUT);
        }
    }

    /// Whether this is a team's PostgreSQL database.
    pub fn is_server(&self) -> bool {
        self.conn.is_pg()
    }

    fn with_conn(conn: Conn, path: Option<PathBuf>) -> Store {
        Store {
            conn,
            path,
            server: None,
            rules: Default::default(),
            outbox: Default::default(),
            score_weights: Default::default(),
            region: None,
            write_wait: Default::default(),
            busy: Default::default(),
        }
    }

    pub fn set_score_weights(&mut self, w: std::sync::Arc<Weights>) {
        self.score_weights = w;
    }

    pub fn score_weights(&self) -> std::sync::Arc<Weights> {
        self.score_weights.clone()
    }

    /// The rules every change on this store runs (none until set).
    pub fn set_rules(&mut self, rules: std::sync::Arc<RuleSet>) {
        self.rules = rules;
    }

    pub fn rules(&self) -> std::sync::Arc<RuleSet> {
        self.rules.clone()
    }

    /// Adds what rules did in a committed change, for a face to report and run.
    pub fn post(&self, out: Outbox) {
        self.outbox.borrow_mut().append(out);
    }

    /// Takes what rules did since the last call.
    pub fn take_outbox(&self) -> Outbox {
        std::mem::take(&mut *self.outbox.borrow_mut())
    }

    /// Runs `f` in one write transaction (SQLite `BEGIN IMMEDIATE`, PostgreSQL
    /// SERIALIZABLE): committed if it returns `Ok`, rolled back otherwise, so a failed
    /// command writes nothing. On PostgreSQL a serialization failure or deadlock runs `f`
    /// again on the new state, a few times, before giving up.
    pub fn write<T>(&self, mut f: impl FnMut(&Tx<'_>) -> Result<T>) -> Result<T> {
        const TRIES: u32 = 8;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.write_once(&mut f) {
                Err(_) if attempt < TRIES && self.conn.pg().is_some_and(|c| c.take_retryable()) => {
                    // Back off a little, more each time, so the writers spread out.
                    let ms = 5 * u64::from(attempt) * (1 + u64::from(std::process::id() % 7));
                    std::thread::sleep(std::time::Duration::from_millis(ms));
                }
                done => return done,
            }
        }
    }

    /// [`Store::write`] for work that cannot run twice (an import reading a stream): one
    /// attempt, a conflict on PostgreSQL is an error asking to try again.
    pub fn write_once<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let wait = self.write_wait.get();
        let _turn = WriteTurn::take_within(&self.conn, wait).inspect_err(|_| {
            if wait.is_some() {
                self.busy.set(true);
            }
        })?;
        let tx = open::begin_write(&self.conn, wait).inspect_err(|e| {
            if e.is_busy() {
                self.busy.set(true);
            }
        })?;
        let change = undo::open_change(tx.conn())?;
        let t = Tx::new(tx.conn(), change, self.region);
        let out = f(&t)?;
        if t.log_paused() {
            undo::make_triggers(tx.conn())?;
        }
        if t.deferred.get() {
            derived::rebuild(tx.conn())?;
        }
        undo::close_change(tx.conn(), change)?;
        if let Some(pg) = tx.conn().pg() {
            pg.notify()?;
        }
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` (which writes through this store) with writes that give up after `wait`
    /// when another crm holds the write lock (SQLite's, or the team's write turn on
    /// PostgreSQL): `Ok(None)` then, and nothing was written. So is a write on PostgreSQL
    /// that other writers made fail to serialize at every one of its tries.
    pub fn write_within<T>(
        &self,
        wait: std::time::Duration,
        f: impl FnOnce() -> Result<T>,
    ) -> Result<Option<T>> {
        let before = self.write_wait.replace(Some(wait));
        self.busy.set(false);
        let retryable = || self.conn.pg().is_some_and(|c| c.take_retryable());
        retryable();
        let out = f();
        self.write_wait.set(before);
        match out {
            Err(_) if self.busy.take() || retryable() => Ok(None),
            out => out.map(Some),
        }
    }

    /// Runs `f` in a write transaction and always rolls it back: a rehearsal for
    /// `--dry-run` that sees exactly what the real run would.
    pub fn rehearse<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let _turn = WriteTurn::take(&self.conn)?;
        let tx = self.conn.begin(Begin::Write)?;
        let change = undo::open_change(tx.conn())?;
        let out = f(&Tx::new(tx.conn(), change, self.region));
        tx.rollback()?;
        out
    }

    /// Runs `f` over one consistent snapshot of the database (a read transaction), so
    /// several queries see the same state even while other processes write.
    pub fn snapshot<T>(&self, f: impl FnOnce(Reader<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.begin(Begin::Read)?;
        let out = f(Reader { conn: tx.conn() });
        tx.rollback()?;
        out
    }

    /// A number that changes whenever another connection commits; the TUI polls it to
    /// reload. (SQLite's `PRAGMA data_version`: cheap, and blind to our own writes;
    /// PostgreSQL: the `crm_changed` notifications of other sessions.)
    pub fn change_counter(&self) -> Result<i64> {
        if let Some(pg) = self.conn.pg() {
            return pg.change_counter();
        }
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// A consistent copy of the whole database in a new private file.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        open::backup(&self.conn, dest)
    }
}

impl<'a> Tx<'a> {
    fn new(conn: &'a Conn, change: i64, region: Option<Region>) -> Tx<'a> {
        Tx {
            conn,
            change,
            region,
            unlogged: std::cell::Cell::new(false),
            deferred: std::cell::Cell::new(false),
            events: Default::default(),
            touched: Default::default(),
        }
    }

    /// Notes that a contact's score inputs changed in this change.
    pub fn touch(&self, id: Option<ContactId>) {
        if let Some(id) = id {
            self.touched.borrow_mut().push(id);
        }
    }

    /// The contacts touched since the last call.
    pub fn take_touched(&self) -> Vec<ContactId> {
        std::mem::take(&mut *self.touched.borrow_mut())
    }

    /// Records that something rules may answer happened in this change (kept only once
    /// [`Tx::listen`] was called).
    pub fn emit(&self, e: Event) {
        if let Some(events) = self.events.borrow_mut().as_mut() {
            events.push(e);
        }
    }

    /// Keeps the events emitted from now on, for [`Tx::take_events`].
    pub fn listen(&self) {
        self.events.borrow_mut().get_or_insert_with(Vec::new);
    }

    /// The events emitted since the last call, in order.
    pub fn take_events(&self) -> Vec<Event> {
        self.events
            .borrow_mut()
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    pub fn read(&self) -> Reader<'a> {
        Reader { conn: self.conn }
    }

    /// The region national phone numbers are read in.
    pub fn phone_region(&self) -> Option<Region> {
        self.region
    }

    /// The id of the row the last INSERT created. Not `RETURNING id`, which PostgreSQL
    /// would use: SQLite fills a temporary table for RETURNING on every insert, measured at
    /// two to three times the cost of a plain insert, and an import inserts a million rows.
    fn new_id(&self) -> i64 {
        self.conn.last_insert_rowid()
    }
}
