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
}

impl Out {
    pub fn new(json: bool, quiet: bool, no_color: bool) -> Out {
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = !no_color && !no_color_env && io::stdout().is_terminal();
        Out { json, quiet, color }
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

/// A plain text table. Cells are sanitised and cut to a maximum width.
pub struct Table {
    headers: Vec<String>,
    right: Vec<bool>,
    rows: Vec<(Vec<String>, bool)>,
}

const MAX_CELL: usize = 48;

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
                .map(|c| fit(&sanitize_line(&c), MAX_CELL))
                .collect(),
            alert,
        ));
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn render(&self, out: &Out) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for (row, _) in &self.rows {
            for (i, cell) in row.iter().enumerate().take(n) {
                widths[i] = widths[i].max(cell.width());
            }
        }
        let mut s = String::new();
        let line = |cells: &[String], s: &mut String| {
            let mut parts = Vec::with_capacity(n);
            for (i, cell) in cells.iter().enumerate().take(n) {
                let pad = widths[i].saturating_sub(cell.width());
                parts.push(if self.right[i] {
                    format!("{}{cell}", " ".repeat(pad))
                } else {
                    format!("{cell}{}", " ".repeat(pad))
                });
            }
            s.push_str(parts.join("  ").trim_end());
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
}

pub use crate::domain::text::fit;

pub use crate::format::{ago, local_time};

pub fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_sanitise_and_cut() {
        let out = Out {
            json: false,
            quiet: false,
            color: false,
        };
        let mut t = Table::new(&["NAME", ">N"]);
        t.row(vec!["\x1b[31mEve".into(), "5".into()]);
        t.row(vec!["Zoë".into(), "12".into()]);
        t.row(vec!["x".repeat(100), "1".into()]);
        let s = t.render(&out);
        assert!(!s.contains('\x1b'));
        assert!(s.contains("\\x1b[31mEve"));
        let lines: Vec<&str> = s.lines().collect();
        assert!(lines[2].starts_with("Zoë") && lines[2].ends_with("12"));
        assert!(lines[3].contains('…'));
        assert!(lines.iter().all(|l| l.width() <= MAX_CELL + 4));
    }
}
