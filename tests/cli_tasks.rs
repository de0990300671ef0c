//! `crm task edit|rm|snooze|reopen` and recurring tasks on the real binary, at a fixed
//! moment (Sunday 2026-11-22 10:00 UTC).

mod common;
use common::Env;
use serde_json::Value;

const NOW: &str = "2026-11-22T10:00:00Z";

#[test]
fn edit_moves_renames_and_relinks_a_task() {
    let env = Env::seeded().clocked_at(NOW);
    let t = env.json(&["task", "add", "Send proposl", "--due", "tomorrow"]);
    assert_eq!(t["version"], 1);
    let e = env.json(&[
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
    ]);
    assert_eq!(e["title"], "Send proposal");
    assert_eq!(e["due"], "2026-11-24", "next Tuesday");
    assert_eq!(e["contact"], "Ada Lovelace");
    assert_eq!(e["deal_id"], 1);
    assert_eq!(e["version"], 2);
    let cleared = env.json(&[
        "task",
        "edit",
        "#1",
        "--due",
        "none",
        "--contact",
        "none",
        "--deal",
        "none",
    ]);
    assert_eq!(cleared["due"], Value::Null);
    assert_eq!(cleared["contact_id"], Value::Null);
    assert_eq!(cleared["deal_id"], Value::Null);
    let out = env.ok(&["task", "edit", "1", "--title", "Send proposal"]);
    assert!(out.contains("nothing changed"), "{out}");
    let h = env.json(&["history"]);
    assert!(h
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["action"] == "update"));
}

#[test]
fn a_timed_task_has_a_due_date_and_a_due_at() {
    let env = Env::at(NOW);
    let t = env.json(&["task", "add", "Call back", "--due", "2026-11-24 15:30"]);
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
    let day = env.json(&["task", "add", "Plan", "--due", "2026-11-25"]);
    assert_eq!(
        (day["due"].as_str(), day["due_at"].as_str()),
        (Some("2026-11-25"), None)
    );
}

#[test]
fn snooze_from_the_due_date_or_from_today() {
    let env = Env::at(NOW);
    env.ok(&["task", "add", "later", "--due", "2026-11-25"]);
    env.ok(&["task", "add", "late", "--due", "2026-11-01"]);
    env.ok(&["task", "add", "undated"]);
    assert_eq!(env.json(&["task", "snooze", "1"])["due"], "2026-11-26");
    assert_eq!(
        env.json(&["task", "snooze", "2", "3d"])["due"],
        "2026-11-25"
    );
    assert_eq!(
        env.json(&["task", "snooze", "3", "+1w"])["due"],
        "2026-11-29"
    );
    let out = env.ok(&["task", "snooze", "1", "2w"]);
    assert!(
        out.contains("Snoozed task #1 later, due 2026-12-10"),
        "{out}"
    );
    let h = env.json(&["history"]);
    assert_eq!(h[0]["action"], "snooze");
    assert_eq!(h[0]["before"]["due"], "2026-11-26");
}

#[test]
fn rm_deletes_and_history_keeps_it() {
    let env = Env::at(NOW);
    env.ok(&["task", "add", "wrong one", "--due", "2026-11-23"]);
    let out = env.ok(&["task", "rm", "1", "--yes"]);
    assert!(out.contains("Deleted task #1 wrong one"), "{out}");
    assert_eq!(env.json(&["task", "list", "--all"]), serde_json::json!([]));
    let h = env.json(&["history"]);
    assert_eq!(h[0]["action"], "delete");
    assert_eq!(h[0]["before"]["title"], "wrong one");
    assert_eq!(h[0]["before"]["id"], 1);
}

#[test]
fn a_monthly_invoice_task_comes_back_after_its_due_date() {
    let env = Env::at(NOW);
    let t = env.json(&[
        "task",
        "add",
        "Send invoice",
        "--due",
        "2026-01-31",
        "--every",
        "month",
    ]);
    assert_eq!(t["every"], "month");
    let listed = env.ok(&["task", "list"]);
    assert!(
        listed.contains("EVERY") && listed.contains("month"),
        "{listed}"
    );
    let done = env.json(&["task", "done", "1"]);
    assert_eq!(done["done"], true);
    assert_eq!(done["next"]["id"], 2);
    assert_eq!(
        done["next"]["due"], "2026-02-28",
        "Jan 31 + 1 month, clamped"
    );
    assert_eq!(done["next"]["every"], "month");
    let out = env.ok(&["task", "done", "2"]);
    assert!(
        out.contains("Next: task #3 Send invoice, due 2026-03-28, every month"),
        "{out}"
    );
    let open = env.json(&["task", "list"]);
    assert_eq!(open.as_array().unwrap().len(), 1);
    // Reopen keeps working, and creates nothing.
    let reopened = env.json(&["task", "reopen", "1"]);
    assert_eq!(reopened["done"], false);
    assert_eq!(env.json(&["task", "list"]).as_array().unwrap().len(), 2);

    let leap = env.json(&[
        "task",
        "add",
        "Leap",
        "--due",
        "2028-01-31",
        "--every",
        "1m",
    ]);
    let id = leap["id"].to_string();
    assert_eq!(
        env.json(&["task", "done", &id])["next"]["due"],
        "2028-02-29"
    );
    let weekly = env.json(&[
        "task",
        "add",
        "Review",
        "--due",
        "2026-11-20 09:00",
        "--every",
        "2w",
    ]);
    let id = weekly["id"].to_string();
    let next = &env.json(&["task", "done", &id])["next"];
    assert_eq!(next["due"], "2026-12-04");
    assert_eq!(next["due_at"], "2026-12-04T09:00:00Z");
}

#[test]
fn bad_input_changes_nothing() {
    let env = Env::seeded().clocked_at(NOW);
    env.ok(&["task", "add", "call back", "--due", "2026-11-23"]);
    env.ok(&["task", "add", "done one"]);
    env.ok(&["task", "done", "2"]);
    env.ok(&["task", "edit", "1", "--title", "call back soon"]);

    let e = env.refused(&["task", "edit", "99", "--title", "x"]);
    assert!(e.contains("there is no task #99"), "{e}");
    let e = env.refused(&["task", "rm", "99", "--yes"]);
    assert!(e.contains("there is no task #99"), "{e}");
    let e = env.refused(&["task", "add", "invoice", "--every", "fortnightly"]);
    assert!(
        e.contains("cannot read the interval \"fortnightly\""),
        "{e}"
    );
    let e = env.refused(&["task", "add", "invoice", "--every", "0d"]);
    assert!(e.contains("between 1 and"), "{e}");
    let e = env.refused(&["task", "edit", "1", "--every", "2x"]);
    assert!(e.contains("cannot read the interval"), "{e}");
    let e = env.refused(&["task", "snooze", "2"]);
    assert!(e.contains("task #2 is done; reopen it first"), "{e}");
    let e = env.refused(&["task", "snooze", "1", "soon"]);
    assert!(e.contains("cannot read how long to snooze"), "{e}");
    let e = env.refused(&["task", "snooze", "99"]);
    assert!(e.contains("there is no task #99"), "{e}");
    let e = env.refused(&["task", "edit", "1", "--title", "stale", "--if-version", "1"]);
    assert!(
        e.contains("task #1 was changed by tester (")
            && e.contains("since you opened it; reload and try again."),
        "{e}"
    );
    let e = env.refused(&["task", "edit", "1"]);
    assert!(e.contains("nothing to change"), "{e}");
    let e = env.refused(&["task", "edit", "1", "--title", "  "]);
    assert!(e.contains("title cannot be empty"), "{e}");
    let e = env.refused(&["task", "edit", "1", "--due", "someday"]);
    assert!(e.contains("cannot read the date"), "{e}");
    let e = env.refused(&["task", "edit", "1", "--contact", "nobody"]);
    assert!(e.to_lowercase().contains("nobody"), "{e}");
    let e = env.refused(&["task", "edit", "x1", "--title", "t"]);
    assert!(e.contains("not a task id"), "{e}");
}

#[test]
fn export_and_import_keep_the_time_and_the_interval() {
    let a = Env::at(NOW);
    a.ok(&[
        "task",
        "add",
        "Review",
        "--due",
        "2026-11-24 15:30",
        "--every",
        "2w",
    ]);
    a.ok(&["task", "add", "Plan", "--due", "2026-11-25"]);
    let file = a.dir.path().join("tasks.json");
    a.ok(&[
        "export",
        "tasks",
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
    ]);
    let b = Env::at(NOW);
    b.ok(&["import", "tasks", file.to_str().unwrap()]);
    let shape = |env: &Env| -> Vec<(Value, Value, Value)> {
        env.json(&["task", "list"])
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

/// Two people on one task: the second, working from the version they read, is refused with
/// the name of who changed it in between.
#[test]
fn a_stale_edit_names_who_changed_the_task() {
    let env = Env::at("2026-11-22T10:00:00Z");
    env.ok(&["task", "add", "Send the invoice", "--due", "tomorrow"]);
    let out = env
        .cmd(&["task", "edit", "1", "--title", "Send the invoice today"])
        .env("USER", "robin")
        .env("LOGNAME", "robin")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let e = env.refused(&["task", "edit", "1", "--title", "mine", "--if-version", "1"]);
    assert!(
        e.contains("task #1 was changed by robin (2026-11-22 10:00 UTC) since you opened it"),
        "{e}"
    );
}
