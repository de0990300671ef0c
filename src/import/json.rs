//! Reading crm's own JSON and NDJSON exports: a list of contacts, deals, interactions or
//! tasks, or `crm export all` with every section. Objects come out as typed items with
//! the file's own ids; matching those ids to new records is the use case's work.

use std::io::{BufRead, Read};

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use crate::domain::currency::Currency;
use crate::domain::money::format_minor;
use crate::domain::*;

use super::{ContactRecord, DealRecord, TaskRecord};

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
}

/// Reads a JSON array, an `export all` document, or NDJSON, calling `each` per object in
/// the file's order (an `export all` document: section by section, in [`Section::ALL`]'s
/// order). `default` is what untagged objects are (the entity the user named).
pub fn read(
    input: impl Read,
    default: Option<Section>,
    mut each: impl FnMut(Item) -> Result<()>,
) -> Result<()> {
    let mut reader = std::io::BufReader::new(input);
    let first = {
        let buf = reader.fill_buf()?;
        buf.iter()
            .copied()
            .find(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF)
    };
    let bad = |e: serde_json::Error| Error::invalid(format!("the file is not valid JSON: {e}."));
    let mut emit = |line: u64, section: Section, v: &Value| match item(line, section, v) {
        Some(i) => each(i),
        None => Ok(()),
    };
    match first {
        Some(b'[') => {
            let items: Vec<Value> = serde_json::from_reader(reader).map_err(bad)?;
            for (i, v) in items.iter().enumerate() {
                let s = section_of(v, default).ok_or_else(|| {
                    Error::invalid(
                        "name what the file holds: crm import contacts|deals|interactions.",
                    )
                })?;
                emit(i as u64 + 1, s, v)?;
            }
        }
        Some(b'{') => {
            // One document with sections, or one object per line.
            let mut line = 0u64;
            for v in serde_json::Deserializer::from_reader(reader).into_iter::<Value>() {
                let v = v.map_err(bad)?;
                line += 1;
                if is_document(&v) {
                    for section in Section::ALL {
                        let items = v.get(section.key()).and_then(Value::as_array);
                        for (i, item) in items.into_iter().flatten().enumerate() {
                            emit(i as u64 + 1, section, item)?;
                        }
                    }
                } else if let Some(s) = section_of(&v, default) {
                    emit(line, s, &v)?;
                }
            }
        }
        _ => return Err(Error::invalid("the file is empty or not JSON.")),
    }
    Ok(())
}

/// A whole `export all` document rather than one tagged record.
fn is_document(v: &Value) -> bool {
    v.get("type").is_none()
        && Section::ALL
            .iter()
            .any(|s| v.get(s.key()).is_some_and(Value::is_array))
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
                .filter_map(|(k, x)| x.as_str().map(|x| (k.clone(), x.to_string())))
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

/// A string that is not blank.
fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
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
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
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
