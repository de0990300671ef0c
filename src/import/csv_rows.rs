//! A small streaming RFC 4180 record reader over UTF-8 bytes.
//!
//! The csv crate would buffer a cell of any size and reads an unterminated quote at the
//! end of the file as a normal cell; importing needs both reported, plus the physical line
//! where each record starts. So records are read here, one at a time, with a cap on what
//! is kept in memory.

use std::io::{self, Read};

use super::bytes::Bytes;

/// The largest cell kept; a bigger one makes the row invalid.
pub(crate) const MAX_CELL: usize = super::MAX_TEXT;
/// The largest row kept (all cells together).
pub(crate) const MAX_ROW: usize = 16 * 1024 * 1024;
/// The most cells kept for one row.
pub(crate) const MAX_CELLS: usize = super::MAX_COLUMNS;
const CHUNK: usize = 16 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// The file ended inside the quoted cell with this index.
    Unterminated { cell: usize },
    /// The cell with this index is larger than [`MAX_CELL`] (it was cut).
    CellTooLarge { cell: usize },
    /// The row is larger than [`MAX_ROW`] or has more than [`MAX_CELLS`] cells.
    RowTooLarge,
    /// Reading failed; nothing follows.
    Io(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    /// Physical line (1-based) where the record starts.
    pub line: u64,
    pub cells: Vec<String>,
    pub problem: Option<Problem>,
    /// The record ended at the end of the input rather than at a line break.
    pub at_eof: bool,
    /// How many cells the record has, counting those past [`MAX_CELLS`] that were not kept.
    pub width: usize,
}

#[derive(Default)]
struct CellState {
    quoted: bool,
    unterminated: bool,
    too_large: bool,
    row_too_large: bool,
}

enum End {
    Delimiter,
    Newline,
    Eof,
}

pub(crate) struct RowReader<R> {
    src: Bytes<R>,
    delimiter: u8,
    line: u64,
    failed: bool,
}

impl<R: Read> RowReader<R> {
    pub(crate) fn new(inner: R, delimiter: u8) -> Self {
        RowReader {
            src: Bytes::new(inner, CHUNK),
            delimiter,
            line: 1,
            failed: false,
        }
    }

    /// The next record that is not a blank line, or `None` at the end.
    pub(crate) fn next_row(&mut self) -> Option<Row> {
        if self.failed {
            return None;
        }
        loop {
            match self.read_record() {
                Ok(Some((row, blank))) => {
                    if blank {
                        continue;
                    }
                    return Some(row);
                }
                Ok(None) => return None,
                Err(e) => {
                    self.failed = true;
                    return Some(Row {
                        line: self.line,
                        cells: Vec::new(),
                        problem: Some(Problem::Io(e.to_string())),
                        at_eof: true,
                        width: 0,
                    });
                }
            }
        }
    }

    fn next_byte(&mut self) -> io::Result<Option<u8>> {
        let b = self.src.peek()?;
        if b.is_some() {
            self.src.pos += 1;
        }
        Ok(b)
    }

    /// Consumes the `\n` of a `\r\n` pair after a `\r` was read, and counts the line.
    fn end_of_line_after_cr(&mut self) -> io::Result<()> {
        if self.src.peek()? == Some(b'\n') {
            self.src.pos += 1;
        }
        self.line += 1;
        Ok(())
    }

    fn read_record(&mut self) -> io::Result<Option<(Row, bool)>> {
        if self.src.peek()?.is_none() {
            return Ok(None);
        }
        let line = self.line;
        let mut cells: Vec<String> = Vec::new();
        let mut problem: Option<Problem> = None;
        let mut budget = MAX_ROW;
        let mut first_quoted = false;
        let mut width = 0usize;
        let at_eof;
        loop {
            let mut cell = Vec::new();
            let mut state = CellState::default();
            let end = self.read_cell(&mut cell, &mut budget, &mut state)?;
            let index = cells.len();
            width += 1;
            if index == 0 {
                first_quoted = state.quoted;
            }
            if state.unterminated {
                problem = Some(Problem::Unterminated { cell: index });
            } else if problem.is_none() {
                if state.too_large {
                    problem = Some(Problem::CellTooLarge { cell: index });
                } else if state.row_too_large {
                    problem = Some(Problem::RowTooLarge);
                }
            }
            if cells.len() < MAX_CELLS {
                cells.push(into_string(cell));
            } else if problem.is_none() {
                problem = Some(Problem::RowTooLarge);
            }
            match end {
                End::Delimiter => continue,
                End::Newline => {
                    at_eof = false;
                    break;
                }
                End::Eof => {
                    at_eof = true;
                    break;
                }
            }
        }
        let blank = cells.len() == 1
            && !first_quoted
            && problem.is_none()
            && cells.first().is_some_and(|c| c.trim().is_empty());
        Ok(Some((
            Row {
                line,
                cells,
                problem,
                at_eof,
                width,
            },
            blank,
        )))
    }

    fn read_cell(
        &mut self,
        cell: &mut Vec<u8>,
        budget: &mut usize,
        state: &mut CellState,
    ) -> io::Result<End> {
        if self.src.peek()? == Some(b'"') {
            self.src.pos += 1;
            state.quoted = true;
            loop {
                match self.next_byte()? {
                    None => {
                        state.unterminated = true;
                        return Ok(End::Eof);
                    }
                    Some(b'"') => {
                        if self.src.peek()? == Some(b'"') {
                            self.src.pos += 1;
                            keep(cell, b'"', budget, state);
                        } else {
                            break;
                        }
                    }
                    // Line breaks inside quotes are kept, as `\n`.
                    Some(b'\r') => {
                        self.end_of_line_after_cr()?;
                        keep(cell, b'\n', budget, state);
                    }
                    Some(b'\n') => {
                        self.line += 1;
                        keep(cell, b'\n', budget, state);
                    }
                    Some(b) => keep(cell, b, budget, state),
                }
            }
        }
        // Unquoted text, or what follows a closing quote (kept as is, like the csv crate).
        loop {
            match self.next_byte()? {
                None => return Ok(End::Eof),
                Some(b'\r') => {
                    self.end_of_line_after_cr()?;
                    return Ok(End::Newline);
                }
                Some(b'\n') => {
                    self.line += 1;
                    return Ok(End::Newline);
                }
                Some(b) if b == self.delimiter => return Ok(End::Delimiter),
                Some(b) => keep(cell, b, budget, state),
            }
        }
    }
}

fn keep(cell: &mut Vec<u8>, b: u8, budget: &mut usize, state: &mut CellState) {
    if cell.len() >= MAX_CELL {
        state.too_large = true;
    } else if *budget == 0 {
        state.row_too_large = true;
    } else {
        cell.push(b);
        *budget -= 1;
    }
}

fn into_string(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        // Only possible when a cell was cut inside a character.
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, delimiter: u8) -> Vec<Row> {
        let mut r = RowReader::new(text.as_bytes(), delimiter);
        std::iter::from_fn(|| r.next_row()).collect()
    }

    fn cells(row: &Row) -> Vec<&str> {
        row.cells.iter().map(String::as_str).collect()
    }

    #[test]
    fn quotes_newlines_and_line_numbers() {
        let rows = rows(
            "a,b\r\n\"x, y\",\"multi\r\nline\"\r\n\r\n\"say \"\"hi\"\"\",plain\"quote\nlast,\n",
            b',',
        );
        assert_eq!(rows.len(), 4);
        assert_eq!(cells(&rows[0]), ["a", "b"]);
        assert_eq!(rows[0].line, 1);
        assert_eq!(cells(&rows[1]), ["x, y", "multi\nline"]);
        assert_eq!(rows[1].line, 2);
        assert_eq!(cells(&rows[2]), ["say \"hi\"", "plain\"quote"]);
        assert_eq!(rows[2].line, 5);
        assert_eq!(cells(&rows[3]), ["last", ""]);
        assert_eq!(rows[3].line, 6);
        assert!(rows.iter().all(|r| r.problem.is_none()));
    }

    #[test]
    fn other_delimiters_and_empty_cells() {
        let rows = rows("a;b;;\n1;\"2;3\";;4", b';');
        assert_eq!(cells(&rows[0]), ["a", "b", "", ""]);
        assert_eq!(cells(&rows[1]), ["1", "2;3", "", "4"]);
        assert!(rows[1].at_eof);
        let tabs = super::tests::rows("a\tb, c\n", b'\t');
        assert_eq!(cells(&tabs[0]), ["a", "b, c"]);
    }

    #[test]
    fn unterminated_quote_is_reported_at_the_record_start() {
        let rows = rows("a,b\n1,\"open\nstill open\n", b',');
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].line, 2);
        assert_eq!(rows[1].problem, Some(Problem::Unterminated { cell: 1 }));
    }

    #[test]
    fn huge_cells_are_cut_and_reported() {
        let text = format!("a,b\n1,{}\n2,ok\n", "x".repeat(MAX_CELL + 10));
        let rows = rows(&text, b',');
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].problem, Some(Problem::CellTooLarge { cell: 1 }));
        assert_eq!(rows[1].cells[1].len(), MAX_CELL);
        assert_eq!(cells(&rows[2]), ["2", "ok"]);
        assert_eq!(rows[2].line, 3);
    }
}
