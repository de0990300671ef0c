//! Deals: opening, editing, moving through the pipeline, winning and losing.

use crate::domain::currency::Currency;
use crate::domain::dates::parse_date;
use crate::domain::lifecycle;
use crate::domain::money::Money;
use crate::domain::validate;
use crate::domain::*;
use crate::store::{Store, Tx};

use super::{companies, record, resolve, Now, NONE};

/// What `deal add` and `deal edit` set. `None` leaves a field alone; an empty string
/// clears an optional one (`--probability ""` goes back to the stage default).
#[derive(Debug, Default, Clone)]
pub struct DealChanges {
    pub title: Option<String>,
    pub contact: Option<String>,
    pub company: Option<String>,
    pub value: Option<String>,
    pub currency: Option<String>,
    pub stage: Option<String>,
    pub probability: Option<String>,
    pub close: Option<String>,
}

fn parse_probability(s: &str) -> Result<Option<u8>> {
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

/// Applies every change to `d`, validating all of it before the caller writes.
fn apply(tx: &Tx<'_>, now: &Now, d: &mut Deal, ch: &DealChanges) -> Result<()> {
    let r = tx.read();
    if let Some(t) = &ch.title {
        d.title = validate::required("deal title", t)?;
    }
    if let Some(cur) = &ch.currency {
        let currency = Currency::parse(cur)?;
        if ch.value.is_none() && currency != d.value.currency {
            // Re-read the same amount text in the new currency's minor units.
            d.value = Money::parse(&d.value.amount_text().replace(',', ""), currency)?;
        }
        d.value.currency = currency;
    }
    if let Some(v) = &ch.value {
        d.value = Money::parse(v, d.value.currency)?;
    }
    if let Some(p) = &ch.probability {
        d.probability = parse_probability(p)?;
    }
    if let Some(c) = &ch.close {
        d.expected_close = match validate::optional(Some(c)) {
            None => None,
            Some(c) => Some(parse_date(&c, now.local())?),
        };
    }
    if let Some(s) = &ch.stage {
        let stage = resolve::stage(r, s)?;
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
    if let Some(c) = &ch.contact {
        match validate::optional(Some(c)) {
            None => {
                d.contact_id = None;
                d.contact = None;
            }
            Some(c) => {
                let id = resolve::contact(r, &c)?;
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
        match validate::optional(Some(c)) {
            None => {
                d.company_id = None;
                d.company = None;
            }
            Some(c) => {
                // A write never guesses: an id, or exactly this name (created if new).
                let co = match parse_id(&c) {
                    Some(_) => resolve::company(r, &c)?,
                    None => companies::find_or_create(tx, now, &c)?,
                };
                d.company_id = Some(co.id);
                d.company = Some(co.name);
            }
        }
    }
    Ok(())
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
        let before = serde_json::json!({ "name": c.name, "lifecycle": c.lifecycle });
        let after = serde_json::json!({ "name": c.name, "lifecycle": next, "because": why });
        record(
            tx,
            now,
            "contact",
            id.0,
            Some(id),
            "lifecycle",
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
    store.write(|tx| {
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
        };
        apply(tx, now, &mut d, &ch)?;
        d.id = tx.insert_deal(&d)?;
        tx.add_stage_change(d.id, None, Some(d.stage_id), DealStatus::Open, now.utc)?;
        record(
            tx,
            now,
            "deal",
            d.id.0,
            d.contact_id,
            "create",
            NONE,
            Some(&d),
        )?;
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

pub fn edit(store: &Store, now: &Now, reference: &str, ch: DealChanges) -> Result<Deal> {
    store.write(|tx| {
        let before = resolve::deal(tx.read(), reference)?;
        let mut d = before.clone();
        apply(tx, now, &mut d, &ch)?;
        if d == before {
            return Ok(d);
        }
        d.updated_at = now.utc;
        tx.update_deal(&d)?;
        if d.stage_id != before.stage_id {
            tx.add_stage_change(
                d.id,
                Some(before.stage_id),
                Some(d.stage_id),
                d.status,
                now.utc,
            )?;
        }
        record(
            tx,
            now,
            "deal",
            d.id.0,
            d.contact_id,
            "update",
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

/// Moves a deal to a stage; `won` and `lost` close it; a closed deal moved to a stage is reopened.
pub fn move_to(store: &Store, now: &Now, reference: &str, stage: &str) -> Result<Moved> {
    match stage.trim().to_lowercase().as_str() {
        "won" => return close(store, now, reference, DealStatus::Won, None).map(Moved::To),
        "lost" => return close(store, now, reference, DealStatus::Lost, None).map(Moved::To),
        _ => {}
    }
    store.write(|tx| {
        let before = resolve::deal(tx.read(), reference)?;
        let target = resolve::stage(tx.read(), stage)?;
        step(tx, now, before, target)
    })
}

/// Moves a deal one stage forward (`+1`) or back (`-1`), as the TUI's `>`/`<` do.
pub fn shift(store: &Store, now: &Now, id: DealId, by: i64) -> Result<Moved> {
    store.write(|tx| {
        let before = resolve::deal(tx.read(), &id.0.to_string())?;
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
        "deal",
        d.id.0,
        d.contact_id,
        if reopened { "reopen" } else { "move" },
        Some(&before),
        Some(&d),
    )?;
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
    reference: &str,
    status: DealStatus,
    reason: Option<&str>,
) -> Result<Deal> {
    store.write(|tx| {
        let before = resolve::deal(tx.read(), reference)?;
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
            "deal",
            d.id.0,
            d.contact_id,
            status.as_str(),
            Some(&before),
            Some(&d),
        )?;
        if status == DealStatus::Won {
            advance_lifecycle(tx, now, d.contact_id, lifecycle::after_deal_won, "deal won")?;
        }
        Ok(d)
    })
}

pub fn remove(store: &Store, now: &Now, reference: &str) -> Result<Deal> {
    store.write(|tx| {
        let d = resolve::deal(tx.read(), reference)?;
        tx.delete_deal(d.id)?;
        record(
            tx,
            now,
            "deal",
            d.id.0,
            d.contact_id,
            "delete",
            Some(&d),
            NONE,
        )?;
        Ok(d)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::contacts::{self, ContactChanges};
    use crate::ops::testing::{now, store};

    fn usd() -> Currency {
        Currency::parse("USD").unwrap()
    }

    fn deal(title: &str) -> DealChanges {
        DealChanges {
            title: Some(title.into()),
            ..Default::default()
        }
    }

    #[test]
    fn money_is_stored_in_minor_units_of_its_currency() {
        let s = store();
        let d = add(
            &s,
            &now(),
            usd(),
            DealChanges {
                value: Some("4,500.50".into()),
                currency: Some("eur".into()),
                ..deal("A")
            },
        )
        .unwrap();
        assert_eq!(d.value.minor, 450_050);
        assert_eq!(d.value.currency.code(), "EUR");
        let d = add(
            &s,
            &now(),
            usd(),
            DealChanges {
                value: Some("1500".into()),
                currency: Some("JPY".into()),
                ..deal("B")
            },
        )
        .unwrap();
        assert_eq!(d.value.minor, 1500);
        for bad in ["12,3.4", "abc", "-5"] {
            assert!(add(
                &s,
                &now(),
                usd(),
                DealChanges {
                    value: Some(bad.into()),
                    ..deal("C")
                }
            )
            .is_err());
        }
        assert!(add(
            &s,
            &now(),
            usd(),
            DealChanges {
                probability: Some("101".into()),
                ..deal("C")
            }
        )
        .is_err());
        assert!(add(
            &s,
            &now(),
            usd(),
            DealChanges {
                stage: Some("nowhere".into()),
                ..deal("C")
            }
        )
        .is_err());
        assert_eq!(s.read().deals(&Default::default()).unwrap().len(), 2);
    }

    #[test]
    fn stage_history_follows_moves_wins_and_reopening() {
        let s = store();
        let d = add(&s, &now(), usd(), deal("Site")).unwrap();
        let id = d.id.0.to_string();
        assert!(matches!(
            move_to(&s, &now(), &id, "proposal").unwrap(),
            Moved::To(_)
        ));
        assert!(matches!(
            move_to(&s, &now(), &id, "Proposal").unwrap(),
            Moved::Unchanged(_)
        ));
        close(&s, &now(), &id, DealStatus::Lost, Some("price")).unwrap();
        let reopened = move_to(&s, &now(), &id, "negotiation").unwrap();
        assert!(
            matches!(reopened, Moved::Reopened(ref d) if d.status == DealStatus::Open && d.lost_reason.is_none())
        );
        close(&s, &now(), &id, DealStatus::Won, None).unwrap();
        assert!(close(&s, &now(), &id, DealStatus::Won, None).is_err());
        let h = s.read().stage_history(d.id).unwrap();
        let path: Vec<(Option<&str>, DealStatus)> = h
            .iter()
            .map(|c| (c.to_stage.as_deref(), c.status))
            .collect();
        assert_eq!(
            path,
            vec![
                (Some("lead"), DealStatus::Open),
                (Some("proposal"), DealStatus::Open),
                (Some("proposal"), DealStatus::Lost),
                (Some("negotiation"), DealStatus::Open),
                (Some("negotiation"), DealStatus::Won),
            ]
        );
    }

    #[test]
    fn deals_move_their_contact_through_the_lifecycle() {
        let s = store();
        let c = contacts::add(
            &s,
            &now(),
            ContactChanges {
                name: Some("Ada".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let d = add(
            &s,
            &now(),
            usd(),
            DealChanges {
                contact: Some("ada".into()),
                ..deal("One")
            },
        )
        .unwrap();
        assert_eq!(
            contacts::load(s.read(), c.id).unwrap().lifecycle,
            Lifecycle::Decision
        );
        close(&s, &now(), &d.id.0.to_string(), DealStatus::Won, None).unwrap();
        assert_eq!(
            contacts::load(s.read(), c.id).unwrap().lifecycle,
            Lifecycle::Retention
        );
        let d2 = add(
            &s,
            &now(),
            usd(),
            DealChanges {
                contact: Some("ada".into()),
                ..deal("Two")
            },
        )
        .unwrap();
        assert_eq!(
            contacts::load(s.read(), c.id).unwrap().lifecycle,
            Lifecycle::Retention,
            "never backwards"
        );
        close(&s, &now(), &d2.id.0.to_string(), DealStatus::Won, None).unwrap();
        assert_eq!(
            contacts::load(s.read(), c.id).unwrap().lifecycle,
            Lifecycle::Expansion
        );
        let moves = s
            .read()
            .history(Some(c.id), 50)
            .unwrap()
            .into_iter()
            .filter(|h| h.action == "lifecycle")
            .count();
        assert_eq!(moves, 3);
    }

    #[test]
    fn shifting_stays_inside_the_pipeline() {
        let s = store();
        let d = add(&s, &now(), usd(), deal("Edge")).unwrap();
        assert!(matches!(
            shift(&s, &now(), d.id, -1).unwrap(),
            Moved::Unchanged(_)
        ));
        assert!(
            matches!(shift(&s, &now(), d.id, 1).unwrap(), Moved::To(ref x) if x.stage == "qualified")
        );
    }
}
