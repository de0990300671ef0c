//! A rule as the config file gives it, checked: `on` an event, optionally narrowed by the
//! event's details and a `where` expression, and the actions it takes.

use std::time::Duration;

use crate::domain::{Direction, InteractionKind, Lifecycle};

use super::event::{Event, EventKind};

/// The `to` of `contact.lifecycle` (a lifecycle stage) or `deal.stage` (a pipeline stage:
/// stages live in the database, so the name is kept and compared without case).
#[derive(Debug, Clone, PartialEq)]
pub enum StageOrLifecycle {
    Lifecycle(Lifecycle),
    Stage(String),
}

impl StageOrLifecycle {
    fn matches(&self, to: &str) -> bool {
        match self {
            StageOrLifecycle::Lifecycle(l) => Lifecycle::parse(to).is_ok_and(|t| t == *l),
            StageOrLifecycle::Stage(s) => s.trim().to_lowercase() == to.trim().to_lowercase(),
        }
    }

    pub fn text(&self) -> String {
        match self {
            StageOrLifecycle::Lifecycle(l) => l.to_string(),
            StageOrLifecycle::Stage(s) => s.clone(),
        }
    }
}

/// How a hook is run: a command and its arguments (no shell), or a shell command line the
/// user asked for explicitly (`run = { shell = "…" }`).
#[derive(Debug, Clone, PartialEq)]
pub enum HookCommand {
    Argv(Vec<String>),
    Shell(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hook {
    pub command: HookCommand,
    pub timeout: Duration,
}

/// The default time a hook may take before it is stopped.
pub const HOOK_TIMEOUT: Duration = Duration::from_secs(10);

/// What a rule does. Database actions happen in the transaction of the change that fired
/// it; `Run` happens after that change is committed.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A task about the event's contact (and deal); `due` is a date as people type it,
    /// read when the rule fires (`+3d`, `today`, `next monday`).
    Task {
        title: String,
        due: Option<String>,
    },
    Tag(String),
    Untag(String),
    Lifecycle(Lifecycle),
    /// A note logged on the contact's timeline.
    Note(String),
    Run(Hook),
}

impl Action {
    /// The action as the config file would say it, for `crm rule list`.
    pub fn describe(&self) -> String {
        match self {
            Action::Task { title, due } => match due {
                Some(d) => format!("task {title:?} due {d}"),
                None => format!("task {title:?}"),
            },
            Action::Tag(t) => format!("tag {t}"),
            Action::Untag(t) => format!("untag {t}"),
            Action::Lifecycle(l) => format!("lifecycle {l}"),
            Action::Note(n) => format!("note {n:?}"),
            Action::Run(h) => match &h.command {
                HookCommand::Argv(a) => format!("run {a:?}"),
                HookCommand::Shell(s) => format!("run shell {s:?}"),
            },
        }
    }

    /// The events doing this can cause, as (kind, `to`, interaction kind), for the loop
    /// check: a lifecycle move and a note are changes other rules may answer.
    pub fn causes(&self) -> Option<(EventKind, Option<String>, Option<InteractionKind>)> {
        match self {
            Action::Lifecycle(l) => Some((EventKind::ContactLifecycle, Some(l.to_string()), None)),
            Action::Note(_) => Some((
                EventKind::InteractionLogged,
                None,
                Some(InteractionKind::Note),
            )),
            _ => None,
        }
    }
}

/// A `where` expression as written and as parsed (on the deal for `deal.*` events, else
/// on the contact); the ops layer evaluates it on the event's records.
#[derive(Debug, Clone)]
pub struct Condition {
    pub text: String,
    pub filter: crate::domain::filter::Filter,
}

impl PartialEq for Condition {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub name: String,
    /// `rule NAME`, the history's `by` for what the rule does (made once per rule when
    /// the config is read, and kept for the life of the process).
    pub by: &'static str,
    pub on: EventKind,
    pub to: Option<StageOrLifecycle>,
    pub kind: Option<InteractionKind>,
    pub direction: Option<Direction>,
    /// `contact.idle`: after this many days without contact.
    pub days: Option<u32>,
    /// `task.due`, `deal.closing`, `birthday`: this many days ahead (0: on the day).
    pub within: Option<u32>,
    pub condition: Option<Condition>,
    /// A saved segment the contact (or deal) must be in (DESIGN §12), read from the
    /// database when the rule fires, so editing the segment changes the rule.
    pub segment: Option<String>,
    pub actions: Vec<Action>,
}

impl Rule {
    /// Whether the event is one this rule listens for, by its kind and details (the
    /// `where` expression is checked by the caller, who has the records).
    pub fn matches(&self, e: &Event) -> bool {
        if e.event != self.on {
            return false;
        }
        if let Some(to) = &self.to {
            if !e.to.as_deref().is_some_and(|t| to.matches(t)) {
                return false;
            }
        }
        if self.kind.is_some() && e.kind != self.kind {
            return false;
        }
        if self.direction.is_some() && e.direction != self.direction {
            return false;
        }
        true
    }

    /// The `on` part as the config says it, with its details (`deal.stage to proposal`).
    pub fn trigger(&self) -> String {
        let mut s = self.on.to_string();
        if let Some(to) = &self.to {
            s.push_str(&format!(" to {}", to.text()));
        }
        if let Some(k) = self.kind {
            s.push_str(&format!(" kind {k}"));
        }
        if let Some(d) = self.direction {
            s.push_str(&format!(" direction {d}"));
        }
        if let Some(d) = self.days {
            s.push_str(&format!(" days {d}"));
        }
        if let Some(w) = self.within {
            s.push_str(&format!(" within {w}d"));
        }
        s
    }
}

/// The rules of the config file, in file order (the order they act in).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rules listening for this event, in order.
    pub fn matching<'a>(&'a self, e: &'a Event) -> impl Iterator<Item = &'a Rule> + 'a {
        self.rules.iter().filter(move |r| r.matches(e))
    }

    /// The time-based rules, for `crm remind`.
    pub fn timed(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(|r| r.on.is_timed())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::{ContactId, DealId};

    /// A rule on `on` that tags, to vary in a test.
    pub(crate) fn rule(on: EventKind) -> Rule {
        Rule {
            name: "r".into(),
            by: "rule r",
            on,
            to: None,
            kind: None,
            direction: None,
            days: None,
            within: None,
            condition: None,
            segment: None,
            actions: vec![Action::Tag("x".into())],
        }
    }

    #[test]
    fn a_rule_matches_its_event_kind_only() {
        let r = rule(EventKind::DealWon);
        assert!(r.matches(&Event::new(EventKind::DealWon).deal(DealId(1))));
        assert!(!r.matches(&Event::new(EventKind::DealLost).deal(DealId(1))));
    }

    #[test]
    fn to_compares_stages_without_case_and_lifecycles_by_alias() {
        let mut r = rule(EventKind::DealStage);
        r.to = Some(StageOrLifecycle::Stage("Proposal".into()));
        assert!(r.matches(&Event::new(EventKind::DealStage).to("proposal")));
        assert!(!r.matches(&Event::new(EventKind::DealStage).to("negotiation")));
        assert!(!r.matches(&Event::new(EventKind::DealStage)));
        let mut l = rule(EventKind::ContactLifecycle);
        l.to = Some(StageOrLifecycle::Lifecycle(Lifecycle::Retention));
        assert!(l.matches(&Event::new(EventKind::ContactLifecycle).to("retention")));
        assert!(l.matches(&Event::new(EventKind::ContactLifecycle).to("customer")));
        assert!(!l.matches(&Event::new(EventKind::ContactLifecycle).to("decision")));
    }

    #[test]
    fn kind_and_direction_narrow_interaction_events() {
        let mut r = rule(EventKind::InteractionLogged);
        r.kind = Some(InteractionKind::Call);
        r.direction = Some(Direction::In);
        let mut e = Event::new(EventKind::InteractionLogged).contact(Some(ContactId(1)));
        e.kind = Some(InteractionKind::Call);
        e.direction = Some(Direction::In);
        assert!(r.matches(&e));
        e.direction = Some(Direction::Out);
        assert!(!r.matches(&e));
        e.direction = Some(Direction::In);
        e.kind = Some(InteractionKind::Email);
        assert!(!r.matches(&e));
    }

    #[test]
    fn the_set_lists_matching_rules_in_file_order() {
        let mut a = rule(EventKind::DealWon);
        a.name = "a".into();
        let mut b = rule(EventKind::DealWon);
        b.name = "b".into();
        let set = RuleSet {
            rules: vec![a, rule(EventKind::DealLost), b],
        };
        let e = Event::new(EventKind::DealWon);
        let names: Vec<_> = set.matching(&e).map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(set.timed().count(), 0);
    }
}
