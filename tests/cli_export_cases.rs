//! `crm export cases`, and support cases in `crm export all` / `crm import all`: ids,
//! contacts, deals and the interactions and tasks filed under each case travel.

mod common;
use common::Env;
use serde_json::Value;

const NOW: &str = "2026-11-22T10:00:00Z";

/// Ada with a deal and two cases (one about the deal, replied, solved and rated), Bob with
/// an urgent case left unanswered; tasks and interactions filed under the cases.
fn book() -> Env {
    let env = Env::at(NOW);
    env.ok(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.com",
    ]);
    env.ok(&["contact", "add", "Bob Hope"]);
    env.ok(&[
        "deal",
        "add",
        "Engine",
        "--contact",
        "ada",
        "--value",
        "100",
    ]);
    let early = env.clocked_at("2026-11-21T08:00:00Z");
    early.ok(&["case", "open", "ada", "Invoice wrong", "--deal", "1"]);
    early.ok(&[
        "case",
        "open",
        "bob",
        "=cmd|' /C calc'!A0",
        "--priority",
        "urgent",
    ]);
    let env = early.clocked_at("2026-11-21T09:30:00Z");
    env.ok(&["case", "reply", "1", "Sorry, fixing it"]);
    env.ok(&[
        "case",
        "open",
        "ada",
        "Second question",
        "--priority",
        "low",
    ]);
    env.ok(&["case", "solve", "1", "--resolution", "credit note sent"]);
    env.ok(&[
        "log", "feedback", "ada", "quick", "--score", "9", "--case", "1",
    ]);
    env.ok(&["log-call", "ada", "not about a case"]);
    env.ok(&[
        "task",
        "add",
        "Chase Bob",
        "--case",
        "2",
        "--due",
        "2026-11-23",
    ]);
    env.ok(&["task", "add", "Plain task", "--contact", "ada"]);
    env.clocked_at(NOW)
}

#[test]
fn export_cases_as_json_and_csv() {
    let env = book();
    let v = env.json(&["export", "cases", "--format", "json"]);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 3);
    let first = &list[0];
    for key in [
        "id",
        "contact_id",
        "contact",
        "title",
        "priority",
        "status",
        "opened_at",
        "first_response_at",
        "solved_at",
        "breached",
        "deal_id",
        "resolution",
    ] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    assert_eq!(first["id"], 1);
    assert_eq!(first["deal_id"], 1);
    assert_eq!(first["status"], "solved");
    assert_eq!(first["first_response_at"], "2026-11-21T09:30:00Z");
    assert_eq!(first["resolution"], "credit note sent");
    assert_eq!(first["breached"], false);
    assert_eq!(list[1]["breached"], true, "urgent and unanswered for a day");
    assert_eq!(list[1]["first_response_at"], Value::Null);

    let csv = env.ok(&["export", "cases"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("id,contact_id,contact,contact_email,title,priority,status,opened_at,first_response_at,solved_at,breached,deal_id,resolution,owner")
    );
    assert_eq!(
        lines.next(),
        Some("1,1,Ada Lovelace,ada@example.com,Invoice wrong,normal,solved,2026-11-21T08:00:00Z,2026-11-21T09:30:00Z,2026-11-21T09:30:00Z,false,1,credit note sent,tester")
    );
    assert_eq!(
        lines.next(),
        Some("2,2,Bob Hope,,'=cmd|' /C calc'!A0,urgent,open,2026-11-21T08:00:00Z,,,true,,,tester"),
        "a formula is guarded"
    );
    let nd = env.ok(&["export", "cases", "--format", "ndjson"]);
    assert_eq!(nd.lines().count(), 3);

    let file = env.dir.path().join("cases.csv");
    env.ok(&["export", "cases", "-o", file.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), csv);
}

#[test]
fn bad_case_exports_are_refused() {
    let env = book();
    let err = env.refused(&["export", "cases", "--format", "vcard"]);
    assert!(err.contains("cases cannot be exported as vcard"), "{err}");
    let err = env.refused(&["export", "cases", "--where", "name:ada"]);
    assert!(err.contains("not cases"), "{err}");
    let empty = Env::at(NOW);
    assert_eq!(
        empty.ok(&["export", "cases", "--format", "json"]).trim(),
        "[]"
    );
}

#[test]
fn cases_travel_in_export_all_and_back() {
    let source = book();
    let all = source.json(&["export", "all"]);
    assert_eq!(all["cases"].as_array().unwrap().len(), 3);
    assert_eq!(
        all["cases"][1]["breached"], true,
        "a case as DESIGN §7 has it"
    );
    let rated = all["interactions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "feedback")
        .unwrap();
    assert_eq!(rated["case_id"], 1);
    let file = source.dir.path().join("all.json");
    source.ok(&["export", "all", "-o", file.to_str().unwrap()]);

    let copy = Env::at(NOW);
    let first = copy.json(&["import", "all", file.to_str().unwrap()]);
    assert_eq!(first["rejected"].as_array().unwrap().len(), 0, "{first}");
    assert_eq!(
        copy.json(&["export", "all"]),
        all,
        "export, import, export: the same"
    );
    assert_eq!(
        copy.json(&["interaction", "list", "--case", "1"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        copy.json(&["case", "show", "2"])["title"],
        "=cmd|' /C calc'!A0"
    );
    // The same file again changes nothing.
    let second = copy.json(&["import", "all", file.to_str().unwrap()]);
    assert_eq!(second["created"], 0, "{second}");
    assert_eq!(copy.json(&["export", "all"]), all);

    // NDJSON too.
    let nd = source.dir.path().join("all.ndjson");
    source.ok(&[
        "export",
        "all",
        "--format",
        "ndjson",
        "-o",
        nd.to_str().unwrap(),
    ]);
    let third = Env::at(NOW);
    third.ok(&["import", "all", nd.to_str().unwrap()]);
    assert_eq!(third.json(&["export", "all"]), all);

    // Undoing the import takes its cases back with everything else.
    let imports = third.json(&["import", "list"]);
    let id = imports[0]["id"].to_string();
    third.ok(&["import", "undo", &id]);
    assert_eq!(
        third.json(&["export", "cases", "--format", "json"]),
        serde_json::json!([])
    );
    assert_eq!(third.json(&["contact", "list"]), serde_json::json!([]));
}

#[test]
fn an_export_all_file_from_before_cases_still_imports() {
    let source = book();
    let mut all = source.json(&["export", "all"]);
    let doc = all.as_object_mut().unwrap();
    doc.remove("cases");
    for section in ["interactions", "tasks"] {
        for r in doc[section].as_array_mut().unwrap() {
            r.as_object_mut().unwrap().remove("case_id");
        }
    }
    let file = source.dir.path().join("old.json");
    std::fs::write(&file, serde_json::to_string(&all).unwrap()).unwrap();
    let copy = Env::at(NOW);
    let out = copy.json(&["import", "all", file.to_str().unwrap()]);
    assert_eq!(out["rejected"].as_array().unwrap().len(), 0, "{out}");
    assert_eq!(copy.json(&["contact", "list"]).as_array().unwrap().len(), 2);
    assert_eq!(copy.json(&["task", "list"]).as_array().unwrap().len(), 2);
    assert_eq!(
        copy.json(&["export", "cases", "--format", "json"]),
        serde_json::json!([])
    );
}

#[test]
fn an_id_given_twice_in_a_hand_made_file_is_kept_once() {
    let env = Env::at(NOW);
    let file = env.dir.path().join("hand.ndjson");
    std::fs::write(
        &file,
        [
            r#"{"type":"contact","id":1,"name":"Ada"}"#,
            r#"{"type":"case","id":4,"contact_id":1,"title":"One","opened_at":"2026-11-20T10:00:00Z"}"#,
            r#"{"type":"case","id":4,"contact_id":1,"title":"Two","opened_at":"2026-11-21T10:00:00Z"}"#,
            r#"{"type":"interaction","id":7,"contact_id":1,"kind":"note","summary":"a","occurred_at":"2026-11-20T10:00:00Z","case_id":4}"#,
            r#"{"type":"interaction","id":7,"contact_id":1,"kind":"note","summary":"b","occurred_at":"2026-11-21T10:00:00Z"}"#,
            r#"{"type":"task","id":3,"contact_id":1,"title":"x","created_at":"2026-11-20T10:00:00Z"}"#,
            r#"{"type":"task","id":3,"contact_id":1,"title":"y","created_at":"2026-11-20T10:00:00Z","case_id":4}"#,
        ]
        .join("\n"),
    )
    .unwrap();
    let out = env.json(&["import", "all", file.to_str().unwrap()]);
    assert_eq!(out["created"], 7, "{out}");
    let cases = env.json(&["export", "cases", "--format", "json"]);
    assert_eq!(cases[0]["id"], 4);
    assert_eq!(cases.as_array().unwrap().len(), 2);
    let tasks = env.json(&["task", "list"]);
    assert_eq!(tasks.as_array().unwrap().len(), 2);
    assert!(tasks.as_array().unwrap().iter().any(|t| t["id"] == 3));
    let talks = env.json(&["interaction", "list"]);
    assert_eq!(talks.as_array().unwrap().len(), 2);
    assert!(talks.as_array().unwrap().iter().any(|i| i["id"] == 7));
}
