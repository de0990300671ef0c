//! Writing back what `crate::import::json` reads: a list of contacts, deals, interactions
//! or tasks, or a whole `crm export all` with the file's ids mapped to the new records.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use crate::domain::case::{Case, Priority, Status};
use crate::domain::dates::parse_when;
use crate::domain::*;
use crate::import::json::{
    self, CaseItem, CompanyItem, ContactItem, DealItem, InteractionItem, Item, StageChangeItem,
    StageItem, TaskItem,
};
use crate::import::{Parsed, RowError};

use super::Writer;

/// Ids in the file to the records they became.
#[derive(Default)]
struct Ids {
    contacts: HashMap<i64, ContactId>,
    deals: HashMap<i64, DealId>,
    /// Deals whose made-up creation step was replaced by the file's own path.
    paths: HashSet<DealId>,
    /// What the database held before this import, loaded at the first deal, interaction or
    /// task: a record already there is not written again, so importing the same export
    /// twice changes nothing the second time.
    before: Option<Existing>,
    /// Whether the database had no contacts when the import began.
    empty: Option<bool>,
    cases: HashMap<i64, i64>,
    /// Whether the database had no cases at the file's first case: then each keeps its id.
    no_cases: Option<bool>,
}

#[derive(Default)]
struct Existing {
    /// (title, contact, created) → the deal.
    deals: HashMap<(String, Option<ContactId>, Option<i64>), DealId>,
    /// Deals found already there: their stage path is left as it is.
    kept: HashSet<DealId>,
    interactions: HashSet<(ContactId, i64, String, String)>,
    tasks: HashSet<(String, Option<ContactId>, Option<DealId>)>,
    /// (contact, opened, title) → the case.
    cases: HashMap<(ContactId, i64, String), i64>,
}

impl Existing {
    fn load(w: &Writer<'_, '_>) -> Result<Existing> {
        use crate::store::{DealFilter, InteractionFilter, TaskFilter, TaskWindow};
        let r = w.tx.read();
        let mut e = Existing::default();
        for d in r.deals(&DealFilter::default())? {
            let key = (
                d.title.clone(),
                d.contact_id,
                Some(d.created_at.timestamp()),
            );
            e.deals.entry(key).or_insert(d.id);
        }
        for k in r.cases(None, None)? {
            e.cases
                .insert((k.contact_id, k.opened_at.timestamp(), k.title), k.id);
        }
        for i in r.interactions(&InteractionFilter::default())? {
            e.interactions.insert(interaction_key(&i));
        }
        let all = TaskFilter {
            window: TaskWindow::All,
            today: w.now.today(),
            now: w.now.utc,
            contact_id: None,
            deal_id: None,
            limit: None,
            done_since: None,
            owner: None,
        };
        for t in r.tasks(&all)? {
            e.tasks
                .insert((t.title.trim().to_string(), t.contact_id, t.deal_id));
        }
        Ok(e)
    }
}

fn interaction_key(i: &Interaction) -> (ContactId, i64, String, String) {
    (
        i.contact_id,
        i.occurred_at.timestamp(),
        i.kind.to_string(),
        i.summary.clone(),
    )
}

impl Ids {
    fn contact(&self, old: Option<i64>) -> Option<ContactId> {
        old.and_then(|o| self.contacts.get(&o)).copied()
    }

    fn deal(&self, old: Option<i64>) -> Option<DealId> {
        old.and_then(|o| self.deals.get(&o)).copied()
    }

    fn case(&self, old: Option<i64>) -> Option<i64> {
        old.and_then(|o| self.cases.get(&o)).copied()
    }
}

impl Writer<'_, '_> {
    fn existing<'i>(&self, ids: &'i mut Ids) -> Result<&'i mut Existing> {
        if ids.before.is_none() {
            ids.before = Some(Existing::load(self)?);
        }
        Ok(ids.before.get_or_insert_with(Existing::default))
    }

    /// Reads a JSON or NDJSON file; untagged objects are `default`.
    pub(super) fn restore(&mut self, input: impl Read, default: Option<Section>) -> Result<()> {
        let mut ids = Ids::default();
        json::read(input, default, |item| self.restore_item(&mut ids, item))
    }

    fn restore_item(&mut self, ids: &mut Ids, item: Item) -> Result<()> {
        match item {
            Item::Stage(s) => self.restore_stage(s),
            Item::StageChange(c) => self.restore_stage_change(ids, c),
            Item::Company(c) => self.restore_company(c),
            Item::Contact(c) => self.restore_contact(ids, *c),
            Item::Deal(d) => self.restore_deal(ids, *d),
            Item::Interaction(i) => self.restore_interaction(ids, *i),
            Item::Task(t) => {
                let TaskItem {
                    id,
                    created_at,
                    contact_id,
                    deal_id,
                    case_id,
                    record,
                } = *t;
                let Some(rec) = self.take(Parsed::Record(record))? else {
                    return Ok(());
                };
                let (contact, deal) = (ids.contact(contact_id), ids.deal(deal_id));
                let title = rec.title.as_deref().unwrap_or("").trim().to_string();
                let before = self.existing(ids)?;
                if before.tasks.contains(&(title, contact, deal)) {
                    self.out.skipped += 1;
                    return Ok(());
                }
                // Into a database that had no tasks, each keeps its id and creation time.
                // (An id the file gives twice is kept once.)
                let kept = match (id, created_at) {
                    (Some(id), Some(at)) if before.tasks.is_empty() && id > 0 => {
                        let free = self.tx.read().task(TaskId(id))?.is_none();
                        free.then_some((TaskId(id), at))
                    }
                    _ => None,
                };
                self.task(rec, contact, deal, ids.case(case_id), kept)
            }
            Item::Case(k) => self.restore_case(ids, *k),
            Item::Refused(why, raw) => {
                self.out.rows += 1;
                self.reject_error(why, raw)
            }
        }
    }

    /// A case of a contact in the file, unless the database has it already (same contact,
    /// opening time and title). Into a database without cases, each keeps the file's id.
    fn restore_case(&mut self, ids: &mut Ids, item: CaseItem) -> Result<()> {
        self.out.rows += 1;
        let reject = |why: &str| RowError {
            line: item.line,
            column: None,
            reason: why.into(),
        };
        let Some(contact) = ids.contact(item.contact_id) else {
            let why = reject("the case's contact is not in the file (or was rejected)");
            self.reject_error(why, Vec::new())?;
            return Ok(());
        };
        let (Some(title), Some(opened_at)) = (item.title, item.opened_at) else {
            let why = reject("a case needs a title and opened_at");
            self.reject_error(why, Vec::new())?;
            return Ok(());
        };
        let key = (contact, opened_at.timestamp(), title.trim().to_string());
        if let Some(&id) = self.existing(ids)?.cases.get(&key) {
            if let Some(old) = item.id {
                ids.cases.insert(old, id);
            }
            self.out.skipped += 1;
            return Ok(());
        }
        let no_cases = *match &mut ids.no_cases {
            Some(e) => e,
            e => e.insert(self.tx.read().cases(None, None)?.is_empty()),
        };
        let keep = match item.id {
            Some(old) if no_cases && old > 0 => self.tx.read().case(old)?.is_none().then_some(old),
            _ => None,
        };
        let k = Case {
            id: keep.unwrap_or(0),
            contact_id: contact,
            contact: String::new(),
            deal_id: ids.deal(item.deal_id),
            title: key.2.clone(),
            priority: item.priority.unwrap_or(Priority::Normal),
            status: item.status.unwrap_or(Status::Open),
            opened_at,
            first_response_at: item.first_response_at,
            solved_at: item.solved_at,
            resolution: item.resolution,
            owner: item.owner.unwrap_or_else(|| self.now.by.map(String::from)),
            version: item.version.unwrap_or(1),
        };
        let id = self.tx.import_case(&k)?;
        self.tx.add_import_item(
            self.id,
            crate::domain::history::Entity::Case,
            id,
            crate::domain::history::Action::Create,
            None,
        )?;
        self.trace(
            crate::domain::history::Entity::Case,
            id,
            Some(contact),
            &k.title,
        )?;
        if let Some(old) = item.id {
            ids.cases.insert(old, id);
        }
        if let Some(e) = ids.before.as_mut() {
            e.cases.insert(key, id);
        }
        self.out.created += 1;
        Ok(())
    }

    /// The file's stages, in the file's order: missing ones are added, existing ones keep
    /// their probability but take the file's position.
    fn restore_stage(&mut self, s: StageItem) -> Result<()> {
        match Stage::named(&self.stages, &s.name).cloned() {
            Some(mut stage) => {
                stage.position = s.position;
                self.tx.update_stage(&stage)?;
            }
            None => {
                self.tx.insert_stage(&s.name, s.position, s.probability)?;
            }
        }
        self.reload_stages()
    }

    /// A deal's path as the file has it, in place of the step the import made up.
    fn restore_stage_change(&mut self, ids: &mut Ids, c: StageChangeItem) -> Result<()> {
        let Some(deal) = ids.deal(c.deal_id) else {
            return Ok(());
        };
        if ids.before.as_ref().is_some_and(|e| e.kept.contains(&deal)) {
            return Ok(());
        }
        if ids.paths.insert(deal) {
            self.tx.clear_stage_history(deal)?;
        }
        let from = c
            .from
            .and_then(|n| Stage::named(&self.stages, &n))
            .map(|s| s.id);
        let to =
            c.to.and_then(|n| Stage::named(&self.stages, &n))
                .map(|s| s.id);
        let at = c.at.unwrap_or(self.now.utc);
        self.tx.add_stage_change(deal, from, to, c.status, at)
    }

    /// A company's details fill one that has none (a company only named so far).
    fn restore_company(&mut self, item: CompanyItem) -> Result<()> {
        let c = self.company(&item.name)?;
        if c.domain.is_some() || c.industry.is_some() || c.size.is_some() {
            return Ok(());
        }
        let mut filled = c.clone();
        filled.domain = item.domain;
        filled.industry = item.industry;
        filled.size = item.size;
        filled.notes = filled.notes.or(item.notes);
        if filled != c {
            self.tx.update_company(&filled)?;
        }
        Ok(())
    }

    fn restore_contact(&mut self, ids: &mut Ids, item: ContactItem) -> Result<()> {
        let created_before = self.out.created;
        // Into a database that never had contacts, each keeps the file's id.
        let empty = *match &mut ids.empty {
            Some(e) => e,
            e => e.insert(self.tx.read().no_contact_rows()?),
        };
        let want = item.id.filter(|&old| empty && old > 0).map(ContactId);
        let Some(id) = self.contact_as(Parsed::Record(item.record), want)? else {
            return Ok(());
        };
        if let Some(old) = item.id {
            ids.contacts.insert(old, id);
        }
        // A contact the import created keeps its times; a merged one keeps ours.
        if self.out.created > created_before {
            if let (Some(c), Some(u)) = (item.created_at, item.updated_at) {
                self.tx.restore_contact_created(id, c, u)?;
            }
        }
        Ok(())
    }

    fn restore_deal(&mut self, ids: &mut Ids, item: DealItem) -> Result<()> {
        let mut rec = item.record;
        if item.contact_id.is_some() {
            rec.contact = ids.contact(item.contact_id).map(|id| format!("#{id}"));
        }
        let key = (
            rec.title.clone(),
            ids.contact(item.contact_id),
            item.created_at.map(|t| t.timestamp()),
        );
        let before = self.existing(ids)?;
        // Only a deal with its creation time is recognised: a title alone is not enough.
        if let (Some(&id), Some(_)) = (before.deals.get(&key), key.2) {
            before.kept.insert(id);
            if let Some(old) = item.id {
                ids.deals.insert(old, id);
            }
            self.out.rows += 1;
            self.out.skipped += 1;
            return Ok(());
        }
        let Some(id) = self.deal(Parsed::Record(rec))? else {
            return Ok(());
        };
        if let Some(old) = item.id {
            ids.deals.insert(old, id);
        }
        if let Some(created) = item.created_at {
            let updated = item.updated_at.unwrap_or(created);
            self.tx
                .restore_deal_times(id, created, updated, item.closed_at)?;
        }
        Ok(())
    }

    fn restore_interaction(&mut self, ids: &mut Ids, item: InteractionItem) -> Result<()> {
        self.out.rows += 1;
        let reject = |why: &str| RowError {
            line: item.line,
            column: None,
            reason: why.into(),
        };
        let Some(contact) = ids.contact(item.contact_id) else {
            let why = reject("its contact is not in the file (or was rejected)");
            self.reject_error(why, Vec::new())?;
            return Ok(());
        };
        let Some(kind) = item.kind else {
            let why = reject("unknown or missing kind");
            self.reject_error(why, Vec::new())?;
            return Ok(());
        };
        let at = item
            .occurred_at
            .and_then(|t| parse_when(&t, self.now.local()).ok())
            .map_or(self.now.utc, |w| self.now.instant(w));
        let none_before = self.existing(ids)?.interactions.is_empty();
        let keep = match item.id {
            Some(id) if none_before && id > 0 => {
                let free = self.tx.read().interaction(InteractionId(id))?.is_none();
                free.then_some(id)
            }
            _ => None,
        };
        let i = Interaction {
            // Into a database that had no interactions, each keeps its id.
            // (An id the file gives twice is kept once.)
            id: InteractionId(keep.unwrap_or(0)),
            contact_id: contact,
            contact: String::new(),
            deal_id: ids.deal(item.deal_id),
            kind,
            direction: item.direction,
            occurred_at: at,
            duration_min: item.duration_min,
            summary: item.summary.unwrap_or_else(|| "(no summary)".into()),
            body: item.body,
            score: item.score,
            case_id: ids.case(item.case_id),
            version: 1,
        };
        if self
            .existing(ids)?
            .interactions
            .contains(&interaction_key(&i))
        {
            self.out.skipped += 1;
            return Ok(());
        }
        self.insert_interaction(&i)
    }
}
