//! A byte-level scanner over JSON for [`super::json`]: it finds where each record of an
//! array (or each top-level object) begins and ends, and hands its bytes over one record
//! at a time, so a file of any size is read with one record in memory. A record larger
//! than the limit is skipped to its end and reported, never held.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};

use super::bytes::Bytes;
use super::MAX_TEXT;
use crate::domain::{Error, Result};

/// The largest record (one object of crm's JSON, as written in the file) that is read.
pub const MAX_RECORD: usize = 4 * 1024 * 1024;
/// The longest key of a top-level object.
const MAX_KEY: usize = 64 * 1024;
const CHUNK: usize = 64 * 1024;

/// One value of the file, as its bytes, or why it was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Raw {
    Value(Vec<u8>),
    /// Larger than the limit: the key of the member being read when it ran over (if the
    /// value is an object), and whether that member alone is a text over [`MAX_TEXT`].
    TooLarge {
        key: Option<String>,
        long_text: bool,
    },
}

pub(crate) struct Scanner<R> {
    src: Bytes<R>,
    /// Physical line (1-based) of the next byte.
    line: u64,
    limit: usize,
}

fn syntax(line: u64, what: &str) -> Error {
    Error::invalid(format!(
        "the file is not valid JSON: {what} at line {line}."
    ))
}

impl<R: Read> Scanner<R> {
    pub(crate) fn new(inner: R, limit: usize) -> Self {
        Scanner {
            src: Bytes::new(inner, CHUNK),
            line: 1,
            limit,
        }
    }

    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    fn peek(&mut self) -> Result<Option<u8>> {
        Ok(self.src.peek()?)
    }

    fn bump(&mut self) -> Result<Option<u8>> {
        let b = self.src.peek()?;
        if let Some(c) = b {
            self.src.pos += 1;
            if c == b'\n' {
                self.line += 1;
            }
        }
        Ok(b)
    }

    /// Skips a UTF-8 byte order mark at the very start.
    pub(crate) fn skip_bom(&mut self) -> Result<()> {
        if self.peek()? == Some(0xEF) {
            for want in [0xEF, 0xBB, 0xBF] {
                if self.peek()? != Some(want) {
                    return Err(syntax(self.line, "stray bytes"));
                }
                self.bump()?;
            }
        }
        Ok(())
    }

    /// The next byte that is not white space, not taken; `None` at the end.
    pub(crate) fn next_token(&mut self) -> Result<Option<u8>> {
        loop {
            match self.peek()? {
                Some(b' ' | b'\t' | b'\r' | b'\n') => {
                    self.bump()?;
                }
                other => return Ok(other),
            }
        }
    }

    /// Takes `want` after any white space.
    pub(crate) fn expect(&mut self, want: u8) -> Result<()> {
        match self.next_token()? {
            Some(b) if b == want => {
                self.bump()?;
                Ok(())
            }
            Some(b) => Err(syntax(
                self.line,
                &format!("expected {:?}, found {:?}", want as char, b as char),
            )),
            None => Err(syntax(self.line, "the file ends too soon")),
        }
    }

    /// Takes `b` if it is next (after white space).
    pub(crate) fn take(&mut self, b: u8) -> Result<bool> {
        if self.next_token()? == Some(b) {
            self.bump()?;
            return Ok(true);
        }
        Ok(false)
    }

    /// A member's key: a string, then `:`.
    pub(crate) fn key(&mut self) -> Result<String> {
        if self.next_token()? != Some(b'"') {
            return Err(syntax(self.line, "expected a key"));
        }
        let key = match self.value_with(MAX_KEY)? {
            Raw::Value(bytes) => serde_json::from_slice::<String>(&bytes)
                .map_err(|e| syntax(self.line, &e.to_string()))?,
            Raw::TooLarge { .. } => return Err(syntax(self.line, "a key over 64 KiB")),
        };
        self.expect(b':')?;
        Ok(key)
    }

    /// The next value, whole (up to the limit).
    pub(crate) fn value(&mut self) -> Result<Raw> {
        self.value_with(self.limit)
    }

    fn value_with(&mut self, limit: usize) -> Result<Raw> {
        let start = self.line;
        let Some(first) = self.next_token()? else {
            return Err(syntax(self.line, "the file ends too soon"));
        };
        let mut v = Value::new(limit);
        if !matches!(first, b'{' | b'[' | b'"') {
            // A number, true, false or null: up to the next delimiter.
            while let Some(b) = self.peek()? {
                if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n') {
                    break;
                }
                self.bump()?;
                v.keep(b);
            }
            return Ok(v.done());
        }
        loop {
            let Some(b) = self.bump()? else {
                return Err(syntax(
                    start,
                    "a value that starts here is not closed before the end of the file",
                ));
            };
            v.keep(b);
            if v.in_string {
                if v.escaped {
                    v.escaped = false;
                } else if b == b'\\' {
                    v.escaped = true;
                } else if b == b'"' {
                    v.in_string = false;
                    if v.string_len > MAX_TEXT && v.long.is_none() {
                        v.long = Some(v.key.clone());
                    }
                    if v.depth == 0 {
                        return Ok(v.done());
                    }
                    if v.depth == 1 {
                        v.last_string = Some(std::mem::take(&mut v.string));
                    }
                    continue;
                }
                v.string_len += 1;
                if v.depth == 1 && v.string.len() < 256 {
                    v.string.push(b);
                }
                continue;
            }
            match b {
                b'"' => {
                    v.in_string = true;
                    v.string_len = 0;
                    v.string.clear();
                }
                b'{' | b'[' => v.depth += 1,
                b'}' | b']' => {
                    v.depth = v.depth.saturating_sub(1);
                    if v.depth == 0 {
                        return Ok(v.done());
                    }
                }
                b':' if v.depth == 1 => {
                    v.key = v
                        .last_string
                        .take()
                        .map(|k| String::from_utf8_lossy(&k).into_owned());
                }
                _ => {}
            }
        }
    }
}

/// The state of one value being scanned.
struct Value {
    bytes: Vec<u8>,
    limit: usize,
    /// The key of the member being read when the limit was reached.
    over: Option<Option<String>>,
    /// The key of the member with the first text over [`MAX_TEXT`].
    long: Option<Option<String>>,
    depth: usize,
    in_string: bool,
    escaped: bool,
    string_len: usize,
    /// The start of the string being read at depth 1 (a member's key, perhaps).
    string: Vec<u8>,
    last_string: Option<Vec<u8>>,
    key: Option<String>,
}

impl Value {
    fn new(limit: usize) -> Self {
        Value {
            bytes: Vec::new(),
            limit,
            over: None,
            long: None,
            depth: 0,
            in_string: false,
            escaped: false,
            string_len: 0,
            string: Vec::new(),
            last_string: None,
            key: None,
        }
    }

    fn keep(&mut self, b: u8) {
        if self.over.is_some() {
            return;
        }
        if self.bytes.len() < self.limit {
            self.bytes.push(b);
        } else {
            self.over = Some(self.key.clone());
            self.bytes = Vec::new();
        }
    }

    fn done(self) -> Raw {
        match (self.over, self.long) {
            (None, _) => Raw::Value(self.bytes),
            (Some(_), Some(key)) => Raw::TooLarge {
                key,
                long_text: true,
            },
            (Some(key), None) => Raw::TooLarge {
                key,
                long_text: false,
            },
        }
    }
}

/// The records of a section that came before a section they refer to, kept in a private
/// temporary file (removed as soon as it is made) until their turn, so they take no memory.
pub(crate) struct Spill {
    out: BufWriter<File>,
}

impl Spill {
    pub(crate) fn new() -> Result<Spill> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("crm-import-{}-{n}.spill", std::process::id()));
        let file = {
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
                .map_err(|e| Error::Io(format!("cannot make a temporary file: {e}.")))?
        };
        // Only the open handle is needed: nothing is left behind, whatever happens.
        let _ = std::fs::remove_file(&path);
        Ok(Spill {
            out: BufWriter::new(file),
        })
    }

    /// Keeps one record (its number in the section and its bytes).
    pub(crate) fn push(&mut self, n: u64, raw: &Raw) -> Result<()> {
        let (kind, body): (u8, &[u8]) = match raw {
            Raw::Value(b) => (0, b),
            Raw::TooLarge { key, long_text } => (
                1 + u8::from(*long_text),
                key.as_deref().unwrap_or("").as_bytes(),
            ),
        };
        self.out.write_all(&[kind])?;
        self.out.write_all(&n.to_le_bytes())?;
        self.out.write_all(&(body.len() as u64).to_le_bytes())?;
        self.out.write_all(body)?;
        Ok(())
    }

    /// The records kept, in order.
    pub(crate) fn replay(self, mut each: impl FnMut(u64, Raw) -> Result<()>) -> Result<()> {
        let mut file = self
            .out
            .into_inner()
            .map_err(|e| Error::Io(e.error().to_string()))?;
        file.rewind()?;
        let mut r = BufReader::new(file);
        loop {
            let mut head = [0u8; 17];
            match r.read_exact(&mut head) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
                Err(e) => return Err(e.into()),
            }
            let (kind, rest) = head.split_at(1);
            let (n, len) = rest.split_at(8);
            let n = u64::from_le_bytes(n.try_into().unwrap_or_default());
            let len = u64::from_le_bytes(len.try_into().unwrap_or_default());
            let mut body = Vec::new();
            (&mut r).take(len).read_to_end(&mut body)?;
            let raw = match kind.first() {
                Some(0) => Raw::Value(body),
                Some(k) => Raw::TooLarge {
                    key: Some(String::from_utf8_lossy(&body).into_owned())
                        .filter(|k| !k.is_empty()),
                    long_text: *k == 2,
                },
                None => return Ok(()),
            };
            each(n, raw)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, limit: usize) -> Vec<Raw> {
        let mut s = Scanner::new(text.as_bytes(), limit);
        s.expect(b'[').unwrap();
        let mut out = Vec::new();
        if s.take(b']').unwrap() {
            return out;
        }
        loop {
            out.push(s.value().unwrap());
            if s.take(b']').unwrap() {
                return out;
            }
            s.expect(b',').unwrap();
        }
    }

    #[test]
    fn records_come_out_one_by_one_with_strings_and_nesting() {
        let got = values(
            r#" [ {"a":"x]}\"","b":[1,{"c":2}]} , 3 ,"s", null ] "#,
            1000,
        );
        assert_eq!(
            got,
            vec![
                Raw::Value(br#"{"a":"x]}\"","b":[1,{"c":2}]}"#.to_vec()),
                Raw::Value(b"3".to_vec()),
                Raw::Value(br#""s""#.to_vec()),
                Raw::Value(b"null".to_vec()),
            ]
        );
    }

    #[test]
    fn a_record_over_the_limit_is_skipped_and_names_its_member() {
        let big = "y".repeat(MAX_TEXT + 10);
        let text = format!(r#"[{{"name":"Ada","notes":"{big}","x":1}},{{"name":"Grace"}}]"#);
        let got = values(&text, MAX_TEXT);
        assert_eq!(
            got[0],
            Raw::TooLarge {
                key: Some("notes".into()),
                long_text: true
            }
        );
        assert_eq!(got[1], Raw::Value(br#"{"name":"Grace"}"#.to_vec()));
        let got = values(r#"[{"a":[1,2,3,4,5,6,7,8]},{}]"#, 8);
        assert!(matches!(
            &got[0],
            Raw::TooLarge {
                long_text: false,
                ..
            }
        ));
        assert_eq!(got[1], Raw::Value(b"{}".to_vec()));
    }

    #[test]
    fn a_spill_gives_back_what_it_kept() {
        let mut spill = Spill::new().unwrap();
        let kept = [
            Raw::Value(b"{\"a\":1}".to_vec()),
            Raw::TooLarge {
                key: Some("body".into()),
                long_text: true,
            },
            Raw::TooLarge {
                key: None,
                long_text: false,
            },
        ];
        for (n, r) in kept.iter().enumerate() {
            spill.push(n as u64 + 1, r).unwrap();
        }
        let mut back = Vec::new();
        spill
            .replay(|n, r| {
                back.push((n, r));
                Ok(())
            })
            .unwrap();
        let want: Vec<(u64, Raw)> = kept.into_iter().zip(1..).map(|(r, n)| (n, r)).collect();
        assert_eq!(back, want);
    }

    #[test]
    fn unclosed_values_are_errors_not_hangs() {
        let mut s = Scanner::new(&b"[{\"a\":\"open"[..], 100);
        s.expect(b'[').unwrap();
        assert!(s.value().is_err());
    }
}
