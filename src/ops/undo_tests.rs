//! Undo of each kind of change: after the undo, every table equals its state before the
//! change (a full dump of each, compared), and undoing the undo gives the state after it.

use std::collections::BTreeMap;

use super::*;
use crate::domain::currency::Currency;
use crate::domain::money::Money;
use crate::ops::companies::CompanyChanges;
use crate::ops::contacts::ContactChanges;
use crate::ops::deals::{DealChanges, Target};
use crate::ops::interactions::LogInput;
use crate::ops::tasks::TaskInput;
use crate::ops::testing::{now, store};
use crate::ops::{companies, contacts, deals, interactions, stages, tasks};

pub(super) type Dump = BTreeMap<String, Vec<String>>;

pub(super) fn dump(s: &Store) -> Dump {
    s.read().dump_for_tests()
}

fn usd() -> Currency {
    Currency::usd()
}

/// Two contacts (Ada at Engines with a deal, a task and a call; Bob), as a start.
pub(super) struct World {
    pub(super) ada: ContactId,
    pub(super) bob: ContactId,
    pub(super) deal: DealId,
    pub(super) task: TaskId,
    pub(super) company: CompanyId,
}

pub(super) fn world(s: &Store) -> World {
    let n = now();
    let ada = contacts::add(
        s,
        &n,
        ContactChanges {
            name: Some("Ada Lovelace".into()),
            emails: Some(vec!["ada@example.com".into()]),
            phones: Some(vec!["+44 20 7946 0000".into()]),
            company: Some("Engines".into()),
            tags: Some(vec!["vip".into()]),
            fields: vec![("twitter".into(), "@ada".into())],
            ..Default::default()
        },
    )
    .unwrap();
    let bob = contacts::add(
        s,
        &n,
        ContactChanges {
            name: Some("Bob Babbage".into()),
            emails: Some(vec!["bob@example.com".into()]),
            tags: Some(vec!["board".into()]),
            ..Default::default()
        },
    )
    .unwrap();
    let deal = deals::add(
        s,
        &n,
        usd(),
        DealChanges {
            title: Some("Engine".into()),
            contact: Some(Some(ada.id)),
            value: Some(Money::new(450_000, usd())),
            ..Default::default()
        },
    )
    .unwrap();
    let task = tasks::add(
        s,
        &n,
        TaskInput {
            owner: None,
            case: None,
            title: "Send the contract".into(),
            contact: Some(bob.id),
            deal: Some(deal.id),
            due: None,
            every: None,
        },
    )
    .unwrap();
    call(s, bob.id, Some(deal.id), Direction::Out);
    World {
        ada: ada.id,
        bob: bob.id,
        deal: deal.id,
        task: task.id,
        company: ada.company_id.unwrap(),
    }
}

fn call(s: &Store, contact: ContactId, deal: Option<DealId>, direction: Direction) {
    interactions::log(
        s,
        &now(),
        LogInput {
            kind: InteractionKind::Call,
            contact,
            summary: "talked pricing".into(),
            at: None,
            duration_min: Some(30),
            deal,
            direction: Some(direction),
            score: None,
            body: None,
            case: None,
        },
    )
    .unwrap();
}

/// Runs `change`, undoes it and checks every table is as before; redoes it (undo of the
/// undo) and checks every table is as after the change; and takes the redo back, so the
/// next check starts from the same state.
fn undoes(s: &Store, what: &str, change: impl FnOnce(&Store)) {
    let before = dump(s);
    change(s);
    let after = dump(s);
    assert_ne!(before, after, "{what}: the change changed nothing");
    let done = undo(s, &now(), None, false).unwrap();
    assert!(!done.redo, "{what}");
    assert_eq!(dump(s), before, "{what}: undo left a difference");
    let redone = undo(s, &now(), None, false).unwrap();
    assert!(redone.redo, "{what}");
    assert_eq!(dump(s), after, "{what}: redo left a difference");
    let again = undo(s, &now(), None, false).unwrap();
    assert!(!again.redo, "{what}: undoing a redo is an undo");
    assert_eq!(
        dump(s),
        before,
        "{what}: undoing the redo left a difference"
    );
}

#[test]
fn contact_changes_are_undone_on_every_table() {
    let s = store();
    let w = world(&s);
    undoes(&s, "contact add", |s| {
        contacts::add(
            s,
            &now(),
            ContactChanges {
                name: Some("Zoë Quant".into()),
                emails: Some(vec!["zoe@example.com".into()]),
                company: Some("New Co".into()),
                tags: Some(vec!["fresh".into(), "vip".into()]),
                fields: vec![("k".into(), "v".into())],
                ..Default::default()
            },
        )
        .unwrap();
    });
    undoes(&s, "contact edit", |s| {
        contacts::edit(
            s,
            &now(),
            w.ada,
            ContactChanges {
                name: Some("Ada King".into()),
                emails: Some(vec!["ada@king.org".into(), "ada@example.com".into()]),
                add_tags: vec!["countess".into()],
                rm_tags: vec!["vip".into()],
                fields: vec![("twitter".into(), String::new())],
                ..Default::default()
            },
        )
        .unwrap();
    });
    undoes(&s, "contact rm", |s| {
        contacts::remove(s, &now(), w.bob).unwrap();
    });
    undoes(&s, "contact merge", |s| {
        contacts::merge(s, &now(), w.ada, w.bob).unwrap();
    });
}

#[test]
fn company_changes_are_undone_on_every_table() {
    let s = store();
    let w = world(&s);
    undoes(&s, "company add", |s| {
        companies::add(
            s,
            &now(),
            CompanyChanges {
                name: Some("Difference Ltd".into()),
                ..Default::default()
            },
        )
        .unwrap();
    });
    undoes(&s, "company edit", |s| {
        companies::edit(
            s,
            &now(),
            w.company,
            CompanyChanges {
                name: Some("Analytical Engines".into()),
                size: Some(Some(CompanySize::Small)),
                ..Default::default()
            },
        )
        .unwrap();
    });
    undoes(&s, "company rm", |s| {
        companies::remove(s, &now(), w.company).unwrap();
    });
}

#[test]
fn deal_changes_are_undone_on_every_table() {
    let s = store();
    let w = world(&s);
    let proposal = Stage::named(&s.read().stages().unwrap(), "proposal")
        .unwrap()
        .id;
    undoes(&s, "deal add", |s| {
        deals::add(
            s,
            &now(),
            usd(),
            DealChanges {
                title: Some("Second".into()),
                contact: Some(Some(w.bob)),
                ..Default::default()
            },
        )
        .unwrap();
    });
    undoes(&s, "deal edit", |s| {
        deals::edit(
            s,
            &now(),
            w.deal,
            DealChanges {
                title: Some("Engine v2".into()),
                stage: Some(proposal),
                ..Default::default()
            },
        )
        .unwrap();
    });
    undoes(&s, "deal move", |s| {
        deals::move_to(s, &now(), w.deal, Target::Stage(proposal)).unwrap();
    });
    undoes(&s, "deal won", |s| {
        deals::close(s, &now(), w.deal, DealStatus::Won, None).unwrap();
    });
    undoes(&s, "deal lost", |s| {
        deals::close(s, &now(), w.deal, DealStatus::Lost, Some("price")).unwrap();
    });
    deals::close(&s, &now(), w.deal, DealStatus::Won, None).unwrap();
    undoes(&s, "deal reopen", |s| {
        deals::move_to(s, &now(), w.deal, Target::Stage(proposal)).unwrap();
    });
    undoes(
        &s,
        "deal rm (its stage history, the call and task linked to it)",
        |s| {
            deals::remove(s, &now(), w.deal).unwrap();
        },
    );
}

#[test]
fn stage_task_and_interaction_changes_are_undone_on_every_table() {
    let s = store();
    let w = world(&s);
    let lead = Stage::named(&s.read().stages().unwrap(), "lead")
        .unwrap()
        .id;
    let qualified = Stage::named(&s.read().stages().unwrap(), "qualified")
        .unwrap()
        .id;
    undoes(&s, "stage add", |s| {
        stages::add(s, &now(), "demo", Some(40), Some(2)).unwrap();
    });
    undoes(&s, "stage edit", |s| {
        stages::edit(s, &now(), lead, Some("new"), Some(5)).unwrap();
    });
    undoes(&s, "stage move", |s| {
        stages::reorder(s, &now(), lead, 3).unwrap();
    });
    undoes(&s, "stage rm with its deals moved", |s| {
        stages::remove(s, &now(), lead, Some(qualified)).unwrap();
    });
    undoes(&s, "task add", |s| {
        tasks::add(
            s,
            &now(),
            TaskInput {
                title: "Call back".into(),
                contact: Some(w.ada),
                ..Default::default()
            },
        )
        .unwrap();
    });
    undoes(&s, "task done", |s| {
        tasks::set_done(s, &now(), w.task, true).unwrap();
    });
    tasks::set_done(&s, &now(), w.task, true).unwrap();
    undoes(&s, "task reopen", |s| {
        tasks::set_done(s, &now(), w.task, false).unwrap();
    });
    let fresh = contacts::add(
        &s,
        &now(),
        ContactChanges {
            name: Some("Cleo".into()),
            ..Default::default()
        },
    )
    .unwrap();
    undoes(&s, "inbound call (and the lifecycle move it makes)", |s| {
        call(s, fresh.id, None, Direction::In);
    });
}

#[test]
fn task_and_interaction_edits_and_deletions_are_undone_on_every_table() {
    use crate::domain::dates::When;
    use crate::domain::recurrence::Every;
    let s = store();
    let w = world(&s);
    let day = |d: u32| When::Day(chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap());
    undoes(&s, "task edit", |s| {
        let ch = tasks::TaskChanges {
            title: Some("Send the signed contract".into()),
            due: Some(Some(day(1))),
            every: Some(Some(Every::parse("month").unwrap())),
            ..Default::default()
        };
        tasks::edit(s, &now(), w.task, None, ch).unwrap();
    });
    undoes(&s, "task snooze", |s| {
        tasks::snooze(s, &now(), w.task, None).unwrap();
    });
    undoes(&s, "task rm", |s| {
        tasks::remove(s, &now(), w.task).unwrap();
    });
    let monthly = tasks::TaskChanges {
        due: Some(Some(day(31))),
        every: Some(Some(Every::parse("month").unwrap())),
        ..Default::default()
    };
    tasks::edit(&s, &now(), w.task, None, monthly).unwrap();
    undoes(
        &s,
        "recurring task done (and the next one it creates)",
        |s| {
            tasks::tick(s, &now(), w.task, true).unwrap();
        },
    );
    let call = s.read().interactions(&Default::default()).unwrap()[0].id;
    undoes(&s, "interaction edit", |s| {
        let ch = interactions::InteractionChanges {
            summary: Some("talked pricing and terms".into()),
            direction: Some(Direction::In),
            duration_min: Some(Some(45)),
            ..Default::default()
        };
        interactions::edit(s, &now(), call, None, ch).unwrap();
    });
    undoes(&s, "interaction rm (and the last contact it set)", |s| {
        interactions::remove(s, &now(), call).unwrap();
    });
}

#[test]
fn later_work_is_never_undone_and_a_refusal_changes_nothing() {
    let s = store();
    let w = world(&s);
    let n = now();
    let edit = |name: &str| ContactChanges {
        name: Some(name.into()),
        ..Default::default()
    };
    contacts::edit(&s, &n, w.ada, edit("Ada A")).unwrap();
    let first = s.read().latest_change().unwrap().unwrap().id;
    contacts::edit(&s, &n, w.ada, edit("Ada B")).unwrap();
    let second = s.read().latest_change().unwrap().unwrap().id;
    let before = dump(&s);
    let e = undo(&s, &n, Some(first), false).unwrap_err();
    assert!(matches!(e, Error::Conflict { .. }), "{e}");
    assert!(
        e.to_string().contains(&format!("change {second}")),
        "names the later change: {e}"
    );
    assert_eq!(dump(&s), before);

    // Once the later change is undone, the earlier one can be.
    undo(&s, &n, Some(second), false).unwrap();
    undo(&s, &n, Some(first), false).unwrap();
    assert_eq!(
        s.read().contact(w.ada).unwrap().unwrap().name,
        "Ada Lovelace"
    );

    // A tag a change created is used by a contact added since: the later change is named.
    contacts::add(
        &s,
        &n,
        ContactChanges {
            tags: Some(vec!["rare".into()]),
            ..edit("Eve")
        },
    )
    .unwrap();
    let made_tag = s.read().latest_change().unwrap().unwrap().id;
    contacts::add(
        &s,
        &n,
        ContactChanges {
            tags: Some(vec!["rare".into()]),
            ..edit("Finn")
        },
    )
    .unwrap();
    let uses_tag = s.read().latest_change().unwrap().unwrap().id;
    let before = dump(&s);
    let e = undo(&s, &n, Some(made_tag), false).unwrap_err();
    assert!(e.to_string().contains(&format!("change {uses_tag}")), "{e}");
    assert_eq!(dump(&s), before);
}

#[test]
fn undo_redo_undo_keeps_track_of_what_is_in_effect() {
    let s = store();
    let w = world(&s);
    contacts::remove(&s, &now(), w.bob).unwrap();
    let rm = s.read().latest_change().unwrap().unwrap().id;
    let u = undo(&s, &now(), None, false).unwrap().undo_change;
    let r = undo(&s, &now(), None, false).unwrap().undo_change;
    assert_eq!(s.read().change(rm).unwrap().unwrap().undone_by, None);
    let again = undo(&s, &now(), None, false).unwrap();
    assert_eq!(again.change, r);
    // The first undo is in effect again, so the removal counts as undone by it.
    assert_eq!(s.read().change(rm).unwrap().unwrap().undone_by, Some(u));
    let e = undo(&s, &now(), Some(rm), false).unwrap_err();
    assert!(e.to_string().contains("already undone"), "{e}");
    assert!(s.read().contact(w.bob).unwrap().is_some());
}

#[test]
fn bad_undo_requests_are_clear_errors() {
    let s = store();
    let e = undo(&s, &now(), None, false).unwrap_err();
    assert!(e.to_string().contains("nothing to undo"), "{e}");
    let e = undo(&s, &now(), Some(42), false).unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e}");

    let w = world(&s);
    contacts::remove(&s, &now(), w.bob).unwrap();
    let rm = s.read().latest_change().unwrap().unwrap().id;
    let u = undo(&s, &now(), None, false).unwrap();
    assert_eq!(u.change, rm);
    let e = undo(&s, &now(), Some(rm), false).unwrap_err();
    assert!(e.to_string().contains("already undone"), "{e}");
}

#[test]
fn a_dry_run_changes_nothing_and_says_what_it_would_take_back() {
    let s = store();
    let w = world(&s);
    deals::close(&s, &now(), w.deal, DealStatus::Won, None).unwrap();
    let before = dump(&s);
    let history = s.read().history(None, 100).unwrap().len();
    let plan = undo(&s, &now(), None, true).unwrap();
    assert!(plan.dry_run);
    let actions: Vec<&str> = plan.entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["won", "lifecycle"]);
    assert_eq!(dump(&s), before);
    assert_eq!(s.read().history(None, 100).unwrap().len(), history);
    assert!(s.read().change(plan.undo_change).unwrap().is_none());
}

#[test]
fn history_rows_carry_their_change_and_who_made_it() {
    let s = store();
    let n = now().acting_as("ada");
    deals::add(
        &s,
        &n,
        usd(),
        DealChanges {
            title: Some("Solo".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let h = s.read().history(None, 10).unwrap();
    assert!(h.iter().all(|e| e.by.as_deref() == Some("ada")));
    let change = s.read().latest_change().unwrap().unwrap();
    assert!(h.iter().all(|e| e.change == Some(change.id)));
    assert_eq!(change.by.as_deref(), Some("ada"));
    assert_eq!(s.read().history_by(None, Some("bob"), 10).unwrap().len(), 0);
}

#[test]
fn stale_edits_are_refused() {
    let s = store();
    let w = world(&s);
    let n = now();
    let ada = s.read().contact(w.ada).unwrap().unwrap();
    contacts::edit(
        &s,
        &n,
        w.ada,
        ContactChanges {
            title: Some("Countess".into()),
            version: Some(ada.version),
            ..Default::default()
        },
    )
    .unwrap();
    let saved = s.read().contact(w.ada).unwrap().unwrap();
    assert_eq!(saved.version, ada.version + 1);
    let e = contacts::edit(
        &s,
        &n,
        w.ada,
        ContactChanges {
            title: Some("Stale".into()),
            version: Some(ada.version),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(matches!(e, Error::Conflict { .. }));
    assert!(
        e.to_string()
            .contains("since you opened it; reload and try again."),
        "{e}"
    );
    assert_eq!(s.read().contact(w.ada).unwrap().unwrap(), saved);

    let deal = s.read().deal(w.deal).unwrap().unwrap();
    deals::close(&s, &n, w.deal, DealStatus::Won, None).unwrap();
    assert_eq!(
        s.read().deal(w.deal).unwrap().unwrap().version,
        deal.version + 1
    );
    let stale = DealChanges {
        title: Some("x".into()),
        version: Some(deal.version),
        ..Default::default()
    };
    assert!(matches!(
        deals::edit(&s, &n, w.deal, stale),
        Err(Error::Conflict { .. })
    ));

    let co = s.read().company(w.company).unwrap().unwrap();
    let fresh = CompanyChanges {
        notes: Some("fine".into()),
        version: Some(co.version),
        ..Default::default()
    };
    companies::edit(&s, &n, w.company, fresh.clone()).unwrap();
    assert!(matches!(
        companies::edit(&s, &n, w.company, fresh),
        Err(Error::Conflict { .. })
    ));
}
