//! Adding, editing, removing and merging contacts.

use std::collections::BTreeMap;

use crate::domain::automation::{Event, EventKind};
use crate::domain::history::{Action, Entity};
use crate::domain::phone::Region;
use crate::domain::text::email_key;
use crate::domain::validate;
use crate::domain::*;
use crate::store::{DealFilter, InteractionFilter, Reader, Store, TaskFilter, TaskWindow, Tx};

use super::{companies, record, Now, NONE};

/// What `contact add` and `contact edit` set. `None` leaves a field alone; an empty
/// string clears an optional field.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ContactChanges {
    pub name: Option<String>,
    /// Replaces the e-mails (the first is primary).
    pub emails: Option<Vec<String>>,
    /// Replaces the phones.
    pub phones: Option<Vec<String>>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub lifecycle: Option<Lifecycle>,
    pub source: Option<String>,
    pub notes: Option<String>,
    /// Replaces the tags.
    pub tags: Option<Vec<String>>,
    pub add_tags: Vec<String>,
    pub rm_tags: Vec<String>,
    /// Custom fields to set; an empty value removes the field.
    pub fields: Vec<(String, String)>,
    /// `Some(None)` clears the stay-in-touch cadence.
    pub cadence: Option<Option<recurrence::Every>>,
    /// `Some(None)` clears the birthday.
    pub birthday: Option<Option<birthday::Birthday>>,
    /// For `edit`: the version the caller read; a different stored one is refused.
    pub version: Option<i64>,
}

impl ContactChanges {
    /// True when no flag asks for any change (`crm contact edit ada` alone).
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.emails.is_none()
            && self.phones.is_none()
            && self.company.is_none()
            && self.title.is_none()
            && self.lifecycle.is_none()
            && self.source.is_none()
            && self.notes.is_none()
            && self.tags.is_none()
            && self.add_tags.is_empty()
            && self.rm_tags.is_empty()
            && self.fields.is_empty()
            && self.cadence.is_none()
            && self.birthday.is_none()
    }
}

fn blank(now: &Now) -> Contact {
    Contact {
        cadence: None,
        birthday: None,
        id: ContactId(0),
        name: String::new(),
        emails: Vec::new(),
        phones: Vec::new(),
        email_types: Default::default(),
        phone_types: Default::default(),
        company_id: None,
        company: None,
        title: None,
        lifecycle: Lifecycle::Awareness,
        source: None,
        notes: None,
        tags: Vec::new(),
        fields: BTreeMap::new(),
        created_at: now.utc,
        updated_at: now.utc,
        last_contact_at: None,
        version: 1,
    }
}

/// Applies the changes that need no database: validation happens here, before any write.
/// A birthday with a year is a day already lived: one in the future is a typo.
fn check_born(ch: &ContactChanges, now: &Now) -> Result<()> {
    let Some(Some(b)) = ch.birthday else {
        return Ok(());
    };
    let today = now.today();
    match b.year.and_then(|y| b.in_year(y)) {
        Some(day) if day > today => Err(Error::invalid_at(
            Field::Birthday,
            format!(
                "the birthday {b} is after today ({today}); give the year of birth, or leave the year out (--{:02}-{:02}).",
                b.month, b.day
            ),
        )),
        _ => Ok(()),
    }
}

fn apply_plain(c: &mut Contact, ch: &ContactChanges, region: Option<Region>) -> Result<()> {
    if let Some(name) = &ch.name {
        c.name = validate::required("name", name).map_err(|e| e.at(Field::Name))?;
    }
    if let Some(emails) = &ch.emails {
        let mut out: Vec<String> = Vec::new();
        for e in emails {
            let e = validate::email(e).map_err(|e| e.at(Field::Emails))?;
            if !out.iter().any(|x| email_key(x) == email_key(&e)) {
                out.push(e);
            }
        }
        c.emails = out;
    }
    if let Some(phones) = &ch.phones {
        let mut out: Vec<String> = Vec::new();
        for p in phones {
            let p = validate::phone(p).map_err(|e| e.at(Field::Phones))?;
            out.push(p);
        }
        // One number typed two ways is one number (DESIGN §2).
        c.phones = crate::domain::phone::dedupe(&out, region);
    }
    if let Some(t) = &ch.title {
        c.title = validate::optional(Some(t));
    }
    if let Some(l) = ch.lifecycle {
        c.lifecycle = l;
    }
    if let Some(s) = &ch.source {
        c.source = validate::optional(Some(s));
    }
    if let Some(n) = &ch.notes {
        c.notes = validate::optional(Some(n));
    }
    if let Some(e) = ch.cadence {
        c.cadence = e;
    }
    if let Some(b) = ch.birthday {
        c.birthday = b;
    }
    if let Some(tags) = &ch.tags {
        c.tags.clear();
        for t in tags {
            add_tag(
                &mut c.tags,
                validate::tag(t).map_err(|e| e.at(Field::Tags))?,
            );
        }
    }
    for t in &ch.add_tags {
        add_tag(
            &mut c.tags,
            validate::tag(t).map_err(|e| e.at(Field::Tags))?,
        );
    }
    for t in &ch.rm_tags {
        let t = validate::tag(t).map_err(|e| e.at(Field::Tags))?;
        c.tags.retain(|x| !x.eq_ignore_ascii_case(&t));
    }
    for (k, v) in &ch.fields {
        if v.is_empty() {
            c.fields.remove(k);
        } else {
            c.fields.insert(k.clone(), v.clone());
        }
    }
    Ok(())
}

fn add_tag(tags: &mut Vec<String>, t: String) {
    if !tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
        tags.push(t);
    }
}

/// Refuses an e-mail that a different live contact already has.
fn check_emails(r: Reader<'_>, c: &Contact) -> Result<()> {
    for e in &c.emails {
        if let Some(owner) = r.contact_id_by_email(e)? {
            if owner != c.id {
                let who = r.contact(owner)?.map(|o| o.name).unwrap_or_default();
                return Err(Error::conflict_at(Field::Emails, format!(
                    "the e-mail {e} already belongs to #{owner} {who}; edit that contact, or merge the two with crm contact merge."
                )));
            }
        }
    }
    Ok(())
}

fn apply_company(tx: &Tx<'_>, now: &Now, c: &mut Contact, company: Option<&String>) -> Result<()> {
    if let Some(name) = company {
        match validate::optional(Some(name)) {
            None => {
                c.company_id = None;
                c.company = None;
            }
            Some(name) => {
                let co = companies::find_or_create(tx, now, &name)?;
                c.company_id = Some(co.id);
                c.company = Some(co.name);
            }
        }
    }
    Ok(())
}

pub fn add(store: &Store, now: &Now, ch: ContactChanges) -> Result<Contact> {
    super::automation::write(store, now, |tx| add_in(tx, now, &ch))
}

/// [`add`] inside a change that is already open (`log-email --add` adds the sender and
/// logs the message in one change).
pub(crate) fn add_in(tx: &Tx<'_>, now: &Now, ch: &ContactChanges) -> Result<Contact> {
    let mut c = blank(now);
    if ch.name.is_none() {
        return Err(Error::invalid("the name cannot be empty."));
    }
    apply_plain(&mut c, ch, tx.phone_region())?;
    check_born(ch, now)?;
    {
        check_emails(tx.read(), &c)?;
        apply_company(tx, now, &mut c, ch.company.as_ref())?;
        c.id = tx.insert_contact(&c)?;
        record(
            tx,
            now,
            Entity::Contact,
            c.id.0,
            Some(c.id),
            Action::Create,
            NONE,
            Some(&c),
        )?;
        tx.emit(Event::new(EventKind::ContactCreated).contact(Some(c.id)));
        Ok(c)
    }
}

/// Live contacts whose name is this one (case, accents and
/// punctuation aside): `contact add` warns about them.
pub fn same_name(r: Reader<'_>, name: &str) -> Result<Vec<crate::store::NameCandidate>> {
    let key = crate::domain::text::name_key(name);
    let Some(first) = key.split(' ').next().filter(|w| !w.is_empty()) else {
        return Ok(Vec::new());
    };
    Ok(r.contacts_by_name_word(first)?
        .into_iter()
        .filter(|c| c.name_key == key)
        .collect())
}

pub fn edit(store: &Store, now: &Now, id: ContactId, ch: ContactChanges) -> Result<Contact> {
    edit_checked(store, now, id, ch).map(|(c, _)| c)
}

/// Like [`edit`], and says whether anything changed (nothing is written, history
/// included, when the values were already there).
pub fn edit_checked(
    store: &Store,
    now: &Now,
    id: ContactId,
    ch: ContactChanges,
) -> Result<(Contact, bool)> {
    super::automation::write(store, now, |tx| edit_in(tx, now, id, &ch))
}

/// [`edit_checked`] inside a change that is already open (a rule's tag or lifecycle).
pub(crate) fn edit_in(
    tx: &Tx<'_>,
    now: &Now,
    id: ContactId,
    ch: &ContactChanges,
) -> Result<(Contact, bool)> {
    let before = load(tx.read(), id)?;
    super::check_version_of(tx.read(), Entity::Contact, id.0, before.version, ch.version)?;
    let mut c = before.clone();
    apply_plain(&mut c, ch, tx.phone_region())?;
    check_born(ch, now)?;
    check_emails(tx.read(), &c)?;
    apply_company(tx, now, &mut c, ch.company.as_ref())?;
    if c == before {
        return Ok((c, false));
    }
    c.updated_at = now.utc;
    c.version = before.version + 1;
    tx.update_contact(&c)?;
    record(
        tx,
        now,
        Entity::Contact,
        id.0,
        Some(id),
        Action::Update,
        Some(&before),
        Some(&c),
    )?;
    if c.lifecycle != before.lifecycle {
        tx.emit(
            Event::new(EventKind::ContactLifecycle)
                .contact(Some(id))
                .to(c.lifecycle.as_str()),
        );
    }
    Ok((c, true))
}

pub fn load(r: Reader<'_>, id: ContactId) -> Result<Contact> {
    r.contact(id)?
        .ok_or_else(|| Error::not_found(format!("there is no contact #{id}.")))
}

/// What removing a contact did to its records.
#[derive(Debug, Clone)]
pub struct Removed {
    pub contact: Contact,
    /// Its tasks, removed (a follow-up with nobody is noise).
    pub tasks_removed: usize,
    /// Its deals, kept without a contact (the pipeline's and the revenue's).
    pub deals_unlinked: usize,
    /// Its support cases, kept with the removed record (out of the lists, as its
    /// interactions are) until `crm purge` or `crm contact forget`.
    pub cases_kept: usize,
}

/// Removes a contact from lists and search (see [`remove_with_records`]).
pub fn remove(store: &Store, now: &Now, id: ContactId) -> Result<Contact> {
    remove_with_records(store, now, id).map(|r| r.contact)
}

/// Removes a contact from lists and search, into the trash `crm undo` takes it back from
/// (`crm purge` empties it): its tasks are removed, its deals kept without a contact, its
/// interactions and cases stay with the removed record. The history keeps the record.
pub fn remove_with_records(store: &Store, now: &Now, id: ContactId) -> Result<Removed> {
    store.write(|tx| {
        let c = load(tx.read(), id)?;
        let (tasks_removed, deals_unlinked, cases_kept) = tx.remove_contact_records(id)?;
        tx.delete_contact(id, now.utc)?;
        record(
            tx,
            now,
            Entity::Contact,
            id.0,
            Some(id),
            Action::Delete,
            Some(&c),
            NONE,
        )?;
        Ok(Removed {
            contact: c,
            tasks_removed,
            deals_unlinked,
            cases_kept,
        })
    })
}

fn check_two(keep_id: ContactId, other_id: ContactId) -> Result<()> {
    if keep_id == other_id {
        return Err(Error::invalid(
            "those are the same contact; name two different ones.",
        ));
    }
    Ok(())
}

/// What `contact merge` would do, written nowhere: KEEP as it would become, what that
/// adds to it, and how many of OTHER's records would move.
#[derive(Debug, Clone)]
pub struct MergePreview {
    pub keep: Contact,
    pub other: Contact,
    pub merged: Contact,
    pub changes: crate::domain::merge::MergeChanges,
    pub interactions: usize,
    pub deals: usize,
    pub tasks: usize,
}

pub fn merge_preview(
    r: Reader<'_>,
    now: &Now,
    keep_id: ContactId,
    other_id: ContactId,
) -> Result<MergePreview> {
    use crate::domain::merge;
    check_two(keep_id, other_id)?;
    let keep = load(r, keep_id)?;
    let other = load(r, other_id)?;
    let merged = merge::merge_contact(&keep, &other, merge::Notes::Join);
    let merged = super::dupes::numbers_once(r, merged, [keep_id, other_id])?;
    let moving = detail(r, now, other_id, None)?;
    Ok(MergePreview {
        changes: merge::changes(&keep, &merged),
        interactions: moving.interactions.len(),
        deals: moving.deals.len(),
        tasks: moving.tasks.len(),
        keep,
        other,
        merged,
    })
}

/// OTHER's e-mails, phones, tags, fields, interactions, deals, tasks and cases move to KEEP;
/// KEEP's own values win where both have one; OTHER is erased (its rows deleted, kept by
/// the undo log until `crm purge`).
pub fn merge(store: &Store, now: &Now, keep_id: ContactId, other_id: ContactId) -> Result<Contact> {
    use crate::domain::merge;
    store.write(|tx| {
        check_two(keep_id, other_id)?;
        let before = load(tx.read(), keep_id)?;
        let other = load(tx.read(), other_id)?;
        // The other contact goes, so its different notes are kept after ours.
        let c = merge::merge_contact(&before, &other, merge::Notes::Join);
        let mut c = super::dupes::numbers_once(tx.read(), c, [keep_id, other_id])?;
        c.updated_at = now.utc;
        c.version = before.version + 1;
        tx.reassign_contact_records(other_id, keep_id)?;
        // The other record goes for good, not into the trash: its e-mails and phones live
        // on in KEEP, and the undo log holds it (until crm purge) for crm undo.
        tx.erase_contact_row(other_id)?;
        tx.update_contact(&c)?;
        tx.refresh_last_contact_until(keep_id, now.utc)?;
        record(
            tx,
            now,
            Entity::Contact,
            other_id.0,
            Some(other_id),
            Action::Merge,
            Some(&other),
            Some(&serde_json::json!({"merged_into": keep_id})),
        )?;
        record(
            tx,
            now,
            Entity::Contact,
            keep_id.0,
            Some(keep_id),
            Action::Merge,
            Some(&before),
            Some(&c),
        )?;
        load(tx.read(), keep_id)
    })
}

/// Fills in the custom fields of listed contacts (lists leave them out): one lookup per
/// contact for a short list, one pass over every field for a long one.
pub fn load_fields(r: Reader<'_>, list: &mut [Contact]) -> Result<()> {
    const ONE_BY_ONE: usize = 200;
    if list.len() <= ONE_BY_ONE {
        for c in list.iter_mut() {
            if let Some(full) = r.contact(c.id)? {
                c.fields = full.fields;
            }
        }
        return Ok(());
    }
    let mut all = r.all_contact_fields()?;
    for c in list.iter_mut() {
        c.fields = all.remove(&c.id).unwrap_or_default();
    }
    Ok(())
}

/// Everything `contact show` prints.
#[derive(Debug, Clone)]
pub struct ContactDetail {
    pub contact: Contact,
    pub deals: Vec<Deal>,
    pub tasks: Vec<Task>,
    pub interactions: Vec<Interaction>,
    /// The contact's support cases, every status.
    pub cases: Vec<crate::domain::case::Case>,
    /// The stored lead score, when it has been computed.
    pub score: Option<u8>,
}

pub fn detail(
    r: Reader<'_>,
    now: &Now,
    id: ContactId,
    timeline_limit: Option<usize>,
) -> Result<ContactDetail> {
    let contact = load(r, id)?;
    let deals = r.deals(&DealFilter {
        contact_id: Some(id),
        ..Default::default()
    })?;
    let tasks = r.tasks(&TaskFilter {
        window: TaskWindow::All,
        today: now.today(),
        now: now.utc,
        contact_id: Some(id),
        deal_id: None,
        limit: None,
        done_since: None,
        owner: None,
    })?;
    let interactions = r.interactions(&InteractionFilter {
        contact_id: Some(id),
        limit: timeline_limit,
        body_up_to: Some(crate::store::BODY_SHOWN),
        ..Default::default()
    })?;
    Ok(ContactDetail {
        cases: r.cases(None, Some(id))?,
        score: r.score_of(id)?,
        contact,
        deals,
        tasks,
        interactions,
    })
}

#[cfg(test)]
#[path = "contacts_tests.rs"]
mod tests;
