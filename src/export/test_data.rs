//! Domain values built by hand for the export tests.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use crate::domain::currency::Currency;
use crate::domain::money::Money;
use crate::domain::*;

pub fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

pub fn day(y: i32, mo: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, mo, d).unwrap()
}

pub fn ada() -> Contact {
    Contact {
        cadence: None,
        birthday: None,
        id: ContactId(7),
        name: "Ada Lovelace".to_string(),
        emails: vec![
            "ada@example.com".to_string(),
            "ada.l@example.net".to_string(),
        ],
        phones: vec!["+44 20 7946 0018".to_string(), "020 7946 0019".to_string()],
        email_types: Default::default(),
        phone_types: Default::default(),
        company_id: Some(CompanyId(3)),
        company: Some("Analytical Engines, Ltd.".to_string()),
        title: Some("Mathematician".to_string()),
        lifecycle: Lifecycle::Decision,
        source: Some("referral".to_string()),
        notes: Some("Likes \"notes\"; prefers\nmail".to_string()),
        tags: vec!["vip".to_string(), "math".to_string()],
        fields: BTreeMap::from([("tier".to_string(), "gold".to_string())]),
        created_at: at(2026, 11, 22, 10, 0),
        updated_at: at(2026, 11, 23, 9, 30),
        last_contact_at: Some(at(2026, 11, 25, 14, 5)),
        version: 1,
    }
}

/// A contact with only a one-word name and one custom field.
pub fn cher() -> Contact {
    Contact {
        cadence: None,
        birthday: None,
        id: ContactId(8),
        name: "Cher".to_string(),
        emails: vec![],
        phones: vec![],
        email_types: Default::default(),
        phone_types: Default::default(),
        company_id: None,
        company: None,
        title: None,
        lifecycle: Lifecycle::Awareness,
        source: None,
        notes: None,
        tags: vec![],
        fields: BTreeMap::from([("birthday".to_string(), "1946-05-20".to_string())]),
        created_at: at(2026, 1, 2, 3, 4),
        updated_at: at(2026, 1, 2, 3, 4),
        last_contact_at: None,
        version: 1,
    }
}

pub fn emails() -> HashMap<ContactId, String> {
    HashMap::from([(ContactId(7), "ada@example.com".to_string())])
}

pub fn website_deal() -> Deal {
    Deal {
        owner: None,
        id: DealId(12),
        title: "Website relaunch".to_string(),
        contact_id: Some(ContactId(7)),
        contact: Some("Ada Lovelace".to_string()),
        company_id: Some(CompanyId(3)),
        company: Some("Analytical Engines, Ltd.".to_string()),
        stage_id: StageId(3),
        stage: "proposal".to_string(),
        stage_probability: 50,
        status: DealStatus::Open,
        value: Money::new(450_050, Currency::parse("EUR").unwrap()),
        probability: Some(60),
        expected_close: Some(day(2026, 12, 15)),
        lost_reason: None,
        created_at: at(2026, 11, 22, 10, 0),
        updated_at: at(2026, 11, 22, 10, 0),
        closed_at: None,
        version: 1,
    }
}

pub fn kiosk_deal() -> Deal {
    Deal {
        owner: None,
        id: DealId(13),
        title: "Tokyo kiosk".to_string(),
        contact_id: None,
        contact: None,
        company_id: None,
        company: None,
        stage_id: StageId(1),
        stage: "lead".to_string(),
        stage_probability: 10,
        status: DealStatus::Lost,
        value: Money::new(150_000, Currency::parse("JPY").unwrap()),
        probability: None,
        expected_close: None,
        lost_reason: Some("-too pricey".to_string()),
        created_at: at(2026, 10, 1, 8, 0),
        updated_at: at(2026, 11, 1, 12, 0),
        closed_at: Some(at(2026, 11, 1, 12, 0)),
        version: 1,
    }
}

pub fn call() -> Interaction {
    Interaction {
        case_id: None,
        id: InteractionId(30),
        contact_id: ContactId(7),
        contact: "Ada Lovelace".to_string(),
        deal_id: Some(DealId(12)),
        kind: InteractionKind::Call,
        direction: Some(Direction::Out),
        occurred_at: at(2026, 11, 24, 15, 30),
        duration_min: Some(25),
        summary: "talked pricing, next steps".to_string(),
        body: Some("@all: see notes".to_string()),
        score: None,
        version: 1,
    }
}

pub fn feedback() -> Interaction {
    Interaction {
        case_id: None,
        id: InteractionId(31),
        contact_id: ContactId(9),
        contact: "Grace Hopper".to_string(),
        deal_id: None,
        kind: InteractionKind::Feedback,
        direction: Some(Direction::In),
        occurred_at: at(2026, 11, 26, 9, 0),
        duration_min: None,
        summary: "Great workshop".to_string(),
        body: None,
        score: Some(9),
        version: 1,
    }
}

/// Open, due on a day, with contact and deal.
pub fn proposal_task() -> Task {
    Task {
        owner: None,
        case_id: None,
        id: TaskId(40),
        title: "Send proposal".to_string(),
        contact_id: Some(ContactId(7)),
        contact: Some("Ada Lovelace".to_string()),
        deal_id: Some(DealId(12)),
        deal: Some("Website relaunch".to_string()),
        due: Some(Due::Day(day(2026, 12, 1))),
        due_day: Some(day(2026, 12, 1)),
        every: None,
        done_at: None,
        created_at: at(2026, 11, 22, 10, 0),
        version: 1,
    }
}

/// Done, due at a moment.
pub fn done_task() -> Task {
    Task {
        owner: None,
        case_id: None,
        id: TaskId(41),
        title: "Call back; confirm".to_string(),
        contact_id: None,
        contact: None,
        deal_id: None,
        deal: None,
        due: Some(Due::At(at(2026, 12, 2, 15, 30))),
        due_day: Some(day(2026, 12, 2)),
        every: Some(crate::domain::recurrence::Every::parse("month").unwrap()),
        done_at: Some(at(2026, 12, 2, 16, 0)),
        created_at: at(2026, 11, 22, 10, 0),
        version: 1,
    }
}

/// Open, no due date.
pub fn undated_task() -> Task {
    Task {
        owner: None,
        case_id: None,
        id: TaskId(42),
        title: "Plan Q1".to_string(),
        contact_id: None,
        contact: None,
        deal_id: None,
        deal: None,
        due: None,
        due_day: None,
        every: None,
        done_at: None,
        created_at: at(2026, 11, 22, 10, 0),
        version: 1,
    }
}

/// Open, due at a moment, with text that needs escaping.
pub fn timed_task() -> Task {
    Task {
        owner: None,
        case_id: None,
        id: TaskId(43),
        title: "Review, sign; send \\ back".to_string(),
        contact_id: Some(ContactId(9)),
        contact: Some("Grace Hopper".to_string()),
        deal_id: None,
        deal: None,
        due: Some(Due::At(at(2026, 12, 3, 9, 15))),
        due_day: Some(day(2026, 12, 3)),
        every: None,
        done_at: None,
        created_at: at(2026, 11, 23, 8, 0),
        version: 1,
    }
}

/// True when every line break is CRLF: no lone CR, no bare LF.
pub fn crlf_only(s: &str) -> bool {
    !s.replace("\r\n", "").contains(['\r', '\n'])
}
