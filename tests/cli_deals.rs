//! `crm deal …` and `crm stage …` on the real binary.

mod common;
use common::Env;

#[test]
fn deal_json_shape_and_money() {
    let env = Env::seeded();
    let d = env.json(&["deal", "show", "1"]);
    for key in [
        "id",
        "title",
        "contact_id",
        "contact",
        "company",
        "stage",
        "status",
        "value",
        "currency",
        "probability",
        "expected_close",
        "created_at",
        "closed_at",
    ] {
        assert!(d.get(key).is_some(), "deal JSON lacks {key}: {d}");
    }
    assert_eq!(d["value"], 4500.5);
    assert_eq!(d["currency"], "EUR");
    assert_eq!(
        d["company"], "Analytical Engines",
        "a deal takes its contact's company"
    );
    assert_eq!(d["probability"], 10);
    assert_eq!(d["stage"], "lead");
    assert_eq!(d["status"], "open");
    let y = env.json(&[
        "deal",
        "add",
        "Yen deal",
        "--value",
        "150000",
        "--currency",
        "JPY",
        "--probability",
        "40",
        "--close",
        "2026-12-24",
    ]);
    assert_eq!(y["value"], 150000.0);
    assert_eq!(y["probability"], 40);
    assert_eq!(y["expected_close"], "2026-12-24");
}

#[test]
fn moving_winning_losing_and_reopening() {
    let env = Env::seeded();
    env.ok(&["deal", "move", "1", "proposal"]);
    assert_eq!(env.json(&["deal", "show", "1"])["probability"], 50);
    let won = env.json(&["deal", "won", "1"]);
    assert_eq!(won["status"], "won");
    assert!(won["closed_at"].is_string());
    assert_eq!(
        env.json(&["contact", "show", "ada"])["lifecycle"],
        "retention"
    );
    let err = env.fails(&["deal", "won", "1"], 1);
    assert!(err.contains("already won"), "{err}");
    let out = env.ok(&["deal", "move", "1", "negotiation"]);
    assert!(out.contains("Reopened"), "{out}");
    env.ok(&["deal", "lost", "1", "--reason", "budget cut"]);
    let d = env.json(&["deal", "show", "1"]);
    assert_eq!(d["status"], "lost");
    assert_eq!(d["lost_reason"], "budget cut");
    let path: Vec<String> = d["stage_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            format!(
                "{}:{}",
                h["to"].as_str().unwrap_or("-"),
                h["status"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        path,
        [
            "lead:open",
            "proposal:open",
            "proposal:won",
            "negotiation:open",
            "negotiation:lost"
        ]
    );
}

#[test]
fn list_edit_remove() {
    let env = Env::seeded();
    env.ok(&[
        "deal",
        "add",
        "Second",
        "--contact",
        "grace",
        "--value",
        "100",
        "--stage",
        "qualified",
    ]);
    let all = env.json(&["deal", "list"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    let q = env.json(&["deal", "list", "--stage", "qualified"]);
    assert_eq!(q.as_array().unwrap().len(), 1);
    assert_eq!(
        env.json(&["deal", "list", "--contact", "grace"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        env.json(&["deal", "list", "--status", "won"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
    env.ok(&[
        "deal",
        "edit",
        "2",
        "--value",
        "250.75",
        "--title",
        "Second, bigger",
        "--probability",
        "60",
    ]);
    let d = env.json(&["deal", "show", "2"]);
    assert_eq!(d["value"], 250.75);
    assert_eq!(d["title"], "Second, bigger");
    assert_eq!(d["probability"], 60);
    env.ok(&["deal", "edit", "2", "--probability", ""]);
    assert_eq!(env.json(&["deal", "show", "2"])["probability"], 25);
    assert!(env.ok(&["deal", "list"]).contains("Second, bigger"));
    env.ok(&["deal", "rm", "2", "--yes"]);
    env.fails(&["deal", "show", "2"], 1);
}

#[test]
fn stages_are_configurable() {
    let env = Env::seeded();
    let names = |env: &Env| -> Vec<String> {
        env.json(&["stage", "list"])
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names(&env),
        ["lead", "qualified", "proposal", "negotiation"]
    );
    env.ok(&[
        "stage",
        "add",
        "discovery",
        "--probability",
        "15",
        "--position",
        "2",
    ]);
    env.ok(&["stage", "rename", "discovery", "discovery-call"]);
    env.ok(&["stage", "move", "discovery-call", "4"]);
    env.ok(&["stage", "probability", "discovery-call", "45"]);
    assert_eq!(
        names(&env),
        [
            "lead",
            "qualified",
            "proposal",
            "discovery-call",
            "negotiation"
        ]
    );
    let err = env.fails(&["stage", "rm", "lead"], 1);
    assert!(err.contains("--to"), "{err}");
    env.ok(&["stage", "rm", "lead", "--to", "qualified"]);
    assert_eq!(env.json(&["deal", "show", "1"])["stage"], "qualified");
    let table = env.ok(&["stage", "list"]);
    assert!(
        table.contains("discovery-call") && table.contains("45%"),
        "{table}"
    );
}
