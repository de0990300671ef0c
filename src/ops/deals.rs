//! Deals: opening, editing, moving through the pipeline, winning and losing.

use chrono::NaiveDate;

use crate::domain::automation::{Event, EventKind};
use crate::domain::currency::Currency;
use crate::domain::history::{Action, Entity};
use crate::domain::lifecycle;
use crate::domain::money::Money;
use crate::domain::validate;
use crate::domain::*;
use crate::store::{Reader, Store, Tx};

use super::{companies, record, stages, Now, NONE};

/// What `deal add` and `deal edit` set, typed (faces parse and resolve first, see
/// `crate::input::deal`). `None` leaves a field alone; `Some(None)` clears an optional one.
#[derive(Debug, Default, Clone)]
pub struct DealChanges {
    pub title: Option<String>,
    pub contact: Option<Option<ContactId>>,
    pub company: Option<Option<CompanyPick>>,
    pub value: Option<Money>,
    pub stage: Option<StageId>,
    pub probability: Option<Option<u8>>,
    pub close: Option<Option<NaiveDate>>,
    /// Who it belongs to; `Some(None)` is nobody. A new deal's default is the acting user.
    pub owner: Option<Option<String>>,
    /// For `edit`: the version the caller read; a different stored one is refused.
    pub version: Option<i64>,
}

/// A deal's company: one that exists, or exactly this name (created if new).
#[derive(Debug, Clone, PartialEq)]
pub enum CompanyPick {
    Id(CompanyId),
    Name(String),
}

/// Applies every change to `d`, validating all of it before the caller writes.
fn apply(tx: &Tx<'_>, now: &Now, d: &mut Deal, ch: &DealChanges) -> Result<()> {
    let r = tx.read();
    if let Some(t) = &ch.title {
        d.title = validate::required("deal title", t).map_err(|e| e.at(Field::Title))?;
    }
    if let Some(v) = ch.value {
        d.value = v;
    }
    if let Some(p) = ch.probability {
        d.probability = p;
    }
    if let Some(c) = ch.close {
        d.expected_close = c;
    }
    if let Some(o) = &ch.owner {
        d.owner = crate::domain::owner::checked(o.as_deref())?;
    }
    if let Some(id) = ch.stage {
        let stage = stages::load(r, id)?;
        d.stage_id = stage.id;
        d.stage = stage.name;
        d.stage_probability = stage.probability;
        // A won or lost deal put in a stage is open again (as `deal move` does).
        if d.status != DealStatus::Open && d.id.0 != 0 {
            d.status = DealStatus::Open;
            d.closed_at = None;
            d.lost_reason = None;
        }
    }
    if let Some(c) = ch.contact {
        match c {
            None => {
                d.contact_id = None;
                d.contact = None;
            }
            Some(id) => {
                let contact = super::contacts::load(r, id)?;
                d.contact_id = Some(id);
                d.contact = Some(contact.name);
                if ch.company.is_none() && d.company_id.is_none() {
                    d.company_id = contact.company_id;
                    d.company = contact.company;
                }
            }
        }
    }
    if let Some(c) = &ch.company {
        let co = match c {
            None => None,
            Some(CompanyPick::Id(id)) => Some(r.company(*id)?.ok_or_else(|| {
                Error::not_found(format!("there is no company #{id}; see crm company list."))
            })?),
            Some(CompanyPick::Name(name)) => Some(companies::find_or_create(tx, now, name)?),
        };
        d.company_id = co.as_ref().map(|c| c.id);
        d.company = co.map(|c| c.name);
    }
    Ok(())
}

/// The deal with this id.
pub fn load(r: Reader<'_>, id: DealId) -> Result<Deal> {
    r.deal(id)?
        .ok_or_else(|| Error::not_found(format!("there is no deal #{id}; see crm deal list.")))
}

/// Moves the contact's lifecycle forward if a rule says so, with a history row.
pub(crate) fn advance_lifecycle(
    tx: &Tx<'_>,
    now: &Now,
    contact: Option<ContactId>,
    rule: impl Fn(Lifecycle) -> Option<Lifecycle>,
    why: &str,
) -> Result<()> {
    let Some(id) = contact else { return Ok(()) };
    let Some(c) = tx.read().contact(id)? else {
        return Ok(());
    };
    if let Some(next) = rule(c.lifecycle) {
        tx.set_lifecycle(id, next, now.utc)?;
        tx.emit(
            Event::new(EventKind::ContactLifecycle)
                .contact(Some(id))
                .to(next.as_str()),
        );
        let before = serde_json::json!({ "name": c.name, "lifecycle": c.lifecycle });
        let after = serde_json::json!({ "name": c.name, "lifecycle": next, "because": why });
        record(
            tx,
            now,
            Entity::Contact,
            id.0,
            Some(id),
            Action::Lifecycle,
            Some(&before),
            Some(&after),
        )?;
    }
    Ok(())
}

pub fn add(store: &Store, now: &Now, default_currency: Currency, ch: DealChanges) -> Result<Deal> {
    if ch.title.is_none() {
        return Err(Error::invalid("the deal title cannot be empty."));
    }
    super::automation::write(store, now, |tx| {
        let first = tx.read().stages()?.into_iter().next().ok_or_else(|| {
            Error::conflict("the pipeline has no stages; add one with crm stage add.")
        })?;
        let mut d = Deal {
            id: DealId(0),
            title: String::new(),
            contact_id: None,
            contact: None,
            company_id: None,
            company: None,
            stage_id: first.id,
            stage: first.name,
            stage_probability: first.probability,
            status: DealStatus::Open,
            value: Money::new(0, default_currency),
            probability: None,
            expected_close: None,
            lost_reason: None,
            created_at: now.utc,
            updated_at: now.utc,
            closed_at: None,
            owner: now.by.map(String::from),
            version: 1,
        };
        apply(tx, now, &mut d, &ch)?;
        d.id = tx.insert_deal(&d)?;
        tx.add_stage_change(d.id, None, Some(d.stage_id), DealStatus::Open, now.utc)?;
        record(
            tx,
            now,
            Entity::Deal,
            d.id.0,
            d.contact_id,
            Action::Create,
            NONE,
            Some(&d),
        )?;
        tx.emit(
            Event::new(EventKind::DealCreated)
                .contact(d.contact_id)
                .deal(d.id),
        );
        advance_lifecycle(
            tx,
            now,
            d.contact_id,
            lifecycle::after_deal_opened,
            "deal opened",
        )?;
        Ok(d)
    })
}

pub fn edit(store: &Store, now: &Now, id: DealId, ch: DealChanges) -> Result<Deal> {
    super::automation::write(store, now, |tx| {
        let before = load(tx.read(), id)?;
        super::check_version_of(tx.read(), Entity::Deal, id.0, before.version, ch.version)?;
        let mut d = before.clone();
        apply(tx, now, &mut d, &ch)?;
        if d == before {
            return Ok(d);
        }
        d.updated_at = now.utc;
        d.version = before.version + 1;
        tx.update_deal(&d)?;
        tx.touch(before.contact_id);
        if d.stage_id != before.stage_id {
            tx.add_stage_change(
                d.id,
                Some(before.stage_id),
                Some(d.stage_id),
                d.status,
                now.utc,
            )?;
            tx.emit(stage_event(&d));
        }
        record(
            tx,
            now,
            Entity::Deal,
            d.id.0,
            d.contact_id,
            Action::Update,
            Some(&before),
            Some(&d),
        )?;
        Ok(d)
    })
}

/// What a move did, for the message the user sees.
#[derive(Debug, Clone, PartialEq)]
pub enum Moved {
    To(Deal),
    Reopened(Deal),
    Unchanged(Deal),
}

/// Where `deal move` sends a deal: a stage, or closed as won or lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Stage(StageId),
    Won,
    Lost,
}

/// Moves a deal to a stage; `Won` and `Lost` close it; a closed deal moved to a stage is reopened.
pub fn move_to(store: &Store, now: &Now, id: DealId, target: Target) -> Result<Moved> {
    let stage = match target {
        Target::Won => return close(store, now, id, DealStatus::Won, None).map(Moved::To),
        Target::Lost => return close(store, now, id, DealStatus::Lost, None).map(Moved::To),
        Target::Stage(s) => s,
    };
    super::automation::write(store, now, |tx| {
        let before = load(tx.read(), id)?;
        let target = stages::load(tx.read(), stage)?;
        step(tx, now, before, target)
    })
}

/// Moves a deal one stage forward (`+1`) or back (`-1`), as the TUI's `>`/`<` do.
pub fn shift(store: &Store, now: &Now, id: DealId, by: i64) -> Result<Moved> {
    super::automation::write(store, now, |tx| {
        let before = load(tx.read(), id)?;
        let stages = tx.read().stages()?;
        let at = stages
            .iter()
            .position(|s| s.id == before.stage_id)
            .unwrap_or(0) as i64;
        let to = (at + by).clamp(0, stages.len() as i64 - 1) as usize;
        match stages.get(to) {
            Some(target) if before.status != DealStatus::Open || target.id != before.stage_id => {
                step(tx, now, before, target.clone())
            }
            _ => Ok(Moved::Unchanged(before)),
        }
    })
}

/// `deal.stage`, with the stage the deal is now in.
fn stage_event(d: &Deal) -> Event {
    Event::new(EventKind::DealStage)
        .contact(d.contact_id)
        .deal(d.id)
        .to(d.stage.clone())
}

fn step(tx: &Tx<'_>, now: &Now, before: Deal, target: Stage) -> Result<Moved> {
    if before.status == DealStatus::Open && before.stage_id == target.id {
        return Ok(Moved::Unchanged(before));
    }
    let mut d = before.clone();
    d.stage_id = target.id;
    d.stage = target.name;
    d.stage_probability = target.probability;
    let reopened = d.status != DealStatus::Open;
    d.status = DealStatus::Open;
    d.closed_at = None;
    d.lost_reason = None;
    d.updated_at = now.utc;
    d.version = before.version + 1;
    tx.update_deal(&d)?;
    tx.add_stage_change(
        d.id,
        Some(before.stage_id),
        Some(d.stage_id),
        DealStatus::Open,
        now.utc,
    )?;
    record(
        tx,
        now,
        Entity::Deal,
        d.id.0,
        d.contact_id,
        if reopened {
            Action::Reopen
        } else {
            Action::Move
        },
        Some(&before),
        Some(&d),
    )?;
    tx.emit(stage_event(&d));
    Ok(if reopened {
        Moved::Reopened(d)
    } else {
        Moved::To(d)
    })
}

/// Marks a deal won or lost.
pub fn close(
    store: &Store,
    now: &Now,
    id: DealId,
    status: DealStatus,
    reason: Option<&str>,
) -> Result<Deal> {
    super::automation::write(store, now, |tx| {
        let before = load(tx.read(), id)?;
        if before.status == status {
            return Err(Error::invalid(format!(
                "deal #{} is already {status}.",
                before.id
            )));
        }
        let mut d = before.clone();
        d.status = status;
        d.closed_at = Some(now.utc);
        d.updated_at = now.utc;
        d.version = before.version + 1;
        d.lost_reason = if status == DealStatus::Lost {
            validate::optional(reason)
        } else {
            None
        };
        tx.update_deal(&d)?;
        tx.add_stage_change(
            d.id,
            Some(before.stage_id),
            Some(d.stage_id),
            status,
            now.utc,
        )?;
        record(
            tx,
            now,
            Entity::Deal,
            d.id.0,
            d.contact_id,
            if status == DealStatus::Won {
                Action::Won
            } else {
                Action::Lost
            },
            Some(&before),
            Some(&d),
        )?;
        let kind = if status == DealStatus::Won {
            EventKind::DealWon
        } else {
            EventKind::DealLost
        };
        tx.emit(Event::new(kind).contact(d.contact_id).deal(d.id));
        if status == DealStatus::Won {
            advance_lifecycle(tx, now, d.contact_id, lifecycle::after_deal_won, "deal won")?;
        }
        Ok(d)
    })
}

pub fn remove(store: &Store, now: &Now, id: DealId) -> Result<Deal> {
    super::automation::write(store, now, |tx| {
        let d = load(tx.read(), id)?;
        tx.delete_deal(d.id)?;
        record(
            tx,
            now,
            Entity::Deal,
            d.id.0,
            d.contact_id,
            Action::Delete,
            Some(&d),
            NONE,
        )?;
        Ok(d)
    })
}

#[cfg(test)]
#[path = "deals_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "deals_totals_tests.rs"]
mod totals_tests;

#[cfg(test)]
#[path = "owners_tests.rs"]
mod owners_tests;
