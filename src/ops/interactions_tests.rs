use super::*;
use crate::input::log::LogText;
use crate::ops::contacts::{self, ContactChanges};
use crate::ops::testing::{now, store};

/// Logging as the faces do it: the text made typed, then the use case.
fn log(s: &Store, now: &Now, text: LogText) -> Result<Interaction> {
    super::log(s, now, text.typed(s.read(), now)?)
}

fn ada(s: &Store) -> ContactId {
    contacts::add(
        s,
        &now(),
        ContactChanges {
            name: Some("Ada Lovelace".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

#[test]
fn logging_sets_last_contact_and_inbound_moves_lifecycle() {
    let s = store();
    let id = ada(&s);
    let mut input = LogText::new(InteractionKind::Call, "ada", "talked pricing");
    input.duration = Some("30m".into());
    let i = log(&s, &now(), input).unwrap();
    assert_eq!(i.direction, Some(Direction::Out));
    assert_eq!(i.duration_min, Some(30));
    let c = contacts::load(s.read(), id).unwrap();
    assert_eq!(c.last_contact_at, Some(now().utc));
    assert_eq!(c.lifecycle, Lifecycle::Awareness);
    let mut inbound = LogText::new(InteractionKind::Email, "ada", "asked for a quote");
    inbound.direction = Some("in".into());
    inbound.at = Some("yesterday".into());
    log(&s, &now(), inbound).unwrap();
    let c = contacts::load(s.read(), id).unwrap();
    assert_eq!(c.lifecycle, Lifecycle::Consideration);
    assert_eq!(
        c.last_contact_at,
        Some(now().utc),
        "an older call does not move last contact back"
    );
}

#[test]
fn bad_input_writes_nothing() {
    let s = store();
    ada(&s);
    let mut fb = LogText::new(InteractionKind::Feedback, "ada", "rated us");
    fb.score = Some(11);
    assert!(log(&s, &now(), fb.clone()).is_err());
    fb.score = None;
    assert!(log(&s, &now(), fb.clone()).is_err());
    fb.score = Some(9);
    assert!(log(&s, &now(), fb).is_ok());
    let mut note = LogText::new(InteractionKind::Note, "ada", "likes tea");
    note.direction = Some("in".into());
    assert!(log(&s, &now(), note).is_err());
    let mut call = LogText::new(InteractionKind::Call, "ada", "x");
    call.at = Some("someday".into());
    assert!(log(&s, &now(), call).is_err());
    assert!(log(&s, &now(), LogText::new(InteractionKind::Call, "ada", "  ")).is_err());
    assert!(log(
        &s,
        &now(),
        LogText::new(InteractionKind::Call, "nobody", "x")
    )
    .is_err());
    assert_eq!(s.read().interactions(&Default::default()).unwrap().len(), 1);
}

fn edit_text(
    s: &Store,
    id: InteractionId,
    v: Option<i64>,
    text: crate::input::log::LogEditText,
) -> Result<(Interaction, bool)> {
    edit(s, &now(), id, v, text.typed(s.read(), &now())?)
}

use crate::input::log::LogEditText;

fn last_contact(s: &Store, id: ContactId) -> Option<chrono::DateTime<chrono::Utc>> {
    contacts::load(s.read(), id).unwrap().last_contact_at
}

#[test]
fn edit_fixes_a_typo_and_keeps_last_contact_right() {
    let s = store();
    let ada = ada(&s);
    let mut call = LogText::new(InteractionKind::Call, "ada", "talked prcing");
    call.at = Some("yesterday".into());
    let i = log(&s, &now(), call).unwrap();
    let (e, changed) = edit_text(
        &s,
        i.id,
        Some(1),
        LogEditText {
            summary: Some("talked pricing".into()),
            duration: Some("45m".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(changed);
    assert_eq!(
        (e.summary.as_str(), e.duration_min, e.version),
        ("talked pricing", Some(45), 2)
    );
    assert_eq!(load(s.read(), i.id).unwrap(), e);
    assert_eq!(last_contact(&s, ada), Some(i.occurred_at));

    // Moved to two days ago: last contact follows; moved to the future: it does not count.
    let (e, _) = edit_text(
        &s,
        i.id,
        None,
        LogEditText {
            at: Some("2026-11-20 09:00".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(last_contact(&s, ada), Some(e.occurred_at));
    edit_text(
        &s,
        i.id,
        None,
        LogEditText {
            at: Some("2026-12-20 09:00".into()),
            future: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(last_contact(&s, ada), None, "a future date is not contact");

    // Kind changes drop what the new kind cannot have.
    let (note, _) = edit_text(
        &s,
        i.id,
        None,
        LogEditText {
            kind: Some("note".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(note.direction, None);
    let (fb, _) = edit_text(
        &s,
        i.id,
        None,
        LogEditText {
            kind: Some("feedback".into()),
            score: Some(8),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((fb.direction, fb.score), (Some(Direction::In), Some(8)));
    let h = s.read().history(None, 100).unwrap();
    assert_eq!(h.iter().filter(|h| h.action == "update").count(), 5);
}

#[test]
fn moving_an_interaction_to_another_contact_recomputes_both() {
    let s = store();
    let ada = ada(&s);
    let grace = contacts::add(
        &s,
        &now(),
        ContactChanges {
            name: Some("Grace Hopper".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    let i = log(&s, &now(), LogText::new(InteractionKind::Call, "ada", "x")).unwrap();
    let (e, _) = edit_text(
        &s,
        i.id,
        None,
        LogEditText {
            contact: Some("grace".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((e.contact_id, e.contact.as_str()), (grace, "Grace Hopper"));
    assert_eq!(last_contact(&s, ada), None);
    assert_eq!(last_contact(&s, grace), Some(now().utc));
}

#[test]
fn bad_edits_change_nothing() {
    let s = store();
    ada(&s);
    let i = log(&s, &now(), LogText::new(InteractionKind::Call, "ada", "x")).unwrap();
    let summary = |t: &str| LogEditText {
        summary: Some(t.into()),
        ..Default::default()
    };
    edit_text(&s, i.id, None, summary("y")).unwrap();
    let saved = load(s.read(), i.id).unwrap();
    let stale = edit_text(&s, i.id, Some(1), summary("z")).unwrap_err();
    assert!(matches!(stale, Error::Conflict { .. }));
    assert!(stale
        .to_string()
        .contains("since you opened it; reload and try again"));
    assert!(edit_text(&s, InteractionId(99), None, summary("z")).is_err());
    assert!(edit_text(&s, i.id, None, summary(" ")).is_err());
    let score = LogEditText {
        score: Some(5),
        ..Default::default()
    };
    assert_eq!(
        edit_text(&s, i.id, None, score).unwrap_err().field(),
        Some(Field::Score)
    );
    let kind = LogEditText {
        kind: Some("fax".into()),
        ..Default::default()
    };
    assert!(edit_text(&s, i.id, None, kind).is_err());
    let at = LogEditText {
        at: Some("someday".into()),
        ..Default::default()
    };
    assert!(edit_text(&s, i.id, None, at).is_err());
    assert_eq!(load(s.read(), i.id).unwrap(), saved);
}

#[test]
fn remove_keeps_the_record_in_history_and_recomputes_last_contact() {
    let s = store();
    let ada = ada(&s);
    let mut old = LogText::new(InteractionKind::Call, "ada", "older");
    old.at = Some("2026-11-01 10:00".into());
    let old = log(&s, &now(), old).unwrap();
    let new = log(
        &s,
        &now(),
        LogText::new(InteractionKind::Email, "ada", "newer"),
    )
    .unwrap();
    assert_eq!(last_contact(&s, ada), Some(new.occurred_at));
    let gone = remove(&s, &now(), new.id).unwrap();
    assert_eq!(gone, new);
    assert!(s.read().interaction(new.id).unwrap().is_none());
    assert_eq!(last_contact(&s, ada), Some(old.occurred_at));
    assert!(remove(&s, &now(), new.id).is_err());

    let h = s.read().history(None, 1).unwrap().remove(0);
    assert_eq!(h.action, "delete");
    let back: Removed = serde_json::from_value(h.before.unwrap()).unwrap();
    assert_eq!(back.interaction, new);
    assert_eq!(back.created_at, now().utc);
    s.write(|tx| {
        tx.restore_interaction(&back.interaction, back.created_at)?;
        tx.refresh_last_contact_until(ada, now().utc)
    })
    .unwrap();
    assert_eq!(load(s.read(), new.id).unwrap(), new);
    assert_eq!(last_contact(&s, ada), Some(new.occurred_at));
}

#[test]
fn a_call_logged_for_the_future_does_not_set_last_contact() {
    let s = store();
    let id = ada(&s);
    let mut later = LogText::new(InteractionKind::Meeting, "ada", "workshop");
    later.at = Some("2026-12-01 10:00".into());
    let err = log(&s, &now(), later.clone()).unwrap_err().to_string();
    assert!(
        err.contains("more than a day ahead") && err.contains("--future"),
        "{err}"
    );
    later.future = true;
    log(&s, &now(), later).unwrap();
    assert_eq!(last_contact(&s, id), None);
}
