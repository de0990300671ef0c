//! Segments (DESIGN §12): a name and a filter expression, saved in the database so a team
//! shares them, usable wherever `--where` is and as tabs in the app.

use chrono::{DateTime, Utc};

use super::filter::{Filter, Target};
use super::text::fold;
use super::{Error, Field, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SegmentId(pub i64);

impl std::fmt::Display for SegmentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub id: SegmentId,
    pub name: String,
    /// The expression in its canonical form (it parses back to the same tree).
    pub expr: String,
    pub target: Target,
    pub created_at: DateTime<Utc>,
}

impl Segment {
    /// The saved expression, parsed again for its target.
    pub fn filter(&self) -> Result<Filter> {
        crate::domain::filter::parse(&self.expr, self.target).map_err(|e| {
            Error::invalid(format!(
                "the segment {:?} no longer parses ({e}); remove it with crm segment rm and add it again.",
                self.name
            ))
        })
    }
}

/// A segment name: one line, not empty, at most 60 characters.
pub fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid_at(
            Field::Name,
            "the segment name cannot be empty.",
        ));
    }
    if name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Err(Error::invalid_at(
            Field::Name,
            "a segment name is one line of at most 60 characters.",
        ));
    }
    Ok(name.to_string())
}

/// The key names are unique by: folded, so `VIP` and `vip` are one segment.
pub fn name_key(name: &str) -> String {
    fold(name.trim())
}

/// The word a target is stored and shown as.
pub fn target_word(t: Target) -> &'static str {
    match t {
        Target::Contact => "contacts",
        Target::Deal => "deals",
    }
}

pub fn target_from_word(w: &str) -> Option<Target> {
    match w {
        "contacts" => Some(Target::Contact),
        "deals" => Some(Target::Deal),
        _ => None,
    }
}
