//! Forgetting that really forgets (DESIGN §3 secure_delete, §8 Privacy): `contact forget`,
//! `purge`, `export contact`, what `contact rm`, a merge and `import undo` leave behind.
//! Every test runs on SQLite, and on PostgreSQL with CRM_TEST_PG.

mod common;

use common::Env;
use serde_json::Value;

/// Ada with everything a person can have: e-mails, a phone, a tag, a field, notes, a
/// company, a deal named after her, a call, a task, a case and an edit. Grace is someone
/// else.
fn ada_everywhere(env: &Env) {
    env.add_contact(
        "Ada Lovelace",
        "ada@example.com",
        &[
            "--email",
            "countess@example.org",
            "--phone",
            "+44 20 7946 0018",
            "--tag",
            "vip",
            "--field",
            "twitter=@adalovelace",
            "--note",
            "Prefers Bernoulli numbers",
            "--company",
            "Analytical Engines",
        ],
    );
    env.add_contact("Grace Hopper", "grace@navy.mil", &[]);
    env.ok(&["deal", "add", "Ada Lovelace renewal", "--contact", "ada"]);
    env.ok(&["log-call", "ada", "talked about the Difference Engine"]);
    env.ok(&["task", "add", "send Ada the notes", "--contact", "ada"]);
    env.ok(&["case", "open", "ada", "punch cards jammed"]);
    env.ok(&["contact", "edit", "ada", "--title", "Countess of Lovelace"]);
}

/// Text that would give Ada away.
const ADA: &[&str] = &[
    "Lovelace",
    "ada@example.com",
    "countess@example.org",
    "7946",
    "adalovelace",
    "Bernoulli",
    "Difference Engine",
    "punch cards",
    "send Ada",
];

fn found<'a>(text: &str, needles: &[&'a str]) -> Vec<&'a str> {
    needles
        .iter()
        .copied()
        .filter(|n| text.contains(n))
        .collect()
}

/// Two records of one person: Ada Lovelace (ada@example.com) and A. King
/// (aking@work.example, with `king`'s further options), to merge.
fn ada_and_king(env: &Env, king: &[&str]) {
    env.add_contact("Ada Lovelace", "ada@example.com", &[]);
    env.add_contact("A. King", "aking@work.example", king);
}

/// The rows of one table in `Env::dump`.
fn table<'a>(dump: &'a str, name: &str) -> Vec<&'a str> {
    let head = format!("== {name}\n");
    let Some(start) = dump.find(&head) else {
        return Vec::new();
    };
    dump[start + head.len()..]
        .lines()
        .take_while(|l| !l.starts_with("== "))
        .collect()
}

#[test]
fn forget_without_yes_says_what_would_go_and_changes_nothing() {
    let env = Env::new();
    ada_everywhere(&env);
    let err = env.refused(&["contact", "forget", "ada"]);
    assert!(err.contains("would erase #1 Ada Lovelace"), "{err}");
    assert!(
        err.contains("2 e-mails, 1 phone, 1 tag, 1 custom field"),
        "{err}"
    );
    assert!(
        err.contains("1 interaction, 1 task, 1 support case"),
        "{err}"
    );
    assert!(err.contains("1 deal(s) stay, without a contact"), "{err}");
    assert!(err.contains("Add --yes"), "{err}");
}

#[test]
fn forget_erases_the_person_from_every_table_and_leaves_a_tombstone() {
    let env = Env::new();
    ada_everywhere(&env);
    assert_eq!(
        found(&env.dump(), ADA).len(),
        ADA.len(),
        "the seed is there"
    );
    let out = env.ok(&["contact", "forget", "ada", "--yes"]);
    assert!(out.contains("Forgot contact #1 Ada Lovelace"), "{out}");
    assert!(out.contains("1 task, 1 support case"), "{out}");
    let dump = env.dump();
    assert_eq!(
        found(&dump, ADA),
        Vec::<&str>::new(),
        "left behind:\n{dump}"
    );
    // Grace and the company are not Ada's.
    assert!(dump.contains("grace@navy.mil"));
    assert!(dump.contains("Analytical Engines"));
    // One tombstone: id, forgotten, when, by whom; nothing else about her.
    let history = env.json(&["history"]);
    let about: Vec<&Value> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["entity"] == "contact" && h["entity_id"] == 1)
        .collect();
    assert_eq!(about.len(), 1, "{history:#}");
    assert_eq!(about[0]["action"], "forgotten");
    assert_eq!(about[0]["by"], common::USER);
    assert!(about[0]["before"].is_null() && about[0]["after"].is_null());
    // The deal stays, without her and without her name.
    let deals = env.json(&["deal", "list"]);
    assert_eq!(deals[0]["title"], "(forgotten) renewal", "{deals:#}");
    assert!(deals[0]["contact_id"].is_null(), "{deals:#}");
    assert!(
        env.ok(&["search", "lovelace"]).trim().is_empty()
            || !env.ok(&["search", "lovelace"]).contains("Lovelace")
    );
    let err = env.fails(&["contact", "show", "ada@example.com"], 1);
    assert!(err.contains("no contact has the e-mail"), "{err}");
}

#[test]
fn neither_the_forget_nor_the_changes_about_her_can_be_undone_but_others_can() {
    let env = Env::new();
    ada_everywhere(&env);
    env.ok(&["contact", "edit", "grace", "--title", "Rear Admiral"]);
    let grace_edit = env.json(&["history"])[0]["change"].as_i64().unwrap();
    env.ok(&["contact", "forget", "ada", "--yes"]);
    let err = env.refused(&["undo"]);
    assert!(err.contains("forgot a contact"), "{err}");
    // Change 1 added Ada: its images of her are gone, so it is refused cleanly.
    let err = env.refused(&["undo", "1"]);
    assert!(
        err.contains("cannot be undone: what undo needed of it was erased"),
        "{err}"
    );
    // Grace's edit is not about Ada: it still goes back.
    env.ok(&["undo", &grace_edit.to_string()]);
    let grace = env.json(&["contact", "show", "grace"]);
    assert!(grace["title"].is_null(), "{grace:#}");
}

#[test]
fn forgetting_a_person_erases_the_records_merged_into_them() {
    let env = Env::new();
    ada_and_king(&env, &["--phone", "+44 20 7946 0999"]);
    env.ok(&["contact", "merge", "ada@example.com", "aking@work.example"]);
    env.ok(&["contact", "forget", "ada", "--yes"]);
    let dump = env.dump();
    let left = found(
        &dump,
        &["Lovelace", "A. King", "aking@work.example", "7946"],
    );
    assert!(left.is_empty(), "{left:?} left behind:\n{dump}");
}

/// The database file itself (and its log) holds neither her name nor her e-mail:
/// secure_delete zeroes what was deleted.
#[test]
fn the_sqlite_file_holds_no_trace_of_her_after_forget() {
    let env = Env::new();
    if env.on_pg() {
        return;
    }
    ada_everywhere(&env);
    let bytes = |env: &Env| {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        drop(conn);
        let mut all = std::fs::read(&env.db).unwrap();
        if let Ok(wal) = std::fs::read(env.db.with_extension("db-wal")) {
            all.extend(wal);
        }
        all
    };
    let hits = |all: &[u8]| -> Vec<&str> {
        [
            "Lovelace",
            "lovelace",
            "ada@example.com",
            "countess@example.org",
            "Bernoulli",
        ]
        .into_iter()
        .filter(|n| all.windows(n.len()).any(|w| w == n.as_bytes()))
        .collect()
    };
    assert_eq!(hits(&bytes(&env)).len(), 5, "the file held her before");
    env.ok(&["contact", "forget", "ada", "--yes"]);
    assert_eq!(hits(&bytes(&env)), Vec::<&str>::new());
    let doctor = env.ok(&["doctor"]);
    assert!(doctor.contains("integrity ok"), "{doctor}");
}

#[test]
fn contact_rm_removes_tasks_keeps_deals_without_her_and_undo_puts_it_back() {
    let env = Env::new();
    ada_everywhere(&env);
    let out = env.ok(&["contact", "rm", "ada", "--yes"]);
    assert!(
        out.contains("1 task(s) removed, 1 deal(s) kept without a contact, 1 case(s)"),
        "{out}"
    );
    let tasks = env.ok(&["task", "list", "--all"]);
    assert!(!tasks.contains("send Ada"), "{tasks}");
    let deals = env.json(&["deal", "list"]);
    assert!(deals[0]["contact_id"].is_null(), "{deals:#}");
    env.ok(&["undo"]);
    let tasks = env.ok(&["task", "list", "--all"]);
    assert!(tasks.contains("send Ada the notes"), "{tasks}");
    let deals = env.json(&["deal", "list"]);
    assert_eq!(deals[0]["contact_id"], 1, "{deals:#}");
}

#[test]
fn purge_empties_the_trash_older_than_the_cut_and_says_how_far_undo_goes() {
    let env = Env::at("2026-01-01T10:00:00Z");
    ada_everywhere(&env);
    env.ok(&["contact", "rm", "ada", "--yes"]);
    let env = env.clocked_at("2026-01-20T10:00:00Z");
    env.ok(&["contact", "edit", "grace", "--title", "Rear Admiral"]);
    // Nineteen days later, a 30-day purge leaves the trash alone.
    let env = env.clocked_at("2026-01-21T10:00:00Z");
    let out = env.ok(&["purge", "--yes"]);
    assert!(out.contains("no removed contacts"), "{out}");
    assert!(env.dump().contains("Lovelace"));
    // Forty days later it goes: without --yes crm only says what would.
    let env = env.clocked_at("2026-02-10T10:00:00Z");
    let err = env.refused(&["purge"]);
    assert!(
        err.contains("would erase everything removed before"),
        "{err}"
    );
    assert!(err.contains("1 contact record, 2 e-mails"), "{err}");
    let out = env.ok(&["purge", "--yes"]);
    let grace_edit = 9;
    assert!(
        out.contains(&format!(
            "crm undo can now go back to change {grace_edit} at most"
        )),
        "{out}"
    );
    // The deal stays as it was when she was removed: unlinked, its title the user's.
    let dump = env.dump().replace("Ada Lovelace renewal", "");
    assert_eq!(
        found(&dump, ADA),
        Vec::<&str>::new(),
        "left behind:\n{dump}"
    );
    let err = env.refused(&["undo", "8"]);
    assert!(err.contains("was erased since"), "{err}");
    env.ok(&["undo", &grace_edit.to_string()]);
    let err = env.fails(&["purge", "--older-than", "soon", "--yes"], 1);
    assert!(err.contains("is not an age"), "{err}");
}

#[test]
fn a_merge_leaves_no_second_record_and_purge_takes_the_rest() {
    let env = Env::at("2026-01-01T10:00:00Z");
    ada_and_king(&env, &[]);
    env.ok(&["contact", "merge", "ada@example.com", "aking@work.example"]);
    assert_eq!(table(&env.dump(), "contacts").len(), 1, "one contact row");
    // Undo still brings the other record back, whole.
    env.ok(&["undo"]);
    let king = env.json(&["contact", "show", "aking@work.example"]);
    assert_eq!(king["name"], "A. King");
    env.ok(&["contact", "merge", "ada@example.com", "aking@work.example"]);
    let env = env.clocked_at("2026-03-01T10:00:00Z");
    env.ok(&["purge", "--yes"]);
    let dump = env.dump();
    assert!(!dump.contains("A. King"), "{dump}");
    // The kept person keeps the e-mail the merge gave her.
    assert!(dump.contains("aking@work.example"));
}

#[test]
fn import_undo_deletes_the_rows_and_stays_undoable() {
    let env = Env::new();
    let csv = env.dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "name,email\nAlan Turing,alan@example.com\nKatherine Johnson,kj@example.com\n",
    )
    .unwrap();
    env.ok(&["import", "contacts", csv.to_str().unwrap()]);
    let list = env.json(&["import", "list"]);
    let id = list[0]["id"].to_string();
    let out = env.ok(&["import", "undo", &id]);
    assert!(out.contains('2'), "{out}");
    assert!(table(&env.dump(), "contacts").is_empty());
    assert!(table(&env.dump(), "contact_emails").is_empty());
    // The undo of the undo puts them back, from the undo log.
    env.ok(&["undo"]);
    let c = env.json(&["contact", "show", "alan@example.com"]);
    assert_eq!(c["name"], "Alan Turing");
}

#[test]
fn export_contact_writes_everything_about_one_person_privately() {
    let env = Env::new();
    ada_everywhere(&env);
    let doc: Value = serde_json::from_str(&env.ok(&["export", "contact", "ada"])).unwrap();
    assert_eq!(doc["contact"]["name"], "Ada Lovelace");
    assert_eq!(doc["contact"]["emails"].as_array().unwrap().len(), 2);
    assert_eq!(doc["contact"]["fields"]["twitter"], "@adalovelace");
    assert_eq!(doc["interactions"].as_array().unwrap().len(), 1);
    assert_eq!(doc["deals"].as_array().unwrap().len(), 1);
    assert_eq!(doc["tasks"].as_array().unwrap().len(), 1);
    assert_eq!(doc["cases"].as_array().unwrap().len(), 1);
    assert!(doc["history"].as_array().unwrap().len() >= 5, "{doc:#}");
    let text = doc.to_string();
    assert!(!text.contains("Grace"), "only Ada: {text}");
    let file = env.dir.path().join("ada.json");
    env.ok(&["export", "contact", "ada", "-o", file.to_str().unwrap()]);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let err = env.fails(&["export", "contact"], 1);
    assert!(err.contains("needs the person"), "{err}");
    let err = env.fails(&["export", "deals", "ada"], 1);
    assert!(err.contains("takes no REF"), "{err}");
}

#[test]
fn purge_keeps_the_tombstone_of_a_forgotten_person() {
    let env = Env::at("2026-01-01T10:00:00Z");
    ada_everywhere(&env);
    env.ok(&["contact", "forget", "ada", "--yes"]);
    let env = env.clocked_at("2026-06-01T10:00:00Z");
    env.ok(&["purge", "--older-than", "0d", "--yes"]);
    let history = env.json(&["history"]);
    let tombstones: Vec<&Value> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["action"] == "forgotten")
        .collect();
    assert_eq!(tombstones.len(), 1, "{history:#}");
    assert_eq!(tombstones[0]["entity_id"], 1);
    // Grace's history is hers and stays.
    assert!(env.ok(&["history", "grace"]).contains("Grace Hopper"));
}

#[test]
fn a_new_contact_never_takes_the_number_of_one_merged_away() {
    let env = Env::at("2026-01-01T10:00:00Z");
    ada_and_king(&env, &[]);
    let king = env.json(&["contact", "show", "aking@work.example"])["id"].clone();
    // The merge deletes the highest contact row; its history stays until purge.
    env.ok(&["contact", "merge", "ada@example.com", "aking@work.example"]);
    env.add_contact("Grace Hopper", "grace@example.com", &[]);
    let grace = env.json(&["contact", "show", "grace@example.com"])["id"].clone();
    assert_ne!(grace, king, "the new contact took the merged one's number");
    let history = env.ok(&["history", "grace@example.com"]);
    assert!(!history.contains("merge"), "{history}");
}
