//! Streaming vCard 2.1 / 3.0 / 4.0 reader: one card in memory at a time, binary
//! properties (PHOTO, LOGO, SOUND, KEY) skipped while they stream past.

use std::collections::HashMap;
use std::io::Read;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use super::decode::decode;
use super::values::add_tag;
use super::vcard_card::{build, Built, Card};
use super::vcard_text::Lines;
use super::{ContactRecord, Parsed, RowError};
/// How many group members are remembered to tag later cards.
const MAX_MEMBERS: usize = 100_000;

/// True when the bytes start with `BEGIN:VCARD` after an optional BOM and whitespace.
pub fn looks_like_vcard(head: &[u8]) -> bool {
    let text: String = if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        let enc = if head.starts_with(&[0xFF, 0xFE]) {
            UTF_16LE
        } else {
            UTF_16BE
        };
        let end = head.len().min(512) & !1;
        enc.decode_without_bom_handling(head.get(2..end).unwrap_or(&[]))
            .0
            .into_owned()
    } else {
        let h = head
            .strip_prefix(&[0xEF_u8, 0xBB, 0xBF][..])
            .unwrap_or(head);
        String::from_utf8_lossy(h.get(..h.len().min(512)).unwrap_or(&[])).into_owned()
    };
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    t.get(..11)
        .is_some_and(|p| p.eq_ignore_ascii_case("BEGIN:VCARD"))
}

/// Reads vCards one at a time, from a file in any encoding.
pub fn vcards<R: Read>(reader: R) -> impl Iterator<Item = Parsed<ContactRecord>> {
    let mut state = match decode(reader) {
        Ok(decoded) => {
            let file = decoded.encoding();
            VcardReader::new(Some(Lines::new(decoded)), None, file)
        }
        Err(e) => VcardReader::new(None, Some(e.to_string()), UTF_8),
    };
    std::iter::from_fn(move || state.next_card())
}

/// Reads vCards one at a time from text already decoded to UTF-8; `file` is the encoding
/// the file was in (quoted-printable values without a charset are read in it).
pub fn vcards_decoded<R: Read>(
    text: R,
    file: &'static Encoding,
) -> impl Iterator<Item = Parsed<ContactRecord>> {
    let mut state = VcardReader::new(Some(Lines::new(text)), None, file);
    std::iter::from_fn(move || state.next_card())
}

struct VcardReader<R> {
    lines: Option<Lines<R>>,
    /// The file's encoding.
    file: &'static Encoding,
    start_error: Option<String>,
    card: Option<Card>,
    seen_card: bool,
    junk_lines: u64,
    done: bool,
    /// Member uid → names of the groups that list it (iCloud group cards).
    groups: HashMap<String, Vec<String>>,
}

fn refused(
    line: u64,
    column: Option<String>,
    reason: String,
    raw: Vec<String>,
) -> Parsed<ContactRecord> {
    Parsed::Invalid {
        error: RowError {
            line,
            column,
            reason,
        },
        raw,
    }
}

impl<R: Read> VcardReader<R> {
    fn new(lines: Option<Lines<R>>, start_error: Option<String>, file: &'static Encoding) -> Self {
        VcardReader {
            lines,
            file,
            start_error,
            card: None,
            seen_card: false,
            junk_lines: 0,
            done: false,
            groups: HashMap::new(),
        }
    }

    fn next_card(&mut self) -> Option<Parsed<ContactRecord>> {
        if let Some(msg) = self.start_error.take() {
            self.done = true;
            return Some(refused(
                1,
                None,
                format!("could not read the file: {msg}"),
                Vec::new(),
            ));
        }
        if self.done {
            return None;
        }
        loop {
            let read = match self.lines.as_mut() {
                Some(lines) => lines.read_logical(),
                None => Ok(None),
            };
            let logical = match read {
                Ok(Some(l)) => l,
                Ok(None) => return self.at_end(),
                Err(e) => {
                    self.done = true;
                    let line = self.lines.as_ref().map_or(1, |l| l.line);
                    let raw = self.card.take().map(|c| c.raw).unwrap_or_default();
                    return Some(refused(
                        line,
                        None,
                        format!("could not read the rest of the file: {e}"),
                        raw,
                    ));
                }
            };
            let trimmed = logical.text.trim();
            if trimmed.is_empty() {
                continue;
            }
            if trimmed.eq_ignore_ascii_case("BEGIN:VCARD") {
                self.seen_card = true;
                let mut card = Card::starting_at(logical.line);
                card.raw.push("BEGIN:VCARD".to_string());
                if let Some(previous) = self.card.replace(card) {
                    return Some(no_end(previous));
                }
                continue;
            }
            if trimmed.eq_ignore_ascii_case("END:VCARD") {
                match self.card.take() {
                    Some(mut card) => {
                        card.raw.push("END:VCARD".to_string());
                        return Some(self.finish(card));
                    }
                    None => {
                        self.junk_lines += 1;
                        continue;
                    }
                }
            }
            match self.card.as_mut() {
                Some(card) => card.add(logical),
                None => self.junk_lines += 1,
            }
        }
    }

    fn at_end(&mut self) -> Option<Parsed<ContactRecord>> {
        self.done = true;
        if let Some(card) = self.card.take() {
            return Some(no_end(card));
        }
        if !self.seen_card && self.junk_lines > 0 {
            return Some(refused(
                1,
                None,
                "no BEGIN:VCARD found: this does not look like a vCard file".to_string(),
                Vec::new(),
            ));
        }
        None
    }

    fn finish(&mut self, card: Card) -> Parsed<ContactRecord> {
        if let Some((column, reason)) = card.error.clone() {
            return refused(card.line, column, reason, card.raw);
        }
        match build(&card, self.file) {
            Err((column, reason)) => refused(card.line, column, reason, card.raw),
            Ok(Built::Empty) => Parsed::Skipped {
                line: card.line,
                why: "no name, e-mail or phone".to_string(),
            },
            Ok(Built::Group(name, members)) => {
                if !name.is_empty() {
                    for member in members {
                        if self.groups.len() >= MAX_MEMBERS && !self.groups.contains_key(&member) {
                            break;
                        }
                        self.groups.entry(member).or_default().push(name.clone());
                    }
                }
                Parsed::Skipped {
                    line: card.line,
                    why: "a group card (its name becomes a tag of the members that follow it)"
                        .to_string(),
                }
            }
            Ok(Built::Contact(mut rec, uid)) => {
                if let Some(groups) = uid.as_ref().and_then(|u| self.groups.get(u)) {
                    for group in groups {
                        add_tag(&mut rec.tags, group);
                    }
                }
                rec.raw = card.raw;
                Parsed::Record(*rec)
            }
        }
    }
}

fn no_end(card: Card) -> Parsed<ContactRecord> {
    let reason = format!("card starting at line {} has no END:VCARD", card.line);
    refused(card.line, None, reason, card.raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert!(looks_like_vcard(
            b"\xEF\xBB\xBF\r\n  begin:vcard\r\nVERSION:3.0"
        ));
        assert!(looks_like_vcard(b"BEGIN:VCARD"));
        assert!(!looks_like_vcard(b"Name,Email\n"));
        assert!(!looks_like_vcard(b""));
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "BEGIN:VCARD\r\n".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert!(looks_like_vcard(&utf16));
    }
}
