//! `crm demo`: fills the database with a realistic, deterministic sample.
//!
//! Everything is drawn from a small seeded generator (splitmix64) and placed relative to the
//! injected clock, so the same seed and the same "now" give the same database. The whole
//! sample is planned in memory first (who works where, which deals exist and how they moved,
//! how busy each contact is), then written in one transaction with the store's bulk inserts.
//! Interactions are not kept in memory: each one is drawn from its own numbered stream, once
//! to learn every contact's last contact time and once more to write it.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use serde::Serialize;

use super::demo_names::{self as names, Culture, Order};
use super::{record, Now, NONE};
use crate::domain::currency::Currency;
use crate::domain::money::Money;
use crate::domain::InteractionKind as Kind;
use crate::domain::*;
use crate::store::{Store, Tx};

/// How much sample data to make.
#[derive(Debug, Clone, Copy)]
pub struct DemoSize {
    pub contacts: usize,
    pub deals: usize,
    pub interactions: usize,
    pub seed: u64,
}

impl Default for DemoSize {
    fn default() -> Self {
        DemoSize {
            contacts: 200,
            deals: 60,
            interactions: 2000,
            seed: 42,
        }
    }
}

/// What `crm demo` created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub companies: usize,
    pub contacts: usize,
    pub deals: usize,
    pub interactions: usize,
    pub tasks: usize,
}

/// Fills the database in one transaction. Refuses when the database already holds records,
/// unless `force`, which first wipes every record (stages and history stay).
pub fn run(store: &Store, now: &Now, size: DemoSize, force: bool) -> Result<DemoSummary> {
    store.write(|tx| {
        if !tx.read().is_empty()? {
            if !force {
                return Err(Error::conflict(
                    "the database already holds records, and the demo only fills an empty one. \
                     Run `crm demo --force` to delete every record and load the sample instead.",
                ));
            }
            tx.wipe_records()?;
        }
        let summary = generate(tx, now, size)?;
        record(tx, now, "demo", 0, None, "demo", NONE, Some(&summary))?;
        Ok(summary)
    })
}

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

// One independent stream of random numbers per part of the sample, so changing how one
// part is drawn does not reshuffle the others.
const S_COMPANIES: u64 = 1;
const S_CONTACTS: u64 = 2;
const S_DEALS: u64 = 3;
const S_LIFECYCLE: u64 = 4;
const S_SPREAD: u64 = 5;
const S_INTERACTION: u64 = 6;
const S_CONTACT_DETAILS: u64 = 7;
const S_TASKS: u64 = 8;

/// splitmix64: tiny, fast and good enough for sample data.
struct Rng(u64);

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// The `index`-th generator of a stream.
    fn fork(seed: u64, stream: u64, index: u64) -> Rng {
        let s = mix(seed.wrapping_add(stream.wrapping_mul(GOLDEN)));
        Rng(mix(s ^ index.wrapping_mul(0xD6E8_FEB8_6659_FD93)))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi` (`lo` when the range is empty).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo) as u128 + 1;
        lo + ((self.next_u64() as u128 * span) >> 64) as i64
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index drawn with the given relative weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| w as u64).sum();
        let mut x = ((self.next_u64() as u128 * total as u128) >> 64) as u64;
        for (i, &w) in weights.iter().enumerate() {
            if x < w as u64 {
                return i;
            }
            x -= w as u64;
        }
        weights.len().saturating_sub(1)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// The clock and seed everything is drawn against. Times are whole seconds since the epoch.
struct Ctx<'a> {
    now: &'a Now,
    seed: u64,
    base: i64,
    /// Local offset from UTC at "now", to put meetings in office hours.
    offset: i64,
    today: NaiveDate,
}

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

fn day_offset(day: NaiveDate, days: i64) -> NaiveDate {
    let moved = if days >= 0 {
        day.checked_add_days(Days::new(days as u64))
    } else {
        day.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved.unwrap_or(day)
}

struct CompanyPlan {
    id: CompanyId,
    name: String,
    domain: String,
}

struct ContactPlan {
    culture: &'static Culture,
    given: &'static str,
    family: &'static str,
    company: Option<usize>,
    created: i64,
    updated: i64,
    lifecycle: Lifecycle,
    /// Has won a deal: gives feedback.
    customer: bool,
    deals: Vec<usize>,
    interactions: usize,
}

#[derive(Clone, Copy)]
struct StageEvent {
    from: Option<usize>,
    to: usize,
    status: DealStatus,
    at: i64,
}

struct DealPlan {
    contact: usize,
    status: DealStatus,
    stage: usize,
    /// Creation first, strictly increasing times, none after now.
    events: Vec<StageEvent>,
    value: Money,
    probability: Option<u8>,
    expected_close: NaiveDate,
    lost_reason: Option<&'static str>,
    topic: &'static str,
}

impl DealPlan {
    fn created(&self) -> i64 {
        self.events[0].at
    }
    fn last_change(&self) -> i64 {
        self.events[self.events.len() - 1].at
    }
    /// Until when people talk about this deal: its close, or now while it is open.
    fn active_until(&self, base: i64) -> i64 {
        if self.status == DealStatus::Open {
            base
        } else {
            self.last_change()
        }
    }
}

fn generate(tx: &Tx<'_>, now: &Now, size: DemoSize) -> Result<DemoSummary> {
    let ctx = Ctx {
        now,
        seed: size.seed,
        base: now.utc.timestamp(),
        offset: (now.local() - now.utc.naive_utc()).num_seconds(),
        today: now.today(),
    };
    let stages = tx.read().stages()?;
    // Deals and interactions belong to contacts, so without contacts there are none.
    let n_contacts = size.contacts;
    let n_deals = if n_contacts == 0 || stages.is_empty() {
        0
    } else {
        size.deals
    };
    let n_interactions = if n_contacts == 0 {
        0
    } else {
        size.interactions
    };
    let n_companies = if n_contacts == 0 {
        0
    } else {
        (n_contacts / 8).max(1)
    };

    let companies = insert_companies(tx, &ctx, n_companies)?;
    let mut contacts = plan_contacts(&ctx, n_contacts, companies.len());
    let deals = plan_deals(&ctx, &mut contacts, stages.len(), n_deals)?;
    settle_lifecycles(&ctx, &mut contacts, &deals);
    spread_interactions(&ctx, &mut contacts, n_interactions);
    let last_contact = last_contacts(&ctx, &contacts, &deals);

    let contact_ids = insert_contacts(tx, &ctx, &contacts, &companies, &last_contact)?;
    let deal_ids = insert_deals(tx, &deals, &contacts, &companies, &contact_ids, &stages)?;
    let interactions = insert_interactions(tx, &ctx, &contacts, &deals, &contact_ids, &deal_ids)?;
    let tasks = insert_tasks(tx, &ctx, &contacts, &deals, &contact_ids, &deal_ids)?;
    Ok(DemoSummary {
        companies: companies.len(),
        contacts: contact_ids.len(),
        deals: deal_ids.len(),
        interactions,
        tasks,
    })
}

/// The name and web domain of the `i`-th company. `pairs` is a shuffled order of all
/// adjective-noun pairs; every pair is used once before any is used again with another
/// suffix, and once every suffix is taken a number is appended, so names never repeat.
fn company_identity(i: usize, pairs: &[usize]) -> (String, String) {
    let adjectives = names::COMPANY_ADJECTIVES;
    let nouns = names::COMPANY_NOUNS;
    let suffixes = names::COMPANY_SUFFIXES;
    let pair = pairs[i % pairs.len()];
    let visit = i / pairs.len();
    let adjective = adjectives[pair % adjectives.len()];
    let noun = nouns[pair / adjectives.len()];
    let suffix = suffixes[(visit + pair * 7) % suffixes.len()];
    let round = visit / suffixes.len();
    let name = if round == 0 {
        format!("{adjective} {noun} {suffix}")
    } else {
        format!("{adjective} {noun} {suffix} {}", round + 1)
    };
    let mut domain = String::with_capacity(40);
    domain.push_str(&adjective.to_ascii_lowercase());
    domain.push_str(&noun.to_ascii_lowercase());
    if visit > 0 {
        domain.extend(
            suffix
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_lowercase()),
        );
    }
    if round > 0 {
        domain.push_str(&(round + 1).to_string());
    }
    domain.push_str(".example");
    (name, domain)
}

fn insert_companies(tx: &Tx<'_>, ctx: &Ctx<'_>, n: usize) -> Result<Vec<CompanyPlan>> {
    let mut rng = Rng::fork(ctx.seed, S_COMPANIES, 0);
    let mut pairs: Vec<usize> =
        (0..names::COMPANY_ADJECTIVES.len() * names::COMPANY_NOUNS.len()).collect();
    rng.shuffle(&mut pairs);
    let sizes = [
        CompanySize::Micro,
        CompanySize::Small,
        CompanySize::Medium,
        CompanySize::Large,
        CompanySize::Enterprise,
    ];
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (name, domain) = company_identity(i, &pairs);
        let created = at(ctx.base - rng.range(200 * DAY, 900 * DAY));
        let company = Company {
            id: CompanyId(0),
            name,
            domain: Some(domain.clone()),
            industry: Some(rng.pick(names::INDUSTRIES).to_string()),
            size: Some(sizes[rng.weighted(&[45, 30, 15, 7, 3])]),
            notes: if rng.chance(12) {
                Some(rng.pick(names::COMPANY_NOTES).to_string())
            } else {
                None
            },
            created_at: created,
            updated_at: created,
        };
        let id = tx.insert_company(&company)?;
        out.push(CompanyPlan {
            id,
            name: company.name,
            domain,
        });
    }
    Ok(out)
}

fn plan_contacts(ctx: &Ctx<'_>, n: usize, n_companies: usize) -> Vec<ContactPlan> {
    let mut rng = Rng::fork(ctx.seed, S_CONTACTS, 0);
    let weights: Vec<u32> = names::CULTURES.iter().map(|c| c.weight).collect();
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let culture = &names::CULTURES[rng.weighted(&weights)];
        let given = rng.pick(culture.given);
        let family = rng.pick(culture.family);
        // The smaller of two draws: a few companies have many contacts, most have a handful.
        let company = if n_companies > 0 && !rng.chance(10) {
            let a = rng.below(n_companies);
            let b = rng.below(n_companies);
            Some(a.min(b))
        } else {
            None
        };
        let created = ctx.base - rng.range(DAY, 365 * DAY);
        out.push(ContactPlan {
            culture,
            given,
            family,
            company,
            created,
            updated: created,
            lifecycle: Lifecycle::Awareness,
            customer: false,
            deals: Vec::new(),
            interactions: 0,
        });
    }
    out
}

fn plan_deals(
    ctx: &Ctx<'_>,
    contacts: &mut [ContactPlan],
    n_stages: usize,
    n: usize,
) -> Result<Vec<DealPlan>> {
    let currencies = [
        Currency::usd(),
        Currency::parse("EUR")?,
        Currency::parse("GBP")?,
        Currency::parse("JPY")?,
    ];
    let mut rng = Rng::fork(ctx.seed, S_DEALS, 0);
    let mut deals: Vec<DealPlan> = Vec::with_capacity(n);
    for j in 0..n {
        // Some deals are repeat business with a contact who already has one.
        let contact = if j > 0 && rng.chance(20) {
            deals[rng.below(j)].contact
        } else {
            rng.below(contacts.len())
        };
        let deal = plan_deal(&mut rng, ctx, contact, n_stages, &currencies);
        let c = &mut contacts[contact];
        let lead_time = rng.range(DAY, 45 * DAY);
        c.created = c.created.min(deal.created() - lead_time);
        c.deals.push(j);
        deals.push(deal);
    }
    Ok(deals)
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
        Some(rng.pick(names::LOST_REASONS))
    } else {
        None
    };
    let topic = rng.pick(names::DEAL_TOPICS);
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
fn settle_lifecycles(ctx: &Ctx<'_>, contacts: &mut [ContactPlan], deals: &[DealPlan]) {
    let mut rng = Rng::fork(ctx.seed, S_LIFECYCLE, 0);
    for c in contacts.iter_mut() {
        let (mut won, mut open, mut lost) = (0, 0, 0);
        for &d in &c.deals {
            match deals[d].status {
                DealStatus::Won => won += 1,
                DealStatus::Open => open += 1,
                DealStatus::Lost => lost += 1,
            }
            c.updated = c.updated.max(deals[d].last_change());
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
fn spread_interactions(ctx: &Ctx<'_>, contacts: &mut [ContactPlan], total: usize) {
    if contacts.is_empty() || total == 0 {
        return;
    }
    let mut rng = Rng::fork(ctx.seed, S_SPREAD, 0);
    let mut weights: Vec<u64> = Vec::with_capacity(contacts.len());
    for c in contacts.iter() {
        let w: u64 = match rng.below(100) {
            0..=14 => 0,
            15..=59 => rng.range(1, 4) as u64,
            60..=89 => rng.range(5, 15) as u64,
            _ => rng.range(16, 60) as u64,
        };
        weights.push(if c.deals.is_empty() { w } else { w * 2 + 3 });
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

/// The part of an interaction that decides `last_contact_at`, drawn first from its stream.
struct Core {
    kind: InteractionKind,
    direction: Option<Direction>,
    at: i64,
    deal: Option<usize>,
}

const KINDS: [InteractionKind; 6] = [
    Kind::Email,
    Kind::Call,
    Kind::Meeting,
    Kind::Note,
    Kind::Message,
    Kind::Feedback,
];
const CUSTOMER_KIND_WEIGHTS: [u32; 6] = [38, 18, 10, 12, 12, 10];
const PROSPECT_KIND_WEIGHTS: [u32; 6] = [42, 20, 10, 14, 14, 0];
/// Feedback scores 0-10, mostly content customers.
const SCORE_WEIGHTS: [u32; 11] = [1, 1, 1, 2, 2, 4, 6, 12, 20, 25, 26];

fn interaction_core(rng: &mut Rng, ctx: &Ctx<'_>, c: &ContactPlan, deals: &[DealPlan]) -> Core {
    let weights = if c.customer {
        &CUSTOMER_KIND_WEIGHTS
    } else {
        &PROSPECT_KIND_WEIGHTS
    };
    let kind = KINDS[rng.weighted(weights)];
    let inbound_percent = match kind {
        Kind::Email => 45,
        Kind::Call => 30,
        Kind::Meeting => 20,
        Kind::Message => 50,
        Kind::Feedback => 100,
        Kind::Note => 0,
    };
    let inbound = rng.chance(inbound_percent);
    let direction = match kind {
        Kind::Note => None,
        Kind::Feedback => Some(Direction::In),
        // An inbound contact would have moved them to consideration already.
        _ if c.lifecycle == Lifecycle::Awareness => Some(Direction::Out),
        _ if inbound => Some(Direction::In),
        _ => Some(Direction::Out),
    };
    let deal = if !c.deals.is_empty() && rng.chance(40) {
        Some(c.deals[rng.below(c.deals.len())])
    } else {
        None
    };
    let (lo, hi) = match deal {
        Some(d) => (deals[d].created(), deals[d].active_until(ctx.base)),
        None => (c.created, ctx.base),
    };
    Core {
        kind,
        direction,
        at: office_time(rng, ctx, lo, hi),
        deal,
    }
}

/// A moment in `lo..=hi`, moved into local office hours on a weekday when that stays in range.
fn office_time(rng: &mut Rng, ctx: &Ctx<'_>, lo: i64, hi: i64) -> i64 {
    let raw = rng.range(lo, hi);
    let mut day = (raw + ctx.offset).div_euclid(DAY);
    // 1970-01-01 was a Thursday, so (day + 4) % 7 is 0 on Sundays and 6 on Saturdays.
    match (day + 4).rem_euclid(7) {
        6 => day -= 1,
        0 => day -= 2,
        _ => {}
    }
    let t = day * DAY + rng.range(8 * HOUR, 18 * HOUR) - ctx.offset;
    if t >= lo && t <= hi {
        t
    } else {
        raw
    }
}

/// Every contact's latest interaction other than a note, as `refresh_last_contact` counts it.
fn last_contacts(ctx: &Ctx<'_>, contacts: &[ContactPlan], deals: &[DealPlan]) -> Vec<Option<i64>> {
    let mut n: u64 = 0;
    let mut out = Vec::with_capacity(contacts.len());
    for c in contacts {
        let mut last = None;
        for _ in 0..c.interactions {
            let mut rng = Rng::fork(ctx.seed, S_INTERACTION, n);
            n += 1;
            let core = interaction_core(&mut rng, ctx, c, deals);
            if core.kind != Kind::Note {
                last = last.max(Some(core.at));
            }
        }
        out.push(last);
    }
    out
}

/// The part of a name entry that is shown (`裕子|yuko` → `裕子`).
fn shown(entry: &str) -> &str {
    entry.split_once('|').map_or(entry, |(shown, _)| shown)
}

/// The ASCII letters an address is made of (`Søren` → `soren`, `裕子|yuko` → `yuko`).
fn ascii_part(entry: &str) -> String {
    let latin = match entry.split_once('|') {
        Some((_, latin)) => latin.to_ascii_lowercase(),
        None => deunicode::deunicode(entry).to_ascii_lowercase(),
    };
    let s: String = latin
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        .collect();
    if s.is_empty() {
        "contact".to_string()
    } else {
        s
    }
}

fn display_name(c: &ContactPlan) -> String {
    let (given, family) = (shown(c.given), shown(c.family));
    match c.culture.order {
        Order::GivenFamily => format!("{given} {family}"),
        Order::FamilyGiven => format!("{family} {given}"),
        Order::FamilyGivenJoined => format!("{family}{given}"),
    }
}

/// `local@domain`, or with a number when that address is taken.
fn unique_email(used: &mut HashSet<String>, local: &str, domain: &str, number: usize) -> String {
    let plain = format!("{local}@{domain}");
    if used.insert(plain.clone()) {
        return plain;
    }
    let mut n = number;
    loop {
        let numbered = format!("{local}{n}@{domain}");
        if used.insert(numbered.clone()) {
            return numbered;
        }
        n += 1;
    }
}

fn phone(rng: &mut Rng, culture: &Culture) -> String {
    let digits = culture.phone_digits.min(15);
    let n = rng.next_u64() % 10u64.pow(digits);
    format!("{}{:0width$}", culture.phone, n, width = digits as usize)
}

fn insert_contacts(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    contacts: &[ContactPlan],
    companies: &[CompanyPlan],
    last_contact: &[Option<i64>],
) -> Result<Vec<ContactId>> {
    let mut rng = Rng::fork(ctx.seed, S_CONTACT_DETAILS, 0);
    let source_weights: Vec<u32> = names::SOURCES.iter().map(|s| s.1).collect();
    let mut used: HashSet<String> = HashSet::with_capacity(contacts.len() * 2);
    let mut ids = Vec::with_capacity(contacts.len());
    for (i, (c, &last)) in contacts.iter().zip(last_contact).enumerate() {
        let company = c.company.map(|k| &companies[k]);
        let given = ascii_part(c.given);
        let family = ascii_part(c.family);
        let full = format!("{given}.{family}");
        let local = match rng.weighted(&[70, 15, 15]) {
            0 => full.clone(),
            1 => format!("{}{family}", &given[..1]),
            _ => given.clone(),
        };
        let domain = match company {
            Some(co) => co.domain.as_str(),
            None => rng.pick(names::MAIL_DOMAINS),
        };
        let mut emails = vec![unique_email(&mut used, &local, domain, i)];
        if rng.chance(15) {
            let private = rng.pick(names::MAIL_DOMAINS);
            emails.push(unique_email(&mut used, &full, private, i));
        }
        let mut phones = Vec::new();
        if rng.chance(85) {
            phones.push(phone(&mut rng, c.culture));
            if rng.chance(10) {
                phones.push(phone(&mut rng, c.culture));
            }
        }
        let title = if rng.chance(85) {
            Some(rng.pick(names::TITLES).to_string())
        } else {
            None
        };
        let source = names::SOURCES[rng.weighted(&source_weights)].0;
        let notes = if rng.chance(8) {
            Some(rng.pick(names::CONTACT_NOTES).to_string())
        } else {
            None
        };
        let n_tags = rng.weighted(&[45, 30, 17, 8]);
        let mut tags: Vec<String> = Vec::with_capacity(n_tags);
        while tags.len() < n_tags {
            let tag = rng.pick(names::TAGS);
            if !tags.iter().any(|t| t.as_str() == tag) {
                tags.push(tag.to_string());
            }
        }
        let mut fields = BTreeMap::new();
        if rng.chance(30) {
            fields.insert("timezone".to_string(), c.culture.timezone.to_string());
        }
        if rng.chance(10) {
            fields.insert("language".to_string(), c.culture.language.to_string());
        }
        let contact = Contact {
            id: ContactId(0),
            name: display_name(c),
            emails,
            phones,
            company_id: company.map(|co| co.id),
            company: company.map(|co| co.name.clone()),
            title,
            lifecycle: c.lifecycle,
            source: Some(source.to_string()),
            notes,
            tags,
            fields,
            created_at: at(c.created),
            updated_at: at(c.updated),
            last_contact_at: last.map(at),
        };
        ids.push(tx.insert_contact(&contact)?);
    }
    Ok(ids)
}

fn insert_deals(
    tx: &Tx<'_>,
    deals: &[DealPlan],
    contacts: &[ContactPlan],
    companies: &[CompanyPlan],
    contact_ids: &[ContactId],
    stages: &[Stage],
) -> Result<Vec<DealId>> {
    let mut ids = Vec::with_capacity(deals.len());
    for d in deals {
        let c = &contacts[d.contact];
        let company = c.company.map(|k| &companies[k]);
        let topic = d
            .topic
            .replace("{year}", &d.expected_close.year().to_string());
        let title = match company {
            Some(co) => format!("{topic} for {}", co.name),
            None => format!("{topic} for {}", display_name(c)),
        };
        let stage = &stages[d.stage];
        let deal = Deal {
            id: DealId(0),
            title,
            contact_id: Some(contact_ids[d.contact]),
            contact: None,
            company_id: company.map(|co| co.id),
            company: None,
            stage_id: stage.id,
            stage: String::new(),
            stage_probability: stage.probability,
            status: d.status,
            value: d.value,
            probability: d.probability,
            expected_close: Some(d.expected_close),
            lost_reason: d.lost_reason.map(str::to_string),
            created_at: at(d.created()),
            updated_at: at(d.last_change()),
            closed_at: if d.status == DealStatus::Open {
                None
            } else {
                Some(at(d.last_change()))
            },
        };
        let id = tx.insert_deal(&deal)?;
        for e in &d.events {
            tx.add_stage_change(
                id,
                e.from.map(|s| stages[s].id),
                Some(stages[e.to].id),
                e.status,
                at(e.at),
            )?;
        }
        ids.push(id);
    }
    Ok(ids)
}

fn insert_interactions(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    contacts: &[ContactPlan],
    deals: &[DealPlan],
    contact_ids: &[ContactId],
    deal_ids: &[DealId],
) -> Result<usize> {
    // One row, refilled in place: a million of them should not mean a million allocations.
    let mut row = Interaction {
        id: InteractionId(0),
        contact_id: ContactId(0),
        contact: String::new(),
        deal_id: None,
        kind: Kind::Note,
        direction: None,
        occurred_at: ctx.now.utc,
        duration_min: None,
        summary: String::with_capacity(64),
        body: None,
        score: None,
    };
    let mut spare_body: Option<String> = None;
    let mut n: u64 = 0;
    for (c, &contact_id) in contacts.iter().zip(contact_ids) {
        row.contact_id = contact_id;
        for _ in 0..c.interactions {
            // The same stream as in `last_contacts`, so the core comes out the same.
            let mut rng = Rng::fork(ctx.seed, S_INTERACTION, n);
            n += 1;
            let core = interaction_core(&mut rng, ctx, c, deals);
            row.kind = core.kind;
            row.direction = core.direction;
            row.occurred_at = at(core.at);
            row.deal_id = core.deal.map(|d| deal_ids[d]);
            row.duration_min = match core.kind {
                Kind::Call => Some(rng.range(2, 45) as u32),
                Kind::Meeting => Some(rng.pick(&[30u32, 45, 60, 90])),
                _ => None,
            };
            row.score = None;
            let inbound = core.direction == Some(Direction::In);
            let summary = match core.kind {
                Kind::Email => rng.pick(if inbound {
                    names::EMAIL_IN
                } else {
                    names::EMAIL_OUT
                }),
                Kind::Call => rng.pick(if inbound {
                    names::CALL_IN
                } else {
                    names::CALL_OUT
                }),
                Kind::Meeting => rng.pick(names::MEETING),
                Kind::Note => rng.pick(names::NOTE),
                Kind::Message => rng.pick(if inbound {
                    names::MESSAGE_IN
                } else {
                    names::MESSAGE_OUT
                }),
                Kind::Feedback => {
                    let score = rng.weighted(&SCORE_WEIGHTS) as u8;
                    row.score = Some(score);
                    rng.pick(if score >= 7 {
                        names::FEEDBACK_GOOD
                    } else {
                        names::FEEDBACK_POOR
                    })
                }
            };
            row.summary.clear();
            row.summary.push_str(summary);
            let with_body =
                matches!(core.kind, Kind::Email | Kind::Meeting | Kind::Note) && rng.chance(8);
            if with_body {
                let mut body = row
                    .body
                    .take()
                    .or_else(|| spare_body.take())
                    .unwrap_or_default();
                body.clear();
                body.push_str(rng.pick(names::BODIES));
                row.body = Some(body);
            } else if let Some(body) = row.body.take() {
                spare_body = Some(body);
            }
            tx.insert_interaction(&row, ctx.now.utc)?;
        }
    }
    Ok(n as usize)
}

fn insert_tasks(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    contacts: &[ContactPlan],
    deals: &[DealPlan],
    contact_ids: &[ContactId],
    deal_ids: &[DealId],
) -> Result<usize> {
    if contacts.is_empty() {
        return Ok(0);
    }
    let mut rng = Rng::fork(ctx.seed, S_TASKS, 0);
    let with_deal = deals.len() / 2;
    let total = (contacts.len() / 4 + with_deal).max(3);
    let open: Vec<usize> = (0..deals.len())
        .filter(|&d| deals[d].status == DealStatus::Open)
        .collect();
    for t in 0..total {
        let (contact, deal, title) = if t < with_deal {
            let d = if !open.is_empty() && rng.chance(85) {
                open[rng.below(open.len())]
            } else {
                rng.below(deals.len())
            };
            (deals[d].contact, Some(d), rng.pick(names::DEAL_TASKS))
        } else {
            (rng.below(contacts.len()), None, rng.pick(names::TASKS))
        };
        // 0 done, 1 overdue, 2 today, 3 within two weeks, 4 later, 5 no due date.
        // A task about a closed deal is done.
        let closed = deal.is_some_and(|d| deals[d].status != DealStatus::Open);
        let bucket = if closed {
            0
        } else {
            rng.weighted(&[18, 17, 12, 33, 12, 8])
        };
        let days = match bucket {
            0 => -rng.range(1, 60),
            1 => -rng.range(1, 20),
            3 => rng.range(1, 14),
            4 => rng.range(15, 90),
            _ => 0,
        };
        let timed = rng.chance(40);
        let (due, due_day, due_at) = if bucket == 5 {
            (None, None, ctx.base)
        } else {
            let day = day_offset(ctx.today, days);
            if timed {
                let hour = rng.range(9, 17) as u32;
                let minute = rng.pick(&[0u32, 15, 30, 45]);
                let utc = ctx
                    .now
                    .from_local(day.and_hms_opt(hour, minute, 0).unwrap_or_default());
                (
                    Some(Due::At(utc)),
                    Some(ctx.now.to_local(utc).date()),
                    utc.timestamp(),
                )
            } else {
                let morning = ctx
                    .now
                    .from_local(day.and_hms_opt(9, 0, 0).unwrap_or_default());
                (Some(Due::Day(day)), Some(day), morning.timestamp())
            }
        };
        let created = due_at.min(ctx.base) - rng.range(HOUR, 21 * DAY);
        let done_at = if bucket == 0 {
            Some(at(rng.range(created + HOUR, (due_at + DAY).min(ctx.base))))
        } else {
            None
        };
        let task = Task {
            id: TaskId(0),
            title: title.to_string(),
            contact_id: Some(contact_ids[contact]),
            contact: None,
            deal_id: deal.map(|d| deal_ids[d]),
            deal: None,
            due,
            done_at,
            created_at: at(created),
        };
        tx.insert_task(&task, due_day)?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::{fold, name_key, words};
    use crate::ops::testing::now;
    use crate::store::{ContactFilter, DealFilter, InteractionFilter};

    fn size(contacts: usize, deals: usize, interactions: usize, seed: u64) -> DemoSize {
        DemoSize {
            contacts,
            deals,
            interactions,
            seed,
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_data() {
        let a = Store::open_in_memory().unwrap();
        let b = Store::open_in_memory().unwrap();
        let sa = run(&a, &now(), size(60, 20, 400, 7), false).unwrap();
        let sb = run(&b, &now(), size(60, 20, 400, 7), false).unwrap();
        assert_eq!(sa, sb);
        assert_eq!((sa.contacts, sa.deals, sa.interactions), (60, 20, 400));
        assert!(sa.companies >= 7 && sa.tasks >= 3, "{sa:?}");
        let first_a = a.read().contact(ContactId(1)).unwrap().unwrap();
        let first_b = b.read().contact(ContactId(1)).unwrap().unwrap();
        assert_eq!(first_a, first_b);
        let all_a = a.read().contacts(&ContactFilter::default()).unwrap();
        assert_eq!(all_a, b.read().contacts(&ContactFilter::default()).unwrap());

        let c = Store::open_in_memory().unwrap();
        run(&c, &now(), size(60, 20, 400, 8), false).unwrap();
        let names_a: Vec<_> = all_a.iter().map(|c| c.name.clone()).collect();
        let names_c: Vec<_> = c
            .read()
            .contacts(&ContactFilter::default())
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_ne!(names_a, names_c);
    }

    #[test]
    fn refuses_a_database_with_records_unless_forced() {
        let s = Store::open_in_memory().unwrap();
        run(&s, &now(), size(30, 5, 50, 1), false).unwrap();
        let err = run(&s, &now(), size(30, 5, 50, 1), false).unwrap_err();
        assert!(matches!(err, Error::Conflict(_)), "{err:?}");
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(s.read().count_contacts().unwrap(), 30);

        let summary = run(&s, &now(), size(10, 3, 40, 2), true).unwrap();
        assert_eq!(summary.contacts, 10);
        assert_eq!(s.read().count_contacts().unwrap(), 10);
        assert_eq!(s.read().deals(&DealFilter::default()).unwrap().len(), 3);
        let logged = s
            .read()
            .interactions(&InteractionFilter::default())
            .unwrap();
        assert_eq!(logged.len(), 40);
    }

    #[test]
    fn every_email_is_unique_and_ascii() {
        let s = Store::open_in_memory().unwrap();
        run(&s, &now(), size(3000, 0, 0, 3), false).unwrap();
        let mut seen = HashSet::new();
        for c in s.read().contacts(&ContactFilter::default()).unwrap() {
            assert!(!c.emails.is_empty(), "{} has no e-mail", c.name);
            for e in &c.emails {
                assert!(e.is_ascii() && e.contains('@'), "{e}");
                assert!(seen.insert(e.to_lowercase()), "{e} is used twice");
            }
        }
    }

    #[test]
    fn every_deal_has_a_consistent_stage_history() {
        let s = Store::open_in_memory().unwrap();
        run(&s, &now(), size(80, 120, 300, 4), false).unwrap();
        let deals = s.read().deals(&DealFilter::default()).unwrap();
        assert_eq!(deals.len(), 120);
        let mut statuses = HashSet::new();
        for d in &deals {
            statuses.insert(d.status);
            let h = s.read().stage_history(d.id).unwrap();
            assert!(!h.is_empty(), "deal {} has no history", d.id);
            assert!(
                h[0].from_stage.is_none() && h[0].status == DealStatus::Open,
                "{h:?}"
            );
            assert!(h.windows(2).all(|w| w[0].at < w[1].at), "{h:?}");
            let last = h.last().unwrap();
            assert!(last.at <= now().utc);
            assert_eq!(last.status, d.status);
            assert_eq!(last.to_stage.as_deref(), Some(d.stage.as_str()));
            assert_eq!(d.created_at, h[0].at);
            if d.status == DealStatus::Open {
                assert!(d.closed_at.is_none());
            } else {
                assert_eq!(d.closed_at, Some(last.at));
            }
            assert_eq!(d.lost_reason.is_some(), d.status == DealStatus::Lost);
            if d.value.currency.code() == "JPY" {
                assert_eq!(d.value.minor % 10_000, 0);
            }
            let owner = s.read().contact(d.contact_id.unwrap()).unwrap().unwrap();
            if d.status == DealStatus::Won {
                assert!(
                    matches!(owner.lifecycle, Lifecycle::Retention | Lifecycle::Expansion),
                    "{owner:?}"
                );
            }
        }
        assert_eq!(statuses.len(), 3);
    }

    #[test]
    fn last_contact_is_the_latest_interaction_that_is_not_a_note() {
        let s = Store::open_in_memory().unwrap();
        run(&s, &now(), size(40, 10, 600, 5), false).unwrap();
        for c in s.read().contacts(&ContactFilter::default()).unwrap() {
            let filter = InteractionFilter {
                contact_id: Some(c.id),
                ..Default::default()
            };
            let rows = s.read().interactions(&filter).unwrap();
            let latest = rows
                .iter()
                .filter(|i| i.kind != Kind::Note)
                .map(|i| i.occurred_at)
                .max();
            assert_eq!(c.last_contact_at, latest, "{}", c.name);
            for i in &rows {
                assert!(i.occurred_at <= now().utc && i.occurred_at >= c.created_at);
                assert_eq!(i.direction.is_none(), i.kind == Kind::Note);
                assert_eq!(i.score.is_some(), i.kind == Kind::Feedback);
            }
        }
    }

    #[test]
    fn no_contacts_means_nothing_at_all() {
        let s = Store::open_in_memory().unwrap();
        let summary = run(&s, &now(), size(0, 10, 100, 6), false).unwrap();
        assert_eq!(summary, DemoSummary::default());
        assert!(s.read().is_empty().unwrap());
    }

    #[test]
    fn no_demo_name_answers_to_ada() {
        for culture in names::CULTURES {
            for entry in culture.given.iter().chain(culture.family.iter()) {
                for w in
                    words(&fold(shown(entry))).chain(std::iter::once(ascii_part(entry).as_str()))
                {
                    assert!(!w.starts_with("ada"), "{entry}");
                }
            }
        }
    }

    #[test]
    fn company_names_never_repeat() {
        let pairs: Vec<usize> =
            (0..names::COMPANY_ADJECTIVES.len() * names::COMPANY_NOUNS.len()).collect();
        let mut seen = HashSet::new();
        for i in 0..60_000 {
            let (name, domain) = company_identity(i, &pairs);
            assert!(
                domain.ends_with(".example") && domain.is_ascii(),
                "{domain}"
            );
            assert!(seen.insert(name_key(&name)), "{name} twice");
        }
    }
}
