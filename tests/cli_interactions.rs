//! `crm interaction list|show|edit|rm` on the real binary, at a fixed moment
//! (Sunday 2026-11-22 10:00 UTC).

mod common;
use common::Env;
use serde_json::Value;

const NOW: &str = "2026-11-22T10:00:00Z";

/// Ada: a call on the 20th about deal 1, a note on the 21st; Grace: an e-mail today.
fn logged() -> Env {
    let env = Env::seeded().clocked_at(NOW);
    env.ok(&[
        "log-call",
        "ada",
        "talked prcing",
        "--at",
        "2026-11-20 14:00",
        "--deal",
        "1",
    ]);
    env.ok(&["log-note", "ada", "likes tea", "--at", "2026-11-21 09:00"]);
    env.ok(&["log-email", "grace", "sent the deck"]);
    env
}

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn list_filters_and_is_newest_first() {
    let env = logged();
    assert_eq!(ids(&env.json(&["interaction", "list"])), [3, 2, 1]);
    assert_eq!(
        ids(&env.json(&["interaction", "list", "--contact", "ada"])),
        [2, 1]
    );
    assert_eq!(
        ids(&env.json(&["interaction", "list", "--kind", "note"])),
        [2]
    );
    assert_eq!(ids(&env.json(&["interaction", "list", "--deal", "1"])), [1]);
    assert_eq!(
        ids(&env.json(&["interaction", "list", "--since", "2026-11-21"])),
        [3, 2]
    );
    assert_eq!(
        ids(&env.json(&["interaction", "list", "--until", "2026-11-21"])),
        [2, 1],
        "a whole day counts in full"
    );
    assert_eq!(
        ids(&env.json(&["interaction", "list", "--limit", "1"])),
        [3]
    );
    let one = &env.json(&["interaction", "list"])[2];
    for key in [
        "id",
        "contact_id",
        "contact",
        "deal_id",
        "kind",
        "direction",
        "occurred_at",
        "duration_min",
        "summary",
        "score",
        "version",
    ] {
        assert!(one.get(key).is_some(), "interaction JSON lacks {key}");
    }
    let table = env.ok(&["interaction", "list"]);
    assert!(
        table.contains("ID") && table.contains("Grace Hopper (#2)"),
        "{table}"
    );
    let empty = env.ok(&["interaction", "list", "--kind", "feedback"]);
    assert!(empty.contains("No interactions here"), "{empty}");
}

#[test]
fn show_edit_and_rm() {
    let env = logged();
    let shown = env.ok(&["interaction", "show", "1"]);
    assert!(shown.contains("Interaction #1: talked prcing"), "{shown}");
    assert_eq!(
        env.json(&["interaction", "show", "#1"])["summary"],
        "talked prcing"
    );

    let e = env.json(&[
        "interaction",
        "edit",
        "1",
        "--summary",
        "talked pricing",
        "--duration",
        "30m",
        "--deal",
        "none",
        "--body",
        "they want a discount",
        "--if-version",
        "1",
    ]);
    assert_eq!(e["summary"], "talked pricing");
    assert_eq!(e["duration_min"], 30);
    assert_eq!(e["deal_id"], Value::Null);
    assert_eq!(e["body"], "they want a discount");
    assert_eq!(e["version"], 2);
    let piped = env
        .cmd(&["interaction", "edit", "1", "--body", "-", "--json"])
        .env("CRM_NOW", NOW)
        .write_stdin("line one\nline two\n")
        .output()
        .unwrap();
    assert!(piped.status.success());
    let shown = env.ok(&["interaction", "show", "1"]);
    assert!(shown.contains("line one\nline two"), "{shown}");
    env.ok(&["interaction", "edit", "1", "--body", ""]);
    assert_eq!(env.json(&["interaction", "show", "1"])["body"], Value::Null);
    env.ok(&["interaction", "edit", "1", "--body", "they want a discount"]);
    let h = env.json(&["history"]);
    assert_eq!(h[0]["action"], "update");
    assert_eq!(h[0]["before"]["body"], Value::Null);
    assert_eq!(h[3]["before"]["summary"], "talked prcing");

    // Last contact follows the edited date and never takes a future one.
    env.ok(&["interaction", "edit", "3", "--at", "2026-11-21 18:00"]);
    let grace = env.json(&["contact", "show", "grace"]);
    assert_eq!(grace["last_contact_at"], "2026-11-21T18:00:00Z");
    env.ok(&[
        "interaction",
        "edit",
        "3",
        "--at",
        "2026-12-01 10:00",
        "--future",
    ]);
    let grace = env.json(&["contact", "show", "grace"]);
    assert_eq!(grace["last_contact_at"], Value::Null);

    let out = env.ok(&["interaction", "rm", "1", "--yes"]);
    assert!(out.contains("Deleted interaction #1"), "{out}");
    assert_eq!(
        ids(&env.json(&["interaction", "list", "--contact", "ada"])),
        [2]
    );
    let ada = env.json(&["contact", "show", "ada"]);
    assert_eq!(ada["last_contact_at"], Value::Null, "only a note is left");
    let h = env.json(&["history"]);
    assert_eq!(h[0]["action"], "delete");
    assert_eq!(h[0]["before"]["summary"], "talked pricing");
    assert!(h[0]["before"]["created_at"].is_string());
}

#[test]
fn timelines_show_interaction_ids() {
    let env = logged();
    let contact = env.ok(&["contact", "show", "ada"]);
    let row = contact
        .lines()
        .find(|l| l.contains("talked prcing"))
        .unwrap();
    assert!(row.trim_start().starts_with('1'), "{row}");
    let deal = env.ok(&["deal", "show", "1"]);
    let row = deal.lines().find(|l| l.contains("talked prcing")).unwrap();
    assert!(row.trim_start().starts_with('1'), "{row}");
}

#[test]
fn bad_input_changes_nothing() {
    let env = logged();
    env.ok(&["interaction", "edit", "1", "--summary", "talked pricing"]);
    let e = env.refused(&["interaction", "edit", "99", "--summary", "x"]);
    assert!(e.contains("there is no interaction #99"), "{e}");
    let e = env.refused(&["interaction", "rm", "99", "--yes"]);
    assert!(e.contains("there is no interaction #99"), "{e}");
    let e = env.refused(&["interaction", "show", "99"]);
    assert!(e.contains("there is no interaction #99"), "{e}");
    let e = env.refused(&[
        "interaction",
        "edit",
        "1",
        "--summary",
        "x",
        "--if-version",
        "1",
    ]);
    assert!(
        e.contains("interaction #1 was changed by tester (") && e.contains("since you opened it"),
        "{e}"
    );
    let e = env.refused(&["interaction", "edit", "1"]);
    assert!(e.contains("nothing to change"), "{e}");
    let e = env.refused(&["interaction", "edit", "1", "--summary", " "]);
    assert!(e.contains("summary cannot be empty"), "{e}");
    let e = env.refused(&["interaction", "edit", "1", "--score", "5"]);
    assert!(e.contains("only for feedback"), "{e}");
    let e = env.refused(&["interaction", "edit", "2", "--direction", "in"]);
    assert!(e.contains("notes have no direction"), "{e}");
    let e = env.refused(&["interaction", "edit", "1", "--kind", "fax"]);
    assert!(e.contains("fax"), "{e}");
    let e = env.refused(&["interaction", "edit", "1", "--at", "someday"]);
    assert!(e.contains("cannot read the date"), "{e}");
    let e = env.refused(&["interaction", "edit", "1", "--contact", "nobody"]);
    assert!(e.to_lowercase().contains("nobody"), "{e}");
    let e = env.refused(&["interaction", "list", "--since", "someday"]);
    assert!(e.contains("--since"), "{e}");
    let e = env.refused(&["interaction", "list", "--kind", "fax"]);
    assert!(e.contains("fax"), "{e}");
    let e = env.refused(&["interaction", "edit", "abc", "--summary", "x"]);
    assert!(e.contains("not an interaction id"), "{e}");
}
