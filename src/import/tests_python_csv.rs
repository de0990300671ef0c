//! Property test: any CSV that Python's `csv` module reads, crm's row reader reads into
//! the same cells (a line break inside a cell is kept as `\n`, whatever the file used). Python is the oracle, run once as a helper process that parses each
//! generated file and answers with its rows as JSON.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use proptest::prelude::*;

use super::csv_rows::RowReader;

const ORACLE: &str = r#"
import csv, io, json, sys
for line in sys.stdin:
    text, delim = json.loads(line)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True))
    print(json.dumps(rows), flush=True)
"#;

struct Python {
    _child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Python {
    fn start() -> Python {
        let mut child = Command::new("python3")
            .args(["-c", ORACLE])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 is needed for this test (CI installs it)");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Python {
            _child: child,
            stdin,
            stdout,
        }
    }

    fn rows(&mut self, text: &str, delimiter: char) -> Vec<Vec<String>> {
        let line = serde_json::to_string(&(text, delimiter.to_string())).unwrap();
        writeln!(self.stdin, "{line}").unwrap();
        let mut answer = String::new();
        self.stdout.read_line(&mut answer).unwrap();
        serde_json::from_str(&answer).unwrap()
    }
}

static PYTHON: Mutex<Option<Python>> = Mutex::new(None);

fn python_rows(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut guard = PYTHON.lock().unwrap_or_else(|e| e.into_inner());
    guard
        .get_or_insert_with(Python::start)
        .rows(text, delimiter)
}

fn crm_rows(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut reader = RowReader::new(text.as_bytes(), delimiter as u8);
    let mut out = Vec::new();
    while let Some(row) = reader.next_row() {
        assert_eq!(
            row.problem, None,
            "crm refused a file Python reads:\n{text:?}"
        );
        out.push(row.cells);
    }
    out
}

/// How a writer quotes: only where needed (Python's default and RFC 4180), or every cell.
#[derive(Debug, Clone, Copy)]
enum Quoting {
    Minimal,
    All,
}

/// One cell: letters, digits, spaces, the delimiters, quotes, line breaks and non-ASCII.
fn cell() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::char::range('a', 'z'),
            1 => Just(' '),
            1 => Just(','),
            1 => Just(';'),
            1 => Just('\t'),
            1 => Just('"'),
            1 => Just('\n'),
            1 => Just('\r'),
            1 => Just('é'),
            1 => Just('漢'),
        ],
        0..12,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn write(
    rows: &[Vec<String>],
    delimiter: char,
    quoting: Quoting,
    eol: &str,
    last_eol: bool,
) -> String {
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                let needs = c.contains(delimiter) || c.contains(['"', '\n', '\r']);
                if needs || matches!(quoting, Quoting::All) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        out.push_str(&cells.join(&delimiter.to_string()));
        if i + 1 < rows.len() || last_eol {
            out.push_str(eol);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn crm_reads_the_cells_python_reads(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 1..6), 1..6),
        delimiter in prop_oneof![Just(','), Just(';'), Just('\t')],
        all in any::<bool>(),
        crlf in any::<bool>(),
        last_eol in any::<bool>(),
    ) {
        let quoting = if all { Quoting::All } else { Quoting::Minimal };
        // A line that is one unquoted cell of nothing but spaces is a blank line to crm (files
        // carry such lines between records), and Python passes over an empty one too.
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .filter(|r| {
                let quoted = matches!(quoting, Quoting::All)
                    || r[0].contains([delimiter, '"', '\n', '\r']);
                !(r.len() == 1 && r[0].trim().is_empty() && !quoted)
            })
            .collect();
        prop_assume!(!rows.is_empty());
        let text = write(&rows, delimiter, quoting, if crlf { "\r\n" } else { "\n" }, last_eol);
        let python = python_rows(&text, delimiter);
        prop_assert_eq!(&python, &rows, "the oracle disagrees with the writer: {:?}", text);
        // crm keeps a line break inside a cell as `\n` whatever the file used (CR LF or
        // CR alone); Python keeps the bytes. Otherwise the cells are the same.
        let python: Vec<Vec<String>> = python
            .into_iter()
            .map(|r| r.into_iter().map(|c| c.replace("\r\n", "\n").replace('\r', "\n")).collect())
            .collect();
        prop_assert_eq!(crm_rows(&text, delimiter), python, "file: {:?}", text);
    }
}
