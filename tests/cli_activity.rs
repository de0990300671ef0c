//! Logging, tasks, agenda, search and history on the real binary.

mod common;
use common::Env;

#[test]
fn one_liners_and_log_record_interactions() {
    let env = Env::seeded();
    env.ok(&[
        "log-call",
        "ada",
        "talked pricing",
        "--duration",
        "45m",
        "--deal",
        "1",
    ]);
    env.ok(&["log-email", "grace", "sent the deck", "--direction", "out"]);
    env.ok(&[
        "log-meeting",
        "grace",
        "kick-off",
        "--at",
        "yesterday",
        "--duration",
        "1h",
    ]);
    env.ok(&["log-note", "ada", "prefers mornings"]);
    env.ok(&[
        "log",
        "feedback",
        "ada",
        "happy with delivery",
        "--score",
        "9",
    ]);
    env.ok(&[
        "log",
        "message",
        "grace",
        "replied on chat",
        "--direction",
        "in",
    ]);
    let ada = env.json(&["contact", "show", "ada"]);
    let kinds: Vec<&str> = ada["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 3);
    let call = ada["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "call")
        .unwrap();
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
    ] {
        assert!(call.get(key).is_some(), "interaction JSON lacks {key}");
    }
    assert_eq!(call["duration_min"], 45);
    assert_eq!(call["deal_id"], 1);
    assert_eq!(call["direction"], "out");
    let note = ada["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "note")
        .unwrap();
    assert!(note["direction"].is_null());
    let fb = ada["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "feedback")
        .unwrap();
    assert_eq!(fb["score"], 9);
    assert!(ada["last_contact_at"].is_string());
    let grace = env.json(&["contact", "show", "grace"]);
    assert_eq!(
        grace["lifecycle"], "consideration",
        "an inbound message moves awareness forward"
    );
}

#[test]
fn body_can_come_from_stdin() {
    let env = Env::seeded();
    env.cmd(&["log-call", "ada", "long call", "--body", "-"])
        .write_stdin("line one\nline two\n")
        .assert()
        .success();
    let ada = env.json(&["contact", "show", "ada"]);
    assert_eq!(ada["interactions"][0]["summary"], "long call");
    let raw = env.json(&["history", "ada"]);
    assert!(raw.to_string().contains("line one\\nline two"));
}

#[test]
fn tasks_and_agenda() {
    let env = Env::seeded();
    let t = env.json(&[
        "task",
        "add",
        "Send proposal",
        "--contact",
        "ada",
        "--due",
        "tomorrow",
    ]);
    for key in ["id", "title", "due", "done", "contact_id", "deal_id"] {
        assert!(t.get(key).is_some(), "task JSON lacks {key}");
    }
    assert_eq!(t["done"], false);
    env.ok(&[
        "task",
        "add",
        "Chase invoice",
        "--deal",
        "1",
        "--due",
        "yesterday",
    ]);
    env.ok(&[
        "task",
        "add",
        "Call back",
        "--contact",
        "grace",
        "--due",
        "today 23:59",
    ]);
    env.ok(&["task", "add", "Someday"]);
    assert_eq!(env.json(&["task", "list"]).as_array().unwrap().len(), 4);
    assert_eq!(
        env.json(&["task", "list", "--overdue"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        env.json(&["task", "list", "--today"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        env.json(&["task", "list", "--week"])
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let chase = &env.json(&["task", "list", "--overdue"])[0];
    assert_eq!(
        chase["contact_id"], 1,
        "a task for a deal belongs to the deal's contact"
    );
    env.ok(&["deal", "edit", "1", "--close", "+3d"]);
    let agenda = env.ok(&["agenda"]);
    assert!(
        agenda.contains("Chase invoice")
            && agenda.contains("Call back")
            && agenda.contains("Engine design"),
        "{agenda}"
    );
    assert!(
        !agenda.contains("Send proposal"),
        "tomorrow's task is not on today's agenda"
    );
    assert_eq!(env.ok(&[]), agenda, "crm with no command prints the agenda");
    let a = env.json(&["agenda"]);
    assert_eq!(a["tasks"].as_array().unwrap().len(), 2);
    assert_eq!(a["closing"].as_array().unwrap().len(), 1);
    env.ok(&["task", "done", "2"]);
    assert_eq!(
        env.json(&["task", "list", "--overdue"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        env.json(&["task", "list", "--all"])
            .as_array()
            .unwrap()
            .len(),
        4
    );
    assert!(env.ok(&["task", "done", "2"]).contains("already done"));
    env.ok(&["task", "reopen", "2"]);
    assert_eq!(
        env.json(&["task", "list", "--overdue"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn the_agenda_shows_a_limited_window_and_counts_the_rest() {
    let env = Env::seeded();
    for title in ["First", "Second", "Third"] {
        env.ok(&["task", "add", title, "--due", "yesterday"]);
    }
    let a = env.json(&["agenda", "--limit", "1"]);
    assert_eq!(a["tasks"].as_array().unwrap().len(), 1);
    assert_eq!(a["tasks_due"], 3);
    assert_eq!(a["cold"].as_array().unwrap().len(), 1);
    let text = env.ok(&["agenda", "--limit", "1"]);
    assert!(
        text.contains("Tasks due today or overdue (3)") && text.contains("and 2 more"),
        "{text}"
    );
    assert!(
        !env.ok(&["agenda"]).contains("more:"),
        "all three fit the default"
    );
    env.fails(&["agenda", "--limit", "x"], 2);
    assert!(env
        .fails(&["agenda", "--limit", "0"], 2)
        .contains("at least 1"));
}

#[test]
fn empty_database_agenda_says_how_to_start() {
    let env = Env::new();
    let out = env.ok(&[]);
    assert!(
        out.contains("crm contact add") && out.contains("crm demo"),
        "{out}"
    );
}

#[test]
fn search_ranks_kinds_and_folds_accents() {
    let env = Env::seeded();
    env.ok(&["contact", "add", "Søren Kierkegaard"]);
    env.ok(&["contact", "add", "Zoë Ångström", "--company", "Nordlys"]);
    let hits = env.json(&["search", "soren"]);
    assert_eq!(hits[0]["label"], "Søren Kierkegaard");
    for key in ["kind", "id", "label", "score"] {
        assert!(hits[0].get(key).is_some());
    }
    assert_eq!(env.json(&["search", "zoe"])[0]["label"], "Zoë Ångström");
    let engine = env.json(&["search", "engine"]);
    let kinds: Vec<&str> = engine
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"company") && kinds.contains(&"deal") && kinds.contains(&"contact"),
        "{kinds:?}"
    );
    let table = env.ok(&["search", "ada", "lov"]);
    assert!(table.contains("Ada Lovelace"));
    assert_eq!(env.json(&["search", "qqqzzz"]).as_array().unwrap().len(), 0);
}

#[test]
fn history_lists_changes_newest_first() {
    let env = Env::seeded();
    env.ok(&["log-call", "grace", "hello"]);
    let all = env.json(&["history"]);
    let rows = all.as_array().unwrap();
    assert!(rows.len() >= 5);
    assert!(rows
        .windows(2)
        .all(|w| w[0]["id"].as_i64() > w[1]["id"].as_i64()));
    assert_eq!(rows[0]["entity"], "interaction");
    let grace = env.json(&["history", "grace"]);
    let entities: Vec<&str> = grace
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["entity"].as_str().unwrap())
        .collect();
    assert_eq!(entities, ["interaction", "contact"]);
    assert!(env.ok(&["history", "ada"]).contains("lifecycle"));
}
