//! Deal and interaction rows of a CSV export.

use std::io::Read;

use super::{cells, day_of, prefer_email, split_values, CsvImport, Refusal};
use crate::domain::text::fold;
use crate::import::csv_rows::Row;
use crate::import::dates::{self, DateValue};
use crate::import::values::{multi_line, one_line, set_once};
use crate::import::{DealRecord, Field, Format, InteractionRecord};

impl<R: Read> CsvImport<R> {
    pub(super) fn deal(&self, row: &Row) -> std::result::Result<Option<DealRecord>, Refusal> {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(None);
        }
        let mut rec = DealRecord {
            line: row.line,
            ..DealRecord::default()
        };
        let mut title: Option<String> = None;
        for (col, value) in cells(&self.columns, row) {
            let first_value = || {
                split_values(value, self.format, &col.field)
                    .first()
                    .map(|v| one_line(v, " "))
                    .unwrap_or_default()
            };
            match &col.field {
                Field::DealTitle => set_once(&mut title, one_line(value, " ")),
                Field::ContactRef => prefer_email(&mut rec.contact, first_value()),
                Field::Company => set_once(&mut rec.company, first_value()),
                Field::Value => set_once(&mut rec.value, one_line(value, " ")),
                Field::Currency => set_once(&mut rec.currency, one_line(value, " ")),
                Field::Stage => set_once(&mut rec.stage, one_line(value, " ")),
                Field::Probability => set_once(&mut rec.probability, one_line(value, " ")),
                Field::Status => set_once(&mut rec.status, one_line(value, " ")),
                Field::LostReason => set_once(&mut rec.lost_reason, one_line(value, " ")),
                Field::CloseDate => {
                    if rec.close.is_none() {
                        rec.close = day_of(col, value, self.style)?;
                    }
                }
                Field::CreatedAt => {
                    if rec.created.is_none() {
                        rec.created = day_of(col, value, self.style)?;
                    }
                }
                _ => {}
            }
        }
        let title_column = self
            .columns
            .iter()
            .find(|c| c.field == Field::DealTitle)
            .map(|c| c.name.clone());
        if rec.status.is_none() && self.format == Format::Hubspot {
            let stage = rec.stage.as_deref().map(fold).unwrap_or_default();
            rec.status = match stage.replace(' ', "").as_str() {
                "closedwon" => Some("won".to_string()),
                "closedlost" => Some("lost".to_string()),
                _ => None,
            };
        }
        match title {
            Some(t) => {
                rec.title = t;
                Ok(Some(rec))
            }
            None => Err((title_column, "the deal has no title".to_string())),
        }
    }

    pub(super) fn interaction(
        &self,
        row: &Row,
    ) -> std::result::Result<Option<InteractionRecord>, Refusal> {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(None);
        }
        let mut rec = InteractionRecord {
            line: row.line,
            ..InteractionRecord::default()
        };
        let (mut contact, mut kind, mut summary) = (None, None, None);
        for (col, value) in cells(&self.columns, row) {
            match &col.field {
                Field::ContactRef => {
                    let v = split_values(value, self.format, &col.field)
                        .first()
                        .map(|v| one_line(v, " "))
                        .unwrap_or_default();
                    prefer_email(&mut contact, v);
                }
                Field::Kind => set_once(&mut kind, one_line(value, " ").to_lowercase()),
                Field::Direction => {
                    set_once(&mut rec.direction, one_line(value, " ").to_lowercase())
                }
                Field::OccurredAt => {
                    if rec.at.is_none() {
                        let parsed = dates::parse(value, self.style);
                        rec.at = match parsed {
                            // Left as typed: ops reports it with the accepted forms.
                            DateValue::Unreadable => Some(one_line(value, " ")),
                            DateValue::Empty => None,
                            other => match other.problem(value) {
                                Some(reason) => return Err((Some(col.name.clone()), reason)),
                                None => other.text(),
                            },
                        };
                    }
                }
                Field::Duration => set_once(&mut rec.duration, one_line(value, " ")),
                Field::Summary => set_once(&mut summary, one_line(value, " ")),
                Field::Body => {
                    let body = multi_line(value);
                    rec.body = Some(match rec.body.take() {
                        Some(existing) => format!("{existing}\n\n{body}"),
                        None => body,
                    });
                }
                Field::Score => set_once(&mut rec.score, one_line(value, " ")),
                Field::DealTitle => set_once(&mut rec.deal, one_line(value, " ")),
                _ => {}
            }
        }
        let Some(contact) = contact else {
            return Err((
                None,
                "no contact (name or e-mail) for this interaction".to_string(),
            ));
        };
        let summary = summary.or_else(|| {
            let first = rec
                .body
                .as_deref()?
                .lines()
                .find(|l| !l.trim().is_empty())?;
            Some(first.trim().chars().take(120).collect())
        });
        let Some(summary) = summary else {
            return Err((None, "the interaction has no summary".to_string()));
        };
        rec.contact = contact;
        rec.kind = kind.unwrap_or_else(|| "note".to_string());
        rec.summary = summary;
        Ok(Some(rec))
    }
}
