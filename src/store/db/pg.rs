//! The PostgreSQL half of [`Conn`](super::Conn): statements prepared once per
//! connection, SQLite-flavoured SQL rewritten for PostgreSQL, values converted both ways.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

use postgres::types::{FromSql, IsNull, Kind, ToSql, Type};
use postgres::Client;

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
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
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

/// SQLite's spellings in PostgreSQL's: `?N` and `?` become `$N`, `char(` becomes `chr(`,
/// `INDEXED BY name` goes, `AS REAL` becomes `AS DOUBLE PRECISION`. Text inside quotes is
/// left alone.
pub fn translate(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut next = 0usize;
    let mut chars = sql.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for (_, d) in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some((_, d)) = chars.peek().copied().filter(|(_, d)| d.is_ascii_digit()) {
                    digits.push(d);
                    chars.next();
                }
                if digits.is_empty() {
                    next += 1;
                    digits = next.to_string();
                } else if let Ok(n) = digits.parse::<usize>() {
                    next = next.max(n);
                }
                out.push('$');
                out.push_str(&digits);
            }
            _ if word_at(sql, i, "char(") => {
                out.push_str("chr(");
                for _ in 0..4 {
                    chars.next();
                }
            }
            _ if word_at(sql, i, "INDEXED BY ") => {
                for _ in 0.."INDEXED BY".len() {
                    chars.next();
                }
                while chars.peek().is_some_and(|(_, d)| *d == ' ') {
                    chars.next();
                }
                while chars
                    .peek()
                    .is_some_and(|(_, d)| d.is_alphanumeric() || *d == '_' || *d == '"')
                {
                    chars.next();
                }
                while chars.peek().is_some_and(|(_, d)| *d == ' ') {
                    chars.next();
                }
            }
            _ if word_at(sql, i, "AS INTEGER") && !ident_at(sql, i + "AS INTEGER".len()) => {
                out.push_str("AS BIGINT");
                for _ in 0.."AS INTEGER".len() - 1 {
                    chars.next();
                }
            }
            _ if word_at(sql, i, "NOT INDEXED") => {
                for _ in 0.."NOT INDEXED".len() - 1 {
                    chars.next();
                }
            }
            _ if word_at(sql, i, "substr(")
                && negative_start(sql, i + "substr(".len()).is_some() =>
            {
                // substr(x, -N) → right(x, N): the last N characters.
                let (arg, skip) = negative_start(sql, i + "substr(".len()).unwrap_or_default();
                out.push_str(&format!("right({arg}"));
                for _ in 0..skip + "substr(".len() - 1 {
                    chars.next();
                }
            }
            _ if word_at(sql, i, "WITHOUT ROWID") => {
                for _ in 0.."WITHOUT ROWID".len() - 1 {
                    chars.next();
                }
            }
            _ if word_at(sql, i, "temp.") => {
                out.push_str("pg_temp.");
                for _ in 0.."temp.".len() - 1 {
                    chars.next();
                }
            }
            _ if word_at(sql, i, "AS REAL)") => {
                out.push_str("AS DOUBLE PRECISION)");
                for _ in 0.."AS REAL)".len() - 1 {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// For `substr(` followed at byte `i` by `x, -N)` with a plain column `x`: the text
/// `x, N` and how many bytes to skip (up to, not past, the `)`).
fn negative_start(sql: &str, i: usize) -> Option<(String, usize)> {
    let rest = &sql[i..];
    let close = rest.find(')')?;
    let (col, n) = rest[..close].split_once(',')?;
    let n = n.trim().strip_prefix('-')?;
    let plain = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
    };
    (plain(col.trim()) && n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty())
        .then(|| (format!("{}, {n}", col.trim()), close))
}

/// Whether a name character is at byte `i`.
fn ident_at(sql: &str, i: usize) -> bool {
    sql[i..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Whether `word` (any case) starts at byte `i` of `sql`, not inside a longer name.
fn word_at(sql: &str, i: usize, word: &str) -> bool {
    let Some(head) = sql.get(i..i + word.len()) else {
        return false;
    };
    if !head.eq_ignore_ascii_case(word) {
        return false;
    }
    !sql[..i]
        .chars()
        .next_back()
        .is_some_and(|p| p.is_alphanumeric() || p == '_' || p == '.')
}

/// One column of any type, as a [`Value`].
struct Column(OwnedValue);

impl<'a> FromSql<'a> for Column {
    fn from_sql(
        ty: &Type,
        raw: &'a [u8],
    ) -> Result<Column, Box<dyn std::error::Error + Sync + Send>> {
        let v = match *ty {
            Type::BOOL => Value::Integer(bool::from_sql(ty, raw)? as i64),
            Type::INT2 => Value::Integer(i16::from_sql(ty, raw)? as i64),
            Type::INT4 => Value::Integer(i32::from_sql(ty, raw)? as i64),
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::OID => Value::Integer(u32::from_sql(ty, raw)? as i64),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)? as f64),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Value::Blob(Vec::<u8>::from_sql(ty, raw)?.into()),
            Type::JSONB => Value::Text(
                std::str::from_utf8(raw.get(1..).unwrap_or(&[]))?
                    .to_string()
                    .into(),
            ),
            _ => Value::Text(String::from_utf8(raw.to_vec())?.into()),
        };
        Ok(Column(v))
    }

    fn from_sql_null(_: &Type) -> Result<Column, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Column(Value::Null))
    }

    fn accepts(ty: &Type) -> bool {
        !matches!(ty.kind(), Kind::Array(_) | Kind::Composite(_))
    }
}

/// A NUMERIC (what `sum` and `avg` of integers give): an integer when it has no fraction
/// and fits, a double otherwise.
fn numeric(raw: &[u8]) -> Result<OwnedValue, Box<dyn std::error::Error + Sync + Send>> {
    let word = |i: usize| -> Result<i16, Box<dyn std::error::Error + Sync + Send>> {
        let b = raw.get(i * 2..i * 2 + 2).ok_or("a short NUMERIC")?;
        Ok(i16::from_be_bytes([b[0], b[1]]))
    };
    let (ndigits, weight, sign, dscale) = (word(0)?, word(1)?, word(2)? as u16, word(3)?);
    if sign == 0xC000 {
        return Ok(Value::Real(f64::NAN));
    }
    let mut whole: i128 = 0;
    let mut value = 0f64;
    let mut exact = true;
    for k in 0..ndigits as usize {
        let d = word(4 + k)? as i128;
        let power = weight as i32 - k as i32;
        value += d as f64 * 10000f64.powi(power);
        if power >= 0 {
            let place = 10000i128
                .checked_pow(power as u32)
                .ok_or("a NUMERIC too large")?;
            whole = d
                .checked_mul(place)
                .and_then(|p| whole.checked_add(p))
                .ok_or("a NUMERIC too large")?;
        } else if d != 0 {
            exact = false;
        }
    }
    let negative = sign == 0x4000;
    if dscale == 0 || exact {
        let w = if negative { -whole } else { whole };
        if let Ok(i) = i64::try_from(w) {
            if dscale == 0 {
                return Ok(Value::Integer(i));
            }
            return Ok(Value::Real(i as f64));
        }
    }
    Ok(Value::Real(if negative { -value } else { value }))
}

impl ToSql for Value<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match (self, ty) {
            (Value::Null, _) => Ok(IsNull::Yes),
            (Value::Integer(i), &Type::INT8) => i.to_sql(ty, out),
            (Value::Integer(i), &Type::INT4) => i32::try_from(*i)?.to_sql(ty, out),
            (Value::Integer(i), &Type::INT2) => i16::try_from(*i)?.to_sql(ty, out),
            (Value::Integer(i), &Type::BOOL) => (*i != 0).to_sql(ty, out),
            (Value::Integer(i), &Type::FLOAT8) => (*i as f64).to_sql(ty, out),
            (Value::Integer(i), &Type::FLOAT4) => (*i as f32).to_sql(ty, out),
            (Value::Integer(i), &Type::NUMERIC) => numeric_int(*i, out),
            (Value::Integer(i), _) => i.to_string().to_sql(&Type::TEXT, out),
            (Value::Real(f), &Type::FLOAT4) => (*f as f32).to_sql(ty, out),
            (Value::Real(f), &Type::FLOAT8) => f.to_sql(ty, out),
            (Value::Real(f), &Type::INT8) if f.fract() == 0.0 => (*f as i64).to_sql(ty, out),
            (Value::Real(f), _) => f.to_string().to_sql(&Type::TEXT, out),
            (Value::Text(t), &Type::INT8) => t.trim().parse::<i64>()?.to_sql(ty, out),
            (Value::Text(t), &Type::INT4) => t.trim().parse::<i32>()?.to_sql(ty, out),
            (Value::Text(t), &Type::FLOAT8) => t.trim().parse::<f64>()?.to_sql(ty, out),
            (Value::Text(t), &Type::BYTEA) => t.as_bytes().to_sql(ty, out),
            (Value::Text(t), &Type::JSONB) => {
                out.extend_from_slice(&[1]);
                out.extend_from_slice(t.as_bytes());
                Ok(IsNull::No)
            }
            (Value::Text(t), _) => {
                out.extend_from_slice(t.as_bytes());
                Ok(IsNull::No)
            }
            (Value::Blob(b), _) => b.as_ref().to_sql(&Type::BYTEA, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// An integer as a binary NUMERIC.
fn numeric_int(
    i: i64,
    out: &mut bytes::BytesMut,
) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
    let mut n = i.unsigned_abs();
    let mut digits = Vec::new();
    while n > 0 {
        digits.push((n % 10000) as i16);
        n /= 10000;
    }
    digits.reverse();
    let weight = digits.len() as i16 - 1;
    let sign: u16 = if i < 0 { 0x4000 } else { 0 };
    for w in [digits.len() as i16, weight.max(0), sign as i16, 0] {
        out.extend_from_slice(&w.to_be_bytes());
    }
    for d in digits {
        out.extend_from_slice(&d.to_be_bytes());
    }
    Ok(IsNull::No)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_numbered() {
        assert_eq!(translate("a = ?1 AND b = ?12"), "a = $1 AND b = $12");
        assert_eq!(translate("a = ? AND b = ?"), "a = $1 AND b = $2");
        assert_eq!(translate("x = '?' AND y = ?2"), "x = '?' AND y = $2");
    }

    #[test]
    fn sqlite_spellings_are_rewritten() {
        assert_eq!(
            translate("group_concat(x, char(31)) FROM t INDEXED BY t_key WHERE a"),
            "group_concat(x, chr(31)) FROM t WHERE a"
        );
        assert_eq!(translate("CAST(a AS REAL)"), "CAST(a AS DOUBLE PRECISION)");
        assert_eq!(
            translate("CAST(?1 AS INTEGER) IS NULL"),
            "CAST($1 AS BIGINT) IS NULL"
        );
        assert_eq!(translate("x AS INTEGERS"), "x AS INTEGERS");
        assert_eq!(
            translate("CREATE TABLE temp.t (a) WITHOUT ROWID"),
            "CREATE TABLE pg_temp.t (a) "
        );
        assert_eq!(translate("DELETE FROM my_temp.t"), "DELETE FROM my_temp.t");
        assert_eq!(
            translate("substr(c.birthday, -5) = ?1 AND substr(x, 1, 7)"),
            "right(c.birthday, 5) = $1 AND substr(x, 1, 7)"
        );
        assert_eq!(translate("FROM t NOT INDEXED WHERE"), "FROM t  WHERE");
        assert_eq!(translate("my_char(1)"), "my_char(1)");
    }

    #[test]
    fn numerics_decode() {
        let mut out = bytes::BytesMut::new();
        numeric_int(-1_234_567_890_123, &mut out).unwrap();
        assert_eq!(numeric(&out).unwrap(), Value::Integer(-1_234_567_890_123));
        let mut zero = bytes::BytesMut::new();
        numeric_int(0, &mut zero).unwrap();
        assert_eq!(numeric(&zero).unwrap(), Value::Integer(0));
    }
}
