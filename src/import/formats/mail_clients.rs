//! Column tables of mail clients' address book exports: Thunderbird (English and German)
//! and old Gmail's `Section N - …` CSV.

use super::{custom, ignore, ranked, slot, Slot};
use crate::import::Field;

/// Old Gmail's `Section 2 - Email` → (2, `email`).
pub(super) fn gmail_section(lower: &str) -> Option<(u8, &str)> {
    let rest = lower.strip_prefix("section ")?;
    let (n, part) = rest.split_once(" - ")?;
    let n: u8 = n.trim().parse().ok()?;
    Some((n, part.trim()))
}

pub(super) fn old_gmail_section(n: u8, part: &str) -> Option<Slot> {
    let rank = n.saturating_add(1);
    Some(match part {
        "email" | "e-mail" => ranked(Field::Email, rank),
        "phone" | "mobile" | "pager" | "fax" => ranked(Field::Phone, rank),
        "company" => ranked(Field::Company, rank),
        "title" => ranked(Field::Title, rank),
        "address" => custom("address"),
        "im" => custom("im"),
        // The section's own label (`Personal`, `Business`).
        "description" => ignore(),
        _ => return None,
    })
}

/// Thunderbird's address book export, in English (US and UK) and German.
pub(super) fn thunderbird(lower: &str) -> Option<Slot> {
    for (prefixes, key) in [
        (&["home ", "privat: "][..], "home address"),
        (&["work ", "dienstlich: "][..], "work address"),
    ] {
        for prefix in prefixes {
            if let Some(part) = lower.strip_prefix(prefix) {
                if matches!(
                    part,
                    "address"
                        | "address 2"
                        | "adresse"
                        | "adresse 2"
                        | "city"
                        | "ort"
                        | "state"
                        | "county"
                        | "bundesland"
                        | "zipcode"
                        | "post code"
                        | "plz"
                        | "country"
                        | "land"
                ) {
                    return Some(custom(key));
                }
            }
        }
    }
    Some(match lower {
        "display name" | "anzeigename" => slot(Field::Name),
        "primary email" | "email" | "primare e-mail-adresse" => ranked(Field::Email, 0),
        "secondary email" | "sekundare e-mail-adresse" => ranked(Field::Email, 1),
        "mobile number" | "mobil-tel.-nr." => ranked(Field::Phone, 1),
        "work phone" | "tel. dienstlich" => ranked(Field::Phone, 2),
        "home phone" | "tel. privat" => ranked(Field::Phone, 3),
        "pager number" | "pager-nummer" => ranked(Field::Phone, 4),
        "fax number" | "fax-nummer" => ranked(Field::Phone, 6),
        "nickname" | "spitzname" => custom("nickname"),
        "screen name" | "chat-name" => custom("screen name"),
        "job title" | "arbeitstitel" => slot(Field::Title),
        "organization" | "organisation" => slot(Field::Company),
        "department" | "abteilung" => custom("department"),
        "web page 1" | "web page 2" | "webseite 1" | "webseite 2" => custom("website"),
        "birth year" | "geburtsjahr" => slot(Field::BirthYear),
        "birth month" | "geburtsmonat" => slot(Field::BirthMonth),
        // German Thunderbird calls the day of the month `Geburtstag`.
        "birth day" | "geburtstag" => slot(Field::BirthDay),
        _ => return None,
    })
}

/// Whether lower-cased headers are Thunderbird's (English or German) export.
pub(crate) fn is_thunderbird(keys: &[String]) -> bool {
    let has = |k: &str| keys.iter().any(|x| x == k);
    has("secondary email")
        || has("sekundare e-mail-adresse")
        || (has("screen name") && has("mobile number"))
        || (has("primary email") && (has("birth year") || has("pager number")))
}

/// Whether lower-cased headers are old Gmail's `Section N - Email` export.
pub(crate) fn is_old_gmail(keys: &[String]) -> bool {
    keys.iter().any(|k| gmail_section(k).is_some())
}
