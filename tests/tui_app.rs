//! The TUI driven with key events on an in-memory database and a fixed clock: state after
//! keys, and whole-screen snapshots at 80×24 and 160×48.

use chrono::{FixedOffset, TimeZone, Utc};
use crm::domain::currency::Currency;
use crm::ops::{self, Now};
use crm::store::Store;
use crm::tui::app::{App, Popup, View};
use crm::tui::keys::Keymap;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

fn now() -> Now {
    Now::fixed(
        Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap(),
        FixedOffset::east_opt(0).unwrap(),
    )
}

/// Three contacts, two deals in `lead`, one call.
fn small() -> Store {
    let s = Store::open_in_memory().unwrap();
    let n = now();
    for (name, email) in [
        ("Ada Lovelace", "ada@example.com"),
        ("Grace Hopper", "grace@example.com"),
        ("Søren Kierkegaard", "soren@example.com"),
    ] {
        let ch = ops::contacts::ContactChanges {
            name: Some(name.into()),
            emails: Some(vec![email.into()]),
            company: Some("Analytical Engines".into()),
            ..Default::default()
        };
        ops::contacts::add(&s, &n, ch).unwrap();
    }
    for (title, who) in [("Engine design", "ada"), ("Compiler audit", "grace")] {
        let text = crm::input::deal::DealText {
            title: Some(title.into()),
            contact: Some(who.into()),
            value: Some("1000".into()),
            ..Default::default()
        };
        let zero = crm::domain::money::Money::new(0, Currency::usd());
        let ch = text.typed(s.read(), &n, zero).unwrap();
        ops::deals::add(&s, &n, Currency::usd(), ch).unwrap();
    }
    let call =
        crm::input::log::LogText::new(crm::domain::InteractionKind::Call, "ada", "talked pricing");
    ops::interactions::log(&s, &n, call.typed(s.read(), &n).unwrap()).unwrap();
    s
}

fn app(store: &Store, w: u16, h: u16) -> App {
    let mut a = App::new(Keymap::default(), now(), Currency::usd(), (w, h));
    crm::tui::start(&mut a, store);
    a
}

fn key(a: &mut App, s: &Store, code: KeyCode) {
    crm::tui::press(a, s, KeyEvent::new(code, KeyModifiers::NONE));
}

fn type_text(a: &mut App, s: &Store, text: &str) {
    for c in text.chars() {
        key(a, s, KeyCode::Char(c));
    }
}

fn screen(a: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| crm::tui::ui::draw(f, a)).unwrap();
    t.backend().to_string()
}

#[test]
fn switching_views_and_selecting() {
    let s = small();
    let mut a = app(&s, 80, 24);
    assert_eq!(a.view, View::Pipeline);
    key(&mut a, &s, KeyCode::Char('2'));
    assert_eq!(a.view, View::Contacts);
    assert_eq!(a.contacts.selected().unwrap().name, "Ada Lovelace");
    assert_eq!(a.detail.as_ref().unwrap().interactions.len(), 1);
    key(&mut a, &s, KeyCode::Char('j'));
    assert_eq!(a.contacts.selected().unwrap().name, "Grace Hopper");
    assert_eq!(a.detail.as_ref().unwrap().contact.name, "Grace Hopper");
    key(&mut a, &s, KeyCode::Char('G'));
    assert_eq!(a.contacts.selected().unwrap().name, "Søren Kierkegaard");
    key(&mut a, &s, KeyCode::Tab);
    assert_eq!(a.view, View::Activity);
    key(&mut a, &s, KeyCode::BackTab);
    key(&mut a, &s, KeyCode::BackTab);
    assert_eq!(a.view, View::Pipeline);
    key(&mut a, &s, KeyCode::Char('?'));
    assert_eq!(a.popup, Some(Popup::Help));
    key(&mut a, &s, KeyCode::Esc);
    assert_eq!(a.popup, None);
    key(&mut a, &s, KeyCode::Char('q'));
    assert!(a.quit);
}

#[test]
fn filtering_folds_accents_as_you_type() {
    let s = small();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Char('/'));
    type_text(&mut a, &s, "soren");
    let names: Vec<&str> = a.contacts.rows.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Søren Kierkegaard"]);
    key(&mut a, &s, KeyCode::Backspace);
    key(&mut a, &s, KeyCode::Enter);
    assert!(!a.filter_editing);
    assert_eq!(a.filter(), Some("sore"));
    key(&mut a, &s, KeyCode::Esc);
    assert_eq!(a.filter(), None);
    assert_eq!(a.contacts.rows.len(), 3);
}

#[test]
fn moving_a_deal_goes_through_ops_and_history() {
    let s = small();
    let mut a = app(&s, 80, 24);
    let id = a.selected_deal().unwrap().id;
    key(&mut a, &s, KeyCode::Char('>'));
    assert_eq!(s.read().deal(id).unwrap().unwrap().stage, "qualified");
    assert_eq!(a.pipeline.col, 1, "the selection follows the deal");
    assert_eq!(a.selected_deal().unwrap().id, id);
    key(&mut a, &s, KeyCode::Char('L'));
    key(&mut a, &s, KeyCode::Char('<'));
    assert_eq!(s.read().deal(id).unwrap().unwrap().stage, "qualified");
    assert_eq!(s.read().stage_history(id).unwrap().len(), 4);
    key(&mut a, &s, KeyCode::Char('w'));
    assert_eq!(
        s.read().deal(id).unwrap().unwrap().status,
        crm::domain::DealStatus::Won
    );
    let who = s.read().deal(id).unwrap().unwrap().contact_id.unwrap();
    let buyer = s.read().contact(who).unwrap().unwrap();
    assert_eq!(
        buyer.lifecycle,
        crm::domain::Lifecycle::Retention,
        "the same lifecycle rules as the CLI"
    );
    // Lost asks for a reason.
    key(&mut a, &s, KeyCode::Char('h'));
    let other = a.selected_deal().unwrap().id;
    key(&mut a, &s, KeyCode::Char('x'));
    assert!(matches!(a.popup, Some(Popup::Form(_))));
    type_text(&mut a, &s, "price");
    key(&mut a, &s, KeyCode::Enter);
    let lost = s.read().deal(other).unwrap().unwrap();
    assert_eq!(lost.lost_reason.as_deref(), Some("price"));
}

#[test]
fn logging_a_call_and_adding_a_task_from_contacts() {
    let s = small();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Char('c'));
    let Some(Popup::Form(form)) = &a.popup else {
        panic!("a form opens")
    };
    assert!(form.title.contains("call") && form.title.contains("Ada"));
    // An empty summary is refused in place, by the same validation as the CLI.
    key(&mut a, &s, KeyCode::Enter);
    let Some(Popup::Form(form)) = &a.popup else {
        panic!("the form stays open")
    };
    assert!(form.error.as_ref().unwrap().1.contains("summary"));
    type_text(&mut a, &s, "follow-up on pricing");
    key(&mut a, &s, KeyCode::Tab);
    key(&mut a, &s, KeyCode::Tab);
    type_text(&mut a, &s, "25m");
    key(&mut a, &s, KeyCode::Enter);
    assert!(a.popup.is_none(), "{:?}", a.status);
    let calls = s.read().interactions(&Default::default()).unwrap();
    assert_eq!(calls[0].summary, "follow-up on pricing");
    assert_eq!(calls[0].duration_min, Some(25));
    assert_eq!(
        a.detail.as_ref().unwrap().interactions.len(),
        2,
        "the timeline shows it at once"
    );

    key(&mut a, &s, KeyCode::Char('t'));
    type_text(&mut a, &s, "Send proposal");
    key(&mut a, &s, KeyCode::Enter);
    key(&mut a, &s, KeyCode::Char('4'));
    assert_eq!(a.tasks.rows.len(), 1);
    assert_eq!(a.tasks.rows[0].contact.as_deref(), Some("Ada Lovelace"));
    key(&mut a, &s, KeyCode::Char(' '));
    assert!(s
        .read()
        .task(
            a.tasks
                .rows
                .first()
                .map(|t| t.id)
                .unwrap_or(crm::domain::TaskId(1))
        )
        .unwrap()
        .unwrap()
        .done_at
        .is_some());
    assert_eq!(a.tasks.rows.len(), 1, "a task ticked today stays in view");
    assert!(a.tasks.rows[0].done_at.is_some());
    key(&mut a, &s, KeyCode::Char(' '));
    assert!(
        a.tasks.rows[0].done_at.is_none(),
        "a second Space unticks the same task"
    );
    key(&mut a, &s, KeyCode::Char(' '));
    key(&mut a, &s, KeyCode::Char('v'));
    assert!(a.tasks.show_done);
    assert_eq!(a.tasks.rows.len(), 1);
}

#[test]
fn adding_a_contact_with_a_bad_email_shows_the_error_at_the_field() {
    let s = small();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Char('a'));
    type_text(&mut a, &s, "Katherine Johnson");
    key(&mut a, &s, KeyCode::Tab);
    type_text(&mut a, &s, "not-an-email");
    key(&mut a, &s, KeyCode::Enter);
    let Some(Popup::Form(form)) = &a.popup else {
        panic!("the form stays open")
    };
    assert_eq!(form.focus, 1);
    assert!(form.error.as_ref().unwrap().1.contains("not an e-mail"));
    for _ in 0.."not-an-email".len() {
        key(&mut a, &s, KeyCode::Backspace);
    }
    type_text(&mut a, &s, "kj@example.com");
    key(&mut a, &s, KeyCode::Enter);
    assert!(a.popup.is_none());
    assert_eq!(s.read().count_contacts().unwrap(), 4);
}

#[test]
fn deleting_asks_first() {
    let s = small();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Char('d'));
    assert!(matches!(a.popup, Some(Popup::Confirm { .. })));
    key(&mut a, &s, KeyCode::Char('n'));
    assert_eq!(s.read().count_contacts().unwrap(), 3);
    key(&mut a, &s, KeyCode::Char('d'));
    key(&mut a, &s, KeyCode::Char('y'));
    assert_eq!(s.read().count_contacts().unwrap(), 2);
}

#[test]
fn changes_from_another_connection_appear_on_the_next_tick() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crm.db");
    let s = Store::open(&path).unwrap();
    ops::contacts::add(
        &s,
        &now(),
        ops::contacts::ContactChanges {
            name: Some("Ada".into()),
            ..Default::default()
        },
    )
    .unwrap();
    ops::contacts::add(
        &s,
        &now(),
        ops::contacts::ContactChanges {
            name: Some("Bob".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Char('j'));
    assert_eq!(a.contacts.selected().unwrap().name, "Bob");
    let other = Store::open(&path).unwrap();
    let call = crm::input::log::LogText::new(
        crm::domain::InteractionKind::Call,
        "bob",
        "from another pane",
    );
    let call = call.typed(other.read(), &now()).unwrap();
    ops::interactions::log(&other, &now(), call).unwrap();
    ops::contacts::add(
        &other,
        &now(),
        ops::contacts::ContactChanges {
            name: Some("Aaron".into()),
            ..Default::default()
        },
    )
    .unwrap();
    crm::tui::tick(&mut a, &s, now());
    assert_eq!(
        a.contacts.selected().unwrap().name,
        "Bob",
        "the selection stays on the same contact"
    );
    assert_eq!(
        a.contacts.rows[0].name, "Aaron",
        "a contact added above the first row shows up"
    );
    assert_eq!(
        a.detail.as_ref().unwrap().interactions[0].summary,
        "from another pane"
    );
}

#[test]
fn an_empty_database_welcomes_and_loads_the_demo_with_d() {
    let s = Store::open_in_memory().unwrap();
    let mut a = app(&s, 80, 24);
    assert!(a.empty);
    insta::assert_snapshot!("welcome_80x24", screen(&a, 80, 24));
    key(&mut a, &s, KeyCode::Char('D'));
    assert!(matches!(a.popup, Some(Popup::Confirm { .. })));
    key(&mut a, &s, KeyCode::Char('y'));
    assert!(!a.empty);
    assert!(s.read().count_contacts().unwrap() > 100);
    assert!(
        !a.pipeline.cards.iter().all(Vec::is_empty),
        "a living pipeline at once"
    );
}

#[test]
fn untrusted_text_is_drawn_as_visible_escapes() {
    let s = Store::open_in_memory().unwrap();
    ops::contacts::add(
        &s,
        &now(),
        ops::contacts::ContactChanges {
            name: Some("\x1b]0;pwned\x07Eve \u{202e}reversed".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    let text = screen(&a, 80, 24);
    assert!(!text.contains('\x1b') && !text.contains('\x07') && !text.contains('\u{202e}'));
    assert!(text.contains("\\x1b]0;pwned\\x07Eve"), "{text}");
}

/// A fixed demo database: same seed, same clock, same screens.
fn demo_app(w: u16, h: u16) -> (Store, App) {
    let s = Store::open_in_memory().unwrap();
    let size = ops::demo::DemoSize {
        contacts: 60,
        deals: 24,
        interactions: 400,
        seed: 7,
    };
    ops::demo::run(&s, &now(), size, false).unwrap();
    let a = app(&s, w, h);
    (s, a)
}

#[test]
fn snapshots_of_every_view() {
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        let (s, mut a) = demo_app(w, h);
        for (k, name) in [
            ('1', "pipeline"),
            ('2', "contacts"),
            ('3', "activity"),
            ('4', "tasks"),
            ('5', "dashboard"),
        ] {
            key(&mut a, &s, KeyCode::Char(k));
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(&a, w, h));
        }
        key(&mut a, &s, KeyCode::Char('?'));
        insta::assert_snapshot!(format!("help_{w}x{h}"), screen(&a, w, h));
        key(&mut a, &s, KeyCode::Esc);
        key(&mut a, &s, KeyCode::Char('1'));
        key(&mut a, &s, KeyCode::Char('a'));
        insta::assert_snapshot!(format!("deal_form_{w}x{h}"), screen(&a, w, h));
    }
}

#[test]
fn resizing_redraws_at_any_size() {
    let (s, mut a) = demo_app(80, 24);
    for (w, h) in [(40u16, 12u16), (200, 60), (20, 5), (80, 24)] {
        crm::tui::resize(&mut a, &s, (w, h));
        for k in ['1', '2', '3', '4', '5'] {
            key(&mut a, &s, KeyCode::Char(k));
            let text = screen(&a, w, h);
            assert!(text.lines().count() as u16 >= h);
        }
    }
}
