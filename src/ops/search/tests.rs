//! Search ranking, by the scan and through the indexes.

use super::*;
use crate::domain::currency::Currency;
use crate::ops::contacts::{add, ContactChanges};
use crate::ops::deals::{self, DealChanges};
use crate::ops::testing::{now, store};

/// Adds a contact by name, at a company when given.
fn person(s: &crate::store::Store, name: &str, company: Option<&str>) -> Contact {
    add(
        s,
        &now(),
        ContactChanges {
            name: Some(name.into()),
            company: company.map(str::to_string),
            ..Default::default()
        },
    )
    .unwrap()
}

#[test]
fn finds_accented_names_and_ranks_across_kinds() {
    finds_accented_names_and_ranks_across_kinds_by(Plan::Scan);
    finds_accented_names_and_ranks_across_kinds_by(Plan::Index);
}

fn finds_accented_names_and_ranks_across_kinds_by(plan: Plan) {
    let s = store();
    for (name, company) in [
        ("Søren Kierkegaard", "Fear & Trembling ApS"),
        ("Zoë Ångström", "Nordlys"),
        ("Ada Lovelace", "Analytical Engines"),
    ] {
        person(&s, name, Some(company));
    }
    deals::add(
        &s,
        &now(),
        Currency::usd(),
        DealChanges {
            title: Some("Engine upgrade".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let hits = search_by(s.read(), "soren", 10, plan).unwrap();
    assert_eq!(hits[0].label, "Søren Kierkegaard");
    assert_eq!(hits[0].kind, "contact");
    assert_eq!(
        search_by(s.read(), "zoe", 10, plan).unwrap()[0].label,
        "Zoë Ångström"
    );
    let kinds: Vec<&str> = search_by(s.read(), "engine", 10, plan)
        .unwrap()
        .iter()
        .map(|h| h.kind)
        .collect();
    assert!(
        kinds.contains(&"contact") && kinds.contains(&"company") && kinds.contains(&"deal"),
        "{kinds:?}"
    );
    assert!(search_by(s.read(), "qqqq", 10, plan).unwrap().is_empty());
    assert_eq!(search_by(s.read(), "e", 2, plan).unwrap().len(), 2);
    let scores: Vec<i64> = search_by(s.read(), "a", 10, plan)
        .unwrap()
        .iter()
        .map(|h| h.score)
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );
    assert!(search_by(s.read(), "  ", 10, plan).is_err());
}

#[test]
fn tags_find_contacts_below_name_matches() {
    tags_find_contacts_below_name_matches_by(Plan::Scan);
    tags_find_contacts_below_name_matches_by(Plan::Index);
}

fn tags_find_contacts_below_name_matches_by(plan: Plan) {
    let s = store();
    let person = |name: &str, tags: &[&str]| {
        add(
            &s,
            &now(),
            ContactChanges {
                name: Some(name.into()),
                tags: Some(tags.iter().map(|t| t.to_string()).collect()),
                ..Default::default()
            },
        )
        .unwrap()
    };
    let ada = person("Ada Lovelace", &["Investor"]);
    let vip = person("Vipul Shah", &[]);
    let grace = person("Grace Hopper", &["vip", "navy"]);
    let gone = person("Gone Person", &["vip"]);
    crate::ops::contacts::remove(&s, &now(), gone.id).unwrap();
    let ids = |q: &str| -> Vec<i64> {
        search_by(s.read(), q, 10, plan)
            .unwrap()
            .iter()
            .map(|h| h.id)
            .collect()
    };
    // The name match first, then the contact found by its tag; removed ones never.
    assert_eq!(ids("vip"), vec![vip.id.0, grace.id.0]);
    assert_eq!(ids("investor"), vec![ada.id.0]);
    // Words may mix name and tag; every word must match somewhere.
    assert_eq!(ids("grace navy"), vec![grace.id.0]);
    assert!(ids("grace investor").is_empty());
    // A tag hit never outranks a direct one, even with a lower limit.
    assert_eq!(ids("vip")[..1], [vip.id.0]);
    assert_eq!(search_by(s.read(), "vip", 1, plan).unwrap()[0].id, vip.id.0);
    let hits = search_by(s.read(), "navy", 10, plan).unwrap();
    assert_eq!(
        (hits[0].kind, hits[0].label.as_str()),
        ("contact", "Grace Hopper")
    );
}

#[test]
fn the_app_filter_ranks_contacts_with_their_tags() {
    let s = store();
    for (name, email, tags) in [
        ("Aaron Vickers", "aaron@example.com", vec![]),
        ("Zelda Quinn", "zq@nordlys.example", vec!["vip".to_string()]),
        ("Bea Nord", "bea@example.com", vec![]),
    ] {
        add(
            &s,
            &now(),
            ContactChanges {
                name: Some(name.into()),
                emails: Some(vec![email.into()]),
                tags: Some(tags),
                ..Default::default()
            },
        )
        .unwrap();
    }
    let names = |q: &str| -> Vec<String> {
        contacts(s.read(), q, 10)
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect()
    };
    // "vip" is scattered over Aaron's name and e-mail, whole in Zelda's tag.
    assert_eq!(names("vip"), ["Zelda Quinn", "Aaron Vickers"]);
    assert_eq!(names("nordlys"), ["Zelda Quinn"]);
    assert_eq!(names("zzz"), Vec::<String>::new());
    assert_eq!(contacts(s.read(), "a", 1).unwrap().len(), 1);
    assert!(contacts(s.read(), " ", 10).is_err());
}

/// What the index finds for a query, as "kind label", in that order.
fn indexed(s: &crate::store::Store, q: &str) -> Vec<String> {
    let mut found: Vec<String> = search_by(s.read(), q, 10, Plan::Index)
        .unwrap()
        .into_iter()
        .map(|h| format!("{} {}", h.kind, h.label))
        .collect();
    found.sort();
    found
}

#[test]
fn the_index_follows_edits_renames_removals_and_undo() {
    use crate::ops::companies;
    let s = store();
    let ada = add(
        &s,
        &now(),
        ContactChanges {
            name: Some("Ada Lovelace".into()),
            emails: Some(vec!["ada@engines.example".into()]),
            company: Some("Analytical Engines".into()),
            ..Default::default()
        },
    )
    .unwrap();
    deals::add(
        &s,
        &now(),
        Currency::usd(),
        DealChanges {
            title: Some("Difference upgrade".into()),
            company: Some(Some(deals::CompanyPick::Name("Analytical Engines".into()))),
            ..Default::default()
        },
    )
    .unwrap();
    // A word of the name, the e-mail or the company; a deal by its company's name too.
    assert_eq!(indexed(&s, "lovel"), ["contact Ada Lovelace"]);
    assert_eq!(indexed(&s, "engines.ex"), ["contact Ada Lovelace"]);
    assert_eq!(
        indexed(&s, "analytical"),
        [
            "company Analytical Engines",
            "contact Ada Lovelace",
            "deal Difference upgrade"
        ]
    );

    // An edit replaces the old words.
    crate::ops::contacts::edit(
        &s,
        &now(),
        ada.id,
        ContactChanges {
            name: Some("Augusta King".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(indexed(&s, "augusta"), ["contact Augusta King"]);
    assert!(indexed(&s, "lovelace").is_empty());
    let latest = || s.read().latest_change().unwrap().unwrap().id;
    let edit = latest();

    // A company rename reaches its people's and deals' keys.
    let co = s
        .read()
        .company_by_name("Analytical Engines")
        .unwrap()
        .unwrap();
    companies::edit(
        &s,
        &now(),
        co.id,
        companies::CompanyChanges {
            name: Some("Babbage & Co".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        indexed(&s, "babbage"),
        [
            "company Babbage & Co",
            "contact Augusta King",
            "deal Difference upgrade"
        ]
    );
    assert!(indexed(&s, "analytical").is_empty());

    // Undo puts the old name back in the index; a removed contact leaves it.
    let rename = latest();
    crate::ops::undo::undo(&s, &now(), Some(rename), false).unwrap();
    assert_eq!(
        indexed(&s, "analytical"),
        [
            "company Analytical Engines",
            "contact Augusta King",
            "deal Difference upgrade"
        ]
    );
    crate::ops::undo::undo(&s, &now(), Some(edit), false).unwrap();
    assert_eq!(indexed(&s, "lovelace"), ["contact Ada Lovelace"]);
    crate::ops::contacts::remove(&s, &now(), ada.id).unwrap();
    assert!(indexed(&s, "lovelace").is_empty());
}

#[test]
fn the_index_finds_prefixes_in_any_script_and_falls_back_on_typos() {
    let s = store();
    for name in [
        "Søren Kierkegaard",
        "中村 拓海",
        "अनन्या शर्मा",
        "O'Brien Niamh",
    ] {
        person(&s, name, None);
    }
    assert_eq!(indexed(&s, "sor kier"), ["contact Søren Kierkegaard"]);
    assert_eq!(indexed(&s, "中村"), ["contact 中村 拓海"]);
    assert_eq!(indexed(&s, "अनन"), ["contact अनन्या शर्मा"]);
    assert_eq!(indexed(&s, "o'brien"), ["contact O'Brien Niamh"]);
    // A typo in one word: the rows with any of the words are scored.
    assert_eq!(indexed(&s, "soren kirk"), ["contact Søren Kierkegaard"]);
    // Letters scattered over words, and punctuation alone, are found by reading everything.
    assert_eq!(indexed(&s, "skgrd"), ["contact Søren Kierkegaard"]);
    assert_eq!(indexed(&s, "'"), ["contact O'Brien Niamh"]);
    // The app's filter goes through the same index.
    let names: Vec<String> = contacts_by(s.read(), "niam", 10, Plan::Index)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["O'Brien Niamh"]);
}

#[test]
fn auto_reads_a_small_database_whole_and_asks_the_index_past_it() {
    let s = store();
    for name in ["Aaron Vickers", "Bea Nord"] {
        person(&s, name, None);
    }
    assert!(!s.read().search_rows_over(2).unwrap());
    assert!(s.read().search_rows_over(1).unwrap());
    // Small: "vcks" scattered over a name is found as fzf would.
    assert_eq!(search(s.read(), "vcks", 10).unwrap().len(), 1);
}

#[test]
fn words_of_the_name_rank_above_the_same_words_elsewhere() {
    let s = store();
    for (name, company) in [
        ("Ana Almeida", "Silver River Works"),
        ("Ana Silva", "Polar Quarry"),
    ] {
        person(&s, name, Some(company));
    }
    person(&s, "Anabel Silvers", None);
    for plan in [Plan::Scan, Plan::Index] {
        let hits = search_by(s.read(), "ana sil", 10, plan).unwrap();
        assert_eq!(hits[0].label, "Ana Silva", "{plan:?}");
        let labels: Vec<&str> = hits.iter().map(|h| h.label.as_str()).collect();
        // Words the name begins come before the same letters in a company.
        assert_eq!(
            labels,
            ["Ana Silva", "Anabel Silvers", "Ana Almeida"],
            "{plan:?}"
        );
        // A whole word of the name before a longer one it begins.
        let hits = search_by(s.read(), "ana", 10, plan).unwrap();
        assert_eq!(hits[0].label, "Ana Almeida", "{plan:?}");
        assert_eq!(hits.last().unwrap().label, "Anabel Silvers", "{plan:?}");
    }
}
