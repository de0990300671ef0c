//! The canonical text of a tree: it parses back to an equal tree (a property test holds
//! this). Parentheses appear only where the tree needs them.

use std::fmt;

use super::lexer::is_special;
use super::parser::is_keyword;
use super::tree::{Amount, Cond, DayValue, Duration, Expr, PeriodSpec, Test, Text, Value};
use crate::domain::period::Unit;

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::And(items) => join(f, items, " and ", |e| {
                matches!(e, Expr::And(_) | Expr::Or(_))
            }),
            Expr::Or(items) => join(f, items, " or ", |e| matches!(e, Expr::Or(_))),
            Expr::Not(inner) => match **inner {
                Expr::And(_) | Expr::Or(_) => write!(f, "not ({inner})"),
                _ => write!(f, "not {inner}"),
            },
            Expr::Cond(c) => c.fmt(f),
            Expr::Name(t) => quoted_if_needed(f, &t.raw, true),
        }
    }
}

fn join(
    f: &mut fmt::Formatter<'_>,
    items: &[Expr],
    sep: &str,
    needs_parens: impl Fn(&Expr) -> bool,
) -> fmt::Result {
    for (i, e) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        if needs_parens(e) {
            write!(f, "({e})")?;
        } else {
            write!(f, "{e}")?;
        }
    }
    Ok(())
}

impl fmt::Display for Cond {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.test {
            Test::Cmp(cmp, v) => write!(f, "{} {} {v}", self.field, cmp.as_str()),
            Test::Contains(t) => {
                write!(f, "{} ~ ", self.field)?;
                quoted_if_needed(f, &t.raw, false)
            }
            Test::In(values) => {
                write!(f, "{} in (", self.field)?;
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str(")")
            }
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(Text { raw, .. }) => quoted_if_needed(f, raw, false),
            Value::Lifecycle(l) => l.fmt(f),
            Value::Status(s) => s.fmt(f),
            Value::Size(s) => s.fmt(f),
            Value::Currency(c) => c.fmt(f),
            Value::Number(n) => n.fmt(f),
            Value::Amount(a) => a.fmt(f),
            Value::Day(d) => d.fmt(f),
            Value::Period(p) => p.fmt(f),
            Value::Duration(d) => d.fmt(f),
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scale = self.scale as usize;
        let digits = format!("{:0>width$}", self.mantissa, width = scale + 1);
        let (whole, frac) = digits.split_at(digits.len() - scale);
        f.write_str(whole)?;
        if !frac.is_empty() {
            write!(f, ".{frac}")?;
        }
        if let Some(c) = self.currency {
            write!(f, " {c}")?;
        }
        Ok(())
    }
}

impl fmt::Display for DayValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DayValue::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            DayValue::FromToday(0) => f.write_str("today"),
            DayValue::FromToday(-1) => f.write_str("yesterday"),
            DayValue::FromToday(1) => f.write_str("tomorrow"),
            // Never parsed; written as a duration from today would change its meaning.
            DayValue::FromToday(n) => write!(f, "today{n:+}d"),
        }
    }
}

impl fmt::Display for PeriodSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            PeriodSpec::Relative { shift, unit } => {
                let word = match shift {
                    s if s < 0 => "last",
                    0 => "this",
                    _ => "next",
                };
                let unit = match unit {
                    Unit::Week => "week",
                    Unit::Month => "month",
                    Unit::Quarter => "quarter",
                    Unit::Year => "year",
                };
                write!(f, "{word} {unit}")
            }
            PeriodSpec::Quarter {
                year: None,
                quarter,
            } => write!(f, "q{quarter}"),
            PeriodSpec::Quarter {
                year: Some(y),
                quarter,
            } => write!(f, "{y}-q{quarter}"),
            PeriodSpec::Month { year, month } => write!(f, "{year}-{month:02}"),
            PeriodSpec::Year(y) => write!(f, "{y}"),
        }
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.count, self.letter())
    }
}

/// Writes text bare when it reads back as the same single word, else in double quotes.
/// A name term is also quoted when it would read as `tag:…`.
fn quoted_if_needed(f: &mut fmt::Formatter<'_>, s: &str, is_name: bool) -> fmt::Result {
    let tag_like = is_name && s.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("tag:"));
    if !s.is_empty() && !s.chars().any(is_special) && !is_keyword(s) && !tag_like {
        return f.write_str(s);
    }
    f.write_str("\"")?;
    for c in s.chars() {
        if matches!(c, '"' | '\\') {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("\"")
}
