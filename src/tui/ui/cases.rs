//! Cases: open and pending support cases, the most urgent first, each saying how it stands
//! against its next target in words (`reply due in 3h`, `solve BREACHED 2h ago`) with a
//! `!` on those past a target, so it reads the same without colour.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Cell, Row, Table, TableState};
use ratatui::Frame;

use super::{accent, alert, column_widths, cut, empty_note, list_title, marked, safe};
use crate::domain::case::{clock_text, span, Case, Status};
use crate::tui::app::App;

/// Mark, priority, status, age, target, contact, title.
const WIDTHS: [Constraint; 7] = [
    Constraint::Length(1),
    Constraint::Length(6),
    Constraint::Length(7),
    Constraint::Length(4),
    Constraint::Length(21),
    Constraint::Fill(1),
    Constraint::Fill(2),
];

/// How a live case stands against its next target: `reply due in 3h`.
pub fn next_target(app: &App, k: &Case) -> String {
    let now = app.now.utc;
    app.targets
        .next_due(k, now)
        .map(|c| format!("{} {}", c.target.word(), clock_text(&c, now)))
        .unwrap_or_default()
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let rows_in = &app.cases.rows;
    let now = app.now.utc;
    let pending = rows_in
        .iter()
        .filter(|k| k.status == Status::Pending)
        .count();
    let late = rows_in
        .iter()
        .filter(|k| app.targets.breached(k, now))
        .count();
    let title = list_title(
        app,
        format!(
            "Cases · {} open, {pending} pending · {late} past a target",
            rows_in.len() - pending
        ),
        area,
    );
    let room = column_widths(&WIDTHS, area.width.saturating_sub(2));
    let rows: Vec<Row> = rows_in
        .iter()
        .map(|k| {
            let breached = app.targets.breached(k, now);
            let style = if breached { alert() } else { Style::new() };
            Row::new(vec![
                Cell::from(Span::styled(if breached { "!" } else { "" }, style)),
                Cell::from(k.priority.to_string()),
                Cell::from(k.status.to_string()),
                Cell::from(span(app.now.utc - k.opened_at)),
                Cell::from(Span::styled(cut(&next_target(app, k), room[4]), style)),
                Cell::from(cut(&safe(&k.contact), room[5])),
                Cell::from(cut(&safe(&k.title), room[6])),
            ])
        })
        .collect();
    let empty = rows.is_empty();
    let table = Table::new(rows, WIDTHS)
        .header(
            Row::new(vec![
                "", "Prio", "Status", "Age", "Target", "Contact", "Title",
            ])
            .style(Style::new().add_modifier(Modifier::BOLD)),
        )
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(accent())
                .title(title),
        );
    let table = marked(table);
    let mut state = TableState::default().with_selected((!empty).then_some(app.cases.sel));
    frame.render_stateful_widget(table, area, &mut state);
    if empty {
        empty_note(
            frame,
            area,
            if app.filter().is_some() {
                "No case matches (Esc clears the filter)."
            } else {
                "No open cases. a opens one, as does crm case open REF TITLE."
            },
        );
    }
}
