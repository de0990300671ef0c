//! Interactions read by `crm import`: kind, contact, direction, time, duration and score
//! checked, then written with the contact's last contact and lifecycle moved.

use super::{Party, Refused, Writer};
use crate::domain::dates::{parse_duration_min, parse_when};
use crate::domain::*;
use crate::import::{InteractionRecord, Parsed};
use crate::ops::deals::advance_lifecycle;

impl Writer<'_, '_> {
    pub(super) fn interaction(&mut self, item: Parsed<InteractionRecord>) -> Result<()> {
        let Some(rec) = self.take(item)? else {
            return Ok(());
        };
        let contact = match self.party(&rec.contact, &rec.raw)? {
            Ok(Party::Known(Some(id))) => id,
            Ok(Party::Missing(name)) => {
                // Checked first, so a bad row does not leave a contact behind.
                if let Err(r) = self.checked_interaction(&rec, ContactId(0)) {
                    self.refuse(rec.line, &rec.raw, r)?;
                    return Ok(());
                }
                match self.create_party(rec.line, &name, None)? {
                    Some(id) => id,
                    None => return Ok(()),
                }
            }
            Ok(Party::Known(None)) => {
                let r = Refused::fix("contact", "the interaction names no contact");
                self.refuse(rec.line, &rec.raw, r)?;
                return Ok(());
            }
            Err(r) => {
                self.refuse(rec.line, &rec.raw, r)?;
                return Ok(());
            }
        };
        match self.checked_interaction(&rec, contact) {
            Ok(i) => self.insert_interaction(&i),
            Err(r) => {
                self.refuse(rec.line, &rec.raw, r)?;
                Ok(())
            }
        }
    }

    /// The record as an interaction, each field checked in turn.
    fn checked_interaction(
        &self,
        rec: &InteractionRecord,
        contact: ContactId,
    ) -> std::result::Result<Interaction, Refused> {
        // The hint is only there when the file has no kind column (the parser then
        // says `note`), so the file's own columns decide.
        let kind = match self.kind_hint {
            Some(k) => k,
            None => InteractionKind::parse(&vendor_kind(&rec.kind))
                .map_err(|e| Refused::fix("kind", e))?,
        };
        let body = rec.body.clone().filter(|b| !b.trim().is_empty());
        // A note export has only a body: its first line is the summary.
        let summary = match rec.summary.trim() {
            "" => body
                .as_deref()
                .and_then(|b| b.lines().map(str::trim).find(|l| !l.is_empty()))
                .map(|l| l.chars().take(120).collect::<String>())
                .unwrap_or_default(),
            s => s.to_string(),
        };
        if summary.is_empty() {
            return Err(Refused::note("summary", "the summary is empty"));
        }
        let direction = direction(rec.direction.as_deref(), kind)?;
        let at = match filled(&rec.at) {
            Some(a) => parse_when(a, self.now.local())
                .map(|w| self.now.instant(w))
                .map_err(|e| Refused::fix("date", e))?,
            None => self.now.utc,
        };
        let duration = filled(&rec.duration)
            .map(|d| parse_duration_min(d).map_err(|e| Refused::fix("duration", e)))
            .transpose()?;
        Ok(Interaction {
            case_id: None,
            id: InteractionId(0),
            contact_id: contact,
            contact: String::new(),
            deal_id: self.contacts_deal(contact, rec.deal.as_deref())?,
            kind,
            direction,
            occurred_at: at,
            duration_min: duration,
            summary,
            body,
            score: score(filled(&rec.score))?,
            version: 1,
        })
    }

    /// The contact's deal with this title (crm's CSV export names it), if there is one.
    fn contacts_deal(
        &self,
        contact: ContactId,
        title: Option<&str>,
    ) -> std::result::Result<Option<DealId>, Refused> {
        let Some(title) = title.map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let filter = crate::store::DealFilter {
            contact_id: Some(contact),
            ..Default::default()
        };
        let deals = self
            .tx
            .read()
            .deals(&filter)
            .map_err(|e| Refused::fix("deal", e))?;
        Ok(deals
            .iter()
            .find(|d| d.title.trim().eq_ignore_ascii_case(title))
            .map(|d| d.id))
    }

    /// Writes an interaction, moves the contact's last contact, notes it for undo.
    pub(super) fn insert_interaction(&mut self, i: &Interaction) -> Result<()> {
        let id = self.tx.insert_interaction(i, self.now.utc)?;
        // One dated ahead is not contact yet (as for `crm log`).
        if i.kind != InteractionKind::Note && i.occurred_at <= self.now.utc {
            self.tx.note_contacted(i.contact_id, i.occurred_at)?;
        }
        self.tx.add_import_item(
            self.id,
            crate::domain::history::Entity::Interaction,
            id.0,
            crate::domain::history::Action::Create,
            None,
        )?;
        self.trace(
            crate::domain::history::Entity::Interaction,
            id.0,
            Some(i.contact_id),
            &i.summary,
        )?;
        if !self.req.everything {
            let (kind, direction) = (i.kind, i.direction);
            let rule = move |l| crate::domain::lifecycle::after_interaction(l, kind, direction);
            advance_lifecycle(
                self.tx,
                self.now,
                Some(i.contact_id),
                rule,
                "inbound contact imported",
            )?;
        }
        self.out.created += 1;
        Ok(())
    }
}

/// A cell with something in it, trimmed.
fn filled(cell: &Option<String>) -> Option<&str> {
    cell.as_deref().map(str::trim).filter(|c| !c.is_empty())
}

/// Notes have none; others default to outgoing.
fn direction(
    text: Option<&str>,
    kind: InteractionKind,
) -> std::result::Result<Option<Direction>, Refused> {
    match (text.map(str::trim).filter(|d| !d.is_empty()), kind) {
        (_, InteractionKind::Note) => Ok(None),
        (Some(d), _) => Direction::parse(vendor_direction(d))
            .map(Some)
            .map_err(|e| Refused::fix("direction", e)),
        (None, _) => Ok(Some(Direction::Out)),
    }
}

fn score(text: Option<&str>) -> std::result::Result<Option<u8>, Refused> {
    let Some(s) = text else { return Ok(None) };
    s.parse::<i64>()
        .ok()
        .and_then(|n| crate::domain::validate::score(n).ok())
        .map(Some)
        .ok_or_else(|| Refused::note("score", format!("score {s:?} is not a number from 0 to 10")))
}

/// Pipedrive's activity types and HubSpot's engagement types as our kinds.
fn vendor_kind(text: &str) -> String {
    let t = text.trim().to_lowercase();
    match t.as_str() {
        "lunch" => "meeting".into(),
        // Pipedrive's other default types: kept as notes rather than refusing the file.
        "task" | "deadline" => "note".into(),
        "incoming_email" | "forwarded_email" => "email".into(),
        _ => t,
    }
}

/// HubSpot's call and e-mail directions (`INBOUND`, `INCOMING_EMAIL`, `EMAIL`).
fn vendor_direction(text: &str) -> &str {
    match text.to_lowercase().as_str() {
        "incoming_email" | "incoming" | "received" => "in",
        "email" | "forwarded_email" | "outgoing" | "sent" => "out",
        _ => text,
    }
}

/// The kind a vendor export implies by its columns: HubSpot's calls export has
/// `Call notes` / `hs_call_body`, Pipedrive's notes export `Note - Content`, and so on.
/// `None` when the file has a kind column or says nothing.
pub(super) fn kind_from_headers(headers: &[String]) -> Option<InteractionKind> {
    let keys: Vec<String> = headers
        .iter()
        .map(|h| {
            h.to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect()
        })
        .collect();
    let has = |p: &str| keys.iter().any(|k| k.starts_with(p));
    if keys.iter().any(|k| matches!(k.as_str(), "kind" | "type")) || has("activitytype") {
        return None;
    }
    if has("hscall") || has("call") {
        Some(InteractionKind::Call)
    } else if has("hsmeeting") || has("meeting") {
        Some(InteractionKind::Meeting)
    } else if has("hsemail") || has("email") && (has("emailsubject") || has("emailbody")) {
        Some(InteractionKind::Email)
    } else if has("hsnote") || has("note") {
        Some(InteractionKind::Note)
    } else {
        None
    }
}
