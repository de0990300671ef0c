//! Reading crm's own JSON and NDJSON exports: a list of contacts, deals, interactions or
//! tasks, or `crm export all` with every section. Objects come out as typed items with
//! the file's own ids; matching those ids to new records is the use case's work.

use std::io::Read;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::domain::*;

use super::json_items::item;
use super::json_scan::{Raw, Scanner, Spill, MAX_RECORD};
use super::values::text_too_long;
use super::{ContactRecord, DealRecord, RowError, TaskRecord};

/// A stage of the pipeline, as the file orders it.
#[derive(Debug, Clone, PartialEq)]
pub struct StageItem {
    pub name: String,
    pub position: i64,
    /// For a stage we do not have yet.
    pub probability: u8,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompanyItem {
    pub name: String,
    pub domain: Option<String>,
    pub industry: Option<String>,
    pub size: Option<CompanySize>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContactItem {
    /// Its id in the file, which deals, interactions and tasks refer to.
    pub id: Option<i64>,
    pub record: ContactRecord,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DealItem {
    pub id: Option<i64>,
    /// The file's id of its contact. A deal that names its contact by id is never matched
    /// by name instead, so then `record.contact` is empty.
    pub contact_id: Option<i64>,
    pub record: DealRecord,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// One step of a deal's path through the pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct StageChangeItem {
    pub deal_id: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub status: DealStatus,
    pub at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InteractionItem {
    pub line: u64,
    /// Its id in the file (kept by an `import all` into a database without interactions).
    pub id: Option<i64>,
    pub contact_id: Option<i64>,
    pub deal_id: Option<i64>,
    /// None when missing or not one of ours.
    pub kind: Option<InteractionKind>,
    pub direction: Option<Direction>,
    /// As written; read against the user's clock by the use case.
    pub occurred_at: Option<String>,
    pub duration_min: Option<u32>,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub score: Option<u8>,
    /// The file's id of the case it is filed under.
    pub case_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskItem {
    /// Its id in the file (kept by an `import all` into a database without tasks).
    pub id: Option<i64>,
    pub created_at: Option<DateTime<Utc>>,
    pub contact_id: Option<i64>,
    pub deal_id: Option<i64>,
    pub case_id: Option<i64>,
    pub record: TaskRecord,
}

/// A support case, with the file's ids of itself, its contact and its deal.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseItem {
    pub line: u64,
    pub id: Option<i64>,
    pub contact_id: Option<i64>,
    pub deal_id: Option<i64>,
    pub title: Option<String>,
    /// None when missing or not one of ours.
    pub priority: Option<crate::domain::case::Priority>,
    pub status: Option<crate::domain::case::Status>,
    pub opened_at: Option<DateTime<Utc>>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub solved_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
    pub version: Option<i64>,
    /// `None` when the file does not say; `Some(None)` for nobody.
    pub owner: Option<Option<String>>,
}

/// One object of the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Stage(StageItem),
    Company(CompanyItem),
    Contact(Box<ContactItem>),
    Deal(Box<DealItem>),
    StageChange(StageChangeItem),
    Interaction(Box<InteractionItem>),
    Task(Box<TaskItem>),
    Case(Box<CaseItem>),
    /// A record that cannot be read (over a size limit): why, and its text for `--rejects`.
    Refused(RowError, Vec<String>),
}

/// Reads a JSON array, an `export all` document, or NDJSON, calling `each` per object in
/// the file's order (an `export all` document: section by section, in [`Section::ALL`]'s
/// order). `default` is what untagged objects are (the entity the user named).
///
/// One record is in memory at a time: a record over [`MAX_RECORD`] bytes or with a text
/// over [`MAX_TEXT`](super::MAX_TEXT) comes out as [`Item::Refused`]. A section that comes before one it
/// refers to (crm's older exports sort their keys) waits in a private temporary file.
pub fn read(
    input: impl Read,
    default: Option<Section>,
    each: impl FnMut(Item) -> Result<()>,
) -> Result<()> {
    read_with(input, default, MAX_RECORD, each)
}

pub(crate) fn read_with(
    input: impl Read,
    default: Option<Section>,
    limit: usize,
    each: impl FnMut(Item) -> Result<()>,
) -> Result<()> {
    let mut sc = Scanner::new(input, limit);
    sc.skip_bom()?;
    let mut r = Reading {
        default,
        each,
        done: [false; Section::ALL.len()],
        waiting: Vec::new(),
    };
    match sc.next_token()? {
        Some(b'[') => {
            sc.expect(b'[')?;
            let mut n = 0u64;
            if !sc.take(b']')? {
                loop {
                    n += 1;
                    let raw = sc.value()?;
                    r.untyped_record(n, raw, true)?;
                    if sc.take(b']')? {
                        break;
                    }
                    sc.expect(b',')?;
                }
            }
            if sc.next_token()?.is_some() {
                return Err(Error::invalid(format!(
                    "the file is not valid JSON: more after the closing ] at line {}.",
                    sc.line()
                )));
            }
        }
        Some(b'{') => {
            // One document with sections, or one object per line.
            let mut n = 0u64;
            while sc.next_token()?.is_some() {
                n += 1;
                r.object(&mut sc, n)?;
            }
        }
        _ => return Err(Error::invalid("the file is empty or not JSON.")),
    }
    r.finish()
}

/// What [`read`] keeps between records: which sections are done and which wait.
struct Reading<F> {
    default: Option<Section>,
    each: F,
    done: [bool; Section::ALL.len()],
    waiting: Vec<(Section, Spill)>,
}

fn index(section: Section) -> usize {
    Section::ALL
        .iter()
        .position(|s| *s == section)
        .unwrap_or_default()
}

impl<F: FnMut(Item) -> Result<()>> Reading<F> {
    /// A top-level object: a document whose members are sections, or one record.
    fn object<R: Read>(&mut self, sc: &mut Scanner<R>, n: u64) -> Result<()> {
        sc.expect(b'{')?;
        let mut record: Vec<u8> = b"{".to_vec();
        let mut too_large: Option<Raw> = None;
        let mut document = false;
        let mut first = true;
        while !sc.take(b'}')? {
            if !first {
                sc.expect(b',')?;
            }
            first = false;
            let key = sc.key()?;
            let section = Section::ALL.into_iter().find(|s| s.key() == key);
            if let (Some(section), Some(b'[')) = (section, sc.next_token()?) {
                document = true;
                self.section(sc, section)?;
                continue;
            }
            let value = sc.value()?;
            match value {
                Raw::Value(bytes) if too_large.is_none() => {
                    if record.len() > 1 {
                        record.push(b',');
                    }
                    record.extend_from_slice(&serde_json::to_vec(&key)?);
                    record.push(b':');
                    record.extend_from_slice(&bytes);
                    if record.len() > MAX_RECORD {
                        too_large = Some(Raw::TooLarge {
                            key: Some(key),
                            long_text: false,
                        });
                        record = Vec::new();
                    }
                }
                Raw::Value(_) => {}
                Raw::TooLarge { long_text, .. } => {
                    too_large.get_or_insert(Raw::TooLarge {
                        key: Some(key),
                        long_text,
                    });
                    record = Vec::new();
                }
            }
        }
        if document {
            return Ok(());
        }
        record.push(b'}');
        self.untyped_record(n, too_large.unwrap_or(Raw::Value(record)), false)
    }

    /// One record of an array or an NDJSON line, of the section its `type` names (or the
    /// one the user named). Without either, an array is refused; an NDJSON line is left out.
    fn untyped_record(&mut self, n: u64, raw: Raw, required: bool) -> Result<()> {
        let value = match raw {
            Raw::Value(bytes) => parse(n, &bytes)?,
            too_large => return (self.each)(refused(n, too_large)),
        };
        match section_of(&value, self.default) {
            Some(s) => self.emit(s, n, value),
            None if required => Err(Error::invalid(
                "name what the file holds: crm import contacts|deals|interactions.",
            )),
            None => Ok(()),
        }
    }

    /// A section of a document: read now if what it refers to was, else kept for later.
    fn section<R: Read>(&mut self, sc: &mut Scanner<R>, section: Section) -> Result<()> {
        let ready = self.done.iter().take(index(section)).all(|d| *d);
        let mut spill = if ready { None } else { Some(Spill::new()?) };
        sc.expect(b'[')?;
        let mut n = 0u64;
        if !sc.take(b']')? {
            loop {
                n += 1;
                let raw = sc.value()?;
                match &mut spill {
                    Some(spill) => spill.push(n, &raw)?,
                    None => self.section_record(section, n, raw)?,
                }
                if sc.take(b']')? {
                    break;
                }
                sc.expect(b',')?;
            }
        }
        match spill {
            Some(spill) => self.waiting.push((section, spill)),
            None => {
                self.done[index(section)] = true;
                self.replay(false)?;
            }
        }
        Ok(())
    }

    fn section_record(&mut self, section: Section, n: u64, raw: Raw) -> Result<()> {
        match raw {
            Raw::Value(bytes) => {
                let value = parse(n, &bytes)?;
                self.emit(section, n, value)
            }
            too_large => (self.each)(refused(n, too_large)),
        }
    }

    /// Reads the sections kept whose turn has come (at the end: all of them, in order).
    fn replay(&mut self, all: bool) -> Result<()> {
        loop {
            self.waiting.sort_by_key(|(s, _)| index(*s));
            let next = self
                .waiting
                .iter()
                .position(|(s, _)| all || self.done.iter().take(index(*s)).all(|d| *d));
            let Some(i) = next else {
                return Ok(());
            };
            let (section, spill) = self.waiting.remove(i);
            spill.replay(|n, raw| self.section_record(section, n, raw))?;
            self.done[index(section)] = true;
        }
    }

    fn finish(mut self) -> Result<()> {
        self.replay(true)
    }

    fn emit(&mut self, section: Section, line: u64, v: Value) -> Result<()> {
        if let Some(refusal) = long_text(line, &v) {
            return (self.each)(Item::Refused(refusal, vec![v.to_string()]));
        }
        match item(line, section, &v) {
            Some(i) => (self.each)(i),
            None => Ok(()),
        }
    }
}

fn parse(n: u64, bytes: &[u8]) -> Result<Value> {
    serde_json::from_slice(bytes)
        .map_err(|e| Error::invalid(format!("the file is not valid JSON: record {n}: {e}.")))
}

/// The refusal of a record the scanner found too large.
fn refused(line: u64, raw: Raw) -> Item {
    let (column, reason) = match raw {
        Raw::TooLarge {
            key,
            long_text: true,
        } => (
            key,
            "the text is over the limit of 1 MiB (1,048,576 bytes) for one field".to_string(),
        ),
        Raw::TooLarge { key, .. } => (
            key,
            format!(
                "the record is over the limit of {} MiB for one record",
                MAX_RECORD / 1024 / 1024
            ),
        ),
        Raw::Value(_) => (None, "unreadable record".to_string()),
    };
    Item::Refused(
        RowError {
            line,
            column,
            reason,
        },
        Vec::new(),
    )
}

/// The first text of a record (a member, or a value in a member's list or object) over
/// [`MAX_TEXT`], as a refusal naming its member.
fn long_text(line: u64, v: &Value) -> Option<RowError> {
    fn longest(v: &Value) -> Option<&str> {
        match v {
            Value::String(s) => text_too_long(s).map(|_| s.as_str()),
            Value::Array(a) => a.iter().find_map(longest),
            Value::Object(m) => m.values().find_map(longest),
            _ => None,
        }
    }
    let members = v.as_object()?;
    members.iter().find_map(|(key, value)| {
        longest(value)
            .and_then(text_too_long)
            .map(|reason| RowError {
                line,
                column: Some(key.clone()),
                reason,
            })
    })
}

fn section_of(v: &Value, default: Option<Section>) -> Option<Section> {
    v.get("type")
        .and_then(Value::as_str)
        .and_then(Section::from_tag)
        .or(default)
}

#[cfg(test)]
#[path = "json_tests.rs"]
mod tests;
