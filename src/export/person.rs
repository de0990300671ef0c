//! Everything crm holds about one person, as one JSON document (`crm export contact REF`;
//! GDPR articles 15 and 20: access and portability).

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::json;
use crate::domain::case::Case;
use crate::domain::*;

/// One person's records, gathered from one snapshot.
pub struct Person<'a> {
    pub contact: &'a Contact,
    pub score: Option<u8>,
    pub interactions: &'a [Interaction],
    pub deals: &'a [Deal],
    pub tasks: &'a [Task],
    pub cases: &'a [Case],
    pub history: &'a [HistoryEntry],
}

/// The document: the contact with its e-mails, phones, tags and custom fields, then every
/// record that belongs to them and every history row about them.
pub fn document(p: &Person<'_>, exported_at: DateTime<Utc>) -> Value {
    json!({
        "exported_at": json::time(exported_at),
        "contact": json::contact_value(p.contact),
        "lead_score": p.score,
        "interactions": p.interactions.iter().map(json::interaction).collect::<Vec<_>>(),
        "deals": p.deals.iter().map(json::deal).collect::<Vec<_>>(),
        "tasks": p.tasks.iter().map(json::task).collect::<Vec<_>>(),
        "cases": p.cases.iter().map(json::case).collect::<Vec<_>>(),
        "history": p.history.iter().map(json::history).collect::<Vec<_>>(),
    })
}
