//! The closed sets of words the command line accepts, as clap value enums: `--help` lists
//! them, completions offer them, and a wrong word is a usage error that names the choices.
//! Each maps onto the library's own type.

use clap::ValueEnum;

use crate::export::ExportFormat;
use crate::import::Format;
use crate::ops::import::OnDuplicate;

/// What `crm export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportWhat {
    Contacts,
    Deals,
    Interactions,
    Tasks,
    /// Contacts' birthdays as yearly calendar events (iCalendar)
    Birthdays,
    Cases,
    All,
    /// Everything about one person (crm export contact REF), as one JSON document
    Contact,
}

impl ExportWhat {
    pub fn as_str(self) -> &'static str {
        match self {
            ExportWhat::Contacts => "contacts",
            ExportWhat::Deals => "deals",
            ExportWhat::Interactions => "interactions",
            ExportWhat::Tasks => "tasks",
            ExportWhat::Birthdays => "birthdays",
            ExportWhat::Cases => "cases",
            ExportWhat::Contact => "contact",
            ExportWhat::All => "all",
        }
    }
}

/// `crm export --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    Csv,
    Json,
    #[value(alias = "jsonl")]
    Ndjson,
    #[value(alias = "vcf")]
    Vcard,
    #[value(aliases = ["ical", "icalendar"])]
    Ics,
}

impl From<ExportFormatArg> for ExportFormat {
    fn from(f: ExportFormatArg) -> Self {
        match f {
            ExportFormatArg::Csv => ExportFormat::Csv,
            ExportFormatArg::Json => ExportFormat::Json,
            ExportFormatArg::Ndjson => ExportFormat::Ndjson,
            ExportFormatArg::Vcard => ExportFormat::Vcard,
            ExportFormatArg::Ics => ExportFormat::Ics,
        }
    }
}

/// `crm import --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormatArg {
    Auto,
    Csv,
    Linkedin,
    #[value(aliases = ["google-csv", "gmail"])]
    Google,
    #[value(alias = "outlook-csv")]
    Outlook,
    Hubspot,
    Pipedrive,
    #[value(aliases = ["thunderbird-csv", "tb"])]
    Thunderbird,
    #[value(alias = "vcf")]
    Vcard,
}

impl From<ImportFormatArg> for Format {
    fn from(f: ImportFormatArg) -> Self {
        match f {
            ImportFormatArg::Auto => Format::Auto,
            ImportFormatArg::Csv => Format::Csv,
            ImportFormatArg::Linkedin => Format::Linkedin,
            ImportFormatArg::Google => Format::Google,
            ImportFormatArg::Outlook => Format::Outlook,
            ImportFormatArg::Hubspot => Format::Hubspot,
            ImportFormatArg::Pipedrive => Format::Pipedrive,
            ImportFormatArg::Thunderbird => Format::Thunderbird,
            ImportFormatArg::Vcard => Format::Vcard,
        }
    }
}

/// `crm import --on-duplicate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnDuplicateArg {
    Merge,
    Skip,
    Error,
    /// The file's values replace the stored ones
    Update,
}

impl From<OnDuplicateArg> for OnDuplicate {
    fn from(d: OnDuplicateArg) -> Self {
        match d {
            OnDuplicateArg::Merge => OnDuplicate::Merge,
            OnDuplicateArg::Skip => OnDuplicate::Skip,
            OnDuplicateArg::Error => OnDuplicate::Error,
            OnDuplicateArg::Update => OnDuplicate::Update,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_take_any_case_and_the_usual_extensions() {
        let export = |s: &str| ExportFormat::from(ExportFormatArg::from_str(s, true).unwrap());
        assert_eq!(export("CSV"), ExportFormat::Csv);
        assert_eq!(export("vcf"), ExportFormat::Vcard);
        assert_eq!(export("jsonl"), ExportFormat::Ndjson);
        assert_eq!(export("ical"), ExportFormat::Ics);
        for f in ExportFormat::ALL {
            assert_eq!(export(f.as_str()), *f);
            assert_eq!(export(f.extension()), *f);
        }
        assert!(ExportFormatArg::from_str("xlsx", true).is_err());
        let import = |s: &str| Format::from(ImportFormatArg::from_str(s, true).unwrap());
        assert_eq!(import("gmail"), Format::Google);
        assert_eq!(import("Outlook-CSV"), Format::Outlook);
        assert_eq!(import("thunderbird-csv"), Format::Thunderbird);
        for f in Format::ALL {
            assert_eq!(import(f.as_str()), *f);
        }
    }
}
