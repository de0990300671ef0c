//! The lead score through the real binary (DESIGN §12): explained, sorted by, and kept
//! current by changes, imports and the demo.

mod common;

use common::Env;

fn score(env: &Env, who: &str) -> serde_json::Value {
    env.json(&["contact", "score", who, "--explain"])
}

#[test]
fn the_score_explains_every_point_and_follows_changes() {
    let env = Env::at("2026-11-22T10:00:00Z");
    env.ok(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--title",
        "CEO",
        "--source",
        "referral",
        "--tag",
        "vip",
    ]);
    env.ok(&["contact", "add", "Bob Hope"]);
    let s = score(&env, "ada");
    // 15 (ceo) + 10 (referral) + 10 (vip) = 35 fit, nothing else yet.
    assert_eq!(s["score"], 35);
    assert_eq!(s["fit"], 35.0);
    let rules: Vec<_> = s["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["rule"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(rules.len(), 3, "{s}");
    env.ok(&["log-meeting", "bob", "kick-off", "--direction", "in"]);
    // 4 + 2 inbound + 3 meeting, today.
    assert_eq!(score(&env, "bob")["score"], 9);
    env.ok(&[
        "deal",
        "add",
        "Site",
        "--contact",
        "bob",
        "--value",
        "1000",
        "--stage",
        "proposal",
    ]);
    // 4 per deal + 2 × 3 (1,000) + 0.08 × 50 = 14 intent.
    assert_eq!(score(&env, "bob")["score"], 23);
    let listed = env.json(&["contact", "list", "--sort", "score"]);
    let order: Vec<_> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["score"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            ("Ada Lovelace".to_string(), 35),
            ("Bob Hope".to_string(), 23)
        ]
    );
    let table = env.ok(&["contact", "list", "--sort", "score"]);
    assert!(table.contains("SCORE"), "{table}");
    // A month on, the meeting counts half: the stored score moves on the daily refresh.
    let later = env.clocked_at("2026-12-22T10:00:00Z");
    later.ok(&["remind"]);
    let bob = later.json(&["contact", "list", "--sort", "score"]);
    assert_eq!(bob[1]["score"], 19, "9 → 4.5 engagement: {bob}");
    let text = later.ok(&["contact", "score", "bob", "--explain"]);
    assert!(
        text.contains("1 inbound meeting in the last 90 days (1 in the last 30)"),
        "{text}"
    );
    let err = later.refused(&["contact", "score", "nobody"]);
    assert!(err.contains("nobody"), "{err}");
}

#[test]
fn weights_come_from_the_config_and_a_bad_one_is_named() {
    let env = Env::at("2026-11-22T10:00:00Z");
    let dir = env.dir.path().join("config/crm");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "[score]\ntag = { partner = 20 }\n").unwrap();
    env.ok(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--tag",
        "partner",
        "--tag",
        "vip",
    ]);
    assert_eq!(
        score(&env, "ada")["score"],
        20,
        "the table replaces vip's default"
    );
    std::fs::write(dir.join("config.toml"), "[score]\ninteraction = \"lots\"\n").unwrap();
    let err = env.refused(&["contact", "score", "ada"]);
    assert!(
        err.contains("[score] interaction must be a number"),
        "{err}"
    );
}

#[test]
fn imported_contacts_and_the_demo_are_scored() {
    let env = Env::at("2026-11-22T10:00:00Z");
    let csv = env.dir.path().join("people.csv");
    std::fs::write(&csv, "name,title\nAda Lovelace,Founder\nBob Hope,\n").unwrap();
    env.ok(&["import", "contacts", csv.to_str().unwrap()]);
    let list = env.json(&["contact", "list", "--sort", "score"]);
    assert_eq!(list[0]["name"], "Ada Lovelace");
    assert_eq!(list[0]["score"], 15);
    assert_eq!(list[1]["score"], 0);
    let demo = Env::at("2026-11-22T10:00:00Z");
    demo.ok(&[
        "demo",
        "--contacts",
        "40",
        "--deals",
        "10",
        "--interactions",
        "80",
    ]);
    let list = demo.json(&["contact", "list", "--sort", "score"]);
    let scores: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["score"].as_i64().expect("scored"))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores[0] > 0);
}

#[test]
fn a_bulk_edit_sets_a_cadence_on_every_contact_picked() {
    let env = Env::at("2026-11-22T10:00:00Z");
    for n in ["Ada Lovelace", "Alan Turing", "Grace Hopper"] {
        env.ok(&["contact", "add", n]);
    }
    env.ok(&[
        "contact", "edit", "--where", "name ~ a", "--every", "2w", "--yes",
    ]);
    let due = env.clocked_at("2026-12-07T10:00:00Z").json(&["reconnect"]);
    assert_eq!(due.as_array().unwrap().len(), 3);
}
