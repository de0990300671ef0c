//! A byte buffer over a reader, shared by the CSV and vCard line readers: refilled a chunk
//! at a time, so memory does not grow with the file.

use std::io::{self, Read};

pub(crate) struct Bytes<R> {
    inner: R,
    pub(crate) buf: Vec<u8>,
    /// Next unread byte in `buf`.
    pub(crate) pos: usize,
    /// Bytes of `buf` that hold data.
    pub(crate) len: usize,
    eof: bool,
}

impl<R: Read> Bytes<R> {
    pub(crate) fn new(inner: R, chunk: usize) -> Self {
        Bytes {
            inner,
            buf: vec![0u8; chunk],
            pos: 0,
            len: 0,
            eof: false,
        }
    }

    /// Reads the next chunk; false at the end of the input.
    pub(crate) fn fill(&mut self) -> io::Result<bool> {
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

    /// The next byte without taking it.
    pub(crate) fn peek(&mut self) -> io::Result<Option<u8>> {
        if self.pos >= self.len && !self.fill()? {
            return Ok(None);
        }
        Ok(self.buf.get(self.pos).copied())
    }
}
