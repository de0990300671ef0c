//! The activity log (newest first, by kind) and the task list (overdue, today, upcoming).

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Cell, Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{accent, alert, dim, safe, selected};
use crate::domain::Due;
use crate::tui::app::App;

fn empty_note(frame: &mut Frame, area: Rect, msg: &str) {
    frame.render_widget(
        Paragraph::new(Span::styled(msg.to_string(), dim())),
        Rect {
            x: area.x + 2,
            y: area.y + 2,
            width: area.width.saturating_sub(4),
            height: 1,
        },
    );
}

pub fn activity(frame: &mut Frame, app: &App, area: Rect) {
    let kind = app
        .activity_kind
        .map_or("all kinds".to_string(), |k| format!("{k}s"));
    let mut title = format!("Activity · {kind}");
    if let Some(f) = app.filter() {
        title.push_str(&format!(" · filter “{}”", safe(f)));
    }
    let rows: Vec<Row> = app
        .activity
        .rows
        .iter()
        .map(|i| {
            let score = i.score.map(|s| format!(" [{s}/10]")).unwrap_or_default();
            Row::new(vec![
                Cell::from(
                    app.now
                        .to_local(i.occurred_at)
                        .format("%Y-%m-%d %H:%M")
                        .to_string(),
                ),
                Cell::from(Span::styled(i.kind.to_string(), accent())),
                Cell::from(i.direction.map(|d| d.to_string()).unwrap_or_default()),
                Cell::from(safe(&i.contact)),
                Cell::from(format!("{}{score}", safe(&i.summary))),
            ])
        })
        .collect();
    let empty = rows.is_empty();
    let widths = [
        Constraint::Length(16),
        Constraint::Length(8),
        Constraint::Length(3),
        Constraint::Fill(1),
        Constraint::Fill(2),
    ];
    let table = Table::new(rows, widths)
        .header(
            Row::new(vec!["When", "Kind", "", "Contact", "Summary"])
                .style(Style::new().add_modifier(Modifier::BOLD)),
        )
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(accent())
                .title(title),
        )
        .row_highlight_style(selected());
    let mut state = TableState::default().with_selected((!empty).then_some(app.activity.sel));
    frame.render_stateful_widget(table, area, &mut state);
    if empty {
        empty_note(
            frame,
            area,
            if app.filter().is_some() || app.activity_kind.is_some() {
                "Nothing matches (f changes the kind, Esc clears the filter)."
            } else {
                "Nothing logged here yet. Select a contact and press c, m or n."
            },
        );
    }
}

pub fn tasks(frame: &mut Frame, app: &App, area: Rect) {
    let today = app.now.today();
    let mut title = if app.tasks.show_done {
        "Tasks · all".to_string()
    } else {
        "Tasks · open".to_string()
    };
    if let Some(f) = app.filter() {
        title.push_str(&format!(" · filter “{}”", safe(f)));
    }
    let rows: Vec<Row> = app
        .tasks
        .rows
        .iter()
        .map(|t| {
            let (when, group) = match t.due {
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
                    (local.format("%Y-%m-%d %H:%M").to_string(), g)
                }
                None => (String::new(), "someday"),
            };
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
                Cell::from(Span::styled(group, style)),
                Cell::from(when),
                Cell::from(safe(&t.title)),
                Cell::from(safe(t.contact.as_deref().unwrap_or(""))),
                Cell::from(safe(t.deal.as_deref().unwrap_or(""))),
            ])
            .style(if t.done_at.is_some() {
                dim()
            } else {
                Style::new()
            })
        })
        .collect();
    let empty = rows.is_empty();
    let widths = [
        Constraint::Length(3),
        Constraint::Length(8),
        Constraint::Length(16),
        Constraint::Fill(3),
        Constraint::Fill(2),
        Constraint::Fill(2),
    ];
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
        )
        .row_highlight_style(selected());
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
