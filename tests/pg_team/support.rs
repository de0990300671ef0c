//! What the team-mode tests need besides `crm`: a PostgreSQL server of their own (to kill
//! it without touching the server the rest of the suite shares), a big CSV, and a real
//! terminal (tmux) for the app.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crm::store::target::Target;

/// A throwaway server (`initdb -A trust`, loopback only) in a temporary directory, run as
/// `postgres` when the test runs as root (initdb refuses root). Stopped and removed when
/// dropped.
pub struct Server {
    dir: tempfile::TempDir,
    bin: PathBuf,
    /// Whom the server runs as when that is not us (`runuser -u OWNER`).
    owner: Option<(PathBuf, String)>,
    pub port: u16,
}

impl Server {
    /// Starts one; `Err` says why it cannot be done here.
    pub fn start() -> Result<Server, String> {
        let bin = bindir().ok_or(
            "no initdb/pg_ctl/postgres (CRM_TEST_PG_BIN, PATH or /usr/lib/postgresql/*/bin)",
        )?;
        let root = run(Command::new("id").arg("-u"))?.trim() == "0";
        let owner = if root {
            let who = std::env::var("CRM_TEST_PG_OWNER").unwrap_or_else(|_| "postgres".into());
            let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
                .iter()
                .map(PathBuf::from)
                .find(|p| p.exists())
                .ok_or("running as root, and there is no runuser to run initdb as postgres")?;
            run(Command::new("id").arg(&who)).map_err(|_| {
                format!("running as root, and there is no user {who} to run the server as")
            })?;
            Some((runuser, who))
        } else {
            None
        };
        let dir = tempfile::Builder::new()
            .prefix("crm-pg-own.")
            .tempdir_in("/tmp")
            .map_err(|e| e.to_string())?;
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o711))
            .map_err(|e| e.to_string())?;
        for d in ["data", "sock"] {
            std::fs::create_dir(dir.path().join(d)).map_err(|e| e.to_string())?;
            std::fs::set_permissions(dir.path().join(d), std::fs::Permissions::from_mode(0o700))
                .map_err(|e| e.to_string())?;
        }
        std::fs::write(dir.path().join("log"), "").map_err(|e| e.to_string())?;
        if let Some((_, who)) = &owner {
            let p = dir.path();
            run(Command::new("chown")
                .arg("-R")
                .arg(format!("{who}:"))
                .args([p.join("data"), p.join("sock"), p.join("log")]))?;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let s = Server {
            dir,
            bin,
            owner,
            port,
        };
        let data = s.path("data");
        s.as_owner(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "-A",
                "trust",
                "--no-instructions",
            ],
        )?;
        s.up()?;
        Ok(s)
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    /// Runs the server's program `prog` as its owner, from `/`.
    fn as_owner(&self, prog: &str, args: &[&str]) -> Result<String, String> {
        let exe = self.bin.join(prog);
        let mut c = match &self.owner {
            Some((runuser, who)) => {
                let mut c = Command::new(runuser);
                c.args(["-u", who, "--"]).arg(&exe);
                c
            }
            None => Command::new(&exe),
        };
        c.args(args).current_dir("/");
        run(&mut c).map_err(|e| {
            format!(
                "{prog} {args:?}: {e}\nlog:\n{}",
                std::fs::read_to_string(self.path("log")).unwrap_or_default()
            )
        })
    }

    /// Starts (again) on the same port and data.
    pub fn up(&self) -> Result<(), String> {
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
            self.port,
            self.path("sock")
        );
        let (data, log) = (self.path("data"), self.path("log"));
        self.as_owner(
            "pg_ctl",
            &[
                "start", "-D", &data, "-l", &log, "-w", "-t", "60", "-o", &opts,
            ],
        )
        .map(drop)
    }

    /// The server dies at once, as in a crash: every session cut, no shutdown checkpoint
    /// (`pg_ctl stop -m immediate`; the next start recovers from the WAL).
    pub fn crash(&self) {
        let data = self.path("data");
        self.as_owner(
            "pg_ctl",
            &["stop", "-D", &data, "-m", "immediate", "-w", "-t", "30"],
        )
        .expect("pg_ctl stop -m immediate");
    }

    /// The URL of database `db` for `user`.
    pub fn url(&self, user: &str, db: &str) -> String {
        format!(
            "postgresql://{user}@127.0.0.1:{}/{db}?sslmode=disable",
            self.port
        )
    }

    /// A superuser connection to `db`.
    pub fn client(&self, db: &str) -> postgres::Client {
        let Ok(Target::Postgres(t)) = Target::parse(&self.url("postgres", db)) else {
            panic!("a PostgreSQL URL");
        };
        let t = crm::store::postgres::resolve(&t).expect("resolves");
        crm::store::postgres::connect(&t).expect("the test's own server answers")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let data = self.path("data");
        let _ = self.as_owner(
            "pg_ctl",
            &["stop", "-D", &data, "-m", "immediate", "-w", "-t", "30"],
        );
    }
}

/// The directory of initdb, pg_ctl and postgres.
fn bindir() -> Option<PathBuf> {
    let has_all = |d: &Path| {
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|p| d.join(p).exists())
    };
    if let Some(d) = std::env::var_os("CRM_TEST_PG_BIN")
        .map(PathBuf::from)
        .filter(|d| has_all(d))
    {
        return Some(d);
    }
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    let mut versioned: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path().join("bin"))
                .collect()
        })
        .unwrap_or_default();
    versioned.sort();
    versioned.reverse();
    on_path
        .into_iter()
        .filter_map(|d| {
            std::fs::canonicalize(d.join("initdb"))
                .ok()?
                .parent()
                .map(Path::to_path_buf)
        })
        .chain(versioned)
        .find(|d| has_all(d))
}

/// Runs `c`; its stdout, or what went wrong.
fn run(c: &mut Command) -> Result<String, String> {
    let out = c.output().map_err(|e| format!("{c:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{c:?} exited {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A CSV of `n` people (name, e-mail, phone, company, title), written to `path`.
pub fn people_csv(path: &Path, n: usize) {
    use std::fmt::Write;
    let mut s = String::from("name,email,phone,company,title\n");
    for i in 1..=n {
        let _ = writeln!(
            s,
            "Person {i},person{i}@example.com,+1 555 {:07},Company {},Title {i}",
            1_000_000 + i,
            i % 500
        );
    }
    std::fs::write(path, s).unwrap();
}

/// A tmux server of the test's own, with one window `crm`.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// `None` when tmux is not installed (the test then says it skipped).
    pub fn start(width: u16, height: u16) -> Option<Tmux> {
        Command::new("tmux").arg("-V").output().ok()?;
        let t = Tmux {
            socket: format!("crm-pg-team-{}", std::process::id()),
        };
        let (w, h) = (width.to_string(), height.to_string());
        t.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "crm",
            "-x",
            &w,
            "-y",
            &h,
            "bash --norc --noprofile",
        ]);
        t.keys(&["stty sane; PS1='$ '", "Enter"]);
        Some(t)
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "crm"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "crm"])
    }

    /// Waits up to `limit` for the screen to show `text`; how long it took, or the screen.
    pub fn wait_for(&self, text: &str, limit: Duration) -> Result<Duration, String> {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return Ok(start.elapsed());
            }
            if start.elapsed() > limit {
                return Err(s);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}
