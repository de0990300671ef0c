//! Editing, deleting and logging on a case: what changes, what history says, and that
//! `undo` puts a deleted case back with the interactions filed under it.

use super::*;
use crate::domain::InteractionKind;
use crate::ops::contacts::{self, ContactChanges};
use crate::ops::testing::{now, store};

fn ada(s: &Store) -> ContactId {
    contacts::add(
        s,
        &now(),
        ContactChanges {
            name: Some("Ada Lovelace".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

#[test]
fn an_edit_changes_title_and_priority_and_refuses_a_stale_or_blank_one() {
    let s = store();
    let k = open(&s, &now(), ada(&s), "Login broken", Priority::Normal, None).unwrap();
    let (e, changed) = edit(
        &s,
        &now(),
        k.id,
        Some(k.version),
        Some("Login broken on mobile"),
        Some(Priority::Urgent),
    )
    .unwrap();
    assert!(changed);
    assert_eq!(
        (e.title.as_str(), e.priority, e.version),
        ("Login broken on mobile", Priority::Urgent, 2)
    );
    let (_, changed) = edit(&s, &now(), k.id, None, None, Some(Priority::Urgent)).unwrap();
    assert!(!changed, "the same values change nothing");
    let stale = edit(&s, &now(), k.id, Some(1), Some("x"), None).unwrap_err();
    assert!(matches!(stale, Error::Conflict { .. }), "{stale}");
    let blank = edit(&s, &now(), k.id, None, Some("  "), None).unwrap_err();
    assert_eq!(blank.field(), Some(Field::Title));
    assert_eq!(
        load(s.read(), k.id).unwrap().title,
        "Login broken on mobile"
    );
    let history = s.read().history(None, 10).unwrap();
    assert_eq!(
        history
            .iter()
            .filter(|h| h.entity == "case" && h.action == "update")
            .count(),
        1
    );
}

#[test]
fn a_reply_is_the_first_response_and_a_note_is_not() {
    let s = store();
    let k = open(&s, &now(), ada(&s), "Login broken", Priority::Urgent, None).unwrap();
    let after = log_on(&s, &now(), k.id, InteractionKind::Note, "checked the logs").unwrap();
    assert_eq!(after.first_response_at, None);
    let after = log_on(&s, &now(), k.id, InteractionKind::Email, "try again").unwrap();
    assert_eq!(after.first_response_at, Some(now().utc));
    let timeline = s.read().case_interactions(k.id, 10).unwrap();
    assert_eq!(timeline.len(), 2);
    assert_eq!(timeline[0].summary, "try again");
    assert!(log_on(&s, &now(), 99, InteractionKind::Note, "x").is_err());
}

#[test]
fn a_deleted_case_unlinks_its_interactions_and_undo_puts_it_back() {
    let s = store();
    let k = open(&s, &now(), ada(&s), "Login broken", Priority::High, None).unwrap();
    log_on(&s, &now(), k.id, InteractionKind::Email, "try again").unwrap();
    let before = s.read().dump_for_tests();
    let gone = delete(&s, &now(), k.id).unwrap();
    assert_eq!(gone.title, "Login broken");
    assert!(s.read().case(k.id).unwrap().is_none());
    assert!(s.read().case_interactions(k.id, 10).unwrap().is_empty());
    let timeline = s
        .read()
        .interactions(&crate::store::InteractionFilter {
            contact_id: Some(k.contact_id),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(timeline.len(), 1, "the reply stays with the contact");
    let history = s.read().history(None, 1).unwrap();
    assert_eq!(
        (history[0].entity.as_str(), history[0].action.as_str()),
        ("case", "delete")
    );
    let e = delete(&s, &now(), k.id).unwrap_err();
    assert!(e.to_string().contains("no case"), "{e}");
    crate::ops::undo::undo(&s, &now(), None, false).unwrap();
    assert_eq!(s.read().dump_for_tests(), before);
    assert_eq!(s.read().case_interactions(k.id, 10).unwrap().len(), 1);
}

#[test]
fn the_first_response_follows_its_message_and_nothing_from_before_the_opening_is_filed() {
    use crate::domain::dates::When;
    use crate::ops::interactions::{self, InteractionChanges, LogInput};
    let s = store();
    let k = open(&s, &now(), ada(&s), "Login broken", Priority::High, None).unwrap();
    log_on(&s, &now(), k.id, InteractionKind::Email, "try again").unwrap();
    let reply = s.read().case_interactions(k.id, 10).unwrap()[0].id;
    let later = now().utc + chrono::Duration::hours(3);
    interactions::edit(
        &s,
        &now(),
        reply,
        None,
        InteractionChanges {
            at: Some(When::Instant(later)),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(load(s.read(), k.id).unwrap().first_response_at, Some(later));
    interactions::remove(&s, &now(), reply).unwrap();
    assert_eq!(load(s.read(), k.id).unwrap().first_response_at, None);

    let before = s.read().dump_for_tests();
    let err = interactions::log(
        &s,
        &now(),
        LogInput {
            kind: InteractionKind::Email,
            contact: k.contact_id,
            summary: "from last month".into(),
            at: Some(When::Instant(now().utc - chrono::Duration::days(30))),
            duration_min: None,
            deal: None,
            direction: Some(crate::domain::Direction::Out),
            score: None,
            body: None,
            case: Some(k.id),
        },
    )
    .unwrap_err();
    assert_eq!(err.field(), Some(Field::At), "{err}");
    assert_eq!(
        s.read().dump_for_tests(),
        before,
        "a refused message wrote something"
    );
}
