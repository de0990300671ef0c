//! The set-based import (an empty contacts table) writes what the row-by-row one writes.

use crate::domain::*;
use crate::ops::import::{import, undo, ImportRequest, OnDuplicate};
use crate::ops::testing::{now, store};
use crate::store::{ContactFilter, Store};

const CSV: &str = "Name,Email,Phone,Company,Title,Tags,Notes,Favourite Color\n\
    Zoë Ångström Maria Luisa,zoe@x.com;z2@x.com;Z3@x.com,+44 20 1234;+1 555 0000,\"ACME, Inc.\",CTO,\"Zeta;beta;VIP;alpha;gamma\",note,blue\n\
    Ada Lovelace,ada@x.com,,Acme Inc,,zeta;Alpha,,\n\
    Ada Lovelace,ada2@x.com,,Acme Inc,,,,red\n\
    Nobody,,123 456,,,,,\n\
    ,,,,,,,\n\
    Grace Hopper,GRACE@x.com,,Navy,Admiral,vip,\"two\nlines\",\n";

/// The live contacts, without what depends on the order records were written in.
fn contacts(s: &Store) -> Vec<(Contact, Option<String>)> {
    let r = s.read();
    let mut all: Vec<_> = r
        .contacts(&ContactFilter::default())
        .unwrap()
        .into_iter()
        .map(|c| r.contact(c.id).unwrap().unwrap())
        .filter(|c| c.name != "Seed")
        .map(|c| {
            let company = c.company.clone();
            let c = Contact {
                id: ContactId(0),
                company_id: None,
                version: 0,
                ..c
            };
            (c, company)
        })
        .collect();
    all.sort_by(|a, b| (&a.0.name, &a.0.emails).cmp(&(&b.0.name, &b.0.emails)));
    all
}

fn run(s: &Store, csv: &str, on_duplicate: OnDuplicate) -> (usize, usize, usize) {
    let req = ImportRequest {
        file_name: "people.csv".into(),
        tags: vec!["imported".into()],
        on_duplicate,
        ..Default::default()
    };
    let out = import(s, &now(), csv.as_bytes(), &req).unwrap();
    (out.created, out.merged, out.skipped)
}

/// The same file into an empty database (set-based) and into one with a contact already
/// (row by row).
fn both(csv: &str, on_duplicate: OnDuplicate) {
    let empty = store();
    let seeded = store();
    let seed = ImportRequest::default();
    import(
        &seeded,
        &now(),
        "Name,Email\nSeed,seed@x.com\n".as_bytes(),
        &seed,
    )
    .unwrap();
    assert_eq!(
        run(&empty, csv, on_duplicate),
        run(&seeded, csv, on_duplicate)
    );
    assert_eq!(contacts(&empty), contacts(&seeded));
    let tags = |s: &Store| s.read().tags().unwrap();
    assert_eq!(tags(&empty), tags(&seeded));
}

#[test]
fn set_based_and_row_by_row_imports_agree() {
    both(CSV, OnDuplicate::Merge);
    // The e-mail and name-word indexes were made again after the load.
    let s = store();
    run(&s, CSV, OnDuplicate::Merge);
    let r = s.read();
    let zoe = r.contact_id_by_email("z3@x.com").unwrap().unwrap();
    assert_eq!(crate::resolve::contact(r, "zoe maria").unwrap(), zoe);
}

#[test]
fn a_file_with_duplicates_is_written_row_by_row() {
    let dups = format!("{CSV}Zoe,ZOE@x.com,,,,extra,,\nNobody,,999 999,,,,,\n");
    for mode in [OnDuplicate::Merge, OnDuplicate::Skip, OnDuplicate::Update] {
        both(&dups, mode);
    }
}

#[test]
fn a_set_based_import_is_undone_whole() {
    let s = store();
    assert_eq!(run(&s, CSV, OnDuplicate::Merge), (5, 0, 1));
    let log = s.read().imports().unwrap();
    assert_eq!(log[0].created, 5);
    undo(&s, &now(), log[0].id).unwrap();
    assert!(contacts(&s).is_empty());
    assert!(s.read().companies().unwrap().is_empty());
}

#[test]
fn a_first_import_leaves_the_search_index_built() {
    use crate::store::SearchKind;
    let s = store();
    run(&s, CSV, OnDuplicate::Merge);
    // Built whole at the end of the import, then kept by its triggers again. Asked of the
    // index alone (a search would read everything when the index found nothing).
    let found = |q: &str| -> Vec<String> {
        let terms: Vec<&str> = q.split_whitespace().collect();
        let mut names = Vec::new();
        s.read()
            .for_each_indexed(SearchKind::Contact, &terms, false, 10, |_, name, _| {
                names.push(name.to_string());
                Ok(())
            })
            .unwrap();
        names
    };
    assert_eq!(found("grace hop"), ["Grace Hopper"]);
    assert_eq!(found("angstrom"), ["Zoë Ångström Maria Luisa"]);
    crate::ops::contacts::add(
        &s,
        &now(),
        crate::ops::contacts::ContactChanges {
            name: Some("Katherine Johnson".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(found("katherine"), ["Katherine Johnson"]);
}

#[test]
fn birthdays_become_the_contacts_own_in_both_paths() {
    let csv = "Name,Email,Birthday\n\
        Ada Lovelace,ada@x.com,1815-12-10\n\
        Leap Day,leap@x.com,--02-29\n\
        Nope,nope@x.com,1990-02-31\n";
    both(csv, OnDuplicate::Merge);
    let s = store();
    run(&s, csv, OnDuplicate::Merge);
    let r = s.read();
    let get = |email: &str| {
        let id = r.contact_id_by_email(email).unwrap().unwrap();
        r.contact(id).unwrap().unwrap()
    };
    let ada = get("ada@x.com");
    assert_eq!(
        ada.birthday.map(|b| b.to_string()).as_deref(),
        Some("1815-12-10")
    );
    assert!(!ada.fields.contains_key("birthday"));
    let leap = get("leap@x.com");
    assert_eq!(
        leap.birthday.map(|b| b.to_string()).as_deref(),
        Some("--02-29")
    );
    // 31 February is no day: the CSV reader leaves it out with a warning.
    let nope = get("nope@x.com");
    assert_eq!(nope.birthday, None);
    assert!(nope.fields.is_empty(), "{:?}", nope.fields);
}
