//! `crm query --mutt` for mail clients, and finding people by any e-mail or a phone number
//! in any format through `query`, `search` and `contact list` (issue 15).

mod common;

use common::Env;

/// A small book: a contact with two e-mails, an accented name with a US phone, a name with
/// a tab in it, a company with a tab in it, and a contact without e-mail.
fn book() -> Env {
    let env = Env::at("2026-11-22T10:00:00Z");
    let config = env.dir.path().join("config/crm");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "default_region = \"US\"\n").unwrap();
    env.ok(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--email",
        "ada@analytical.org",
        "--email",
        "ada.l@home.example",
        "--company",
        "Analytical Engines",
    ]);
    env.ok(&[
        "contact",
        "add",
        "Zoë Ångström",
        "--email",
        "zoe@nordlys.no",
        "--phone",
        "+1 202-555-0169",
        "--lifecycle",
        "retention",
    ]);
    env.ok(&[
        "contact",
        "add",
        "Adam\tSmith",
        "--email",
        "adam@smith.example",
    ]);
    env.ok(&[
        "contact",
        "add",
        "Bo Berg",
        "--email",
        "bo@berg.example",
        "--company",
        "Berg\nand Sons",
    ]);
    env.ok(&[
        "contact",
        "add",
        "Grace Hopper",
        "--phone",
        "(202) 555-0142",
    ]);
    env
}

/// Runs `crm query ARGS`; returns (exit code, stdout, stderr).
fn query(env: &Env, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["query"];
    all.extend_from_slice(args);
    let out = env.cmd(&all).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn mutt_gets_a_status_line_then_one_tab_separated_line_per_email() {
    let env = book();
    assert_eq!(
        query(&env, &["--mutt", "ada"]),
        (
            0,
            "crm: 3 addresses for \"ada\"\n\
             ada@analytical.org\tAda Lovelace\tAnalytical Engines\n\
             ada.l@home.example\tAda Lovelace\tAnalytical Engines\n\
             adam@smith.example\tAdam Smith\tawareness\n"
                .to_string(),
            String::new()
        )
    );
    // Accents folded both ways; no company: the lifecycle.
    for q in ["zoe", "ZOË", "angstrom"] {
        assert_eq!(
            query(&env, &["--mutt", q]).1,
            format!("crm: 1 address for \"{q}\"\nzoe@nordlys.no\tZoë Ångström\tretention\n")
        );
    }
    // A newline in a company cannot break the line.
    assert_eq!(
        query(&env, &["--mutt", "berg"]).1,
        "crm: 1 address for \"berg\"\nbo@berg.example\tBo Berg\tBerg and Sons\n"
    );
}

#[test]
fn the_second_email_finds_its_contact_and_comes_first() {
    let env = book();
    assert_eq!(
        query(&env, &["--mutt", "home"]).1,
        "crm: 2 addresses for \"home\"\n\
         ada.l@home.example\tAda Lovelace\tAnalytical Engines\n\
         ada@analytical.org\tAda Lovelace\tAnalytical Engines\n"
    );
    let hits = env.json(&["search", "home"]);
    assert_eq!(hits[0]["kind"], "contact");
    assert_eq!(hits[0]["label"], "Ada Lovelace");
    assert_eq!(hits[0]["email"], "ada@analytical.org");
    assert_eq!(
        hits[0]["emails"],
        serde_json::json!(["ada@analytical.org", "ada.l@home.example"])
    );
    let listed = env.json(&["contact", "list", "home"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["name"], "Ada Lovelace");
    // After an edit the new second e-mail counts, the old one no longer.
    env.ok(&[
        "contact",
        "edit",
        "1",
        "--email",
        "ada@analytical.org",
        "--email",
        "countess@lovelace.example",
    ]);
    assert_eq!(query(&env, &["--mutt", "home"]).0, 1);
    assert_eq!(env.json(&["search", "countess"])[0]["id"], 1);
}

#[test]
fn a_phone_number_in_any_format_finds_its_contact() {
    let env = book();
    for typed in [
        "+1 202-555-0169",
        "2025550169",
        "(202) 555-0169",
        "202.555.0169",
    ] {
        assert_eq!(
            query(&env, &["--mutt", typed]).1,
            format!("crm: 1 address for \"{typed}\"\nzoe@nordlys.no\tZoë Ångström\tretention\n"),
            "{typed}"
        );
        let hits = env.json(&["search", typed]);
        assert_eq!(hits.as_array().unwrap().len(), 1, "{typed}");
        assert_eq!(hits[0]["label"], "Zoë Ångström");
        assert_eq!(hits[0]["email"], "zoe@nordlys.no");
        let listed = env.json(&["contact", "list", typed]);
        assert_eq!(listed.as_array().unwrap().len(), 1, "{typed}");
        assert_eq!(listed[0]["name"], "Zoë Ångström");
    }
    // Grace has a phone but no e-mail: search finds her, the address lookup has nothing.
    assert_eq!(
        env.json(&["search", "+12025550142"])[0]["label"],
        "Grace Hopper"
    );
    assert_eq!(
        query(&env, &["--mutt", "+12025550142"]),
        (
            1,
            "crm: no match for \"+12025550142\"\n".into(),
            String::new()
        )
    );
}

#[test]
fn json_lists_each_address_with_its_contact() {
    let env = book();
    let got = env.json(&["query", "ada", "--limit", "2"]);
    assert_eq!(
        got,
        serde_json::json!([
            {"email": "ada@analytical.org", "name": "Ada Lovelace", "company": "Analytical Engines",
             "lifecycle": "awareness", "contact_id": 1},
            {"email": "ada.l@home.example", "name": "Ada Lovelace", "company": "Analytical Engines",
             "lifecycle": "awareness", "contact_id": 1}
        ])
    );
    assert_eq!(env.json(&["query", "qzx"]), serde_json::json!([]));
}

#[test]
fn the_limit_bounds_the_lines_and_says_more_exist() {
    let env = book();
    assert_eq!(
        query(&env, &["--mutt", "ada", "--limit", "1"]).1,
        "crm: 1 address for \"ada\" (more with --limit)\n\
         ada@analytical.org\tAda Lovelace\tAnalytical Engines\n"
    );
}

#[test]
fn no_match_and_bad_queries_exit_1_with_the_reason_on_the_status_line() {
    let env = book();
    let before = env.dump();
    assert_eq!(
        query(&env, &["--mutt", "qzx"]),
        (1, "crm: no match for \"qzx\"\n".into(), String::new())
    );
    assert_eq!(
        query(&env, &["--mutt", ""]),
        (
            1,
            "crm: type a few letters of a name, e-mail or company first.\n".into(),
            String::new()
        )
    );
    assert_eq!(
        query(&env, &["--mutt", "ada", "--limit", "0"]),
        (
            1,
            "crm: --limit must be at least 1.\n".into(),
            String::new()
        )
    );
    // Without a format it is an ordinary error.
    let err = env.refused(&["query", "ada"]);
    assert!(err.contains("--mutt"), "{err}");
    let err = env.refused(&["query", "--json", ""]);
    assert!(err.contains("a few letters"), "{err}");
    assert_eq!(env.dump(), before, "a query changes nothing");
}

#[test]
fn a_large_book_is_answered_from_the_index_alone() {
    let env = Env::at("2026-11-22T10:00:00Z");
    env.ok(&[
        "demo",
        "--contacts",
        "2500",
        "--deals",
        "10",
        "--interactions",
        "10",
    ]);
    let first = &env.json(&["contact", "list", "--limit", "1"])[0];
    let email = first["email"].as_str().unwrap().to_string();
    let (code, out, _) = query(&env, &["--mutt", &email]);
    assert_eq!(code, 0, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("crm: "), "{out}");
    assert!(
        lines[1..]
            .iter()
            .any(|l| l.starts_with(&format!("{email}\t"))),
        "{out}"
    );
    // Letters scattered over a name (Aarav Bhat's): `search` reads every row to find them,
    // the lookup, which runs on every Tab, answers from the index alone.
    assert_eq!(
        first["name"], "Aarav Bhat",
        "the demo's first contact changed"
    );
    assert!(!env.json(&["search", "rvbh"]).as_array().unwrap().is_empty());
    assert_eq!(
        query(&env, &["--mutt", "rvbh"]),
        (1, "crm: no match for \"rvbh\"\n".into(), String::new())
    );
    // A common prefix: bounded by the limit, best first.
    let (code, out, _) = query(&env, &["--mutt", "a", "--limit", "5"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 6, "{out}");
    assert!(
        out.starts_with("crm: 5 addresses for \"a\" (more with --limit)\n"),
        "{out}"
    );
}
