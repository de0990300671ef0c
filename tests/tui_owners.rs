//! Owners in the app (DESIGN §14): someone else's deal, task or case says whose it is
//! (`@robin`), the Cases view gets an Owner column when some case is someone else's, and
//! a case's page names its owner. The acting user here is ada.

use chrono::{FixedOffset, TimeZone, Utc};
use crm::domain::case::Priority;
use crm::domain::currency::Currency;
use crm::domain::money::Money;
use crm::ops::{self, Now};
use crm::store::Store;
use crm::tui::app::{App, View};
use crm::tui::keys::Keymap;
use crm::tui::views::contact_page::Page;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

fn now() -> Now {
    Now::fixed(
        Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap(),
        FixedOffset::east_opt(0).unwrap(),
    )
}

fn as_user(who: &'static str) -> Now {
    now().acting_as(who)
}

/// Ada's and robin's case, deal and task each, about Grace.
fn book() -> Store {
    let s = Store::open_in_memory().unwrap();
    let grace = ops::contacts::add(
        &s,
        &as_user("ada"),
        ops::contacts::ContactChanges {
            name: Some("Grace Hopper".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    for (who, title) in [("ada", "Login broken"), ("robin", "Invoice question")] {
        ops::cases::open(&s, &as_user(who), grace, title, Priority::Normal, None).unwrap();
    }
    for (who, title) in [("ada", "Website"), ("robin", "Kiosk")] {
        let ch = ops::deals::DealChanges {
            title: Some(title.into()),
            contact: Some(Some(grace)),
            value: Some(Money::new(10_000, Currency::usd())),
            ..Default::default()
        };
        ops::deals::add(&s, &as_user(who), Currency::usd(), ch).unwrap();
    }
    for (who, title) in [("ada", "Call Grace"), ("robin", "Send the deck")] {
        let input = ops::tasks::TaskInput {
            title: title.into(),
            contact: Some(grace),
            due: Some(crm::domain::dates::When::Day(now().today())),
            ..Default::default()
        };
        ops::tasks::add(&s, &as_user(who), input).unwrap();
    }
    s
}

fn app(store: &Store, w: u16, h: u16) -> App {
    let mut a = App::new(Keymap::default(), as_user("ada"), Currency::usd(), (w, h));
    crm::tui::start(&mut a, store);
    a
}

fn key(a: &mut App, s: &Store, code: KeyCode) {
    crm::tui::press(a, s, KeyEvent::new(code, KeyModifiers::NONE));
}

fn screen(a: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| crm::tui::ui::draw(f, a)).unwrap();
    t.backend().to_string()
}

fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in\n{text}"))
}

#[test]
fn the_cases_view_has_an_owner_column_and_the_page_names_the_owner() {
    let s = book();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('6'));
    assert_eq!(a.view, View::Cases);
    let text = screen(&a, 80, 24);
    assert!(line_with(&text, "Prio").contains("Owner"), "{text}");
    assert!(line_with(&text, "Invoice q").contains("@robin"), "{text}");
    assert!(!line_with(&text, "Login bro").contains('@'), "{text}");
    insta::assert_snapshot!("owners_cases_80x24", text);
    // The second case is robin's: its page says so.
    key(&mut a, &s, KeyCode::Down);
    key(&mut a, &s, KeyCode::Enter);
    let Some(Page::Case(p)) = a.pages.last() else {
        panic!("a case page")
    };
    assert_eq!(p.case.owner.as_deref(), Some("robin"));
    let text = screen(&a, 80, 24);
    assert!(line_with(&text, "Owner").contains("robin"), "{text}");
}

#[test]
fn someone_elses_deals_and_tasks_say_whose_they_are() {
    let s = book();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('1'));
    assert_eq!(a.view, View::Pipeline);
    let text = screen(&a, 80, 24);
    assert!(text.contains("@robin · Grace Hopper"), "{text}");
    assert_eq!(
        text.matches("@robin").count(),
        1,
        "ada's own deal says nothing"
    );
    key(&mut a, &s, KeyCode::Char('4'));
    assert_eq!(a.view, View::Today);
    let text = screen(&a, 80, 24);
    assert!(
        line_with(&text, "Send the deck").contains("@robin"),
        "{text}"
    );
    assert!(!line_with(&text, "Call Grace").contains('@'), "{text}");
}

#[test]
fn in_solo_mode_nothing_says_whose() {
    let s = book();
    // Robin's own records say nothing; ada's say `@ada`, as robin sees them.
    let mut a = App::new(
        Keymap::default(),
        as_user("robin"),
        Currency::usd(),
        (80, 24),
    );
    crm::tui::start(&mut a, &s);
    key(&mut a, &s, KeyCode::Char('6'));
    let text = screen(&a, 80, 24);
    assert!(line_with(&text, "Login bro").contains("@ada"), "{text}");
    assert!(!line_with(&text, "Invoice q").contains('@'), "{text}");
    // With one user only, no Owner column at all.
    let solo = Store::open_in_memory().unwrap();
    let grace = ops::contacts::add(
        &solo,
        &as_user("ada"),
        ops::contacts::ContactChanges {
            name: Some("Grace Hopper".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    ops::cases::open(
        &solo,
        &as_user("ada"),
        grace,
        "Login",
        Priority::Normal,
        None,
    )
    .unwrap();
    let mut a = app(&solo, 80, 24);
    key(&mut a, &solo, KeyCode::Char('6'));
    let text = screen(&a, 80, 24);
    assert!(!text.contains("Owner") && !text.contains('@'), "{text}");
}
