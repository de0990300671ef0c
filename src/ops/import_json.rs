//! Reading back crm's own JSON and NDJSON exports: a list of contacts, deals, interactions
//! or tasks, or `crm export all` with everything, ids remapped to the new database.

use std::collections::HashMap;
use std::io::{BufRead, Read};

use serde_json::Value;

use crate::domain::dates::{parse_when, When};
use crate::domain::money::format_minor;
use crate::domain::*;
use crate::import::{ContactRecord, DealRecord, Parsed, RowError};

use super::import::Writer;

/// What a JSON object is, from `type` (NDJSON of `export all`), its place in an `all`
/// document, or the entity the user named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Company,
    Contact,
    Deal,
    Interaction,
    Task,
    Stage,
    StageChange,
}

fn kind_of(v: &Value, default: Option<Kind>) -> Option<Kind> {
    match v.get("type").and_then(Value::as_str) {
        Some("company") => Some(Kind::Company),
        Some("contact") => Some(Kind::Contact),
        Some("deal") => Some(Kind::Deal),
        Some("interaction") => Some(Kind::Interaction),
        Some("task") => Some(Kind::Task),
        Some("stage") => Some(Kind::Stage),
        Some("stage_change") => Some(Kind::StageChange),
        _ => default,
    }
}

/// A task as a file gives it.
pub(crate) struct TaskFields {
    pub title: Option<String>,
    pub due: Option<String>,
    pub done_at: Option<String>,
    pub done: bool,
}

/// Old ids (from the file) to new ones.
#[derive(Default)]
pub struct Ids {
    contacts: HashMap<i64, ContactId>,
    deals: HashMap<i64, DealId>,
    /// Deals whose made-up creation step was replaced by the file's own path.
    paths: std::collections::HashSet<DealId>,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
}

fn instant(v: &Value, key: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    text(v, key)
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&chrono::Utc))
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

/// Reads a JSON array, an `export all` document, or NDJSON, calling `each` per object.
pub fn read(
    input: impl Read,
    default: Option<Kind>,
    mut each: impl FnMut(u64, Kind, &Value) -> Result<()>,
) -> Result<()> {
    let mut reader = std::io::BufReader::new(input);
    let first = {
        let buf = reader.fill_buf()?;
        buf.iter()
            .copied()
            .find(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF)
    };
    let bad = |e: serde_json::Error| Error::invalid(format!("the file is not valid JSON: {e}."));
    match first {
        Some(b'[') => {
            let items: Vec<Value> = serde_json::from_reader(reader).map_err(bad)?;
            for (i, v) in items.iter().enumerate() {
                let k = kind_of(v, default).ok_or_else(|| {
                    Error::invalid(
                        "name what the file holds: crm import contacts|deals|interactions.",
                    )
                })?;
                each(i as u64 + 1, k, v)?;
            }
        }
        Some(b'{') => {
            // One document with sections, or one object per line.
            let mut line = 0u64;
            for v in serde_json::Deserializer::from_reader(reader).into_iter::<Value>() {
                let v = v.map_err(bad)?;
                line += 1;
                let sections = [
                    ("stages", Kind::Stage),
                    ("companies", Kind::Company),
                    ("contacts", Kind::Contact),
                    ("deals", Kind::Deal),
                    ("stage_history", Kind::StageChange),
                    ("interactions", Kind::Interaction),
                    ("tasks", Kind::Task),
                ];
                if v.get("type").is_none()
                    && sections
                        .iter()
                        .any(|(k, _)| v.get(*k).is_some_and(Value::is_array))
                {
                    for (key, kind) in sections {
                        for (i, item) in v
                            .get(key)
                            .and_then(Value::as_array)
                            .into_iter()
                            .flatten()
                            .enumerate()
                        {
                            each(i as u64 + 1, kind, item)?;
                        }
                    }
                } else if let Some(k) = kind_of(&v, default) {
                    each(line, k, &v)?;
                }
            }
        }
        _ => return Err(Error::invalid("the file is empty or not JSON.")),
    }
    Ok(())
}

impl Writer<'_, '_> {
    pub fn json_item(&mut self, ids: &mut Ids, line: u64, kind: Kind, v: &Value) -> Result<()> {
        match kind {
            Kind::Stage => {
                // The file's stages, in the file's order: missing ones are added, existing
                // ones keep their probability but take the file's position.
                if let Some(name) = text(v, "name") {
                    let position = v
                        .get("position")
                        .and_then(Value::as_i64)
                        .unwrap_or(i64::MAX / 2);
                    match self.stage_named(&name) {
                        Some(mut stage) => {
                            stage.position = position;
                            self.tx.update_stage(&stage)?;
                        }
                        None => {
                            let probability = v
                                .get("probability")
                                .and_then(Value::as_u64)
                                .filter(|p| *p <= 100)
                                .unwrap_or(10) as u8;
                            self.tx.insert_stage(&name, position, probability)?;
                        }
                    }
                    self.reload_stages()?;
                }
                Ok(())
            }
            Kind::StageChange => {
                let Some(deal) = v
                    .get("deal_id")
                    .and_then(Value::as_i64)
                    .and_then(|old| ids.deals.get(&old))
                    .copied()
                else {
                    return Ok(());
                };
                if ids.paths.insert(deal) {
                    self.tx.clear_stage_history(deal)?;
                }
                let status = text(v, "status")
                    .and_then(|s| DealStatus::parse(&s).ok())
                    .unwrap_or(DealStatus::Open);
                let from = text(v, "from").and_then(|n| self.stage_id(&n));
                let to = text(v, "to").and_then(|n| self.stage_id(&n));
                self.tx.add_stage_change(
                    deal,
                    from,
                    to,
                    status,
                    instant(v, "at").unwrap_or(self.now.utc),
                )?;
                Ok(())
            }
            Kind::Company => {
                if let Some(name) = text(v, "name") {
                    let c = self.company(&name)?;
                    if c.domain.is_none() && c.industry.is_none() && c.size.is_none() {
                        let mut c2 = c.clone();
                        c2.domain = text(v, "domain");
                        c2.industry = text(v, "industry");
                        c2.size = text(v, "size").and_then(|s| CompanySize::parse(&s).ok());
                        c2.notes = c2.notes.or_else(|| text(v, "notes"));
                        if c2 != c {
                            self.tx.update_company(&c2)?;
                        }
                    }
                }
                Ok(())
            }
            Kind::Contact => {
                let rec = ContactRecord {
                    line,
                    name: text(v, "name"),
                    emails: list(v, "emails"),
                    phones: list(v, "phones"),
                    company: text(v, "company"),
                    title: text(v, "title"),
                    tags: list(v, "tags"),
                    notes: text(v, "notes"),
                    source: text(v, "source"),
                    lifecycle: text(v, "lifecycle"),
                    fields: v
                        .get("fields")
                        .and_then(Value::as_object)
                        .map(|m| {
                            m.iter()
                                .filter_map(|(k, x)| x.as_str().map(|x| (k.clone(), x.to_string())))
                                .collect()
                        })
                        .unwrap_or_default(),
                    created: text(v, "created_at")
                        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
                        .map(|t| t.date_naive()),
                    warnings: Vec::new(),
                    raw: vec![v.to_string()],
                };
                let created_before = self.out.created;
                if let Some(id) = self.contact(Parsed::Record(rec))? {
                    if let Some(old) = v.get("id").and_then(Value::as_i64) {
                        ids.contacts.insert(old, id);
                    }
                    if self.out.created > created_before {
                        if let (Some(c), Some(u)) =
                            (instant(v, "created_at"), instant(v, "updated_at"))
                        {
                            self.tx.restore_contact_created(id, c, u)?;
                        }
                    }
                }
                Ok(())
            }
            Kind::Deal => {
                // A deal that names its contact by id is never matched by name instead.
                let contact = match v.get("contact_id").and_then(Value::as_i64) {
                    Some(old) => ids.contacts.get(&old).map(|id| format!("#{id}")),
                    None => text(v, "contact"),
                };
                let currency = text(v, "currency");
                let exponent = currency
                    .as_deref()
                    .and_then(|c| crate::domain::currency::Currency::parse(c).ok())
                    .map_or(2, |c| c.exponent());
                let value = v
                    .get("value_minor")
                    .and_then(Value::as_i64)
                    .map(|m| format_minor(m, exponent).replace(',', ""));
                let rec = DealRecord {
                    line,
                    title: text(v, "title").unwrap_or_default(),
                    contact,
                    company: text(v, "company"),
                    value,
                    currency,
                    stage: text(v, "stage"),
                    probability: v
                        .get("probability_override")
                        .and_then(Value::as_u64)
                        .map(|p| p.to_string()),
                    close: text(v, "expected_close")
                        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                    status: text(v, "status"),
                    lost_reason: text(v, "lost_reason"),
                    created: text(v, "created_at")
                        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
                        .map(|t| t.date_naive()),
                    warnings: Vec::new(),
                    raw: vec![v.to_string()],
                };
                if let Some(id) = self.deal(Parsed::Record(rec))? {
                    if let Some(old) = v.get("id").and_then(Value::as_i64) {
                        ids.deals.insert(old, id);
                    }
                    if let Some(created) = instant(v, "created_at") {
                        let updated = instant(v, "updated_at").unwrap_or(created);
                        self.tx.restore_deal_times(
                            id,
                            created,
                            updated,
                            instant(v, "closed_at"),
                        )?;
                    }
                }
                Ok(())
            }
            Kind::Interaction => self.json_interaction(ids, line, v),
            Kind::Task => self.json_task(ids, line, v),
        }
    }

    fn contact_ref(&self, ids: &Ids, v: &Value) -> Option<ContactId> {
        v.get("contact_id")
            .and_then(Value::as_i64)
            .and_then(|old| ids.contacts.get(&old))
            .copied()
    }

    fn json_interaction(&mut self, ids: &Ids, line: u64, v: &Value) -> Result<()> {
        self.out.rows += 1;
        let reject = |why: String| RowError {
            line,
            column: None,
            reason: why,
        };
        let Some(contact) = self.contact_ref(ids, v) else {
            self.out.rejected.push((
                reject("its contact is not in the file (or was rejected)".into()),
                Vec::new(),
            ));
            return Ok(());
        };
        let kind = match text(v, "kind").map(|k| InteractionKind::parse(&k)) {
            Some(Ok(k)) => k,
            _ => {
                self.out
                    .rejected
                    .push((reject("unknown or missing kind".into()), Vec::new()));
                return Ok(());
            }
        };
        let at = text(v, "occurred_at")
            .and_then(|t| parse_when(&t, self.now.local()).ok())
            .map_or(self.now.utc, |w| self.now.instant(w));
        let i = Interaction {
            id: InteractionId(0),
            contact_id: contact,
            contact: String::new(),
            deal_id: v
                .get("deal_id")
                .and_then(Value::as_i64)
                .and_then(|old| ids.deals.get(&old))
                .copied(),
            kind,
            direction: text(v, "direction").and_then(|d| Direction::parse(&d).ok()),
            occurred_at: at,
            duration_min: v
                .get("duration_min")
                .and_then(Value::as_u64)
                .map(|d| d as u32),
            summary: text(v, "summary").unwrap_or_else(|| "(no summary)".into()),
            body: text(v, "body"),
            score: v
                .get("score")
                .and_then(Value::as_u64)
                .filter(|s| *s <= 10)
                .map(|s| s as u8),
        };
        self.insert_interaction(&i)
    }

    fn json_task(&mut self, ids: &Ids, line: u64, v: &Value) -> Result<()> {
        let done = v.get("done").and_then(Value::as_bool).unwrap_or(false);
        let deal = v
            .get("deal_id")
            .and_then(Value::as_i64)
            .and_then(|old| ids.deals.get(&old))
            .copied();
        let task = TaskFields {
            title: text(v, "title"),
            due: text(v, "due"),
            done_at: text(v, "done_at"),
            done,
        };
        self.task(
            line,
            task,
            self.contact_ref(ids, v),
            deal,
            vec![v.to_string()],
        )
    }

    /// Writes one task read from a file (crm's JSON or CSV export).
    pub(crate) fn task(
        &mut self,
        line: u64,
        f: TaskFields,
        contact: Option<ContactId>,
        deal: Option<DealId>,
        raw: Vec<String>,
    ) -> Result<()> {
        self.out.rows += 1;
        let Some(title) = f.title.filter(|t| !t.trim().is_empty()) else {
            self.out.rejected.push((
                RowError {
                    line,
                    column: Some("title".into()),
                    reason: "the task has no title".into(),
                },
                raw,
            ));
            return Ok(());
        };
        let (due, day) = match f.due.as_deref().map(|d| parse_when(d, self.now.local())) {
            Some(Ok(When::Day(d))) => (Some(Due::Day(d)), Some(d)),
            Some(Ok(w)) => {
                let at = self.now.instant(w);
                (Some(Due::At(at)), Some(self.now.to_local(at).date()))
            }
            Some(Err(e)) => {
                self.out.rejected.push((
                    RowError {
                        line,
                        column: Some("due".into()),
                        reason: e.to_string(),
                    },
                    raw,
                ));
                return Ok(());
            }
            None => (None, None),
        };
        let done_at = f
            .done_at
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&chrono::Utc))
            .or_else(|| f.done.then_some(self.now.utc));
        let t = Task {
            id: TaskId(0),
            title,
            contact_id: contact,
            contact: None,
            deal_id: deal,
            deal: None,
            due,
            done_at,
            created_at: self.now.utc,
        };
        let id = self.tx.insert_task(&t, day)?;
        self.tx
            .add_import_item(self.id, "task", id.0, "create", None)?;
        self.trace(
            crate::domain::history::Entity::Task,
            id.0,
            t.contact_id,
            &t.title,
        )?;
        self.out.created += 1;
        Ok(())
    }

    /// Tasks from a CSV with a header (crm's own `export tasks`: title, contact or
    /// contact_email, due, done_at).
    pub(crate) fn tasks_csv(&mut self, input: impl Read) -> Result<()> {
        let decoded = crate::import::decode(input)
            .map_err(|e| Error::Io(format!("could not read the file: {e}.")))?;
        let mut csv = ::csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(decoded);
        let headers: Vec<String> = csv
            .headers()
            .map_err(|e| Error::invalid(format!("the file has no header row ({e}).")))?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
            .collect();
        let col = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| headers.iter().position(|h| h == n))
        };
        let title = col(&["title", "task", "subject"]).ok_or_else(|| {
            Error::invalid("no title column: a tasks file needs a column named title (or task).")
        })?;
        let (email, name, due, done_at) = (
            col(&["contact_email", "email"]),
            col(&["contact"]),
            col(&["due", "due_date", "due date"]),
            col(&["done_at", "completed", "done"]),
        );
        for (i, row) in csv.records().enumerate() {
            let line = i as u64 + 2;
            let row = match row {
                Ok(r) => r,
                Err(e) => {
                    self.out.rejected.push((
                        RowError {
                            line,
                            column: None,
                            reason: format!("cannot read the row: {e}"),
                        },
                        Vec::new(),
                    ));
                    continue;
                }
            };
            let cell = |c: Option<usize>| {
                c.and_then(|c| row.get(c))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
            };
            let raw: Vec<String> = row.iter().map(str::to_string).collect();
            let contact = match cell(email).or_else(|| cell(name)) {
                Some(r) => match crate::input::resolve::contact(self.tx.read(), &r) {
                    Ok(id) => Some(id),
                    Err(e) => {
                        self.out.rows += 1;
                        self.out.rejected.push((
                            RowError {
                                line,
                                column: Some("contact".into()),
                                reason: e.to_string(),
                            },
                            raw,
                        ));
                        continue;
                    }
                },
                None => None,
            };
            let fields = TaskFields {
                title: cell(Some(title)),
                due: cell(due),
                done_at: cell(done_at),
                done: false,
            };
            self.task(line, fields, contact, None, raw)?;
        }
        Ok(())
    }
}
