//! Deals read by `crm import`: amounts, stages (with `--stage-map` and the well-known
//! HubSpot and Pipedrive names), contacts, and the lifecycle moves.

use crate::domain::currency::Currency;
use crate::domain::lifecycle::{after_deal_opened, after_deal_won};
use crate::domain::money::Money;
use crate::domain::*;
use crate::import::stages;
use crate::import::{DealRecord, Parsed};
use crate::ops::deals::advance_lifecycle;

use super::{OnDuplicate, Party, Refused, Writer};
use crate::import::stages::StageMiss;

/// What a deal row says in our terms, before the database is asked anything.
struct Terms {
    title: String,
    value: Money,
    probability: Option<u8>,
    stage: Stage,
    status: DealStatus,
}

impl Writer<'_, '_> {
    /// Writes one deal; returns the deal it created.
    pub(super) fn deal(&mut self, item: Parsed<DealRecord>) -> Result<Option<DealId>> {
        let Some(rec) = self.take(item)? else {
            return Ok(None);
        };
        self.warn(rec.line, &rec.warnings);
        let parties = match self
            .deal_stage(&rec)?
            .and_then(|s| self.deal_terms(&rec, s))
        {
            Ok(t) => self.deal_contact(&rec)?.map(|p| (t, p)),
            Err(r) => Err(r),
        };
        let (terms, contact) = match parties {
            Ok((t, Party::Known(c))) => (t, c),
            Ok((t, Party::Missing(name))) => {
                match self.create_party(rec.line, &name, rec.company.as_deref())? {
                    Some(c) => (t, Some(c)),
                    None => return Ok(None),
                }
            }
            Err(r) => {
                self.refuse(rec.line, &rec.raw, r)?;
                return Ok(None);
            }
        };
        let company = self.deal_company(&rec, contact)?;
        if self.known_deal(rec.line, &terms, contact)? {
            return Ok(None);
        }
        // A closed deal closed on the file's close date (a vendor's "Close Date" of a won
        // or lost deal is when it closed), unless that is missing or still to come; with no
        // creation date in the file, it was not created after it closed.
        let closed_on = (terms.status != DealStatus::Open)
            .then(|| {
                rec.close
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|d| d.and_utc())
                    .filter(|at| *at <= self.now.utc)
            })
            .flatten();
        let created = rec
            .created
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc())
            .or(closed_on)
            .unwrap_or(self.now.utc);
        let closed = (terms.status != DealStatus::Open)
            .then(|| closed_on.unwrap_or(self.now.utc).max(created));
        let d = Deal {
            id: DealId(0),
            title: terms.title,
            contact_id: contact,
            contact: None,
            company_id: company.as_ref().map(|c| c.id),
            company: company.map(|c| c.name),
            stage_id: terms.stage.id,
            stage: terms.stage.name.clone(),
            stage_probability: terms.stage.probability,
            status: terms.status,
            value: terms.value,
            probability: terms.probability,
            expected_close: rec.close,
            lost_reason: rec
                .lost_reason
                .filter(|r| terms.status == DealStatus::Lost && !r.trim().is_empty()),
            created_at: created,
            updated_at: self.now.utc,
            closed_at: closed,
            owner: rec
                .owner
                .clone()
                .unwrap_or_else(|| self.now.by.map(String::from)),
            version: 1,
        };
        let id = self.insert_deal(&d)?;
        self.deal_lifecycle(&d)?;
        self.out.created += 1;
        Ok(Some(id))
    }

    /// The row's stage as ours; with `--create-stages`, an unknown one is appended to the
    /// pipeline (rows come in file order, so the new stages keep the file's order).
    fn deal_stage(
        &mut self,
        rec: &DealRecord,
    ) -> Result<std::result::Result<(Stage, DealStatus), Refused>> {
        let maps = &self.req.stage_maps;
        match stages::resolve_stage(rec.stage.as_deref(), maps, &self.stages) {
            Ok(x) => Ok(Ok(x)),
            Err(StageMiss::Unknown(name)) if self.req.create_stages => {
                match crate::ops::stages::check_name(&name) {
                    Ok(name) => Ok(Ok((self.append_stage(&name)?, DealStatus::Open))),
                    Err(e) => Ok(Err(Refused::fix("stage", e))),
                }
            }
            Err(m) => Ok(Err(Refused::fix("stage", m.message(&self.stages)))),
        }
    }

    /// A new last stage of the pipeline, with the probability of the one before it.
    fn append_stage(&mut self, name: &str) -> Result<Stage> {
        let position = self.stages.iter().map(|s| s.position).max().unwrap_or(0) + 1;
        let probability = self.stages.last().map_or(10, |s| s.probability);
        let id = self.tx.insert_stage(name, position, probability)?;
        let stage = Stage {
            id,
            name: name.to_string(),
            position,
            probability,
        };
        crate::ops::record(
            self.tx,
            self.now,
            crate::domain::history::Entity::Stage,
            id.0,
            None,
            crate::domain::history::Action::Create,
            crate::ops::NONE,
            Some(&stage),
        )?;
        self.tx.add_import_item(
            self.id,
            crate::domain::history::Entity::Stage,
            id.0,
            crate::domain::history::Action::Create,
            None,
        )?;
        self.out.warn(format!(
            "stage {name:?} added to the pipeline (--create-stages)"
        ));
        self.reload_stages()?;
        Ok(stage)
    }

    /// Title, amount, probability and status (the stage already read), in that order.
    fn deal_terms(
        &self,
        rec: &DealRecord,
        stage: (Stage, DealStatus),
    ) -> std::result::Result<Terms, Refused> {
        let title = rec.title.trim().to_string();
        if title.is_empty() {
            return Err(Refused::note("title", "the deal has no title"));
        }
        let value = money(rec, self.req.default_currency)?;
        let probability = percentage(rec.probability.as_deref())?;
        let (stage, status) = stage;
        let status = closing(rec.status.as_deref(), status)?;
        Ok(Terms {
            title,
            value,
            probability,
            stage,
            status,
        })
    }

    fn deal_contact(&self, rec: &DealRecord) -> Result<std::result::Result<Party, Refused>> {
        match rec
            .contact
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            Some(c) => self.party(c, &rec.raw),
            None => Ok(Ok(Party::Known(None))),
        }
    }

    /// The company the row names (created if new), else the contact's.
    fn deal_company(
        &mut self,
        rec: &DealRecord,
        contact: Option<ContactId>,
    ) -> Result<Option<Company>> {
        if let Some(c) = rec
            .company
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            return Ok(Some(self.company(c)?));
        }
        let Some(id) = contact else { return Ok(None) };
        let r = self.tx.read();
        Ok(r.contact(id)?
            .and_then(|c| c.company_id)
            .and_then(|cid| r.company(cid).ok().flatten()))
    }

    /// True when the deal is already there (skipped or refused as `--on-duplicate` says).
    /// `crm import all` restores deals one for one; elsewhere the same title for the same
    /// contact is a duplicate.
    fn known_deal(&mut self, line: u64, t: &Terms, contact: Option<ContactId>) -> Result<bool> {
        if self.req.everything
            || self
                .tx
                .read()
                .same_deal(&t.title, contact, t.value)?
                .is_none()
        {
            return Ok(false);
        }
        if self.req.on_duplicate == OnDuplicate::Error {
            let why = format!("a deal {:?} already exists for this contact", t.title);
            self.reject(line, Some("title"), why, Vec::new())?;
        } else {
            self.out.skipped += 1;
        }
        Ok(true)
    }

    /// The deal, its path so far (opened, then closed if it is), noted for undo.
    fn insert_deal(&mut self, d: &Deal) -> Result<DealId> {
        let id = self.tx.insert_deal(d)?;
        self.tx
            .add_stage_change(id, None, Some(d.stage_id), DealStatus::Open, d.created_at)?;
        if let Some(at) = d.closed_at {
            self.tx
                .add_stage_change(id, Some(d.stage_id), Some(d.stage_id), d.status, at)?;
        }
        self.tx.add_import_item(
            self.id,
            crate::domain::history::Entity::Deal,
            id.0,
            crate::domain::history::Action::Create,
            None,
        )?;
        self.trace(
            crate::domain::history::Entity::Deal,
            id.0,
            d.contact_id,
            &d.title,
        )?;
        Ok(id)
    }

    /// The same lifecycle rules as a deal opened or won by hand (not when restoring a
    /// whole export, which carries its own lifecycles).
    fn deal_lifecycle(&self, d: &Deal) -> Result<()> {
        if self.req.everything {
            return Ok(());
        }
        let (tx, now) = (self.tx, self.now);
        advance_lifecycle(tx, now, d.contact_id, after_deal_opened, "deal imported")?;
        if d.status == DealStatus::Won {
            advance_lifecycle(tx, now, d.contact_id, after_deal_won, "won deal imported")?;
        }
        Ok(())
    }
}

/// The amount in the row's currency (else `--currency`, else USD); none is zero.
fn money(rec: &DealRecord, default: Option<Currency>) -> std::result::Result<Money, Refused> {
    let currency = match rec.currency.as_deref().filter(|c| !c.trim().is_empty()) {
        Some(c) => Currency::parse(c).map_err(|e| Refused::fix("currency", e))?,
        None => default.unwrap_or_else(Currency::usd),
    };
    match rec.value.as_deref().filter(|v| !v.trim().is_empty()) {
        Some(v) => Money::parse(v, currency).map_err(|e| Refused::fix("amount", e)),
        None => Ok(Money::new(0, currency)),
    }
}

/// A probability override: `20`, `20%`, or HubSpot's `0.2`.
fn percentage(p: Option<&str>) -> std::result::Result<Option<u8>, Refused> {
    let Some(p) = p.map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    match p
        .trim_end_matches('%')
        .parse::<f64>()
        .ok()
        .filter(|x| (0.0..=100.0).contains(x))
    {
        // HubSpot writes 0.2 for 20%.
        Some(x) if x <= 1.0 && p.contains('.') => Ok(Some((x * 100.0).round() as u8)),
        Some(x) => Ok(Some(x.round() as u8)),
        None => Err(Refused::note(
            "probability",
            format!("probability {p:?} is not a percentage from 0 to 100"),
        )),
    }
}

/// The status column (won, lost, open, Pipedrive's and HubSpot's spellings) over the one
/// the stage implies.
fn closing(text: Option<&str>, by_stage: DealStatus) -> std::result::Result<DealStatus, Refused> {
    let Some(s) = text.map(|s| s.trim().to_lowercase()) else {
        return Ok(by_stage);
    };
    match s.as_str() {
        "won" | "closed won" | "closedwon" => Ok(DealStatus::Won),
        "lost" | "closed lost" | "closedlost" => Ok(DealStatus::Lost),
        "open" | "" => Ok(by_stage),
        other => Err(Refused::note(
            "status",
            format!("status {other:?} is not open, won or lost"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_and_statuses() {
        assert_eq!(percentage(Some(" 20% ")).ok(), Some(Some(20)));
        assert_eq!(percentage(Some("0.2")).ok(), Some(Some(20)));
        assert_eq!(percentage(Some("1")).ok(), Some(Some(1)));
        assert_eq!(percentage(None).ok(), Some(None));
        assert!(percentage(Some("120")).is_err());
        assert_eq!(
            closing(Some("Closed Won"), DealStatus::Open).ok(),
            Some(DealStatus::Won)
        );
        assert_eq!(
            closing(Some("open"), DealStatus::Lost).ok(),
            Some(DealStatus::Lost)
        );
        assert!(closing(Some("maybe"), DealStatus::Open).is_err());
    }
}
