//! The filter language of DESIGN §12: one grammar for rules' `where`, `--where`, saved
//! segments and the TUI (`store::sqlite::filter_sql` compiles it to SQL).
//!
//! `parse` turns text into a typed [`Expr`] tree (every value already a lifecycle, an
//! amount, a period…), or a [`FilterError`] that names the column. [`Filter`] evaluates
//! the tree on plain facts ([`ContactFacts`], [`DealFacts`]) in pure Rust: the oracle a
//! SQL compilation of the same tree is tested against.
//!
//! Meanings worth knowing (the README has the user's version):
//! - `!=` is exactly `not (field = value)`: a missing value matches it, and a multi-valued
//!   field (e-mails, tags) matches when none of its values equals the value.
//! - Every other test on a missing value is false; on a multi-valued field it holds when
//!   any one value passes.
//! - Moments are compared by their local day (the clock's offset). A date is one day; a
//!   period `P` is a range of days: `= P` within it, `< P` before it starts, `<= P` before
//!   it ends, `> P` and `>= P` since it started (the end of `this quarter` lies ahead, so
//!   `last_contact > this quarter` means "this quarter or later").
//! - A duration compares an age for past dates (`created < 30d`: less than 30 days old;
//!   `idle > 30d`: more than 30 whole days since the last contact, or since created), the
//!   time left for a close date (`close < 7d`: before a week from today, overdue
//!   included), and the days to the next birthday.
//! - Money without a currency is read in each deal's own currency (`value > 5000`: 5000
//!   major units, scaled by that currency's exponent); with one (`5000 EUR`) it only
//!   compares deals in that currency. A contact's deal totals are per currency: a test
//!   holds when one currency's total passes, and a contact with no such deals counts 0.

mod eval;
mod facts;
pub mod fields;
mod lexer;
mod parser;
mod render;
pub mod tree;
mod values;

#[cfg(test)]
mod error_tests;
#[cfg(test)]
mod eval_tests;
#[cfg(test)]
pub(crate) mod parser_tests;

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

pub use facts::{ContactFacts, DealFacts, MonthDay};
pub use fields::{ContactField, DealField, FieldRef, Kind};
pub use tree::{
    Amount, Cmp, Cond, DayValue, Duration, DurationUnit, Expr, PeriodSpec, Test, Text, Value,
};

/// What a filter runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Contact,
    Deal,
}

/// A parsed expression for one target.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    target: Target,
    expr: Expr,
}

/// Parses `text` as a filter on contacts or deals.
pub fn parse(text: &str, target: Target) -> Result<Filter, FilterError> {
    let expr = parser::parse(text, target)?;
    Ok(Filter { target, expr })
}

impl Filter {
    pub fn target(&self) -> Target {
        self.target
    }

    /// The tree, for a compiler to walk.
    pub fn expr(&self) -> &Expr {
        &self.expr
    }

    /// Whether the contact passes. A deal filter passes no contact.
    pub fn matches_contact(&self, c: &ContactFacts, clock: &Clock) -> bool {
        self.target == Target::Contact && eval::contact(&self.expr, c, clock)
    }

    /// Whether the deal passes. A contact filter passes no deal.
    pub fn matches_deal(&self, d: &DealFacts, clock: &Clock) -> bool {
        self.target == Target::Deal && eval::deal(&self.expr, d, clock)
    }
}

impl fmt::Display for Filter {
    /// The canonical form: it parses back to an equal tree.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.expr.fmt(f)
    }
}

/// The moment a filter is evaluated at and the offset that makes "today".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub now: DateTime<Utc>,
    pub offset: FixedOffset,
}

impl Clock {
    pub fn today(&self) -> NaiveDate {
        self.day_of(self.now)
    }

    /// The local day of a moment.
    pub fn day_of(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.offset).date_naive()
    }
}

/// Why an expression does not parse, and where (1-based, in characters).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at column {column}: {message}")]
pub struct FilterError {
    pub column: usize,
    pub message: String,
}

impl FilterError {
    pub fn new(column: usize, message: impl Into<String>) -> FilterError {
        FilterError {
            column,
            message: message.into(),
        }
    }

    /// The expression with a caret under the column, rustc style, for a terminal.
    pub fn pointer(&self, text: &str) -> String {
        use unicode_width::UnicodeWidthChar;
        let pad: usize = text
            .chars()
            .take(self.column.saturating_sub(1))
            .map(|c| c.width().unwrap_or(0))
            .sum();
        format!("{text}\n{}^", " ".repeat(pad))
    }
}

impl From<FilterError> for crate::domain::Error {
    fn from(e: FilterError) -> Self {
        crate::domain::Error::invalid(e)
    }
}
