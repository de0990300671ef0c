//! CSV import: header, mapping, then records one at a time.
// "First value wins" reads best as an `if` inside each field's arm.
#![allow(clippy::collapsible_match)]

use std::cell::RefCell;
use std::io::{self, Chain, Cursor, Read};
use std::rc::Rc;

use super::csv_rows::{Problem, Row, RowReader};
use super::dates::{self, DateStyle, DateValue};
use super::decode::{decode, DecodedReader, HEAD_LEN};
use super::mapping::{self, Column};
use super::sniff;
use super::vcard::looks_like_vcard;
use super::MAX_COLUMNS;
use super::{
    ContactRecord, DealRecord, Field, Format, ImportOptions, InteractionRecord, Parsed, RowError,
};
use crate::domain::{Error, Result};

mod activity;
mod contact;

type Source<R> = Chain<Cursor<Vec<u8>>, DecodedReader<R>>;

/// A CSV export being read: the header is known, the rows come one at a time.
pub struct CsvImport<R> {
    rows: RowReader<Source<R>>,
    format: Format,
    headers: Vec<String>,
    delimiter: u8,
    encoding: &'static str,
    columns: Vec<Column>,
    style: DateStyle,
    finished: bool,
    /// Which columns that go to no field of ours (or only to a custom field named after
    /// them) held a value, for the summary.
    usage: ColumnUsage,
    /// With `--no-header`: the fewest cells a row needs for every `--map` column.
    needed: usize,
}

/// The columns of a file that no field of ours took, seen while reading it.
#[derive(Debug, Clone, Default)]
pub struct ColumnUsage {
    inner: Rc<RefCell<Usage>>,
}

#[derive(Debug, Default)]
struct Usage {
    /// (column index, kept as a custom field) of the columns watched.
    watched: Vec<(usize, bool)>,
    seen: Vec<bool>,
    headers: Vec<String>,
}

/// What became of the columns no field took, for the import summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnReport {
    /// Kept as custom fields named after the column.
    pub kept: Vec<String>,
    /// Values left out: columns mapped to `ignore`, or unknown with `--ignore-unknown`.
    pub ignored: Vec<String>,
}

impl ColumnUsage {
    /// The columns that held a value in at least one row, by what became of them.
    pub fn report(&self) -> ColumnReport {
        let u = self.inner.borrow();
        let mut report = ColumnReport::default();
        for (n, (i, kept)) in u.watched.iter().enumerate() {
            if !u.seen.get(n).copied().unwrap_or(false) {
                continue;
            }
            let name = u.headers.get(*i).cloned().unwrap_or_default();
            if *kept {
                report.kept.push(name);
            } else {
                report.ignored.push(name);
            }
        }
        report
    }

    fn note(&self, format: Format, row: &Row) {
        let mut u = self.inner.borrow_mut();
        let Usage { watched, seen, .. } = &mut *u;
        for ((i, _), seen) in watched.iter().zip(seen.iter_mut()) {
            if !*seen {
                let value = row.cells.get(*i).map_or("", |c| c.trim());
                *seen = !value.is_empty() && !is_default(format, value);
            }
        }
    }
}

/// Values an export writes for every contact when the field is empty (Outlook's
/// `Unspecified` gender, `Normal` priority, `0/0/00` dates): nothing to keep.
pub(crate) fn is_default(format: Format, value: &str) -> bool {
    format == Format::Outlook && matches!(value, "Unspecified" | "Normal" | "False" | "0/0/00")
}

/// Why a row is refused: the column (if one is to blame) and the reason.
type Refusal = (Option<String>, String);

impl<R: Read> CsvImport<R> {
    /// Reads the header and prepares the mapping. Errors: an empty file, binary data,
    /// no header, a bad `--map`, no column for the required fields.
    pub fn new(reader: R, opts: &ImportOptions) -> Result<Self> {
        if opts.format == Format::Vcard {
            return Err(Error::invalid(
                "a vCard file is not read as CSV; read it with the vCard reader.",
            ));
        }
        let mut decoded =
            decode(reader).map_err(|e| Error::Io(format!("could not read the file: {e}.")))?;
        let encoding = decoded.encoding_name();
        let (head, complete) = read_head(&mut decoded)?;
        if head.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(Error::invalid("the file is empty."));
        }
        if sniff::looks_binary(&head) {
            return Err(Error::invalid(
                "this does not look like a text/CSV file (it contains binary data); check that you picked the right file.",
            ));
        }
        if looks_like_vcard(&head) {
            return Err(Error::invalid(
                "this is a vCard file, not CSV; import it with --format vcard.",
            ));
        }
        let Some(mut sniffed) = sniff::find_header(&head, complete) else {
            // A first line longer than the part read to find the header: say how long.
            if !complete && !head.contains(&b'\n') && !head.contains(&b'\r') {
                let delimiter = sniff::most_frequent_delimiter(&head);
                let mut rows = RowReader::new(Cursor::new(head).chain(decoded), delimiter);
                if let Some(row) = rows.next_row() {
                    check_header_size(&row, 0)?;
                }
            }
            return Err(Error::invalid("the file has no header row."));
        };
        if opts.no_header {
            sniffed.headers = numbered_headers(&head, sniffed.delimiter);
        }
        let format = match opts.format {
            Format::Auto if opts.no_header => Format::Csv,
            Format::Auto => sniff::detect_format(&sniffed.headers),
            other => other,
        };
        let mut columns = mapping::build(format, opts.entity, &sniffed.headers, &opts.maps)?;
        for c in columns.iter_mut().filter(|c| c.unknown) {
            if opts.ignore_unknown {
                c.field = Field::Ignore;
            } else if opts.no_header && matches!(c.field, Field::Custom(_)) {
                // A bare number makes a poor field name.
                c.field = Field::Custom(format!("column {}", c.name));
            }
        }
        let needed = if opts.no_header {
            columns
                .iter()
                .rposition(|c| !c.unknown && c.field != Field::Ignore)
                .map_or(0, |i| i + 1)
        } else {
            0
        };
        let usage = watch(&columns, &sniffed.headers);
        let style = sniff::date_style(format, &sniffed.headers);
        let mut rows = RowReader::new(Cursor::new(head).chain(decoded), sniffed.delimiter);
        if !opts.no_header {
            for i in 0..=sniffed.skip {
                let Some(row) = rows.next_row() else {
                    break;
                };
                if i == sniffed.skip {
                    check_header_size(&row, sniffed.headers.len())?;
                }
            }
        }
        Ok(CsvImport {
            rows,
            format,
            headers: sniffed.headers,
            delimiter: sniffed.delimiter,
            encoding,
            columns,
            style,
            finished: false,
            usage,
            needed,
        })
    }

    /// A handle on the columns no field took; read it after the records.
    pub fn column_usage(&self) -> ColumnUsage {
        self.usage.clone()
    }

    /// The format given, or the one detected from the headers.
    pub fn format(&self) -> Format {
        self.format
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// The input encoding: `UTF-8`, `UTF-16LE`, `UTF-16BE` or `windows-1252`.
    pub fn encoding(&self) -> &'static str {
        self.encoding
    }

    /// Each column and the field it goes to, for `--dry-run`.
    pub fn mapping(&self) -> Vec<(String, Field)> {
        self.columns
            .iter()
            .map(|c| {
                let field = match (&c.field, c.label) {
                    (Field::Custom(k), Some(label)) if c.key_from_label && k.is_empty() => {
                        let from = self.headers.get(label).map_or("label", String::as_str);
                        Field::Custom(format!("<{from}>"))
                    }
                    (f, _) => f.clone(),
                };
                (c.name.clone(), field)
            })
            .collect()
    }

    pub fn contacts(self) -> impl Iterator<Item = Parsed<ContactRecord>> {
        self.records(Self::contact, "no name, e-mail or phone")
    }

    pub fn deals(self) -> impl Iterator<Item = Parsed<DealRecord>> {
        self.records(Self::deal, "empty row")
    }

    pub fn interactions(self) -> impl Iterator<Item = Parsed<InteractionRecord>> {
        self.records(Self::interaction, "empty row")
    }

    /// Rows turned into records by `build`; a row it finds empty is skipped with `empty`.
    fn records<T: KeepsRaw>(
        mut self,
        build: fn(&Self, &Row) -> std::result::Result<Option<T>, Refusal>,
        empty: &'static str,
    ) -> impl Iterator<Item = Parsed<T>> {
        std::iter::from_fn(move || {
            let row = match self.next_checked::<T>()? {
                Ok(row) => row,
                Err(refused) => return Some(refused),
            };
            self.usage.note(self.format, &row);
            Some(match build(&self, &row) {
                Ok(Some(mut record)) => {
                    record.keep_raw(row.cells.clone());
                    Parsed::Record(record)
                }
                Ok(None) => Parsed::Skipped {
                    line: row.line,
                    why: empty.to_string(),
                },
                Err(refusal) => invalid(row, refusal),
            })
        })
    }

    /// The next row with as many cells as the header, or the reason it has not.
    fn next_checked<T>(&mut self) -> Option<std::result::Result<Row, Parsed<T>>> {
        if self.finished {
            return None;
        }
        let Some(mut row) = self.rows.next_row() else {
            self.finished = true;
            return None;
        };
        let width = self.headers.len();
        if row.problem.is_none() && row.cells.len() > width {
            // Trailing empty cells past the header (a stray delimiter) hold nothing.
            if row.cells.iter().skip(width).all(|c| c.trim().is_empty()) {
                row.cells.truncate(width);
            }
        }
        if row.problem.is_none() && row.cells.len() < self.needed {
            let (line, n) = (row.line, self.needed);
            let have = row.cells.len();
            return Some(Err(invalid(
                row,
                (
                    Some(n.to_string()),
                    format!("--map names column {n}, but line {line} has only {have} cell(s)"),
                ),
            )));
        }
        // A short row is padded with empty cells, as spreadsheets read it.
        if row.problem.is_none() && row.cells.len() < width {
            row.cells.resize(width, String::new());
        }
        let refusal = match &row.problem {
            Some(Problem::Io(msg)) => {
                self.finished = true;
                Some((None, format!("could not read the rest of the file: {msg}")))
            }
            Some(Problem::Unterminated { cell }) => Some((
                self.column_name(*cell),
                "a quoted cell is not closed before the end of the file (is the file cut short?)"
                    .to_string(),
            )),
            Some(Problem::CellTooLarge { cell }) => Some((
                self.column_name(*cell),
                "cell is larger than 1 MiB".to_string(),
            )),
            Some(Problem::RowTooLarge) => Some((
                None,
                "the row is too large (over 16 MiB or 10,000 cells)".to_string(),
            )),
            None if row.cells.len() != self.headers.len() => Some((
                None,
                format!(
                    "the row has {} cells but the header has {}",
                    row.cells.len(),
                    self.headers.len()
                ),
            )),
            None => None,
        };
        Some(match refusal {
            Some(refusal) => Err(invalid(row, refusal)),
            None => Ok(row),
        })
    }

    fn column_name(&self, index: usize) -> Option<String> {
        self.headers.get(index).cloned()
    }
}

/// Refuses a header row crm cannot read whole: over [`MAX_COLUMNS`] columns, or longer than
/// the part of the file the header is looked for in.
fn check_header_size(row: &Row, sniffed: usize) -> Result<()> {
    if row.width > MAX_COLUMNS {
        return Err(Error::invalid(format!(
            "the header row has {} columns; crm reads at most {}. Is this the right file, and is its delimiter the one it seems to be?",
            group(row.width),
            group(MAX_COLUMNS)
        )));
    }
    if row.width > sniffed {
        return Err(Error::invalid(format!(
            "the header row is longer than {} KiB (it has {} columns); crm reads a header of at most {} KiB.",
            HEAD_LEN / 1024,
            group(row.width),
            HEAD_LEN / 1024
        )));
    }
    Ok(())
}

/// `100000` as `100,000`.
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1`, `2`, … for each cell of the first record: the names `--map` uses without a header.
fn numbered_headers(head: &[u8], delimiter: u8) -> Vec<String> {
    let width = RowReader::new(head, delimiter)
        .next_row()
        .map_or(0, |r| r.cells.len());
    (1..=width).map(|n| n.to_string()).collect()
}

/// Watches the columns no field takes, or only a custom field named after them; label
/// columns read with their values are not among them.
fn watch(columns: &[Column], headers: &[String]) -> ColumnUsage {
    let labels: Vec<usize> = columns.iter().filter_map(|c| c.label).collect();
    // Google's `Address N - Street`, `- City`… repeat what `Address N - Formatted` holds.
    let lowers: Vec<String> = headers.iter().map(|h| mapping::lower_key(h)).collect();
    let formatted = |i: usize| {
        lowers
            .get(i)
            .and_then(|l| mapping::group_part(l))
            .is_some_and(|(g, n, p)| {
                g == "address"
                    && p != "formatted"
                    && lowers
                        .iter()
                        .any(|o| mapping::group_part(o) == Some(("address", n, "formatted")))
            })
    };
    let watched: Vec<(usize, bool)> = columns
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            (c.unknown || c.field == Field::Ignore) && !labels.contains(i) && !formatted(*i)
        })
        .map(|(i, c)| (i, c.field != Field::Ignore))
        .collect();
    let seen = vec![false; watched.len()];
    ColumnUsage {
        inner: Rc::new(RefCell::new(Usage {
            watched,
            seen,
            headers: headers.to_vec(),
        })),
    }
}

fn read_head<R: Read>(reader: &mut DecodedReader<R>) -> Result<(Vec<u8>, bool)> {
    let mut head = vec![0u8; HEAD_LEN];
    let mut len = 0usize;
    let mut complete = false;
    while len < HEAD_LEN {
        let Some(space) = head.get_mut(len..) else {
            break;
        };
        match reader.read(space) {
            Ok(0) => {
                complete = true;
                break;
            }
            Ok(n) => len += n.min(HEAD_LEN - len),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::Io(format!("could not read the file: {e}."))),
        }
    }
    head.truncate(len);
    Ok((head, complete))
}

fn invalid<T>(row: Row, (column, reason): Refusal) -> Parsed<T> {
    Parsed::Invalid {
        error: RowError {
            line: row.line,
            column,
            reason,
        },
        raw: row.cells,
    }
}

/// What a date cell became, or the refusal for it.
fn date_of(col: &Column, value: &str, style: DateStyle) -> std::result::Result<DateValue, Refusal> {
    let parsed = dates::parse(value, style);
    match parsed.problem(value) {
        Some(reason) => Err((Some(col.name.clone()), reason)),
        None => Ok(parsed),
    }
}

/// A day for `created` or `close`; a day without a year is refused.
fn day_of(
    col: &Column,
    value: &str,
    style: DateStyle,
) -> std::result::Result<Option<chrono::NaiveDate>, Refusal> {
    match date_of(col, value, style)? {
        DateValue::Partial(..) => Err((
            Some(col.name.clone()),
            format!("the date {value:?} has no year"),
        )),
        d => Ok(d.day()),
    }
}

/// Splits a multi-value cell the way the export joins values.
fn split_values<'a>(value: &'a str, format: Format, field: &Field) -> Vec<&'a str> {
    let seps: &[&str] = match (format, field) {
        (Format::Google, _) => &[" ::: ", ":::"],
        (Format::Outlook | Format::Hubspot, Field::Tags | Field::Company | Field::ContactRef) => {
            &[";"]
        }
        (Format::Hubspot, _) => &[";"],
        (Format::Pipedrive, Field::Email | Field::Phone | Field::Tags) => &[",", ";"],
        (Format::Linkedin, _) => &[],
        (_, Field::Email | Field::Tags) => &[" ::: ", ";", ","],
        (_, Field::Phone) => &[" ::: ", ";"],
        _ => &[],
    };
    let mut parts = vec![value];
    for sep in seps {
        parts = parts.into_iter().flat_map(|p| p.split(*sep)).collect();
    }
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// The contact a row belongs to: the first name given, but an e-mail when there is one
/// (crm's own export has both `contact` and `contact_email`; a name can be ambiguous).
fn prefer_email(slot: &mut Option<String>, value: String) {
    let is_email = |v: &str| v.contains('@');
    match slot {
        Some(current) if !is_email(current) && is_email(&value) => *slot = Some(value),
        None if !value.trim().is_empty() => *slot = Some(value),
        _ => {}
    }
}

/// Undoes the formula guard spreadsheets and `crm export` put on cells: a `'` before
/// `= + - @`, TAB, CR or another `'`.
fn unguard(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) => rest,
        _ => value,
    }
}

/// The mapped, non-empty cells of a row, trimmed, with their columns.
fn cells<'a>(
    columns: &'a [Column],
    row: &'a Row,
) -> impl Iterator<Item = (&'a Column, &'a str)> + 'a {
    columns.iter().enumerate().filter_map(move |(i, col)| {
        let value = unguard(row.cells.get(i).map_or("", |c| c.trim()));
        (!value.is_empty() && col.field != Field::Ignore).then_some((col, value))
    })
}

/// A record that keeps its row's cells, for `--rejects`.
trait KeepsRaw {
    fn keep_raw(&mut self, cells: Vec<String>);
}

macro_rules! keeps_raw {
    ($($t:ty),*) => {$(
        impl KeepsRaw for $t {
            fn keep_raw(&mut self, cells: Vec<String>) {
                self.raw = cells;
            }
        }
    )*};
}
keeps_raw!(ContactRecord, DealRecord, InteractionRecord);
