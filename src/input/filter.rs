//! A filter expression as typed (`--where`, a segment, the app's `:` filter), parsed for
//! its target; a mistake is shown at its column, the expression with a caret under it.

use crate::domain::filter::{parse, Filter, FilterError, Target};
use crate::domain::{Error, Result};

pub fn expression(text: &str, target: Target) -> Result<Filter> {
    parse(text, target).map_err(|e| explain(&e, text))
}

/// `at column N: why`, then the expression and a caret line under the column.
pub fn explain(e: &FilterError, text: &str) -> Error {
    Error::invalid(format!("{e}\n  {}", e.pointer(text).replace('\n', "\n  ")))
}
