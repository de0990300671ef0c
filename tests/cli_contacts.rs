//! `crm contact …` and `crm company …` on the real binary.

mod common;
use common::Env;

#[test]
fn add_list_show_in_table_and_json() {
    let env = Env::seeded();
    let list = env.ok(&["contact", "list"]);
    assert!(
        list.contains("Ada Lovelace") && list.contains("Grace Hopper"),
        "{list}"
    );
    assert!(list.lines().next().unwrap().contains("NAME"));

    let v = env.json(&["contact", "list"]);
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    let ada = &arr[0];
    for key in [
        "id",
        "name",
        "email",
        "emails",
        "phones",
        "company",
        "title",
        "lifecycle",
        "tags",
        "source",
        "created_at",
        "last_contact_at",
    ] {
        assert!(ada.get(key).is_some(), "contact JSON lacks {key}: {ada}");
    }
    assert_eq!(ada["email"], "ada@example.com");
    assert_eq!(ada["company"], "Analytical Engines");
    assert_eq!(
        ada["lifecycle"], "decision",
        "opening a deal moved Ada to decision"
    );
    assert_eq!(ada["tags"], serde_json::json!(["vip"]));
    assert!(ada["created_at"].as_str().unwrap().ends_with('Z'));

    let show = env.json(&["contact", "show", "ada"]);
    assert_eq!(show["deals"].as_array().unwrap().len(), 1);
    assert!(show["tasks"].is_array() && show["interactions"].is_array());
    let text = env.ok(&["contact", "show", "ADA LOV"]);
    assert!(
        text.contains("#1 Ada Lovelace")
            && text.contains("Engine design")
            && text.contains("Timeline"),
        "{text}"
    );
}

#[test]
fn list_filters() {
    let env = Env::seeded();
    let names = |args: &[&str]| -> Vec<String> {
        env.json(args)
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names(&["contact", "list", "--tag", "vip"]),
        ["Ada Lovelace"]
    );
    assert_eq!(names(&["contact", "list", "grace"]), ["Grace Hopper"]);
    assert_eq!(
        names(&["contact", "list", "--lifecycle", "lead"]),
        ["Grace Hopper"]
    );
    assert_eq!(
        names(&["contact", "list", "--company", "analytical"]),
        ["Ada Lovelace"]
    );
    assert_eq!(names(&["contact", "list", "--stale", "30"]).len(), 2);
    assert_eq!(names(&["contact", "list", "--limit", "1"]).len(), 1);
}

#[test]
fn edit_replaces_and_adjusts() {
    let env = Env::seeded();
    env.ok(&[
        "contact",
        "edit",
        "grace",
        "--title",
        "Rear Admiral",
        "--add-tag",
        "navy",
        "--field",
        "born=1906",
        "--email",
        "grace@navy.example",
        "--email",
        "gh@example.com",
    ]);
    let g = env.json(&["contact", "show", "grace"]);
    assert_eq!(g["title"], "Rear Admiral");
    assert_eq!(
        g["emails"],
        serde_json::json!(["grace@navy.example", "gh@example.com"])
    );
    assert_eq!(g["email"], "grace@navy.example");
    assert_eq!(g["tags"], serde_json::json!(["navy"]));
    assert_eq!(g["fields"]["born"], "1906");
    env.ok(&[
        "contact",
        "edit",
        "grace",
        "--rm-tag",
        "navy",
        "--field",
        "born=",
        "--lifecycle",
        "customer",
    ]);
    let g = env.json(&["contact", "show", "grace"]);
    assert_eq!(g["tags"], serde_json::json!([]));
    assert!(g["fields"].get("born").is_none());
    assert_eq!(g["lifecycle"], "retention");
}

#[test]
fn remove_needs_confirmation_and_keeps_history() {
    let env = Env::seeded();
    let err = env.fails(&["contact", "rm", "grace"], 1);
    assert!(err.contains("--yes"), "{err}");
    env.ok(&["contact", "rm", "grace", "--yes"]);
    assert_eq!(env.json(&["contact", "list"]).as_array().unwrap().len(), 1);
    let h = env.json(&["history"]);
    assert!(h
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["action"] == "delete" && r["before"]["name"] == "Grace Hopper"));
    // The e-mail is free for a new contact.
    env.ok(&[
        "contact",
        "add",
        "Grace B. Hopper",
        "--email",
        "GRACE@example.com",
    ]);
}

#[test]
fn merge_joins_two_contacts() {
    let env = Env::seeded();
    env.ok(&[
        "contact",
        "add",
        "A. Lovelace",
        "--email",
        "countess@example.com",
        "--phone",
        "+44 20 7946 0000",
    ]);
    env.ok(&["log-call", "countess@example.com", "said hello"]);
    env.ok(&[
        "contact",
        "merge",
        "ada@example.com",
        "countess@example.com",
    ]);
    let ada = env.json(&["contact", "show", "ada@example.com"]);
    assert_eq!(
        ada["emails"],
        serde_json::json!(["ada@example.com", "countess@example.com"])
    );
    assert_eq!(ada["interactions"].as_array().unwrap().len(), 1);
    assert_eq!(env.json(&["contact", "list"]).as_array().unwrap().len(), 2);
}

#[test]
fn companies() {
    let env = Env::seeded();
    env.ok(&[
        "company",
        "add",
        "Bletchley Park",
        "--domain",
        "Bletchley.example",
        "--size",
        "300",
        "--industry",
        "Codes",
    ]);
    let list = env.json(&["company", "list"]);
    let arr = list.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    let bp = arr.iter().find(|c| c["name"] == "Bletchley Park").unwrap();
    assert_eq!(bp["size"], "medium");
    assert_eq!(bp["domain"], "bletchley.example");
    let ae = arr
        .iter()
        .find(|c| c["name"] == "Analytical Engines")
        .unwrap();
    assert_eq!(ae["contacts"], 1);
    assert_eq!(ae["open_deals"], 1);
    let show = env.ok(&["company", "show", "analytical"]);
    assert!(
        show.contains("Ada Lovelace") && show.contains("Engine design"),
        "{show}"
    );
    env.ok(&[
        "company",
        "edit",
        "bletchley",
        "--name",
        "Bletchley Park Trust",
    ]);
    assert!(env
        .ok(&["company", "list"])
        .contains("Bletchley Park Trust"));
    let err = env.fails(&["company", "add", "analytical engines"], 1);
    assert!(err.contains("already exists"), "{err}");
    env.ok(&["company", "rm", "Bletchley Park Trust", "--yes"]);
    assert_eq!(env.json(&["company", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn untrusted_text_is_shown_as_visible_escapes() {
    let env = Env::new();
    env.ok(&[
        "contact",
        "add",
        "\x1b[31mMallory",
        "--company",
        "Evil\u{202e}Corp",
    ]);
    env.ok(&["contact", "add", "\x1b]0;pwned\x07Eve"]);
    for args in [
        &["contact", "list"][..],
        &["contact", "show", "1"],
        &["search", "mallory"],
        &["history"],
        &["company", "list"],
    ] {
        let out = env.ok(args);
        assert!(
            !out.contains('\x1b') && !out.contains('\u{202e}') && !out.contains('\x07'),
            "{args:?} leaked control bytes:\n{out:?}"
        );
    }
    let list = env.ok(&["contact", "list"]);
    assert!(list.contains("\\x1b[31mMallory"), "{list}");
    assert!(list.contains("Evil\\u{202e}Corp"), "{list}");
    assert!(list.contains("\\x1b]0;pwned\\x07Eve"), "{list}");
    // JSON keeps the real text, escaped by construction.
    let raw = env.ok(&["contact", "list", "--json"]);
    assert!(!raw.contains('\x1b'));
    let v: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == "\x1b[31mMallory"));
}
