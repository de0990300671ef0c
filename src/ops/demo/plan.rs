//! The sample planned in memory: who the contacts are, which deals they have and how
//! those moved through the pipeline, and how busy each contact is.
//!
//! Kept small, because a million contacts are planned at once: a contact is a few numbers
//! (its names are indexes into the culture's lists), a deal only what the other parts need
//! to know of it; the deals themselves are drawn again, one at a time, to be written.

use chrono::NaiveDate;

use super::people::{self, Culture};
use super::rng::Rng;
use super::*;
use crate::domain::currency::Currency;
use crate::domain::money::Money;
use crate::domain::*;

pub(super) struct ContactPlan {
    pub(super) created: i64,
    pub(super) updated: i64,
    pub(super) interactions: usize,
    company: Option<u32>,
    given: u16,
    family: u16,
    culture: u8,
    pub(super) lifecycle: Lifecycle,
    /// Has won a deal: gives feedback.
    pub(super) customer: bool,
}

impl ContactPlan {
    pub(super) fn culture(&self) -> &'static Culture {
        &people::cultures()[self.culture as usize]
    }
    pub(super) fn given(&self) -> &'static str {
        &self.culture().given[self.given as usize]
    }
    pub(super) fn family(&self) -> &'static str {
        &self.culture().family[self.family as usize]
    }
    pub(super) fn company(&self) -> Option<usize> {
        self.company.map(|k| k as usize)
    }
}

/// What the rest of the sample needs to know of a deal.
pub(super) struct DealSummary {
    pub(super) contact: usize,
    pub(super) status: DealStatus,
    pub(super) created: i64,
    pub(super) last_change: i64,
}

impl DealSummary {
    /// Until when people talk about this deal: its close, or now while it is open.
    pub(super) fn active_until(&self, base: i64) -> i64 {
        if self.status == DealStatus::Open {
            base
        } else {
            self.last_change
        }
    }
}

/// The whole plan: contacts, deal summaries, and which deals each contact has.
pub(super) struct Sample {
    pub(super) contacts: Vec<ContactPlan>,
    pub(super) deals: Vec<DealSummary>,
    /// Contact `i`'s deals, in the order they were drawn, are
    /// `deal_list[deal_start[i]..deal_start[i + 1]]`.
    deal_start: Vec<u32>,
    deal_list: Vec<u32>,
}

impl Sample {
    pub(super) fn deals_of(&self, contact: usize) -> &[u32] {
        own_deals(&self.deal_start, &self.deal_list, contact)
    }
}

fn own_deals<'a>(start: &[u32], list: &'a [u32], contact: usize) -> &'a [u32] {
    &list[start[contact] as usize..start[contact + 1] as usize]
}

/// Plans contacts and deals, settles lifecycles and spreads the interactions.
pub(super) fn plan(
    ctx: &Ctx<'_>,
    n_contacts: usize,
    n_companies: usize,
    n_stages: usize,
    n_deals: usize,
    n_interactions: usize,
) -> Result<Sample> {
    let mut contacts = plan_contacts(ctx, n_contacts, n_companies);
    let deals = plan_deals(ctx, &mut contacts, n_stages, n_deals)?;
    // Counting sort by contact keeps each contact's deals in the order they were drawn.
    let mut deal_start = vec![0u32; n_contacts + 1];
    for d in &deals {
        deal_start[d.contact + 1] += 1;
    }
    for i in 0..n_contacts {
        deal_start[i + 1] += deal_start[i];
    }
    let mut deal_list = vec![0u32; deals.len()];
    let mut next = deal_start.clone();
    for (j, d) in deals.iter().enumerate() {
        deal_list[next[d.contact] as usize] = j as u32;
        next[d.contact] += 1;
    }
    drop(next);
    settle_lifecycles(ctx, &mut contacts, &deals, &deal_start, &deal_list);
    spread_interactions(ctx, &mut contacts, &deal_start, n_interactions);
    Ok(Sample {
        contacts,
        deals,
        deal_start,
        deal_list,
    })
}

#[derive(Clone, Copy)]
pub(super) struct StageEvent {
    pub(super) from: Option<usize>,
    pub(super) to: usize,
    pub(super) status: DealStatus,
    pub(super) at: i64,
}

pub(super) struct DealPlan {
    pub(super) contact: usize,
    pub(super) status: DealStatus,
    pub(super) stage: usize,
    /// Creation first, strictly increasing times, none after now.
    pub(super) events: Vec<StageEvent>,
    pub(super) value: Money,
    pub(super) probability: Option<u8>,
    pub(super) expected_close: NaiveDate,
    pub(super) lost_reason: Option<&'static str>,
    pub(super) topic: &'static str,
}

impl DealPlan {
    pub(super) fn created(&self) -> i64 {
        self.events[0].at
    }
    pub(super) fn last_change(&self) -> i64 {
        self.events[self.events.len() - 1].at
    }
}

fn plan_contacts(ctx: &Ctx<'_>, n: usize, n_companies: usize) -> Vec<ContactPlan> {
    let mut rng = Rng::fork(ctx.seed, S_CONTACTS, 0);
    let weights: Vec<u32> = people::cultures().iter().map(|c| c.weight).collect();
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let culture = rng.weighted(&weights);
        let names = &people::cultures()[culture];
        let given = rng.below(names.given.len());
        let family = rng.below(names.family.len());
        // The smaller of two draws: a few companies have many contacts, most have a handful.
        let company = if n_companies > 0 && !rng.chance(10) {
            let a = rng.below(n_companies);
            let b = rng.below(n_companies);
            Some(a.min(b) as u32)
        } else {
            None
        };
        let created = ctx.base - rng.range(DAY, 365 * DAY);
        out.push(ContactPlan {
            created,
            updated: created,
            interactions: 0,
            company,
            given: given as u16,
            family: family as u16,
            culture: culture as u8,
            lifecycle: Lifecycle::Awareness,
            customer: false,
        });
    }
    out
}

fn plan_deals(
    ctx: &Ctx<'_>,
    contacts: &mut [ContactPlan],
    n_stages: usize,
    n: usize,
) -> Result<Vec<DealSummary>> {
    let mut deals = Vec::with_capacity(n);
    draw_deals(ctx, contacts.len(), n_stages, n, |deal, lead_time| {
        let c = &mut contacts[deal.contact];
        c.created = c.created.min(deal.created() - lead_time);
        deals.push(DealSummary {
            contact: deal.contact,
            status: deal.status,
            created: deal.created(),
            last_change: deal.last_change(),
        });
        Ok(())
    })?;
    Ok(deals)
}

/// Draws the deals in order, handing each to `f` with how long before it its contact
/// was created. Drawn once to plan and once more to write, so no deal is kept whole.
pub(super) fn draw_deals(
    ctx: &Ctx<'_>,
    n_contacts: usize,
    n_stages: usize,
    n: usize,
    mut f: impl FnMut(DealPlan, i64) -> Result<()>,
) -> Result<()> {
    let currencies = [
        Currency::usd(),
        Currency::parse("EUR")?,
        Currency::parse("GBP")?,
        Currency::parse("JPY")?,
    ];
    let mut rng = Rng::fork(ctx.seed, S_DEALS, 0);
    let mut owners: Vec<u32> = Vec::with_capacity(n);
    for j in 0..n {
        // Some deals are repeat business with a contact who already has one.
        let contact = if j > 0 && rng.chance(20) {
            owners[rng.below(j)] as usize
        } else {
            rng.below(n_contacts)
        };
        let deal = plan_deal(&mut rng, ctx, contact, n_stages, &currencies);
        let lead_time = rng.range(DAY, 45 * DAY);
        owners.push(contact as u32);
        f(deal, lead_time)?;
    }
    Ok(())
}

fn event(from: Option<usize>, to: usize, status: DealStatus) -> StageEvent {
    StageEvent {
        from,
        to,
        status,
        at: 0,
    }
}

fn plan_deal(
    rng: &mut Rng,
    ctx: &Ctx<'_>,
    contact: usize,
    n_stages: usize,
    currencies: &[Currency; 4],
) -> DealPlan {
    use DealStatus::{Lost, Open, Won};
    let status = [Open, Won, Lost][rng.weighted(&[55, 25, 20])];
    let last = n_stages - 1;
    let stage = match status {
        // Open deals crowd the early stages, as real pipelines do.
        Open => {
            if rng.chance(50) {
                rng.below(n_stages)
            } else {
                let a = rng.below(n_stages);
                let b = rng.below(n_stages);
                a.min(b)
            }
        }
        Won => {
            if last > 0 && rng.chance(30) {
                last - 1
            } else {
                last
            }
        }
        Lost => rng.below(n_stages),
    };

    // The stages it went through: forward only, now and then skipping one.
    let start = if stage > 0 && rng.chance(20) { 1 } else { 0 };
    let mut path = vec![start];
    let mut s = start;
    while s < stage {
        s += if s + 2 <= stage && rng.chance(15) {
            2
        } else {
            1
        };
        path.push(s);
    }
    // A few deals were lost once and reopened later.
    let reopened_at = if status != Lost && rng.chance(7) {
        Some(rng.below(path.len()))
    } else {
        None
    };
    let mut events = Vec::with_capacity(path.len() + 3);
    events.push(event(None, path[0], Open));
    for k in 0..path.len() {
        if k > 0 {
            events.push(event(Some(path[k - 1]), path[k], Open));
        }
        if reopened_at == Some(k) {
            events.push(event(Some(path[k]), path[k], Lost));
            events.push(event(Some(path[k]), path[k], Open));
        }
    }
    if status != Open {
        events.push(event(Some(stage), stage, status));
    }

    // Times: created, then each change in its own slot, so they strictly increase.
    let steps = events.len() as i64 - 1;
    let (created, end) = if status == Open {
        let age = rng.range(DAY, 240 * DAY);
        let created = ctx.base - age;
        let end = if steps == 0 {
            created
        } else {
            created + age * rng.range(40, 95) / 100
        };
        (created, end)
    } else {
        let cycle = rng.range(10 * DAY, 150 * DAY);
        let end = ctx.base - rng.range(3 * HOUR, (360 * DAY - cycle).max(3 * HOUR));
        (end - cycle, end)
    };
    events[0].at = created;
    if steps > 0 {
        let slot = ((end - created) / steps).max(2);
        for k in 1..steps {
            events[k as usize].at = created + slot * k + rng.range(0, slot / 2);
        }
        events[steps as usize].at = end;
    }

    let expected_close = match status {
        Open => {
            if rng.chance(15) && ctx.base - created > 30 * DAY {
                day_offset(ctx.today, -rng.range(1, 30))
            } else {
                day_offset(ctx.today, rng.range(0, 90))
            }
        }
        _ => ctx.now.to_local(at(end)).date(),
    };
    let probability = if status == Open && rng.chance(20) {
        Some((rng.range(1, 19) * 5) as u8)
    } else {
        None
    };

    let currency = currencies[rng.weighted(&[65, 20, 10, 5])];
    let major = match rng.weighted(&[40, 40, 20]) {
        0 => rng.range(4, 20) * 250,
        1 => rng.range(10, 50) * 500,
        _ => rng.range(10, 32) * 2_500,
    };
    // Yen have no minor unit and are worth far less: scale and round to 10,000.
    let major = if currency.exponent() == 0 {
        (major * 150 / 10_000).max(1) * 10_000
    } else {
        major
    };
    let value = Money::new(major * 10i64.pow(currency.exponent() as u32), currency);
    let lost_reason = if status == Lost {
        Some(rng.pick(&phrases::phrases().deals.lost_reasons).as_str())
    } else {
        None
    };
    let topic = rng.pick(&phrases::phrases().deals.topics).as_str();
    DealPlan {
        contact,
        status,
        stage,
        events,
        value,
        probability,
        expected_close,
        lost_reason,
        topic,
    }
}

/// Lifecycle stages that agree with each contact's deals.
fn settle_lifecycles(
    ctx: &Ctx<'_>,
    contacts: &mut [ContactPlan],
    deals: &[DealSummary],
    deal_start: &[u32],
    deal_list: &[u32],
) {
    let mut rng = Rng::fork(ctx.seed, S_LIFECYCLE, 0);
    for (i, c) in contacts.iter_mut().enumerate() {
        let (mut won, mut open, mut lost) = (0, 0, 0);
        for &d in own_deals(deal_start, deal_list, i) {
            let d = &deals[d as usize];
            match d.status {
                DealStatus::Won => won += 1,
                DealStatus::Open => open += 1,
                DealStatus::Lost => lost += 1,
            }
            c.updated = c.updated.max(d.last_change);
        }
        c.customer = won > 0;
        c.lifecycle = if won >= 2 || (won == 1 && open > 0) {
            Lifecycle::Expansion
        } else if won == 1 {
            Lifecycle::Retention
        } else if open > 0 {
            Lifecycle::Decision
        } else if lost > 0 {
            if rng.chance(15) {
                Lifecycle::Churned
            } else {
                Lifecycle::Consideration
            }
        } else {
            match rng.below(100) {
                0..=2 => Lifecycle::Churned,
                3..=57 => Lifecycle::Awareness,
                _ => Lifecycle::Consideration,
            }
        };
    }
}

/// How many interactions each contact gets: unevenly (some none, a few very many), more
/// for contacts with deals, and exactly `total` in all.
fn spread_interactions(
    ctx: &Ctx<'_>,
    contacts: &mut [ContactPlan],
    deal_start: &[u32],
    total: usize,
) {
    if contacts.is_empty() || total == 0 {
        return;
    }
    let mut rng = Rng::fork(ctx.seed, S_SPREAD, 0);
    let mut weights: Vec<u64> = Vec::with_capacity(contacts.len());
    for i in 0..contacts.len() {
        let has_deals = deal_start[i + 1] > deal_start[i];
        let w: u64 = match rng.below(100) {
            0..=14 => 0,
            15..=59 => rng.range(1, 4) as u64,
            60..=89 => rng.range(5, 15) as u64,
            _ => rng.range(16, 60) as u64,
        };
        weights.push(if has_deals { w * 2 + 3 } else { w });
    }
    let mut sum: u64 = weights.iter().sum();
    if sum == 0 {
        weights.iter_mut().for_each(|w| *w = 1);
        sum = weights.len() as u64;
    }
    let mut given = 0usize;
    for (c, &w) in contacts.iter_mut().zip(&weights) {
        c.interactions = (total as u128 * w as u128 / sum as u128) as usize;
        given += c.interactions;
    }
    // The rounding remainder, one each to contacts that take part.
    let mut rest = total - given;
    let n = contacts.len();
    let start = rng.below(n);
    let mut i = 0;
    while rest > 0 {
        let k = (start + i) % n;
        if weights[k] > 0 {
            contacts[k].interactions += 1;
            rest -= 1;
        }
        i += 1;
    }
}
