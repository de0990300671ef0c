//! The one JSON serializer of everything crm prints or exports (`--json` of every command,
//! reports, JSON and NDJSON exports). It is serde_json's, pretty or compact, except that
//! strings also escape DEL (U+007F), the C1 controls (U+0080–U+009F) and the bidi controls
//! (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) as `\uXXXX`. serde_json escapes
//! only C0; the others are valid JSON as they are, but a terminal obeys C1 (CSI, OSC) and
//! an editor shows bidi overrides reordered (DESIGN §8). Every JSON parser reads the
//! escapes back as the same characters, so round trips stay exact.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

/// Whether JSON output writes `c` as a `\u` escape even though JSON allows it raw.
pub fn escapes(c: char) -> bool {
    matches!(c,
        '\u{7f}'..='\u{9f}'
        | '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}')
}

/// A formatter that writes as `F` does, escaping [`escapes`] characters in strings.
pub struct Escaping<F>(pub F);

/// A serializer that writes JSON as crm prints it.
pub type Serializer<W, F> = serde_json::Serializer<W, Escaping<F>>;

/// Pretty, two-space indented (the `--json` face and JSON exports).
pub fn pretty<W: Write>(w: W) -> Serializer<W, PrettyFormatter<'static>> {
    serde_json::Serializer::with_formatter(w, Escaping(PrettyFormatter::new()))
}

/// Compact, one line (NDJSON).
pub fn compact<W: Write>(w: W) -> Serializer<W, CompactFormatter> {
    serde_json::Serializer::with_formatter(w, Escaping(CompactFormatter))
}

pub fn to_writer_pretty<W: Write, T: Serialize + ?Sized>(w: W, v: &T) -> serde_json::Result<()> {
    v.serialize(&mut pretty(w))
}

pub fn to_writer<W: Write, T: Serialize + ?Sized>(w: W, v: &T) -> serde_json::Result<()> {
    v.serialize(&mut compact(w))
}

pub fn to_string_pretty<T: Serialize + ?Sized>(v: &T) -> serde_json::Result<String> {
    let mut buf = Vec::new();
    to_writer_pretty(&mut buf, v)?;
    // The serializer writes only whole UTF-8 strings.
    Ok(String::from_utf8(buf).unwrap_or_default())
}

pub fn to_string<T: Serialize + ?Sized>(v: &T) -> serde_json::Result<String> {
    let mut buf = Vec::new();
    to_writer(&mut buf, v)?;
    Ok(String::from_utf8(buf).unwrap_or_default())
}

impl<F: Formatter> Formatter for Escaping<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if escapes(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    // The layout is `F`'s: these are the methods PrettyFormatter has its own of.
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn del_c1_and_bidi_controls_are_escaped_and_read_back() {
        let text = "a\u{7f}b\u{9b}31m\u{85}c\u{202e}d\u{2066}e\u{200f}f\u{61c}g\u{1b}]0;x\u{7}h";
        let v = json!({"name": text, "ok": "é東😀\u{a0}\u{2028}"});
        for s in [to_string(&v).unwrap(), to_string_pretty(&v).unwrap()] {
            for c in s.chars() {
                assert!(
                    !escapes(c) && !c.is_control() || c == '\n',
                    "{c:?} raw in {s:?}"
                );
            }
            assert!(s.contains("a\\u007fb\\u009b31m\\u0085c\\u202ed\\u2066e\\u200ff\\u061cg\\u001b]0;x\\u0007h"), "{s}");
            assert!(s.contains("é東😀\u{a0}"), "{s}");
            let back: Value = serde_json::from_str(&s).unwrap();
            assert_eq!(back, v);
        }
    }

    #[test]
    fn layout_is_serde_jsons() {
        let v = json!({"a": [1, {"b": []}, {}], "c": "plain", "d": null, "e": 1.5});
        assert_eq!(
            to_string_pretty(&v).unwrap(),
            serde_json::to_string_pretty(&v).unwrap()
        );
        assert_eq!(to_string(&v).unwrap(), serde_json::to_string(&v).unwrap());
    }
}
