//! Gathers the facts a filter expression (DESIGN §12) is evaluated on, for one contact or
//! one deal: the record, its company's size and industry, its deal totals.

use crate::domain::filter::{ContactFacts, DealFacts};
use crate::domain::money::Money;
use crate::domain::{ContactId, DealId, DealStatus, Result};
use crate::store::Reader;

use super::{contacts, deals};

/// The facts of a live contact. Score, cadence, birthday and open cases stay empty until
/// the records carry them.
pub fn contact_facts(r: Reader<'_>, id: ContactId) -> Result<ContactFacts> {
    let contact = contacts::load(r, id)?;
    let mut facts = ContactFacts::of(&contact);
    if let Some(company) = contact
        .company_id
        .map(|c| r.company(c))
        .transpose()?
        .flatten()
    {
        facts.company_size = company.size;
        facts.company_industry = company.industry;
    }
    for (status, currency, count, minor) in r.contact_deal_totals(id)? {
        let total = Money::new(minor, currency);
        match status {
            DealStatus::Open => {
                facts.deals_open += count;
                facts.deals_open_value.push(total);
            }
            DealStatus::Won => {
                facts.deals_won += count;
                facts.deals_won_value.push(total);
            }
            DealStatus::Lost => {}
        }
    }
    Ok(facts)
}

/// The facts of a deal, with its contact's (when it has a live one).
pub fn deal_facts(r: Reader<'_>, id: DealId) -> Result<DealFacts> {
    let deal = deals::load(r, id)?;
    let mut facts = DealFacts::of(&deal);
    if let Some(company) = deal.company_id.map(|c| r.company(c)).transpose()?.flatten() {
        facts.company_size = company.size;
        facts.company_industry = company.industry;
    }
    if let Some(contact) = deal.contact_id {
        if r.contact_exists(contact)? {
            facts.contact = Some(contact_facts(r, contact)?);
        }
    }
    Ok(facts)
}
