//! How results reach the terminal: tables for people, JSON for scripts. Untrusted text is
//! sanitised here (DESIGN §8), and a closed pipe (`crm contact list | head`) ends quietly.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::domain::text::{sanitize, sanitize_line};
use crate::domain::Result;

pub struct Out {
    pub json: bool,
    pub quiet: bool,
    pub color: bool,
    /// The terminal's width in columns; `None` when stdout is not a terminal, so piped
    /// output is never cut.
    pub width: Option<usize>,
    /// Whether stdout is a terminal, so record text printed raw elsewhere (CSV, vCard,
    /// iCalendar, Markdown) is sanitised. `CRM_FORCE_TTY=1` (or `0`) decides instead of
    /// asking the terminal, for tests.
    pub terminal: bool,
}

/// Whether standard output is a terminal, or what `CRM_FORCE_TTY` says.
pub fn stdout_is_terminal() -> bool {
    match std::env::var("CRM_FORCE_TTY").as_deref() {
        Ok("1") => true,
        Ok("0") => false,
        _ => io::stdout().is_terminal(),
    }
}

impl Out {
    pub fn new(json: bool, quiet: bool, no_color: bool) -> Out {
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let tty = io::stdout().is_terminal();
        let color = !no_color && !no_color_env && tty;
        // A terminal that reports no size (some serial consoles) may still say COLUMNS.
        let width = if tty {
            terminal_size::terminal_size_of(io::stdout())
                .map(|(w, _)| usize::from(w.0))
                .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
                .filter(|w| *w > 0)
        } else {
            None
        };
        Out {
            json,
            quiet,
            color,
            width,
            terminal: stdout_is_terminal(),
        }
    }

    /// Prints record text as it is when stdout is a file or a pipe (data fidelity), and
    /// with control characters made visible when it is a terminal (CSV, Markdown).
    pub fn print_records(&self, text: &str) {
        if self.terminal {
            self.print(&terminal_safe(text));
        } else {
            self.print(text);
        }
    }

    /// JSON as crm writes it everywhere: pretty, with DEL, C1 and bidi controls escaped.
    pub fn json_string<T: Serialize + ?Sized>(value: &T) -> Result<String> {
        let mut s = crate::export::json_out::to_string_pretty(value)?;
        s.push('\n');
        Ok(s)
    }

    /// Writes text to stdout; a reader that went away ends the program quietly.
    pub fn print(&self, text: &str) {
        let mut out = io::stdout().lock();
        if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
            if e.kind() == io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }

    pub fn line(&self, text: &str) {
        self.print(&format!("{text}\n"));
    }

    /// A confirmation like "Added contact #12"; silent with -q.
    pub fn done(&self, text: &str) {
        if !self.quiet {
            self.line(&sanitize(text));
        }
    }

    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> Result<()> {
        self.print(&Out::json_string(value)?);
        Ok(())
    }

    pub fn bold(&self, text: &str) -> String {
        if self.color {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn dim(&self, text: &str) -> String {
        if self.color {
            format!("\x1b[2m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn red(&self, text: &str) -> String {
        if self.color {
            format!("\x1b[31m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// A section heading in `show` and `agenda` output.
    pub fn heading(&self, text: &str) {
        self.line(&format!("\n{}", self.bold(text)));
    }

    pub fn table(&self, t: &Table) {
        self.print(&t.render(self));
    }
}

/// A plain text table. Cells are sanitised; on a terminal the widest text columns are
/// cut with `…` so each line fits its width (numbers, ids and dates never are).
pub struct Table {
    headers: Vec<String>,
    right: Vec<bool>,
    rows: Vec<(Vec<String>, bool)>,
}

/// Columns are separated by this many spaces.
const GAP: usize = 2;
/// A text column is never cut narrower than this (or its header).
const FLOOR: usize = 8;

impl Table {
    /// Headers; a leading `>` right-aligns the column (for numbers).
    pub fn new<S: AsRef<str>>(headers: &[S]) -> Table {
        Table {
            headers: headers
                .iter()
                .map(|h| h.as_ref().trim_start_matches('>').to_string())
                .collect(),
            right: headers
                .iter()
                .map(|h| h.as_ref().starts_with('>'))
                .collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.push(cells, false);
    }

    /// A row that needs attention (overdue): red when colours are on.
    pub fn alert_row(&mut self, cells: Vec<String>) {
        self.push(cells, true);
    }

    fn push(&mut self, cells: Vec<String>, alert: bool) {
        self.rows.push((
            cells
                .into_iter()
                .map(|c| sanitize_line(&c).into_owned())
                .collect(),
            alert,
        ));
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table for `out`: fitted to the terminal's width when there is one.
    pub fn render(&self, out: &Out) -> String {
        self.render_within(out, out.width)
    }

    /// The table fitted to `width` columns (`None`: never cut), for tables printed indented.
    pub fn render_within(&self, out: &Out, width: Option<usize>) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for (row, _) in &self.rows {
            for (i, cell) in row.iter().enumerate().take(n) {
                widths[i] = widths[i].max(cell.width());
            }
        }
        if let Some(total) = width {
            let cuttable: Vec<bool> = (0..n).map(|i| self.is_text_column(i)).collect();
            let floors: Vec<usize> = self.headers.iter().map(|h| h.width().max(FLOOR)).collect();
            widths = fit_widths(&widths, &cuttable, &floors, total);
        }
        let mut s = String::new();
        let line = |cells: &[String], s: &mut String| {
            let mut parts = Vec::with_capacity(n);
            for (i, cell) in cells.iter().enumerate().take(n) {
                let cell = fit(cell, widths[i]);
                let pad = widths[i].saturating_sub(cell.width());
                parts.push(if self.right[i] {
                    format!("{}{cell}", " ".repeat(pad))
                } else {
                    format!("{cell}{}", " ".repeat(pad))
                });
            }
            s.push_str(parts.join(&" ".repeat(GAP)).trim_end());
            s.push('\n');
        };
        let mut head = String::new();
        line(&self.headers, &mut head);
        s.push_str(&out.bold(head.trim_end()));
        s.push('\n');
        for (row, alert) in &self.rows {
            if *alert && out.color {
                let mut l = String::new();
                line(row, &mut l);
                s.push_str(&out.red(l.trim_end()));
                s.push('\n');
            } else {
                line(row, &mut s);
            }
        }
        s
    }

    /// Whether column `i` holds words that may be cut: not right-aligned (numbers), and
    /// not made only of digits and date punctuation (ids, dates, times, weeks).
    fn is_text_column(&self, i: usize) -> bool {
        if self.right[i] {
            return false;
        }
        self.rows
            .iter()
            .filter_map(|(row, _)| row.get(i))
            .any(|cell| !looks_like_number_or_date(cell))
    }
}

fn looks_like_number_or_date(cell: &str) -> bool {
    cell.chars().all(|c| {
        c.is_ascii_digit() || " -+:/.,%#'()".contains(c) || matches!(c, 'T' | 'W' | 'Q' | 'Z')
    })
}

/// Column widths whose sum (with the gaps) fits `total`. The widest cuttable columns are
/// narrowed first, all to one common cap, never below their floor; the other columns keep
/// their width. When even the floors do not fit, the floors are returned (the terminal
/// wraps rather than losing ids and dates).
pub fn fit_widths(
    natural: &[usize],
    cuttable: &[bool],
    floors: &[usize],
    total: usize,
) -> Vec<usize> {
    let gaps = GAP * natural.len().saturating_sub(1);
    let used = |cap: usize| -> usize {
        natural
            .iter()
            .zip(cuttable)
            .zip(floors)
            .map(|((&w, &cut), &floor)| if cut { w.min(cap.max(floor)) } else { w })
            .sum::<usize>()
            + gaps
    };
    let widest = natural.iter().copied().max().unwrap_or(0);
    if used(widest) <= total {
        return natural.to_vec();
    }
    // The largest cap that fits; then the room left goes one column at a time to the
    // capped columns, left to right, so the line uses the whole width.
    let cap = (0..widest).rev().find(|&c| used(c) <= total).unwrap_or(0);
    let mut spare = total.saturating_sub(used(cap));
    natural
        .iter()
        .zip(cuttable)
        .zip(floors)
        .map(|((&w, &cut), &floor)| {
            if !cut {
                return w;
            }
            let mut fitted = w.min(cap.max(floor));
            if fitted < w && spare > 0 {
                fitted += 1;
                spare -= 1;
            }
            fitted
        })
        .collect()
}

pub use crate::domain::text::fit;

/// Text made safe for a terminal: what [`sanitize`] escapes, except that a CR right
/// before a LF stays (CSV, vCard and iCalendar end lines in CRLF); a lone CR is escaped.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\r') {
        return sanitize(text);
    }
    let parts: Vec<_> = text.split("\r\n").map(sanitize).collect();
    std::borrow::Cow::Owned(parts.join("\r\n"))
}

/// A writer to a terminal that passes record text through [`terminal_safe`]: OSC, CSI and
/// the other controls reach the screen as visible escapes (`\x1b]0;…`), never as commands.
/// Bytes that are not UTF-8 show as `\xNN`. Text is handled as it arrives, holding back
/// only an unfinished character or a CR that may begin a CRLF.
pub struct TerminalWriter<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> TerminalWriter<W> {
    pub fn new(inner: W) -> TerminalWriter<W> {
        TerminalWriter {
            inner,
            pending: Vec::new(),
        }
    }

    /// Writes out what is held back; at the end of the output.
    pub fn finish(mut self) -> io::Result<W> {
        let rest = std::mem::take(&mut self.pending);
        self.emit(&rest, true)?;
        self.inner.flush()?;
        Ok(self.inner)
    }

    /// Sanitises and writes `bytes`; unless `last`, keeps an unfinished tail in `pending`.
    fn emit(&mut self, mut bytes: &[u8], last: bool) -> io::Result<()> {
        while !bytes.is_empty() {
            let (text, rest) = match std::str::from_utf8(bytes) {
                Ok(t) => (t, &[][..]),
                Err(e) => {
                    let good = e.valid_up_to();
                    // Safe: `valid_up_to` is a character boundary of valid UTF-8.
                    let text = std::str::from_utf8(&bytes[..good]).unwrap_or_default();
                    match e.error_len() {
                        Some(n) => {
                            self.write_text(text, false)?;
                            for b in &bytes[good..good + n] {
                                write!(self.inner, "\\x{b:02x}")?;
                            }
                            bytes = &bytes[good + n..];
                            continue;
                        }
                        // An unfinished character at the end.
                        None if !last => {
                            self.pending.extend_from_slice(&bytes[good..]);
                            (text, &[][..])
                        }
                        None => {
                            self.write_text(text, true)?;
                            for b in &bytes[good..] {
                                write!(self.inner, "\\x{b:02x}")?;
                            }
                            return Ok(());
                        }
                    }
                }
            };
            self.write_text(text, last)?;
            bytes = rest;
        }
        Ok(())
    }

    fn write_text(&mut self, text: &str, last: bool) -> io::Result<()> {
        let (text, held) = match text.strip_suffix('\r') {
            Some(t) if !last => (t, true),
            _ => (text, false),
        };
        self.inner.write_all(terminal_safe(text).as_bytes())?;
        if held {
            // Goes before any unfinished character already held.
            self.pending.insert(0, b'\r');
        }
        Ok(())
    }
}

impl<W: Write> Write for TerminalWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(buf);
        self.emit(&bytes, false)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

pub use crate::format::{ago, local_time};

/// The terminal's width less a two-space indent, so an indented table still fits.
pub fn narrower(out: &Out) -> Option<usize> {
    out.width.map(|w| w.saturating_sub(2))
}

pub fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_sanitise_and_cut() {
        let mut out = Out {
            json: false,
            quiet: false,
            color: false,
            width: None,
            terminal: false,
        };
        let mut t = Table::new(&["NAME", ">N", "WHEN"]);
        t.row(vec![
            "\x1b[31mEve".into(),
            "5".into(),
            "2026-11-30 10:00".into(),
        ]);
        t.row(vec!["Zoë".into(), "12".into(), "2026-11-29 09:00".into()]);
        t.row(vec!["x".repeat(100), "1".into(), String::new()]);
        let s = t.render(&out);
        assert!(!s.contains('\x1b'));
        assert!(s.contains("\\x1b[31mEve"));
        let lines: Vec<&str> = s.lines().collect();
        assert!(lines[2].starts_with("Zoë") && lines[2].ends_with("2026-11-29 09:00"));
        // Piped (no width): never cut.
        assert!(lines[3].contains(&"x".repeat(100)) && !s.contains('…'));
        // On a 60-column terminal the name is cut, the number and date are whole.
        out.width = Some(60);
        let s = t.render(&out);
        let lines: Vec<&str> = s.lines().collect();
        assert!(lines.iter().all(|l| l.width() <= 60), "{s}");
        assert!(lines[3].contains('…'), "{s}");
        assert!(lines[1].ends_with("2026-11-30 10:00"), "{s}");
    }

    #[test]
    fn terminal_text_keeps_crlf_and_escapes_every_control() {
        let text = "a,\x1b]0;pwned\x07,b\r\nc\x1b]52;c;Zm9v\x07\rd\u{202e}e\u{9b}f\tg\n";
        let safe = terminal_safe(text);
        assert_eq!(
            safe,
            "a,\\x1b]0;pwned\\x07,b\r\nc\\x1b]52;c;Zm9v\\x07\\x0dd\\u{202e}e\\x9bf\tg\n"
        );
        // The writer gives the same, however the bytes are cut.
        for cut in 1..=text.len() {
            let mut w = TerminalWriter::new(Vec::new());
            for chunk in text.as_bytes().chunks(cut) {
                w.write_all(chunk).unwrap();
            }
            let out = String::from_utf8(w.finish().unwrap()).unwrap();
            assert_eq!(out, safe, "chunks of {cut}");
        }
        let mut w = TerminalWriter::new(Vec::new());
        w.write_all(b"x\xff\xe6y\r").unwrap();
        assert_eq!(w.finish().unwrap(), b"x\\xff\\xe6y\\x0d");
    }

    #[test]
    fn fitting_cuts_the_widest_text_columns_to_one_cap() {
        // Two wide text columns, an id and a date; 2-space gaps.
        let natural = [4, 40, 30, 16];
        let cut = [false, true, true, false];
        let floors = [8, 8, 8, 8];
        // Fits already: unchanged.
        assert_eq!(fit_widths(&natural, &cut, &floors, 200), natural.to_vec());
        assert_eq!(fit_widths(&natural, &cut, &floors, 96), natural.to_vec());
        // 10 columns too wide: only the widest text column shrinks.
        assert_eq!(fit_widths(&natural, &cut, &floors, 86), vec![4, 30, 30, 16]);
        // Tighter: both text columns share the cap; the spare column goes left first.
        let w = fit_widths(&natural, &cut, &floors, 61);
        assert_eq!(w, vec![4, 18, 17, 16]);
        assert_eq!(w.iter().sum::<usize>() + 6, 61);
        // Never below the floor; ids and dates never cut.
        assert_eq!(fit_widths(&natural, &cut, &floors, 10), vec![4, 8, 8, 16]);
        // A short text column below the cap keeps its width.
        let w = fit_widths(&[4, 60, 6], &[false, true, true], &[8, 8, 8], 40);
        assert_eq!(w, vec![4, 26, 6]);
    }

    #[test]
    fn dates_ids_and_weeks_are_not_text() {
        for s in [
            "2026-11-30 10:00",
            "#12",
            "2026-W47",
            "2026-Q4",
            "62.5%",
            "4,500.00",
            "2026-11-30T10:00:00Z",
        ] {
            assert!(looks_like_number_or_date(s), "{s}");
        }
        for s in ["Ada Lovelace", "3 days ago", "never", "vip, press"] {
            assert!(!looks_like_number_or_date(s), "{s}");
        }
    }
}
