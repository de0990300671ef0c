//! Contacts read by `crm import`: normalise the record (pure), find the contact it
//! duplicates, then create, skip, refuse or merge.

use chrono::{DateTime, Utc};

use crate::domain::birthday::Birthday;
use crate::domain::history::{Action, Entity};
use crate::domain::merge::{merge_contact, Notes};
use crate::domain::text::{email_key, name_key};
use crate::domain::*;
use crate::import::{ContactRecord, Parsed};
use crate::ops::{contacts::load, record};

use super::{OnDuplicate, Writer};

/// A contact as the file gives it, checked and cleaned, not yet compared with the
/// database.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Incoming {
    /// No company id yet: the company is looked up (or created) by name.
    pub contact: Contact,
    pub company: Option<String>,
    /// Values set aside, for the summary.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Normalised {
    Ready(Box<Incoming>),
    /// Nothing to call the contact by: no name, e-mail or phone.
    Empty,
    Refused {
        column: &'static str,
        reason: String,
    },
}

/// Checks and cleans a record: the name (else the first e-mail or phone), valid e-mails
/// without duplicates, phones with digits, our lifecycle names, the import's own tags.
pub(super) fn normalise(rec: ContactRecord, tags: &[String], now: DateTime<Utc>) -> Normalised {
    let name = match rec.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => n.to_string(),
        None => match rec.emails.first().or(rec.phones.first()) {
            Some(x) => x.clone(),
            None => return Normalised::Empty,
        },
    };
    let mut emails: Vec<String> = Vec::new();
    for e in &rec.emails {
        match crate::domain::validate::email(e) {
            Ok(e) if !emails.iter().any(|x| email_key(x) == email_key(&e)) => emails.push(e),
            Ok(_) => {}
            Err(err) => {
                return Normalised::Refused {
                    column: "email",
                    reason: err.to_string(),
                }
            }
        }
    }
    let mut warnings = Vec::new();
    let lifecycle = match rec.lifecycle.as_deref().map(Lifecycle::parse) {
        Some(Ok(l)) => l,
        Some(Err(_)) => {
            warnings.push(format!(
                "lifecycle {:?} is not one of ours; left as awareness",
                rec.lifecycle.as_deref().unwrap_or("")
            ));
            Lifecycle::Awareness
        }
        None => Lifecycle::Awareness,
    };
    let phones: Vec<String> = rec
        .phones
        .iter()
        .map(|p| p.trim().to_string())
        .filter(|p| p.chars().filter(char::is_ascii_digit).count() >= 3)
        .collect();
    let email_types = emails
        .iter()
        .filter_map(|e| Some((email_key(e), rec.email_types.get(&email_key(e))?.clone())))
        .collect();
    let phone_types = phones
        .iter()
        .filter_map(|p| Some((p.clone(), rec.phone_types.get(p)?.clone())))
        .collect();
    let cadence = match rec
        .cadence
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => None,
        Some(c) => match crate::domain::recurrence::Every::parse(c) {
            Ok(every) => Some(every),
            Err(e) => {
                warnings.push(format!("cadence {c:?} left out: {e}"));
                None
            }
        },
    };
    let mut contact = Contact {
        cadence,
        birthday: None,
        id: ContactId(0),
        name,
        emails,
        phones,
        email_types,
        phone_types,
        company_id: None,
        company: None,
        title: rec.title.filter(|t| !t.trim().is_empty()),
        lifecycle,
        source: rec.source,
        notes: rec.notes.filter(|n| !n.trim().is_empty()),
        tags: valid_tags(rec.tags.iter().chain(tags)),
        fields: rec
            .fields
            .into_iter()
            .filter(|(k, v)| !k.trim().is_empty() && !v.trim().is_empty())
            .collect(),
        created_at: rec.created_at.unwrap_or_else(|| {
            rec.created
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map_or(now, |d| d.and_utc())
        }),
        updated_at: now,
        last_contact_at: None,
        version: 1,
    };
    let company = rec
        .company
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    take_birthday(&mut contact, &mut warnings);
    Normalised::Ready(Box::new(Incoming {
        contact,
        company,
        warnings,
    }))
}

/// A file's birthday (vCard `BDAY`, a CSV Birthday column or its year, month and day
/// columns) becomes the contact's own birthday, which the agenda and `crm birthdays` read.
/// One that is no date we know (`31 February`, free text) stays a custom field, said so.
fn take_birthday(contact: &mut Contact, warnings: &mut Vec<String>) {
    let Some(key) = contact
        .fields
        .keys()
        .find(|k| k.eq_ignore_ascii_case("birthday"))
        .cloned()
    else {
        return;
    };
    match Birthday::parse(&contact.fields[&key]) {
        Ok(b) => {
            contact.birthday = Some(b);
            contact.fields.remove(&key);
        }
        Err(e) => warnings.push(format!(
            "birthday {:?} kept as a field: {e}",
            contact.fields[&key]
        )),
    }
}

/// The valid tags, each once (ignoring case), invalid ones dropped.
fn valid_tags<'a>(tags: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        if let Ok(t) = crate::domain::validate::tag(t) {
            if !out.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
                out.push(t);
            }
        }
    }
    out
}

impl Writer<'_, '_> {
    /// Writes one contact; returns the contact it created or merged into.
    pub(super) fn contact(&mut self, item: Parsed<ContactRecord>) -> Result<Option<ContactId>> {
        self.contact_as(item, None)
    }

    /// Writes one contact, created as `want` when it is new (a restore keeping its ids).
    pub(super) fn contact_as(
        &mut self,
        item: Parsed<ContactRecord>,
        want: Option<ContactId>,
    ) -> Result<Option<ContactId>> {
        let Some(rec) = self.take(item)? else {
            return Ok(None);
        };
        let (line, raw, uid) = (rec.line, rec.raw.clone(), rec.uid.clone());
        self.warn(line, &rec.warnings);
        let incoming = match normalise(rec, &self.req.tags, self.now.utc) {
            Normalised::Ready(i) => *i,
            Normalised::Empty => {
                self.out.skipped += 1;
                return Ok(None);
            }
            Normalised::Refused { column, reason } => {
                self.reject(line, Some(column), reason, raw)?;
                return Ok(None);
            }
        };
        self.warn(line, &incoming.warnings);
        self.place(line, incoming, raw, uid, want)
    }

    /// Writes one normalised contact: finds what it duplicates, then creates, skips,
    /// refuses or merges.
    pub(super) fn place(
        &mut self,
        line: u64,
        mut incoming: Incoming,
        raw: Vec<String>,
        uid: Option<String>,
        want: Option<ContactId>,
    ) -> Result<Option<ContactId>> {
        // A company is only created once it is known to be needed (a new contact, or a
        // merged one without a company), so a merge never leaves an unused company behind.
        if let Some(c) = &incoming.company {
            if let Some(co) = self.tx.read().company_by_name(c)? {
                incoming.contact.company_id = Some(co.id);
                incoming.contact.company = Some(co.name);
            }
        }
        // A card's UID names its contact before any e-mail or name does (a vdir re-import).
        let by_uid = match &uid {
            Some(u) => self.contact_by_uid(u, &incoming)?,
            None => None,
        };
        let found = match by_uid {
            Some(id) => Some(id),
            None => self.find_duplicate(&incoming)?,
        };
        let id = match found {
            None => Some(self.create_contact(line, incoming, want)?),
            Some(id) => self.duplicate(line, id, incoming, raw)?,
        };
        if let (Some(id), Some(u)) = (id, &uid) {
            self.tx.set_contact_uid(id, u)?;
        }
        Ok(id)
    }

    /// The contact a card's UID names: the one stored with it, else, for a card crm wrote
    /// (`crm-contact-<id>@crm.local`), that contact when it has no UID of its own and its
    /// name or an e-mail agrees (the folder may come from another database).
    fn contact_by_uid(&self, uid: &str, incoming: &Incoming) -> Result<Option<ContactId>> {
        let r = self.tx.read();
        if let Some(id) = r.contact_id_by_uid(uid)? {
            return Ok(Some(id));
        }
        let Some(n) = uid
            .strip_prefix("crm-contact-")
            .and_then(|rest| rest.strip_suffix("@crm.local"))
            .and_then(|n| n.parse::<i64>().ok())
        else {
            return Ok(None);
        };
        let Some(c) = r.contact(ContactId(n))? else {
            return Ok(None);
        };
        if r.contact_uid(c.id)?.is_some() {
            return Ok(None);
        }
        let file = &incoming.contact;
        let agrees = name_key(&c.name) == name_key(&file.name)
            || c.emails
                .iter()
                .any(|e| file.emails.iter().any(|f| email_key(f) == email_key(e)));
        Ok(agrees.then_some(c.id))
    }

    /// The contact this one duplicates: the same e-mail, or the same name at the same
    /// company when one of the two has no e-mail to tell them apart (a LinkedIn row, then
    /// the same person from Google with an address).
    fn find_duplicate(&self, incoming: &Incoming) -> Result<Option<ContactId>> {
        let r = self.tx.read();
        let c = &incoming.contact;
        for e in &c.emails {
            if let Some(id) = r.contact_id_by_email(e)? {
                return Ok(Some(id));
            }
        }
        // A company not in the database yet has nobody at it.
        if incoming.company.is_some() && c.company_id.is_none() {
            return Ok(None);
        }
        let Some(id) = r.contact_by_name_and_company(&name_key(&c.name), c.company_id)? else {
            return Ok(None);
        };
        Ok((c.emails.is_empty() || !r.contact_has_emails(id)?).then_some(id))
    }

    fn create_contact(
        &mut self,
        line: u64,
        incoming: Incoming,
        want: Option<ContactId>,
    ) -> Result<ContactId> {
        let mut c = incoming.contact;
        if let (None, Some(name)) = (c.company_id, &incoming.company) {
            let co = self.company(name)?;
            c.company_id = Some(co.id);
            c.company = Some(co.name);
        }
        let want = match want {
            Some(w) if !self.tx.read().contact_id_taken(w)? => Some(w),
            _ => None,
        };
        let id = self.tx.insert_contact_as(&c, want)?;
        self.tx.add_import_item(
            self.id,
            crate::domain::history::Entity::Contact,
            id.0,
            crate::domain::history::Action::Create,
            None,
        )?;
        self.trace(
            crate::domain::history::Entity::Contact,
            id.0,
            Some(id),
            &c.name,
        )?;
        self.out.created += 1;
        self.sample(format!("line {line}: create {}", c.name));
        Ok(id)
    }

    /// `--on-duplicate`: skip the record, refuse it, or merge it into contact `id`.
    fn duplicate(
        &mut self,
        line: u64,
        id: ContactId,
        incoming: Incoming,
        raw: Vec<String>,
    ) -> Result<Option<ContactId>> {
        let name = &incoming.contact.name;
        match self.req.on_duplicate {
            OnDuplicate::Skip => {
                self.out.skipped += 1;
                self.sample(format!("line {line}: skip {name} (already #{id})"));
            }
            OnDuplicate::Error => {
                let reason = format!("duplicate of contact #{id} ({name})");
                self.reject(line, None, reason, raw)?;
                // Refused: nothing from this row (in `import all`, its deals) goes to #id.
                return Ok(None);
            }
            OnDuplicate::Merge | OnDuplicate::Update => {
                let update = self.req.on_duplicate == OnDuplicate::Update;
                self.merge(id, incoming, update)?;
                self.out.merged += 1;
                let name = self
                    .tx
                    .read()
                    .contact(id)
                    .ok()
                    .flatten()
                    .map(|c| c.name)
                    .unwrap_or_default();
                let verb = if update { "update" } else { "merge" };
                self.sample(format!("line {line}: {verb} {name} into #{id}"));
            }
        }
        Ok(Some(id))
    }

    /// Fills what contact `id` lacks from the file (the same rule as `crm contact merge`,
    /// but the file's note never joins one already there), or with `update` lets the
    /// file's values replace the stored ones, noting the change for undo.
    fn merge(&mut self, id: ContactId, mut incoming: Incoming, update: bool) -> Result<()> {
        let r = self.tx.read();
        let before = load(r, id)?;
        let wants_company = before.company_id.is_none() || update;
        if let (true, None, Some(name)) = (
            wants_company,
            incoming.contact.company_id,
            &incoming.company,
        ) {
            let co = self.company(name)?;
            incoming.contact.company_id = Some(co.id);
            incoming.contact.company = Some(co.name);
        }
        let mut c = if update {
            overwrite(&before, incoming.contact)
        } else {
            merge_contact(&before, &incoming.contact, Notes::KeepFirst)
        };
        if c == before {
            return Ok(());
        }
        c.updated_at = self.now.utc;
        // E-mails another live contact owns cannot be added; keep ours.
        c.emails.retain(|e| {
            r.contact_id_by_email(e)
                .ok()
                .flatten()
                .is_none_or(|owner| owner == id)
        });
        self.tx.update_contact(&c)?;
        // As stored (tags come back sorted): undo compares against this.
        let after = load(r, id)?;
        let snapshot = serde_json::json!({ "before": &before, "after": &after }).to_string();
        self.tx.add_import_item(
            self.id,
            crate::domain::history::Entity::Contact,
            id.0,
            crate::domain::history::Action::Merge,
            Some(&snapshot),
        )?;
        record(
            self.tx,
            self.now,
            Entity::Contact,
            id.0,
            Some(id),
            Action::Merge,
            Some(&before),
            Some(&after),
        )
    }
}

/// `--on-duplicate update`: what the file gives replaces what is stored; what it leaves
/// out (no title, no phones, a custom field it lacks) stays.
fn overwrite(before: &Contact, file: Contact) -> Contact {
    let mut c = before.clone();
    c.name = file.name;
    if file.company_id.is_some() {
        c.company_id = file.company_id;
        c.company = file.company;
    }
    c.title = file.title.or(c.title);
    c.notes = file.notes.or(c.notes);
    c.source = file.source.or(c.source);
    // The default a file without a lifecycle gets never demotes a contact.
    if file.lifecycle != Lifecycle::Awareness {
        c.lifecycle = file.lifecycle;
    }
    // A list the file gives replaces the stored one, types and all.
    if !file.emails.is_empty() {
        c.emails = file.emails;
        c.email_types = file.email_types;
    }
    if !file.phones.is_empty() {
        c.phones = file.phones;
        c.phone_types = file.phone_types;
    }
    if !file.tags.is_empty() {
        c.tags = file.tags;
    }
    c.fields.extend(file.fields);
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    fn ready(n: Normalised) -> Incoming {
        match n {
            Normalised::Ready(i) => *i,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn normalising_cleans_without_a_database() {
        let rec = ContactRecord {
            line: 3,
            emails: vec!["Ada@X.com".into(), "ada@x.com".into()],
            phones: vec!["12".into(), " +44 20 1234 ".into()],
            company: Some("  ".into()),
            tags: vec!["vip".into(), "bad tag!".into()],
            lifecycle: Some("someday".into()),
            fields: vec![("born".into(), "1815".into()), ("x".into(), " ".into())],
            ..ContactRecord::default()
        };
        let i = ready(normalise(rec, &["VIP".into(), "import".into()], now()));
        assert_eq!(i.contact.name, "Ada@X.com", "no name: the first e-mail");
        assert_eq!(i.contact.emails.len(), 1);
        assert_eq!(i.contact.phones, vec!["+44 20 1234"]);
        assert_eq!(i.company, None);
        assert_eq!(i.contact.lifecycle, Lifecycle::Awareness);
        assert_eq!(i.warnings.len(), 1);
        assert_eq!(i.contact.fields.len(), 1);
        assert_eq!(i.contact.created_at, now());
        assert!(i.contact.tags.iter().any(|t| t.eq_ignore_ascii_case("vip")));
        assert_eq!(
            i.contact
                .tags
                .iter()
                .filter(|t| t.eq_ignore_ascii_case("vip"))
                .count(),
            1
        );
    }

    #[test]
    fn nothing_to_call_them_by_or_a_bad_email() {
        assert_eq!(
            normalise(ContactRecord::default(), &[], now()),
            Normalised::Empty
        );
        let bad = ContactRecord {
            name: Some("Ada".into()),
            emails: vec!["not an address".into()],
            ..ContactRecord::default()
        };
        assert!(matches!(
            normalise(bad, &[], now()),
            Normalised::Refused {
                column: "email",
                ..
            }
        ));
    }
}
