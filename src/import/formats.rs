//! The built-in column tables: one per export format, and generic synonyms for any CSV.
//! Keys are compared after folding (`lower`: lower-case, accents folded, spaces collapsed;
//! `squash`: letters and digits only).

use super::mapping::group_part;
use super::{Entity, Field, Format};

mod activity;
mod mail_clients;

use activity::{generic_deal, generic_interaction, pipedrive_note};
use mail_clients::{gmail_section, old_gmail_section, thunderbird};
pub(crate) use mail_clients::{is_old_gmail, is_thunderbird};

/// What a header maps to, before label columns are paired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slot {
    pub field: Field,
    pub rank: u8,
    pub date: bool,
    pub from_label: bool,
    /// No table knows the column: kept as a custom field named after it (contacts), or
    /// left out with `--ignore-unknown`; either way the summary names it.
    pub unknown: bool,
}

pub(crate) const DEFAULT_RANK: u8 = 5;

pub(crate) fn slot(field: Field) -> Slot {
    Slot {
        field,
        rank: DEFAULT_RANK,
        date: false,
        from_label: false,
        unknown: false,
    }
}

/// A column no table knows, kept under its own header for contacts.
pub(crate) fn unknown(entity: Entity, header: &str) -> Slot {
    let field = match entity {
        Entity::Contacts => Field::Custom(header.trim().to_string()),
        _ => Field::Ignore,
    };
    Slot {
        unknown: true,
        ..slot(field)
    }
}

pub(crate) fn ranked(field: Field, rank: u8) -> Slot {
    Slot {
        rank,
        ..slot(field)
    }
}

pub(crate) fn custom(key: &str) -> Slot {
    slot(Field::Custom(key.to_string()))
}

fn date_field(key: &str) -> Slot {
    Slot {
        date: true,
        ..custom(key)
    }
}

fn from_label() -> Slot {
    Slot {
        from_label: true,
        ..slot(Field::Custom(String::new()))
    }
}

pub(crate) fn ignore() -> Slot {
    slot(Field::Ignore)
}

pub(crate) fn specific(format: Format, entity: Entity, lower: &str, squash: &str) -> Option<Slot> {
    match (format, entity) {
        (Format::Linkedin, Entity::Contacts) => linkedin(lower),
        (Format::Google, Entity::Contacts) => google(lower),
        (Format::Outlook, Entity::Contacts) => outlook(lower, squash),
        (Format::Thunderbird, Entity::Contacts) => thunderbird(lower),
        (Format::Hubspot, Entity::Contacts) => hubspot_contacts(lower),
        (Format::Hubspot, Entity::Deals) => hubspot_deals(lower),
        _ => None,
    }
}

fn linkedin(lower: &str) -> Option<Slot> {
    Some(match lower {
        "url" | "profile url" => custom("linkedin"),
        "connected on" | "verbunden am" => slot(Field::CreatedAt),
        "position" => slot(Field::Title),
        "email address" | "e-mail-adresse" => slot(Field::Email),
        _ => return None,
    })
}

fn google(lower: &str) -> Option<Slot> {
    if let Some((group, _, part)) = group_part(lower) {
        return Some(match (group, part) {
            ("e-mail", "value") => slot(Field::Email),
            ("phone", "value") => slot(Field::Phone),
            ("address", "formatted") => custom("address"),
            ("website", "value") => custom("website"),
            ("organization", "name") => slot(Field::Company),
            ("organization", "title") => slot(Field::Title),
            ("organization", "department") => custom("department"),
            ("custom field" | "event" | "relation", "value") => from_label(),
            ("im", "value") => custom("im"),
            // Labels are read with their values; address parts repeat `Formatted`.
            _ => ignore(),
        });
    }
    if let Some((n, part)) = gmail_section(lower) {
        return old_gmail_section(n, part);
    }
    Some(match lower {
        "name" => slot(Field::Name),
        "first name" | "given name" => slot(Field::FirstName),
        "middle name" | "additional name" => slot(Field::MiddleName),
        "last name" | "family name" => slot(Field::LastName),
        "organization name" => slot(Field::Company),
        "organization title" => slot(Field::Title),
        "organization department" => custom("department"),
        "labels" | "group membership" => slot(Field::Tags),
        "notes" => slot(Field::Notes),
        "birthday" => date_field("birthday"),
        "nickname" => custom("nickname"),
        // Old Gmail: `E-mail` holds the primary address(es).
        "e-mail" => ranked(Field::Email, 0),
        "file as" => ignore(),
        // Other columns (photo, phonetic names, hobby...) are kept under their header.
        _ => return None,
    })
}

fn outlook(lower: &str, squash: &str) -> Option<Slot> {
    for (prefix, key) in [
        ("business ", "business address"),
        ("home ", "home address"),
        ("other ", "other address"),
    ] {
        if let Some(part) = lower.strip_prefix(prefix) {
            if matches!(
                part,
                "street"
                    | "street 2"
                    | "street 3"
                    | "city"
                    | "state"
                    | "postal code"
                    | "country/region"
                    | "country"
            ) {
                return Some(custom(key));
            }
        }
    }
    let s = match lower {
        "first name" | "vorname" | "prenom" => slot(Field::FirstName),
        "middle name" | "weitere vornamen" | "deuxieme prenom" => slot(Field::MiddleName),
        "last name" | "nachname" | "nom" => slot(Field::LastName),
        "nickname" | "spitzname" | "surnom" => custom("nickname"),
        "company" | "firma" | "societe" => slot(Field::Company),
        "department" | "abteilung" | "service" => custom("department"),
        "job title" | "position" | "fonction" => slot(Field::Title),
        "e-mail address" | "e-mail-adresse" | "adresse de messagerie" => ranked(Field::Email, 0),
        "e-mail 2 address" | "e-mail 2: adresse" | "adresse de messagerie 2" => {
            ranked(Field::Email, 1)
        }
        "e-mail 3 address" | "e-mail 3: adresse" | "adresse de messagerie 3" => {
            ranked(Field::Email, 2)
        }
        "primary phone" | "telefon (primar)" | "telephone principal" => ranked(Field::Phone, 0),
        "mobile phone" | "mobiltelefon" | "telephone mobile" => ranked(Field::Phone, 1),
        "business phone"
        | "business phone 2"
        | "telefon geschaftlich"
        | "telefon geschaftlich 2"
        | "telephone bureau"
        | "telephone bureau 2" => ranked(Field::Phone, 2),
        "home phone"
        | "home phone 2"
        | "telefon privat"
        | "telefon privat 2"
        | "telephone domicile"
        | "telephone domicile 2" => ranked(Field::Phone, 3),
        "company main phone" | "car phone" | "other phone" | "autotelefon" | "weiteres telefon" => {
            ranked(Field::Phone, 4)
        }
        "pager" | "callback" | "radio phone" | "isdn" | "tty/tdd phone" | "telex"
        | "ruckmeldung" | "funkruf" => ranked(Field::Phone, 5),
        "business fax" | "home fax" | "other fax" | "fax geschaftlich" | "fax privat"
        | "weiteres fax" => ranked(Field::Phone, 6),
        // What the export writes for every contact: the e-mail type (SMTP), a display
        // name made of name and address, and default flags.
        _ if lower.starts_with("e-mail")
            && (lower.ends_with("type")
                || lower.ends_with("typ")
                || lower.ends_with("display name")
                || lower.ends_with("angezeigter name")) =>
        {
            ignore()
        }
        "priority" | "sensitivity" | "private" | "internet free busy" | "prioritat"
        | "vertraulichkeit" | "privat" => ignore(),
        "categories" | "kategorien" => slot(Field::Tags),
        "notes" | "notizen" => slot(Field::Notes),
        "birthday" | "geburtstag" | "anniversaire" => date_field("birthday"),
        "anniversary" | "jahrestag" => date_field("anniversary"),
        "web page" | "personal web page" | "webseite" | "webpage" | "page web" => custom("website"),
        _ => {
            // `Telefon (geschäftlich)`: compare letters only.
            return match squash {
                "telefongeschaftlich" | "telefongeschaftlich2" => Some(ranked(Field::Phone, 2)),
                "telefonprivat" | "telefonprivat2" => Some(ranked(Field::Phone, 3)),
                // Outlook's `Title` is the salutation (`Dr.`), `Account` an account number;
                // the generic synonyms would take them for a job title and a company.
                "title" | "account" | "anrede" | "titre" | "suffix" | "initials" => Some(ignore()),
                // Outlook's other columns (gender, priority, display names...) match no
                // synonym, so they are ignored by the generic table too.
                _ => None,
            };
        }
    };
    Some(s)
}

fn hubspot_contacts(lower: &str) -> Option<Slot> {
    if lower.starts_with("associated ") && lower != "associated company" {
        return Some(ignore());
    }
    Some(match lower {
        "record id" | "contact id" => custom("hubspot_id"),
        "email" => slot(Field::Email),
        "phone number" => ranked(Field::Phone, 2),
        "mobile phone number" => ranked(Field::Phone, 1),
        "contact owner" => custom("owner"),
        "lead status" => custom("lead_status"),
        "lifecycle stage" => slot(Field::Lifecycle),
        "create date" => slot(Field::CreatedAt),
        "company name" => slot(Field::Company),
        "associated company" => ranked(Field::Company, 9),
        "job title" => slot(Field::Title),
        "message" => slot(Field::Notes),
        "original source" => custom("original_source"),
        "primary associated company id"
        | "last activity date"
        | "marketing contact status"
        | "last modified date" => ignore(),
        _ => return None,
    })
}

fn hubspot_deals(lower: &str) -> Option<Slot> {
    Some(match lower {
        "deal name" => slot(Field::DealTitle),
        "deal stage" => slot(Field::Stage),
        "close date" => slot(Field::CloseDate),
        "amount" => slot(Field::Value),
        "currency" | "deal currency code" => slot(Field::Currency),
        "deal probability" => slot(Field::Probability),
        "create date" => slot(Field::CreatedAt),
        "associated company" => slot(Field::Company),
        "associated contact" => slot(Field::ContactRef),
        _ if lower.starts_with("associated ") => ignore(),
        "record id"
        | "deal id"
        | "deal owner"
        | "pipeline"
        | "deal description"
        | "last activity date"
        | "amount in company currency"
        | "last modified date" => ignore(),
        _ => return None,
    })
}

pub(crate) fn pipedrive(entity: Entity, owner: &str, rest: &str) -> Slot {
    let base = rest.split(" - ").next().unwrap_or("");
    let squash: String = rest.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    match (entity, owner) {
        (Entity::Contacts, "person") => match base {
            "name" => slot(Field::Name),
            "first name" => slot(Field::FirstName),
            "last name" => slot(Field::LastName),
            "email" => slot(Field::Email),
            "phone" => slot(Field::Phone),
            "organization" => slot(Field::Company),
            "job title" => slot(Field::Title),
            "label" | "labels" => slot(Field::Tags),
            "person created" | "creation date" | "add time" | "created" => slot(Field::CreatedAt),
            "notes" | "note" => slot(Field::Notes),
            "id" => custom("pipedrive_id"),
            "owner" | "visible to" | "update time" => ignore(),
            _ => generic(entity, &squash).unwrap_or_else(ignore),
        },
        (Entity::Contacts, "organization") if base == "name" => ranked(Field::Company, 9),
        (Entity::Deals, "deal") => match base {
            "title" => slot(Field::DealTitle),
            "value" => slot(Field::Value),
            "currency" | "currency of value" => slot(Field::Currency),
            "stage" => slot(Field::Stage),
            "status" => slot(Field::Status),
            "expected close date" => slot(Field::CloseDate),
            "probability" => slot(Field::Probability),
            "deal created" | "deal created on" | "creation date" | "add time" => {
                slot(Field::CreatedAt)
            }
            "contact person" => slot(Field::ContactRef),
            "organization" => slot(Field::Company),
            "lost reason" => slot(Field::LostReason),
            _ => ignore(),
        },
        (Entity::Deals, "person") if matches!(base, "name" | "email") => {
            ranked(Field::ContactRef, 9)
        }
        (Entity::Deals, "organization") if base == "name" => ranked(Field::Company, 9),
        (Entity::Interactions, "activity") => match base {
            "type" => slot(Field::Kind),
            "subject" => slot(Field::Summary),
            "due date" | "add time" | "marked as done time" => slot(Field::OccurredAt),
            "duration" => slot(Field::Duration),
            "note" | "notes" | "public description" => slot(Field::Body),
            "contact person" => slot(Field::ContactRef),
            _ => ignore(),
        },
        (Entity::Interactions, "person") if matches!(base, "name" | "email") => {
            ranked(Field::ContactRef, 9)
        }
        (Entity::Interactions, "note") => pipedrive_note(base),
        _ => ignore(),
    }
}

/// Synonyms used by any CSV, compared letters-and-digits only.
pub(crate) fn generic(entity: Entity, squash: &str) -> Option<Slot> {
    // `Email 2`, `Phone3`: numbered copies of a column.
    let base = squash.trim_end_matches(|c: char| c.is_ascii_digit());
    let lookup = |s: &str| match entity {
        Entity::Contacts => generic_contact(s),
        Entity::Deals => generic_deal(s),
        Entity::Interactions => generic_interaction(s),
    };
    // `E-mail 2 Address`: a number inside the name.
    lookup(base).or_else(|| {
        let no_digits: String = squash.chars().filter(|c| !c.is_ascii_digit()).collect();
        if no_digits == base || no_digits.is_empty() {
            None
        } else {
            lookup(no_digits.as_str())
        }
    })
}

fn is_email_header(s: &str) -> bool {
    matches!(
        s,
        "email"
            | "emailaddress"
            | "mail"
            | "emails"
            | "emailaddresses"
            | "emailadresse"
            | "primaryemail"
            | "workemail"
            | "homeemail"
            | "personalemail"
            | "otheremail"
            | "businessemail"
            | "privateemail"
            | "courriel"
            | "adressedemessagerie"
            | "adresseemail"
            | "correo"
            | "correoelectronico"
            | "mailaddress"
            | "emailid"
            | "emailwork"
            | "emailhome"
            | "emailother"
            | "secondaryemail"
            | "alternateemail"
            | "additionalemail"
            | "additionalemailaddresses"
    )
}

fn is_phone_header(s: &str) -> bool {
    matches!(
        s,
        "phone"
            | "phonenumber"
            | "phones"
            | "telephone"
            | "telephonenumber"
            | "tel"
            | "mobile"
            | "mobilephone"
            | "mobilenumber"
            | "mobilephonenumber"
            | "cell"
            | "cellphone"
            | "cellular"
            | "workphone"
            | "homephone"
            | "businessphone"
            | "officephone"
            | "primaryphone"
            | "otherphone"
            | "telefon"
            | "telefonnummer"
            | "mobil"
            | "mobiltelefon"
            | "handy"
            | "telefono"
            | "portable"
            | "phonework"
            | "phonemobile"
            | "phonehome"
            | "phoneother"
            | "secondaryphone"
            | "alternatephone"
            | "mobilephonenumber2"
            | "faxnumber"
            | "fax"
            | "pager"
            | "pagernumber"
    )
}

fn is_company_header(s: &str) -> bool {
    matches!(
        s,
        "company"
            | "companyname"
            | "organization"
            | "organisation"
            | "organizationname"
            | "organisationname"
            | "org"
            | "employer"
            | "firm"
            | "firma"
            | "unternehmen"
            | "societe"
            | "entreprise"
            | "empresa"
            | "account"
            | "accountname"
            | "associatedcompany"
            | "business"
            | "businessname"
    )
}

fn generic_contact(s: &str) -> Option<Slot> {
    if is_email_header(s) {
        return Some(slot(Field::Email));
    }
    if is_phone_header(s) {
        return Some(slot(Field::Phone));
    }
    if is_company_header(s) {
        return Some(slot(Field::Company));
    }
    Some(match s {
        "name" | "fullname" | "displayname" | "contactname" | "contact" | "person"
        | "personname" | "nomcomplet" | "vollstandigername" => slot(Field::Name),
        "firstname" | "givenname" | "first" | "forename" | "vorname" | "prenom" | "fname" => {
            slot(Field::FirstName)
        }
        "middlename" | "additionalname" | "middle" | "middlenames" | "weiterevornamen" => {
            slot(Field::MiddleName)
        }
        "lastname" | "familyname" | "surname" | "last" | "nachname" | "lname" | "nomdefamille" => {
            slot(Field::LastName)
        }
        "title" | "jobtitle" | "position" | "role" | "jobrole" | "occupation" | "designation"
        | "funktion" | "fonction" | "poste" | "organizationtitle" | "jobposition"
        | "berufsbezeichnung" => slot(Field::Title),
        "tags" | "tag" | "labels" | "label" | "categories" | "category" | "groups"
        | "groupmembership" | "kategorien" | "kategorie" => slot(Field::Tags),
        "notes" | "note" | "comments" | "comment" | "description" | "notizen" | "bemerkungen"
        | "bemerkung" | "remarks" => slot(Field::Notes),
        "source" | "leadsource" | "origin" | "quelle" => slot(Field::Source),
        "lifecycle" | "lifecyclestage" | "stage" => slot(Field::Lifecycle),
        "created" | "createdat" | "createdon" | "createdate" | "creationdate" | "datecreated"
        | "dateadded" | "added" | "addedon" | "connectedon" => slot(Field::CreatedAt),
        "birthday" | "birthdate" | "dateofbirth" | "dob" | "geburtstag" | "geburtsdatum"
        | "anniversaire" => date_field("birthday"),
        "website" | "web" | "url" | "homepage" | "webpage" | "websiteurl" | "webseite" => {
            custom("website")
        }
        "linkedin" | "linkedinurl" | "linkedinprofile" | "profileurl" => custom("linkedin"),
        "department" | "abteilung" => custom("department"),
        "nickname" => custom("nickname"),
        "address" | "streetaddress" | "fulladdress" | "postaladdress" | "adresse" | "anschrift" => {
            custom("address")
        }
        // crm's own export: its ids and derived times belong to the database it came from
        // (left out, and named in the summary).
        "id" | "lastcontactat" | "updatedat" => ignore(),
        _ => return None,
    })
}
