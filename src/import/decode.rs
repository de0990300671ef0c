//! Encoding detection and streaming conversion to UTF-8 (DESIGN §6).
//!
//! Order: `--encoding` when given; a BOM (UTF-8, UTF-16 LE/BE); UTF-16 without a BOM when
//! the zero bytes say so; UTF-8 when the first 64 KiB are UTF-8, or mostly so (a few bad
//! bytes do not make a UTF-8 file Windows-1252); else a legacy code page guessed from the
//! bytes by `chardetng` (Windows-125x, ISO-8859-x, Shift_JIS, EUC-JP, GBK/GB18030, Big5,
//! KOI8-R...). A byte the chosen encoding cannot read is never turned into U+FFFD: it is
//! read as Windows-1252 and noted with its line and column in [`Decoding`], for the import
//! to report; under `--encoding` it stops the import instead.

use std::io::{self, Read};
use std::sync::{Arc, Mutex};

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{
    DecoderResult, Encoding, GBK, ISO_2022_JP, REPLACEMENT, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8,
    WINDOWS_1252,
};

use super::RowError;
use crate::domain::{Error, Result};

/// How many bytes are looked at to choose the encoding.
pub(crate) const HEAD_LEN: usize = 64 * 1024;
const IN_CHUNK: usize = 16 * 1024;
const OUT_CHUNK: usize = 16 * 1024;
/// How many bad byte sequences are kept for the report (the rest are counted).
const MAX_NOTED: usize = 1000;

/// A byte sequence the file's encoding cannot read, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadBytes {
    /// Physical line and character column (1-based) in the decoded text.
    pub line: u64,
    pub column: u64,
    pub bytes: Vec<u8>,
    /// What the bytes were read as instead (Windows-1252).
    pub read_as: String,
    pub encoding: &'static str,
}

impl BadBytes {
    fn hex(&self) -> String {
        let hex: Vec<String> = self.bytes.iter().map(|b| format!("0x{b:02X}")).collect();
        let what = if self.bytes.len() == 1 {
            "byte"
        } else {
            "bytes"
        };
        format!("{what} {}", hex.join(" "))
    }

    /// "column 4: byte 0xE9 is not valid UTF-8; read as Windows-1252 "é"".
    pub fn describe(&self) -> String {
        format!(
            "column {}: {} {} not valid {}; read as Windows-1252 {:?}",
            self.column,
            self.hex(),
            if self.bytes.len() == 1 { "is" } else { "are" },
            self.encoding,
            self.read_as
        )
    }
}

#[derive(Debug, Default)]
struct Found {
    encoding: Option<&'static Encoding>,
    guessed: bool,
    bad: Vec<BadBytes>,
    more: usize,
}

/// What decoding found, shared by the reader and whoever reports on the import: the
/// encoding, whether it was a guess, and the bytes it could not read.
#[derive(Debug, Clone, Default)]
pub struct Decoding(Arc<Mutex<Found>>);

impl Decoding {
    fn with<T>(&self, f: impl FnOnce(&mut Found) -> T) -> T {
        match self.0.lock() {
            Ok(mut found) => f(&mut found),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }

    /// The encoding's name: `UTF-8`, `UTF-16LE`, `Shift_JIS`, `windows-1252`...
    pub fn encoding_name(&self) -> &'static str {
        self.with(|f| f.encoding.unwrap_or(UTF_8).name())
    }

    /// True when the encoding was guessed from the bytes (a legacy code page).
    pub fn guessed(&self) -> bool {
        self.with(|f| f.guessed)
    }

    /// The bytes that could not be read, in file order (at most 1,000), and how many more.
    pub fn bad_bytes(&self) -> (Vec<BadBytes>, usize) {
        self.with(|f| (f.bad.clone(), f.more))
    }

    /// The bad bytes as row errors: a file with bad bytes stops the import, unless
    /// `--skip-invalid` asked to import it as read (see [`Decoding::warnings`]).
    pub fn row_errors(&self) -> Vec<RowError> {
        let (bad, more) = self.bad_bytes();
        let mut errors: Vec<RowError> = bad
            .iter()
            .map(|b| RowError {
                line: b.line,
                column: None,
                reason: format!(
                    "{}. Fix the file, pass --encoding NAME if the whole file is in another encoding, or --skip-invalid to import it as read",
                    b.describe()
                ),
            })
            .collect();
        if more > 0 {
            errors.push(RowError {
                line: bad.last().map_or(1, |b| b.line),
                column: None,
                reason: format!(
                    "and {more} more bytes that are not valid {}",
                    self.encoding_name()
                ),
            });
        }
        errors
    }

    /// The bad bytes as warnings, for an import under `--skip-invalid`.
    pub fn warnings(&self) -> Vec<String> {
        let (bad, more) = self.bad_bytes();
        let mut out: Vec<String> = bad
            .iter()
            .map(|b| format!("line {}, {}", b.line, b.describe()))
            .collect();
        if more > 0 {
            out.push(format!(
                "and {more} more bytes that are not valid {}, read as Windows-1252",
                self.encoding_name()
            ));
        }
        out
    }
}

/// The encoding a `--encoding` name stands for: any WHATWG label (`utf-8`, `utf-16le`,
/// `latin1`, `cp1251`, `sjis`, `euc-jp`, `gb18030`, `big5`, `koi8-r`...) and Windows'
/// code page numbers for the East Asian ones (`cp932`, `cp936`, `cp950`).
pub fn encoding_for_label(name: &str) -> Result<&'static Encoding> {
    let label = name.trim().to_ascii_lowercase();
    let found = match label.as_str() {
        "cp932" | "windows-932" | "ms932" => Some(SHIFT_JIS),
        "cp936" | "windows-936" => Some(GBK),
        "cp950" | "windows-950" => Some(encoding_rs::BIG5),
        "cp949" | "windows-949" => Some(encoding_rs::EUC_KR),
        "utf16" => Some(UTF_16LE),
        "utf16le" => Some(UTF_16LE),
        "utf16be" => Some(UTF_16BE),
        "utf8" => Some(UTF_8),
        other => Encoding::for_label(other.as_bytes()),
    };
    match found {
        Some(enc) if enc != REPLACEMENT => Ok(enc),
        _ => Err(Error::invalid(format!(
            "unknown encoding {name:?} for --encoding; give a name such as UTF-8, UTF-16LE, UTF-16BE, windows-1252, windows-1251, ISO-8859-2, Shift_JIS, EUC-JP, GB18030, Big5 or KOI8-R."
        ))),
    }
}

/// A reader that yields the input converted to UTF-8 (any BOM removed).
pub struct DecodedReader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    encoding: &'static Encoding,
    bom: bool,
    /// Given with `--encoding`: a byte it cannot read is an error, not a guess.
    explicit: bool,
    found: Decoding,
    input: Vec<u8>,
    in_pos: usize,
    in_len: usize,
    eof: bool,
    /// The last bytes consumed, to recover a malformed sequence split across reads.
    recent: Vec<u8>,
    scratch: Vec<u8>,
    out: Vec<u8>,
    out_pos: usize,
    /// Line and character column of the end of what has been decoded so far.
    line: u64,
    column: u64,
    done: bool,
}

/// Wraps a reader, choosing its encoding from the first 64 KiB (read now).
pub fn decode<R: Read>(reader: R) -> io::Result<DecodedReader<R>> {
    decode_as(reader, None)
}

/// Wraps a reader in the encoding given (a BOM of that encoding is skipped), or, with
/// none, the one found from the first 64 KiB (read now).
pub fn decode_as<R: Read>(
    mut reader: R,
    given: Option<&'static Encoding>,
) -> io::Result<DecodedReader<R>> {
    let mut head = vec![0u8; HEAD_LEN];
    let mut len = 0usize;
    let mut eof = false;
    while len < HEAD_LEN {
        let Some(space) = head.get_mut(len..) else {
            break;
        };
        match reader.read(space) {
            Ok(0) => {
                eof = true;
                break;
            }
            Ok(n) => len += n.min(HEAD_LEN - len),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    head.truncate(len);
    let (encoding, skip, guessed) = match given {
        Some(enc) => {
            let skip = match Encoding::for_bom(&head) {
                Some((bom, n)) if bom == enc => n,
                _ => 0,
            };
            (enc, skip, false)
        }
        None => sniff_encoding(&head, eof),
    };
    let found = Decoding::default();
    found.with(|f| {
        f.encoding = Some(encoding);
        f.guessed = guessed;
    });
    let in_len = head.len();
    Ok(DecodedReader {
        inner: reader,
        decoder: encoding.new_decoder_without_bom_handling(),
        encoding,
        bom: skip > 0,
        explicit: given.is_some(),
        found,
        input: head,
        in_pos: skip.min(in_len),
        in_len,
        eof,
        recent: Vec::with_capacity(16),
        scratch: vec![0u8; OUT_CHUNK],
        out: Vec::with_capacity(OUT_CHUNK + 16),
        out_pos: 0,
        line: 1,
        column: 0,
        done: false,
    })
}

impl<R> DecodedReader<R> {
    /// The encoding chosen: `UTF-8`, `UTF-16LE`, `UTF-16BE`, `windows-1252`, `Shift_JIS`...
    pub fn encoding_name(&self) -> &'static str {
        self.encoding.name()
    }

    pub fn encoding(&self) -> &'static Encoding {
        self.encoding
    }

    /// Whether the input started with a byte order mark (removed from the output).
    pub fn had_bom(&self) -> bool {
        self.bom
    }

    /// True when the encoding is a guess from the bytes (a legacy code page).
    pub fn is_guess(&self) -> bool {
        self.found.guessed()
    }

    /// A handle on what decoding finds, still filled in as the reader is read.
    pub fn decoding(&self) -> Decoding {
        self.found.clone()
    }

    /// A malformed sequence of `bad` bytes, followed by `extra` consumed bytes: read as
    /// Windows-1252 and noted, or (under `--encoding`) an error.
    fn malformed(&mut self, bad: usize, extra: usize) -> io::Result<()> {
        let end = self.recent.len().saturating_sub(extra);
        let start = end.saturating_sub(bad);
        let bytes = self.recent.get(start..end).unwrap_or(&[]).to_vec();
        let text = WINDOWS_1252
            .decode_without_bom_handling(&bytes)
            .0
            .into_owned();
        let note = BadBytes {
            line: self.line,
            column: self.column + 1,
            bytes,
            read_as: text.clone(),
            encoding: self.encoding.name(),
        };
        if self.explicit {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "the file is not valid {} (the encoding given with --encoding): line {}, column {} has the {}; nothing was imported. Try another --encoding, or leave it out to let crm find the encoding",
                    self.encoding.name(),
                    note.line,
                    note.column,
                    note.hex()
                ),
            ));
        }
        self.out.extend_from_slice(text.as_bytes());
        advance(&mut self.line, &mut self.column, text.as_bytes());
        self.found.with(|f| {
            if f.bad.len() < MAX_NOTED {
                f.bad.push(note);
            } else {
                f.more += 1;
            }
        });
        Ok(())
    }
}

impl<R: Read> DecodedReader<R> {
    /// Decodes the next piece of input into `out`.
    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.out_pos = 0;
        if self.in_pos >= self.in_len && !self.eof {
            if self.input.len() < IN_CHUNK {
                self.input.resize(IN_CHUNK, 0);
            }
            let n = loop {
                match self.inner.read(&mut self.input) {
                    Ok(n) => break n.min(self.input.len()),
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            self.in_pos = 0;
            self.in_len = n;
            if n == 0 {
                self.eof = true;
            }
        }
        let src = self.input.get(self.in_pos..self.in_len).unwrap_or(&[]);
        let (result, read, written) =
            self.decoder
                .decode_to_utf8_without_replacement(src, &mut self.scratch, self.eof);
        remember(&mut self.recent, src.get(..read).unwrap_or(&[]));
        self.in_pos = (self.in_pos + read).min(self.in_len);
        let text = self.scratch.get(..written).unwrap_or(&[]);
        self.out.extend_from_slice(text);
        advance(&mut self.line, &mut self.column, text);
        match result {
            DecoderResult::Malformed(bad, extra) => self.malformed(bad.into(), extra.into())?,
            DecoderResult::InputEmpty if self.eof => self.done = true,
            _ => {}
        }
        Ok(())
    }
}

impl<R: Read> Read for DecodedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.out_pos < self.out.len() {
                let avail = self.out.get(self.out_pos..).unwrap_or(&[]);
                let n = avail.len().min(buf.len());
                if let (Some(dst), Some(src)) = (buf.get_mut(..n), avail.get(..n)) {
                    dst.copy_from_slice(src);
                }
                self.out_pos += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            self.refill()?;
        }
    }
}

/// Moves a line and character column past `text` (UTF-8).
fn advance(line: &mut u64, column: &mut u64, text: &[u8]) {
    let chars = |b: &[u8]| b.iter().filter(|&&c| c & 0xC0 != 0x80).count() as u64;
    match text.iter().rposition(|&b| b == b'\n') {
        Some(last) => {
            *line += text.iter().filter(|&&b| b == b'\n').count() as u64;
            *column = chars(text.get(last + 1..).unwrap_or(&[]));
        }
        None => *column += chars(text),
    }
}

/// Keeps the last 8 bytes consumed.
fn remember(recent: &mut Vec<u8>, consumed: &[u8]) {
    let keep = consumed.len().min(8);
    recent.extend_from_slice(consumed.get(consumed.len() - keep..).unwrap_or(&[]));
    if recent.len() > 8 {
        recent.drain(..recent.len() - 8);
    }
}

/// Chooses the encoding of `head`, how many BOM bytes to skip, and whether it is a guess.
/// `complete` says whether `head` is the whole input (otherwise a multi-byte character may
/// be cut at its end).
fn sniff_encoding(head: &[u8], complete: bool) -> (&'static Encoding, usize, bool) {
    if let Some((enc, len)) = Encoding::for_bom(head) {
        return (enc, len, false);
    }
    if let Some(enc) = utf16_without_bom(head) {
        return (enc, 0, false);
    }
    let (good, bad) = utf8_sequences(head, complete);
    if bad == 0 {
        // ISO-2022-JP is 7-bit, so it passes for UTF-8: its escapes tell it apart.
        if head.contains(&0x1B) && guess(head, complete, Iso2022JpDetection::Allow) == ISO_2022_JP {
            return (ISO_2022_JP, 0, true);
        }
        return (UTF_8, 0, false);
    }
    // A UTF-8 file with a few bad bytes stays UTF-8 (they are reported); a legacy file has
    // few or no valid multi-byte UTF-8 sequences.
    if good > 0 && good >= bad {
        return (UTF_8, 0, false);
    }
    (guess(head, complete, Iso2022JpDetection::Deny), 0, true)
}

fn guess(head: &[u8], complete: bool, iso_2022_jp: Iso2022JpDetection) -> &'static Encoding {
    let mut detector = EncodingDetector::new(iso_2022_jp);
    detector.feed(head, complete);
    detector.guess(None, Utf8Detection::Deny)
}

/// How many valid multi-byte UTF-8 sequences and how many invalid ones `head` holds.
fn utf8_sequences(head: &[u8], complete: bool) -> (usize, usize) {
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = head;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.bytes().filter(|b| *b >= 0xC0).count();
                return (good, bad);
            }
            Err(e) => {
                let valid = rest.get(..e.valid_up_to()).unwrap_or(&[]);
                good += valid.iter().filter(|b| **b >= 0xC0).count();
                match e.error_len() {
                    Some(n) => {
                        bad += 1;
                        rest = rest.get(e.valid_up_to() + n..).unwrap_or(&[]);
                    }
                    // Cut at the end of the head, or the file ends inside a character.
                    None => {
                        if complete {
                            bad += 1;
                        }
                        return (good, bad);
                    }
                }
            }
        }
    }
}

/// UTF-16 text without a BOM: the ASCII in it (delimiters, line breaks, e-mail addresses)
/// has a zero byte in one position of each pair, and text in any 8-bit encoding has none.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        if let [a, b] = pair {
            even += usize::from(*a == 0);
            odd += usize::from(*b == 0);
        }
    }
    let enough = |zeros: usize| zeros >= (pairs / 16).max(2);
    if enough(odd) && even * 8 <= odd {
        Some(UTF_16LE)
    } else if enough(even) && odd * 8 <= even {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> (String, &'static str) {
        let mut r = decode(bytes).unwrap();
        let name = r.encoding_name();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        (s, name)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decoded(b"\xEF\xBB\xBFZo\xC3\xAB"),
            ("Zoë".to_string(), "UTF-8")
        );
        assert_eq!(decoded("Zoë".as_bytes()), ("Zoë".to_string(), "UTF-8"));
        assert_eq!(decoded(b""), (String::new(), "UTF-8"));
    }

    #[test]
    fn windows_1252_when_not_utf8() {
        assert_eq!(
            decoded(b"Jos\xe9 \x80"),
            ("José €".to_string(), "windows-1252")
        );
    }

    #[test]
    fn utf16_by_bom_and_by_zero_bytes() {
        let text = "Name,E-mail\nДмитрий,d@example.ru\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        let mut bare = Vec::new();
        for unit in text.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
            bare.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decoded(&le), (text.to_string(), "UTF-16LE"));
        assert_eq!(decoded(&be), (text.to_string(), "UTF-16BE"));
        assert_eq!(decoded(&bare), (text.to_string(), "UTF-16LE"));
    }

    #[test]
    fn long_input_streams_through_small_reads() {
        // A multi-byte character straddles the 64 KiB head and the reads after it.
        let mut text = "a".repeat(HEAD_LEN - 1);
        text.push('é');
        text.push_str(&"ü".repeat(50_000));
        let mut r = decode(text.as_bytes()).unwrap();
        assert_eq!(r.encoding_name(), "UTF-8");
        let mut out = Vec::new();
        let mut small = [0u8; 7];
        loop {
            let n = r.read(&mut small).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&small[..n]);
        }
        assert_eq!(String::from_utf8(out).unwrap(), text);
    }
}
