//! Splits an expression into tokens, each with its column (1-based, in characters).

use super::FilterError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    LParen,
    RParen,
    Comma,
    Op(OpTok),
    /// A run of characters that are not spaces, quotes, parentheses, commas or operators.
    Word(String),
    /// A "double" or 'single' quoted string, its escapes (`\"`, `\\`) undone.
    Str(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpTok {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Contains,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub tok: Tok,
    /// Column of its first character.
    pub col: usize,
    /// Column just after its last character.
    pub end: usize,
}

/// Characters that end a word.
pub fn is_special(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | ')' | ',' | '=' | '!' | '<' | '>' | '~' | '"' | '\''
        )
}

pub fn tokenize(text: &str) -> Result<Vec<Token>, FilterError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let next = chars.get(i + 1).copied();
        let (tok, len) = match c {
            '(' => (Tok::LParen, 1),
            ')' => (Tok::RParen, 1),
            ',' => (Tok::Comma, 1),
            '~' => (Tok::Op(OpTok::Contains), 1),
            '=' if next == Some('=') => (Tok::Op(OpTok::Eq), 2),
            '=' => (Tok::Op(OpTok::Eq), 1),
            '!' if next == Some('=') => (Tok::Op(OpTok::Ne), 2),
            '!' => {
                return Err(FilterError::new(
                    col,
                    "\"!\" on its own is not an operator; write != or not.",
                ))
            }
            '<' if next == Some('=') => (Tok::Op(OpTok::Le), 2),
            '<' if next == Some('>') => (Tok::Op(OpTok::Ne), 2),
            '<' => (Tok::Op(OpTok::Lt), 1),
            '>' if next == Some('=') => (Tok::Op(OpTok::Ge), 2),
            '>' => (Tok::Op(OpTok::Gt), 1),
            '"' | '\'' => {
                let (s, len) = quoted(&chars[i..], col)?;
                (Tok::Str(s), len)
            }
            _ => {
                let len = chars[i..].iter().take_while(|c| !is_special(**c)).count();
                (Tok::Word(chars[i..i + len].iter().collect()), len)
            }
        };
        out.push(Token {
            tok,
            col,
            end: col + len,
        });
        i += len;
    }
    Ok(out)
}

/// The string a quote at the start of `chars` opens, and how many characters it spans.
fn quoted(chars: &[char], col: usize) -> Result<(String, usize), FilterError> {
    let quote = chars[0];
    let mut s = String::new();
    let mut i = 1;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                s.push(chars[i + 1]);
                i += 2;
            }
            c if c == quote => return Ok((s, i + 1)),
            c => {
                s.push(c);
                i += 1;
            }
        }
    }
    Err(FilterError::new(
        col,
        format!("this {quote} is never closed; end the text with another {quote}."),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Tok> {
        tokenize(text).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn splits_words_operators_and_strings() {
        use OpTok::*;
        assert_eq!(
            toks("name~\"Zoë \\\"Z\\\"\" and idle>=30d"),
            vec![
                Tok::Word("name".into()),
                Tok::Op(Contains),
                Tok::Str("Zoë \"Z\"".into()),
                Tok::Word("and".into()),
                Tok::Word("idle".into()),
                Tok::Op(Ge),
                Tok::Word("30d".into()),
            ]
        );
        assert_eq!(
            toks("a!=b<c<=d>e>=f==g<>h"),
            vec![
                Tok::Word("a".into()),
                Tok::Op(Ne),
                Tok::Word("b".into()),
                Tok::Op(Lt),
                Tok::Word("c".into()),
                Tok::Op(Le),
                Tok::Word("d".into()),
                Tok::Op(Gt),
                Tok::Word("e".into()),
                Tok::Op(Ge),
                Tok::Word("f".into()),
                Tok::Op(Eq),
                Tok::Word("g".into()),
                Tok::Op(Ne),
                Tok::Word("h".into()),
            ]
        );
        assert_eq!(
            toks("x in ('a b',c)"),
            vec![
                Tok::Word("x".into()),
                Tok::Word("in".into()),
                Tok::LParen,
                Tok::Str("a b".into()),
                Tok::Comma,
                Tok::Word("c".into()),
                Tok::RParen,
            ]
        );
    }

    #[test]
    fn columns_count_characters() {
        let t = tokenize("Zoë = 'ü' x").unwrap();
        let cols: Vec<(usize, usize)> = t.iter().map(|t| (t.col, t.end)).collect();
        assert_eq!(cols, vec![(1, 4), (5, 6), (7, 10), (11, 12)]);
    }

    #[test]
    fn unclosed_quotes_and_lone_bangs_are_errors() {
        let e = tokenize("name = \"ada").unwrap_err();
        assert_eq!(e.column, 8);
        assert!(e.message.contains("never closed"), "{e}");
        let e = tokenize("! x").unwrap_err();
        assert_eq!(e.column, 1);
    }
}
