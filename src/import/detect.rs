//! Which reader a file needs, from the format the user named and the file's first bytes.

use std::io::{BufRead, BufReader, Read};

use crate::domain::{Error, Result};

use super::{looks_like_vcard, Format};

/// How many bytes are looked at.
const HEAD: usize = 512;

/// The reader a file goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// crm's own JSON or NDJSON export.
    Json,
    Vcard,
    /// Any CSV (or a tasks file).
    Csv,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Json => "json",
            Layout::Vcard => "vcard",
            Layout::Csv => "csv",
        }
    }
}

/// Looks at the start of `input` without consuming it: the layout, and a reader that
/// still yields every byte.
pub fn detect<R: Read>(input: R, format: Format) -> Result<(Layout, BufReader<R>)> {
    let mut reader = BufReader::new(input);
    let buf = reader.fill_buf()?;
    let head = &buf[..buf.len().min(HEAD)];
    Ok((layout_of(head, format)?, reader))
}

/// The layout of a file starting with `head`; an iCalendar file is refused.
pub fn layout_of(head: &[u8], format: Format) -> Result<Layout> {
    let text_head = String::from_utf8_lossy(head);
    if text_head
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_uppercase()
        .starts_with("BEGIN:VCALENDAR")
    {
        return Err(Error::invalid("this is an iCalendar file (events or to-dos); crm imports contacts from CSV and vCard, deals and interactions from CSV."));
    }
    // crm's own JSON and NDJSON exports start with `[` or `{`.
    let json = format == Format::Auto
        && head
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'[' || *b == b'{');
    let vcard = format == Format::Vcard || (format == Format::Auto && looks_like_vcard(head));
    Ok(if json {
        Layout::Json
    } else if vcard {
        Layout::Vcard
    } else {
        Layout::Csv
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_vcard_csv_and_icalendar() {
        let of = |head: &[u8], f| layout_of(head, f).unwrap();
        assert_eq!(of(b"  [{\"name\":1}]", Format::Auto), Layout::Json);
        assert_eq!(of(b"{\"type\":\"contact\"}", Format::Auto), Layout::Json);
        assert_eq!(of(b"{", Format::Csv), Layout::Csv);
        assert_eq!(of(b"BEGIN:VCARD\r\n", Format::Auto), Layout::Vcard);
        assert_eq!(of(b"Name,Email\n", Format::Vcard), Layout::Vcard);
        assert_eq!(of(b"Name,Email\n", Format::Auto), Layout::Csv);
        assert!(layout_of(b"\xEF\xBB\xBFBEGIN:VCALENDAR", Format::Csv).is_err());
    }

    #[test]
    fn detecting_consumes_nothing() {
        let (layout, mut r) = detect(&b"[1, 2]"[..], Format::Auto).unwrap();
        assert_eq!(layout, Layout::Json);
        let mut all = String::new();
        r.read_to_string(&mut all).unwrap();
        assert_eq!(all, "[1, 2]");
    }
}
