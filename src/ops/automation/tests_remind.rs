//! `crm remind`: time-based rules, windows and reminders.

use super::*;

fn closing(s: &Store, c: ContactId, title: &str, in_days: u64) -> DealId {
    deals::add(
        s,
        &now(),
        currency::Currency::usd(),
        DealChanges {
            title: Some(title.into()),
            contact: Some(Some(c)),
            close: Some(Some(now().today() + chrono::Days::new(in_days))),
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

#[test]
fn deal_closing_fires_once_for_deals_closing_within_the_window() {
    let s = with_rules(
        r#"
[[rule]]
name = "prepare"
on = "deal.closing"
within = "3d"
task = { title = "Prepare {deal}", due = "today" }
"#,
    );
    let ada = person(&s, "Ada Lovelace");
    closing(&s, ada, "Soon", 2);
    closing(&s, ada, "Later", 5);
    let done = remind::remind(&s, &now(), &Default::default(), false, false).unwrap();
    let titles: Vec<_> = open_tasks(&s).into_iter().map(|t| t.title).collect();
    assert_eq!(titles, ["Prepare Soon"]);
    assert_eq!(done.outbox.fired.len(), 1);
    // Run again the same day: nothing new.
    let again = remind::remind(&s, &now(), &Default::default(), false, false).unwrap();
    assert!(again.outbox.fired.is_empty());
    // Three days on, "Later" is within three days and "Soon" has passed its date.
    remind::remind(&s, &at(3), &Default::default(), false, false).unwrap();
    let titles: Vec<_> = open_tasks(&s).into_iter().map(|t| t.title).collect();
    assert_eq!(titles.len(), 2);
    assert!(titles.contains(&"Prepare Later".to_string()));
}

#[test]
fn contact_idle_fires_again_after_a_new_contact_goes_quiet() {
    let s = with_rules(
        r#"
[[rule]]
name = "quiet"
on = "contact.idle"
days = 30
tag = "quiet"
untag = "active"
"#,
    );
    let ada = person(&s, "Ada Lovelace");
    let dry = remind::remind(&s, &at(29), &Default::default(), false, false).unwrap();
    assert!(dry.outbox.fired.is_empty(), "29 days is not 30");
    let first = remind::remind(&s, &at(30), &Default::default(), false, true).unwrap();
    assert_eq!(first.outbox.fired.len(), 1, "a dry run shows it");
    assert!(
        contacts::load(s.read(), ada).unwrap().tags.is_empty(),
        "and writes nothing"
    );
    remind::remind(&s, &at(30), &Default::default(), false, false).unwrap();
    assert_eq!(contacts::load(s.read(), ada).unwrap().tags, ["quiet"]);
    let history = s.read().history(Some(ada), 5).unwrap();
    assert_eq!(history[0].by.as_deref(), Some("rule quiet"));
    assert!(
        remind::remind(&s, &at(31), &Default::default(), false, false)
            .unwrap()
            .outbox
            .fired
            .is_empty()
    );
    // A call on day 40 resets the clock; day 70 is 30 days on.
    call(&s, &at(40), ada, "caught up");
    assert!(
        remind::remind(&s, &at(69), &Default::default(), false, false)
            .unwrap()
            .outbox
            .fired
            .is_empty()
    );
    assert_eq!(
        remind::remind(&s, &at(70), &Default::default(), false, false)
            .unwrap()
            .outbox
            .fired
            .len(),
        1
    );
}

#[test]
fn reminders_cover_due_and_overdue_tasks_once_and_timed_ones_shortly_before() {
    let s = store();
    let add = |title: &str, due: crate::domain::dates::When| {
        crate::ops::tasks::add(
            &s,
            &now(),
            crate::ops::tasks::TaskInput {
                owner: None,
                case: None,
                title: title.into(),
                contact: None,
                deal: None,
                due: Some(due),
                every: None,
            },
        )
        .unwrap()
    };
    use crate::domain::dates::When;
    let today = now().today();
    add("overdue", When::Day(today - chrono::Days::new(2)));
    add("today", When::Day(today));
    add("tomorrow", When::Day(today + chrono::Days::new(1)));
    add("at noon", When::Local(today.and_hms_opt(12, 0, 0).unwrap()));
    // 10:00 now: noon is two hours away.
    let first = remind::remind(&s, &now(), &Default::default(), true, false).unwrap();
    let texts: Vec<_> = first.reminders.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["overdue", "today"]);
    let near_noon = crate::ops::Now::fixed(
        now().utc + chrono::Duration::minutes(110),
        chrono::FixedOffset::east_opt(0).unwrap(),
    );
    let second = remind::remind(&s, &near_noon, &Default::default(), true, false).unwrap();
    let texts: Vec<_> = second.reminders.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["at noon"]);
    assert!(
        remind::remind(&s, &near_noon, &Default::default(), true, false)
            .unwrap()
            .reminders
            .is_empty()
    );
    remind::unsent(&s, &second.reminders).unwrap();
    assert_eq!(
        remind::remind(&s, &near_noon, &Default::default(), true, false)
            .unwrap()
            .reminders
            .len(),
        1,
        "an unsent one comes back"
    );
}

#[test]
fn a_cadence_coming_due_fires_its_rule_and_reminds_once_per_due_date() {
    let s = with_rules(
        r#"
[[rule]]
name = "reconnect"
on = "contact.cadence_due"
task = { title = "Reconnect with {contact}", due = "today" }
"#,
    );
    let ada = person(&s, "Ada Lovelace");
    contacts::edit(
        &s,
        &now(),
        ada,
        ContactChanges {
            cadence: Some(Some("2w".parse().unwrap())),
            ..Default::default()
        },
    )
    .unwrap();
    let tags = Default::default();
    let early = remind::remind(&s, &at(13), &tags, true, false).unwrap();
    assert!(early.outbox.fired.is_empty() && early.reminders.is_empty());
    let due = remind::remind(&s, &at(14), &tags, true, false).unwrap();
    assert_eq!(due.outbox.fired.len(), 1);
    let texts: Vec<_> = due.reminders.iter().map(|r| r.text.clone()).collect();
    // The rule's task is due today, and the cadence itself is due.
    assert_eq!(
        texts,
        [
            "Reconnect with Ada Lovelace (Ada Lovelace)",
            "Ada Lovelace (every 2w, due 2026-12-06)"
        ]
    );
    let again = remind::remind(&s, &at(14), &tags, true, false).unwrap();
    assert!(again.outbox.fired.is_empty() && again.reminders.is_empty());
    call(&s, &at(15), ada, "caught up");
    assert!(remind::remind(&s, &at(28), &tags, true, false)
        .unwrap()
        .reminders
        .is_empty());
    let next = remind::remind(&s, &at(29), &tags, true, false).unwrap();
    assert_eq!(
        next.outbox.fired.len(),
        1,
        "due again two weeks after the call"
    );
}

#[test]
fn a_birthday_is_reminded_on_the_day_with_the_age() {
    let s = store();
    let ada = person(&s, "Ada Lovelace");
    contacts::edit(
        &s,
        &now(),
        ada,
        ContactChanges {
            birthday: Some(Some(
                crate::domain::birthday::Birthday::parse("1990-11-23").unwrap(),
            )),
            ..Default::default()
        },
    )
    .unwrap();
    let tags = Default::default();
    assert!(remind::remind(&s, &now(), &tags, true, false)
        .unwrap()
        .reminders
        .is_empty());
    let day = remind::remind(&s, &at(1), &tags, true, false).unwrap();
    let texts: Vec<_> = day.reminders.iter().map(|r| r.text.clone()).collect();
    assert_eq!(texts, ["Ada Lovelace turns 36 today"]);
    assert!(remind::remind(&s, &at(1), &tags, true, false)
        .unwrap()
        .reminders
        .is_empty());
}
