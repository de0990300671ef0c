//! The records crm keeps. Ids are newtypes so a deal id cannot go where a contact id goes.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::money::Money;
use super::{Error, Result};

macro_rules! id_type {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    )*};
}
id_type!(ContactId, CompanyId, DealId, InteractionId, TaskId, StageId);

/// Parses `12` or `#12` as an id number.
pub fn parse_id(s: &str) -> Option<i64> {
    let s = s.trim();
    let digits = s.strip_prefix('#').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| *n > 0)
}

/// Implements `as_str`, `parse` and `ALL` for a plain enum whose names are its text form.
macro_rules! text_enum {
    ($name:ident, $what:literal, { $($variant:ident => $text:literal),* $(,)? } $(, aliases { $($alias:literal => $target:ident),* })?) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
            pub fn parse(s: &str) -> Result<Self> {
                let key = s.trim().to_lowercase();
                match key.as_str() {
                    $($text => Ok($name::$variant),)*
                    $($($alias => Ok($name::$target),)*)?
                    _ => Err(Error::invalid(format!(
                        "unknown {} {:?}; use one of: {}.",
                        $what,
                        s,
                        [$($text),*].join(", ")
                    ))),
                }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Where a contact is in the customer life cycle (DESIGN §1, §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lifecycle {
    Awareness,
    Consideration,
    Decision,
    Retention,
    Expansion,
    Churned,
}
text_enum!(Lifecycle, "lifecycle stage", {
    Awareness => "awareness", Consideration => "consideration", Decision => "decision",
    Retention => "retention", Expansion => "expansion", Churned => "churned",
}, aliases { "lead" => Awareness, "customer" => Retention });

impl Lifecycle {
    /// Position in the forward order; `churned` stands outside it.
    pub fn rank(self) -> Option<u8> {
        match self {
            Lifecycle::Awareness => Some(0),
            Lifecycle::Consideration => Some(1),
            Lifecycle::Decision => Some(2),
            Lifecycle::Retention => Some(3),
            Lifecycle::Expansion => Some(4),
            Lifecycle::Churned => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InteractionKind {
    Call,
    Email,
    Meeting,
    Note,
    Message,
    Feedback,
}
text_enum!(InteractionKind, "interaction kind", {
    Call => "call", Email => "email", Meeting => "meeting", Note => "note",
    Message => "message", Feedback => "feedback",
}, aliases { "e-mail" => Email, "mail" => Email });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    In,
    Out,
}
text_enum!(Direction, "direction", { In => "in", Out => "out" },
    aliases { "inbound" => In, "outbound" => Out });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DealStatus {
    Open,
    Won,
    Lost,
}
text_enum!(DealStatus, "deal status", { Open => "open", Won => "won", Lost => "lost" });

/// Company size buckets by employee count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CompanySize {
    Micro,
    Small,
    Medium,
    Large,
    Enterprise,
}
text_enum!(CompanySize, "company size", {
    Micro => "micro", Small => "small", Medium => "medium", Large => "large", Enterprise => "enterprise",
});

impl CompanySize {
    pub fn from_employees(n: u64) -> Self {
        match n {
            0..=49 => CompanySize::Micro,
            50..=249 => CompanySize::Small,
            250..=999 => CompanySize::Medium,
            1000..=4999 => CompanySize::Large,
            _ => CompanySize::Enterprise,
        }
    }
    /// Accepts a bucket name or a head count (`120`, `1,200`, `5000+`).
    pub fn parse_any(s: &str) -> Result<Self> {
        let digits: String = s.trim().trim_end_matches('+').replace([',', '_'], "");
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            let n: u64 = digits
                .parse()
                .map_err(|_| Error::invalid("that head count is too large."))?;
            return Ok(Self::from_employees(n));
        }
        Self::parse(s).map_err(|_| {
            Error::invalid(format!(
                "unknown company size {s:?}; use a head count or one of: micro (0-49), small (50-249), medium (250-999), large (1,000-4,999), enterprise (5,000+)."
            ))
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Company {
    pub id: CompanyId,
    pub name: String,
    pub domain: Option<String>,
    pub industry: Option<String>,
    pub size: Option<CompanySize>,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Bumped on every update; an edit from an older copy is refused (DESIGN §2).
    pub version: i64,
}

/// The version of a record that was never updated.
pub fn first_version() -> i64 {
    1
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    pub name: String,
    /// The first one is the primary address.
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    /// The type of an e-mail (by its `email_key`) or phone (by its text): cell, work, home,
    /// fax, pager or other, as an address book gave it; one without a type is absent.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub email_types: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub phone_types: BTreeMap<String, String>,
    pub company_id: Option<CompanyId>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub lifecycle: Lifecycle,
    pub source: Option<String>,
    pub notes: Option<String>,
    pub tags: Vec<String>,
    pub fields: BTreeMap<String, String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_contact_at: Option<DateTime<Utc>>,
    /// Bumped on every update; an edit from an older copy is refused (DESIGN §2).
    #[serde(default = "first_version")]
    pub version: i64,
    /// How often to be in touch (DESIGN §11); the config's tag cadences apply without one.
    #[serde(default)]
    pub cadence: Option<crate::domain::recurrence::Every>,
    #[serde(default)]
    pub birthday: Option<crate::domain::birthday::Birthday>,
}

impl Contact {
    pub fn primary_email(&self) -> Option<&str> {
        self.emails.first().map(String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stage {
    pub id: StageId,
    pub name: String,
    pub position: i64,
    /// Default win probability of deals in this stage, 0-100.
    pub probability: u8,
}

impl Stage {
    /// The stage in `stages` with this name, ignoring case and surrounding spaces.
    pub fn named<'a>(stages: &'a [Stage], name: &str) -> Option<&'a Stage> {
        let wanted = name.trim().to_lowercase();
        stages.iter().find(|s| s.name.to_lowercase() == wanted)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deal {
    pub id: DealId,
    pub title: String,
    pub contact_id: Option<ContactId>,
    pub contact: Option<String>,
    pub company_id: Option<CompanyId>,
    pub company: Option<String>,
    pub stage_id: StageId,
    pub stage: String,
    pub stage_probability: u8,
    pub status: DealStatus,
    pub value: Money,
    /// The deal's own probability; `None` means the stage default applies.
    pub probability: Option<u8>,
    pub expected_close: Option<NaiveDate>,
    pub lost_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// Who it belongs to (a user name, DESIGN §14); `None` is nobody.
    pub owner: Option<String>,
    /// Bumped on every update; an edit from an older copy is refused (DESIGN §2).
    pub version: i64,
}

impl Deal {
    /// The probability that counts: won 100, lost 0, else the override or the stage default.
    pub fn effective_probability(&self) -> u8 {
        match self.status {
            DealStatus::Won => 100,
            DealStatus::Lost => 0,
            DealStatus::Open => self.probability.unwrap_or(self.stage_probability),
        }
    }
    /// The stage name, or `won`/`lost` for a closed deal.
    pub fn stage_label(&self) -> &str {
        match self.status {
            DealStatus::Open => &self.stage,
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
        }
    }
}

/// One step of a deal's path through the pipeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageChange {
    pub deal_id: DealId,
    pub from_stage: Option<String>,
    pub to_stage: Option<String>,
    pub status: DealStatus,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interaction {
    pub id: InteractionId,
    pub contact_id: ContactId,
    pub contact: String,
    pub deal_id: Option<DealId>,
    pub kind: InteractionKind,
    pub direction: Option<Direction>,
    pub occurred_at: DateTime<Utc>,
    pub duration_min: Option<u32>,
    pub summary: String,
    pub body: Option<String>,
    pub score: Option<u8>,
    /// The support case it is filed under (`--case`).
    #[serde(default)]
    pub case_id: Option<i64>,
    /// Bumped on every update, so an edit from a stale copy is refused.
    pub version: i64,
}

/// When a task is due: a whole day, or a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Due {
    Day(NaiveDate),
    At(DateTime<Utc>),
}

/// Serialised whole into history (ids, due day, interval, version), so a removed task can
/// be put back exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    pub title: String,
    pub contact_id: Option<ContactId>,
    pub contact: Option<String>,
    pub deal_id: Option<DealId>,
    pub deal: Option<String>,
    pub due: Option<Due>,
    /// The local calendar day it is due (for a timed task, the day in the zone it was set in).
    pub due_day: Option<NaiveDate>,
    /// How often it comes back: ticking it done creates the next one.
    pub every: Option<crate::domain::recurrence::Every>,
    pub done_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The support case it is for (`--case`).
    #[serde(default)]
    pub case_id: Option<i64>,
    /// Who it belongs to (a user name, DESIGN §14); `None` is nobody.
    #[serde(default)]
    pub owner: Option<String>,
    /// Bumped on every update, so an edit from a stale copy is refused.
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub id: i64,
    /// The change (one use case's transaction) this row belongs to; `None` before undo
    /// existed.
    pub change: Option<i64>,
    pub entity: String,
    pub entity_id: i64,
    pub contact_id: Option<ContactId>,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub at: DateTime<Utc>,
    /// Who made the change (the OS user).
    pub by: Option<String>,
}

/// A search hit over contacts, companies and deals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub kind: &'static str,
    pub id: i64,
    pub label: String,
    pub score: i64,
    /// A contact's first e-mail (null for companies, deals and contacts without one).
    pub email: Option<String>,
    /// All of a contact's e-mails, in order (empty for companies and deals).
    pub emails: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_hash_prefix_and_reject_junk() {
        assert_eq!(parse_id("12"), Some(12));
        assert_eq!(parse_id("#12"), Some(12));
        assert_eq!(parse_id(" #7 "), Some(7));
        assert_eq!(parse_id("0"), None);
        assert_eq!(parse_id("12a"), None);
        assert_eq!(parse_id("#"), None);
        assert_eq!(parse_id("99999999999999999999999"), None);
    }

    #[test]
    fn lifecycle_accepts_aliases_and_lists_choices() {
        assert_eq!(Lifecycle::parse("lead").unwrap(), Lifecycle::Awareness);
        assert_eq!(Lifecycle::parse("Customer").unwrap(), Lifecycle::Retention);
        let err = Lifecycle::parse("vip").unwrap_err().to_string();
        assert!(err.contains("awareness, consideration"), "{err}");
    }

    #[test]
    fn company_size_from_head_count() {
        assert_eq!(CompanySize::parse_any("49").unwrap(), CompanySize::Micro);
        assert_eq!(CompanySize::parse_any("50").unwrap(), CompanySize::Small);
        assert_eq!(CompanySize::parse_any("1,000").unwrap(), CompanySize::Large);
        assert_eq!(
            CompanySize::parse_any("5000+").unwrap(),
            CompanySize::Enterprise
        );
        assert_eq!(
            CompanySize::parse_any("medium").unwrap(),
            CompanySize::Medium
        );
        assert!(CompanySize::parse_any("huge").is_err());
    }
}
