//! What callers ask the store for: filters, windows and periods, the same for every backend.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::filter::{Clock, Filter};
use crate::domain::{
    CompanyId, ContactId, DealId, DealStatus, InteractionKind, Lifecycle, StageId,
};

/// What `contact list` filters by. Every value is bound, never spliced into SQL.
#[derive(Debug, Default, Clone)]
pub struct ContactFilter {
    /// Words that must all appear in the folded name, e-mail or company.
    pub query: Option<String>,
    pub tag: Option<String>,
    pub lifecycle: Option<Lifecycle>,
    pub company_id: Option<CompanyId>,
    /// Only contacts not contacted since this moment (or never).
    pub stale_before: Option<DateTime<Utc>>,
    /// Only contacts a filter expression picks (DESIGN §12).
    pub matching: Option<Matching>,
    /// Highest lead score first (then by name) instead of by name.
    pub by_score: bool,
    pub limit: Option<usize>,
    /// Only these contacts (those a phone number found).
    pub ids: Option<Vec<ContactId>>,
}

/// A filter expression and the clock its dates are read by.
#[derive(Debug, Clone)]
pub struct Matching {
    pub filter: Filter,
    pub clock: Clock,
}

#[derive(Debug, Default, Clone)]
pub struct DealFilter {
    pub stage_id: Option<StageId>,
    pub status: Option<DealStatus>,
    pub contact_id: Option<ContactId>,
    pub company_id: Option<CompanyId>,
    /// Only deals of this owner (`Some(None)`: owned by nobody).
    pub owner: Option<Option<String>>,
    /// Only deals a filter expression picks.
    pub matching: Option<Matching>,
    pub limit: Option<usize>,
}

#[derive(Debug, Default, Clone)]
pub struct InteractionFilter {
    pub contact_id: Option<ContactId>,
    pub deal_id: Option<DealId>,
    pub kind: Option<InteractionKind>,
    /// Only those filed under this support case.
    pub case_id: Option<i64>,
    pub since: Option<DateTime<Utc>>,
    /// Only those before this moment.
    pub until: Option<DateTime<Utc>>,
    pub limit: Option<usize>,
    /// For display: a body longer than this many bytes is read only that far, and ends
    /// with a note of what is left (`crm interaction show ID` has it all).
    pub body_up_to: Option<usize>,
}

/// How much of a body timelines and lists read and print: 64 KiB (issue 17).
pub const BODY_SHOWN: usize = 64 * 1024;

/// Which open tasks to list, relative to the caller's "now".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskWindow {
    /// Due before now (a whole-day task: before today).
    Overdue,
    /// Due today, overdue ones included.
    Today,
    /// Due within seven days, overdue ones included.
    Week,
    /// Every open task, undated ones included.
    Open,
    /// Open and done.
    All,
}

#[derive(Debug, Clone)]
pub struct TaskFilter {
    pub window: TaskWindow,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    pub contact_id: Option<ContactId>,
    pub deal_id: Option<DealId>,
    /// At most this many rows (the TUI pages through them).
    pub limit: Option<usize>,
    /// With `Open`: also tasks done since this moment (the TUI keeps today's ticks in view).
    pub done_since: Option<DateTime<Utc>>,
    /// Only tasks of this owner (`Some(None)`: owned by nobody).
    pub owner: Option<Option<String>>,
}

/// A half-open time range `[since, until)`; `None` is unbounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Period {
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// Where a window starts: after (forward) or before (backward) a row's sort key.
#[derive(Debug, Clone, PartialEq)]
pub enum Cursor<K> {
    First,
    /// The row with this key and those after it.
    From(K),
    After(K),
    Before(K),
    Last,
}
