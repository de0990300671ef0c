//! The Today view (key 4) with every section filled: overdue, today's and upcoming tasks,
//! contacts to reconnect, deals closing within a week and birthdays, at a fixed clock
//! (Sunday 2026-11-22 10:00 UTC).

use chrono::{Duration, FixedOffset, TimeZone, Utc};
use crm::domain::birthday::Birthday;
use crm::domain::cadence::TagCadences;
use crm::domain::currency::Currency;
use crm::domain::recurrence::Every;
use crm::ops::{self, Now};
use crm::store::Store;
use crm::tui::app::{App, View};
use crm::tui::keys::Keymap;
use crm::tui::views::contact_page::Page;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use ratatui::Terminal;

fn now() -> Now {
    Now::fixed(
        Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap(),
        FixedOffset::east_opt(0).unwrap(),
    )
}

fn days_ago(n: i64) -> Now {
    Now::fixed(
        now().utc - Duration::days(n),
        FixedOffset::east_opt(0).unwrap(),
    )
}

fn person(
    s: &Store,
    at: &Now,
    name: &str,
    cadence: Option<&str>,
    tag: Option<&str>,
    birthday: Option<&str>,
) {
    let ch = ops::contacts::ContactChanges {
        name: Some(name.into()),
        company: Some("Analytical Engines".into()),
        cadence: cadence.map(|c| Some(Every::parse(c).unwrap())),
        tags: tag.map(|t| vec![t.to_string()]),
        birthday: birthday.map(|b| Some(Birthday::parse(b).unwrap())),
        ..Default::default()
    };
    ops::contacts::add(s, at, ch).unwrap();
}

fn deal(s: &Store, title: &str, who: &str, close: &str) {
    let text = crm::input::deal::DealText {
        title: Some(title.into()),
        contact: Some(who.into()),
        value: Some("2500".into()),
        close: Some(close.into()),
        ..Default::default()
    };
    let zero = crm::domain::money::Money::new(0, Currency::usd());
    let ch = text.typed(s.read(), &now(), zero).unwrap();
    ops::deals::add(s, &now(), Currency::usd(), ch).unwrap();
}

fn task(s: &Store, title: &str, who: &str, due: &str) -> crm::domain::TaskId {
    let text = crm::input::task::TaskText {
        title: title.into(),
        contact: Some(who.into()),
        due: Some(due.into()),
        ..Default::default()
    };
    let input = text.typed(s.read(), &now()).unwrap();
    ops::tasks::add(s, &now(), input).unwrap().id
}

/// A row of each kind in each section, and some that must stay out.
fn filled() -> Store {
    let s = Store::open_in_memory().unwrap();
    person(
        &s,
        &days_ago(30),
        "Ada Lovelace",
        Some("3w"),
        None,
        Some("1815-11-22"),
    );
    // Due exactly now: two weeks to the second.
    person(
        &s,
        &days_ago(14),
        "Grace Hopper",
        Some("2w"),
        None,
        Some("1906-12-09"),
    );
    // By the config's tag cadence: a week after being added, five days ago.
    person(
        &s,
        &days_ago(12),
        "Søren Kierkegaard",
        None,
        Some("vip"),
        None,
    );
    person(
        &s,
        &days_ago(20),
        "Alan Turing",
        Some("3w"),
        None,
        Some("--11-25"),
    );
    person(
        &s,
        &days_ago(3),
        "Not Due Yet",
        Some("2w"),
        Some("vip"),
        None,
    );
    ops::interactions::log(
        &s,
        &days_ago(2),
        crm::input::log::LogText::new(crm::domain::InteractionKind::Call, "alan", "caught up")
            .typed(s.read(), &days_ago(2))
            .unwrap(),
    )
    .unwrap();
    task(&s, "Send the invoice", "ada", "2026-11-20");
    task(&s, "Call Grace back", "grace", "today");
    task(&s, "Prepare the demo", "soren", "2026-11-25");
    let done = task(&s, "Book the venue", "ada", "today");
    ops::tasks::tick(&s, &now(), done, true).unwrap();
    deal(&s, "Engine design", "ada", "2026-11-20");
    deal(&s, "Compiler audit", "grace", "2026-11-22");
    deal(&s, "Enigma review", "alan", "2026-11-26");
    deal(&s, "Later deal", "alan", "2026-12-20");
    s
}

fn app(store: &Store, w: u16, h: u16) -> App {
    let mut a = App::new(Keymap::default(), now(), Currency::usd(), (w, h));
    a.cadence = TagCadences::parse([("vip", "1w")]).unwrap();
    crm::tui::start(&mut a, store);
    a
}

fn key(a: &mut App, s: &Store, code: KeyCode) {
    crm::tui::press(a, s, KeyEvent::new(code, KeyModifiers::NONE));
}

fn terminal(a: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| crm::tui::ui::draw(f, a)).unwrap();
    t
}

fn screen(a: &App, w: u16, h: u16) -> String {
    terminal(a, w, h).backend().to_string()
}

#[test]
fn today_shows_every_section() {
    let s = filled();
    for (w, h) in [(80u16, 24u16), (120, 30)] {
        let mut a = app(&s, w, h);
        key(&mut a, &s, KeyCode::Char('4'));
        assert_eq!(a.view, View::Today);
        insta::assert_snapshot!(format!("today_{w}x{h}"), screen(&a, w, h));
    }
}

#[test]
fn rows_are_coloured_by_how_late_they_are() {
    let s = filled();
    let mut a = app(&s, 120, 30);
    key(&mut a, &s, KeyCode::Char('4'));
    // The selected row has the selection's colours: select the last (upcoming) task.
    a.tasks.sel = a.tasks.entries.len() - 1;
    let t = terminal(&a, 120, 30);
    let buf = t.backend().buffer();
    let colour_of = |word: &str| -> Color {
        for y in 0..30 {
            let line: String = (0..120).map(|x| buf[(x, y)].symbol()).collect();
            if let Some(at) = line.find(word) {
                let x = line[..at].chars().count() as u16 + word.len() as u16
                    - word.trim_start().len() as u16;
                return buf[(x, y)].fg;
            }
        }
        panic!("{word} is not on the screen");
    };
    assert_eq!(colour_of("overdue"), Color::Red);
    assert_eq!(colour_of("5d late"), Color::Red);
    assert_eq!(colour_of("2d late"), Color::Red);
    assert_eq!(colour_of(" due    "), Color::Yellow);
    assert_eq!(colour_of("[x]"), Color::DarkGray);
    assert_eq!(colour_of("today "), Color::Yellow);
    assert_eq!(colour_of("in 3d"), Color::Reset);
}

#[test]
fn enter_opens_the_contact_of_a_reconnect_deal_or_birthday_row() {
    let s = filled();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('4'));
    let mut opened = Vec::new();
    for i in 0..a.tasks.entries.len() {
        a.tasks.sel = i;
        key(&mut a, &s, KeyCode::Enter);
        match a.pages.last() {
            Some(Page::Contact(p)) => opened.push(p.detail.contact.name.clone()),
            other => panic!("row {i} opened {other:?}"),
        }
        key(&mut a, &s, KeyCode::Esc);
        assert!(a.pages.is_empty());
    }
    let sections: Vec<_> = a.tasks.entries.iter().map(|e| e.section()).collect();
    use crm::tui::views::today::Section::*;
    assert_eq!(
        sections,
        vec![
            Overdue, Today, Today, Reconnect, Reconnect, Reconnect, Closing, Closing, Closing,
            Birthdays, Birthdays, Upcoming
        ]
    );
    assert_eq!(
        opened,
        vec![
            "Ada Lovelace",
            "Grace Hopper",
            "Ada Lovelace",
            "Ada Lovelace",
            "Søren Kierkegaard",
            "Grace Hopper",
            "Ada Lovelace",
            "Grace Hopper",
            "Alan Turing",
            "Ada Lovelace",
            "Alan Turing",
            "Søren Kierkegaard",
        ]
    );
}

#[test]
fn task_keys_act_on_task_rows_only_and_v_shows_done_tasks() {
    let s = filled();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('4'));
    let reconnect = a
        .tasks
        .entries
        .iter()
        .position(|e| e.section() == crm::tui::views::today::Section::Reconnect)
        .unwrap();
    a.tasks.sel = reconnect;
    let before = s.read().latest_change().unwrap().map(|c| c.id);
    for k in [' ', 'z', 'e', 'd'] {
        key(&mut a, &s, KeyCode::Char(k));
        assert!(a.popup.is_none(), "{k} opened something on a reconnect row");
    }
    assert_eq!(s.read().latest_change().unwrap().map(|c| c.id), before);
    assert!(a.status.as_ref().unwrap().text.contains("act on tasks"));
    // Space on the overdue task ticks it; it stays in view, dimmed, and the selection with it.
    a.tasks.sel = 0;
    key(&mut a, &s, KeyCode::Char(' '));
    assert!(a.tasks.selected().unwrap().done_at.is_some());
    assert_eq!(a.tasks.selected().unwrap().title, "Send the invoice");
    // A call logged from a reconnect row takes the contact off the list.
    a.tasks.sel = reconnect;
    let who = a.tasks.subject().unwrap().0;
    let call =
        crm::input::log::LogText::new(crm::domain::InteractionKind::Call, &who.to_string(), "hi");
    ops::interactions::log(&s, &now(), call.typed(s.read(), &now()).unwrap()).unwrap();
    crm::tui::press(
        &mut a,
        &s,
        KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL),
    );
    assert_eq!(a.tasks.reconnect.len(), 2);
    assert!(a.tasks.reconnect.iter().all(|r| r.contact.id != who));
    key(&mut a, &s, KeyCode::Char('v'));
    assert!(a.tasks.show_done);
}

#[test]
fn the_contact_form_sets_a_cadence_and_a_birthday_and_refuses_bad_ones_at_the_field() {
    let s = Store::open_in_memory().unwrap();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Char('a'));
    for c in "Katherine Johnson".chars() {
        key(&mut a, &s, KeyCode::Char(c));
    }
    // Name, e-mails, phones, company, title, tags, lifecycle, then every and birthday.
    for _ in 0..7 {
        key(&mut a, &s, KeyCode::Tab);
    }
    for c in "fortnightly".chars() {
        key(&mut a, &s, KeyCode::Char(c));
    }
    key(&mut a, &s, KeyCode::Tab);
    for c in "1918-08-26".chars() {
        key(&mut a, &s, KeyCode::Char(c));
    }
    key(&mut a, &s, KeyCode::Enter);
    let Some(crm::tui::app::Popup::Form(form)) = &a.popup else {
        panic!("the form stays open")
    };
    assert_eq!(form.focus, 7, "at the Every field");
    assert!(form.error.as_ref().unwrap().1.contains("fortnightly"));
    for _ in 0.."fortnightly".len() {
        key(&mut a, &s, KeyCode::Backspace);
    }
    for c in "2w".chars() {
        key(&mut a, &s, KeyCode::Char(c));
    }
    key(&mut a, &s, KeyCode::Enter);
    assert!(a.popup.is_none(), "{:?}", a.status);
    let c = ops::contacts::load(s.read(), crm::domain::ContactId(1)).unwrap();
    assert_eq!(c.cadence.map(|e| e.to_string()).as_deref(), Some("2w"));
    assert_eq!(
        c.birthday.map(|b| b.to_string()).as_deref(),
        Some("1918-08-26")
    );
}

#[test]
fn a_contacts_page_shows_its_cadence_with_the_due_day_and_its_birthday() {
    let s = filled();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('4'));
    a.tasks.sel = 3; // Ada, first to reconnect with
    key(&mut a, &s, KeyCode::Enter);
    let text = screen(&a, 80, 24);
    assert!(text.contains("every 3w, due 2026-11-13"), "{text}");
    assert!(text.contains("1815-11-22"), "{text}");
    key(&mut a, &s, KeyCode::Esc);
    a.tasks.sel = 4; // Søren, by the vip tag
    key(&mut a, &s, KeyCode::Enter);
    assert!(screen(&a, 80, 24).contains("every week by tag"));
}

#[test]
fn the_filter_narrows_every_section() {
    let s = filled();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('4'));
    key(&mut a, &s, KeyCode::Char('/'));
    for c in "alan".chars() {
        key(&mut a, &s, KeyCode::Char(c));
    }
    key(&mut a, &s, KeyCode::Enter);
    use crm::tui::views::today::Section::*;
    let sections: Vec<_> = a.tasks.entries.iter().map(|e| e.section()).collect();
    assert_eq!(sections, vec![Closing, Birthdays]);
    assert!(screen(&a, 80, 24).contains("Enigma review"));
}

#[test]
fn view_today_names_the_view_in_the_config_as_view_tasks_does() {
    let s = filled();
    for action in ["view-today", "view-tasks"] {
        let keymap = Keymap::with_overrides(&[("T".to_string(), action.to_string())]).unwrap();
        let mut a = App::new(keymap, now(), Currency::usd(), (80, 24));
        crm::tui::start(&mut a, &s);
        key(&mut a, &s, KeyCode::Char('T'));
        assert_eq!(a.view, View::Today, "{action}");
    }
}

#[test]
fn a_long_section_is_cut_and_its_heading_says_how_many_in_all() {
    let s = Store::open_in_memory().unwrap();
    for i in 0..52 {
        person(
            &s,
            &now(),
            &format!("Person {i:02}"),
            None,
            None,
            Some("--11-23"),
        );
    }
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('4'));
    assert_eq!(
        a.tasks.birthdays.len(),
        crm::tui::views::today::SECTION_ROWS
    );
    let text = screen(&a, 80, 24);
    assert!(
        text.contains("Birthdays within 7 days (50 of 52)"),
        "{text}"
    );
}
