//! Support cases (DESIGN §13): their priorities, the status machine and the response-time
//! targets. Pure: the store keeps cases, ops move them. (Issue 14's first part: the
//! records, commands and views that use this come next.)

use std::fmt;

use chrono::{DateTime, Duration, Utc};

use super::{Error, Result};

/// How urgent a case is; targets are set per priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}

/// Where a case is: `open` → `pending` (waiting on the customer) → `solved` → `closed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Open,
    Pending,
    Solved,
    Closed,
}

macro_rules! words {
    ($t:ident, $what:literal, { $($v:ident => $w:literal),+ }) => {
        impl $t {
            pub const ALL: &'static [$t] = &[$($t::$v),+];
            pub fn as_str(self) -> &'static str {
                match self { $($t::$v => $w),+ }
            }
            pub fn parse(s: &str) -> Result<$t> {
                match s.trim().to_lowercase().as_str() {
                    $($w => Ok($t::$v),)+
                    _ => Err(Error::invalid(format!(
                        "unknown {} {:?}; use one of: {}.",
                        $what,
                        s,
                        [$($w),+].join(", ")
                    ))),
                }
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

words!(Priority, "priority", { Low => "low", Normal => "normal", High => "high", Urgent => "urgent" });
words!(Status, "case status", { Open => "open", Pending => "pending", Solved => "solved", Closed => "closed" });

/// A solved case that hears from the customer within this long opens again.
pub const REOPEN_WITHIN_DAYS: i64 = 7;

/// What is done to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Waiting on the customer.
    Pending,
    Solve,
    Reopen,
    Close,
    /// The customer wrote (an inbound interaction on the case), at this moment.
    CustomerWrote,
}

/// The status after `m`, or why it cannot be done. `solved_at` is when a solved case was
/// solved (for a customer's reply within [`REOPEN_WITHIN_DAYS`]).
pub fn next(
    status: Status,
    m: Move,
    solved_at: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
) -> Result<Status> {
    use Status::*;
    let refuse = |what: &str| {
        Err(Error::invalid(format!(
            "the case is {status}, so it cannot be {what}."
        )))
    };
    match (status, m) {
        (Closed, Move::CustomerWrote) => Ok(Closed),
        (Closed, _) => refuse(match m {
            Move::Pending => "set pending",
            Move::Solve => "solved",
            Move::Reopen => "reopened; open a new case instead",
            _ => "closed again",
        }),
        (Open, Move::Pending) => Ok(Pending),
        (Pending, Move::Pending) => refuse("set pending again"),
        (Solved, Move::Pending) => refuse("set pending; reopen it first"),
        (Open | Pending, Move::Solve) => Ok(Solved),
        (Solved, Move::Solve) => refuse("solved again"),
        (Pending | Solved, Move::Reopen) => Ok(Open),
        (Open, Move::Reopen) => refuse("reopened"),
        (Solved, Move::Close) => Ok(Closed),
        (Open | Pending, Move::Close) => refuse("closed before it is solved; solve it first"),
        (Pending, Move::CustomerWrote) => Ok(Open),
        (Open, Move::CustomerWrote) => Ok(Open),
        (Solved, Move::CustomerWrote) => {
            let recent = solved_at.is_some_and(|s| at - s <= Duration::days(REOPEN_WITHIN_DAYS));
            Ok(if recent { Open } else { Solved })
        }
    }
}

/// Response-time targets per priority: how long until the first reply, and until solved.
#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    /// First response, by priority (low, normal, high, urgent).
    pub first_response: [Duration; 4],
    pub resolution: [Duration; 4],
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            first_response: [
                Duration::days(3),
                Duration::days(1),
                Duration::hours(4),
                Duration::hours(1),
            ],
            resolution: [
                Duration::days(30),
                Duration::days(7),
                Duration::days(3),
                Duration::days(1),
            ],
        }
    }
}

fn slot(p: Priority) -> usize {
    match p {
        Priority::Low => 0,
        Priority::Normal => 1,
        Priority::High => 2,
        Priority::Urgent => 3,
    }
}

/// How a case stands against one target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Met in time.
    Met,
    /// Still running, with this long left (zero at the deadline itself).
    Left(Duration),
    /// Missed: done late, or not done and past the deadline.
    Breached,
}

impl Targets {
    pub fn first_response_by(&self, p: Priority, opened: DateTime<Utc>) -> DateTime<Utc> {
        opened + self.first_response[slot(p)]
    }

    pub fn resolution_by(&self, p: Priority, opened: DateTime<Utc>) -> DateTime<Utc> {
        opened + self.resolution[slot(p)]
    }

    /// The first-response target: met when the reply came at or before the deadline.
    pub fn first_response(
        &self,
        p: Priority,
        opened: DateTime<Utc>,
        replied: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Standing {
        standing(self.first_response_by(p, opened), replied, now)
    }

    /// The resolution target: met when solved at or before the deadline.
    pub fn resolution(
        &self,
        p: Priority,
        opened: DateTime<Utc>,
        solved: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Standing {
        standing(self.resolution_by(p, opened), solved, now)
    }
}

fn standing(due: DateTime<Utc>, done: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Standing {
    match done {
        Some(at) if at <= due => Standing::Met,
        Some(_) => Standing::Breached,
        None if now <= due => Standing::Left(due - now),
        None => Standing::Breached,
    }
}

/// The two targets a case is measured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    FirstResponse,
    Resolution,
}

impl Target {
    /// The short word the Cases view and the case page use.
    pub fn word(self) -> &'static str {
        match self {
            Target::FirstResponse => "reply",
            Target::Resolution => "solve",
        }
    }
}

/// One target of a case: its deadline, when it was met (if it was) and how it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub target: Target,
    pub due: DateTime<Utc>,
    pub done: Option<DateTime<Utc>>,
    pub standing: Standing,
}

impl Clock {
    /// Still to be met: no reply yet, or not solved yet.
    pub fn outstanding(&self) -> bool {
        self.done.is_none()
    }

    /// Time left to the deadline; negative once past it.
    pub fn left(&self, now: DateTime<Utc>) -> Duration {
        self.due - now
    }
}

impl Targets {
    /// Both of a case's targets at `now`: the first response, then the resolution. A case
    /// that is no longer open or pending stops its clocks when it was solved: a target it
    /// had not missed by then is met (solved before the reply was due, without a reply,
    /// is not late).
    pub fn clocks(&self, k: &Case, now: DateTime<Utc>) -> [Clock; 2] {
        let live = matches!(k.status, Status::Open | Status::Pending);
        let at = if live {
            now
        } else {
            k.solved_at.unwrap_or(now)
        };
        let clock = |target, due, done| {
            let standing = match standing(due, done, at) {
                Standing::Left(_) if !live => Standing::Met,
                s => s,
            };
            Clock {
                target,
                due,
                done,
                standing,
            }
        };
        [
            clock(
                Target::FirstResponse,
                self.first_response_by(k.priority, k.opened_at),
                k.first_response_at,
            ),
            clock(
                Target::Resolution,
                self.resolution_by(k.priority, k.opened_at),
                k.solved_at,
            ),
        ]
    }

    /// Past a target: replied or solved late, or (while live) not yet and past the
    /// deadline. The one definition the lists, the agenda, the app, exports and the
    /// `service` report share.
    pub fn breached(&self, k: &Case, now: DateTime<Utc>) -> bool {
        self.clocks(k, now)
            .iter()
            .any(|c| c.standing == Standing::Breached)
    }

    /// The target still to be met that is nearest its deadline (or furthest past it): what
    /// a live case's urgency is measured by. `None` once both are met.
    pub fn next_due(&self, k: &Case, now: DateTime<Utc>) -> Option<Clock> {
        self.clocks(k, now)
            .into_iter()
            .filter(Clock::outstanding)
            .min_by_key(|c| c.due)
    }

    /// Orders live cases by urgency: breached ones first, then the least time left to the
    /// next deadline (the furthest past first), then by priority, the oldest first.
    pub fn sort_by_urgency(&self, cases: &mut [Case], now: DateTime<Utc>) {
        cases.sort_by_key(|k| {
            let due = self.next_due(k, now).map(|c| c.due);
            (
                !self.breached(k, now),
                due.is_none(),
                due,
                std::cmp::Reverse(k.priority),
                k.opened_at,
                k.id,
            )
        });
    }
}

/// A length of time in its largest whole unit: `3d`, `5h`, `40m`.
pub fn span(d: Duration) -> String {
    let d = d.abs();
    if d >= Duration::days(1) {
        format!("{}d", d.num_days())
    } else if d >= Duration::hours(1) {
        format!("{}h", d.num_hours())
    } else {
        format!("{}m", d.num_minutes())
    }
}

/// How a target stands in words: `due in 3h`, `BREACHED 2h ago`, `met`, `late`.
pub fn clock_text(c: &Clock, now: DateTime<Utc>) -> String {
    match (c.standing, c.done) {
        (Standing::Met, _) => "met".into(),
        (Standing::Left(d), _) => format!("due in {}", span(d)),
        (Standing::Breached, Some(_)) => "late".into(),
        (Standing::Breached, None) => format!("BREACHED {} ago", span(now - c.due)),
    }
}

#[cfg(test)]
#[path = "case_tests.rs"]
mod tests;

impl serde::Serialize for Priority {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl serde::Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A support case: a contact's question or problem, from open to closed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Case {
    pub id: i64,
    pub contact_id: super::ContactId,
    pub contact: String,
    pub deal_id: Option<super::DealId>,
    pub title: String,
    pub priority: Priority,
    pub status: Status,
    pub opened_at: DateTime<Utc>,
    /// The first outbound interaction logged on it.
    pub first_response_at: Option<DateTime<Utc>>,
    pub solved_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
    /// Who it belongs to (a user name, DESIGN §14); `None` is nobody.
    pub owner: Option<String>,
    /// Bumped on every update, so an edit from a stale copy is refused.
    pub version: i64,
}
