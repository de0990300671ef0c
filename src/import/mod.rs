//! The parsing half of `crm import` (DESIGN §6): encoding detection, header and delimiter
//! sniffing, format detection, column mapping and row parsing for CSV exports, plus a
//! streaming vCard reader, crm's own JSON and NDJSON exports, and task CSVs. No database
//! and no I/O besides the reader the caller passes in (and a private temporary file for the
//! sections of an `export all` document that come before what they refer to); records come
//! out one at a time, so memory does not grow with the file. Every text is at most
//! [`MAX_TEXT`] and cleaned of control characters ([`clean_text`]).
//!
//! Rows that cannot be imported come out as [`Parsed::Invalid`] with the physical line
//! where they start, the column and the reason; rows with nothing to import (no name,
//! e-mail or phone) as [`Parsed::Skipped`].

mod bytes;
mod company_columns;
mod csv_import;
mod csv_rows;
pub(crate) mod dates;
mod decode;
mod detect;
pub mod eml;
mod formats;
pub mod json;
mod json_items;
mod json_scan;
mod mapping;
mod sniff;
pub mod stages;
mod tasks;
mod values;
mod vcard;
mod vcard_card;
mod vcard_text;

#[cfg(test)]
mod tests_csv;
#[cfg(test)]
mod tests_encodings;
#[cfg(test)]
mod tests_formats;
#[cfg(test)]
mod tests_python_csv;
#[cfg(test)]
mod tests_vcard;

use std::fmt;

use crate::domain::{Error, Result};

/// The longest text kept in one field on every import path (a CSV cell, a vCard value, a
/// JSON string, an interaction's body): 1 MiB. A longer one refuses its row.
pub const MAX_TEXT: usize = 1024 * 1024;
/// The most columns a CSV header may have.
pub const MAX_COLUMNS: usize = 10_000;
pub use json_scan::MAX_RECORD;
pub use values::{clean_text, text_too_long};

pub use company_columns::{company_column, CompanyColumn};
pub use csv_import::{ColumnReport, ColumnUsage, CsvImport};
pub use decode::{decode, decode_as, encoding_for_label, BadBytes, DecodedReader, Decoding};
pub use detect::{detect, layout_of, Layout};
pub use tasks::{task_rows, TaskRecord};
pub use vcard::{looks_like_vcard, vcards, vcards_decoded};

/// The export format of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Detect from the headers (CSV) or the first bytes (vCard).
    Auto,
    /// Any CSV with a header row.
    Csv,
    Linkedin,
    Google,
    Outlook,
    Hubspot,
    Pipedrive,
    /// Thunderbird's address book "Comma Separated" export.
    Thunderbird,
    Vcard,
}

impl Format {
    pub const ALL: &'static [Format] = &[
        Format::Auto,
        Format::Csv,
        Format::Linkedin,
        Format::Google,
        Format::Outlook,
        Format::Hubspot,
        Format::Pipedrive,
        Format::Thunderbird,
        Format::Vcard,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Csv => "csv",
            Format::Linkedin => "linkedin",
            Format::Google => "google",
            Format::Outlook => "outlook",
            Format::Hubspot => "hubspot",
            Format::Pipedrive => "pipedrive",
            Format::Thunderbird => "thunderbird",
            Format::Vcard => "vcard",
        }
    }

    /// The `source` recorded on contacts imported from this format (none for plain CSV).
    pub fn source(self) -> Option<&'static str> {
        match self {
            Format::Auto | Format::Csv => None,
            other => Some(other.as_str()),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the rows of the file are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    Contacts,
    Deals,
    Interactions,
}

impl Entity {
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Contacts => "contacts",
            Entity::Deals => "deals",
            Entity::Interactions => "interactions",
        }
    }

    pub fn parse(s: &str) -> Result<Entity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "contacts" | "contact" => Ok(Entity::Contacts),
            "deals" | "deal" => Ok(Entity::Deals),
            "interactions" | "interaction" | "activities" => Ok(Entity::Interactions),
            _ => Err(Error::invalid(format!(
                "unknown import kind {s:?}; use contacts, deals or interactions."
            ))),
        }
    }
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A field of ours that a column can map to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    FirstName,
    MiddleName,
    LastName,
    Email,
    Phone,
    Company,
    Title,
    Tags,
    Notes,
    Source,
    Lifecycle,
    /// A custom field, written `field:KEY` in `--map`.
    Custom(String),
    /// Parts of a birthday split over three columns (Thunderbird), combined into the
    /// custom field `birthday`.
    BirthYear,
    BirthMonth,
    BirthDay,
    CreatedAt,
    DealTitle,
    Value,
    Currency,
    Stage,
    Probability,
    CloseDate,
    Status,
    LostReason,
    /// The contact (name or e-mail) a deal or interaction belongs to.
    ContactRef,
    Kind,
    Direction,
    OccurredAt,
    Duration,
    Summary,
    Body,
    Score,
    Ignore,
}

/// The names `--map` accepts, in the order error messages list them.
const FIELD_NAMES: &[&str] = &[
    "name",
    "first_name",
    "middle_name",
    "last_name",
    "email",
    "phone",
    "company",
    "title",
    "tags",
    "notes",
    "source",
    "lifecycle",
    "created",
    "field:KEY",
    "birth_year",
    "birth_month",
    "birth_day",
    "deal_title",
    "value",
    "currency",
    "stage",
    "probability",
    "close",
    "status",
    "lost_reason",
    "contact",
    "kind",
    "direction",
    "at",
    "duration",
    "summary",
    "body",
    "score",
    "ignore",
];

impl Field {
    /// The names `--map` accepts (`field:KEY` stands for any custom field).
    pub fn names() -> &'static [&'static str] {
        FIELD_NAMES
    }

    /// Parses a field name as written in `--map "Column=field"`.
    pub fn parse(s: &str) -> Result<Field> {
        let trimmed = s.trim();
        let lower = trimmed.to_lowercase();
        for prefix in ["field:", "custom:", "fields."] {
            if lower.starts_with(prefix) {
                let key = trimmed.get(prefix.len()..).unwrap_or("").trim();
                if key.is_empty() {
                    return Err(Error::invalid(format!(
                        "the custom field in {s:?} has no name; write field:KEY, e.g. field:birthday."
                    )));
                }
                return Ok(Field::Custom(key.to_string()));
            }
        }
        let key: String = lower
            .chars()
            .map(|c| if c == ' ' || c == '-' { '_' } else { c })
            .collect();
        let field = match key.as_str() {
            "name" | "full_name" | "fullname" | "display_name" => Field::Name,
            "first_name" | "firstname" | "first" | "given_name" => Field::FirstName,
            "middle_name" | "middlename" | "middle" => Field::MiddleName,
            "last_name" | "lastname" | "last" | "surname" | "family_name" => Field::LastName,
            "email" | "e_mail" | "mail" | "emails" => Field::Email,
            "phone" | "phones" | "tel" | "telephone" | "mobile" => Field::Phone,
            "company" | "organization" | "organisation" | "org" => Field::Company,
            "title" | "job_title" | "position" => Field::Title,
            "tags" | "tag" | "labels" | "categories" => Field::Tags,
            "notes" | "note" => Field::Notes,
            "source" => Field::Source,
            "lifecycle" | "lifecycle_stage" => Field::Lifecycle,
            "created" | "created_at" | "created_on" | "create_date" => Field::CreatedAt,
            "birth_year" => Field::BirthYear,
            "birth_month" => Field::BirthMonth,
            "birth_day" => Field::BirthDay,
            "deal_title" | "deal" | "deal_name" => Field::DealTitle,
            "value" | "amount" => Field::Value,
            "currency" => Field::Currency,
            "stage" | "deal_stage" => Field::Stage,
            "probability" => Field::Probability,
            "close" | "close_date" | "expected_close" | "expected_close_date" => Field::CloseDate,
            "status" => Field::Status,
            "lost_reason" | "reason" => Field::LostReason,
            "contact" | "contact_ref" | "person" => Field::ContactRef,
            "kind" | "type" => Field::Kind,
            "direction" => Field::Direction,
            "at" | "occurred_at" | "date" | "when" => Field::OccurredAt,
            "duration" => Field::Duration,
            "summary" | "subject" => Field::Summary,
            "body" | "description" => Field::Body,
            "score" => Field::Score,
            "ignore" | "skip" | "none" | "_" => Field::Ignore,
            _ => {
                return Err(Error::invalid(format!(
                    "unknown field {s:?} in --map; valid fields are: {}.",
                    FIELD_NAMES.join(", ")
                )))
            }
        };
        Ok(field)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Field::Name => "name",
            Field::FirstName => "first_name",
            Field::MiddleName => "middle_name",
            Field::LastName => "last_name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Company => "company",
            Field::Title => "title",
            Field::Tags => "tags",
            Field::Notes => "notes",
            Field::Source => "source",
            Field::Lifecycle => "lifecycle",
            Field::Custom(key) => return write!(f, "field:{key}"),
            Field::BirthYear => "birth_year",
            Field::BirthMonth => "birth_month",
            Field::BirthDay => "birth_day",
            Field::CreatedAt => "created",
            Field::DealTitle => "deal_title",
            Field::Value => "value",
            Field::Currency => "currency",
            Field::Stage => "stage",
            Field::Probability => "probability",
            Field::CloseDate => "close",
            Field::Status => "status",
            Field::LostReason => "lost_reason",
            Field::ContactRef => "contact",
            Field::Kind => "kind",
            Field::Direction => "direction",
            Field::OccurredAt => "at",
            Field::Duration => "duration",
            Field::Summary => "summary",
            Field::Body => "body",
            Field::Score => "score",
            Field::Ignore => "ignore",
        };
        f.write_str(name)
    }
}

/// A contact read from a file, not yet validated against the database.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactRecord {
    /// Physical line (1-based) where the record starts.
    pub line: u64,
    pub name: Option<String>,
    /// Valid addresses, primary first, without case-insensitive duplicates.
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    /// Types (cell, work, home, fax, pager, other) by e-mail key and by trimmed phone.
    pub email_types: std::collections::BTreeMap<String, String>,
    pub phone_types: std::collections::BTreeMap<String, String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub source: Option<String>,
    /// Raw text, except HubSpot's default stages, which are translated to ours.
    pub lifecycle: Option<String>,
    /// Custom fields (key, value), in column order; a key appears once.
    pub fields: Vec<(String, String)>,
    /// How often to keep in touch (`2w`), from crm's own JSON export.
    pub cadence: Option<String>,
    pub created: Option<chrono::NaiveDate>,
    /// The exact creation time when the file gives one (crm's own CSV and vCard exports),
    /// preferred to `created`.
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
    /// A vCard's UID: a re-import (a vdir) updates the contact that has it.
    pub uid: Option<String>,
    /// Values dropped or doubtful, for the import summary.
    pub warnings: Vec<String>,
    /// The row's cells (or the card's lines), for `--rejects` if a later check refuses it.
    pub raw: Vec<String>,
}

/// A deal read from a file. Amount, stage and probability stay raw: ops validates them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DealRecord {
    pub line: u64,
    pub title: String,
    pub contact: Option<String>,
    pub company: Option<String>,
    /// Raw amount text, validated later.
    pub value: Option<String>,
    pub currency: Option<String>,
    /// Raw stage text, mapped to our stages later.
    pub stage: Option<String>,
    pub probability: Option<String>,
    pub close: Option<chrono::NaiveDate>,
    /// Raw status (`won`, `lost`, `open`, Pipedrive's `Won`...).
    pub status: Option<String>,
    pub lost_reason: Option<String>,
    pub created: Option<chrono::NaiveDate>,
    /// Its owner, from crm's own JSON: `None` when the file does not say (the importer
    /// owns it), `Some(None)` for nobody.
    pub owner: Option<Option<String>>,
    pub warnings: Vec<String>,
    /// The row's cells, for `--rejects` if a later check refuses it.
    pub raw: Vec<String>,
}

/// An interaction read from a file; kind, direction, time, duration and score stay text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InteractionRecord {
    pub line: u64,
    pub contact: String,
    pub kind: String,
    pub direction: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` or RFC 3339 when recognised, else the raw text.
    pub at: Option<String>,
    pub duration: Option<String>,
    pub summary: String,
    pub body: Option<String>,
    pub score: Option<String>,
    /// The title of the contact's deal it belongs to (crm's own export writes it).
    pub deal: Option<String>,
    /// The row's cells, for `--rejects` if a later check refuses it.
    pub raw: Vec<String>,
}

/// The start of the reason given when the file itself could not be read further: the
/// whole import fails then, whatever `--skip-invalid` says.
pub const READ_FAILURE: &str = "could not read";

/// Why one row (or vCard) cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub column: Option<String>,
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "line {}, column {}: {}", self.line, column, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

impl std::error::Error for RowError {}

/// One row of the input, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed<T> {
    Record(T),
    /// A row with no name, e-mail or phone (deleted LinkedIn members, label-only Google
    /// rows): counted, not an error.
    Skipped {
        line: u64,
        why: String,
    },
    Invalid {
        error: RowError,
        /// The row's cells (CSV) or the card's unfolded lines (vCard), to write to
        /// `--rejects` in the input's format.
        raw: Vec<String>,
    },
}

impl<T> Parsed<T> {
    pub fn record(self) -> Option<T> {
        match self {
            Parsed::Record(r) => Some(r),
            _ => None,
        }
    }
}

/// What `crm import` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    pub format: Format,
    pub entity: Entity,
    /// `"Column=field"` pairs from `--map`; with `no_header`, `"N=field"` (1-based).
    pub maps: Vec<String>,
    /// `--encoding`: the file's encoding, instead of the one found from its bytes.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// A column that maps to no field is dropped (and named in the summary) instead of
    /// kept as a custom field.
    pub ignore_unknown: bool,
    /// The file has no header row: columns are numbered from 1 and named by `--map`.
    pub no_header: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            format: Format::Auto,
            entity: Entity::Contacts,
            maps: Vec::new(),
            encoding: None,
            ignore_unknown: false,
            no_header: false,
        }
    }
}
