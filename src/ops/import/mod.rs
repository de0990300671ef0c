//! `crm import`: parsed records (from `crate::import`) written in one transaction, with
//! duplicates merged, skipped or refused, bad rows reported (nothing written by default),
//! a dry run that rehearses and rolls back, and an undo log. One module per entity;
//! `restore` reads back a whole `crm export all`.

mod contacts;
mod deals;
mod interactions;
mod restore;
mod tasks;
mod undo;

use std::io::Read;

use crate::domain::currency::Currency;
use crate::domain::history::{self, Action};
use crate::domain::*;
use crate::import::{CsvImport, Entity, ImportOptions, Layout, Parsed, RowError};
use crate::store::{Store, Tx};

use super::{companies, Now};

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
}

impl ImportRequest {
    /// What `crm import list` says was imported.
    fn what(&self) -> &'static str {
        if self.everything {
            "all"
        } else if self.tasks {
            "tasks"
        } else {
            self.options.entity.as_str()
        }
    }

    /// What an untagged object of a JSON file is: the entity the user named.
    fn json_section(&self) -> Option<Section> {
        match (self.everything, self.options.entity) {
            (true, _) => None,
            _ if self.tasks => Some(Section::Tasks),
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
    let (layout, reader) = crate::import::detect(input, req.options.format)?;
    if req.everything && layout != Layout::Json {
        return Err(Error::invalid(
            "crm import all reads what crm export all writes (JSON or NDJSON).",
        ));
    }
    let run = |tx: &Tx<'_>| -> Result<Outcome> {
        // A million rows are not copied into the undo log (it made imports several times
        // slower): `crm undo` of an import runs the import's own undo (`import_items`).
        tx.pause_undo_log()?;
        let mut out = Outcome::default();
        let id = tx.insert_import(req.what(), &req.file_name, layout.as_str(), now.utc)?;
        let mut w = Writer {
            tx,
            now,
            req,
            out: &mut out,
            id,
            stages: tx.read().stages()?,
        };
        w.read(layout, reader)?;
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

/// One import's transaction: writes what the parsers read and tallies the outcome.
struct Writer<'a, 'b> {
    tx: &'a Tx<'b>,
    now: &'a Now,
    req: &'a ImportRequest,
    out: &'a mut Outcome,
    /// The import's own id, which every record it writes is noted under for undo.
    id: i64,
    stages: Vec<Stage>,
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
            Layout::Vcard => {
                if self.req.options.entity != Entity::Contacts {
                    return Err(Error::invalid(
                        "a vCard file holds contacts; import it with crm import contacts.",
                    ));
                }
                self.out.format = "vcard".into();
                for item in crate::import::vcards(reader) {
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
        self.out.encoding = csv.encoding().into();
        self.out.header = Some((csv.headers().to_vec(), csv.delimiter()));
        match self.req.options.entity {
            Entity::Contacts => {
                for item in csv.contacts() {
                    self.contact(item)?;
                }
            }
            Entity::Deals => {
                for item in csv.deals() {
                    self.deal(item)?;
                }
            }
            Entity::Interactions => {
                for item in csv.interactions() {
                    self.interaction(item)?;
                }
            }
        }
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
            self.out.warnings.push(format!("line {line}: {w}"));
        }
    }

    fn reject(&mut self, line: u64, column: Option<&str>, reason: String, raw: Vec<String>) {
        self.out.rejected.push((
            RowError {
                line,
                column: column.map(str::to_string),
                reason,
            },
            raw,
        ));
    }

    /// Rejects a record for the reason a check gave.
    fn refuse(&mut self, line: u64, raw: &[String], r: Refused) {
        let raw = if r.keep_raw { raw.to_vec() } else { Vec::new() };
        self.reject(line, Some(r.column), r.reason, raw);
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
                self.out.rejected.push((error, raw));
                Ok(None)
            }
        }
    }

    /// Finds or creates a company, noting a created one for undo.
    fn company(&mut self, name: &str) -> Result<Company> {
        if let Some(c) = self.tx.read().company_by_name(name)? {
            return Ok(c);
        }
        let c = companies::find_or_create(self.tx, self.now, name)?;
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
