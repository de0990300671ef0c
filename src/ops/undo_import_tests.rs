//! Undo of an import: one change, taken back whole, never over later edits of what it
//! merged. (The other kinds of change are in `undo_tests.rs`.)

use super::tests::{dump, world};
use super::*;
use crate::ops::contacts;
use crate::ops::contacts::ContactChanges;
use crate::ops::testing::{now, store};

/// The live records, as the commands show them (versions aside: taking a merge back is an
/// update of its own).
fn live(s: &Store) -> (Vec<Contact>, Vec<Company>, Vec<(String, i64)>) {
    let r = s.read();
    let contacts = r
        .contacts(&crate::store::ContactFilter::default())
        .unwrap()
        .into_iter()
        .map(|c| Contact {
            version: 0,
            ..r.contact(c.id).unwrap().unwrap()
        })
        .collect();
    let companies = r
        .companies()
        .unwrap()
        .into_iter()
        .map(|c| Company {
            version: 0,
            ..c.company
        })
        .collect();
    let tags = r.tags().unwrap().into_iter().filter(|t| t.1 > 0).collect();
    (contacts, companies, tags)
}

#[test]
fn an_import_is_one_change_and_is_undone_whole() {
    let s = store();
    world(&s);
    let csv = "Name,Email,Company,Tags\n\
               Ada Lovelace,ada@example.com,Engines,imported\n\
               Grace Hopper,grace@example.com,Navy,imported\n\
               Alan Turing,alan@example.com,Bletchley,\n";
    let before = live(&s);
    let req = crate::ops::import::ImportRequest {
        file_name: "people.csv".into(),
        ..Default::default()
    };
    let out = crate::ops::import::import(&s, &now(), csv.as_bytes(), &req).unwrap();
    assert_eq!((out.created, out.merged), (2, 1));
    let import_change = s.read().latest_change().unwrap().unwrap().id;
    let after = dump(&s);
    assert_ne!(live(&s), before);

    // An import's rows are not in the undo log (a million-row import would double its
    // time): its own undo takes it back. Every live record is as before; what stays is
    // the trail the import undo leaves on purpose (the removed contacts' rows, marked
    // deleted, and the import marked undone).
    let done = undo(&s, &now(), None, false).unwrap();
    assert_eq!(done.change, import_change);
    assert!(
        done.entries.iter().any(|e| e.entity == "import"),
        "one change: the import and what it wrote"
    );
    assert_eq!(live(&s), before);
    let e = crate::ops::import::undo(&s, &now(), out.import_id.unwrap()).unwrap_err();
    assert!(e.to_string().contains("already undone"), "{e}");

    // The undo of an import is logged like any change: redoing it is exact.
    undo(&s, &now(), None, false).unwrap();
    assert_eq!(dump(&s), after);
}

#[test]
fn an_import_is_not_undone_over_later_edits_of_what_it_merged() {
    let s = store();
    let w = world(&s);
    let req = crate::ops::import::ImportRequest {
        file_name: "people.csv".into(),
        ..Default::default()
    };
    let csv = "Name,Email,Title\nAda Lovelace,ada@example.com,Countess\n";
    crate::ops::import::import(&s, &now(), csv.as_bytes(), &req).unwrap();
    let import_change = s.read().latest_change().unwrap().unwrap().id;
    contacts::edit(
        &s,
        &now(),
        w.ada,
        ContactChanges {
            notes: Some("met at the Royal Society".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let edit = s.read().latest_change().unwrap().unwrap().id;
    let before = dump(&s);
    let e = undo(&s, &now(), Some(import_change), false).unwrap_err();
    assert!(e.to_string().contains(&format!("change {edit}")), "{e}");
    assert_eq!(dump(&s), before);

    // And a change before an import that merged into its record is not undone under it.
    let e = undo(&s, &now(), Some(1), false).unwrap_err();
    assert!(matches!(e, Error::Conflict { .. }), "{e}");
}
