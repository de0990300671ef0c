//! Rules, hooks and reminders through the real binary (DESIGN §11).

mod common;

use common::Env;

fn config(env: &Env, text: &str) {
    let dir = env.dir.path().join("config/crm");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

const RULES: &str = r#"
[[rule]]
name = "proposal follow-up"
on = "deal.stage"
to = "proposal"
task = { title = "Follow up on the proposal to {contact}", due = "+3d" }

[[rule]]
name = "onboarding"
on = "deal.won"
task = { title = "Kick-off with {contact}", due = "+2d" }
tag = "customer"
"#;

fn book(env: &Env) {
    env.ok(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.org",
    ]);
    env.ok(&[
        "deal",
        "add",
        "Website",
        "--contact",
        "ada",
        "--value",
        "5000",
    ]);
}

fn tasks(env: &Env) -> Vec<serde_json::Value> {
    env.json(&["task", "list", "--all"])
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_proposal_gets_its_follow_up_and_a_win_its_kick_off_and_tag() {
    let env = Env::at("2026-11-22T10:00:00Z");
    config(&env, RULES);
    book(&env);
    let out = env
        .cmd(&["deal", "move", "1", "proposal"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("rule \"proposal follow-up\""), "{err}");
    let t = tasks(&env);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0]["title"], "Follow up on the proposal to Ada Lovelace");
    assert_eq!(t[0]["due"], "2026-11-25");
    env.ok(&["deal", "won", "1"]);
    let t = tasks(&env);
    assert!(t
        .iter()
        .any(|t| t["title"] == "Kick-off with Ada Lovelace" && t["due"] == "2026-11-24"));
    let ada = env.json(&["contact", "show", "ada"]);
    assert_eq!(ada["tags"], serde_json::json!(["customer"]));
    let history = env.json(&["history", "--by", "rule onboarding"]);
    assert_eq!(history.as_array().unwrap().len(), 2, "{history}");
}

#[test]
fn rule_list_reads_the_rules_back() {
    let env = Env::new();
    config(&env, RULES);
    let list = env.json(&["rule", "list"]);
    assert_eq!(list[0]["name"], "proposal follow-up");
    assert_eq!(list[0]["on"], "deal.stage");
    assert_eq!(list[0]["to"], "proposal");
    assert_eq!(
        list[1]["actions"],
        serde_json::json!(["task \"Kick-off with {contact}\" due +2d", "tag customer"])
    );
    let table = env.ok(&["rule", "list"]);
    assert!(table.contains("deal.stage to proposal"), "{table}");
    let empty = Env::new();
    assert!(empty.ok(&["rule", "list"]).contains("No rules"));
    assert_eq!(empty.json(&["rule", "list"]), serde_json::json!([]));
}

#[test]
fn rule_test_says_what_would_happen_and_writes_nothing() {
    let env = Env::at("2026-11-22T10:00:00Z");
    config(&env, RULES);
    book(&env);
    let before = env.dump();
    let j = env.json(&["rule", "test", "deal.won", "--deal", "1"]);
    assert_eq!(j["rules"][0]["name"], "onboarding");
    assert_eq!(j["rules"][0]["fires"], true);
    let did = j["would"]["fired"][0]["did"].as_array().unwrap();
    assert!(
        did[0]
            .as_str()
            .unwrap()
            .contains("Kick-off with Ada Lovelace"),
        "{j}"
    );
    assert_eq!(did[1], "tagged Ada Lovelace customer");
    let j = env.json(&[
        "rule",
        "test",
        "deal.stage",
        "--deal",
        "1",
        "--to",
        "negotiation",
    ]);
    assert_eq!(j["rules"][0]["fires"], false);
    assert_eq!(j["rules"][0]["why_not"], "details");
    assert_eq!(env.dump(), before, "a test writes nothing");
    let text = env.ok(&[
        "rule",
        "test",
        "deal.stage",
        "--deal",
        "1",
        "--to",
        "proposal",
    ]);
    assert!(
        text.contains("rule \"proposal follow-up\": fires"),
        "{text}"
    );
    let err = env.refused(&["rule", "test", "deal.wonn", "--deal", "1"]);
    assert!(err.contains("unknown event \"deal.wonn\""), "{err}");
    let err = env.refused(&["rule", "test", "deal.won"]);
    assert!(err.contains("--deal"), "{err}");
    let err = env.refused(&["rule", "test", "deal.won", "--deal", "9"]);
    assert!(err.contains("#9"), "{err}");
}

#[test]
fn remind_twice_in_the_same_hour_acts_and_notifies_once() {
    let env = Env::at("2026-11-22T10:00:00Z");
    config(
        &env,
        &format!(
            "{RULES}\n[[rule]]\nname = \"quiet\"\non = \"contact.idle\"\ndays = 30\ntask = {{ title = \"Check in with {{contact}}\", due = \"today\" }}\n"
        ),
    );
    book(&env);
    env.ok(&["deal", "won", "1"]);
    let later = env.clocked_at("2026-12-24T09:00:00Z");
    let dry = later.json(&["remind", "--dry-run"]);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["rules"]["fired"][0]["rule"], "quiet");
    // The kick-off task came due, and the check-in the rule makes is due today: both.
    assert_eq!(dry["reminders"].as_array().unwrap().len(), 2, "{dry}");
    let first = later.ok(&["remind"]);
    assert!(first.contains("rule \"quiet\""), "{first}");
    assert!(first.contains("Kick-off with Ada Lovelace"), "{first}");
    assert!(first.contains("Check in with Ada Lovelace"), "{first}");
    let later = later.clocked_at("2026-12-24T09:40:00Z");
    let again = later.json(&["remind"]);
    assert_eq!(again["rules"]["fired"], serde_json::json!([]), "{again}");
    assert_eq!(again["reminders"], serde_json::json!([]), "{again}");
    assert_eq!(later.ok(&["remind"]), "");
    let checkins = tasks(&later)
        .iter()
        .filter(|t| t["title"] == "Check in with Ada Lovelace")
        .count();
    assert_eq!(checkins, 1);
}

#[test]
fn reminders_go_through_the_notify_command_once() {
    let env = Env::at("2026-11-22T10:00:00Z");
    let log = env.dir.path().join("notified");
    config(
        &env,
        &format!(
            "[notify]\ncommand = [\"sh\", \"-c\", \"printf '%s|%s\\\\n' \\\"$0\\\" \\\"$1\\\" >> {}\", \"{{title}}\", \"{{text}}\"]\n",
            log.display()
        ),
    );
    env.ok(&["task", "add", "Call the bank", "--due", "today"]);
    assert_eq!(env.ok(&["remind"]), "");
    env.ok(&["remind"]);
    let sent = std::fs::read_to_string(&log).unwrap();
    assert_eq!(sent, "crm: task due today|Call the bank\n");
}

#[test]
fn a_hook_gets_the_event_on_stdin_and_a_failing_one_is_recorded_not_undone() {
    let env = Env::at("2026-11-22T10:00:00Z");
    let got = env.dir.path().join("stdin.json");
    config(
        &env,
        &format!(
            "[[rule]]\nname = \"record\"\non = \"deal.won\"\nrun = [\"sh\", \"-c\", \"cat > {}; echo $CRM_DEAL_ID >> {}\"]\n\n[[rule]]\nname = \"broken\"\non = \"deal.won\"\nrun = [\"crm-no-such-hook\"]\n",
            got.display(),
            got.display()
        ),
    );
    book(&env);
    let out = env.cmd(&["deal", "won", "1"]).output().unwrap();
    assert!(
        out.status.success(),
        "a failing hook does not fail the command"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the hook of rule \"broken\" failed") && err.contains("not found"),
        "{err}"
    );
    let text = std::fs::read_to_string(&got).unwrap();
    let (json, id) = text.rsplit_once('}').unwrap();
    let v: serde_json::Value = serde_json::from_str(&format!("{json}}}")).unwrap();
    assert_eq!(v["event"], "deal.won");
    assert_eq!(v["deal"]["title"], "Website");
    assert_eq!(v["contact"]["email"], "ada@example.org");
    assert_eq!(id.trim(), "1");
    assert_eq!(env.json(&["deal", "show", "1"])["status"], "won");
    let h = env.json(&["history", "--by", "rule broken"]);
    assert_eq!(h[0]["action"], "hook-failed", "{h}");
}

#[test]
fn a_bad_rule_is_named_with_its_key_and_nothing_runs() {
    let env = Env::new();
    env.ok(&["contact", "add", "Ada Lovelace"]);
    for (text, wanted) in [
        (
            "[[rule]]\nname = \"x\"\non = \"deal.wonn\"\ntag = \"a\"\n",
            "rule \"x\": key \"on\"",
        ),
        (
            "[[rule]]\nname = \"x\"\non = \"deal.won\"\nsend = \"a\"\n",
            "key \"send\"",
        ),
        (
            "[[rule]]\nname = \"x\"\non = \"deal.won\"\ntask = { title = \"t\", due = \"+3x\" }\n",
            "key \"task\"",
        ),
        (
            "[[rule]]\nname = \"loop\"\non = \"interaction.logged\"\nnote = \"again\"\n",
            "loop",
        ),
    ] {
        config(&env, text);
        let err = env.refused(&["contact", "add", "Bob"]);
        assert!(err.contains(wanted), "{text}: {err}");
        assert!(err.contains("config.toml"), "{err}");
    }
}

#[test]
fn a_hook_past_its_timeout_is_stopped_and_the_command_returns() {
    let env = Env::new();
    config(
        &env,
        "[[rule]]\nname = \"slow\"\non = \"contact.created\"\nrun = { shell = \"sleep 20\" }\ntimeout = 1\n",
    );
    let started = std::time::Instant::now();
    let out = env
        .cmd(&["contact", "add", "Ada Lovelace"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(started.elapsed() < std::time::Duration::from_secs(8));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("took longer than 1s"), "{err}");
    assert_eq!(env.json(&["contact", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn imports_fire_no_rules() {
    let env = Env::new();
    config(
        &env,
        "[[rule]]\nname = \"tag new\"\non = \"contact.created\"\ntag = \"new\"\n",
    );
    let csv = env.dir.path().join("people.csv");
    std::fs::write(&csv, "name,email\nAda Lovelace,ada@example.org\n").unwrap();
    env.ok(&["import", "contacts", csv.to_str().unwrap()]);
    assert_eq!(
        env.json(&["contact", "show", "ada"])["tags"],
        serde_json::json!([])
    );
    env.ok(&["contact", "add", "Bob Hope"]);
    assert_eq!(
        env.json(&["contact", "show", "bob"])["tags"],
        serde_json::json!(["new"])
    );
}

/// The issue's "done when", as a new user would go: example rules, three cadences, a
/// proposal, a win and `crm remind` twice.
#[test]
fn a_new_user_with_the_example_rules() {
    let env = Env::at("2026-11-22T10:00:00Z");
    config(&env, &env.ok(&["config", "--rules"]));
    for name in ["Ada Lovelace", "Grace Hopper", "Alan Turing"] {
        env.ok(&["contact", "add", name, "--every", "2w"]);
    }
    let later = env.clocked_at("2026-12-07T09:00:00Z");
    let due = later.json(&["reconnect"]);
    assert_eq!(due.as_array().unwrap().len(), 3);
    later.ok(&["log-call", "grace", "caught up"]);
    let names: Vec<_> = later
        .json(&["reconnect"])
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["Ada Lovelace", "Alan Turing"]);
    later.ok(&[
        "deal",
        "add",
        "Engine",
        "--contact",
        "ada",
        "--value",
        "12000",
    ]);
    later.ok(&["deal", "move", "1", "proposal"]);
    let tasks = later.json(&["task", "list", "--all"]);
    assert_eq!(
        tasks[0]["title"],
        "Follow up on the proposal to Ada Lovelace"
    );
    assert_eq!(tasks[0]["due"], "2026-12-10");
    later.ok(&["deal", "won", "1"]);
    let tasks = later.json(&["task", "list", "--all"]);
    assert!(tasks
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["title"] == "Kick-off with Ada Lovelace" && t["due"] == "2026-12-09"));
    assert_eq!(
        later.json(&["contact", "show", "ada"])["tags"],
        serde_json::json!(["customer"])
    );
    let kickoff = later.clocked_at("2026-12-09T08:00:00Z");
    let first = kickoff.json(&["remind"]);
    let texts: Vec<_> = first["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["text"].as_str().unwrap().to_string())
        .collect();
    assert!(
        texts.contains(&"Kick-off with Ada Lovelace (Ada Lovelace)".to_string()),
        "{first}"
    );
    let second = kickoff.json(&["remind"]);
    assert_eq!(second["reminders"], serde_json::json!([]), "notified once");
}

#[test]
fn rule_test_tries_a_case_event_on_a_named_case() {
    let env = Env::at("2026-11-22T10:00:00Z");
    config(
        &env,
        "[[rule]]\nname = \"thank\"\non = \"case.solved\"\ntask = { title = \"Thank {contact} for their patience\", due = \"+1d\" }\n",
    );
    env.ok(&["contact", "add", "Ada Lovelace", "--email", "ada@x.com"]);
    env.ok(&["case", "open", "ada", "Login broken"]);
    let before = env.dump();
    let j = env.json(&["rule", "test", "case.solved", "--case", "1"]);
    assert_eq!(j["rules"][0]["fires"], true, "{j}");
    let did = j["would"]["fired"][0]["did"][0].as_str().unwrap();
    assert!(did.contains("Thank Ada Lovelace"), "{j}");
    assert_eq!(env.dump(), before, "a rule test wrote something");
    let err = env.refused(&["rule", "test", "case.solved"]);
    assert!(err.contains("--case"), "{err}");
    let err = env.refused(&["rule", "test", "case.solved", "--case", "9"]);
    assert!(err.contains("9"), "{err}");
}
