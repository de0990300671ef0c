//! Contact rows of a CSV export: each mapped cell adds to the record, then the name is
//! chosen.

use std::io::Read;

use super::{cells, date_of, day_of, is_default, split_values, CsvImport, Refusal};
use crate::domain::text::fold;
use crate::import::csv_rows::Row;
use crate::import::dates::DateStyle;
use crate::import::mapping::Column;
use crate::import::values::{
    add_email, add_phone, add_tag, check_email, merge_field, multi_line, one_line, ranked_values,
    set_once, Mail,
};
use crate::import::{ContactRecord, Field, Format};

impl<R: Read> CsvImport<R> {
    pub(super) fn contact(&self, row: &Row) -> std::result::Result<Option<ContactRecord>, Refusal> {
        let mut fields = ContactCells::new(self.format, self.style, row);
        for (col, value) in cells(&self.columns, row) {
            fields.take(col, value)?;
        }
        Ok(fields.finish())
    }
}

/// What a contact row's cells add up to, before its name is chosen.
struct ContactCells<'a> {
    format: Format,
    style: DateStyle,
    row: &'a Row,
    rec: ContactRecord,
    name: Option<String>,
    first: Option<String>,
    middle: Option<String>,
    last: Option<String>,
    emails: Vec<(u8, String)>,
    phones: Vec<(u8, String)>,
    notes: Vec<String>,
    source: Option<String>,
    /// Year, month and day columns of a birthday, with their column names.
    birth: [Option<(String, String)>; 3],
}

impl<'a> ContactCells<'a> {
    fn new(format: Format, style: DateStyle, row: &'a Row) -> Self {
        ContactCells {
            format,
            style,
            row,
            rec: ContactRecord {
                line: row.line,
                source: format.source().map(str::to_string),
                ..ContactRecord::default()
            },
            name: None,
            first: None,
            middle: None,
            last: None,
            emails: Vec::new(),
            phones: Vec::new(),
            notes: Vec::new(),
            source: None,
            birth: [None, None, None],
        }
    }

    /// The label column paired with `col` (Google's `E-mail 1 - Type`), `*` for primary.
    fn label_of(&self, col: &Column) -> &'a str {
        col.label
            .and_then(|i| self.row.cells.get(i))
            .map_or("", |s| s.trim())
    }

    /// One mapped cell; the first value wins for single fields.
    fn take(&mut self, col: &Column, value: &str) -> std::result::Result<(), Refusal> {
        let rec = &mut self.rec;
        match &col.field {
            Field::Name => set_once(&mut self.name, one_line(value, " ")),
            Field::FirstName => set_once(&mut self.first, one_line(value, " ")),
            Field::MiddleName => set_once(&mut self.middle, one_line(value, " ")),
            Field::LastName => set_once(&mut self.last, one_line(value, " ")),
            Field::Email => return self.email(col, value),
            Field::Phone => self.phone(col, value),
            Field::Company => {
                let first_value = split_values(value, self.format, &col.field)
                    .first()
                    .map(|v| one_line(v, " / "))
                    .unwrap_or_default();
                set_once(&mut rec.company, first_value);
            }
            Field::Title => set_once(&mut rec.title, one_line(value, " / ")),
            Field::Tags => {
                for tag in split_values(value, self.format, &col.field) {
                    add_tag(&mut rec.tags, tag);
                }
            }
            Field::Notes => self.notes.push(multi_line(value)),
            Field::Source => set_once(&mut self.source, one_line(value, " ")),
            Field::Lifecycle => {
                let v = if self.format == Format::Hubspot {
                    hubspot_lifecycle(value)
                } else {
                    Some(one_line(value, " "))
                };
                if let Some(v) = v {
                    set_once(&mut rec.lifecycle, v);
                }
            }
            // A contact's dates (when connected, birthdays) are not worth losing the
            // person for: a date that cannot be read is left out, with a warning.
            Field::CreatedAt => {
                // crm's own export writes the exact time (RFC 3339): kept to the second.
                if rec.created_at.is_none() {
                    rec.created_at = chrono::DateTime::parse_from_rfc3339(value.trim())
                        .ok()
                        .map(|t| t.with_timezone(&chrono::Utc));
                }
                if rec.created.is_none() {
                    match day_of(col, value, self.style) {
                        Ok(d) => rec.created = d,
                        Err((_, why)) => rec.warnings.push(format!("left out {}: {why}", col.name)),
                    }
                }
            }
            Field::Custom(_) if col.unknown && is_default(self.format, value) => {}
            Field::Custom(key) => self.custom(col, key, value),
            Field::BirthYear | Field::BirthMonth | Field::BirthDay => {
                let part = match col.field {
                    Field::BirthYear => 0,
                    Field::BirthMonth => 1,
                    _ => 2,
                };
                if let Some(slot) = self.birth.get_mut(part) {
                    if slot.is_none() {
                        *slot = Some((col.name.clone(), value.to_string()));
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The cell's e-mails; the first is primary when its label says so.
    fn email(&mut self, col: &Column, value: &str) -> std::result::Result<(), Refusal> {
        let primary = self.label_of(col).starts_with('*');
        for (i, piece) in split_values(value, self.format, &col.field)
            .into_iter()
            .enumerate()
        {
            let rank = if primary && i == 0 { 0 } else { col.rank };
            match check_email(piece) {
                Mail::Valid(e) => {
                    if let Some(t) = self.reach_type(col) {
                        let key = crate::domain::text::email_key(&e);
                        self.rec.email_types.entry(key).or_insert(t.to_string());
                    }
                    add_email(&mut self.emails, e, rank)
                }
                Mail::Dropped(v) => self.rec.warnings.push(format!(
                    "dropped {v:?} from {}: not an e-mail address",
                    col.name
                )),
                Mail::Invalid(reason) => return Err((Some(col.name.clone()), reason)),
            }
        }
        Ok(())
    }

    fn phone(&mut self, col: &Column, value: &str) {
        let primary = self.label_of(col).starts_with('*');
        for (i, piece) in split_values(value, self.format, &col.field)
            .into_iter()
            .enumerate()
        {
            let rank = if primary && i == 0 { 0 } else { col.rank };
            if let Some(t) = self.reach_type(col) {
                let key = piece.trim().trim_start_matches("tel:").trim().to_string();
                self.rec.phone_types.entry(key).or_insert(t.to_string());
            }
            add_phone(
                &mut self.phones,
                &mut self.rec.warnings,
                piece,
                rank,
                &col.name,
            );
        }
    }

    /// The type of an e-mail or phone column: from its label cell (Google's `Phone 1 - Type`
    /// says `Mobile`), else from its header (`Business Fax`, `Phone - Mobile`, `Home Phone`).
    fn reach_type(&self, col: &Column) -> Option<&'static str> {
        type_named(self.label_of(col)).or_else(|| type_named(&col.name))
    }

    /// A custom field, keyed by its column (or its label column, for Google's pairs).
    fn custom(&mut self, col: &Column, key: &str, value: &str) {
        let key = if col.key_from_label {
            let label = self.label_of(col).trim_start_matches('*').trim();
            if label.is_empty() {
                col.name.to_lowercase()
            } else {
                one_line(label, " ").to_lowercase()
            }
        } else {
            key.to_string()
        };
        let text = if col.date {
            match date_of(col, value, self.style).map(|d| d.text()) {
                Ok(Some(t)) => t,
                Ok(None) => return,
                Err((_, why)) => {
                    self.rec
                        .warnings
                        .push(format!("left out {}: {why}", col.name));
                    return;
                }
            }
        } else if key.contains("address") {
            one_line(value, ", ")
        } else {
            multi_line(value)
        };
        merge_field(&mut self.rec.fields, &key, &text);
    }

    /// The record, named by its name column, else first, middle and last name, else its
    /// first e-mail or phone; none when it has none of them.
    fn finish(mut self) -> Option<ContactRecord> {
        self.birthday();
        let mut rec = self.rec;
        if self.source.is_some() {
            rec.source = self.source;
        }
        rec.emails = ranked_values(self.emails);
        rec.phones = ranked_values(self.phones);
        if !self.notes.is_empty() {
            rec.notes = Some(self.notes.join("\n\n"));
        }
        let assembled = [self.first, self.middle, self.last]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let name = self
            .name
            .or_else(|| (!assembled.is_empty()).then_some(assembled));
        if let Some(n) = &name {
            if n.chars().all(|c| c == '?' || c.is_whitespace()) {
                rec.warnings.push(format!(
                    "the name {n:?} looks garbled: the exporting program could not store its characters"
                ));
            }
        }
        rec.name = name
            .or_else(|| rec.emails.first().cloned())
            .or_else(|| rec.phones.first().cloned());
        rec.name.is_some().then_some(rec)
    }
}

impl ContactCells<'_> {
    /// Year, month and day columns become one `birthday` (`YYYY-MM-DD`, or `--MM-DD`
    /// without a year), unless a birthday column gave one already. Parts that make no
    /// date are kept under their own column names, with a warning.
    fn birthday(&mut self) {
        let [year, month, day] = std::mem::take(&mut self.birth);
        if year.is_none() && month.is_none() && day.is_none() {
            return;
        }
        let num = |p: &Option<(String, String)>| {
            p.as_ref().and_then(|(_, v)| v.trim().parse::<u32>().ok())
        };
        let date = match (num(&month), num(&day)) {
            (Some(m), Some(d)) => match year.as_ref() {
                None => {
                    chrono::NaiveDate::from_ymd_opt(2000, m, d).map(|_| format!("--{m:02}-{d:02}"))
                }
                Some(_) => num(&year)
                    .and_then(|y| i32::try_from(y).ok())
                    .and_then(|y| chrono::NaiveDate::from_ymd_opt(y, m, d))
                    .map(|date| date.format("%Y-%m-%d").to_string()),
            },
            _ => None,
        };
        let fields = &mut self.rec.fields;
        match date {
            Some(_) if fields.iter().any(|(k, _)| k == "birthday") => {}
            Some(date) => fields.push(("birthday".to_string(), date)),
            None => {
                let parts: Vec<(String, String)> =
                    [year, month, day].into_iter().flatten().collect();
                let shown: Vec<String> = parts.iter().map(|(c, v)| format!("{c} {v:?}")).collect();
                self.rec.warnings.push(format!(
                    "{} make no birthday; kept as they are",
                    shown.join(", ")
                ));
                for (column, value) in parts {
                    merge_field(&mut self.rec.fields, &column, &one_line(&value, " "));
                }
            }
        }
    }
}

/// HubSpot's default lifecycle stages, in our names (DESIGN §2).
fn hubspot_lifecycle(value: &str) -> Option<String> {
    let ours = match fold(value).as_str() {
        "subscriber" | "lead" => "awareness",
        "marketing qualified lead" | "marketingqualifiedlead" => "consideration",
        "sales qualified lead" | "salesqualifiedlead" | "opportunity" => "decision",
        "customer" | "evangelist" => "retention",
        "other" | "" => return None,
        _ => return Some(value.to_string()),
    };
    Some(ours.to_string())
}

/// The phone or e-mail type a header or label names (English, German, French words), if any.
fn type_named(text: &str) -> Option<&'static str> {
    let t = fold(text);
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    Some(if has(&["fax"]) {
        "fax"
    } else if has(&["pager", "funkruf"]) {
        "pager"
    } else if has(&["mobil", "cell", "handy"]) {
        "cell"
    } else if has(&["work", "business", "office", "dienst", "geschaft", "bureau"]) {
        "work"
    } else if has(&["home", "privat", "domicile", "personal"]) {
        "home"
    } else if has(&["other", "weitere", "autre"]) {
        "other"
    } else {
        return None;
    })
}
