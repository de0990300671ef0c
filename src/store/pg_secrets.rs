//! Where a PostgreSQL password and a service's settings come from, as libpq reads them:
//! `PGPASSWORD`, then the password file (`PGPASSFILE`, else `~/.pgpass`), and service
//! sections from `PGSERVICEFILE` (else `~/.pg_service.conf`) and
//! `$PGSYSCONFDIR/pg_service.conf`. A password file that others can read is refused, not
//! skipped, so the person learns why their password was not used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::target::PgTarget;
use crate::domain::{Error, Result};

/// The environment as these lookups see it, so tests need not touch the process's own.
pub struct Env<'a> {
    pub var: &'a dyn Fn(&str) -> Option<String>,
    pub home: Option<PathBuf>,
}

impl Env<'_> {
    fn get(&self, k: &str) -> Option<String> {
        (self.var)(k).filter(|v| !v.is_empty())
    }
}

/// The default port when none is named.
pub const DEFAULT_PORT: u16 = 5432;

/// Fills a target's blanks from its service section, when it names one.
pub fn apply_service(t: PgTarget, env: &Env<'_>) -> Result<PgTarget> {
    let Some(name) = t.service.clone() else {
        return Ok(t);
    };
    let mut files: Vec<PathBuf> = Vec::new();
    match env.get("PGSERVICEFILE") {
        Some(f) => files.push(f.into()),
        None => files.extend(env.home.as_ref().map(|h| h.join(".pg_service.conf"))),
    }
    if let Some(dir) = env.get("PGSYSCONFDIR") {
        files.push(Path::new(&dir).join("pg_service.conf"));
    }
    for f in &files {
        let Ok(text) = read_small(f) else { continue };
        if let Some(section) = service_section(&text, &name)? {
            return t.with_service(&section);
        }
    }
    Err(Error::invalid(format!(
        "service={name}: no such section in {}.",
        if files.is_empty() {
            "any service file (set PGSERVICEFILE)".to_string()
        } else {
            files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(" or ")
        }
    )))
}

/// The password for a target: `PGPASSWORD`, else the first matching password-file line.
pub fn password(t: &PgTarget, user: &str, env: &Env<'_>) -> Result<Option<String>> {
    if let Some(p) = env.get("PGPASSWORD") {
        return Ok(Some(p));
    }
    let file = match env.get("PGPASSFILE") {
        Some(f) => PathBuf::from(f),
        None => match &env.home {
            Some(h) => h.join(".pgpass"),
            None => return Ok(None),
        },
    };
    if !file.exists() {
        return Ok(None);
    }
    check_private(&file)?;
    let text = read_small(&file)?;
    let host = t.host.as_deref().unwrap_or("localhost");
    let port = t.port.unwrap_or(DEFAULT_PORT).to_string();
    let db = t.dbname.as_deref().unwrap_or(user);
    Ok(pgpass_lookup(&text, host, &port, db, user))
}

/// libpq's refusal, made an error: group or other may not read the password file.
fn check_private(file: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file)
            .map_err(|e| Error::Io(format!("cannot read {}: {e}.", file.display())))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(Error::invalid(format!(
                "{} can be read by others (mode {:04o}); run chmod 600 {} and try again.",
                file.display(),
                mode & 0o7777,
                file.display()
            )));
        }
    }
    Ok(())
}

/// A settings file is small; a huge one is a mistake, not something to read whole.
fn read_small(file: &Path) -> Result<String> {
    use std::io::Read;
    let f = std::fs::File::open(file)
        .map_err(|e| Error::Io(format!("cannot read {}: {e}.", file.display())))?;
    let mut text = String::new();
    f.take(1 << 20)
        .read_to_string(&mut text)
        .map_err(|e| Error::Io(format!("cannot read {}: {e}.", file.display())))?;
    Ok(text)
}

/// The password of the first line matching, `*` matching anything; `localhost` also
/// matches a socket directory.
pub fn pgpass_lookup(text: &str, host: &str, port: &str, db: &str, user: &str) -> Option<String> {
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass(line);
        let [h, p, d, u, pw] = fields.as_slice() else {
            continue;
        };
        let host_ok = h == "*" || h == host || (h == "localhost" && host.starts_with('/'));
        let ok = |f: &str, v: &str| f == "*" || f == v;
        if host_ok && ok(p, port) && ok(d, db) && ok(u, user) {
            return Some(pw.clone());
        }
    }
    None
}

/// A password-file line split at its unescaped colons (`\:` and `\\` are literal).
fn split_pgpass(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    out.last_mut().expect("one field").push(n);
                }
            }
            ':' if out.len() < 5 => out.push(String::new()),
            c => out.last_mut().expect("one field").push(c),
        }
    }
    out
}

/// The `[name]` section of a service file, as key → value.
pub fn service_section(text: &str, name: &str) -> Result<Option<BTreeMap<String, String>>> {
    let mut current: Option<&str> = None;
    let mut found: Option<BTreeMap<String, String>> = None;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(sec) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if found.is_some() {
                break;
            }
            current = Some(sec.trim());
            if current == Some(name) {
                found = Some(BTreeMap::new());
            }
            continue;
        }
        if current != Some(name) {
            continue;
        }
        let (k, v) = line.split_once('=').ok_or_else(|| {
            Error::invalid(format!(
                "line {} of the service file is not key=value: {line:?}.",
                n + 1
            ))
        })?;
        if let Some(map) = found.as_mut() {
            map.insert(k.trim().to_string(), v.trim().to_string());
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_matching_line_wins_with_wildcards_and_escapes() {
        let text = "# comment\n\
            db.example:5432:crm:ada:first\n\
            *:*:crm:*:any\\:thing\n\
            localhost:*:*:grace:sock\n";
        assert_eq!(
            pgpass_lookup(text, "db.example", "5432", "crm", "ada").as_deref(),
            Some("first")
        );
        assert_eq!(
            pgpass_lookup(text, "db.example", "6543", "crm", "ada").as_deref(),
            Some("any:thing")
        );
        assert_eq!(
            pgpass_lookup(text, "/run/postgresql", "5432", "other", "grace").as_deref(),
            Some("sock")
        );
        assert_eq!(
            pgpass_lookup(text, "elsewhere", "5432", "other", "ada"),
            None
        );
    }

    #[test]
    fn a_service_section_is_read_and_others_are_not() {
        let text = "[other]\nhost=wrong\n\n[crm]\nhost = db.example\nport=6543\ndbname=sales\n[last]\nhost=no\n";
        let s = service_section(text, "crm").unwrap().unwrap();
        assert_eq!(s.get("host").map(String::as_str), Some("db.example"));
        assert_eq!(s.get("port").map(String::as_str), Some("6543"));
        assert_eq!(s.len(), 3);
        assert_eq!(service_section(text, "none").unwrap(), None);
        assert!(service_section("[crm]\njunk\n", "crm").is_err());
    }

    #[test]
    fn a_password_file_others_can_read_is_refused_and_pgpassword_wins() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(".pgpass");
        std::fs::write(&file, "*:*:*:*:secret\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let none = |_: &str| None;
        let env = Env {
            var: &none,
            home: Some(dir.path().to_path_buf()),
        };
        let t = PgTarget::default();
        let err = password(&t, "ada", &env).unwrap_err().to_string();
        assert!(err.contains("chmod 600") && err.contains("0644"), "{err}");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(
            password(&t, "ada", &env).unwrap().as_deref(),
            Some("secret")
        );
        let set = |k: &str| (k == "PGPASSWORD").then(|| "fromenv".to_string());
        let env = Env {
            var: &set,
            home: Some(dir.path().to_path_buf()),
        };
        assert_eq!(
            password(&t, "ada", &env).unwrap().as_deref(),
            Some("fromenv")
        );
    }

    #[test]
    fn a_service_fills_blanks_and_a_missing_one_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("svc.conf");
        std::fs::write(
            &file,
            "[crm]\nhost=db.example\ndbname=sales\nsslmode=verify-full\n",
        )
        .unwrap();
        let path = file.display().to_string();
        let var = move |k: &str| (k == "PGSERVICEFILE").then(|| path.clone());
        let env = Env {
            var: &var,
            home: None,
        };
        let t = PgTarget {
            service: Some("crm".into()),
            dbname: Some("mine".into()),
            ..Default::default()
        };
        let t = apply_service(t, &env).unwrap();
        assert_eq!(t.host.as_deref(), Some("db.example"));
        assert_eq!(
            t.dbname.as_deref(),
            Some("mine"),
            "the target's own keys win"
        );
        let missing = PgTarget {
            service: Some("nope".into()),
            ..Default::default()
        };
        let err = apply_service(missing, &env).unwrap_err().to_string();
        assert!(err.contains("service=nope: no such section"), "{err}");
    }
}
