//! The dashboard's Cases panel on a hand-built book, at a fixed clock (Sunday 2026-11-22
//! 10:00 UTC): open cases by priority, those past a target, median response times and CSAT.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use crm::domain::case::{Move, Priority};
use crm::domain::currency::Currency;
use crm::domain::{ContactId, Direction, InteractionKind};
use crm::ops::{self, Now};
use crm::store::Store;
use crm::tui::app::{App, View};
use crm::tui::keys::Keymap;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

fn at(s: &str) -> Now {
    let t: DateTime<Utc> = DateTime::parse_from_rfc3339(s).unwrap().into();
    Now::fixed(t, FixedOffset::east_opt(0).unwrap())
}

fn now() -> Now {
    Now::fixed(
        Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap(),
        FixedOffset::east_opt(0).unwrap(),
    )
}

fn person(s: &Store, name: &str) -> ContactId {
    let ch = ops::contacts::ContactChanges {
        name: Some(name.into()),
        ..Default::default()
    };
    ops::contacts::add(s, &at("2026-09-01T10:00:00Z"), ch)
        .unwrap()
        .id
}

fn log(
    s: &Store,
    when: &str,
    who: ContactId,
    case: i64,
    kind: InteractionKind,
    score: Option<i64>,
) {
    let input = ops::interactions::LogInput {
        kind,
        contact: who,
        summary: "about the case".into(),
        at: None,
        duration_min: None,
        deal: None,
        direction: (kind == InteractionKind::Email).then_some(Direction::Out),
        score,
        body: None,
        case: Some(case),
    };
    ops::interactions::log(s, &at(when), input).unwrap();
}

/// 1 Ada urgent, opened 08:00 today, replied 08:30 (0.5 h), open, in time
/// 2 Bob high, opened 04:00 today, no reply after 6 h: breached
/// 3 Ada normal, opened 11-20 10:00, replied 12:00 (2 h), solved 11-21 10:00 (24 h), rated 8
/// 4 Cy low, opened 11-15 10:00, replied a day later (24 h), pending, in time
/// Open 3 (urgent 1, high 1, low 1), breached 1, median reply of 0.5, 2 and 24 h = 2 h,
/// median resolution 24 h, CSAT 8.
fn book() -> Store {
    let s = Store::open_in_memory().unwrap();
    let (ada, bob, cy) = (
        person(&s, "Ada Lovelace"),
        person(&s, "Bob Hope"),
        person(&s, "Cy Young"),
    );
    let open = |when: &str, who, p| {
        ops::cases::open(&s, &at(when), who, "A problem", p, None)
            .unwrap()
            .id
    };
    let one = open("2026-11-22T08:00:00Z", ada, Priority::Urgent);
    log(
        &s,
        "2026-11-22T08:30:00Z",
        ada,
        one,
        InteractionKind::Email,
        None,
    );
    open("2026-11-22T04:00:00Z", bob, Priority::High);
    let three = open("2026-11-20T10:00:00Z", ada, Priority::Normal);
    log(
        &s,
        "2026-11-20T12:00:00Z",
        ada,
        three,
        InteractionKind::Email,
        None,
    );
    ops::cases::change(&s, &at("2026-11-21T10:00:00Z"), three, Move::Solve, None).unwrap();
    log(
        &s,
        "2026-11-21T12:00:00Z",
        ada,
        three,
        InteractionKind::Feedback,
        Some(8),
    );
    let four = open("2026-11-15T10:00:00Z", cy, Priority::Low);
    log(
        &s,
        "2026-11-16T10:00:00Z",
        cy,
        four,
        InteractionKind::Email,
        None,
    );
    ops::cases::change(&s, &at("2026-11-16T10:00:00Z"), four, Move::Pending, None).unwrap();
    s
}

fn screen(a: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| crm::tui::ui::draw(f, a)).unwrap();
    t.backend().to_string()
}

#[test]
fn the_dashboard_shows_the_cases_panel() {
    let s = book();
    for (w, h) in [(80u16, 24u16), (120, 30)] {
        let mut a = App::new(Keymap::default(), now(), Currency::usd(), (w, h));
        crm::tui::start(&mut a, &s);
        crm::tui::press(
            &mut a,
            &s,
            KeyEvent::new(KeyCode::Char('5'), KeyModifiers::NONE),
        );
        assert_eq!(a.view, View::Dashboard);
        let d = &a.dashboard.as_ref().unwrap().service;
        assert_eq!(d.breached_open, 1);
        assert_eq!(d.median_first_response_hours, Some(2.0));
        assert_eq!(d.median_resolution_hours, Some(24.0));
        assert_eq!(d.csat, Some(8.0));
        let text = screen(&a, w, h);
        for want in [
            "Open       3",
            "urgent 1 · high 1",
            "normal 0 · low 1",
            "Breached   1",
            "1st reply  2.0 h",
            "Resolution 24.0 h",
            "CSAT       8.0",
        ] {
            assert!(text.contains(want), "{want} at {w}x{h}:\n{text}");
        }
        insta::assert_snapshot!(format!("dashboard_cases_{w}x{h}"), text);
    }
}

#[test]
fn targets_from_the_config_count_the_breaches() {
    let s = book();
    let mut a = App::new(Keymap::default(), now(), Currency::usd(), (80, 24));
    // High cases get 8 hours to answer: Bob's 6 hours are in time.
    a.targets.first_response[2] = chrono::Duration::hours(8);
    crm::tui::start(&mut a, &s);
    crm::tui::press(
        &mut a,
        &s,
        KeyEvent::new(KeyCode::Char('5'), KeyModifiers::NONE),
    );
    assert_eq!(a.dashboard.as_ref().unwrap().service.breached_open, 0);
    assert!(screen(&a, 80, 24).contains("Breached   0"));
}
