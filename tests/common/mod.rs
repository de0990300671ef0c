//! Runs the real `crm` binary on a temporary database.
#![allow(dead_code)]

pub mod pg;

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

/// Who every command runs as, unless a test says otherwise.
pub const USER: &str = "tester";

pub struct Env {
    pub dir: tempfile::TempDir,
    /// The SQLite file (unused on PostgreSQL: see `target`).
    pub db: PathBuf,
    /// What `--db` says: the file, or a database of its own on `CRM_TEST_PG`.
    pub target: String,
    /// The PostgreSQL database's name, dropped with the `Env`.
    pub pg_db: Option<String>,
    /// `CRM_NOW` for every command, when the test fixes the clock.
    pub now: Option<&'static str>,
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_db {
            pg::drop_db(name);
        }
    }
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        // `--db` must name a file in a directory that exists (private, as crm makes its own).
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(dir.path().join("data"))
            .unwrap();
        let db = dir.path().join("data/crm.db");
        let (pg_db, target) = match pg::on() {
            true => {
                let (name, url) = pg::create();
                (Some(name), url)
            }
            false => (None, db.display().to_string()),
        };
        Env {
            dir,
            db,
            target,
            pg_db,
            now: None,
        }
    }

    /// An environment whose every command runs at the moment `now` (RFC 3339).
    pub fn at(now: &'static str) -> Env {
        Env::new().clocked_at(now)
    }

    /// Every later command runs at the moment `now` (RFC 3339).
    pub fn clocked_at(self, now: &'static str) -> Env {
        let mut env = self;
        env.now = Some(now);
        env
    }

    /// `crm --db <temp> ARGS` with a fixed zone, no colour and no user config.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("crm").unwrap();
        // A test naming another database with --db runs on that one.
        if !args.contains(&"--db") {
            c.arg("--db").arg(&self.target);
        }
        c.args(args);
        c.env("TZ", "UTC")
            .env("NO_COLOR", "1")
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("share"))
            // The acting user (history's `by`, a new record's owner) is the same on every
            // machine; a test acting as someone else sets USER again.
            .env("USER", USER)
            .env_remove("CRM_DB")
            .env_remove("CRM_CONFIG");
        if let Some(now) = self.now {
            c.env("CRM_NOW", now);
        }
        if self.pg_db.is_some() {
            // Connect as USER (the role of the person acting), with the shared password.
            c.env_remove("PGUSER");
            if let Some(pw) = pg::password() {
                c.env("PGPASSWORD", pw);
            }
        }
        c
    }

    /// Runs, expects exit 1 and an unchanged database; returns stderr.
    pub fn refused(&self, args: &[&str]) -> String {
        let before = self.dump();
        let out = self.cmd(args).output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "crm {args:?}: {err}");
        assert_eq!(self.dump(), before, "crm {args:?} changed the database");
        err
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().unwrap();
        assert!(
            out.status.success(),
            "crm {args:?} failed ({:?}):\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// `crm contact add NAME --email EMAIL MORE…` (`MORE`: further options, such as
    /// `--phone` or `--tag` and their values); returns stdout.
    pub fn add_contact(&self, name: &str, email: &str, more: &[&str]) -> String {
        let mut args = vec!["contact", "add", name, "--email", email];
        args.extend_from_slice(more);
        self.ok(&args)
    }

    /// Runs with --json and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        let s = self.ok(&a);
        serde_json::from_str(&s)
            .unwrap_or_else(|e| panic!("crm {args:?} printed invalid JSON ({e}):\n{s}"))
    }

    /// Runs, expects exit code `code`; returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "crm {args:?} should exit {code}; stdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    /// Every row of every table, as text: equal dumps mean an unchanged database.
    pub fn dump(&self) -> String {
        if let Some(name) = &self.pg_db {
            return pg::dump(name);
        }
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        let mut tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        tables.sort();
        let mut out = String::new();
        for t in tables {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1"))
                .unwrap();
            let n = stmt.column_count();
            let mut rows = stmt.query([]).unwrap();
            out.push_str(&format!("== {t}\n"));
            while let Some(r) = rows.next().unwrap() {
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i).unwrap();
                    out.push_str(&format!("{v:?}|"));
                }
                out.push('\n');
            }
        }
        out
    }

    /// Whether this test runs on PostgreSQL (a test of the SQLite file itself returns early).
    pub fn on_pg(&self) -> bool {
        self.pg_db.is_some()
    }

    /// A database with Ada (with a company and a deal) and Grace.
    pub fn seeded() -> Env {
        let env = Env::new();
        env.ok(&[
            "contact",
            "add",
            "Ada Lovelace",
            "--email",
            "ada@example.com",
            "--company",
            "Analytical Engines",
            "--tag",
            "vip",
        ]);
        env.ok(&[
            "contact",
            "add",
            "Grace Hopper",
            "--email",
            "grace@example.com",
            "--phone",
            "+1 555 0100",
        ]);
        env.ok(&[
            "deal",
            "add",
            "Engine design",
            "--contact",
            "ada",
            "--value",
            "4500.50",
            "--currency",
            "EUR",
        ]);
        env
    }
}
