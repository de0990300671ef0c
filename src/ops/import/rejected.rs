//! What an import refused: the first rows kept with their reasons, the rest counted and
//! sent to a [`RejectSink`] (`--rejects FILE`) as they are found, so memory stays flat.

use crate::domain::*;
use crate::import::RowError;

use super::Outcome;

/// How many refused rows an outcome keeps (with their reasons) for the summary; the rest
/// are counted, and all of them go to the [`RejectSink`].
pub const REJECTS_KEPT: usize = 1000;
/// How many of them a refusal or the summary names.
pub const REJECTS_SHOWN: usize = 50;
/// How many warnings an outcome keeps; the rest are counted.
pub const WARNINGS_KEPT: usize = 1000;

/// The rows an import refused: the first [`REJECTS_KEPT`] in the order found, and the count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rejected {
    pub first: Vec<RowError>,
    pub total: usize,
}

impl Rejected {
    pub fn len(&self) -> usize {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The kept ones, in the order found.
    pub fn iter(&self) -> std::slice::Iter<'_, RowError> {
        self.first.iter()
    }

    pub(super) fn push(&mut self, e: RowError) {
        self.total += 1;
        if self.first.len() < REJECTS_KEPT {
            self.first.push(e);
        }
    }
}

/// Where refused rows go as they are found (`--rejects FILE`), in the input's format.
pub trait RejectSink {
    /// A CSV input's header and delimiter, once, before any row.
    fn header(&mut self, header: &[String], delimiter: u8) -> Result<()>;
    /// One refused row: a CSV row's cells, a vCard's lines or a JSON record.
    fn row(&mut self, error: &RowError, raw: &[String]) -> Result<()>;
}

/// The bad rows, as the error an import without `--skip-invalid` fails with.
pub(super) fn refusal(rejected: &Rejected) -> Error {
    let mut msg = format!("{} row(s) cannot be imported; nothing was written. Fix them, or pass --skip-invalid (and --rejects FILE) to import the rest:", rejected.len());
    for e in rejected.iter().take(REJECTS_SHOWN) {
        msg.push_str(&format!("\n  {e}"));
    }
    if rejected.len() > REJECTS_SHOWN {
        msg.push_str(&format!(
            "\n  … and {} more",
            rejected.len() - REJECTS_SHOWN
        ));
    }
    Error::invalid(msg)
}

impl Outcome {
    /// Keeps a warning, or counts it past [`WARNINGS_KEPT`].
    pub(crate) fn warn(&mut self, warning: String) {
        if self.warnings.len() < WARNINGS_KEPT {
            self.warnings.push(warning);
        } else {
            self.warnings_more += 1;
        }
    }
}
