//! `crm export`: pure writers from domain values to CSV, JSON, NDJSON, vCard and iCalendar
//! (DESIGN §6). No database and no files here: every writer takes the records and an
//! `io::Write`, so the command decides where the bytes go and tests read them back exactly.

pub mod all;
pub mod csv;
pub mod ical;
pub mod ical_birthdays;
pub mod json;
pub mod json_out;
pub mod person;
pub mod vcard;

#[cfg(test)]
mod test_data;

use std::fmt;

pub use self::all::{all_json, all_ndjson, Everything};
pub use self::csv::{
    cases_csv, contacts_csv, deals_csv, guard, interactions_csv, tasks_csv, CsvOptions, MULTI_SEP,
};
pub use self::ical::{tasks_ics, IcsKind};
pub use self::ical_birthdays::birthdays_ics;
pub use self::json::{contact_value, json_array, ndjson};
pub use self::vcard::{contact_card, contacts_vcard, uid_of, VcardVersion};

/// The file formats `crm export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Csv,
    Json,
    Ndjson,
    Vcard,
    Ics,
}

impl ExportFormat {
    pub const ALL: &'static [ExportFormat] = &[
        ExportFormat::Csv,
        ExportFormat::Json,
        ExportFormat::Ndjson,
        ExportFormat::Vcard,
        ExportFormat::Ics,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Ndjson => "ndjson",
            ExportFormat::Vcard => "vcard",
            ExportFormat::Ics => "ics",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Ndjson => "ndjson",
            ExportFormat::Vcard => "vcf",
            ExportFormat::Ics => "ics",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Longest physical line of a vCard or iCalendar file, in octets, without the CRLF.
const FOLD_LIMIT: usize = 75;

/// Escapes a TEXT value for vCard (RFC 2426 §4, RFC 6350 §3.4) and iCalendar (RFC 5545
/// §3.3.11): backslash, comma and semicolon get a backslash; a line break (LF, CRLF or CR)
/// becomes `\n`.
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line to `out`, CRLF-terminated and folded so that no physical line is
/// longer than 75 octets; continuation lines start with one space (RFC 5545 §3.1, RFC 6350
/// §3.2). A fold never splits a UTF-8 character, nor a backslash escape such as `\n`, so
/// even readers that unfold carelessly get the text back.
pub(crate) fn push_folded(out: &mut String, line: &str) {
    let mut width = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        let escaped = if c == '\\' { chars.next() } else { None };
        let unit = c.len_utf8() + escaped.map_or(0, char::len_utf8);
        if width > 0 && width + unit > FOLD_LIMIT {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        if let Some(e) = escaped {
            out.push(e);
        }
        width += unit;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escaping_covers_backslash_comma_semicolon_and_line_breaks() {
        assert_eq!(
            escape_text("a,b;c\\d\ne\r\nf\rg"),
            "a\\,b\\;c\\\\d\\ne\\nf\\ng"
        );
        assert_eq!(escape_text("plain: text"), "plain: text");
    }

    #[test]
    fn short_lines_are_not_folded() {
        let mut s = String::new();
        push_folded(&mut s, &"x".repeat(75));
        assert_eq!(s, format!("{}\r\n", "x".repeat(75)));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters_or_escapes() {
        let line: String = "NOTE:".to_string() + &"é東\\n😀a".repeat(40);
        let mut s = String::new();
        push_folded(&mut s, &line);
        assert!(s.ends_with("\r\n"));
        let body = &s[..s.len() - 2];
        for (i, phys) in body.split("\r\n").enumerate() {
            assert!(phys.len() <= 75, "line {i} has {} octets", phys.len());
            if i > 0 {
                assert!(phys.starts_with(' '));
                // A continuation never starts in the middle of `\n`.
                assert!(!phys.starts_with(" n"), "{phys:?}");
            }
        }
        assert_eq!(body.replace("\r\n ", ""), line);

        let mut s = String::new();
        push_folded(&mut s, &"y".repeat(76));
        assert_eq!(s, format!("{}\r\n y\r\n", "y".repeat(75)));
    }
}
