use std::collections::HashSet;

use super::*;

fn person(id: i64, name: &str) -> Person {
    Person {
        id: ContactId(id),
        name: name.into(),
        emails: Vec::new(),
        phones: Vec::new(),
        company_id: None,
        company: None,
    }
}

#[test]
fn name_keys_meet_across_umlauts_order_and_accents() {
    assert_eq!(name_key("Jürgen Müller"), name_key("Juergen Mueller"));
    assert_eq!(name_key("Jürgen Müller"), name_key("Jurgen Muller"));
    assert_eq!(
        sorted_name_key("Lovelace, Ada"),
        sorted_name_key("Ada Lovelace")
    );
    assert_eq!(
        name_key("Zoë Saldaña"),
        "zo saldana",
        "oe is plain o, even in Zoe"
    );
    assert_ne!(
        sorted_name_key("Ada Lovelace"),
        sorted_name_key("Ada Byron")
    );
}

#[test]
fn mailboxes_drop_tags_and_gmail_dots() {
    assert_eq!(
        mailbox_key("Ada.L+crm@GMail.com").as_deref(),
        Some("adal@gmail.com")
    );
    assert_eq!(
        mailbox_key("ada.l@googlemail.com").as_deref(),
        Some("adal@gmail.com")
    );
    assert_eq!(
        mailbox_key("j.smith+news@acme.com").as_deref(),
        Some("j.smith@acme.com")
    );
    assert_eq!(
        mailbox_key("jsmith@acme.com").as_deref(),
        Some("jsmith@acme.com")
    );
    assert_eq!(mailbox_key("nobody"), None);
}

#[test]
fn blocking_keys_cover_name_phone_mailbox_and_company_surname() {
    let mut p = person(1, "Ada Lovelace");
    p.phones = vec!["+442079460958".into()];
    p.emails = vec!["ada+x@example.com".into()];
    p.company_id = Some(CompanyId(7));
    assert_eq!(
        blocking_keys(&p),
        [
            "c:7:lovelace",
            "e:ada@example.com",
            "n:ada lovelace",
            "p:+442079460958"
        ]
    );
}

#[test]
fn scores_add_name_likeness_and_evidence() {
    let (s, r) = score(&person(1, "Jürgen Müller"), &person(2, "Juergen Mueller"));
    assert_eq!(
        (s, r),
        (60, vec!["same name, spelled differently".to_string()])
    );
    let (s, r) = score(&person(1, "Ada Lovelace"), &person(2, "Lovelace Ada"));
    assert_eq!(
        (s, r),
        (60, vec!["same name, first and last swapped".to_string()])
    );

    let mut a = person(1, "Grace Hopper");
    let mut b = person(2, "G. Hopper");
    a.phones = vec!["+442079460958".into()];
    b.phones = a.phones.clone();
    let (s, r) = score(&a, &b);
    assert!((50..90).contains(&s), "{s}");
    assert!(r[0].starts_with("similar names"), "{r:?}");
    assert_eq!(r[1], "same phone +442079460958");

    a.emails = vec!["grace@navy.example".into()];
    b.emails = vec!["Grace+old@navy.example".into()];
    a.company_id = Some(CompanyId(3));
    b.company_id = Some(CompanyId(3));
    a.company = Some("Navy".into());
    let (s, r) = score(&a, &b);
    assert_eq!(s, 100, "capped");
    assert_eq!(
        &r[2..],
        ["same mailbox grace@navy.example", "same company Navy"]
    );

    let (s, r) = score(&person(1, "Ada Lovelace"), &person(2, "Tim Berners-Lee"));
    assert_eq!((s, r.len()), (0, 0));
}

#[test]
fn find_compares_within_buckets_only_and_skips_marked_pairs() {
    let people = vec![
        person(1, "Jürgen Müller"),
        person(2, "Ada Lovelace"),
        person(3, "Juergen Mueller"),
        person(4, "Lovelace Ada"),
        person(5, "Ada Byron"),
        person(6, "Alan Turing"),
    ];
    let pairs = candidate_pairs(&people);
    assert_eq!(
        pairs,
        [(0, 2), (1, 3)],
        "no all-pairs: Byron and Turing meet nobody"
    );
    let found = find(&people, 50, &HashSet::new());
    let ids: Vec<_> = found.iter().map(|p| (p.a.0, p.b.0)).collect();
    assert_eq!(ids, [(1, 3), (2, 4)]);
    let skip = HashSet::from([(ContactId(1), ContactId(3))]);
    let found = find(&people, 50, &skip);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].a, ContactId(2));
    assert!(find(&people, 61, &HashSet::new()).is_empty());
}

#[test]
fn huge_buckets_are_left_out() {
    let people: Vec<Person> = (0..MAX_BUCKET as i64 + 1)
        .map(|i| person(i, "John Smith"))
        .collect();
    assert!(candidate_pairs(&people).is_empty());
    let people: Vec<Person> = (0..MAX_BUCKET as i64)
        .map(|i| person(i, "John Smith"))
        .collect();
    assert_eq!(
        candidate_pairs(&people).len(),
        MAX_BUCKET * (MAX_BUCKET - 1) / 2
    );
}

#[test]
fn a_common_name_alone_is_weak_evidence() {
    let (s, r) = score_among(
        &person(1, "Camille Bernard"),
        &person(2, "Camille Bernard"),
        9,
    );
    assert_eq!(
        (s, r),
        (20, vec!["same name (shared by 9 contacts)".to_string()])
    );
    assert_eq!(score_among(&person(1, "A B"), &person(2, "A B"), 3).0, 50);
    assert_eq!(score_among(&person(1, "A B"), &person(2, "A B"), 4).0, 40);
    // With the same phone it still counts.
    let mut a = person(1, "Camille Bernard");
    let mut b = person(2, "Camille Bernard");
    a.phones = vec!["+33142685300".into()];
    b.phones = a.phones.clone();
    assert_eq!(score_among(&a, &b, 9).0, 50);
    // find counts the namesakes itself.
    let people: Vec<Person> = (1..=4).map(|i| person(i, "Camille Bernard")).collect();
    assert!(find(&people, 41, &HashSet::new()).is_empty());
    assert_eq!(find(&people, 40, &HashSet::new()).len(), 6);
}
