//! The Activity view while another crm logs calls (live refresh): a selection on the first
//! row follows the top; one further down stays put and the title says "↑ N new".

use chrono::{Duration, FixedOffset, TimeZone, Utc};
use crm::domain::currency::Currency;
use crm::domain::InteractionKind;
use crm::ops::{self, Now};
use crm::store::Store;
use crm::tui::app::{App, View};
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

/// `summary` logged with Ada `minutes` after `now()`, through its own connection.
fn log(s: &Store, summary: &str, minutes: i64) {
    let at = Now::fixed(
        now().utc + Duration::minutes(minutes),
        FixedOffset::east_opt(0).unwrap(),
    );
    let text = crm::input::log::LogText::new(InteractionKind::Call, "ada", summary);
    ops::interactions::log(s, &at, text.typed(s.read(), &at).unwrap()).unwrap();
}

/// A file database (changes from another connection are seen by `data_version`) with
/// three calls, and the app on the Activity view.
fn setup(dir: &std::path::Path) -> (Store, App) {
    let s = Store::open(&dir.join("crm.db")).unwrap();
    let ada = ops::contacts::ContactChanges {
        name: Some("Ada Lovelace".into()),
        ..Default::default()
    };
    ops::contacts::add(&s, &now(), ada).unwrap();
    for (i, summary) in ["first call", "second call", "third call"]
        .iter()
        .enumerate()
    {
        log(&s, summary, -30 + i as i64);
    }
    let mut a = App::new(Keymap::default(), now(), Currency::usd(), (80, 12));
    crm::tui::start(&mut a, &s);
    key(&mut a, &s, KeyCode::Char('3'));
    assert_eq!(a.view, View::Activity);
    (s, a)
}

fn key(a: &mut App, s: &Store, code: KeyCode) {
    crm::tui::press(a, s, KeyEvent::new(code, KeyModifiers::NONE));
}

fn screen(a: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(80, 12)).unwrap();
    t.draw(|f| crm::tui::ui::draw(f, a)).unwrap();
    t.backend().to_string()
}

fn selected(a: &App) -> String {
    a.activity.selected().unwrap().summary.clone()
}

#[test]
fn rows_arriving_above_a_selection_further_down_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let (s, mut a) = setup(dir.path());
    key(&mut a, &s, KeyCode::Char('j'));
    assert_eq!(selected(&a), "second call");
    let other = Store::open(&dir.path().join("crm.db")).unwrap();
    log(&other, "from another pane", 0);
    log(&other, "and one more", 1);
    crm::tui::tick(&mut a, &s, now());
    assert_eq!(
        selected(&a),
        "second call",
        "the selection stays on its record"
    );
    assert_eq!(a.activity_new.count, 2);
    insta::assert_snapshot!("activity_new_above_80x12", screen(&a));
    // Moving within the list keeps the count; going up to the top clears it.
    key(&mut a, &s, KeyCode::Char('j'));
    assert_eq!(a.activity_new.count, 2);
    key(&mut a, &s, KeyCode::Char('g'));
    assert_eq!(selected(&a), "and one more");
    assert_eq!(a.activity_new.count, 0);
    assert!(!screen(&a).contains("new ("), "{}", screen(&a));
}

#[test]
fn a_selection_on_the_first_row_follows_the_top() {
    let dir = tempfile::tempdir().unwrap();
    let (s, mut a) = setup(dir.path());
    assert_eq!(selected(&a), "third call");
    let other = Store::open(&dir.path().join("crm.db")).unwrap();
    log(&other, "from another pane", 0);
    crm::tui::tick(&mut a, &s, now());
    assert_eq!(selected(&a), "from another pane");
    assert_eq!(a.activity_new.count, 0);
    assert!(!screen(&a).contains("↑"));
}

#[test]
fn rows_arriving_above_a_window_scrolled_past_the_top_are_counted_too() {
    let dir = tempfile::tempdir().unwrap();
    let (s, mut a) = setup(dir.path());
    for i in 0..20 {
        log(&s, &format!("older call {i}"), -200 + i);
    }
    crm::tui::tick(&mut a, &s, now());
    key(&mut a, &s, KeyCode::Char('G'));
    assert!(
        !a.activity.at_start,
        "the window no longer holds the first row"
    );
    let other = Store::open(&dir.path().join("crm.db")).unwrap();
    for i in 0..3 {
        log(&other, &format!("new call {i}"), i);
    }
    crm::tui::tick(&mut a, &s, now());
    assert_eq!(selected(&a), "older call 0");
    assert_eq!(a.activity_new.count, 3);
    assert!(screen(&a).contains("↑ 3 new (g goes up)"), "{}", screen(&a));
    key(&mut a, &s, KeyCode::Char('g'));
    assert_eq!(selected(&a), "new call 2");
    assert_eq!(a.activity_new.count, 0);
}
