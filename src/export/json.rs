//! JSON: the shapes of DESIGN §4, shared by the CLI, reports and export (fields may be
//! added; none are renamed), and the JSON and NDJSON export writers that use them, so an
//! export reads like `crm … list --json`.

use std::io::{BufWriter, Write};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{json, Value};

use crate::domain::money::Money;
use crate::domain::*;

pub fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn opt_time(at: Option<DateTime<Utc>>) -> Option<String> {
    at.map(time)
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Money as a number in major units.
pub fn money(m: Money) -> Value {
    serde_json::Number::from_f64(m.major_f64())
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

#[derive(Serialize)]
pub struct ContactJson {
    pub id: ContactId,
    pub name: String,
    pub email: Option<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    /// Only when some e-mail or phone has a type (cell, work, home, fax, pager, other).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub email_types: std::collections::BTreeMap<String, String>,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub phone_types: std::collections::BTreeMap<String, String>,
    pub company: Option<String>,
    pub company_id: Option<CompanyId>,
    pub title: Option<String>,
    pub lifecycle: Lifecycle,
    pub tags: Vec<String>,
    pub source: Option<String>,
    pub notes: Option<String>,
    pub fields: std::collections::BTreeMap<String, String>,
    pub created_at: String,
    pub updated_at: String,
    pub last_contact_at: Option<String>,
    /// The contact's own stay-in-touch interval (`2w`), null when unset.
    pub cadence: Option<crate::domain::recurrence::Every>,
    /// `1990-03-14`, or `--03-14` without the year; null when unset.
    pub birthday: Option<crate::domain::birthday::Birthday>,
}

pub fn contact(c: &Contact) -> ContactJson {
    ContactJson {
        id: c.id,
        name: c.name.clone(),
        email: c.primary_email().map(str::to_string),
        emails: c.emails.clone(),
        phones: c.phones.clone(),
        email_types: c.email_types.clone(),
        phone_types: c.phone_types.clone(),
        company: c.company.clone(),
        company_id: c.company_id,
        title: c.title.clone(),
        lifecycle: c.lifecycle,
        tags: c.tags.clone(),
        source: c.source.clone(),
        notes: c.notes.clone(),
        fields: c.fields.clone(),
        created_at: time(c.created_at),
        updated_at: time(c.updated_at),
        last_contact_at: opt_time(c.last_contact_at),
        cadence: c.cadence,
        birthday: c.birthday,
    }
}

/// A deal in its JSON shape, typed, so long lists serialise without building trees.
#[derive(Serialize)]
pub struct DealJson<'a> {
    pub id: DealId,
    pub title: &'a str,
    pub contact_id: Option<ContactId>,
    pub contact: Option<&'a str>,
    pub company_id: Option<CompanyId>,
    pub company: Option<&'a str>,
    pub stage: &'a str,
    pub status: DealStatus,
    pub value: Value,
    pub value_minor: i64,
    pub currency: crate::domain::currency::Currency,
    pub probability: u8,
    pub probability_override: Option<u8>,
    pub expected_close: Option<String>,
    pub lost_reason: Option<&'a str>,
    pub created_at: String,
    pub updated_at: String,
    pub closed_at: Option<String>,
    /// Who it belongs to (DESIGN §14); null is nobody.
    pub owner: Option<&'a str>,
}

pub fn deal_json(d: &Deal) -> DealJson<'_> {
    DealJson {
        id: d.id,
        title: &d.title,
        contact_id: d.contact_id,
        contact: d.contact.as_deref(),
        company_id: d.company_id,
        company: d.company.as_deref(),
        stage: &d.stage,
        status: d.status,
        value: money(d.value),
        value_minor: d.value.minor,
        currency: d.value.currency,
        probability: d.effective_probability(),
        probability_override: d.probability,
        expected_close: d.expected_close.map(day),
        lost_reason: d.lost_reason.as_deref(),
        created_at: time(d.created_at),
        updated_at: time(d.updated_at),
        closed_at: opt_time(d.closed_at),
        owner: d.owner.as_deref(),
    }
}

pub fn deal(d: &Deal) -> Value {
    serde_json::to_value(deal_json(d)).unwrap_or_default()
}

pub fn interaction(i: &Interaction) -> Value {
    json!({
        "id": i.id,
        "contact_id": i.contact_id,
        "contact": i.contact,
        "deal_id": i.deal_id,
        "kind": i.kind,
        "direction": i.direction,
        "occurred_at": time(i.occurred_at),
        "duration_min": i.duration_min,
        "summary": i.summary,
        "body": i.body,
        "score": i.score,
        "case_id": i.case_id,
        "version": i.version,
    })
}

/// A due date as CSV writes it: `YYYY-MM-DD` for a day, RFC 3339 for a moment.
pub fn due(d: &Option<Due>) -> Option<String> {
    match d {
        Some(Due::Day(d)) => Some(day(*d)),
        Some(Due::At(at)) => Some(time(*at)),
        None => None,
    }
}

/// A task's due day, `YYYY-MM-DD` (for a timed task, its local day).
pub fn due_day(t: &Task) -> Option<String> {
    match t.due {
        Some(Due::Day(d)) => Some(day(d)),
        Some(Due::At(at)) => Some(day(t.due_day.unwrap_or_else(|| at.date_naive()))),
        None => None,
    }
}

/// A timed task's moment, RFC 3339; `None` for a whole-day or undated task.
pub fn due_at(t: &Task) -> Option<String> {
    match t.due {
        Some(Due::At(at)) => Some(time(at)),
        _ => None,
    }
}

pub fn task(t: &Task) -> Value {
    json!({
        "id": t.id,
        "title": t.title,
        "due": due_day(t),
        "due_at": due_at(t),
        "every": t.every.map(|e| e.to_string()),
        "done": t.done_at.is_some(),
        "done_at": opt_time(t.done_at),
        "contact_id": t.contact_id,
        "contact": t.contact,
        "deal_id": t.deal_id,
        "deal": t.deal,
        "case_id": t.case_id,
        "owner": t.owner,
        "created_at": time(t.created_at),
        "version": t.version,
    })
}

pub fn company(c: &Company) -> Value {
    json!({
        "id": c.id,
        "name": c.name,
        "domain": c.domain,
        "industry": c.industry,
        "size": c.size,
        "notes": c.notes,
        "created_at": time(c.created_at),
        "updated_at": time(c.updated_at),
    })
}

pub fn stage(s: &Stage) -> Value {
    json!({ "id": s.id, "name": s.name, "position": s.position, "probability": s.probability })
}

pub fn history(h: &HistoryEntry) -> Value {
    json!({
        "id": h.id,
        "change": h.change,
        "by": h.by,
        "entity": h.entity,
        "entity_id": h.entity_id,
        "action": h.action,
        "before": h.before,
        "after": h.after,
        "at": time(h.at),
    })
}

/// A contact in its `--json` shape, as a `Value` for [`json_array`] and [`ndjson`].
pub fn contact_value(c: &Contact) -> Value {
    // A struct of strings, ids and maps with string keys always converts.
    serde_json::to_value(contact(c)).unwrap_or(Value::Null)
}

/// A pretty-printed JSON array, one element per item, then a newline.
pub fn json_array<T>(w: &mut dyn Write, items: &[T], to_json: impl Fn(&T) -> Value) -> Result<()> {
    let mut out = BufWriter::new(w);
    let mut array = JsonArray::new(&mut out, "")?;
    for item in items {
        array.push(&to_json(item))?;
    }
    array.finish()?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// Newline-delimited JSON: one compact object per line.
pub fn ndjson<T>(w: &mut dyn Write, items: &[T], to_json: impl Fn(&T) -> Value) -> Result<()> {
    let mut out = BufWriter::new(w);
    for item in items {
        ndjson_line(&mut out, &to_json(item))?;
    }
    out.flush()?;
    Ok(())
}

/// One NDJSON line: the value compact, then a newline.
pub fn ndjson_line<T: Serialize + ?Sized>(w: &mut dyn Write, v: &T) -> Result<()> {
    super::json_out::to_writer(&mut *w, v)?;
    w.write_all(b"\n")?;
    Ok(())
}

/// A pretty JSON array written element by element as records stream in, the same bytes
/// as serde_json's pretty printer gives for the whole array: memory holds one element.
/// `indent` is the array's own indentation (an array inside an object is indented).
pub struct JsonArray<'w> {
    w: &'w mut dyn Write,
    indent: String,
    count: usize,
    buf: Vec<u8>,
}

impl<'w> JsonArray<'w> {
    pub fn new(w: &'w mut dyn Write, indent: &str) -> Result<JsonArray<'w>> {
        w.write_all(b"[")?;
        Ok(JsonArray {
            w,
            indent: format!("{indent}  "),
            count: 0,
            buf: Vec::new(),
        })
    }

    pub fn push<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<()> {
        self.buf.clear();
        super::json_out::to_writer_pretty(&mut self.buf, v)?;
        self.w
            .write_all(if self.count == 0 { b"\n" } else { b",\n" })?;
        self.w.write_all(self.indent.as_bytes())?;
        // Strings never hold a raw newline (JSON escapes it), so every newline is layout.
        for (i, line) in self.buf.split(|b| *b == b'\n').enumerate() {
            if i > 0 {
                self.w.write_all(b"\n")?;
                self.w.write_all(self.indent.as_bytes())?;
            }
            self.w.write_all(line)?;
        }
        self.count += 1;
        Ok(())
    }

    /// Closes the array (no newline after it); how many elements it has.
    pub fn finish(self) -> Result<usize> {
        if self.count > 0 {
            self.w.write_all(b"\n")?;
            self.w
                .write_all(&self.indent.as_bytes()[..self.indent.len() - 2])?;
        }
        self.w.write_all(b"]")?;
        Ok(self.count)
    }
}

/// A support case (DESIGN §7), with whether it is past a target (`breached`, which the
/// caller works out for its clock and targets).
pub fn case_breached((k, breached): &(crate::domain::case::Case, bool)) -> Value {
    let mut v = case(k);
    v["breached"] = (*breached).into();
    v
}

/// A support case's own fields.
pub fn case(k: &crate::domain::case::Case) -> Value {
    json!({
        "id": k.id,
        "contact_id": k.contact_id,
        "contact": k.contact,
        "deal_id": k.deal_id,
        "title": k.title,
        "priority": k.priority,
        "status": k.status,
        "opened_at": time(k.opened_at),
        "first_response_at": opt_time(k.first_response_at),
        "solved_at": opt_time(k.solved_at),
        "resolution": k.resolution,
        "owner": k.owner,
        "version": k.version,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::json as shapes;
    use crate::export::test_data::*;

    fn run(f: impl FnOnce(&mut dyn Write) -> Result<()>) -> String {
        let mut buf: Vec<u8> = Vec::new();
        f(&mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn array_is_pretty_and_uses_the_cli_shapes() {
        let deals = [website_deal(), kiosk_deal()];
        let out = run(|w| json_array(w, &deals, shapes::deal));
        let expected: Vec<Value> = deals.iter().map(shapes::deal).collect();
        assert_eq!(
            out,
            format!("{}\n", serde_json::to_string_pretty(&expected).unwrap())
        );
        let back: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back[0]["value"], serde_json::json!(4500.5));
        assert_eq!(back[0]["currency"], "EUR");
        assert_eq!(back[1]["value"], serde_json::json!(150000.0));
        assert_eq!(back[1]["status"], "lost");
    }

    #[test]
    fn streamed_arrays_are_serde_jsons_bytes_at_any_depth() {
        let items = [call(), feedback()];
        let values: Vec<Value> = items.iter().map(shapes::interaction).collect();
        let mut buf: Vec<u8> = Vec::new();
        {
            let mut a = JsonArray::new(&mut buf, "  ").unwrap();
            for v in &values {
                a.push(v).unwrap();
            }
            assert_eq!(a.finish().unwrap(), 2);
        }
        let doc = serde_json::json!({ "k": values });
        let expected = serde_json::to_string_pretty(&doc).unwrap();
        assert_eq!(
            format!("{{\n  \"k\": {}\n}}", String::from_utf8(buf).unwrap()),
            expected
        );
    }

    #[test]
    fn empty_array_is_brackets() {
        let out = run(|w| json_array(w, &[] as &[Task], shapes::task));
        assert_eq!(out, "[]\n");
    }

    #[test]
    fn contacts_keep_the_contact_shape() {
        let out = run(|w| json_array(w, &[ada()], contact_value));
        let back: Value = serde_json::from_str(&out).unwrap();
        let c = &back[0];
        assert_eq!(c["id"], 7);
        assert_eq!(c["email"], "ada@example.com");
        assert_eq!(c["emails"][1], "ada.l@example.net");
        assert_eq!(c["lifecycle"], "decision");
        assert_eq!(c["tags"], serde_json::json!(["vip", "math"]));
        assert_eq!(c["fields"]["tier"], "gold");
        assert_eq!(c["created_at"], "2026-11-22T10:00:00Z");
        assert_eq!(
            back,
            Value::Array(vec![serde_json::to_value(shapes::contact(&ada())).unwrap()])
        );
    }

    #[test]
    fn ndjson_is_one_compact_object_per_line() {
        let items = [call(), feedback()];
        let out = run(|w| ndjson(w, &items, shapes::interaction));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(out.ends_with('\n'));
        for (line, item) in lines.iter().zip(&items) {
            assert!(!line.contains("\n  "));
            assert_eq!(
                *line,
                serde_json::to_string(&shapes::interaction(item)).unwrap()
            );
        }
        let first: Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(first["kind"], "call");
        assert_eq!(first["direction"], "out");
        assert_eq!(first["occurred_at"], "2026-11-24T15:30:00Z");

        let tasks = [proposal_task(), done_task()];
        let out = run(|w| ndjson(w, &tasks, shapes::task));
        let second: Value = serde_json::from_str(out.lines().nth(1).unwrap()).unwrap();
        assert_eq!(second["done"], true);
        // DESIGN §4 (issue 9): `due` is always a date; the moment goes in `due_at`.
        assert_eq!(second["due"], "2026-12-02");
        assert_eq!(second["due_at"], "2026-12-02T15:30:00Z");
        assert_eq!(second["every"], "month");
        let first: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        assert_eq!(first["due"], "2026-12-01");
        assert_eq!(first["due_at"], Value::Null);
        assert_eq!(first["every"], Value::Null);
        assert_eq!(first["version"], 1);

        assert_eq!(run(|w| ndjson(w, &[] as &[Deal], shapes::deal)), "");
    }
}
