//! Streaming vCard 2.1 / 3.0 / 4.0 reader: one card in memory at a time, binary
//! properties (PHOTO, LOGO, SOUND, KEY) skipped while they stream past.

use std::collections::HashMap;
use std::io::Read;

use encoding_rs::{UTF_16BE, UTF_16LE};

use super::dates::{self, DateStyle, DateValue};
use super::decode::{decode, DecodedReader};
use super::values::{
    add_email, add_field, add_phone, add_tag, check_email, multi_line, one_line, ranked_values,
    set_once, Mail,
};
use super::vcard_text::{clean_label, split_escaped, uid_key, unescape, Lines, Logical, Prop};
use super::{ContactRecord, Parsed, RowError};

/// The most text kept for one card.
const MAX_CARD: usize = 8 * 1024 * 1024;
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

/// Reads vCards one at a time.
pub fn vcards<R: Read>(reader: R) -> impl Iterator<Item = Parsed<ContactRecord>> {
    let mut state = match decode(reader) {
        Ok(decoded) => VcardReader::new(Some(Lines::new(decoded)), None),
        Err(e) => VcardReader::new(None, Some(e.to_string())),
    };
    std::iter::from_fn(move || state.next_card())
}

#[derive(Default)]
struct Card {
    line: u64,
    raw: Vec<String>,
    props: Vec<Prop>,
    size: usize,
    error: Option<(Option<String>, String)>,
}

impl Card {
    fn add(&mut self, logical: Logical) {
        self.size = self.size.saturating_add(logical.text.len());
        if self.size > MAX_CARD {
            if self.error.is_none() {
                self.error = Some((None, "the card is larger than 8 MiB".to_string()));
            }
            return;
        }
        if logical.cut && self.error.is_none() {
            self.error = Some((None, format!("line {} is longer than 1 MiB", logical.line)));
        }
        if let Some(prop) = Prop::parse(&logical.text, logical.line) {
            self.props.push(prop);
        }
        self.raw.push(logical.text);
    }
}

enum Built {
    Contact(Box<ContactRecord>, Option<String>),
    Group(String, Vec<String>),
    Empty,
}

type Refusal = (Option<String>, String);

fn build(card: &Card) -> Result<Built, Refusal> {
    let labels: HashMap<&str, String> = card
        .props
        .iter()
        .filter(|p| p.name == "X-ABLABEL")
        .filter_map(|p| Some((p.group.as_deref()?, clean_label(&unescape(&p.value)))))
        .collect();
    let mut rec = ContactRecord {
        line: card.line,
        source: Some("vcard".to_string()),
        ..ContactRecord::default()
    };
    let (mut full, mut structured, mut org, mut role) = (None, None, None, None);
    let (mut kind, mut uid) = (None, None);
    let mut members = Vec::new();
    // A card crm exported keeps its own source (none, if it had none).
    let (mut from_crm, mut crm_source) = (false, None);
    let mut emails: Vec<(u8, String)> = Vec::new();
    let mut phones: Vec<(u8, String)> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for prop in &card.props {
        let value = prop.decoded().map_err(|reason| {
            (
                Some(prop.name.clone()),
                format!("{reason} (line {})", prop.line),
            )
        })?;
        let rank = if prop.is_pref() { 0 } else { 5 };
        match prop.name.as_str() {
            "FN" => set_once(&mut full, one_line(&unescape(&value), " ")),
            "N" => {
                let parts = split_escaped(&value, ';');
                // Family;Given;Middle;Prefix;Suffix → Given Middle Family
                let name: Vec<String> = [1usize, 2, 0]
                    .iter()
                    .filter_map(|&i| parts.get(i))
                    .map(|p| one_line(p, " "))
                    .filter(|p| !p.is_empty())
                    .collect();
                set_once(&mut structured, name.join(" "));
            }
            "ORG" => {
                let first = split_escaped(&value, ';')
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                set_once(&mut org, one_line(&first, " "));
            }
            "TITLE" => set_once(&mut rec.title, one_line(&unescape(&value), " / ")),
            "ROLE" => set_once(&mut role, one_line(&unescape(&value), " / ")),
            "NOTE" => {
                let note = multi_line(&unescape(&value));
                if !note.is_empty() {
                    notes.push(note);
                }
            }
            "CATEGORIES" => {
                for tag in split_escaped(&value, ',') {
                    add_tag(&mut rec.tags, &tag);
                }
            }
            "EMAIL" => match check_email(&unescape(&value)) {
                Mail::Valid(e) => add_email(&mut emails, e, rank),
                Mail::Dropped(v) if v.is_empty() => {}
                Mail::Dropped(v) => rec
                    .warnings
                    .push(format!("dropped {v:?} from EMAIL: not an e-mail address")),
                Mail::Invalid(reason) => return Err((Some("EMAIL".to_string()), reason)),
            },
            "TEL" => add_phone(
                &mut phones,
                &mut rec.warnings,
                &unescape(&value),
                rank,
                "TEL",
            ),
            "URL" => add_field(&mut rec.fields, "website", unescape(&value).trim()),
            "NICKNAME" => add_field(
                &mut rec.fields,
                "nickname",
                &one_line(&unescape(&value), " "),
            ),
            "ADR" => {
                let parts: Vec<String> = split_escaped(&value, ';')
                    .iter()
                    .map(|p| one_line(p, ", "))
                    .filter(|p| !p.is_empty())
                    .collect();
                add_field(&mut rec.fields, "address", &parts.join(", "));
            }
            "BDAY" | "ANNIVERSARY" => {
                let key = if prop.name == "BDAY" {
                    "birthday"
                } else {
                    "anniversary"
                };
                if let Some(text) = date_text(prop, &unescape(&value))? {
                    add_field(&mut rec.fields, key, &text);
                }
            }
            "X-ABRELATEDNAMES" | "RELATED" => {
                let key = prop
                    .group
                    .as_deref()
                    .and_then(|g| labels.get(g))
                    .map(|l| l.to_lowercase())
                    .filter(|l| !l.is_empty())
                    .unwrap_or_else(|| "related".to_string());
                add_field(&mut rec.fields, &key, &one_line(&unescape(&value), " "));
            }
            "KIND" | "X-ADDRESSBOOKSERVER-KIND" => {
                set_once(&mut kind, value.trim().to_ascii_lowercase());
            }
            "MEMBER" | "X-ADDRESSBOOKSERVER-MEMBER" => members.push(uid_key(&value)),
            "UID" | "X-ABUID" => set_once(&mut uid, uid_key(&value)),
            // What crm's own vCard export adds, so a card comes back whole.
            "X-CRM-LIFECYCLE" => set_once(&mut rec.lifecycle, one_line(&unescape(&value), " ")),
            "X-CRM-SOURCE" => {
                crm_source = Some(one_line(&unescape(&value), " ")).filter(|s| !s.is_empty())
            }
            "PRODID" if value.contains("-//crm//") => from_crm = true,
            "X-CRM-FIELD" => {
                if let Some(key) = prop
                    .param("KEY")
                    .map(caret_decode)
                    .filter(|k| !k.trim().is_empty())
                {
                    add_field(&mut rec.fields, key.trim(), &multi_line(&unescape(&value)));
                }
            }
            "X-CRM-CREATED" => {
                let v = value.trim();
                rec.created =
                    chrono::NaiveDate::parse_from_str(v.get(..8).unwrap_or(""), "%Y%m%d").ok();
            }
            _ => {}
        }
    }
    if kind.as_deref() == Some("group") {
        let name = full.or(structured).unwrap_or_default();
        return Ok(Built::Group(name, members));
    }
    if from_crm || crm_source.is_some() {
        rec.source = crm_source;
    }
    rec.emails = ranked_values(emails);
    rec.phones = ranked_values(phones);
    if !notes.is_empty() {
        rec.notes = Some(notes.join("\n\n"));
    }
    if rec.title.is_none() {
        rec.title = role;
    }
    rec.company = org.clone();
    rec.name = full
        .or(structured)
        .or(org)
        .or_else(|| rec.emails.first().cloned())
        .or_else(|| rec.phones.first().cloned());
    if rec.name.is_none() {
        return Ok(Built::Empty);
    }
    Ok(Built::Contact(Box::new(rec), uid))
}

/// A birthday or anniversary as `YYYY-MM-DD` or `--MM-DD`.
fn date_text(prop: &Prop, value: &str) -> Result<Option<String>, Refusal> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if prop
        .param("VALUE")
        .is_some_and(|t| t.eq_ignore_ascii_case("text"))
    {
        return Ok(Some(one_line(v, " ")));
    }
    let parsed = dates::parse(v, DateStyle::Any);
    if let Some(reason) = parsed.problem(v) {
        return Err((Some(prop.name.clone()), reason));
    }
    let omit_year = prop.param("X-APPLE-OMIT-YEAR").is_some();
    Ok(match (&parsed, omit_year) {
        (DateValue::Partial(..), _) => parsed.text(),
        (_, true) => parsed.day().map(|d| d.format("--%m-%d").to_string()),
        _ => parsed.day().map(|d| d.format("%Y-%m-%d").to_string()),
    })
}

struct VcardReader<R> {
    lines: Option<Lines<DecodedReader<R>>>,
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
    fn new(lines: Option<Lines<DecodedReader<R>>>, start_error: Option<String>) -> Self {
        VcardReader {
            lines,
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
                let mut card = Card {
                    line: logical.line,
                    ..Card::default()
                };
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
        match build(&card) {
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

/// RFC 6868 parameter escapes (`^n`, `^'`, `^^`), and the quotes around a value.
fn caret_decode(v: &str) -> String {
    let v = v.trim().trim_matches('"');
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c != '^' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('\'') => out.push('"'),
            Some('^') => out.push('^'),
            Some(other) => {
                out.push('^');
                out.push(other);
            }
            None => out.push('^'),
        }
    }
    out
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
