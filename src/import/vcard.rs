//! Streaming vCard 2.1 / 3.0 / 4.0 reader: one card in memory at a time, binary
//! properties (PHOTO, LOGO, SOUND, KEY) skipped while they stream past.

use std::collections::HashMap;
use std::io::{self, Read};

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use super::dates::{self, DateStyle, DateValue};
use super::decode::{decode, DecodedReader};
use super::values::{
    add_email, add_field, add_phone, add_tag, check_email, multi_line, one_line, ranked_values,
    set_once, Mail,
};
use super::{ContactRecord, Parsed, RowError};

/// The longest logical line kept; a longer (non-binary) one makes the card invalid.
const MAX_LINE: usize = 1024 * 1024;
/// The most text kept for one card.
const MAX_CARD: usize = 8 * 1024 * 1024;
/// How many group members are remembered to tag later cards.
const MAX_MEMBERS: usize = 100_000;
const CHUNK: usize = 16 * 1024;

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

/// Physical lines of UTF-8 text, with a cap on what is kept of each.
struct Lines<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    eof: bool,
    /// Physical lines started so far (the number of the current one).
    line: u64,
}

struct Logical {
    line: u64,
    text: String,
    /// More than [`MAX_LINE`] bytes: the rest was dropped.
    cut: bool,
}

impl<R: Read> Lines<R> {
    fn new(inner: R) -> Self {
        Lines {
            inner,
            buf: vec![0u8; CHUNK],
            pos: 0,
            len: 0,
            eof: false,
            line: 0,
        }
    }

    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        loop {
            match self.inner.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    self.pos = 0;
                    self.len = 0;
                    return Ok(false);
                }
                Ok(n) => {
                    self.pos = 0;
                    self.len = n.min(self.buf.len());
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    fn peek(&mut self) -> io::Result<Option<u8>> {
        if self.pos >= self.len && !self.fill()? {
            return Ok(None);
        }
        Ok(self.buf.get(self.pos).copied())
    }

    /// Appends one physical line (without its line break) to `out`, keeping `out` under
    /// `limit` bytes. False at the end of the input.
    fn read_line(&mut self, out: &mut Vec<u8>, limit: usize, cut: &mut bool) -> io::Result<bool> {
        if self.peek()?.is_none() {
            return Ok(false);
        }
        self.line += 1;
        loop {
            if self.pos >= self.len && !self.fill()? {
                return Ok(true);
            }
            let chunk = self.buf.get(self.pos..self.len).unwrap_or(&[]);
            match chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
                Some(i) => {
                    keep(out, chunk.get(..i).unwrap_or(&[]), limit, cut);
                    let cr = chunk.get(i) == Some(&b'\r');
                    self.pos += i + 1;
                    if cr && self.peek()? == Some(b'\n') {
                        self.pos += 1;
                    }
                    return Ok(true);
                }
                None => {
                    keep(out, chunk, limit, cut);
                    self.pos = self.len;
                }
            }
        }
    }

    /// One property line: folded continuations (a leading space or tab) and
    /// quoted-printable soft line breaks (a trailing `=`) joined; binary values dropped.
    fn read_logical(&mut self) -> io::Result<Option<Logical>> {
        let mut bytes = Vec::new();
        let mut cut = false;
        if !self.read_line(&mut bytes, MAX_LINE, &mut cut)? {
            return Ok(None);
        }
        let line = self.line;
        let (head, colon) = property_head(&bytes);
        let binary = is_binary(&head);
        let qp = head.contains("QUOTED-PRINTABLE");
        if binary {
            bytes.truncate(colon.map_or(bytes.len(), |c| c + 1));
            cut = false;
        }
        loop {
            let next = self.peek()?;
            if qp && !binary && next.is_some() && bytes.last() == Some(&b'=') {
                // Joined before decoding, so a character split across lines survives.
                bytes.pop();
                self.read_line(&mut bytes, MAX_LINE, &mut cut)?;
                continue;
            }
            if !matches!(next, Some(b' ' | b'\t')) {
                break;
            }
            self.pos += 1;
            if binary {
                let mut ignored = false;
                self.read_line(&mut Vec::new(), 0, &mut ignored)?;
            } else {
                self.read_line(&mut bytes, MAX_LINE, &mut cut)?;
            }
        }
        let text = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        Ok(Some(Logical { line, text, cut }))
    }
}

fn keep(out: &mut Vec<u8>, part: &[u8], limit: usize, cut: &mut bool) {
    let room = limit.saturating_sub(out.len());
    if part.len() > room {
        *cut = true;
    }
    out.extend_from_slice(part.get(..part.len().min(room)).unwrap_or(&[]));
}

/// The upper-cased name and parameters of a property line, and where its value starts.
fn property_head(bytes: &[u8]) -> (String, Option<usize>) {
    let mut quoted = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b':' if !quoted => {
                let head = bytes.get(..i).unwrap_or(&[]);
                return (String::from_utf8_lossy(head).to_ascii_uppercase(), Some(i));
            }
            _ => {}
        }
    }
    (String::new(), None)
}

fn is_binary(head: &str) -> bool {
    let name = head.split(';').next().unwrap_or("");
    let name = name.rsplit('.').next().unwrap_or(name).trim();
    matches!(name, "PHOTO" | "LOGO" | "SOUND" | "KEY")
        || head.contains("ENCODING=B")
        || head.split(';').any(|p| p.trim() == "BASE64")
}

/// One property: `group.NAME;PARAM=V;BARE:value`.
struct Prop {
    group: Option<String>,
    name: String,
    /// Upper-cased names; 2.1's bare parameters are TYPE (or ENCODING) values.
    params: Vec<(String, String)>,
    value: String,
    line: u64,
}

impl Prop {
    fn parse(text: &str, line: u64) -> Option<Prop> {
        let (_, colon) = property_head(text.as_bytes());
        let colon = colon?;
        let head = text.get(..colon)?;
        let value = text.get(colon + 1..)?.to_string();
        let mut parts = split_outside_quotes(head, ';').into_iter();
        let name_part = parts.next()?;
        let (group, name) = match name_part.rsplit_once('.') {
            Some((g, n)) => (Some(g.trim().to_ascii_lowercase()), n),
            None => (None, name_part),
        };
        let name = name.trim().to_ascii_uppercase();
        if name.is_empty() {
            return None;
        }
        let params = parts
            .filter(|p| !p.trim().is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (
                    k.trim().to_ascii_uppercase(),
                    v.trim().trim_matches('"').to_string(),
                ),
                None => {
                    let v = p.trim().to_string();
                    let upper = v.to_ascii_uppercase();
                    if matches!(
                        upper.as_str(),
                        "QUOTED-PRINTABLE" | "BASE64" | "8BIT" | "7BIT"
                    ) {
                        ("ENCODING".to_string(), v)
                    } else {
                        ("TYPE".to_string(), v)
                    }
                }
            })
            .collect();
        Some(Prop {
            group,
            name,
            params,
            value,
            line,
        })
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn is_pref(&self) -> bool {
        self.params.iter().any(|(k, v)| match k.as_str() {
            "TYPE" => v.split(',').any(|t| t.trim().eq_ignore_ascii_case("pref")),
            "PREF" => v.trim() == "1",
            _ => false,
        })
    }

    /// The value with any quoted-printable encoding and charset decoded (still escaped).
    fn decoded(&self) -> Result<String, String> {
        let qp = self
            .param("ENCODING")
            .is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE"));
        if !qp {
            return Ok(self.value.clone());
        }
        let bytes = quoted_printable(&self.value)?;
        let encoding = self
            .param("CHARSET")
            .and_then(|c| Encoding::for_label(c.as_bytes()))
            .unwrap_or(UTF_8);
        let (text, _) = encoding.decode_without_bom_handling(&bytes);
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    }
}

fn split_outside_quotes(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            parts.push(s.get(start..i).unwrap_or(""));
            start = i + c.len_utf8();
        }
    }
    parts.push(s.get(start..).unwrap_or(""));
    parts
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

/// Decodes quoted-printable text (soft line breaks already joined).
fn quoted_printable(s: &str) -> Result<Vec<u8>, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b != b'=' {
            out.push(b);
            i += 1;
            continue;
        }
        match (bytes.get(i + 1), bytes.get(i + 2)) {
            // A trailing `=` is a soft line break at the end of the value.
            (None, _) => i += 1,
            (Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push(hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0));
                i += 3;
            }
            _ => {
                let bad: String = s.get(i..).unwrap_or("").chars().take(3).collect();
                return Err(format!("invalid quoted-printable sequence {bad:?}"));
            }
        }
    }
    Ok(out)
}

/// Undoes vCard text escapes: `\n`, `\,`, `\;`, `\\`, `\:`.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other @ (',' | ';' | '\\' | ':')) => out.push(other),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Splits a structured value at unescaped `sep`, then unescapes each part.
fn split_escaped(s: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            current.push(c);
            if let Some(next) = chars.next() {
                current.push(next);
            }
        } else if c == sep {
            parts.push(unescape(&current));
            current.clear();
        } else {
            current.push(c);
        }
    }
    parts.push(unescape(&current));
    parts
}

/// `urn:uuid:ABC`, `ABC:ABPerson` → `abc`.
fn uid_key(value: &str) -> String {
    let v = value.trim();
    let v = v.strip_prefix("urn:uuid:").unwrap_or(v);
    let v = v.strip_suffix(":ABPerson").unwrap_or(v);
    v.trim().to_ascii_lowercase()
}

/// Apple wraps system labels: `_$!<Spouse>!$_`.
fn clean_label(label: &str) -> String {
    let l = label.trim();
    let l = l.strip_prefix("_$!<").unwrap_or(l);
    let l = l.strip_suffix(">!$_").unwrap_or(l);
    one_line(l, " ")
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
            _ => {}
        }
    }
    if kind.as_deref() == Some("group") {
        let name = full.or(structured).unwrap_or_default();
        return Ok(Built::Group(name, members));
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
    fn escapes_and_structured_values() {
        assert_eq!(
            unescape(r"a\, b\; c\nd\\e https\://x"),
            "a, b; c\nd\\e https://x"
        );
        assert_eq!(
            split_escaped(r"Ellis Design Co\, LLC;Dept", ';'),
            ["Ellis Design Co, LLC", "Dept"]
        );
        assert_eq!(split_escaped(";;;;", ';').len(), 5);
    }

    #[test]
    fn quoted_printable_decoding() {
        assert_eq!(
            quoted_printable("Caf=C3=A9 =3D ok").unwrap(),
            "Café = ok".as_bytes()
        );
        assert_eq!(quoted_printable("end=").unwrap(), b"end");
        assert!(quoted_printable("bad=ZZ").is_err());
        assert!(quoted_printable("bad=4").is_err());
    }

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

    #[test]
    fn property_lines() {
        let p = Prop::parse("item1.EMAIL;type=INTERNET;type=pref:a@example.com", 3).unwrap();
        assert_eq!(p.group.as_deref(), Some("item1"));
        assert_eq!(p.name, "EMAIL");
        assert!(p.is_pref());
        let p = Prop::parse("TEL;CELL;PREF:+1 555", 1).unwrap();
        assert!(p.is_pref());
        assert_eq!(p.param("TYPE"), Some("CELL"));
        let p = Prop::parse(
            "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=windows-1252:Jos=E9",
            1,
        )
        .unwrap();
        assert_eq!(p.decoded().unwrap(), "José");
        assert!(Prop::parse("no colon here", 1).is_none());
    }
}
