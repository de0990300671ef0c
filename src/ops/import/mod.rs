//! `crm import`: parsed records (from `crate::import`) written in one transaction, with
//! duplicates merged, skipped or refused, bad rows reported (nothing written by default),
//! a dry run that rehearses and rolls back, and an undo log. One module per entity;
//! `restore` reads back a whole `crm export all`.

mod bulk;
mod companies;
mod contacts;
mod deals;
mod interactions;
mod rejected;
mod restore;
mod tasks;
mod undo;

use std::io::Read;

use crate::domain::currency::Currency;
use crate::domain::history::{self, Action};
use crate::domain::*;
use crate::import::{CsvImport, Entity, ImportOptions, Layout, Parsed, RowError};
use crate::store::{Store, Tx};

use super::Now;

use rejected::refusal;
pub use rejected::{RejectSink, Rejected, REJECTS_KEPT, REJECTS_SHOWN, WARNINGS_KEPT};
pub(crate) use undo::undo_in;
pub use undo::{undo, Undone};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnDuplicate {
    #[default]
    Merge,
    Skip,
    Error,
    /// The file's values replace the stored ones (a card edited in another address book).
    Update,
}

#[derive(Debug, Clone, Default)]
pub struct ImportRequest {
    pub options: ImportOptions,
    /// Added to every imported contact.
    pub tags: Vec<String>,
    pub dry_run: bool,
    pub skip_invalid: bool,
    pub on_duplicate: OnDuplicate,
    /// Their stage name and ours (a stage, `won` or `lost`), as `--stage-map` gives them.
    pub stage_maps: Vec<(String, String)>,
    /// Shown in `crm import list`.
    pub file_name: String,
    pub default_currency: Option<Currency>,
    /// `crm import all`: the file is a whole `crm export all` (JSON or NDJSON).
    pub everything: bool,
    /// `crm import tasks`: a CSV or JSON of tasks (crm's `export tasks`).
    pub tasks: bool,
    /// `crm import companies`: an organisation export (Pipedrive, HubSpot, any CSV).
    pub companies: bool,
    /// `--no-create`: a deal or interaction whose contact is not there is refused
    /// instead of creating the contact.
    pub no_create: bool,
    /// `--create-stages`: a stage neither ours nor a vendor default is appended to the
    /// pipeline (in file order) instead of refusing the row.
    pub create_stages: bool,
}

impl ImportRequest {
    /// What `crm import list` says was imported.
    fn what(&self) -> &'static str {
        if self.everything {
            "all"
        } else if self.tasks {
            "tasks"
        } else if self.companies {
            "companies"
        } else {
            self.options.entity.as_str()
        }
    }

    /// What an untagged object of a JSON file is: the entity the user named.
    fn json_section(&self) -> Option<Section> {
        match (self.everything, self.options.entity) {
            (true, _) => None,
            _ if self.tasks => Some(Section::Tasks),
            _ if self.companies => Some(Section::Companies),
            (_, Entity::Contacts) => Some(Section::Contacts),
            (_, Entity::Deals) => Some(Section::Deals),
            (_, Entity::Interactions) => Some(Section::Interactions),
        }
    }
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub import_id: Option<i64>,
    pub format: String,
    pub encoding: String,
    /// The encoding is a legacy code page guessed from the bytes.
    pub encoding_guessed: bool,
    pub created: usize,
    pub merged: usize,
    /// Duplicates skipped, and rows with nothing to import (no name, e-mail or phone).
    pub skipped: usize,
    /// The rows refused: the first few, and how many in all (each went to the
    /// [`RejectSink`] as it was found, so memory does not grow with bad rows).
    pub rejected: Rejected,
    /// The first [`WARNINGS_KEPT`] warnings; `warnings_more` counts the rest.
    pub warnings: Vec<String>,
    pub warnings_more: usize,
    /// For `--rejects`: the input's header and delimiter (CSV), or none (vCard).
    pub header: Option<(Vec<String>, u8)>,
    /// How many records were read.
    pub rows: usize,
    /// The first few decisions, for `--dry-run`: "create Ada Lovelace", "merge … into #12".
    pub samples: Vec<String>,
    /// CSV columns no field of ours took: kept as custom fields, or left out.
    pub columns: crate::import::ColumnReport,
}

/// How many decisions a dry run shows.
const SAMPLES: usize = 20;

pub fn import(store: &Store, now: &Now, input: impl Read, req: &ImportRequest) -> Result<Outcome> {
    import_to(store, now, input, req, None)
}

/// [`import`], each refused row written to `rejects` as it is found.
pub fn import_to(
    store: &Store,
    now: &Now,
    input: impl Read,
    req: &ImportRequest,
    rejects: Option<&mut (dyn RejectSink + 'static)>,
) -> Result<Outcome> {
    let (layout, reader) = crate::import::detect(input, &req.options)?;
    let decoding = reader.get_ref().decoding();
    let file_encoding = reader.get_ref().encoding();
    if req.everything && layout != Layout::Json {
        return Err(Error::invalid(
            "crm import all reads what crm export all writes (JSON or NDJSON).",
        ));
    }
    let run = |tx: &Tx<'_>| -> Result<Outcome> {
        // A million rows are not copied into the undo log (it made imports several times
        // slower): `crm undo` of an import runs the import's own undo (`import_items`).
        tx.pause_undo_log()?;
        // Into an empty database, the search indexes and totals are built whole at the end.
        if tx.read().is_empty()? {
            tx.defer_derived()?;
        }
        let mut out = Outcome::default();
        let id = tx.insert_import(req.what(), &req.file_name, layout.as_str(), now.utc)?;
        let stages = tx.read().stages()?;
        // A `--stage-map` to a stage we do not have is the user's mistake, not the file's.
        if let Some((theirs, ours)) =
            crate::import::stages::bad_maps(&req.stage_maps, &stages).first()
        {
            let miss = crate::import::stages::StageMiss::BadMap {
                theirs: theirs.clone(),
                ours: ours.clone(),
            };
            return Err(Error::invalid(miss.message(&stages)));
        }
        let mut w = Writer {
            tx,
            now,
            req,
            out: &mut out,
            id,
            stages,
            file_encoding,
            kind_hint: None,
            rejects,
        };
        w.read(layout, reader)?;
        if layout != Layout::Json {
            w.out.encoding = decoding.encoding_name().into();
            w.out.encoding_guessed = decoding.guessed();
        }
        // Bytes the file's encoding cannot read: bad rows, or read as Windows-1252 and
        // said when the user asked to import what can be.
        if req.skip_invalid {
            for warning in decoding.warnings() {
                w.out.warn(warning);
            }
        } else {
            for e in decoding.row_errors() {
                w.reject_error(e, Vec::new())?;
            }
        }
        drop(w);
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
        // Minutes for a large file, then the scores a batch at a time, one transaction
        // after another: calls made meanwhile queue instead of waiting for all of it.
        let _long = store.mark_long_write();
        let out = store.write_once(run)?;
        super::queue::drain_after(store, now);
        store.settle();
        // Lead scores of the people it wrote, a batch per transaction after it.
        if let Some(id) = out.import_id {
            let ids = store.read().contacts_of_import(id)?;
            super::scores::refresh(store, now, &ids)?;
        }
        Ok(out)
    }
}

/// One import's transaction: writes what the parsers read and tallies the outcome.
struct Writer<'a, 'b> {
    tx: &'a Tx<'b>,
    now: &'a Now,
    req: &'a ImportRequest,
    out: &'a mut Outcome,
    /// The import's own id, which every record it writes is noted under for undo.
    id: i64,
    stages: Vec<Stage>,
    /// The file's encoding (its text reaches the parsers as UTF-8).
    file_encoding: &'static encoding_rs::Encoding,
    /// The interaction kind a vendor's export implies by its columns (HubSpot's calls
    /// export has no kind column), for rows that do not say.
    kind_hint: Option<InteractionKind>,
    /// `--rejects FILE`: each refused row, as it is found.
    rejects: Option<&'a mut (dyn RejectSink + 'static)>,
}

impl Writer<'_, '_> {
    /// Sends the file to its parser and each record to its writer.
    fn read(&mut self, layout: Layout, reader: impl Read) -> Result<()> {
        match layout {
            Layout::Json => {
                self.out.format = "json".into();
                self.restore(reader, self.req.json_section())
            }
            _ if self.req.tasks => {
                self.out.format = "csv".into();
                for item in crate::import::task_rows(reader)? {
                    self.csv_task(item)?;
                }
                Ok(())
            }
            Layout::Csv if self.req.companies => self.companies_csv(reader),
            Layout::Vcard => {
                if self.req.options.entity != Entity::Contacts || self.req.companies {
                    return Err(Error::invalid(
                        "a vCard file holds contacts; import it with crm import contacts.",
                    ));
                }
                self.out.format = "vcard".into();
                for item in crate::import::vcards_decoded(reader, self.file_encoding) {
                    self.contact(item)?;
                }
                Ok(())
            }
            Layout::Csv => self.csv(reader),
        }
    }

    fn csv(&mut self, reader: impl Read) -> Result<()> {
        let csv = CsvImport::new(reader, &self.req.options)?;
        self.out.format = csv.format().as_str().into();
        self.out.header = Some((csv.headers().to_vec(), csv.delimiter()));
        if let Some(sink) = self.rejects.as_deref_mut() {
            sink.header(csv.headers(), csv.delimiter())?;
        }
        let usage = csv.column_usage();
        match self.req.options.entity {
            Entity::Contacts => self.csv_contacts(csv.contacts())?,
            Entity::Deals => {
                for item in csv.deals() {
                    self.deal(item)?;
                }
            }
            Entity::Interactions => {
                self.kind_hint = interactions::kind_from_headers(csv.headers());
                for item in csv.interactions() {
                    self.interaction(item)?;
                }
            }
        }
        self.out.columns = usage.report();
        Ok(())
    }

    fn reload_stages(&mut self) -> Result<()> {
        self.stages = self.tx.read().stages()?;
        Ok(())
    }

    fn sample(&mut self, text: String) {
        if self.out.samples.len() < SAMPLES {
            self.out.samples.push(text);
        }
    }

    /// Notes what the parser found doubtful in a record.
    fn warn(&mut self, line: u64, warnings: &[String]) {
        for w in warnings {
            self.out.warn(format!("line {line}: {w}"));
        }
    }

    fn reject(
        &mut self,
        line: u64,
        column: Option<&str>,
        reason: String,
        raw: Vec<String>,
    ) -> Result<()> {
        let error = RowError {
            line,
            column: column.map(str::to_string),
            reason,
        };
        self.reject_error(error, raw)
    }

    /// Counts a refused row, keeps the first ones, and sends it to `--rejects`.
    fn reject_error(&mut self, error: RowError, raw: Vec<String>) -> Result<()> {
        if let Some(sink) = self.rejects.as_deref_mut() {
            sink.row(&error, &raw)?;
        }
        self.out.rejected.push(error);
        Ok(())
    }

    /// Rejects a record for the reason a check gave.
    fn refuse(&mut self, line: u64, raw: &[String], r: Refused) -> Result<()> {
        let raw = if r.keep_raw { raw.to_vec() } else { Vec::new() };
        self.reject(line, Some(r.column), r.reason, raw)
    }

    /// Unwraps a parsed item, counting skips and rejects.
    fn take<T>(&mut self, item: Parsed<T>) -> Result<Option<T>> {
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
                self.reject_error(error, raw)?;
                Ok(None)
            }
        }
    }

    /// Finds or creates a company, noting a created one for undo.
    fn company(&mut self, name: &str) -> Result<Company> {
        if let Some(c) = self.tx.read().company_by_name(name)? {
            return Ok(c);
        }
        let c = crate::ops::companies::find_or_create(self.tx, self.now, name)?;
        self.tx.add_import_item(
            self.id,
            crate::domain::history::Entity::Company,
            c.id.0,
            crate::domain::history::Action::Create,
            None,
        )?;
        Ok(c)
    }

    /// A history row for a record the import created. It names the import rather than
    /// repeating the record: the import log holds the details, and a million-row import
    /// should not write a million copies.
    fn trace(
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

/// Who a deal or interaction row names.
enum Party {
    /// Found (or no one named).
    Known(Option<ContactId>),
    /// Named, but nobody matches: created unless `--no-create`.
    Missing(String),
}

impl Writer<'_, '_> {
    /// The contact a row names: by id, e-mail or name; a missing one is [`Party::Missing`]
    /// (unless `--no-create`); one name matching several contacts refuses the row.
    fn party(
        &self,
        reference: &str,
        raw: &[String],
    ) -> Result<std::result::Result<Party, Refused>> {
        // A row may give the person's e-mail and name in two columns (Pipedrive's
        // `Person - Email - Work` beside `Deal - Contact person`), the e-mail cell with
        // several addresses: the first address is matched first, then the name.
        let reference = reference.trim();
        let first = |c: &str| c.split([',', ';']).next().unwrap_or("").trim().to_string();
        let (email, name) = if reference.contains('@') {
            (Some(first(reference)), self.row_cell(raw, is_name_header))
        } else {
            (
                self.row_cell(raw, is_email_header).map(|e| first(&e)),
                Some(reference.to_string()),
            )
        };
        let email = email.filter(|e| e.contains('@'));
        let r = self.tx.read();
        if let Some(e) = &email {
            if let Some(id) = r.contact_id_by_email(e)? {
                return Ok(Ok(Party::Known(Some(id))));
            }
        }
        let lookup = name.clone().or(email.clone()).unwrap_or_default();
        Ok(match crate::resolve::contact(r, &lookup) {
            Ok(id) => Ok(Party::Known(Some(id))),
            Err(Error::NotFound { .. }) if !self.req.no_create && !lookup.starts_with('#') => {
                Ok(Party::Missing(match (name, email) {
                    (Some(n), Some(e)) => format!("{n} <{e}>"),
                    (Some(n), None) => n,
                    (None, e) => e.unwrap_or_default(),
                }))
            }
            Err(e) => Err(Refused::fix("contact", e)),
        })
    }

    /// The first non-empty cell of the row under a header `wanted` accepts.
    fn row_cell(&self, raw: &[String], wanted: fn(&str) -> bool) -> Option<String> {
        let (headers, _) = self.out.header.as_ref()?;
        headers.iter().zip(raw).find_map(|(h, cell)| {
            let key: String = h
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect();
            (wanted(&key) && !cell.trim().is_empty()).then(|| cell.trim().to_string())
        })
    }

    /// Creates the contact a deal or interaction row names (an e-mail or a name, at the
    /// row's company), noted in the import log like any imported contact.
    fn create_party(
        &mut self,
        line: u64,
        reference: &str,
        company: Option<&str>,
    ) -> Result<Option<ContactId>> {
        // `Name <address>` (from [`Writer::party`]), a bare address, or a name.
        let (name, email) = match reference
            .strip_suffix('>')
            .and_then(|r| r.rsplit_once(" <"))
        {
            Some((n, e)) => (Some(n.to_string()), Some(e.to_string())),
            None if reference.contains('@') => (None, Some(reference.to_string())),
            None => (Some(reference.to_string()), None),
        };
        let rec = crate::import::ContactRecord {
            line,
            name,
            emails: email.into_iter().collect(),
            company: company
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            ..Default::default()
        };
        let id = self.contact(Parsed::Record(rec))?;
        // The row was counted once already, as a deal or interaction.
        self.out.rows -= 1;
        Ok(id)
    }
}

/// A column (letters and digits only) that holds the person's e-mail.
fn is_email_header(key: &str) -> bool {
    key.starts_with("personemail")
        || matches!(
            key,
            "email" | "contactemail" | "emailaddress" | "associatedcontactemail"
        )
}

/// A column that holds the person's name.
fn is_name_header(key: &str) -> bool {
    matches!(
        key,
        "dealcontactperson"
            | "personname"
            | "contactperson"
            | "contactname"
            | "associatedcontact"
            | "activitycontactperson"
            | "noteperson"
    )
}

/// Why a check refused a record: the column, the reason, and whether the record's cells
/// go to `--rejects` (a value the user can fix there) or not.
struct Refused {
    column: &'static str,
    reason: String,
    keep_raw: bool,
}

impl Refused {
    /// The cells go to `--rejects`.
    fn fix(column: &'static str, reason: impl ToString) -> Refused {
        Refused {
            column,
            reason: reason.to_string(),
            keep_raw: true,
        }
    }

    /// Only the reason is reported.
    fn note(column: &'static str, reason: impl ToString) -> Refused {
        Refused {
            column,
            reason: reason.to_string(),
            keep_raw: false,
        }
    }
}
