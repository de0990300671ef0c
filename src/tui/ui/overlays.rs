//! Popups (help, confirmation, forms) and the welcome screen of an empty database.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{accent, alert, centered, dim, safe};
use crate::tui::app::App;
use crate::tui::forms::Form;
use crate::tui::keys::Action;

pub fn welcome(frame: &mut Frame, app: &App, area: Rect) {
    let k = |a: Action| app.keymap.key_for(a);
    let lines = vec![
        Line::from(Span::styled(
            "Welcome to crm",
            Style::new().add_modifier(Modifier::BOLD).fg(Color::Cyan),
        )),
        Line::from(""),
        Line::from("Your database is empty. To begin:"),
        Line::from(""),
        Line::from(vec![
            Span::styled(format!("  {}  ", k(Action::LoadDemo)), accent()),
            Span::raw("load realistic demo data and explore"),
        ]),
        Line::from(vec![
            Span::styled(format!("  {}  ", k(Action::ViewContacts)), accent()),
            Span::raw("then "),
            Span::styled(k(Action::Add), accent()),
            Span::raw(": add your first contact"),
        ]),
        Line::from(""),
        Line::from(Span::styled("From a shell:", dim())),
        Line::from("  crm contact add \"Ada Lovelace\" --email ada@example.com"),
        Line::from("  crm import contacts Connections.csv"),
        Line::from(""),
        Line::from(vec![
            Span::styled(format!("  {}  ", k(Action::Help)), accent()),
            Span::raw("every key    "),
            Span::styled(format!("{}  ", k(Action::Quit)), accent()),
            Span::raw("quit"),
        ]),
    ];
    let rect = centered(area, 60, lines.len() as u16 + 2);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(accent()),
        ),
        rect,
    );
}

pub fn help(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let bindings = app.keymap.bindings();
    // Two columns when there is room for them, else one (cut at the bottom if need be).
    let columns = if area.width >= 72 { 2 } else { 1 };
    let rows = bindings.len().div_ceil(columns);
    let rect = centered(area, 96, rows as u16 + 4);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(accent())
        .title(" Keys (Esc closes) ");
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let half = inner.width / columns as u16;
    for (col, chunk) in bindings.chunks(rows.max(1)).enumerate() {
        let lines: Vec<Line> = chunk
            .iter()
            .map(|(action, keys)| {
                Line::from(vec![
                    Span::styled(format!("{:<14}", keys.join(" ")), accent()),
                    Span::raw(action.describe()),
                ])
            })
            .collect();
        let r = Rect {
            x: inner.x + col as u16 * half,
            width: half,
            ..inner
        };
        frame.render_widget(Paragraph::new(lines), r);
    }
}

pub fn confirm(frame: &mut Frame, message: &str) {
    let rect = centered(frame.area(), 60, 6);
    frame.render_widget(Clear, rect);
    let lines = vec![
        Line::from(safe(message)),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", accent()),
            Span::raw(" yes   "),
            Span::styled("n", accent()),
            Span::raw(" no"),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(Style::new().fg(Color::Yellow))
                .title(" Confirm "),
        ),
        rect,
    );
}

pub fn form(frame: &mut Frame, form: &Form) {
    let height = form.fields.len() as u16 * 2 + 4 + u16::from(form.error.is_some()) * 2;
    let rect = centered(frame.area(), 70, height);
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(accent())
        .title(format!(" {} ", form.title));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines: Vec<Line> = Vec::new();
    for (i, f) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let label_style = if focused {
            accent().add_modifier(Modifier::BOLD)
        } else {
            dim()
        };
        let mut spans = vec![
            Span::styled(format!("{:>12} ", f.label), label_style),
            Span::raw(safe(&f.value)),
        ];
        if focused {
            spans.push(Span::styled("█", accent()));
        }
        lines.push(Line::from(spans));
        match &form.error {
            Some((at, msg)) if *at == i => lines.push(Line::from(Span::styled(
                format!("{:>12} {}", "", safe(msg)),
                alert(),
            ))),
            _ if focused && !f.hint.is_empty() => lines.push(Line::from(Span::styled(
                format!("{:>12} {}", "", f.hint),
                dim(),
            ))),
            _ => lines.push(Line::from("")),
        }
    }
    lines.push(Line::from(vec![
        Span::styled(" Enter", accent()),
        Span::raw(" save  "),
        Span::styled("Tab", accent()),
        Span::raw(" next field  "),
        Span::styled("Esc", accent()),
        Span::raw(" cancel"),
    ]));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
