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
use crate::export::json::{self, JsonArray};

/// Where `export all` reads its records: called once per section, it hands each record
/// of that section, in its `--json` shape, to the function it is given, as it reads it.
pub type Source<'a> = dyn FnMut(Section, &mut dyn FnMut(Value) -> Result<()>) -> Result<()> + 'a;

/// Everything `export all` writes, already in memory (tests and small callers).
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
    /// Hands one section's records in their `--json` shapes to `each`.
    pub fn each(&self, section: Section, each: &mut dyn FnMut(Value) -> Result<()>) -> Result<()> {
        fn all<T>(
            items: &[T],
            f: impl Fn(&T) -> Value,
            each: &mut dyn FnMut(Value) -> Result<()>,
        ) -> Result<()> {
            items.iter().try_for_each(|i| each(f(i)))
        }
        match section {
            Section::Stages => all(self.stages, json::stage, each),
            Section::Companies => all(self.companies, json::company, each),
            Section::Contacts => all(self.contacts, super::contact_value, each),
            Section::Deals => all(self.deals, json::deal, each),
            Section::StageHistory => all(self.stage_history, stage_change, each),
            Section::Cases => all(self.cases, json::case_breached, each),
            Section::Interactions => all(self.interactions, json::interaction, each),
            Section::Tasks => all(self.tasks, json::task, each),
        }
    }
}

pub fn stage_change(c: &StageChange) -> Value {
    serde_json::json!({"deal_id": c.deal_id, "from": c.from_stage, "to": c.to_stage, "status": c.status, "at": json::time(c.at)})
}

/// One pretty-printed JSON document with an array per section, then a newline. The
/// sections come in their keys' order (as a JSON object of serde_json prints them), and
/// each is written record by record as `source` reads it.
pub fn all_json(w: &mut dyn Write, source: &mut Source<'_>) -> Result<()> {
    let mut sections = Section::ALL;
    sections.sort_by_key(|s| s.key());
    w.write_all(b"{")?;
    for (i, section) in sections.into_iter().enumerate() {
        w.write_all(if i == 0 { b"\n  " } else { b",\n  " })?;
        super::json_out::to_writer(&mut *w, section.key())?;
        w.write_all(b": ")?;
        let mut array = JsonArray::new(&mut *w, "  ")?;
        source(section, &mut |v| array.push(&v))?;
        array.finish()?;
    }
    w.write_all(b"\n}\n")?;
    Ok(())
}

/// One compact object per line, each with its section's `type`.
pub fn all_ndjson(w: &mut dyn Write, source: &mut Source<'_>) -> Result<()> {
    for section in Section::ALL {
        source(section, &mut |mut v| {
            v["type"] = section.tag().into();
            json::ndjson_line(&mut *w, &v)
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::test_data::*;

    #[test]
    fn the_streamed_document_is_the_bytes_of_one_value() {
        let contacts = [ada(), cher()];
        let deals = [website_deal(), kiosk_deal()];
        let talks = [call(), feedback()];
        let tasks = [proposal_task(), done_task()];
        let all = Everything {
            stages: &[],
            companies: &[],
            contacts: &contacts,
            deals: &deals,
            stage_history: &[],
            cases: &[],
            interactions: &talks,
            tasks: &tasks,
        };
        let doc: serde_json::Map<String, Value> = Section::ALL
            .into_iter()
            .map(|s| {
                let mut list = Vec::new();
                all.each(s, &mut |v| {
                    list.push(v);
                    Ok(())
                })
                .unwrap();
                (s.key().to_string(), Value::Array(list))
            })
            .collect();
        let expected = format!("{}\n", serde_json::to_string_pretty(&doc).unwrap());
        let mut buf = Vec::new();
        all_json(&mut buf, &mut |s, each| all.each(s, each)).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), expected);

        let mut buf = Vec::new();
        all_ndjson(&mut buf, &mut |s, each| all.each(s, each)).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text.lines().count(), 8);
        let first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(first["type"], "contact");
    }

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
