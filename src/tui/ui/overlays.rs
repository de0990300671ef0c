//! Popups (help, confirmation, forms) and the welcome screen of an empty database.

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{accent, alert, centered, cut, dim, fit_line, safe, selected, MARKER, NO_MARKER};
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
    let width = rect.width.saturating_sub(2) as usize;
    let lines: Vec<Line> = lines.into_iter().map(|l| fit_line(l, width)).collect();
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(accent()),
        ),
        rect,
    );
}

/// Every binding, one column, descriptions wrapped at word boundaries; `j`/`k` scroll.
pub fn help(frame: &mut Frame, app: &App) {
    use crate::tui::views::help::{layout, lines, max_scroll, KEYS_WIDTH};
    let area = frame.area();
    let (width, rows) = layout((area.width, area.height));
    let all = lines(&app.keymap, width);
    let scroll = app
        .help_scroll
        .min(max_scroll(&app.keymap, (area.width, area.height)));
    let shown = all.len().min(rows);
    let rect = centered(area, width as u16 + 4, shown as u16 + 2);
    frame.render_widget(Clear, rect);
    let more = if all.len() > rows {
        format!(
            " {}-{} of {} · j/k scroll",
            scroll + 1,
            scroll + shown,
            all.len()
        )
    } else {
        String::new()
    };
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(accent())
        .title(cut(
            &format!(" Keys (Esc closes){more} "),
            rect.width.saturating_sub(2) as usize,
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let text: Vec<Line> = all
        .iter()
        .skip(scroll)
        .take(shown)
        .map(|l| {
            Line::from(vec![
                Span::styled(
                    format!(" {:<w$}", cut(&l.keys, KEYS_WIDTH - 2), w = KEYS_WIDTH - 1),
                    accent(),
                ),
                Span::raw(l.text.clone()),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(text), inner);
}

/// `L`: the kinds of interaction to log, the chosen one marked.
pub fn pick_kind(frame: &mut Frame, sel: usize) {
    let kinds = crate::domain::InteractionKind::ALL;
    let rect = centered(frame.area(), 34, kinds.len() as u16 + 4);
    frame.render_widget(Clear, rect);
    let mut lines: Vec<Line> = kinds
        .iter()
        .enumerate()
        .map(|(k, kind)| {
            let is_sel = k == sel;
            let marker = if is_sel { MARKER } else { NO_MARKER };
            let style = if is_sel { selected() } else { Style::new() };
            Line::from(Span::styled(format!("{marker}{} {kind}", k + 1), style))
        })
        .collect();
    lines.push(Line::from(Span::styled(
        " digit or Enter picks · Esc",
        dim(),
    )));
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(accent())
                .title(" Log what? "),
        ),
        rect,
    );
}

pub fn confirm(frame: &mut Frame, message: &str) {
    // Taller for a long question (a merge's preview): its wrapped lines, a blank, the keys.
    let lines = message.chars().count().div_ceil(54) as u16;
    let rect = centered(frame.area(), 60, (lines + 4).max(6));
    frame.render_widget(Clear, rect);
    let lines = vec![
        Line::from(safe(message)),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", accent()),
            Span::raw(" yes   "),
            Span::styled("n", accent()),
            Span::raw(" or "),
            Span::styled("Esc", accent()),
            Span::raw(" no (Enter does not confirm)"),
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
        .title(cut(
            &format!(" {} ", form.title),
            rect.width.saturating_sub(2) as usize,
        ));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = inner.width as usize;
    let room = width.saturating_sub(14);
    let mut lines: Vec<Line> = Vec::new();
    for (i, f) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let label_style = if focused {
            accent().add_modifier(Modifier::BOLD)
        } else {
            dim()
        };
        // A default not typed over yet is a hint: dim, and the first key replaces it.
        let value_style = if f.touched {
            Style::new()
        } else {
            dim().add_modifier(Modifier::ITALIC)
        };
        let marker = if focused { "▶" } else { " " };
        let mut spans = vec![
            Span::styled(format!("{marker}{:>11} ", cut(f.label, 11)), label_style),
            Span::styled(tail(&safe(&f.value), room), value_style),
        ];
        if focused {
            spans.push(Span::styled("█", accent()));
        }
        lines.push(Line::from(spans));
        let under = |text: String, style: Style| {
            Line::from(Span::styled(
                format!("{:>12} {}", "", cut(&text, room)),
                style,
            ))
        };
        match &form.error {
            Some((at, msg)) if *at == i => lines.push(under(safe(msg), alert())),
            _ if focused && form.suggesting() => lines.push(suggestions(form, room)),
            _ if focused && !f.hint.is_empty() => lines.push(under(f.hint.to_string(), dim())),
            _ => lines.push(Line::from("")),
        }
    }
    lines.push(fit_line(
        Line::from(vec![
            Span::styled(" Enter", accent()),
            Span::raw(" save  "),
            Span::styled("Tab", accent()),
            Span::raw(" next field  "),
            Span::styled("Esc", accent()),
            Span::raw(" cancel"),
        ]),
        width,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The names a contact field offers, on one line: the one Down moved to is marked.
fn suggestions(form: &Form, room: usize) -> Line<'static> {
    let mut spans = vec![Span::raw(format!("{:>12} ", ""))];
    let mut used = 0;
    for (k, (_, name)) in form.suggestions.iter().enumerate() {
        let is_sel = form.suggestion == Some(k);
        let marker = if is_sel { MARKER } else { "" };
        let text = format!("{marker}{}", safe(name));
        let len = text.chars().count() + 3;
        if used + len > room {
            spans.push(Span::styled("…", dim()));
            break;
        }
        used += len;
        spans.push(Span::styled(
            text,
            if is_sel { selected() } else { accent() },
        ));
        spans.push(Span::styled(" · ", dim()));
    }
    if spans.len() > 1 && spans.last().is_some_and(|s| s.content == " · ") {
        spans.pop();
    }
    Line::from(spans)
}

/// The end of a value that is longer than its room, with `…` in front, so the text being
/// typed stays in view.
fn tail(text: &str, room: usize) -> String {
    let n = text.chars().count();
    if n <= room || room < 2 {
        return text.to_string();
    }
    let keep: String = text.chars().skip(n - (room - 1)).collect();
    format!("…{keep}")
}
