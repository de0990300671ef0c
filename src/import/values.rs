//! Cleaning and checking of single values, shared by the CSV and vCard readers.

use crate::domain::text::{email_key, fold};
use crate::domain::validate;

/// Characters no imported text keeps: C0 controls but line feed and tab, DEL, C1 controls,
/// and the bidi overrides and isolates that reorder what a terminal shows.
fn is_stripped(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        c => {
            matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        }
    }
}

/// Text as every import path keeps it: line breaks (`\r\n`, `\r`) become `\n`, and the
/// characters [`is_stripped`] names are dropped, so no escape sequence from a file (or a
/// `--body`) ever reaches a terminal. Tabs and line feeds stay.
pub fn clean_text(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.chars().any(is_stripped) {
        return std::borrow::Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() != Some(&'\n') {
                out.push('\n');
            }
        } else if !is_stripped(c) {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The refusal for a text over [`super::MAX_TEXT`], or none.
pub fn text_too_long(value: &str) -> Option<String> {
    (value.len() > super::MAX_TEXT).then(|| {
        format!(
            "the text is {} bytes, over the limit of 1 MiB (1,048,576 bytes) for one field",
            value.len()
        )
    })
}

/// One line of text: control characters (tabs, line breaks) become `sep` or spaces, runs
/// of spaces collapse; bidi controls are dropped.
pub(crate) fn one_line(value: &str, line_sep: &str) -> String {
    let value = clean_text(value);
    let mut out = String::with_capacity(value.len());
    for (i, line) in value
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        if i > 0 {
            out.push_str(line_sep);
        }
        let words = line.split(|c: char| c.is_whitespace() || c.is_control());
        let mut first = true;
        for w in words.filter(|w| !w.is_empty()) {
            if !first {
                out.push(' ');
            }
            out.push_str(w);
            first = false;
        }
    }
    out
}

/// Multi-line text: cleaned ([`clean_text`]); trailing spaces of each line removed.
pub(crate) fn multi_line(value: &str) -> String {
    clean_text(value)
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

pub(crate) fn set_once(slot: &mut Option<String>, value: String) {
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value);
    }
}

/// Adds a custom field; a key seen before gets the value appended (address parts).
pub(crate) fn merge_field(fields: &mut Vec<(String, String)>, key: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    match fields.iter_mut().find(|(k, _)| k == key) {
        Some((_, existing)) => {
            existing.push_str(", ");
            existing.push_str(value);
        }
        None => fields.push((key.to_string(), value.to_string())),
    }
}

/// Outcome of checking one e-mail value.
pub(crate) enum Mail {
    Valid(String),
    /// Plainly not an address (no `@`): dropped with a warning.
    Dropped(String),
    Invalid(String),
}

pub(crate) fn check_email(raw: &str) -> Mail {
    let mut v = raw.trim();
    if let Some(rest) = v
        .strip_prefix("mailto:")
        .or_else(|| v.strip_prefix("MAILTO:"))
    {
        v = rest.trim();
    }
    // `Name <name@example.com>`
    if let (Some(open), true) = (v.rfind('<'), v.ends_with('>')) {
        if let Some(inner) = v.get(open + 1..v.len() - 1) {
            v = inner.trim();
        }
    }
    if !v.contains('@') {
        return Mail::Dropped(v.to_string());
    }
    match validate::email(v) {
        Ok(e) => Mail::Valid(e),
        Err(e) => Mail::Invalid(e.to_string().trim_end_matches('.').to_string()),
    }
}

pub(crate) fn digits_of(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Adds a phone unless it has fewer than three digits (then it is dropped with a warning)
/// or the same digits are already there.
pub(crate) fn add_phone(
    phones: &mut Vec<(u8, String)>,
    warnings: &mut Vec<String>,
    value: &str,
    rank: u8,
    column: &str,
) {
    let v = value.trim().trim_start_matches("tel:").trim();
    if v.is_empty() {
        return;
    }
    let key = digits_of(v);
    if key.len() < 3 {
        warnings.push(format!("dropped {v:?} from {column}: not a phone number"));
        return;
    }
    if !phones.iter().any(|(_, p)| digits_of(p) == key) {
        phones.push((rank, v.to_string()));
    }
}

pub(crate) fn add_email(emails: &mut Vec<(u8, String)>, email: String, rank: u8) {
    let key = email_key(&email);
    if !emails.iter().any(|(_, e)| email_key(e) == key) {
        emails.push((rank, email));
    }
}

/// Google and Apple system groups are not tags.
pub(crate) fn is_system_label(tag: &str) -> bool {
    tag.starts_with('*')
        || matches!(
            fold(tag).as_str(),
            "mycontacts" | "my contacts" | "starred" | "starred in android"
        )
}

pub(crate) fn add_tag(tags: &mut Vec<String>, tag: &str) {
    let t = one_line(tag, " ");
    let t = t.trim_start_matches('#').trim();
    if t.is_empty() || is_system_label(t) {
        return;
    }
    let key = fold(t);
    if !tags.iter().any(|x| fold(x) == key) {
        tags.push(t.to_string());
    }
}

/// Sorts by rank (stable: column order otherwise) and drops the ranks.
pub(crate) fn ranked_values(mut values: Vec<(u8, String)>) -> Vec<String> {
    values.sort_by_key(|(rank, _)| *rank);
    values.into_iter().map(|(_, v)| v).collect()
}

/// Adds a custom field; a key seen before gets a number (`website 2`).
pub(crate) fn add_field(fields: &mut Vec<(String, String)>, key: &str, value: &str) {
    if value.is_empty() || fields.iter().any(|(k, v)| k.starts_with(key) && v == value) {
        return;
    }
    let mut candidate = key.to_string();
    let mut n = 2u32;
    while fields.iter().any(|(k, _)| *k == candidate) {
        candidate = format!("{key} {n}");
        n += 1;
    }
    fields.push((candidate, value.to_string()));
}
