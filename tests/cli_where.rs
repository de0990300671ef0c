//! `--where` and `--segment` on listings and exports, and `crm segment` (DESIGN §4, §12).

mod common;

use common::Env;
use serde_json::Value;

fn book() -> Env {
    let env = Env::at("2026-11-22T10:00:00Z");
    env.ok(&[
        "contact",
        "add",
        "Ada Lovelace",
        "--email",
        "ada@example.org",
        "--tag",
        "vip",
    ]);
    env.ok(&[
        "contact",
        "add",
        "Zoë Ångström",
        "--tag",
        "VIP",
        "--title",
        "Founder",
    ]);
    env.ok(&["contact", "add", "Bob Stone", "--tag", "lead"]);
    env.ok(&[
        "deal",
        "add",
        "Big one",
        "--contact",
        "ada",
        "--value",
        "5000",
        "--currency",
        "EUR",
    ]);
    env.ok(&[
        "deal",
        "add",
        "Small one",
        "--contact",
        "bob",
        "--value",
        "300",
    ]);
    env
}

fn names(v: &Value, key: &str) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x[key].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn contact_list_takes_an_expression() {
    let env = book();
    let v = env.json(&[
        "contact",
        "list",
        "--where",
        "tag:vip and deals.open_value > 1000",
    ]);
    assert_eq!(names(&v, "name"), ["Ada Lovelace"]);
    let v = env.json(&[
        "contact",
        "list",
        "--where",
        "tag:vip and not title ~ found",
    ]);
    assert_eq!(names(&v, "name"), ["Ada Lovelace"]);
    let v = env.json(&["contact", "list", "--where", "tag != vip"]);
    assert_eq!(names(&v, "name"), ["Bob Stone"]);
    let v = env.json(&["contact", "list", "--where", "zoe or bob"]);
    assert_eq!(names(&v, "name"), ["Bob Stone", "Zoë Ångström"]);
    // The other filters still apply beside it.
    let v = env.json(&[
        "contact",
        "list",
        "--tag",
        "vip",
        "--where",
        "created = today",
    ]);
    assert_eq!(v.as_array().unwrap().len(), 2);
    let text = env.ok(&["contact", "list", "--where", "tag:vip"]);
    assert!(
        text.contains("Ada Lovelace") && !text.contains("Bob"),
        "{text}"
    );
}

#[test]
fn contact_list_ids_prints_bare_ids() {
    let env = book();
    assert_eq!(
        env.ok(&["contact", "list", "--where", "tag:vip", "--ids"]),
        "1\n2\n"
    );
    assert_eq!(
        env.json(&["contact", "list", "--ids", "--where", "bob"]),
        serde_json::json!([3])
    );
    assert_eq!(
        env.ok(&["contact", "list", "--where", "tag:nobody", "--ids"]),
        ""
    );
}

#[test]
fn deal_list_takes_an_expression_in_each_deals_currency() {
    let env = book();
    let v = env.json(&["deal", "list", "--where", "value > 1000"]);
    assert_eq!(names(&v, "title"), ["Big one"]);
    let v = env.json(&["deal", "list", "--where", "value > 100 USD"]);
    assert_eq!(names(&v, "title"), ["Small one"]);
    let v = env.json(&[
        "deal",
        "list",
        "--where",
        "contact.tag = lead or currency = EUR",
    ]);
    assert_eq!(v.as_array().unwrap().len(), 2);
    let v = env.json(&["deal", "list", "--where", "close < 7d"]);
    assert!(v.as_array().unwrap().is_empty(), "no close dates: {v}");
}

#[test]
fn export_takes_an_expression_for_contacts_and_deals() {
    let env = book();
    let csv = env.ok(&["export", "contacts", "--where", "tag:vip"]);
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(!csv.contains("Bob Stone"), "{csv}");
    let v = env.json(&[
        "export",
        "deals",
        "--format",
        "json",
        "--where",
        "value < 1000",
    ]);
    assert_eq!(names(&v, "title"), ["Small one"]);
    let err = env.refused(&["export", "tasks", "--where", "tag:vip"]);
    assert!(err.contains("pick contacts or deals"), "{err}");
    let err = env.refused(&["export", "all", "--where", "tag:vip"]);
    assert!(err.contains("pick contacts or deals"), "{err}");
}

#[test]
fn bad_expressions_are_shown_with_a_caret_at_the_column() {
    let env = book();
    let err = env.refused(&["contact", "list", "--where", "tag:vip and nmae = x"]);
    assert!(
        err.contains("at column 13: unknown contact field \"nmae\"; did you mean \"name\"?"),
        "{err}"
    );
    assert!(
        err.contains("\n  tag:vip and nmae = x\n              ^"),
        "{err}"
    );
    let err = env.refused(&["contact", "list", "--where", "name > 3"]);
    assert!(
        err.contains("at column 6") && err.contains("cannot be compared with >"),
        "{err}"
    );
    let err = env.refused(&["contact", "list", "--where", "idle > 30x"]);
    assert!(
        err.contains("at column 8") && err.contains("duration"),
        "{err}"
    );
    let err = env.refused(&["contact", "list", "--where", "(tag:vip or bob"]);
    assert!(
        err.contains("at column 1") && err.contains("never closed"),
        "{err}"
    );
    let err = env.refused(&["contact", "list", "--where", "tag:vip)"]);
    assert!(err.contains("at column 8"), "{err}");
    let err = env.refused(&["deal", "list", "--where", "value > 10 XYZ"]);
    assert!(err.contains("at column 12") && err.contains("XYZ"), "{err}");
    let err = env.refused(&["deal", "list", "--where", "value > 10.5 JPY"]);
    assert!(err.contains("more decimals than JPY"), "{err}");
    let err = env.refused(&["deal", "list", "--where", "idle > 3d"]);
    assert!(err.contains("unknown deal field"), "{err}");
    let err = env.fails(&["contact", "list", "--where", "x", "--segment", "y"], 2);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn segments_are_saved_listed_shown_used_and_removed() {
    let env = book();
    let v = env.json(&["segment", "add", "Quiet VIPs", "tag:vip and idle >= 0d"]);
    assert_eq!(v["name"], "Quiet VIPs");
    assert_eq!(v["target"], "contacts");
    assert_eq!(v["expr"], "tag = vip and idle >= 0d");
    assert_eq!(v["count"], 2);
    env.ok(&["segment", "add", "big deals", "value > 1000", "--deals"]);

    let list = env.json(&["segment", "list"]);
    assert_eq!(names(&list, "name"), ["big deals", "Quiet VIPs"]);
    let text = env.ok(&["segment", "list"]);
    assert!(text.contains("tag = vip and idle >= 0d"), "{text}");

    let shown = env.json(&["segment", "show", "quiet vips"]);
    assert_eq!(shown["count"], 2);
    let text = env.ok(&["segment", "show", "Quiet VIPs"]);
    assert!(
        text.contains("expression  tag = vip and idle >= 0d") && text.contains("matching    2"),
        "{text}"
    );

    let v = env.json(&["contact", "list", "--segment", "quiet vips"]);
    assert_eq!(names(&v, "name"), ["Ada Lovelace", "Zoë Ångström"]);
    let v = env.json(&["deal", "list", "--segment", "big deals"]);
    assert_eq!(names(&v, "title"), ["Big one"]);
    let csv = env.ok(&["export", "contacts", "--segment", "Quiet VIPs"]);
    assert_eq!(csv.lines().count(), 3);

    let err = env.refused(&["deal", "list", "--segment", "Quiet VIPs"]);
    assert!(err.contains("picks contacts, not deals"), "{err}");
    let err = env.refused(&["contact", "list", "--segment", "nope"]);
    assert!(
        err.contains("no segment \"nope\"") && err.contains("Quiet VIPs"),
        "{err}"
    );

    let removed = env.json(&["segment", "rm", "big deals"]);
    assert_eq!(removed["name"], "big deals");
    assert_eq!(
        names(&env.json(&["segment", "list"]), "name"),
        ["Quiet VIPs"]
    );
    env.ok(&["undo"]);
    assert_eq!(
        names(&env.json(&["segment", "list"]), "name"),
        ["big deals", "Quiet VIPs"]
    );
}

#[test]
fn a_bad_segment_is_refused_and_nothing_saved() {
    let env = book();
    env.ok(&["segment", "add", "vips", "tag:vip"]);
    let err = env.refused(&["segment", "add", "VIPS", "tag:lead"]);
    assert!(
        err.contains("a segment named \"vips\" already exists"),
        "{err}"
    );
    let err = env.refused(&["segment", "add", "broken", "tag:vip and (lifecycle = lead"]);
    assert!(err.contains("at column 13") && err.contains("^"), "{err}");
    let err = env.refused(&["segment", "add", "money", "deals.open_value > 5 EUR JPY"]);
    assert!(err.contains("at column"), "{err}");
    let err = env.refused(&["segment", "add", "  ", "tag:vip"]);
    assert!(err.contains("name cannot be empty"), "{err}");
    let err = env.refused(&["segment", "add", "deals", "idle > 3d", "--deals"]);
    assert!(err.contains("unknown deal field"), "{err}");
    let err = env.refused(&["segment", "show", "nope"]);
    assert!(err.contains("no segment"), "{err}");
    let err = env.refused(&["segment", "rm", "nope"]);
    assert!(err.contains("no segment"), "{err}");
    assert_eq!(env.json(&["segment", "list"]).as_array().unwrap().len(), 1);
}
