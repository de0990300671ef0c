//! The plain data a filter is evaluated on: a record's own fields plus what its fields
//! reach (company, deal totals), gathered once by the caller (see `ops::facts`).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::domain::money::Money;
use crate::domain::recurrence::Every;
use crate::domain::{CompanySize, Contact, Deal, DealStatus, Lifecycle};

/// A birthday's month and day (the year, when known, plays no part in matching).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    /// The birthday in `year`; 29 February falls on the 28th in other years.
    pub fn in_year(self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, self.month, self.day).or_else(|| {
            (self.month == 2 && self.day == 29)
                .then(|| NaiveDate::from_ymd_opt(year, 2, 28))
                .flatten()
        })
    }

    /// The first birthday on or after `today`.
    pub fn next_after(self, today: NaiveDate) -> Option<NaiveDate> {
        match self.in_year(today.year())? {
            d if d >= today => Some(d),
            _ => self.in_year(today.year() + 1),
        }
    }
}

/// Everything the contact fields of §12 need.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactFacts {
    pub name: String,
    pub emails: Vec<String>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub lifecycle: Lifecycle,
    pub source: Option<String>,
    pub tags: Vec<String>,
    /// Custom fields, key as stored.
    pub fields: BTreeMap<String, String>,
    pub created_at: DateTime<Utc>,
    pub last_contact_at: Option<DateTime<Utc>>,
    /// The lead score, `None` until scores exist (issue 13).
    pub score: Option<i64>,
    pub cadence: Option<Every>,
    pub birthday: Option<MonthDay>,
    pub company_size: Option<CompanySize>,
    pub company_industry: Option<String>,
    pub deals_open: i64,
    /// The open deals' value, one total per currency (none when no deal is open).
    pub deals_open_value: Vec<Money>,
    pub deals_won: i64,
    pub deals_won_value: Vec<Money>,
    pub cases_open: i64,
}

impl ContactFacts {
    /// A contact known only by its cadence and birthday (the store's SQL asks the
    /// evaluator about those two, which need interval and calendar arithmetic).
    pub fn with_calendar(
        cadence: Option<Every>,
        birthday: Option<crate::domain::birthday::Birthday>,
    ) -> ContactFacts {
        ContactFacts {
            cadence,
            birthday: birthday.map(|b| MonthDay {
                month: b.month,
                day: b.day,
            }),
            ..ContactFacts::blank()
        }
    }

    /// A contact with nothing known: no name, fields, deals or dates.
    fn blank() -> ContactFacts {
        ContactFacts {
            name: String::new(),
            emails: Vec::new(),
            company: None,
            title: None,
            lifecycle: Lifecycle::Awareness,
            source: None,
            tags: Vec::new(),
            fields: BTreeMap::new(),
            created_at: DateTime::<Utc>::default(),
            last_contact_at: None,
            score: None,
            cadence: None,
            birthday: None,
            company_size: None,
            company_industry: None,
            deals_open: 0,
            deals_open_value: Vec::new(),
            deals_won: 0,
            deals_won_value: Vec::new(),
            cases_open: 0,
        }
    }

    /// The facts a contact carries itself; company, deal and case figures start empty.
    pub fn of(c: &Contact) -> ContactFacts {
        ContactFacts {
            name: c.name.clone(),
            emails: c.emails.clone(),
            company: c.company.clone(),
            title: c.title.clone(),
            lifecycle: c.lifecycle,
            source: c.source.clone(),
            tags: c.tags.clone(),
            fields: c.fields.clone(),
            created_at: c.created_at,
            last_contact_at: c.last_contact_at,
            // Its own cadence: a tag's default from the config is not a fact of the record.
            ..ContactFacts::with_calendar(c.cadence, c.birthday)
        }
    }
}

/// Everything the deal fields of §12 need.
#[derive(Debug, Clone, PartialEq)]
pub struct DealFacts {
    pub title: String,
    pub stage: String,
    pub status: DealStatus,
    pub value: Money,
    /// The probability that counts (won 100, lost 0, else the override or the stage's).
    pub probability: u8,
    pub close: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    /// Who owns it (DESIGN §14); `None` is nobody.
    pub owner: Option<String>,
    pub company: Option<String>,
    pub company_size: Option<CompanySize>,
    pub company_industry: Option<String>,
    pub contact: Option<ContactFacts>,
}

impl DealFacts {
    /// The facts a deal carries itself; company details and the contact start empty.
    pub fn of(d: &Deal) -> DealFacts {
        DealFacts {
            title: d.title.clone(),
            stage: d.stage.clone(),
            status: d.status,
            value: d.value,
            probability: d.effective_probability(),
            close: d.expected_close,
            created_at: d.created_at,
            owner: d.owner.clone(),
            company: d.company.clone(),
            company_size: None,
            company_industry: None,
            contact: None,
        }
    }
}
