//! Support cases through the real binary (DESIGN §13): the commands that exist so far.

mod common;

use common::Env;

#[test]
fn a_case_opens_moves_and_shows_its_targets() {
    let env = Env::at("2026-11-22T10:00:00Z");
    env.ok(&["contact", "add", "Ada Lovelace"]);
    let k = env.json(&[
        "case",
        "open",
        "ada",
        "Login broken",
        "--priority",
        "urgent",
    ]);
    assert_eq!(k["status"], "open");
    assert_eq!(k["priority"], "urgent");
    assert_eq!(k["first_response_due"], "2026-11-22T11:00:00Z");
    assert_eq!(k["first_response_target"], "running");
    // An hour on is the deadline itself: still in time; a minute later, breached.
    let at_deadline = env.clocked_at("2026-11-22T11:00:00Z");
    assert_eq!(
        at_deadline.json(&["case", "list", "--breached"]),
        serde_json::json!([])
    );
    let late = at_deadline.clocked_at("2026-11-22T11:01:00Z");
    let breached = late.json(&["case", "list", "--breached"]);
    assert_eq!(breached[0]["id"], 1);
    assert!(late
        .ok(&["case", "list"])
        .contains("first response BREACHED"));
    assert_eq!(late.json(&["case", "pending", "1"])["status"], "pending");
    let solved = late.json(&["case", "solve", "1", "--resolution", "reset the password"]);
    assert_eq!(solved["status"], "solved");
    assert_eq!(solved["resolution"], "reset the password");
    assert_eq!(late.json(&["case", "reopen", "1"])["status"], "open");
    late.ok(&["case", "solve", "1"]);
    assert_eq!(late.json(&["case", "close", "1"])["status"], "closed");
    assert_eq!(late.json(&["case", "show", "1"])["status"], "closed");
    assert_eq!(
        late.json(&["case", "list", "--status", "closed"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        late.json(&["case", "list", "--contact", "ada"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn bad_case_input_is_refused_and_changes_nothing() {
    let env = Env::at("2026-11-22T10:00:00Z");
    env.ok(&["contact", "add", "Ada Lovelace"]);
    let err = env.refused(&["case", "open", "ada", "x", "--priority", "critical"]);
    assert!(err.contains("unknown priority \"critical\""), "{err}");
    let err = env.refused(&["case", "solve", "7"]);
    assert!(err.contains("no case #7"), "{err}");
    let err = env.refused(&["case", "list", "--status", "done"]);
    assert!(err.contains("unknown case status"), "{err}");
    env.ok(&["case", "open", "ada", "Login broken"]);
    env.ok(&["case", "solve", "1"]);
    env.ok(&["case", "close", "1"]);
    let err = env.refused(&["case", "solve", "1"]);
    assert!(err.contains("the case is closed"), "{err}");
    let err = env.refused(&["case", "open", "nobody", "x"]);
    assert!(err.contains("nobody"), "{err}");
}

#[test]
fn case_targets_come_from_the_config() {
    let env = Env::at("2026-11-22T10:00:00Z");
    let dir = env.dir.path().join("config/crm");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "[case_targets]\nfirst_response = { high = \"30m\" }\n",
    )
    .unwrap();
    env.ok(&["contact", "add", "Ada Lovelace"]);
    let k = env.json(&["case", "open", "ada", "Slow", "--priority", "high"]);
    assert_eq!(k["first_response_due"], "2026-11-22T10:30:00Z");
    std::fs::write(
        dir.join("config.toml"),
        "[case_targets]\nresolution = { low = \"soon\" }\n",
    )
    .unwrap();
    let err = env.refused(&["case", "list"]);
    assert!(err.contains("resolution.low"), "{err}");
}

#[test]
fn a_reply_is_the_first_response_and_the_customer_writing_reopens_a_pending_case() {
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
    let later = env.clocked_at("2026-11-22T10:30:00Z");
    let k = later.json(&["case", "reply", "1", "Try resetting the password"]);
    assert_eq!(k["first_response_at"], "2026-11-22T10:30:00Z");
    assert_eq!(k["first_response_target"], "met");
    let k = later.json(&["case", "note", "1", "Checked the logs"]);
    assert_eq!(
        k["first_response_at"], "2026-11-22T10:30:00Z",
        "a note is no response"
    );
    later.ok(&["case", "pending", "1"]);
    later.ok(&[
        "log",
        "email",
        "ada",
        "Still broken",
        "--direction",
        "in",
        "--case",
        "1",
    ]);
    assert_eq!(later.json(&["case", "show", "1"])["status"], "open");
    // The customer writing on a case is service: their lifecycle stays (an inbound e-mail
    // not on a case would move awareness to consideration).
    assert_eq!(
        later.json(&["contact", "show", "ada"])["lifecycle"],
        "awareness"
    );
    let shown = later.json(&["case", "show", "1"]);
    let filed: Vec<&str> = shown["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["summary"].as_str().unwrap())
        .collect();
    assert_eq!(
        filed,
        [
            "Still broken",
            "Checked the logs",
            "Try resetting the password"
        ]
    );
    let text = later.ok(&["case", "show", "1"]);
    assert!(
        text.contains("Timeline (3, newest first)")
            && text.contains("Replied     2026-11-22 10:30"),
        "{text}"
    );
    let listed = later.json(&["interaction", "list", "--contact", "ada"]);
    assert_eq!(listed.as_array().unwrap().len(), 3);
    let err = later.refused(&["log-call", "bob", "hello", "--case", "1"]);
    assert!(
        err.contains("case #1 is Ada Lovelace's, not Bob Hope's"),
        "{err}"
    );
    let err = later.refused(&["case", "reply", "9", "hi"]);
    assert!(err.contains("no case #9"), "{err}");
    // Solved, then the customer writes within a week: open again; after it: stays solved.
    later.ok(&["case", "solve", "1"]);
    let week = later.clocked_at("2026-11-29T10:30:00Z");
    week.ok(&[
        "log",
        "email",
        "ada",
        "It broke again",
        "--direction",
        "in",
        "--case",
        "1",
    ]);
    assert_eq!(week.json(&["case", "show", "1"])["status"], "open");
}

#[test]
fn a_case_left_unanswered_past_its_target_shows_in_the_agenda() {
    let env = Env::at("2026-11-22T10:00:00Z");
    env.ok(&["contact", "add", "Ada Lovelace"]);
    env.ok(&[
        "case",
        "open",
        "ada",
        "Login broken",
        "--priority",
        "urgent",
    ]);
    assert_eq!(
        env.json(&["agenda"])["cases_breached"],
        serde_json::json!([])
    );
    assert!(!env.ok(&["agenda"]).contains("Cases past their targets"));
    let late = env.clocked_at("2026-11-22T11:30:00Z");
    let a = late.json(&["agenda"]);
    assert_eq!(a["cases_breached"][0]["title"], "Login broken");
    assert_eq!(a["cases_breached"][0]["first_response_target"], "breached");
    let text = late.ok(&["agenda"]);
    assert!(
        text.contains("Cases past their targets (1)") && text.contains("BREACHED"),
        "{text}"
    );
    late.ok(&["case", "reply", "1", "On it"]);
    late.ok(&["case", "solve", "1"]);
    assert_eq!(
        late.json(&["agenda"])["cases_breached"],
        serde_json::json!([]),
        "solved: off the agenda"
    );
}

/// Merging two contacts moves the other's cases to the one kept, as with deals and tasks.
#[test]
fn a_merge_moves_the_other_contacts_cases() {
    let env = Env::at("2026-11-22T10:00:00Z");
    env.ok(&["contact", "add", "Ada Lovelace", "--email", "ada@x.com"]);
    env.ok(&["contact", "add", "Ada L.", "--email", "ada@home.example"]);
    env.ok(&["case", "open", "ada@home.example", "Login broken"]);
    env.ok(&["contact", "merge", "ada@x.com", "ada@home.example"]);
    let k = env.json(&["case", "show", "1"]);
    assert_eq!(
        (k["contact_id"].as_i64(), k["contact"].as_str()),
        (Some(1), Some("Ada Lovelace"))
    );
    let listed = env.json(&["case", "list", "--contact", "ada@x.com"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    // The contact's page lists it, in text and JSON.
    let shown = env.json(&["contact", "show", "ada@x.com"]);
    assert_eq!(shown["cases"][0]["title"], "Login broken");
    assert_eq!(shown["cases"][0]["breached"], false);
    let text = env.ok(&["contact", "show", "ada@x.com"]);
    assert!(
        text.contains("Cases (1)") && text.contains("Login broken"),
        "{text}"
    );
    // Undone, the case is the other contact's again.
    env.ok(&["undo"]);
    assert_eq!(env.json(&["case", "show", "1"])["contact_id"], 2);
}
