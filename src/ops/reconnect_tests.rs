//! Tests of who is due to be reconnected with, and when.

use chrono::{Duration, FixedOffset};

use super::*;
use crate::ops::contacts::{add, edit, ContactChanges};
use crate::ops::testing::{now, store};
use crate::store::Store;

fn every(s: &str) -> Every {
    Every::parse(s).unwrap()
}

fn later(days: i64) -> Now {
    Now::fixed(
        now().utc + Duration::days(days),
        FixedOffset::east_opt(0).unwrap(),
    )
}

fn person(s: &Store, name: &str, cadence: Option<&str>, tags: &[&str]) -> Contact {
    add(
        s,
        &now(),
        ContactChanges {
            name: Some(name.into()),
            cadence: cadence.map(|c| Some(every(c))),
            tags: Some(tags.iter().map(|t| t.to_string()).collect()),
            ..Default::default()
        },
    )
    .unwrap()
}

fn names(list: &[Reconnect]) -> Vec<&str> {
    list.iter().map(|r| r.contact.name.as_str()).collect()
}

#[test]
fn a_contact_falls_due_one_cadence_after_it_was_added_exactly_at_the_moment() {
    let s = store();
    person(&s, "Ada", Some("2w"), &[]);
    person(&s, "Nobody", None, &[]);
    let none = TagCadences::default();
    assert!(due(s.read(), &later(13), &none, None).unwrap().is_empty());
    let just_before = Now::fixed(
        now().utc + Duration::days(14) - Duration::seconds(1),
        FixedOffset::east_opt(0).unwrap(),
    );
    assert!(due(s.read(), &just_before, &none, None).unwrap().is_empty());
    let list = due(s.read(), &later(14), &none, None).unwrap();
    assert_eq!(names(&list), vec!["Ada"]);
    assert_eq!(list[0].cadence, every("2w"));
    assert_eq!(list[0].due_on, later(14).today());
    assert_eq!(list[0].overdue_days, 0);
    assert_eq!(
        due(s.read(), &later(20), &none, None).unwrap()[0].overdue_days,
        6
    );
}

#[test]
fn tags_give_a_default_and_a_contacts_own_cadence_beats_it() {
    let s = store();
    person(&s, "Vip", None, &["VIP"]);
    person(&s, "Own", Some("month"), &["vip"]);
    person(&s, "Plain", None, &["other"]);
    let tags = TagCadences::parse([("vip", "1w")]).unwrap();
    let list = due(s.read(), &later(8), &tags, None).unwrap();
    assert_eq!(names(&list), vec!["Vip"], "Own waits for its month");
    assert_eq!(list[0].cadence, every("1w"));
    let list = due(s.read(), &later(31), &tags, None).unwrap();
    assert_eq!(names(&list), vec!["Vip", "Own"], "most overdue first");
    assert_eq!(list[0].overdue_days, 24);
    assert_eq!(list[1].cadence, every("month"));
    assert_eq!(due(s.read(), &later(31), &tags, Some(1)).unwrap().len(), 1);
    // Without the config's table, only the contact's own cadence counts.
    let list = due(s.read(), &later(31), &TagCadences::default(), None).unwrap();
    assert_eq!(names(&list), vec!["Own"]);
}

#[test]
fn logging_an_interaction_resets_the_clock() {
    let s = store();
    let ada = person(&s, "Ada Lovelace", Some("2w"), &[]);
    let none = TagCadences::default();
    let at = later(20);
    assert_eq!(due(s.read(), &at, &none, None).unwrap().len(), 1);
    crate::ops::interactions::log(
        &s,
        &at,
        crate::input::log::LogText::new(InteractionKind::Call, "ada", "caught up")
            .typed(s.read(), &at)
            .unwrap(),
    )
    .unwrap();
    assert!(due(s.read(), &at, &none, None).unwrap().is_empty());
    assert!(due(s.read(), &later(33), &none, None).unwrap().is_empty());
    let list = due(s.read(), &later(34), &none, None).unwrap();
    assert_eq!(list[0].contact.id, ada.id);
    assert_eq!(list[0].due_on, later(34).today());
}

#[test]
fn clearing_a_cadence_or_removing_the_contact_takes_it_off_the_list() {
    let s = store();
    let ada = person(&s, "Ada", Some("1d"), &[]);
    let bob = person(&s, "Bob", Some("1d"), &[]);
    let none = TagCadences::default();
    assert_eq!(due(s.read(), &later(2), &none, None).unwrap().len(), 2);
    edit(
        &s,
        &now(),
        ada.id,
        ContactChanges {
            cadence: Some(None),
            ..Default::default()
        },
    )
    .unwrap();
    let edited = s.read().latest_change().unwrap().unwrap().id;
    crate::ops::contacts::remove(&s, &now(), bob.id).unwrap();
    let removed = s.read().latest_change().unwrap().unwrap().id;
    assert!(due(s.read(), &later(2), &none, None).unwrap().is_empty());
    // Undo (of the removal, then of the edit) puts the cadence back.
    crate::ops::undo::undo(&s, &now(), Some(removed), false).unwrap();
    crate::ops::undo::undo(&s, &now(), Some(edited), false).unwrap();
    assert_eq!(due(s.read(), &later(2), &none, None).unwrap().len(), 2);
}
