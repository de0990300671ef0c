//! Which field each column goes to: built-in tables per export format, generic synonyms
//! for any CSV, and `--map "Column=field"` overrides.

use super::formats::{generic, ignore, pipedrive, slot, specific, unknown, Slot, DEFAULT_RANK};
use super::{Entity, Field, Format};
use crate::domain::text::fold;
use crate::domain::{Error, Result};

/// How one column of the file is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Column {
    pub name: String,
    pub field: Field,
    /// The label column of a Google `X N - Value` column (`E-mail 1 - Label`).
    pub label: Option<usize>,
    /// A custom field whose key is the text of the label column (Google custom fields).
    pub key_from_label: bool,
    /// Order among e-mails and phones: lower comes first (primary).
    pub rank: u8,
    /// A custom field holding a date (birthday), normalised to `YYYY-MM-DD` or `--MM-DD`.
    pub date: bool,
    /// No table knows the column (see [`Slot::unknown`]).
    pub unknown: bool,
}

/// Lower-case, accents folded, whitespace collapsed: `E-mail 2 Address` → `e-mail 2 address`.
pub(crate) fn lower_key(header: &str) -> String {
    let folded = fold(header.trim_start_matches('\u{feff}'));
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Only letters and digits: `E-Mail-Adresse` → `emailadresse`.
pub(crate) fn squash_key(header: &str) -> String {
    fold(header)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// Google's numbered groups: `e-mail 1 - value` → (`e-mail`, 1, `value`).
pub(crate) fn group_part(lower: &str) -> Option<(&str, u32, &str)> {
    let (left, part) = lower.split_once(" - ")?;
    let (group, n) = left.rsplit_once(' ')?;
    if n.is_empty() || n.len() > 3 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = n.parse().ok()?;
    let group_known = matches!(
        group,
        "e-mail"
            | "phone"
            | "address"
            | "website"
            | "event"
            | "relation"
            | "custom field"
            | "organization"
            | "im"
            | "external id"
    );
    let part_known = matches!(
        part,
        "value"
            | "label"
            | "type"
            | "formatted"
            | "name"
            | "title"
            | "department"
            | "street"
            | "city"
            | "po box"
            | "region"
            | "postal code"
            | "country"
            | "extended address"
            | "yomi name"
            | "symbol"
            | "location"
            | "job description"
            | "service"
    );
    (group_known && part_known).then_some((group, n, part))
}

/// Pipedrive's `Person - Email - Work` → (`person`, `email - work`).
pub(crate) fn pipedrive_split(lower: &str) -> Option<(&str, &str)> {
    let (entity, rest) = lower.split_once(" - ")?;
    matches!(
        entity,
        "person" | "deal" | "organization" | "activity" | "lead" | "product" | "note"
    )
    .then_some((entity, rest))
}

/// Whether a header cell names something we know (used to find the header row).
pub(crate) fn is_known_header(header: &str) -> bool {
    let lower = lower_key(header);
    if lower.is_empty() || lower.len() > 80 {
        return false;
    }
    if group_part(&lower).is_some() || pipedrive_split(&lower).is_some() {
        return true;
    }
    let squash = squash_key(header);
    for entity in [Entity::Contacts, Entity::Deals, Entity::Interactions] {
        if generic(entity, &squash).is_some() {
            return true;
        }
        for format in [
            Format::Linkedin,
            Format::Google,
            Format::Outlook,
            Format::Hubspot,
            Format::Thunderbird,
        ] {
            if specific(format, entity, &lower, &squash).is_some_and(|s| s.field != Field::Ignore) {
                return true;
            }
        }
    }
    false
}

/// The automatic mapping of one header.
pub(crate) fn auto(format: Format, entity: Entity, header: &str) -> Slot {
    let lower = lower_key(header);
    if lower.is_empty() {
        return ignore();
    }
    // crm's own export writes custom fields as `field:KEY` columns.
    if let Some(key) = header
        .trim()
        .strip_prefix("field:")
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        if entity == Entity::Contacts {
            return slot(Field::Custom(key.to_string()));
        }
    }
    let squash = squash_key(header);
    if format == Format::Pipedrive {
        if let Some((owner, rest)) = pipedrive_split(&lower) {
            return pipedrive(entity, owner, rest);
        }
    }
    specific(format, entity, &lower, &squash)
        .or_else(|| generic(entity, &squash))
        .unwrap_or_else(|| unknown(entity, header))
}

/// Maps every column of the file: automatic tables first, then `--map` overrides.
pub(crate) fn build(
    format: Format,
    entity: Entity,
    headers: &[String],
    maps: &[String],
) -> Result<Vec<Column>> {
    let lowers: Vec<String> = headers.iter().map(|h| lower_key(h)).collect();
    let mut columns: Vec<Column> = headers
        .iter()
        .map(|h| {
            let s = auto(format, entity, h);
            Column {
                name: h.clone(),
                field: s.field,
                label: None,
                key_from_label: s.from_label,
                rank: s.rank,
                date: s.date,
                unknown: s.unknown,
            }
        })
        .collect();
    // Pair `X N - Value` with its `X N - Label` (or old Google's `X N - Type`).
    for (i, column) in columns.iter_mut().enumerate() {
        let Some((group, n, part)) = lowers.get(i).and_then(|l| group_part(l)) else {
            continue;
        };
        if !matches!(part, "value" | "formatted") {
            continue;
        }
        column.label = lowers.iter().position(|other| {
            group_part(other)
                .is_some_and(|(g, m, p)| g == group && m == n && matches!(p, "label" | "type"))
        });
    }
    for spec in maps {
        apply_map(entity, headers, &mut columns, spec)?;
    }
    check_required(entity, headers, &columns)?;
    Ok(columns)
}

fn apply_map(entity: Entity, headers: &[String], columns: &mut [Column], spec: &str) -> Result<()> {
    let Some((column, field)) = spec.rsplit_once('=') else {
        return Err(Error::invalid(format!(
            "--map {spec:?} must be written \"Column=field\", e.g. --map \"E-Mail-Adresse=email\"."
        )));
    };
    let field = for_entity(entity, Field::parse(field)?)?;
    let wanted = column.trim();
    let index = headers
        .iter()
        .position(|h| h.trim() == wanted)
        .or_else(|| {
            let key = lower_key(wanted);
            headers.iter().position(|h| lower_key(h) == key)
        })
        .or_else(|| {
            let key = squash_key(wanted);
            if key.is_empty() {
                None
            } else {
                headers.iter().position(|h| squash_key(h) == key)
            }
        });
    // `--map 3=email`: the third column, when no column is called `3`.
    let number = wanted.parse::<usize>().ok().filter(|n| *n >= 1);
    let index = index.or_else(|| number.map(|n| n - 1));
    let Some(target) = index.and_then(|i| columns.get_mut(i)) else {
        if let Some(n) = number {
            return Err(Error::invalid(format!(
                "line 1, column {n}: --map {spec:?} names column {n}, but the row has only {} column(s).",
                headers.len()
            )));
        }
        return Err(Error::invalid(format!(
            "--map names the column {wanted:?}, but the file has no such column; its columns are: {}.",
            quoted_list(headers)
        )));
    };
    target.date = matches!(&field, Field::Custom(k) if is_date_key(k));
    target.field = field;
    target.key_from_label = false;
    target.rank = DEFAULT_RANK;
    target.unknown = false;
    Ok(())
}

fn is_date_key(key: &str) -> bool {
    matches!(
        key.to_ascii_lowercase().as_str(),
        "birthday" | "anniversary" | "birthdate"
    )
}

fn quoted_list(headers: &[String]) -> String {
    let mut shown: Vec<String> = headers.iter().take(40).map(|h| format!("{h:?}")).collect();
    if headers.len() > 40 {
        shown.push(format!("and {} more", headers.len() - 40));
    }
    shown.join(", ")
}

/// Turns a `--map` field into the one it means for this entity, or refuses it.
fn for_entity(entity: Entity, field: Field) -> Result<Field> {
    let name = field.to_string();
    let mapped = match (entity, field) {
        (_, Field::Ignore) => Some(Field::Ignore),
        (Entity::Contacts, f) => match f {
            Field::Name
            | Field::FirstName
            | Field::MiddleName
            | Field::LastName
            | Field::Email
            | Field::Phone
            | Field::Company
            | Field::Title
            | Field::Tags
            | Field::Notes
            | Field::Source
            | Field::Lifecycle
            | Field::Custom(_)
            | Field::BirthYear
            | Field::BirthMonth
            | Field::BirthDay
            | Field::CreatedAt => Some(f),
            Field::ContactRef => Some(Field::Name),
            _ => None,
        },
        (Entity::Deals, f) => match f {
            Field::DealTitle
            | Field::Value
            | Field::Currency
            | Field::Stage
            | Field::Probability
            | Field::CloseDate
            | Field::Status
            | Field::LostReason
            | Field::ContactRef
            | Field::Company
            | Field::CreatedAt => Some(f),
            Field::Title | Field::Name => Some(Field::DealTitle),
            Field::Email => Some(Field::ContactRef),
            _ => None,
        },
        (Entity::Interactions, f) => match f {
            Field::ContactRef
            | Field::Kind
            | Field::Direction
            | Field::OccurredAt
            | Field::Duration
            | Field::Summary
            | Field::Body
            | Field::Score
            | Field::DealTitle => Some(f),
            Field::Name | Field::Email => Some(Field::ContactRef),
            Field::Title => Some(Field::Summary),
            Field::Notes => Some(Field::Body),
            Field::CreatedAt => Some(Field::OccurredAt),
            _ => None,
        },
    };
    mapped.ok_or_else(|| {
        let valid = match entity {
            Entity::Contacts => "name, first_name, middle_name, last_name, email, phone, company, title, tags, notes, source, lifecycle, created, field:KEY, birth_year, birth_month, birth_day, ignore",
            Entity::Deals => "deal_title, contact, company, value, currency, stage, probability, close, status, created, ignore",
            Entity::Interactions => "contact, kind, direction, at, duration, summary, body, score, deal_title, ignore",
        };
        Error::invalid(format!(
            "--map: the field {name} does not apply when importing {entity}; valid fields are: {valid}."
        ))
    })
}

fn check_required(entity: Entity, headers: &[String], columns: &[Column]) -> Result<()> {
    let has = |wanted: &[Field]| columns.iter().any(|c| wanted.contains(&c.field));
    let (ok, what, example) = match entity {
        Entity::Contacts => (
            has(&[
                Field::Name,
                Field::FirstName,
                Field::MiddleName,
                Field::LastName,
                Field::Email,
                Field::Phone,
            ]),
            "a name, e-mail or phone",
            "Column=name",
        ),
        Entity::Deals => (
            has(&[Field::DealTitle]),
            "a deal title",
            "Column=deal_title",
        ),
        Entity::Interactions => (
            has(&[Field::ContactRef]) && has(&[Field::Summary, Field::Body, Field::Kind]),
            "a contact and a summary",
            "Column=contact",
        ),
    };
    if ok {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "no column of this file could be matched to {what} (its columns are: {}); say which is which with --map \"{example}\".",
        quoted_list(headers)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(format: Format, entity: Entity, headers: &[&str]) -> Vec<Field> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        build(format, entity, &headers, &[])
            .unwrap()
            .into_iter()
            .map(|c| c.field)
            .collect()
    }

    #[test]
    fn generic_synonyms() {
        assert_eq!(
            fields(
                Format::Csv,
                Entity::Contacts,
                &[
                    "E-mail",
                    "Email Address",
                    "Mobile",
                    "Organization",
                    "Job Title",
                    "Colour"
                ]
            ),
            [
                Field::Email,
                Field::Email,
                Field::Phone,
                Field::Company,
                Field::Title,
                // Issue 10: an unknown column is kept under its own name.
                Field::Custom("Colour".into())
            ]
        );
        assert_eq!(
            fields(
                Format::Csv,
                Entity::Deals,
                &["Deal", "Amount", "Contact", "Close Date"]
            ),
            [
                Field::DealTitle,
                Field::Value,
                Field::ContactRef,
                Field::CloseDate
            ]
        );
    }

    #[test]
    fn outlook_title_is_a_salutation() {
        assert_eq!(
            fields(
                Format::Outlook,
                Entity::Contacts,
                &["Title", "First Name", "Job Title"]
            ),
            [Field::Ignore, Field::FirstName, Field::Title]
        );
    }

    #[test]
    fn google_groups_pair_values_with_labels() {
        let headers: Vec<String> = [
            "First Name",
            "E-mail 1 - Label",
            "E-mail 1 - Value",
            "Custom Field 1 - Label",
            "Custom Field 1 - Value",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect();
        let cols = build(Format::Google, Entity::Contacts, &headers, &[]).unwrap();
        assert_eq!(cols[2].field, Field::Email);
        assert_eq!(cols[2].label, Some(1));
        assert!(cols[4].key_from_label);
        assert_eq!(cols[4].label, Some(3));
        assert_eq!(cols[1].field, Field::Ignore);
    }

    #[test]
    fn map_overrides_and_errors() {
        let headers: Vec<String> = ["Full", "Mail"].iter().map(|h| h.to_string()).collect();
        let maps = ["full=name".to_string(), "Mail = email".to_string()];
        let cols = build(Format::Csv, Entity::Contacts, &headers, &maps).unwrap();
        assert_eq!(cols[0].field, Field::Name);
        assert_eq!(cols[1].field, Field::Email);

        let bad_field = build(
            Format::Csv,
            Entity::Contacts,
            &headers,
            &["Full=nickname".to_string()],
        )
        .unwrap_err()
        .to_string();
        assert!(bad_field.contains("valid fields are"), "{bad_field}");
        assert!(bad_field.contains("first_name") && bad_field.contains("field:KEY"));

        let bad_column = build(
            Format::Csv,
            Entity::Contacts,
            &headers,
            &["Nope=name".to_string()],
        )
        .unwrap_err()
        .to_string();
        assert!(bad_column.contains("\"Full\", \"Mail\""), "{bad_column}");

        let none = build(Format::Csv, Entity::Contacts, &["Colour".to_string()], &[])
            .unwrap_err()
            .to_string();
        assert!(none.contains("--map"), "{none}");
    }
}
