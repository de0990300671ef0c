//! Joining two records of one person: the single rule `crm contact merge` and `crm import`
//! both follow, so the two cannot disagree about what a merge keeps.

use super::model::Contact;
use super::text::email_key;

/// What happens when both contacts have notes (the only point where the two merges differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notes {
    /// `contact merge`: the other contact is removed, so its different notes are appended
    /// after the kept ones rather than lost.
    Join,
    /// `import`: the file's note fills an empty one only. Appending would add the file's
    /// note again on every re-import, and after every edit the user made since.
    KeepFirst,
}

/// `kept` with what it lacks filled from `other`: e-mails, phones, tags and custom fields
/// joined (compared the way each is matched elsewhere), the company, title, source and
/// notes filled when empty, the lifecycle moved forward when `other` is further along.
/// Nothing `kept` already has is overwritten; ids and times are `kept`'s.
pub fn merge_contact(kept: &Contact, other: &Contact, notes: Notes) -> Contact {
    let mut c = kept.clone();
    for e in &other.emails {
        if !c.emails.iter().any(|x| email_key(x) == email_key(e)) {
            c.emails.push(e.clone());
        }
    }
    for p in &other.phones {
        if !c.phones.contains(p) {
            c.phones.push(p.clone());
        }
    }
    // A type travels with its e-mail or phone; `kept`'s own type wins.
    for (k, t) in &other.email_types {
        if c.emails.iter().any(|e| email_key(e) == *k) {
            c.email_types.entry(k.clone()).or_insert_with(|| t.clone());
        }
    }
    for (p, t) in &other.phone_types {
        if c.phones.contains(p) {
            c.phone_types.entry(p.clone()).or_insert_with(|| t.clone());
        }
    }
    for t in &other.tags {
        if !c.tags.iter().any(|x| x.eq_ignore_ascii_case(t)) {
            c.tags.push(t.clone());
        }
    }
    for (k, v) in &other.fields {
        c.fields.entry(k.clone()).or_insert_with(|| v.clone());
    }
    if c.company_id.is_none() {
        c.company_id = other.company_id;
        c.company = other.company.clone();
    }
    // A lifecycle further along (a CRM export saying "customer") moves the contact forward.
    if let (Some(a), Some(b)) = (c.lifecycle.rank(), other.lifecycle.rank()) {
        if b > a {
            c.lifecycle = other.lifecycle;
        }
    }
    c.title = c.title.or_else(|| other.title.clone());
    c.cadence = c.cadence.or(other.cadence);
    c.birthday = c.birthday.or(other.birthday);
    c.source = c.source.or_else(|| other.source.clone());
    c.notes = match (c.notes, &other.notes, notes) {
        (Some(a), Some(b), Notes::Join) if &a != b => Some(format!("{a}\n{b}")),
        (a, b, _) => a.or_else(|| b.clone()),
    };
    c
}

/// What a merge adds to the kept contact, for `contact merge --dry-run`: the fields it
/// fills (or moves forward, or joins), and the e-mails, phones, tags and custom fields it
/// adds. Computed from the kept record and the merged one, so it shows exactly what
/// [`merge_contact`] does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeChanges {
    /// `(field, new value)` for company, title, lifecycle, source and notes.
    pub filled: Vec<(&'static str, String)>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub tags: Vec<String>,
    pub fields: Vec<(String, String)>,
}

impl MergeChanges {
    pub fn is_empty(&self) -> bool {
        self == &MergeChanges::default()
    }
}

pub fn changes(kept: &Contact, merged: &Contact) -> MergeChanges {
    let added = |old: &[String], new: &[String]| -> Vec<String> {
        new.iter().filter(|x| !old.contains(x)).cloned().collect()
    };
    let mut filled = Vec::new();
    let lifecycle = |c: &Contact| Some(c.lifecycle.to_string());
    for (field, old, new) in [
        ("company", kept.company.clone(), merged.company.clone()),
        ("title", kept.title.clone(), merged.title.clone()),
        ("lifecycle", lifecycle(kept), lifecycle(merged)),
        ("source", kept.source.clone(), merged.source.clone()),
        (
            "cadence",
            kept.cadence.map(|e| e.to_string()),
            merged.cadence.map(|e| e.to_string()),
        ),
        (
            "birthday",
            kept.birthday.map(|b| b.to_string()),
            merged.birthday.map(|b| b.to_string()),
        ),
        ("notes", kept.notes.clone(), merged.notes.clone()),
    ] {
        if let Some(v) = new.filter(|n| old.as_ref() != Some(n)) {
            filled.push((field, v));
        }
    }
    MergeChanges {
        filled,
        emails: added(&kept.emails, &merged.emails),
        phones: added(&kept.phones, &merged.phones),
        tags: added(&kept.tags, &merged.tags),
        fields: merged
            .fields
            .iter()
            .filter(|(k, _)| !kept.fields.contains_key(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{CompanyId, ContactId, Lifecycle};

    fn person(name: &str) -> Contact {
        let at = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        Contact {
            cadence: None,
            birthday: None,
            id: ContactId(1),
            name: name.into(),
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
            fields: Default::default(),
            created_at: at,
            updated_at: at,
            last_contact_at: None,
            version: 1,
        }
    }

    #[test]
    fn joins_lists_and_fills_gaps_without_overwriting() {
        let mut keep = person("Ada");
        keep.emails = vec!["ada@x.com".into()];
        keep.tags = vec!["VIP".into()];
        keep.title = Some("Countess".into());
        keep.fields.insert("born".into(), "1815".into());
        let mut other = person("A. Lovelace");
        other.id = ContactId(2);
        other.emails = vec!["ADA@x.com".into(), "ada@y.com".into()];
        other.phones = vec!["+44 20 1234".into()];
        other.tags = vec!["vip".into(), "math".into()];
        other.title = Some("Analyst".into());
        other.source = Some("linkedin".into());
        other.company_id = Some(CompanyId(3));
        other.company = Some("Analytical Engines".into());
        other.lifecycle = Lifecycle::Decision;
        other.fields.insert("born".into(), "1816".into());
        other.fields.insert("city".into(), "London".into());
        let m = merge_contact(&keep, &other, Notes::Join);
        assert_eq!(m.id, ContactId(1));
        assert_eq!(m.name, "Ada");
        assert_eq!(m.emails, vec!["ada@x.com", "ada@y.com"]);
        assert_eq!(m.phones, vec!["+44 20 1234"]);
        assert_eq!(m.tags, vec!["VIP", "math"]);
        assert_eq!(m.title.as_deref(), Some("Countess"));
        assert_eq!(m.source.as_deref(), Some("linkedin"));
        assert_eq!(m.company_id, Some(CompanyId(3)));
        assert_eq!(m.lifecycle, Lifecycle::Decision);
        assert_eq!(m.fields["born"], "1815");
        assert_eq!(m.fields["city"], "London");
        assert_eq!(merge_contact(&keep, &other, Notes::KeepFirst), m);
        let ch = changes(&keep, &m);
        assert_eq!(
            ch.filled,
            vec![
                ("company", "Analytical Engines".to_string()),
                ("lifecycle", "decision".to_string()),
                ("source", "linkedin".to_string()),
            ]
        );
        assert_eq!(ch.emails, vec!["ada@y.com"]);
        assert_eq!(ch.phones, vec!["+44 20 1234"]);
        assert_eq!(ch.tags, vec!["math"]);
        assert_eq!(ch.fields, vec![("city".to_string(), "London".to_string())]);
        assert!(changes(&m, &m).is_empty());
    }

    #[test]
    fn types_travel_with_their_email_or_phone_and_the_kept_ones_win() {
        let mut keep = person("Ada");
        keep.emails = vec!["ada@x.com".into()];
        keep.phones = vec!["+44 1".into()];
        keep.phone_types.insert("+44 1".into(), "work".into());
        let mut other = person("Ada");
        other.emails = vec!["ada@x.com".into(), "ada@y.com".into()];
        other.email_types.insert("ada@y.com".into(), "home".into());
        other.phones = vec!["+44 1".into(), "+44 2".into()];
        other.phone_types.insert("+44 1".into(), "home".into());
        other.phone_types.insert("+44 2".into(), "cell".into());
        let m = merge_contact(&keep, &other, Notes::Join);
        assert_eq!(m.phone_types["+44 1"], "work");
        assert_eq!(m.phone_types["+44 2"], "cell");
        assert_eq!(m.email_types["ada@y.com"], "home");
    }

    #[test]
    fn cadence_and_birthday_keep_the_kept_ones_else_take_the_others() {
        use crate::domain::{birthday::Birthday, recurrence::Every};
        let mut keep = person("Ada");
        let mut other = person("Ada");
        other.cadence = Some(Every::parse("2w").unwrap());
        other.birthday = Some(Birthday::parse("1815-12-10").unwrap());
        let m = merge_contact(&keep, &other, Notes::Join);
        assert_eq!((m.cadence, m.birthday), (other.cadence, other.birthday));
        assert_eq!(
            changes(&keep, &m).filled,
            vec![
                ("cadence", "2w".to_string()),
                ("birthday", "1815-12-10".to_string())
            ]
        );
        keep.cadence = Some(Every::parse("month").unwrap());
        keep.birthday = Some(Birthday::parse("--12-10").unwrap());
        let m = merge_contact(&keep, &other, Notes::Join);
        assert_eq!((m.cadence, m.birthday), (keep.cadence, keep.birthday));
    }

    #[test]
    fn a_lifecycle_never_moves_back_or_out_of_churned() {
        let mut keep = person("Ada");
        keep.lifecycle = Lifecycle::Retention;
        let mut other = person("Ada");
        other.lifecycle = Lifecycle::Consideration;
        assert_eq!(
            merge_contact(&keep, &other, Notes::Join).lifecycle,
            Lifecycle::Retention
        );
        keep.lifecycle = Lifecycle::Churned;
        other.lifecycle = Lifecycle::Expansion;
        assert_eq!(
            merge_contact(&keep, &other, Notes::Join).lifecycle,
            Lifecycle::Churned
        );
    }

    #[test]
    fn contact_merge_joins_notes_import_keeps_the_first() {
        let mut keep = person("Ada");
        keep.notes = Some("met at the museum".into());
        let mut other = person("Ada");
        other.notes = Some("likes engines".into());
        assert_eq!(
            merge_contact(&keep, &other, Notes::Join).notes.as_deref(),
            Some("met at the museum\nlikes engines")
        );
        assert_eq!(
            merge_contact(&keep, &other, Notes::KeepFirst)
                .notes
                .as_deref(),
            Some("met at the museum")
        );
        // The same note is never doubled, and an empty one is filled either way.
        other.notes = keep.notes.clone();
        assert_eq!(merge_contact(&keep, &other, Notes::Join).notes, keep.notes);
        let empty = person("Ada");
        for rule in [Notes::Join, Notes::KeepFirst] {
            assert_eq!(merge_contact(&empty, &other, rule).notes, other.notes);
        }
    }
}
