//! Writing the planned companies, contacts and deals.

use std::collections::{BTreeMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use chrono::Datelike;

use super::activity::last_contact;
use super::people::{Culture, Order};
use super::phrases;
use super::plan::{draw_deals, ContactPlan, Sample};
use super::rng::Rng;
use super::*;
use crate::domain::*;
use crate::store::Tx;

/// The companies written: their ids, and the shuffled name pairs their names are made
/// from again when needed (cheaper than keeping a hundred thousand names).
pub(super) struct Companies {
    pub(super) ids: Vec<CompanyId>,
    pairs: Vec<usize>,
}

impl Companies {
    /// The `k`-th company's id, name and web domain.
    fn get(&self, k: usize) -> (CompanyId, String, String) {
        let (name, domain) = company_identity(k, &self.pairs);
        (self.ids[k], name, domain)
    }
}

/// The name and web domain of the `i`-th company. `pairs` is a shuffled order of all
/// adjective-noun pairs; every pair is used once before any is used again with another
/// suffix, and once every suffix is taken a number is appended, so names never repeat.
pub(super) fn company_identity(i: usize, pairs: &[usize]) -> (String, String) {
    let names = phrases::companies();
    let (adjectives, nouns, suffixes) = (&names.adjectives, &names.nouns, &names.suffixes);
    let pair = pairs[i % pairs.len()];
    let visit = i / pairs.len();
    let adjective = &adjectives[pair % adjectives.len()];
    let noun = &nouns[pair / adjectives.len()];
    let suffix = &suffixes[(visit + pair * 7) % suffixes.len()];
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

pub(super) fn insert_companies(tx: &Tx<'_>, ctx: &Ctx<'_>, n: usize) -> Result<Companies> {
    let mut rng = Rng::fork(ctx.seed, S_COMPANIES, 0);
    let names = phrases::companies();
    let mut pairs: Vec<usize> = (0..names.adjectives.len() * names.nouns.len()).collect();
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
            domain: Some(domain),
            industry: Some(rng.pick(&names.industries).to_string()),
            size: Some(sizes[rng.weighted(&[45, 30, 15, 7, 3])]),
            notes: if rng.chance(12) {
                Some(rng.pick(&names.notes).to_string())
            } else {
                None
            },
            created_at: created,
            updated_at: created,
            version: 1,
        };
        out.push(tx.insert_company(&company)?);
    }
    Ok(Companies { ids: out, pairs })
}

/// The part of a name entry that is shown (`裕子|yuko` → `裕子`).
pub(super) fn shown(entry: &str) -> &str {
    entry.split_once('|').map_or(entry, |(shown, _)| shown)
}

/// The ASCII letters an address is made of (`Søren` → `soren`, `裕子|yuko` → `yuko`).
pub(super) fn ascii_part(entry: &str) -> String {
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
    let (given, family) = (shown(c.given()), shown(c.family()));
    match c.culture().order {
        Order::GivenFamily => format!("{given} {family}"),
        Order::FamilyGiven => format!("{family} {given}"),
        Order::FamilyGivenJoined => format!("{family}{given}"),
    }
}

/// `local@domain`, or with a number when that address is taken. The addresses given out
/// are remembered by a 64-bit hash, not kept: at a million contacts two different ones
/// share a hash with a chance of about one in thirty million.
fn unique_email(used: &mut HashSet<u64>, local: &str, domain: &str, number: usize) -> String {
    let plain = format!("{local}@{domain}");
    if used.insert(fingerprint(&plain)) {
        return plain;
    }
    let mut n = number;
    loop {
        let numbered = format!("{local}{n}@{domain}");
        if used.insert(fingerprint(&numbered)) {
            return numbered;
        }
        n += 1;
    }
}

/// A hash that is the same on every run (the default hasher's keys are fixed).
fn fingerprint(s: &str) -> u64 {
    let mut h = DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

fn phone(rng: &mut Rng, culture: &Culture) -> String {
    let digits = culture.phone_digits.min(15);
    let n = rng.next_u64() % 10u64.pow(digits);
    format!("{}{:0width$}", culture.phone, n, width = digits as usize)
}

pub(super) fn insert_contacts(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    sample: &Sample,
    companies: &Companies,
) -> Result<Vec<ContactId>> {
    let contacts = &sample.contacts;
    let mut rng = Rng::fork(ctx.seed, S_CONTACT_DETAILS, 0);
    let said = &phrases::phrases().contacts;
    let source_weights: Vec<u32> = said.sources.iter().map(|s| s.weight).collect();
    let mut used: HashSet<u64> = HashSet::with_capacity(contacts.len() + contacts.len() / 5);
    let mut ids = Vec::with_capacity(contacts.len());
    // The people the last three contacts are planted duplicates of (see `plant_twin`).
    let mut originals: Vec<Contact> = Vec::new();
    // The first interaction stream of the contact at hand (see `last_contact`).
    let mut stream: u64 = 0;
    for (i, c) in contacts.iter().enumerate() {
        let last = last_contact(ctx, sample, i, stream);
        stream += c.interactions as u64;
        let company = c.company().map(|k| companies.get(k));
        let given = ascii_part(c.given());
        let family = ascii_part(c.family());
        let full = format!("{given}.{family}");
        let local = match rng.weighted(&[70, 15, 15]) {
            0 => full.clone(),
            1 => format!("{}{family}", &given[..1]),
            _ => given.clone(),
        };
        let domain = match &company {
            Some((_, _, domain)) => domain.as_str(),
            None => rng.pick(&said.mail_domains).as_str(),
        };
        let mut emails = vec![unique_email(&mut used, &local, domain, i)];
        if rng.chance(15) {
            let private = rng.pick(&said.mail_domains);
            emails.push(unique_email(&mut used, &full, private, i));
        }
        let mut phones = Vec::new();
        if rng.chance(85) {
            phones.push(phone(&mut rng, c.culture()));
            if rng.chance(10) {
                phones.push(phone(&mut rng, c.culture()));
            }
        }
        let title = if rng.chance(85) {
            Some(rng.pick(&said.titles).to_string())
        } else {
            None
        };
        let source = &said.sources[rng.weighted(&source_weights)].name;
        let notes = if rng.chance(8) {
            Some(rng.pick(&said.notes).to_string())
        } else {
            None
        };
        let n_tags = rng.weighted(&[45, 30, 17, 8]);
        let mut tags: Vec<String> = Vec::with_capacity(n_tags);
        while tags.len() < n_tags {
            let tag = rng.pick(&said.tags);
            if !tags.iter().any(|t| t.as_str() == tag) {
                tags.push(tag.to_string());
            }
        }
        let mut fields = BTreeMap::new();
        if rng.chance(30) {
            fields.insert("timezone".to_string(), c.culture().timezone.to_string());
        }
        if rng.chance(10) {
            fields.insert("language".to_string(), c.culture().language.to_string());
        }
        let mut contact = Contact {
            cadence: None,
            birthday: None,
            id: ContactId(0),
            name: display_name(c),
            emails,
            phones,
            email_types: Default::default(),
            phone_types: Default::default(),
            company_id: company.as_ref().map(|co| co.0),
            company: company.map(|co| co.1),
            title,
            lifecycle: c.lifecycle,
            source: Some(source.to_string()),
            notes,
            tags,
            fields,
            created_at: at(c.created),
            updated_at: at(c.updated),
            last_contact_at: last.map(at),
            version: 1,
        };
        let twin = contacts
            .len()
            .checked_sub(i + 1)
            .filter(|_| contacts.len() >= TWINS_FROM);
        match twin {
            Some(k) if k < 3 => plant_twin(&mut contact, &originals, 2 - k),
            _ if originals.len() < 40 => originals.push(contact.clone()),
            _ => {}
        }
        ids.push(tx.insert_contact(&contact)?);
    }
    Ok(ids)
}

/// A sample of at least this many contacts plants three duplicates for `crm contact dupes`
/// and the app's review screen to find.
const TWINS_FROM: usize = 50;

/// Makes `c` a likely duplicate of one of the first contacts, one kind of twin each: the
/// same person with first and last name swapped and a tagged address at the same mailbox;
/// the same phone typed another way under a shortened first name; the same surname at the
/// same company with the given name spelled differently.
fn plant_twin(c: &mut Contact, originals: &[Contact], kind: usize) {
    // Three different people, so the review screen shows three different pairs.
    let with_phone = originals.iter().skip(1).find(|o| !o.phones.is_empty());
    let at_company = originals
        .iter()
        .skip(2)
        .find(|o| o.company_id.is_some() && with_phone.is_none_or(|p| p.name != o.name));
    let (Some(first), Some(phoned), Some(worker)) = (originals.first(), with_phone, at_company)
    else {
        return;
    };
    let words: Vec<&str> = first.name.split_whitespace().collect();
    match kind {
        0 => {
            c.name = words.iter().rev().copied().collect::<Vec<_>>().join(" ");
            c.emails = first
                .primary_email()
                .and_then(|e| e.split_once('@'))
                .map(|(local, domain)| vec![format!("{local}+old@{domain}")])
                .unwrap_or_default();
            c.phones = Vec::new();
            c.company_id = first.company_id;
            c.company = first.company.clone();
        }
        1 => {
            let mut parts: Vec<String> =
                phoned.name.split_whitespace().map(str::to_string).collect();
            if let Some(given) = parts.first_mut() {
                let short: String = given.chars().take(4).collect();
                *given = short;
            }
            c.name = parts.join(" ");
            c.emails = vec![format!("{}@mail.example", ascii_part(&c.name))];
            c.phones = phoned
                .phones
                .iter()
                .take(1)
                .map(|p| p.chars().filter(|ch| !ch.is_whitespace()).collect())
                .collect();
        }
        _ => {
            let mut parts: Vec<String> =
                worker.name.split_whitespace().map(str::to_string).collect();
            if let Some(given) = parts.first_mut() {
                given.push('e');
            }
            c.name = parts.join(" ");
            c.company_id = worker.company_id;
            c.company = worker.company.clone();
            c.emails = vec![format!("{}@mail.example", ascii_part(&c.name))];
            c.phones = Vec::new();
        }
    }
}

pub(super) fn insert_deals(
    tx: &Tx<'_>,
    ctx: &Ctx<'_>,
    sample: &Sample,
    companies: &Companies,
    contact_ids: &[ContactId],
    stages: &[Stage],
) -> Result<Vec<DealId>> {
    let contacts = &sample.contacts;
    let mut ids = Vec::with_capacity(sample.deals.len());
    let n = sample.deals.len();
    draw_deals(ctx, contacts.len(), stages.len(), n, |d, _| {
        let c = &contacts[d.contact];
        let company = c.company().map(|k| companies.get(k));
        let topic = d
            .topic
            .replace("{year}", &d.expected_close.year().to_string());
        let title = match &company {
            Some((_, name, _)) => format!("{topic} for {name}"),
            None => format!("{topic} for {}", display_name(c)),
        };
        let stage = &stages[d.stage];
        let deal = Deal {
            id: DealId(0),
            title,
            contact_id: Some(contact_ids[d.contact]),
            contact: None,
            company_id: company.map(|co| co.0),
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
            owner: demo_owner(ctx, ids.len()),
            version: 1,
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
        Ok(())
    })?;
    Ok(ids)
}
