//! Recursive descent over the tokens: `or` binds loosest, then `and`, then `not`.
//!
//! ```text
//! expr    = and ("or" and)*
//! and     = not ("and" not)*
//! not     = "not" not | primary
//! primary = "(" expr ")" | term
//! term    = FIELD OP value | FIELD "in" "(" value ("," value)* ")" | "tag:"NAME | WORD | STRING
//! ```

use super::fields::{self, FieldRef, Kind};
use super::lexer::{tokenize, OpTok, Tok, Token};
use super::tree::{Cmp, Cond, Expr, Test, Text, Value};
use super::{FilterError, Target};

pub fn parse(text: &str, target: Target) -> Result<Expr, FilterError> {
    let toks = tokenize(text)?;
    let mut p = Parser {
        toks,
        pos: 0,
        target,
        end_col: text.chars().count() + 1,
    };
    if p.toks.is_empty() {
        return Err(FilterError::new(
            1,
            "the expression is empty; write a test such as tag:vip or idle > 30d.",
        ));
    }
    let expr = p.or_expr()?;
    match p.peek() {
        None => Ok(expr),
        Some(t) => Err(p.unexpected(t.clone())),
    }
}

pub(super) struct Parser {
    toks: Vec<Token>,
    pos: usize,
    pub(super) target: Target,
    /// The column just past the text, where "expected …" at the end points.
    end_col: usize,
}

pub(super) fn is_keyword(word: &str) -> bool {
    ["and", "or", "not", "in"]
        .iter()
        .any(|k| k.eq_ignore_ascii_case(word))
}

impl Parser {
    pub(super) fn peek(&self) -> Option<&Token> {
        self.toks.get(self.pos)
    }

    pub(super) fn next(&mut self) -> Option<Token> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += usize::from(t.is_some());
        t
    }

    /// The column of the next token, or of the end of the text.
    pub(super) fn col(&self) -> usize {
        self.peek().map_or(self.end_col, |t| t.col)
    }

    fn peek_keyword(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Token { tok: Tok::Word(w), .. }) if w.eq_ignore_ascii_case(kw))
    }

    fn or_expr(&mut self) -> Result<Expr, FilterError> {
        let mut items = vec![self.and_expr()?];
        while self.peek_keyword("or") {
            self.next();
            items.push(self.and_expr()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and_expr(&mut self) -> Result<Expr, FilterError> {
        let mut items = vec![self.not_expr()?];
        while self.peek_keyword("and") {
            self.next();
            items.push(self.not_expr()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn not_expr(&mut self) -> Result<Expr, FilterError> {
        if self.peek_keyword("not") {
            self.next();
            return Ok(Expr::Not(Box::new(self.not_expr()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, FilterError> {
        let Some(t) = self.next() else {
            return Err(FilterError::new(
                self.end_col,
                "the expression ends too early; a test is missing here.",
            ));
        };
        match &t.tok {
            Tok::LParen => {
                let inner = self.or_expr()?;
                match self.next() {
                    Some(Token {
                        tok: Tok::RParen, ..
                    }) => Ok(inner),
                    None => Err(FilterError::new(
                        t.col,
                        "unbalanced parentheses: this ( is never closed.",
                    )),
                    Some(other) => Err(self.unexpected(other)),
                }
            }
            Tok::Word(w) if is_keyword(w) => Err(FilterError::new(
                t.col,
                format!("expected a test before {:?}.", w.to_lowercase()),
            )),
            Tok::Word(w) => {
                if let Some(tag) = strip_tag(w) {
                    return self.tag_term(tag, &t);
                }
                let op = match self.peek() {
                    Some(Token {
                        tok: Tok::Op(o), ..
                    }) => Some(operator_of(*o)),
                    _ if self.peek_keyword("in") => Some(Operator::In),
                    _ => None,
                };
                if let Some(op) = op {
                    if let Some(op_tok) = self.next() {
                        return self.condition(w, t.col, op, &op_tok);
                    }
                }
                name_term(w, t.col)
            }
            Tok::Str(s) => name_term(s, t.col),
            _ => Err(self.unexpected(t.clone())),
        }
    }

    /// `tag:NAME` or `tag:"two words"`.
    fn tag_term(&mut self, tag: &str, t: &Token) -> Result<Expr, FilterError> {
        let tag = if tag.is_empty() {
            match self.peek() {
                Some(Token {
                    tok: Tok::Str(s),
                    col,
                    ..
                }) if *col == t.end => {
                    let s = s.clone();
                    self.next();
                    s
                }
                _ => {
                    return Err(FilterError::new(
                        t.end,
                        "tag: needs a tag name right after it, e.g. tag:vip.",
                    ))
                }
            }
        } else {
            tag.to_string()
        };
        if tag.trim().is_empty() {
            return Err(FilterError::new(
                t.col,
                "tag: needs a tag name, e.g. tag:vip.",
            ));
        }
        Ok(Expr::Cond(Cond {
            field: FieldRef::tag(self.target),
            test: Test::Cmp(Cmp::Eq, Value::Text(Text::new(&tag))),
        }))
    }

    /// The test after a field name; `op_tok` (already read) is the operator or `in`.
    fn condition(
        &mut self,
        name: &str,
        col: usize,
        op: Operator,
        op_tok: &Token,
    ) -> Result<Expr, FilterError> {
        let field = FieldRef::lookup(name, self.target)
            .ok_or_else(|| unknown_field(name, col, self.target))?;
        let kind = field.kind();
        let test = match op {
            Operator::Contains => {
                if !matches!(kind, Kind::Text | Kind::Texts) {
                    return Err(FilterError::new(
                        op_tok.col,
                        format!(
                            "~ (contains) works on text; {field} holds {}, so use {}.",
                            kind_words(kind),
                            ops_for(kind)
                        ),
                    ));
                }
                let vcol = self.col();
                match self.next() {
                    Some(Token {
                        tok: Tok::Word(w) | Tok::Str(w),
                        ..
                    }) if !w.trim().is_empty() => Test::Contains(Text::new(&w)),
                    _ => {
                        return Err(FilterError::new(
                            vcol,
                            format!("~ needs the text to look for after {field} ~."),
                        ))
                    }
                }
            }
            Operator::Cmp(cmp) => {
                if !cmp.is_equality() && !ordered(kind) {
                    return Err(FilterError::new(
                        op_tok.col,
                        format!(
                            "{field} holds {}: it cannot be compared with {}; use {}.",
                            kind_words(kind),
                            cmp.as_str(),
                            ops_for(kind)
                        ),
                    ));
                }
                Test::Cmp(cmp, self.value(&field, kind, cmp)?)
            }
            Operator::In => Test::In(self.list(&field, kind, op_tok.end)?),
        };
        Ok(Expr::Cond(Cond { field, test }))
    }

    /// `(a, b, …)` after `in`: values compared with `=`.
    fn list(
        &mut self,
        field: &FieldRef,
        kind: Kind,
        after_in: usize,
    ) -> Result<Vec<Value>, FilterError> {
        match self.next() {
            Some(Token {
                tok: Tok::LParen, ..
            }) => {}
            _ => {
                return Err(FilterError::new(
                    after_in,
                    format!("in takes a list in parentheses, e.g. {field} in (a, b)."),
                ))
            }
        }
        let mut values = Vec::new();
        loop {
            values.push(self.value(field, kind, Cmp::Eq)?);
            match self.next() {
                Some(Token {
                    tok: Tok::Comma, ..
                }) => continue,
                Some(Token {
                    tok: Tok::RParen, ..
                }) => return Ok(values),
                Some(t) => {
                    return Err(FilterError::new(
                        t.col,
                        "expected , or ) in the list after in.",
                    ))
                }
                None => {
                    return Err(FilterError::new(
                        self.end_col,
                        "unbalanced parentheses: the list after in is never closed.",
                    ))
                }
            }
        }
    }

    /// The error for a token that cannot come where it is.
    fn unexpected(&self, t: Token) -> FilterError {
        let message = match &t.tok {
            Tok::RParen => "unbalanced parentheses: this ) closes nothing.".to_string(),
            Tok::Comma => "a comma only separates the values of in (a, b).".to_string(),
            Tok::Op(_) => "expected a field name before this operator.".to_string(),
            Tok::LParen => {
                "unexpected (; join tests with and or or, e.g. a and (b or c).".to_string()
            }
            Tok::Word(w) | Tok::Str(w) => {
                format!(
                    "unexpected {w:?}; join tests with and or or (quote a name of several words)."
                )
            }
        };
        FilterError::new(t.col, message)
    }
}

fn strip_tag(word: &str) -> Option<&str> {
    let head = word.get(..4)?;
    head.eq_ignore_ascii_case("tag:").then(|| &word[4..])
}

fn name_term(text: &str, col: usize) -> Result<Expr, FilterError> {
    let t = Text::new(text);
    if crate::domain::text::words(&t.folded).next().is_none() {
        return Err(FilterError::new(
            col,
            "a name to match needs a letter or digit.",
        ));
    }
    Ok(Expr::Name(t))
}

fn unknown_field(name: &str, col: usize, target: Target) -> FilterError {
    let hint = fields::nearest(name, target)
        .map(|n| format!("; did you mean \"{n}\"?"))
        .unwrap_or_default();
    let what = match target {
        Target::Contact => "contact",
        Target::Deal => "deal",
    };
    FilterError::new(
        col,
        format!(
            "unknown {what} field {name:?}{hint} (fields: {})",
            fields::names(target).join(", ")
        ),
    )
}

/// What follows a field name.
#[derive(Debug, Clone, Copy)]
enum Operator {
    Cmp(Cmp),
    Contains,
    In,
}

fn operator_of(op: OpTok) -> Operator {
    match op {
        OpTok::Eq => Operator::Cmp(Cmp::Eq),
        OpTok::Ne => Operator::Cmp(Cmp::Ne),
        OpTok::Lt => Operator::Cmp(Cmp::Lt),
        OpTok::Le => Operator::Cmp(Cmp::Le),
        OpTok::Gt => Operator::Cmp(Cmp::Gt),
        OpTok::Ge => Operator::Cmp(Cmp::Ge),
        OpTok::Contains => Operator::Contains,
    }
}

/// Whether `<`, `>`… make sense for the kind (birthdays: with durations only, checked with
/// the value).
fn ordered(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Number
            | Kind::Money
            | Kind::Moment
            | Kind::Day
            | Kind::Idle
            | Kind::Interval
            | Kind::Birthday
    )
}

pub(super) fn kind_words(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "text",
        Kind::Texts => "a list of texts",
        Kind::Lifecycle => "a lifecycle stage",
        Kind::Status => "a deal status (open, won, lost)",
        Kind::Size => "a company size",
        Kind::Currency => "a currency code",
        Kind::Number => "a number",
        Kind::Money => "an amount of money",
        Kind::Moment | Kind::Day => "a date",
        Kind::Idle | Kind::Interval => "a duration",
        Kind::Birthday => "a birthday",
    }
}

fn ops_for(kind: Kind) -> &'static str {
    match kind {
        Kind::Text | Kind::Texts => "=, !=, ~ or in",
        k if ordered(k) => "=, !=, <, <=, >, >= or in",
        _ => "=, != or in",
    }
}
