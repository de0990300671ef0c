//! Text folding for matching (case- and accent-insensitive) and sanitising for display.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Folds text for matching: lowercased, and Latin letters stripped of their accents, so
/// `Zoë` → `zoe`, `Søren` → `soren`, `Łukasz` → `lukasz`. Other scripts keep their own
/// letters (lowercased): `Дмитрий` → `дмитрий`, `鈴木` stays `鈴木`, so a Japanese name
/// never matches a Chinese reading typed in Latin letters.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_latin(c) {
            if let Some(t) = deunicode::deunicode_char(c) {
                out.extend(t.chars().map(|x| x.to_ascii_lowercase()));
            }
        } else if ('\u{300}'..='\u{36f}').contains(&c) {
            // A combining accent (decomposed text): dropped like a precomposed one.
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Latin letters outside ASCII: Latin-1, Extended-A/B, Extended Additional (Vietnamese),
/// Extended-C/D and full-width Latin.
fn is_latin(c: char) -> bool {
    matches!(c, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' | '\u{2c60}'..='\u{2c7f}' | '\u{a720}'..='\u{a7ff}' | '\u{ff21}'..='\u{ff5a}')
}

/// The words of a folded text: runs of letters and digits (of any script).
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The space-joined words of a name, folded: the form stored for REF matching.
pub fn name_key(name: &str) -> String {
    words(&fold(name)).collect::<Vec<_>>().join(" ")
}

/// True when every word of the query is a prefix of some word of the name
/// (`ada lov` matches `Ada Lovelace`). Both sides are folded keys.
pub fn name_matches(query_key: &str, name_key: &str) -> bool {
    let mut any = false;
    for q in words(query_key) {
        any = true;
        if !words(name_key).any(|w| w.starts_with(q)) {
            return false;
        }
    }
    any
}

/// The key an e-mail is compared by: trimmed and lowercased.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_unsafe(c: char, keep_newlines: bool) -> bool {
    match c {
        '\n' | '\t' => !keep_newlines,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        c => is_bidi_control(c),
    }
}

/// Makes untrusted text safe to print: control characters (C0 but newline and tab, DEL,
/// C1) and bidi overrides become visible escapes such as `\x1b` and `\u{202e}`.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// Like [`sanitize`] but for one table cell: newlines and tabs become spaces as well.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    let escaped = escape(s, true);
    if escaped.contains(['\n', '\t', '\r']) {
        Cow::Owned(escaped.replace(['\n', '\t'], " "))
    } else {
        escaped
    }
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c, keep_newlines)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !is_unsafe(c, keep_newlines) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:04x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

/// Cuts text to `max` display columns, ending with `…` when cut.
pub fn fit(text: &str, max: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_case_and_accents() {
        assert_eq!(fold("Zoë"), "zoe");
        assert_eq!(fold("Søren Kierkegaard"), "soren kierkegaard");
        assert_eq!(fold("ŁUKASZ Żółw"), "lukasz zolw");
        assert_eq!(fold("José"), "jose");
        assert_eq!(
            fold("Дмитрий 王伟"),
            "дмитрий 王伟",
            "other scripts keep their letters"
        );
        assert_eq!(fold("Đỗ Thu Trang"), "do thu trang");
        assert_eq!(fold("Zoe\u{308}"), "zoe", "decomposed accents too");
        assert!(
            !name_matches(&name_key("li yan"), &name_key("鈴木 陽菜")),
            "no cross-script guesses"
        );
        assert!(name_matches(&name_key("鈴木"), &name_key("鈴木 陽菜")));
        assert!(name_matches(&name_key("дмит"), &name_key("Дмитрий Иванов")));
    }

    #[test]
    fn name_matching_needs_every_query_word_to_prefix_a_name_word() {
        let key = name_key("Ada Lovelace-Byron");
        assert_eq!(key, "ada lovelace byron");
        assert!(name_matches("ada", &key));
        assert!(name_matches("ada lov", &key));
        assert!(name_matches("lov ada", &key));
        assert!(name_matches("byr", &key));
        assert!(!name_matches("ada x", &key));
        assert!(!name_matches("da", &key));
        assert!(!name_matches("", &key));
        assert!(name_matches(&name_key("zoe"), &name_key("Zoë Ångström")));
        assert!(name_matches(&name_key("ANGS"), &name_key("Zoë Ångström")));
    }

    #[test]
    fn sanitising_makes_control_and_bidi_characters_visible() {
        assert_eq!(sanitize("plain Zoë"), "plain Zoë");
        assert_eq!(sanitize("\x1b[31mred"), "\\x1b[31mred");
        assert_eq!(sanitize("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(sanitize("\x1b]0;pwned\x07Eve"), "\\x1b]0;pwned\\x07Eve");
        assert_eq!(sanitize("del\x7f c1\u{85}"), "del\\x7f c1\\x85");
        assert_eq!(sanitize("two\nlines\tok"), "two\nlines\tok");
        assert_eq!(sanitize_line("two\nlines"), "two lines");
        assert_eq!(sanitize_line("cr\r"), "cr\\x0d");
    }
}
