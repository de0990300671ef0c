//! Files the tests build: other column orders, delimiters, encodings, the formats with no
//! sample file, bad input, and a fuzz loop.

use super::tests_csv::{date, field, invalid, named, records, skipped};
use super::*;

fn opts(entity: Entity) -> ImportOptions {
    ImportOptions {
        entity,
        ..ImportOptions::default()
    }
}

fn contacts(bytes: &[u8]) -> Vec<Parsed<ContactRecord>> {
    CsvImport::new(bytes, &ImportOptions::default())
        .unwrap()
        .contacts()
        .collect()
}

fn error_of(bytes: &[u8], opts: &ImportOptions) -> String {
    match CsvImport::new(bytes, opts) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

#[test]
fn shuffled_and_extra_columns() {
    let text = "Email,Favourite Colour,Last Name,Company,First Name\n\
                ada@example.com,green,Lovelace,Analytical Engines,Ada\n";
    let recs = records(&contacts(text.as_bytes()));
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0].name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(recs[0].emails, ["ada@example.com"]);
    assert_eq!(recs[0].company.as_deref(), Some("Analytical Engines"));
    assert_eq!(recs[0].source, None, "plain CSV has no source");
    assert_eq!(recs[0].line, 2);
}

#[test]
fn crlf_semicolons_tabs_and_bom() {
    let crlf = "Name,E-mail,Phone\r\nAda Lovelace,ada@example.com,+44 20 7946 0000\r\n\"Grace\r\nHopper\",grace@example.com,\r\n";
    let parsed = contacts(crlf.as_bytes());
    let recs = records(&parsed);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0].phones, ["+44 20 7946 0000"]);
    // A quoted line break in a name becomes a space.
    assert_eq!(recs[1].name.as_deref(), Some("Grace Hopper"));
    assert_eq!(recs[1].line, 3);

    // European Excel: BOM, `;`, CRLF, day-first dotted dates.
    let excel = "\u{feff}Vorname;Nachname;E-Mail;Firma;Geburtstag\r\nJürgen;Müller;j.mueller@example.de;Müller GmbH;10.06.1987\r\n";
    let imp = CsvImport::new(excel.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(imp.delimiter(), b';');
    assert_eq!(imp.headers()[0], "Vorname");
    let recs = records(&imp.contacts().collect::<Vec<_>>());
    assert_eq!(recs[0].name.as_deref(), Some("Jürgen Müller"));
    assert_eq!(recs[0].company.as_deref(), Some("Müller GmbH"));
    assert_eq!(field(&recs[0], "birthday"), Some("1987-06-10"));

    let tabs =
        "First Name\tLast Name\tCompany\tEmail\nAda\tLovelace\tEngines, Ltd.\tada@example.com\n";
    let imp = CsvImport::new(tabs.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(imp.delimiter(), b'\t');
    let recs = records(&imp.contacts().collect::<Vec<_>>());
    assert_eq!(recs[0].company.as_deref(), Some("Engines, Ltd."));
}

#[test]
fn windows_1252_and_utf16() {
    let parsed = contacts(b"First Name,Last Name,Email\nJos\xe9,Garc\xeda,jose@example.com\n");
    assert_eq!(records(&parsed)[0].name.as_deref(), Some("José García"));
    let imp = CsvImport::new(
        &b"Name,Email\nRen\xe9e,renee@example.com\n"[..],
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(imp.encoding(), "windows-1252");

    let bytes = utf16le_with_bom("Name,Email\r\nДмитрий Петров,d@example.ru\r\n");
    let imp = CsvImport::new(&bytes[..], &ImportOptions::default()).unwrap();
    assert_eq!(imp.encoding(), "UTF-16LE");
    assert_eq!(imp.headers(), ["Name", "Email"]);
    let recs = records(&imp.contacts().collect::<Vec<_>>());
    assert_eq!(recs[0].name.as_deref(), Some("Дмитрий Петров"));
}

#[test]
fn old_linkedin_export() {
    let text = "First Name,Last Name,Email Address,Company,Position,Connected On\n\
                Ada,Lovelace,urn:li:member:123456,Engines,CTO,\"1/8/18, 6:14 PM\"\n\
                Grace,Hopper,grace@example.com,Navy,,\"12/31/17, 9:05 AM\"\n";
    let imp = CsvImport::new(text.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(imp.format(), Format::Linkedin);
    let parsed: Vec<_> = imp.contacts().collect();
    assert!(invalid(&parsed).is_empty(), "{:?}", invalid(&parsed));
    let recs = records(&parsed);
    let ada = named(&recs, "Ada Lovelace");
    assert!(ada.emails.is_empty());
    assert_eq!(ada.warnings.len(), 1);
    assert!(ada.warnings[0].contains("urn:li:member:123456"));
    assert_eq!(ada.created, date(2018, 1, 8));
    assert_eq!(named(&recs, "Grace Hopper").created, date(2017, 12, 31));
}

#[test]
fn old_google_csv_in_utf16() {
    let text = "Name,Given Name,Additional Name,Family Name,Birthday,Notes,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Type,Organization 1 - Name,Organization 1 - Title\r\n\
                Иван Петров,Иван,,Петров,1980-01-02,,* My Contacts ::: Friends,* Home,ivan@example.ru ::: ivan2@example.ru,Mobile,+7 900 000-00-00,,Рога и копыта,CEO\r\n\
                ,,,,,,* My Contacts,,,,,,,\r\n";
    let bytes = utf16le_with_bom(text);
    let imp = CsvImport::new(&bytes[..], &ImportOptions::default()).unwrap();
    assert_eq!(imp.format(), Format::Google);
    let parsed: Vec<_> = imp.contacts().collect();
    assert_eq!(skipped(&parsed), [3], "a label-only row is skipped");
    let recs = records(&parsed);
    let ivan = &recs[0];
    assert_eq!(ivan.name.as_deref(), Some("Иван Петров"));
    assert_eq!(ivan.emails, ["ivan@example.ru", "ivan2@example.ru"]);
    assert_eq!(ivan.tags, ["Friends"]);
    assert_eq!(ivan.company.as_deref(), Some("Рога и копыта"));
    assert_eq!(ivan.title.as_deref(), Some("CEO"));
    assert_eq!(field(ivan, "birthday"), Some("1980-01-02"));
}

#[test]
fn outlook_com_export_without_quotes() {
    let text = "First Name,Middle Name,Last Name,Title,E-mail Address,E-mail 2 Address,Home Phone,Mobile Phone,Job Title,Company,Birthday,Notes\n\
                Ada,,Lovelace,Countess,ada@example.com,,,+44 7700 900000,Analyst,Engines,12/10/1815,\n";
    let imp = CsvImport::new(text.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(imp.format(), Format::Outlook);
    let recs = records(&imp.contacts().collect::<Vec<_>>());
    assert_eq!(recs[0].name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(
        recs[0].title.as_deref(),
        Some("Analyst"),
        "Title is a salutation"
    );
    assert_eq!(field(&recs[0], "birthday"), Some("1815-12-10"));
}

#[test]
fn pipedrive_people_and_deals() {
    let people = "Person - Name,Person - Email - Work,Person - Phone - Mobile,Person - Organization,Person - Labels,Person - Person created\n\
                  Ada Lovelace,\"ada@example.com, ada@work.example\",+44 7700 900000,Engines,\"VIP, Hot\",2024-05-06 07:08:09\n";
    let imp = CsvImport::new(people.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(imp.format(), Format::Pipedrive);
    let recs = records(&imp.contacts().collect::<Vec<_>>());
    let ada = &recs[0];
    assert_eq!(ada.emails, ["ada@example.com", "ada@work.example"]);
    assert_eq!(ada.tags, ["VIP", "Hot"]);
    assert_eq!(ada.company.as_deref(), Some("Engines"));
    assert_eq!(ada.created, date(2024, 5, 6));
    assert_eq!(ada.source.as_deref(), Some("pipedrive"));

    let deals = "Deal - Title,Deal - Value,Deal - Currency,Deal - Stage,Deal - Status,Deal - Expected close date,Deal - Lost reason,Deal - Contact person,Deal - Organization,Deal - Deal created on\n\
                 Engine order,1500.50,EUR,Proposal Made,Won,2025-03-01,,Ada Lovelace,Engines,2025-01-15 10:00:00\n";
    let imp = CsvImport::new(deals.as_bytes(), &opts(Entity::Deals)).unwrap();
    let deals = records(&imp.deals().collect::<Vec<_>>());
    let d = &deals[0];
    assert_eq!(d.title, "Engine order");
    assert_eq!(d.value.as_deref(), Some("1500.50"));
    assert_eq!(d.currency.as_deref(), Some("EUR"));
    assert_eq!(d.stage.as_deref(), Some("Proposal Made"));
    assert_eq!(d.status.as_deref(), Some("Won"));
    assert_eq!(d.close, date(2025, 3, 1));
    assert_eq!(d.contact.as_deref(), Some("Ada Lovelace"));
    assert_eq!(d.company.as_deref(), Some("Engines"));
    assert_eq!(d.created, date(2025, 1, 15));
}

#[test]
fn interactions_from_a_generic_csv() {
    let text = "Contact,Type,Date,Subject,Duration,Notes,Score\n\
                ada@example.com,Call,2025-03-04 10:30,Pricing call,30m,Talked about the Q2 offer,\n\
                Grace Hopper,,,,,\"Left a voicemail\nwill retry\",\n\
                ,,,,,,\n";
    let imp = CsvImport::new(text.as_bytes(), &opts(Entity::Interactions)).unwrap();
    let parsed: Vec<_> = imp.interactions().collect();
    assert_eq!(skipped(&parsed), [5]);
    let recs = records(&parsed);
    assert_eq!(recs[0].contact, "ada@example.com");
    assert_eq!(recs[0].kind, "call");
    assert_eq!(recs[0].at.as_deref(), Some("2025-03-04 10:30"));
    assert_eq!(recs[0].summary, "Pricing call");
    assert_eq!(recs[0].duration.as_deref(), Some("30m"));
    assert_eq!(recs[1].kind, "note");
    assert_eq!(recs[1].summary, "Left a voicemail");
    assert_eq!(
        recs[1].body.as_deref(),
        Some("Left a voicemail\nwill retry")
    );
}

#[test]
fn map_overrides() {
    let text = "Who,Mail,Notes\nAda,ada@example.com,hello\n";
    let o = ImportOptions {
        maps: vec!["Who=name".into(), "Notes=field:remark".into()],
        ..ImportOptions::default()
    };
    let imp = CsvImport::new(text.as_bytes(), &o).unwrap();
    assert!(imp
        .mapping()
        .contains(&("Notes".to_string(), Field::Custom("remark".into()))));
    let recs = records(&imp.contacts().collect::<Vec<_>>());
    assert_eq!(recs[0].name.as_deref(), Some("Ada"));
    assert_eq!(field(&recs[0], "remark"), Some("hello"));
    assert_eq!(recs[0].notes, None);

    let bad = ImportOptions {
        maps: vec!["Who=nom".into()],
        ..ImportOptions::default()
    };
    let msg = error_of(text.as_bytes(), &bad);
    assert!(msg.contains("unknown field \"nom\""), "{msg}");
    for name in Field::names() {
        assert!(msg.contains(name), "{msg} lacks {name}");
    }
    let bad = ImportOptions {
        maps: vec!["Whom=name".into()],
        ..ImportOptions::default()
    };
    let msg = error_of(text.as_bytes(), &bad);
    assert!(msg.contains("\"Who\", \"Mail\", \"Notes\""), "{msg}");
}

#[test]
fn bad_files() {
    let o = ImportOptions::default();
    assert!(error_of(b"", &o).contains("empty"));
    assert!(error_of(b"  \r\n\n", &o).contains("empty"));
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    assert!(error_of(&garbage, &o).contains("does not look like a text/CSV file"));
    assert!(error_of(b"BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n", &o).contains("vCard"));
    // A header and nothing else: not an error, just no rows.
    let imp = CsvImport::new(&b"Name,Email\n"[..], &o).unwrap();
    assert_eq!(imp.contacts().count(), 0);
}

#[test]
fn bad_rows() {
    let text = "Name,Email,Created\n\
                Ada,ada@example.com,2025-01-02\n\
                Short\n\
                Long,x@example.com,2025-01-02,extra\n\
                Bad,ada@,2025-01-02\n\
                Guess,g@example.com,03/04/2025\n\
                Clear,c@example.com,13/04/2025\n\
                ,,\n\
                Open,\"o@example.com,2025-01-02\n";
    let parsed = contacts(text.as_bytes());
    let errors = invalid(&parsed);
    let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
    // Issue 10: a short row is padded, not refused.
    assert_eq!(lines, [4, 5, 9]);
    assert!(errors[0].reason.contains("4 cells"), "{}", errors[0]);
    assert_eq!(errors[1].column.as_deref(), Some("Email"));
    assert!(
        errors[1].to_string().starts_with("line 5, column Email: "),
        "{}",
        errors[1]
    );
    assert!(errors[1].reason.contains("not an e-mail address"));
    assert!(errors[2].reason.contains("not closed"), "{}", errors[2]);
    assert_eq!(errors[2].column.as_deref(), Some("Email"));
    assert_eq!(skipped(&parsed), [8]);
    let recs = records(&parsed);
    assert_eq!(recs.len(), 4);
    assert_eq!(named(&recs, "Short").emails, Vec::<String>::new());
    assert_eq!(named(&recs, "Clear").created, date(2025, 4, 13));
    // 03/04/2025 could be March or April: never guessed, left out with a warning.
    let guess = named(&recs, "Guess");
    assert_eq!(guess.created, None);
    assert!(
        guess
            .warnings
            .iter()
            .any(|w| w.contains("day-first or month-first")),
        "{:?}",
        guess.warnings
    );
    // The raw cells come back for --rejects.
    match &parsed[2] {
        Parsed::Invalid { raw, .. } => {
            assert_eq!(raw, &["Long", "x@example.com", "2025-01-02", "extra"])
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn huge_cell_is_refused_and_reading_goes_on() {
    let big = "x".repeat(1024 * 1024 + 512 * 1024);
    let text = format!("Name,Notes\nAda,{big}\nGrace,short\n");
    let parsed = contacts(text.as_bytes());
    let errors = invalid(&parsed);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, 2);
    assert_eq!(errors[0].column.as_deref(), Some("Notes"));
    assert_eq!(errors[0].reason, "cell is larger than 1 MiB");
    assert_eq!(records(&parsed)[0].name.as_deref(), Some("Grace"));
}

#[test]
fn many_rows_stream() {
    let mut text = String::from("Name,Email\n");
    for i in 0..20_000 {
        text.push_str(&format!("Person {i},p{i}@example.com\n"));
    }
    let imp = CsvImport::new(text.as_bytes(), &ImportOptions::default()).unwrap();
    let mut seen = 0;
    for (i, p) in imp.contacts().enumerate() {
        let rec = p.record().unwrap();
        assert_eq!(rec.line, i as u64 + 2);
        seen = i + 1;
    }
    assert_eq!(seen, 20_000);
}

/// splitmix64: a tiny deterministic generator for the fuzz loops.
pub(super) struct SplitMix(pub u64);

impl SplitMix {
    pub(super) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Bytes biased towards what parsers care about, with some plain noise.
    pub(super) fn bytes(&mut self, pieces: &[&[u8]]) -> Vec<u8> {
        let len = (self.next_u64() % 64) as usize;
        let mut out = Vec::new();
        for _ in 0..len {
            let r = self.next_u64();
            if r.is_multiple_of(4) {
                let noise = (r >> 8) % 8 + 1;
                for k in 0..noise {
                    out.push((r >> (8 + k * 7)) as u8);
                }
            } else if let Some(piece) = pieces.get((r >> 8) as usize % pieces.len().max(1)) {
                out.extend_from_slice(piece);
            }
        }
        out
    }
}

#[test]
fn arbitrary_bytes_never_panic() {
    let pieces: &[&[u8]] = &[
        b",",
        b";",
        b"\t",
        b"\"",
        b"\"\"",
        b"\n",
        b"\r\n",
        b"\r",
        b" ::: ",
        b"Name",
        b"Email",
        b"First Name",
        b"E-mail 1 - Value",
        b"E-mail 1 - Label",
        b"* ",
        b"Connected On",
        b"Notes:",
        b"a@b.co",
        b"urn:li:member:1",
        b"03/04/2025",
        b"--02-30",
        b"0/0/00",
        b"\xEF\xBB\xBF",
        b"\xFF\xFE",
        b"\xe9",
        b"\xC3",
        b"Person - Name",
        b"Deal - Title",
        b"Record ID",
        b"Birthday",
        b"Custom Field 1 - Label",
        b"Custom Field 1 - Value",
        b"x",
        b"12",
        b"Zo\xC3\xAB",
    ];
    let mut rng = SplitMix(0x5EED);
    for round in 0..2000 {
        let input = rng.bytes(pieces);
        let entity = match round % 3 {
            0 => Entity::Contacts,
            1 => Entity::Deals,
            _ => Entity::Interactions,
        };
        if let Ok(imp) = CsvImport::new(&input[..], &opts(entity)) {
            let _ = imp.mapping();
            match entity {
                Entity::Contacts => imp.contacts().for_each(drop),
                Entity::Deals => imp.deals().for_each(drop),
                Entity::Interactions => imp.interactions().for_each(drop),
            }
        }
        let _ = vcards(&input[..]).count();
        let _ = looks_like_vcard(&input);
    }
}
