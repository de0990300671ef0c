//! Today: a heading per section, then its rows. Coloured by how overdue (red late,
//! yellow today, plain later, dim done), and each row says so in words too ("overdue",
//! "3d late", "today", "in 2d") with a `!` on late ones, so it reads without colour.

use chrono::NaiveDate;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, HighlightSpacing, List, ListItem, ListState};
use ratatui::Frame;

use super::{accent, alert, column_widths, cut, dim, empty_note, list_title, safe, selected};
use crate::domain::{Contact, Due, Task};
use crate::format::local_time;
use crate::tui::app::App;
use crate::tui::views::today::{Entry, Section};

/// Mark, when, date, what, who, and a last column (deal, company or value).
const WIDTHS: [Constraint; 6] = [
    Constraint::Length(3),
    Constraint::Length(9),
    Constraint::Length(16),
    Constraint::Fill(3),
    Constraint::Fill(2),
    Constraint::Fill(2),
];

/// How urgent a row is: its colour.
#[derive(Clone, Copy)]
enum Urgency {
    Late,
    Now,
    Later,
    Done,
}

impl Urgency {
    fn style(self) -> Style {
        match self {
            Urgency::Late => alert(),
            Urgency::Now => Style::new().fg(Color::Yellow),
            Urgency::Later => Style::new(),
            Urgency::Done => dim(),
        }
    }
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let which = if app.tasks.show_done { "all" } else { "open" };
    let title = list_title(app, format!("Today · {which} tasks"), area);
    let room = column_widths(&WIDTHS, area.width.saturating_sub(2));
    let state = &app.tasks;
    let mut items: Vec<ListItem> = Vec::new();
    let mut selected_at = None;
    let mut shown: Option<Section> = None;
    for (i, entry) in state.entries.iter().enumerate() {
        let section = entry.section();
        if shown != Some(section) {
            shown = Some(section);
            let count = state
                .entries
                .iter()
                .filter(|e| e.section() == section)
                .count();
            // A section cut at its limit says so (not under a filter, which narrows it).
            let counted = match state.total(section) {
                Some(total) if total > count && app.filter().is_none() => {
                    // Deals are counted up to the agenda's bound.
                    let plus =
                        if section == Section::Closing && total >= crate::ops::agenda::COUNTED {
                            "+"
                        } else {
                            ""
                        };
                    format!("{count} of {total}{plus}")
                }
                _ => count.to_string(),
            };
            items.push(ListItem::new(Line::from(Span::styled(
                cut(
                    &format!("{} ({counted})", section.title()),
                    room.iter().sum(),
                ),
                accent().add_modifier(Modifier::BOLD),
            ))));
        }
        if i == state.sel {
            selected_at = Some(items.len());
        }
        let (cells, urgency) = cells(app, *entry);
        items.push(ListItem::new(line(cells, urgency, &room)));
    }
    let empty = items.is_empty();
    let list = List::new(items)
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(accent())
                .title(title),
        )
        .highlight_symbol(super::MARKER)
        .highlight_spacing(HighlightSpacing::Always)
        .highlight_style(selected());
    let mut list_state = ListState::default().with_selected(selected_at);
    frame.render_stateful_widget(list, area, &mut list_state);
    if empty {
        empty_note(
            frame,
            area,
            "Nothing to do. Press a to add a task; crm contact edit REF --every 2w sets a cadence.",
        );
    }
}

/// One row's cells, cut and padded to the columns; the mark and the "when" word carry
/// the urgency's colour.
fn line(cells: [String; 6], urgency: Urgency, room: &[usize]) -> Line<'static> {
    let style = match urgency {
        Urgency::Done => dim(),
        _ => Style::new(),
    };
    let mut spans = Vec::new();
    for (i, text) in cells.into_iter().enumerate() {
        let width = room.get(i).copied().unwrap_or(0);
        let cell = format!("{:<width$}", cut(&text, width), width = width);
        let cell_style = if i <= 1 { urgency.style() } else { style };
        if i > 0 {
            spans.push(Span::raw(" "));
        }
        spans.push(Span::styled(cell, cell_style));
    }
    Line::from(spans)
}

fn cells(app: &App, entry: Entry) -> ([String; 6], Urgency) {
    let state = &app.tasks;
    let today = app.now.today();
    match entry {
        Entry::Task(i, section) => task_cells(app, &state.rows[i], section),
        Entry::Case(i) => case_cells(app, &state.cases[i]),
        Entry::Reconnect(i) => {
            let r = &state.reconnect[i];
            let late = r.overdue_days > 0;
            let last = match r.contact.last_contact_at {
                Some(at) => format!("last {}", app.now.to_local(at).date()),
                None => "never".into(),
            };
            (
                [
                    if late { "!" } else { "" }.into(),
                    if late {
                        format!("{}d late", r.overdue_days)
                    } else {
                        "due".into()
                    },
                    r.due_on.to_string(),
                    format!("every {} · {last}", r.cadence),
                    safe(&r.contact.name),
                    company(&r.contact),
                ],
                if late { Urgency::Late } else { Urgency::Now },
            )
        }
        Entry::Deal(i) => {
            let d = &state.closing[i];
            let close = d.expected_close.unwrap_or(today);
            let (when, urgency) = days_word(close, today);
            (
                [
                    if matches!(urgency, Urgency::Late) {
                        "!"
                    } else {
                        ""
                    }
                    .into(),
                    when,
                    close.to_string(),
                    safe(&d.title),
                    safe(d.contact.as_deref().unwrap_or("")),
                    format!("{} {}", d.value.currency, d.value.amount_text()),
                ],
                urgency,
            )
        }
        Entry::Birthday(i) => {
            let b = &state.birthdays[i];
            let (when, urgency) = days_word(b.on, today);
            (
                [
                    String::new(),
                    when,
                    b.on.to_string(),
                    match b.age {
                        Some(age) => format!("turns {age}"),
                        None => "birthday".into(),
                    },
                    safe(&b.contact.name),
                    company(&b.contact),
                ],
                urgency,
            )
        }
    }
}

fn task_cells(app: &App, t: &Task, section: Section) -> ([String; 6], Urgency) {
    let when = match t.due {
        Some(Due::Day(d)) => d.to_string(),
        Some(Due::At(at)) => local_time(&app.now, at),
        None => String::new(),
    };
    let (word, urgency) = match section {
        Section::Overdue => ("overdue", Urgency::Late),
        Section::Today => ("today", Urgency::Now),
        _ if t.due.is_none() => ("someday", Urgency::Later),
        _ => ("upcoming", Urgency::Later),
    };
    let (mark, urgency) = if t.done_at.is_some() {
        ("[x]", Urgency::Done)
    } else {
        ("[ ]", urgency)
    };
    (
        [
            mark.into(),
            word.into(),
            when,
            safe(&t.title),
            safe(t.contact.as_deref().unwrap_or("")),
            // Someone else's task says whose first, so the name survives a narrow column.
            match super::others(app, t.owner.as_deref()) {
                Some(o) if t.deal.is_some() => {
                    format!("{o} · {}", safe(t.deal.as_deref().unwrap_or("")))
                }
                Some(o) => o,
                None => safe(t.deal.as_deref().unwrap_or("")),
            },
        ],
        urgency,
    )
}

/// A case past a target: how late, the deadline it missed, and which.
fn case_cells(app: &App, k: &crate::domain::case::Case) -> ([String; 6], Urgency) {
    use crate::domain::case::{span, Standing, Target};
    let now = app.now.utc;
    let clocks = app.targets.clocks(k, now);
    // The missed target still outstanding, else the reply that came late.
    let missed = clocks
        .iter()
        .filter(|c| c.standing == Standing::Breached)
        .min_by_key(|c| (!c.outstanding(), c.due))
        .copied()
        .unwrap_or(clocks[0]);
    let (when, what) = match (missed.target, missed.outstanding()) {
        (Target::FirstResponse, true) => (format!("{} late", span(now - missed.due)), "no reply"),
        (Target::Resolution, true) => (format!("{} late", span(now - missed.due)), "not solved"),
        (Target::FirstResponse, false) => ("late".into(), "replied late"),
        (Target::Resolution, false) => ("late".into(), "solved late"),
    };
    (
        [
            "!".into(),
            when,
            local_time(&app.now, missed.due),
            format!("{} ({})", safe(&k.title), k.priority),
            safe(&k.contact),
            what.into(),
        ],
        Urgency::Late,
    )
}

/// "3d late", "today", "in 2d", with the urgency that goes with it.
fn days_word(day: NaiveDate, today: NaiveDate) -> (String, Urgency) {
    let days = (day - today).num_days();
    match days {
        ..=-1 => (format!("{}d late", -days), Urgency::Late),
        0 => ("today".into(), Urgency::Now),
        n => (format!("in {n}d"), Urgency::Later),
    }
}

fn company(c: &Contact) -> String {
    safe(c.company.as_deref().unwrap_or(""))
}
