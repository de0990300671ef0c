//! What rules did in a change, for the faces: the firings to report, and the hooks to run
//! once the change is committed.

use std::time::Duration;

use super::rule::HookCommand;

/// One rule answering one event, and what it did (`task #12 "Follow up…" due 2026-12-04`).
#[derive(Debug, Clone, PartialEq)]
pub struct Fired {
    pub rule: String,
    pub event: String,
    pub did: Vec<String>,
}

/// A hook, ready to run: its command with placeholders filled, the event as JSON for its
/// standard input and the `CRM_*` variables.
#[derive(Debug, Clone, PartialEq)]
pub struct HookCall {
    pub rule: String,
    pub command: HookCommand,
    pub stdin: String,
    pub env: Vec<(String, String)>,
    pub timeout: Duration,
    /// The change that fired it, so a failure is recorded beside it in history.
    pub change: i64,
}

/// An event rules could not answer: deeper than [`super::MAX_DEPTH`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outbox {
    pub fired: Vec<Fired>,
    pub hooks: Vec<HookCall>,
    pub skipped: Vec<String>,
}

impl Outbox {
    pub fn is_empty(&self) -> bool {
        self.fired.is_empty() && self.hooks.is_empty() && self.skipped.is_empty()
    }

    pub fn append(&mut self, mut other: Outbox) {
        self.fired.append(&mut other.fired);
        self.hooks.append(&mut other.hooks);
        self.skipped.append(&mut other.skipped);
    }
}
