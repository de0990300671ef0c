//! Which reader a file needs, from the format the user named and the file's first bytes.

use std::io::{BufRead, BufReader, Read};

use crate::domain::{Error, Result};

use super::decode::{decode_as, DecodedReader};
use super::{looks_like_vcard, Format, ImportOptions};

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

/// Decodes `input` (in `--encoding`, or the encoding found from its bytes) and looks at
/// the start of the text without consuming it: the layout, and a reader that yields the
/// whole text as UTF-8. `reader.get_ref().decoding()` tells the encoding and the bytes it
/// could not read, once the reader has been read.
pub fn detect<R: Read>(
    input: R,
    opts: &ImportOptions,
) -> Result<(Layout, BufReader<DecodedReader<R>>)> {
    let decoded = decode_as(input, opts.encoding)?;
    let mut reader = BufReader::new(decoded);
    let buf = reader.fill_buf()?;
    let head = &buf[..buf.len().min(HEAD)];
    Ok((layout_of(head, opts.format)?, reader))
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
        let (layout, mut r) = detect(&b"[1, 2]"[..], &ImportOptions::default()).unwrap();
        assert_eq!(layout, Layout::Json);
        let mut all = String::new();
        r.read_to_string(&mut all).unwrap();
        assert_eq!(all, "[1, 2]");
    }

    #[test]
    fn utf16_without_bom_is_decoded_before_looking() {
        for big_endian in [false, true] {
            let mut bytes = Vec::new();
            for unit in "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë\r\nEND:VCARD\r\n".encode_utf16() {
                let pair = if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                };
                bytes.extend_from_slice(&pair);
            }
            let (layout, mut r) = detect(&bytes[..], &ImportOptions::default()).unwrap();
            assert_eq!(layout, Layout::Vcard);
            let mut all = String::new();
            r.read_to_string(&mut all).unwrap();
            assert!(all.contains("FN:Zoë"), "{all}");
        }
    }
}
