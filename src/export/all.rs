//! `crm export all`: every record in one JSON document (one array per section) or as
//! NDJSON (one object per line, tagged with its `type`). [`Section`] is the one list of
//! sections (in the domain), shared with the reader that restores such a file
//! (`crate::import::json`).

use std::io::Write;

use serde_json::Value;

use crate::domain::case::Case;
use crate::domain::{
    Company, Contact, Deal, Interaction, Result, Section, Stage, StageChange, Task,
};
use crate::export::json;

/// Everything `export all` writes.
#[derive(Debug, Clone, Copy)]
pub struct Everything<'a> {
    pub stages: &'a [Stage],
    pub companies: &'a [Company],
    pub contacts: &'a [Contact],
    pub deals: &'a [Deal],
    pub stage_history: &'a [StageChange],
    /// Each with whether it is past a target now.
    pub cases: &'a [(Case, bool)],
    pub interactions: &'a [Interaction],
    pub tasks: &'a [Task],
}

impl Everything<'_> {
    /// One section's records in their `--json` shapes.
    fn values(&self, section: Section) -> Vec<Value> {
        match section {
            Section::Stages => self.stages.iter().map(json::stage).collect(),
            Section::Companies => self.companies.iter().map(json::company).collect(),
            Section::Contacts => self.contacts.iter().map(super::contact_value).collect(),
            Section::Deals => self.deals.iter().map(json::deal).collect(),
            Section::StageHistory => self.stage_history.iter().map(stage_change).collect(),
            Section::Cases => self.cases.iter().map(json::case_breached).collect(),
            Section::Interactions => self.interactions.iter().map(json::interaction).collect(),
            Section::Tasks => self.tasks.iter().map(json::task).collect(),
        }
    }
}

fn stage_change(c: &StageChange) -> Value {
    serde_json::json!({"deal_id": c.deal_id, "from": c.from_stage, "to": c.to_stage, "status": c.status, "at": json::time(c.at)})
}

/// One pretty-printed JSON document with an array per section, then a newline.
pub fn all_json(w: &mut dyn Write, all: &Everything<'_>) -> Result<()> {
    let doc: serde_json::Map<String, Value> = Section::ALL
        .into_iter()
        .map(|s| (s.key().to_string(), Value::Array(all.values(s))))
        .collect();
    serde_json::to_writer_pretty(&mut *w, &Value::Object(doc))?;
    w.write_all(b"\n")?;
    Ok(())
}

/// One compact object per line, each with its section's `type`.
pub fn all_ndjson(w: &mut dyn Write, all: &Everything<'_>) -> Result<()> {
    let mut out = String::new();
    for section in Section::ALL {
        for mut v in all.values(section) {
            v["type"] = section.tag().into();
            out.push_str(&v.to_string());
            out.push('\n');
        }
    }
    w.write_all(out.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_keys_name_each_section_once() {
        for s in Section::ALL {
            assert_eq!(Section::from_tag(s.tag()), Some(s));
        }
        assert_eq!(Section::from_tag("stages"), None);
        let keys: Vec<&str> = Section::ALL.iter().map(|s| s.key()).collect();
        assert_eq!(
            keys,
            [
                "stages",
                "companies",
                "contacts",
                "deals",
                "stage_history",
                "cases",
                "interactions",
                "tasks"
            ]
        );
    }
}
