//! The Contacts view's segment tabs (`s`) and `:expression` filter (DESIGN §5, §12).

use chrono::{FixedOffset, TimeZone, Utc};
use crm::domain::currency::Currency;
use crm::domain::filter::{parse, Target};
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

fn store() -> Store {
    let s = Store::open_in_memory().unwrap();
    let n = now();
    for (name, tags) in [
        ("Ada Lovelace", vec!["vip"]),
        ("Grace Hopper", vec!["vip", "navy"]),
        ("Søren Kierkegaard", vec!["lead"]),
        ("Zoë Ångström", vec![]),
    ] {
        let ch = ops::contacts::ContactChanges {
            name: Some(name.into()),
            tags: Some(tags.into_iter().map(String::from).collect()),
            ..Default::default()
        };
        ops::contacts::add(&s, &n, ch).unwrap();
    }
    for (name, expr) in [
        ("VIPs", "tag:vip"),
        ("Leads", "lifecycle = lead and tag:lead"),
    ] {
        let f = parse(expr, Target::Contact).unwrap();
        ops::segments::add(&s, &n, name, &f).unwrap();
    }
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

fn names(a: &App) -> Vec<String> {
    a.contacts.rows.iter().map(|c| c.name.clone()).collect()
}

#[test]
fn s_cycles_the_segment_tabs_and_the_list_follows() {
    let s = store();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    assert_eq!(a.view, View::Contacts);
    assert_eq!(names(&a).len(), 4);
    assert_eq!(a.segments.len(), 2);

    key(&mut a, &s, KeyCode::Char('s'));
    assert_eq!(a.segment, Some(0), "Leads sorts first");
    assert_eq!(names(&a), ["Søren Kierkegaard"]);
    key(&mut a, &s, KeyCode::Char('s'));
    assert_eq!(names(&a), ["Ada Lovelace", "Grace Hopper"]);
    insta::assert_snapshot!("segment_tabs_80x24", screen(&a, 80, 24));

    // A fuzzy filter inside a tab narrows the tab.
    key(&mut a, &s, KeyCode::Char('/'));
    type_text(&mut a, &s, "gra");
    key(&mut a, &s, KeyCode::Enter);
    assert_eq!(names(&a), ["Grace Hopper"]);
    key(&mut a, &s, KeyCode::Esc);

    key(&mut a, &s, KeyCode::Char('s'));
    assert_eq!(a.segment, None, "after the last tab, all contacts");
    assert_eq!(names(&a).len(), 4);
}

#[test]
fn a_colon_switches_the_filter_to_an_expression() {
    let s = store();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Char('/'));
    type_text(&mut a, &s, ":tag:vip and not tag:navy");
    assert_eq!(names(&a), ["Ada Lovelace"]);
    assert!(a.filter_error.is_none());
    key(&mut a, &s, KeyCode::Enter);
    assert_eq!(names(&a), ["Ada Lovelace"]);
    // Without the colon the same text is a fuzzy search.
    key(&mut a, &s, KeyCode::Esc);
    assert_eq!(names(&a).len(), 4);
}

#[test]
fn a_bad_expression_shows_where_it_failed() {
    let s = store();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Char('/'));
    type_text(&mut a, &s, ":tag:vip and nmae = x");
    let e = a.filter_error.clone().expect("an error");
    assert_eq!(e.column, 13);
    assert_eq!(names(&a).len(), 4, "the list stays whole");
    insta::assert_snapshot!("expression_error_80x24", screen(&a, 80, 24));
    key(&mut a, &s, KeyCode::Enter);
    let shown = screen(&a, 80, 24);
    assert!(shown.contains("at column 13"), "{shown}");
}

#[test]
fn without_segments_s_says_how_to_make_one() {
    let s = Store::open_in_memory().unwrap();
    let n = now();
    let ch = ops::contacts::ContactChanges {
        name: Some("Ada".into()),
        ..Default::default()
    };
    ops::contacts::add(&s, &n, ch).unwrap();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Char('s'));
    assert!(a.status.as_ref().unwrap().text.contains("crm segment add"));
    assert_eq!(a.segment, None);
}
