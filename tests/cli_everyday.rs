//! Issue 9's command-line items: merge previews, namesake warnings, edits that change
//! nothing, `-o -`, `--db` directories, `deal list --status all`, `deal edit --help`,
//! contact fields in list JSON, won deals, tag search and dynamic completions.

mod common;

use common::Env;
use serde_json::json;

fn stdout_and_stderr(env: &Env, args: &[&str]) -> (String, String) {
    let out = env.cmd(args).output().unwrap();
    assert!(
        out.status.success(),
        "crm {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn countess(env: &Env) {
    env.ok(&[
        "contact",
        "add",
        "A. Lovelace",
        "--email",
        "countess@example.com",
        "--phone",
        "+44 20 7946 0000",
        "--title",
        "Countess",
        "--tag",
        "math",
        "--field",
        "born=1815",
    ]);
    env.ok(&["log-call", "countess@example.com", "said hello"]);
    env.ok(&[
        "task",
        "add",
        "write back",
        "--contact",
        "countess@example.com",
    ]);
}

#[test]
fn merge_dry_run_shows_the_merge_and_writes_nothing() {
    let env = Env::seeded();
    countess(&env);
    let before = env.dump();
    let text = env.ok(&[
        "contact",
        "merge",
        "ada@example.com",
        "countess@example.com",
        "--dry-run",
    ]);
    assert!(
        text.contains("Merging #3 A. Lovelace into #1 Ada Lovelace would:"),
        "{text}"
    );
    assert!(text.contains("set title to Countess"), "{text}");
    assert!(text.contains("add e-mails: countess@example.com"), "{text}");
    assert!(text.contains("add phones: +44 20 7946 0000"), "{text}");
    assert!(text.contains("add tags: math"), "{text}");
    assert!(text.contains("add field born: 1815"), "{text}");
    assert!(
        text.contains("move 1 interaction, 0 deals and 1 task"),
        "{text}"
    );
    assert!(text.contains("Nothing was written"), "{text}");
    let v = env.json(&["contact", "merge", "1", "3", "--dry-run"]);
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["keep"], json!({"id": 1, "name": "Ada Lovelace"}));
    assert_eq!(v["other"]["id"], 3);
    assert_eq!(v["filled"], json!({"title": "Countess"}));
    assert_eq!(v["emails"], json!(["countess@example.com"]));
    assert_eq!(v["phones"], json!(["+44 20 7946 0000"]));
    assert_eq!(v["tags"], json!(["math"]));
    assert_eq!(v["fields"], json!({"born": "1815"}));
    assert_eq!(
        v["moves"],
        json!({"interactions": 1, "deals": 0, "tasks": 1})
    );
    assert_eq!(
        v["result"]["emails"],
        json!(["ada@example.com", "countess@example.com"])
    );
    assert_eq!(env.dump(), before, "a dry run writes nothing");
    // The real merge does what the preview said.
    let merged = env.json(&["contact", "merge", "1", "3"]);
    assert_eq!(merged["emails"], v["result"]["emails"]);
    let sorted = |v: &serde_json::Value| {
        let mut t: Vec<String> = serde_json::from_value(v.clone()).unwrap();
        t.sort();
        t
    };
    assert_eq!(sorted(&merged["tags"]), sorted(&v["result"]["tags"]));
    assert_eq!(merged["fields"], v["result"]["fields"]);
    // Bad input: the same contact twice, a missing one.
    let err = env.fails(&["contact", "merge", "1", "1", "--dry-run"], 1);
    assert!(err.contains("same contact"), "{err}");
    let err = env.fails(&["contact", "merge", "1", "99", "--dry-run"], 1);
    assert!(err.contains("#99"), "{err}");
}

#[test]
fn adding_a_namesake_warns_and_still_adds() {
    let env = Env::seeded();
    let (out, err) = stdout_and_stderr(&env, &["contact", "add", "ada  LOVELACE"]);
    assert!(out.contains("Added contact #3"), "{out}");
    assert!(
        err.contains("warning: ada  LOVELACE already exists as #1")
            && err.contains("crm contact merge 1 3"),
        "{err}"
    );
    let (_, err) = stdout_and_stderr(&env, &["contact", "add", "Ada Byron"]);
    assert!(err.is_empty(), "{err}");
    // -q keeps stderr for errors only; --json still prints the contact.
    let (_, err) = stdout_and_stderr(&env, &["contact", "add", "Grace Hopper", "-q"]);
    assert!(err.is_empty(), "{err}");
    let (out, err) = stdout_and_stderr(&env, &["contact", "add", "Grace Hopper", "--json"]);
    assert!(err.contains("#2, #5"), "{err}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["id"],
        6
    );
}

#[test]
fn an_edit_that_changes_nothing_says_so() {
    let env = Env::seeded();
    let before = env.dump();
    let out = env.ok(&["contact", "edit", "ada"]);
    assert!(
        out.starts_with("nothing to change: no flag was given for #1 Ada Lovelace"),
        "{out}"
    );
    let out = env.ok(&[
        "contact",
        "edit",
        "ada",
        "--add-tag",
        "VIP",
        "--email",
        "ada@example.com",
    ]);
    assert!(
        out.starts_with("nothing to change: #1 Ada Lovelace already has those values"),
        "{out}"
    );
    assert_eq!(
        env.json(&["contact", "edit", "ada", "--title", ""])["id"],
        1
    );
    assert_eq!(env.dump(), before, "no history row, nothing written");
    let out = env.ok(&["contact", "edit", "ada", "--title", "Countess"]);
    assert!(out.starts_with("Updated contact #1"), "{out}");
    env.fails(&["contact", "edit", "nobody-at-all"], 1);
}

#[test]
fn dash_output_is_standard_output() {
    let env = Env::seeded();
    let piped = env.ok(&["export", "contacts"]);
    let dashed = env.ok(&["export", "contacts", "-o", "-"]);
    assert_eq!(piped, dashed);
    assert!(
        dashed.starts_with("name,") || dashed.contains("Ada Lovelace"),
        "{dashed}"
    );
    let json = env.ok(&["export", "all", "--output", "-"]);
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    assert!(!env.dir.path().join("-").exists());
    assert!(!std::path::Path::new("-").exists());
}

#[test]
fn a_db_in_a_missing_directory_is_refused_and_the_default_is_created() {
    let env = Env::new();
    let missing = env.dir.path().join("no/such/dir/crm.db");
    let out = env
        .cmd(&["contact", "add", "X"])
        .arg("--db")
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("does not exist") && err.contains("no/such/dir"),
        "{err}"
    );
    assert!(!env.dir.path().join("no").exists());
    // CRM_DB is the same setting.
    let out = assert_cmd::Command::cargo_bin("crm")
        .unwrap()
        .args(["contact", "list"])
        .env("CRM_DB", &missing)
        .env("HOME", env.dir.path())
        .env_remove("CRM_CONFIG")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!env.dir.path().join("no").exists());
    // The default data directory is created (private).
    let out = assert_cmd::Command::cargo_bin("crm")
        .unwrap()
        .args(["contact", "add", "Default Person"])
        .env_remove("CRM_DB")
        .env("HOME", env.dir.path())
        .env("XDG_DATA_HOME", env.dir.path().join("fresh/xdg"))
        .env_remove("CRM_CONFIG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(env.dir.path().join("fresh/xdg/crm/crm.db").exists());
}

#[test]
fn deal_list_status_all_and_edit_help() {
    let env = Env::seeded();
    env.ok(&["deal", "add", "Second", "--contact", "grace"]);
    env.ok(&["deal", "add", "Third", "--contact", "grace"]);
    env.ok(&["deal", "won", "2"]);
    env.ok(&["deal", "lost", "3"]);
    let count = |status: &str| {
        env.json(&["deal", "list", "--status", status])
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(count("all"), 3);
    assert_eq!(count("ALL"), 3);
    assert_eq!(count("open"), 1);
    assert_eq!(count("won"), 1);
    assert_eq!(count("lost"), 1);
    let err = env.fails(&["deal", "list", "--status", "pending"], 1);
    assert!(err.contains("open, won, lost, all"), "{err}");
    let edit = env.ok(&["deal", "edit", "--help"]);
    assert!(
        !edit.contains("[default: the") && !edit.contains("[default: from config"),
        "{edit}"
    );
    assert!(edit.contains("--stage") && edit.contains("--currency") && edit.contains("--company"));
    let add = env.ok(&["deal", "add", "--help"]);
    assert!(add.contains("[default: the first stage]"), "{add}");
    assert!(add.contains("[default: from config, else USD]"), "{add}");
}

#[test]
fn contact_list_json_has_custom_fields() {
    let env = Env::seeded();
    env.ok(&[
        "contact",
        "edit",
        "ada",
        "--field",
        "tier=gold",
        "--field",
        "born=1815",
    ]);
    let list = env.json(&["contact", "list"]);
    assert_eq!(list[0]["name"], "Ada Lovelace");
    assert_eq!(list[0]["fields"], json!({"born": "1815", "tier": "gold"}));
    assert_eq!(list[1]["fields"], json!({}));
}

#[test]
fn a_won_deal_reads_the_same_in_text_and_json() {
    let env = Env::seeded();
    env.ok(&["deal", "move", "1", "proposal"]);
    let text = env.ok(&["deal", "won", "1"]);
    assert!(
        text.contains("Won deal #1 Engine design (won at proposal, 4,500.50 EUR, 100%)"),
        "{text}"
    );
    let v = env.json(&["deal", "show", "1"]);
    assert_eq!(
        (v["stage"].as_str(), v["status"].as_str()),
        (Some("proposal"), Some("won"))
    );
    assert_eq!(v["probability"], 100);
    assert!(v["closed_at"].is_string());
    let show = env.ok(&["deal", "show", "1"]);
    assert!(show.contains("Stage         won at proposal"), "{show}");
    assert!(show.contains("Probability   100% (won)"), "{show}");
    assert!(show.contains("Closed"), "{show}");
    assert!(!show.contains("stage default"), "{show}");
    let list = env.ok(&["deal", "list"]);
    assert!(
        list.contains("won at proposal") && list.contains("100%"),
        "{list}"
    );
    env.ok(&["deal", "add", "Open one", "--contact", "grace"]);
    let show = env.ok(&["deal", "show", "2"]);
    assert!(
        show.contains("Stage         lead") && show.contains("10% (stage default)"),
        "{show}"
    );
    let lost = env.ok(&["deal", "lost", "2", "--reason", "price"]);
    assert!(lost.contains("(lost at lead, 0.00 USD, 0%)"), "{lost}");
}

#[test]
fn search_finds_contacts_by_tag_below_name_matches() {
    let env = Env::seeded();
    env.ok(&["contact", "add", "Vip Vanderbilt"]);
    let hits = env.json(&["search", "vip"]);
    let found: Vec<(&str, &str)> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["kind"].as_str().unwrap(), h["label"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        vec![("contact", "Vip Vanderbilt"), ("contact", "Ada Lovelace")]
    );
    let text = env.ok(&["search", "ada", "vip"]);
    assert!(text.contains("Ada Lovelace"), "{text}");
    assert!(env
        .ok(&["search", "grace", "vip"])
        .contains("Nothing matches"));
}

/// What crm offers at a TAB, as fish asks for it (the last word is the one completed).
fn offered(env: &Env, words: &[&str]) -> Vec<String> {
    let out = env
        .cmd(&[])
        .env("CRM_COMPLETE", "fish")
        .arg("--")
        .arg("crm")
        .arg("--db")
        .arg(&env.target)
        .args(words)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .filter(|w| !w.starts_with('-'))
        .collect()
}

#[test]
fn completions_offer_kinds_stages_formats_and_names() {
    let env = Env::seeded();
    env.ok(&["contact", "add", "Adam Smith"]);
    env.ok(&["stage", "add", "On Hold"]);
    let before = env.dump();
    assert_eq!(offered(&env, &["log", "m"]), vec!["meeting", "message"]);
    assert_eq!(
        offered(&env, &["deal", "move", "1", ""]),
        vec![
            "lead",
            "qualified",
            "proposal",
            "negotiation",
            "On Hold",
            "won",
            "lost"
        ]
    );
    assert_eq!(
        offered(&env, &["deal", "add", "x", "--stage", "q"]),
        vec!["qualified"]
    );
    assert_eq!(
        offered(&env, &["report", "pipeline", "--format", ""]),
        vec!["table", "json", "csv", "md"]
    );
    assert_eq!(
        offered(&env, &["export", "contacts", "--format", "v"]),
        vec!["vcard"]
    );
    assert_eq!(
        offered(&env, &["deal", "list", "--status", "a"]),
        vec!["all"]
    );
    assert_eq!(
        offered(&env, &["contact", "show", "ad"]),
        vec!["Ada Lovelace", "Adam Smith"]
    );
    assert_eq!(offered(&env, &["log-call", "smi"]), vec!["Adam Smith"]);
    assert_eq!(
        offered(&env, &["task", "add", "x", "--contact", "grace"]),
        vec!["Grace Hopper"]
    );
    assert_eq!(
        offered(&env, &["company", "show", "ana"]),
        vec!["Analytical Engines"]
    );
    assert_eq!(env.dump(), before, "completing writes nothing");
    // No database yet: no names, and none is created.
    let fresh = Env::new();
    assert!(offered(&fresh, &["contact", "show", "a"]).is_empty());
    assert!(!fresh.db.exists());
    // The registration scripts call crm back.
    let bash = env.ok(&["completions", "bash"]);
    assert!(
        bash.contains("CRM_COMPLETE=\"bash\"") && bash.contains("complete -o nospace"),
        "{bash}"
    );
    assert!(env.ok(&["completions", "zsh"]).contains("#compdef crm"));
    assert!(env
        .ok(&["completions", "fish"])
        .contains("CRM_COMPLETE=fish"));
    env.fails(&["completions", "tcsh"], 2);
    // clap's usual variable is left alone: set for other reasons, it changes nothing.
    let out = env
        .cmd(&["contact", "list"])
        .env("COMPLETE", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn bash_gets_names_with_their_spaces_escaped() {
    let env = Env::seeded();
    let out = env
        .cmd(&[])
        .env("CRM_COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", "5")
        .env("_CLAP_IFS", "\n")
        .args(["--", "crm", "--db"])
        .arg(&env.target)
        .args(["contact", "show", r"Ada\ L"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        r"Ada\ Lovelace"
    );
}
