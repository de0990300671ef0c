//! The duplicate review screen (DESIGN §12), driven with keys on an in-memory database.

use chrono::{FixedOffset, TimeZone, Utc};
use crm::domain::currency::Currency;
use crm::domain::phone::Region;
use crm::ops::{self, Now};
use crm::store::Store;
use crm::tui::app::{App, Popup};
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

fn add(s: &Store, name: &str, email: Option<&str>, phone: Option<&str>, company: Option<&str>) {
    let ch = ops::contacts::ContactChanges {
        name: Some(name.into()),
        emails: email.map(|e| vec![e.into()]),
        phones: phone.map(|p| vec![p.into()]),
        company: company.map(Into::into),
        ..Default::default()
    };
    ops::contacts::add(s, &now(), ch).unwrap();
}

/// Two planted pairs among people who are nobody's double.
fn planted() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.set_phone_region(Some(Region::parse("GB").unwrap()));
    add(
        &s,
        "Jürgen Müller",
        Some("jm@acme.example"),
        Some("+44 20 7946 0958"),
        Some("Acme"),
    );
    add(&s, "Ada Lovelace", Some("ada@example.com"), None, None);
    add(&s, "Alan Turing", None, None, None);
    add(
        &s,
        "Juergen Mueller",
        Some("juergen@other.example"),
        Some("020 7946 0958"),
        None,
    );
    add(&s, "Lovelace Ada", None, None, Some("Analytical Engines"));
    s
}

fn app(store: &Store, w: u16, h: u16) -> App {
    let mut a = App::new(Keymap::default(), now(), Currency::usd(), (w, h));
    crm::tui::start(&mut a, store);
    a
}

fn key(a: &mut App, s: &Store, c: KeyCode) {
    crm::tui::press(a, s, KeyEvent::new(c, KeyModifiers::NONE));
}

fn screen(a: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| crm::tui::ui::draw(f, a)).unwrap();
    t.backend().to_string()
}

fn shown(a: &App) -> Option<(i64, i64)> {
    match a.pages.last() {
        Some(Page::Dupes(r)) => r.current().map(|c| (c.a.id.0, c.b.id.0)),
        _ => None,
    }
}

fn status(a: &App) -> String {
    a.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn the_review_shows_a_pair_side_by_side() {
    let s = planted();
    for (w, h) in [(80u16, 24u16), (160, 48)] {
        let mut a = app(&s, w, h);
        key(&mut a, &s, KeyCode::Char('2'));
        key(&mut a, &s, KeyCode::Char('M'));
        assert_eq!(shown(&a), Some((1, 4)), "the best pair first");
        insta::assert_snapshot!(format!("review_{w}x{h}"), screen(&a, w, h));
        key(&mut a, &s, KeyCode::Char('j'));
        assert_eq!(shown(&a), Some((2, 5)));
        key(&mut a, &s, KeyCode::Char('n'));
        assert_eq!(shown(&a), Some((2, 5)), "the last pair stays");
        key(&mut a, &s, KeyCode::Char('p'));
        assert_eq!(shown(&a), Some((1, 4)));
        key(&mut a, &s, KeyCode::Esc);
        assert!(a.pages.is_empty(), "Esc goes back to Contacts");
    }
}

#[test]
fn m_merges_after_a_preview_and_y_k_keeps_both() {
    let s = planted();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Char('M'));
    key(&mut a, &s, KeyCode::Char('m'));
    let Some(Popup::Confirm { message, .. }) = &a.popup else {
        panic!("m asks first: {:?}", a.popup);
    };
    assert!(
        message.starts_with("Merge #4 Juergen Mueller into #1 Jürgen Müller? It gains e-mail juergen@other.example;"),
        "{message}"
    );
    assert!(
        !message.contains("phone"),
        "the same number is not gained twice: {message}"
    );
    insta::assert_snapshot!("merge_confirm_80x24", screen(&a, 80, 24));
    // Enter does not confirm.
    key(&mut a, &s, KeyCode::Enter);
    assert!(a.popup.is_none());
    assert!(ops::contacts::load(s.read(), crm::domain::ContactId(4)).is_ok());
    key(&mut a, &s, KeyCode::Char('m'));
    key(&mut a, &s, KeyCode::Char('y'));
    assert!(
        status(&a).starts_with("Merged into Jürgen Müller"),
        "{}",
        status(&a)
    );
    let kept = ops::contacts::load(s.read(), crm::domain::ContactId(1)).unwrap();
    assert_eq!(kept.emails, ["jm@acme.example", "juergen@other.example"]);
    assert_eq!(kept.phones, ["+44 20 7946 0958"]);
    assert_eq!(shown(&a), Some((2, 5)), "the next pair takes its place");

    key(&mut a, &s, KeyCode::Char('k'));
    assert!(status(&a).starts_with("Kept #2 and #5"), "{}", status(&a));
    assert!(s
        .read()
        .is_not_dupe(crm::domain::ContactId(5), crm::domain::ContactId(2))
        .unwrap());
    assert_eq!(shown(&a), None, "nothing left");
    assert!(screen(&a, 80, 24).contains("No likely duplicates left"));
    // u takes back the keep, and the pair comes back.
    key(&mut a, &s, KeyCode::Char('u'));
    assert_eq!(shown(&a), Some((2, 5)));
    key(&mut a, &s, KeyCode::Esc);
    key(&mut a, &s, KeyCode::Char('M'));
    assert_eq!(shown(&a), Some((2, 5)));
}

#[test]
fn with_no_pairs_the_review_says_so() {
    let s = Store::open_in_memory().unwrap();
    add(&s, "Alan Turing", None, None, None);
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Char('M'));
    assert!(a.pages.is_empty());
    assert!(
        status(&a).contains("No likely duplicates"),
        "{}",
        status(&a)
    );
}
