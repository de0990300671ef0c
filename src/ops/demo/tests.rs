use std::collections::HashSet;

use super::records::{ascii_part, company_identity, shown};
use super::*;
use super::{people, phrases};
use crate::domain::text::{fold, name_key, words};
use crate::domain::InteractionKind as Kind;
use crate::ops::testing::now;
use crate::store::{ContactFilter, DealFilter, InteractionFilter};

fn size(contacts: usize, deals: usize, interactions: usize, seed: u64) -> DemoSize {
    DemoSize {
        contacts,
        deals,
        interactions,
        seed,
    }
}

#[test]
fn the_same_seed_gives_the_same_data() {
    let a = Store::open_in_memory().unwrap();
    let b = Store::open_in_memory().unwrap();
    let sa = run(&a, &now(), size(60, 20, 400, 7), false).unwrap();
    let sb = run(&b, &now(), size(60, 20, 400, 7), false).unwrap();
    assert_eq!(sa, sb);
    assert_eq!((sa.contacts, sa.deals, sa.interactions), (60, 20, 400));
    assert!(sa.companies >= 7 && sa.tasks >= 3, "{sa:?}");
    let first_a = a.read().contact(ContactId(1)).unwrap().unwrap();
    let first_b = b.read().contact(ContactId(1)).unwrap().unwrap();
    assert_eq!(first_a, first_b);
    let all_a = a.read().contacts(&ContactFilter::default()).unwrap();
    assert_eq!(all_a, b.read().contacts(&ContactFilter::default()).unwrap());

    let c = Store::open_in_memory().unwrap();
    run(&c, &now(), size(60, 20, 400, 8), false).unwrap();
    let names_a: Vec<_> = all_a.iter().map(|c| c.name.clone()).collect();
    let names_c: Vec<_> = c
        .read()
        .contacts(&ContactFilter::default())
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_ne!(names_a, names_c);
}

#[test]
fn refuses_a_database_with_records_unless_forced() {
    let s = Store::open_in_memory().unwrap();
    run(&s, &now(), size(30, 5, 50, 1), false).unwrap();
    let err = run(&s, &now(), size(30, 5, 50, 1), false).unwrap_err();
    assert!(matches!(err, Error::Conflict { .. }), "{err:?}");
    assert!(err.to_string().contains("--force"), "{err}");
    assert_eq!(s.read().count_contacts().unwrap(), 30);

    let summary = run(&s, &now(), size(10, 3, 40, 2), true).unwrap();
    assert_eq!(summary.contacts, 10);
    assert_eq!(s.read().count_contacts().unwrap(), 10);
    assert_eq!(s.read().deals(&DealFilter::default()).unwrap().len(), 3);
    let logged = s
        .read()
        .interactions(&InteractionFilter::default())
        .unwrap();
    // The 40 asked for, and the messages of the sample's support cases.
    let on_cases = logged.iter().filter(|i| i.case_id.is_some()).count();
    assert_eq!(logged.len() - on_cases, 40);
    assert_eq!(summary.interactions, 40);
    assert!(
        summary.cases >= 3 && on_cases >= summary.cases,
        "{summary:?}"
    );
}

#[test]
fn every_email_is_unique_and_ascii() {
    let s = Store::open_in_memory().unwrap();
    run(&s, &now(), size(3000, 0, 0, 3), false).unwrap();
    let mut seen = HashSet::new();
    for c in s.read().contacts(&ContactFilter::default()).unwrap() {
        assert!(!c.emails.is_empty(), "{} has no e-mail", c.name);
        for e in &c.emails {
            assert!(e.is_ascii() && e.contains('@'), "{e}");
            assert!(seen.insert(e.to_lowercase()), "{e} is used twice");
        }
    }
}

#[test]
fn every_deal_has_a_consistent_stage_history() {
    let s = Store::open_in_memory().unwrap();
    run(&s, &now(), size(80, 120, 300, 4), false).unwrap();
    let deals = s.read().deals(&DealFilter::default()).unwrap();
    assert_eq!(deals.len(), 120);
    let mut statuses = HashSet::new();
    for d in &deals {
        statuses.insert(d.status);
        let h = s.read().stage_history(d.id).unwrap();
        assert!(!h.is_empty(), "deal {} has no history", d.id);
        assert!(
            h[0].from_stage.is_none() && h[0].status == DealStatus::Open,
            "{h:?}"
        );
        assert!(h.windows(2).all(|w| w[0].at < w[1].at), "{h:?}");
        let last = h.last().unwrap();
        assert!(last.at <= now().utc);
        assert_eq!(last.status, d.status);
        assert_eq!(last.to_stage.as_deref(), Some(d.stage.as_str()));
        assert_eq!(d.created_at, h[0].at);
        if d.status == DealStatus::Open {
            assert!(d.closed_at.is_none());
        } else {
            assert_eq!(d.closed_at, Some(last.at));
        }
        assert_eq!(d.lost_reason.is_some(), d.status == DealStatus::Lost);
        if d.value.currency.code() == "JPY" {
            assert_eq!(d.value.minor % 10_000, 0);
        }
        let owner = s.read().contact(d.contact_id.unwrap()).unwrap().unwrap();
        if d.status == DealStatus::Won {
            assert!(
                matches!(owner.lifecycle, Lifecycle::Retention | Lifecycle::Expansion),
                "{owner:?}"
            );
        }
    }
    assert_eq!(statuses.len(), 3);
}

#[test]
fn last_contact_is_the_latest_interaction_that_is_not_a_note() {
    let s = Store::open_in_memory().unwrap();
    run(&s, &now(), size(40, 10, 600, 5), false).unwrap();
    for c in s.read().contacts(&ContactFilter::default()).unwrap() {
        let filter = InteractionFilter {
            contact_id: Some(c.id),
            ..Default::default()
        };
        let rows = s.read().interactions(&filter).unwrap();
        let latest = rows
            .iter()
            .filter(|i| i.kind != Kind::Note)
            .map(|i| i.occurred_at)
            .max();
        assert_eq!(c.last_contact_at, latest, "{}", c.name);
        for i in &rows {
            assert!(i.occurred_at <= now().utc && i.occurred_at >= c.created_at);
            assert_eq!(i.direction.is_none(), i.kind == Kind::Note);
            assert_eq!(i.score.is_some(), i.kind == Kind::Feedback);
        }
    }
}

#[test]
fn no_contacts_means_nothing_at_all() {
    let s = Store::open_in_memory().unwrap();
    let summary = run(&s, &now(), size(0, 10, 100, 6), false).unwrap();
    assert_eq!(summary, DemoSummary::default());
    assert!(s.read().is_empty().unwrap());
}

#[test]
fn no_demo_name_answers_to_ada() {
    for culture in people::cultures() {
        for entry in culture.given.iter().chain(culture.family.iter()) {
            for w in words(&fold(shown(entry))).chain(std::iter::once(ascii_part(entry).as_str())) {
                assert!(!w.starts_with("ada"), "{entry}");
            }
        }
    }
}

#[test]
fn company_names_never_repeat() {
    let names = phrases::companies();
    let pairs: Vec<usize> = (0..names.adjectives.len() * names.nouns.len()).collect();
    let mut seen = HashSet::new();
    for i in 0..60_000 {
        let (name, domain) = company_identity(i, &pairs);
        assert!(
            domain.ends_with(".example") && domain.is_ascii(),
            "{domain}"
        );
        assert!(seen.insert(name_key(&name)), "{name} twice");
    }
}

/// Every array in an asset file, wherever it sits, with its dotted path.
fn arrays<'a>(path: String, v: &'a toml::Value, out: &mut Vec<(String, &'a toml::value::Array)>) {
    match v {
        toml::Value::Table(t) => {
            for (k, v) in t {
                arrays(format!("{path}.{k}"), v, out);
            }
        }
        toml::Value::Array(a) => {
            out.push((path.clone(), a));
            for (i, v) in a.iter().enumerate() {
                arrays(format!("{path}[{i}]"), v, out);
            }
        }
        _ => {}
    }
}

#[test]
fn demo_assets_parse_and_no_list_is_empty() {
    for (name, text) in [
        ("people", crate::assets::DEMO_PEOPLE),
        ("companies", crate::assets::DEMO_COMPANIES),
        ("phrases", crate::assets::DEMO_PHRASES),
    ] {
        let doc: toml::Value = toml::from_str(text).unwrap();
        let mut found = Vec::new();
        arrays(name.to_string(), &doc, &mut found);
        assert!(found.len() > 3, "{name}");
        for (path, list) in found {
            assert!(!list.is_empty(), "{path} is empty");
            for v in list {
                if let Some(s) = v.as_str() {
                    assert!(!s.trim().is_empty(), "{path} has an empty entry");
                }
            }
        }
    }
    // The typed reads: every culture names a list, every list has entries.
    let cultures = people::cultures();
    assert!(cultures.len() > 40);
    for c in cultures {
        assert!(c.weight > 0 && !c.given.is_empty() && !c.family.is_empty());
        assert!(c.phone.starts_with('+') && (1..=15).contains(&c.phone_digits));
        assert!(c.timezone.contains('/') && c.language.len() == 2, "{c:?}");
        for entry in c.given.iter().chain(&c.family) {
            // `shown|latin`: both parts present when there is a `|`.
            if let Some((shown, latin)) = entry.split_once('|') {
                assert!(!shown.is_empty() && !latin.is_empty(), "{entry}");
                assert!(!latin.contains('|'), "{entry}");
            }
        }
    }
    let companies = phrases::companies();
    assert_eq!(
        (
            companies.adjectives.len(),
            companies.nouns.len(),
            companies.suffixes.len()
        ),
        (40, 40, 30)
    );
    let said = phrases::phrases();
    assert!(said.contacts.sources.iter().all(|s| s.weight > 0));
    assert!(said
        .interactions
        .bodies
        .iter()
        .all(|b| !b.starts_with('\n')));
}

#[test]
fn every_name_list_is_used_by_a_culture() {
    let doc: toml::Table = toml::from_str(crate::assets::DEMO_PEOPLE).unwrap();
    let used: HashSet<&str> = doc["culture"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["names"].as_str().unwrap())
        .collect();
    for name in doc["names"].as_table().unwrap().keys() {
        assert!(used.contains(name.as_str()), "[names.{name}] is not used");
    }
}

#[test]
fn the_search_index_and_pipeline_totals_are_built_at_the_end() {
    let s = crate::ops::testing::store();
    run(&s, &now(), size(300, 60, 1000, 7), false).unwrap();
    let r = s.read();
    let some = r
        .contacts(&ContactFilter {
            limit: Some(5),
            ..Default::default()
        })
        .unwrap();
    for c in some {
        let word = c.name.split_whitespace().last().unwrap().to_string();
        let hits =
            crate::ops::search::search_by(r, &word, 1000, crate::ops::search::Plan::Index).unwrap();
        assert!(
            hits.iter().any(|h| h.id == c.id.0 && h.kind == "contact"),
            "{word}"
        );
    }
    let open = r
        .deals(&DealFilter {
            status: Some(DealStatus::Open),
            ..Default::default()
        })
        .unwrap();
    let totals = r.pipeline_totals().unwrap();
    assert_eq!(
        totals.iter().map(|t| t.count).sum::<i64>(),
        open.len() as i64
    );
    assert_eq!(
        totals.iter().map(|t| t.value).sum::<i64>(),
        open.iter().map(|d| d.value.minor).sum::<i64>()
    );
    // The triggers are back: a deal added afterwards counts.
    crate::ops::deals::add(
        &s,
        &now(),
        crate::domain::currency::Currency::usd(),
        crate::ops::deals::DealChanges {
            title: Some("One more".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let after: i64 = s
        .read()
        .pipeline_totals()
        .unwrap()
        .iter()
        .map(|t| t.count)
        .sum();
    assert_eq!(after, open.len() as i64 + 1);
}
