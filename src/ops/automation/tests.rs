use std::sync::Arc;

use super::*;
use crate::domain::automation::HookCommand;
use crate::domain::*;
use crate::ops::contacts::{self, ContactChanges};
use crate::ops::deals::{self, DealChanges, Target};
use crate::ops::interactions::{self, LogInput};
use crate::ops::testing::{now, person, store};
use crate::store::{TaskFilter, TaskWindow};

fn with_rules(text: &str) -> Store {
    let mut s = store();
    let t: toml::Table = toml::from_str(text).unwrap();
    s.set_rules(Arc::new(
        crate::config::rules::parse_rules(t.get("rule").cloned()).unwrap(),
    ));
    s
}

fn deal_for(s: &Store, c: ContactId) -> DealId {
    deals::add(
        s,
        &now(),
        currency::Currency::usd(),
        DealChanges {
            title: Some("Website".into()),
            contact: Some(Some(c)),
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

fn open_tasks(s: &Store) -> Vec<Task> {
    s.read()
        .tasks(&TaskFilter {
            owner: None,
            window: TaskWindow::All,
            today: now().today(),
            now: now().utc,
            contact_id: None,
            deal_id: None,
            limit: None,
            done_since: None,
        })
        .unwrap()
}

/// Logs an outbound call.
fn call(s: &Store, at: &crate::ops::Now, contact: ContactId, summary: &str) {
    interactions::log(
        s,
        at,
        LogInput {
            kind: InteractionKind::Call,
            contact,
            summary: summary.into(),
            at: None,
            duration_min: None,
            deal: None,
            direction: None,
            score: None,
            body: None,
            case: None,
        },
    )
    .unwrap();
}

/// A fixed clock this many days after `now()`.
fn at(days: i64) -> crate::ops::Now {
    crate::ops::Now::fixed(
        now().utc + chrono::Duration::days(days),
        chrono::FixedOffset::east_opt(0).unwrap(),
    )
}

fn stage(s: &Store, name: &str) -> StageId {
    Stage::named(&s.read().stages().unwrap(), name).unwrap().id
}

const PROPOSAL: &str = r#"
[[rule]]
name = "proposal follow-up"
on = "deal.stage"
to = "proposal"
task = { title = "Follow up on the proposal to {contact}", due = "+3d" }
"#;

#[test]
fn a_stage_rule_adds_its_task_in_the_same_change_as_the_move() {
    let s = with_rules(PROPOSAL);
    let ada = person(&s, "Ada Lovelace");
    let d = deal_for(&s, ada);
    s.take_outbox();
    deals::move_to(&s, &now(), d, Target::Stage(stage(&s, "qualified"))).unwrap();
    assert!(open_tasks(&s).is_empty(), "another stage fires nothing");
    deals::move_to(&s, &now(), d, Target::Stage(stage(&s, "proposal"))).unwrap();
    let tasks = open_tasks(&s);
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].title, "Follow up on the proposal to Ada Lovelace");
    assert_eq!(tasks[0].contact_id, Some(ada));
    assert_eq!(tasks[0].deal_id, Some(d));
    assert_eq!(tasks[0].due_day, Some(now().today() + chrono::Days::new(3)));
    let history = s.read().history(None, 10).unwrap();
    let task_row = history.iter().find(|h| h.entity == "task").unwrap();
    let move_row = history.iter().find(|h| h.action == "move").unwrap();
    assert_eq!(task_row.by.as_deref(), Some("rule proposal follow-up"));
    assert_eq!(
        task_row.change, move_row.change,
        "one change: undone together"
    );
    let out = s.take_outbox();
    assert_eq!(out.fired.len(), 1);
    assert_eq!(out.fired[0].rule, "proposal follow-up");
    assert!(out.fired[0].did[0].starts_with("task #"), "{:?}", out.fired);
    crate::ops::undo::undo(&s, &now(), None, false).unwrap();
    assert!(
        open_tasks(&s).is_empty(),
        "undo takes the rule's task back too"
    );
}

#[test]
fn when_a_later_action_fails_the_whole_change_and_the_rules_task_are_gone() {
    let s = with_rules(
        r#"
[[rule]]
name = "kick-off"
on = "deal.won"
task = "Kick-off with {contact}"

[[rule]]
name = "broken note"
on = "deal.won"
note = "{to}"
"#,
    );
    let ada = person(&s, "Ada Lovelace");
    let d = deal_for(&s, ada);
    let e = deals::close(&s, &now(), d, DealStatus::Won, None).unwrap_err();
    assert!(e.to_string().contains("rule \"broken note\""), "{e}");
    assert!(
        open_tasks(&s).is_empty(),
        "the kick-off task went with the change"
    );
    assert_eq!(deals::load(s.read(), d).unwrap().status, DealStatus::Open);
    assert!(
        s.take_outbox().fired.is_empty(),
        "nothing is reported for a failed change"
    );
}

#[test]
fn tag_and_lifecycle_actions_are_recorded_as_the_rule_and_fire_further_rules() {
    let s = with_rules(
        r#"
[[rule]]
name = "onboarding"
on = "deal.won"
tag = "customer"
lifecycle = "expansion"

[[rule]]
name = "welcome"
on = "contact.lifecycle"
to = "expansion"
note = "Moved to {to} after {deal}"
"#,
    );
    let ada = person(&s, "Ada Lovelace");
    let d = deal_for(&s, ada);
    deals::close(&s, &now(), d, DealStatus::Won, None).unwrap();
    let c = contacts::load(s.read(), ada).unwrap();
    assert_eq!(c.tags, vec!["customer".to_string()]);
    assert_eq!(c.lifecycle, Lifecycle::Expansion);
    let notes = s
        .read()
        .history(Some(ada), 50)
        .unwrap()
        .into_iter()
        .filter(|h| h.entity == "interaction")
        .collect::<Vec<_>>();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].by.as_deref(), Some("rule welcome"));
    assert!(notes[0].after.as_ref().unwrap()["summary"]
        .as_str()
        .unwrap()
        .starts_with("Moved to expansion"));
}

#[test]
fn rules_stop_three_deep_and_say_so() {
    let s = with_rules(
        r#"
[[rule]]
name = "a"
on = "interaction.logged"
kind = "call"
lifecycle = "decision"

[[rule]]
name = "b"
on = "contact.lifecycle"
to = "decision"
lifecycle = "retention"

[[rule]]
name = "c"
on = "contact.lifecycle"
to = "retention"
lifecycle = "expansion"

[[rule]]
name = "d"
on = "contact.lifecycle"
to = "expansion"
tag = "too-deep"
"#,
    );
    let ada = person(&s, "Ada Lovelace");
    call(&s, &now(), ada, "hello");
    let c = contacts::load(s.read(), ada).unwrap();
    assert_eq!(c.lifecycle, Lifecycle::Expansion, "a, b and c ran");
    assert!(c.tags.is_empty(), "d was one too deep");
    let out = s.take_outbox();
    assert_eq!(out.fired.len(), 3);
    assert_eq!(out.skipped.len(), 1);
    assert!(out.skipped[0].contains("rule \"d\""), "{:?}", out.skipped);
}

#[test]
fn a_hook_is_queued_with_its_values_and_not_run_by_ops() {
    let s = with_rules(
        r#"
[[rule]]
name = "won"
on = "deal.won"
run = ["notify-send", "Won: {deal} with {contact}"]
"#,
    );
    let ada = person(&s, "Ada Lovelace");
    let d = deal_for(&s, ada);
    deals::close(&s, &now(), d, DealStatus::Won, None).unwrap();
    let out = s.take_outbox();
    assert_eq!(out.hooks.len(), 1);
    let h = &out.hooks[0];
    assert_eq!(
        h.command,
        HookCommand::Argv(vec![
            "notify-send".into(),
            "Won: Website with Ada Lovelace".into()
        ])
    );
    let json: serde_json::Value = serde_json::from_str(&h.stdin).unwrap();
    assert_eq!(json["event"], "deal.won");
    assert_eq!(json["deal"]["title"], "Website");
    assert_eq!(json["contact"]["name"], "Ada Lovelace");
    assert!(h.env.contains(&("CRM_DEAL_ID".to_string(), d.to_string())));
    assert!(h
        .env
        .contains(&("CRM_EVENT".to_string(), "deal.won".to_string())));
    assert!(s.take_outbox().is_empty(), "taken once");
}

#[test]
fn without_rules_nothing_is_posted() {
    let s = store();
    let ada = person(&s, "Ada Lovelace");
    let d = deal_for(&s, ada);
    deals::close(&s, &now(), d, DealStatus::Won, None).unwrap();
    assert!(s.take_outbox().is_empty());
}

#[test]
fn where_narrows_a_rule_to_the_contacts_or_deals_it_names() {
    let s = with_rules(
        r#"
[[rule]]
name = "quiet customers"
on = "contact.idle"
days = 45
where = "lifecycle in (retention, expansion)"
tag = "check-in"

[[rule]]
name = "big win"
on = "deal.won"
where = "value >= 5000 and tag:vip"
tag = "big"
"#,
    );
    let ada = person(&s, "Ada Lovelace");
    let bob = person(&s, "Bob Hope");
    contacts::edit(
        &s,
        &now(),
        ada,
        ContactChanges {
            lifecycle: Some(Lifecycle::Retention),
            add_tags: vec!["vip".into()],
            ..Default::default()
        },
    )
    .unwrap();
    remind::remind(&s, &at(46), &Default::default(), false, false).unwrap();
    assert_eq!(
        contacts::load(s.read(), ada).unwrap().tags,
        ["check-in", "vip"]
    );
    assert!(
        contacts::load(s.read(), bob).unwrap().tags.is_empty(),
        "bob is a lead"
    );
    let big = |c: ContactId, minor: i64| {
        deals::add(
            &s,
            &now(),
            currency::Currency::usd(),
            DealChanges {
                title: Some("Deal".into()),
                contact: Some(Some(c)),
                value: Some(money::Money::new(minor, currency::Currency::usd())),
                ..Default::default()
            },
        )
        .unwrap()
        .id
    };
    let small = big(ada, 499_900);
    deals::close(&s, &now(), small, DealStatus::Won, None).unwrap();
    assert!(!contacts::load(s.read(), ada)
        .unwrap()
        .tags
        .contains(&"big".to_string()));
    let large = big(ada, 500_000);
    deals::close(&s, &now(), large, DealStatus::Won, None).unwrap();
    assert!(contacts::load(s.read(), ada)
        .unwrap()
        .tags
        .contains(&"big".to_string()));
}

#[test]
fn a_rule_can_ask_for_a_saved_segment() {
    let s = with_rules(
        r#"
[[rule]]
name = "vip win"
on = "deal.won"
segment = "vips"
tag = "big-vip"
"#,
    );
    let ada = person(&s, "Ada Lovelace");
    let bob = person(&s, "Bob Hope");
    contacts::edit(
        &s,
        &now(),
        ada,
        ContactChanges {
            add_tags: vec!["vip".into()],
            ..Default::default()
        },
    )
    .unwrap();
    // Not saved yet: the rule does not fire, and the win goes through.
    let first = deal_for(&s, ada);
    deals::close(&s, &now(), first, DealStatus::Won, None).unwrap();
    assert!(!contacts::load(s.read(), ada)
        .unwrap()
        .tags
        .contains(&"big-vip".to_string()));
    let vips =
        crate::domain::filter::parse("tag:vip", crate::domain::filter::Target::Contact).unwrap();
    crate::ops::segments::add(&s, &now(), "vips", &vips).unwrap();
    for who in [ada, bob] {
        let d = deal_for(&s, who);
        deals::close(&s, &now(), d, DealStatus::Won, None).unwrap();
    }
    assert!(contacts::load(s.read(), ada)
        .unwrap()
        .tags
        .contains(&"big-vip".to_string()));
    assert!(!contacts::load(s.read(), bob)
        .unwrap()
        .tags
        .contains(&"big-vip".to_string()));
}

#[path = "tests_remind.rs"]
mod remind_tests;
