//! A logged interaction's fields as typed (`crm log …` flags, the TUI's log form) made typed.

use crate::domain::dates::{parse_duration_min, parse_when, When};
use crate::domain::validate;
use crate::domain::*;
use crate::ops::interactions::{InteractionChanges, LogInput};
use crate::ops::Now;
use crate::store::Reader;

use super::clearable;
use crate::resolve;

#[derive(Debug, Clone)]
pub struct LogText {
    pub kind: InteractionKind,
    pub contact: String,
    pub summary: String,
    pub at: Option<String>,
    pub duration: Option<String>,
    pub deal: Option<String>,
    pub direction: Option<String>,
    pub score: Option<i64>,
    pub body: Option<String>,
    /// The support case it belongs to (an id).
    pub case: Option<String>,
    /// Log it even when `at` is more than a day ahead (`--future`).
    pub future: bool,
}

impl LogText {
    pub fn new(kind: InteractionKind, contact: &str, summary: &str) -> Self {
        LogText {
            kind,
            contact: contact.into(),
            summary: summary.into(),
            at: None,
            duration: None,
            deal: None,
            direction: None,
            score: None,
            body: None,
            case: None,
            future: false,
        }
    }

    /// Parses the values first and resolves the contact and deal last, so a typo in a
    /// date is reported before a search for the person.
    pub fn typed(&self, r: Reader<'_>, now: &Now) -> Result<LogInput> {
        validate::interaction(
            self.kind,
            &self.summary,
            self.direction.is_some(),
            self.score,
        )?;
        let direction = self
            .direction
            .as_deref()
            .map(|d| Direction::parse(d).map_err(|e| e.at(Field::Direction)))
            .transpose()?;
        let at = self
            .at
            .as_deref()
            .map(|a| parse_when(a, now.local()).map_err(|e| e.at(Field::At)))
            .transpose()?;
        if let (Some(text), Some(when)) = (&self.at, at) {
            not_ahead(text, when, now, self.future)?;
        }
        let duration_min = self
            .duration
            .as_deref()
            .map(|d| parse_duration_min(d).map_err(|e| e.at(Field::Duration)))
            .transpose()?;
        let contact = resolve::contact(r, &self.contact).map_err(|e| e.at(Field::Contact))?;
        let deal = self
            .deal
            .as_deref()
            .map(|d| {
                resolve::deal(r, d)
                    .map(|d| d.id)
                    .map_err(|e| e.at(Field::Deal))
            })
            .transpose()?;
        Ok(LogInput {
            kind: self.kind,
            contact,
            summary: self.summary.clone(),
            at,
            duration_min,
            deal,
            direction,
            score: self.score,
            body: self.body.clone(),
            case: self
                .case
                .as_deref()
                .map(|c| {
                    crate::domain::parse_id(c).ok_or_else(|| {
                        Error::invalid(format!("{c:?} is not a case id; crm case list shows them."))
                    })
                })
                .transpose()?,
        })
    }
}

/// `interaction edit` as typed: a field left out stays; `none` clears the duration or the
/// deal, and an empty `--body ""` clears the body.
#[derive(Debug, Default, Clone)]
pub struct LogEditText {
    pub kind: Option<String>,
    pub contact: Option<String>,
    pub summary: Option<String>,
    pub at: Option<String>,
    pub duration: Option<String>,
    pub deal: Option<String>,
    pub direction: Option<String>,
    pub score: Option<i64>,
    pub body: Option<String>,
    /// Accept an `at` more than a day ahead (`--future`).
    pub future: bool,
}

impl LogEditText {
    /// Values first, then the contact and deal, as for logging.
    pub fn typed(&self, r: Reader<'_>, now: &Now) -> Result<InteractionChanges> {
        let kind = self
            .kind
            .as_deref()
            .map(|k| InteractionKind::parse(k).map_err(|e| e.at(Field::Kind)))
            .transpose()?;
        if let Some(s) = &self.summary {
            validate::required("summary", s).map_err(|e| e.at(Field::Summary))?;
        }
        let direction = self
            .direction
            .as_deref()
            .map(|d| Direction::parse(d).map_err(|e| e.at(Field::Direction)))
            .transpose()?;
        let at = self
            .at
            .as_deref()
            .map(|a| parse_when(a, now.local()).map_err(|e| e.at(Field::At)))
            .transpose()?;
        if let (Some(text), Some(when)) = (&self.at, at) {
            not_ahead(text, when, now, self.future)?;
        }
        let duration_min = clearable(&self.duration, |d| {
            parse_duration_min(d).map_err(|e| e.at(Field::Duration))
        })?;
        let contact = self
            .contact
            .as_deref()
            .map(|c| resolve::contact(r, c).map_err(|e| e.at(Field::Contact)))
            .transpose()?;
        let deal = clearable(&self.deal, |d| {
            resolve::deal(r, d)
                .map(|d| d.id)
                .map_err(|e| e.at(Field::Deal))
        })?;
        Ok(InteractionChanges {
            kind,
            contact,
            summary: self.summary.clone(),
            at,
            duration_min,
            deal,
            direction,
            score: self.score.map(Some),
            body: self
                .body
                .clone()
                .map(|b| Some(b).filter(|b| !b.trim().is_empty())),
        })
    }
}

/// An interaction is something that happened: a date past tomorrow is a typo (`+2d` for
/// `-2d`) or a plan, which is a task, unless `--future` says it is meant.
fn not_ahead(text: &str, at: When, now: &Now, future: bool) -> Result<()> {
    let day_after_tomorrow = now.today() + chrono::Days::new(2);
    if future || now.instant_on_day(at) < now.instant(When::Day(day_after_tomorrow)) {
        return Ok(());
    }
    let day = now.to_local(now.instant_on_day(at)).date();
    Err(Error::invalid_at(
        Field::At,
        format!(
            "{text:?} is {day}, more than a day ahead: an interaction is something that \
             happened. Plan what is to come as a task (due {day}), or log it ahead on \
             purpose from the command line with --future."
        ),
    ))
}

/// An interaction named by its number (`12` or `#12`).
pub fn interaction_id(text: &str) -> Result<InteractionId> {
    parse_id(text).map(InteractionId).ok_or_else(|| {
        Error::invalid(format!(
            "{text:?} is not an interaction id; see crm interaction list."
        ))
    })
}
