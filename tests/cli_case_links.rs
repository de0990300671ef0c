//! Tasks and interactions filed under a support case: `crm task add|edit --case ID` and
//! `crm interaction list --case ID`.

mod common;

use common::Env;
use serde_json::Value;

fn two_cases() -> Env {
    let env = Env::at("2026-11-22T10:00:00Z");
    env.ok(&["contact", "add", "Ada Lovelace"]);
    env.ok(&["contact", "add", "Bob Hope"]);
    env.ok(&[
        "case",
        "open",
        "ada",
        "Login broken",
        "--priority",
        "urgent",
    ]);
    env.ok(&["case", "open", "bob", "Slow export"]);
    env
}

#[test]
fn a_task_for_a_case_takes_its_contact_and_lists_with_its_case() {
    let env = two_cases();
    let t = env.json(&[
        "task",
        "add",
        "Call back about the login",
        "--case",
        "1",
        "--due",
        "tomorrow",
    ]);
    assert_eq!(t["case_id"], 1);
    assert_eq!(t["contact_id"], 1, "the case's contact");
    assert_eq!(t["contact"], "Ada Lovelace");
    let t = env.json(&[
        "task",
        "add",
        "Check logs",
        "--case",
        "#1",
        "--contact",
        "ada",
    ]);
    assert_eq!(t["case_id"], 1);
    let plain = env.json(&["task", "add", "Unrelated"]);
    assert_eq!(plain["case_id"], Value::Null);
    let listed = env.json(&["task", "list"]);
    let ids: Vec<Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["case_id"].clone())
        .collect();
    assert_eq!(ids, [Value::from(1), Value::from(1), Value::Null]);
    // Edit: move it to no case, then to Ada's case again.
    assert_eq!(
        env.json(&["task", "edit", "3", "--case", "1"])["case_id"],
        1
    );
    assert_eq!(
        env.json(&["task", "edit", "3", "--case", "none"])["case_id"],
        Value::Null
    );
    // Ticking a recurring case task done: the next one keeps the case.
    env.ok(&[
        "task",
        "add",
        "Weekly check",
        "--case",
        "2",
        "--due",
        "tomorrow",
        "--every",
        "1w",
    ]);
    let done = env.json(&["task", "done", "4"]);
    assert_eq!(done["next"]["case_id"], 2);
    // Undo takes the task (and its case link) back.
    env.ok(&["undo"]);
    let listed = env.json(&["task", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), 4, "{listed}");
    let weekly = listed.as_array().unwrap().iter().find(|t| t["id"] == 4);
    assert_eq!(weekly.unwrap()["case_id"], 2, "{listed}");
}

#[test]
fn a_bad_case_on_a_task_is_refused_and_changes_nothing() {
    let env = two_cases();
    let err = env.refused(&["task", "add", "x", "--case", "9"]);
    assert!(err.contains("no case #9"), "{err}");
    let err = env.refused(&["task", "add", "x", "--case", "soon"]);
    assert!(err.contains("\"soon\" is not a case id"), "{err}");
    let err = env.refused(&["task", "add", "x", "--case", "2", "--contact", "ada"]);
    assert!(err.contains("case #2 is Bob Hope's"), "{err}");
    let err = env.refused(&[
        "task", "add", "x", "--case", "1", "--where", "name:ada", "--yes",
    ]);
    assert!(err.contains("--case"), "{err}");
    env.ok(&["task", "add", "Call", "--contact", "ada"]);
    let err = env.refused(&["task", "edit", "1", "--case", "2"]);
    assert!(err.contains("case #2 is Bob Hope's"), "{err}");
    let err = env.refused(&["task", "edit", "1", "--case", "7"]);
    assert!(err.contains("no case #7"), "{err}");
    env.ok(&["task", "edit", "1", "--case", "1"]);
    let err = env.refused(&["task", "edit", "1", "--contact", "bob"]);
    assert!(err.contains("case #1 is Ada Lovelace's"), "{err}");
}

#[test]
fn interactions_of_a_case() {
    let env = two_cases();
    env.ok(&["case", "reply", "1", "Try a reset"]);
    env.ok(&[
        "log",
        "email",
        "ada",
        "Still broken",
        "--direction",
        "in",
        "--case",
        "1",
    ]);
    env.ok(&["log-call", "ada", "About something else"]);
    env.ok(&["case", "note", "2", "Looked at it"]);
    let list = env.json(&["interaction", "list", "--case", "1"]);
    let summaries: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["summary"].as_str().unwrap())
        .collect();
    assert_eq!(summaries.len(), 2, "{list}");
    assert!(summaries.contains(&"Try a reset") && summaries.contains(&"Still broken"));
    assert!(list.as_array().unwrap().iter().all(|i| i["case_id"] == 1));
    let all = env.json(&["interaction", "list"]);
    let other = all
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["summary"] == "About something else")
        .unwrap();
    assert_eq!(other["case_id"], Value::Null);
    let logged = env.json(&["log", "note", "bob", "Another look", "--case", "2"]);
    assert_eq!(logged["case_id"], 2);
    assert_eq!(
        env.json(&["interaction", "list", "--case", "2", "--kind", "note"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let text = env.ok(&["interaction", "list", "--case", "1"]);
    assert!(text.contains("Still broken"), "{text}");
    // Feedback on a solved case rates it; it does not open it again.
    env.ok(&["case", "solve", "1"]);
    let rated = env.json(&[
        "log", "feedback", "ada", "great", "--score", "9", "--case", "1",
    ]);
    assert_eq!(
        (rated["case_id"].as_i64(), rated["direction"].as_str()),
        (Some(1), Some("in"))
    );
    assert_eq!(env.json(&["case", "show", "1"])["status"], "solved");
    let err = env.refused(&["interaction", "list", "--case", "9"]);
    assert!(err.contains("no case #9"), "{err}");
    let err = env.refused(&["interaction", "list", "--case", "x"]);
    assert!(err.contains("not a case id"), "{err}");
}
