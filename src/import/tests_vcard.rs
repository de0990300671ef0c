//! vCard: the Apple sample and built cards for 2.1, Google's 3.0 and 4.0.

use super::tests_csv::{field, invalid, named, records, skipped};
use super::tests_formats::SplitMix;
use super::*;

fn cards(text: &str) -> Vec<Parsed<ContactRecord>> {
    vcards(text.as_bytes()).collect()
}

#[test]
fn apple_contacts_sample() {
    let file = std::fs::File::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/formats/apple_contacts.vcf"
    ))
    .expect("fixture file");
    let parsed: Vec<_> = vcards(file).collect();
    assert_eq!(parsed.len(), 6);
    assert!(invalid(&parsed).is_empty(), "{:?}", invalid(&parsed));
    let recs = records(&parsed);
    let lines: Vec<u64> = recs.iter().map(|r| r.line).collect();
    assert_eq!(lines, [1, 36, 55, 77, 91, 104]);

    let zoe = &recs[0];
    assert_eq!(zoe.name.as_deref(), Some("Zoë Ærøskøbing"));
    assert_eq!(
        zoe.emails,
        [
            "zoe@fjordlys.example",
            "zoe.a@example.net",
            "zoe+newsletter@example.net"
        ]
    );
    assert_eq!(zoe.phones, ["+45 55 55 01 23", "+45 55 55 01 24"]);
    assert_eq!(zoe.company.as_deref(), Some("Fjordlys ApS"));
    assert_eq!(zoe.title.as_deref(), Some("UX Researcher"));
    assert_eq!(zoe.tags, ["Clients", "Design"]);
    assert_eq!(field(zoe, "birthday"), Some("--05-14"), "X-APPLE-OMIT-YEAR");
    assert_eq!(
        field(zoe, "address"),
        Some("Havnegade 3, Ærøskøbing, 5970, Denmark")
    );
    assert_eq!(
        zoe.notes.as_deref(),
        Some("Met at the Copenhagen UX meetup (Nørrebro); wants a proposal for the Q1 research sprint, budget approx. 60.000 DKK, decision by end of January.\nLikes: smørrebrød, øl, long walks; hates: cold calls.")
    );
    assert_eq!(zoe.source.as_deref(), Some("vcard"));

    let hanako = named(&recs, "山田 花子");
    assert_eq!(hanako.company.as_deref(), Some("株式会社サンプル商事"));
    assert_eq!(hanako.tags, ["Japan", "Leads"]);

    let jordan = named(&recs, "Jordan Ellis");
    assert_eq!(jordan.company.as_deref(), Some("Ellis Design Co, LLC"));
    assert_eq!(field(jordan, "website"), Some("https://ellis.example.com"));
    assert_eq!(jordan.phones, ["+1 (555) 010-0142", "+1 (555) 010-0199"]);
    assert_eq!(
        jordan.emails,
        ["jordan.ellis@example.com", "jordan@example.net"]
    );
    assert_eq!(field(jordan, "birthday"), Some("1987-10-06"));
    assert_eq!(
        field(jordan, "address"),
        Some("500 Example Ave, Suite 12, Portland, OR, 97201, United States")
    );
    assert_eq!(
        jordan.notes.as_deref(),
        Some("Prefers email; never call before 10am PT, he's a late starter.")
    );

    let company = named(&recs, "Castellanos & Sons");
    assert_eq!(company.company.as_deref(), Some("Castellanos & Sons"));
    assert_eq!(company.phones, ["(555) 010-7700", "(555) 010-7789"]);

    let robert = named(&recs, "Robert Castellanos Jr.");
    assert_eq!(robert.title.as_deref(), Some("Owner, Operations"));
    assert_eq!(field(robert, "nickname"), Some("Bobby"));
    assert_eq!(field(robert, "spouse"), Some("Maria Castellanos"));

    let lena = named(&recs, "Dr. Lena Brandt");
    assert_eq!(
        lena.emails,
        ["lena.brandt@example.de", "l.brandt@example.org"]
    );
    assert_eq!(field(lena, "birthday"), Some("1979-04-01"));
    assert_eq!(
        lena.notes.as_deref(),
        Some("Says \"bitte nur per E-Mail\"; invoices to: Buchhaltung, Postfach 10 20 30, 01001 Dresden.")
    );
}

#[test]
fn vcard_21_quoted_printable_and_bare_types() {
    let text = [
        "BEGIN:VCARD",
        "VERSION:2.1",
        // A soft line break inside the two bytes of "ü".
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=",
        "=BCrgen;;;",
        "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=windows-1252:Gr=FC=DFe aus K=F6ln=0D=0A=",
        "zweite Zeile",
        "EMAIL;INTERNET;WORK:j.mueller@example.de",
        "EMAIL;INTERNET;PREF:juergen@example.de",
        "TEL;CELL:+49 170 0000000",
        "PHOTO;ENCODING=BASE64;TYPE=JPEG:",
        "  /9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAoHBwgHBgoICAgL",
        "  CgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEEx",
        "",
        "",
        "ORG:Example GmbH;Vertrieb",
        "END:VCARD",
        "",
    ]
    .join("\r\n");
    let text = text.as_str();
    let parsed = cards(text);
    let recs = records(&parsed);
    assert_eq!(recs.len(), 1, "{parsed:?}");
    let j = &recs[0];
    // No FN: the name comes from N, whose value was split inside "ü".
    assert_eq!(j.name.as_deref(), Some("Jürgen Müller"));
    assert_eq!(j.notes.as_deref(), Some("Grüße aus Köln\nzweite Zeile"));
    assert_eq!(j.emails, ["juergen@example.de", "j.mueller@example.de"]);
    assert_eq!(j.phones, ["+49 170 0000000"]);
    assert_eq!(j.company.as_deref(), Some("Example GmbH"));
}

#[test]
fn google_and_vcard_40_cards() {
    let text = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Ada Lovelace",
        "N:Lovelace;Ada;;;",
        "EMAIL;TYPE=INTERNET;TYPE=WORK:ada@example.com",
        "CATEGORIES:myContacts,starred,Clients",
        "item1.ADR:;;;;;;",
        "PHOTO:https://lh3.googleusercontent.com/contacts/abc",
        "END:VCARD",
        "BEGIN:VCARD",
        "VERSION:4.0",
        "KIND:individual",
        "FN:Grace",
        "  Hopper",
        "TEL;VALUE=uri;TYPE=cell:tel:+1-555-0100",
        "TEL;VALUE=uri;PREF=1;TYPE=work:tel:+1-555-0199",
        "EMAIL;TYPE=work,pref:grace@example.com",
        "BDAY:--1209",
        "PHOTO:data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD",
        " /2wBDAAoHBwgHBgoICAgL",
        "END:VCARD",
        "",
    ]
    .join("\n");
    let text = text.as_str();
    let recs = records(&cards(text));
    assert_eq!(recs.len(), 2);
    let ada = named(&recs, "Ada Lovelace");
    assert_eq!(ada.tags, ["Clients"]);
    assert!(ada.fields.is_empty(), "{:?}", ada.fields);
    let grace = named(&recs, "Grace Hopper");
    assert_eq!(grace.phones, ["+1-555-0199", "+1-555-0100"]);
    assert_eq!(grace.emails, ["grace@example.com"]);
    assert_eq!(field(grace, "birthday"), Some("--12-09"));
}

#[test]
fn icloud_group_cards_become_tags() {
    let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Book club\r\nX-ADDRESSBOOKSERVER-KIND:group\r\n\
X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:AAA-1\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nUID:aaa-1\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nUID:bbb-2\r\nEND:VCARD\r\n";
    let parsed = cards(text);
    assert_eq!(skipped(&parsed), [1]);
    let recs = records(&parsed);
    assert_eq!(named(&recs, "Ada Lovelace").tags, ["Book club"]);
    assert!(named(&recs, "Grace Hopper").tags.is_empty());
}

#[test]
fn broken_cards() {
    // No END:VCARD, then a card that is fine.
    let parsed =
        cards("BEGIN:VCARD\nFN:Ada\nBEGIN:VCARD\nFN:Grace\nEND:VCARD\nBEGIN:VCARD\nFN:Cut\n");
    let errors = invalid(&parsed);
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].line, 1);
    assert_eq!(errors[0].reason, "card starting at line 1 has no END:VCARD");
    assert_eq!(errors[1].reason, "card starting at line 6 has no END:VCARD");
    assert_eq!(records(&parsed).len(), 1);
    match &parsed[0] {
        Parsed::Invalid { raw, .. } => assert_eq!(raw, &["BEGIN:VCARD", "FN:Ada"]),
        other => panic!("{other:?}"),
    }

    // Invalid quoted-printable.
    let parsed =
        cards("BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Bad=ZZ\nEND:VCARD\n");
    let errors = invalid(&parsed);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].column.as_deref(), Some("FN"));
    assert!(
        errors[0].reason.contains("quoted-printable"),
        "{}",
        errors[0]
    );

    // An address with an @ that is not valid refuses the card; a plain word is dropped.
    let parsed = cards(
        "BEGIN:VCARD\nFN:Ada\nEMAIL:ada@\nEND:VCARD\nBEGIN:VCARD\nFN:Bob\nEMAIL:none\nEND:VCARD\n",
    );
    assert_eq!(invalid(&parsed).len(), 1);
    let bob = &records(&parsed)[0];
    assert!(bob.emails.is_empty());
    assert_eq!(bob.warnings.len(), 1);

    // Nothing to import.
    assert_eq!(
        skipped(&cards("BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nEND:VCARD\n")),
        [1]
    );
    // Not a vCard at all.
    let parsed = cards("Name,Email\nAda,ada@example.com\n");
    assert_eq!(invalid(&parsed).len(), 1);
    assert!(cards("").is_empty());
}

#[test]
fn huge_photo_streams_past() {
    let mut text =
        String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nPHOTO;ENCODING=b;TYPE=JPEG:");
    text.push_str(&"QUJD".repeat(1000));
    for _ in 0..40_000 {
        text.push_str("\r\n ");
        text.push_str(&"QUJD".repeat(18));
    }
    text.push_str("\r\nEMAIL:ada@example.com\r\nEND:VCARD\r\n");
    let recs = records(&cards(&text));
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0].emails, ["ada@example.com"]);
}

#[test]
fn arbitrary_bytes_never_panic_in_vcards() {
    let pieces: &[&[u8]] = &[
        b"BEGIN:VCARD",
        b"END:VCARD",
        b"\r\n",
        b"\n",
        b" ",
        b"\t",
        b":",
        b";",
        b"=",
        b"=C3",
        b"=\r\n",
        b"ENCODING=QUOTED-PRINTABLE",
        b"CHARSET=windows-1252",
        b"FN",
        b"N",
        b"EMAIL",
        b"TEL",
        b"PHOTO",
        b"item1.",
        b"X-ABLabel",
        b"TYPE=pref",
        b"\\",
        b"\\n",
        b",",
        b"\"",
        b"a@b.co",
        b"BDAY:",
        b"--02-30",
        b"KIND:group",
        b"MEMBER:urn:uuid:x",
        b"UID:x",
        b"\xC3\xAB",
        b"\xFF",
    ];
    let mut rng = SplitMix(0xC0FFEE);
    for _ in 0..2000 {
        let input = rng.bytes(pieces);
        let _ = vcards(&input[..]).count();
        let _ = looks_like_vcard(&input);
    }
}

#[test]
fn quoted_printable_without_charset_is_read_in_the_files_encoding() {
    // A Shift_JIS address book (old Japanese phones): raw text, and a quoted-printable
    // NOTE with no CHARSET whose bytes are Shift_JIS too.
    let (note_bytes, _, _) = encoding_rs::SHIFT_JIS.encode("打ち合わせ");
    let qp: String = note_bytes.iter().map(|b| format!("={b:02X}")).collect();
    let text = format!(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:山田;太郎;;;\r\nFN:山田 太郎\r\nORG:株式会社サンプル東京本社営業部\r\nTITLE:営業部長\r\nNOTE;ENCODING=QUOTED-PRINTABLE:{qp}\r\nEMAIL:taro@example.jp\r\nEND:VCARD\r\n"
    );
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let parsed: Vec<_> = vcards(&bytes[..]).collect();
    let recs = records(&parsed);
    let taro = named(&recs, "山田 太郎");
    assert_eq!(
        taro.company.as_deref(),
        Some("株式会社サンプル東京本社営業部")
    );
    assert_eq!(taro.title.as_deref(), Some("営業部長"));
    assert_eq!(taro.notes.as_deref(), Some("打ち合わせ"));
    assert!(taro.warnings.is_empty(), "{:?}", taro.warnings);

    // A declared charset that the bytes do not fit: Windows-1252, with a warning.
    let parsed = cards("BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ren=E9e\r\nEND:VCARD\r\n");
    let renee = &records(&parsed)[0];
    assert_eq!(renee.name.as_deref(), Some("Renée"));
    assert!(
        renee.warnings[0].contains("are not valid UTF-8; read as Windows-1252"),
        "{:?}",
        renee.warnings
    );
    // An unknown charset: the same.
    let parsed = cards("BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=X-MAC-KLINGON;ENCODING=QUOTED-PRINTABLE:Ren=E9e\r\nEND:VCARD\r\n");
    let renee = &records(&parsed)[0];
    assert_eq!(renee.name.as_deref(), Some("Renée"));
    assert!(
        renee.warnings[0].contains("unknown charset"),
        "{:?}",
        renee.warnings
    );
}

#[test]
fn text_escapes_and_categories_per_rfc() {
    let parsed = cards(concat!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n",
        "NOTE:line one\\Nline two\\, with \\\"quotes\\\" and a \\\\ backslash\\; done\r\n",
        "CATEGORIES:Book club,Friends\\, close,Work\r\n",
        "END:VCARD\r\n"
    ));
    let ada = &records(&parsed)[0];
    assert_eq!(
        ada.notes.as_deref(),
        Some("line one\nline two, with \"quotes\" and a \\ backslash; done")
    );
    assert_eq!(ada.tags, ["Book club", "Friends", "close", "Work"]);
    assert_eq!(ada.warnings.len(), 1, "{:?}", ada.warnings);
    assert!(
        ada.warnings[0].contains("\"Friends, close\""),
        "{:?}",
        ada.warnings
    );
}
