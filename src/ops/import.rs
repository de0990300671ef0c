//! `crm import`: parsed records (from `crate::import`) written in one transaction, with
//! duplicates merged, skipped or refused, bad rows reported (nothing written by default),
//! a dry run that rehearses and rolls back, and an undo log.
// "First value wins" reads best as an `if` inside each field's arm.
#![allow(clippy::collapsible_match)]

use std::io::Read;

use crate::domain::currency::Currency;
use crate::domain::history::{self, Action};
use crate::domain::text::{email_key, name_key};
use crate::domain::*;
use crate::import::{ContactRecord, CsvImport, Entity, Format, ImportOptions, Parsed, RowError};
use crate::store::{Store, Tx};

use super::{companies, Now};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnDuplicate {
    #[default]
    Merge,
    Skip,
    Error,
}

impl OnDuplicate {
    pub fn parse(s: &str) -> Result<Self> {
        match s.to_lowercase().as_str() {
            "merge" => Ok(OnDuplicate::Merge),
            "skip" => Ok(OnDuplicate::Skip),
            "error" => Ok(OnDuplicate::Error),
            _ => Err(Error::invalid(format!(
                "--on-duplicate {s:?}: use merge, skip or error."
            ))),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ImportRequest {
    pub options: ImportOptions,
    /// Added to every imported contact.
    pub tags: Vec<String>,
    pub dry_run: bool,
    pub skip_invalid: bool,
    pub on_duplicate: OnDuplicate,
    /// `Their Stage=our-stage`
    pub stage_maps: Vec<String>,
    /// Shown in `crm import list`.
    pub file_name: String,
    pub default_currency: Option<Currency>,
    /// `crm import all`: the file is a whole `crm export all` (JSON or NDJSON).
    pub everything: bool,
    /// `crm import tasks`: a CSV or JSON of tasks (crm's `export tasks`).
    pub tasks: bool,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub import_id: Option<i64>,
    pub format: String,
    pub encoding: String,
    pub created: usize,
    pub merged: usize,
    /// Duplicates skipped, and rows with nothing to import (no name, e-mail or phone).
    pub skipped: usize,
    pub rejected: Vec<(RowError, Vec<String>)>,
    pub warnings: Vec<String>,
    /// For `--rejects`: the input's header and delimiter (CSV), or none (vCard).
    pub header: Option<(Vec<String>, u8)>,
    /// How many records were read.
    pub rows: usize,
    /// The first few decisions, for `--dry-run`: "create Ada Lovelace", "merge … into #12".
    pub samples: Vec<String>,
}

/// How many decisions a dry run shows.
const SAMPLES: usize = 20;

/// The bad rows, as the error an import without `--skip-invalid` fails with.
fn refusal(rejected: &[(RowError, Vec<String>)]) -> Error {
    let mut msg = format!("{} row(s) cannot be imported; nothing was written. Fix them, or pass --skip-invalid (and --rejects FILE) to import the rest:", rejected.len());
    for (e, _) in rejected.iter().take(50) {
        msg.push_str(&format!("\n  {e}"));
    }
    if rejected.len() > 50 {
        msg.push_str(&format!("\n  … and {} more", rejected.len() - 50));
    }
    Error::invalid(msg)
}

pub fn import(store: &Store, now: &Now, input: impl Read, req: &ImportRequest) -> Result<Outcome> {
    let mut head = [0u8; 512];
    let mut reader = std::io::BufReader::new(input);
    let n = {
        use std::io::BufRead;
        let buf = reader.fill_buf()?;
        let n = buf.len().min(head.len());
        head[..n].copy_from_slice(&buf[..n]);
        n
    };
    let vcard = req.options.format == Format::Vcard
        || (req.options.format == Format::Auto && crate::import::looks_like_vcard(&head[..n]));
    // crm's own JSON and NDJSON exports start with `[` or `{`.
    let json = req.options.format == Format::Auto
        && head[..n]
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'[' || *b == b'{');
    let text_head = String::from_utf8_lossy(&head[..n]);
    if text_head
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_uppercase()
        .starts_with("BEGIN:VCALENDAR")
    {
        return Err(Error::invalid("this is an iCalendar file (events or to-dos); crm imports contacts from CSV and vCard, deals and interactions from CSV."));
    }
    if req.everything && !json {
        return Err(Error::invalid(
            "crm import all reads what crm export all writes (JSON or NDJSON).",
        ));
    }
    let run = |tx: &Tx<'_>| -> Result<Outcome> {
        let mut out = Outcome::default();
        let id = tx.insert_import(
            if req.everything {
                "all"
            } else if req.tasks {
                "tasks"
            } else {
                req.options.entity.as_str()
            },
            &req.file_name,
            if json {
                "json"
            } else if vcard {
                "vcard"
            } else {
                "csv"
            },
            now.utc,
        )?;
        let mut w = Writer {
            tx,
            now,
            req,
            out: &mut out,
            id,
            stages: tx.read().stages()?,
        };
        if json {
            use super::import_json::{read, Ids, Kind};
            w.out.format = "json".into();
            let default = match (req.everything, req.options.entity) {
                (true, _) => None,
                _ if req.tasks => Some(Kind::Task),
                (_, Entity::Contacts) => Some(Kind::Contact),
                (_, Entity::Deals) => Some(Kind::Deal),
                (_, Entity::Interactions) => Some(Kind::Interaction),
            };
            let mut ids = Ids::default();
            read(reader, default, |line, kind, v| {
                w.json_item(&mut ids, line, kind, v)
            })?;
        } else if req.tasks {
            w.out.format = "csv".into();
            w.tasks_csv(reader)?;
        } else if vcard {
            if req.options.entity != Entity::Contacts {
                return Err(Error::invalid(
                    "a vCard file holds contacts; import it with crm import contacts.",
                ));
            }
            w.out.format = "vcard".into();
            for item in crate::import::vcards(reader) {
                w.contact(item)?;
            }
        } else {
            let csv = CsvImport::new(reader, &req.options)?;
            w.out.format = csv.format().as_str().into();
            w.out.encoding = csv.encoding().into();
            w.out.header = Some((csv.headers().to_vec(), csv.delimiter()));
            match req.options.entity {
                Entity::Contacts => {
                    for item in csv.contacts() {
                        w.contact(item)?;
                    }
                }
                Entity::Deals => {
                    for item in csv.deals() {
                        w.deal(item)?;
                    }
                }
                Entity::Interactions => {
                    for item in csv.interactions() {
                        w.interaction(item)?;
                    }
                }
            }
        }
        if out.rows == 0 && out.rejected.is_empty() && out.skipped == 0 {
            return Err(Error::invalid(
                "the file has no rows to import (only a header, or nothing at all).",
            ));
        }
        if !out.rejected.is_empty() && !req.skip_invalid {
            return Err(refusal(&out.rejected));
        }
        tx.finish_import(id, out.created, out.merged, out.skipped, out.rejected.len())?;
        let summary = serde_json::json!({"import": id, "file": req.file_name, "created": out.created, "merged": out.merged, "skipped": out.skipped, "rejected": out.rejected.len()});
        super::record(
            tx,
            now,
            history::Entity::Import,
            id,
            None,
            Action::Import,
            super::NONE,
            Some(&summary),
        )?;
        out.import_id = Some(id);
        Ok(out)
    };
    if req.dry_run {
        store.rehearse(run).map(|mut o| {
            o.import_id = None;
            o
        })
    } else {
        store.write(run)
    }
}

pub(crate) struct Writer<'a, 'b> {
    pub(crate) tx: &'a Tx<'b>,
    pub(crate) now: &'a Now,
    pub(crate) req: &'a ImportRequest,
    pub(crate) out: &'a mut Outcome,
    pub(crate) id: i64,
    pub(crate) stages: Vec<Stage>,
}

impl Writer<'_, '_> {
    pub(crate) fn stage_named(&self, name: &str) -> Option<Stage> {
        self.stages
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
            .cloned()
    }

    pub(crate) fn stage_id(&self, name: &str) -> Option<StageId> {
        self.stages
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
            .map(|s| s.id)
    }

    pub(crate) fn reload_stages(&mut self) -> Result<()> {
        self.stages = self.tx.read().stages()?;
        Ok(())
    }

    pub(crate) fn sample(&mut self, text: String) {
        if self.out.samples.len() < SAMPLES {
            self.out.samples.push(text);
        }
    }

    pub(crate) fn reject(
        &mut self,
        line: u64,
        column: Option<&str>,
        reason: String,
        raw: Vec<String>,
    ) {
        self.out.rejected.push((
            RowError {
                line,
                column: column.map(str::to_string),
                reason,
            },
            raw,
        ));
    }

    /// Unwraps a parsed item, counting skips and rejects.
    pub(crate) fn take<T>(&mut self, item: Parsed<T>) -> Result<Option<T>> {
        match item {
            Parsed::Record(r) => {
                self.out.rows += 1;
                Ok(Some(r))
            }
            Parsed::Skipped { .. } => {
                self.out.skipped += 1;
                Ok(None)
            }
            // The file could not be read to its end: the import fails as a whole.
            Parsed::Invalid { error, .. }
                if error.reason.starts_with(crate::import::READ_FAILURE) =>
            {
                Err(Error::Io(format!("{error}; nothing was imported.")))
            }
            Parsed::Invalid { error, raw } => {
                self.out.rejected.push((error, raw));
                Ok(None)
            }
        }
    }

    /// Writes one contact; returns the contact it created or merged into.
    pub(crate) fn contact(&mut self, item: Parsed<ContactRecord>) -> Result<Option<ContactId>> {
        let Some(rec) = self.take(item)? else {
            return Ok(None);
        };
        let line = rec.line;
        for w in &rec.warnings {
            self.out.warnings.push(format!("line {line}: {w}"));
        }
        let raw_cells = rec.raw.clone();
        let raw = || raw_cells.clone();
        let name = match rec.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => n.to_string(),
            None => match rec.emails.first().or(rec.phones.first()) {
                Some(x) => x.clone(),
                None => {
                    self.out.skipped += 1;
                    return Ok(None);
                }
            },
        };
        let mut emails = Vec::new();
        for e in &rec.emails {
            match crate::domain::validate::email(e) {
                Ok(e)
                    if !emails
                        .iter()
                        .any(|x: &String| email_key(x) == email_key(&e)) =>
                {
                    emails.push(e)
                }
                Ok(_) => {}
                Err(err) => {
                    self.reject(line, Some("email"), err.to_string(), raw());
                    return Ok(None);
                }
            }
        }
        let phones: Vec<String> = rec
            .phones
            .iter()
            .map(|p| p.trim().to_string())
            .filter(|p| p.chars().filter(char::is_ascii_digit).count() >= 3)
            .collect();
        let lifecycle = match rec.lifecycle.as_deref().map(Lifecycle::parse) {
            Some(Ok(l)) => Some(l),
            Some(Err(_)) => {
                self.out.warnings.push(format!(
                    "line {line}: lifecycle {:?} is not one of ours; left as awareness",
                    rec.lifecycle.as_deref().unwrap_or("")
                ));
                None
            }
            None => None,
        };
        // A company is only created once it is known to be needed (a new contact, or a
        // merged one without a company), so a merge never leaves an unused company behind.
        let company_name = rec
            .company
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string);
        let company = match &company_name {
            Some(c) => self.tx.read().company_by_name(c)?,
            None => None,
        };
        let mut tags: Vec<String> = Vec::new();
        for t in rec.tags.iter().chain(&self.req.tags) {
            if let Ok(t) = crate::domain::validate::tag(t) {
                if !tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
                    tags.push(t);
                }
            }
        }
        let created = rec
            .created
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc())
            .unwrap_or(self.now.utc);
        let incoming = Contact {
            id: ContactId(0),
            name,
            emails,
            phones,
            company_id: company.as_ref().map(|c| c.id),
            company: company.map(|c| c.name),
            title: rec.title.filter(|t| !t.trim().is_empty()),
            lifecycle: lifecycle.unwrap_or(Lifecycle::Awareness),
            source: rec.source,
            notes: rec.notes.filter(|n| !n.trim().is_empty()),
            tags,
            fields: rec
                .fields
                .into_iter()
                .filter(|(k, v)| !k.trim().is_empty() && !v.trim().is_empty())
                .collect(),
            created_at: created,
            updated_at: self.now.utc,
            last_contact_at: None,
        };
        // A duplicate: the same e-mail, or the same name at the same company when there is none.
        let r = self.tx.read();
        let mut existing = None;
        for e in &incoming.emails {
            if let Some(id) = r.contact_id_by_email(e)? {
                existing = Some(id);
                break;
            }
        }
        if existing.is_none() {
            // Same name at the same company, when one of the two has no e-mail to tell them
            // apart (a LinkedIn row, then the same person from Google with an address).
            // (A company not in the database yet has nobody at it.)
            let unknown_company = company_name.is_some() && incoming.company_id.is_none();
            let found = if unknown_company {
                None
            } else {
                r.contact_by_name_and_company(&name_key(&incoming.name), incoming.company_id)?
            };
            if let Some(id) = found {
                let known_emails = r.contact(id)?.map_or(0, |c| c.emails.len());
                if incoming.emails.is_empty() || known_emails == 0 {
                    existing = Some(id);
                }
            }
        }
        let Some(id) = existing else {
            let mut incoming = incoming;
            if let (None, Some(name)) = (incoming.company_id, &company_name) {
                let co = self.company(name)?;
                incoming.company_id = Some(co.id);
                incoming.company = Some(co.name);
            }
            let id = self.tx.insert_contact(&incoming)?;
            self.tx
                .add_import_item(self.id, "contact", id.0, "create", None)?;
            self.trace(history::Entity::Contact, id.0, Some(id), &incoming.name)?;
            self.out.created += 1;
            self.sample(format!("line {line}: create {}", incoming.name));
            return Ok(Some(id));
        };
        match self.req.on_duplicate {
            OnDuplicate::Skip => {
                self.out.skipped += 1;
                self.sample(format!(
                    "line {line}: skip {} (already #{id})",
                    incoming.name
                ));
            }
            OnDuplicate::Error => {
                self.reject(
                    line,
                    None,
                    format!("duplicate of contact #{id} ({})", incoming.name),
                    raw(),
                );
                // Refused: nothing from this row (in `import all`, its deals) goes to #id.
                return Ok(None);
            }
            OnDuplicate::Merge => {
                let before = super::contacts::load(r, id)?;
                let mut c = before.clone();
                let mut incoming = incoming;
                if let (None, None, Some(name)) =
                    (before.company_id, incoming.company_id, &company_name)
                {
                    let co = self.company(name)?;
                    incoming.company_id = Some(co.id);
                    incoming.company = Some(co.name);
                }
                merge_into(&mut c, incoming);
                if c != before {
                    c.updated_at = self.now.utc;
                    // E-mails another live contact owns cannot be added; keep ours.
                    c.emails.retain(|e| {
                        r.contact_id_by_email(e)
                            .ok()
                            .flatten()
                            .is_none_or(|owner| owner == id)
                    });
                    self.tx.update_contact(&c)?;
                    // As stored (tags come back sorted): undo compares against this.
                    let after = super::contacts::load(r, id)?;
                    let snapshot =
                        serde_json::json!({ "before": &before, "after": &after }).to_string();
                    self.tx
                        .add_import_item(self.id, "contact", id.0, "merge", Some(&snapshot))?;
                    super::record(
                        self.tx,
                        self.now,
                        history::Entity::Contact,
                        id.0,
                        Some(id),
                        Action::Merge,
                        Some(&before),
                        Some(&after),
                    )?;
                }
                self.out.merged += 1;
                self.sample(format!(
                    "line {line}: merge {} into #{id}",
                    c_name_of(r, id)
                ));
            }
        }
        Ok(Some(id))
    }

    /// Finds or creates a company, noting a created one for undo.
    pub(crate) fn company(&mut self, name: &str) -> Result<Company> {
        if let Some(c) = self.tx.read().company_by_name(name)? {
            return Ok(c);
        }
        let c = companies::find_or_create(self.tx, self.now, name)?;
        self.tx
            .add_import_item(self.id, "company", c.id.0, "create", None)?;
        Ok(c)
    }

    /// A history row for a record the import created. It names the import rather than
    /// repeating the record: the import log holds the details, and a million-row import
    /// should not write a million copies.
    pub(crate) fn trace(
        &self,
        entity: history::Entity,
        id: i64,
        contact: Option<ContactId>,
        name: &str,
    ) -> Result<()> {
        let after =
            serde_json::json!({ "name": name, "import": self.id, "file": self.req.file_name });
        super::record(
            self.tx,
            self.now,
            entity,
            id,
            contact,
            Action::Import,
            super::NONE,
            Some(&after),
        )
    }
}

/// A contact's name for a message (empty if it is gone).
fn c_name_of(r: crate::store::Reader<'_>, id: ContactId) -> String {
    r.contact(id)
        .ok()
        .flatten()
        .map(|c| c.name)
        .unwrap_or_default()
}

/// Fills what `c` lacks from `other` and unions e-mails, phones, tags and fields,
/// never overwriting a value `c` already has.
fn merge_into(c: &mut Contact, other: Contact) {
    for e in other.emails {
        if !c.emails.iter().any(|x| email_key(x) == email_key(&e)) {
            c.emails.push(e);
        }
    }
    for p in other.phones {
        if !c.phones.contains(&p) {
            c.phones.push(p);
        }
    }
    for t in other.tags {
        if !c.tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
            c.tags.push(t);
        }
    }
    for (k, v) in other.fields {
        c.fields.entry(k).or_insert(v);
    }
    if c.company_id.is_none() {
        c.company_id = other.company_id;
        c.company = other.company;
    }
    // A lifecycle further along (a CRM export saying "customer") moves the contact forward.
    if let (Some(a), Some(b)) = (c.lifecycle.rank(), other.lifecycle.rank()) {
        if b > a {
            c.lifecycle = other.lifecycle;
        }
    }
    c.title = c.title.take().or(other.title);
    c.source = c.source.take().or(other.source);
    c.notes = c.notes.take().or(other.notes);
}

pub use super::import_undo::{undo, Undone};
