//! Owners of deals, tasks and cases (DESIGN §14, issue 16): the acting user by default,
//! `--owner WHO|none`, `--mine` and `--owner` on the lists, `crm case assign`, and the
//! owner in JSON, CSV, `export all`/`import all` and the filter language.

mod common;

use common::{Env, USER};
use serde_json::Value;

const NOW: &str = "2026-11-22T10:00:00Z";

/// `crm ARGS --json` acting as `who`.
fn json_as(env: &Env, who: &str, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    let out = env.cmd(&a).env("USER", who).output().unwrap();
    assert!(
        out.status.success(),
        "crm {args:?} as {who}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_i64().unwrap())
        .collect()
}

/// Ada (a contact); deal 1 is the tester's, 2 robin's, 3 nobody's.
fn book() -> Env {
    let env = Env::at(NOW);
    env.ok(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.com",
    ]);
    let d = env.json(&["deal", "add", "Website", "--contact", "ada"]);
    assert_eq!(d["owner"], USER, "a new deal is the acting user's");
    let d = json_as(&env, "robin", &["deal", "add", "Kiosk", "--contact", "ada"]);
    assert_eq!(d["owner"], "robin");
    let d = env.json(&["deal", "add", "Audit", "--owner", "none"]);
    assert_eq!(d["owner"], Value::Null);
    env
}

#[test]
fn deals_have_owners_and_the_lists_filter_by_them() {
    let env = book();
    assert_eq!(ids(&env.json(&["deal", "list", "--mine"])), vec![1]);
    assert_eq!(
        ids(&json_as(&env, "robin", &["deal", "list", "--mine"])),
        vec![2]
    );
    assert_eq!(
        ids(&env.json(&["deal", "list", "--owner", "robin"])),
        vec![2]
    );
    assert_eq!(
        ids(&env.json(&["deal", "list", "--owner", "none"])),
        vec![3]
    );
    assert_eq!(env.json(&["deal", "list"]).as_array().unwrap().len(), 3);
    // Handed over, then given up.
    let d = env.json(&["deal", "edit", "1", "--owner", " robin "]);
    assert_eq!(d["owner"], "robin");
    let mut both = ids(&env.json(&["deal", "list", "--owner", "robin"]));
    both.sort();
    assert_eq!(both, vec![1, 2]);
    assert_eq!(
        env.json(&["deal", "edit", "1", "--owner", "NONE"])["owner"],
        Value::Null
    );
    assert_eq!(env.json(&["deal", "show", "2"])["owner"], "robin");
    // The table shows an OWNER column once something is not yours.
    let table = env.ok(&["deal", "list"]);
    assert!(
        table.contains("OWNER") && table.contains("robin"),
        "{table}"
    );
    assert!(env.ok(&["deal", "show", "2"]).contains("Owner"));
    // The filter language has `owner` (SQL and evaluator agree, see filter_sql_tests).
    assert_eq!(
        ids(&env.json(&["deal", "list", "--where", "owner = robin"])),
        vec![2]
    );
    let mut others = ids(&env.json(&["deal", "list", "--where", "owner != robin"]));
    others.sort();
    assert_eq!(others, vec![1, 3]);
}

#[test]
fn in_solo_mode_the_lists_have_no_owner_column() {
    let env = Env::at(NOW);
    env.ok(&["deal", "add", "Website"]);
    env.ok(&["task", "add", "Call", "--due", "today"]);
    assert!(!env.ok(&["deal", "list"]).contains("OWNER"));
    assert!(!env.ok(&["task", "list"]).contains("OWNER"));
}

#[test]
fn tasks_have_owners_and_the_list_filters_by_them() {
    let env = Env::at(NOW);
    env.ok(&["contact", "add", "Ada Lovelace"]);
    let t = env.json(&[
        "task",
        "add",
        "Call Ada",
        "--contact",
        "ada",
        "--due",
        "today",
    ]);
    assert_eq!(t["owner"], USER);
    let t = env.json(&["task", "add", "Send deck", "--owner", "robin"]);
    assert_eq!(t["owner"], "robin");
    let t = json_as(
        &env,
        "robin",
        &["task", "add", "Nobody's", "--owner", "none"],
    );
    assert_eq!(t["owner"], Value::Null);
    assert_eq!(ids(&env.json(&["task", "list", "--mine"])), vec![1]);
    assert_eq!(
        ids(&json_as(&env, "robin", &["task", "list", "--mine"])),
        vec![2]
    );
    assert_eq!(
        ids(&env.json(&["task", "list", "--owner", "none"])),
        vec![3]
    );
    assert_eq!(
        ids(&env.json(&["task", "list", "--today", "--owner", "robin"])),
        Vec::<i64>::new()
    );
    let t = env.json(&["task", "edit", "3", "--owner", USER]);
    assert_eq!(t["owner"], USER);
    let mut mine = ids(&env.json(&["task", "list", "--mine"]));
    mine.sort();
    assert_eq!(mine, vec![1, 3]);
    assert!(env.ok(&["task", "list"]).contains("OWNER"));
    // A recurring task's next one keeps its owner.
    env.ok(&["task", "edit", "2", "--every", "1w", "--due", "today"]);
    let done = env.json(&["task", "done", "2"]);
    assert_eq!(done["next"]["owner"], "robin");
}

#[test]
fn cases_have_owners_and_can_be_assigned() {
    let env = Env::at(NOW);
    env.ok(&["contact", "add", "Ada Lovelace"]);
    let k = env.json(&["case", "open", "ada", "Login broken"]);
    assert_eq!(k["owner"], USER);
    let k = env.json(&["case", "open", "ada", "Invoice", "--owner", "robin"]);
    assert_eq!(k["owner"], "robin");
    assert_eq!(ids(&env.json(&["case", "list", "--mine"])), vec![1]);
    assert_eq!(
        ids(&env.json(&["case", "list", "--owner", "robin"])),
        vec![2]
    );
    let k = env.json(&["case", "assign", "1", "none"]);
    assert_eq!(k["owner"], Value::Null);
    assert_eq!(k["version"], 2);
    assert_eq!(
        ids(&env.json(&["case", "list", "--owner", "none"])),
        vec![1]
    );
    assert_eq!(env.json(&["case", "show", "2"])["owner"], "robin");
    assert!(env.ok(&["case", "show", "1"]).contains("nobody"));
    assert_eq!(
        env.json(&["case", "assign", "1", "robin"])["owner"],
        "robin"
    );
    let hist = env.json(&["history"]);
    assert!(
        hist.to_string().contains("robin"),
        "the assignment is in history"
    );
}

#[test]
fn bad_owners_are_refused_and_change_nothing() {
    let env = book();
    env.ok(&["case", "open", "ada", "Login broken"]);
    env.ok(&["task", "add", "Call"]);
    for args in [
        &["deal", "add", "X", "--owner", ""][..],
        &["deal", "add", "X", "--owner", "   "],
        &["deal", "edit", "1", "--owner", "bad\u{7}name"],
        &["task", "add", "X", "--owner", ""],
        &["task", "edit", "1", "--owner", "a\nb"],
        &["case", "open", "ada", "X", "--owner", "\u{1b}[31mred"],
        &["case", "assign", "1", ""],
    ] {
        let err = env.refused(args);
        assert!(
            err.contains("the owner cannot be empty") || err.contains("control character"),
            "{args:?}: {err}"
        );
    }
    // A usage error, as clap reports one (exit 2).
    let err = env.fails(&["deal", "list", "--mine", "--owner", "robin"], 2);
    assert!(err.contains("cannot be used with"), "{err}");
    let err = env.refused(&["deal", "list", "--owner", ""]);
    assert!(err.contains("cannot be empty"), "{err}");
    let err = env.refused(&["case", "assign", "9", "robin"]);
    assert!(err.contains("no case #9"), "{err}");
    let err = env.refused(&[
        "task", "add", "X", "--where", "name ~ a", "--owner", "robin",
    ]);
    assert!(err.contains("leave out --owner"), "{err}");
}

#[test]
fn owners_travel_in_export_and_import_all() {
    let env = book();
    env.ok(&["task", "add", "Call", "--owner", "robin"]);
    env.ok(&["case", "open", "ada", "Login broken", "--owner", "none"]);
    let all = env.json(&["export", "all"]);
    assert_eq!(all["deals"][1]["owner"], "robin");
    assert_eq!(all["tasks"][0]["owner"], "robin");
    assert_eq!(all["cases"][0]["owner"], Value::Null);
    let csv = env.ok(&["export", "deals"]);
    assert!(csv.lines().next().unwrap().ends_with(",owner"), "{csv}");
    assert!(csv.contains(",robin"), "{csv}");
    let file = env.dir.path().join("all.json");
    env.ok(&["export", "all", "-o", file.to_str().unwrap()]);

    // Imported by someone else, every record keeps the file's owner (nobody included).
    let copy = Env::at(NOW);
    json_as(&copy, "sam", &["import", "all", file.to_str().unwrap()]);
    let back = copy.json(&["export", "all"]);
    for what in ["deals", "tasks", "cases"] {
        assert_eq!(owners(&back[what]), owners(&all[what]), "{what}");
    }
    let nobody = copy.json(&["deal", "list", "--owner", "none"]);
    assert_eq!(nobody[0]["title"], "Audit");
}

/// Each record's title and owner, sorted.
fn owners(list: &Value) -> Vec<(String, Value)> {
    let mut v: Vec<(String, Value)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["title"].as_str().unwrap().to_string(), x["owner"].clone()))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[test]
fn an_older_export_without_owners_gives_them_to_the_importer() {
    let env = book();
    let mut all = env.json(&["export", "all"]);
    for d in all["deals"].as_array_mut().unwrap() {
        d.as_object_mut().unwrap().remove("owner");
    }
    let file = env.dir.path().join("old.json");
    std::fs::write(&file, all.to_string()).unwrap();
    let copy = Env::at(NOW);
    json_as(&copy, "sam", &["import", "all", file.to_str().unwrap()]);
    assert_eq!(
        copy.json(&["deal", "list", "--owner", "sam"])
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn the_demo_has_two_owners() {
    let env = Env::at(NOW);
    env.ok(&[
        "demo",
        "--contacts",
        "40",
        "--deals",
        "12",
        "--interactions",
        "60",
    ]);
    let mine = env
        .json(&["deal", "list", "--mine"])
        .as_array()
        .unwrap()
        .len();
    let robin = env
        .json(&["deal", "list", "--owner", "robin"])
        .as_array()
        .unwrap()
        .len();
    assert!(mine > 0 && robin > 0, "{mine} mine, {robin} robin's");
    assert!(!env
        .json(&["task", "list", "--owner", "robin"])
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn undo_takes_an_owner_change_back() {
    let env = book();
    env.ok(&["deal", "edit", "1", "--owner", "sam"]);
    env.ok(&["undo"]);
    assert_eq!(env.json(&["deal", "show", "1"])["owner"], USER);
    env.ok(&["case", "open", "ada", "Login broken"]);
    env.ok(&["case", "assign", "1", "robin"]);
    env.ok(&["undo"]);
    assert_eq!(env.json(&["case", "show", "1"])["owner"], USER);
}

#[test]
fn agenda_mine_keeps_only_your_tasks_deals_and_cases() {
    let env = Env::at(NOW);
    env.ok(&["contact", "add", "Ada Lovelace"]);
    env.ok(&["task", "add", "Mine", "--due", "today"]);
    env.ok(&[
        "task", "add", "Robin's", "--due", "today", "--owner", "robin",
    ]);
    env.ok(&["deal", "add", "My deal", "--close", "tomorrow"]);
    env.ok(&[
        "deal",
        "add",
        "Robin's deal",
        "--close",
        "tomorrow",
        "--owner",
        "robin",
    ]);
    let all = env.json(&["agenda"]);
    assert_eq!(all["tasks_due"], 2);
    assert_eq!(all["closing_due"], 2);
    let mine = env.json(&["agenda", "--mine"]);
    assert_eq!(mine["tasks_due"], 1);
    assert_eq!(mine["tasks"][0]["title"], "Mine");
    assert_eq!(mine["closing_due"], 1);
    assert_eq!(mine["closing"][0]["title"], "My deal");
    let robins = json_as(&env, "robin", &["agenda", "--mine"]);
    assert_eq!(robins["tasks"][0]["title"], "Robin's");
    assert!(env.ok(&["agenda", "--mine"]).contains("Mine"));
}
