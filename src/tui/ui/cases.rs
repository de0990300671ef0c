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

/// Mark, priority, status, age, target, contact, title (and owner, see `draw`).
const WIDTHS: [Constraint; 7] = [
    Constraint::Length(1),
    Constraint::Length(6),
    Constraint::Length(7),
    Constraint::Length(4),
    Constraint::Length(21),
    Constraint::Fill(1),
    Constraint::Fill(2),
];

/// The owner column: `@` and a name of up to 9 characters before it is cut.
const OWNER_WIDTH: u16 = 10;

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
    // An owner column only when some case is someone else's (never in solo mode).
    let owners = rows_in
        .iter()
        .any(|k| super::others(app, k.owner.as_deref()).is_some());
    let mut widths = WIDTHS.to_vec();
    if owners {
        widths.push(Constraint::Length(OWNER_WIDTH));
    }
    let room = column_widths(&widths, area.width.saturating_sub(2));
    let rows: Vec<Row> = rows_in
        .iter()
        .map(|k| {
            let breached = app.targets.breached(k, now);
            let style = if breached { alert() } else { Style::new() };
            let mut cells = vec![
                Cell::from(Span::styled(if breached { "!" } else { "" }, style)),
                Cell::from(k.priority.to_string()),
                Cell::from(k.status.to_string()),
                Cell::from(span(app.now.utc - k.opened_at)),
                Cell::from(Span::styled(cut(&next_target(app, k), room[4]), style)),
                Cell::from(cut(&safe(&k.contact), room[5])),
                Cell::from(cut(&safe(&k.title), room[6])),
            ];
            if owners {
                let who = super::others(app, k.owner.as_deref()).unwrap_or_default();
                cells.push(Cell::from(cut(&who, OWNER_WIDTH as usize)));
            }
            Row::new(cells)
        })
        .collect();
    let empty = rows.is_empty();
    let mut header = vec!["", "Prio", "Status", "Age", "Target", "Contact", "Title"];
    if owners {
        header.push("Owner");
    }
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(Style::new().add_modifier(Modifier::BOLD)))
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
