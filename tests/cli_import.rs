//! `crm import` and `crm export` on the real binary: every sample file, broken files,
//! dry run, undo, rejects, round trips and the formula guard.

mod common;
use common::Env;
use serde_json::Value;
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
        .display()
        .to_string()
}

fn contacts(env: &Env) -> Vec<Value> {
    env.json(&["contact", "list"]).as_array().unwrap().clone()
}

fn by_name<'a>(list: &'a [Value], name: &str) -> &'a Value {
    list.iter().find(|c| c["name"] == name).unwrap_or_else(|| {
        panic!(
            "{name} not imported; have {:?}",
            list.iter().map(|c| c["name"].clone()).collect::<Vec<_>>()
        )
    })
}

fn import(env: &Env, args: &[&str]) -> Value {
    let mut a = vec!["import"];
    a.extend_from_slice(args);
    env.json(&a)
}

#[test]
fn linkedin_connections() {
    let env = Env::new();
    let r = import(&env, &["contacts", &fixture("linkedin_connections.csv")]);
    assert_eq!(r["format"], "linkedin");
    assert_eq!(
        (
            r["created"].as_i64(),
            r["merged"].as_i64(),
            r["skipped"].as_i64()
        ),
        (Some(12), Some(1), Some(1)),
        "{r}"
    );
    let list = contacts(&env);
    assert_eq!(list.len(), 12);
    let tomas = by_name(&list, "Tomás Ferreira Lima");
    assert_eq!(tomas["company"], "Northwind Traders, Inc.");
    assert_eq!(tomas["source"], "linkedin");
    by_name(&list, "Dana Whitfield 🌱");
    by_name(&list, "Robert \"Bobby\" Castellanos");
    assert_eq!(
        by_name(&list, "Igor Petrenko")["name"],
        "Igor Petrenko",
        "the TAB in the cell is gone"
    );
}

#[test]
fn google_outlook_hubspot_and_vcard_merge_into_one_address_book() {
    let env = Env::new();
    let g = import(
        &env,
        &[
            "contacts",
            &fixture("google_contacts.csv"),
            "--tag",
            "google",
        ],
    );
    assert_eq!(g["format"], "google");
    assert!(g["rejected"].as_array().unwrap().is_empty());
    let warnings = g["warnings"].to_string();
    assert!(
        warnings.contains("line 13") && warnings.contains("1979-02-29"),
        "the impossible birthday is reported: {warnings}"
    );
    let list = contacts(&env);
    let chen = by_name(&list, "Chen Wei");
    assert_eq!(
        chen["emails"],
        serde_json::json!(["chen.wei@example.net", "studio@weipartners.example"])
    );
    assert!(
        chen["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "Vendors")
            && chen["tags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t == "google")
    );
    let jordan = by_name(&list, "Jordan Ellis");
    assert_eq!(
        jordan["emails"].as_array().unwrap().len(),
        2,
        "the case-variant duplicate is merged"
    );
    let before = list.len();

    let o = import(&env, &["contacts", &fixture("outlook_contacts.csv")]);
    assert_eq!(o["encoding"], "windows-1252");
    assert!(o["merged"].as_i64().unwrap() >= 5, "{o}");
    let h = import(&env, &["contacts", &fixture("hubspot_contacts.csv")]);
    assert_eq!(h["format"], "hubspot");
    let v = import(&env, &["contacts", &fixture("apple_contacts.vcf")]);
    assert_eq!(v["format"], "vcard");
    let list = contacts(&env);
    assert!(
        list.len() < before + 6,
        "people already known are merged, not doubled: {}",
        list.len()
    );
    let zoe = by_name(&list, "Zoë Ærøskøbing");
    assert!(zoe["emails"].as_array().unwrap().len() >= 3, "{zoe}");
    assert!(
        zoe["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "Design"),
        "vCard CATEGORIES become tags: {zoe}"
    );
    assert_eq!(
        by_name(&list, "Lena Brandt")["lifecycle"],
        "retention",
        "HubSpot's lifecycle stage maps to ours"
    );
}

#[test]
fn hubspot_deals_map_their_stages() {
    let env = Env::new();
    import(&env, &["contacts", &fixture("hubspot_contacts.csv")]);
    let r = import(&env, &["deals", &fixture("hubspot_deals.csv")]);
    assert!(r["created"].as_i64().unwrap() >= 7, "{r}");
    let deals = env.json(&["deal", "list"]);
    let deals = deals.as_array().unwrap();
    assert!(deals.iter().any(|d| d["status"] == "won"));
    assert!(deals.iter().any(|d| d["status"] == "lost"));
    assert!(deals
        .iter()
        .any(|d| d["contact"] == "Jordan Ellis" && d["status"] == "open"));
    assert!(deals.iter().all(|d| d["currency"].is_string()));
    // Imported deals move their people through the lifecycle like deals opened by hand.
    let people = contacts(&env);
    assert_eq!(
        by_name(&people, "Robert Castellanos")["lifecycle"],
        "decision"
    );
}

#[test]
fn broken_files_change_nothing_and_say_why() {
    let env = Env::seeded();
    let dir = env.dir.path();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.display().to_string()
    };
    let huge = format!(
        "Name,Email,Notes\nBig,big@example.com,\"{}\"\n",
        "x".repeat(10 << 20)
    );
    let cases: Vec<(String, &str, &str)> = vec![
        (write("empty.csv", b""), "contacts", "empty"),
        (write("header.csv", b"Name,Email\n"), "contacts", "no rows"),
        (write("garbage.csv", &[0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254, 0, 0, 7, 8]), "contacts", ""),
        (write("truncated.csv", b"Name,Email\nAda,\"ada@example.com\nGrace,grace@example.com\n"), "contacts", ""),
        // Issue 10: a short row is padded now (tests/cli_import_columns.rs).
        (write("long.csv", b"Name,Email\nAda,ada@example.org,extra\n"), "contacts", "line 2"),
        (write("email.csv", b"Name,Email\nAda,ada@@example\n"), "contacts", "e-mail"),
        (write("amount.csv", b"Title,Amount,Stage\nBig deal,\"12,34,5\",lead\n"), "deals", "amount"),
        (write("stage.csv", b"Title,Amount,Stage\nBig deal,100,Pending Approval\n"), "deals", "--stage-map"),
        (write("huge.csv", huge.as_bytes()), "contacts", "1 MiB"),
        (write("noend.vcf", b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half Card\r\n"), "contacts", "END:VCARD"),
        (write("qp.vcf", b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE:M=FCller=ZZ\r\nFN;ENCODING=QUOTED-PRINTABLE:M=FCller=ZZ\r\nEND:VCARD\r\n"), "contacts", "quoted-printable"),
    ];
    for (path, entity, says) in cases {
        let before = env.dump();
        let err = env.fails(&["import", entity, &path], 1);
        assert!(
            err.to_lowercase().contains(&says.to_lowercase()),
            "{path}: expected {says:?} in:\n{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(env.dump(), before, "{path} changed the database");
    }
    let err = env.fails(
        &[
            "import",
            "contacts",
            &write("map.csv", b"Name,Mobile\nAda,123\n"),
            "--map",
            "Mobile=fax",
        ],
        1,
    );
    assert!(
        err.contains("phone") && err.contains("email"),
        "the message lists the valid fields: {err}"
    );
}

#[test]
fn dry_run_rejects_file_and_undo() {
    let env = Env::seeded();
    let dir = env.dir.path();
    let file = dir.join("people.csv");
    std::fs::write(&file, "Name;E-mail;Company\nAda Lovelace;ADA@example.com;Analytical Engines\nKatherine Johnson;kj@example.com;NASA\nBad;bad@;X\n").unwrap();
    let f = file.display().to_string();
    let before = env.dump();
    let dry = import(&env, &["contacts", &f, "--dry-run", "--skip-invalid"]);
    assert_eq!(
        (dry["created"].as_i64(), dry["merged"].as_i64()),
        (Some(1), Some(1)),
        "{dry}"
    );
    assert_eq!(dry["dry_run"], true);
    let text = env.ok(&["import", "contacts", &f, "--dry-run", "--skip-invalid"]);
    assert!(
        text.contains("line 3: create Katherine Johnson")
            && text.contains("line 2: merge Ada Lovelace into #1"),
        "{text}"
    );
    assert!(text.contains("Dry run, nothing written"), "{text}");
    assert_eq!(env.dump(), before, "a dry run writes nothing");

    let rejects = dir.join("rejects.csv");
    let r = import(
        &env,
        &[
            "contacts",
            &f,
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
            "--tag",
            "batch1",
        ],
    );
    assert_eq!(r["rejected"][0]["line"], 4);
    assert_eq!(
        std::fs::read_to_string(&rejects).unwrap(),
        "Name;E-mail;Company\nBad;bad@;X\n",
        "rejects keep the input's format"
    );
    let kj = env.json(&["contact", "show", "kj@example.com"]);
    assert_eq!(kj["company"], "NASA");
    assert_eq!(kj["tags"], serde_json::json!(["batch1"]));
    let ada = env.json(&["contact", "show", "ada"]);
    assert!(
        ada["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "batch1"),
        "merged rows get the tag too"
    );
    let id = r["import"].as_i64().unwrap().to_string();
    assert!(env.ok(&["import", "list"]).contains("people.csv"));
    env.ok(&["import", "undo", &id]);
    assert_eq!(
        env.json(&["contact", "show", "ada"])["tags"],
        serde_json::json!(["vip"]),
        "the merged contact is restored"
    );
    env.fails(&["contact", "show", "kj@example.com"], 1);
    env.fails(&["import", "undo", &id], 1);
}

fn normalized(env: &Env, what: &str) -> Vec<Value> {
    let mut items: Vec<Value> = env
        .json(&["export", what, "--format", "json"])
        .as_array()
        .unwrap()
        .clone();
    for v in &mut items {
        let o = v.as_object_mut().unwrap();
        for k in [
            "id",
            "contact_id",
            "company_id",
            "deal_id",
            "created_at",
            "updated_at",
            "closed_at",
            "done_at",
            // How often a record was edited is not part of what an export carries.
            "version",
        ] {
            o.remove(k);
        }
    }
    items.sort_by_key(|v| v.to_string());
    items
}

fn rich() -> Env {
    let env = Env::seeded();
    env.ok(&[
        "contact",
        "edit",
        "ada",
        "--phone",
        "+44 20 7946 0000",
        "--title",
        "Countess",
        "--field",
        "born=1815",
        "--note",
        "first programmer, loves \"engines\"; also poetry",
    ]);
    env.ok(&[
        "contact",
        "add",
        "=cmd|' /C calc'!A0",
        "--email",
        "eve@example.com",
    ]);
    env.ok(&[
        "deal",
        "add",
        "Yen deal",
        "--contact",
        "grace",
        "--value",
        "150000",
        "--currency",
        "JPY",
        "--close",
        "2026-12-24",
        "--probability",
        "40",
    ]);
    env.ok(&["deal", "lost", "2", "--reason", "timing"]);
    env.ok(&[
        "log-call",
        "ada",
        "talked pricing",
        "--duration",
        "30m",
        "--deal",
        "1",
        "--at",
        "2026-11-20 10:00",
    ]);
    env.ok(&[
        "log",
        "feedback",
        "grace",
        "great, thanks",
        "--score",
        "9",
        "--at",
        "2026-11-21 09:00",
    ]);
    env.ok(&[
        "task",
        "add",
        "Send contract",
        "--contact",
        "ada",
        "--due",
        "2026-12-01",
    ]);
    // Two people with one name: rows must find them by e-mail, not by name.
    env.ok(&["contact", "add", "Li Yan", "--email", "li.yan@one.example"]);
    env.ok(&["contact", "add", "Li Yan", "--email", "li.yan@two.example"]);
    env.ok(&[
        "log-call",
        "li.yan@two.example",
        "the second Li Yan",
        "--at",
        "2026-11-19 09:00",
    ]);
    env.ok(&[
        "deal",
        "add",
        "Same title",
        "--contact",
        "li.yan@one.example",
        "--value",
        "5",
    ]);
    env.ok(&[
        "deal",
        "add",
        "Same title",
        "--contact",
        "li.yan@one.example",
        "--value",
        "7",
    ]);
    env
}

#[test]
fn json_round_trip_gives_back_everything() {
    let a = rich();
    a.ok(&[
        "stage",
        "add",
        "discovery",
        "--probability",
        "30",
        "--position",
        "2",
    ]);
    a.ok(&[
        "deal",
        "add",
        "Custom stage deal",
        "--contact",
        "ada",
        "--stage",
        "discovery",
        "--value",
        "10",
    ]);
    a.ok(&[
        "deal",
        "add",
        "Engine design",
        "--contact",
        "ada",
        "--value",
        "20",
        "--currency",
        "EUR",
    ]);
    a.ok(&["deal", "move", "1", "proposal"]);
    a.ok(&["deal", "won", "1"]);
    let file = a.dir.path().join("all.json");
    a.ok(&["export", "all", "-o", file.to_str().unwrap()]);
    let b = Env::new();
    b.ok(&["import", "all", file.to_str().unwrap()]);
    for what in ["contacts", "deals", "interactions", "tasks"] {
        assert_eq!(
            normalized(&a, what),
            normalized(&b, what),
            "{what} differ after the round trip"
        );
    }
    // Times and paths come back too: the funnel (from stage history) and cycle are the same.
    let times = |env: &Env, what: &str| -> Vec<(Value, Value)> {
        let mut v: Vec<_> = env
            .json(&["export", what, "--format", "json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|x| (x["created_at"].clone(), x["closed_at"].clone()))
            .collect();
        v.sort_by_key(|x| x.0.to_string());
        v
    };
    assert_eq!(times(&a, "deals"), times(&b, "deals"));
    assert_eq!(times(&a, "contacts"), times(&b, "contacts"));
    assert_eq!(a.json(&["report", "funnel"]), b.json(&["report", "funnel"]));
    assert_eq!(
        a.json(&["company", "list"]).as_array().unwrap().len(),
        b.json(&["company", "list"]).as_array().unwrap().len()
    );
    let nd = a.dir.path().join("all.ndjson");
    a.ok(&[
        "export",
        "all",
        "--format",
        "ndjson",
        "-o",
        nd.to_str().unwrap(),
    ]);
    let c = Env::new();
    c.ok(&["import", "all", nd.to_str().unwrap()]);
    assert_eq!(normalized(&a, "deals"), normalized(&c, "deals"));
    assert_eq!(a.json(&["report", "funnel"]), c.json(&["report", "funnel"]));
}

#[test]
fn csv_round_trip_of_contacts_deals_interactions_and_tasks() {
    let a = rich();
    a.ok(&[
        "task",
        "add",
        "Done already",
        "--contact",
        "grace",
        "--due",
        "2026-11-01",
    ]);
    a.ok(&["task", "done", "2"]);
    let dir = a.dir.path();
    for what in ["contacts", "deals", "interactions", "tasks"] {
        a.ok(&[
            "export",
            what,
            "-o",
            dir.join(format!("{what}.csv")).to_str().unwrap(),
        ]);
    }
    let b = Env::new();
    for what in ["contacts", "deals", "interactions", "tasks"] {
        b.ok(&[
            "import",
            what,
            dir.join(format!("{what}.csv")).to_str().unwrap(),
        ]);
    }
    let strip = |mut v: Vec<Value>| {
        for c in &mut v {
            c.as_object_mut().unwrap().remove("source");
            c.as_object_mut().unwrap().remove("last_contact_at");
        }
        v
    };
    assert_eq!(
        strip(normalized(&a, "contacts")),
        strip(normalized(&b, "contacts"))
    );
    assert_eq!(normalized(&a, "deals"), normalized(&b, "deals"));
    assert_eq!(
        normalized(&a, "interactions"),
        normalized(&b, "interactions")
    );
    assert_eq!(normalized(&a, "tasks"), normalized(&b, "tasks"));
    let done = |env: &Env| {
        env.json(&["task", "list", "--all"])
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["done"] == true)
            .count()
    };
    assert_eq!(done(&b), 1, "a done task comes back done");
}

#[test]
fn vcard_round_trip_of_contacts() {
    let a = rich();
    let file = a.dir.path().join("people.vcf");
    a.ok(&[
        "export",
        "contacts",
        "--format",
        "vcard",
        "-o",
        file.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n"));
    let b = Env::new();
    b.ok(&["import", "contacts", file.to_str().unwrap()]);
    // Everything a contact holds comes back, crm's own X-CRM properties included.
    let pick = |env: &Env| -> Vec<Value> {
        let mut v: Vec<Value> = contacts(env)
            .into_iter()
            .map(|c| {
                serde_json::json!([
                    c["name"],
                    c["emails"],
                    c["phones"],
                    c["company"],
                    c["tags"],
                    c["title"],
                    c["lifecycle"],
                    c["source"],
                    c["notes"],
                    c["fields"],
                    c["created_at"].as_str().map(|t| &t[..10])
                ])
            })
            .collect();
        v.sort_by_key(|x| x.to_string());
        v
    };
    assert_eq!(pick(&a), pick(&b));
    assert_eq!(
        b.json(&["contact", "show", "ada@example.com"])["fields"]["born"],
        "1815",
        "custom fields come back"
    );
    let v4 = a.ok(&["export", "contacts", "--format", "vcard", "--vcard4"]);
    assert!(v4.contains("VERSION:4.0"));
}

#[test]
fn csv_export_guards_formulas_unless_raw() {
    let env = rich();
    let csv = env.ok(&["export", "contacts"]);
    assert!(csv.contains("'=cmd|"), "{csv}");
    let raw = env.ok(&["export", "contacts", "--raw"]);
    assert!(raw.contains(",=cmd|") || raw.contains(",\"=cmd|"), "{raw}");
    let ics = env.ok(&["export", "tasks", "--format", "ics"]);
    assert!(
        ics.contains("BEGIN:VEVENT")
            && ics.contains("SUMMARY:Send contract")
            && ics.contains("\r\n")
    );
    let todo = env.ok(&["export", "tasks", "--format", "ics", "--todo"]);
    assert!(todo.contains("BEGIN:VTODO"));
    let nd = env.ok(&["export", "interactions", "--format", "ndjson"]);
    assert_eq!(nd.lines().count(), 3);
    let err = env.fails(&["export", "deals", "--format", "vcard"], 1);
    assert!(err.contains("vCard is for contacts"));
}

#[test]
fn undo_never_loses_later_work() {
    let env = Env::seeded();
    let file = env.dir.path().join("later.csv");
    std::fs::write(&file, "Name,Email,Company\nAda Lovelace,ada@example.com,Analytical Engines\nKatherine Johnson,kj@example.com,NASA\nDorothy Vaughan,dv@example.com,NASA\nEdith Clarke,ec@example.com,GE\n").unwrap();
    let r = import(
        &env,
        &["contacts", file.to_str().unwrap(), "--tag", "later"],
    );
    let id = r["import"].as_i64().unwrap().to_string();
    // After the import: Ada (merged) and Katherine (created) are worked on; Dorothy is not.
    env.ok(&["contact", "edit", "ada", "--title", "Countess"]);
    env.ok(&["log-call", "kj@example.com", "welcome call"]);
    env.ok(&["contact", "edit", "ec@example.com", "--title", "Engineer"]);
    let out = env.ok(&["import", "undo", &id]);
    assert!(
        out.contains("1 record(s) removed") && out.contains("3 changed since the import"),
        "{out}"
    );
    assert_eq!(
        env.json(&["contact", "show", "ec@example.com"])["title"],
        "Engineer",
        "an edit in the same second still counts"
    );
    let ada = env.json(&["contact", "show", "ada"]);
    assert_eq!(ada["title"], "Countess", "the later edit survives");
    assert!(
        ada["tags"].as_array().unwrap().iter().any(|t| t == "later"),
        "a changed contact is left as it is"
    );
    assert_eq!(
        env.json(&["contact", "show", "kj@example.com"])["interactions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    env.fails(&["contact", "show", "dv@example.com"], 1);
}

#[test]
fn rows_refused_after_parsing_reach_the_rejects_file_and_stdin_works() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::seeded();
    let file = env.dir.path().join("deals.csv");
    std::fs::write(&file, "Title,Amount,Stage,Contact\nGood,100,lead,ada\nBad amount,\"12,34,5\",lead,ada\nNo such stage,5,Limbo,ada\n").unwrap();
    let rejects = env.dir.path().join("bad-deals.csv");
    let r = import(
        &env,
        &[
            "deals",
            file.to_str().unwrap(),
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert_eq!(r["created"], 1);
    assert_eq!(r["rejected"].as_array().unwrap().len(), 2);
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert_eq!(
        text,
        "Title,Amount,Stage,Contact\nBad amount,\"12,34,5\",lead,ada\nNo such stage,5,Limbo,ada\n"
    );
    assert_eq!(
        std::fs::metadata(&rejects).unwrap().permissions().mode() & 0o777,
        0o600
    );

    env.cmd(&["import", "contacts", "-"])
        .write_stdin("Name,Email\nPiped Person,piped@example.com\n")
        .assert()
        .success();
    assert_eq!(
        env.json(&["contact", "show", "piped@example.com"])["name"],
        "Piped Person"
    );
}
