//! What the store hands back besides domain values: list rows, report totals, the import
//! log and the health report, the same for every backend.

use crate::domain::history::{Action, Entity};
use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::currency::Currency;
use crate::domain::money::Money;
use crate::domain::{Company, ContactId, DealId, DealStatus, Lifecycle, StageId};

/// A company with the counts shown in `company list`.
#[derive(Debug, Clone)]
pub struct CompanyRow {
    pub company: Company,
    pub contacts: i64,
    pub open_deals: i64,
}

/// A possible match for a name REF.
#[derive(Debug, Clone)]
pub struct NameCandidate {
    pub id: ContactId,
    pub name: String,
    pub name_key: String,
    pub company: Option<String>,
    pub email: Option<String>,
}

/// What says whether a contact is due by its stay-in-touch cadence: its own cadence, when
/// its clock started (the last contact, else when it was added), and those of its tags
/// that have a cadence (lower-cased).
#[derive(Debug, Clone, PartialEq)]
pub struct CadenceCandidate {
    pub id: ContactId,
    pub cadence: Option<crate::domain::recurrence::Every>,
    pub since: DateTime<Utc>,
    pub tags: Vec<String>,
}

/// A contact as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRow {
    pub id: ContactId,
    pub name: String,
    pub name_key: String,
    pub company: Option<String>,
    pub lifecycle: Lifecycle,
    pub last_contact_at: Option<DateTime<Utc>>,
    pub tags: Vec<String>,
    /// The stored lead score, when it has been computed.
    pub score: Option<u8>,
}

/// The deal card of the pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct DealCard {
    pub id: DealId,
    pub title: String,
    pub contact_id: Option<ContactId>,
    pub contact: Option<String>,
    pub value: Money,
    pub expected_close: Option<NaiveDate>,
    pub probability: u8,
    /// Who it belongs to (DESIGN §14).
    pub owner: Option<String>,
}

/// What kind of record a search row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchKind {
    Contact,
    Company,
    Deal,
}

/// One change to record.
pub struct Change {
    pub entity: Entity,
    pub entity_id: i64,
    pub contact_id: Option<ContactId>,
    pub action: Action,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub at: DateTime<Utc>,
    /// Who made it: the OS user (DESIGN §2); `None` in tests.
    pub by: Option<String>,
}

/// One change: everything one use case wrote, and whether it was taken back.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRecord {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub by: Option<String>,
    /// The change this one took back, when it is an undo.
    pub undo_of: Option<i64>,
    /// The undo that took this one back, if any (and not redone since).
    pub undone_by: Option<i64>,
    /// False when its rows were not logged (the demo): it cannot be undone.
    pub logged: bool,
    /// What undo needs of it was erased (`crm contact forget`, `crm purge`): it cannot
    /// be undone (stored as `logged = -1`).
    pub sealed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportRecord {
    pub id: i64,
    pub entity: String,
    pub file: String,
    pub format: String,
    pub at: DateTime<Utc>,
    pub created: i64,
    pub merged: i64,
    pub skipped: i64,
    pub rejected: i64,
    pub undone_at: Option<DateTime<Utc>>,
}

/// One record an import created or merged; `before` is the merged record as it was.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportItem {
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    pub before: Option<String>,
}

/// Open deals per stage and currency: count, Σ value, Σ value × probability (percent units).
#[derive(Debug, Clone, PartialEq)]
pub struct StageTotals {
    pub stage_id: StageId,
    pub currency: Currency,
    pub count: i64,
    pub value: i64,
    /// Σ value_minor × probability; divide by 100 for minor units.
    pub weighted_x100: i64,
}

/// Open deals per expected-close month ("YYYY-MM", or None) and currency.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthTotals {
    pub month: Option<String>,
    pub currency: Currency,
    pub count: i64,
    pub value: i64,
    pub weighted_x100: i64,
}

/// A stale contact: id, name, last contact.
pub type StaleRow = (ContactId, String, Option<DateTime<Utc>>);

/// One deal created in a period, as the funnel needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelDeal {
    pub id: DealId,
    pub status: DealStatus,
    pub value: i64,
    pub currency: Currency,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Every stage the deal was ever in (history plus the current one).
    pub stages: Vec<StageId>,
}

/// What `crm doctor` reports about the database itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Health {
    /// The schema version the database is at.
    pub schema_version: i64,
    /// The schema version this crm writes.
    pub latest_version: i64,
    /// How the backend keeps its journal (`wal` for SQLite).
    pub journal: String,
    /// Damage, broken references, an old schema or an unexpected journal; empty when all is well.
    pub problems: Vec<String>,
}

/// A contact as an address-book lookup (`crm query`) prints it: its e-mails in order.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressRow {
    pub id: ContactId,
    pub name: String,
    pub company: Option<String>,
    pub lifecycle: Lifecycle,
    pub emails: Vec<String>,
}
