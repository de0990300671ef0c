//! The activity log: newest first, of one kind or all.

use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Cell, Row, Table, TableState};
use ratatui::Frame;

use super::{accent, column_widths, cut, empty_note, list_title, marked, safe};
use crate::format::local_time;
use crate::tui::app::App;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let kind = app
        .activity_kind
        .map_or("all kinds".to_string(), |k| format!("{k}s"));
    let mut title = format!("Activity · {kind}");
    if let Some(new) = app.activity_new.label() {
        let top = app.keymap.key_for(crate::tui::keys::Action::Top);
        title.push_str(&format!(" · {new} ({top} goes up)"));
    }
    let title = list_title(app, title, area);
    let widths = [
        Constraint::Length(16),
        Constraint::Length(8),
        Constraint::Length(3),
        Constraint::Fill(1),
        Constraint::Fill(2),
    ];
    let room = column_widths(&widths, area.width.saturating_sub(2));
    let rows: Vec<Row> = app
        .activity
        .rows
        .iter()
        .map(|i| {
            let score = i.score.map(|s| format!(" [{s}/10]")).unwrap_or_default();
            Row::new(vec![
                Cell::from(cut(&local_time(&app.now, i.occurred_at), room[0])),
                Cell::from(Span::styled(cut(&i.kind.to_string(), room[1]), accent())),
                Cell::from(i.direction.map(|d| d.to_string()).unwrap_or_default()),
                Cell::from(cut(&safe(&i.contact), room[3])),
                Cell::from(cut(&format!("{}{score}", safe(&i.summary)), room[4])),
            ])
        })
        .collect();
    let empty = rows.is_empty();
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
        );
    let table = marked(table);
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
