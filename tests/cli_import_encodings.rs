//! `crm import` of files in other encodings, on files each test builds: legacy code pages
//! guessed from the bytes, `--encoding`, BOM-less UTF-16, a UTF-8 file with a bad byte,
//! vCard quoted-printable and escapes, and the e-mails Thunderbird writes.

mod common;
use common::Env;
use encoding_rs::{Encoding, BIG5, EUC_JP, GB18030, KOI8_R, SHIFT_JIS, WINDOWS_1251};
use serde_json::Value;

/// A new database, made before the test's first refused command compares dumps.
fn fresh() -> Env {
    let env = Env::new();
    env.ok(&["contact", "list"]);
    env
}

fn write(env: &Env, name: &str, bytes: &[u8]) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

fn encoded(text: &str, enc: &'static Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = enc.encode(text);
    assert!(!unmappable, "{} cannot hold the test text", enc.name());
    bytes.into_owned()
}

fn contact(env: &Env, reference: &str) -> Value {
    env.json(&["contact", "show", reference])
}

/// Name, e-mail, company and notes of one person.
type Person<'a> = (&'a str, &'a str, &'a str, &'a str);

/// A contacts CSV whose names, companies and notes need the encoding.
fn people_csv(rows: &[Person]) -> String {
    let mut text = String::from("Name,Email,Company,Notes\r\n");
    for (name, email, company, notes) in rows {
        text.push_str(&format!("{name},{email},{company},\"{notes}\"\r\n"));
    }
    text
}

#[test]
fn legacy_code_pages_are_guessed_and_named_in_the_summary() {
    let cases: [(&'static Encoding, [Person; 3]); 6] = [
        (
            SHIFT_JIS,
            [
                (
                    "山田 太郎",
                    "taro@example.jp",
                    "株式会社サンプル",
                    "来週の打ち合わせについて連絡する",
                ),
                (
                    "佐藤 花子",
                    "hanako@example.jp",
                    "東京商事",
                    "見積もりを送付済み、返事を待っている",
                ),
                (
                    "鈴木 一郎",
                    "ichiro@example.jp",
                    "大阪電機",
                    "展示会で名刺を交換した",
                ),
            ],
        ),
        (
            EUC_JP,
            [
                (
                    "山田 太郎",
                    "taro@example.jp",
                    "株式会社サンプル",
                    "来週の打ち合わせについて連絡する",
                ),
                (
                    "佐藤 花子",
                    "hanako@example.jp",
                    "東京商事",
                    "見積もりを送付済み、返事を待っている",
                ),
                (
                    "鈴木 一郎",
                    "ichiro@example.jp",
                    "大阪電機",
                    "展示会で名刺を交換した",
                ),
            ],
        ),
        (
            GB18030,
            [
                (
                    "王小明",
                    "wang@example.cn",
                    "北京科技有限公司",
                    "下周一打电话讨论合同",
                ),
                (
                    "李华",
                    "li@example.cn",
                    "上海贸易公司",
                    "已经发送报价，等待回复",
                ),
                ("张伟", "zhang@example.cn", "深圳电子", "在展会上交换了名片"),
            ],
        ),
        (
            BIG5,
            [
                (
                    "陳大文",
                    "chan@example.tw",
                    "台北科技股份有限公司",
                    "下週一打電話討論合約",
                ),
                (
                    "林美玲",
                    "lin@example.tw",
                    "高雄貿易公司",
                    "已經寄出報價，等待回覆",
                ),
                (
                    "黃志明",
                    "huang@example.tw",
                    "新竹電子",
                    "在展覽會上交換了名片",
                ),
            ],
        ),
        (
            KOI8_R,
            [
                (
                    "Дмитрий Петров",
                    "d@example.ru",
                    "ООО Ромашка",
                    "Позвонить в понедельник насчёт договора",
                ),
                (
                    "Анна Смирнова",
                    "anna@example.ru",
                    "Северные Технологии",
                    "Отправили предложение, ждём ответа",
                ),
                (
                    "Иван Соколов",
                    "ivan@example.ru",
                    "Восток",
                    "Познакомились на выставке",
                ),
            ],
        ),
        (
            WINDOWS_1251,
            [
                (
                    "Дмитрий Петров",
                    "d@example.ru",
                    "ООО Ромашка",
                    "Позвонить в понедельник насчёт договора",
                ),
                (
                    "Анна Смирнова",
                    "anna@example.ru",
                    "Северные Технологии",
                    "Отправили предложение, ждём ответа",
                ),
                (
                    "Иван Соколов",
                    "ivan@example.ru",
                    "Восток",
                    "Познакомились на выставке",
                ),
            ],
        ),
    ];
    for (enc, rows) in cases {
        let env = fresh();
        let file = write(&env, "people.csv", &encoded(&people_csv(&rows), enc));
        let o = env.json(&["import", "contacts", &file]);
        assert_eq!(o["created"], 3, "{}: {o}", enc.name());
        // GB18030 text is read by the GBK decoder, which reads all of GB18030; KOI8-R by
        // KOI8-U, which differs only in Ukrainian letters.
        let expected = match enc.name() {
            "gb18030" => "GBK",
            "KOI8-R" => "KOI8-U",
            other => other,
        };
        assert_eq!(o["encoding"], expected, "{o}");
        assert_eq!(o["encoding_guessed"], true, "{o}");
        for (name, email, company, notes) in rows {
            let c = contact(&env, email);
            assert_eq!(c["name"], name, "{}", enc.name());
            assert_eq!(c["emails"], serde_json::json!([email]));
            assert_eq!(c["company"], company);
            assert_eq!(c["notes"], notes);
        }
        let said = env.ok(&["import", "contacts", &file, "--dry-run"]);
        assert!(said.contains("guessed from the bytes"), "{said}");
    }
}

#[test]
fn encoding_flag_overrides_and_refuses_what_it_cannot_read() {
    let env = fresh();
    let rows = [("山田 太郎", "taro@example.jp", "株式会社サンプル", "メモ")];
    let sjis = write(&env, "sjis.csv", &encoded(&people_csv(&rows), SHIFT_JIS));

    // Not UTF-8: refused with the line and column of the first byte it cannot read.
    let err = env.refused(&["import", "contacts", &sjis, "--encoding", "utf-8"]);
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert!(err.contains("line 2, column 1"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");

    let err = env.refused(&["import", "contacts", &sjis, "--encoding", "klingon"]);
    assert!(err.contains("unknown encoding \"klingon\""), "{err}");

    let o = env.json(&["import", "contacts", &sjis, "--encoding", "cp932"]);
    assert_eq!(o["encoding"], "Shift_JIS");
    assert_eq!(o["encoding_guessed"], false);
    let c = contact(&env, "taro@example.jp");
    assert_eq!(c["name"], "山田 太郎");
    assert_eq!(c["company"], "株式会社サンプル");
}

#[test]
fn a_bad_byte_in_a_utf8_file_is_reported_by_line_not_redecoded() {
    let env = fresh();
    // Zoë is UTF-8; José's é is a lone Windows-1252 byte.
    let bytes =
        b"Name,Email\nZo\xC3\xAB Adams,zoe@example.com\nJos\xE9 Garc\xC3\xADa,jose@example.com\n";
    let file = write(&env, "mixed.csv", bytes);
    let err = env.refused(&["import", "contacts", &file]);
    assert!(
        err.contains("line 3: column 4: byte 0xE9 is not valid UTF-8"),
        "{err}"
    );
    assert!(err.contains("--skip-invalid"), "{err}");

    let o = env.json(&["import", "contacts", &file, "--skip-invalid"]);
    assert_eq!(o["created"], 2, "{o}");
    assert_eq!(o["encoding"], "UTF-8");
    assert_eq!(o["encoding_guessed"], false);
    let warnings = o["warnings"].to_string();
    assert!(
        warnings.contains("line 3, column 4: byte 0xE9 is not valid UTF-8; read as Windows-1252"),
        "{warnings}"
    );
    assert_eq!(contact(&env, "zoe@example.com")["name"], "Zoë Adams");
    assert_eq!(contact(&env, "jose@example.com")["name"], "José García");
}

#[test]
fn a_bad_byte_far_into_the_file_is_reported_too() {
    let env = fresh();
    let mut text = String::from("Name,Email,Notes\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "Zoë {i},zoe{i}@example.com,café au lait number {i}\n"
        ));
    }
    let mut bytes = text.into_bytes();
    // Line 3002: a row far past the first 64 KiB, with one bad byte.
    bytes.extend_from_slice(b"Late \xFF Row,late@example.com,note\n");
    assert!(bytes.len() > 100_000);
    let file = write(&env, "late.csv", &bytes);
    let err = env.refused(&["import", "contacts", &file]);
    assert!(err.contains("line 3002: column 6: byte 0xFF"), "{err}");

    let o = env.json(&["import", "contacts", &file, "--skip-invalid"]);
    assert_eq!(o["created"], 3001, "{}", o["warnings"]);
    let late = contact(&env, "late@example.com");
    assert_eq!(late["name"], "Late ÿ Row");
    assert!(!late.to_string().contains('\u{FFFD}'));
    assert_eq!(contact(&env, "zoe2999@example.com")["name"], "Zoë 2999");
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

#[test]
fn bomless_utf16_vcards_and_csv_are_detected() {
    for big_endian in [false, true] {
        let env = fresh();
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Дмитрий Петров\r\nN:Петров;Дмитрий;;;\r\nEMAIL;TYPE=work:d@example.ru\r\nORG:Ромашка\r\nNOTE:Звонить утром\r\nEND:VCARD\r\n";
        let file = write(&env, "card.vcf", &utf16(card, big_endian));
        let o = env.json(&["import", "contacts", &file]);
        assert_eq!(o["format"], "vcard");
        assert_eq!(o["created"], 1);
        assert_eq!(
            o["encoding"],
            if big_endian { "UTF-16BE" } else { "UTF-16LE" }
        );
        let c = contact(&env, "d@example.ru");
        assert_eq!(c["name"], "Дмитрий Петров");
        assert_eq!(c["company"], "Ромашка");
        assert_eq!(c["notes"], "Звонить утром");

        let csv = "Name,Email,Company\r\n山田 太郎,taro@example.jp,東京商事\r\n";
        let file = write(&env, "people.csv", &utf16(csv, big_endian));
        let o = env.json(&["import", "contacts", &file]);
        assert_eq!(o["created"], 1, "{o}");
        let c = contact(&env, "taro@example.jp");
        assert_eq!(c["name"], "山田 太郎");
        assert_eq!(c["company"], "東京商事");
    }
}

#[test]
fn vcard_quoted_printable_escapes_and_categories() {
    let env = fresh();
    let card = concat!(
        "BEGIN:VCARD\r\nVERSION:2.1\r\n",
        // No CHARSET, and not UTF-8: read as Windows-1252, with a warning.
        "N;ENCODING=QUOTED-PRINTABLE:Garc=EDa;Jos=E9;;;\r\n",
        "FN;ENCODING=QUOTED-PRINTABLE:Jos=E9 Garc=EDa\r\n",
        // Declared: read in it.
        "NOTE;CHARSET=ISO-8859-2;ENCODING=QUOTED-PRINTABLE:=A3=F3d=BC\r\n",
        "EMAIL:jose@example.es\r\n",
        "END:VCARD\r\n",
        "BEGIN:VCARD\r\nVERSION:3.0\r\n",
        "FN:Ada Lovelace\r\n",
        "EMAIL:ada@example.com\r\n",
        "NOTE:She said \\\"yes\\\"\\, then\\nleft\\; C:\\\\temp\r\n",
        "CATEGORIES:Clients,a\\, b,VIP\r\n",
        "END:VCARD\r\n",
    );
    let file = write(&env, "cards.vcf", card.as_bytes());
    let o = env.json(&["import", "contacts", &file]);
    assert_eq!(o["created"], 2, "{o}");
    let warnings = o["warnings"].to_string();
    assert!(
        warnings.contains("have no CHARSET and are not valid UTF-8; read as Windows-1252"),
        "{warnings}"
    );
    assert!(
        warnings.contains("\\\"a, b\\\" holds a comma"),
        "{warnings}"
    );
    let jose = contact(&env, "jose@example.es");
    assert_eq!(jose["name"], "José García");
    assert_eq!(jose["notes"], "Łódź");
    assert!(!jose.to_string().contains('\u{FFFD}'));
    let ada = contact(&env, "ada@example.com");
    assert_eq!(ada["notes"], "She said \"yes\", then\nleft; C:\\temp");
    let mut tags: Vec<String> = ada["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    tags.sort();
    assert_eq!(tags, ["Clients", "VIP", "a", "b"]);
}

#[test]
fn a_truncated_vcard_is_refused_with_its_line() {
    let env = fresh();
    let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half Card\r\n";
    let file = write(&env, "cut.vcf", text.as_bytes());
    let err = env.refused(&["import", "contacts", &file]);
    assert!(
        err.contains("line 5: card starting at line 5 has no END:VCARD"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
}

#[test]
fn thunderbird_addresses_are_addresses() {
    let env = fresh();
    let csv = "First Name,Last Name,Display Name,Primary Email\r\nAda,Lovelace,Ada Lovelace,ada@host.invalid\r\nRoot,User,Root User,root@localhost\r\nQuote,Local,Quote Local,\"\"\"quoted local\"\"@example.org\"\r\nZoë,Ærø,Zoë Ærø,zoë@example.dk\r\n";
    let file = write(&env, "thunderbird.csv", csv.as_bytes());
    let o = env.json(&["import", "contacts", &file]);
    assert_eq!(o["created"], 4, "{o}");
    for (email, name) in [
        ("ada@host.invalid", "Ada Lovelace"),
        ("root@localhost", "Root User"),
        ("\"quoted local\"@example.org", "Quote Local"),
        ("zoë@example.dk", "Zoë Ærø"),
    ] {
        let list = env.json(&["contact", "list"]);
        let c = list
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing: {list}"));
        assert_eq!(c["emails"], serde_json::json!([email]), "{name}");
    }
    // Plainly not an address: dropped with a warning; broken: the row is refused.
    let li = "First Name,Last Name,Email Address,Company,Position,Connected On\r\nOld,Member,urn:li:member:12345,Acme,CEO,\"1/8/18, 6:14 PM\"\r\n";
    let o = env.json(&["import", "contacts", &write(&env, "li.csv", li.as_bytes())]);
    assert_eq!(o["created"], 1, "{o}");
    assert!(o["warnings"].to_string().contains("urn:li:member"), "{o}");
    let bad = "Name,Email\r\nAda,ada@\r\n";
    let err = env.refused(&[
        "import",
        "contacts",
        &write(&env, "bad.csv", bad.as_bytes()),
    ]);
    assert!(err.contains("not an e-mail address"), "{err}");
}
