//! The compiled SQL against the evaluator: on random databases and random expressions,
//! the rows SQL picks are the rows the Rust evaluator passes (DESIGN §12).

use chrono::{Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;

use crate::domain::currency::Currency;
use crate::domain::filter::{parse, parser_tests::expr_for, Clock, Expr, Filter, Target};
use crate::domain::money::Money;
use crate::domain::{CompanySize, ContactId, DealId, DealStatus, Lifecycle, StageId};
use crate::ops::companies::{self, CompanyChanges};
use crate::ops::contacts::{self, ContactChanges};
use crate::ops::deals::{self, CompanyPick, DealChanges};
use crate::ops::facts::{contact_facts, deal_facts};
use crate::ops::testing::now;
use crate::store::Store;

const NAMES: &[&str] = &[
    "Ada Lovelace",
    "Zoë Ångström",
    "bob",
    "Søren Ask",
    "x and y",
    "Åsa",
];
const WORDS: &[&str] = &["vip", "x", "Café", "and", "lead", " CEO ", "founder", "ø"];
const COMPANIES: &[&str] = &["Acme", "Zoë Co", "x"];
const CURRENCIES: &[&str] = &["EUR", "JPY", "KWD", "USD"];

#[derive(Debug, Clone)]
struct ContactSpec {
    name: usize,
    emails: Vec<usize>,
    company: Option<usize>,
    title: Option<usize>,
    source: Option<usize>,
    tags: Vec<usize>,
    fields: Vec<(usize, usize)>,
    lifecycle: usize,
    created_days: i64,
    last_contact_days: Option<i64>,
    removed: bool,
}

#[derive(Debug, Clone)]
struct DealSpec {
    contact: Option<usize>,
    company: Option<usize>,
    minor: i64,
    currency: usize,
    stage: i64,
    probability: Option<u8>,
    close_days: Option<i64>,
    created_days: i64,
    status: usize,
}

#[derive(Debug, Clone)]
struct DbSpec {
    companies: Vec<(Option<usize>, Option<usize>)>,
    contacts: Vec<ContactSpec>,
    deals: Vec<DealSpec>,
}

fn word() -> impl Strategy<Value = usize> {
    0..WORDS.len()
}

fn contact_spec() -> impl Strategy<Value = ContactSpec> {
    (
        (
            0..NAMES.len(),
            prop::collection::vec(word(), 0..3),
            prop::option::of(0..COMPANIES.len()),
            prop::option::of(word()),
            prop::option::of(word()),
            prop::collection::btree_set(word(), 0..4),
        ),
        (
            prop::collection::vec((0usize..3, word()), 0..3),
            0..Lifecycle::ALL.len(),
            -800i64..=0,
            prop::option::of(-800i64..=2),
            prop::bool::weighted(0.15),
        ),
    )
        .prop_map(
            |(
                (name, emails, company, title, source, tags),
                (fields, lifecycle, created, last, removed),
            )| {
                ContactSpec {
                    name,
                    emails,
                    company,
                    title,
                    source,
                    tags: tags.into_iter().collect(),
                    fields,
                    lifecycle,
                    created_days: created,
                    last_contact_days: last,
                    removed,
                }
            },
        )
}

fn deal_spec() -> impl Strategy<Value = DealSpec> {
    (
        (
            prop::option::of(0usize..6),
            prop::option::of(0..COMPANIES.len()),
            prop_oneof![0i64..2_000, 0i64..20_000_000],
            0..CURRENCIES.len(),
        ),
        (
            1i64..=4,
            prop::option::of(0u8..=100),
            prop::option::of(-60i64..=60),
            -400i64..=0,
            0usize..3,
        ),
    )
        .prop_map(
            |(
                (contact, company, minor, currency),
                (stage, probability, close, created, status),
            )| {
                DealSpec {
                    contact,
                    company,
                    minor,
                    currency,
                    stage,
                    probability,
                    close_days: close,
                    created_days: created,
                    status,
                }
            },
        )
}

fn db_spec() -> impl Strategy<Value = DbSpec> {
    (
        prop::collection::vec(
            (
                prop::option::of(0..CompanySize::ALL.len()),
                prop::option::of(word()),
            ),
            COMPANIES.len(),
        ),
        prop::collection::vec(contact_spec(), 1..6),
        prop::collection::vec(deal_spec(), 0..7),
    )
        .prop_map(|(companies, contacts, deals)| DbSpec {
            companies,
            contacts,
            deals,
        })
}

fn clock_strategy() -> impl Strategy<Value = Clock> {
    (
        prop::sample::select(vec![-8 * 3600, 0, 5 * 3600 + 1800, 14 * 3600]),
        0i64..86_400 * 3,
    )
        .prop_map(|(offset, secs)| Clock {
            now: now().utc + Duration::seconds(secs),
            offset: FixedOffset::east_opt(offset).unwrap(),
        })
}

/// Builds the database through ops, then moves dates where ops would not put them.
fn build(spec: &DbSpec) -> (Store, Vec<ContactId>, Vec<DealId>) {
    let s = Store::open_in_memory().unwrap();
    let t = now();
    let base = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
    for (i, (size, industry)) in spec.companies.iter().enumerate() {
        companies::add(
            &s,
            &t,
            CompanyChanges {
                name: Some(COMPANIES[i].into()),
                industry: industry.map(|w| WORDS[w].to_string()),
                size: Some(size.map(|z| CompanySize::ALL[z])),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let mut contact_ids = Vec::new();
    for (i, c) in spec.contacts.iter().enumerate() {
        let added = contacts::add(
            &s,
            &t,
            ContactChanges {
                name: Some(NAMES[c.name].into()),
                emails: Some(
                    c.emails
                        .iter()
                        .enumerate()
                        .map(|(j, w)| format!("{}{i}{j}@Exämple.org", WORDS[*w].trim()))
                        .collect(),
                ),
                company: c.company.map(|k| COMPANIES[k].into()),
                title: c.title.map(|w| WORDS[w].into()),
                source: c.source.map(|w| WORDS[w].into()),
                lifecycle: Some(Lifecycle::ALL[c.lifecycle]),
                tags: Some(c.tags.iter().map(|w| WORDS[*w].to_string()).collect()),
                fields: c
                    .fields
                    .iter()
                    .map(|(k, v)| {
                        (
                            ["KEY", "key", "Region"][*k].to_string(),
                            WORDS[*v].to_string(),
                        )
                    })
                    .collect(),
                // Cadences and birthdays by position, so every database has a mix.
                cadence: Some(["2w", "month", "10d", ""][i % 4].parse().ok()),
                birthday: Some(
                    ["1990-11-23", "--02-29", "12-25", ""][(i / 2) % 4]
                        .parse::<crate::domain::birthday::Birthday>()
                        .ok(),
                ),
                ..Default::default()
            },
        )
        .unwrap();
        let created = base + Duration::hours(c.created_days * 24 + 7 * i as i64);
        let last = c
            .last_contact_days
            .map(|d| (base + Duration::hours(d * 24 - 5)).timestamp());
        s.conn
            .execute(
                "UPDATE contacts SET created_at = ?1, last_contact_at = ?2 WHERE id = ?3",
                crate::store::db::params![created.timestamp(), last, added.id],
            )
            .unwrap();
        contact_ids.push(added.id);
    }
    let mut deal_ids = Vec::new();
    for (i, d) in spec.deals.iter().enumerate() {
        let currency = Currency::parse(CURRENCIES[d.currency]).unwrap();
        let added =
            deals::add(
                &s,
                &t,
                Currency::usd(),
                DealChanges {
                    title: Some(format!("{} deal", NAMES[i % NAMES.len()])),
                    contact: Some(
                        d.contact
                            .and_then(|k| contact_ids.get(k % contact_ids.len()).copied()),
                    ),
                    company: Some(d.company.map(|k| CompanyPick::Name(COMPANIES[k].into()))),
                    value: Some(Money::new(d.minor, currency)),
                    stage: Some(StageId(d.stage)),
                    probability: Some(d.probability),
                    close: Some(d.close_days.map(|n| {
                        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap() + Duration::days(n)
                    })),
                    // Owners by position: someone, someone else, nobody.
                    owner: Some([Some("me"), Some("Åsa"), None][i % 3].map(String::from)),
                    ..Default::default()
                },
            )
            .unwrap();
        match d.status {
            1 => {
                deals::close(&s, &t, added.id, DealStatus::Won, None).unwrap();
            }
            2 => {
                deals::close(&s, &t, added.id, DealStatus::Lost, None).unwrap();
            }
            _ => {}
        }
        let created = base + Duration::hours(d.created_days * 24 - 3 * i as i64);
        s.conn
            .execute(
                "UPDATE deals SET created_at = ?1 WHERE id = ?2",
                crate::store::db::params![created.timestamp(), added.id],
            )
            .unwrap();
        deal_ids.push(added.id);
    }
    for (c, id) in spec.contacts.iter().zip(&contact_ids) {
        if c.removed {
            contacts::remove(&s, &t, *id).unwrap();
        }
    }
    let live = contact_ids
        .into_iter()
        .zip(&spec.contacts)
        .filter(|(_, c)| !c.removed)
        .map(|(id, _)| id)
        .collect();
    (s, live, deal_ids)
}

fn filter_of(expr: &Expr, target: Target) -> Filter {
    parse(&expr.to_string(), target).unwrap()
}

fn check(s: &Store, contacts: &[ContactId], deals: &[DealId], clock: &Clock, f: &Filter) {
    let r = s.read();
    match f.target() {
        Target::Contact => {
            let mut want: Vec<ContactId> = contacts
                .iter()
                .copied()
                .filter(|id| f.matches_contact(&contact_facts(r, *id).unwrap(), clock))
                .collect();
            let mut got = r.contact_ids_matching(f, clock).unwrap();
            want.sort_by_key(|c| c.0);
            got.sort_by_key(|c| c.0);
            assert_eq!(got, want, "{f}");
        }
        Target::Deal => {
            let want: Vec<DealId> = deals
                .iter()
                .copied()
                .filter(|id| f.matches_deal(&deal_facts(r, *id).unwrap(), clock))
                .collect();
            assert_eq!(r.deal_ids_matching(f, clock).unwrap(), want, "{f}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn sql_picks_the_contacts_the_evaluator_passes(
        db in db_spec(),
        clock in clock_strategy(),
        exprs in prop::collection::vec(expr_for(Target::Contact), 12),
    ) {
        let (s, contacts, deals) = build(&db);
        for e in &exprs {
            check(&s, &contacts, &deals, &clock, &filter_of(e, Target::Contact));
        }
    }

    #[test]
    fn sql_picks_the_deals_the_evaluator_passes(
        db in db_spec(),
        clock in clock_strategy(),
        exprs in prop::collection::vec(expr_for(Target::Deal), 12),
    ) {
        let (s, contacts, deals) = build(&db);
        for e in &exprs {
            check(&s, &contacts, &deals, &clock, &filter_of(e, Target::Deal));
        }
    }
}

/// Hand-picked expressions on values the database holds (random text seldom hits them).
#[test]
fn sql_agrees_on_hand_picked_expressions() {
    let contacts_texts = [
        "tag:vip and idle > 30d and deals.open_value > 1000",
        "tag:Cafe or tag != x",
        "email ~ exam and not email ~ zz",
        "name = \"zoe angstrom\" or zoe or \"ada lov\"",
        "title = ceo or title != founder",
        "company = acme and company.size in (micro, small, large)",
        "company.industry ~ caf or source = lead",
        "field.key = vip or field.KEY ~ a or field.region != x",
        "lifecycle in (lead, customer) and created > this quarter",
        "last_contact < 2026-11-01 or last_contact >= 10d or last_contact = this month",
        "deals.open >= 1 and deals.won_value >= 0 EUR",
        "deals.open_value < 5 JPY or deals.won_value > 12.5 or deals.won < 1",
        "score > 3 or cadence <= 2w or birthday < 14d or cases.open = 0",
        "score != 3 and not birthday = today",
        "created = yesterday or created < 2025 or created = 2026-q4",
    ];
    let deal_texts = [
        "value > 5000 EUR or currency = JPY and value < 1000",
        "stage = proposal or status in (won, lost) or probability >= 50",
        "close < 7d and close >= 0d",
        "close = this month or close > 2026-12-01 or created < 30d",
        "contact.tag = vip or tag:x or contact.lifecycle != lead",
        "company.name = acme or company.size != large or company.industry ~ ø",
        "owner = me or owner != me",
        "\"zoe deal\" or title ~ bob",
    ];
    let spec = DbSpec {
        companies: vec![(Some(0), Some(2)), (Some(3), None), (None, Some(7))],
        contacts: (0..6)
            .map(|i| ContactSpec {
                name: i,
                emails: vec![i % 3],
                company: Some(i % 3).filter(|_| i != 4),
                title: Some([5, 6, 0][i % 3]),
                source: Some(4).filter(|_| i % 2 == 0),
                tags: vec![0, 2 + i % 3],
                fields: vec![(i % 3, i)],
                lifecycle: i % 6,
                created_days: -(i as i64) * 40,
                last_contact_days: Some(-(i as i64) * 17).filter(|_| i != 2),
                removed: i == 5,
            })
            .collect(),
        deals: (0..8)
            .map(|i| DealSpec {
                contact: Some(i % 5),
                company: Some(i % 3),
                minor: [150_000, 90, 600_000, 7, 100_001, 0, 5_000_000, 42][i],
                currency: i % 4,
                stage: 1 + (i as i64 % 4),
                probability: Some(60).filter(|_| i % 3 == 0),
                close_days: Some(i as i64 * 5 - 10),
                created_days: -(i as i64) * 9,
                status: i % 3,
            })
            .collect(),
    };
    let (s, contacts, deals) = build(&spec);
    let clock = Clock {
        now: now().utc,
        offset: FixedOffset::east_opt(5 * 3600 + 1800).unwrap(),
    };
    let mut hits = 0;
    for text in contacts_texts {
        let f = parse(text, Target::Contact).unwrap();
        check(&s, &contacts, &deals, &clock, &f);
        hits += s.read().contact_ids_matching(&f, &clock).unwrap().len();
    }
    for text in deal_texts {
        let f = parse(text, Target::Deal).unwrap();
        check(&s, &contacts, &deals, &clock, &f);
        hits += s.read().deal_ids_matching(&f, &clock).unwrap().len();
    }
    assert!(hits > 20, "the expressions pick rows ({hits})");
    // A filter for the other target picks nothing.
    let deal_filter = parse("value > 0", Target::Deal).unwrap();
    assert!(s
        .read()
        .contact_ids_matching(&deal_filter, &clock)
        .unwrap()
        .is_empty());
}

/// Tests on values the random databases hold, so equality and `~` hit rows often.
const CONTACT_ATOMS: &[&str] = &[
    "tag:vip",
    "tag = cafe",
    "tag != x",
    "tag ~ an",
    "tag in (lead, \"ø\")",
    "email ~ exam",
    "email = \"vip00@examplE.org\"",
    "title = ceo",
    "title != founder",
    "title ~ o",
    "source in (lead, \"and\")",
    "company = acme",
    "company != x",
    "company.size = micro",
    "company.size != large",
    "company.industry ~ caf",
    "field.key = vip",
    "field.KEY != x",
    "field.region ~ a",
    "lifecycle = lead",
    "lifecycle != customer",
    "deals.open >= 1",
    "deals.open = 0",
    "deals.won < 2",
    "deals.open_value > 1000",
    "deals.open_value < 5 JPY",
    "deals.won_value >= 12.5 EUR",
    "deals.won_value <= 0",
    "idle > 30d",
    "idle <= 2w",
    "created < 3m",
    "created = this year",
    "last_contact >= last month",
    "last_contact = today",
    "ada",
    "zoe",
    "\"x and\"",
    "\"sor ask\"",
];
const DEAL_ATOMS: &[&str] = &[
    "value > 1000",
    "value <= 50 JPY",
    "value = 0",
    "currency in (EUR, KWD)",
    "currency != USD",
    "stage = lead",
    "stage != proposal",
    "status = won",
    "status != open",
    "probability >= 50",
    "probability < 25",
    "close < 7d",
    "close >= 0d",
    "close = this month",
    "close > 2026-12-01",
    "created < 30d",
    "created = this quarter",
    "company.name = acme",
    "company.size != micro",
    "company.industry ~ a",
    "contact.tag = vip",
    "tag:x",
    "contact.lifecycle != lead",
    "contact.deals.open > 1",
    "contact.idle > 30d",
    "contact.email ~ exam",
    "owner = me",
    "owner != me",
    "owner ~ å",
    "owner in (me, x)",
    "ada",
    "\"bob deal\"",
];

fn combined(atoms: &'static [&'static str]) -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(atoms).prop_map(str::to_string);
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4)
                .prop_map(|v| format!("({})", v.join(" and "))),
            prop::collection::vec(inner.clone(), 2..4)
                .prop_map(|v| format!("({})", v.join(" or "))),
            inner.prop_map(|e| format!("not ({e})")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn sql_agrees_on_tests_that_hit_the_rows(
        db in db_spec(),
        clock in clock_strategy(),
        contact_texts in prop::collection::vec(combined(CONTACT_ATOMS), 8),
        deal_texts in prop::collection::vec(combined(DEAL_ATOMS), 8),
    ) {
        let (s, contacts, deals) = build(&db);
        for text in &contact_texts {
            let f = parse(text, Target::Contact).unwrap_or_else(|e| panic!("{text}: {e}"));
            check(&s, &contacts, &deals, &clock, &f);
        }
        for text in &deal_texts {
            let f = parse(text, Target::Deal).unwrap_or_else(|e| panic!("{text}: {e}"));
            check(&s, &contacts, &deals, &clock, &f);
        }
    }
}
