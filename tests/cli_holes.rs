//! Issue 17's small holes on the real binary, at a fixed moment (Sunday 2026-11-22 10:00
//! UTC): relative dates in the past with a space, far-future interactions, `--stage-map`,
//! `--limit 0`, a config without a quit key, an empty 0644 `--db`.

mod common;
use common::Env;
use serde_json::Value;

const NOW: &str = "2026-11-22T10:00:00Z";

fn env() -> Env {
    Env::seeded().clocked_at(NOW)
}

fn last_contact(env: &Env, who: &str) -> Value {
    env.json(&["contact", "show", who])["last_contact_at"].clone()
}

#[test]
fn a_relative_date_in_the_past_works_with_a_space_as_the_help_shows() {
    let env = env();
    let call = env.json(&["log-call", "ada", "caught up", "--at", "-2d"]);
    assert_eq!(call["occurred_at"], "2026-11-20T10:00:00Z");
    let task = env.json(&[
        "task",
        "add",
        "send the deck",
        "--contact",
        "ada",
        "--due",
        "-2d",
    ]);
    assert_eq!(task["due"], "2026-11-20");
    let edited = env.json(&["task", "edit", "1", "--due", "-1d"]);
    assert_eq!(edited["due"], "2026-11-21");
    let fixed = env.json(&["interaction", "edit", "1", "--at", "-3d"]);
    assert_eq!(fixed["occurred_at"], "2026-11-19T10:00:00Z");
    let deal = env.json(&["deal", "edit", "1", "--close", "-1w"]);
    assert_eq!(deal["expected_close"], "2026-11-15");
    env.ok(&["report", "activity", "--since", "-30d"]);
    env.ok(&["report", "--since", "-30d", "--until", "-1d", "won"]);
    let listed = env.json(&["interaction", "list", "--since", "-4d"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    // A flag after a date is still a flag, and a bad date is still refused clearly.
    let err = env.refused(&["log-call", "ada", "x", "--at", "-2x"]);
    assert!(err.contains("cannot read the date \"-2x\""), "{err}");
}

#[test]
fn an_interaction_past_tomorrow_needs_future_and_never_moves_last_contact() {
    let env = env();
    let err = env.refused(&["log-meeting", "ada", "workshop", "--at", "+3d"]);
    assert!(
        err.contains("\"+3d\" is 2026-11-25, more than a day ahead") && err.contains("--future"),
        "{err}"
    );
    let err = env.refused(&["log-email", "ada", "x", "--at", "2027-01-01"]);
    assert!(err.contains("more than a day ahead"), "{err}");
    // Tomorrow is fine (a call late tonight in another zone), and is not contact yet.
    env.ok(&[
        "log-call",
        "ada",
        "tomorrow's call",
        "--at",
        "tomorrow 9:00",
    ]);
    let planned = env.json(&["log-meeting", "ada", "workshop", "--at", "+3d", "--future"]);
    assert_eq!(planned["occurred_at"], "2026-11-25T10:00:00Z");
    assert_eq!(last_contact(&env, "ada"), Value::Null);
    // Editing one into the far future needs --future too.
    env.ok(&["log-call", "ada", "real call", "--at", "-1d"]);
    let err = env.refused(&["interaction", "edit", "3", "--at", "+10d"]);
    assert!(err.contains("--future"), "{err}");
    assert_eq!(last_contact(&env, "ada"), "2026-11-21T10:00:00Z");
    env.ok(&["interaction", "edit", "3", "--at", "+10d", "--future"]);
    assert_eq!(last_contact(&env, "ada"), Value::Null);
}

#[test]
fn imported_and_merged_future_interactions_do_not_move_last_contact() {
    let env = env();
    let csv = env.dir.path().join("talks.csv");
    std::fs::write(
        &csv,
        "contact,kind,direction,occurred_at,summary\n\
         Grace Hopper,call,out,2026-11-20T10:00:00Z,past call\n\
         Grace Hopper,meeting,out,2027-03-01T10:00:00Z,planned visit\n\
         Ada Lovelace,meeting,out,2027-03-02T10:00:00Z,planned visit\n",
    )
    .unwrap();
    env.ok(&["import", "interactions", csv.to_str().unwrap()]);
    assert_eq!(last_contact(&env, "grace"), "2026-11-20T10:00:00Z");
    assert_eq!(last_contact(&env, "ada"), Value::Null);
    // A merge recomputes last contact from both people's interactions: still not the future.
    env.ok(&["contact", "merge", "grace", "ada"]);
    assert_eq!(last_contact(&env, "grace"), "2026-11-20T10:00:00Z");
}

#[test]
fn a_stage_map_without_equals_or_to_a_stage_we_lack_is_refused() {
    let env = env();
    let csv = env.dir.path().join("deals.csv");
    std::fs::write(
        &csv,
        "title,contact,stage,value\nPilot,Ada Lovelace,Pilot,100\n",
    )
    .unwrap();
    let f = csv.to_str().unwrap();
    let err = env.refused(&["import", "deals", f, "--stage-map", "Pilot"]);
    assert!(err.contains("must be written THEIRS=OURS"), "{err}");
    let err = env.refused(&["import", "deals", f, "--stage-map", "=lead"]);
    assert!(err.contains("must be written THEIRS=OURS"), "{err}");
    let err = env.refused(&["import", "deals", f, "--stage-map", "Pilot=trial"]);
    assert!(err.contains("we have no stage \"trial\""), "{err}");
    let err = env.refused(&[
        "import",
        "deals",
        f,
        "--stage-map",
        "Pilot=trial",
        "--create-stages",
    ]);
    assert!(err.contains("we have no stage \"trial\""), "{err}");
    let r = env.json(&["import", "deals", f, "--stage-map", "Pilot=Qualified"]);
    assert_eq!(r["created"], 1, "{r}");
}

#[test]
fn limit_zero_is_refused_everywhere() {
    let env = env();
    for args in [
        &["search", "ada", "--limit", "0"][..],
        &["contact", "list", "--limit", "0"],
        &["contact", "show", "ada", "--limit", "0"],
        &["deal", "list", "--limit", "0"],
        &["interaction", "list", "--limit", "0"],
        &["history", "--limit", "0"],
        &["agenda", "--limit", "0"],
        &["reconnect", "--limit", "0"],
        &["contact", "dupes", "--limit", "0"],
    ] {
        let err = env.fails(args, 2);
        assert!(err.contains("must be at least 1"), "{args:?}: {err}");
    }
    env.ok(&["search", "ada", "--limit", "1"]);
    // For mail clients, the reason is on the status line they show (exit 1).
    let out = env
        .cmd(&["query", "--mutt", "ada", "--limit", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("--limit must be at least 1"));
}

#[test]
fn a_config_with_no_key_to_quit_is_refused() {
    let env = env();
    let dir = env.dir.path().join("config/crm");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "[keys]\nq = \"none\"\n\"ctrl-c\" = \"refresh\"\n",
    )
    .unwrap();
    let err = env.refused(&["tui"]);
    assert!(err.contains("leave no key to quit"), "{err}");
    std::fs::write(
        dir.join("config.toml"),
        "[keys]\nq = \"none\"\n\"ctrl-c\" = \"refresh\"\n\"ctrl-q\" = \"quit\"\n",
    )
    .unwrap();
    let err = env.refused(&["tui"]);
    assert!(err.contains("needs a terminal"), "{err}");
}

#[test]
fn an_empty_0644_db_file_is_made_private_before_use() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::at(NOW);
    if env.on_pg() {
        return;
    }
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let db = env.dir.path().join("data/touched.db");
    std::fs::write(&db, b"").unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = env
        .cmd(&["--db", db.to_str().unwrap(), "contact", "add", "Ada"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&db), 0o600);
    for suffix in ["-wal", "-shm"] {
        let p = env.dir.path().join(format!("data/touched.db{suffix}"));
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{suffix}");
        }
    }
    // A database its owner opened to others keeps its mode, with a warning each time.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = env
        .cmd(&["--db", db.to_str().unwrap(), "contact", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("can be read by other users (mode 640)"),
        "{err}"
    );
    assert_eq!(mode(&db), 0o640);
}
