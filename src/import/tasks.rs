//! Tasks from a CSV with a header row: crm's own `export tasks` (title, contact or
//! contact_email, due, done_at), or a to-do list with similar column names.

use std::io::Read;

use crate::domain::{Error, Result};

use super::{Parsed, RowError};

/// A task read from a file; the due date, the contact and the time it was done stay text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaskRecord {
    pub line: u64,
    pub title: Option<String>,
    /// An e-mail or a name (CSV); none when the file refers to contacts by id (JSON).
    pub contact: Option<String>,
    pub due: Option<String>,
    /// A recurrence interval (`2w`, `month`), from crm's own JSON.
    pub every: Option<String>,
    /// RFC 3339.
    pub done_at: Option<String>,
    /// Done, with no time given.
    pub done: bool,
    /// Its owner, from crm's own JSON: `None` when the file does not say (the importer
    /// owns it), `Some(None)` for nobody.
    pub owner: Option<Option<String>>,
    /// The row's cells, for `--rejects`.
    pub raw: Vec<String>,
}

/// Where each field is in the row.
struct Columns {
    title: usize,
    email: Option<usize>,
    name: Option<usize>,
    due: Option<usize>,
    done_at: Option<usize>,
}

/// The rows of a tasks CSV. Fails at once when the file cannot be decoded or has no
/// title column; a row that cannot be read comes out as [`Parsed::Invalid`].
pub fn task_rows(input: impl Read) -> Result<impl Iterator<Item = Parsed<TaskRecord>>> {
    let decoded =
        super::decode(input).map_err(|e| Error::Io(format!("could not read the file: {e}.")))?;
    let mut csv = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(decoded);
    let headers: Vec<String> = csv
        .headers()
        .map_err(|e| Error::invalid(format!("the file has no header row ({e}).")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    let columns = columns(&headers)?;
    Ok(csv
        .into_records()
        .enumerate()
        .map(move |(i, row)| task_row(&columns, i as u64 + 2, row)))
}

fn columns(headers: &[String]) -> Result<Columns> {
    let col = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| headers.iter().position(|h| h == n))
    };
    let title = col(&["title", "task", "subject"]).ok_or_else(|| {
        Error::invalid("no title column: a tasks file needs a column named title (or task).")
    })?;
    Ok(Columns {
        title,
        email: col(&["contact_email", "email"]),
        name: col(&["contact"]),
        due: col(&["due", "due_date", "due date"]),
        done_at: col(&["done_at", "completed", "done"]),
    })
}

fn task_row(
    columns: &Columns,
    line: u64,
    row: std::result::Result<::csv::StringRecord, ::csv::Error>,
) -> Parsed<TaskRecord> {
    let row = match row {
        Ok(r) => r,
        Err(e) => {
            return Parsed::Invalid {
                error: RowError {
                    line,
                    column: None,
                    reason: format!("cannot read the row: {e}"),
                },
                raw: Vec::new(),
            }
        }
    };
    let cell = |c: Option<usize>| {
        c.and_then(|c| row.get(c))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    Parsed::Record(TaskRecord {
        line,
        title: cell(Some(columns.title)),
        contact: cell(columns.email).or_else(|| cell(columns.name)),
        due: cell(columns.due),
        every: None,
        done_at: cell(columns.done_at),
        done: false,
        owner: None,
        raw: row.iter().map(str::to_string).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crm_task_export_columns() {
        let text = "title,contact,contact_email,due,done_at\nCall Ada,Ada,ada@x.com,2026-12-01,\n,Grace,,,\n";
        let rows: Vec<_> = task_rows(text.as_bytes()).unwrap().collect();
        let first = rows[0].clone().record().unwrap();
        assert_eq!(first.line, 2);
        assert_eq!(first.title.as_deref(), Some("Call Ada"));
        assert_eq!(
            first.contact.as_deref(),
            Some("ada@x.com"),
            "the e-mail first"
        );
        assert_eq!(first.due.as_deref(), Some("2026-12-01"));
        assert_eq!(first.done_at, None);
        let second = rows[1].clone().record().unwrap();
        assert_eq!(
            (second.title, second.contact.as_deref()),
            (None, Some("Grace"))
        );
        assert!(task_rows("name,due\nx,y\n".as_bytes()).is_err());
    }
}
