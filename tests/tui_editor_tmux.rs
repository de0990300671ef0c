//! `E` in a real terminal (tmux): the app leaves the full screen and raw mode for the
//! editor (a script that records the terminal's modes and fixes the title), then takes
//! the screen back, says what changed, and quits cleanly. At a keyboard, reading a
//! message from standard input is refused instead of waiting.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

struct Tmux(String);

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.0)
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
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.run(&["capture-pane", "-p", "-t", "crm"]);
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
            .arg(&self.0)
            .arg("kill-server")
            .output();
    }
}

/// A new database holding Ada Lovelace, in a temporary directory; `None` (the test is
/// skipped) without tmux, which CI installs.
fn with_ada() -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    if Command::new("tmux").arg("-V").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is missing in CI; .ci/run installs it"
        );
        eprintln!("skipped: tmux is not installed (apt-get install tmux)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crm.db");
    let status = Command::new(assert_cmd::cargo::cargo_bin("crm"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "contact",
            "add",
            "Ada Lovelace",
            "-q",
        ])
        .env_remove("CRM_DB")
        .status()
        .unwrap();
    assert!(status.success());
    Some((dir, db))
}

/// The app on `db` in a new tmux server named `name`, with `script` as the editor,
/// showing the Contacts view.
fn on_contacts(name: &str, script: &std::path::Path, db: &std::path::Path) -> Tmux {
    let t = Tmux(format!("{name}-{}", std::process::id()));
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
        "NO_COLOR=1 VISUAL= EDITOR={} {} --db {}; echo EXIT=$?",
        script.display(),
        assert_cmd::cargo::cargo_bin("crm").display(),
        db.display()
    );
    t.keys(&[&cmd, "Enter"]);
    t.wait_for("1 Pipeline");
    t.keys(&["2"]);
    t.wait_for("╭Contacts");
    t
}

#[test]
fn e_suspends_the_app_for_the_editor_and_comes_back() {
    let Some((dir, db)) = with_ada() else {
        return;
    };
    let bin = assert_cmd::cargo::cargo_bin("crm");
    let modes = dir.path().join("modes");
    let script = dir.path().join("editor.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nstty -a > '{}'\nsed -i 's/^title = .*/title = \"Countess\"/' \"$1\"\n",
            modes.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();

    let t = on_contacts("crm-editor", &script, &db);
    t.keys(&["E"]);
    t.wait_for("Updated contact Ada Lovelace in the editor.");
    let during = std::fs::read_to_string(&modes).unwrap();
    let words: Vec<&str> = during.split([' ', ';', '\n']).collect();
    assert!(
        words.contains(&"icanon") && words.contains(&"echo"),
        "the editor ran in raw mode:\n{during}"
    );
    t.keys(&["q"]);
    let after = t.wait_for("EXIT=0");
    assert!(!after.contains("1 Pipeline"), "{after}");
    // At a keyboard, --from-email says to pipe a message in instead of waiting for one.
    let cmd = format!(
        "{} --db {} contact add --from-email; echo RC\"=\"$?",
        bin.display(),
        db.display()
    );
    t.keys(&[&cmd, "Enter"]);
    let screen = t.wait_for("RC=");
    assert!(
        screen.contains("pipe it in") && screen.contains("RC=1"),
        "{screen}"
    );
    let out = Command::new(&bin)
        .args([
            "--db",
            db.to_str().unwrap(),
            "contact",
            "show",
            "1",
            "--json",
        ])
        .env_remove("CRM_DB")
        .output()
        .unwrap();
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["title"], "Countess");
}

/// While another crm holds the write lock (an import), the editor's saved changes wait in
/// the background: the app comes back at once, says it waits, and writes them after.
#[test]
fn an_edit_saved_while_another_crm_writes_waits_in_the_background() {
    let Some((dir, db)) = with_ada() else {
        return;
    };
    let script = dir.path().join("editor.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nsed -i 's/^title = .*/title = \"Countess\"/' \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
    let title = || -> String {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.query_row("SELECT coalesce(title, '') FROM contacts", [], |r| r.get(0))
            .unwrap()
    };
    let t = on_contacts("crm-editor-lock", &script, &db);
    let lock = rusqlite::Connection::open(&db).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = Instant::now();
    t.keys(&["E"]);
    t.wait_for("waiting for another crm…");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the app waited {:?}",
        started.elapsed()
    );
    assert_eq!(title(), "", "written while locked");
    // The keys keep working meanwhile.
    t.keys(&["1"]);
    t.wait_for("1 Pipeline");
    lock.execute_batch("COMMIT").unwrap();
    drop(lock);
    t.wait_for("Updated contact Ada Lovelace in the editor.");
    assert_eq!(title(), "Countess");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}
