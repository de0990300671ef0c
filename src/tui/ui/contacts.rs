//! Contacts: the list (name, company, lifecycle, score, last contact, tags) beside the selected
//! contact's fields, open deals, tasks and interaction timeline.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{accent, alert, column_widths, cut, dim, marked, safe};
use crate::domain::{Contact, DealStatus, Due};
use crate::format::{ago, local_time};
use crate::ops::contacts::ContactDetail;
use crate::tui::app::App;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let wide = area.width >= 120;
    let [list, detail] = Layout::horizontal([
        Constraint::Percentage(if wide { 55 } else { 50 }),
        Constraint::Fill(1),
    ])
    .areas(area);
    draw_list(frame, app, list, wide);
    draw_detail(frame, app, detail);
}

fn draw_list(frame: &mut Frame, app: &App, area: Rect, wide: bool) {
    let title = match (app.filter(), &app.filter_error) {
        (Some(_), Some(e)) => format!("Contacts · expression: {e}"),
        (Some(f), None) if f.starts_with(':') => format!("Contacts · “{}”", safe(&f[1..])),
        (Some(f), None) => format!("Contacts · best matches for “{}”", safe(f)),
        (None, _) => "Contacts".into(),
    };
    let title = cut(&title, area.width.saturating_sub(2) as usize);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(accent())
        .title(title);
    let block = match segment_tabs(app, area.width.saturating_sub(4) as usize) {
        Some(tabs) => block.title_bottom(tabs),
        None => block,
    };
    let narrow = area.width < 40;
    // The score takes six cells: shown in the middle layout only while the name keeps 16.
    let score = wide || (!narrow && area.width >= 50);
    let mut header = if wide {
        vec!["Name", "Company", "Lifecycle", "Last", "Tags"]
    } else if narrow {
        vec!["Name", "Last"]
    } else {
        vec!["Name", "Lifecycle", "Last"]
    };
    let mut widths: Vec<Constraint> = if wide {
        vec![
            Constraint::Fill(3),
            Constraint::Fill(2),
            Constraint::Length(13),
            Constraint::Length(9),
            Constraint::Fill(2),
        ]
    } else if narrow {
        vec![Constraint::Fill(1), Constraint::Length(9)]
    } else {
        vec![
            Constraint::Fill(1),
            Constraint::Length(13),
            Constraint::Length(9),
        ]
    };
    // After the lifecycle, the column the score is read beside.
    let at = if wide { 3 } else { 2 };
    if score {
        header.insert(at, "Score");
        widths.insert(at, Constraint::Length(5));
    }
    let room = column_widths(&widths, area.width.saturating_sub(2));
    let rows: Vec<Row> = app
        .contacts
        .rows
        .iter()
        .map(|c| {
            let last = ago(&app.now, c.last_contact_at);
            let mut cells = if wide {
                vec![
                    safe(&c.name),
                    safe(c.company.as_deref().unwrap_or("")),
                    c.lifecycle.to_string(),
                    last,
                    safe(&c.tags.join(", ")),
                ]
            } else if narrow {
                vec![safe(&c.name), last]
            } else {
                vec![safe(&c.name), c.lifecycle.to_string(), last]
            };
            if score {
                // Right-aligned so the numbers line up.
                let n = c.score.map(|s| s.to_string()).unwrap_or_default();
                cells.insert(at, format!("{n:>5}"));
            }
            Row::new(
                cells
                    .iter()
                    .zip(&room)
                    .map(|(text, w)| cut(text, *w))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let empty = rows.is_empty();
    let table = marked(
        Table::new(rows, widths)
            .header(Row::new(header).style(Style::new().add_modifier(Modifier::BOLD)))
            .block(block),
    );
    let mut state = TableState::default().with_selected((!empty).then_some(app.contacts.sel));
    frame.render_stateful_widget(table, area, &mut state);
    if empty {
        let msg = if app.filter().is_some() {
            "Nothing matches the filter (Esc clears it)."
        } else {
            "No contacts. Press a to add one."
        };
        frame.render_widget(
            Paragraph::new(Span::styled(msg, dim())),
            Rect {
                x: area.x + 2,
                y: area.y + 2,
                width: area.width.saturating_sub(4),
                height: 1,
            },
        );
    }
}

/// The segment tabs under the list (`s` picks the next): "All" and each segment, the
/// shown one reversed and bracketed so it reads without colour.
fn segment_tabs(app: &App, width: usize) -> Option<Line<'static>> {
    if app.segments.is_empty() {
        return None;
    }
    let mut spans = vec![Span::styled(" s ", dim())];
    let mut used = 3;
    let names =
        std::iter::once("All".to_string()).chain(app.segments.iter().map(|s| safe(&s.name)));
    for (i, name) in names.enumerate() {
        let on = app.segment.map_or(i == 0, |s| s + 1 == i);
        let label = if on {
            format!("[{name}]")
        } else {
            format!(" {name} ")
        };
        let w = label.chars().count() + 1;
        if used + w > width {
            spans.push(Span::styled("…", dim()));
            break;
        }
        used += w;
        let style = if on {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            Style::new()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    Some(Line::from(spans))
}

fn draw_detail(frame: &mut Frame, app: &App, area: Rect) {
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(dim());
    let Some(d) = &app.detail else {
        frame.render_widget(block, area);
        return;
    };
    let c = &d.contact;
    let block = block.title(Span::styled(
        cut(
            &format!("#{} {}", c.id, safe(&c.name)),
            area.width.saturating_sub(2) as usize,
        ),
        Style::new().add_modifier(Modifier::BOLD),
    ));
    let width = area.width.saturating_sub(4) as usize;
    let mut lines = fields(app, c, d.score, width);
    lines.extend(deals(d, width));
    lines.extend(tasks(app, d, width));
    // Only the entries that fit are laid out (below the timeline's heading).
    let room = (area.height as usize)
        .saturating_sub(2)
        .saturating_sub(lines.len() + 1);
    lines.extend(timeline(app, d, width, room));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The contact's fields that are set.
fn fields(app: &App, c: &Contact, score: Option<u8>, width: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut field = |label: &str, value: String| {
        if !value.is_empty() {
            lines.push(Line::from(vec![
                Span::styled(format!("{label:<10}"), dim()),
                Span::raw(cut(&safe(&value), width.saturating_sub(10))),
            ]));
        }
    };
    field("Company", c.company.clone().unwrap_or_default());
    field("Title", c.title.clone().unwrap_or_default());
    field("E-mail", c.emails.join(", "));
    field("Phone", c.phones.join(", "));
    field("Lifecycle", c.lifecycle.to_string());
    field(
        "Score",
        score.map(|s| format!("{s}/100")).unwrap_or_default(),
    );
    field("Tags", c.tags.join(", "));
    field("Source", c.source.clone().unwrap_or_default());
    for (k, v) in &c.fields {
        field(&safe(k), v.clone());
    }
    field("Last", ago(&app.now, c.last_contact_at));
    lines
}

/// Open deals, the first four.
fn deals(d: &ContactDetail, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let open: Vec<_> = d
        .deals
        .iter()
        .filter(|x| x.status == DealStatus::Open)
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        format!("Open deals ({})", open.len()),
        accent().add_modifier(Modifier::BOLD),
    )));
    for deal in open.iter().take(4) {
        lines.push(Line::from(cut(
            &format!(
                "  {} · {} · {}",
                safe(&deal.title),
                safe(&deal.stage),
                deal.value
            ),
            width,
        )));
    }
    lines
}

/// Open tasks, the first three, late ones in red.
fn tasks(app: &App, d: &ContactDetail, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let tasks: Vec<_> = d.tasks.iter().filter(|t| t.done_at.is_none()).collect();
    lines.push(Line::from(Span::styled(
        format!("Tasks ({})", tasks.len()),
        accent().add_modifier(Modifier::BOLD),
    )));
    for t in tasks.iter().take(3) {
        let (due, late) = match t.due {
            Some(Due::Day(day)) => (day.to_string(), day < app.now.today()),
            Some(Due::At(at)) => (local_time(&app.now, at), at < app.now.utc),
            None => (String::new(), false),
        };
        let style = if late { alert() } else { Style::new() };
        lines.push(Line::from(Span::styled(
            cut(&format!("  {due} {}", safe(&t.title)), width),
            style,
        )));
    }
    lines
}

/// The interactions, newest first, as many as there is room for.
fn timeline(app: &App, d: &ContactDetail, width: usize, room: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    lines.push(Line::from(Span::styled(
        format!("Timeline ({})", d.interactions.len()),
        accent().add_modifier(Modifier::BOLD),
    )));
    for i in d.interactions.iter().take(room) {
        let when = app
            .now
            .to_local(i.occurred_at)
            .format("%Y-%m-%d")
            .to_string();
        let score = i.score.map(|s| format!(" [{s}/10]")).unwrap_or_default();
        let dir = i.direction.map(|d| format!(" {d}")).unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!("  {when} "), dim()),
            Span::styled(format!("{:<7}", format!("{}{dir}", i.kind)), accent()),
            Span::raw(cut(
                &format!(" {}{score}", safe(&i.summary)),
                width.saturating_sub(21),
            )),
        ]));
    }
    if d.interactions.is_empty() {
        lines.push(Line::from(Span::styled(
            cut(
                "  nothing logged yet: c call, m meeting, n note, L any",
                width,
            ),
            dim(),
        )));
    }
    lines
}
