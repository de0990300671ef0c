//! Imports and typed-in text stay bounded: bad rows are counted and streamed to
//! `--rejects`, not kept; every text has a limit; control characters never get in.

mod common;
use common::Env;
use std::os::unix::fs::PermissionsExt;

const MIB: usize = 1024 * 1024;

/// An environment whose database exists (so "unchanged" means something).
fn fresh() -> Env {
    let env = Env::new();
    env.ok(&["contact", "list"]);
    env
}

fn write(env: &Env, name: &str, text: &str) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// A CSV whose every row has a cell past the header: all of them bad.
fn all_bad(rows: usize) -> String {
    let mut csv = String::from("name,email\n");
    for i in 0..rows {
        csv.push_str(&format!("Person {i},p{i}@example.com,extra\n"));
    }
    csv
}

#[test]
fn bad_rows_are_counted_and_streamed_to_rejects_not_kept() {
    let env = fresh();
    let file = write(&env, "bad.csv", &all_bad(3000));
    let err = env.refused(&["import", "contacts", &file]);
    assert!(
        err.contains("3000 row(s) cannot be imported; nothing was written"),
        "{err}"
    );
    assert!(err.contains("… and 2950 more"), "{err}");
    assert_eq!(err.matches("line ").count(), 50, "{err}");

    let rejects = env.dir.path().join("rejects.csv");
    let r = env.json(&[
        "import",
        "contacts",
        &file,
        "--skip-invalid",
        "--rejects",
        rejects.to_str().unwrap(),
    ]);
    assert_eq!(r["rejected_total"], 3000);
    assert_eq!(r["rejected"].as_array().unwrap().len(), 1000);
    assert_eq!(r["rejected"][0]["line"], 2);
    assert_eq!(r["created"], 0);
    let written = std::fs::read_to_string(&rejects).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines.len(), 3001, "the header and every bad row");
    assert_eq!(lines[0], "name,email");
    assert_eq!(lines[3000], "Person 2999,p2999@example.com,extra");
    let mode = std::fs::metadata(&rejects).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_failed_import_leaves_no_rejects_file() {
    let env = fresh();
    let file = write(&env, "open.csv", "name,email\nAda,ada@example.com\n\"open");
    let rejects = env.dir.path().join("rejects.csv");
    let json = write(&env, "broken.json", "[{\"name\":\"Ada\"},");
    let out = env
        .cmd(&[
            "import",
            "contacts",
            &json,
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!rejects.exists(), "nothing imported, no rejects file");
    // A bad row that --skip-invalid leaves out still reaches the file.
    env.ok(&[
        "import",
        "contacts",
        &file,
        "--skip-invalid",
        "--rejects",
        rejects.to_str().unwrap(),
    ]);
    assert!(std::fs::read_to_string(&rejects).unwrap().contains("open"));
}

fn document(notes: &str) -> String {
    let contacts = serde_json::json!([
        {"id": 1, "name": "Ada Lovelace", "notes": notes},
        {"id": 2, "name": "Grace \u{1b}]0;owned\u{7} Hopper\u{202e}", "notes": "line 1\n\tline 2\u{1b}[31m\u{85}"},
    ]);
    let interactions = serde_json::json!([
        {"id": 1, "contact_id": 2, "kind": "call", "summary": "Hi \u{1b}[2J there", "occurred_at": "2026-11-01T10:00:00Z", "body": "a\r\nb\u{7f}"},
        {"id": 2, "contact_id": 1, "kind": "call", "summary": "Lost with Ada", "occurred_at": "2026-11-01T11:00:00Z"},
    ]);
    // Interactions before contacts, as crm's older exports (sorted keys) have them.
    format!("{{\"interactions\": {interactions}, \"contacts\": {contacts}}}")
}

#[test]
fn import_all_refuses_a_text_over_1_mib_and_a_record_over_4_mib_by_name() {
    for size in [MIB + 1, 5 * MIB] {
        let env = fresh();
        let file = write(&env, "all.json", &document(&"n".repeat(size)));
        let err = env.refused(&["import", "all", &file]);
        assert!(
            err.contains("line 1, column notes: the text"),
            "{size}: {err}"
        );
        assert!(err.contains("1 MiB"), "{err}");
        let r = env.json(&["import", "all", &file, "--skip-invalid"]);
        assert_eq!(r["created"], 2, "{r}");
        assert_eq!(r["rejected_total"], 2, "Ada and her interaction: {r}");
        let list = env.json(&["contact", "list"]);
        assert_eq!(list.as_array().unwrap().len(), 1);
    }
}

#[test]
fn import_all_strips_control_characters_like_csv() {
    let env = fresh();
    let file = write(&env, "all.json", &document("short"));
    env.ok(&["import", "all", &file]);
    let list = env.json(&["contact", "list"]);
    let grace = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"].as_str().unwrap().starts_with("Grace"))
        .unwrap()
        .clone();
    assert_eq!(grace["name"], "Grace ]0;owned Hopper");
    let shown = env.json(&["contact", "show", "Grace"]);
    let text = shown.to_string();
    assert!(
        !text.contains("\\u001b") && !text.contains("\\u202e"),
        "{text}"
    );
    assert!(text.contains("line 1\\n\\tline 2[31m"), "{text}");
    let history = env.json(&["interaction", "list"]);
    let text = history.to_string();
    assert!(text.contains("Hi [2J there"), "{text}");
    assert!(text.contains("a\\nb"), "{text}");
    assert!(
        !text.contains("\\u001b") && !text.contains("\\u007f"),
        "{text}"
    );
}

#[test]
fn body_from_standard_input_is_bounded_and_cleaned() {
    let env = fresh();
    env.ok(&["contact", "add", "Ada Lovelace"]);
    let before = env.dump();
    let out = env
        .cmd(&["log-call", "Ada", "Call", "--body", "-"])
        .write_stdin(vec![b'x'; MIB + 1])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("over the limit of 1 MiB"), "{err}");
    assert_eq!(env.dump(), before, "nothing was written");

    let mut body = "ok\tline\n\u{1b}]52;c;aGk=\u{7}next\u{9b}".to_string();
    body.push_str(&"y".repeat(MIB - body.len() - 10));
    env.cmd(&["log-call", "Ada", "Call", "--body", "-"])
        .write_stdin(body)
        .assert()
        .success();
    let list = env.json(&["interaction", "list"]);
    let stored = list[0]["body"].as_str().unwrap();
    assert!(
        stored.starts_with("ok\tline\n]52;c;aGk=next"),
        "{}",
        &stored[..40]
    );
    // Typed on the command line too.
    env.ok(&["log-note", "Ada", "Typed", "--body", "a\u{1b}[31mb"]);
    let text = env.json(&["interaction", "list"]).to_string();
    assert!(
        text.contains("a[31mb") && !text.contains("\\u001b"),
        "{text}"
    );
}

#[test]
fn a_header_of_100000_columns_is_refused_by_its_size() {
    let env = fresh();
    let header: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    let file = write(&env, "wide.csv", &format!("{}\nv\n", header.join(",")));
    let err = env.refused(&["import", "contacts", &file]);
    assert!(
        err.contains("the header row has 100,000 columns; crm reads at most 10,000"),
        "{err}"
    );
    let long: Vec<String> = (0..5000).map(|i| format!("column number {i}")).collect();
    let file = write(&env, "long.csv", &format!("{}\nv\n", long.join(",")));
    let err = env.refused(&["import", "contacts", &file]);
    assert!(err.contains("longer than 64 KiB"), "{err}");
}

#[test]
fn a_giant_csv_cell_refuses_its_row_only() {
    let env = fresh();
    let csv = format!("name,notes\nAda,\"{}\"\nGrace,short\n", "z".repeat(3 * MIB));
    let file = write(&env, "big.csv", &csv);
    let err = env.refused(&["import", "contacts", &file]);
    assert!(
        err.contains("line 2, column notes: cell is larger than 1 MiB"),
        "{err}"
    );
    let r = env.json(&["import", "contacts", &file, "--skip-invalid"]);
    assert_eq!(r["created"], 1);
}
