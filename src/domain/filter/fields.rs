//! The fields an expression can test, their names and the kind of value each holds.

use std::fmt;

use super::Target;

/// A field of the record a filter runs on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldRef {
    Contact(ContactField),
    Deal(DealField),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ContactField {
    Name,
    Email,
    Company,
    Title,
    Lifecycle,
    Source,
    Tag,
    Created,
    LastContact,
    Idle,
    Score,
    Cadence,
    Birthday,
    /// `field.KEY`: a custom field, its key compared ignoring case.
    Custom(String),
    CompanySize,
    CompanyIndustry,
    DealsOpen,
    DealsOpenValue,
    DealsWon,
    DealsWonValue,
    CasesOpen,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DealField {
    Title,
    Stage,
    Status,
    Value,
    Currency,
    Probability,
    Close,
    Created,
    Owner,
    CompanyName,
    CompanySize,
    CompanyIndustry,
    /// `contact.X`: a field of the deal's contact.
    Contact(ContactField),
}

/// What a field holds, which decides the operators and values it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One text, maybe absent: `=`, `!=`, `~`, `in`.
    Text,
    /// Several texts (e-mails, tags): a test holds when one of them passes.
    Texts,
    Lifecycle,
    Status,
    Size,
    Currency,
    /// A whole number: every comparison.
    Number,
    /// Money in the record's own currency.
    Money,
    /// A moment (created, last contact), compared by its local day.
    Moment,
    /// A day (a deal's expected close).
    Day,
    /// Days since the last contact (or since created): durations only.
    Idle,
    /// A stay-in-touch interval: durations only.
    Interval,
    /// A birthday: a duration is the time until the next one; a period or date holds it.
    Birthday,
}

const CONTACT_FIELDS: &[(&str, ContactField)] = &[
    ("name", ContactField::Name),
    ("email", ContactField::Email),
    ("company", ContactField::Company),
    ("title", ContactField::Title),
    ("lifecycle", ContactField::Lifecycle),
    ("source", ContactField::Source),
    ("tag", ContactField::Tag),
    ("created", ContactField::Created),
    ("last_contact", ContactField::LastContact),
    ("idle", ContactField::Idle),
    ("score", ContactField::Score),
    ("cadence", ContactField::Cadence),
    ("birthday", ContactField::Birthday),
    ("company.size", ContactField::CompanySize),
    ("company.industry", ContactField::CompanyIndustry),
    ("deals.open", ContactField::DealsOpen),
    ("deals.open_value", ContactField::DealsOpenValue),
    ("deals.won", ContactField::DealsWon),
    ("deals.won_value", ContactField::DealsWonValue),
    ("cases.open", ContactField::CasesOpen),
];

const DEAL_FIELDS: &[(&str, DealField)] = &[
    ("title", DealField::Title),
    ("stage", DealField::Stage),
    ("status", DealField::Status),
    ("value", DealField::Value),
    ("currency", DealField::Currency),
    ("probability", DealField::Probability),
    ("close", DealField::Close),
    ("created", DealField::Created),
    ("owner", DealField::Owner),
    ("company.name", DealField::CompanyName),
    ("company.size", DealField::CompanySize),
    ("company.industry", DealField::CompanyIndustry),
];

const CUSTOM_PREFIX: &str = "field.";
const CONTACT_PREFIX: &str = "contact.";

impl ContactField {
    /// The field `name` (as typed) names, custom fields included.
    fn lookup(name: &str) -> Option<ContactField> {
        if let Some(key) = strip_prefix_ignore_case(name, CUSTOM_PREFIX) {
            return (!key.is_empty()).then(|| ContactField::Custom(key.to_string()));
        }
        let lower = name.to_lowercase();
        CONTACT_FIELDS
            .iter()
            .find(|(n, _)| *n == lower)
            .map(|(_, f)| f.clone())
    }

    pub fn kind(&self) -> Kind {
        match self {
            ContactField::Name
            | ContactField::Company
            | ContactField::Title
            | ContactField::Source
            | ContactField::Custom(_)
            | ContactField::CompanyIndustry => Kind::Text,
            ContactField::Email | ContactField::Tag => Kind::Texts,
            ContactField::Lifecycle => Kind::Lifecycle,
            ContactField::CompanySize => Kind::Size,
            ContactField::Created | ContactField::LastContact => Kind::Moment,
            ContactField::Idle => Kind::Idle,
            ContactField::Cadence => Kind::Interval,
            ContactField::Birthday => Kind::Birthday,
            ContactField::Score
            | ContactField::DealsOpen
            | ContactField::DealsWon
            | ContactField::CasesOpen => Kind::Number,
            ContactField::DealsOpenValue | ContactField::DealsWonValue => Kind::Money,
        }
    }
}

impl DealField {
    pub fn kind(&self) -> Kind {
        match self {
            DealField::Title
            | DealField::Stage
            | DealField::Owner
            | DealField::CompanyName
            | DealField::CompanyIndustry => Kind::Text,
            DealField::Status => Kind::Status,
            DealField::Value => Kind::Money,
            DealField::Currency => Kind::Currency,
            DealField::Probability => Kind::Number,
            DealField::Close => Kind::Day,
            DealField::Created => Kind::Moment,
            DealField::CompanySize => Kind::Size,
            DealField::Contact(c) => c.kind(),
        }
    }
}

impl FieldRef {
    /// The field `name` (as typed) names for `target`, if any.
    pub fn lookup(name: &str, target: Target) -> Option<FieldRef> {
        match target {
            Target::Contact => ContactField::lookup(name).map(FieldRef::Contact),
            Target::Deal => {
                if let Some(rest) = strip_prefix_ignore_case(name, CONTACT_PREFIX) {
                    return ContactField::lookup(rest)
                        .map(|c| FieldRef::Deal(DealField::Contact(c)));
                }
                let lower = name.to_lowercase();
                DEAL_FIELDS
                    .iter()
                    .find(|(n, _)| *n == lower)
                    .map(|(_, f)| FieldRef::Deal(f.clone()))
            }
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            FieldRef::Contact(c) => c.kind(),
            FieldRef::Deal(d) => d.kind(),
        }
    }

    /// The tag field of the record: a deal's tags are its contact's.
    pub fn tag(target: Target) -> FieldRef {
        match target {
            Target::Contact => FieldRef::Contact(ContactField::Tag),
            Target::Deal => FieldRef::Deal(DealField::Contact(ContactField::Tag)),
        }
    }
}

impl fmt::Display for ContactField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let ContactField::Custom(key) = self {
            return write!(f, "{CUSTOM_PREFIX}{key}");
        }
        let name = CONTACT_FIELDS
            .iter()
            .find(|(_, c)| c == self)
            .map_or("?", |(n, _)| n);
        f.write_str(name)
    }
}

impl fmt::Display for FieldRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldRef::Contact(c) => c.fmt(f),
            FieldRef::Deal(DealField::Contact(c)) => write!(f, "{CONTACT_PREFIX}{c}"),
            FieldRef::Deal(d) => {
                let name = DEAL_FIELDS
                    .iter()
                    .find(|(_, x)| x == d)
                    .map_or("?", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

/// `text` without an ASCII `prefix`, whatever the case it was typed in.
fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Every field of a target (custom fields as `field.KEY`, a deal's contact fields as
/// `contact.…` each), for tests that must cover them all.
pub fn all(target: Target) -> Vec<FieldRef> {
    let key = || ContactField::Custom("KEY".to_string());
    let contact = CONTACT_FIELDS
        .iter()
        .map(|(_, f)| f.clone())
        .chain(std::iter::once(key()));
    match target {
        Target::Contact => contact.map(FieldRef::Contact).collect(),
        Target::Deal => DEAL_FIELDS
            .iter()
            .map(|(_, f)| FieldRef::Deal(f.clone()))
            .chain(contact.map(|c| FieldRef::Deal(DealField::Contact(c))))
            .collect(),
    }
}

/// The field names a target accepts, for error messages.
pub fn names(target: Target) -> Vec<String> {
    let contact = CONTACT_FIELDS.iter().map(|(n, _)| n.to_string());
    match target {
        Target::Contact => contact.chain(["field.KEY".to_string()]).collect(),
        Target::Deal => DEAL_FIELDS
            .iter()
            .map(|(n, _)| n.to_string())
            .chain(["contact.FIELD".to_string()])
            .collect(),
    }
}

/// The known field closest to a misspelt one, when it is close enough to be a likely typo.
pub fn nearest(name: &str, target: Target) -> Option<String> {
    let lower = name.to_lowercase();
    let mut candidates: Vec<String> = CONTACT_FIELDS.iter().map(|(n, _)| n.to_string()).collect();
    if target == Target::Deal {
        candidates = DEAL_FIELDS
            .iter()
            .map(|(n, _)| n.to_string())
            .chain(
                candidates
                    .into_iter()
                    .map(|n| format!("{CONTACT_PREFIX}{n}")),
            )
            .collect();
    }
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, &c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).clamp(1, 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters, counting a swap of neighbours as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    rows[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_swaps_once() {
        assert_eq!(edit_distance("nmae", "name"), 1);
        assert_eq!(edit_distance("nam", "name"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn every_field_name_round_trips() {
        for (name, f) in CONTACT_FIELDS {
            let r = FieldRef::lookup(name, Target::Contact).unwrap();
            assert_eq!(r, FieldRef::Contact(f.clone()));
            assert_eq!(r.to_string(), *name);
            let via_deal = FieldRef::lookup(&format!("contact.{name}"), Target::Deal).unwrap();
            assert_eq!(via_deal.to_string(), format!("contact.{name}"));
        }
        for (name, _) in DEAL_FIELDS {
            let r = FieldRef::lookup(name, Target::Deal).unwrap();
            assert_eq!(r.to_string(), *name);
        }
        let custom = FieldRef::lookup("Field.Ref_Code", Target::Contact).unwrap();
        assert_eq!(
            custom,
            FieldRef::Contact(ContactField::Custom("Ref_Code".into()))
        );
        assert_eq!(custom.to_string(), "field.Ref_Code");
        assert_eq!(FieldRef::lookup("field.", Target::Contact), None);
        assert_eq!(FieldRef::lookup("stage", Target::Contact), None);
    }

    #[test]
    fn nearest_suggests_only_close_names() {
        assert_eq!(nearest("nmae", Target::Contact).as_deref(), Some("name"));
        assert_eq!(
            nearest("lifecyle", Target::Contact).as_deref(),
            Some("lifecycle")
        );
        assert_eq!(nearest("stgae", Target::Deal).as_deref(), Some("stage"));
        assert_eq!(nearest("zzzzzz", Target::Contact), None);
    }
}
