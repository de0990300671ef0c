//! `crm export contacts --vdir DIR` and `crm import contacts DIR`: a vdirsyncer/khard-style
//! folder (one card per `.vcf`) goes out and comes back by UID, updating, not duplicating.

mod common;
use common::Env;
use serde_json::Value;
use std::path::Path;

fn vcf_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".vcf"))
        .collect();
    names.sort();
    names
}

fn contact(env: &Env, who: &str) -> Value {
    env.json(&["contact", "show", who])
}

/// A card as khard writes it: its own UID, LF line endings, no trailing newline.
const KHARD_CARD: &str = "BEGIN:VCARD\nVERSION:3.0\nUID:4f1a9c2e-khard\nFN:Grace Hopper\nN:Hopper;Grace;;;\nEMAIL;TYPE=work:grace@navy.example\nTEL;TYPE=cell:+1 555 0100\nTEL;TYPE=home:+1 555 0101\nTITLE:Rear Admiral\nEND:VCARD";

#[test]
fn a_vdir_edited_by_hand_comes_back_as_an_update() {
    let env = Env::new();
    env.ok(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.com",
        "--title",
        "Analyst",
    ]);
    // A contact that arrived from khard with a foreign UID.
    let khard = env.dir.path().join("khard");
    std::fs::create_dir(&khard).unwrap();
    std::fs::write(khard.join("4f1a9c2e-khard.vcf"), KHARD_CARD).unwrap();
    let first = env.json(&["import", "contacts", khard.to_str().unwrap()]);
    assert_eq!(first["created"], 1, "{first}");

    let vdir = env.dir.path().join("contacts");
    let out = env.json(&["export", "contacts", "--vdir", vdir.to_str().unwrap()]);
    assert_eq!(out["exported"], 2, "{out}");
    assert_eq!(out["files"][0]["uid"], "crm-contact-1@crm.local", "{out}");
    let files = vcf_files(&vdir);
    assert_eq!(
        files,
        vec!["4f1a9c2e-khard.vcf", "crm-contact-1@crm.local.vcf"],
        "one file per contact, named by its UID; the foreign UID is kept"
    );
    let grace = std::fs::read_to_string(vdir.join(&files[0])).unwrap();
    assert!(grace.contains("\r\nUID:4f1a9c2e-khard\r\n"), "{grace}");
    assert_eq!(grace.matches("\r\nTEL").count(), 2, "every phone: {grace}");

    // Edited by hand in khard: Ada's title changes.
    let ada_file = vdir.join(&files[1]);
    let ada = std::fs::read_to_string(&ada_file).unwrap();
    assert!(ada.contains("\r\nTITLE:Analyst\r\n"), "{ada}");
    std::fs::write(
        &ada_file,
        ada.replace("TITLE:Analyst", "TITLE:Lead Analyst"),
    )
    .unwrap();

    let back = env.json(&[
        "import",
        "contacts",
        vdir.to_str().unwrap(),
        "--on-duplicate",
        "update",
    ]);
    assert_eq!(
        (back["created"].as_i64(), back["merged"].as_i64()),
        (Some(0), Some(2)),
        "{back}"
    );
    assert_eq!(env.json(&["contact", "list"]).as_array().unwrap().len(), 2);
    assert_eq!(contact(&env, "ada")["title"], "Lead Analyst");
    assert_eq!(contact(&env, "grace")["title"], "Rear Admiral");

    // The same folder again, merged by default: nothing new, and the files keep their names.
    let again = env.json(&["import", "contacts", vdir.to_str().unwrap()]);
    assert_eq!(again["created"], 0, "{again}");
    env.ok(&["export", "contacts", "--vdir", vdir.to_str().unwrap()]);
    assert_eq!(vcf_files(&vdir), files);
}

#[test]
fn a_foreign_uid_finds_its_contact_even_after_the_email_changes() {
    let env = Env::new();
    let dir = env.dir.path().join("book");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("a.vcf"), KHARD_CARD).unwrap();
    env.ok(&["import", "contacts", dir.to_str().unwrap()]);
    let moved = KHARD_CARD.replace("grace@navy.example", "grace@retired.example");
    std::fs::write(dir.join("a.vcf"), moved).unwrap();
    let r = env.json(&[
        "import",
        "contacts",
        dir.to_str().unwrap(),
        "--on-duplicate",
        "update",
    ]);
    assert_eq!(r["created"], 0, "{r}");
    let grace = contact(&env, "grace");
    assert_eq!(
        grace["emails"],
        serde_json::json!(["grace@retired.example"]),
        "{grace}"
    );
}

#[test]
fn bad_vdir_requests_are_refused() {
    let env = Env::new();
    env.ok(&["contact", "add", "Ada Lovelace"]);
    let d = env.dir.path().join("out");
    let err = env.refused(&["export", "deals", "--vdir", d.to_str().unwrap()]);
    assert!(err.contains("--vdir"), "{err}");
    let err = env.refused(&[
        "export",
        "contacts",
        "--format",
        "csv",
        "--vdir",
        d.to_str().unwrap(),
    ]);
    assert!(err.contains("--vdir"), "{err}");
    let empty = env.dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let err = env.refused(&["import", "contacts", empty.to_str().unwrap()]);
    assert!(err.contains("no .vcf files"), "{err}");
}

#[test]
fn a_vdir_from_another_database_does_not_take_over_a_contact_with_the_same_id() {
    let theirs = Env::new();
    theirs.ok(&[
        "contact",
        "add",
        "Grace Hopper",
        "--email",
        "grace@navy.example",
    ]);
    let dir = theirs.dir.path().join("theirs");
    theirs.ok(&["export", "contacts", "--vdir", dir.to_str().unwrap()]);

    let ours = Env::new();
    ours.ok(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.com",
    ]);
    let r = ours.json(&[
        "import",
        "contacts",
        dir.to_str().unwrap(),
        "--on-duplicate",
        "update",
    ]);
    assert_eq!(r["created"], 1, "{r}");
    assert_eq!(contact(&ours, "ada")["name"], "Ada Lovelace");
    assert_eq!(contact(&ours, "grace")["email"], "grace@navy.example");
}
