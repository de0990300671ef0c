//! What a rule does: tasks, tags, lifecycle moves and notes written in the change that
//! fired it (recorded in history as `by = rule NAME`), and hooks queued for after it.

use std::collections::BTreeMap;

use serde_json::json;

use crate::domain::automation::rule::HookCommand;
use crate::domain::automation::{template, Action, Event, HookCall, Outbox, Rule};
use crate::domain::dates::parse_when;
use crate::domain::*;
use crate::ops::contacts::{self, ContactChanges};
use crate::ops::interactions::{self, LogInput};
use crate::ops::tasks::{self, TaskInput};
use crate::ops::Now;
use crate::store::Tx;

/// The records an event names, read once for the rule's text and its hook.
struct Subject {
    contact: Option<Contact>,
    deal: Option<Deal>,
    task: Option<Task>,
}

impl Subject {
    fn load(tx: &Tx<'_>, e: &Event) -> Result<Subject> {
        let r = tx.read();
        let task = match e.task_id {
            Some(id) => r.task(id)?,
            None => None,
        };
        let deal = match e.deal_id.or(task.as_ref().and_then(|t| t.deal_id)) {
            Some(id) => r.deal(id)?,
            None => None,
        };
        let contact_id = e
            .contact_id
            .or(deal.as_ref().and_then(|d| d.contact_id))
            .or(task.as_ref().and_then(|t| t.contact_id));
        let contact = match contact_id {
            Some(id) => r.contact(id)?,
            None => None,
        };
        Ok(Subject {
            contact,
            deal,
            task,
        })
    }

    fn values(&self, rule: &Rule, e: &Event, now: &Now) -> BTreeMap<&'static str, String> {
        let mut v = BTreeMap::new();
        if let Some(c) = &self.contact {
            v.insert("contact", c.name.clone());
            v.insert("email", c.primary_email().unwrap_or_default().to_string());
            v.insert("company", c.company.clone().unwrap_or_default());
        }
        if let Some(d) = &self.deal {
            v.insert("deal", d.title.clone());
            v.insert("stage", d.stage.clone());
            v.insert("value", d.value.to_string());
            if self.contact.is_none() {
                v.insert("company", d.company.clone().unwrap_or_default());
            }
        }
        if let Some(t) = &self.task {
            v.insert("task", t.title.clone());
        }
        v.insert("to", e.to.clone().unwrap_or_default());
        v.insert("rule", rule.name.clone());
        v.insert("event", e.event.to_string());
        v.insert("date", now.today().to_string());
        v.insert("days", e.days.map(|d| d.to_string()).unwrap_or_default());
        v
    }
}

/// Applies the rule's actions for `event`, as the rule (history's `by`). Returns one line
/// per action saying what it did.
pub(super) fn apply(
    tx: &Tx<'_>,
    now: &Now,
    rule: &Rule,
    event: &Event,
    out: &mut Outbox,
) -> Result<Vec<String>> {
    let acting = now.acting_as(rule.by);
    let subject = Subject::load(tx, event)?;
    let values = subject.values(rule, event, now);
    let contact = subject.contact.as_ref().map(|c| c.id);
    let no_contact = |what: &str| format!("{what}: skipped, {} names no contact", event.event);
    let mut did = Vec::new();
    for action in &rule.actions {
        let line = match action {
            Action::Task { title, due } => {
                let due = due
                    .as_deref()
                    .map(|d| parse_when(d, now.local()))
                    .transpose()
                    .map_err(|e| in_rule(rule, "task", e))?;
                let t = tasks::add_in(
                    tx,
                    &acting,
                    TaskInput {
                        case: None,
                        owner: None,
                        title: template::fill(title, &values),
                        contact,
                        deal: subject.deal.as_ref().map(|d| d.id),
                        due,
                        every: None,
                    },
                )
                .map_err(|e| in_rule(rule, "task", e))?;
                match t.due_day {
                    Some(day) => format!("task #{} {:?} due {day}", t.id, t.title),
                    None => format!("task #{} {:?}", t.id, t.title),
                }
            }
            Action::Tag(tag) | Action::Untag(tag) => match contact {
                None => no_contact("tag"),
                Some(id) => {
                    let adding = matches!(action, Action::Tag(_));
                    let ch = ContactChanges {
                        add_tags: if adding { vec![tag.clone()] } else { vec![] },
                        rm_tags: if adding { vec![] } else { vec![tag.clone()] },
                        ..Default::default()
                    };
                    let (c, changed) = contacts::edit_in(tx, &acting, id, &ch)
                        .map_err(|e| in_rule(rule, "tag", e))?;
                    match (adding, changed) {
                        (true, true) => format!("tagged {} {tag}", c.name),
                        (false, true) => format!("untagged {} {tag}", c.name),
                        (true, false) => format!("{} was already tagged {tag}", c.name),
                        (false, false) => format!("{} was not tagged {tag}", c.name),
                    }
                }
            },
            Action::Lifecycle(l) => match contact {
                None => no_contact("lifecycle"),
                Some(id) => {
                    let ch = ContactChanges {
                        lifecycle: Some(*l),
                        ..Default::default()
                    };
                    let (c, changed) = contacts::edit_in(tx, &acting, id, &ch)
                        .map_err(|e| in_rule(rule, "lifecycle", e))?;
                    if changed {
                        format!("moved {} to {l}", c.name)
                    } else {
                        format!("{} was already in {l}", c.name)
                    }
                }
            },
            Action::Note(text) => match contact {
                None => no_contact("note"),
                Some(id) => {
                    let i = interactions::log_in(
                        tx,
                        &acting,
                        LogInput {
                            kind: InteractionKind::Note,
                            contact: id,
                            summary: template::fill(text, &values),
                            at: None,
                            duration_min: None,
                            deal: subject.deal.as_ref().map(|d| d.id),
                            direction: None,
                            score: None,
                            body: None,
                            case: None,
                        },
                    )
                    .map_err(|e| in_rule(rule, "note", e))?;
                    format!("note #{} {:?}", i.id, i.summary)
                }
            },
            Action::Run(hook) => {
                let command = match &hook.command {
                    HookCommand::Argv(argv) => {
                        HookCommand::Argv(argv.iter().map(|a| template::fill(a, &values)).collect())
                    }
                    // A shell line gets no values spliced in (they would be read as shell
                    // syntax); it reads them from the CRM_* variables.
                    HookCommand::Shell(s) => HookCommand::Shell(s.clone()),
                };
                let shown = match &command {
                    HookCommand::Argv(a) => a.first().cloned().unwrap_or_default(),
                    HookCommand::Shell(s) => s.clone(),
                };
                out.hooks.push(HookCall {
                    rule: rule.name.clone(),
                    command,
                    stdin: payload(rule, event, &subject, now).to_string(),
                    env: env(rule, event, &subject),
                    timeout: hook.timeout,
                    change: tx.change_id(),
                });
                format!("runs {shown}")
            }
        };
        did.push(line);
    }
    Ok(did)
}

/// An action that failed names its rule, so the user knows which line of the config to
/// look at; the whole change is refused.
fn in_rule(rule: &Rule, key: &str, e: Error) -> Error {
    let msg = format!("rule {:?} ({key}): {e}", rule.name);
    match e {
        Error::NotFound { .. } => Error::not_found(msg),
        Error::Conflict { .. } => Error::conflict(msg),
        Error::Storage(_) => Error::storage(msg),
        _ => Error::invalid(msg),
    }
}

/// The event as JSON on a hook's standard input.
fn payload(rule: &Rule, e: &Event, s: &Subject, now: &Now) -> serde_json::Value {
    let mut v = json!({
        "event": e.event.as_str(),
        "rule": rule.name,
        "at": now.utc.to_rfc3339(),
    });
    let detail = serde_json::to_value(e).unwrap_or_default();
    if let (Some(map), Some(d)) = (v.as_object_mut(), detail.as_object()) {
        for (k, val) in d {
            map.entry(k.clone()).or_insert(val.clone());
        }
        if let Some(c) = &s.contact {
            map.insert(
                "contact".into(),
                json!({"id": c.id, "name": c.name, "email": c.primary_email(),
                       "company": c.company, "lifecycle": c.lifecycle, "tags": c.tags}),
            );
        }
        if let Some(d) = &s.deal {
            map.insert(
                "deal".into(),
                json!({"id": d.id, "title": d.title, "stage": d.stage, "status": d.status,
                       "value": d.value.major_f64(), "currency": d.value.currency.code()}),
            );
        }
        if let Some(t) = &s.task {
            map.insert(
                "task".into(),
                json!({"id": t.id, "title": t.title, "due": t.due_day}),
            );
        }
    }
    v
}

/// `CRM_EVENT`, `CRM_RULE`, `CRM_CONTACT_ID`, … for a hook.
fn env(rule: &Rule, e: &Event, s: &Subject) -> Vec<(String, String)> {
    let mut v = vec![
        ("CRM_EVENT".to_string(), e.event.to_string()),
        ("CRM_RULE".to_string(), rule.name.clone()),
    ];
    let mut put = |k: &str, val: String| v.push((k.to_string(), val));
    if let Some(c) = &s.contact {
        put("CRM_CONTACT_ID", c.id.to_string());
        put("CRM_CONTACT", c.name.clone());
        if let Some(m) = c.primary_email() {
            put("CRM_EMAIL", m.to_string());
        }
    }
    if let Some(d) = &s.deal {
        put("CRM_DEAL_ID", d.id.to_string());
        put("CRM_DEAL", d.title.clone());
        put("CRM_STAGE", d.stage.clone());
    }
    if let Some(t) = &s.task {
        put("CRM_TASK_ID", t.id.to_string());
        put("CRM_TASK", t.title.clone());
    }
    if let Some(to) = &e.to {
        put("CRM_TO", to.clone());
    }
    v
}
