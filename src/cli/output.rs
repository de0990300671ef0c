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
        }
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
        let mut s = serde_json::to_string_pretty(value)?;
        s.push('\n');
        self.print(&s);
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
