//! E.164 phones, `contact dupes` and `contact not-dupes` through the real binary
//! (DESIGN §2, §12).

mod common;

use common::Env;
use serde_json::Value;

fn config(env: &Env, text: &str) {
    let dir = env.dir.path().join("config/crm");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

fn gb() -> Env {
    let env = Env::at("2026-11-30T10:00:00Z");
    config(&env, "default_region = \"GB\"\n");
    env
}

fn add(env: &Env, args: &[&str]) {
    let mut a = vec!["contact", "add"];
    a.extend_from_slice(args);
    env.ok(&a);
}

/// Four planted pairs of near-duplicates among clear non-duplicates.
fn planted(env: &Env) {
    add(
        env,
        &[
            "Jürgen Müller",
            "--email",
            "jm@acme.example",
            "--company",
            "Acme",
        ],
    );
    add(env, &["Ada Lovelace", "--email", "ada@analytical.example"]);
    add(env, &["Grace Hopper", "--phone", "+44 20 7946 0958"]);
    add(env, &["Tim Berners-Lee", "--email", "tim.bl@gmail.com"]);
    add(env, &["Alan Turing", "--phone", "+44 161 496 0000"]);
    add(env, &["Alan Kay", "--email", "alan@parc.example"]);
    add(env, &["Ada Byron"]);
    add(env, &["Mary Müller", "--company", "Acme"]);
    add(
        env,
        &["Juergen Mueller", "--email", "juergen@other.example"],
    );
    add(env, &["Lovelace Ada"]);
    add(env, &["G. Hopper", "--phone", "020 7946 0958"]);
    add(
        env,
        &["Timothy Berners Lee", "--email", "timbl+work@gmail.com"],
    );
}

fn ids(v: &Value) -> Vec<(i64, i64)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["a"]["id"].as_i64().unwrap(),
                p["b"]["id"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn finds_the_planted_duplicates_and_no_one_else() {
    let env = gb();
    planted(&env);
    let v = env.json(&["contact", "dupes"]);
    let mut found = ids(&v);
    found.sort();
    assert_eq!(found, [(1, 9), (2, 10), (3, 11), (4, 12)], "{v:#}");
    // Best first, each with its score and reasons.
    let scores: Vec<i64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["score"].as_i64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let pair = |a: i64| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|p| p["a"]["id"] == a)
            .unwrap()
            .clone()
    };
    assert_eq!(pair(1)["reasons"][0], "same name, spelled differently");
    assert_eq!(pair(1)["a"]["name"], "Jürgen Müller");
    assert_eq!(pair(1)["a"]["email"], "jm@acme.example");
    assert_eq!(pair(1)["b"]["email"], "juergen@other.example");
    assert_eq!(pair(2)["reasons"][0], "same name, first and last swapped");
    assert_eq!(pair(2)["b"]["email"], Value::Null);
    assert!(pair(3)["reasons"]
        .as_array()
        .unwrap()
        .contains(&"same phone +442079460958".into()));
    assert!(pair(4)["reasons"]
        .as_array()
        .unwrap()
        .contains(&"same mailbox timbl@gmail.com".into()));

    // A table for people, --limit and --min-score.
    let table = env.ok(&["contact", "dupes"]);
    assert!(
        table.contains("#1 Jürgen Müller <jm@acme.example>"),
        "{table}"
    );
    assert!(table.contains("crm contact merge KEEP OTHER"), "{table}");
    assert_eq!(
        ids(&env.json(&["contact", "dupes", "--limit", "1"])).len(),
        1
    );
    let strong = env.json(&["contact", "dupes", "--min-score", "61"]);
    assert!(strong
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["score"].as_i64().unwrap() >= 61));
    assert!(!ids(&strong).contains(&(1, 9)), "a name alone scores 60");
}

#[test]
fn not_dupes_keeps_a_pair_out_in_either_order() {
    let env = gb();
    planted(&env);
    let v = env.json(&["contact", "not-dupes", "Juergen Mueller", "#1"]);
    assert_eq!(
        (v["a"].as_i64(), v["b"].as_i64(), v["new"].as_bool()),
        (Some(1), Some(9), Some(true))
    );
    assert!(!ids(&env.json(&["contact", "dupes"])).contains(&(1, 9)));
    let again = env.ok(&["contact", "not-dupes", "1", "9"]);
    assert!(again.contains("already"), "{again}");
    let history = env.ok(&["history", "1"]);
    assert!(history.contains("not-dupes"), "{history}");
    // Undone like any change.
    env.ok(&["undo"]);
    assert!(ids(&env.json(&["contact", "dupes"])).contains(&(1, 9)));
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    let env = gb();
    planted(&env);
    for bad in ["101", "-5", "high", "7.5"] {
        let err = env.refused(&["contact", "dupes", "--min-score", bad]);
        assert!(err.contains("give a whole number from 0 to 100"), "{err}");
    }
    let err = env.refused(&["contact", "not-dupes", "1", "1"]);
    assert!(err.contains("same contact"), "{err}");
    let err = env.refused(&["contact", "not-dupes", "1", "99"]);
    assert!(err.contains("99"), "{err}");
    let err = env.refused(&["contact", "not-dupes", "Nobody Here", "1"]);
    assert!(err.to_lowercase().contains("nobody here"), "{err}");
    env.fails(&["contact", "not-dupes", "1"], 2);
}

#[test]
fn a_phone_typed_two_ways_is_kept_once() {
    let env = gb();
    let c = env.json(&[
        "contact",
        "add",
        "Ada",
        "--phone",
        "+44 20 7946 0958",
        "--phone",
        "(020) 7946-0958",
        "--phone",
        "020 7946 0959",
    ]);
    assert_eq!(
        c["phones"],
        serde_json::json!(["+44 20 7946 0958", "020 7946 0959"])
    );
    // Editing to add the same number again adds nothing.
    let c = env.json(&[
        "contact",
        "edit",
        "Ada",
        "--phone",
        "020 7946 0959",
        "--phone",
        "+442079460959",
    ]);
    assert_eq!(c["phones"], serde_json::json!(["020 7946 0959"]));
    // Without a region, national numbers stay as typed and apart.
    let plain = Env::at("2026-11-30T10:00:00Z");
    let c = plain.json(&[
        "contact",
        "add",
        "Ada",
        "--phone",
        "+44 20 7946 0958",
        "--phone",
        "020 7946 0958",
    ]);
    assert_eq!(c["phones"].as_array().unwrap().len(), 2);
}

#[test]
fn imports_store_e164_so_the_finder_sees_imported_phones() {
    let env = gb();
    let csv = env.dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "Name,Phone,Email\nGrace Hopper,+44 20 7946 0958,grace@navy.example\nG. Hopper,020 7946 0958,gh@other.example\nAlan Turing,0161 496 0000,alan@bletchley.example\n",
    )
    .unwrap();
    env.ok(&["import", "contacts", csv.to_str().unwrap()]);
    let v = env.json(&["contact", "dupes"]);
    assert_eq!(ids(&v), [(1, 2)], "{v:#}");
}

#[test]
fn a_bad_default_region_is_a_config_error() {
    let env = Env::new();
    config(&env, "default_region = \"Britain\"\n");
    let err = env.fails(&["contact", "list"], 1);
    assert!(
        err.contains("default_region") && err.contains("two letters"),
        "{err}"
    );
}

#[test]
fn nothing_to_list_says_so_and_merging_keeps_a_number_once() {
    let env = gb();
    assert!(env
        .ok(&["contact", "dupes"])
        .contains("No likely duplicates."));
    assert_eq!(env.json(&["contact", "dupes"]), serde_json::json!([]));
    add(&env, &["Ada Lovelace", "--phone", "+44 20 7946 0958"]);
    add(
        &env,
        &[
            "Lovelace Ada",
            "--phone",
            "020 7946 0958",
            "--phone",
            "020 7946 0959",
        ],
    );
    let preview = env.json(&["contact", "merge", "1", "2", "--dry-run"]);
    assert_eq!(preview["phones"], serde_json::json!(["020 7946 0959"]));
    let c = env.json(&["contact", "merge", "1", "2"]);
    assert_eq!(
        c["phones"],
        serde_json::json!(["+44 20 7946 0958", "020 7946 0959"])
    );
    assert_eq!(env.json(&["contact", "dupes"]), serde_json::json!([]));
}
