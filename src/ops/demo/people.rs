//! People for `crm demo`: many cultures, with names spelled as their bearers spell them.
//! The lists live in `assets/demo/people.toml`, read once.
//!
//! A name entry may carry its Latin form after a `|` (`裕子|yuko`); the part before it is
//! what is shown, the part after it is what e-mail addresses are made from.
//! No name may start with "Ada": the README tour adds Ada Lovelace and logs a call
//! with `ada`, which must find exactly her.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::phrases::parse_asset;

/// How a full name is written in its culture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Order {
    /// `Zoë Evans`
    GivenFamily,
    /// `Nguyễn Phương Thảo`, `田中 裕子`
    FamilyGiven,
    /// `王伟`, `김민준`: family name first, no space.
    FamilyGivenJoined,
}

/// A culture: its names, and the phone prefix, time zone and language its people have.
#[derive(Debug)]
pub struct Culture {
    /// Relative share of the contacts.
    pub weight: u32,
    pub given: Vec<String>,
    pub family: Vec<String>,
    pub order: Order,
    /// International prefix; `phone_digits` random digits follow.
    pub phone: String,
    pub phone_digits: u32,
    pub timezone: String,
    pub language: String,
}

/// `people.toml` as written: cultures name a shared list (`names = "english"`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeopleFile {
    culture: Vec<CultureEntry>,
    names: BTreeMap<String, NameLists>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CultureEntry {
    weight: u32,
    names: String,
    order: Order,
    phone: String,
    phone_digits: u32,
    timezone: String,
    language: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NameLists {
    given: Vec<String>,
    family: Vec<String>,
}

/// Every culture, in the file's order (the seeded draws depend on it).
pub fn cultures() -> &'static [Culture] {
    static CULTURES: OnceLock<Vec<Culture>> = OnceLock::new();
    CULTURES.get_or_init(|| read(crate::assets::DEMO_PEOPLE))
}

fn read(text: &str) -> Vec<Culture> {
    let file: PeopleFile = parse_asset("people.toml", text);
    file.culture
        .into_iter()
        .map(|c| {
            // A typo in the embedded file is a build mistake the tests catch, not user input.
            let names = file.names.get(&c.names).unwrap_or_else(|| {
                panic!(
                    "assets/demo/people.toml: no [names.{}] for a culture",
                    c.names
                )
            });
            Culture {
                weight: c.weight,
                given: names.given.clone(),
                family: names.family.clone(),
                order: c.order,
                phone: c.phone,
                phone_digits: c.phone_digits,
                timezone: c.timezone,
                language: c.language,
            }
        })
        .collect()
}
