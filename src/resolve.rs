//! REF resolution (DESIGN §4): an id (`12`, `#12`), an e-mail, or a name whose every query
//! word prefixes a word of the name, case- and accent-insensitively. Several matches are an
//! error that lists the candidates: a write never guesses.
//!
//! Read-only lookups over the store, below `ops`: the faces resolve what people type here
//! before they call a use case, and the import use case resolves the contact a file's row
//! names the same way.

use crate::domain::text::{name_key, name_matches, words};
use crate::domain::*;
use crate::store::{NameCandidate, Reader};

pub fn contact(r: Reader<'_>, reference: &str) -> Result<ContactId> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(Error::invalid(
            "the contact is empty; give an id, an e-mail or a name.",
        ));
    }
    if let Some(n) = parse_id(reference) {
        let id = ContactId(n);
        return if r.contact_exists(id)? {
            Ok(id)
        } else {
            Err(Error::not_found(format!(
                "there is no contact #{n}; find ids with crm contact list or crm search."
            )))
        };
    }
    if reference.contains('@') {
        return r.contact_id_by_email(reference)?.ok_or_else(|| {
            Error::not_found(format!(
                "no contact has the e-mail {reference}; add one with crm contact add."
            ))
        });
    }
    let key = name_key(reference);
    let Some(longest) = words(&key).max_by_key(|w| w.len()) else {
        return Err(Error::invalid(format!(
            "{reference:?} is not a name, an e-mail or an id."
        )));
    };
    let matches: Vec<NameCandidate> = r
        .contacts_by_name_word(longest)?
        .into_iter()
        .filter(|c| name_matches(&key, &c.name_key))
        .collect();
    match matches.len() {
        0 => Err(Error::not_found(format!(
            "no contact matches {reference:?}; try crm search {reference:?} or add one with crm contact add."
        ))),
        1 => Ok(matches[0].id),
        _ => Err(ambiguous(reference, &matches)),
    }
}

fn ambiguous(reference: &str, matches: &[NameCandidate]) -> Error {
    let mut msg = format!(
        "{reference:?} matches {} contacts; use an id or more of the name:",
        matches.len()
    );
    for c in matches.iter().take(5) {
        let mut extra: Vec<&str> = Vec::new();
        if let Some(co) = &c.company {
            extra.push(co);
        }
        if let Some(e) = &c.email {
            extra.push(e);
        }
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!(" ({})", extra.join(", "))
        };
        msg.push_str(&format!("\n  #{} {}{}", c.id, c.name, extra));
    }
    if matches.len() > 5 {
        msg.push_str(&format!("\n  … and {} more", matches.len() - 5));
    }
    Error::ambiguous(msg)
}

/// A company by id, exact name, or a unique name prefix.
pub fn company(r: Reader<'_>, reference: &str) -> Result<Company> {
    let reference = reference.trim();
    if let Some(n) = parse_id(reference) {
        return r.company(CompanyId(n))?.ok_or_else(|| {
            Error::not_found(format!("there is no company #{n}; see crm company list."))
        });
    }
    if let Some(c) = r.company_by_name(reference)? {
        return Ok(c);
    }
    let key = name_key(reference);
    if key.is_empty() {
        return Err(Error::invalid(
            "the company is empty; give an id or a name.",
        ));
    }
    let found = r.companies_matching(&key)?;
    match found.len() {
        0 => Err(Error::not_found(format!(
            "no company matches {reference:?}; see crm company list."
        ))),
        1 => Ok(found.into_iter().next().unwrap_or_else(|| unreachable!())),
        n => {
            let names: Vec<String> = found
                .iter()
                .take(5)
                .map(|c| format!("#{} {}", c.id, c.name))
                .collect();
            Err(Error::ambiguous(format!(
                "{reference:?} matches {n} companies; use an id or the full name:\n  {}",
                names.join("\n  ")
            )))
        }
    }
}

pub fn deal(r: Reader<'_>, reference: &str) -> Result<Deal> {
    let n = parse_id(reference).ok_or_else(|| {
        Error::invalid(format!(
            "{reference:?} is not a deal id; deals are named by number (see crm deal list)."
        ))
    })?;
    r.deal(DealId(n))?
        .ok_or_else(|| Error::not_found(format!("there is no deal #{n}; see crm deal list.")))
}

pub fn stage(r: Reader<'_>, name: &str) -> Result<Stage> {
    let stages = r.stages()?;
    if let Some(s) = Stage::named(&stages, name) {
        return Ok(s.clone());
    }
    let names: Vec<&str> = stages.iter().map(|s| s.name.as_str()).collect();
    Err(Error::invalid(format!(
        "unknown stage {name:?}; the stages are: {} (and won, lost).",
        names.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::contacts::{add, ContactChanges};
    use crate::ops::testing::{now, store};

    fn person(s: &crate::store::Store, name: &str, email: Option<&str>) -> ContactId {
        let ch = ContactChanges {
            name: Some(name.into()),
            emails: email.map(|e| vec![e.into()]),
            ..Default::default()
        };
        add(s, &now(), ch).unwrap().id
    }

    #[test]
    fn resolves_ids_emails_and_folded_names() {
        let s = store();
        let ada = person(&s, "Ada Lovelace", Some("ada@example.com"));
        let zoe = person(&s, "Zoë Ångström", None);
        let soren = person(&s, "Søren Kierkegaard", None);
        let r = s.read();
        assert_eq!(contact(r, "#1").unwrap(), ada);
        assert_eq!(contact(r, &ada.0.to_string()).unwrap(), ada);
        assert_eq!(contact(r, "ADA@example.com").unwrap(), ada);
        assert_eq!(contact(r, "ada").unwrap(), ada);
        assert_eq!(contact(r, "lov ada").unwrap(), ada);
        assert_eq!(contact(r, "zoe").unwrap(), zoe);
        assert_eq!(contact(r, "soren").unwrap(), soren);
        assert!(matches!(contact(r, "#99"), Err(Error::NotFound { .. })));
        assert!(matches!(contact(r, "nobody"), Err(Error::NotFound { .. })));
        assert!(matches!(contact(r, "x@y.com"), Err(Error::NotFound { .. })));
        assert!(matches!(contact(r, "ada x"), Err(Error::NotFound { .. })));
    }

    #[test]
    fn several_matches_are_an_error_listing_candidates() {
        let s = store();
        person(&s, "Ada Lovelace", None);
        person(&s, "Ada Byron", None);
        let err = contact(s.read(), "ada").unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, Error::Ambiguous { .. }));
        assert!(
            msg.contains("Ada Lovelace") && msg.contains("Ada Byron") && msg.contains("#1"),
            "{msg}"
        );
        assert!(contact(s.read(), "ada b").is_ok());
    }

    #[test]
    fn a_full_name_that_also_prefixes_another_is_still_ambiguous() {
        let s = store();
        let ann = person(&s, "Ann", None);
        person(&s, "Anna", None);
        assert!(
            matches!(contact(s.read(), "ann"), Err(Error::Ambiguous { .. })),
            "a write never guesses"
        );
        assert_eq!(contact(s.read(), &ann.0.to_string()).unwrap(), ann);
    }
}
