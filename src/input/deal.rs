//! A deal's fields as typed (`deal add`/`deal edit` flags, the TUI's deal form) made typed.

use crate::domain::currency::Currency;
use crate::domain::dates::parse_date;
use crate::domain::money::Money;
use crate::domain::validate;
use crate::domain::*;
use crate::ops::deals::{CompanyPick, DealChanges};
use crate::ops::Now;
use crate::store::Reader;

use crate::resolve;

/// The text of each field; `None` leaves it alone, an empty string clears an optional one
/// (`--probability ""` goes back to the stage default).
#[derive(Debug, Default, Clone)]
pub struct DealText {
    pub title: Option<String>,
    pub contact: Option<String>,
    pub company: Option<String>,
    pub value: Option<String>,
    pub currency: Option<String>,
    pub stage: Option<String>,
    pub probability: Option<String>,
    pub close: Option<String>,
}

impl DealText {
    /// Parses and resolves every field. `current` is the deal's value now (for a new deal,
    /// zero in the default currency): `--currency` alone re-reads the same amount in the
    /// new currency's minor units.
    pub fn typed(&self, r: Reader<'_>, now: &Now, current: Money) -> Result<DealChanges> {
        let mut ch = DealChanges {
            title: self.title.clone(),
            ..Default::default()
        };
        ch.value = self.money(current)?;
        if let Some(p) = &self.probability {
            ch.probability = Some(probability(p).map_err(|e| e.at(Field::Probability))?);
        }
        if let Some(c) = &self.close {
            ch.close = Some(match validate::optional(Some(c)) {
                None => None,
                Some(c) => Some(parse_date(&c, now.local()).map_err(|e| e.at(Field::Close))?),
            });
        }
        if let Some(s) = &self.stage {
            ch.stage = Some(resolve::stage(r, s).map_err(|e| e.at(Field::Stage))?.id);
        }
        if let Some(c) = &self.contact {
            ch.contact = Some(match validate::optional(Some(c)) {
                None => None,
                Some(c) => Some(resolve::contact(r, &c).map_err(|e| e.at(Field::Contact))?),
            });
        }
        if let Some(c) = &self.company {
            ch.company = Some(match validate::optional(Some(c)) {
                None => None,
                // A write never guesses: an id, or exactly this name (created if new).
                Some(c) => Some(match parse_id(&c) {
                    Some(_) => CompanyPick::Id(
                        resolve::company(r, &c)
                            .map_err(|e| e.at(Field::Company))?
                            .id,
                    ),
                    None => CompanyPick::Name(c),
                }),
            });
        }
        Ok(ch)
    }

    fn money(&self, current: Money) -> Result<Option<Money>> {
        let currency = match &self.currency {
            Some(c) => Some(Currency::parse(c).map_err(|e| e.at(Field::Currency))?),
            None => None,
        };
        let value = match (&self.value, currency) {
            (Some(v), c) => Money::parse(v, c.unwrap_or(current.currency)),
            (None, Some(c)) if c != current.currency => {
                Money::parse(&current.amount_text().replace(',', ""), c)
            }
            (None, Some(c)) => Ok(Money::new(current.minor, c)),
            (None, None) => return Ok(None),
        };
        value.map(Some).map_err(|e| e.at(Field::Value))
    }
}

/// A win probability typed as `40`, `40%`; empty or `default` means the stage's own.
pub fn probability(s: &str) -> Result<Option<u8>> {
    let s = s.trim().trim_end_matches('%');
    if s.is_empty() || s.eq_ignore_ascii_case("default") {
        return Ok(None);
    }
    let n: i64 = s.parse().map_err(|_| {
        Error::invalid(format!(
            "probability {s:?} is not a number; give a percentage from 0 to 100."
        ))
    })?;
    validate::probability(n).map(Some)
}
