//! A contact as the commented TOML `crm contact edit --editor` opens, and that text read
//! back into the changes `contact edit` makes. Every field the flags of `contact edit`
//! can set is here; a line removed (or `""`) clears an optional field.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::domain::*;
use crate::ops::contacts::ContactChanges;

/// Lines crm puts at the top of the file (its title, an error to fix) start with this;
/// they are dropped before the user's text is read or shown again.
pub const OWN_LINE: &str = "#! ";

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    format!("[{}]", inner.join(", "))
}

/// The contact as commented TOML.
pub fn render(c: &Contact) -> String {
    let opt = |v: &Option<String>| quoted(v.as_deref().unwrap_or_default());
    let mut s = String::new();
    s.push_str(&format!(
        "{OWN_LINE}Contact #{} — save and quit to apply; quit without saving to change nothing.\n",
        c.id
    ));
    s.push_str(&format!(
        "{OWN_LINE}Lines starting with # are comments. \"\" or a removed line clears a field.\n\n"
    ));
    let mut field = |comment: &str, key: &str, value: String| {
        s.push_str(&format!("# {comment}\n{key} = {value}\n"));
    };
    field("Full name (required)", "name", quoted(&c.name));
    field(
        "E-mail addresses; the first is the primary one",
        "emails",
        list(&c.emails),
    );
    field("Phone numbers", "phones", list(&c.phones));
    field("Company name (created if new)", "company", opt(&c.company));
    field("Job title", "title", opt(&c.title));
    field(
        "awareness (or lead), consideration, decision, retention (or customer), expansion, churned",
        "lifecycle",
        quoted(c.lifecycle.as_str()),
    );
    field(
        "Where the contact came from, e.g. linkedin, referral",
        "source",
        opt(&c.source),
    );
    field("Tags", "tags", list(&c.tags));
    field(
        "Stay in touch this often: 2w, month, 3m (see crm reconnect)",
        "every",
        quoted(&c.cadence.map(|e| e.to_string()).unwrap_or_default()),
    );
    field(
        "Birthday: 1990-03-14, or --03-14 without the year",
        "birthday",
        quoted(&c.birthday.map(|b| b.to_string()).unwrap_or_default()),
    );
    field("Free notes", "notes", opt(&c.notes));
    s.push_str("\n# Custom fields, one per line: key = \"value\"\n[fields]\n");
    for (k, v) in &c.fields {
        let key = toml::Value::String(k.clone()).to_string();
        let bare = !k.is_empty()
            && k.chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-');
        s.push_str(&format!(
            "{} = {}\n",
            if bare { k.clone() } else { key },
            quoted(v)
        ));
    }
    s
}

/// The user's text without crm's own lines at its top.
pub fn user_text(text: &str) -> String {
    let mut lines = text.lines().peekable();
    while lines.peek().is_some_and(|l| l.starts_with(OWN_LINE)) {
        lines.next();
    }
    let mut out: Vec<&str> = lines.collect();
    while out.first().is_some_and(|l| l.trim().is_empty()) {
        out.remove(0);
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// The user's text with an error at its top, to fix and save again.
pub fn with_error(text: &str, error: &str) -> String {
    let mut s = String::new();
    for line in format!("ERROR: {error}").lines() {
        s.push_str(&format!("{OWN_LINE}{line}\n"));
    }
    s.push_str(&format!(
        "{OWN_LINE}Fix it and save; quit without saving (or save the file as it is) to give up.\n\n"
    ));
    s.push_str(&user_text(text));
    s
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Edited {
    name: Option<String>,
    #[serde(default)]
    emails: Vec<String>,
    #[serde(default)]
    phones: Vec<String>,
    company: Option<String>,
    title: Option<String>,
    lifecycle: Option<String>,
    source: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    every: Option<String>,
    birthday: Option<String>,
    notes: Option<String>,
    #[serde(default)]
    fields: BTreeMap<String, String>,
}

/// Reads the edited text into the changes that make `before` look like it (every field
/// given, so a removed line clears its field), checked against `before`'s version.
pub fn parse(text: &str, before: &Contact) -> Result<ContactChanges> {
    let e: Edited = toml::from_str(text).map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                text.as_bytes()[..s.start.min(text.len())]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count()
                    + 1
            })
            .map(|n| format!(" (line {n})"))
            .unwrap_or_default();
        Error::invalid(format!("{}{at}", e.message().trim_end_matches('\n')))
    })?;
    let name = e
        .name
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| Error::invalid_at(Field::Name, "name is required."))?;
    let lifecycle = match e.lifecycle.as_deref().map(str::trim) {
        None | Some("") => before.lifecycle,
        Some(l) => super::contact::lifecycle(l)?,
    };
    let mut specs: Vec<String> = e.fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
    for k in before.fields.keys() {
        if !e.fields.contains_key(k) {
            specs.push(format!("{k}="));
        }
    }
    let none = |v: Option<String>| Some(v.unwrap_or_default());
    Ok(ContactChanges {
        name: Some(name),
        emails: Some(e.emails),
        phones: Some(e.phones),
        company: none(e.company),
        title: none(e.title),
        lifecycle: Some(lifecycle),
        source: none(e.source),
        notes: none(e.notes),
        tags: Some(e.tags),
        fields: super::contact::fields(&specs)?,
        cadence: super::contact::cadence(&none(e.every))?,
        birthday: super::contact::birthday(&none(e.birthday)).map_err(|e| e.at(Field::Birthday))?,
        version: Some(before.version),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ada() -> Contact {
        let mut c: Contact = serde_json::from_value(serde_json::json!({
            "id": 7, "name": "Ada \"Countess\" Lovelace", "emails": ["ada@x.io"], "phones": [],
            "email_types": {}, "phone_types": {},
            "company_id": null, "company": "Engines", "title": null, "lifecycle": "decision",
            "source": null, "notes": "line one\nline two", "tags": ["vip"], "fields": {"linkedin url": "x", "size": "3"},
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
            "last_contact_at": null, "version": 3, "cadence": null, "birthday": null
        }))
        .unwrap();
        c.birthday = Some(crate::domain::birthday::Birthday::parse("--02-29").unwrap());
        c
    }

    #[test]
    fn a_rendered_contact_reads_back_as_itself() {
        let c = ada();
        let text = render(&c);
        assert!(text.contains("# Job title\ntitle = \"\"\n"), "{text}");
        let ch = parse(&text, &c).unwrap();
        assert_eq!(ch.name.as_deref(), Some(c.name.as_str()));
        assert_eq!(ch.notes.as_deref(), Some("line one\nline two"));
        assert_eq!(ch.lifecycle, Some(Lifecycle::Decision));
        assert_eq!(ch.birthday, Some(c.birthday));
        assert_eq!(ch.version, Some(3));
        assert!(
            ch.fields.contains(&("linkedin url".into(), "x".into())),
            "{:?}",
            ch.fields
        );
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors_with_the_line() {
        let c = ada();
        let e = parse("name = \"A\"\ncolour = \"red\"\n", &c)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("unknown field `colour`") && e.contains("line 2"),
            "{e}"
        );
        let e = parse("emails = [\"a@b.io\"]\n", &c)
            .unwrap_err()
            .to_string();
        assert!(e.contains("name is required"), "{e}");
        let e = parse("name = \"A\"\nbirthday = \"1990-02-31\"\n", &c).unwrap_err();
        assert_eq!(e.field(), Some(Field::Birthday));
        let with = with_error("#! old\n\nname = \"A\"\n", "bad\nthing");
        assert_eq!(with.matches("ERROR").count(), 1);
        assert!(with.ends_with("\nname = \"A\"\n"), "{with}");
        assert_eq!(user_text(&with), "name = \"A\"\n");
    }
}
