//! `crm import companies`: organisation exports (Pipedrive organizations, HubSpot
//! companies, any CSV with a company name column) as companies. A company already there
//! (same name) has its empty fields filled, never overwritten.

use std::io::Read;

use crate::domain::history::{Action, Entity as HEntity};
use crate::domain::*;
use crate::import::{company_column, CompanyColumn, CsvImport, Entity, ImportOptions, Parsed};

use super::undo::CompanyFill;
use super::Writer;

/// How much of the file is searched for the header row.
const HEAD: u64 = 64 * 1024;

const NO_NAME: &str = "the file has no company name column (Name, Company name, Organization - Name); name it with --map \"Column=deal_title\".";

/// The company name header of the first line that has one, as the file spells it.
fn name_header(head: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}');
    for line in text.lines().take(50) {
        for delim in [b',', b';', b'\t'] {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delim)
                .from_reader(line.as_bytes());
            let Some(Ok(rec)) = r.records().next() else {
                continue;
            };
            if let Some(h) = rec
                .iter()
                .find(|h| company_column(h) == Some(CompanyColumn::Name))
            {
                return Some(h.trim().to_string());
            }
        }
    }
    None
}

/// One row of an organisation export, in our terms.
#[derive(Debug, Clone, Default, PartialEq)]
struct Row {
    name: String,
    domain: Option<String>,
    industry: Option<String>,
    size: Option<CompanySize>,
    notes: Option<String>,
}

impl Writer<'_, '_> {
    pub(super) fn companies_csv(&mut self, reader: impl Read) -> Result<()> {
        // The CSV reader (encodings, delimiters, header search) is shared with deals; only
        // each row's cells are used here, read by the organisation columns below. The
        // deal reader wants a title column: the company name column is named as one,
        // found in the file's first bytes (which are then read again, not lost).
        let mut head = Vec::new();
        let mut reader = reader;
        (&mut reader).take(HEAD).read_to_end(&mut head)?;
        let mut maps = self.req.options.maps.clone();
        if let Some(name) = name_header(&head) {
            maps.push(format!("{name}=deal_title"));
        }
        let opts = ImportOptions {
            entity: Entity::Deals,
            maps,
            ..self.req.options.clone()
        };
        let csv = CsvImport::new(std::io::Cursor::new(head).chain(reader), &opts).map_err(|e| {
            if e.to_string().contains("deal title") {
                Error::invalid(NO_NAME)
            } else {
                e
            }
        })?;
        self.out.format = csv.format().as_str().into();
        self.out.encoding = csv.encoding().into();
        self.out.header = Some((csv.headers().to_vec(), csv.delimiter()));
        let columns: Vec<Option<CompanyColumn>> =
            csv.headers().iter().map(|h| company_column(h)).collect();
        if !columns.contains(&Some(CompanyColumn::Name)) {
            return Err(Error::invalid(NO_NAME));
        }
        for item in csv.deals() {
            let (line, raw) = match item {
                Parsed::Record(r) => (r.line, r.raw),
                Parsed::Invalid { error, raw } if !raw.is_empty() => (error.line, raw),
                other => {
                    self.take(other)?;
                    continue;
                }
            };
            self.out.rows += 1;
            match read_row(&columns, &raw) {
                Some(row) => self.company_row(line, row)?,
                None => self.reject(line, Some("name"), "the company has no name".into(), raw)?,
            }
        }
        Ok(())
    }

    /// Creates the company, or fills what the one of that name lacks.
    fn company_row(&mut self, line: u64, row: Row) -> Result<()> {
        let name = match crate::domain::validate::required("company name", &row.name) {
            Ok(n) => n,
            Err(e) => {
                self.reject(line, Some("name"), e.to_string(), Vec::new())?;
                return Ok(());
            }
        };
        let existing = self.tx.read().company_by_name(&name)?;
        let Some(before) = existing else {
            let mut c = Company {
                id: CompanyId(0),
                name,
                domain: row.domain,
                industry: row.industry,
                size: row.size,
                notes: row.notes,
                created_at: self.now.utc,
                updated_at: self.now.utc,
                version: 1,
            };
            c.id = self.tx.insert_company(&c)?;
            self.tx
                .add_import_item(self.id, HEntity::Company, c.id.0, Action::Create, None)?;
            self.trace(HEntity::Company, c.id.0, None, &c.name)?;
            self.out.created += 1;
            self.sample(format!("line {line}: create {}", c.name));
            return Ok(());
        };
        let mut after = before.clone();
        after.domain = after.domain.or(row.domain);
        after.industry = after.industry.or(row.industry);
        after.size = after.size.or(row.size);
        after.notes = after.notes.or(row.notes);
        if after == before {
            self.out.skipped += 1;
            return Ok(());
        }
        after.updated_at = self.now.utc;
        after.version += 1;
        self.tx.update_company(&after)?;
        let after = self.tx.read().company(before.id)?.unwrap_or(after);
        let snapshot = serde_json::to_string(&(CompanyFill::of(&before), CompanyFill::of(&after)))?;
        self.tx.add_import_item(
            self.id,
            HEntity::Company,
            before.id.0,
            Action::Merge,
            Some(&snapshot),
        )?;
        crate::ops::record(
            self.tx,
            self.now,
            HEntity::Company,
            before.id.0,
            None,
            Action::Merge,
            Some(&before),
            Some(&after),
        )?;
        self.out.merged += 1;
        self.sample(format!(
            "line {line}: merge into {} (#{})",
            before.name, before.id
        ));
        Ok(())
    }
}

/// The row's cells read by their columns; `None` without a name.
fn read_row(columns: &[Option<CompanyColumn>], cells: &[String]) -> Option<Row> {
    let mut row = Row::default();
    let mut address: Vec<String> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut website = None;
    for (col, cell) in columns.iter().zip(cells) {
        let v = cell.trim();
        if v.is_empty() {
            continue;
        }
        match col {
            Some(CompanyColumn::Name) if row.name.is_empty() => row.name = v.to_string(),
            Some(CompanyColumn::Domain) if row.domain.is_none() => row.domain = domain_of(v),
            Some(CompanyColumn::Website) if website.is_none() => website = domain_of(v),
            Some(CompanyColumn::Industry) if row.industry.is_none() => {
                row.industry = Some(v.to_string())
            }
            Some(CompanyColumn::Employees) if row.size.is_none() => row.size = size_of(v),
            // A full address and its parts: each part once.
            Some(CompanyColumn::Address) if !address.iter().any(|a| a.contains(v)) => {
                address.push(v.to_string())
            }
            Some(CompanyColumn::Notes) => notes.push(v.to_string()),
            _ => {}
        }
    }
    if row.name.is_empty() {
        return None;
    }
    row.domain = row.domain.or(website);
    if !address.is_empty() {
        notes.push(format!("Address: {}", address.join(", ")));
    }
    row.notes = (!notes.is_empty()).then(|| notes.join("\n"));
    Some(row)
}

/// `https://www.example.com/about` → `example.com`.
fn domain_of(v: &str) -> Option<String> {
    let v = v.trim().to_lowercase();
    let v = v.split("://").last().unwrap_or(&v);
    let host = v.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.strip_prefix("www.").unwrap_or(host);
    (host.contains('.') && !host.contains(char::is_whitespace)).then(|| host.to_string())
}

/// A head count (`120`, `1,200`) or a range (`51-200`, `1000+`) as our size bucket,
/// by its lower end; a bucket name is taken as it is.
fn size_of(v: &str) -> Option<CompanySize> {
    if let Ok(s) = CompanySize::parse(v) {
        return Some(s);
    }
    let digits: String = v
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.' || *c == ' ')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse::<u64>().ok().map(CompanySize::from_employees)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_and_sizes() {
        assert_eq!(
            domain_of("https://www.Example.com/about").as_deref(),
            Some("example.com")
        );
        assert_eq!(domain_of("n/a"), None);
        assert_eq!(size_of("1,200"), Some(CompanySize::Large));
        assert_eq!(size_of("51-200"), Some(CompanySize::Small));
        assert_eq!(size_of("small"), Some(CompanySize::Small));
        assert_eq!(size_of("lots"), None);
    }

    #[test]
    fn a_row_keeps_its_address_once_and_needs_a_name() {
        let cols = [
            Some(CompanyColumn::Name),
            Some(CompanyColumn::Address),
            Some(CompanyColumn::Address),
            Some(CompanyColumn::Website),
        ];
        let cells = ["Acme", "1 Main St, Springfield", "Springfield", "acme.io"]
            .map(String::from)
            .to_vec();
        let row = read_row(&cols, &cells).unwrap();
        assert_eq!(
            row.notes.as_deref(),
            Some("Address: 1 Main St, Springfield")
        );
        assert_eq!(row.domain.as_deref(), Some("acme.io"));
        assert!(read_row(&cols, &["".into(), "x".into()]).is_none());
    }
}
