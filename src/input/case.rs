//! A support case as typed into the app's forms: the contact by REF, the title, the
//! priority word.

use crate::domain::case::Priority;
use crate::domain::validate;
use crate::domain::*;
use crate::resolve;
use crate::store::Reader;

/// A new case: whose, what about, how urgent (`normal` when left empty).
#[derive(Debug, Default, Clone)]
pub struct CaseText {
    pub contact: Option<String>,
    pub title: String,
    pub priority: Option<String>,
}

impl CaseText {
    pub fn typed(&self, r: Reader<'_>) -> Result<(ContactId, String, Priority)> {
        let contact = match self.contact.as_deref().map(str::trim) {
            Some(c) if !c.is_empty() => resolve::contact(r, c).map_err(|e| e.at(Field::Contact))?,
            _ => {
                return Err(Error::invalid_at(
                    Field::Contact,
                    "a case belongs to a contact: type their name.",
                ))
            }
        };
        let title =
            validate::required("case title", &self.title).map_err(|e| e.at(Field::Title))?;
        let priority = match self.priority.as_deref().map(str::trim) {
            Some(p) if !p.is_empty() => priority(p)?,
            _ => Priority::Normal,
        };
        Ok((contact, title, priority))
    }
}

/// `low`, `normal`, `high` or `urgent`.
pub fn priority(text: &str) -> Result<Priority> {
    Priority::parse(text).map_err(|e| e.at(Field::Priority))
}

/// A case id as typed (`12`, `#12`).
pub fn case_id(text: &str) -> Result<i64> {
    parse_id(text).ok_or_else(|| {
        Error::invalid(format!(
            "{text:?} is not a case id; crm case list shows them."
        ))
    })
}
