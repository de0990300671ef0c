//! The help overlay's lines: every binding with what it does, the description wrapped at
//! word boundaries under itself, so nothing is cut; the overlay scrolls through them.

use crate::tui::keys::Keymap;

/// Columns the keys take before the description.
pub const KEYS_WIDTH: usize = 14;

/// One line of help: the keys (on an entry's first line only) and a piece of description.
#[derive(Debug, Clone, PartialEq)]
pub struct HelpLine {
    pub keys: String,
    pub text: String,
}

/// Every binding as lines `width` columns wide.
pub fn lines(keymap: &Keymap, width: usize) -> Vec<HelpLine> {
    let room = width.saturating_sub(KEYS_WIDTH).max(8);
    let mut out = Vec::new();
    for (action, keys) in keymap.bindings() {
        let keys = keys.join(" ");
        for (k, text) in wrap(action.describe(), room).into_iter().enumerate() {
            out.push(HelpLine {
                keys: if k == 0 { keys.clone() } else { String::new() },
                text,
            });
        }
    }
    out
}

/// Splits text into lines of at most `width` columns at spaces; a word longer than a line
/// is cut with `…` (none of the descriptions is).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let word = crate::domain::text::fit(word, width);
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The furthest the overlay scrolls: its last line at the bottom of a `size` screen.
pub fn max_scroll(keymap: &Keymap, size: (u16, u16)) -> usize {
    let (width, rows) = layout(size);
    lines(keymap, width).len().saturating_sub(rows)
}

/// The width of the overlay's text and how many of its lines fit, for a screen size.
pub fn layout(size: (u16, u16)) -> (usize, usize) {
    let width = (size.0.min(72) as usize).saturating_sub(4);
    // Tabs and status stay visible; the box has borders and a footer line.
    let rows = (size.1 as usize).saturating_sub(2 + 2 + 1).max(1);
    (width, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(
            wrap("show done tasks / closed deals", 12),
            ["show done", "tasks /", "closed deals"]
        );
        assert_eq!(wrap("quit", 12), ["quit"]);
        for l in lines(&Keymap::default(), 30) {
            assert!(unicode_width::UnicodeWidthStr::width(l.text.as_str()) <= 16);
            assert!(!l.text.contains('…'));
        }
    }
}
