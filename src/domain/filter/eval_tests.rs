//! Evaluator tests on hand-built facts: boundaries, money exponents, missing values,
//! multi-valued fields, periods, durations and accents.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};

use super::{parse, Clock, ContactFacts, DealFacts, MonthDay, Target};
use crate::domain::currency::Currency;
use crate::domain::money::Money;
use crate::domain::recurrence::Every;
use crate::domain::{CompanySize, DealStatus, Lifecycle};

/// Sunday 2026-11-22 10:00 UTC.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

fn clock() -> Clock {
    Clock {
        now: now(),
        offset: FixedOffset::east_opt(0).unwrap(),
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn money(minor: i64, code: &str) -> Money {
    Money::new(minor, Currency::parse(code).unwrap())
}

fn zoe() -> ContactFacts {
    ContactFacts {
        name: "Zoë Ångström".into(),
        emails: vec!["zoe@example.com".into(), "z.a@Work.org".into()],
        company: Some("Société Générale".into()),
        title: None,
        lifecycle: Lifecycle::Retention,
        source: Some("referral".into()),
        tags: vec!["VIP".into(), "Berlin".into()],
        fields: BTreeMap::from([("Region".to_string(), "North-East".to_string())]),
        created_at: Utc.with_ymd_and_hms(2026, 10, 5, 9, 0, 0).unwrap(),
        last_contact_at: Some(now() - Duration::days(30)),
        score: None,
        cadence: None,
        birthday: None,
        company_size: Some(CompanySize::Medium),
        company_industry: Some("Banking".into()),
        deals_open: 2,
        deals_open_value: vec![money(100_000, "EUR"), money(500, "JPY")],
        deals_won: 0,
        deals_won_value: vec![],
        cases_open: 0,
    }
}

fn is(text: &str, c: &ContactFacts) -> bool {
    is_at(text, c, &clock())
}

fn is_at(text: &str, c: &ContactFacts, clock: &Clock) -> bool {
    let f = parse(text, Target::Contact).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    f.matches_contact(c, clock)
}

fn deal_is(text: &str, d: &DealFacts) -> bool {
    let f = parse(text, Target::Deal).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    f.matches_deal(d, &clock())
}

fn offer(value: Money) -> DealFacts {
    DealFacts {
        title: "Ångström offer".into(),
        stage: "Proposal".into(),
        status: DealStatus::Open,
        value,
        probability: 50,
        close: Some(day(2026, 11, 29)),
        created_at: Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap(),
        owner: None,
        company: Some("Acme".into()),
        company_size: Some(CompanySize::Small),
        company_industry: None,
        contact: Some(zoe()),
    }
}

#[test]
fn idle_counts_whole_local_days_with_the_boundary_exact() {
    let z = zoe(); // last contact exactly 30 days ago
    assert!(!is("idle > 30d", &z));
    assert!(is("idle >= 30d", &z));
    assert!(is("idle = 30d", &z));
    assert!(is("idle < 31d", &z));
    assert!(!is("idle < 30d", &z));
    assert!(is("idle > 4w", &z), "28 days");
    assert!(is("idle < 1m", &z), "a calendar month back is 22 October");
    assert!(!is("idle = 1m", &z));
    let never = ContactFacts {
        last_contact_at: None,
        ..zoe()
    };
    // Created 5 October: 48 days ago.
    assert!(
        is("idle > 30d", &never),
        "never contacted counts from created"
    );
    assert!(!is("idle > 48d", &never));
    // At +10:00 the last contact (23 Oct 10:00 UTC = 20:00 local) and now (20:00 local)
    // are still 30 days apart; at -11:00 both move back a day; a contact late in the UTC
    // day falls on the next local day east of Greenwich.
    let east = Clock {
        now: now(),
        offset: FixedOffset::east_opt(10 * 3600).unwrap(),
    };
    let late = ContactFacts {
        last_contact_at: Some(Utc.with_ymd_and_hms(2026, 10, 23, 15, 0, 0).unwrap()),
        ..zoe()
    };
    assert!(is_at("idle = 30d", &late, &clock()));
    assert!(
        is_at("idle = 29d", &late, &east),
        "24 Oct local to 22 Nov local"
    );
}

#[test]
fn money_is_read_in_each_deals_own_currency() {
    let eur = offer(money(500_000, "EUR")); // 5,000.00 EUR
    let jpy = offer(money(5_000, "JPY")); // 5,000 JPY
    for d in [&eur, &jpy] {
        assert!(deal_is("value = 5000", d));
        assert!(deal_is("value > 4999", d));
        assert!(!deal_is("value > 5000", d));
        assert!(deal_is("value >= 5000.00", d));
    }
    assert!(deal_is("value > 4999.99", &eur));
    assert!(!deal_is("value > 5000.001", &eur));
    assert!(deal_is("value >= 5000 and currency = EUR", &eur));
    assert!(!deal_is("value >= 5000 and currency = EUR", &jpy));
    assert!(deal_is("value = 5000 EUR", &eur));
    assert!(!deal_is("value = 5000 EUR", &jpy));
    assert!(
        !deal_is("value < 1000000 EUR", &jpy),
        "another currency is no value"
    );
    assert!(deal_is("value != 5000 EUR", &jpy));
    let small = offer(money(10, "JPY"));
    assert!(!deal_is("value > 10.5", &small));
    assert!(deal_is("value > 10.5", &offer(money(11, "JPY"))));
    assert!(deal_is("value < 10.01", &small));
    let kwd = offer(money(1_005, "KWD")); // 1.005 KWD
    assert!(deal_is("value = 1.005", &kwd));
    assert!(deal_is("value > 1", &kwd));
}

#[test]
fn a_contacts_deal_totals_count_per_currency() {
    let z = zoe(); // open: 1,000.00 EUR and 500 JPY
    assert!(is("deals.open = 2", &z));
    assert!(is("deals.open_value > 900", &z), "the EUR total passes");
    assert!(is("deals.open_value < 600", &z), "the JPY total passes");
    assert!(!is("deals.open_value > 1000 EUR", &z));
    assert!(is("deals.open_value >= 1000 EUR", &z));
    assert!(is("deals.open_value < 100 USD", &z), "no USD deal counts 0");
    assert!(!is("deals.open_value > 0 USD", &z));
    assert!(is("deals.won = 0 and deals.won_value = 0", &z));
    assert!(!is("deals.won_value > 0", &z));
    assert!(is("cases.open = 0", &z));
}

#[test]
fn missing_values_fail_every_test_but_not_equal() {
    let z = zoe(); // no title, score, cadence or birthday
    for text in [
        "title = ceo",
        "title ~ c",
        "title in (ceo, cto)",
        "score > 0",
        "score <= 100",
        "cadence > 1d",
        "birthday < 400d",
        "field.other = x",
    ] {
        assert!(!is(text, &z), "{text}");
    }
    for text in [
        "title != ceo",
        "score != 5",
        "not title = ceo",
        "not score > 0",
        "field.other != x",
    ] {
        assert!(is(text, &z), "{text}");
    }
    let silent = ContactFacts {
        last_contact_at: None,
        company_size: None,
        ..zoe()
    };
    assert!(!is("last_contact > 2026-01-01", &silent));
    assert!(!is("last_contact < 2026-01-01", &silent));
    assert!(is("last_contact != today", &silent));
    assert!(!is("company.size = medium", &silent));
    assert!(is("company.size != medium", &silent));
}

#[test]
fn multi_valued_fields_match_when_any_value_does() {
    let z = zoe(); // tags VIP, Berlin
    assert!(is("tag:vip", &z));
    assert!(is("tag = berlin", &z));
    assert!(is("tag ~ ERL", &z));
    assert!(is("tag in (cold, vip)", &z));
    assert!(!is("tag:cold", &z));
    assert!(!is("tag != vip", &z), "!= means no tag is vip");
    assert!(is("tag != cold", &z));
    let untagged = ContactFacts {
        tags: vec![],
        ..zoe()
    };
    assert!(!is("tag:vip", &untagged));
    assert!(is("tag != vip", &untagged));
    assert!(is("email = Z.A@work.ORG", &z));
    assert!(is("email ~ work.org", &z));
    assert!(!is("email = zoe", &z));
}

#[test]
fn names_and_text_fold_accents_and_case() {
    let z = zoe();
    assert!(is("zoe", &z));
    assert!(is("Zoë", &z));
    assert!(is("ang", &z));
    assert!(is("'zoe ang'", &z));
    assert!(is("\"ÅNGSTRÖM\"", &z));
    assert!(!is("oe", &z), "each word must begin a word of the name");
    assert!(!is("'zoe x'", &z));
    assert!(is("name = 'zoe angstrom'", &z));
    assert!(is("name ~ GSTR", &z));
    assert!(is("company ~ generale", &z));
    assert!(is("company = 'societe generale'", &z));
    assert!(is("field.region = north-east and field.REGION ~ east", &z));
    assert!(is("company.industry = banking and source = Referral", &z));
    assert!(deal_is(
        "angstrom and stage = proposal",
        &offer(money(1, "EUR"))
    ));
}

#[test]
fn lifecycle_aliases_and_precedence() {
    let z = zoe(); // retention
    assert!(is("lifecycle = customer", &z));
    assert!(is("lifecycle in (retention, expansion)", &z));
    assert!(!is("lifecycle = lead", &z));
    assert!(is("lifecycle != lead", &z));
    // not > and > or: (not tag:vip) or (lifecycle = customer and tag:berlin)
    assert!(is("not tag:vip or lifecycle = customer and tag:berlin", &z));
    assert!(!is(
        "not (tag:vip or lifecycle = customer) and tag:berlin",
        &z
    ));
    assert!(is("tag:cold or tag:vip and not tag:cold", &z));
    assert!(!is("(tag:cold or tag:vip) and tag:cold", &z));
}

#[test]
fn dates_and_periods() {
    let z = zoe(); // created 2026-10-05; today 2026-11-22 (Q4)
    assert!(is("created = this quarter", &z));
    assert!(
        is("created > this quarter", &z),
        "> a period: since it began"
    );
    assert!(is("created >= this quarter", &z));
    assert!(!is("created < this quarter", &z));
    assert!(is("created <= this quarter", &z));
    assert!(!is("created = last quarter", &z));
    assert!(is("created > last quarter", &z));
    assert!(!is("created < last quarter", &z));
    assert!(is(
        "created = 2026-q4 and created = q4 and created = 2026-10 and created = 2026",
        &z
    ));
    assert!(is("created = last month", &z));
    assert!(!is("created = this month", &z));
    assert!(is("created = 2026-10-05", &z));
    assert!(!is("created < 2026-10-05", &z));
    assert!(is("created <= 2026-10-05", &z));
    assert!(is("created > 2026-10-04", &z));
    assert!(!is("created > 2026-10-05", &z), "> a date: after that day");
    assert!(is("created < 2027-01-01 and created > 2026-01-01", &z));
    assert!(is("last_contact > this quarter", &z));
    assert!(is("last_contact = 2026-10-23", &z));
    let today = ContactFacts {
        created_at: now() - Duration::hours(1),
        ..zoe()
    };
    assert!(is(
        "created = today and created > yesterday and created < tomorrow",
        &today
    ));
    assert!(is("created = this week", &today));
    assert!(!is("created = next week", &today));
}

#[test]
fn durations_are_ages_for_past_dates_and_time_left_for_close() {
    let z = zoe(); // created 48 days ago
    assert!(is("created < 60d", &z), "created less than 60 days ago");
    assert!(!is("created < 48d", &z));
    assert!(is("created <= 48d", &z));
    assert!(is("created > 1m", &z));
    let d = |close: Option<NaiveDate>| DealFacts {
        close,
        ..offer(money(1, "EUR"))
    };
    let in_a_week = d(Some(day(2026, 11, 29)));
    assert!(!deal_is("close < 7d", &in_a_week));
    assert!(deal_is("close <= 7d", &in_a_week));
    assert!(deal_is("close < 1w or close = 7d", &in_a_week));
    let overdue = d(Some(day(2026, 11, 21)));
    assert!(
        deal_is("close < 7d", &overdue),
        "overdue is within the week"
    );
    assert!(
        !deal_is("close >= 0d", &overdue),
        ">= 0d leaves overdue ones out"
    );
    assert!(deal_is("close < today", &overdue));
    assert!(!deal_is("close < 7d", &d(None)));
    assert!(deal_is(
        "created < 30d and created = this month",
        &in_a_week
    ));
}

#[test]
fn cadence_and_birthday() {
    let z = ContactFacts {
        cadence: Some(Every::parse("2w").unwrap()),
        birthday: Some(MonthDay { month: 11, day: 30 }),
        ..zoe()
    };
    assert!(is("cadence = 14d and cadence <= 2w and cadence > 10d", &z));
    assert!(!is("cadence > 1m", &z));
    // Today is 22 November: the birthday is 8 days away.
    assert!(is("birthday < 9d", &z));
    assert!(!is("birthday < 8d", &z));
    assert!(is("birthday <= 8d", &z));
    assert!(is("birthday = this month and birthday = 2026-11-30", &z));
    assert!(is("birthday = 1990-11-30", &z), "any year's date");
    assert!(!is("birthday = next month", &z));
    let passed = ContactFacts {
        birthday: Some(MonthDay { month: 11, day: 1 }),
        ..zoe()
    };
    assert!(is("birthday > 300d", &passed), "the next one is next year");
    let leap = ContactFacts {
        birthday: Some(MonthDay { month: 2, day: 29 }),
        ..zoe()
    };
    assert!(is("birthday = 2027-02-28 and birthday = 2028-02-29", &leap));
    assert!(!is("birthday = 2028-02-28", &leap));
}

#[test]
fn deals_reach_their_contact_and_company() {
    let d = offer(money(500_000, "EUR"));
    assert!(deal_is("contact.tag = vip and tag:berlin", &d));
    assert!(deal_is(
        "contact.lifecycle = customer and contact.idle >= 30d",
        &d
    ));
    assert!(deal_is("company.size = small and company.name = acme", &d));
    assert!(deal_is("contact.company.size = medium", &d));
    assert!(deal_is(
        "status = open and probability >= 50 and probability < 51",
        &d
    ));
    assert!(!deal_is("owner = ada", &d));
    assert!(deal_is("owner != ada", &d));
    assert!(!deal_is("company.industry ~ bank", &d));
    let orphan = DealFacts {
        contact: None,
        ..offer(money(1, "EUR"))
    };
    assert!(!deal_is("contact.tag = vip", &orphan));
    assert!(!deal_is("tag:vip", &orphan));
    assert!(deal_is("contact.tag != vip", &orphan));
    assert!(!deal_is("contact.idle > 0d", &orphan));
}

#[test]
fn a_filter_only_matches_its_own_target() {
    let contact_filter = parse("zoe", Target::Contact).unwrap();
    let deal_filter = parse("angstrom", Target::Deal).unwrap();
    let d = offer(money(1, "EUR"));
    assert!(contact_filter.matches_contact(&zoe(), &clock()));
    assert!(!contact_filter.matches_deal(&d, &clock()));
    assert!(deal_filter.matches_deal(&d, &clock()));
    assert!(!deal_filter.matches_contact(&zoe(), &clock()));
    assert_eq!(contact_filter.target(), Target::Contact);
}
