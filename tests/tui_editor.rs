//! `E` in the app: on a contact (the list or its page) it asks the event loop to run the
//! editor (state after the key); `outside_write` then reports and keeps the change
//! undoable. The real suspend and restore is in `tui_editor_tmux.rs`.

use chrono::{FixedOffset, TimeZone, Utc};
use crm::domain::currency::Currency;
use crm::domain::ContactId;
use crm::ops::{self, Now};
use crm::store::Store;
use crm::tui::app::{App, View};
use crm::tui::effects::{outside_write, Outcome};
use crm::tui::keys::Keymap;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn now() -> Now {
    Now::fixed(
        Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap(),
        FixedOffset::east_opt(0).unwrap(),
    )
}

fn store() -> Store {
    let s = Store::open_in_memory().unwrap();
    for name in ["Ada Lovelace", "Grace Hopper"] {
        let ch = ops::contacts::ContactChanges {
            name: Some(name.into()),
            ..Default::default()
        };
        ops::contacts::add(&s, &now(), ch).unwrap();
    }
    s
}

fn key(a: &mut App, s: &Store, code: KeyCode) {
    crm::tui::press(a, s, KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn e_on_a_contact_asks_for_the_editor_and_elsewhere_does_nothing() {
    let s = store();
    let mut a = App::new(Keymap::default(), now(), Currency::usd(), (100, 30));
    crm::tui::start(&mut a, &s);
    key(&mut a, &s, KeyCode::Char('E'));
    assert_eq!(
        a.editor_request, None,
        "the pipeline has no contact selected"
    );
    key(&mut a, &s, KeyCode::Char('2'));
    assert_eq!(a.view, View::Contacts);
    key(&mut a, &s, KeyCode::Char('E'));
    assert_eq!(a.editor_request.take(), Some(ContactId(1)));
    key(&mut a, &s, KeyCode::Char('j'));
    key(&mut a, &s, KeyCode::Enter);
    assert_eq!(a.pages.len(), 1);
    key(&mut a, &s, KeyCode::Char('E'));
    assert_eq!(a.editor_request.take(), Some(ContactId(2)));
}

#[test]
fn a_change_made_in_the_editor_is_said_reloaded_and_undoable() {
    let s = store();
    let mut a = App::new(Keymap::default(), now(), Currency::usd(), (100, 30));
    crm::tui::start(&mut a, &s);
    key(&mut a, &s, KeyCode::Char('2'));
    outside_write(&s, &mut a, || {
        let ch = ops::contacts::ContactChanges {
            title: Some("Countess".into()),
            ..Default::default()
        };
        ops::contacts::edit(&s, &now(), ContactId(1), ch)?;
        Ok(Outcome {
            message: "Updated contact Ada Lovelace in the editor.".into(),
            changed: true,
            follow: None,
        })
    });
    assert_eq!(
        a.status.as_ref().map(|s| s.text.as_str()),
        Some("Updated contact Ada Lovelace in the editor.")
    );
    assert_eq!(a.undo.len(), 1);
    key(&mut a, &s, KeyCode::Char('u'));
    let ada = ops::contacts::load(s.read(), ContactId(1)).unwrap();
    assert_eq!(ada.title, None, "u took the editor's change back");
    outside_write(&s, &mut a, || {
        Err(crm::domain::Error::invalid(
            "the editor vi exited with status 1; nothing was changed.",
        ))
    });
    let st = a.status.clone().unwrap();
    assert!(
        st.error && st.text.contains("exited with status 1"),
        "{st:?}"
    );
}
