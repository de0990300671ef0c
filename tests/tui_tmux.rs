//! The real binary in a real terminal (tmux): start, switch views, move a deal with `>`,
//! press `d` then `Enter` (which must not delete), quit with `q`; the database changed and the terminal is back to normal.

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "crm"];
        args.extend_from_slice(keys);
        self.run(&args);
    }
    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "crm"])
    }
    /// Waits until the screen shows `text`.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for {text:?}; screen:\n{s}"
            );
            sleep(Duration::from_millis(100));
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

#[test]
fn tui_in_a_real_terminal() {
    if Command::new("tmux").arg("-V").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is missing in CI; .ci/run installs it"
        );
        eprintln!("skipped: tmux is not installed (apt-get install tmux)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crm.db");
    let bin = assert_cmd::cargo::cargo_bin("crm");
    let status = Command::new(&bin)
        .args([
            "--db",
            db.to_str().unwrap(),
            "demo",
            "--contacts",
            "30",
            "--deals",
            "12",
            "--interactions",
            "100",
            "-q",
        ])
        .env_remove("CRM_DB")
        .status()
        .unwrap();
    assert!(status.success());
    let moves_before = count_moves(&db);

    let t = Tmux {
        socket: format!("crm-test-{}", std::process::id()),
    };
    t.run(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "crm",
        "-x",
        "100",
        "-y",
        "30",
        "bash --norc --noprofile",
    ]);
    t.keys(&["stty sane; PS1='$ '", "Enter"]);
    let cmd = format!(
        "NO_COLOR=1 {} --db {}; echo EXIT=$?",
        bin.display(),
        db.display()
    );
    t.keys(&[&cmd, "Enter"]);
    t.wait_for("1 Pipeline");
    t.wait_for("negotiation");
    // The pipeline opens on its first deal, marked so it shows without colour.
    t.wait_for("▶ ");
    t.keys(&["2"]);
    t.wait_for("╭Contacts");
    // The filter reads its ranked matches once typing pauses.
    t.keys(&["/", "a", "n"]);
    t.wait_for("best matches for “an”");
    t.keys(&["Escape"]);
    t.wait_for("╭Contacts─");
    t.keys(&["5"]);
    t.wait_for("Headline");
    t.keys(&["1"]);
    t.wait_for("lead");
    t.keys(&[">"]);
    t.wait_for("Moved ");
    // Enter in a confirmation never deletes: only `y` does.
    let deals_before = count_deals(&db);
    t.keys(&["d"]);
    t.wait_for("Remove deal");
    t.keys(&["Enter"]);
    t.wait_for("Cancelled");
    assert_eq!(count_deals(&db), deals_before, "Enter deleted the deal");
    t.keys(&["q"]);
    let after = t.wait_for("EXIT=0");
    assert!(
        !after.contains("1 Pipeline"),
        "the alternate screen is gone:\n{after}"
    );

    // Back in cooked mode with echo: what we type shows up as typed.
    // (The quotes keep the typed command itself from matching "MODES=".)
    t.keys(&[
        "echo MODES\"=\"$(stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ,)",
        "Enter",
    ]);
    let screen = t.wait_for("MODES=");
    let modes = screen
        .lines()
        .find(|l| l.starts_with("MODES="))
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        modes, "MODES=icanon,echo,",
        "terminal not restored:\n{screen}"
    );

    assert_eq!(
        count_moves(&db),
        moves_before + 1,
        "the deal move was written"
    );
}

/// Open deals as `crm deal list` sees them (whatever a removal does in the tables).
fn count_deals(db: &std::path::Path) -> usize {
    let out = Command::new(assert_cmd::cargo::cargo_bin("crm"))
        .args(["--db", db.to_str().unwrap(), "deal", "list", "--json"])
        .env_remove("CRM_DB")
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array().map_or(0, Vec::len)
}

fn count_moves(db: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT count(*) FROM history WHERE entity = 'deal' AND action = 'move'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

/// Another crm holds the write lock (as a long import does): a key that writes does not
/// freeze the app; the status line says it waits, the keys keep working, and the write
/// lands once the lock is free.
#[test]
fn a_write_waits_off_the_key_loop_while_another_crm_writes() {
    if Command::new("tmux").arg("-V").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "tmux is missing in CI");
        eprintln!("skipped: tmux is not installed (apt-get install tmux)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crm.db");
    let bin = assert_cmd::cargo::cargo_bin("crm");
    let status = Command::new(&bin)
        .args(["--db", db.to_str().unwrap(), "demo", "--contacts", "20"])
        .args(["--deals", "8", "--interactions", "30", "-q"])
        .env_remove("CRM_DB")
        .status()
        .unwrap();
    assert!(status.success());
    let moves_before = count_moves(&db);
    let t = Tmux {
        socket: format!("crm-lock-{}", std::process::id()),
    };
    t.run(&["-f", "/dev/null", "new-session", "-d", "-s", "crm"]);
    t.run(&["resize-window", "-t", "crm", "-x", "100", "-y", "30"]);
    t.keys(&["stty sane; PS1='$ '", "Enter"]);
    let cmd = format!(
        "NO_COLOR=1 {} --db {}; echo EXIT=$?",
        bin.display(),
        db.display()
    );
    t.keys(&[&cmd, "Enter"]);
    t.wait_for("▶ ");
    let lock = rusqlite::Connection::open(&db).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.keys(&[">"]);
    t.wait_for("waiting for another crm…");
    // The keys keep working while the write waits.
    t.keys(&["2"]);
    t.wait_for("╭Contacts");
    assert!(t.screen().contains("waiting for another crm…"));
    t.keys(&["1"]);
    t.wait_for("negotiation (");
    assert!(t.screen().contains("waiting for another crm…"));
    assert_eq!(count_moves(&db), moves_before, "written while locked");
    lock.execute_batch("COMMIT").unwrap();
    drop(lock);
    t.wait_for("Moved ");
    assert!(!t.screen().contains("waiting for another crm"));
    assert_eq!(
        count_moves(&db),
        moves_before + 1,
        "the move was written once"
    );
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}
