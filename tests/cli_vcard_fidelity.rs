//! vCard fidelity with other address books: what a card holds beyond crm's own model (the
//! `N` parts) comes back out unchanged.

mod common;
use common::Env;

const COUNTESS: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Byron;Augusta Ada;;Countess;\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nEND:VCARD\r\n";

#[test]
fn n_parts_as_imported_are_written_back_unchanged() {
    let env = Env::new();
    let file = env.dir.path().join("ada.vcf");
    std::fs::write(&file, COUNTESS).unwrap();
    env.ok(&["import", "contacts", file.to_str().unwrap()]);
    let ada = env.json(&["contact", "show", "ada@example.com"]);
    assert_eq!(ada["name"], "Ada Lovelace");
    assert_eq!(ada["fields"]["n"], "Byron;Augusta Ada;;Countess;");
    for flag in [None, Some("--vcard4")] {
        let mut args = vec!["export", "contacts", "--format", "vcard"];
        args.extend(flag);
        let out = env.ok(&args);
        assert!(
            out.contains("\r\nN:Byron;Augusta Ada;;Countess;\r\n"),
            "{out}"
        );
        assert!(out.contains("\r\nFN:Ada Lovelace\r\n"), "{out}");
        assert!(!out.contains("X-CRM-FIELD;KEY=n"), "{out}");
        // And back: still one `n`, the same parts.
        let again = env.dir.path().join("again.vcf");
        std::fs::write(&again, &out).unwrap();
        let other = Env::new();
        other.ok(&["import", "contacts", again.to_str().unwrap()]);
        let back = other.json(&["contact", "show", "ada@example.com"]);
        assert_eq!(back["fields"]["n"], "Byron;Augusta Ada;;Countess;");
        assert_eq!(back["name"], "Ada Lovelace");
    }
    // A plain card whose N is what crm derives keeps no `n`.
    let plain = env.dir.path().join("grace.vcf");
    std::fs::write(
        &plain,
        "BEGIN:VCARD\nVERSION:3.0\nN:Hopper;Grace;;;\nFN:Grace Hopper\nEMAIL:grace@example.com\nEND:VCARD\n",
    )
    .unwrap();
    env.ok(&["import", "contacts", plain.to_str().unwrap()]);
    let grace = env.json(&["contact", "show", "grace@example.com"]);
    assert!(grace["fields"].get("n").is_none(), "{grace}");
}

/// A card with every phone type, in vCard 2.1's bare form and 3.0's `TYPE=` form.
const TYPED: &str = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Hopper;Grace\r\nFN:Grace Hopper\r\n\
EMAIL;INTERNET;WORK:grace@navy.example\r\nEMAIL;HOME:grace@home.example\r\n\
TEL;CELL:+1 555 0100\r\nTEL;WORK;VOICE:+1 555 0101\r\nTEL;HOME:+1 555 0102\r\n\
TEL;WORK;FAX:+1 555 0103\r\nTEL;PAGER:+1 555 0104\r\nTEL:+1 555 0105\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nN:Johnson;Katherine;;;\r\nFN:Katherine Johnson\r\n\
EMAIL;TYPE=INTERNET:kj@nasa.example\r\nTEL;TYPE=HOME:+1 555 0200\r\nTEL;TYPE=CELL,PREF:+1 555 0201\r\nEND:VCARD\r\n";

/// Each contact's phones and e-mails with their types, in order.
fn reach(env: &Env) -> Vec<serde_json::Value> {
    ["grace@navy.example", "kj@nasa.example"]
        .iter()
        .map(|who| {
            let c = env.json(&["contact", "show", who]);
            serde_json::json!([c["emails"], c["email_types"], c["phones"], c["phone_types"]])
        })
        .collect()
}

#[test]
fn tel_and_email_types_round_trip_through_vcard_3_4_and_vdir() {
    let env = Env::new();
    let file = env.dir.path().join("typed.vcf");
    std::fs::write(&file, TYPED).unwrap();
    env.ok(&["import", "contacts", file.to_str().unwrap()]);
    let grace = env.json(&["contact", "show", "grace@navy.example"]);
    assert_eq!(
        grace["phone_types"],
        serde_json::json!({"+1 555 0100": "cell", "+1 555 0101": "work", "+1 555 0102": "home",
            "+1 555 0103": "fax", "+1 555 0104": "pager"}),
        "{grace}"
    );
    assert_eq!(
        grace["email_types"],
        serde_json::json!({"grace@navy.example": "work", "grace@home.example": "home"})
    );
    let kj = env.json(&["contact", "show", "kj@nasa.example"]);
    assert_eq!(
        kj["phones"][0], "+1 555 0201",
        "the preferred phone comes first"
    );
    let want = reach(&env);

    let v3 = env.ok(&["export", "contacts", "--format", "vcard"]);
    for line in [
        "TEL;TYPE=CELL,PREF:+1 555 0100",
        "TEL;TYPE=WORK:+1 555 0101",
        "TEL;TYPE=HOME:+1 555 0102",
        "TEL;TYPE=FAX:+1 555 0103",
        "TEL;TYPE=PAGER:+1 555 0104",
        "TEL:+1 555 0105",
        "EMAIL;TYPE=INTERNET,WORK,PREF:grace@navy.example",
        "EMAIL;TYPE=INTERNET,HOME:grace@home.example",
    ] {
        assert!(v3.contains(&format!("\r\n{line}\r\n")), "{line}: {v3}");
    }
    let v4 = env.ok(&["export", "contacts", "--format", "vcard", "--vcard4"]);
    for line in [
        "TEL;TYPE=cell;PREF=1:+1 555 0100",
        "TEL;TYPE=fax:+1 555 0103",
        "EMAIL;TYPE=work;PREF=1:grace@navy.example",
    ] {
        assert!(v4.contains(&format!("\r\n{line}\r\n")), "{line}: {v4}");
    }
    // PREF once per list: one e-mail and one phone per card.
    assert_eq!(v3.matches("PREF").count(), 4, "{v3}");
    assert_eq!(v4.matches("PREF").count(), 4, "{v4}");

    for (name, text) in [("v3.vcf", &v3), ("v4.vcf", &v4)] {
        let path = env.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let other = Env::new();
        other.ok(&["import", "contacts", path.to_str().unwrap()]);
        assert_eq!(reach(&other), want, "{name}");
    }
    let dir = env.dir.path().join("book");
    env.ok(&["export", "contacts", "--vdir", dir.to_str().unwrap()]);
    let other = Env::new();
    other.ok(&["import", "contacts", dir.to_str().unwrap()]);
    assert_eq!(reach(&other), want, "vdir");
}

/// Phone and e-mail types from CSV columns: Google's type cells, Outlook's and
/// Thunderbird's column names, Pipedrive's `Phone - Mobile`.
#[test]
fn csv_column_names_and_type_cells_give_phone_types() {
    let env = Env::new();
    let write = |name: &str, text: &str| {
        let path = env.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        env.ok(&["import", "contacts", path.to_str().unwrap()]);
    };
    write(
        "google.csv",
        "Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value\n\
         Ada Lovelace,* Work,ada@example.com,Mobile,+44 20 0001,Home,+44 20 0002\n",
    );
    write(
        "outlook.csv",
        "First Name,Last Name,E-mail Address,Mobile Phone,Business Phone,Home Phone,Business Fax\n\
         Grace,Hopper,grace@example.com,+1 555 0001,+1 555 0002,+1 555 0003,+1 555 0004\n",
    );
    write(
        "thunderbird.csv",
        "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number\n\
         Katherine,Johnson,Katherine Johnson,,kj@example.com,,+1 555 0005,+1 555 0006,+1 555 0007,+1 555 0008,+1 555 0009\n",
    );
    write(
        "pipedrive.csv",
        "Person - Name,Person - Email - Work,Person - Email - Home,Person - Phone - Work,Person - Phone - Mobile\n\
         Gus Pipe,gus@work.example,gus@home.example,555-0701,555-0702\n",
    );
    let gus = env.json(&["contact", "show", "gus@work.example"]);
    assert_eq!(
        gus["phone_types"],
        serde_json::json!({"555-0701": "work", "555-0702": "cell"})
    );
    assert_eq!(
        gus["email_types"],
        serde_json::json!({"gus@work.example": "work", "gus@home.example": "home"})
    );
    let types = |who: &str| env.json(&["contact", "show", who])["phone_types"].clone();
    assert_eq!(
        types("ada@example.com"),
        serde_json::json!({"+44 20 0001": "cell", "+44 20 0002": "home"})
    );
    assert_eq!(
        env.json(&["contact", "show", "ada@example.com"])["email_types"],
        serde_json::json!({"ada@example.com": "work"})
    );
    assert_eq!(
        types("grace@example.com"),
        serde_json::json!({"+1 555 0001": "cell", "+1 555 0002": "work", "+1 555 0003": "home", "+1 555 0004": "fax"})
    );
    assert_eq!(
        types("kj@example.com"),
        serde_json::json!({"+1 555 0005": "work", "+1 555 0006": "home", "+1 555 0007": "fax", "+1 555 0008": "pager", "+1 555 0009": "cell"})
    );
    let v3 = env.ok(&["export", "contacts", "--format", "vcard"]);
    assert!(v3.contains("\r\nTEL;TYPE=FAX:+1 555 0004\r\n"), "{v3}");
    assert!(v3.contains("\r\nTEL;TYPE=PAGER:+1 555 0008\r\n"), "{v3}");
}
