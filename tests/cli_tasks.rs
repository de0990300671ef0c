//! `crm task edit|rm|snooze|reopen` and recurring tasks on the real binary, at a fixed
//! moment (Sunday 2026-11-22 10:00 UTC).

mod common;
use common::Env;
use serde_json::Value;

const NOW: &str = "2026-11-22T10:00:00Z";

fn ok(env: &Env, args: &[&str]) -> String {
    let out = env.cmd(args).env("CRM_NOW", NOW).output().unwrap();
    assert!(
        out.status.success(),
        "crm {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(env: &Env, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    serde_json::from_str(&ok(env, &a)).unwrap()
}

/// Runs, expects exit 1 and an unchanged database; returns stderr.
fn refused(env: &Env, args: &[&str]) -> String {
    let before = env.dump();
    let out = env.cmd(args).env("CRM_NOW", NOW).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "crm {args:?}: {err}");
    assert_eq!(env.dump(), before, "crm {args:?} changed the database");
    err
}

#[test]
fn edit_moves_renames_and_relinks_a_task() {
    let env = Env::seeded();
    let t = json(&env, &["task", "add", "Send proposl", "--due", "tomorrow"]);
    assert_eq!(t["version"], 1);
    let e = json(
        &env,
        &[
            "task",
            "edit",
            "1",
            "--title",
            "Send proposal",
            "--due",
            "tue",
            "--contact",
            "ada",
            "--deal",
            "1",
            "--if-version",
            "1",
        ],
    );
    assert_eq!(e["title"], "Send proposal");
    assert_eq!(e["due"], "2026-11-24", "next Tuesday");
    assert_eq!(e["contact"], "Ada Lovelace");
    assert_eq!(e["deal_id"], 1);
    assert_eq!(e["version"], 2);
    let cleared = json(
        &env,
        &[
            "task",
            "edit",
            "#1",
            "--due",
            "none",
            "--contact",
            "none",
            "--deal",
            "none",
        ],
    );
    assert_eq!(cleared["due"], Value::Null);
    assert_eq!(cleared["contact_id"], Value::Null);
    assert_eq!(cleared["deal_id"], Value::Null);
    let out = ok(&env, &["task", "edit", "1", "--title", "Send proposal"]);
    assert!(out.contains("nothing changed"), "{out}");
    let h = json(&env, &["history"]);
    assert!(h
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["action"] == "update"));
}

#[test]
fn a_timed_task_has_a_due_date_and_a_due_at() {
    let env = Env::new();
    let t = json(
        &env,
        &["task", "add", "Call back", "--due", "2026-11-24 15:30"],
    );
    assert_eq!(t["due"], "2026-11-24");
    assert_eq!(t["due_at"], "2026-11-24T15:30:00Z");
    assert_eq!(t["every"], Value::Null);
    assert_eq!(t["done"], false);
    for key in [
        "id",
        "title",
        "due",
        "due_at",
        "every",
        "done",
        "contact_id",
        "deal_id",
    ] {
        assert!(t.get(key).is_some(), "task JSON lacks {key}");
    }
    let day = json(&env, &["task", "add", "Plan", "--due", "2026-11-25"]);
    assert_eq!(
        (day["due"].as_str(), day["due_at"].as_str()),
        (Some("2026-11-25"), None)
    );
}

#[test]
fn snooze_from_the_due_date_or_from_today() {
    let env = Env::new();
    ok(&env, &["task", "add", "later", "--due", "2026-11-25"]);
    ok(&env, &["task", "add", "late", "--due", "2026-11-01"]);
    ok(&env, &["task", "add", "undated"]);
    assert_eq!(json(&env, &["task", "snooze", "1"])["due"], "2026-11-26");
    assert_eq!(
        json(&env, &["task", "snooze", "2", "3d"])["due"],
        "2026-11-25"
    );
    assert_eq!(
        json(&env, &["task", "snooze", "3", "+1w"])["due"],
        "2026-11-29"
    );
    let out = ok(&env, &["task", "snooze", "1", "2w"]);
    assert!(
        out.contains("Snoozed task #1 later, due 2026-12-10"),
        "{out}"
    );
    let h = json(&env, &["history"]);
    assert_eq!(h[0]["action"], "snooze");
    assert_eq!(h[0]["before"]["due"], "2026-11-26");
}

#[test]
fn rm_deletes_and_history_keeps_it() {
    let env = Env::new();
    ok(&env, &["task", "add", "wrong one", "--due", "2026-11-23"]);
    let out = ok(&env, &["task", "rm", "1", "--yes"]);
    assert!(out.contains("Deleted task #1 wrong one"), "{out}");
    assert_eq!(
        json(&env, &["task", "list", "--all"]),
        serde_json::json!([])
    );
    let h = json(&env, &["history"]);
    assert_eq!(h[0]["action"], "delete");
    assert_eq!(h[0]["before"]["title"], "wrong one");
    assert_eq!(h[0]["before"]["id"], 1);
}

#[test]
fn a_monthly_invoice_task_comes_back_after_its_due_date() {
    let env = Env::new();
    let t = json(
        &env,
        &[
            "task",
            "add",
            "Send invoice",
            "--due",
            "2026-01-31",
            "--every",
            "month",
        ],
    );
    assert_eq!(t["every"], "month");
    let listed = ok(&env, &["task", "list"]);
    assert!(
        listed.contains("EVERY") && listed.contains("month"),
        "{listed}"
    );
    let done = json(&env, &["task", "done", "1"]);
    assert_eq!(done["done"], true);
    assert_eq!(done["next"]["id"], 2);
    assert_eq!(
        done["next"]["due"], "2026-02-28",
        "Jan 31 + 1 month, clamped"
    );
    assert_eq!(done["next"]["every"], "month");
    let out = ok(&env, &["task", "done", "2"]);
    assert!(
        out.contains("Next: task #3 Send invoice, due 2026-03-28, every month"),
        "{out}"
    );
    let open = json(&env, &["task", "list"]);
    assert_eq!(open.as_array().unwrap().len(), 1);
    // Reopen keeps working, and creates nothing.
    let reopened = json(&env, &["task", "reopen", "1"]);
    assert_eq!(reopened["done"], false);
    assert_eq!(json(&env, &["task", "list"]).as_array().unwrap().len(), 2);

    let leap = json(
        &env,
        &[
            "task",
            "add",
            "Leap",
            "--due",
            "2028-01-31",
            "--every",
            "1m",
        ],
    );
    let id = leap["id"].to_string();
    assert_eq!(
        json(&env, &["task", "done", &id])["next"]["due"],
        "2028-02-29"
    );
    let weekly = json(
        &env,
        &[
            "task",
            "add",
            "Review",
            "--due",
            "2026-11-20 09:00",
            "--every",
            "2w",
        ],
    );
    let id = weekly["id"].to_string();
    let next = &json(&env, &["task", "done", &id])["next"];
    assert_eq!(next["due"], "2026-12-04");
    assert_eq!(next["due_at"], "2026-12-04T09:00:00Z");
}

#[test]
fn bad_input_changes_nothing() {
    let env = Env::seeded();
    ok(&env, &["task", "add", "call back", "--due", "2026-11-23"]);
    ok(&env, &["task", "add", "done one"]);
    ok(&env, &["task", "done", "2"]);
    ok(&env, &["task", "edit", "1", "--title", "call back soon"]);

    let e = refused(&env, &["task", "edit", "99", "--title", "x"]);
    assert!(e.contains("there is no task #99"), "{e}");
    let e = refused(&env, &["task", "rm", "99", "--yes"]);
    assert!(e.contains("there is no task #99"), "{e}");
    let e = refused(&env, &["task", "add", "invoice", "--every", "fortnightly"]);
    assert!(
        e.contains("cannot read the interval \"fortnightly\""),
        "{e}"
    );
    let e = refused(&env, &["task", "add", "invoice", "--every", "0d"]);
    assert!(e.contains("between 1 and"), "{e}");
    let e = refused(&env, &["task", "edit", "1", "--every", "2x"]);
    assert!(e.contains("cannot read the interval"), "{e}");
    let e = refused(&env, &["task", "snooze", "2"]);
    assert!(e.contains("task #2 is done; reopen it first"), "{e}");
    let e = refused(&env, &["task", "snooze", "1", "soon"]);
    assert!(e.contains("cannot read how long to snooze"), "{e}");
    let e = refused(&env, &["task", "snooze", "99"]);
    assert!(e.contains("there is no task #99"), "{e}");
    let e = refused(
        &env,
        &["task", "edit", "1", "--title", "stale", "--if-version", "1"],
    );
    assert!(
        e.contains("task #1 was changed since you opened it; reload and try again."),
        "{e}"
    );
    let e = refused(&env, &["task", "edit", "1"]);
    assert!(e.contains("nothing to change"), "{e}");
    let e = refused(&env, &["task", "edit", "1", "--title", "  "]);
    assert!(e.contains("title cannot be empty"), "{e}");
    let e = refused(&env, &["task", "edit", "1", "--due", "someday"]);
    assert!(e.contains("cannot read the date"), "{e}");
    let e = refused(&env, &["task", "edit", "1", "--contact", "nobody"]);
    assert!(e.to_lowercase().contains("nobody"), "{e}");
    let e = refused(&env, &["task", "edit", "x1", "--title", "t"]);
    assert!(e.contains("not a task id"), "{e}");
}

#[test]
fn export_and_import_keep_the_time_and_the_interval() {
    let a = Env::new();
    ok(
        &a,
        &[
            "task",
            "add",
            "Review",
            "--due",
            "2026-11-24 15:30",
            "--every",
            "2w",
        ],
    );
    ok(&a, &["task", "add", "Plan", "--due", "2026-11-25"]);
    let file = a.dir.path().join("tasks.json");
    ok(
        &a,
        &[
            "export",
            "tasks",
            "--format",
            "json",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    let b = Env::new();
    ok(&b, &["import", "tasks", file.to_str().unwrap()]);
    let shape = |env: &Env| -> Vec<(Value, Value, Value)> {
        json(env, &["task", "list"])
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["due"].clone(), t["due_at"].clone(), t["every"].clone()))
            .collect()
    };
    assert_eq!(shape(&a), shape(&b));
    assert_eq!(shape(&b)[0].1, "2026-11-24T15:30:00Z");
    assert_eq!(shape(&b)[0].2, "2w");
}
