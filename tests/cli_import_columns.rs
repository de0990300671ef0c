//! Issue 10, "nothing lost quietly": every vendor's secondary e-mail and phone columns,
//! birthdays split over three columns, columns no field takes, short rows and files
//! without a header. Each test builds its CSV and checks the stored contact field by field.

mod common;
use common::Env;
use serde_json::{json, Value};

fn write(env: &Env, name: &str, text: &str) -> String {
    let p = env.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn import(env: &Env, path: &str, extra: &[&str]) -> Value {
    let mut a = vec!["import", "contacts", path];
    a.extend_from_slice(extra);
    env.json(&a)
}

fn show(env: &Env, who: &str) -> Value {
    env.json(&["contact", "show", who])
}

/// Thunderbird's header as it exports it (trailing comma included), from a real export
/// quoted in owncloud-archive/contacts#1108 and roundcube's csv2vcard test data.
const THUNDERBIRD: &str = "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,Home Address,Home Address 2,Home City,Home State,Home ZipCode,Home Country,Work Address,Work Address 2,Work City,Work State,Work ZipCode,Work Country,Job Title,Department,Organization,Web Page 1,Web Page 2,Birth Year,Birth Month,Birth Day,Custom 1,Custom 2,Custom 3,Custom 4,Notes,\n";

#[test]
fn thunderbird_csv_keeps_every_address_phone_and_the_birthday() {
    let env = Env::new();
    let text = format!(
        "{THUNDERBIRD}\
         Ada,Lovelace,Ada Lovelace,Ada,ada@host.invalid,ada.l@home.example,adal,+44 20 7946 0001,+44 20 7946 0002,+44 20 7946 0003,+44 20 7946 0004,+44 7700 900005,1 Home St,,London,,N1 1AA,UK,,,,,,,Countess,Maths,Analytical Engines,https://ada.example,,1815,12,10,blue,,,,Likes engines,\n\
         Grace,Hopper,,,grace@navy.example,,,,,,,,,,,,,,,,,,,,,,,,,,2,29,,,,,,\n\
         Alan,Turing,,,alan@example.org,,,,,,,,,,,,,,,,,,,,,,,,,1912,13,40,,,,,,\n"
    );
    let path = write(&env, "tb.csv", &text);
    let r = import(&env, &path, &[]);
    assert_eq!(r["format"], "thunderbird");
    assert_eq!(r["created"], 3, "{r}");
    assert_eq!(r["columns"]["kept_as_fields"], json!(["Custom 1"]));

    let ada = show(&env, "ada.l@home.example");
    assert_eq!(ada["name"], "Ada Lovelace");
    assert_eq!(
        ada["emails"],
        json!(["ada@host.invalid", "ada.l@home.example"])
    );
    // Mobile first, then work, home, pager and fax.
    assert_eq!(
        ada["phones"],
        json!([
            "+44 7700 900005",
            "+44 20 7946 0001",
            "+44 20 7946 0002",
            "+44 20 7946 0004",
            "+44 20 7946 0003"
        ])
    );
    assert_eq!(ada["company"], "Analytical Engines");
    assert_eq!(ada["title"], "Countess");
    assert_eq!(ada["notes"], "Likes engines");
    assert_eq!(ada["source"], "thunderbird");
    // The birthday is the contact's own (the agenda and `crm birthdays` read it).
    assert_eq!(ada["birthday"], "1815-12-10");
    assert_eq!(
        ada["fields"],
        json!({
            "Custom 1": "blue",
            "department": "Maths",
            "home address": "1 Home St, London, N1 1AA, UK",
            "nickname": "Ada",
            "screen name": "adal",
            "website": "https://ada.example"
        })
    );

    let grace = show(&env, "grace@navy.example");
    assert_eq!(grace["name"], "Grace Hopper");
    assert_eq!(grace["birthday"], "--02-29");
    assert_eq!(grace["fields"], json!({}));

    // Month 13 makes no date: the parts are kept as they are, with a warning.
    let alan = show(&env, "alan@example.org");
    assert_eq!(
        alan["fields"],
        json!({"Birth Year": "1912", "Birth Month": "13", "Birth Day": "40"})
    );
    assert!(
        r["warnings"].to_string().contains("make no birthday"),
        "{r}"
    );
}

#[test]
fn thunderbird_uk_and_german_headers() {
    let env = Env::new();
    let uk = "First Name,Last Name,Display Name,Nickname,Email,Secondary Email,Screen Name,Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,Home Address,Home Address 2,Home City,Home County,Home Post Code,Home Country,Job Title,Department,Organisation,Birth Year,Birth Month,Birth Day,Notes\n\
              Ann,Lee,,,ann@example.co.uk,ann2@example.co.uk,,,01632 960001,,,07700 900002,,,Leeds,,LS1 1AA,,,,Lee Ltd,1990,5,4,\n";
    let r = import(&env, &write(&env, "uk.csv", uk), &[]);
    assert_eq!(r["format"], "thunderbird");
    let ann = show(&env, "ann@example.co.uk");
    assert_eq!(ann["name"], "Ann Lee");
    assert_eq!(
        ann["emails"],
        json!(["ann@example.co.uk", "ann2@example.co.uk"])
    );
    assert_eq!(ann["phones"], json!(["07700 900002", "01632 960001"]));
    assert_eq!(ann["company"], "Lee Ltd");
    assert_eq!(ann["birthday"], "1990-05-04");
    assert_eq!(ann["fields"], json!({"home address": "Leeds, LS1 1AA"}));

    // German Thunderbird, as roundcube's csv2vcard localisation lists it.
    let de = "Vorname,Nachname,Anzeigename,Spitzname,Primäre E-Mail-Adresse,Sekundäre E-Mail-Adresse,Tel. dienstlich,Fax-Nummer,Pager-Nummer,Mobil-Tel.-Nr.,Geburtsjahr,Geburtsmonat,Geburtstag\n\
              Jörg,Müller,Jörg Müller,,joerg@example.de,jm@example.de,030 1234,030 1235,,0170 1236,1980,7,9\n";
    let r = import(&env, &write(&env, "de.csv", de), &[]);
    assert_eq!(r["format"], "thunderbird");
    let jorg = show(&env, "joerg@example.de");
    assert_eq!(jorg["name"], "Jörg Müller");
    assert_eq!(jorg["emails"], json!(["joerg@example.de", "jm@example.de"]));
    assert_eq!(jorg["phones"], json!(["0170 1236", "030 1234", "030 1235"]));
    assert_eq!(jorg["birthday"], "1980-07-09");
    assert_eq!(jorg["fields"], json!({}));
}

#[test]
fn google_old_and_new_and_old_gmail_sections() {
    let env = Env::new();
    // Old Gmail (about 2008): `Section N - …` groups, as exporters of that format wrote it.
    let sections = "Name,E-mail,Notes,Section 1 - Description,Section 1 - Email,Section 1 - IM,Section 1 - Phone,Section 1 - Mobile,Section 1 - Pager,Section 1 - Fax,Section 1 - Company,Section 1 - Title,Section 1 - Other,Section 1 - Address,Section 2 - Description,Section 2 - Email,Section 2 - IM,Section 2 - Phone,Section 2 - Mobile,Section 2 - Pager,Section 2 - Fax,Section 2 - Company,Section 2 - Title,Section 2 - Other,Section 2 - Address\n\
                    Bea Old,bea@example.com,,Personal,bea.home@example.com,,555-0101,555-0102,,,,,,,Business,bea@work.example,,555-0201,,555-0202,555-0203,Work Co,Buyer,,\n";
    let r = import(&env, &write(&env, "gmail.csv", sections), &[]);
    assert_eq!(r["format"], "google");
    let bea = show(&env, "bea@example.com");
    assert_eq!(bea["name"], "Bea Old");
    assert_eq!(
        bea["emails"],
        json!([
            "bea@example.com",
            "bea.home@example.com",
            "bea@work.example"
        ])
    );
    assert_eq!(
        bea["phones"],
        json!(["555-0101", "555-0102", "555-0201", "555-0202", "555-0203"])
    );
    assert_eq!(bea["company"], "Work Co");
    assert_eq!(bea["title"], "Buyer");
    assert_eq!(bea["fields"], json!({}));

    // Older "Google CSV": `E-mail N - Type` / `- Value`, values joined with ` ::: `.
    let old = "Name,Given Name,Family Name,Birthday,Hobby,Group Membership,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value\n\
               Cy Older,Cy,Older,,Chess,* My Contacts,* Home,cy@example.com ::: cy2@example.com,Work,cy@work.example,Mobile,555-0301,Work,555-0302 ::: 555-0303\n";
    let r = import(&env, &write(&env, "old.csv", old), &[]);
    assert_eq!(r["format"], "google");
    let cy = show(&env, "cy@example.com");
    assert_eq!(
        cy["emails"],
        json!(["cy@example.com", "cy2@example.com", "cy@work.example"])
    );
    assert_eq!(cy["phones"], json!(["555-0301", "555-0302", "555-0303"]));
    assert_eq!(cy["fields"], json!({"Hobby": "Chess"}));

    // Current Google CSV: `E-mail N - Label`, `Phone N - Value`.
    let new = "First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value\n\
               Di,Newer,* myContacts,Work,di@work.example,* Home,di@home.example,Mobile,555-0401,Home,555-0402\n";
    import(&env, &write(&env, "new.csv", new), &[]);
    let di = show(&env, "di@home.example");
    assert_eq!(
        di["emails"],
        json!(["di@home.example", "di@work.example"]),
        "the starred address is primary"
    );
    assert_eq!(di["phones"], json!(["555-0401", "555-0402"]));
}

#[test]
fn outlook_hubspot_and_pipedrive_secondary_columns() {
    let env = Env::new();
    let outlook = "\"First Name\",\"Last Name\",\"Business Phone\",\"Business Phone 2\",\"Home Phone\",\"Home Phone 2\",\"Mobile Phone\",\"Pager\",\"Business Fax\",\"E-mail Address\",\"E-mail Type\",\"E-mail Display Name\",\"E-mail 2 Address\",\"E-mail 3 Address\",\"Gender\",\"Priority\",\"Hobby\"\n\
                   \"Eve\",\"Out\",\"555-0501\",\"555-0502\",\"555-0503\",\"555-0504\",\"555-0505\",\"555-0506\",\"555-0507\",\"eve@example.com\",\"SMTP\",\"Eve Out (eve@example.com)\",\"eve2@example.com\",\"eve3@example.com\",\"Unspecified\",\"Normal\",\"Sailing\"\n";
    let r = import(&env, &write(&env, "outlook.csv", outlook), &[]);
    assert_eq!(r["format"], "outlook");
    let eve = show(&env, "eve@example.com");
    assert_eq!(
        eve["emails"],
        json!(["eve@example.com", "eve2@example.com", "eve3@example.com"])
    );
    assert_eq!(
        eve["phones"],
        json!(["555-0505", "555-0501", "555-0502", "555-0503", "555-0504", "555-0506", "555-0507"])
    );
    // Outlook's defaults (Unspecified, Normal) are not data.
    assert_eq!(eve["fields"], json!({"Hobby": "Sailing"}));
    assert_eq!(r["columns"]["kept_as_fields"], json!(["Hobby"]));

    let hubspot = "\"Record ID\",\"First Name\",\"Last Name\",\"Email\",\"Additional email addresses\",\"Phone Number\",\"Mobile Phone Number\",\"Contact owner\"\n\
                   \"101\",\"Finn\",\"Hub\",\"finn@example.com\",\"finn@alt.example;finn@old.example\",\"555-0601\",\"555-0602\",\"Sam Seller\"\n";
    let r = import(&env, &write(&env, "hubspot.csv", hubspot), &[]);
    assert_eq!(r["format"], "hubspot");
    let finn = show(&env, "finn@example.com");
    assert_eq!(
        finn["emails"],
        json!(["finn@example.com", "finn@alt.example", "finn@old.example"])
    );
    assert_eq!(finn["phones"], json!(["555-0602", "555-0601"]));

    let pipedrive = "Person - Name,Person - Email - Work,Person - Email - Home,Person - Email - Other,Person - Phone - Work,Person - Phone - Mobile,Person - Phone - Home\n\
                     Gus Pipe,gus@work.example,gus@home.example,,555-0701,555-0702,555-0703\n";
    let r = import(&env, &write(&env, "pipedrive.csv", pipedrive), &[]);
    assert_eq!(r["format"], "pipedrive");
    let gus = show(&env, "gus@work.example");
    assert_eq!(
        gus["emails"],
        json!(["gus@work.example", "gus@home.example"])
    );
    assert_eq!(gus["phones"], json!(["555-0701", "555-0702", "555-0703"]));

    // Without the `Person - ` prefix (a people list exported on its own).
    let plain = "Name,Email - Work,Email - Home,Phone - Mobile,Phone - Other\n\
                 Hal Plain,hal@work.example,hal@home.example,555-0801,555-0802\n";
    import(&env, &write(&env, "plain.csv", plain), &[]);
    let hal = show(&env, "hal@work.example");
    assert_eq!(
        hal["emails"],
        json!(["hal@work.example", "hal@home.example"])
    );
    assert_eq!(hal["phones"], json!(["555-0801", "555-0802"]));
}

#[test]
fn unknown_columns_are_kept_or_ignored_and_named_either_way() {
    let text = "Name,Email,Favourite Colour,Shoe Size,Never Filled\n\
                Ida,ida@example.com,teal,,\n\
                Jo,jo@example.com,,42,\n";
    let env = Env::new();
    let path = write(&env, "extra.csv", text);
    let out = env.ok(&["import", "contacts", &path]);
    assert!(
        out.contains("\"Favourite Colour\", \"Shoe Size\"") && out.contains("custom fields"),
        "{out}"
    );
    assert!(!out.contains("Never Filled"), "{out}");
    assert_eq!(
        show(&env, "ida@example.com")["fields"],
        json!({"Favourite Colour": "teal"})
    );
    assert_eq!(
        show(&env, "jo@example.com")["fields"],
        json!({"Shoe Size": "42"})
    );

    let env = Env::new();
    let r = import(&env, &path, &["--ignore-unknown"]);
    assert_eq!(r["columns"]["kept_as_fields"], json!([]));
    assert_eq!(
        r["columns"]["ignored"],
        json!(["Favourite Colour", "Shoe Size"])
    );
    assert_eq!(show(&env, "ida@example.com")["fields"], json!({}));
    let out = Env::new().ok(&["import", "contacts", &path, "--ignore-unknown"]);
    assert!(
        out.contains("not imported: \"Favourite Colour\", \"Shoe Size\""),
        "{out}"
    );
}

#[test]
fn short_rows_are_padded() {
    let env = Env::new();
    let path = write(
        &env,
        "short.csv",
        "Name,Email,Phone,Company\nAda,ada@example.org\nGrace,grace@example.org,555-0100\n",
    );
    let r = import(&env, &path, &[]);
    assert_eq!(r["created"], 2, "{r}");
    assert_eq!(r["rejected"], json!([]));
    let ada = show(&env, "ada@example.org");
    assert_eq!(ada["name"], "Ada");
    assert_eq!(ada["phones"], json!([]));
    assert_eq!(ada["company"], Value::Null);
    assert_eq!(
        show(&env, "grace@example.org")["phones"],
        json!(["555-0100"])
    );
}

#[test]
fn no_header_with_numbered_map() {
    let env = Env::new();
    let path = write(
        &env,
        "bare.csv",
        "Ada Lovelace,Countess,ada@example.org\nGrace Hopper,,grace@example.org\n",
    );
    let r = import(
        &env,
        &path,
        &["--no-header", "--map", "1=name", "--map", "3=email"],
    );
    assert_eq!(r["created"], 2, "{r}");
    let ada = show(&env, "ada@example.org");
    assert_eq!(ada["name"], "Ada Lovelace");
    assert_eq!(ada["emails"], json!(["ada@example.org"]));
    assert_eq!(ada["fields"], json!({"column 2": "Countess"}));
    assert_eq!(r["columns"]["kept_as_fields"], json!(["2"]));
    assert_eq!(show(&env, "grace@example.org")["name"], "Grace Hopper");
}

#[test]
fn map_column_past_the_row_is_refused_and_writes_nothing() {
    let env = Env::seeded();
    let path = write(&env, "bare.csv", "Ada Lovelace,ada@example.org\n");
    let before = env.dump();
    let err = env.refused(&[
        "import",
        "contacts",
        &path,
        "--no-header",
        "--map",
        "1=name",
        "--map",
        "5=email",
    ]);
    assert!(err.contains("line 1, column 5"), "{err}");
    assert!(err.contains("only 2"), "{err}");
    assert_eq!(env.dump(), before);

    // A later row shorter than a mapped column is a bad row with its line and column.
    let path = write(
        &env,
        "ragged.csv",
        "Ada Lovelace,x,ada@example.org\nGrace Hopper\n",
    );
    let err = env.refused(&[
        "import",
        "contacts",
        &path,
        "--no-header",
        "--map",
        "1=name",
        "--map",
        "3=email",
    ]);
    assert!(err.contains("line 2, column 3"), "{err}");
    assert_eq!(env.dump(), before);
}
