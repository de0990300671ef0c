//! A company's size as typed: a bucket name or a head count; empty clears it.

use crate::domain::validate;
use crate::domain::*;

pub fn size(text: &str) -> Result<Option<CompanySize>> {
    validate::optional(Some(text))
        .map(|s| CompanySize::parse_any(&s).map_err(|e| e.at(Field::Size)))
        .transpose()
}
