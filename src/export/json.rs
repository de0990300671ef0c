//! JSON and NDJSON export. The shapes are those of `crate::json` (DESIGN §4), so an
//! export reads like `crm … list --json`.

use std::io::{BufWriter, Write};

use serde::Serializer as _;
use serde_json::Value;

use crate::domain::{Contact, Result};

/// A contact in its `--json` shape, as a `Value` for [`json_array`] and [`ndjson`].
pub fn contact_value(c: &Contact) -> Value {
    // A struct of strings, ids and maps with string keys always converts.
    serde_json::to_value(crate::json::contact(c)).unwrap_or(Value::Null)
}

/// A pretty-printed JSON array, one element per item, then a newline. Items are encoded one
/// at a time, so memory does not grow with the export.
pub fn json_array<T>(w: &mut dyn Write, items: &[T], to_json: impl Fn(&T) -> Value) -> Result<()> {
    let mut out = BufWriter::new(w);
    {
        let mut ser = serde_json::Serializer::pretty(&mut out);
        (&mut ser).collect_seq(items.iter().map(&to_json))?;
    }
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// Newline-delimited JSON: one compact object per line.
pub fn ndjson<T>(w: &mut dyn Write, items: &[T], to_json: impl Fn(&T) -> Value) -> Result<()> {
    let mut out = BufWriter::new(w);
    for item in items {
        serde_json::to_writer(&mut out, &to_json(item))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Deal, Task};
    use crate::export::test_data::*;
    use crate::json as shapes;

    fn run(f: impl FnOnce(&mut dyn Write) -> Result<()>) -> String {
        let mut buf: Vec<u8> = Vec::new();
        f(&mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn array_is_pretty_and_uses_the_cli_shapes() {
        let deals = [website_deal(), kiosk_deal()];
        let out = run(|w| json_array(w, &deals, shapes::deal));
        let expected: Vec<Value> = deals.iter().map(shapes::deal).collect();
        assert_eq!(
            out,
            format!("{}\n", serde_json::to_string_pretty(&expected).unwrap())
        );
        let back: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back[0]["value"], serde_json::json!(4500.5));
        assert_eq!(back[0]["currency"], "EUR");
        assert_eq!(back[1]["value"], serde_json::json!(150000.0));
        assert_eq!(back[1]["status"], "lost");
    }

    #[test]
    fn empty_array_is_brackets() {
        let out = run(|w| json_array(w, &[] as &[Task], shapes::task));
        assert_eq!(out, "[]\n");
    }

    #[test]
    fn contacts_keep_the_contact_shape() {
        let out = run(|w| json_array(w, &[ada()], contact_value));
        let back: Value = serde_json::from_str(&out).unwrap();
        let c = &back[0];
        assert_eq!(c["id"], 7);
        assert_eq!(c["email"], "ada@example.com");
        assert_eq!(c["emails"][1], "ada.l@example.net");
        assert_eq!(c["lifecycle"], "decision");
        assert_eq!(c["tags"], serde_json::json!(["vip", "math"]));
        assert_eq!(c["fields"]["tier"], "gold");
        assert_eq!(c["created_at"], "2026-11-22T10:00:00Z");
        assert_eq!(
            back,
            Value::Array(vec![serde_json::to_value(shapes::contact(&ada())).unwrap()])
        );
    }

    #[test]
    fn ndjson_is_one_compact_object_per_line() {
        let items = [call(), feedback()];
        let out = run(|w| ndjson(w, &items, shapes::interaction));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(out.ends_with('\n'));
        for (line, item) in lines.iter().zip(&items) {
            assert!(!line.contains("\n  "));
            assert_eq!(
                *line,
                serde_json::to_string(&shapes::interaction(item)).unwrap()
            );
        }
        let first: Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(first["kind"], "call");
        assert_eq!(first["direction"], "out");
        assert_eq!(first["occurred_at"], "2026-11-24T15:30:00Z");

        let tasks = [proposal_task(), done_task()];
        let out = run(|w| ndjson(w, &tasks, shapes::task));
        let second: Value = serde_json::from_str(out.lines().nth(1).unwrap()).unwrap();
        assert_eq!(second["done"], true);
        assert_eq!(second["due"], "2026-12-02T15:30:00Z");
        let first: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        assert_eq!(first["due"], "2026-12-01");

        assert_eq!(run(|w| ndjson(w, &[] as &[Deal], shapes::deal)), "");
    }
}
