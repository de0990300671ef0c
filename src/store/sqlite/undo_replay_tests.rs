//! Replay that does not depend on the order the log holds a parent and its children in.

use crate::domain::history::{Action, Entity};
use crate::domain::ContactId;
use crate::ops::testing::{now, store};
use crate::ops::undo::undo;
use crate::store::{Change, Store};

fn dump(s: &Store) -> std::collections::BTreeMap<String, Vec<String>> {
    s.read().dump_for_tests()
}

/// A change that writes a contact's e-mail and tag before the contact itself (foreign
/// keys deferred), as PostgreSQL's log of a cascade holds them: undoing it removes the
/// contact first in the replay's order, so the contact has to wait for its children.
fn children_first(s: &Store) {
    s.write(|tx| {
        tx.conn.execute_batch(if tx.conn.is_pg() {
            "SET CONSTRAINTS ALL DEFERRED"
        } else {
            "PRAGMA defer_foreign_keys = ON"
        })?;
        tx.conn.execute(
            "INSERT INTO contact_emails (contact_id, position, email, email_key) \
             VALUES (41, 0, 'zoe@example.com', 'zoe@example.com')",
            [],
        )?;
        tx.conn.execute(
            "INSERT INTO tags (id, name, name_key) VALUES (7, 'new', 'new')",
            [],
        )?;
        tx.conn.execute(
            "INSERT INTO contact_tags (contact_id, tag_id) VALUES (41, 7)",
            [],
        )?;
        tx.conn.execute(
            "INSERT INTO contacts (id, name, name_key, search_key, created_at, updated_at) \
             VALUES (41, 'Zoë', 'zoe', 'zoe', 0, 0)",
            [],
        )?;
        tx.add_history(Change {
            entity: Entity::Contact,
            entity_id: 41,
            contact_id: Some(ContactId(41)),
            action: Action::Create,
            before: None,
            after: None,
            at: now().utc,
            by: None,
        })
    })
    .unwrap();
}

#[test]
fn rows_logged_before_the_row_they_point_at_are_removed_first() {
    let s = store();
    let before = dump(&s);
    children_first(&s);
    let after = dump(&s);
    assert_eq!(after["contact_emails"].len(), 1, "{after:?}");
    for (step, want) in [
        ("undo", &before),
        ("redo", &after),
        ("undo of the redo", &before),
        ("second redo", &after),
    ] {
        undo(&s, &now(), None, false).unwrap_or_else(|e| panic!("{step}: {e:?}"));
        assert_eq!(&dump(&s), want, "{step}");
    }
}

#[test]
fn a_row_still_used_by_later_work_is_refused_all_the_same() {
    let s = store();
    children_first(&s);
    let first = s.read().latest_change().unwrap().unwrap().id;
    // Later work points at the contact: the undo waits for its own rows, then refuses.
    s.write(|tx| {
        tx.conn.execute(
            "INSERT INTO contact_emails (contact_id, position, email, email_key) \
             VALUES (41, 1, 'zoe@work.example', 'zoe@work.example')",
            [],
        )?;
        tx.add_history(Change {
            entity: Entity::Contact,
            entity_id: 41,
            contact_id: Some(ContactId(41)),
            action: Action::Update,
            before: None,
            after: None,
            at: now().utc,
            by: None,
        })
    })
    .unwrap();
    let later = s.read().latest_change().unwrap().unwrap().id;
    let db = dump(&s);
    let err = undo(&s, &now(), Some(first), false).unwrap_err();
    let message = format!("{err:?}");
    assert!(
        message.contains(&format!("change {later} builds on it"))
            && message.contains("contact #41 is now used by e-mail 41,"),
        "{message}"
    );
    assert_eq!(dump(&s), db, "a refused undo changes nothing");
}
