//! Automation (DESIGN §11): the events use cases emit, the rules that answer them and what
//! a rule does. Pure data and matching: the config face parses rules, ops match and act.

pub mod event;
pub mod loops;
pub mod outbox;
pub mod rule;
pub mod template;

pub use event::{Event, EventKind};
pub use outbox::{Fired, HookCall, Outbox};
pub use rule::{Action, Hook, HookCommand, Rule, RuleSet, StageOrLifecycle};

/// How deep rules may fire rules: an event a rule caused may fire rules, and so on, this
/// many times; past it the event is reported and not acted on.
pub const MAX_DEPTH: usize = 3;
