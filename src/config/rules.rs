//! `[[rule]]` and `[notify]` in the config file (DESIGN §11), read into the domain's
//! checked rules. An error names the rule and the key, and nothing runs.

use std::time::Duration;

use crate::domain::automation::rule::{Condition, HOOK_TIMEOUT};
use crate::domain::automation::{
    loops, template, Action, EventKind, Hook, HookCommand, Rule, RuleSet, StageOrLifecycle,
};
use crate::domain::filter::{self, Target};
use crate::domain::{dates, Direction, InteractionKind, Lifecycle};

/// Keys every rule may have; `EventKind::keys` adds the event's own.
const COMMON_KEYS: &[&str] = &[
    "name",
    "on",
    "where",
    "segment",
    "task",
    "tag",
    "untag",
    "lifecycle",
    "note",
    "run",
    "timeout",
];

/// How notifications are sent: a command (argv, `{title}` and `{text}` filled in), or
/// standard output when there is none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notify {
    pub command: Option<Vec<String>>,
}

/// Reads the `[[rule]]` tables. `rules` is the value of the `rule` key, if any.
pub fn parse_rules(rules: Option<toml::Value>) -> Result<RuleSet, String> {
    let Some(value) = rules else {
        return Ok(RuleSet::default());
    };
    let toml::Value::Array(items) = value else {
        return Err("rules are written as [[rule]] tables, one per rule.".into());
    };
    let mut set = RuleSet::default();
    for (i, item) in items.into_iter().enumerate() {
        let toml::Value::Table(t) = item else {
            return Err(format!(
                "rule {} is not a table; write it as [[rule]].",
                i + 1
            ));
        };
        let rule = parse_rule(&t, i + 1)?;
        if set.rules.iter().any(|r| r.name == rule.name) {
            return Err(format!(
                "two rules are named {:?}; each rule needs a name of its own (it is shown in history).",
                rule.name
            ));
        }
        set.rules.push(rule);
    }
    if let Some(cycle) = loops::find_cycle(&set) {
        return Err(format!(
            "the rules {} fire each other in a loop; change a rule's `on`, `to` or `kind` so the chain ends.",
            cycle
                .iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(" → ")
        ));
    }
    Ok(set)
}

fn parse_rule(t: &toml::Table, number: usize) -> Result<Rule, String> {
    let name = match t.get("name") {
        Some(toml::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(_) => {
            return Err(format!(
                "rule {number}: key \"name\" must be non-empty text."
            ))
        }
        None => {
            return Err(format!(
                "rule {number} has no name; add name = \"…\" (it is shown in history)."
            ))
        }
    };
    let err = |key: &str, msg: String| format!("rule {name:?}: key {key:?} {msg}");
    let on_text = text(t, "on").map_err(|m| err("on", m))?.ok_or_else(|| {
        format!(
            "rule {name:?} has no key \"on\"; name the event it answers: {}.",
            EventKind::names()
        )
    })?;
    let on = EventKind::parse(&on_text).ok_or_else(|| {
        err(
            "on",
            format!(
                "names no event ({on_text:?}); use one of: {}.",
                EventKind::names()
            ),
        )
    })?;
    for key in t.keys() {
        if !COMMON_KEYS.contains(&key.as_str()) && !on.keys().contains(&key.as_str()) {
            let hint = if on.keys().is_empty() {
                String::new()
            } else {
                format!("; {on} also takes: {}", on.keys().join(", "))
            };
            return Err(err(
                key,
                format!(
                    "is not known here; a rule takes: {}{hint}.",
                    COMMON_KEYS.join(", ")
                ),
            ));
        }
    }
    let to = match text(t, "to").map_err(|m| err("to", m))? {
        None => None,
        Some(s) if on == EventKind::ContactLifecycle => Some(StageOrLifecycle::Lifecycle(
            Lifecycle::parse(&s).map_err(|e| err("to", format!("{e}")))?,
        )),
        Some(s) => Some(StageOrLifecycle::Stage(s)),
    };
    let kind = text(t, "kind")
        .map_err(|m| err("kind", m))?
        .map(|s| InteractionKind::parse(&s).map_err(|e| err("kind", e.to_string())))
        .transpose()?;
    let direction = text(t, "direction")
        .map_err(|m| err("direction", m))?
        .map(|s| Direction::parse(&s).map_err(|e| err("direction", e.to_string())))
        .transpose()?;
    let idle_days = days(t, "days").map_err(|m| err("days", m))?;
    if on == EventKind::ContactIdle && idle_days.is_none() {
        return Err(err(
            "days",
            "is missing: contact.idle needs days = N (days without contact).".into(),
        ));
    }
    let within = days(t, "within").map_err(|m| err("within", m))?;
    let target = if on.is_about_deal() {
        Target::Deal
    } else {
        Target::Contact
    };
    let condition = text(t, "where")
        .map_err(|m| err("where", m))?
        .map(|text| {
            filter::parse(&text, target)
                .map(|filter| Condition { text, filter })
                .map_err(|e| err("where", format!("does not read: {e}")))
        })
        .transpose()?;
    let timeout = match t.get("timeout") {
        None => HOOK_TIMEOUT,
        Some(v) => seconds(v).map_err(|m| err("timeout", m))?,
    };
    let actions = actions(t, timeout).map_err(|(key, m)| err(key, m))?;
    if actions.is_empty() {
        return Err(format!(
            "rule {name:?} does nothing; give it an action: task, tag, untag, lifecycle, note or run."
        ));
    }
    if t.contains_key("timeout") && !actions.iter().any(|a| matches!(a, Action::Run(_))) {
        return Err(err(
            "timeout",
            "applies to a hook, and this rule has no run.".into(),
        ));
    }
    let segment = text(t, "segment").map_err(|m| err("segment", m))?;
    let by: &'static str = Box::leak(format!("rule {name}").into_boxed_str());
    Ok(Rule {
        name,
        by,
        on,
        to,
        kind,
        direction,
        days: idle_days,
        within,
        condition,
        segment,
        actions,
    })
}

fn actions(t: &toml::Table, timeout: Duration) -> Result<Vec<Action>, (&'static str, String)> {
    let mut out = Vec::new();
    if let Some(v) = t.get("task") {
        out.push(task(v).map_err(|m| ("task", m))?);
    }
    for tag in texts(t, "tag").map_err(|m| ("tag", m))? {
        out.push(Action::Tag(tag));
    }
    for tag in texts(t, "untag").map_err(|m| ("untag", m))? {
        out.push(Action::Untag(tag));
    }
    if let Some(l) = text(t, "lifecycle").map_err(|m| ("lifecycle", m))? {
        let l = Lifecycle::parse(&l).map_err(|e| ("lifecycle", e.to_string()))?;
        out.push(Action::Lifecycle(l));
    }
    if let Some(n) = text(t, "note").map_err(|m| ("note", m))? {
        template::check(&n).map_err(|m| ("note", m))?;
        out.push(Action::Note(n));
    }
    if let Some(v) = t.get("run") {
        out.push(Action::Run(Hook {
            command: run(v).map_err(|m| ("run", m))?,
            timeout,
        }));
    }
    Ok(out)
}

fn task(v: &toml::Value) -> Result<Action, String> {
    let (title, due) = match v {
        toml::Value::String(s) => (s.clone(), None),
        toml::Value::Table(t) => {
            if let Some(k) = t.keys().find(|k| *k != "title" && *k != "due") {
                return Err(format!(
                    "has {k:?}, which a task does not take (title, due)."
                ));
            }
            let title = match t.get("title") {
                Some(toml::Value::String(s)) => s.clone(),
                _ => return Err("needs a title: task = { title = \"…\", due = \"+3d\" }.".into()),
            };
            let due = match t.get("due") {
                None => None,
                Some(toml::Value::String(s)) => Some(s.clone()),
                Some(_) => return Err("has a due that is not text; write due = \"+3d\".".into()),
            };
            (title, due)
        }
        _ => return Err("is written task = { title = \"…\", due = \"+3d\" }.".into()),
    };
    if title.trim().is_empty() {
        return Err("has an empty title.".into());
    }
    template::check(&title).map_err(|m| format!("title {m}."))?;
    if let Some(d) = &due {
        // Any moment will do: this only checks the form; the date is read when it fires.
        let reference = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap_or_default();
        dates::parse_when(d, reference).map_err(|_| {
            format!(
                "has due = {d:?}, which is not a date or duration ({}).",
                dates::ACCEPTED_FORMS
            )
        })?;
    }
    Ok(Action::Task {
        title: title.trim().to_string(),
        due,
    })
}

fn run(v: &toml::Value) -> Result<HookCommand, String> {
    match v {
        toml::Value::Array(items) => {
            let argv: Vec<String> = items
                .iter()
                .map(|i| i.as_str().map(str::to_string))
                .collect::<Option<_>>()
                .ok_or("must list text only: run = [\"cmd\", \"arg\"].")?;
            match argv.first() {
                Some(cmd) if !cmd.trim().is_empty() => {}
                _ => return Err("needs a command: run = [\"cmd\", \"arg\"].".into()),
            }
            for a in &argv {
                template::check(a).map_err(|m| format!("argument {a:?} {m}."))?;
            }
            Ok(HookCommand::Argv(argv))
        }
        toml::Value::Table(t) => match (t.get("shell"), t.len()) {
            (Some(toml::Value::String(s)), 1) if !s.trim().is_empty() => {
                Ok(HookCommand::Shell(s.clone()))
            }
            _ => Err("as a table is run = { shell = \"command line\" } and nothing else.".into()),
        },
        toml::Value::String(_) => Err(
            "is a list, run = [\"cmd\", \"arg\"], so no shell reads it; for a shell command line write run = { shell = \"…\" }."
                .into(),
        ),
        _ => Err("is written run = [\"cmd\", \"arg\"] or run = { shell = \"…\" }.".into()),
    }
}

fn text(t: &toml::Table, key: &str) -> Result<Option<String>, String> {
    match t.get(key) {
        None => Ok(None),
        Some(toml::Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.trim().to_string())),
        Some(_) => Err("must be non-empty text.".into()),
    }
}

/// One text or a list of them (`tag = "vip"` or `tag = ["vip", "2026"]`).
fn texts(t: &toml::Table, key: &str) -> Result<Vec<String>, String> {
    match t.get(key) {
        None => Ok(Vec::new()),
        Some(toml::Value::Array(items)) => items
            .iter()
            .map(|i| match i.as_str() {
                Some(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
                _ => Err("must list non-empty text.".to_string()),
            })
            .collect(),
        Some(_) => text(t, key).map(|o| o.into_iter().collect()),
    }
}

/// A number of days: `45`, `"45d"`, `"2w"` or `"0d"` (on the day).
fn days(t: &toml::Table, key: &str) -> Result<Option<u32>, String> {
    let bad = || format!("must be a number of days: {key} = 30, \"30d\" or \"2w\".");
    match t.get(key) {
        None => Ok(None),
        Some(toml::Value::Integer(n)) => u32::try_from(*n)
            .ok()
            .filter(|n| *n <= 36_500)
            .map(Some)
            .ok_or_else(bad),
        Some(toml::Value::String(s)) => parse_days(s).map(Some).ok_or_else(bad),
        Some(_) => Err(bad()),
    }
}

/// `30d`, `2w`, `30` (days) into days, at most a hundred years.
pub fn parse_days(s: &str) -> Option<u32> {
    let s = s.trim().to_lowercase();
    let (num, mult) = if let Some(n) = s.strip_suffix('w') {
        (n, 7)
    } else if let Some(n) = s.strip_suffix('d') {
        (n, 1)
    } else {
        (s.as_str(), 1)
    };
    let n: u32 = num.trim().parse().ok()?;
    n.checked_mul(mult).filter(|d| *d <= 36_500)
}

fn seconds(v: &toml::Value) -> Result<Duration, String> {
    let bad = || "must be a time from 1s to 1h: timeout = \"30s\", \"2m\" or 30.".to_string();
    let secs = match v {
        toml::Value::Integer(n) => u64::try_from(*n).map_err(|_| bad())?,
        toml::Value::String(s) => {
            let s = s.trim().to_lowercase();
            let (num, mult) = if let Some(n) = s.strip_suffix('m') {
                (n.to_string(), 60)
            } else {
                (s.trim_end_matches('s').to_string(), 1)
            };
            num.trim().parse::<u64>().map_err(|_| bad())? * mult
        }
        _ => return Err(bad()),
    };
    if !(1..=3600).contains(&secs) {
        return Err(bad());
    }
    Ok(Duration::from_secs(secs))
}

/// Reads `[notify]`: `command = ["notify-send", "crm", "{text}"]`.
pub fn parse_notify(v: Option<toml::Value>) -> Result<Notify, String> {
    let Some(v) = v else {
        return Ok(Notify::default());
    };
    let toml::Value::Table(t) = v else {
        return Err("[notify] must be a table.".into());
    };
    if let Some(k) = t.keys().find(|k| *k != "command") {
        return Err(format!("[notify] has {k:?}; it takes command only."));
    }
    let command = match t.get("command") {
        None => None,
        Some(toml::Value::Array(items)) => {
            let argv: Option<Vec<String>> =
                items.iter().map(|i| i.as_str().map(str::to_string)).collect();
            match argv {
                Some(a) if a.first().is_some_and(|c| !c.trim().is_empty()) => Some(a),
                _ => {
                    return Err(
                        "[notify] command must be a list of text starting with the command: [\"notify-send\", \"crm\", \"{text}\"]."
                            .into(),
                    )
                }
            }
        }
        Some(_) => {
            return Err(
                "[notify] command is a list, [\"notify-send\", \"crm\", \"{text}\"], so no shell reads it."
                    .into(),
            )
        }
    };
    Ok(Notify { command })
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
