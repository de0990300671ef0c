//! Where the data lives, as `--db`/`CRM_DB` name it: a SQLite file, or a PostgreSQL server
//! for a team (DESIGN §14), given as a URL (`postgres://` or `postgresql://`) or a libpq
//! key/value string (`service=crm`, `host=db.example dbname=crm`).
//!
//! Rules that hold whatever drives the server:
//! - A password never comes from the command line or `CRM_DB` (it would sit in shell
//!   history and `ps`): it comes from `PGPASSWORD`, the password file or a service file.
//! - Every message shows the target [`Target::masked`]: no password, no query string.
//! - `sslmode` is `disable|prefer|require|verify-full`; without one, a server on another
//!   host requires TLS and a local one (loopback or a socket directory) prefers it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use crate::domain::{Error, Result};

/// A database to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Sqlite(PathBuf),
    Postgres(PgTarget),
}

/// How a PostgreSQL connection is secured (libpq's names; `allow` and `verify-ca` are not
/// offered: the one lets a downgrade through, the other trusts any name on the certificate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyFull,
}

impl SslMode {
    pub fn parse(s: &str) -> Result<SslMode> {
        match s {
            "disable" => Ok(SslMode::Disable),
            "prefer" => Ok(SslMode::Prefer),
            "require" => Ok(SslMode::Require),
            "verify-full" => Ok(SslMode::VerifyFull),
            other => Err(Error::invalid(format!(
                "sslmode {other:?} is not one of disable, prefer, require, verify-full."
            ))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

/// A PostgreSQL server and database, without its password.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PgTarget {
    /// A host name, an address, or a socket directory (starts with `/`).
    pub host: Option<String>,
    pub port: Option<u16>,
    pub user: Option<String>,
    pub dbname: Option<String>,
    /// A section of the service file whose keys fill what is not given here.
    pub service: Option<String>,
    pub sslmode: Option<SslMode>,
    pub sslrootcert: Option<PathBuf>,
    pub connect_timeout: Option<u64>,
    pub application_name: Option<String>,
}

/// The keys crm reads; any other key is refused rather than silently ignored.
const KEYS: [&str; 9] = [
    "host",
    "port",
    "user",
    "dbname",
    "service",
    "sslmode",
    "sslrootcert",
    "connect_timeout",
    "application_name",
];

impl Target {
    /// Reads `--db`/`CRM_DB`. Anything that is not a PostgreSQL URL or key/value string is
    /// a file path.
    pub fn parse(s: &str) -> Result<Target> {
        if s.trim().is_empty() {
            return Err(Error::invalid(
                "--db is empty; give a file path or a postgres:// URL.",
            ));
        }
        let lower = s.trim_start().to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            return parse_url(s.trim()).map(Target::Postgres);
        }
        if looks_like_keywords(s) {
            return parse_keywords(s).map(Target::Postgres);
        }
        Ok(Target::Sqlite(PathBuf::from(s)))
    }

    /// The target as messages may show it: a path, or a URL without password or options.
    pub fn masked(&self) -> String {
        match self {
            Target::Sqlite(p) => p.display().to_string(),
            Target::Postgres(pg) => pg.to_string(),
        }
    }
}

impl PgTarget {
    /// Whether the server is this machine: a socket directory, loopback or `localhost`.
    pub fn is_local(&self) -> bool {
        match self.host.as_deref() {
            None => true,
            Some(h) => {
                h.starts_with('/')
                    || h.eq_ignore_ascii_case("localhost")
                    || h == "::1"
                    || h.starts_with("127.")
            }
        }
    }

    /// The mode in force: the one given, else `require` for another host and `prefer`
    /// for this one.
    pub fn effective_sslmode(&self) -> SslMode {
        self.sslmode.unwrap_or(if self.is_local() {
            SslMode::Prefer
        } else {
            SslMode::Require
        })
    }

    /// Fills what is not set from a service file section (the target's own keys win).
    pub fn with_service(mut self, section: &BTreeMap<String, String>) -> Result<PgTarget> {
        let from = |k: &str| section.get(k).cloned();
        if section.contains_key("password") {
            return Err(Error::invalid(format!(
                "the service {:?} has a password; keep it in ~/.pgpass (mode 0600) or PGPASSWORD instead.",
                self.service.as_deref().unwrap_or("")
            )));
        }
        let mut given = BTreeMap::new();
        for k in KEYS {
            if let Some(v) = from(k) {
                given.insert(k.to_string(), v);
            }
        }
        let svc = keywords_target(&given, "service file")?;
        self.host = self.host.or(svc.host);
        self.port = self.port.or(svc.port);
        self.user = self.user.or(svc.user);
        self.dbname = self.dbname.or(svc.dbname);
        self.sslmode = self.sslmode.or(svc.sslmode);
        self.sslrootcert = self.sslrootcert.or(svc.sslrootcert);
        self.connect_timeout = self.connect_timeout.or(svc.connect_timeout);
        self.application_name = self.application_name.or(svc.application_name);
        Ok(self)
    }
}

impl fmt::Display for PgTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(s) = &self.service {
            if self.host.is_none() && self.dbname.is_none() {
                return write!(f, "service={s}");
            }
        }
        write!(f, "postgres://")?;
        if let Some(u) = &self.user {
            write!(f, "{}@", pct_encode(u))?;
        }
        match self.host.as_deref() {
            Some(h) if h.starts_with('/') => write!(f, "[socket {h}]")?,
            Some(h) if h.contains(':') => write!(f, "[{h}]")?,
            Some(h) => write!(f, "{h}")?,
            None => write!(f, "localhost")?,
        }
        if let Some(p) = self.port {
            write!(f, ":{p}")?;
        }
        if let Some(d) = &self.dbname {
            write!(f, "/{}", pct_encode(d))?;
        }
        Ok(())
    }
}

fn looks_like_keywords(s: &str) -> bool {
    s.split_whitespace().next().is_some_and(|w| {
        w.split_once('=')
            .is_some_and(|(k, _)| KEYS.contains(&k) || k == "password")
    })
}

fn refuse_password() -> Error {
    Error::invalid(
        "a password in --db or CRM_DB would show in shell history and ps; give it in PGPASSWORD, ~/.pgpass (mode 0600) or a service file instead.",
    )
}

/// `postgres://[user[:password]@][host][:port][/dbname][?key=value&…]`
fn parse_url(s: &str) -> Result<PgTarget> {
    let rest = s.split_once("://").map_or("", |(_, r)| r);
    let (main, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, path) = main.split_once('/').unwrap_or((main, ""));
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let mut keys: BTreeMap<String, String> = BTreeMap::new();
    if let Some(u) = userinfo {
        if u.contains(':') {
            return Err(refuse_password());
        }
        if !u.is_empty() {
            keys.insert("user".into(), pct_decode(u)?);
        }
    }
    let (host, port) = split_host_port(hostport)?;
    if let Some(h) = host {
        keys.insert("host".into(), pct_decode(&h)?);
    }
    if let Some(p) = port {
        keys.insert("port".into(), p);
    }
    if !path.is_empty() {
        keys.insert("dbname".into(), pct_decode(path)?);
    }
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').ok_or_else(|| {
            Error::invalid(format!(
                "{pair:?} in the URL's options has no value; write key=value."
            ))
        })?;
        keys.insert(pct_decode(k)?, pct_decode(v)?);
    }
    keywords_target(&keys, "URL")
}

/// `host:port`, `[v6]:port`, `host`, or nothing.
fn split_host_port(s: &str) -> Result<(Option<String>, Option<String>)> {
    if s.is_empty() {
        return Ok((None, None));
    }
    if let Some(rest) = s.strip_prefix('[') {
        let (h, after) = rest
            .split_once(']')
            .ok_or_else(|| Error::invalid("an IPv6 host in the URL lacks its closing ]."))?;
        let port = after.strip_prefix(':').map(str::to_string);
        return Ok((Some(h.to_string()), port));
    }
    if s.contains(',') {
        return Err(Error::invalid(
            "several hosts in one URL are not supported; name one server.",
        ));
    }
    Ok(match s.rsplit_once(':') {
        Some((h, p)) => ((!h.is_empty()).then(|| h.to_string()), Some(p.to_string())),
        None => (Some(s.to_string()), None),
    })
}

/// `key=value key='a value' …`, libpq's connection string.
fn parse_keywords(s: &str) -> Result<PgTarget> {
    let mut keys = BTreeMap::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.next() != Some('=') {
            return Err(Error::invalid(format!(
                "{key:?} in the connection string has no value; write key=value."
            )));
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'\'') {
            chars.next();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '\'' => {
                        closed = true;
                        break;
                    }
                    c => value.push(c),
                }
            }
            if !closed {
                return Err(Error::invalid(format!(
                    "the value of {key} in the connection string lacks its closing quote."
                )));
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                if c == '\\' {
                    chars.next();
                    value.extend(chars.next());
                    continue;
                }
                value.push(c);
                chars.next();
            }
        }
        keys.insert(key, value);
    }
    keywords_target(&keys, "connection string")
}

/// Checks and types the keys of a URL, connection string or service section.
fn keywords_target(keys: &BTreeMap<String, String>, what: &str) -> Result<PgTarget> {
    let mut t = PgTarget::default();
    for (k, v) in keys {
        let v = v.trim();
        let some = || (!v.is_empty()).then(|| v.to_string());
        match k.as_str() {
            "password" if what != "service file" => return Err(refuse_password()),
            "host" => t.host = some(),
            "port" => {
                t.port = Some(v.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
                    Error::invalid(format!("port {v:?} in the {what} is not a port number."))
                })?)
            }
            "user" => t.user = some(),
            "dbname" => t.dbname = some(),
            "service" => t.service = some(),
            "sslmode" => t.sslmode = Some(SslMode::parse(v)?),
            "sslrootcert" => t.sslrootcert = some().map(PathBuf::from),
            "connect_timeout" => {
                t.connect_timeout = Some(v.parse::<u64>().map_err(|_| {
                    Error::invalid(format!(
                        "connect_timeout {v:?} in the {what} is not a number of seconds."
                    ))
                })?)
            }
            "application_name" => t.application_name = some(),
            other => {
                return Err(Error::invalid(format!(
                    "{other:?} in the {what} is not a key crm reads; use {}.",
                    KEYS.join(", ")
                )))
            }
        }
    }
    Ok(t)
}

fn pct_decode(s: &str) -> Result<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| {
                    Error::invalid("a % in the URL is not followed by two hex digits.")
                })?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map_err(|_| Error::invalid("the URL decodes to bytes that are not UTF-8."))
}

fn pct_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
#[path = "target_tests.rs"]
mod tests;
