//! `crm undo` and the change ids and `by` of `crm history`, on the real binary.

mod common;
use common::Env;

/// The newest change number `crm history --json` shows.
fn latest_change(env: &Env) -> i64 {
    env.json(&["history", "--limit", "1"])[0]["change"]
        .as_i64()
        .unwrap()
}

#[test]
fn undo_takes_back_a_mistaken_won_and_redo_puts_it_back() {
    let env = Env::seeded();
    let before = env.json(&["deal", "show", "1"]);
    env.ok(&["deal", "won", "1"]);
    let won = latest_change(&env);
    let out = env.ok(&["undo"]);
    assert!(out.contains(&format!("Undid change {won}")), "{out}");
    assert!(out.contains("won"), "lists what it took back: {out}");
    let after = env.json(&["deal", "show", "1"]);
    assert_eq!(after["status"], "open");
    assert_eq!(after, before);
    // The undo is a change of its own: undoing it again is a redo.
    let out = env.ok(&["undo"]);
    assert!(out.contains("Redid"), "{out}");
    assert_eq!(env.json(&["deal", "show", "1"])["status"], "won");
}

#[test]
fn undo_of_a_given_change_restores_a_deleted_contact_with_its_id() {
    let env = Env::seeded();
    env.ok(&["contact", "rm", "grace", "--yes"]);
    let rm = latest_change(&env);
    env.ok(&["deal", "edit", "1", "--title", "Engine v2"]);
    env.ok(&["undo", &rm.to_string()]);
    let grace = env.json(&["contact", "show", "grace"]);
    assert_eq!(grace["id"], 2);
    assert_eq!(grace["email"], "grace@example.com");
    assert_eq!(grace["phones"][0], "+1 555 0100");
    assert_eq!(env.json(&["deal", "show", "1"])["title"], "Engine v2");
}

#[test]
fn undo_json_and_dry_run() {
    let env = Env::seeded();
    env.ok(&["deal", "lost", "1", "--reason", "price"]);
    let lost = latest_change(&env);
    let db = env.dump();
    let plan = env.json(&["undo", "--dry-run"]);
    assert_eq!(plan["change"], lost);
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["redo"], false);
    assert_eq!(plan["entries"][0]["action"], "lost");
    assert_eq!(plan["entries"][0]["entity"], "deal");
    assert_eq!(env.dump(), db, "a dry run writes nothing");
    let text = env.ok(&["undo", "--dry-run"]);
    assert!(text.contains("Would undo change"), "{text}");
    assert!(text.contains("Nothing was changed"), "{text}");
    assert_eq!(env.dump(), db);

    let done = env.json(&["undo"]);
    assert_eq!(done["change"], lost);
    assert_eq!(done["dry_run"], false);
    assert!(done["undo_change"].as_i64().unwrap() > lost);
    assert!(done["rows"].as_i64().unwrap() > 0);
    assert_eq!(env.json(&["deal", "show", "1"])["status"], "open");
}

#[test]
fn undo_refuses_when_later_changes_build_on_it() {
    let env = Env::seeded();
    env.ok(&["contact", "edit", "ada", "--title", "Countess"]);
    let first = latest_change(&env);
    env.ok(&["contact", "edit", "ada", "--title", "Mathematician"]);
    let second = latest_change(&env);
    let db = env.dump();
    let err = env.fails(&["undo", &first.to_string()], 1);
    assert!(
        err.contains(&format!("change {first} cannot be undone"))
            && err.contains(&format!("change {second}")),
        "{err}"
    );
    assert_eq!(env.dump(), db, "a refused undo changes nothing");
}

#[test]
fn undo_bad_input_exits_1_and_changes_nothing() {
    let env = Env::new();
    env.ok(&["stage", "list"]);
    let db = env.dump();
    let err = env.fails(&["undo"], 1);
    assert!(err.contains("nothing to undo"), "{err}");
    assert_eq!(env.dump(), db);

    let env = Env::seeded();
    let db = env.dump();
    let err = env.fails(&["undo", "999"], 1);
    assert!(err.contains("there is no change 999"), "{err}");
    let err = env.fails(&["undo", "abc"], 1);
    assert!(err.contains("not a change number"), "{err}");
    assert_eq!(env.dump(), db);

    // Numbers are not consecutive on PostgreSQL (a failed command used one): the undone
    // change is read from what undo says.
    let undone = env.json(&["undo"])["change"].as_i64().unwrap();
    let db = env.dump();
    let err = env.fails(&["undo", &undone.to_string()], 1);
    assert!(err.contains("already undone"), "{err}");
    assert_eq!(env.dump(), db);
}

#[test]
fn history_shows_change_ids_and_who_and_filters_by_who() {
    let env = Env::new();
    let as_user = |user: &str, args: &[&str]| {
        let out = env.cmd(args).env("USER", user).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    as_user("ada", &["contact", "add", "Zoë"]);
    as_user("bob", &["contact", "add", "Yann"]);
    let all = env.json(&["history"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(all[0]["by"], "bob");
    assert_eq!(all[1]["by"], "ada");
    assert!(all[0]["change"].as_i64().unwrap() > all[1]["change"].as_i64().unwrap());
    let ada = env.json(&["history", "--by", "ada"]);
    assert_eq!(ada.as_array().unwrap().len(), 1);
    assert_eq!(ada[0]["after"]["name"], "Zoë");
    let table = env.ok(&["history"]);
    assert!(table.contains("CHANGE") && table.contains("BY"), "{table}");
    assert!(table.contains("bob"), "{table}");
}

#[test]
fn undo_takes_back_a_whole_import() {
    let env = Env::seeded();
    let before = env.json(&["contact", "list"]);
    let file = env.dir.path().join("people.csv");
    std::fs::write(
        &file,
        "Name,Email\nAlan Turing,alan@example.com\nAda Lovelace,ada@example.com\n",
    )
    .unwrap();
    env.ok(&["import", "contacts", file.to_str().unwrap()]);
    assert_ne!(env.json(&["contact", "list"]), before);
    let plan = env.json(&["undo", "--dry-run"]);
    assert!(plan["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["entity"] == "import"));
    env.ok(&["undo"]);
    assert_eq!(env.json(&["contact", "list"]), before);
    // Undoing the undo brings the import back.
    env.ok(&["undo"]);
    assert!(env.ok(&["contact", "list"]).contains("Alan Turing"));
}

/// The rows of `table` in a dump.
fn rows<'a>(dump: &'a str, table: &str) -> Vec<&'a str> {
    let head = format!("== {table}\n");
    let start = dump.find(&head).map_or(dump.len(), |i| i + head.len());
    dump[start..]
        .lines()
        .take_while(|l| !l.starts_with("== "))
        .collect()
}

/// After the merge: one person, with both e-mails and the call; the other row erased,
/// not in the trash.
fn merged(env: &Env, step: &str) {
    let list = env.json(&["contact", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1, "{step}: {list}");
    let ada = env.json(&["contact", "show", "ada@example.com"]);
    assert_eq!(ada["id"], 1, "{step}");
    assert_eq!(
        ada["emails"],
        serde_json::json!(["ada@example.com", "aking@work.example"]),
        "{step}"
    );
    assert_eq!(ada["tags"], serde_json::json!(["board"]), "{step}");
    let calls = ada["interactions"].as_array().unwrap();
    assert_eq!(calls.len(), 1, "{step}: {ada}");
    assert_eq!(calls[0]["summary"], "said hello", "{step}");
    assert_eq!(
        env.json(&["contact", "show", "aking@work.example"])["id"],
        1,
        "{step}: the other e-mail finds the kept person"
    );
    let dump = env.dump();
    let contacts = rows(&dump, "contacts");
    assert_eq!(contacts.len(), 1, "{step}: one contact row: {contacts:?}");
    assert!(contacts[0].contains("Ada Lovelace"), "{step}: {contacts:?}");
    assert_eq!(rows(&dump, "contact_emails").len(), 2, "{step}");
}

/// Before the merge (and after each undo of it): two people, each with their own.
fn apart(env: &Env, step: &str) {
    assert_eq!(
        env.json(&["contact", "list"]).as_array().unwrap().len(),
        2,
        "{step}"
    );
    let ada = env.json(&["contact", "show", "ada@example.com"]);
    assert_eq!(
        ada["emails"],
        serde_json::json!(["ada@example.com"]),
        "{step}"
    );
    assert_eq!(ada["interactions"], serde_json::json!([]), "{step}");
    let king = env.json(&["contact", "show", "aking@work.example"]);
    assert_eq!(king["id"], 2, "{step}: the other person keeps their id");
    assert_eq!(king["name"], "A. King", "{step}");
    assert_eq!(
        king["emails"],
        serde_json::json!(["aking@work.example"]),
        "{step}"
    );
    assert_eq!(king["tags"], serde_json::json!(["board"]), "{step}");
    assert_eq!(king["interactions"][0]["summary"], "said hello", "{step}");
    let dump = env.dump();
    assert_eq!(rows(&dump, "contacts").len(), 2, "{step}");
    assert_eq!(rows(&dump, "contact_emails").len(), 2, "{step}");
}

#[test]
fn a_merge_is_undone_redone_and_undone_again_on_either_database() {
    let env = Env::new();
    env.add_contact("Ada Lovelace", "ada@example.com", &[]);
    env.add_contact("A. King", "aking@work.example", &["--tag", "board"]);
    env.ok(&["log-call", "aking@work.example", "said hello"]);
    apart(&env, "before");
    env.ok(&["contact", "merge", "ada@example.com", "aking@work.example"]);
    merged(&env, "merge");
    let out = env.ok(&["undo"]);
    assert!(out.contains("Undid"), "{out}");
    apart(&env, "undo");
    // The redo erases the other row again, its e-mail, tag and call moving first.
    let out = env.ok(&["undo"]);
    assert!(out.contains("Redid"), "{out}");
    merged(&env, "redo");
    let out = env.ok(&["undo"]);
    assert!(out.contains("Undid"), "{out}");
    apart(&env, "undo of the redo");
    let out = env.ok(&["undo"]);
    assert!(out.contains("Redid"), "{out}");
    merged(&env, "second redo");
}
