//! The text layer of vCard: physical lines, unfolding (folded continuations and
//! quoted-printable soft line breaks), property lines with their parameters, value
//! decoding (quoted-printable, charsets) and escapes.

use std::io::{self, Read};

use super::bytes::Bytes;

use encoding_rs::{Encoding, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use super::values::one_line;

/// The longest logical line kept; a longer (non-binary) one makes the card invalid.
const MAX_LINE: usize = 1024 * 1024;
const CHUNK: usize = 16 * 1024;

/// Physical lines of UTF-8 text, with a cap on what is kept of each.
pub(super) struct Lines<R> {
    src: Bytes<R>,
    /// Physical lines started so far (the number of the current one).
    pub(super) line: u64,
}

pub(super) struct Logical {
    pub(super) line: u64,
    pub(super) text: String,
    /// More than [`MAX_LINE`] bytes: the rest was dropped.
    pub(super) cut: bool,
}

impl<R: Read> Lines<R> {
    pub(super) fn new(inner: R) -> Self {
        Lines {
            src: Bytes::new(inner, CHUNK),
            line: 0,
        }
    }

    /// Appends one physical line (without its line break) to `out`, keeping `out` under
    /// `limit` bytes. False at the end of the input.
    fn read_line(&mut self, out: &mut Vec<u8>, limit: usize, cut: &mut bool) -> io::Result<bool> {
        if self.src.peek()?.is_none() {
            return Ok(false);
        }
        self.line += 1;
        loop {
            if self.src.pos >= self.src.len && !self.src.fill()? {
                return Ok(true);
            }
            let chunk = self.src.buf.get(self.src.pos..self.src.len).unwrap_or(&[]);
            match chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
                Some(i) => {
                    keep(out, chunk.get(..i).unwrap_or(&[]), limit, cut);
                    let cr = chunk.get(i) == Some(&b'\r');
                    self.src.pos += i + 1;
                    if cr && self.src.peek()? == Some(b'\n') {
                        self.src.pos += 1;
                    }
                    return Ok(true);
                }
                None => {
                    keep(out, chunk, limit, cut);
                    self.src.pos = self.src.len;
                }
            }
        }
    }

    /// One property line: folded continuations (a leading space or tab) and
    /// quoted-printable soft line breaks (a trailing `=`) joined; binary values dropped.
    pub(super) fn read_logical(&mut self) -> io::Result<Option<Logical>> {
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
            let next = self.src.peek()?;
            if qp && !binary && next.is_some() && bytes.last() == Some(&b'=') {
                // Joined before decoding, so a character split across lines survives.
                bytes.pop();
                self.read_line(&mut bytes, MAX_LINE, &mut cut)?;
                continue;
            }
            if !matches!(next, Some(b' ' | b'\t')) {
                break;
            }
            self.src.pos += 1;
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
pub(super) struct Prop {
    pub(super) group: Option<String>,
    pub(super) name: String,
    /// Upper-cased names; 2.1's bare parameters are TYPE (or ENCODING) values.
    pub(super) params: Vec<(String, String)>,
    pub(super) value: String,
    pub(super) line: u64,
}

impl Prop {
    pub(super) fn parse(text: &str, line: u64) -> Option<Prop> {
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

    pub(super) fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(super) fn is_pref(&self) -> bool {
        self.params.iter().any(|(k, v)| match k.as_str() {
            "TYPE" => v.split(',').any(|t| t.trim().eq_ignore_ascii_case("pref")),
            "PREF" => v.trim() == "1",
            _ => false,
        })
    }

    /// The value with any quoted-printable encoding decoded (still escaped), and a warning
    /// when its bytes had to be read as Windows-1252. The bytes are read in the declared
    /// `CHARSET`, else in the file's own encoding (`file`); when that fails, or the charset
    /// is unknown, as Windows-1252, which reads every byte: never U+FFFD.
    pub(super) fn decoded(
        &self,
        file: &'static Encoding,
    ) -> Result<(String, Option<String>), String> {
        let qp = self
            .param("ENCODING")
            .is_some_and(|e| e.eq_ignore_ascii_case("QUOTED-PRINTABLE"));
        if !qp {
            return Ok((self.value.clone(), None));
        }
        let bytes = quoted_printable(&self.value)?;
        let tidy = |t: &str| t.replace("\r\n", "\n").replace('\r', "\n");
        let why = match self.param("CHARSET").map(str::trim) {
            Some(label) => {
                match Encoding::for_label(label.as_bytes()).filter(|e| *e != REPLACEMENT) {
                    Some(enc) => {
                        match enc.decode_without_bom_handling_and_without_replacement(&bytes) {
                            Some(text) => return Ok((tidy(&text), None)),
                            None => format!("are not valid {label}"),
                        }
                    }
                    None => format!("name an unknown charset {label:?}"),
                }
            }
            None => {
                // Quoted-printable bytes of a UTF-16 file are not UTF-16: try UTF-8.
                let enc = if file == UTF_16LE || file == UTF_16BE {
                    UTF_8
                } else {
                    file
                };
                match enc.decode_without_bom_handling_and_without_replacement(&bytes) {
                    Some(text) => return Ok((tidy(&text), None)),
                    None => format!("have no CHARSET and are not valid {}", enc.name()),
                }
            }
        };
        let (text, _) = WINDOWS_1252.decode_without_bom_handling(&bytes);
        let text = tidy(&text);
        let warning = format!(
            "{} (line {}): the quoted-printable bytes {why}; read as Windows-1252: {:?}",
            self.name, self.line, text
        );
        Ok((text, Some(warning)))
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

/// Undoes vCard text escapes: `\n` and `\N` (RFC 6350 §3.4), `\,`, `\;`, `\\`, and
/// `\"` (RFC 2426 writers) and `\:` (Apple's URLs). Any other backslash is kept as written.
pub(super) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other @ (',' | ';' | '\\' | ':' | '"')) => out.push(other),
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
pub(super) fn split_escaped(s: &str, sep: char) -> Vec<String> {
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
pub(super) fn uid_key(value: &str) -> String {
    let v = value.trim();
    let v = v.strip_prefix("urn:uuid:").unwrap_or(v);
    let v = v.strip_suffix(":ABPerson").unwrap_or(v);
    v.trim().to_ascii_lowercase()
}

/// Apple wraps system labels: `_$!<Spouse>!$_`.
pub(super) fn clean_label(label: &str) -> String {
    let l = label.trim();
    let l = l.strip_prefix("_$!<").unwrap_or(l);
    let l = l.strip_suffix(">!$_").unwrap_or(l);
    one_line(l, " ")
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
            unescape(r#"She said \"hi\"\NC:\temp\"#),
            "She said \"hi\"\nC:\\temp\\"
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
        assert_eq!(p.decoded(UTF_8).unwrap(), ("José".to_string(), None));
        assert!(Prop::parse("no colon here", 1).is_none());
    }
}
