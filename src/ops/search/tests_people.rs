//! Finding people the way mail users look them up: by any of their e-mails, through the
//! scan and the indexes, after edits and merges, and by a phone number in any format.

use super::*;
use crate::ops::contacts::{add, edit, merge, ContactChanges};
use crate::ops::testing::{now, store};

fn person(s: &crate::store::Store, name: &str, emails: &[&str], phones: &[&str]) -> Contact {
    add(
        s,
        &now(),
        ContactChanges {
            name: Some(name.into()),
            emails: Some(emails.iter().map(|e| e.to_string()).collect()),
            phones: Some(phones.iter().map(|p| p.to_string()).collect()),
            ..Default::default()
        },
    )
    .unwrap()
}

fn found(s: &crate::store::Store, q: &str, plan: Plan) -> Vec<String> {
    search_by(s.read(), q, 10, plan)
        .unwrap()
        .into_iter()
        .map(|h| h.label)
        .collect()
}

#[test]
fn every_email_finds_its_contact_through_the_scan_and_the_index() {
    let s = store();
    let ada = person(
        &s,
        "Ada Lovelace",
        &["ada@analytical.org", "countess@home.example"],
        &[],
    );
    let bo = person(&s, "Bo Berg", &["bo@berg.example"], &[]);
    for plan in [Plan::Scan, Plan::Index] {
        assert_eq!(found(&s, "countess", plan), ["Ada Lovelace"], "{plan:?}");
        assert_eq!(
            found(&s, "home example", plan),
            ["Ada Lovelace"],
            "{plan:?}"
        );
    }
    // A new second e-mail replaces the old one in the index.
    edit(
        &s,
        &now(),
        ada.id,
        ContactChanges {
            emails: Some(vec![
                "ada@analytical.org".into(),
                "lady@byron.example".into(),
            ]),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(found(&s, "countess", Plan::Index).is_empty());
    assert_eq!(found(&s, "byron", Plan::Index), ["Ada Lovelace"]);
    // Merged e-mails count for the contact kept.
    merge(&s, &now(), ada.id, bo.id).unwrap();
    assert_eq!(found(&s, "berg example", Plan::Index), ["Ada Lovelace"]);
    let hit = &search_by(s.read(), "lady", 10, Plan::Index).unwrap()[0];
    assert_eq!(hit.email.as_deref(), Some("ada@analytical.org"));
    assert_eq!(hit.emails.len(), 3, "{:?}", hit.emails);
}

#[test]
fn a_phone_number_in_any_format_finds_its_contacts() {
    let s = store();
    person(
        &s,
        "Zoë Ångström",
        &["zoe@nordlys.no"],
        &["+1 202-555-0169"],
    );
    person(&s, "Grace Hopper", &[], &["+44 20 7946 0958"]);
    person(&s, "Ada Lovelace", &["ada@analytical.org"], &[]);
    for typed in [
        "+1 202-555-0169",
        "2025550169",
        "(202) 555-0169",
        "1-202-555-0169",
    ] {
        let hits = search(s.read(), typed, 10).unwrap();
        let labels: Vec<&str> = hits.iter().map(|h| h.label.as_str()).collect();
        assert_eq!(labels, ["Zoë Ångström"], "{typed}");
        assert_eq!(hits[0].score, PHONE);
        let names: Vec<String> = contacts(s.read(), typed, 10)
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, ["Zoë Ångström"], "{typed}");
    }
    for typed in ["020 7946 0958", "+44 20 7946 0958", "00 44 20 7946 0958"] {
        let hits = search(s.read(), typed, 10).unwrap();
        assert_eq!(hits[0].label, "Grace Hopper", "{typed}");
    }
    // Only Grace has that number; the address lookup finds no e-mail for it.
    assert!(addresses(s.read(), "020 7946 0958", 10)
        .unwrap()
        .list
        .is_empty());
    let zoe = addresses(s.read(), "2025550169", 10).unwrap();
    assert_eq!(zoe.list[0].email, "zoe@nordlys.no");
    // A national number kept without E.164 (no region when it was typed) is found too.
    person(&s, "Bo Berg", &["bo@berg.example"], &["020 7946 0000"]);
    let bo = addresses(s.read(), "+44 20 7946 0000", 10).unwrap();
    assert_eq!(bo.list[0].email, "bo@berg.example");
    assert_eq!(
        search(s.read(), "(020) 7946-0000", 10).unwrap()[0].label,
        "Bo Berg"
    );
    // Another number finds nobody, and then the query is searched as text.
    assert!(search(s.read(), "202 555 0199", 10).unwrap().is_empty());
}

#[test]
fn addresses_come_best_contact_first_and_only_with_emails() {
    let s = store();
    person(&s, "Adam Smith", &["adam@smith.example"], &[]);
    person(
        &s,
        "Ada Lovelace",
        &["ada@analytical.org", "ada.l@home.example"],
        &[],
    );
    person(&s, "Ada King", &[], &[]);
    let got = addresses(s.read(), "ada", 10).unwrap();
    let emails: Vec<&str> = got.list.iter().map(|a| a.email.as_str()).collect();
    assert_eq!(
        emails,
        [
            "ada@analytical.org",
            "ada.l@home.example",
            "adam@smith.example"
        ]
    );
    assert!(!got.more);
    let two = addresses(s.read(), "ada", 2).unwrap();
    assert_eq!(two.list.len(), 2);
    assert!(two.more);
}
