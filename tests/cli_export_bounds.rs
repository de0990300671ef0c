//! Exports stream and displays are bounded (issue 17): streamed exports keep the listing
//! orders and every custom field; `contact show`, `interaction list` and `history` never
//! read a long body or record image whole, and say where the rest is.

mod common;
use common::Env;
use serde_json::Value;

const NOW: &str = "2026-11-22T10:00:00Z";

#[test]
fn streamed_exports_keep_the_listing_order_and_odd_field_values() {
    let env = Env::at(NOW);
    for (name, email) in [
        ("Zed", "z@example.com"),
        ("Ada", "a@example.com"),
        ("Mo", "m@example.com"),
    ] {
        env.ok(&["contact", "add", name, "--email", email]);
    }
    // Values that a separator-joined list would break: unit and record separators,
    // colons and digits like the length prefixes.
    let odd = "12:x\u{1f}y\u{1e}z:3:";
    env.ok(&["contact", "edit", "ada", "--field", &format!("k:1={odd}")]);
    env.ok(&["contact", "edit", "mo", "--field", "tier=gold"]);
    let csv = env.ok(&["export", "contacts"]);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let head: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    assert!(
        head.ends_with(&["field:k:1".to_string(), "field:tier".to_string()]),
        "{head:?}"
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let names: Vec<&str> = rows.iter().map(|r| r.get(1).unwrap()).collect();
    assert_eq!(names, ["Ada", "Mo", "Zed"]);
    assert_eq!(rows[0].get(head.len() - 2), Some(odd));
    assert_eq!(rows[1].get(head.len() - 1), Some("gold"));
    // JSON export and the listing agree, record for record.
    let exported: Value =
        serde_json::from_str(&env.ok(&["export", "contacts", "--format", "json"])).unwrap();
    let listed = env.json(&["contact", "list"]);
    let ids = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&exported), ids(&listed));
    assert_eq!(exported[0]["fields"]["k:1"], odd);
    // A --where pick streams too, and its header has only the picked contacts' fields.
    let picked = env.ok(&["export", "contacts", "--where", "name = Mo"]);
    assert!(
        picked.starts_with("id,") && picked.contains("field:tier") && !picked.contains("field:k:1"),
        "{picked}"
    );
}

#[test]
fn a_long_body_is_shown_in_part_with_where_the_rest_is() {
    let env = Env::at(NOW);
    env.ok(&["contact", "add", "Ada", "--email", "ada@example.com"]);
    let body = format!("{}é{}", "a".repeat(65535), "b".repeat(200_000));
    env.cmd(&["log", "note", "ada", "long one", "--body", "-"])
        .write_stdin(body.clone())
        .assert()
        .success();
    let id = env.json(&["interaction", "list"])[0]["id"]
        .as_i64()
        .unwrap();

    let shown = env.json(&["contact", "show", "ada"]);
    let cut = shown["interactions"][0]["body"].as_str().unwrap();
    // 64 KiB cut back to a whole character (é straddles the limit), then the note.
    assert!(cut.starts_with(&"a".repeat(65535)), "{}", &cut[..40]);
    assert!(!cut.contains('é'));
    let note = format!(
        "… ({} more bytes; crm interaction show {id})",
        body.len() - 65535
    );
    assert!(cut.ends_with(&note), "{}", &cut[cut.len() - 80..]);
    let listed = env.json(&["interaction", "list", "--contact", "ada"]);
    assert_eq!(listed[0]["body"].as_str(), Some(cut));
    // The table timeline shows the summary, never the body.
    let table = env.ok(&["contact", "show", "ada"]);
    assert!(
        table.len() < 4096 && table.contains("long one"),
        "{}",
        table.len()
    );
    // The interaction itself, and exports, have it all.
    assert_eq!(
        env.json(&["interaction", "show", &id.to_string()])["body"],
        body
    );
    let exported: Value =
        serde_json::from_str(&env.ok(&["export", "interactions", "--format", "json"])).unwrap();
    assert_eq!(exported[0]["body"], body);
    // A short body is whole.
    env.ok(&["log", "note", "ada", "short", "--body", "just this"]);
    assert_eq!(
        env.json(&["contact", "show", "ada"])["interactions"][0]["body"],
        "just this"
    );
}

#[test]
fn history_says_how_long_a_record_too_long_to_show_is() {
    let env = Env::at(NOW);
    env.ok(&["contact", "add", "Ada"]);
    let body = "x".repeat(300_000);
    env.cmd(&["log", "note", "ada", "huge", "--body", "-"])
        .write_stdin(body)
        .assert()
        .success();
    let h = env.json(&["history", "ada"]);
    let added = h
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["entity"] == "interaction")
        .unwrap();
    let n = added["after"]["omitted_bytes"].as_u64().unwrap();
    assert!(n > 300_000, "{added}");
    let table = env.ok(&["history", "ada"]);
    assert!(table.contains("too long to show here"), "{table}");
    assert!(table.len() < 4096);
    // Undo still has the whole record.
    env.ok(&["undo"]);
    assert_eq!(
        env.json(&["interaction", "list"]).as_array().unwrap().len(),
        0
    );
}
