//! Connecting: the target's blanks filled as libpq fills them, the password from the
//! environment or the password file, TLS as `sslmode` says, and failures in plain words.

use std::time::Duration;

use postgres::config::SslMode as WireSsl;
use postgres::{Client, Config, NoTls};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::tls;
use crate::domain::{Error, Result};
use crate::store::pg_secrets::{self, Env, DEFAULT_PORT};
use crate::store::target::{PgTarget, SslMode};

/// The target with every blank filled: service section, then `PGHOST`, `PGPORT`,
/// `PGUSER`, `PGDATABASE`, then libpq's defaults (the local socket, the OS user).
pub fn resolve(t: &PgTarget) -> Result<PgTarget> {
    let var = |k: &str| std::env::var(k).ok();
    let env = env(&var);
    let mut t = pg_secrets::apply_service(t.clone(), &env)?;
    let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if t.host.is_none() {
        t.host = get("PGHOST").or_else(local_socket);
    }
    if t.port.is_none() {
        t.port = match get("PGPORT") {
            Some(p) => Some(
                p.parse()
                    .map_err(|_| Error::invalid(format!("PGPORT={p:?} is not a port number.")))?,
            ),
            None => Some(DEFAULT_PORT),
        };
    }
    if t.user.is_none() {
        t.user = get("PGUSER")
            .or_else(|| get("USER"))
            .or_else(|| get("LOGNAME"));
    }
    if t.dbname.is_none() {
        t.dbname = get("PGDATABASE").or_else(|| t.user.clone());
    }
    if t.sslmode.is_none() {
        if let Some(m) = get("PGSSLMODE") {
            t.sslmode = Some(SslMode::parse(&m)?);
        }
    }
    if t.sslrootcert.is_none() {
        t.sslrootcert = get("PGSSLROOTCERT").map(Into::into);
    }
    Ok(t)
}

fn env<'a>(var: &'a dyn Fn(&str) -> Option<String>) -> Env<'a> {
    Env {
        var,
        home: directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()),
    }
}

/// libpq's default server: the socket directory Debian's or the upstream build uses.
fn local_socket() -> Option<String> {
    ["/var/run/postgresql", "/tmp"]
        .into_iter()
        .find(|d| std::path::Path::new(d).join(".s.PGSQL.5432").exists())
        .map(str::to_string)
        .or_else(|| Some("localhost".into()))
}

/// Opens a session on the server `t` names (already [`resolve`]d).
pub fn connect(t: &PgTarget) -> Result<Client> {
    let var = |k: &str| std::env::var(k).ok();
    let user = t.user.clone().unwrap_or_default();
    let mut cfg = Config::new();
    let host = t.host.clone().unwrap_or_else(|| "localhost".into());
    if host.starts_with('/') {
        #[cfg(unix)]
        cfg.host_path(&host);
    } else {
        cfg.host(&host);
    }
    cfg.port(t.port.unwrap_or(DEFAULT_PORT))
        .user(&user)
        .dbname(t.dbname.as_deref().unwrap_or(&user))
        .application_name(t.application_name.as_deref().unwrap_or("crm"))
        .connect_timeout(Duration::from_secs(t.connect_timeout.unwrap_or(10)));
    if let Some(p) = pg_secrets::password(t, &user, &env(&var))? {
        cfg.password(p);
    }
    let mode = t.effective_sslmode();
    let result = match mode {
        SslMode::Disable => cfg.ssl_mode(WireSsl::Disable).connect(NoTls),
        _ if host.starts_with('/') => cfg.ssl_mode(WireSsl::Disable).connect(NoTls),
        _ => {
            let wire = if mode == SslMode::Prefer {
                WireSsl::Prefer
            } else {
                WireSsl::Require
            };
            let tls = tls::client_config(mode, t.sslrootcert.as_deref())?;
            cfg.ssl_mode(wire).connect(MakeRustlsConnect::new(tls))
        }
    };
    result.map_err(|e| connect_error(e, t))
}

/// Why the server could not be reached, naming it (without secrets) and the way out.
fn connect_error(e: postgres::Error, t: &PgTarget) -> Error {
    let server = t.to_string();
    if let Some(db) = e.as_db_error() {
        let hint = match db.code().code() {
            "28P01" => "check PGPASSWORD or the line for this server in ~/.pgpass (PGPASSFILE).",
            "28000" => {
                "the server does not let this role in from here (pg_hba.conf); ask whoever runs it."
            }
            "3D000" => "create it first (createdb), or name another with dbname=.",
            "42501" => {
                "the role may not connect to this database; ask whoever runs it (crm team init)."
            }
            "53300" => "the server has no free connections; try again in a moment.",
            _ => "",
        };
        return Error::storage(format!(
            "cannot connect to {server}: {}. {hint}",
            db.message()
        ));
    }
    let text = e.to_string();
    let source = std::error::Error::source(&e)
        .map(|s| s.to_string())
        .unwrap_or_default();
    let hint = if text.contains("TLS") || source.contains("TLS") || source.contains("certificate") {
        "check sslmode (disable, prefer, require, verify-full) and sslrootcert."
    } else if source.contains("lookup address") || text.contains("lookup address") {
        "no such host name; check the host in --db or CRM_DB."
    } else if source.contains("refused") || source.contains("No such file") {
        "is the server running, and are host and port right?"
    } else if source.contains("timed out") || text.contains("timeout") {
        "the server did not answer in time; check the host, or raise connect_timeout."
    } else if source.contains("password") || text.contains("password") {
        "the server asks for a password: set PGPASSWORD or add a line to ~/.pgpass (mode 600)."
    } else {
        ""
    };
    let detail = if source.is_empty() {
        text
    } else {
        format!("{text}: {source}")
    };
    Error::storage(format!("cannot connect to {server}: {detail}. {hint}"))
}
