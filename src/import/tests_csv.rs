//! The sample exports in `tests/fixtures/formats/`, read end to end.

use super::*;
use chrono::NaiveDate;

macro_rules! fixture {
    ($name:literal) => {
        std::fs::File::open(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/formats/",
            $name
        ))
        .expect("fixture file")
    };
}

pub(super) fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

pub(super) fn records<T: Clone>(parsed: &[Parsed<T>]) -> Vec<T> {
    parsed
        .iter()
        .filter_map(|p| match p {
            Parsed::Record(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

pub(super) fn invalid<T>(parsed: &[Parsed<T>]) -> Vec<&RowError> {
    parsed
        .iter()
        .filter_map(|p| match p {
            Parsed::Invalid { error, .. } => Some(error),
            _ => None,
        })
        .collect()
}

pub(super) fn skipped<T>(parsed: &[Parsed<T>]) -> Vec<u64> {
    parsed
        .iter()
        .filter_map(|p| match p {
            Parsed::Skipped { line, .. } => Some(*line),
            _ => None,
        })
        .collect()
}

pub(super) fn named<'a>(recs: &'a [ContactRecord], name: &str) -> &'a ContactRecord {
    recs.iter()
        .find(|r| r.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no record named {name:?}"))
}

pub(super) fn field<'a>(rec: &'a ContactRecord, key: &str) -> Option<&'a str> {
    rec.fields
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn contacts_opts() -> ImportOptions {
    ImportOptions::default()
}

#[test]
fn linkedin_connections() {
    let imp = CsvImport::new(fixture!("linkedin_connections.csv"), &contacts_opts()).unwrap();
    assert_eq!(imp.format(), Format::Linkedin);
    assert_eq!(imp.delimiter(), b',');
    assert_eq!(imp.encoding(), "UTF-8");
    assert_eq!(imp.headers().len(), 7);
    assert_eq!(imp.headers()[0], "First Name");
    let mapping = imp.mapping();
    assert!(mapping.contains(&("Connected On".to_string(), Field::CreatedAt)));
    assert!(mapping.contains(&("URL".to_string(), Field::Custom("linkedin".into()))));

    let parsed: Vec<_> = imp.contacts().collect();
    assert_eq!(parsed.len(), 14);
    assert!(invalid(&parsed).is_empty(), "{:?}", invalid(&parsed));
    // The member who left LinkedIn: only a date.
    assert_eq!(skipped(&parsed), [10]);
    let recs = records(&parsed);
    assert_eq!(recs.len(), 13);

    let mira = &recs[0];
    assert_eq!(mira.line, 5);
    assert_eq!(mira.name.as_deref(), Some("Mira Okonkwo"));
    assert_eq!(
        mira.title.as_deref(),
        Some("Founder, Brightlane Studio / Fractional CMO")
    );
    assert_eq!(mira.company.as_deref(), Some("Brightlane Studio"));
    assert_eq!(mira.created, date(2025, 11, 14));
    assert!(mira.emails.is_empty());
    assert_eq!(mira.source.as_deref(), Some("linkedin"));
    assert_eq!(
        field(mira, "linkedin"),
        Some("https://www.linkedin.com/in/mira-okonkwo-7f3a91b2")
    );

    let tomas = &recs[1];
    assert_eq!(tomas.line, 7);
    assert_eq!(tomas.name.as_deref(), Some("Tomás Ferreira Lima"));
    assert_eq!(tomas.emails, ["tomas.lima@example.com"]);
    assert_eq!(tomas.company.as_deref(), Some("Northwind Traders, Inc."));
    assert_eq!(tomas.created, date(2025, 11, 3));

    let bobby = named(&recs, "Robert \"Bobby\" Castellanos");
    assert_eq!(bobby.title.as_deref(), Some("Owner, Operations"));
    let priya = named(&recs, "Priya Raman");
    assert_eq!(priya.title.as_deref(), Some("Independent Consultant"));
    assert_eq!(priya.emails, ["priya@raman-consulting.example"]);
    let hanako = named(&recs, "花子 山田");
    assert_eq!(hanako.company.as_deref(), Some("株式会社サンプル商事"));
    named(&recs, "Dana Whitfield 🌱");
    named(&recs, "Zoë Ærøskøbing");
    let lena = named(&recs, "Lena Brandt, MBA");
    assert_eq!(lena.emails, ["lena.brandt@example.de"]);
    let samuel = named(&recs, "Samuel O'Neill");
    assert_eq!(
        (samuel.company.as_deref(), samuel.title.as_deref()),
        (None, None)
    );
    // The TAB in the first-name cell is gone.
    named(&recs, "Igor Petrenko");
    // The duplicate is kept (deduplication happens against the database).
    let dup = recs.iter().find(|r| r.line == 17).unwrap();
    assert_eq!(dup.emails, ["Tomas.Lima@Example.com"]);
    let chen = named(&recs, "Chen Wei");
    assert_eq!(chen.created, date(2019, 1, 17));
    assert!(recs.iter().all(|r| r.warnings.is_empty()));
}

#[test]
fn google_contacts() {
    let imp = CsvImport::new(fixture!("google_contacts.csv"), &contacts_opts()).unwrap();
    assert_eq!(imp.format(), Format::Google);
    assert_eq!(imp.encoding(), "UTF-8");
    assert_eq!(imp.headers()[0], "First Name", "the BOM is stripped");
    let parsed: Vec<_> = imp.contacts().collect();
    assert_eq!(parsed.len(), 12);

    // 1979-02-29 does not exist: the birthday is left out with a warning, the person stays.
    assert!(invalid(&parsed).is_empty());
    assert!(skipped(&parsed).is_empty());

    let recs = records(&parsed);
    assert_eq!(recs.len(), 12);
    let leap = recs
        .iter()
        .find(|r| r.line == 13)
        .expect("the row of line 13");
    assert!(
        leap.warnings
            .iter()
            .any(|w| w.contains("Birthday") && w.contains("1979-02-29")),
        "{:?}",
        leap.warnings
    );
    assert_eq!(field(leap, "birthday"), None);
    let jordan = &recs[0];
    assert_eq!(jordan.line, 2);
    assert_eq!(jordan.name.as_deref(), Some("Jordan Ellis"));
    assert_eq!(
        jordan.emails,
        ["jordan.ellis@example.com", "jordan@example.net"]
    );
    assert_eq!(jordan.phones, ["+1 555-0142", "+1 555-0199"]);
    assert_eq!(jordan.tags, ["Clients"], "system groups are dropped");
    assert_eq!(jordan.company.as_deref(), Some("Ellis Design Co."));
    assert_eq!(jordan.title.as_deref(), Some("Principal"));
    assert_eq!(
        jordan.notes.as_deref(),
        Some("Met at Design Week, booth 14.\nPrefers email, not calls.")
    );
    assert_eq!(field(jordan, "birthday"), Some("1987-10-06"));
    assert_eq!(field(jordan, "website"), Some("https://ellis.example.com"));
    assert_eq!(
        field(jordan, "address"),
        Some("500 Example Ave, Suite 12, Portland, OR 97201, US")
    );
    assert_eq!(jordan.source.as_deref(), Some("google"));

    let zoe = named(&recs, "Zoë Ærøskøbing");
    assert_eq!(zoe.line, 6);
    assert_eq!(field(zoe, "birthday"), Some("--05-14"));
    assert!(zoe.tags.is_empty());
    assert_eq!(field(zoe, "department"), Some("Design Research"));

    let hanako = named(&recs, "花子 山田");
    assert_eq!(hanako.tags, ["Japan"]);
    assert_eq!(hanako.title.as_deref(), Some("部長"));

    let priya = named(&recs, "Priya Raman");
    assert_eq!(priya.emails, ["priya@raman-consulting.example"]);
    assert_eq!(field(priya, "rate"), Some("GBP 650/day"));
    assert_eq!(field(priya, "nickname"), Some("PR"));

    let robert = named(&recs, "Robert Castellanos");
    assert!(robert.emails.is_empty());
    assert_eq!(robert.phones, ["(555) 010-7788", "(555) 010-7789"]);
    assert_eq!(field(robert, "anniversary"), Some("2012-06-30"));

    // Phone only: the number becomes the name.
    let phone_only = recs.iter().find(|r| r.line == 12).unwrap();
    assert_eq!(phone_only.name.as_deref(), Some("+33 6 39 98 00 42"));
    assert_eq!(phone_only.phones, ["+33 6 39 98 00 42"]);
    assert_eq!(phone_only.tags, ["Imported on 3/2/25"]);

    let samuel = named(&recs, "Samuel O'Neill");
    assert!(samuel.emails.is_empty(), "a label without a value");
    assert_eq!(samuel.phones, ["+353 1 555 0199"]);

    let dup = recs.iter().find(|r| r.line == 18).unwrap();
    assert_eq!(dup.emails, ["Jordan.Ellis@EXAMPLE.com"]);
    named(&recs, "Aisha N. Mbeki-Jones");
    let chen = named(&recs, "Chen Wei");
    assert_eq!(
        chen.emails,
        ["chen.wei@example.net", "studio@weipartners.example"]
    );
    assert_eq!(chen.tags, ["Vendors"]);
}

#[test]
fn outlook_contacts() {
    let imp = CsvImport::new(fixture!("outlook_contacts.csv"), &contacts_opts()).unwrap();
    assert_eq!(imp.format(), Format::Outlook);
    assert_eq!(imp.encoding(), "windows-1252");
    assert_eq!(imp.headers().len(), 92);
    assert_eq!(imp.headers()[0], "Title");
    let parsed: Vec<_> = imp.contacts().collect();
    assert_eq!(parsed.len(), 10);
    assert!(invalid(&parsed).is_empty(), "{:?}", invalid(&parsed));
    let recs = records(&parsed);
    assert_eq!(recs.len(), 10);

    let jordan = &recs[0];
    assert_eq!(jordan.line, 2);
    assert_eq!(jordan.name.as_deref(), Some("Jordan Ellis"));
    assert_eq!(jordan.company.as_deref(), Some("Ellis Design Co."));
    assert_eq!(jordan.title.as_deref(), Some("Principal"));
    assert_eq!(jordan.emails, ["jordan.ellis@example.com"]);
    // Mobile before business.
    assert_eq!(jordan.phones, ["+1 (555) 010-0199", "+1 (555) 010-0142"]);
    assert_eq!(jordan.tags, ["Clients", "VIP"]);
    assert_eq!(field(jordan, "birthday"), Some("1987-10-06"));
    assert_eq!(field(jordan, "anniversary"), None, "0/0/00 is no date");
    assert_eq!(
        jordan.notes.as_deref(),
        Some("Met at Design Week, booth 14.\nPrefers email, not calls.")
    );
    assert_eq!(
        field(jordan, "business address"),
        Some("500 Example Ave, Suite 12, Portland, OR, 97201, United States of America")
    );
    assert_eq!(field(jordan, "website"), Some("https://ellis.example.com"));
    assert_eq!(jordan.source.as_deref(), Some("outlook"));

    let zoe = &recs[1];
    assert_eq!(zoe.line, 5);
    assert_eq!(zoe.name.as_deref(), Some("Zoë Ærøskøbing"));
    assert_eq!(field(zoe, "birthday"), None);

    // Characters Windows-1252 cannot hold were written as `?`.
    let hanako = &recs[2];
    assert_eq!(hanako.name.as_deref(), Some("?? ??"));
    assert_eq!(hanako.warnings.len(), 1);
    assert_eq!(hanako.emails, ["hanako.yamada@example.jp"]);

    let robert = named(&recs, "Robert Castellanos");
    // Issue 10: every phone column, fax included, is a phone.
    assert_eq!(robert.phones, ["(555) 010-7788", "(555) 010-7789"]);
    assert_eq!(field(robert, "fax"), None);
    assert_eq!(field(robert, "anniversary"), Some("2012-06-30"));

    let lena = named(&recs, "Lena Brandt");
    assert_eq!(lena.line, 9);
    assert_eq!(
        lena.emails,
        ["lena.brandt@example.de", "l.brandt@example.org"]
    );
    assert_eq!(lena.tags, ["Clients", "Newsletter"]);
    assert_eq!(field(lena, "birthday"), Some("1979-04-01"));
    assert_eq!(lena.title.as_deref(), Some("Geschäftsführerin"));

    let samuel = named(&recs, "Samuel O'Neill");
    assert_eq!(samuel.phones, ["+353 1 555 0199"]);
    assert_eq!(field(samuel, "home address"), Some("Dublin, Ireland"));
    let chen = named(&recs, "Chen Wei");
    assert_eq!(
        chen.emails,
        ["chen.wei@example.net", "studio@weipartners.example"]
    );
}

#[test]
fn hubspot_contacts() {
    let imp = CsvImport::new(fixture!("hubspot_contacts.csv"), &contacts_opts()).unwrap();
    assert_eq!(imp.format(), Format::Hubspot);
    let parsed: Vec<_> = imp.contacts().collect();
    assert_eq!(parsed.len(), 11);
    assert!(invalid(&parsed).is_empty(), "{:?}", invalid(&parsed));
    let recs = records(&parsed);

    let jordan = &recs[0];
    assert_eq!(jordan.name.as_deref(), Some("Jordan Ellis"));
    assert_eq!(jordan.emails, ["jordan.ellis@example.com"]);
    assert_eq!(jordan.phones, ["+1 555-0142"]);
    assert_eq!(jordan.company.as_deref(), Some("Ellis Design Co."));
    assert_eq!(jordan.title.as_deref(), Some("Principal"));
    assert_eq!(jordan.lifecycle.as_deref(), Some("decision"));
    assert_eq!(jordan.created, date(2024, 3, 5));
    assert_eq!(field(jordan, "hubspot_id"), Some("75310000101"));
    assert_eq!(field(jordan, "owner"), Some("Sam Rivera"));
    assert_eq!(field(jordan, "lead_status"), Some("Open Deal"));
    assert_eq!(jordan.source.as_deref(), Some("hubspot"));

    let priya = named(&recs, "Priya Raman");
    assert_eq!(priya.line, 5);
    assert_eq!(
        priya.notes.as_deref(),
        Some("Hi, I'd like a quote for a 3-month retainer,\nstarting in January if possible.")
    );
    assert_eq!(priya.lifecycle.as_deref(), Some("consideration"));
    let robert = named(&recs, "Robert Castellanos");
    assert_eq!(robert.line, 7);
    assert!(robert.emails.is_empty());
    assert_eq!(robert.lifecycle.as_deref(), Some("awareness"));
    let lena = named(&recs, "Lena Brandt");
    assert_eq!(lena.company.as_deref(), Some("Brandt Beratung GmbH"));
    assert_eq!(lena.lifecycle.as_deref(), Some("retention"));
    let samuel = named(&recs, "Samuel O'Neill");
    assert_eq!(samuel.lifecycle, None);
    assert_eq!(samuel.company, None);
    assert_eq!(named(&recs, "花子 山田").title.as_deref(), Some("部長"));
}

#[test]
fn hubspot_deals() {
    let opts = ImportOptions {
        entity: Entity::Deals,
        ..ImportOptions::default()
    };
    let imp = CsvImport::new(fixture!("hubspot_deals.csv"), &opts).unwrap();
    assert_eq!(imp.format(), Format::Hubspot);
    let parsed: Vec<_> = imp.deals().collect();
    assert_eq!(parsed.len(), 9);
    assert!(invalid(&parsed).is_empty(), "{:?}", invalid(&parsed));
    let deals = records(&parsed);

    let first = &deals[0];
    assert_eq!(first.line, 2);
    assert_eq!(first.title, "Ellis Design - Brand refresh");
    assert_eq!(first.stage.as_deref(), Some("Contract Sent"));
    assert_eq!(first.close, date(2025, 12, 15));
    assert_eq!(first.value.as_deref(), Some("12500"));
    assert_eq!(first.contact.as_deref(), Some("Jordan Ellis"));
    assert_eq!(first.company.as_deref(), Some("Ellis Design Co."));
    assert_eq!(first.created, date(2025, 9, 3));
    assert_eq!(first.status, None);

    assert_eq!(deals[1].line, 3);
    assert_eq!(deals[1].value.as_deref(), Some("8400.5"));
    assert_eq!(deals[1].contact.as_deref(), Some("Zoë Ærøskøbing"));
    assert_eq!(deals[2].line, 5);
    assert_eq!(deals[2].value, None);
    assert_eq!(deals[3].company.as_deref(), Some("Brandt Beratung GmbH"));
    assert_eq!(deals[3].status.as_deref(), Some("won"));
    assert_eq!(deals[4].status.as_deref(), Some("lost"));
    assert_eq!(deals[7].close, None);
    assert_eq!(deals[8].company, None);
    assert_eq!(deals[8].contact.as_deref(), Some("Mira Okonkwo"));
}
