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
    key(&mut a, &s, KeyCode::Char('>'));
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

// ---- Issue 9: editing people can trust --------------------------------------------------

fn contact(s: &Store, name: &str, email: Option<&str>, company: Option<&str>, tags: &[&str]) {
    let ch = ops::contacts::ContactChanges {
        name: Some(name.into()),
        emails: email.map(|e| vec![e.into()]),
        company: company.map(str::to_string),
        tags: Some(tags.iter().map(|t| t.to_string()).collect()),
        ..Default::default()
    };
    ops::contacts::add(s, &now(), ch).unwrap();
}

fn note(s: &Store, who: &str, summary: &str, body: &str) {
    let mut text = crm::input::log::LogText::new(crm::domain::InteractionKind::Note, who, summary);
    text.body = Some(body.into());
    ops::interactions::log(s, &now(), text.typed(s.read(), &now()).unwrap()).unwrap();
}

fn form(a: &App) -> &crm::tui::forms::Form {
    match &a.popup {
        Some(Popup::Form(f)) => f,
        other => panic!("no form open: {other:?}"),
    }
}

#[test]
fn only_y_confirms_a_deletion() {
    let s = small();
    let mut a = app(&s, 80, 24);
    let deal = a.selected_deal().unwrap().id;
    key(&mut a, &s, KeyCode::Char('d'));
    insta::assert_snapshot!("confirm_80x24", screen(&a, 80, 24));
    key(&mut a, &s, KeyCode::Enter);
    assert!(a.popup.is_none(), "Enter answers no");
    assert!(
        s.read().deal(deal).unwrap().is_some(),
        "Enter deleted the deal"
    );
    key(&mut a, &s, KeyCode::Char('d'));
    key(&mut a, &s, KeyCode::Char('Y'));
    key(&mut a, &s, KeyCode::Char('j'));
    assert!(
        matches!(a.popup, Some(Popup::Confirm { .. })),
        "other keys leave it open"
    );
    key(&mut a, &s, KeyCode::Char('y'));
    assert!(s.read().deal(deal).unwrap().is_none());
}

/// Alphabetically first but a weak match ("vip" is scattered over Aaron's name and
/// e-mail), against a tag that says it outright.
fn ranked_store() -> Store {
    let s = Store::open_in_memory().unwrap();
    contact(&s, "Aaron Vickers", Some("aaron@example.com"), None, &[]);
    contact(&s, "Zelda Quinn", None, Some("Nordlys"), &["vip"]);
    contact(&s, "Adam Smith", Some("adam@wealth.example"), None, &[]);
    contact(&s, "Bea Nord", None, None, &[]);
    s
}

#[test]
fn the_filter_ranks_like_search_and_selects_the_best() {
    let s = ranked_store();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Char('/'));
    type_text(&mut a, &s, "vip");
    let names: Vec<&str> = a.contacts.rows.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names[0], "Zelda Quinn", "the tag match first: {names:?}");
    assert_eq!(a.contacts.selected().unwrap().name, "Zelda Quinn");
    assert_eq!(a.detail.as_ref().unwrap().contact.name, "Zelda Quinn");
    insta::assert_snapshot!("ranked_filter_80x24", screen(&a, 80, 24));
    key(&mut a, &s, KeyCode::Enter);
    key(&mut a, &s, KeyCode::Char('j'));
    assert_eq!(a.contacts.selected().unwrap().name, "Aaron Vickers");
    // Company and e-mail count too.
    key(&mut a, &s, KeyCode::Esc);
    key(&mut a, &s, KeyCode::Char('/'));
    type_text(&mut a, &s, "nordlys");
    assert_eq!(a.contacts.selected().unwrap().name, "Zelda Quinn");
    key(&mut a, &s, KeyCode::Esc);
    key(&mut a, &s, KeyCode::Char('/'));
    type_text(&mut a, &s, "wealth");
    assert_eq!(a.contacts.rows.len(), 1);
    assert_eq!(a.contacts.selected().unwrap().name, "Adam Smith");
    key(&mut a, &s, KeyCode::Esc);
    assert_eq!(a.filter(), None);
    assert_eq!(
        a.contacts.rows.len(),
        4,
        "Esc shows everyone again, by name"
    );
    assert_eq!(a.contacts.rows[0].name, "Aaron Vickers");
}

#[test]
fn no_color_keeps_the_selection_visible() {
    let s = small();
    let mut a = app(&s, 80, 24);
    a.color = false;
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Char('j'));
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| crm::tui::ui::draw(f, &a)).unwrap();
    let buf = t.backend().buffer().clone();
    assert!(
        buf.content()
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset),
        "NO_COLOR draws no colour"
    );
    let text = t.backend().to_string();
    let marked: Vec<&str> = text.lines().filter(|l| l.contains("▶ ")).collect();
    assert_eq!(marked.len(), 1, "{text}");
    assert!(marked[0].contains("Grace Hopper"), "{text}");
    insta::assert_snapshot!("no_color_marker_80x24", text);
    // Every list marks its selection.
    for k in ['1', '3', '4'] {
        key(&mut a, &s, KeyCode::Char(k));
        if k == '4' {
            key(&mut a, &s, KeyCode::Char('a'));
            type_text(&mut a, &s, "Call back");
            key(&mut a, &s, KeyCode::Enter);
        }
        assert!(screen(&a, 80, 24).contains("▶ "), "view {k}");
    }
}

#[test]
fn enter_opens_a_contact_page_and_esc_goes_back() {
    let s = small();
    note(
        &s,
        "ada",
        "Lunch notes",
        "She wants the engine by spring.\nBudget is fine.",
    );
    note(&s, "ada", "Second thoughts", "Maybe summer.");
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Enter);
    assert_eq!(a.pages.len(), 1);
    insta::assert_snapshot!("contact_page_80x24", screen(&a, 80, 24));
    key(&mut a, &s, KeyCode::Char('j'));
    key(&mut a, &s, KeyCode::Enter);
    assert_eq!(a.pages.len(), 2);
    let text = screen(&a, 80, 24);
    assert!(text.contains("She wants the engine by spring."), "{text}");
    key(&mut a, &s, KeyCode::Esc);
    assert_eq!(a.pages.len(), 1, "Esc closes the entry, back on the page");
    key(&mut a, &s, KeyCode::Char('G'));
    key(&mut a, &s, KeyCode::PageUp);
    // Logging from the page is for its contact, and the page shows it at once.
    key(&mut a, &s, KeyCode::Char('n'));
    type_text(&mut a, &s, "From the page");
    key(&mut a, &s, KeyCode::Enter);
    assert!(a.popup.is_none(), "{:?}", a.status);
    assert!(screen(&a, 80, 24).contains("From the page"));
    key(&mut a, &s, KeyCode::Backspace);
    assert!(a.pages.is_empty());
    assert_eq!(a.view, View::Contacts);
    assert_eq!(a.contacts.selected().unwrap().name, "Ada Lovelace");

    // From a deal: its contact's page, and back to the same deal.
    key(&mut a, &s, KeyCode::Char('1'));
    key(&mut a, &s, KeyCode::Char('j'));
    let deal = a.selected_deal().unwrap().clone();
    key(&mut a, &s, KeyCode::Enter);
    assert!(screen(&a, 80, 24).contains(deal.contact.as_deref().unwrap()));
    key(&mut a, &s, KeyCode::Esc);
    assert!(a.pages.is_empty());
    assert_eq!(a.view, View::Pipeline);
    assert_eq!(a.selected_deal().unwrap().id, deal.id);
}

#[test]
fn l_logs_any_kind_and_feedback_asks_a_score() {
    let s = small();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Char('L'));
    assert!(matches!(a.popup, Some(Popup::PickKind { .. })));
    insta::assert_snapshot!("pick_kind_80x24", screen(&a, 80, 24));
    key(&mut a, &s, KeyCode::Char('6'));
    assert!(form(&a).title.contains("feedback"));
    type_text(&mut a, &s, "loved the workshop");
    key(&mut a, &s, KeyCode::Enter);
    let f = form(&a);
    assert_eq!(f.fields[f.focus].label, "Score", "a score is required");
    type_text(&mut a, &s, "9");
    assert!(
        form(&a).error.is_none(),
        "editing the field clears its error"
    );
    key(&mut a, &s, KeyCode::Enter);
    assert!(a.popup.is_none(), "{:?}", a.status);
    let logged = &s.read().interactions(&Default::default()).unwrap()[0];
    assert_eq!(logged.kind, crm::domain::InteractionKind::Feedback);
    assert_eq!(logged.score, Some(9));
    // j/k and Enter pick too; an e-mail.
    key(&mut a, &s, KeyCode::Char('L'));
    key(&mut a, &s, KeyCode::Char('j'));
    key(&mut a, &s, KeyCode::Enter);
    assert!(form(&a).title.contains("email"), "{}", form(&a).title);
    key(&mut a, &s, KeyCode::Esc);
    assert!(a.popup.is_none());
}

#[test]
fn closed_deals_can_be_shown_and_reopened() {
    let s = small();
    let mut a = app(&s, 160, 48);
    let id = a.selected_deal().unwrap().id;
    key(&mut a, &s, KeyCode::Char('w'));
    key(&mut a, &s, KeyCode::Char('v'));
    assert!(a.pipeline.show_closed);
    for _ in 0..4 {
        key(&mut a, &s, KeyCode::Char('l'));
    }
    assert_eq!(a.selected_deal().unwrap().id, id, "the won column holds it");
    assert!(screen(&a, 160, 48).contains("won"));
    key(&mut a, &s, KeyCode::Char('<'));
    let d = s.read().deal(id).unwrap().unwrap();
    assert_eq!(d.status, crm::domain::DealStatus::Open);
    assert_eq!(d.stage, "lead");
    assert_eq!(
        a.selected_deal().unwrap().id,
        id,
        "the selection follows it"
    );
    key(&mut a, &s, KeyCode::Char('v'));
    assert!(!a.pipeline.show_closed);
}

#[test]
fn form_defaults_are_hints_and_the_contact_field_offers_names() {
    let s = small();
    let mut a = app(&s, 80, 24);
    // A new task from a contact: the contact is filled in by name, the due date is a hint.
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Char('t'));
    assert_eq!(form(&a).value("Contact"), "Ada Lovelace");
    type_text(&mut a, &s, "Send proposal");
    key(&mut a, &s, KeyCode::Tab);
    assert_eq!(form(&a).value("Due"), "tomorrow");
    type_text(&mut a, &s, "fri");
    assert_eq!(form(&a).value("Due"), "fri", "typing replaces the default");
    key(&mut a, &s, KeyCode::Enter);
    assert!(a.popup.is_none(), "{:?}", a.status);
    let t = &s.read().tasks(&a.tasks.query(&now())).unwrap()[0];
    assert_eq!(t.contact.as_deref(), Some("Ada Lovelace"));

    // A new deal: the contact field suggests names as they are typed.
    key(&mut a, &s, KeyCode::Char('1'));
    key(&mut a, &s, KeyCode::Char('a'));
    key(&mut a, &s, KeyCode::Enter);
    assert!(form(&a).error.is_some(), "a title is required");
    type_text(&mut a, &s, "Audit");
    assert!(
        form(&a).error.is_none(),
        "the error goes when its field is edited"
    );
    key(&mut a, &s, KeyCode::Tab);
    type_text(&mut a, &s, "gr");
    let names: Vec<&str> = form(&a)
        .suggestions
        .iter()
        .map(|(_, n)| n.as_str())
        .collect();
    assert_eq!(names, ["Grace Hopper"]);
    insta::assert_snapshot!("contact_suggestions_80x24", screen(&a, 80, 24));
    key(&mut a, &s, KeyCode::Down);
    key(&mut a, &s, KeyCode::Enter);
    assert_eq!(
        form(&a).value("Contact"),
        "Grace Hopper",
        "Enter takes the suggestion"
    );
    key(&mut a, &s, KeyCode::Enter);
    assert!(a.popup.is_none(), "{:?}", a.status);
    let deals = s.read().deals(&Default::default()).unwrap();
    let audit = deals.iter().find(|d| d.title == "Audit").unwrap();
    assert_eq!(audit.contact.as_deref(), Some("Grace Hopper"));
    // Tab takes the first suggestion.
    key(&mut a, &s, KeyCode::Char('a'));
    key(&mut a, &s, KeyCode::Tab);
    type_text(&mut a, &s, "sor");
    key(&mut a, &s, KeyCode::Tab);
    assert_eq!(form(&a).value("Contact"), "Søren Kierkegaard");
}

#[test]
fn the_pipeline_opens_on_its_first_deal() {
    let s = Store::open_in_memory().unwrap();
    contact(&s, "Ada Lovelace", None, None, &[]);
    let text = crm::input::deal::DealText {
        title: Some("Late entry".into()),
        contact: Some("ada".into()),
        stage: Some("proposal".into()),
        ..Default::default()
    };
    let zero = crm::domain::money::Money::new(0, Currency::usd());
    ops::deals::add(
        &s,
        &now(),
        Currency::usd(),
        text.typed(s.read(), &now(), zero).unwrap(),
    )
    .unwrap();
    let a = app(&s, 80, 24);
    assert_eq!(a.selected_deal().unwrap().title, "Late entry");
    assert!(screen(&a, 80, 24).contains("▶ Late entry"));
}

#[test]
fn the_dashboard_shows_twelve_weeks_at_every_width() {
    for w in [80u16, 100, 132, 160, 220] {
        let (s, mut a) = demo_app(w, 30);
        key(&mut a, &s, KeyCode::Char('5'));
        let text = screen(&a, w, 30);
        let weeks: Vec<String> = (36..=47).map(|n| n.to_string()).collect();
        let line = text
            .lines()
            .find(|l| l.contains(" 36 ") || l.contains("│36 "))
            .unwrap_or_else(|| panic!("no week labels at {w}:\n{text}"));
        let mut at = 0;
        for wk in &weeks {
            let found = line[at..].find(wk.as_str());
            assert!(found.is_some(), "week {wk} missing at width {w}:\n{text}");
            at += found.unwrap() + wk.len();
        }
        assert!(!line.contains(" 35 ") && !line.contains(" 48 "), "{line}");
    }
}

#[test]
fn the_help_scrolls() {
    let s = small();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('?'));
    key(&mut a, &s, KeyCode::Char('j'));
    assert_eq!(a.help_scroll, 1);
    key(&mut a, &s, KeyCode::Char('G'));
    let max = a.help_scroll;
    assert!(max > 1);
    key(&mut a, &s, KeyCode::Char('j'));
    assert_eq!(a.help_scroll, max, "not past the end");
    let text = screen(&a, 80, 24);
    assert!(text.contains("reload from the database"), "{text}");
    key(&mut a, &s, KeyCode::Esc);
    assert!(a.popup.is_none());
}

// Everyday editing with keys only: undo, snooze, and e/d on tasks and interactions.

fn ctrl(a: &mut App, s: &Store, c: char) {
    crm::tui::press(a, s, KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn status(a: &App) -> String {
    a.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// A task added outside the app, due on `due`.
fn task(s: &Store, title: &str, due: &str) -> crm::domain::TaskId {
    let text = crm::input::task::TaskText {
        title: title.into(),
        contact: Some("ada".into()),
        due: Some(due.into()),
        ..Default::default()
    };
    let input = text.typed(s.read(), &now()).unwrap();
    ops::tasks::add(s, &now(), input).unwrap().id
}

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

#[test]
fn u_takes_back_this_sessions_changes_newest_first() {
    let s = small();
    let t = task(&s, "Send proposal", "2026-11-23");
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('u'));
    assert!(status(&a).contains("Nothing to undo"), "{}", status(&a));
    assert!(
        s.read().task(t).unwrap().is_some(),
        "a change made before the app started is not the app's to undo"
    );

    // A deal won by mistake, then a task deleted.
    let deal = a.selected_deal().unwrap().id;
    key(&mut a, &s, KeyCode::Char('w'));
    assert_eq!(
        s.read().deal(deal).unwrap().unwrap().status,
        crm::domain::DealStatus::Won
    );
    key(&mut a, &s, KeyCode::Char('4'));
    key(&mut a, &s, KeyCode::Char('d'));
    key(&mut a, &s, KeyCode::Char('y'));
    assert!(s.read().task(t).unwrap().is_none());
    assert!(a.tasks.rows.is_empty());

    key(&mut a, &s, KeyCode::Char('u'));
    assert!(status(&a).contains("Send proposal"), "{}", status(&a));
    let back = s.read().task(t).unwrap().unwrap();
    assert_eq!(back.title, "Send proposal");
    assert_eq!(a.tasks.rows.len(), 1, "the view is read again");

    key(&mut a, &s, KeyCode::Char('u'));
    let title = s.read().deal(deal).unwrap().unwrap().title;
    assert!(
        status(&a).contains(&format!("won deal {title}")),
        "{}",
        status(&a)
    );
    let d = s.read().deal(deal).unwrap().unwrap();
    assert_eq!(d.status, crm::domain::DealStatus::Open);
    assert_eq!(d.stage, "lead");

    key(&mut a, &s, KeyCode::Char('u'));
    assert!(status(&a).contains("Nothing to undo"), "{}", status(&a));
}

#[test]
fn an_undo_that_later_changes_build_on_is_refused() {
    let s = small();
    let t = task(&s, "Send proposal", "2026-11-23");
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('4'));
    key(&mut a, &s, KeyCode::Char('z'));
    // Another process edits the same task since.
    let ch = ops::tasks::TaskChanges {
        title: Some("Send the proposal".into()),
        ..Default::default()
    };
    ops::tasks::edit(&s, &now(), t, None, ch).unwrap();
    key(&mut a, &s, KeyCode::Char('u'));
    let st = a.status.clone().unwrap();
    assert!(st.error, "{st:?}");
    assert!(st.text.contains("cannot be undone"), "{}", st.text);
    assert_eq!(
        s.read().task(t).unwrap().unwrap().title,
        "Send the proposal"
    );
    assert_eq!(a.undo.len(), 1, "it can be tried again once that is undone");
}

#[test]
fn z_snoozes_the_selected_task_a_day() {
    let s = small();
    let t = task(&s, "Send proposal", "2026-11-23");
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('4'));
    key(&mut a, &s, KeyCode::Char('z'));
    assert_eq!(
        s.read().task(t).unwrap().unwrap().due_day,
        Some(day("2026-11-24"))
    );
    assert!(status(&a).contains("2026-11-24"), "{}", status(&a));
}

#[test]
fn e_on_a_task_moves_its_due_date() {
    let s = small();
    let t = task(&s, "Send proposal", "2026-11-23");
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('4'));
    key(&mut a, &s, KeyCode::Char('e'));
    let f = form(&a);
    assert!(f.title.contains("Send proposal"), "{}", f.title);
    assert_eq!(f.value("Due"), "2026-11-23");
    assert_eq!(f.value("Contact"), "Ada Lovelace");
    insta::assert_snapshot!("task_edit_form_80x24", screen(&a, 80, 24));
    key(&mut a, &s, KeyCode::Tab);
    ctrl(&mut a, &s, 'u');
    type_text(&mut a, &s, "tue");
    key(&mut a, &s, KeyCode::Enter);
    assert!(a.popup.is_none(), "{:?}", a.status);
    let saved = s.read().task(t).unwrap().unwrap();
    assert_eq!(saved.due_day, Some(day("2026-11-24")));
    assert_eq!(saved.title, "Send proposal");
    assert_eq!(saved.contact.as_deref(), Some("Ada Lovelace"), "untouched");
    assert_eq!(a.tasks.rows[0].due_day, Some(day("2026-11-24")));
}

#[test]
fn a_stale_task_edit_is_refused_at_the_form() {
    let s = small();
    let t = task(&s, "Send proposal", "2026-11-23");
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('4'));
    key(&mut a, &s, KeyCode::Char('e'));
    let ch = ops::tasks::TaskChanges {
        title: Some("Send the proposal".into()),
        ..Default::default()
    };
    ops::tasks::edit(&s, &now(), t, None, ch).unwrap();
    key(&mut a, &s, KeyCode::Tab);
    ctrl(&mut a, &s, 'u');
    type_text(&mut a, &s, "fri");
    key(&mut a, &s, KeyCode::Enter);
    let f = form(&a);
    let (_, msg) = f.error.as_ref().expect("the form shows why");
    assert!(msg.contains("since you opened it"), "{msg}");
    let kept = s.read().task(t).unwrap().unwrap();
    assert_eq!(kept.title, "Send the proposal");
    assert_eq!(kept.due_day, Some(day("2026-11-23")));
}

#[test]
fn d_then_y_deletes_a_task() {
    let s = small();
    let t = task(&s, "Send proposal", "2026-11-23");
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('4'));
    key(&mut a, &s, KeyCode::Char('d'));
    key(&mut a, &s, KeyCode::Enter);
    assert!(s.read().task(t).unwrap().is_some(), "Enter answers no");
    key(&mut a, &s, KeyCode::Char('d'));
    let Some(Popup::Confirm { message, .. }) = &a.popup else {
        panic!("d asks first")
    };
    assert!(message.contains("Send proposal"), "{message}");
    key(&mut a, &s, KeyCode::Char('y'));
    assert!(s.read().task(t).unwrap().is_none());
    assert!(status(&a).contains("Deleted task"), "{}", status(&a));
}

#[test]
fn e_on_an_interaction_fixes_a_typo() {
    let s = small();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('3'));
    key(&mut a, &s, KeyCode::Char('e'));
    let f = form(&a);
    assert_eq!(f.value("Kind"), "call");
    assert_eq!(f.value("Summary"), "talked pricing");
    assert_eq!(f.value("When"), "2026-11-22 10:00");
    key(&mut a, &s, KeyCode::Tab);
    ctrl(&mut a, &s, 'u');
    type_text(&mut a, &s, "talked about pricing");
    key(&mut a, &s, KeyCode::Enter);
    assert!(a.popup.is_none(), "{:?}", a.status);
    let calls = s.read().interactions(&Default::default()).unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].summary, "talked about pricing");
    assert_eq!(calls[0].occurred_at, now().utc, "the time is untouched");
    assert_eq!(
        a.activity.selected().unwrap().summary,
        "talked about pricing"
    );

    // From a contact page's timeline entry: e edits it, d deletes it and closes the entry.
    key(&mut a, &s, KeyCode::Enter);
    key(&mut a, &s, KeyCode::Enter);
    key(&mut a, &s, KeyCode::Char('e'));
    assert!(form(&a).title.contains("call"), "{}", form(&a).title);
    key(&mut a, &s, KeyCode::Esc);
    key(&mut a, &s, KeyCode::Char('d'));
    key(&mut a, &s, KeyCode::Char('y'));
    assert!(s
        .read()
        .interactions(&Default::default())
        .unwrap()
        .is_empty());
    assert_eq!(a.pages.len(), 1, "the deleted entry's page closes");
    key(&mut a, &s, KeyCode::Char('u'));
    assert_eq!(s.read().interactions(&Default::default()).unwrap().len(), 1);
}

#[test]
fn a_monthly_task_added_with_keys_comes_back_when_ticked() {
    let s = small();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('4'));
    key(&mut a, &s, KeyCode::Char('t'));
    type_text(&mut a, &s, "Send invoice");
    key(&mut a, &s, KeyCode::Tab);
    type_text(&mut a, &s, "2026-11-30");
    key(&mut a, &s, KeyCode::Tab);
    type_text(&mut a, &s, "month");
    key(&mut a, &s, KeyCode::Enter);
    assert!(a.popup.is_none(), "{:?}", a.status);
    assert_eq!(a.tasks.rows.len(), 1);
    key(&mut a, &s, KeyCode::Char(' '));
    assert!(status(&a).contains("next due 2026-12-30"), "{}", status(&a));
    let open: Vec<_> = a
        .tasks
        .rows
        .iter()
        .filter(|t| t.done_at.is_none())
        .collect();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].due_day, Some(day("2026-12-30")));
}

#[test]
fn a_scored_contact_shows_its_score_in_the_list_and_the_detail() {
    let s = small();
    let mut a = app(&s, 160, 30);
    key(&mut a, &s, KeyCode::Char('2'));
    let ada = a.contacts.rows[0].clone();
    let score = s.read().score_of(ada.id).unwrap().expect("adding scores");
    assert_eq!(ada.score, Some(score));
    let text = screen(&a, 160, 30);
    assert!(text.contains(&format!("Score     {score}/100")), "{text}");
    let row = text.lines().find(|l| l.contains("▶ Ada Lovelace")).unwrap();
    assert!(row.contains(&format!(" {score} ")), "{row}");
    // The column while the list has room for it; never in a narrow list.
    for (w, shown) in [(160u16, true), (110, true), (80, false)] {
        let mut a = app(&s, w, 30);
        key(&mut a, &s, KeyCode::Char('2'));
        let text = screen(&a, w, 30);
        assert_eq!(text.contains("Lifecycle     Score Last"), shown, "{text}");
    }
    // Ranked rows read their scores too.
    key(&mut a, &s, KeyCode::Char('/'));
    type_text(&mut a, &s, "ada");
    assert_eq!(a.contacts.rows[0].id, ada.id);
    assert_eq!(a.contacts.rows[0].score, Some(score));
    // And the contact's page (the first Enter keeps the filter, the second opens it).
    key(&mut a, &s, KeyCode::Enter);
    key(&mut a, &s, KeyCode::Enter);
    let text = screen(&a, 160, 30);
    assert_eq!(a.pages.len(), 1, "{text}");
    assert!(text.contains(&format!("Score     {score}/100")), "{text}");
}
