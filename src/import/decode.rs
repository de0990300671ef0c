//! Encoding detection and streaming conversion to UTF-8.
//!
//! Order (README of the format samples): a BOM wins (UTF-8, UTF-16 LE/BE); then UTF-16
//! without a BOM when the zero bytes say so; then UTF-8 when the first 64 KiB are valid
//! UTF-8; else Windows-1252 (what Outlook and Excel write on Windows).

use std::io::{self, Read};

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How many bytes are looked at to choose the encoding.
pub(crate) const HEAD_LEN: usize = 64 * 1024;
const IN_CHUNK: usize = 16 * 1024;
const OUT_CHUNK: usize = 16 * 1024;

/// A reader that yields the input converted to UTF-8 (any BOM removed).
pub struct DecodedReader<R> {
    inner: R,
    decoder: Decoder,
    encoding: &'static Encoding,
    bom: bool,
    input: Vec<u8>,
    in_pos: usize,
    in_len: usize,
    eof: bool,
    out: Vec<u8>,
    out_pos: usize,
    out_len: usize,
    done: bool,
}

/// Wraps a reader, choosing its encoding from the first 64 KiB (read now).
pub fn decode<R: Read>(mut reader: R) -> io::Result<DecodedReader<R>> {
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
    let (encoding, skip) = sniff_encoding(&head, eof);
    let in_len = head.len();
    Ok(DecodedReader {
        inner: reader,
        decoder: encoding.new_decoder_without_bom_handling(),
        encoding,
        bom: skip > 0,
        input: head,
        in_pos: skip.min(in_len),
        in_len,
        eof,
        out: vec![0u8; OUT_CHUNK],
        out_pos: 0,
        out_len: 0,
        done: false,
    })
}

impl<R> DecodedReader<R> {
    /// The encoding chosen: `UTF-8`, `UTF-16LE`, `UTF-16BE` or `windows-1252`.
    pub fn encoding_name(&self) -> &'static str {
        self.encoding.name()
    }

    /// Whether the input started with a byte order mark (removed from the output).
    pub fn had_bom(&self) -> bool {
        self.bom
    }
}

impl<R: Read> Read for DecodedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.out_pos < self.out_len {
                let avail = self.out.get(self.out_pos..self.out_len).unwrap_or(&[]);
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
            let (result, read, written, _) =
                self.decoder.decode_to_utf8(src, &mut self.out, self.eof);
            self.in_pos = (self.in_pos + read).min(self.in_len);
            self.out_pos = 0;
            self.out_len = written.min(self.out.len());
            if self.eof && result == CoderResult::InputEmpty {
                self.done = true;
            }
        }
    }
}

/// Chooses the encoding of `head` and how many BOM bytes to skip. `complete` says whether
/// `head` is the whole input (otherwise a multi-byte character may be cut at its end).
fn sniff_encoding(head: &[u8], complete: bool) -> (&'static Encoding, usize) {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return (UTF_8, 3);
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return (UTF_16LE, 2);
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return (UTF_16BE, 2);
    }
    if let Some(enc) = utf16_without_bom(head) {
        return (enc, 0);
    }
    match std::str::from_utf8(head) {
        Ok(_) => (UTF_8, 0),
        // Valid up to a character cut by the 64 KiB limit.
        Err(e) if e.error_len().is_none() && !complete => (UTF_8, 0),
        Err(_) => (WINDOWS_1252, 0),
    }
}

/// UTF-16 text without a BOM: mostly ASCII, so one byte of nearly every pair is zero.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut le, mut be) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        if let [a, b] = pair {
            if *a != 0 && *b == 0 {
                le += 1;
            } else if *a == 0 && *b != 0 {
                be += 1;
            }
        }
    }
    if le * 10 >= pairs * 7 && be * 20 < pairs {
        Some(UTF_16LE)
    } else if be * 10 >= pairs * 7 && le * 20 < pairs {
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
