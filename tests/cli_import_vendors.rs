//! A freelancer moving from Pipedrive or HubSpot: deals and activities into an empty
//! database create their people, vendor stages map, and undo takes it all back. Every
//! file is built here, with headers as the vendors' exports write them.

mod common;
use common::Env;
use serde_json::Value;

fn write(env: &Env, name: &str, text: &str) -> String {
    let p = env.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn list(env: &Env, what: &str) -> Vec<Value> {
    env.json(&[what, "list"]).as_array().unwrap().clone()
}

fn names(items: &[Value], key: &str) -> Vec<String> {
    let mut v: Vec<String> = items
        .iter()
        .map(|i| i[key].as_str().unwrap_or("").to_string())
        .collect();
    v.sort();
    v
}

/// Everything crm holds, as `crm export all` writes it (a soft-deleted contact is gone).
fn data(env: &Env) -> String {
    env.ok(&["export", "all"])
}

const HUBSPOT_DEALS: &str = "\"Record ID\",\"Deal Name\",\"Deal Stage\",\"Close Date\",\"Amount\",\"Pipeline\",\"Associated Company\",\"Associated Contact\"\n\
\"1\",\"Logo\",\"Appointment Scheduled\",\"2026-02-01 00:00\",\"1200\",\"Sales Pipeline\",\"Acme Ltd\",\"Noor Haddad\"\n\
\"2\",\"Site\",\"qualifiedtobuy\",\"\",\"800\",\"Sales Pipeline\",\"Acme Ltd\",\"Noor Haddad\"\n\
\"3\",\"Audit\",\"decisionmakerboughtin\",\"\",\"300\",\"Sales Pipeline\",\"\",\"ivo@example.org\"\n\
\"4\",\"Retainer\",\"Closed Won\",\"\",\"5000\",\"Sales Pipeline\",\"Beta GmbH\",\"Kai Berg\"\n";

#[test]
fn hubspot_deals_into_an_empty_database_create_their_people_and_undo_removes_them() {
    let env = Env::new();
    let empty = {
        env.ok(&["contact", "list"]);
        data(&env)
    };
    let file = write(&env, "deals.csv", HUBSPOT_DEALS);
    let r = env.json(&["import", "deals", &file]);
    assert_eq!(r["rejected"], serde_json::json!([]), "{r}");
    let people = list(&env, "contact");
    assert_eq!(
        names(&people, "name"),
        ["Kai Berg", "Noor Haddad", "ivo@example.org"]
    );
    let noor = people.iter().find(|c| c["name"] == "Noor Haddad").unwrap();
    assert_eq!(noor["company"], "Acme Ltd");
    let ivo = people
        .iter()
        .find(|c| c["name"] == "ivo@example.org")
        .unwrap();
    assert_eq!(ivo["emails"][0], "ivo@example.org");
    let deals = list(&env, "deal");
    assert_eq!(deals.len(), 4);
    let stage = |t: &str| {
        let d = deals.iter().find(|d| d["title"] == t).unwrap();
        (
            d["stage"].as_str().unwrap().to_string(),
            d["status"].clone(),
        )
    };
    assert_eq!(stage("Logo").0, "lead");
    assert_eq!(stage("Site").0, "qualified");
    assert_eq!(stage("Audit").0, "negotiation");
    assert_eq!(stage("Retainer").1, "won");
    // Both Noor deals went to one contact.
    assert!(deals
        .iter()
        .filter(|d| d["contact"] == "Noor Haddad")
        .all(|d| d["contact_id"] == deals[0]["contact_id"] || d["title"] != "Logo"));
    let id = r["import"].as_i64().unwrap().to_string();
    env.ok(&["import", "undo", &id]);
    assert!(list(&env, "contact").is_empty());
    assert!(list(&env, "company").is_empty());
    assert_eq!(data(&env), empty);
}

#[test]
fn no_create_refuses_rows_whose_contact_is_missing() {
    let env = Env::new();
    env.ok(&["contact", "list"]);
    let file = write(&env, "deals.csv", HUBSPOT_DEALS);
    let err = env.refused(&["import", "deals", &file, "--no-create"]);
    assert!(err.contains("line 2, column contact"), "{err}");
    assert!(err.contains("Noor Haddad"), "{err}");
}

#[test]
fn a_name_two_contacts_share_is_an_error_with_line_and_column() {
    let env = Env::new();
    env.ok(&["contact", "add", "Sam Lee", "--email", "sam1@example.com"]);
    env.ok(&["contact", "add", "Sam Lee", "--email", "sam2@example.com"]);
    let file = write(
        &env,
        "deals.csv",
        "Deal Name,Deal Stage,Associated Contact\nWork,closedwon,Kim Lo\nMore,closedwon,Sam Lee\n",
    );
    let err = env.refused(&["import", "deals", &file]);
    assert!(err.contains("line 3, column contact"), "{err}");
    assert!(err.contains("matches 2 contacts"), "{err}");
}

#[test]
fn pipedrive_default_stages_map_and_unknown_ones_need_a_map_or_create_stages() {
    let env = Env::new();
    let file = write(
        &env,
        "pd.csv",
        "Deal - Title,Deal - Value,Deal - Currency,Deal - Stage,Deal - Status,Deal - Contact person,Deal - Organization\n\
         A,10,EUR,Lead In,Open,Ana Ruiz,Ruiz SL\n\
         B,20,EUR,Contact Made,Open,Ana Ruiz,Ruiz SL\n\
         C,30,EUR,Demo Scheduled,Open,Ana Ruiz,Ruiz SL\n\
         D,40,EUR,Proposal Made,Open,Ana Ruiz,Ruiz SL\n\
         E,50,EUR,Negotiations Started,Won,Ana Ruiz,Ruiz SL\n",
    );
    env.ok(&["import", "deals", &file]);
    let deals = list(&env, "deal");
    let stage = |t: &str| {
        deals.iter().find(|d| d["title"] == t).unwrap()["stage"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        ["A", "B", "C", "D", "E"].map(stage),
        ["lead", "lead", "qualified", "proposal", "negotiation"]
    );
    assert_eq!(list(&env, "contact").len(), 1, "one Ana for five deals");

    let odd = write(
        &env,
        "odd.csv",
        "Deal - Title,Deal - Stage,Deal - Contact person\nF,Pilot,Ana Ruiz\nG,Onboarding,Ana Ruiz\nH,Pilot,Ana Ruiz\n",
    );
    let err = env.refused(&["import", "deals", &odd]);
    assert!(err.contains("line 2, column stage"), "{err}");
    assert!(
        err.contains("--stage-map") && err.contains("--create-stages"),
        "{err}"
    );

    // A map to a stage we do not have names that stage, not the file's.
    let err = env.refused(&["import", "deals", &odd, "--stage-map", "Pilot=trial"]);
    assert!(err.contains("\"trial\""), "{err}");
    assert!(!err.contains("unknown stage \"Pilot\""), "{err}");

    let before = data(&env);
    let r = env.json(&["import", "deals", &odd, "--create-stages"]);
    let stages: Vec<String> = list(&env, "stage")
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        stages[stages.len() - 2..],
        ["Pilot".to_string(), "Onboarding".to_string()]
    );
    let id = r["import"].as_i64().unwrap().to_string();
    env.ok(&["import", "undo", &id]);
    assert_eq!(data(&env), before, "the stages it added go with the undo");
}

#[test]
fn vendor_activity_and_note_exports_import_as_interactions() {
    let env = Env::at("2026-03-01T12:00:00Z");
    // HubSpot's calls export, by label.
    let calls = write(
        &env,
        "calls.csv",
        "Record ID,Call Title,Call notes,Activity date,Call direction,Associated Contact\n\
         1,Intro call,Talked budget,2026-01-10 09:30,INBOUND,Noor Haddad\n",
    );
    // HubSpot's notes and e-mails, by internal name.
    let notes = write(
        &env,
        "notes.csv",
        "hs_object_id,hs_note_body,hs_timestamp,associated_contact\n\
         7,\"Prefers e-mail\nafter 5pm\",2026-01-11 10:00,noor@example.com\n",
    );
    let emails = write(
        &env,
        "emails.csv",
        "hs_email_subject,hs_email_text,hs_email_direction,hs_timestamp,Associated Contact\n\
         Quote,Here it is,INCOMING_EMAIL,2026-01-12 08:00,Noor Haddad\n",
    );
    // Pipedrive's activities and notes.
    let activities = write(
        &env,
        "act.csv",
        "Activity - Subject,Activity - Type,Activity - Due date,Activity - Note,Activity - Contact person\n\
         Kickoff,Meeting,2026-01-13,Agenda attached,Kai Berg\n\
         Send invoice,Task,2026-01-15,,Kai Berg\n",
    );
    let pd_notes = write(
        &env,
        "pdnotes.csv",
        "Note - Content,Note - Add time,Note - Person\nSent the contract,2026-01-14 16:00:00,Kai Berg\n",
    );
    for f in [&calls, &notes, &emails, &activities, &pd_notes] {
        let r = env.json(&["import", "interactions", f]);
        assert_eq!(r["rejected"], serde_json::json!([]), "{f}: {r}");
    }
    let all = list(&env, "interaction");
    let get = |summary: &str| {
        all.iter()
            .find(|i| i["summary"] == summary)
            .unwrap_or_else(|| panic!("{summary} missing: {all:?}"))
            .clone()
    };
    let call = get("Intro call");
    assert_eq!(call["kind"], "call");
    assert_eq!(call["direction"], "in");
    assert_eq!(call["contact"], "Noor Haddad");
    assert_eq!(get("Prefers e-mail")["kind"], "note");
    let mail = get("Quote");
    assert_eq!(
        (mail["kind"].clone(), mail["direction"].clone()),
        ("email".into(), "in".into())
    );
    assert_eq!(get("Kickoff")["kind"], "meeting");
    assert_eq!(get("Send invoice")["kind"], "note");
    assert_eq!(get("Sent the contract")["kind"], "note");
    // Noor by name, then by e-mail (a second contact: the name had no address yet), Kai.
    assert_eq!(
        names(&list(&env, "contact"), "name"),
        ["Kai Berg", "Noor Haddad", "noor@example.com"]
    );
}

#[test]
fn undo_of_a_file_that_merges_into_itself_restores_the_database_exactly() {
    let env = Env::new();
    env.ok(&["contact", "list"]);
    let empty = data(&env);
    let file = write(
        &env,
        "hubspot-crm-exports-all-contacts-2026-01-01.csv",
        "\"Record ID\",\"First Name\",\"Last Name\",\"Email\",\"Phone Number\",\"Company Name\"\n\
         \"1\",\"Jordan\",\"Ellis\",\"jordan@example.com\",\"\",\"Ellis Design\"\n\
         \"2\",\"Jordan\",\"Ellis\",\"JORDAN@example.com\",\"+1 555 0100\",\"Ellis Design\"\n\
         \"3\",\"Mira\",\"Okonkwo\",\"\",\"+44 20 7946 0000\",\"\"\n",
    );
    let r = env.json(&["import", "contacts", &file]);
    assert_eq!(
        (r["created"].clone(), r["merged"].clone()),
        (2.into(), 1.into())
    );
    let id = r["import"].as_i64().unwrap().to_string();
    let out = env.ok(&["import", "undo", &id]);
    assert!(!out.contains("changed since"), "{out}");
    assert_eq!(data(&env), empty);
}

#[test]
fn organisation_exports_import_as_companies_and_undo_restores_them() {
    let env = Env::new();
    env.ok(&["company", "add", "Acme Ltd"]);
    let empty = data(&env);
    let hubspot = write(
        &env,
        "hubspot-crm-exports-all-companies-2026-01-01.csv",
        "\"Record ID\",\"Company name\",\"Company Domain Name\",\"Industry\",\"Number of Employees\",\"City\",\"Country/Region\",\"Description\"\n\
         \"1\",\"Acme Ltd\",\"acme.example\",\"Manufacturing\",\"1,200\",\"Leeds\",\"United Kingdom\",\"Widgets\"\n",
    );
    let pipedrive = write(
        &env,
        "organizations.csv",
        "Organization - Name,Organization - Address,Organization - Website,Organization - Industry\n\
         Ruiz SL,\"Calle 1, Madrid\",https://www.ruiz.example/es,Retail\n",
    );
    let r1 = env.json(&["import", "companies", &hubspot]);
    assert_eq!(
        (r1["created"].clone(), r1["merged"].clone()),
        (0.into(), 1.into())
    );
    let r2 = env.json(&["import", "companies", &pipedrive]);
    assert_eq!(r2["created"], 1);
    let list = list(&env, "company");
    let get = |n: &str| list.iter().find(|c| c["name"] == n).unwrap().clone();
    let acme = get("Acme Ltd");
    assert_eq!(acme["domain"], "acme.example");
    assert_eq!(acme["industry"], "Manufacturing");
    assert_eq!(acme["size"], "large");
    assert_eq!(acme["notes"], "Widgets\nAddress: Leeds, United Kingdom");
    let ruiz = get("Ruiz SL");
    assert_eq!(ruiz["domain"], "ruiz.example");
    assert_eq!(ruiz["notes"], "Address: Calle 1, Madrid");
    for r in [r2, r1] {
        env.ok(&["import", "undo", &r["import"].to_string()]);
    }
    assert_eq!(data(&env), empty);

    // A file without a name column, and a row without a name: exit 1, nothing written.
    let bad = write(&env, "bad.csv", "Industry,City\nRetail,Leeds\n");
    let err = env.refused(&["import", "companies", &bad]);
    assert!(err.contains("no company name column"), "{err}");
    let noname = write(&env, "noname.csv", "Company name,Industry\n,Retail\n");
    let err = env.refused(&["import", "companies", &noname]);
    assert!(err.contains("line 2, column name"), "{err}");
}

#[test]
fn a_pipedrive_deal_row_with_the_persons_email_matches_and_creates_by_it() {
    let env = Env::new();
    env.ok(&["contact", "add", "Li Wu", "--email", "li@example.com"]);
    let file = write(
        &env,
        "pd.csv",
        "Deal - Title,Deal - Stage,Deal - Contact person,Person - Email - Work,Deal - Organization\n\
         A,Lead In,Ana Ruiz,\"ana@example.com, ana@home.example\",Ruiz SL\n\
         B,Lead In,Ana R.,ana@example.com,Ruiz SL\n\
         C,Lead In,Li Wu (old),li@example.com,\n",
    );
    env.ok(&["import", "deals", &file]);
    let people = list(&env, "contact");
    assert_eq!(names(&people, "name"), ["Ana Ruiz", "Li Wu"]);
    let ana = people.iter().find(|c| c["name"] == "Ana Ruiz").unwrap();
    assert_eq!(ana["emails"][0], "ana@example.com");
    assert_eq!(ana["company"], "Ruiz SL");
    let deals = list(&env, "deal");
    let who = |t: &str| deals.iter().find(|d| d["title"] == t).unwrap()["contact"].clone();
    assert_eq!(
        (who("A"), who("B"), who("C")),
        ("Ana Ruiz".into(), "Ana Ruiz".into(), "Li Wu".into())
    );
}

#[test]
fn the_hubspot_deals_sample_imports_whole_into_an_empty_database() {
    let env = Env::new();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/hubspot_deals.csv")
        .display()
        .to_string();
    let r = env.json(&["import", "deals", &sample]);
    assert_eq!(r["rejected"], serde_json::json!([]), "{r}");
    let deals = list(&env, "deal");
    assert_eq!(deals.len(), 8, "nine rows, one the same deal twice");
    assert!(deals.iter().all(|d| !d["contact"].is_null()));
    assert_eq!(list(&env, "contact").len(), 8);
}

#[test]
fn a_closed_deal_keeps_the_close_date_of_the_file() {
    let env = Env::at("2026-11-22T10:00:00Z");
    let file = write(
        &env,
        "deals.csv",
        "\"Deal Name\",\"Deal Stage\",\"Close Date\",\"Amount\",\"Associated Contact\"\n\
         \"Retainer\",\"Closed Won\",\"2025-06-30 00:00\",\"5000\",\"Kai Berg\"\n\
         \"Later\",\"Closed Lost\",\"2027-01-15 00:00\",\"100\",\"Kai Berg\"\n\
         \"Open one\",\"qualifiedtobuy\",\"2026-12-01 00:00\",\"100\",\"Kai Berg\"\n",
    );
    env.ok(&["import", "deals", &file]);
    let deals = env.json(&["deal", "list", "--status", "all"]);
    let closed = |title: &str| -> Value {
        deals
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["title"] == title)
            .unwrap()["closed_at"]
            .clone()
    };
    assert_eq!(
        closed("Retainer"),
        "2025-06-30T00:00:00Z",
        "won on its close date"
    );
    assert_eq!(
        closed("Later"),
        "2026-11-22T10:00:00Z",
        "a close date still to come is not a closing time: the import's is"
    );
    assert_eq!(closed("Open one"), Value::Null);
    let won = env.json(&["report", "won", "--since", "2025-06", "--until", "2025-06"]);
    assert_eq!(won["total"][0]["count"], 1, "{won}");
}

#[test]
fn pipedrive_lost_reason_is_kept() {
    let env = Env::at("2026-11-22T10:00:00Z");
    let file = write(
        &env,
        "deals.csv",
        "Deal - Title,Deal - Value,Deal - Stage,Deal - Status,Deal - Lost reason,Deal - Contact person\n\
         Shop,900,Proposal Made,Lost,Went with a cheaper agency,Mara Voss\n",
    );
    env.ok(&["import", "deals", &file]);
    let deals = env.json(&["deal", "list", "--status", "all"]);
    let d = &deals[0];
    assert_eq!(d["status"], "lost");
    let shown = env.ok(&["deal", "show", &d["id"].to_string()]);
    assert!(shown.contains("Went with a cheaper agency"), "{shown}");
}

#[test]
fn undoing_a_company_import_puts_back_when_it_was_last_changed() {
    // Seconds apart, as a slow machine runs the test above: the flake it had.
    let env = Env::at("2026-11-22T10:00:00Z");
    env.ok(&["company", "add", "Acme Ltd"]);
    let before = data(&env);
    let file = write(
        &env,
        "companies.csv",
        "\"Record ID\",\"Company name\",\"Company Domain Name\"\n\"1\",\"Acme Ltd\",\"acme.example\"\n",
    );
    let env = env.clocked_at("2026-11-22T10:00:05Z");
    let r = env.json(&["import", "companies", &file]);
    let env = env.clocked_at("2026-11-22T10:00:09Z");
    env.ok(&["import", "undo", &r["import"].to_string()]);
    assert_eq!(data(&env), before);
}
