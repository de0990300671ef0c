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
    facts.score = r.score_of(id)?.map(i64::from);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::currency::Currency;
    use crate::domain::filter::{parse, Target};
    use crate::domain::{CompanySize, Lifecycle};
    use crate::ops::companies::{self, CompanyChanges};
    use crate::ops::contacts::ContactChanges;
    use crate::ops::deals::DealChanges;
    use crate::ops::testing::{now, store};

    #[test]
    fn facts_gather_the_company_and_deal_totals_per_currency() {
        let s = store();
        let t = now();
        companies::add(
            &s,
            &t,
            CompanyChanges {
                name: Some("Acme".into()),
                industry: Some("Rockets".into()),
                size: Some(Some(CompanySize::Large)),
                ..Default::default()
            },
        )
        .unwrap();
        let ada = contacts::add(
            &s,
            &t,
            ContactChanges {
                name: Some("Zoë Lovelace".into()),
                company: Some("Acme".into()),
                tags: Some(vec!["vip".into()]),
                ..Default::default()
            },
        )
        .unwrap();
        let eur = Currency::parse("EUR").unwrap();
        let jpy = Currency::parse("JPY").unwrap();
        let mut ids = Vec::new();
        for (minor, currency) in [
            (100_000, eur),
            (50_000, eur),
            (3_000, jpy),
            (7_000, eur),
            (900, eur),
        ] {
            let d = deals::add(
                &s,
                &t,
                Currency::usd(),
                DealChanges {
                    title: Some(format!("Deal {minor}")),
                    contact: Some(Some(ada.id)),
                    value: Some(Money::new(minor, currency)),
                    ..Default::default()
                },
            )
            .unwrap();
            ids.push(d.id);
        }
        deals::close(&s, &t, ids[3], DealStatus::Won, None).unwrap();
        deals::close(&s, &t, ids[4], DealStatus::Lost, Some("price")).unwrap();

        let c = contact_facts(s.read(), ada.id).unwrap();
        assert_eq!(c.name, "Zoë Lovelace");
        assert_eq!(c.company.as_deref(), Some("Acme"));
        assert_eq!(c.company_size, Some(CompanySize::Large));
        assert_eq!(c.company_industry.as_deref(), Some("Rockets"));
        assert_eq!(c.deals_open, 3);
        assert_eq!(
            c.deals_open_value,
            vec![Money::new(150_000, eur), Money::new(3_000, jpy)]
        );
        assert_eq!(c.deals_won, 1);
        assert_eq!(c.deals_won_value, vec![Money::new(7_000, eur)]);
        assert_eq!(c.lifecycle, Lifecycle::Retention, "winning made a customer");
        // The stored lead score, kept current by each change (cases come later).
        let stored = s.read().score_of(ada.id).unwrap().map(i64::from);
        assert!(stored.is_some_and(|s| s > 0));
        assert_eq!(
            (c.score, c.cadence, c.birthday, c.cases_open),
            (stored, None, None, 0)
        );

        let clock = t.clock();
        let quiet_vips = parse(
            "tag:vip and deals.open_value > 1000 EUR and company.size = large and zoe",
            Target::Contact,
        )
        .unwrap();
        assert!(quiet_vips.matches_contact(&c, &clock));

        let d = deal_facts(s.read(), ids[0]).unwrap();
        assert_eq!(d.value, Money::new(100_000, eur));
        assert_eq!(d.status, DealStatus::Open);
        assert_eq!(d.contact.as_ref(), Some(&c));
        let f = parse(
            "value = 1000 and contact.lifecycle = customer and tag:vip and created = today",
            Target::Deal,
        )
        .unwrap();
        assert!(f.matches_deal(&d, &clock), "{f}");

        let missing = contact_facts(s.read(), crate::domain::ContactId(999)).unwrap_err();
        assert!(missing.to_string().contains("no contact #999"), "{missing}");
        contacts::remove(&s, &t, ada.id).unwrap();
        let orphan = deal_facts(s.read(), ids[0]).unwrap();
        assert_eq!(orphan.contact, None, "a removed contact is no contact");
    }

    #[test]
    fn the_clock_uses_the_fixed_offset() {
        let t = now();
        let clock = t.clock();
        assert_eq!(clock.now, t.utc);
        assert_eq!(clock.today(), t.today());
    }
}
