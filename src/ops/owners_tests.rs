//! Owners of deals, tasks and cases (DESIGN §14) through the use cases.

use crate::domain::currency::Currency;
use crate::domain::money::Money;
use crate::domain::*;
use crate::ops::testing::{now, store};
use crate::ops::{cases, contacts, deals, tasks, Now};
use crate::store::{DealFilter, TaskFilter, TaskWindow};

fn ada() -> Now {
    now().acting_as("ada")
}

fn usd() -> Currency {
    Currency::parse("USD").unwrap()
}

fn open_deal(s: &crate::store::Store, n: &Now, owner: Option<Option<String>>) -> Deal {
    let ch = deals::DealChanges {
        title: Some("Website".into()),
        value: Some(Money::new(100, usd())),
        owner,
        ..Default::default()
    };
    deals::add(s, n, usd(), ch).unwrap()
}

#[test]
fn a_new_deal_is_the_acting_users_unless_told_otherwise() {
    let s = store();
    assert_eq!(open_deal(&s, &ada(), None).owner.as_deref(), Some("ada"));
    assert_eq!(open_deal(&s, &now(), None).owner, None, "no user: nobody");
    let d = open_deal(&s, &ada(), Some(Some("robin".into())));
    assert_eq!(d.owner.as_deref(), Some("robin"));
    assert_eq!(open_deal(&s, &ada(), Some(None)).owner, None);
    let edited = deals::edit(
        &s,
        &ada(),
        d.id,
        deals::DealChanges {
            owner: Some(None),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(edited.owner, None);
    assert_eq!(edited.version, 2);
    let of = |o: Option<Option<String>>| {
        s.read()
            .deals(&DealFilter {
                owner: o,
                ..Default::default()
            })
            .unwrap()
            .len()
    };
    assert_eq!(of(Some(Some("ada".into()))), 1);
    assert_eq!(of(Some(None)), 3);
    assert_eq!(of(None), 4);
}

#[test]
fn a_bad_owner_is_refused_with_its_field() {
    let s = store();
    let ch = deals::DealChanges {
        title: Some("X".into()),
        owner: Some(Some("a\u{7}".into())),
        ..Default::default()
    };
    let err = deals::add(&s, &ada(), usd(), ch).unwrap_err();
    assert_eq!(err.field(), Some(Field::Owner), "{err}");
    assert!(s.read().deals(&DealFilter::default()).unwrap().is_empty());
}

#[test]
fn tasks_and_cases_have_owners_too() {
    let s = store();
    let c = contacts::add(
        &s,
        &ada(),
        contacts::ContactChanges {
            name: Some("Grace".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let t = tasks::add(
        &s,
        &ada(),
        tasks::TaskInput {
            title: "Call".into(),
            contact: Some(c.id),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(t.owner.as_deref(), Some("ada"));
    let (t, changed) = tasks::edit(
        &s,
        &ada(),
        t.id,
        None,
        tasks::TaskChanges {
            owner: Some(Some("robin".into())),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(changed);
    assert_eq!(t.owner.as_deref(), Some("robin"));
    let listed = |o: Option<Option<String>>| {
        s.read()
            .tasks(&TaskFilter {
                window: TaskWindow::All,
                today: now().today(),
                now: now().utc,
                contact_id: None,
                deal_id: None,
                limit: None,
                done_since: None,
                owner: o,
            })
            .unwrap()
            .len()
    };
    assert_eq!(listed(Some(Some("robin".into()))), 1);
    assert_eq!(listed(Some(Some("ada".into()))), 0);
    assert_eq!(listed(Some(None)), 0);

    let k = cases::open(&s, &ada(), c.id, "Login", case::Priority::Normal, None).unwrap();
    assert_eq!(k.owner.as_deref(), Some("ada"));
    let k = cases::assign(&s, &ada(), k.id, None).unwrap();
    assert_eq!((k.owner.clone(), k.version), (None, 2));
    let again = cases::assign(&s, &ada(), k.id, None).unwrap();
    assert_eq!(again.version, 2, "nothing to change, nothing written");
    assert_eq!(
        s.read().cases_owned(None, None, Some(None)).unwrap().len(),
        1
    );
    assert!(cases::assign(&s, &ada(), k.id, Some(" ".into())).is_err());
}
