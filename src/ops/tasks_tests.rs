use super::*;
use crate::input::task::{task_id, TaskEditText, TaskText};
use crate::ops::testing::{now, store};

fn add_text(s: &Store, text: TaskText) -> Result<Task> {
    add(s, &now(), text.typed(s.read(), &now())?)
}

fn done(s: &Store, id: &str) -> Result<(Task, bool)> {
    set_done(s, &now(), task_id(id)?, true)
}
use crate::store::{TaskFilter, TaskWindow};

fn list(s: &Store, window: TaskWindow) -> Vec<String> {
    let f = TaskFilter {
        owner: None,
        window,
        today: now().today(),
        now: now().utc,
        contact_id: None,
        deal_id: None,
        limit: None,
        done_since: None,
    };
    s.read()
        .tasks(&f)
        .unwrap()
        .into_iter()
        .map(|t| t.title)
        .collect()
}

#[test]
fn tasks_fall_into_overdue_today_and_week() {
    let s = store();
    for (title, due) in [
        ("late", "yesterday"),
        ("early today", "today 08:00"),
        ("later today", "today 18:00"),
        ("today", "today"),
        ("soon", "+3d"),
        ("far", "+30d"),
    ] {
        add_text(
            &s,
            TaskText {
                title: title.into(),
                due: Some(due.into()),
                ..Default::default()
            },
        )
        .unwrap();
    }
    add_text(
        &s,
        TaskText {
            title: "someday".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(list(&s, TaskWindow::Overdue), vec!["late", "early today"]);
    assert_eq!(
        list(&s, TaskWindow::Today),
        vec!["late", "early today", "later today", "today"]
    );
    assert_eq!(list(&s, TaskWindow::Week).len(), 5);
    assert_eq!(list(&s, TaskWindow::Open).len(), 7);
    let (t, changed) = done(&s, "1").unwrap();
    assert!(changed && t.done_at.is_some());
    assert!(!done(&s, "1").unwrap().1);
    assert_eq!(list(&s, TaskWindow::Overdue), vec!["early today"]);
    assert_eq!(list(&s, TaskWindow::All).len(), 7);
    assert!(add_text(
        &s,
        TaskText {
            title: "x".into(),
            due: Some("whenever".into()),
            ..Default::default()
        }
    )
    .is_err());
    assert!(done(&s, "99").is_err());
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn recurring(s: &Store, title: &str, due: Option<&str>, every: &str) -> Task {
    let mut input = TaskText {
        title: title.into(),
        due: due.map(str::to_string),
        ..Default::default()
    }
    .typed(s.read(), &now())
    .unwrap();
    input.every = Some(Every::parse(every).unwrap());
    add(s, &now(), input).unwrap()
}

fn history(s: &Store) -> Vec<(String, i64)> {
    s.read()
        .history(None, 100)
        .unwrap()
        .into_iter()
        .map(|h| (h.action, h.entity_id))
        .collect()
}

#[test]
fn ticking_a_recurring_task_creates_the_next_one_interval_after_its_due_date() {
    let s = store();
    let t = recurring(&s, "Send invoice", Some("2026-01-31"), "month");
    let ticked = tick(&s, &now(), t.id, true).unwrap();
    assert!(ticked.changed && ticked.task.done_at.is_some());
    let next = ticked.next.unwrap();
    assert_eq!(next.title, "Send invoice");
    assert_eq!(
        next.due,
        Some(Due::Day(day("2026-02-28"))),
        "month end clamped"
    );
    assert_eq!(next.due_day, Some(day("2026-02-28")));
    assert_eq!(next.every, t.every);
    assert_eq!(next.done_at, None);
    assert_eq!(load(s.read(), next.id).unwrap(), next);
    // From this one's due date, not from today (2026-11-22) nor the first one's day.
    let third = tick(&s, &now(), next.id, true).unwrap().next.unwrap();
    assert_eq!(third.due, Some(Due::Day(day("2026-03-28"))));
    let h = history(&s);
    assert!(h.contains(&("done".into(), t.id.0)));
    assert!(h.contains(&("create".into(), next.id.0)));
    // Ticking a done one again creates nothing.
    let again = tick(&s, &now(), t.id, true).unwrap();
    assert!(!again.changed && again.next.is_none());
    // Reopening creates nothing either.
    let reopened = tick(&s, &now(), t.id, false).unwrap();
    assert!(reopened.changed && reopened.next.is_none() && reopened.task.done_at.is_none());
    // Ticked again: the next one exists already, so no second one.
    let retick = tick(&s, &now(), t.id, true).unwrap();
    assert!(retick.changed && retick.next.is_none());
    assert_eq!(list(&s, TaskWindow::All).len(), 3, "no second next one");
}

#[test]
fn leap_years_weeks_times_and_undated_recurring_tasks() {
    let s = store();
    let leap = recurring(&s, "leap", Some("2028-01-31"), "1m");
    let next = tick(&s, &now(), leap.id, true).unwrap().next.unwrap();
    assert_eq!(next.due, Some(Due::Day(day("2028-02-29"))));

    let timed = recurring(&s, "standup notes", Some("2026-11-20 09:00"), "2w");
    let next = tick(&s, &now(), timed.id, true).unwrap().next.unwrap();
    let at = now().from_local(day("2026-12-04").and_hms_opt(9, 0, 0).unwrap());
    assert_eq!(next.due, Some(Due::At(at)));
    assert_eq!(next.due_day, Some(day("2026-12-04")));

    let undated = recurring(&s, "water plants", None, "3d");
    let next = tick(&s, &now(), undated.id, true).unwrap().next.unwrap();
    assert_eq!(
        next.due,
        Some(Due::Day(day("2026-11-25"))),
        "three days after today"
    );

    let plain = add_text(
        &s,
        TaskText {
            title: "once".into(),
            due: Some("today".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(tick(&s, &now(), plain.id, true).unwrap().next.is_none());
}

fn edit_text(s: &Store, id: TaskId, v: Option<i64>, text: TaskEditText) -> Result<(Task, bool)> {
    edit(s, &now(), id, v, text.typed(s.read(), &now())?)
}

fn ada(s: &Store) -> ContactId {
    crate::ops::contacts::add(
        s,
        &now(),
        crate::ops::contacts::ContactChanges {
            name: Some("Ada Lovelace".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

#[test]
fn edit_changes_what_is_given_and_bumps_the_version() {
    let s = store();
    let ada = ada(&s);
    let t = add_text(
        &s,
        TaskText {
            title: "Send proposl".into(),
            due: Some("tomorrow".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(t.version, 1);
    let (e, changed) = edit_text(
        &s,
        t.id,
        Some(1),
        TaskEditText {
            title: Some("Send proposal".into()),
            contact: Some("ada".into()),
            every: Some("2w".into()),
            due: Some("2026-11-24 15:30".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(changed);
    assert_eq!(e.title, "Send proposal");
    assert_eq!(e.contact_id, Some(ada));
    assert_eq!(e.contact.as_deref(), Some("Ada Lovelace"));
    assert_eq!(e.every.unwrap().to_string(), "2w");
    assert_eq!(e.due_day, Some(day("2026-11-24")));
    assert_eq!(e.version, 2);
    assert_eq!(load(s.read(), t.id).unwrap(), e);

    let (cleared, _) = edit_text(
        &s,
        t.id,
        None,
        TaskEditText {
            due: Some("none".into()),
            contact: Some("none".into()),
            every: Some("none".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        (cleared.due, cleared.due_day, cleared.every),
        (None, None, None)
    );
    assert_eq!((cleared.contact_id, cleared.contact), (None, None));
    assert_eq!(cleared.version, 3);

    // The same values again change nothing, and bump nothing.
    let (same, changed) = edit_text(
        &s,
        t.id,
        None,
        TaskEditText {
            title: Some("Send proposal".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!changed);
    assert_eq!(same.version, 3);
    let updates = history(&s).iter().filter(|(a, _)| a == "update").count();
    assert_eq!(updates, 2);
}

#[test]
fn bad_edits_change_nothing() {
    let s = store();
    let t = add_text(
        &s,
        TaskText {
            title: "call back".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let title = |v: &str| TaskEditText {
        title: Some(v.into()),
        ..Default::default()
    };
    let stale = edit_text(&s, t.id, Some(1), title("first")).unwrap().0;
    assert_eq!(stale.version, 2);
    let e = edit_text(&s, t.id, Some(1), title("second")).unwrap_err();
    assert!(matches!(e, Error::Conflict { .. }));
    assert!(e
        .to_string()
        .contains("since you opened it; reload and try again"));
    assert!(edit_text(&s, TaskId(99), None, title("x")).is_err());
    assert_eq!(
        edit_text(&s, t.id, None, title("  ")).unwrap_err().field(),
        Some(Field::Title)
    );
    let bad_every = TaskEditText {
        every: Some("fortnightly".into()),
        ..Default::default()
    };
    assert_eq!(
        edit_text(&s, t.id, None, bad_every).unwrap_err().field(),
        Some(Field::Every)
    );
    let nobody = TaskEditText {
        contact: Some("nobody".into()),
        ..Default::default()
    };
    assert!(edit_text(&s, t.id, None, nobody).is_err());
    assert_eq!(load(s.read(), t.id).unwrap(), stale);
}

#[test]
fn snooze_moves_from_the_due_date_or_from_today() {
    let s = store();
    let make = |due: Option<&str>| {
        add_text(
            &s,
            TaskText {
                title: "t".into(),
                due: due.map(str::to_string),
                ..Default::default()
            },
        )
        .unwrap()
        .id
    };
    let by = |t: &str| Some(crate::input::task::snooze_by(t).unwrap());
    // Due in the future: from its due date.
    let later = snooze(&s, &now(), make(Some("2026-11-25")), None).unwrap();
    assert_eq!(later.due, Some(Due::Day(day("2026-11-26"))));
    assert_eq!(later.version, 2);
    // Overdue: from today, so it is not still overdue.
    let late = snooze(&s, &now(), make(Some("2026-11-01")), by("+2d")).unwrap();
    assert_eq!(late.due, Some(Due::Day(day("2026-11-24"))));
    // Undated: from today.
    let undated = snooze(&s, &now(), make(None), by("1w")).unwrap();
    assert_eq!(undated.due, Some(Due::Day(day("2026-11-29"))));
    // A timed one keeps its time of day.
    let timed = snooze(&s, &now(), make(Some("2026-11-20 08:15")), None).unwrap();
    let at = now().from_local(day("2026-11-23").and_hms_opt(8, 15, 0).unwrap());
    assert_eq!(timed.due, Some(Due::At(at)));
    assert!(history(&s).contains(&("snooze".into(), timed.id.0)));

    let done_id = make(Some("today"));
    set_done(&s, &now(), done_id, true).unwrap();
    let before = load(s.read(), done_id).unwrap();
    let e = snooze(&s, &now(), done_id, None).unwrap_err();
    assert!(e.to_string().contains("is done"), "{e}");
    assert_eq!(load(s.read(), done_id).unwrap(), before);
    assert!(snooze(&s, &now(), TaskId(99), None).is_err());
    assert!(crate::input::task::snooze_by("soon").is_err());
}

#[test]
fn remove_keeps_the_whole_task_in_history_so_it_can_be_restored() {
    let s = store();
    let t = recurring(&s, "Send invoice", Some("2026-12-01 09:00"), "month");
    let (t, _) = edit(
        &s,
        &now(),
        t.id,
        None,
        TaskChanges {
            title: Some("Send the invoice".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let gone = remove(&s, &now(), t.id).unwrap();
    assert_eq!(gone, t);
    assert!(s.read().task(t.id).unwrap().is_none());
    assert!(
        remove(&s, &now(), t.id).is_err(),
        "a second removal finds nothing"
    );
    let h = s.read().history(None, 1).unwrap().remove(0);
    assert_eq!(h.action, "delete");
    let before: Task = serde_json::from_value(h.before.unwrap()).unwrap();
    assert_eq!(before, t);
    s.write(|tx| tx.restore_task(&before)).unwrap();
    assert_eq!(load(s.read(), t.id).unwrap(), t);
}
