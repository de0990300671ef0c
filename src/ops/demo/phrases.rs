//! Word lists for `crm demo`: invented companies and the phrases a real pipeline is full of.
//! The lists live in `assets/demo/companies.toml` and `assets/demo/phrases.toml`, read once;
//! their order is part of what a seed means.

use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Reads one of the embedded demo files. They are part of the binary, so a mistake in one is
/// a build mistake (the tests parse every file), not something a user can cause.
pub(super) fn parse_asset<T: DeserializeOwned>(name: &str, text: &str) -> T {
    toml::from_str(text).unwrap_or_else(|e| panic!("assets/demo/{name} is not valid: {e}"))
}

/// Company names are "{adjective} {noun} {suffix}". Adjectives and nouns are single ASCII
/// words, so every combination folds to a distinct key.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Companies {
    pub adjectives: Vec<String>,
    pub nouns: Vec<String>,
    pub suffixes: Vec<String>,
    pub industries: Vec<String>,
    pub notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrases {
    pub contacts: ContactPhrases,
    pub deals: DealPhrases,
    pub interactions: InteractionPhrases,
    pub tasks: TaskPhrases,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactPhrases {
    /// Private mailbox providers for contacts without a company (all under `.example`).
    pub mail_domains: Vec<String>,
    pub titles: Vec<String>,
    pub sources: Vec<Source>,
    pub tags: Vec<String>,
    pub notes: Vec<String>,
}

/// A contact source with its relative weight.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub name: String,
    pub weight: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DealPhrases {
    /// `{year}` becomes the year the deal closes.
    pub topics: Vec<String>,
    pub lost_reasons: Vec<String>,
    pub tasks: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InteractionPhrases {
    pub email_out: Vec<String>,
    pub email_in: Vec<String>,
    pub call_out: Vec<String>,
    pub call_in: Vec<String>,
    pub meeting: Vec<String>,
    pub note: Vec<String>,
    pub message_out: Vec<String>,
    pub message_in: Vec<String>,
    pub feedback_good: Vec<String>,
    pub feedback_poor: Vec<String>,
    /// Occasional longer texts for e-mails, meetings and notes.
    pub bodies: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskPhrases {
    pub titles: Vec<String>,
}

pub fn companies() -> &'static Companies {
    static COMPANIES: OnceLock<Companies> = OnceLock::new();
    COMPANIES.get_or_init(|| parse_asset("companies.toml", crate::assets::DEMO_COMPANIES))
}

pub fn phrases() -> &'static Phrases {
    static PHRASES: OnceLock<Phrases> = OnceLock::new();
    PHRASES.get_or_init(|| parse_asset("phrases.toml", crate::assets::DEMO_PHRASES))
}
