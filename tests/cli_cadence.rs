//! Stay-in-touch cadences, birthdays, `crm reconnect`, `crm birthdays` and their agenda
//! sections on the real binary, starting on Sunday 2026-11-22 10:00 UTC.

mod common;
use common::Env;
use serde_json::Value;

const NOW: &str = "2026-11-22T10:00:00Z";
const TWO_WEEKS_ON: &str = "2026-12-06T10:00:00Z";
const THREE_WEEKS_ON: &str = "2026-12-13T10:00:00Z";

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn contact_add_and_edit_set_and_clear_a_cadence_and_a_birthday() {
    let env = Env::at(NOW);
    let c = env.json(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--every",
        "2w",
        "--birthday",
        "1815-12-10",
    ]);
    assert_eq!(c["cadence"], "2w");
    assert_eq!(c["birthday"], "1815-12-10");
    let c = env.json(&["contact", "edit", "ada", "--every", "every 3 weeks"]);
    assert_eq!(c["cadence"], "3w");
    assert_eq!(c["birthday"], "1815-12-10", "left alone");
    let c = env.json(&["contact", "edit", "ada", "--birthday", "03-14"]);
    assert_eq!(c["birthday"], "--03-14", "a birthday without its year");
    let c = env.json(&[
        "contact",
        "edit",
        "ada",
        "--every",
        "none",
        "--birthday",
        "none",
    ]);
    assert_eq!(c["cadence"], Value::Null);
    assert_eq!(c["birthday"], Value::Null);
    let shown = env.json(&["contact", "show", "ada"]);
    assert_eq!(shown["cadence"], Value::Null);
    env.ok(&[
        "contact",
        "edit",
        "ada",
        "--every",
        "month",
        "--birthday",
        "14 march",
    ]);
    let out = env.ok(&["contact", "show", "ada"]);
    assert!(
        out.contains("every month") && out.contains("--03-14"),
        "{out}"
    );
    let listed = env.json(&["contact", "list"]);
    assert_eq!(listed[0]["cadence"], "month");
    // Undo takes the last edit back.
    env.ok(&["undo"]);
    let c = env.json(&["contact", "show", "ada"]);
    assert_eq!(
        (c["cadence"].clone(), c["birthday"].clone()),
        (Value::Null, Value::Null)
    );
}

#[test]
fn bad_cadences_and_birthdays_are_refused_and_change_nothing() {
    let env = Env::at(NOW);
    env.ok(&["contact", "add", "Ada Lovelace"]);
    let err = env.refused(&["contact", "edit", "ada", "--every", "fortnightly"]);
    assert!(err.contains("fortnightly") && err.contains("2w"), "{err}");
    let err = env.refused(&["contact", "edit", "ada", "--birthday", "1990-02-30"]);
    assert!(err.contains("birthday"), "{err}");
    let err = env.refused(&["contact", "edit", "ada", "--birthday", "1990-02-31"]);
    assert!(err.contains("birthday"), "{err}");
    let err = env.refused(&["contact", "edit", "ada", "--birthday", "2030-12-05"]);
    assert!(
        err.contains("after today") && err.contains("--12-05"),
        "{err}"
    );
    let err = env.refused(&["contact", "add", "Bob", "--birthday", "soon"]);
    assert!(err.contains("03-14"), "{err}");
    env.refused(&["contact", "add", "Bob", "--every", "0d"]);
    let err = env.refused(&["birthdays", "--within", "soon"]);
    assert!(err.contains("30d"), "{err}");
    let err = env.fails(&["reconnect", "--limit", "0"], 2);
    assert!(err.contains("--limit"), "{err}");
}

#[test]
fn three_contacts_on_a_two_week_cadence_come_due_and_a_call_takes_one_off() {
    let env = Env::at(NOW);
    for name in ["Ada Lovelace", "Grace Hopper", "Alan Turing"] {
        env.ok(&[
            "contact",
            "add",
            name,
            "--every",
            "2w",
            "--company",
            "Engines",
        ]);
    }
    env.ok(&["contact", "add", "Nobody Special"]);
    let out = env.ok(&["reconnect"]);
    assert!(out.contains("Nobody is due"), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert_eq!(env.json(&["reconnect"]), Value::Array(vec![]));

    let env = env.clocked_at(TWO_WEEKS_ON);
    let due = env.json(&["reconnect"]);
    assert_eq!(due.as_array().unwrap().len(), 3);
    for c in due.as_array().unwrap() {
        assert_eq!(c["cadence"], "2w");
        assert_eq!(c["due"], "2026-12-06");
        assert_eq!(c["overdue_days"], 0);
        for key in ["id", "name", "email", "company", "tags", "last_contact_at"] {
            assert!(c.get(key).is_some(), "reconnect JSON lacks {key}");
        }
    }
    let table = env.ok(&["reconnect"]);
    for col in [
        "NAME",
        "COMPANY",
        "EVERY",
        "LAST CONTACT",
        "DUE",
        "OVERDUE BY",
    ] {
        assert!(table.contains(col), "{table}");
    }
    assert!(
        table.contains("Grace Hopper") && table.contains("due today"),
        "{table}"
    );

    env.ok(&["log-call", "grace", "caught up"]);
    let due = env.json(&["reconnect"]);
    assert_eq!(names(&due), vec!["Ada Lovelace", "Alan Turing"]);
    assert_eq!(
        env.json(&["reconnect", "--limit", "1"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let env = env.clocked_at(THREE_WEEKS_ON);
    let due = env.json(&["reconnect"]);
    assert_eq!(names(&due), vec!["Ada Lovelace", "Alan Turing"]);
    assert_eq!(due[0]["overdue_days"], 7);
    assert!(env.ok(&["reconnect"]).contains("7 days"));
}

#[test]
fn a_tag_cadence_from_the_config_applies_and_a_bad_one_names_its_tag() {
    let env = Env::at(NOW);
    env.ok(&["contact", "add", "Ada Lovelace", "--tag", "vip"]);
    env.ok(&[
        "contact",
        "add",
        "Grace Hopper",
        "--tag",
        "vip",
        "--every",
        "month",
    ]);
    let config = env.dir.path().join("config.toml");
    std::fs::write(&config, "[cadence]\nvip = \"1w\"\n").unwrap();
    let env = env.clocked_at("2026-11-30T10:00:00Z");
    let out = env
        .cmd(&["reconnect", "--json"])
        .env("CRM_CONFIG", &config)
        .output()
        .unwrap();
    assert!(out.status.success());
    let due: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(names(&due), vec!["Ada Lovelace"], "Grace's own month wins");
    assert_eq!(due[0]["cadence"], "week");
    assert_eq!(due[0]["overdue_days"], 1);

    std::fs::write(&config, "[cadence]\nvip = \"soon\"\n").unwrap();
    let out = env
        .cmd(&["reconnect"])
        .env("CRM_CONFIG", &config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("[cadence]") && err.contains("\"vip\""),
        "{err}"
    );
}

#[test]
fn birthdays_lists_the_coming_ones_soonest_first() {
    let env = Env::at(NOW);
    env.ok(&["contact", "add", "Ada Lovelace", "--birthday", "1815-12-10"]);
    env.ok(&["contact", "add", "Grace Hopper", "--birthday", "--11-22"]);
    env.ok(&["contact", "add", "Alan Turing", "--birthday", "1912-06-23"]);
    let list = env.json(&["birthdays"]);
    assert_eq!(names(&list), vec!["Grace Hopper", "Ada Lovelace"]);
    assert_eq!(list[0]["in_days"], 0);
    assert_eq!(list[0]["age"], Value::Null);
    assert_eq!(list[1]["on"], "2026-12-10");
    assert_eq!(list[1]["age"], 211);
    assert_eq!(list[1]["in_days"], 18);
    assert_eq!(
        names(&env.json(&["birthdays", "--within", "2w"])),
        vec!["Grace Hopper"]
    );
    assert_eq!(
        env.json(&["birthdays", "--within", "8m"])
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let out = env.ok(&["birthdays"]);
    assert!(
        out.contains("today") && out.contains("in 18 days") && out.contains("211"),
        "{out}"
    );
    let env = env.clocked_at("2026-11-23T10:00:00Z");
    let out = env.ok(&["birthdays", "--within", "7d"]);
    assert!(out.contains("No birthdays in the next 7 days"), "{out}");
}

#[test]
fn the_agenda_has_reconnect_and_birthday_sections() {
    let env = Env::at(NOW);
    env.ok(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--every",
        "1w",
        "--birthday",
        "--12-01",
    ]);
    let a = env.json(&["agenda"]);
    for key in [
        "tasks",
        "tasks_due",
        "closing",
        "closing_due",
        "cold",
        "reconnect",
        "reconnect_due",
        "birthdays",
    ] {
        assert!(a.get(key).is_some(), "agenda JSON lacks {key}");
    }
    assert_eq!(a["reconnect"], Value::Array(vec![]));
    let env = env.clocked_at("2026-11-29T10:00:00Z");
    let a = env.json(&["agenda"]);
    assert_eq!(names(&a["reconnect"]), vec!["Ada Lovelace"]);
    assert_eq!(a["reconnect_due"], 1);
    assert_eq!(names(&a["birthdays"]), vec!["Ada Lovelace"]);
    assert_eq!(a["birthdays"][0]["in_days"], 2);
    let out = env.ok(&["agenda"]);
    assert!(
        out.contains("Reconnect") && out.contains("Birthdays within 7 days"),
        "{out}"
    );
}

#[test]
fn a_birthday_is_exported_to_vcard_as_bday() {
    let env = Env::at(NOW);
    env.ok(&["contact", "add", "Ada Lovelace", "--birthday", "1815-12-10"]);
    env.ok(&["contact", "add", "Grace Hopper", "--birthday", "12-09"]);
    let out = env.ok(&["export", "contacts", "--format", "vcard"]);
    assert!(out.contains("BDAY:1815-12-10"), "{out}");
    assert!(
        out.contains("BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-09"),
        "{out}"
    );
}

#[test]
fn birthdays_export_to_icalendar_as_yearly_events_and_only_that() {
    let env = Env::at(NOW);
    env.ok(&["contact", "add", "Ada Lovelace", "--birthday", "1815-12-10"]);
    env.ok(&["contact", "add", "Leap Day", "--birthday", "--02-29"]);
    env.ok(&["contact", "add", "Nobody Known"]);
    let out = env.ok(&["export", "birthdays"]);
    assert_eq!(out.matches("BEGIN:VEVENT").count(), 2, "{out}");
    assert!(
        out.contains("DTSTART;VALUE=DATE:18151210\r\nDTEND;VALUE=DATE:18151211\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Ada Lovelace's birthday"),
        "{out}"
    );
    assert!(
        out.contains("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"),
        "{out}"
    );
    // Only the ones a filter picks.
    let some = env.ok(&["export", "birthdays", "--where", "name ~ ada"]);
    assert_eq!(some.matches("BEGIN:VEVENT").count(), 1, "{some}");
    let err = env.fails(&["export", "birthdays", "--format", "csv"], 1);
    assert!(err.contains("only as iCalendar"), "{err}");
}
