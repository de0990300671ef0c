//! One vCard: its logical lines collected, then built into a contact record (or a group
//! card, or nothing), one property at a time.

use std::collections::HashMap;

use encoding_rs::Encoding;

use super::dates::{self, DateStyle, DateValue};
use super::values::{
    add_email, add_field, add_phone, add_tag, check_email, multi_line, one_line, ranked_values,
    set_once, Mail,
};
use super::vcard_text::{clean_label, split_escaped, uid_key, unescape, Logical, Prop};
use super::ContactRecord;

/// The most text kept for one card.
const MAX_CARD: usize = 8 * 1024 * 1024;

#[derive(Default)]
pub(super) struct Card {
    pub line: u64,
    pub raw: Vec<String>,
    props: Vec<Prop>,
    size: usize,
    pub error: Option<(Option<String>, String)>,
}

impl Card {
    pub fn starting_at(line: u64) -> Card {
        Card {
            line,
            ..Card::default()
        }
    }

    pub fn add(&mut self, logical: Logical) {
        self.size = self.size.saturating_add(logical.text.len());
        if self.size > MAX_CARD {
            if self.error.is_none() {
                self.error = Some((None, "the card is larger than 8 MiB".to_string()));
            }
            return;
        }
        if logical.cut && self.error.is_none() {
            self.error = Some((None, format!("line {} is longer than 1 MiB", logical.line)));
        }
        if let Some(prop) = Prop::parse(&logical.text, logical.line) {
            self.props.push(prop);
        }
        self.raw.push(logical.text);
    }
}

pub(super) enum Built {
    /// The contact and its uid (which group cards list).
    Contact(Box<ContactRecord>, Option<String>),
    /// A group card: its name and the uids of its members.
    Group(String, Vec<String>),
    /// No name, e-mail or phone.
    Empty,
}

/// The column (property) and reason a card is refused for.
pub(super) type Refusal = (Option<String>, String);

/// Builds the card; `file` is the file's encoding, for quoted-printable values that
/// declare no charset.
pub(super) fn build(card: &Card, file: &'static Encoding) -> Result<Built, Refusal> {
    let mut fields = CardFields::new(card);
    for prop in &card.props {
        let (value, warning) = prop.decoded(file).map_err(|reason| {
            (
                Some(prop.name.clone()),
                format!("{reason} (line {})", prop.line),
            )
        })?;
        fields.rec.warnings.extend(warning);
        fields.take(prop, &value)?;
    }
    Ok(fields.finish())
}

/// What a card's properties add up to, before its name is chosen.
struct CardFields<'a> {
    rec: ContactRecord,
    /// Apple's `X-ABLABEL` per property group: the name of a related person's relation.
    labels: HashMap<&'a str, String>,
    full: Option<String>,
    structured: Option<String>,
    /// The `N` value as the card wrote it, kept when it says more than the name does.
    raw_n: Option<String>,
    org: Option<String>,
    role: Option<String>,
    kind: Option<String>,
    uid: Option<String>,
    members: Vec<String>,
    /// A card crm exported keeps its own source (none, if it had none).
    from_crm: bool,
    crm_source: Option<String>,
    emails: Vec<(u8, String)>,
    phones: Vec<(u8, String)>,
    notes: Vec<String>,
}

impl<'a> CardFields<'a> {
    fn new(card: &'a Card) -> Self {
        let labels = card
            .props
            .iter()
            .filter(|p| p.name == "X-ABLABEL")
            .filter_map(|p| Some((p.group.as_deref()?, clean_label(&unescape(&p.value)))))
            .collect();
        CardFields {
            rec: ContactRecord {
                line: card.line,
                source: Some("vcard".to_string()),
                ..ContactRecord::default()
            },
            labels,
            full: None,
            structured: None,
            raw_n: None,
            org: None,
            role: None,
            kind: None,
            uid: None,
            members: Vec::new(),
            from_crm: false,
            crm_source: None,
            emails: Vec::new(),
            phones: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// One property, `value` its decoded text.
    fn take(&mut self, prop: &Prop, value: &str) -> Result<(), Refusal> {
        match prop.name.as_str() {
            "FN" | "N" | "ORG" | "TITLE" | "ROLE" | "NICKNAME" => self.identity(prop, value),
            "EMAIL" | "TEL" | "URL" | "ADR" => return self.reach(prop, value),
            "NOTE" | "CATEGORIES" | "BDAY" | "ANNIVERSARY" | "X-ABRELATEDNAMES" | "RELATED" => {
                return self.about(prop, value)
            }
            "KIND" | "X-ADDRESSBOOKSERVER-KIND" => {
                set_once(&mut self.kind, value.trim().to_ascii_lowercase());
            }
            "MEMBER" | "X-ADDRESSBOOKSERVER-MEMBER" => self.members.push(uid_key(value)),
            "UID" | "X-ABUID" => {
                // Kept exactly as the card gives it, so a vdir re-import finds it.
                let raw = unescape(value).trim().to_string();
                if prop.name == "UID" && self.rec.uid.is_none() && !raw.is_empty() {
                    self.rec.uid = Some(raw);
                }
                set_once(&mut self.uid, uid_key(value))
            }
            "PRODID" if value.contains("-//crm//") => self.from_crm = true,
            name if name.starts_with("X-CRM-") => self.crm_own(prop, value),
            _ => {}
        }
        Ok(())
    }

    /// Who the person is: names, organisation, title.
    fn identity(&mut self, prop: &Prop, value: &str) {
        match prop.name.as_str() {
            "FN" => set_once(&mut self.full, one_line(&unescape(value), " ")),
            "N" => {
                let parts = split_escaped(value, ';');
                // Family;Given;Middle;Prefix;Suffix → Given Middle Family
                let name: Vec<String> = [1usize, 2, 0]
                    .iter()
                    .filter_map(|&i| parts.get(i))
                    .map(|p| one_line(p, " "))
                    .filter(|p| !p.is_empty())
                    .collect();
                set_once(&mut self.structured, name.join(" "));
                set_once(&mut self.raw_n, value.trim().to_string());
            }
            "ORG" => {
                let first = split_escaped(value, ';')
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                set_once(&mut self.org, one_line(&first, " "));
            }
            "TITLE" => set_once(&mut self.rec.title, one_line(&unescape(value), " / ")),
            "ROLE" => set_once(&mut self.role, one_line(&unescape(value), " / ")),
            _ => add_field(
                &mut self.rec.fields,
                &field_key(prop, "nickname"),
                &one_line(&unescape(value), " "),
            ),
        }
    }

    /// How to reach the person: e-mails and phones (preferred ones first), web, address.
    fn reach(&mut self, prop: &Prop, value: &str) -> Result<(), Refusal> {
        let rank = if prop.is_pref() { 0 } else { 5 };
        let kind = reach_type(prop);
        let fields = &mut self.rec.fields;
        match prop.name.as_str() {
            "EMAIL" => match check_email(&unescape(value)) {
                Mail::Valid(e) => {
                    if let Some(t) = kind {
                        let key = crate::domain::text::email_key(&e);
                        self.rec.email_types.entry(key).or_insert(t.to_string());
                    }
                    add_email(&mut self.emails, e, rank)
                }
                Mail::Dropped(v) if v.is_empty() => {}
                Mail::Dropped(v) => self
                    .rec
                    .warnings
                    .push(format!("dropped {v:?} from EMAIL: not an e-mail address")),
                Mail::Invalid(reason) => return Err((Some("EMAIL".to_string()), reason)),
            },
            "TEL" => {
                let text = unescape(value);
                if let Some(t) = kind {
                    let key = text.trim().trim_start_matches("tel:").trim().to_string();
                    self.rec.phone_types.entry(key).or_insert(t.to_string());
                }
                add_phone(&mut self.phones, &mut self.rec.warnings, &text, rank, "TEL")
            }
            "URL" => add_field(fields, &field_key(prop, "website"), unescape(value).trim()),
            _ => {
                let parts: Vec<String> = split_escaped(value, ';')
                    .iter()
                    .map(|p| one_line(p, ", "))
                    .filter(|p| !p.is_empty())
                    .collect();
                add_field(fields, &field_key(prop, "address"), &parts.join(", "));
            }
        }
        Ok(())
    }

    /// What else is known: notes, categories (tags), dates, related people.
    fn about(&mut self, prop: &Prop, value: &str) -> Result<(), Refusal> {
        match prop.name.as_str() {
            "NOTE" => {
                let note = multi_line(&unescape(value));
                if !note.is_empty() {
                    self.notes.push(note);
                }
            }
            "CATEGORIES" => {
                // RFC 6350 §3.4: unescaped commas separate the categories, and `\,` is a
                // comma inside one. A crm tag cannot hold `,` or `;` (they separate tags
                // everywhere else), so such a category becomes one tag per part, said.
                for category in split_escaped(value, ',') {
                    let parts: Vec<&str> = category
                        .split([',', ';'])
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .collect();
                    if parts.len() > 1 {
                        self.rec.warnings.push(format!(
                            "CATEGORIES (line {}): {category:?} holds a comma or semicolon, which a tag cannot; kept as the tags {}",
                            prop.line,
                            parts.iter().map(|p| format!("{p:?}")).collect::<Vec<_>>().join(", ")
                        ));
                    }
                    for tag in parts {
                        add_tag(&mut self.rec.tags, tag);
                    }
                }
            }
            "BDAY" | "ANNIVERSARY" => {
                let key = if prop.name == "BDAY" {
                    "birthday"
                } else {
                    "anniversary"
                };
                if let Some(text) = date_text(prop, &unescape(value))? {
                    add_field(&mut self.rec.fields, &field_key(prop, key), &text);
                }
            }
            _ => {
                let key = prop
                    .group
                    .as_deref()
                    .and_then(|g| self.labels.get(g))
                    .map(|l| l.to_lowercase())
                    .filter(|l| !l.is_empty())
                    .unwrap_or_else(|| "related".to_string());
                add_field(&mut self.rec.fields, &key, &one_line(&unescape(value), " "));
            }
        }
        Ok(())
    }

    /// What crm's own vCard export adds, so a card comes back whole.
    fn crm_own(&mut self, prop: &Prop, value: &str) {
        match prop.name.as_str() {
            "X-CRM-LIFECYCLE" => set_once(&mut self.rec.lifecycle, one_line(&unescape(value), " ")),
            "X-CRM-SOURCE" => {
                self.crm_source = Some(one_line(&unescape(value), " ")).filter(|s| !s.is_empty())
            }
            "X-CRM-FIELD" => {
                if let Some(key) = prop
                    .param("KEY")
                    .map(caret_decode)
                    .filter(|k| !k.trim().is_empty())
                {
                    add_field(
                        &mut self.rec.fields,
                        key.trim(),
                        &multi_line(&unescape(value)),
                    );
                }
            }
            "X-CRM-CREATED" => {
                let v = value.trim();
                self.rec.created =
                    chrono::NaiveDate::parse_from_str(v.get(..8).unwrap_or(""), "%Y%m%d").ok();
                self.rec.created_at = chrono::NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%SZ")
                    .ok()
                    .map(|t| t.and_utc());
            }
            _ => {}
        }
    }

    /// The record, named by its full name, else its structured name, organisation,
    /// e-mail or phone.
    fn finish(self) -> Built {
        let mut rec = self.rec;
        if self.kind.as_deref() == Some("group") {
            let name = self.full.or(self.structured).unwrap_or_default();
            return Built::Group(name, self.members);
        }
        if self.from_crm || self.crm_source.is_some() {
            rec.source = self.crm_source;
        }
        rec.emails = ranked_values(self.emails);
        rec.phones = ranked_values(self.phones);
        if !self.notes.is_empty() {
            rec.notes = Some(self.notes.join("\n\n"));
        }
        if rec.title.is_none() {
            rec.title = self.role;
        }
        rec.company = self.org.clone();
        rec.name = self
            .full
            .or(self.structured)
            .or(self.org)
            .or_else(|| rec.emails.first().cloned())
            .or_else(|| rec.phones.first().cloned());
        let Some(name) = rec.name.as_deref() else {
            return Built::Empty;
        };
        if let Some(n) = self.raw_n.filter(|n| n_says_more(n, name)) {
            add_field(&mut rec.fields, "n", &n);
        }
        Built::Contact(Box::new(rec), self.uid)
    }
}

/// The type of an `EMAIL` or `TEL` from its `TYPE` values (2.1's bare ones included): fax
/// and pager before cell, cell before work and home; `PREF`, `VOICE` and `INTERNET` say none.
fn reach_type(prop: &Prop) -> Option<&'static str> {
    let types: Vec<String> = prop
        .params
        .iter()
        .filter(|(k, _)| k == "TYPE")
        .flat_map(|(_, v)| v.split(','))
        .map(|t| t.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    let has = |names: &[&str]| types.iter().any(|t| names.contains(&t.as_str()));
    [
        ("fax", &["fax"][..]),
        ("pager", &["pager"]),
        ("cell", &["cell", "mobile", "iphone"]),
        ("work", &["work"]),
        ("home", &["home"]),
        ("other", &["other"]),
    ]
    .into_iter()
    .find(|(_, names)| has(names))
    .map(|(t, _)| t)
}

/// True when the `N` value holds parts crm would not derive from `name` (family name as
/// the last word, given names before it), such as a prefix or a different family name; it is
/// then kept as the field `n` and written back unchanged.
fn n_says_more(n: &str, name: &str) -> bool {
    let parts: Vec<String> = split_escaped(n, ';')
        .iter()
        .map(|p| one_line(p, " "))
        .collect();
    if parts.iter().all(|p| p.is_empty()) || n.contains(['\r', '\n']) {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let (family, given) = match words.split_last() {
        Some((f, g)) => (f.to_string(), g.join(" ")),
        None => (String::new(), String::new()),
    };
    let derived = [family, given];
    parts.iter().enumerate().any(|(i, p)| match derived.get(i) {
        Some(d) => p != d,
        None => !p.is_empty(),
    })
}

/// A birthday or anniversary as `YYYY-MM-DD` or `--MM-DD`.
fn date_text(prop: &Prop, value: &str) -> Result<Option<String>, Refusal> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if prop
        .param("VALUE")
        .is_some_and(|t| t.eq_ignore_ascii_case("text"))
    {
        return Ok(Some(one_line(v, " ")));
    }
    let parsed = dates::parse(v, DateStyle::Any);
    if let Some(reason) = parsed.problem(v) {
        return Err((Some(prop.name.clone()), reason));
    }
    let omit_year = prop.param("X-APPLE-OMIT-YEAR").is_some();
    Ok(match (&parsed, omit_year) {
        (DateValue::Partial(..), _) => parsed.text(),
        (_, true) => parsed.day().map(|d| d.format("--%m-%d").to_string()),
        _ => parsed.day().map(|d| d.format("%Y-%m-%d").to_string()),
    })
}

/// The custom field a standard property fills: crm's export names it in `X-CRM-KEY` when
/// the field was not called by the usual name (`URL` from a field `url`, not `website`).
fn field_key(prop: &Prop, usual: &str) -> String {
    prop.param("X-CRM-KEY")
        .map(caret_decode)
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .unwrap_or_else(|| usual.to_string())
}

/// RFC 6868 parameter escapes (`^n`, `^'`, `^^`), and the quotes around a value.
fn caret_decode(v: &str) -> String {
    let v = v.trim().trim_matches('"');
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c != '^' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('\'') => out.push('"'),
            Some('^') => out.push('^'),
            Some(other) => {
                out.push('^');
                out.push(other);
            }
            None => out.push('^'),
        }
    }
    out
}
