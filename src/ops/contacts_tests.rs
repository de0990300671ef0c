//! Tests of adding, editing and merging contacts.

use super::*;
use crate::ops::testing::{now, store};

fn changes(name: &str) -> ContactChanges {
    ContactChanges {
        name: Some(name.into()),
        ..Default::default()
    }
}

#[test]
fn add_validates_before_writing() {
    let s = store();
    assert!(add(&s, &now(), changes("  ")).is_err());
    let bad = ContactChanges {
        emails: Some(vec!["nope".into()]),
        ..changes("Ada")
    };
    assert!(add(&s, &now(), bad).is_err());
    // An unknown lifecycle never reaches the use case: the faces read it first.
    assert!(crate::input::contact::lifecycle("vip").is_err());
    assert_eq!(s.read().count_contacts().unwrap(), 0);
    assert!(s.read().history(None, 10).unwrap().is_empty());
}

#[test]
fn emails_are_unique_among_live_contacts_in_any_case() {
    let s = store();
    let a = ContactChanges {
        emails: Some(vec!["Ada@Example.com".into()]),
        ..changes("Ada")
    };
    let ada = add(&s, &now(), a).unwrap();
    let dup = ContactChanges {
        emails: Some(vec![" ada@example.COM".into()]),
        ..changes("Other")
    };
    let err = add(&s, &now(), dup.clone()).unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err}");
    assert_eq!(s.read().count_contacts().unwrap(), 1);
    remove(&s, &now(), ada.id).unwrap();
    assert!(
        add(&s, &now(), dup).is_ok(),
        "a removed contact's e-mail is free again"
    );
}

#[test]
fn edit_changes_fields_tags_and_company_and_records_history() {
    let s = store();
    let c = add(
        &s,
        &now(),
        ContactChanges {
            tags: Some(vec!["a".into(), "b".into()]),
            ..changes("Ada")
        },
    )
    .unwrap();
    let ch = ContactChanges {
        company: Some("Analytical Engines".into()),
        add_tags: vec!["vip".into()],
        rm_tags: vec!["A".into()],
        fields: vec![("tier".into(), "gold".into())],
        ..Default::default()
    };
    let ada = crate::resolve::contact(s.read(), "ada").unwrap();
    let e = edit(&s, &now(), ada, ch).unwrap();
    assert_eq!(e.company.as_deref(), Some("Analytical Engines"));
    assert_eq!(e.tags, vec!["b", "vip"]);
    assert_eq!(e.fields.get("tier").map(String::as_str), Some("gold"));
    let stored = load(s.read(), c.id).unwrap();
    assert_eq!(stored.tags, vec!["b", "vip"]);
    assert_eq!(stored.company, e.company);
    let h = s.read().history(Some(c.id), 10).unwrap();
    let actions: Vec<&str> = h.iter().map(|h| h.action.as_str()).collect();
    assert!(
        actions.contains(&"update") && actions.contains(&"create"),
        "{actions:?}"
    );
}

#[test]
fn same_names_and_edits_that_change_nothing() {
    let s = store();
    let ada = add(&s, &now(), changes("Ada Lovelace")).unwrap();
    add(&s, &now(), changes("Ada Byron")).unwrap();
    let same: Vec<ContactId> = same_name(s.read(), "  ADA lovelace ")
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(same, vec![ada.id]);
    assert!(same_name(s.read(), "Ada").unwrap().is_empty());
    assert!(same_name(s.read(), "  ").unwrap().is_empty());
    let history = s.read().history(None, 100).unwrap().len();
    let (_, changed) = edit_checked(&s, &now(), ada.id, changes("Ada Lovelace")).unwrap();
    assert!(!changed);
    assert_eq!(s.read().history(None, 100).unwrap().len(), history);
    assert!(ContactChanges::default().is_empty());
    assert!(!changes("x").is_empty());
    let (c, changed) = edit_checked(&s, &now(), ada.id, changes("Ada King")).unwrap();
    assert!(changed && c.name == "Ada King");
}

#[test]
fn merge_moves_everything_to_the_kept_contact() {
    let s = store();
    let keep = add(
        &s,
        &now(),
        ContactChanges {
            emails: Some(vec!["a@x.com".into()]),
            ..changes("Ada Lovelace")
        },
    )
    .unwrap();
    let other = add(
        &s,
        &now(),
        ContactChanges {
            emails: Some(vec!["ada@y.com".into()]),
            phones: Some(vec!["+44 20 1234".into()]),
            tags: Some(vec!["vip".into()]),
            title: Some("Countess".into()),
            ..changes("A. Lovelace")
        },
    )
    .unwrap();
    crate::ops::interactions::log(
        &s,
        &now(),
        crate::input::log::LogText::new(InteractionKind::Call, "ada@y.com", "hello")
            .typed(s.read(), &now())
            .unwrap(),
    )
    .unwrap();
    let before = s.read().history(None, 100).unwrap().len();
    let p = merge_preview(s.read(), &now(), keep.id, other.id).unwrap();
    assert_eq!(p.changes.emails, vec!["ada@y.com"]);
    assert_eq!(p.changes.tags, vec!["vip"]);
    assert_eq!(p.changes.filled, vec![("title", "Countess".to_string())]);
    assert_eq!((p.interactions, p.deals, p.tasks), (1, 0, 0));
    assert!(
        s.read().contact(other.id).unwrap().is_some(),
        "a preview writes nothing"
    );
    assert_eq!(s.read().history(None, 100).unwrap().len(), before);
    assert!(merge_preview(s.read(), &now(), keep.id, keep.id).is_err());
    let merged = merge(&s, &now(), keep.id, other.id).unwrap();
    assert_eq!(merged.emails, p.merged.emails);
    assert_eq!(merged.emails, vec!["a@x.com", "ada@y.com"]);
    assert_eq!(merged.phones, vec!["+44 20 1234"]);
    assert_eq!(merged.tags, vec!["vip"]);
    assert_eq!(merged.title.as_deref(), Some("Countess"));
    assert!(merged.last_contact_at.is_some());
    assert!(s.read().contact(other.id).unwrap().is_none());
    let d = detail(s.read(), &now(), keep.id, None).unwrap();
    assert_eq!(d.interactions.len(), 1);
}
