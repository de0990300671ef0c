//! Use cases: one transaction each, the only write path, and the place history is recorded.
//! The CLI and the TUI call these, so both validate and record the same way.

pub mod agenda;
pub mod automation;
pub mod birthdays;
pub mod bulk;
pub mod cases;
pub mod companies;
pub mod contacts;
pub mod deals;
pub mod demo;
pub mod dupes;
pub mod email;
pub mod facts;
pub mod import;
pub mod interactions;
pub mod privacy;
pub mod queue;
mod queue_calls;
pub mod reconnect;
pub mod scores;
pub mod search;
pub mod segments;
pub mod stages;
pub mod tasks;
pub mod undo;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use serde::Serialize;

use crate::domain::dates::When;
use crate::domain::history::{Action, Entity};
use crate::domain::{ContactId, Result};
use crate::store::{Change, Tx};

/// The clock, time zone and person a use case runs with. Injected by the faces (ops never
/// read the environment), so tests are exact.
#[derive(Debug, Clone, Copy)]
pub struct Now {
    pub utc: DateTime<Utc>,
    zone: Zone,
    /// Who acts, for the history's `by` (the OS user); `None` in tests.
    pub by: Option<&'static str>,
}

#[derive(Debug, Clone, Copy)]
enum Zone {
    System,
    Fixed(FixedOffset),
}

impl Now {
    /// The system clock in the system time zone (`TZ`).
    pub fn system() -> Now {
        Now {
            utc: Utc::now().with_nanosecond_zero(),
            zone: Zone::System,
            by: None,
        }
    }

    /// A fixed moment in the system time zone (`CRM_NOW`, for scripts and tests).
    pub fn system_at(utc: DateTime<Utc>) -> Now {
        Now {
            utc,
            zone: Zone::System,
            by: None,
        }
    }

    /// A fixed moment in a fixed offset, for tests and snapshots.
    pub fn fixed(utc: DateTime<Utc>, offset: FixedOffset) -> Now {
        Now {
            utc,
            zone: Zone::Fixed(offset),
            by: None,
        }
    }

    /// The same clock, acting as `who` (the face looks the OS user up once).
    pub fn acting_as(self, who: &'static str) -> Now {
        Now {
            by: Some(who),
            ..self
        }
    }

    /// The clock as it was at `utc`, acting as `by`: a change made then (a queued one)
    /// written now.
    pub fn as_of(&self, utc: DateTime<Utc>, by: Option<&'static str>) -> Now {
        Now {
            utc,
            zone: self.zone,
            by,
        }
    }

    /// Local wall-clock time.
    pub fn local(&self) -> NaiveDateTime {
        self.to_local(self.utc)
    }

    pub fn today(&self) -> NaiveDate {
        self.local().date()
    }

    pub fn to_local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        match self.zone {
            Zone::System => at.with_timezone(&Local).naive_local(),
            Zone::Fixed(off) => at.with_timezone(&off).naive_local(),
        }
    }

    /// The UTC instant of a local wall-clock time (the earlier one in a DST fold).
    pub fn from_local(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let resolved = match self.zone {
            Zone::System => Local
                .from_local_datetime(&local)
                .earliest()
                .map(|d| d.with_timezone(&Utc)),
            Zone::Fixed(off) => off
                .from_local_datetime(&local)
                .earliest()
                .map(|d| d.with_timezone(&Utc)),
        };
        // A time skipped by a DST jump: take the same wall time at the current offset.
        resolved.unwrap_or_else(|| {
            let off = match self.zone {
                Zone::System => Local::now().offset().fix(),
                Zone::Fixed(off) => off,
            };
            DateTime::<Utc>::from_naive_utc_and_offset(local - off, Utc)
        })
    }

    /// The clock a filter expression is evaluated with: now, and the offset in force now.
    pub fn clock(&self) -> crate::domain::filter::Clock {
        let offset = match self.zone {
            Zone::System => Local.offset_from_utc_datetime(&self.utc.naive_utc()).fix(),
            Zone::Fixed(off) => off,
        };
        crate::domain::filter::Clock {
            now: self.utc,
            offset,
        }
    }

    /// The instant a typed date means: a whole day counts from its start.
    pub fn instant(&self, when: When) -> DateTime<Utc> {
        match when {
            When::Day(d) => self.from_local(d.and_hms_opt(0, 0, 0).unwrap_or_default()),
            When::Local(dt) => self.from_local(dt),
            When::Instant(i) => i,
        }
    }

    /// For logging: a whole day typed for a past event means now's time on that day, so
    /// `--at yesterday` sorts sensibly against today's calls.
    pub fn instant_on_day(&self, when: When) -> DateTime<Utc> {
        match when {
            When::Day(d) if d == self.today() => self.utc,
            When::Day(d) => self.from_local(d.and_time(self.local().time())),
            other => self.instant(other),
        }
    }
}

trait NoNanos {
    fn with_nanosecond_zero(self) -> Self;
}
impl NoNanos for DateTime<Utc> {
    fn with_nanosecond_zero(self) -> Self {
        DateTime::from_timestamp(self.timestamp(), 0).unwrap_or(self)
    }
}

/// Appends one history row. `before`/`after` are the record as JSON.
#[allow(clippy::too_many_arguments)] // each is one column of the history row
pub(crate) fn record<B: Serialize, A: Serialize>(
    tx: &Tx<'_>,
    now: &Now,
    entity: Entity,
    entity_id: i64,
    contact_id: Option<ContactId>,
    action: Action,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<()> {
    // Whatever is recorded about a contact may move its lead score.
    tx.touch(contact_id);
    tx.add_history(Change {
        entity,
        entity_id,
        contact_id,
        action,
        before: before.map(serde_json::to_value).transpose()?,
        after: after.map(serde_json::to_value).transpose()?,
        at: now.utc,
        by: now.by.map(str::to_string),
    })
}

/// Refuses an edit made from a copy older than the stored record (DESIGN §2: no silent
/// lost update). `expected` is the version the form or command read; `None` skips the check.
pub(crate) fn check_version(what: &str, stored: i64, expected: Option<i64>) -> Result<()> {
    match expected {
        Some(v) if v != stored => Err(crate::domain::Error::conflict(format!(
            "{what} was changed by someone else since you opened it; reload and try again."
        ))),
        _ => Ok(()),
    }
}

/// [`check_version`] naming who made the change in between and when, from the record's
/// newest history row: "deal #3 was changed by robin at 14:05 since you opened it".
pub(crate) fn check_version_of(
    r: crate::store::Reader<'_>,
    entity: crate::domain::history::Entity,
    id: i64,
    stored: i64,
    expected: Option<i64>,
) -> Result<()> {
    match expected {
        Some(v) if v != stored => {
            let who = match r.last_change_of(entity, id)? {
                Some((Some(by), at)) => {
                    format!("by {by} ({})", at.format("%Y-%m-%d %H:%M UTC"))
                }
                Some((None, at)) => format!("({})", at.format("%Y-%m-%d %H:%M UTC")),
                None => "by someone else".to_string(),
            };
            Err(crate::domain::Error::conflict(format!(
                "{entity} #{id} was changed {who} since you opened it; reload and try again."
            )))
        }
        _ => Ok(()),
    }
}

/// Shorthand for `record` when there is no "before" or no "after".
pub(crate) const NONE: Option<&()> = None;

#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::store::Store;

    /// Sunday 2026-11-22 10:00 UTC.
    pub fn now() -> Now {
        Now::fixed(
            Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap(),
            FixedOffset::east_opt(0).unwrap(),
        )
    }

    /// Adds a contact with only a name; its id.
    pub fn person(s: &Store, name: &str) -> crate::domain::ContactId {
        super::contacts::add(
            s,
            &now(),
            super::contacts::ContactChanges {
                name: Some(name.into()),
                ..Default::default()
            },
        )
        .unwrap()
        .id
    }

    /// A fresh store: in memory, or with `CRM_TEST_PG` set a new database of its own on
    /// that server, so the ops suite runs on both backends.
    pub fn store() -> Store {
        match std::env::var("CRM_TEST_PG")
            .ok()
            .filter(|u| !u.trim().is_empty())
        {
            Some(url) => crate::store::postgres::testing::fresh(&url).unwrap(),
            None => Store::open_in_memory().unwrap(),
        }
    }
}
