//! Tests of `json.rs`: reading records, sections and limits.
use super::*;
use chrono::NaiveDate;

fn items(text: &str, default: Option<Section>) -> Result<Vec<Item>> {
    let mut out = Vec::new();
    read(text.as_bytes(), default, |i| {
        out.push(i);
        Ok(())
    })?;
    Ok(out)
}

#[test]
fn a_document_is_read_section_by_section_in_the_shared_order() {
    let doc = r#"{"tasks":[{"title":"call"}],"contacts":[{"id":7,"name":"Ada"}],
        "stages":[{"name":"lead","position":1},{"position":2}],"deals":[]}"#;
    let got = items(doc, None).unwrap();
    assert_eq!(got.len(), 3, "a stage without a name is left out");
    assert!(matches!(&got[0], Item::Stage(s) if s.name == "lead" && s.probability == 10));
    assert!(matches!(&got[1], Item::Contact(c) if c.id == Some(7) && c.record.line == 1));
    assert!(matches!(&got[2], Item::Task(t) if t.record.title.as_deref() == Some("call")));
}

#[test]
fn ndjson_objects_follow_their_type_or_the_named_entity() {
    let text = "{\"type\":\"deal\",\"title\":\"Kiosk\",\"contact_id\":3,\"contact\":\"Ada\",\"value_minor\":150000,\"currency\":\"EUR\"}\n{\"name\":\"Grace\"}\n";
    let got = items(text, Some(Section::Contacts)).unwrap();
    let Item::Deal(d) = &got[0] else {
        panic!("{got:?}")
    };
    assert_eq!(d.contact_id, Some(3));
    assert_eq!(
        d.record.contact, None,
        "a contact id is never matched by name"
    );
    assert_eq!(d.record.value.as_deref(), Some("1500.00"));
    assert!(matches!(&got[1], Item::Contact(c) if c.record.line == 2));
    assert!(items(text, None).unwrap().len() == 1);
}

#[test]
fn an_untyped_array_needs_the_entity_and_junk_is_refused() {
    assert!(items("[{\"name\":\"Ada\"}]", None).is_err());
    assert_eq!(
        items("[{\"name\":\"Ada\"}]", Some(Section::Contacts))
            .unwrap()
            .len(),
        1
    );
    assert!(items("", None).is_err());
    assert!(items("{\"a\":", None).is_err());
}

#[test]
fn fields_keep_only_text_values() {
    let got = items(
        r#"[{"name":"Ada","fields":{"born":"1815","n":3},"created_at":"2026-11-22T23:30:00-05:00"}]"#,
        Some(Section::Contacts),
    )
    .unwrap();
    let Item::Contact(c) = &got[0] else { panic!() };
    assert_eq!(c.record.fields, vec![("born".into(), "1815".into())]);
    assert_eq!(c.record.created, NaiveDate::from_ymd_opt(2026, 11, 22));
    assert_eq!(
        c.created_at.map(|t| t.to_rfc3339()),
        Some("2026-11-23T04:30:00+00:00".into())
    );
}
