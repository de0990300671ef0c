//! One JSON object of crm's own exports turned into its typed item (`json.rs` reads the
//! file and finds the objects).

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use crate::domain::currency::Currency;
use crate::domain::money::format_minor;
use crate::domain::*;

use super::json::*;
use super::values::clean_text;
use super::{ContactRecord, DealRecord, TaskRecord};

/// One object as the item its section holds; a stage or company without a name is none.
pub(super) fn item(line: u64, section: Section, v: &Value) -> Option<Item> {
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
