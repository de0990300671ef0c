//! `crm export all` then `crm import all`: into an empty database every id is kept, and the
//! same export imported twice changes nothing the second time.

mod common;
use common::Env;
use serde_json::Value;

fn ids(env: &Env, what: &str) -> Vec<i64> {
    let v = env.json(&["export", what, "--format", "json"]);
    let mut ids: Vec<i64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    ids.sort();
    ids
}

fn everything(env: &Env) -> Value {
    env.json(&["export", "all"])
}

#[test]
fn import_all_keeps_ids_and_is_idempotent() {
    let source = Env::at("2026-11-20T10:00:00Z");
    source.ok(&["demo"]);
    let file = source.dir.path().join("all.json");
    source.ok(&["export", "all", "-o", file.to_str().unwrap()]);

    let copy = Env::at("2026-11-21T10:00:00Z");
    let first = copy.json(&["import", "all", file.to_str().unwrap()]);
    assert_eq!(first["rejected"].as_array().unwrap().len(), 0, "{first}");
    for what in ["contacts", "deals", "interactions", "tasks"] {
        assert_eq!(ids(&copy, what), ids(&source, what), "{what} ids kept");
    }
    let after_first = everything(&copy);
    let dump = copy.dump();

    let second = copy.json(&["import", "all", file.to_str().unwrap()]);
    assert_eq!(second["created"], 0, "{second}");
    assert_eq!(
        everything(&copy),
        after_first,
        "the second import changed records"
    );
    // Only the record of the import itself is new: its row in the import log and its
    // (empty) change in the history.
    let tables = |d: &str| -> Vec<String> {
        d.lines()
            .filter(|l| !l.contains("import"))
            .map(str::to_string)
            .collect()
    };
    let (before, after) = (tables(&dump), tables(&copy.dump()));
    let new: Vec<&String> = after.iter().filter(|l| !before.contains(l)).collect();
    assert_eq!(new.len(), 2, "{new:#?}");
}

/// CSV out and back in: a contact's creation time to the second, and an interaction's time
/// and deal.
#[test]
fn csv_round_trip_keeps_exact_times_and_an_interactions_deal() {
    let source = Env::at("2026-11-20T10:11:12Z");
    source.ok(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.com",
    ]);
    source.ok(&["deal", "add", "Engine design", "--contact", "ada"]);
    source.ok(&[
        "log-call",
        "ada",
        "talked pricing",
        "--deal",
        "1",
        "--at",
        "2026-11-19 16:45:30",
    ]);
    let dir = source.dir.path();
    let (people, talks) = (dir.join("people.csv"), dir.join("talks.csv"));
    source.ok(&["export", "contacts", "-o", people.to_str().unwrap()]);
    source.ok(&["export", "interactions", "-o", talks.to_str().unwrap()]);

    let copy = Env::at("2026-11-25T08:00:00Z");
    copy.ok(&["import", "contacts", people.to_str().unwrap()]);
    copy.ok(&["deal", "add", "Engine design", "--contact", "ada"]);
    let r = copy.json(&["import", "interactions", talks.to_str().unwrap()]);
    assert_eq!(r["created"], 1, "{r}");

    let ada = copy.json(&["contact", "show", "ada"]);
    let was = source.json(&["contact", "show", "ada"]);
    assert_eq!(ada["created_at"], was["created_at"], "{ada}");
    assert_eq!(ada["created_at"], "2026-11-20T10:11:12Z");
    let theirs = source.json(&["export", "interactions", "--format", "json"]);
    let ours = copy.json(&["export", "interactions", "--format", "json"]);
    assert_eq!(ours[0]["occurred_at"], theirs[0]["occurred_at"], "{ours}");
    assert_eq!(
        ours[0]["deal_id"], 1,
        "the call is linked to the deal again: {ours}"
    );
}

/// Contacts keep their ids into an empty database even after a deleted one left a gap.
#[test]
fn import_all_keeps_contact_ids_across_a_gap() {
    let source = Env::at("2026-11-20T10:00:00Z");
    source.ok(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.com",
    ]);
    source.ok(&[
        "contact",
        "add",
        "Grace Hopper",
        "--email",
        "grace@example.com",
    ]);
    source.ok(&[
        "contact",
        "add",
        "Alan Turing",
        "--email",
        "alan@example.com",
    ]);
    source.ok(&["contact", "rm", "grace", "--yes"]);
    source.ok(&["log-call", "alan", "about machines"]);
    let file = source.dir.path().join("all.json");
    source.ok(&["export", "all", "-o", file.to_str().unwrap()]);

    let copy = Env::at("2026-11-21T10:00:00Z");
    copy.ok(&["import", "all", file.to_str().unwrap()]);
    assert_eq!(ids(&copy, "contacts"), vec![1, 3]);
    assert_eq!(copy.json(&["contact", "show", "3"])["name"], "Alan Turing");
    let talks = copy.json(&["export", "interactions", "--format", "json"]);
    assert_eq!(talks[0]["contact_id"], 3, "{talks}");
    // A second contact added by hand takes the next free id.
    copy.ok(&["contact", "add", "Edsger Dijkstra"]);
    assert_eq!(ids(&copy, "contacts"), vec![1, 3, 4]);
}

/// A cadence and a birthday go out in `export all` and come back with `import all`.
#[test]
fn import_all_keeps_cadence_and_birthday() {
    let source = Env::at("2026-11-20T10:00:00Z");
    source.ok(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--email",
        "ada@x.com",
        "--every",
        "2w",
        "--birthday",
        "--02-29",
    ]);
    source.ok(&[
        "contact",
        "add",
        "Grace Hopper",
        "--email",
        "grace@x.com",
        "--birthday",
        "1906-12-09",
    ]);
    let file = source.dir.path().join("all.json");
    source.ok(&["export", "all", "-o", file.to_str().unwrap()]);
    let copy = Env::at("2026-11-21T10:00:00Z");
    copy.ok(&["import", "all", file.to_str().unwrap()]);
    let ada = copy.json(&["contact", "show", "ada@x.com"]);
    assert_eq!(
        (ada["cadence"].as_str(), ada["birthday"].as_str()),
        (Some("2w"), Some("--02-29"))
    );
    assert_eq!(ada["fields"], serde_json::json!({}));
    let grace = copy.json(&["contact", "show", "grace@x.com"]);
    assert_eq!(
        (grace["cadence"].as_str(), grace["birthday"].as_str()),
        (None, Some("1906-12-09"))
    );
}
