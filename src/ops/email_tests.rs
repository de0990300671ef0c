use super::*;
use crate::domain::case::Priority;
use crate::import::eml::parse;
use crate::ops::testing::{now, store};

fn add(s: &Store, name: &str, email: &str) -> ContactId {
    contacts::add(
        s,
        &now(),
        ContactChanges {
            name: Some(name.into()),
            emails: Some(vec![email.into()]),
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

fn to_log(raw: &str) -> EmailToLog {
    EmailToLog {
        email: parse(raw.as_bytes()).unwrap(),
        me: vec!["me@here.org".into()],
        add: false,
        contact: None,
        case: None,
        deal: None,
    }
}

#[test]
fn a_sent_message_is_with_its_recipient_and_logged_once() {
    let s = store();
    let ada = add(&s, "Ada", "ada@x.io");
    let raw = "From: Me <ME@here.org>\nTo: me@here.org, Ada <ADA@x.io>\nSubject: Offer\nMessage-ID: <1@here.org>\n\nHi\n";
    let Logged::New { interaction, .. } = log(&s, &now(), to_log(raw)).unwrap() else {
        panic!("not logged");
    };
    assert_eq!(interaction.contact_id, ada);
    assert_eq!(interaction.direction, Some(Direction::Out));
    assert_eq!(interaction.occurred_at, now().utc);
    let again = log(&s, &now(), to_log(raw)).unwrap();
    assert!(matches!(again, Logged::Already(id) if id == interaction.id));
}

#[test]
fn to_wins_over_cc_and_two_contacts_in_to_are_an_error() {
    let s = store();
    let ada = add(&s, "Ada", "ada@x.io");
    add(&s, "Bob", "bob@x.io");
    let raw = "From: me@here.org\nTo: ada@x.io\nCc: bob@x.io\nSubject: s\n\nb\n";
    let Logged::New { interaction, .. } = log(&s, &now(), to_log(raw)).unwrap() else {
        panic!()
    };
    assert_eq!(interaction.contact_id, ada);
    let raw = "From: me@here.org\nTo: ada@x.io, bob@x.io\nSubject: s\n\nb\n";
    let e = log(&s, &now(), to_log(raw)).unwrap_err().to_string();
    assert!(e.contains("#1 Ada <ada@x.io>, #2 Bob <bob@x.io>"), "{e}");
}

#[test]
fn a_reply_in_the_thread_of_a_case_is_filed_under_it() {
    let s = store();
    let ada = add(&s, "Ada", "ada@x.io");
    let k = crate::ops::cases::open(&s, &now(), ada, "Broken", Priority::High, None).unwrap();
    let mut first = to_log(
        "From: me@here.org\nTo: ada@x.io\nSubject: About it\nMessage-ID: <a@here.org>\n\nb\n",
    );
    first.case = Some(k.id);
    log(&s, &now(), first).unwrap();
    let reply = "From: ada@x.io\nTo: me@here.org\nSubject: Re: About it\nMessage-ID: <b@x.io>\nIn-Reply-To: <a@here.org>\n\nthanks\n";
    let Logged::New { case, .. } = log(&s, &now(), to_log(reply)).unwrap() else {
        panic!()
    };
    assert_eq!(case, Some(k.id));
    let unrelated = "From: ada@x.io\nSubject: Lunch?\nMessage-ID: <c@x.io>\n\nb\n";
    let Logged::New { case, .. } = log(&s, &now(), to_log(unrelated)).unwrap() else {
        panic!()
    };
    assert_eq!(case, None);
}

#[test]
fn a_long_subject_is_cut_to_a_summary() {
    assert_eq!(summary(None), "(no subject)");
    let long = "x".repeat(600);
    let s = summary(Some(&long));
    assert_eq!(s.chars().count(), 500);
    assert!(s.ends_with('…'));
}
