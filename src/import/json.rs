//! Reading crm's own JSON and NDJSON exports: a list of contacts, deals, interactions or
//! tasks, or `crm export all` with every section. Objects come out as typed items with
//! the file's own ids; matching those ids to new records is the use case's work.

use std::io::Read;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use crate::domain::currency::Currency;
use crate::domain::money::format_minor;
use crate::domain::*;

use super::json_scan::{Raw, Scanner, Spill, MAX_RECORD};
use super::values::{clean_text, text_too_long};
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

/// One object as the item its section holds; a stage or company without a name is none.
fn item(line: u64, section: Section, v: &Value) -> Option<Item> {
    Some(match section {
        Section::Stages => Item::Stage(stage(v)?),
        Section::Companies => Item::Company(company(v)?),
        Section::Contacts => Item::Contact(Box::new(contact(line, v))),
        Section::Deals => Item::Deal(Box::new(deal(line, v))),
        Section::StageHistory => Item::StageChange(stage_change(v)),
        Section::Interactions => Item::Interaction(Box::new(interaction(line, v))),
        Section::Tasks => Item::Task(Box::new(task(line, v))),
        Section::Cases => Item::Case(Box::new(case(line, v))),
    })
}

fn stage(v: &Value) -> Option<StageItem> {
    Some(StageItem {
        name: text(v, "name")?,
        position: v
            .get("position")
            .and_then(Value::as_i64)
            .unwrap_or(i64::MAX / 2),
        probability: v
            .get("probability")
            .and_then(Value::as_u64)
            .filter(|p| *p <= 100)
            .unwrap_or(10) as u8,
    })
}

fn company(v: &Value) -> Option<CompanyItem> {
    Some(CompanyItem {
        name: text(v, "name")?,
        domain: text(v, "domain"),
        industry: text(v, "industry"),
        size: text(v, "size").and_then(|s| CompanySize::parse(&s).ok()),
        notes: text(v, "notes"),
    })
}

/// A JSON object of strings as (key, value) pairs; other values are skipped.
fn string_pairs<B: FromIterator<(String, String)> + Default>(v: &Value, key: &str) -> B {
    v.get(key)
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, x)| x.as_str().map(|x| (clean(k), clean(x))))
                .collect()
        })
        .unwrap_or_default()
}

fn contact(line: u64, v: &Value) -> ContactItem {
    let mut fields: Vec<(String, String)> = string_pairs(v, "fields");
    // crm's own export writes the birthday beside the fields; the import takes it from there.
    if let Some(b) = text(v, "birthday") {
        fields.retain(|(k, _)| !k.eq_ignore_ascii_case("birthday"));
        fields.push(("birthday".to_string(), b));
    }
    let record = ContactRecord {
        line,
        name: text(v, "name"),
        emails: list(v, "emails"),
        phones: list(v, "phones"),
        email_types: string_pairs(v, "email_types"),
        phone_types: string_pairs(v, "phone_types"),
        company: text(v, "company"),
        title: text(v, "title"),
        tags: list(v, "tags"),
        notes: text(v, "notes"),
        source: text(v, "source"),
        lifecycle: text(v, "lifecycle"),
        fields,
        cadence: text(v, "cadence"),
        created: day_of(v, "created_at"),
        created_at: None,
        uid: None,
        warnings: Vec::new(),
        raw: vec![v.to_string()],
    };
    ContactItem {
        id: v.get("id").and_then(Value::as_i64),
        record,
        created_at: instant(v, "created_at"),
        updated_at: instant(v, "updated_at"),
    }
}

fn deal(line: u64, v: &Value) -> DealItem {
    let contact_id = v.get("contact_id").and_then(Value::as_i64);
    let currency = text(v, "currency");
    let exponent = currency
        .as_deref()
        .and_then(|c| Currency::parse(c).ok())
        .map_or(2, |c| c.exponent());
    let record = DealRecord {
        line,
        title: text(v, "title").unwrap_or_default(),
        contact: text(v, "contact").filter(|_| contact_id.is_none()),
        company: text(v, "company"),
        value: v
            .get("value_minor")
            .and_then(Value::as_i64)
            .map(|m| format_minor(m, exponent).replace(',', "")),
        currency,
        stage: text(v, "stage"),
        probability: v
            .get("probability_override")
            .and_then(Value::as_u64)
            .map(|p| p.to_string()),
        close: text(v, "expected_close")
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        status: text(v, "status"),
        lost_reason: text(v, "lost_reason"),
        created: day_of(v, "created_at"),
        owner: owner(v),
        warnings: Vec::new(),
        raw: vec![v.to_string()],
    };
    DealItem {
        id: v.get("id").and_then(Value::as_i64),
        contact_id,
        record,
        created_at: instant(v, "created_at"),
        updated_at: instant(v, "updated_at"),
        closed_at: instant(v, "closed_at"),
    }
}

fn stage_change(v: &Value) -> StageChangeItem {
    StageChangeItem {
        deal_id: v.get("deal_id").and_then(Value::as_i64),
        from: text(v, "from"),
        to: text(v, "to"),
        status: text(v, "status")
            .and_then(|s| DealStatus::parse(&s).ok())
            .unwrap_or(DealStatus::Open),
        at: instant(v, "at"),
    }
}

fn interaction(line: u64, v: &Value) -> InteractionItem {
    InteractionItem {
        line,
        id: v.get("id").and_then(Value::as_i64),
        contact_id: v.get("contact_id").and_then(Value::as_i64),
        deal_id: v.get("deal_id").and_then(Value::as_i64),
        kind: text(v, "kind").and_then(|k| InteractionKind::parse(&k).ok()),
        direction: text(v, "direction").and_then(|d| Direction::parse(&d).ok()),
        occurred_at: text(v, "occurred_at"),
        duration_min: v
            .get("duration_min")
            .and_then(Value::as_u64)
            .map(|d| d as u32),
        summary: text(v, "summary"),
        body: text(v, "body"),
        score: v
            .get("score")
            .and_then(Value::as_u64)
            .filter(|s| *s <= 10)
            .map(|s| s as u8),
        case_id: v.get("case_id").and_then(Value::as_i64),
    }
}

fn case(line: u64, v: &Value) -> CaseItem {
    use crate::domain::case::{Priority, Status};
    CaseItem {
        line,
        id: v.get("id").and_then(Value::as_i64),
        contact_id: v.get("contact_id").and_then(Value::as_i64),
        deal_id: v.get("deal_id").and_then(Value::as_i64),
        title: text(v, "title"),
        priority: text(v, "priority").and_then(|p| Priority::parse(&p).ok()),
        status: text(v, "status").and_then(|s| Status::parse(&s).ok()),
        opened_at: instant(v, "opened_at"),
        first_response_at: instant(v, "first_response_at"),
        solved_at: instant(v, "solved_at"),
        resolution: text(v, "resolution"),
        version: v.get("version").and_then(Value::as_i64).filter(|v| *v > 0),
        owner: owner(v),
    }
}

/// A record's `owner`: `None` when the file has no such key (an older export), else the
/// name, or nobody for `null` or a name crm would refuse.
fn owner(v: &Value) -> Option<Option<String>> {
    v.get("owner")
        .map(|o| o.as_str().and_then(|s| crate::domain::owner::name(s).ok()))
}

fn task(line: u64, v: &Value) -> TaskItem {
    TaskItem {
        id: v.get("id").and_then(Value::as_i64),
        created_at: instant(v, "created_at"),
        contact_id: v.get("contact_id").and_then(Value::as_i64),
        deal_id: v.get("deal_id").and_then(Value::as_i64),
        case_id: v.get("case_id").and_then(Value::as_i64),
        record: TaskRecord {
            line,
            title: text(v, "title"),
            contact: None,
            // A timed task's moment is in `due_at`; `due` is its day.
            due: text(v, "due_at").or_else(|| text(v, "due")),
            every: text(v, "every"),
            done_at: text(v, "done_at"),
            done: v.get("done").and_then(Value::as_bool).unwrap_or(false),
            owner: owner(v),
            raw: vec![v.to_string()],
        },
    }
}

/// A string that is not blank, cleaned of control characters like any imported text.
fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(clean)
        .filter(|s| !s.trim().is_empty())
}

fn clean(s: &str) -> String {
    clean_text(s).into_owned()
}

fn instant(v: &Value, key: &str) -> Option<DateTime<Utc>> {
    text(v, key)
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// The day of an RFC 3339 time, in the offset it was written with.
fn day_of(v: &Value, key: &str) -> Option<NaiveDate> {
    text(v, key)
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.date_naive())
}

fn list(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(clean).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str, default: Option<Section>) -> Result<Vec<Item>> {
        let mut out = Vec::new();
        read(text.as_bytes(), default, |i| {
            out.push(i);
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn a_document_is_read_section_by_section_in_the_shared_order() {
        let doc = r#"{"tasks":[{"title":"call"}],"contacts":[{"id":7,"name":"Ada"}],
            "stages":[{"name":"lead","position":1},{"position":2}],"deals":[]}"#;
        let got = items(doc, None).unwrap();
        assert_eq!(got.len(), 3, "a stage without a name is left out");
        assert!(matches!(&got[0], Item::Stage(s) if s.name == "lead" && s.probability == 10));
        assert!(matches!(&got[1], Item::Contact(c) if c.id == Some(7) && c.record.line == 1));
        assert!(matches!(&got[2], Item::Task(t) if t.record.title.as_deref() == Some("call")));
    }

    #[test]
    fn ndjson_objects_follow_their_type_or_the_named_entity() {
        let text = "{\"type\":\"deal\",\"title\":\"Kiosk\",\"contact_id\":3,\"contact\":\"Ada\",\"value_minor\":150000,\"currency\":\"EUR\"}\n{\"name\":\"Grace\"}\n";
        let got = items(text, Some(Section::Contacts)).unwrap();
        let Item::Deal(d) = &got[0] else {
            panic!("{got:?}")
        };
        assert_eq!(d.contact_id, Some(3));
        assert_eq!(
            d.record.contact, None,
            "a contact id is never matched by name"
        );
        assert_eq!(d.record.value.as_deref(), Some("1500.00"));
        assert!(matches!(&got[1], Item::Contact(c) if c.record.line == 2));
        assert!(items(text, None).unwrap().len() == 1);
    }

    #[test]
    fn an_untyped_array_needs_the_entity_and_junk_is_refused() {
        assert!(items("[{\"name\":\"Ada\"}]", None).is_err());
        assert_eq!(
            items("[{\"name\":\"Ada\"}]", Some(Section::Contacts))
                .unwrap()
                .len(),
            1
        );
        assert!(items("", None).is_err());
        assert!(items("{\"a\":", None).is_err());
    }

    #[test]
    fn fields_keep_only_text_values() {
        let got = items(
            r#"[{"name":"Ada","fields":{"born":"1815","n":3},"created_at":"2026-11-22T23:30:00-05:00"}]"#,
            Some(Section::Contacts),
        )
        .unwrap();
        let Item::Contact(c) = &got[0] else { panic!() };
        assert_eq!(c.record.fields, vec![("born".into(), "1815".into())]);
        assert_eq!(c.record.created, NaiveDate::from_ymd_opt(2026, 11, 22));
        assert_eq!(
            c.created_at.map(|t| t.to_rfc3339()),
            Some("2026-11-23T04:30:00+00:00".into())
        );
    }
}
