//! The task list: overdue, today, upcoming; done ones dimmed.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Cell, Row, Table, TableState};
use ratatui::Frame;

use super::{accent, alert, column_widths, cut, dim, empty_note, list_title, marked, safe};
use crate::domain::{Due, Task};
use crate::format::local_time;
use crate::tui::app::App;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let which = if app.tasks.show_done { "all" } else { "open" };
    let title = list_title(app, format!("Tasks · {which}"), area);
    let widths = [
        Constraint::Length(3),
        Constraint::Length(8),
        Constraint::Length(16),
        Constraint::Fill(3),
        Constraint::Fill(2),
        Constraint::Fill(2),
    ];
    let room = column_widths(&widths, area.width.saturating_sub(2));
    let rows: Vec<Row> = app
        .tasks
        .rows
        .iter()
        .map(|t| task_row(app, t, &room))
        .collect();
    let empty = rows.is_empty();
    let table = Table::new(rows, widths)
        .header(
            Row::new(vec!["", "", "Due", "Task", "Contact", "Deal"])
                .style(Style::new().add_modifier(Modifier::BOLD)),
        )
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(accent())
                .title(title),
        );
    let table = marked(table);
    let mut state = TableState::default().with_selected((!empty).then_some(app.tasks.sel));
    frame.render_stateful_widget(table, area, &mut state);
    if empty {
        empty_note(
            frame,
            area,
            "No open tasks. Press a (or t on a contact) to add one.",
        );
    }
}

/// When a task is due, and its group: overdue, today, upcoming, someday.
fn due(app: &App, t: &Task) -> (String, &'static str) {
    let today = app.now.today();
    match t.due {
        Some(Due::Day(d)) => (
            d.to_string(),
            if d < today {
                "overdue"
            } else if d == today {
                "today"
            } else {
                "upcoming"
            },
        ),
        Some(Due::At(at)) => {
            let local = app.now.to_local(at);
            let g = if at < app.now.utc {
                "overdue"
            } else if local.date() == today {
                "today"
            } else {
                "upcoming"
            };
            (local_time(&app.now, at), g)
        }
        None => (String::new(), "someday"),
    }
}

fn task_row<'a>(app: &App, t: &'a Task, room: &[usize]) -> Row<'a> {
    let (when, group) = due(app, t);
    let group = if t.done_at.is_some() { "done" } else { group };
    let style = match group {
        "overdue" => alert(),
        "today" => Style::new().fg(ratatui::style::Color::Yellow),
        "done" => dim(),
        _ => Style::new(),
    };
    let mark = if t.done_at.is_some() { "[x]" } else { "[ ]" };
    Row::new(vec![
        Cell::from(mark),
        Cell::from(Span::styled(cut(group, room[1]), style)),
        Cell::from(cut(&when, room[2])),
        Cell::from(cut(&safe(&t.title), room[3])),
        Cell::from(cut(&safe(t.contact.as_deref().unwrap_or("")), room[4])),
        Cell::from(cut(&safe(t.deal.as_deref().unwrap_or("")), room[5])),
    ])
    .style(if t.done_at.is_some() {
        dim()
    } else {
        Style::new()
    })
}
