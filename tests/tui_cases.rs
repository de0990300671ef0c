//! The Cases view (key 6), a case's page and the case keys, on an in-memory database at a
//! fixed clock (Sunday 2026-11-22 10:00 UTC), with the default targets: an urgent case
//! unanswered for three hours (its one-hour reply target breached two hours ago), a
//! normal one opened two hours ago (reply due in 22h) and a pending high one answered in
//! time (solve due in 2d).

use chrono::{Duration, FixedOffset, TimeZone, Utc};
use crm::domain::case::{Case, Move, Priority, Status};
use crm::domain::currency::Currency;
use crm::domain::InteractionKind;
use crm::ops::{self, Now};
use crm::store::Store;
use crm::tui::app::{App, Popup, View};
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

fn hours_ago(h: i64) -> Now {
    Now::fixed(
        now().utc - Duration::hours(h),
        FixedOffset::east_opt(0).unwrap(),
    )
}

fn person(s: &Store, name: &str) -> crm::domain::ContactId {
    let ch = ops::contacts::ContactChanges {
        name: Some(name.into()),
        company: Some("Analytical Engines".into()),
        ..Default::default()
    };
    ops::contacts::add(s, &hours_ago(100), ch).unwrap().id
}

/// Ada's breached case, Grace's case in time, Alan's pending one and a solved one of Ada's.
fn book() -> Store {
    let s = Store::open_in_memory().unwrap();
    let ada = person(&s, "Ada Lovelace");
    let grace = person(&s, "Grace Hopper");
    let alan = person(&s, "Alan Turing");
    let login = ops::cases::open(
        &s,
        &hours_ago(3),
        ada,
        "Login broken",
        Priority::Urgent,
        None,
    )
    .unwrap();
    ops::cases::log_on(
        &s,
        &hours_ago(2),
        login.id,
        InteractionKind::Note,
        "Checked the logs: lockouts",
    )
    .unwrap();
    ops::cases::open(
        &s,
        &hours_ago(2),
        grace,
        "Invoice question",
        Priority::Normal,
        None,
    )
    .unwrap();
    let export = ops::cases::open(
        &s,
        &hours_ago(24),
        alan,
        "Export fails",
        Priority::High,
        None,
    )
    .unwrap();
    ops::cases::log_on(
        &s,
        &hours_ago(22),
        export.id,
        InteractionKind::Email,
        "Which file?",
    )
    .unwrap();
    ops::cases::change(&s, &hours_ago(22), export.id, Move::Pending, None).unwrap();
    let old =
        ops::cases::open(&s, &hours_ago(90), ada, "Old question", Priority::Low, None).unwrap();
    ops::cases::change(&s, &hours_ago(80), old.id, Move::Solve, Some("answered")).unwrap();
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

fn status(a: &App) -> String {
    a.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn case(s: &Store, id: i64) -> Case {
    s.read().case(id).unwrap().unwrap()
}

fn titles(a: &App) -> Vec<&str> {
    a.cases.rows.iter().map(|k| k.title.as_str()).collect()
}

#[test]
fn the_cases_view_lists_live_cases_most_urgent_first() {
    let s = book();
    for (w, h) in [(80u16, 24u16), (120, 30)] {
        let mut a = app(&s, w, h);
        key(&mut a, &s, KeyCode::Char('6'));
        assert_eq!(a.view, View::Cases);
        assert_eq!(
            titles(&a),
            ["Login broken", "Invoice question", "Export fails"]
        );
        let text = screen(&a, w, h);
        assert!(text.contains("reply BREACHED 2h ago"), "{text}");
        assert!(text.contains("reply due in 22h"), "{text}");
        assert!(text.contains("solve due in 2d"), "{text}");
        assert!(!text.contains("Old question"), "solved cases stay out");
        insta::assert_snapshot!(format!("cases_{w}x{h}"), text);
    }
}

#[test]
fn six_and_tab_reach_the_cases_view() {
    let s = book();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('5'));
    key(&mut a, &s, KeyCode::Tab);
    assert_eq!(a.view, View::Cases);
    key(&mut a, &s, KeyCode::Tab);
    assert_eq!(a.view, View::Pipeline);
    key(&mut a, &s, KeyCode::BackTab);
    assert_eq!(a.view, View::Cases);
    // Rebound in the config like any key.
    let keymap = Keymap::with_overrides(&[("C".into(), "view-cases".into())]).unwrap();
    let mut a = App::new(keymap, now(), Currency::usd(), (80, 24));
    crm::tui::start(&mut a, &s);
    key(&mut a, &s, KeyCode::Char('C'));
    assert_eq!(a.view, View::Cases);
}

#[test]
fn the_filter_narrows_the_cases_and_an_empty_view_says_how_to_open_one() {
    let s = book();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('6'));
    key(&mut a, &s, KeyCode::Char('/'));
    type_text(&mut a, &s, "hopper");
    key(&mut a, &s, KeyCode::Enter);
    assert_eq!(titles(&a), ["Invoice question"]);
    let s = Store::open_in_memory().unwrap();
    person(&s, "Ada Lovelace");
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('6'));
    let text = screen(&a, 80, 24);
    assert!(text.contains("No open cases. a opens one"), "{text}");
    assert!(text.contains("crm case open REF TITLE"), "{text}");
}

#[test]
fn enter_opens_a_case_page_with_its_timeline_and_esc_goes_back() {
    let s = book();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('6'));
    key(&mut a, &s, KeyCode::Enter);
    let Some(Page::Case(p)) = a.pages.last() else {
        panic!("a case page: {:?}", a.pages.len())
    };
    assert_eq!(p.case.title, "Login broken");
    assert_eq!(p.timeline.len(), 1);
    insta::assert_snapshot!("case_page_80x24", screen(&a, 80, 24));
    // An entry opens to show its body; Esc, then Backspace, come back.
    key(&mut a, &s, KeyCode::Enter);
    assert!(matches!(a.pages.last(), Some(Page::Entry(_))));
    key(&mut a, &s, KeyCode::Esc);
    assert!(matches!(a.pages.last(), Some(Page::Case(_))));
    key(&mut a, &s, KeyCode::Backspace);
    assert!(a.pages.is_empty());
    assert_eq!(a.view, View::Cases);
}

#[test]
fn r_replies_n_notes_p_pends_s_solves_and_o_reopens() {
    let s = book();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('6'));
    let id = a.cases.selected().unwrap().id;
    // r: a reply, the case's first response.
    key(&mut a, &s, KeyCode::Char('r'));
    assert!(matches!(a.popup, Some(Popup::Form(_))));
    type_text(&mut a, &s, "Try resetting your password");
    key(&mut a, &s, KeyCode::Enter);
    assert!(a.popup.is_none(), "{}", status(&a));
    assert_eq!(case(&s, id).first_response_at, Some(now().utc));
    assert!(
        status(&a).contains("Replied to Ada Lovelace"),
        "{}",
        status(&a)
    );
    // n: a note on the case (not a contact note).
    key(&mut a, &s, KeyCode::Char('n'));
    type_text(&mut a, &s, "Asked them to retry");
    key(&mut a, &s, KeyCode::Enter);
    let timeline = s.read().case_interactions(id, 10).unwrap();
    assert_eq!(timeline.len(), 3);
    assert_eq!(timeline[0].kind, InteractionKind::Note);
    // p: pending; the selection stays on the case.
    let at = a.cases.rows.iter().position(|k| k.id == id).unwrap();
    a.cases.sel = at;
    key(&mut a, &s, KeyCode::Char('p'));
    assert_eq!(case(&s, id).status, Status::Pending);
    assert_eq!(a.cases.selected().unwrap().id, id);
    // s: solve, with a resolution.
    key(&mut a, &s, KeyCode::Char('s'));
    type_text(&mut a, &s, "Reset the password");
    key(&mut a, &s, KeyCode::Enter);
    let k = case(&s, id);
    assert_eq!(k.status, Status::Solved);
    assert_eq!(k.resolution.as_deref(), Some("Reset the password"));
    assert!(a.cases.rows.iter().all(|k| k.id != id), "off the live list");
    // u brings it back to pending; o on its page reopens.
    key(&mut a, &s, KeyCode::Char('u'));
    assert_eq!(case(&s, id).status, Status::Pending);
    a.cases.sel = a.cases.rows.iter().position(|k| k.id == id).unwrap();
    key(&mut a, &s, KeyCode::Enter);
    key(&mut a, &s, KeyCode::Char('o'));
    assert_eq!(case(&s, id).status, Status::Open);
    let Some(Page::Case(p)) = a.pages.last() else {
        panic!("the page stays open")
    };
    assert_eq!(
        p.case.status,
        Status::Open,
        "the page shows the case as it is"
    );
}

#[test]
fn refused_moves_say_why_on_the_status_line() {
    let s = book();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('6'));
    key(&mut a, &s, KeyCode::Enter);
    let id = a.cases.selected().unwrap().id;
    key(&mut a, &s, KeyCode::Char('o'));
    assert!(
        status(&a).contains("the case is open, so it cannot be reopened"),
        "{}",
        status(&a)
    );
    key(&mut a, &s, KeyCode::Char('s'));
    key(&mut a, &s, KeyCode::Enter);
    assert_eq!(case(&s, id).status, Status::Solved);
    // Solving again is refused before any popup opens.
    key(&mut a, &s, KeyCode::Char('s'));
    assert!(a.popup.is_none());
    assert!(
        status(&a).contains("cannot be solved again"),
        "{}",
        status(&a)
    );
    key(&mut a, &s, KeyCode::Char('p'));
    assert!(status(&a).contains("reopen it first"), "{}", status(&a));
    assert!(a.status.as_ref().unwrap().error);
    assert_eq!(case(&s, id).status, Status::Solved);
}

#[test]
fn a_opens_a_case_e_edits_it_d_deletes_it_and_u_brings_it_back() {
    let s = book();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('6'));
    key(&mut a, &s, KeyCode::Char('a'));
    type_text(&mut a, &s, "Gra");
    let Some(Popup::Form(form)) = &a.popup else {
        panic!("a form")
    };
    assert_eq!(form.suggestions.len(), 1, "matching names are offered");
    key(&mut a, &s, KeyCode::Tab); // takes Grace Hopper
    key(&mut a, &s, KeyCode::Tab);
    type_text(&mut a, &s, "Cannot print");
    key(&mut a, &s, KeyCode::Tab);
    type_text(&mut a, &s, "critical");
    key(&mut a, &s, KeyCode::Enter);
    let Some(Popup::Form(form)) = &a.popup else {
        panic!("the form stays open on a bad priority")
    };
    assert_eq!(form.focus, 2);
    assert!(form
        .error
        .as_ref()
        .unwrap()
        .1
        .contains("low, normal, high, urgent"));
    key(
        &mut a,
        &s,
        KeyCode::Char('u'), /* typed into the field */
    );
    for _ in 0.."criticalu".len() {
        key(&mut a, &s, KeyCode::Backspace);
    }
    type_text(&mut a, &s, "high");
    key(&mut a, &s, KeyCode::Enter);
    assert!(a.popup.is_none(), "{}", status(&a));
    let opened = s.read().live_cases().unwrap();
    let k = opened.iter().find(|k| k.title == "Cannot print").unwrap();
    assert_eq!(
        (k.contact.as_str(), k.priority),
        ("Grace Hopper", Priority::High)
    );
    // e: the title and priority.
    a.cases.sel = a.cases.rows.iter().position(|r| r.id == k.id).unwrap();
    key(&mut a, &s, KeyCode::Char('e'));
    type_text(&mut a, &s, " anything");
    key(&mut a, &s, KeyCode::Tab);
    for _ in 0.."high".len() {
        key(&mut a, &s, KeyCode::Backspace);
    }
    type_text(&mut a, &s, "urgent");
    key(&mut a, &s, KeyCode::Enter);
    let edited = case(&s, k.id);
    assert_eq!(
        (edited.title.as_str(), edited.priority),
        ("Cannot print anything", Priority::Urgent)
    );
    // d asks; only y deletes.
    a.cases.sel = a.cases.rows.iter().position(|r| r.id == k.id).unwrap();
    key(&mut a, &s, KeyCode::Char('d'));
    key(&mut a, &s, KeyCode::Enter);
    assert!(s.read().case(k.id).unwrap().is_some());
    key(&mut a, &s, KeyCode::Char('d'));
    key(&mut a, &s, KeyCode::Char('y'));
    assert!(s.read().case(k.id).unwrap().is_none());
    assert!(a.cases.rows.iter().all(|r| r.id != k.id));
    key(&mut a, &s, KeyCode::Char('u'));
    assert!(s.read().case(k.id).unwrap().is_some());
}

#[test]
fn today_lists_the_cases_past_their_targets_and_enter_opens_one() {
    let s = book();
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('4'));
    let text = screen(&a, 80, 24);
    assert!(text.contains("Cases past their targets (1)"), "{text}");
    assert!(text.contains("Login broken"), "{text}");
    assert!(text.contains("Login broken (urg…"), "{text}");
    assert!(text.contains("no reply"), "{text}");
    assert!(!text.contains("Invoice question"), "in time: not on Today");
    insta::assert_snapshot!("today_cases_80x24", text);
    let row = a
        .tasks
        .entries
        .iter()
        .position(|e| e.section() == crm::tui::views::today::Section::Cases)
        .unwrap();
    a.tasks.sel = row;
    key(&mut a, &s, KeyCode::Enter);
    let Some(Page::Case(p)) = a.pages.last() else {
        panic!("Enter on a case row opens the case")
    };
    assert_eq!(p.case.title, "Login broken");
}

#[test]
fn the_contact_page_lists_the_contacts_cases() {
    let s = book();
    let mut a = app(&s, 100, 30);
    key(&mut a, &s, KeyCode::Char('2'));
    // Ada Lovelace is first by name.
    key(&mut a, &s, KeyCode::Enter);
    let Some(Page::Contact(p)) = a.pages.last() else {
        panic!("a contact page")
    };
    assert_eq!(p.cases.len(), 2);
    let text = screen(&a, 100, 30);
    assert!(text.contains("Cases (1 open)"), "{text}");
    assert!(text.contains("!urgent · open · Login broken"), "{text}");
    assert!(text.contains("low · solved · Old question"), "{text}");
    // h gives the cases the focus, Enter opens the selected one; Esc comes back.
    key(&mut a, &s, KeyCode::Char('h'));
    assert!(screen(&a, 100, 30).contains("▶ !urgent · open · Login broken"));
    key(&mut a, &s, KeyCode::Enter);
    let Some(Page::Case(p)) = a.pages.last() else {
        panic!("Enter on a case opens its page")
    };
    assert_eq!(p.case.title, "Login broken");
    key(&mut a, &s, KeyCode::Esc);
    key(&mut a, &s, KeyCode::Char('j'));
    key(&mut a, &s, KeyCode::Enter);
    let Some(Page::Case(p)) = a.pages.last() else {
        panic!("a case page")
    };
    assert_eq!(p.case.title, "Old question");
    key(&mut a, &s, KeyCode::Esc);
    // l gives the timeline the focus back: Enter opens an entry.
    key(&mut a, &s, KeyCode::Char('l'));
    key(&mut a, &s, KeyCode::Enter);
    assert!(matches!(a.pages.last(), Some(Page::Entry(_))));
}

#[test]
fn solving_in_the_app_fires_the_rules_on_case_solved() {
    let mut s = book();
    let t: toml::Table = toml::from_str(
        r#"
[[rule]]
name = "ask for feedback"
on = "case.solved"
task = { title = "Ask {contact} how it went", due = "+2d" }
"#,
    )
    .unwrap();
    s.set_rules(std::sync::Arc::new(
        crm::config::rules::parse_rules(t.get("rule").cloned()).unwrap(),
    ));
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('6'));
    key(&mut a, &s, KeyCode::Char('s'));
    key(&mut a, &s, KeyCode::Enter);
    assert!(
        status(&a).contains("rule ask for feedback"),
        "{}",
        status(&a)
    );
    let tasks = s
        .read()
        .tasks(&crm::store::TaskFilter {
            owner: None,
            window: crm::store::TaskWindow::All,
            today: now().today(),
            now: now().utc,
            contact_id: None,
            deal_id: None,
            limit: None,
            done_since: None,
        })
        .unwrap();
    assert_eq!(tasks[0].title, "Ask Ada Lovelace how it went");
}

/// At 80×24 a contact with many cases scrolls the page so the selected case shows.
#[test]
fn the_selected_case_on_a_contact_page_stays_in_view() {
    let s = book();
    let ada = crm::resolve::contact(s.read(), "Ada Lovelace").unwrap();
    for n in 0..14 {
        ops::cases::open(
            &s,
            &hours_ago(1),
            ada,
            &format!("Extra question {n}"),
            Priority::Normal,
            None,
        )
        .unwrap();
    }
    let mut a = app(&s, 80, 24);
    key(&mut a, &s, KeyCode::Char('2'));
    key(&mut a, &s, KeyCode::Enter);
    key(&mut a, &s, KeyCode::Char('h'));
    let Some(Page::Contact(p)) = a.pages.last() else {
        panic!("a contact page")
    };
    let last = p.cases.len() - 1;
    for _ in 0..last {
        key(&mut a, &s, KeyCode::Char('j'));
    }
    let Some(Page::Contact(p)) = a.pages.last() else {
        panic!("a contact page")
    };
    assert_eq!(p.case_sel, Some(last));
    let title = p.cases[last].title.clone();
    let text = screen(&a, 80, 24);
    assert!(
        text.lines().any(|l| l.contains('▶') && l.contains(&title)),
        "{title} not shown selected:\n{text}"
    );
}
