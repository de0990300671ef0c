//! Bulk writes over a selection: one transaction, one change, one undo (DESIGN §4).

mod common;

use common::Env;

fn book() -> Env {
    let env = Env::at("2026-11-22T10:00:00Z");
    for (name, tag) in [
        ("Ada Lovelace", "vip"),
        ("Zoë Ångström", "vip"),
        ("Bob Stone", "lead"),
    ] {
        env.ok(&["contact", "add", name, "--tag", tag]);
    }
    env
}

fn tags(env: &Env, who: &str) -> Vec<String> {
    let v = env.json(&["contact", "show", who]);
    v["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn contact_edit_where_tags_every_match_in_one_undoable_change() {
    let env = book();
    let out = env
        .cmd(&[
            "contact",
            "edit",
            "--where",
            "tag:vip",
            "--add-tag",
            "hot",
            "--rm-tag",
            "vip",
            "--yes",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("Will add tag hot and remove tag vip to 2 contacts."),
        "{err}"
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Updated 2 contacts"), "{text}");
    assert_eq!(tags(&env, "ada"), ["hot"]);
    assert_eq!(tags(&env, "zoe"), ["hot"]);
    assert_eq!(tags(&env, "bob"), ["lead"]);

    let undone = env.ok(&["undo"]);
    assert!(undone.contains("2 record change"), "{undone}");
    assert_eq!(tags(&env, "ada"), ["vip"]);
    assert_eq!(tags(&env, "zoe"), ["vip"]);
}

#[test]
fn contact_edit_segment_sets_the_lifecycle_with_json() {
    let env = book();
    env.ok(&["segment", "add", "vips", "tag:vip"]);
    let v = env.json(&[
        "contact",
        "edit",
        "--segment",
        "vips",
        "--lifecycle",
        "customer",
        "--yes",
    ]);
    assert_eq!(v["matched"], 2);
    assert_eq!(v["changed"], 2);
    assert_eq!(v["ids"], serde_json::json!([1, 2]));
    let again = env.json(&[
        "contact",
        "edit",
        "--segment",
        "vips",
        "--lifecycle",
        "customer",
        "--yes",
    ]);
    assert_eq!(again["changed"], 0, "they already had it");
    assert_eq!(
        env.json(&["contact", "show", "ada"])["lifecycle"],
        "retention"
    );
}

#[test]
fn a_dry_run_shows_the_count_and_rows_and_changes_nothing() {
    let env = book();
    let before = env.dump();
    let text = env.ok(&[
        "contact",
        "edit",
        "--where",
        "tag:vip",
        "--add-tag",
        "hot",
        "--dry-run",
    ]);
    assert!(text.contains("Will add tag hot to 2 contacts."), "{text}");
    assert!(
        text.contains("#1 Ada Lovelace") && text.contains("#2 Zoë Ångström"),
        "{text}"
    );
    assert!(text.contains("Dry run: nothing was changed."), "{text}");
    let v = env.json(&["task", "add", "Check in", "--where", "tag:vip", "--dry-run"]);
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["matched"], 2);
    assert_eq!(v["first"][0]["name"], "Ada Lovelace");
    assert_eq!(env.dump(), before);
}

#[test]
fn without_a_terminal_yes_is_needed() {
    let env = book();
    let err = env.refused(&["contact", "edit", "--where", "tag:vip", "--add-tag", "hot"]);
    assert!(
        err.contains("Will add tag hot to 2 contacts. Add --yes to confirm."),
        "{err}"
    );
    let err = env.refused(&["task", "add", "Call", "--where", "tag:vip"]);
    assert!(err.contains("Add --yes"), "{err}");
}

#[test]
fn zero_matches_say_so_exit_0_and_change_nothing() {
    let env = book();
    let before = env.dump();
    let text = env.ok(&["contact", "edit", "--where", "tag:nobody", "--add-tag", "x"]);
    assert!(
        text.contains("No contacts match; nothing was changed."),
        "{text}"
    );
    let v = env.json(&["contact", "edit", "--where", "tag:nobody", "--add-tag", "x"]);
    assert_eq!(v, serde_json::json!({"matched": 0, "changed": 0}));
    let text = env.ok(&[
        "task",
        "add",
        "Call",
        "--where",
        "tag:nobody",
        "--due",
        "today",
    ]);
    assert!(
        text.contains("No contacts match; no task was added."),
        "{text}"
    );
    assert_eq!(
        env.json(&["task", "add", "Call", "--where", "tag:nobody"]),
        serde_json::json!([])
    );
    assert_eq!(env.dump(), before);
}

#[test]
fn task_add_segment_adds_one_task_per_contact_in_one_change() {
    let env = book();
    env.ok(&["segment", "add", "vips", "tag:vip"]);
    let v = env.json(&[
        "task",
        "add",
        "Check in with them",
        "--segment",
        "vips",
        "--due",
        "tomorrow",
        "--yes",
    ]);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["contact_id"], 1);
    assert_eq!(list[1]["contact_id"], 2);
    assert_eq!(list[0]["due"], "2026-11-23");
    assert_eq!(env.json(&["task", "list"]).as_array().unwrap().len(), 2);
    env.ok(&["undo"]);
    assert!(env.json(&["task", "list"]).as_array().unwrap().is_empty());
}

#[test]
fn bulk_bad_input_is_refused_and_changes_nothing() {
    let env = book();
    let err = env.refused(&[
        "contact", "edit", "--where", "tag:vip", "--title", "CEO", "--yes",
    ]);
    assert!(
        err.contains("takes --add-tag, --rm-tag, --lifecycle and --every only"),
        "{err}"
    );
    let err = env.refused(&["contact", "edit", "--where", "tag:vip", "--yes"]);
    assert!(err.contains("nothing to change"), "{err}");
    let err = env.refused(&[
        "contact",
        "edit",
        "ada",
        "--where",
        "tag:vip",
        "--add-tag",
        "x",
        "--yes",
    ]);
    assert!(err.contains("not both"), "{err}");
    let err = env.refused(&[
        "contact",
        "edit",
        "--where",
        "tag:vip and",
        "--add-tag",
        "x",
        "--yes",
    ]);
    assert!(err.contains("at column 12"), "{err}");
    let err = env.refused(&[
        "contact",
        "edit",
        "--where",
        "tag:vip",
        "--lifecycle",
        "boss",
        "--yes",
    ]);
    assert!(err.contains("boss"), "{err}");
    let err = env.refused(&[
        "contact",
        "edit",
        "--segment",
        "nope",
        "--add-tag",
        "x",
        "--yes",
    ]);
    assert!(err.contains("no segment"), "{err}");
    let err = env.refused(&[
        "task",
        "add",
        "Call",
        "--where",
        "tag:vip",
        "--contact",
        "ada",
        "--yes",
    ]);
    assert!(err.contains("leave out --contact"), "{err}");
    let err = env.refused(&[
        "task", "add", "Call", "--where", "tag:vip", "--due", "someday", "--yes",
    ]);
    assert!(err.contains("someday"), "{err}");
    let err = env.refused(&["task", "add", "  ", "--where", "tag:vip", "--yes"]);
    assert!(err.contains("title"), "{err}");
    let err = env.fails(&["contact", "edit", "--add-tag", "x"], 2);
    assert!(
        err.contains("REFERENCE") || err.contains("required"),
        "{err}"
    );
}
