//! vCard export: 3.0 (RFC 2426) by default, 4.0 (RFC 6350) on request. CRLF line endings,
//! lines folded at 75 octets, TEXT values escaped. What crm has no standard property for
//! travels in `X-CRM-*` properties so that a re-import loses nothing:
//!
//! - `X-CRM-LIFECYCLE:decision`, `X-CRM-SOURCE:referral`
//! - `X-CRM-FIELD;KEY=tier:gold`, one per custom field that has no standard property
//!   (a `birthday`, `nickname`, `url`/`website` or `address` field is written as `BDAY`,
//!   `NICKNAME`, `URL` or `ADR`, so other address books show it); the key is a parameter value
//!   (RFC 6868 caret encoding for `^`, `"` and line breaks; double-quoted when it holds
//!   `;`, `:` or `,`), the value is escaped TEXT
//! - `X-CRM-CREATED:20261122T100000Z`
//!
//! `N` is derived from the name (last word = family name, the rest = given names); `FN`
//! always carries the full name and is what an importer should read.

use std::collections::HashMap;
use std::io::{BufWriter, Write};

use chrono::{DateTime, Utc};

use super::{escape_text, push_folded};
use crate::domain::text::email_key;
use crate::domain::{Contact, ContactId, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VcardVersion {
    /// vCard 3.0 (RFC 2426): what macOS/iOS Contacts and Google write.
    #[default]
    V3,
    /// vCard 4.0 (RFC 6350).
    V4,
}

impl VcardVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            VcardVersion::V3 => "3.0",
            VcardVersion::V4 => "4.0",
        }
    }
}

/// Writes one card per contact. A contact's UID is the one it was imported with (`uids`),
/// else `crm-contact-<id>@<host>`: globally unique and stable across exports.
pub fn contacts_vcard(
    w: &mut dyn Write,
    contacts: &[Contact],
    uids: &HashMap<ContactId, String>,
    version: VcardVersion,
    host: &str,
) -> Result<()> {
    let mut out = BufWriter::new(w);
    for c in contacts {
        out.write_all(contact_card(c, &uid_of(c.id, uids, host), version).as_bytes())?;
    }
    out.flush()?;
    Ok(())
}

/// The UID a contact's card carries: its own, else one made from its id.
pub fn uid_of(id: ContactId, uids: &HashMap<ContactId, String>, host: &str) -> String {
    uids.get(&id)
        .cloned()
        .unwrap_or_else(|| default_uid(id, host))
}

/// The UID of a contact that came without one: `crm-contact-<id>@<host>`.
pub fn default_uid(id: ContactId, host: &str) -> String {
    format!("crm-contact-{id}@{host}")
}

/// One contact's card (a vdir holds one per file).
pub fn contact_card(c: &Contact, uid: &str, version: VcardVersion) -> String {
    let mut card = String::new();
    write_card(&mut card, c, version, uid);
    card
}

/// A UTC timestamp in the basic ISO 8601 form both versions accept: `20261122T100000Z`.
fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Family name and given names: the last word of the name, and the words before it.
fn name_parts(name: &str) -> (String, String) {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.split_last() {
        Some((family, given)) => (family.to_string(), given.join(" ")),
        None => (String::new(), String::new()),
    }
}

/// A parameter value: RFC 6868 caret encoding for `^`, `"` and line breaks, and double
/// quotes around a value that holds `;`, `:` or `,`.
fn param_value(s: &str) -> String {
    let mut v = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '^' => v.push_str("^^"),
            '"' => v.push_str("^'"),
            '\n' => v.push_str("^n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                v.push_str("^n");
            }
            c => v.push(c),
        }
    }
    if v.contains([';', ':', ',']) {
        format!("\"{v}\"")
    } else {
        v
    }
}

/// `NAME:value`, where `value` is already escaped.
fn prop(out: &mut String, name: &str, value: &str) {
    push_folded(out, &format!("{name}:{value}"));
}

/// `NAME:text` with `text` escaped, skipped when absent or empty.
fn opt_text(out: &mut String, name: &str, text: Option<&str>) {
    if let Some(t) = text.filter(|t| !t.is_empty()) {
        prop(out, name, &escape_text(t));
    }
}

/// The standard property a custom field travels in, and the field name crm's reader gives
/// that property back.
fn standard_name(key: &str) -> Option<(&'static str, &'static str)> {
    let k = key.trim().to_ascii_lowercase();
    Some(match k.as_str() {
        "birthday" | "bday" => ("BDAY", "birthday"),
        "nickname" => ("NICKNAME", "nickname"),
        "url" | "website" => ("URL", "website"),
        "address" | "adr" => ("ADR", "address"),
        _ => return None,
    })
}

/// Writes a custom field as its standard property (`BDAY`, `NICKNAME`, `URL`, `ADR`) when it
/// has one and the value survives it unchanged; false when it must travel as `X-CRM-FIELD`.
/// A key other than the reader's own name rides along as `X-CRM-KEY`, so it comes back.
fn standard_field(out: &mut String, key: &str, value: &str, v4: bool) -> bool {
    let Some((prop_name, reader_key)) = standard_name(key) else {
        return false;
    };
    if value.trim() != value || value.is_empty() || value.contains(['\n', '\r']) {
        return false;
    }
    let mut name = prop_name.to_string();
    if key != reader_key {
        name.push_str(&format!(";X-CRM-KEY={}", param_value(key)));
    }
    let text = match prop_name {
        "BDAY" => match birthday(value, v4) {
            Some((param, text)) => {
                name.push_str(param);
                text
            }
            None => return false,
        },
        // The whole address in the street part: crm holds it as one line.
        "ADR" => format!(";;{};;;;", escape_text(value)),
        _ => escape_text(value),
    };
    prop(out, &name, &text);
    true
}

/// A birthday as `BDAY` wants it: a full date as is; a day without a year as `--MMDD` in 4.0
/// and Apple's `X-APPLE-OMIT-YEAR` form in 3.0 (which has no yearless dates).
fn birthday(value: &str, v4: bool) -> Option<(&'static str, String)> {
    if chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok() && value.len() == 10 {
        return Some(("", value.to_string()));
    }
    let md = value.strip_prefix("--")?;
    let (m, d) = md.split_once('-')?;
    let ok = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !ok(m)
        || !ok(d)
        || chrono::NaiveDate::from_ymd_opt(2000, m.parse().ok()?, d.parse().ok()?).is_none()
    {
        return None;
    }
    Some(if v4 {
        ("", format!("--{m}{d}"))
    } else {
        (";X-APPLE-OMIT-YEAR=1604", format!("1604-{m}-{d}"))
    })
}

/// The type an address book understands; `other` (and anything unknown) is written as none.
fn written_type(kind: Option<&String>) -> Option<&'static str> {
    match kind?.as_str() {
        "cell" => Some("cell"),
        "work" => Some("work"),
        "home" => Some("home"),
        "fax" => Some("fax"),
        "pager" => Some("pager"),
        _ => None,
    }
}

/// `PREF` on the preferred one: 3.0 as a `TYPE` value, 4.0 as `PREF=1`.
fn with_pref(mut name: String, preferred: bool, v4: bool) -> String {
    if preferred {
        if v4 {
            name.push_str(";PREF=1");
        } else if name.contains(";TYPE=") {
            name.push_str(",PREF");
        } else {
            name.push_str(";TYPE=PREF");
        }
    }
    name
}

fn write_card(out: &mut String, c: &Contact, version: VcardVersion, uid: &str) {
    let v4 = version == VcardVersion::V4;
    push_folded(out, "BEGIN:VCARD");
    prop(out, "VERSION", version.as_str());
    if v4 {
        push_folded(out, "KIND:individual");
    }
    push_folded(out, "PRODID:-//crm//crm//EN");

    // The `N` a card came in with, when it said more than the name, goes back unchanged.
    let kept_n = c.fields.get("n").filter(|n| !n.contains(['\r', '\n']));
    match kept_n {
        Some(n) => prop(out, "N", n),
        None => {
            let (family, given) = name_parts(&c.name);
            prop(
                out,
                "N",
                &format!("{};{};;;", escape_text(&family), escape_text(&given)),
            );
        }
    }
    prop(out, "FN", &escape_text(&c.name));
    opt_text(out, "ORG", c.company.as_deref());
    opt_text(out, "TITLE", c.title.as_deref());

    // PREF only on the preferred (first) one; a phone never carries TYPE=PREF alone,
    // because address books such as abook drop a phone whose only type is PREF. Each
    // carries its type (cell, work, home, fax, pager), which abook and khard read.
    for (i, email) in c.emails.iter().enumerate() {
        let kind = written_type(c.email_types.get(&email_key(email)));
        let name = match (v4, kind) {
            (false, Some(t)) => format!("EMAIL;TYPE=INTERNET,{}", t.to_ascii_uppercase()),
            (false, None) => "EMAIL;TYPE=INTERNET".to_string(),
            (true, Some(t)) => format!("EMAIL;TYPE={t}"),
            (true, None) => "EMAIL".to_string(),
        };
        prop(out, &with_pref(name, i == 0, v4), &escape_text(email));
    }
    for (i, phone) in c.phones.iter().enumerate() {
        let kind = written_type(c.phone_types.get(phone));
        let name = match (v4, kind) {
            (false, Some(t)) => format!("TEL;TYPE={}", t.to_ascii_uppercase()),
            (false, None) if i == 0 => "TEL;TYPE=VOICE".to_string(),
            (true, Some(t)) => format!("TEL;TYPE={t}"),
            (_, None) => "TEL".to_string(),
        };
        prop(out, &with_pref(name, i == 0, v4), &escape_text(phone));
    }
    let mut own_fields = Vec::new();
    for (key, value) in &c.fields {
        if kept_n.is_some() && key == "n" {
            continue;
        }
        if !standard_field(out, key, value, v4) {
            own_fields.push((key, value));
        }
    }
    // The contact's own birthday, unless a custom field wrote one already.
    let has_bday = |k: &String| standard_name(k).is_some_and(|(p, _)| p == "BDAY");
    if let Some(b) = c.birthday.filter(|_| !c.fields.keys().any(has_bday)) {
        standard_field(out, "birthday", &b.to_string(), v4);
    }

    opt_text(out, "NOTE", c.notes.as_deref());
    if !c.tags.is_empty() {
        let tags: Vec<String> = c.tags.iter().map(|t| escape_text(t)).collect();
        prop(out, "CATEGORIES", &tags.join(","));
    }
    prop(out, "X-CRM-LIFECYCLE", c.lifecycle.as_str());
    opt_text(out, "X-CRM-SOURCE", c.source.as_deref());
    for (key, value) in own_fields {
        let name = format!("X-CRM-FIELD;KEY={}", param_value(key));
        prop(out, &name, &escape_text(value));
    }
    prop(out, "X-CRM-CREATED", &stamp(c.created_at));
    prop(out, "UID", &escape_text(uid));
    prop(out, "REV", &stamp(c.updated_at));
    push_folded(out, "END:VCARD");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_data::*;

    fn export(contacts: &[Contact], version: VcardVersion) -> String {
        let mut buf: Vec<u8> = Vec::new();
        contacts_vcard(&mut buf, contacts, &HashMap::new(), version, "crm.local").unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn version_3_card_is_exact() {
        let out = export(&[ada()], VcardVersion::V3);
        let expected = concat!(
            "BEGIN:VCARD\r\n",
            "VERSION:3.0\r\n",
            "PRODID:-//crm//crm//EN\r\n",
            "N:Lovelace;Ada;;;\r\n",
            "FN:Ada Lovelace\r\n",
            "ORG:Analytical Engines\\, Ltd.\r\n",
            "TITLE:Mathematician\r\n",
            "EMAIL;TYPE=INTERNET,PREF:ada@example.com\r\n",
            "EMAIL;TYPE=INTERNET:ada.l@example.net\r\n",
            "TEL;TYPE=VOICE,PREF:+44 20 7946 0018\r\n",
            "TEL:020 7946 0019\r\n",
            "NOTE:Likes \"notes\"\\; prefers\\nmail\r\n",
            "CATEGORIES:vip,math\r\n",
            "X-CRM-LIFECYCLE:decision\r\n",
            "X-CRM-SOURCE:referral\r\n",
            "X-CRM-FIELD;KEY=tier:gold\r\n",
            "X-CRM-CREATED:20261122T100000Z\r\n",
            "UID:crm-contact-7@crm.local\r\n",
            "REV:20261123T093000Z\r\n",
            "END:VCARD\r\n",
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn version_4_card_is_exact() {
        let out = export(&[ada()], VcardVersion::V4);
        let expected = concat!(
            "BEGIN:VCARD\r\n",
            "VERSION:4.0\r\n",
            "KIND:individual\r\n",
            "PRODID:-//crm//crm//EN\r\n",
            "N:Lovelace;Ada;;;\r\n",
            "FN:Ada Lovelace\r\n",
            "ORG:Analytical Engines\\, Ltd.\r\n",
            "TITLE:Mathematician\r\n",
            "EMAIL;PREF=1:ada@example.com\r\n",
            "EMAIL:ada.l@example.net\r\n",
            "TEL;PREF=1:+44 20 7946 0018\r\n",
            "TEL:020 7946 0019\r\n",
            "NOTE:Likes \"notes\"\\; prefers\\nmail\r\n",
            "CATEGORIES:vip,math\r\n",
            "X-CRM-LIFECYCLE:decision\r\n",
            "X-CRM-SOURCE:referral\r\n",
            "X-CRM-FIELD;KEY=tier:gold\r\n",
            "X-CRM-CREATED:20261122T100000Z\r\n",
            "UID:crm-contact-7@crm.local\r\n",
            "REV:20261123T093000Z\r\n",
            "END:VCARD\r\n",
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn minimal_contact_has_no_empty_properties() {
        let out = export(&[cher()], VcardVersion::V3);
        assert!(out.contains("\r\nN:Cher;;;;\r\nFN:Cher\r\n"), "{out}");
        assert!(out.contains("\r\nBDAY:1946-05-20\r\n"), "{out}");
        assert!(!out.contains("X-CRM-FIELD"), "{out}");
        for absent in [
            "EMAIL",
            "TEL",
            "ORG",
            "TITLE",
            "NOTE",
            "CATEGORIES",
            "X-CRM-SOURCE",
        ] {
            assert!(!out.contains(&format!("\r\n{absent}")), "{absent} in {out}");
        }
    }

    #[test]
    fn several_cards_follow_each_other() {
        let out = export(&[ada(), cher()], VcardVersion::V4);
        assert_eq!(out.matches("BEGIN:VCARD\r\n").count(), 2);
        assert_eq!(out.matches("END:VCARD\r\n").count(), 2);
        assert!(out.contains("UID:crm-contact-8@crm.local\r\n"));
        assert!(export(&[], VcardVersion::V3).is_empty());
    }

    #[test]
    fn text_escaping_in_both_versions() {
        let mut c = cher();
        c.name = "Ng, Anh".to_string();
        c.company = Some("A;B\\C".to_string());
        c.notes = Some("a,b;c\\d\ne\r\nf".to_string());
        c.tags = vec!["x,y".to_string(), "z".to_string()];
        c.fields.insert("a;b".to_string(), "1,2".to_string());
        c.fields.insert("say \"hi\"^".to_string(), "ok".to_string());
        for version in [VcardVersion::V3, VcardVersion::V4] {
            let out = export(std::slice::from_ref(&c), version);
            for line in [
                "N:Anh;Ng\\,;;;",
                "FN:Ng\\, Anh",
                "ORG:A\\;B\\\\C",
                "NOTE:a\\,b\\;c\\\\d\\ne\\nf",
                "CATEGORIES:x\\,y,z",
                "X-CRM-FIELD;KEY=\"a;b\":1\\,2",
                "X-CRM-FIELD;KEY=say ^'hi^'^^:ok",
            ] {
                assert!(out.contains(&format!("\r\n{line}\r\n")), "{line} in {out}");
            }
            assert!(crlf_only(&out), "{out:?}");
        }
    }

    #[test]
    fn long_multibyte_note_folds_at_75_octets_and_unfolds_back() {
        let note: String = "Zoë Ærøskøbing — 東京で会議 😀 "
            .chars()
            .cycle()
            .take(200)
            .collect();
        assert_eq!(note.chars().count(), 200);
        let mut c = ada();
        c.notes = Some(note.clone());
        for version in [VcardVersion::V3, VcardVersion::V4] {
            let out = export(std::slice::from_ref(&c), version);
            assert!(crlf_only(&out), "{out:?}");
            for line in out.split("\r\n") {
                assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
            }
            let unfolded = out.replace("\r\n ", "");
            assert!(
                unfolded.contains(&format!("\r\nNOTE:{note}\r\n")),
                "{unfolded}"
            );
            assert!(out.contains("\r\n "), "a 200-character note is folded");
        }
    }

    #[test]
    fn no_phone_has_pref_as_its_only_type() {
        for version in [VcardVersion::V3, VcardVersion::V4] {
            let out = export(&[ada()], version);
            assert!(!out.contains("TEL;TYPE=PREF:"), "{out}");
            assert_eq!(
                out.matches("PREF").count(),
                2,
                "one e-mail, one phone: {out}"
            );
            assert_eq!(out.matches("\r\nTEL").count(), 2, "every phone kept: {out}");
        }
    }

    fn with_fields(fields: &[(&str, &str)]) -> Contact {
        let mut c = cher();
        c.fields = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        c
    }

    #[test]
    fn standard_fields_are_standard_properties() {
        let c = with_fields(&[
            ("birthday", "1815-12-10"),
            ("nickname", "Enchantress, of Numbers"),
            ("website", "https://example.org/ada"),
            ("address", "12 St James's Square; London"),
            ("tier", "gold"),
        ]);
        for (version, bday) in [
            (VcardVersion::V3, "BDAY:1815-12-10"),
            (VcardVersion::V4, "BDAY:1815-12-10"),
        ] {
            let out = export(std::slice::from_ref(&c), version);
            for line in [
                bday,
                "NICKNAME:Enchantress\\, of Numbers",
                "URL:https://example.org/ada",
                "ADR:;;12 St James's Square\\; London;;;;",
                "X-CRM-FIELD;KEY=tier:gold",
            ] {
                assert!(out.contains(&format!("\r\n{line}\r\n")), "{line} in {out}");
            }
            assert_eq!(out.matches("X-CRM-FIELD").count(), 1, "{out}");
        }
        let yearless = with_fields(&[("Birthday", "--05-20"), ("URL", "x.org")]);
        let v3 = export(std::slice::from_ref(&yearless), VcardVersion::V3);
        assert!(
            v3.contains("\r\nBDAY;X-CRM-KEY=Birthday;X-APPLE-OMIT-YEAR=1604:1604-05-20\r\n"),
            "{v3}"
        );
        assert!(v3.contains("\r\nURL;X-CRM-KEY=URL:x.org\r\n"), "{v3}");
        let v4 = export(std::slice::from_ref(&yearless), VcardVersion::V4);
        assert!(
            v4.contains("\r\nBDAY;X-CRM-KEY=Birthday:--0520\r\n"),
            "{v4}"
        );
        // A value the property would change stays a crm field.
        let odd = with_fields(&[("birthday", "soon"), ("address", "a\nb")]);
        let out = export(std::slice::from_ref(&odd), VcardVersion::V3);
        assert!(!out.contains("BDAY") && !out.contains("ADR"), "{out}");
        assert_eq!(out.matches("X-CRM-FIELD").count(), 2, "{out}");
    }

    /// crm's own importer reads every exported card back into the same fields.
    #[test]
    fn cards_read_back_into_the_same_fields() {
        use crate::import::{vcards, Parsed};
        let mut fancy = ada();
        fancy.fields = [
            ("birthday", "1815-12-10"),
            ("nickname", "Enchantress, of Numbers"),
            ("url", "https://example.org/ada"),
            ("Address", "12 St James's Square; London"),
            ("tier", "gold"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let mut yearless = cher();
        yearless
            .fields
            .insert("birthday".to_string(), "--05-20".to_string());
        let contacts = [fancy, yearless];
        for version in [VcardVersion::V3, VcardVersion::V4] {
            let out = export(&contacts, version);
            let back: Vec<_> = vcards(out.as_bytes())
                .map(|p| match p {
                    Parsed::Record(r) => r,
                    _ => panic!("not read back: {out}"),
                })
                .collect();
            assert_eq!(back.len(), 2);
            for (c, r) in contacts.iter().zip(&back) {
                assert_eq!(r.name.as_deref(), Some(c.name.as_str()));
                assert_eq!(r.emails, c.emails);
                assert_eq!(r.phones, c.phones);
                assert_eq!(r.title, c.title);
                assert_eq!(r.company, c.company);
                assert_eq!(r.notes, c.notes);
                assert_eq!(r.tags, c.tags);
                assert_eq!(r.source, c.source);
                let mut fields = r.fields.clone();
                fields.sort();
                let want: Vec<(String, String)> = c.fields.clone().into_iter().collect();
                assert_eq!(fields, want, "{version:?}");
            }
        }
    }

    #[test]
    fn name_parts_split_on_the_last_word() {
        assert_eq!(
            name_parts("Ada King Lovelace"),
            ("Lovelace".to_string(), "Ada King".to_string())
        );
        assert_eq!(name_parts("Cher"), ("Cher".to_string(), String::new()));
        assert_eq!(name_parts("  "), (String::new(), String::new()));
    }
}
