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
