//! Deals and interactions read by `crm import`: amounts, stages (with `--stage-map` and
//! the well-known HubSpot and Pipedrive names), contacts, and the lifecycle moves.
// "Only if unchanged" reads best as an `if` inside each record's arm.
#![allow(clippy::collapsible_match)]

use crate::domain::currency::Currency;
use crate::domain::dates::{parse_duration_min, parse_when};
use crate::domain::money::Money;
use crate::domain::*;
use crate::import::{DealRecord, InteractionRecord, Parsed};

use super::import::{OnDuplicate, Writer};
use crate::input::resolve;

impl Writer<'_, '_> {
    /// Writes one deal; returns the deal it created.
    pub(crate) fn deal(&mut self, item: Parsed<DealRecord>) -> Result<Option<DealId>> {
        let Some(rec) = self.take(item)? else {
            return Ok(None);
        };
        let line = rec.line;
        let raw = rec.raw.clone();
        for w in &rec.warnings {
            self.out.warnings.push(format!("line {line}: {w}"));
        }
        let title = rec.title.trim().to_string();
        if title.is_empty() {
            self.reject(
                line,
                Some("title"),
                "the deal has no title".into(),
                Vec::new(),
            );
            return Ok(None);
        }
        let currency = match rec.currency.as_deref().filter(|c| !c.trim().is_empty()) {
            Some(c) => match Currency::parse(c) {
                Ok(c) => c,
                Err(e) => {
                    self.reject(line, Some("currency"), e.to_string(), raw.clone());
                    return Ok(None);
                }
            },
            None => self.req.default_currency.unwrap_or_else(Currency::usd),
        };
        let value = match rec.value.as_deref().filter(|v| !v.trim().is_empty()) {
            Some(v) => match Money::parse(v, currency) {
                Ok(m) => m,
                Err(e) => {
                    self.reject(line, Some("amount"), e.to_string(), raw.clone());
                    return Ok(None);
                }
            },
            None => Money::new(0, currency),
        };
        let probability = match rec
            .probability
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            Some(p) => match p
                .trim_end_matches('%')
                .parse::<f64>()
                .ok()
                .filter(|x| (0.0..=100.0).contains(x))
            {
                // HubSpot writes 0.2 for 20%.
                Some(x) if x <= 1.0 && p.contains('.') => Some((x * 100.0).round() as u8),
                Some(x) => Some(x.round() as u8),
                None => {
                    self.reject(
                        line,
                        Some("probability"),
                        format!("probability {p:?} is not a percentage from 0 to 100"),
                        Vec::new(),
                    );
                    return Ok(None);
                }
            },
            None => None,
        };
        let (stage, mut status) = match self.map_stage(rec.stage.as_deref()) {
            Ok(x) => x,
            Err(e) => {
                self.reject(line, Some("stage"), e, raw.clone());
                return Ok(None);
            }
        };
        if let Some(s) = rec.status.as_deref().map(|s| s.trim().to_lowercase()) {
            match s.as_str() {
                "won" | "closed won" | "closedwon" => status = DealStatus::Won,
                "lost" | "closed lost" | "closedlost" => status = DealStatus::Lost,
                "open" | "" => {}
                other => {
                    self.reject(
                        line,
                        Some("status"),
                        format!("status {other:?} is not open, won or lost"),
                        Vec::new(),
                    );
                    return Ok(None);
                }
            }
        }
        let contact = match rec
            .contact
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            Some(c) => match resolve::contact(self.tx.read(), c) {
                Ok(id) => Some(id),
                Err(e) => {
                    self.reject(line, Some("contact"), e.to_string(), raw.clone());
                    return Ok(None);
                }
            },
            None => None,
        };
        let company = match rec
            .company
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            Some(c) => Some(self.company(c)?),
            None => match contact {
                Some(id) => self
                    .tx
                    .read()
                    .contact(id)?
                    .and_then(|c| c.company_id)
                    .and_then(|cid| self.tx.read().company(cid).ok().flatten()),
                None => None,
            },
        };
        // `crm import all` restores deals one for one; elsewhere the same title for the
        // same contact is a duplicate.
        if !self.req.everything && self.tx.read().same_deal(&title, contact, value)?.is_some() {
            match self.req.on_duplicate {
                OnDuplicate::Error => {
                    self.reject(
                        line,
                        Some("title"),
                        format!("a deal {title:?} already exists for this contact"),
                        Vec::new(),
                    );
                    return Ok(None);
                }
                _ => {
                    self.out.skipped += 1;
                    return Ok(None);
                }
            }
        }
        let created = rec
            .created
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc())
            .unwrap_or(self.now.utc);
        let closed = (status != DealStatus::Open).then_some(self.now.utc.max(created));
        let d = Deal {
            id: DealId(0),
            title,
            contact_id: contact,
            contact: None,
            company_id: company.as_ref().map(|c| c.id),
            company: company.map(|c| c.name),
            stage_id: stage.id,
            stage: stage.name.clone(),
            stage_probability: stage.probability,
            status,
            value,
            probability,
            expected_close: rec.close,
            lost_reason: rec
                .lost_reason
                .filter(|r| status == DealStatus::Lost && !r.trim().is_empty()),
            created_at: created,
            updated_at: self.now.utc,
            closed_at: closed,
        };
        let id = self.tx.insert_deal(&d)?;
        self.tx
            .add_stage_change(id, None, Some(stage.id), DealStatus::Open, created)?;
        if let Some(at) = closed {
            self.tx
                .add_stage_change(id, Some(stage.id), Some(stage.id), status, at)?;
        }
        self.tx
            .add_import_item(self.id, "deal", id.0, "create", None)?;
        self.trace(
            crate::domain::history::Entity::Deal,
            id.0,
            d.contact_id,
            &d.title,
        )?;
        // The same lifecycle rules as a deal opened or won by hand (not when restoring a
        // whole export, which carries its own lifecycles).
        if !self.req.everything {
            use crate::domain::lifecycle::{after_deal_opened, after_deal_won};
            super::deals::advance_lifecycle(
                self.tx,
                self.now,
                d.contact_id,
                after_deal_opened,
                "deal imported",
            )?;
            if d.status == DealStatus::Won {
                super::deals::advance_lifecycle(
                    self.tx,
                    self.now,
                    d.contact_id,
                    after_deal_won,
                    "won deal imported",
                )?;
            }
        }
        self.out.created += 1;
        Ok(Some(id))
    }

    /// Their stage name to ours: `--stage-map` first, then our own names, then the
    /// well-known HubSpot and Pipedrive names. Won/lost stages close the deal.
    pub(crate) fn map_stage(
        &self,
        theirs: Option<&str>,
    ) -> std::result::Result<(Stage, DealStatus), String> {
        let first = self
            .stages
            .first()
            .cloned()
            .ok_or("the pipeline has no stages")?;
        let Some(theirs) = theirs.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok((first, DealStatus::Open));
        };
        let key = theirs.to_lowercase();
        let mapped = self
            .req
            .stage_maps
            .iter()
            .filter_map(|m| m.split_once('='))
            .find(|(a, _)| a.trim().to_lowercase() == key)
            .map(|(_, b)| b.trim().to_lowercase());
        let target = mapped.unwrap_or_else(|| {
            let compact: String = key.chars().filter(|c| c.is_alphanumeric()).collect();
            match compact.as_str() {
                "closedwon" | "won" => "won".into(),
                "closedlost" | "lost" => "lost".into(),
                "appointmentscheduled" | "new" | "leadin" | "contactmade" => "lead".into(),
                "qualifiedtobuy" | "qualified" | "needsdefined" => "qualified".into(),
                "presentationscheduled" | "proposalmade" | "proposalsent" => "proposal".into(),
                "decisionmakerboughtin"
                | "contractsent"
                | "negotiationsstarted"
                | "negotiation" => "negotiation".into(),
                _ => key.clone(),
            }
        });
        let by_name = |n: &str| {
            self.stages
                .iter()
                .find(|s| s.name.to_lowercase() == n)
                .cloned()
        };
        match target.as_str() {
            "won" => Ok((self.stages.last().cloned().unwrap_or(first), DealStatus::Won)),
            "lost" => Ok((first, DealStatus::Lost)),
            t => by_name(t).map(|s| (s, DealStatus::Open)).ok_or_else(|| {
                let ours: Vec<&str> = self.stages.iter().map(|s| s.name.as_str()).collect();
                format!("unknown stage {theirs:?}; map it with --stage-map \"{theirs}=STAGE\" (ours: {}, won, lost)", ours.join(", "))
            }),
        }
    }

    pub(crate) fn interaction(&mut self, item: Parsed<InteractionRecord>) -> Result<()> {
        let Some(rec) = self.take(item)? else {
            return Ok(());
        };
        let line = rec.line;
        let raw = rec.raw.clone();
        let kind = match InteractionKind::parse(&rec.kind) {
            Ok(k) => k,
            Err(e) => {
                self.reject(line, Some("kind"), e.to_string(), raw.clone());
                return Ok(());
            }
        };
        let contact = match resolve::contact(self.tx.read(), &rec.contact) {
            Ok(id) => id,
            Err(e) => {
                self.reject(line, Some("contact"), e.to_string(), raw.clone());
                return Ok(());
            }
        };
        let summary = rec.summary.trim().to_string();
        if summary.is_empty() {
            {
                self.reject(
                    line,
                    Some("summary"),
                    "the summary is empty".into(),
                    Vec::new(),
                );
                return Ok(());
            };
        }
        let direction = match (
            rec.direction
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty()),
            kind,
        ) {
            (_, InteractionKind::Note) => None,
            (Some(d), _) => match Direction::parse(d) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.reject(line, Some("direction"), e.to_string(), raw.clone());
                    return Ok(());
                }
            },
            (None, _) => Some(Direction::Out),
        };
        let at = match rec.at.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            Some(a) => match parse_when(a, self.now.local()) {
                Ok(w) => self.now.instant(w),
                Err(e) => {
                    self.reject(line, Some("date"), e.to_string(), raw.clone());
                    return Ok(());
                }
            },
            None => self.now.utc,
        };
        let duration = match rec
            .duration
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            Some(d) => match parse_duration_min(d) {
                Ok(m) => Some(m),
                Err(e) => {
                    self.reject(line, Some("duration"), e.to_string(), raw.clone());
                    return Ok(());
                }
            },
            None => None,
        };
        let score = match rec
            .score
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(s) => match s
                .parse::<i64>()
                .map_err(|_| ())
                .and_then(|n| crate::domain::validate::score(n).map_err(|_| ()))
            {
                Ok(n) => Some(n),
                Err(()) => {
                    self.reject(
                        line,
                        Some("score"),
                        format!("score {s:?} is not a number from 0 to 10"),
                        Vec::new(),
                    );
                    return Ok(());
                }
            },
            None => None,
        };
        let i = Interaction {
            id: InteractionId(0),
            contact_id: contact,
            contact: String::new(),
            deal_id: None,
            kind,
            direction,
            occurred_at: at,
            duration_min: duration,
            summary,
            body: rec.body.filter(|b| !b.trim().is_empty()),
            score,
        };
        self.insert_interaction(&i)
    }

    /// Writes an interaction, moves the contact's last contact, notes it for undo.
    pub(crate) fn insert_interaction(&mut self, i: &Interaction) -> Result<()> {
        let id = self.tx.insert_interaction(i, self.now.utc)?;
        if i.kind != InteractionKind::Note {
            self.tx.note_contacted(i.contact_id, i.occurred_at)?;
        }
        self.tx
            .add_import_item(self.id, "interaction", id.0, "create", None)?;
        self.trace(
            crate::domain::history::Entity::Interaction,
            id.0,
            Some(i.contact_id),
            &i.summary,
        )?;
        if !self.req.everything {
            let (kind, direction) = (i.kind, i.direction);
            let rule = move |l| crate::domain::lifecycle::after_interaction(l, kind, direction);
            super::deals::advance_lifecycle(
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
